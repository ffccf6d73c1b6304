//! The match data and the constants assigned to its fields.

use std::collections::HashMap;

use crate::ast;
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Role};

use super::types::{not_c, parse_int};
use super::TypeLowerer;

impl TypeLowerer<'_> {
    pub(super) fn data(&mut self, d: &ast::DataDef, enums: &[ir::Enum], private: bool) -> ir::Data {
        let doc = self.doc(&d.doc);
        let tname = &self.t.name.node;
        let member = match (&d.name, private) {
            (Some(n), false) => {
                self.c_ident(n, "data member");
                self.not_core(&format!("union member {}", n.node), n.span);
                Some(n.node.clone())
            }
            (Some(n), true) => {
                self.errs.check(
                    Diagnostic::error(
                        n.span,
                        "a private type's data lives in the core's private slot and has no member name",
                    )
                    .hint("write `data { ... }`"),
                );
                None
            }
            (None, false) => {
                self.errs.check(
                    Diagnostic::error(d.span, "a core type's data needs the name of its member in the match union")
                        .hint(format!("write `data {tname}_data {{ ... }}`")),
                );
                None
            }
            (None, true) => None,
        };
        let struct_name = format!("dma_buf_mapping_{tname}_data");
        self.not_core(&format!("struct {struct_name}"), d.span);
        let mut names = HashMap::new();
        let mut fields = Vec::new();
        let (mut size, mut align) = (0u64, 1u64);
        for f in &d.fields {
            if self.dup(&mut names, &f.name, "field") {
                continue;
            }
            if f.name.node == "ops" {
                // A constructor parameter targeting `ops` always means the exporter ops.
                self.errs.resolve(
                    Diagnostic::error(f.name.span, "a field cannot be named `ops`")
                        .hint("in a constructor, `ops` names the exporter ops; rename the field"),
                );
            }
            self.c_ident(&f.name, "field");
            let fdoc = self.doc(&f.doc);
            let ty = self.c_type(&f.ty);
            let role = match f.role {
                ast::Role::Importer => Role::Importer,
                ast::Role::Exporter => Role::Exporter,
                ast::Role::Both => Role::Both,
            };
            let mut enum_name = None;
            let mut allowed = Vec::new();
            if let Some(en) = &f.enum_of {
                match enums.iter().find(|e| e.name == en.node) {
                    None => self.unknown(
                        en,
                        "enum",
                        enums.iter().map(|e| e.name.as_str()).collect(),
                        "declare it with `enum NAME { ... }`",
                    ),
                    Some(e) => {
                        if !ty.is_integer() && ty.enum_value().is_none() {
                            self.errs.check(
                                Diagnostic::error(
                                    f.ty.span,
                                    format!(
                                        "field `{}` holds enum `{}` but its type is not an integer",
                                        f.name.node, e.name
                                    ),
                                )
                                .hint("use an integer type such as `u8`"),
                            );
                        }
                        enum_name = Some(e.name.clone());
                        // A field narrower than the enum would truncate a value on assignment.
                        let max = ty.int_max();
                        let narrowed =
                            |v: &&ir::Enumerator| f.allowed.is_empty() || f.allowed.iter().any(|a| a.node == v.name);
                        if let Some(v) = max.and_then(|m| e.values.iter().filter(narrowed).find(|v| v.value as u64 > m))
                        {
                            self.errs.check(
                                Diagnostic::error(
                                    f.ty.span,
                                    format!(
                                        "`{}` of enum `{}` is {}, which does not fit `{}`",
                                        v.name,
                                        e.name,
                                        v.value,
                                        ty.spelling()
                                    ),
                                )
                                .hint("use a wider integer type for the field"),
                            );
                        }
                        for a in &f.allowed {
                            if e.values.iter().any(|v| v.name == a.node) {
                                allowed.push(a.node.clone());
                            } else {
                                self.errs.check(
                                    Diagnostic::error(
                                        a.span,
                                        format!("`{}` is not a value of enum `{}`", a.node, e.name),
                                    )
                                    .hint(format!(
                                        "values: {}",
                                        e.values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
                                    )),
                                );
                            }
                        }
                    }
                }
            } else if let Some(a) = f.allowed.first() {
                self.errs.check(
                    Diagnostic::error(a.span, "only a field that holds an enum can restrict its values")
                        .hint("add `as ENUM` before `in { ... }`"),
                );
            }
            match ty.layout() {
                Some((s, a)) => {
                    size = size.div_ceil(a) * a + s;
                    align = align.max(a);
                }
                // Not a C type at all: `c_type` has said so already.
                None if not_c(&f.ty) => {}
                None => self.errs.check(
                    Diagnostic::error(f.ty.span, format!("cannot lay out `{}` in match data", ty.spelling()))
                        .hint("match data holds pointers, fixed-size integers, bool or enums"),
                ),
            }
            let mut field = ir::Field {
                name: f.name.node.clone(),
                doc: fdoc,
                role,
                opaque: f.opaque,
                ty,
                enum_name,
                allowed,
                default: None,
            };
            if let Some(v) = &f.default {
                field.default = Some(self.value_for(enums, &field, v));
            }
            fields.push(field);
        }
        size = size.div_ceil(align) * align;
        ir::Data { member, struct_name, doc, fields, size, align }
    }

    /// A constant assigned to a field, checked against the field's enum.
    pub(super) fn value_for(&mut self, enums: &[ir::Enum], field: &ir::Field, v: &ast::Value) -> ir::Value {
        let enum_def = field.enum_name.as_ref().and_then(|n| enums.iter().find(|e| &e.name == n));
        match v {
            ast::Value::Int(i) => {
                // Reading an unparsable number as 0 would silently change what was written.
                let Some(n) = parse_int(&i.node) else {
                    self.errs.check(
                        Diagnostic::error(i.span, format!("`{}` is too large", i.node))
                            .hint(format!("numbers go up to {}", i64::MAX)),
                    );
                    return ir::Value::Int { value: 0 };
                };
                if let Some(e) = enum_def.filter(|e| e.flags) {
                    // A number for a flag set is a combination of its bits (0: none).
                    match e.bits_of(n) {
                        None => self.errs.check(
                            Diagnostic::error(i.span, format!("{n} sets a bit that is no flag of `{}`", e.name))
                                .hint(format!("field `{}` holds bits of: {}", field.name, allowed_list(field, e))),
                        ),
                        Some(bits) => bits.iter().for_each(|x| self.check_allowed(field, &x.name, i.span)),
                    }
                } else if let Some(e) = enum_def {
                    match e.values.iter().find(|x| x.value == n) {
                        None => self.errs.check(
                            Diagnostic::error(i.span, format!("{n} is out of range for enum `{}`", e.name))
                                .hint(format!("field `{}` holds one of: {}", field.name, allowed_list(field, e))),
                        ),
                        Some(x) => self.check_allowed(field, &x.name, i.span),
                    }
                } else if field.ty.is_pointer() {
                    if n != 0 {
                        self.errs.check(Diagnostic::error(
                            i.span,
                            format!("pointer field `{}` can only be set to NULL", field.name),
                        ));
                    }
                } else if field.ty.is_bool() {
                    if n > 1 {
                        self.errs.check(
                            Diagnostic::error(
                                i.span,
                                format!("field `{}` is a `bool`; {n} is neither 0 nor 1", field.name),
                            )
                            .hint("write `true` or `false`"),
                        );
                    }
                } else if let Some(max) = field.ty.int_max() {
                    if n as u64 > max {
                        self.errs.check(Diagnostic::error(
                            i.span,
                            format!(
                                "{n} does not fit field `{}` of type `{}`, which holds at most {max}",
                                field.name,
                                field.ty.spelling()
                            ),
                        ));
                    }
                }
                ir::Value::Int { value: n }
            }
            ast::Value::Name(id) => match id.node.as_str() {
                "NULL" => {
                    if !field.ty.is_pointer() {
                        self.errs.check(Diagnostic::error(
                            id.span,
                            format!("`{}` is not a pointer; NULL does not fit", field.name),
                        ));
                    }
                    ir::Value::Null
                }
                "true" | "false" => {
                    if field.ty.is_pointer() {
                        self.errs.check(
                            Diagnostic::error(
                                id.span,
                                format!("pointer field `{}` cannot be `{}`", field.name, id.node),
                            )
                            .hint("use NULL"),
                        );
                    } else if let Some(e) = enum_def {
                        self.errs.check(
                            Diagnostic::error(
                                id.span,
                                format!(
                                    "field `{}` holds enum `{}`, and `{}` is not one of its values",
                                    field.name, e.name, id.node
                                ),
                            )
                            .hint(format!("use one of: {}", allowed_list(field, e))),
                        );
                    }
                    ir::Value::Bool { value: id.node == "true" }
                }
                _ => {
                    let found = enums.iter().find_map(|e| e.values.iter().find(|x| x.name == id.node).map(|x| (e, x)));
                    match found {
                        None => {
                            let all: Vec<&str> =
                                enums.iter().flat_map(|e| e.values.iter().map(|v| v.name.as_str())).collect();
                            self.unknown(id, "value", all, "use a number, NULL, true, false or an enumerator");
                            ir::Value::Int { value: 0 }
                        }
                        Some((e, x)) => {
                            match enum_def {
                                Some(fe) if fe.name != e.name => self.errs.check(
                                    Diagnostic::error(
                                        id.span,
                                        format!(
                                            "`{}` belongs to enum `{}`, but field `{}` holds enum `{}`",
                                            x.name, e.name, field.name, fe.name
                                        ),
                                    )
                                    .hint(format!("use one of: {}", allowed_list(field, fe))),
                                ),
                                None => self.errs.check(
                                    Diagnostic::error(
                                        id.span,
                                        format!(
                                            "field `{}` does not hold an enum, but `{}` is a value of enum `{}`",
                                            field.name, x.name, e.name
                                        ),
                                    )
                                    .hint(format!("declare the field with `as {}`", e.name)),
                                ),
                                Some(_) => self.check_allowed(field, &x.name, id.span),
                            }
                            ir::Value::EnumConst { enum_name: e.name.clone(), name: x.name.clone(), value: x.value }
                        }
                    }
                }
            },
        }
    }

    pub(super) fn check_allowed(&mut self, field: &ir::Field, value: &str, span: Span) {
        if !field.allowed.is_empty() && !field.allowed.iter().any(|a| a == value) {
            self.errs.check(
                Diagnostic::error(span, format!("field `{}` never holds `{value}`", field.name))
                    .hint(format!("it holds one of: {}", field.allowed.join(", "))),
            );
        }
    }
}

fn allowed_list(field: &ir::Field, e: &ir::Enum) -> String {
    if field.allowed.is_empty() {
        e.values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
    } else {
        field.allowed.join(", ")
    }
}
