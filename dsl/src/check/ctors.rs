//! Importer and exporter constructors, and `single_exporter`.

use std::collections::{BTreeMap, HashMap};

use crate::ast::{self, Ident};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Role};

use super::types::role_name;
use super::TypeLowerer;

impl TypeLowerer<'_> {
    pub(super) fn ctor(&mut self, t: &ir::MappingType, role: Role, c: &ast::CtorDef) -> ir::Ctor {
        self.c_ident(&c.name, "constructor");
        self.not_core(&c.name.node, c.name.span);
        let doc = self.doc(&c.doc);
        let side = if role == Role::Importer { "importer" } else { "exporter" };
        let fits = |f: &ir::Field| if role == Role::Importer { f.role.on_importer() } else { f.role.on_exporter() };
        let mut params = Vec::new();
        let mut set: BTreeMap<String, Span> = BTreeMap::new();
        let mut has_ops = false;
        let mut pnames = HashMap::new();
        for p in &c.params {
            if self.dup(&mut pnames, &p.name, "parameter") {
                continue;
            }
            self.c_ident(&p.name, "parameter");
            let target = p.target.as_ref().unwrap_or(&p.name);
            if target.node == "ops" {
                if role == Role::Importer {
                    self.errs.check(
                        Diagnostic::error(target.span, "an importer candidate has no exporter ops")
                            .hint("only exporter constructors take `ops`"),
                    );
                    continue;
                }
                let Some(ops) = &t.ops else {
                    self.errs.check(
                        Diagnostic::error(target.span, "this type declares no `exporter ops` struct")
                            .hint("declare `exporter ops NAME { ... }`"),
                    );
                    continue;
                };
                has_ops = true;
                let ty = ir::CType::struct_named(&ops.name).constant().pointer();
                if let Some(pt) = &p.ty {
                    let given = self.c_type(pt);
                    if given != ty {
                        self.errs.check(
                            Diagnostic::error(pt.span, format!("the ops parameter has type `{}`", ty.spelling()))
                                .hint("drop the type; it is implied"),
                        );
                    }
                }
                params.push(ir::CtorParam { name: p.name.node.clone(), ty, target: ir::Target::Ops });
                continue;
            }
            let Some(field) = t.field(&target.node) else {
                let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
                self.unknown(target, "field", names, "a constructor parameter names the field it fills, or `ops`");
                continue;
            };
            if !fits(field) {
                self.errs.check(
                    Diagnostic::error(
                        target.span,
                        format!(
                            "field `{}` belongs to the {} side; an {side} constructor cannot set it",
                            field.name,
                            role_name(field.role)
                        ),
                    )
                    .hint(format!("set it in an {} constructor", role_name(field.role))),
                );
            }
            if let Some(prev) = set.insert(field.name.clone(), target.span) {
                self.errs.check(
                    Diagnostic::error(target.span, format!("field `{}` is set twice", field.name))
                        .related(prev, "first set here"),
                );
            }
            let ty = match (&p.ty, &field.enum_name) {
                (Some(pt), _) => {
                    let given = self.c_type(pt);
                    if given.is_pointer() != field.ty.is_pointer() {
                        self.errs.check(Diagnostic::error(
                            pt.span,
                            format!(
                                "`{}` does not fit field `{}` of type `{}`",
                                given.spelling(),
                                field.name,
                                field.ty.spelling()
                            ),
                        ));
                    }
                    given
                }
                // A combination of flags is no enumerator: it stays the field's integer.
                (None, Some(en)) if !t.enum_by_name(en).is_some_and(|e| e.flags) => self.enum_type(en),
                (None, _) => field.ty.clone(),
            };
            params.push(ir::CtorParam { name: p.name.node.clone(), ty, target: ir::Target::Field(field.name.clone()) });
        }
        if role == Role::Exporter && !has_ops {
            self.errs.check(
                Diagnostic::error(
                    c.name.span,
                    format!("exporter constructor `{}` does not take the exporter ops", c.name.node),
                )
                .hint("add an `ops` parameter: the core finds the exporter's functions through it"),
            );
        }
        let mut fixed = Vec::new();
        let mut assigned = BTreeMap::new();
        for (f, v) in &c.assigns {
            let Some(field) = t.field(&f.node) else {
                let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
                self.unknown(f, "field", names, "assign a field declared in `data`");
                continue;
            };
            if !fits(field) {
                self.errs.check(Diagnostic::error(
                    f.span,
                    format!(
                        "field `{}` belongs to the {} side; an {side} constructor cannot set it",
                        field.name,
                        role_name(field.role)
                    ),
                ));
            }
            if let Some(prev) = set.insert(field.name.clone(), f.span) {
                self.errs.check(
                    Diagnostic::error(f.span, format!("field `{}` is set twice", field.name))
                        .related(prev, "first set here"),
                );
            }
            let value = self.value_for(&t.enums, field, v);
            assigned.insert(field.name.clone(), value);
        }
        if let Some(d) = &t.data {
            let mut missing = Vec::new();
            for f in d.fields.iter().filter(|f| fits(f)) {
                if let Some(v) = assigned.remove(&f.name) {
                    fixed.push(ir::Assign { field: f.name.clone(), value: v });
                } else if set.contains_key(&f.name) {
                } else if let Some(v) = &f.default {
                    fixed.push(ir::Assign { field: f.name.clone(), value: v.clone() });
                } else {
                    missing.push(f.name.clone());
                }
            }
            if !missing.is_empty() {
                self.errs.check(
                    Diagnostic::error(
                        c.name.span,
                        format!(
                            "{side} constructor `{}` leaves required {side} field{} {} unset",
                            c.name.node,
                            if missing.len() > 1 { "s" } else { "" },
                            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .hint("add a parameter for it, assign it in `{ ... }`, or give the field a default with `= VALUE`"),
                );
            }
        }
        if c.as_macro && t.private.is_some() {
            self.errs.check(
                Diagnostic::error(c.span, "a private type's candidates cannot be macros")
                    .hint("its data is copied into the private slot by a static inline function; drop `as macro`"),
            );
        }
        ir::Ctor {
            name: c.name.node.clone(),
            doc,
            form: if c.as_macro { ir::CtorForm::Macro } else { ir::CtorForm::Inline },
            params,
            fixed,
        }
    }

    pub(super) fn single_exporter(
        &mut self,
        t: &ir::MappingType,
        doc: &ast::Docs,
        name: &Ident,
        ops: &[Ident],
    ) -> Option<ir::SingleExporter> {
        let doc = self.doc(doc);
        self.c_ident(name, "single exporter");
        self.not_core(&name.node, name.span);
        let Some(ops_struct) = &t.ops else {
            self.errs.check(Diagnostic::error(name.span, "`single_exporter` needs an `exporter ops` struct"));
            return None;
        };
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for o in ops {
            if self.dup(&mut seen, o, "op") {
                continue;
            }
            if t.op(&o.node).is_none() {
                self.unknown(
                    o,
                    "op",
                    ops_struct.ops.iter().map(|x| x.name.as_str()).collect(),
                    "list ops of the exporter ops struct",
                );
            } else {
                out.push(o.node.clone());
            }
        }
        for req in ops_struct.ops.iter().filter(|o| o.required) {
            if !out.contains(&req.name) && t.op(&req.name).is_some() && !ops.iter().any(|o| o.node == req.name) {
                self.errs.check(
                    Diagnostic::error(name.span, format!("`{}` leaves required op `{}` unset", name.node, req.name))
                        .hint("list every required op"),
                );
            }
        }
        let exporter = t.exporters.iter().find(|e| e.params.len() == 1 && e.params[0].target == ir::Target::Ops);
        let Some(exporter) = exporter else {
            self.errs.check(
                Diagnostic::error(name.span, "`single_exporter` needs an exporter constructor that takes only `ops`")
                    .hint("declare e.g. `exporter DMA_BUF_EMAPPING_X(ops) as macro;`"),
            );
            return None;
        };
        if exporter.form != ir::CtorForm::Macro {
            self.errs.check(Diagnostic::error(
                name.span,
                format!(
                    "`single_exporter` builds a static initializer, so `{}` must be declared `as macro`",
                    exporter.name
                ),
            ));
        }
        Some(ir::SingleExporter { name: name.node.clone(), doc, ops: out, exporter: exporter.name.clone() })
    }
}
