//! The debugfs line.

use crate::ast::{self, Spanned};
use crate::diag::Diagnostic;
use crate::ir;

use super::{Scope, Ty, TypeLowerer};

impl TypeLowerer<'_> {
    pub(super) fn debugfs(&mut self, t: &ir::MappingType, format: &Spanned<String>, args: &[ast::Expr]) -> ir::Debugfs {
        self.text(format, "debugfs format");
        if format.node.contains(['"', '\\']) {
            self.errs.check(
                Diagnostic::error(format.span, "debugfs format cannot contain `\"` or `\\`")
                    .hint("it is copied into a C string literal as written"),
            );
        }
        if format.node.is_empty() {
            self.errs.check(
                Diagnostic::error(format.span, "an empty debugfs format prints nothing")
                    .hint("say what the type adds after its name, or drop the debugfs line"),
            );
        }
        let specs = conversions(&format.node);
        match &specs {
            None => self.errs.check(
                Diagnostic::error(format.span, "debugfs format has a conversion maptype does not support")
                    .hint("use %s, %d, %u, %x, %lu, %llu, %llx, %zu, %pa, %p or %%"),
            ),
            Some(n) if n.len() != args.len() => {
                let n = n.len();
                self.errs.check(Diagnostic::error(
                    format.span,
                    format!(
                        "debugfs format has {n} conversion{} but {} argument{} follow",
                        if n == 1 { "" } else { "s" },
                        args.len(),
                        if args.len() == 1 { "" } else { "s" }
                    ),
                ))
            }
            _ => {}
        }
        let mut lowered = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let (x, ty) = self.expr(t, a, Scope::Stored);
            // seq_printf's arguments are not type-checked against maptype's
            // view; a pointer for %u (or an integer for %s) is a build warning
            // in the kernel at best, a crash at worst.
            let spec = specs.as_ref().filter(|s| s.len() == args.len()).map(|s| s[i]);
            let bad = match spec {
                Some("s" | "p") => ty.not_pointer(),
                Some("pa") | None => false,
                Some(_) => matches!(ty, Ty::Ptr | Ty::Null | Ty::Void),
            };
            if let (true, Some(spec)) = (bad, spec) {
                let want = if matches!(spec, "s" | "p") { "a pointer" } else { "an integer" };
                self.errs.check(
                    Diagnostic::error(
                        a.span(),
                        format!("debugfs conversion `%{spec}` needs {want}, and this argument is not one"),
                    )
                    .hint("match each conversion to its argument's type"),
                );
            }
            lowered.push(x);
        }
        let args = lowered;
        ir::Debugfs { doc: Vec::new(), format: format.node.clone(), args }
    }
}

/// The printf conversions, or `None` if one is not supported.
fn conversions(f: &str) -> Option<Vec<&'static str>> {
    let mut n = Vec::new();
    let mut rest = f;
    while let Some(i) = rest.find('%') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('%') {
            rest = r;
            continue;
        }
        let spec = ["llx", "llu", "lld", "lu", "ld", "lx", "zu", "zd", "pa", "s", "d", "u", "x", "p"]
            .iter()
            .find(|s| rest.starts_with(**s))?;
        rest = &rest[spec.len()..];
        n.push(*spec);
    }
    Some(n)
}
