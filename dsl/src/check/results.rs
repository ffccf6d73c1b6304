//! Structs, results and their invariants.

use std::collections::HashMap;

use crate::ast::{self, Ident};
use crate::cnames;
use crate::diag::{Diagnostic, Span};
use crate::ir;

use super::types::docs;
use super::TypeLowerer;

/// A result's counted array: the field, its (address, length) range, where it is.
type CountedArray = (ir::StructField, Option<(String, String)>, Span);

impl TypeLowerer<'_> {
    pub(super) fn structs(&mut self, defs: &[&ast::StructDef]) -> Vec<ir::Struct> {
        let mut names = HashMap::new();
        let mut out = Vec::new();
        for s in defs {
            if self.dup(&mut names, &s.name, "struct") {
                continue;
            }
            self.c_ident(&s.name, "struct");
            self.not_core(&format!("struct {}", s.name.node), s.name.span);
            let doc = self.doc(&s.doc);
            if let Some(v) = &s.since {
                if parse_version(&v.node).is_none() {
                    self.errs.check(
                        Diagnostic::error(v.span, format!("`{}` is not a kernel version", v.node))
                            .hint("write it like \"6.19\""),
                    );
                }
            }
            if let Some((n, v)) = &s.renamed {
                self.c_ident(n, "struct");
                if n.node == s.name.node {
                    self.errs.check(
                        Diagnostic::error(n.span, format!("`struct {}` is renamed to its own name", n.node))
                            .hint("drop `renamed`, or name the tag the kernel uses from that version on"),
                    );
                }
                match parse_version(&v.node) {
                    None => self.errs.check(
                        Diagnostic::error(v.span, format!("`{}` is not a kernel version", v.node))
                            .hint("write it like \"7.3\""),
                    ),
                    Some(at) => {
                        let before = s.since.as_ref().and_then(|x| parse_version(&x.node));
                        if before.is_some_and(|b| b >= at) {
                            self.errs.check(
                                Diagnostic::error(
                                    v.span,
                                    format!("the kernel cannot rename `struct {}` before it defines it", s.name.node),
                                )
                                .hint("the rename's version must come after `since`"),
                            );
                        }
                    }
                }
                if let Some(f) = &s.from {
                    self.errs.check(
                        Diagnostic::error(n.span, "a struct from another type takes its rename from that type")
                            .hint(format!("drop `renamed` here; `{}` says what the kernel calls it", f.node)),
                    );
                }
            }
            if let Some(f) = &s.from {
                if f.node == self.t.name.node {
                    self.errs.check(
                        Diagnostic::error(f.span, format!("`struct {}` comes from this type itself", s.name.node))
                            .hint("drop `from`: a struct defined here needs none"),
                    );
                }
                if let Some(v) = &s.since {
                    self.errs.check(
                        Diagnostic::error(v.span, "a struct from another type takes its `since` from that type")
                            .hint(format!("drop `since` here; `{}` says when the kernel defines it", f.node)),
                    );
                }
            }
            let mut fnames = HashMap::new();
            let mut fields = Vec::new();
            for (d, n, ty) in &s.fields {
                if self.dup(&mut fnames, n, "field") {
                    continue;
                }
                self.c_ident(n, "field");
                let doc = self.doc(d);
                let ty = self.c_type(ty);
                fields.push(ir::StructField { name: n.node.clone(), doc, ty });
            }
            out.push(ir::Struct {
                name: s.name.node.clone(),
                doc,
                since: s.since.as_ref().map(|v| v.node.clone()),
                renamed: s.renamed.as_ref().map(|(n, v)| ir::Renamed { name: n.node.clone(), since: v.node.clone() }),
                from: s.from.as_ref().map(|f| f.node.clone()),
                fields,
            });
        }
        out
    }

    pub(super) fn results(&mut self, t: &ir::MappingType, defs: &[&ast::ResultDef]) -> Vec<ir::ResultStruct> {
        let mut names: HashMap<String, Span> = t.structs.iter().map(|s| (s.name.clone(), Span::default())).collect();
        let mut out = Vec::new();
        for r in defs {
            if names.contains_key(&r.name.node) {
                self.errs.resolve(Diagnostic::error(r.name.span, format!("struct `{}` is defined twice", r.name.node)));
                continue;
            }
            names.insert(r.name.node.clone(), r.name.span);
            self.c_ident(&r.name, "result struct");
            self.not_core(&format!("struct {}", r.name.node), r.name.span);
            let doc = self.doc(&r.doc);
            let mut fnames = HashMap::new();
            let mut count = None;
            let mut array: Option<CountedArray> = None;
            for f in &r.fields {
                if self.dup(&mut fnames, &f.name, "field") {
                    continue;
                }
                self.c_ident(&f.name, "field");
                let fdoc = self.doc(&f.doc);
                let ty = self.c_type(&f.ty);
                let sf = ir::StructField { name: f.name.node.clone(), doc: fdoc, ty };
                if let Some(cb) = &f.counted_by {
                    if array.is_some() {
                        self.errs.check(
                            Diagnostic::error(f.name.span, "a result struct has one counted array")
                                .hint("it is the struct's flexible array member"),
                        );
                        continue;
                    }
                    match r.fields.iter().find(|x| x.name.node == cb.node) {
                        // `size_t`: the C validator, `struct_size()` and the Rust builders count in it.
                        Some(c) if c.counted_by.is_none() && self.resolved(&c.ty).is_size_t() => {
                            count = Some((
                                ir::StructField {
                                    name: c.name.node.clone(),
                                    doc: docs(&c.doc),
                                    ty: self.resolved(&c.ty),
                                },
                                false,
                            ));
                        }
                        // `size_t *`: the op's out-parameter, which it writes the count to.
                        Some(c) if c.counted_by.is_none() && is_size_t_ptr(&self.resolved(&c.ty)) => {
                            count = Some((
                                ir::StructField {
                                    name: c.name.node.clone(),
                                    doc: docs(&c.doc),
                                    ty: ir::CType::plain("size_t"),
                                },
                                true,
                            ));
                        }
                        Some(_) => self.errs.check(
                            Diagnostic::error(
                                cb.span,
                                format!("`{}` is not a `size_t` field, so it cannot count entries", cb.node),
                            )
                            .hint(
                                "declare the count as `size_t`, as `struct_size()` and the validator expect, \
                                 or as `size_t *` for an op's out-parameter count",
                            ),
                        ),
                        None => self.unknown(
                            cb,
                            "count field",
                            r.fields.iter().map(|x| x.name.node.as_str()).collect(),
                            "name the struct's entry-count field",
                        ),
                    }
                    if sf.ty.struct_name().is_none() || sf.ty.is_pointer() {
                        self.errs.check(
                            Diagnostic::error(f.ty.span, "a counted array holds structs")
                                .hint("declare the element with `struct NAME { ... }`"),
                        );
                    }
                    let elem = t.structs.iter().find(|s| sf.ty.struct_name() == Some(s.name.as_str()));
                    let mut ranges = None;
                    match elem {
                        None => self.errs.resolve(
                            Diagnostic::error(f.ty.span, format!("unknown element struct `{}`", sf.ty.spelling()))
                                .hint("declare it in this type with `struct NAME { ... }`"),
                        ),
                        Some(e) => {
                            if let Some((a, l)) = &f.ranges {
                                for x in [a, l] {
                                    match e.fields.iter().find(|ef| ef.name == x.node) {
                                        None => self.unknown(
                                            x,
                                            "element field",
                                            e.fields.iter().map(|f| f.name.as_str()).collect(),
                                            "name fields of the element struct",
                                        ),
                                        Some(ef) if !ef.ty.is_integer() => self.errs.check(Diagnostic::error(
                                            x.span,
                                            format!("range field `{}` must be an integer", x.node),
                                        )),
                                        Some(_) => {}
                                    }
                                }
                                ranges = Some((a.node.clone(), l.node.clone()));
                            }
                        }
                    }
                    array = Some((sf, ranges, f.name.span));
                } else if f.ranges.is_some() {
                    self.errs.check(Diagnostic::error(f.name.span, "`ranges` applies to a counted array"));
                }
            }
            let elem_fields: Vec<String> = array
                .as_ref()
                .and_then(|(a, _, _)| t.structs.iter().find(|s| a.ty.struct_name() == Some(s.name.as_str())))
                .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
                .unwrap_or_default();
            let mut invariants = Vec::new();
            let mut invariants_doc = Vec::new();
            for block in &r.invariants {
                invariants_doc.extend(self.doc(&block.doc));
                let is_array = array.as_ref().is_some_and(|(a, _, _)| a.name == block.array.node);
                if !is_array {
                    let what = if r.fields.iter().any(|f| f.name.node == block.array.node) {
                        "is not a counted array"
                    } else {
                        "is not a field of this result"
                    };
                    self.errs.check(
                        Diagnostic::error(
                            block.array.span,
                            format!("invariants apply to a counted array, and `{}` {what}", block.array.node),
                        )
                        .hint(match &array {
                            Some((a, _, _)) => format!("write `invariants {} {{ ... }}`", a.name),
                            None => "declare a field like `entries: struct elem[count];`".into(),
                        }),
                    );
                    continue;
                }
                let ranges = array.as_ref().and_then(|(_, r, _)| r.clone());
                for inv in &block.items {
                    let idoc = self.doc(&inv.doc);
                    let check = match &inv.kind {
                        ast::InvariantKind::Nonempty => ir::Check::Nonempty,
                        ast::InvariantKind::NoOverflow
                        | ast::InvariantKind::NoOverlap
                        | ast::InvariantKind::Total(_)
                            if ranges.is_none() =>
                        {
                            self.errs.check(
                                Diagnostic::error(inv.span, "this invariant is about address ranges")
                                    .hint("say which element fields form a range: `[count] ranges addr + len`"),
                            );
                            continue;
                        }
                        ast::InvariantKind::NoOverflow => ir::Check::NoOverflow,
                        ast::InvariantKind::NoOverlap => ir::Check::NoOverlap,
                        ast::InvariantKind::Total(p) => {
                            self.buffer_size(p);
                            ir::Check::TotalIsBufferSize
                        }
                        ast::InvariantKind::CountMax { total, unit } => {
                            self.buffer_size(total);
                            self.size_const(unit);
                            ir::Check::CountMax { unit: unit.node.clone() }
                        }
                        ast::InvariantKind::EachNonzero(f) => {
                            if !elem_fields.contains(&f.node) {
                                self.unknown(
                                    f,
                                    "element field",
                                    elem_fields.iter().map(String::as_str).collect(),
                                    "name a field of the element struct",
                                );
                            }
                            ir::Check::EachNonzero { field: f.node.clone() }
                        }
                        ast::InvariantKind::EachAligned(f, a) => {
                            if !elem_fields.contains(&f.node) {
                                self.unknown(
                                    f,
                                    "element field",
                                    elem_fields.iter().map(String::as_str).collect(),
                                    "name a field of the element struct",
                                );
                            }
                            self.size_const(a);
                            ir::Check::EachAligned { field: f.node.clone(), align: a.node.clone() }
                        }
                    };
                    let errno = match &inv.errno {
                        Some(e) => {
                            let e = self.errno(e);
                            e.name
                        }
                        None => "EINVAL".to_string(),
                    };
                    if invariants.iter().any(|i: &ir::Invariant| i.check == check) {
                        self.errs.check(Diagnostic::error(inv.span, "this invariant is stated twice"));
                        continue;
                    }
                    invariants.push(ir::Invariant { doc: idoc, check, errno });
                }
            }
            // The IR keeps only the count and the array; any other field
            // would silently vanish from the generated struct.
            for f in r.fields.iter().filter(|_| count.is_some() && array.is_some()) {
                let is_count = count.as_ref().is_some_and(|(c, _)| c.name == f.name.node);
                let is_array = array.as_ref().is_some_and(|(a, _, _)| a.name == f.name.node);
                if !is_count && !is_array && f.counted_by.is_none() {
                    self.errs.check(
                        Diagnostic::error(
                            f.name.span,
                            format!("result struct `{}` holds only its count and its counted array", r.name.node),
                        )
                        .hint(format!("move `{}` into the element struct, or drop it", f.name.node)),
                    );
                }
            }
            let (Some((count, out_param)), Some((array, range, _))) = (count, array) else {
                if !fnames.is_empty() {
                    self.errs.check(
                        Diagnostic::error(
                            r.name.span,
                            format!("result struct `{}` needs a counted array", r.name.node),
                        )
                        .hint("declare `count: size_t;` and `entries: struct elem[count];`"),
                    );
                }
                continue;
            };
            let shape = if out_param {
                match self.out_param_op(t, r, &count.name, &array) {
                    Some(op) => ir::ResultShape::OutParam { op },
                    None => continue,
                }
            } else {
                let returned = t
                    .ops
                    .iter()
                    .flat_map(|o| &o.ops)
                    .any(|o| o.ret.as_ref().is_some_and(|ty| returns_struct(ty, &r.name.node)));
                if !returned {
                    self.errs.check(
                        Diagnostic::error(r.name.span, format!("no op returns `struct {} *`", r.name.node))
                            .hint("a result struct describes what an exporter op returns"),
                    );
                }
                ir::ResultShape::Struct
            };
            out.push(ir::ResultStruct {
                name: r.name.node.clone(),
                doc,
                shape,
                count,
                array,
                range,
                invariants,
                invariants_doc,
            });
        }
        out
    }

    /// The one op returning a pointer to `array`'s element with an
    /// out-parameter `count: size_t *`; none, or a second, is an error.
    fn out_param_op(
        &mut self,
        t: &ir::MappingType,
        r: &ast::ResultDef,
        count: &str,
        array: &ir::StructField,
    ) -> Option<String> {
        let elem = array.ty.struct_name()?;
        let ops: Vec<&ir::Op> = t
            .ops
            .iter()
            .flat_map(|o| &o.ops)
            .filter(|o| o.ret.as_ref().is_some_and(|ty| ty.is_struct_ptr(elem)))
            .filter(|o| o.params.iter().any(|p| p.name == count && is_size_t_ptr(&p.ty)))
            .collect();
        let what = format!("`struct {elem} *` with an out-parameter `{count}: size_t *`");
        match ops.as_slice() {
            [op] => return Some(op.name.clone()),
            [] => self.errs.check(
                Diagnostic::error(r.name.span, format!("no op returns {what}"))
                    .hint("a result with a `size_t *` count describes what one exporter op returns"),
            ),
            [a, b, ..] => self.errs.check(
                Diagnostic::error(r.name.span, format!("both `{}` and `{}` return {what}", a.name, b.name))
                    .hint("a result with an out-parameter count describes one op: rename one op's count"),
            ),
        }
        None
    }

    pub(super) fn buffer_size(&mut self, p: &ast::Path) {
        let parts: Vec<&str> = p.parts.iter().map(|x| x.node.as_str()).collect();
        if parts != ["dmabuf", "size"] {
            self.errs.resolve(
                Diagnostic::error(p.span, "only the buffer's size, `dmabuf.size`, can bound a result")
                    .hint("write `dmabuf.size`"),
            );
        }
    }

    pub(super) fn size_const(&mut self, id: &Ident) {
        if !cnames::SIZE_CONSTANTS.contains(&id.node.as_str()) {
            self.unknown(id, "size constant", cnames::SIZE_CONSTANTS.to_vec(), "use PAGE_SIZE or an SZ_* constant");
        }
    }
}

/// `size_t *`, not pointing to const: where an op writes a count.
fn is_size_t_ptr(t: &ir::CType) -> bool {
    t.int_pointee().is_some_and(|i| i.spelling == "size_t") && !t.points_to_const()
}

pub(super) fn returns_struct(t: &ir::CType, name: &str) -> bool {
    t.is_struct_ptr(name)
}

pub fn parse_version(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}
