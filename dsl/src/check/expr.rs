//! Expressions: fields by side or by name, calls, comparisons, flags.

use crate::ast;
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Side};

use super::types::{parse_int, role_name};
use super::{Scope, Ty, TypeLowerer};

/// Deepest expression the checker lowers. `expr` takes kilobytes of stack
/// per level in a debug build, and backends recurse over the IR too; the
/// parser's limits alone still allow hundreds of levels of `a && b && ...`.
const MAX_EXPR_DEPTH: usize = 40;

impl TypeLowerer<'_> {
    /// `exp.f` / `imp.f`: the side and the field, with the role checked.
    pub(super) fn side_field<'t>(&mut self, t: &'t ir::MappingType, p: &ast::Path) -> Option<(Side, &'t ir::Field)> {
        let side = match p.parts.first().map(|s| s.node.as_str()) {
            Some("exp") if p.parts.len() == 2 => Side::Exp,
            Some("imp") if p.parts.len() == 2 => Side::Imp,
            _ => {
                self.errs.resolve(
                    Diagnostic::error(p.span, "expected `exp.FIELD` or `imp.FIELD`")
                        .hint("`exp.` reads the exporter's candidate, `imp.` the importer's"),
                );
                return None;
            }
        };
        let fid = &p.parts[1];
        let Some(field) = t.field(&fid.node) else {
            let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
            self.unknown(fid, "field", names, "declare it in `data { ... }`");
            return None;
        };
        let ok = match side {
            Side::Exp => field.role.on_exporter(),
            _ => field.role.on_importer(),
        };
        if !ok {
            let (wrong, right) = if side == Side::Exp { ("exp", "imp") } else { ("imp", "exp") };
            self.errs.check(
                Diagnostic::error(
                    p.span,
                    format!(
                        "field `{}` is {}-only; `{wrong}.{}` is never set",
                        field.name,
                        role_name(field.role),
                        field.name
                    ),
                )
                .hint(format!("read it as `{right}.{}`", field.name)),
            );
        }
        Some((side, field))
    }

    pub(super) fn field_ty(t: &ir::MappingType, f: &ir::Field) -> Ty {
        if let Some(e) = f.enum_name.as_ref().and_then(|e| t.enum_by_name(e)).filter(|e| e.flags) {
            return Ty::Flags { set: e.name.clone(), value: None };
        }
        if let Some(e) = &f.enum_name {
            return Ty::EnumField { enum_name: e.clone(), allowed: f.allowed.clone(), field: f.name.clone() };
        }
        // A `void` field is already an error; do not also call it a void call.
        match cty(&f.ty) {
            Ty::Void => Ty::Other,
            t => t,
        }
    }

    pub(super) fn expr(&mut self, t: &ir::MappingType, e: &ast::Expr, scope: Scope) -> (ir::Expr, Ty) {
        if self.expr_depth == MAX_EXPR_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.errs.resolve(
                    Diagnostic::error(e.span(), format!("expression nested more than {MAX_EXPR_DEPTH} deep"))
                        .hint("split the condition into several `require` rules"),
                );
            }
            return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
        }
        self.expr_depth += 1;
        let out = self.expr_level(t, e, scope);
        self.expr_depth -= 1;
        if self.expr_depth == 0 {
            self.too_deep = false;
        }
        out
    }

    pub(super) fn expr_level(&mut self, t: &ir::MappingType, e: &ast::Expr, scope: Scope) -> (ir::Expr, Ty) {
        match e {
            ast::Expr::Int(i) => {
                let n = parse_int(&i.node);
                if n.is_none() {
                    self.errs.check(Diagnostic::error(i.span, format!("`{}` is too large", i.node)));
                }
                (ir::Expr::Value { value: ir::Value::Int { value: n.unwrap_or(0) } }, Ty::Int(n))
            }
            ast::Expr::Path(p) => self.path_expr(t, p, scope),
            ast::Expr::Call { func, args, span } => {
                let Some(ext) = t.extern_fn(&func.node) else {
                    self.unknown(
                        func,
                        "function",
                        t.externs.iter().map(|x| x.name.as_str()).collect(),
                        "declare it with `extern NAME(...) -> TYPE from <header.h>;`",
                    );
                    return (ir::Expr::Value { value: ir::Value::Int { value: 0 } }, Ty::Other);
                };
                if ext.params.len() != args.len() {
                    self.errs.check(
                        Diagnostic::error(
                            *span,
                            format!(
                                "`{}` takes {} argument{} but is called with {}",
                                ext.name,
                                ext.params.len(),
                                if ext.params.len() == 1 { "" } else { "s" },
                                args.len()
                            ),
                        )
                        .hint(format!(
                            "declared as `{}({})`",
                            ext.name,
                            ext.params.iter().map(|p| p.ty.declare(&p.name)).collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
                let ext = ext.clone();
                let mut out = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    let (x, ty) = self.expr(t, a, scope);
                    if let Some(p) = ext.params.get(i) {
                        let expect = cty(&p.ty);
                        let bad = match (&expect, &ty) {
                            (Ty::Ptr, Ty::Int(Some(n))) => *n != 0,
                            (Ty::Ptr, Ty::Bool | Ty::EnumConst { .. } | Ty::EnumField { .. }) => true,
                            (Ty::Int(_) | Ty::Bool, Ty::Ptr | Ty::Null) => true,
                            _ => false,
                        };
                        if bad {
                            self.errs.check(
                                Diagnostic::error(
                                    a.span(),
                                    format!("argument {} of `{}` is `{}`", i + 1, ext.name, p.ty.declare(&p.name)),
                                )
                                .hint("pass a value of that type"),
                            );
                        }
                    }
                    out.push(x);
                }
                let ret = ext.ret.as_ref().map_or(Ty::Void, cty);
                (ir::Expr::Call { func: ext.name.clone(), args: out }, ret)
            }
            ast::Expr::Not(inner, _) => {
                let (x, _) = self.expr(t, inner, scope);
                (ir::Expr::Not { expr: Box::new(x) }, Ty::Bool)
            }
            ast::Expr::Binary {
                op: op @ (ast::BinOp::BitAnd | ast::BinOp::BitOr | ast::BinOp::Has), lhs, rhs, ..
            } => {
                let (l, lt) = self.expr(t, lhs, scope);
                let (r, rt) = self.expr(t, rhs, scope);
                self.flags_op(*op, (l, lt, lhs.span()), (r, rt, rhs.span()))
            }
            ast::Expr::Binary { op, lhs, rhs, .. } => {
                let (l, lt) = self.expr(t, lhs, scope);
                let (r, rt) = self.expr(t, rhs, scope);
                let op = binop(*op);
                if !matches!(op, ir::BinOp::Or | ir::BinOp::And) {
                    let ordered = !matches!(op, ir::BinOp::Eq | ir::BinOp::Ne);
                    let flags = [(&lt, lhs.span()), (&rt, rhs.span())].into_iter().find_map(|(ty, span)| match ty {
                        Ty::Flags { set, .. } => Some((set.clone(), span)),
                        _ => None,
                    });
                    if let (true, Some((set, span))) = (ordered, flags) {
                        self.errs.check(
                            Diagnostic::error(span, format!("flags of `{set}` have no order"))
                                .hint("test bits with `has`, or compare with `==` / `!=`"),
                        );
                    }
                    self.compare(t, (&lt, lhs.span()), (&rt, rhs.span()));
                    self.compare(t, (&rt, rhs.span()), (&lt, lhs.span()));
                    if lt == Ty::Void || rt == Ty::Void {
                        self.errs.check(Diagnostic::error(e.span(), "a `void` call has no value to compare"));
                    }
                }
                (ir::Expr::Binary { op, lhs: Box::new(l), rhs: Box::new(r) }, Ty::Bool)
            }
        }
    }

    /// `a & b`, `a | b` (bits of one flag set) and `a has BITS` (BITS
    /// constant), which is `(a & BITS) == BITS` in the IR.
    fn flags_op(
        &mut self,
        op: ast::BinOp,
        (l, lt, lspan): (ir::Expr, Ty, Span),
        (r, rt, rspan): (ir::Expr, Ty, Span),
    ) -> (ir::Expr, Ty) {
        let word = match op {
            ast::BinOp::BitAnd => "`&`",
            ast::BinOp::BitOr => "`|`",
            _ => "`has`",
        };
        let set = match (&lt, &rt) {
            (Ty::Flags { set: a, .. }, Ty::Flags { set: b, .. }) if a != b => {
                self.errs.check(
                    Diagnostic::error(rspan, format!("{word} mixes flags of `{a}` and `{b}`"))
                        .hint("combine bits of one flag set"),
                );
                None
            }
            (Ty::Flags { set, .. }, Ty::Flags { .. }) => Some(set.clone()),
            _ => {
                let bad = if matches!(lt, Ty::Flags { .. }) { rspan } else { lspan };
                if !matches!((&lt, &rt), (Ty::Other, _) | (_, Ty::Other)) {
                    self.errs.check(
                        Diagnostic::error(bad, format!("{word} takes flags, and this is not a flag set's value"))
                            .hint("declare the field `as` a `flags` set and name its bits"),
                    );
                }
                None
            }
        };
        let (lv, rv) = match (&lt, &rt) {
            (Ty::Flags { value: a, .. }, Ty::Flags { value: b, .. }) => (*a, *b),
            _ => (None, None),
        };
        let bits = |op, l: ir::Expr, r: ir::Expr| ir::Expr::Binary { op, lhs: Box::new(l), rhs: Box::new(r) };
        match op {
            ast::BinOp::Has => {
                if set.is_some() && rv.is_none() {
                    self.errs.check(
                        Diagnostic::error(rspan, "`has` tests named bits, and this is not a constant")
                            .hint("write `FIELD has FLAG` or `FIELD has (A | B)`; compare two fields with `&`"),
                    );
                } else if rv == Some(0) {
                    self.errs.check(Diagnostic::error(rspan, "`has` of no bits is always true"));
                }
                (bits(ir::BinOp::Eq, bits(ir::BinOp::BitAnd, l, r.clone()), r), Ty::Bool)
            }
            _ => {
                let (irop, v) = if op == ast::BinOp::BitAnd {
                    (ir::BinOp::BitAnd, lv.zip(rv).map(|(a, b)| a & b))
                } else {
                    (ir::BinOp::BitOr, lv.zip(rv).map(|(a, b)| a | b))
                };
                let ty = set.map_or(Ty::Other, |set| Ty::Flags { set, value: v });
                (bits(irop, l, r), ty)
            }
        }
    }

    /// Checks one side of a comparison against the other.
    pub(super) fn compare(&mut self, t: &ir::MappingType, (a, _aspan): (&Ty, Span), (b, bspan): (&Ty, Span)) {
        match (a, b) {
            (Ty::Flags { set, .. }, Ty::Flags { set: other, .. }) if set != other => {
                self.errs.check(
                    Diagnostic::error(bspan, format!("flags of `{set}` compared with flags of `{other}`"))
                        .hint("compare bits of one flag set"),
                );
            }
            (Ty::Flags { set, .. }, Ty::Int(Some(n))) => {
                if let Some(e) = t.enum_by_name(set).filter(|e| e.bits_of(*n).is_none()) {
                    self.errs.check(
                        Diagnostic::error(bspan, format!("{n} sets a bit that is no flag of `{}`", e.name))
                            .hint("name the bits, e.g. `A | B`, or compare with 0"),
                    );
                }
            }
            (Ty::Flags { set, .. }, Ty::EnumConst { .. } | Ty::EnumField { .. } | Ty::Bool | Ty::Int(None)) => {
                self.errs.check(
                    Diagnostic::error(
                        bspan,
                        format!("flags of `{set}` compare only with flags of that set or a number"),
                    )
                    .hint("test bits with `has`"),
                );
            }
            (Ty::EnumField { enum_name, allowed, field }, Ty::EnumConst { enum_name: other, name, .. }) => {
                if enum_name != other {
                    self.errs.check(
                        Diagnostic::error(
                            bspan,
                            format!("`{name}` is a value of enum `{other}`, but `{field}` holds enum `{enum_name}`"),
                        )
                        .hint("compare with a value of the field's own enum"),
                    );
                } else if !allowed.is_empty() && !allowed.contains(name) {
                    self.errs.check(
                        Diagnostic::error(
                            bspan,
                            format!("field `{field}` never holds `{name}`, so this comparison is constant"),
                        )
                        .hint(format!("it holds one of: {}", allowed.join(", "))),
                    );
                }
            }
            (Ty::EnumField { enum_name, field, .. }, Ty::Int(Some(n))) => {
                if let Some(e) = t.enum_by_name(enum_name) {
                    if !e.values.iter().any(|v| v.value == *n) {
                        self.errs.check(
                            Diagnostic::error(
                                bspan,
                                format!("{n} is out of range for enum `{enum_name}` held by `{field}`"),
                            )
                            .hint("compare with one of the enum's values by name"),
                        );
                    }
                }
            }
            (Ty::Ptr, Ty::Int(Some(n))) if *n != 0 => {
                self.errs
                    .check(Diagnostic::error(bspan, "a pointer can only be compared with NULL or another pointer"));
            }
            (Ty::Ptr, Ty::EnumConst { .. } | Ty::Bool | Ty::Int(None) | Ty::EnumField { .. }) => {
                self.errs
                    .check(Diagnostic::error(bspan, "a pointer can only be compared with NULL or another pointer"));
            }
            _ => {}
        }
    }

    pub(super) fn path_expr(&mut self, t: &ir::MappingType, p: &ast::Path, scope: Scope) -> (ir::Expr, Ty) {
        let first = p.parts[0].node.as_str();
        if p.parts.len() == 2 && (first == "exp" || first == "imp") {
            if scope == Scope::Stored {
                self.errs.resolve(
                    Diagnostic::error(p.span, "accessors and debugfs read the negotiated result, not a candidate")
                        .hint(format!("write the field name alone: `{}`", p.parts[1].node)),
                );
                return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
            }
            return match self.side_field(t, p) {
                Some((side, f)) => (ir::Expr::Field { side, field: f.name.clone() }, Self::field_ty(t, f)),
                None => (ir::Expr::Value { value: ir::Value::Null }, Ty::Other),
            };
        }
        if p.parts.len() != 1 {
            self.errs.resolve(
                Diagnostic::error(
                    p.span,
                    format!("unknown name `{}`", p.parts.iter().map(|x| x.node.as_str()).collect::<Vec<_>>().join(".")),
                )
                .hint(if scope == Scope::Match {
                    "read fields as `exp.FIELD` or `imp.FIELD`"
                } else {
                    "read stored fields by name"
                }),
            );
            return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
        }
        let id = &p.parts[0];
        match first {
            "NULL" => return (ir::Expr::Value { value: ir::Value::Null }, Ty::Null),
            "true" | "false" => {
                return (ir::Expr::Value { value: ir::Value::Bool { value: first == "true" } }, Ty::Bool)
            }
            _ => {}
        }
        for e in &t.enums {
            if let Some(v) = e.values.iter().find(|v| v.name == id.node) {
                let value = ir::Value::EnumConst { enum_name: e.name.clone(), name: v.name.clone(), value: v.value };
                if e.flags {
                    return (ir::Expr::Value { value }, Ty::Flags { set: e.name.clone(), value: Some(v.value) });
                }
                return (
                    ir::Expr::Value {
                        value: ir::Value::EnumConst { enum_name: e.name.clone(), name: v.name.clone(), value: v.value },
                    },
                    Ty::EnumConst { enum_name: e.name.clone(), name: v.name.clone(), value: v.value },
                );
            }
        }
        if let Some(f) = t.field(&id.node) {
            if scope == Scope::Match {
                self.errs.resolve(
                    Diagnostic::error(
                        id.span,
                        format!("`{}` is a field: say which candidate it is read from", id.node),
                    )
                    .hint(format!("write `exp.{0}` or `imp.{0}`", id.node)),
                );
                return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
            }
            if !t.on_match.keep.iter().any(|k| k.field == f.name) {
                self.errs.check(
                    Diagnostic::error(
                        id.span,
                        format!("field `{}` is not kept on match, so the attachment never holds it", f.name),
                    )
                    .hint("add it to `on_match { keep ...; }`".to_string()),
                );
            }
            return (ir::Expr::Field { side: Side::Stored, field: f.name.clone() }, Self::field_ty(t, f));
        }
        let mut candidates: Vec<&str> = t.enums.iter().flat_map(|e| e.values.iter().map(|v| v.name.as_str())).collect();
        candidates.extend(t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())));
        candidates.extend(["NULL", "true", "false"]);
        self.unknown(id, "name", candidates, "use a field, an enumerator, NULL, true or false");
        (ir::Expr::Value { value: ir::Value::Null }, Ty::Other)
    }
}

fn cty(t: &ir::CType) -> Ty {
    if t.is_pointer() {
        Ty::Ptr
    } else if t.is_bool() {
        Ty::Bool
    } else if t.is_void() {
        Ty::Void
    } else if t.is_integer() {
        Ty::Int(None)
    } else {
        Ty::Other
    }
}

pub(super) fn binop(op: ast::BinOp) -> ir::BinOp {
    match op {
        ast::BinOp::Or => ir::BinOp::Or,
        ast::BinOp::And => ir::BinOp::And,
        ast::BinOp::Eq => ir::BinOp::Eq,
        ast::BinOp::Ne => ir::BinOp::Ne,
        ast::BinOp::Lt => ir::BinOp::Lt,
        ast::BinOp::Le => ir::BinOp::Le,
        ast::BinOp::Gt => ir::BinOp::Gt,
        ast::BinOp::Ge => ir::BinOp::Ge,
        ast::BinOp::BitOr => ir::BinOp::BitOr,
        ast::BinOp::BitAnd => ir::BinOp::BitAnd,
        // Lowered by `flags_op` before it gets here.
        ast::BinOp::Has => ir::BinOp::Eq,
    }
}
