//! Enums and flag sets, and their values.

use std::collections::HashMap;

use crate::ast;
use crate::diag::Diagnostic;
use crate::ir;

use super::types::parse_int;
use super::TypeLowerer;

impl TypeLowerer<'_> {
    pub(super) fn enums(&mut self, defs: &[&ast::EnumDef]) -> Vec<ir::Enum> {
        let mut names = HashMap::new();
        let mut consts = HashMap::new();
        let mut out = Vec::new();
        for e in defs {
            let what = if e.flags { "flags" } else { "enum" };
            if self.dup(&mut names, &e.name, what) {
                continue;
            }
            self.c_ident(&e.name, what);
            self.not_core(&format!("enum {}", e.name.node), e.name.span);
            let doc = self.doc(&e.doc);
            // A flag set counts bits from the lowest; an enum counts from 0.
            let mut next = i64::from(e.flags);
            let mut values = Vec::new();
            let mut used: HashMap<i64, &str> = HashMap::new();
            for v in &e.values {
                if self.dup(&mut consts, &v.name, "enumerator") {
                    continue;
                }
                self.c_ident(&v.name, "enumerator");
                self.not_core(&v.name.node, v.name.span);
                let vdoc = self.doc(&v.doc);
                let value = match &v.value {
                    Some(s) => match parse_int(&s.node) {
                        Some(n) => n,
                        None => {
                            self.errs.check(Diagnostic::error(s.span, format!("`{}` is too large", s.node)));
                            next
                        }
                    },
                    None => next,
                };
                if e.flags && (value <= 0 || value & (value - 1) != 0) {
                    let span = v.value.as_ref().map_or(v.name.span, |x| x.span);
                    self.errs.check(
                        Diagnostic::error(
                            span,
                            format!("flag `{}` would be {value}, which is not a single bit", v.name.node),
                        )
                        .hint("give each flag a power of two, or no value to take the next bit"),
                    );
                }
                if value > i64::from(i32::MAX) {
                    let span = v.value.as_ref().map_or(v.name.span, |x| x.span);
                    self.errs.check(
                        Diagnostic::error(
                            span,
                            format!("`{}` would be {value}, which does not fit a C enum", v.name.node),
                        )
                        .hint(format!("enumerators go up to {}", i32::MAX)),
                    );
                }
                if let Some(other) = used.get(&value) {
                    self.errs.check(
                        Diagnostic::error(
                            v.name.span,
                            format!("`{}` has the same value ({value}) as `{other}`", v.name.node),
                        )
                        .hint("give each enumerator its own value"),
                    );
                }
                used.insert(value, &v.name.node);
                next = if e.flags { value.saturating_mul(2) } else { value.saturating_add(1) };
                values.push(ir::Enumerator {
                    name: v.name.node.clone(),
                    doc: vdoc,
                    value,
                    explicit: v.value.is_some(),
                });
            }
            if values.is_empty() {
                self.errs.check(Diagnostic::error(e.name.span, format!("{what} `{}` has no values", e.name.node)));
            }
            out.push(ir::Enum { name: e.name.node.clone(), doc, flags: e.flags, values });
        }
        out
    }
}
