//! Enums and their enumerators.

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
            if self.dup(&mut names, &e.name, "enum") {
                continue;
            }
            self.c_ident(&e.name, "enum");
            self.not_core(&format!("enum {}", e.name.node), e.name.span);
            let doc = self.doc(&e.doc);
            let mut next = 0i64;
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
                next = value.saturating_add(1);
                values.push(ir::Enumerator {
                    name: v.name.node.clone(),
                    doc: vdoc,
                    value,
                    explicit: v.value.is_some(),
                });
            }
            if values.is_empty() {
                self.errs.check(Diagnostic::error(e.name.span, format!("enum `{}` has no values", e.name.node)));
            }
            out.push(ir::Enum { name: e.name.node.clone(), doc, values });
        }
        out
    }
}
