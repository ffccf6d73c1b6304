//! Entry points and export policies.

use std::collections::HashMap;

use crate::ast;
use crate::diag::{Diagnostic, Span};
use crate::ir;

use super::types::parse_int;
use super::TypeLowerer;
use crate::cnames;
use crate::solver::preconditions::{samples, SampleError};

impl TypeLowerer<'_> {
    pub(super) fn entries(&mut self, t: &ir::MappingType, defs: &[&ast::EntryDef]) -> Vec<ir::Entry> {
        let mut names = HashMap::new();
        let mut out: Vec<(ir::Entry, Span)> = Vec::new();
        for e in defs {
            if self.dup(&mut names, &e.name, "entry point") {
                continue;
            }
            self.c_ident(&e.name, "entry point");
            self.not_core(&e.name.node, e.name.span);
            let doc = self.doc(&e.doc);
            let Some(op) = t.op(&e.op.node) else {
                let ops: Vec<&str> = t.ops.iter().flat_map(|o| o.ops.iter().map(|x| x.name.as_str())).collect();
                self.unknown(&e.op, "op", ops, "an entry point calls an exporter op");
                continue;
            };
            let first_ok = op.params.first().is_some_and(|p| p.ty.is_struct_ptr("dma_buf_attachment"));
            if !first_ok {
                self.errs.check(
                    Diagnostic::error(
                        e.op.span,
                        format!("op `{}` must take `struct dma_buf_attachment *` first to be an entry point", op.name),
                    )
                    .hint("the entry point finds the exporter's ops through the attachment"),
                );
            }
            let export = match &e.export {
                Some((p, at)) => {
                    let x = self.policy(p);
                    if x == ir::Export::Local && t.private.is_none() {
                        self.errs.check(
                            Diagnostic::error(
                                *at,
                                format!("entry point `{}` of a core type cannot be `local`", e.name.node),
                            )
                            .hint("a core type's glue is in the dma-buf core; its callers are other modules"),
                        );
                    }
                    x
                }
                None => t.export.clone(),
            };
            let validates = t.results.iter().find(|x| x.returned_by(op)).map(|x| x.name.clone());
            if validates.is_some() && !op.err_ptr() {
                self.errs.check(
                    Diagnostic::error(
                        e.op.span,
                        format!("op `{}` returns a validated result, so it must say `or ERR_PTR`", op.name),
                    )
                    .hint("a rejected result is reported to the importer as an ERR_PTR"),
                );
            }
            let lock = e.lock.as_ref().map(|l| match l.node {
                ast::Lock::Held => ir::Lock::Held,
                ast::Lock::Takes => ir::Lock::Takes,
            });
            let bound = self.binds(t, op, &e.binds);
            let preconditions = self.preconditions(op, &bound, e);
            match samples(&preconditions, op) {
                Ok(_) => {}
                Err(SampleError::Unsatisfiable { param }) => {
                    let at = e.preconditions.iter().find(|p| p.param.node == param).map_or(e.name.span, |p| p.span);
                    self.errs.check(
                        Diagnostic::error(at, format!("no value of `{param}` meets every precondition on it"))
                            .hint("the preconditions on one parameter contradict each other"),
                    );
                }
                Err(SampleError::NotAlone { index }) => {
                    // Indices count the preconditions that lowered, which are
                    // all of them when there is no other error.
                    let at = e.preconditions.get(index).map_or(e.name.span, |p| p.span);
                    self.errs.check(
                        Diagnostic::error(
                            at,
                            "this precondition cannot fail unless another on the same parameter fails too",
                        )
                        .hint("it adds nothing, so no test can show it works: remove it or loosen the others"),
                    );
                }
            }
            out.push((
                ir::Entry {
                    name: e.name.node.clone(),
                    doc,
                    op: op.name.clone(),
                    lock,
                    export,
                    validates,
                    partner: None,
                    bound,
                    preconditions,
                },
                e.export.as_ref().map_or(e.name.span, |x| x.1),
            ));
        }
        // Partners: one entry's op undoes another's (map/unmap), as the ops
        // say or the checker inferred (`ops::pairs`).
        let mut pairs = Vec::new();
        for i in 0..out.len() {
            for j in 0..out.len() {
                let undoes = t.op(&out[j].0.op).and_then(|c| c.undoes.as_deref());
                if i != j && undoes == Some(out[i].0.op.as_str()) {
                    pairs.push((i, j));
                }
            }
        }
        // With several candidates (a locked and an unlocked unmap), the partner
        // is the first with the same locking, so map_attachment pairs with
        // unmap_attachment and the _unlocked ones with each other.
        for k in 0..out.len() {
            let others: Vec<usize> = pairs
                .iter()
                .filter_map(|&(p, c)| {
                    if p == k {
                        Some(c)
                    } else if c == k {
                        Some(p)
                    } else {
                        None
                    }
                })
                .collect();
            let pick = others.iter().find(|&&o| out[o].0.lock == out[k].0.lock).or(others.first());
            if let Some(&o) = pick {
                out[k].0.partner = Some(out[o].0.name.clone());
            }
        }
        // Every producer/consumer pair must be exported alike, not just the
        // chosen partners: any wider one lets a module outside the list in.
        for &(p, c) in &pairs {
            let (a, b) = (&out[p].0, &out[c].0);
            if a.export == b.export {
                continue;
            }
            let (narrow, wide) = if a.export.reach() > b.export.reach() { (c, p) } else { (p, c) };
            let (n, w) = (&out[narrow].0, &out[wide].0);
            let (msg, label) = if n.export.reach() < w.export.reach() {
                (
                    format!(
                        "restricted entry point `{}` has a partner, `{}`, that is exported more widely",
                        n.name, w.name
                    ),
                    "restricted here",
                )
            } else {
                (
                    format!(
                        "entry points `{}` and `{}` undo each other but are exported to different modules",
                        n.name, w.name
                    ),
                    "partner exported here",
                )
            };
            self.errs.check(
                Diagnostic::error(out[wide].1, msg)
                    .related(out[narrow].1, label)
                    .hint(format!("export `{}` exactly as `{}`", w.name, n.name)),
            );
        }
        out.into_iter().map(|(e, _)| e).collect()
    }

    /// `bind PARAM [= FIELD];`: the op parameter comes from a kept match field.
    fn binds(&mut self, t: &ir::MappingType, op: &ir::Op, binds: &[ast::Bind]) -> Vec<ir::Bound> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for b in binds {
            self.doc(&b.doc);
            if self.dup(&mut seen, &b.param, "bound parameter") {
                continue;
            }
            let Some(param) = self.entry_param(op, &b.param, "bind") else { continue };
            let fid = b.field.as_ref().unwrap_or(&b.param);
            let Some(field) = t.field(&fid.node) else {
                let fields: Vec<&str> = t.data.iter().flat_map(|d| &d.fields).map(|f| f.name.as_str()).collect();
                self.unknown(fid, "match field", fields, "a parameter is bound to a field `on_match` keeps");
                continue;
            };
            if !t.on_match.keep.iter().any(|k| k.field == field.name) {
                self.errs.check(
                    Diagnostic::error(
                        fid.span,
                        format!("field `{}` is not kept, so the attachment has no value for it", field.name),
                    )
                    .hint("add it to `on_match { keep ...; }`"),
                );
            }
            if !field.ty.same_shape(&param.ty) {
                self.errs.check(
                    Diagnostic::error(
                        fid.span,
                        format!(
                            "field `{}` is `{}`, but parameter `{}` is `{}`",
                            field.name,
                            field.ty.spelling(),
                            param.name,
                            param.ty.spelling()
                        ),
                    )
                    .hint("bind a parameter to a field of the same type"),
                );
            }
            out.push(ir::Bound { param: param.name.clone(), field: field.name.clone() });
        }
        out
    }

    /// An op parameter an entry statement names, other than the attachment.
    fn entry_param<'o>(&mut self, op: &'o ir::Op, id: &ast::Ident, what: &str) -> Option<&'o ir::Param> {
        match op.params.iter().position(|p| p.name == id.node) {
            Some(0) => {
                self.errs.check(
                    Diagnostic::error(id.span, format!("`{what}` cannot name the attachment"))
                        .hint("the entry point's caller always passes the attachment"),
                );
                None
            }
            Some(i) => Some(&op.params[i]),
            None => {
                let names: Vec<&str> = op.params.iter().skip(1).map(|p| p.name.as_str()).collect();
                self.unknown(id, "parameter", names, &format!("`{what}` names a parameter of op `{}`", op.name));
                None
            }
        }
    }

    /// `require PARAM CHECK else ERRNO;` of an entry point.
    fn preconditions(&mut self, op: &ir::Op, bound: &[ir::Bound], e: &ast::EntryDef) -> Vec<ir::Precondition> {
        let mut out = Vec::new();
        if let Some(first) = e.preconditions.first() {
            if op.failure == ir::Failure::None {
                self.errs.check(
                    Diagnostic::error(first.span, format!("op `{}` cannot report a broken precondition", op.name))
                        .hint("declare it `-> int or errno` or `-> T * or ERR_PTR`"),
                );
            }
        }
        for p in &e.preconditions {
            let doc = self.doc(&p.doc);
            let errno = self.errno(&p.errno);
            let Some(param) = self.entry_param(op, &p.param, "require") else { continue };
            if bound.iter().any(|b| b.param == param.name) {
                self.errs.check(
                    Diagnostic::error(
                        p.param.span,
                        format!("parameter `{}` is bound, not passed by the caller", param.name),
                    )
                    .hint("a precondition checks what the caller passes"),
                );
                continue;
            }
            if !param.ty.is_integer() {
                self.errs.check(
                    Diagnostic::error(
                        p.param.span,
                        format!(
                            "parameter `{}` is `{}`; a precondition checks an integer",
                            param.name,
                            param.ty.spelling()
                        ),
                    )
                    .hint("check an address, an offset or a size"),
                );
                continue;
            }
            let check = match &p.check {
                ast::PreCheck::Aligned(unit) => {
                    if !cnames::SIZE_CONSTANTS.contains(&unit.node.as_str()) {
                        self.unknown(
                            unit,
                            "size constant",
                            cnames::SIZE_CONSTANTS.to_vec(),
                            "use PAGE_SIZE or an SZ_* constant",
                        );
                        continue;
                    }
                    ir::PreCheck::Aligned { unit: unit.node.clone() }
                }
                ast::PreCheck::Compare(bop, v) => {
                    let value = match &v.node {
                        ast::PreValue::Int(s) => match parse_int(s) {
                            Some(value) if param.ty.int().is_some_and(|i| value >= 0 && value as u64 <= i.max()) => {
                                ir::PreValue::Int { value }
                            }
                            _ => {
                                self.errs.check(
                                    Diagnostic::error(v.span, format!("`{s}` does not fit `{}`", param.ty.spelling()))
                                        .hint("compare with a value the parameter can hold"),
                                );
                                continue;
                            }
                        },
                        ast::PreValue::Path(path) => {
                            let parts: Vec<&str> = path.parts.iter().map(|p| p.node.as_str()).collect();
                            if parts != ["dmabuf", "size"] {
                                self.errs.check(
                                    Diagnostic::error(v.span, "a precondition compares with a number or `dmabuf.size`")
                                        .hint("e.g. `require size == dmabuf.size else EINVAL;`"),
                                );
                                continue;
                            }
                            ir::PreValue::BufferSize
                        }
                    };
                    ir::PreCheck::Compare { op: super::expr::binop(*bop), value }
                }
            };
            out.push(ir::Precondition { doc, param: param.name.clone(), check, errno: errno.name });
        }
        out
    }

    pub(super) fn policy(&mut self, p: &ast::ExportPolicy) -> ir::Export {
        match p {
            ast::ExportPolicy::Gpl(_) => ir::Export::Gpl,
            ast::ExportPolicy::Local(_) => ir::Export::Local,
            ast::ExportPolicy::Namespace(ns) => {
                if !is_c_ident(&ns.node) {
                    self.errs.check(
                        Diagnostic::error(ns.span, format!("namespace `{}` is not a C identifier", ns.node))
                            .hint("kernel symbol namespaces look like `DMA_BUF`"),
                    );
                }
                ir::Export::Namespace { namespace: ns.node.clone() }
            }
            ast::ExportPolicy::Modules(ms) => {
                for m in ms {
                    if m.node.is_empty() || !m.node.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                        self.errs.check(
                            Diagnostic::error(m.span, format!("`{}` is not a module name", m.node))
                                .hint("module names use letters, digits, `_` and `-`"),
                        );
                    }
                }
                ir::Export::Modules { modules: ms.iter().map(|m| m.node.clone()).collect() }
            }
        }
    }
}

fn is_c_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}
