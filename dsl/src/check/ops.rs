//! The exporter ops struct, kernel functions (`extern`) and their parameters.

use std::collections::HashMap;

use crate::ast;
use crate::diag::Diagnostic;
use crate::ir;

use super::TypeLowerer;

impl TypeLowerer<'_> {
    pub(super) fn params(&mut self, ps: &[ast::Param], what: &str) -> Vec<ir::Param> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for p in ps {
            if self.dup(&mut seen, &p.name, what) {
                continue;
            }
            self.c_ident(&p.name, what);
            if self.resolved(&p.ty).is_void() {
                self.errs.check(
                    Diagnostic::error(p.ty.span, "a parameter cannot be `void`")
                        .hint("leave the list empty for no parameters"),
                );
            }
            let ty = self.c_type(&p.ty);
            out.push(ir::Param { name: p.name.node.clone(), ty });
        }
        out
    }

    pub(super) fn ret(&mut self, r: &Option<ast::Ret>) -> (Option<ir::CType>, ir::Failure) {
        match r {
            None => (None, ir::Failure::None),
            Some(r) => {
                let ty = self.resolved(&r.ty);
                let failure = match r.failure.as_ref().map(|f| f.node) {
                    None => ir::Failure::None,
                    Some(ast::Failure::ErrPtr) => {
                        if !ty.is_pointer() {
                            self.errs.check(
                                Diagnostic::error(r.ty.span, "only a pointer can carry an ERR_PTR")
                                    .hint("return `int ... or errno` instead, or a pointer"),
                            );
                        }
                        ir::Failure::ErrPtr
                    }
                    Some(ast::Failure::Errno) => {
                        if !ty.is_c_int() {
                            self.errs.check(
                                Diagnostic::error(
                                    r.ty.span,
                                    format!("only `int` can carry an errno, not `{}`", ty.spelling()),
                                )
                                .hint("return `int` (0 or a negative errno), or a pointer `or ERR_PTR`"),
                            );
                        }
                        ir::Failure::Errno
                    }
                };
                if ty.is_void() {
                    return (None, ir::Failure::None);
                }
                (Some(self.c_type(&r.ty)), failure)
            }
        }
    }

    pub(super) fn ops(&mut self, o: &ast::OpsDef) -> ir::OpsStruct {
        self.c_ident(&o.name, "ops struct");
        self.not_core(&format!("struct {}", o.name.node), o.name.span);
        let doc = self.doc(&o.doc);
        let mut names = HashMap::new();
        let mut ops = Vec::new();
        for op in &o.ops {
            if op.name.node == "ops" {
                self.errs.resolve(
                    Diagnostic::error(op.name.span, "an op cannot be named `ops`")
                        .hint("`ops` is the embedded `struct dma_buf_mapping_exp_ops` member"),
                );
                continue;
            }
            if self.dup(&mut names, &op.name, "op") {
                continue;
            }
            self.c_ident(&op.name, "op");
            let odoc = self.doc(&op.doc);
            let params = self.params(&op.params, "parameter");
            let (ret, failure) = self.ret(&op.ret);
            ops.push(ir::Op {
                name: op.name.node.clone(),
                doc: odoc,
                required: op.required,
                params,
                ret,
                failure,
                undoes: op.undoes.as_ref().map(|u| u.node.clone()),
            });
        }
        self.pairs(o, &mut ops);
        if ops.is_empty() {
            self.errs.check(Diagnostic::error(o.name.span, "an exporter ops struct needs at least one op"));
        }
        ir::OpsStruct { name: o.name.node.clone(), doc, ops }
    }

    /// Checks the `undoes` each op states, and infers it where exactly one
    /// op takes the struct pointer another returns.
    fn pairs(&mut self, o: &ast::OpsDef, ops: &mut [ir::Op]) {
        let mut undone: HashMap<String, &ast::Ident> = HashMap::new();
        for def in &o.ops {
            let Some(u) = &def.undoes else { continue };
            if u.node == def.name.node {
                self.errs.check(Diagnostic::error(u.span, format!("op `{}` cannot undo itself", u.node)));
            } else if !ops.iter().any(|x| x.name == u.node) {
                let names: Vec<&str> = ops.iter().map(|x| x.name.as_str()).collect();
                self.unknown(u, "op", names, "`undoes` names the op whose work this one reverses");
            } else if let Some(prev) = undone.get(&u.node) {
                self.errs.check(
                    Diagnostic::error(u.span, format!("op `{}` is already undone by `{}`", u.node, prev.node))
                        .related(prev.span, "undone here")
                        .hint("one op reverses each op"),
                );
            } else {
                undone.insert(u.node.clone(), &def.name);
            }
        }
        let stated =
            |x: &ir::Op, all: &[ir::Op]| x.undoes.is_some() || all.iter().any(|y| y.undoes.as_deref() == Some(&x.name));
        let mut inferred = Vec::new();
        for (i, producer) in ops.iter().enumerate() {
            let Some(ret) = producer.ret.as_ref().filter(|r| r.is_pointer() && r.tag_name().is_some()) else {
                continue;
            };
            if stated(producer, ops) {
                continue;
            }
            let takers: Vec<usize> = (0..ops.len())
                .filter(|&j| {
                    j != i && !stated(&ops[j], ops) && ops[j].params.iter().skip(1).any(|p| p.ty.same_shape(ret))
                })
                .collect();
            if let [j] = takers[..] {
                inferred.push((j, producer.name.clone()));
            }
        }
        for (j, name) in inferred {
            ops[j].undoes = Some(name);
        }
        // A map with no unmap gets no pair tests and no export-parity check;
        // a `const` result stays the exporter's, so there is nothing to undo.
        for (def, op) in o.ops.iter().zip(ops.iter()) {
            let lent = op.ret.as_ref().is_some_and(|r| r.is_pointer() && r.base_const());
            if op.name.starts_with("map") && !lent && !ops.iter().any(|x| x.undoes.as_deref() == Some(&op.name)) {
                self.errs.warn(
                    Diagnostic::warning(def.name.span, format!("no op undoes `{}`", op.name))
                        .hint(format!("if an op releases what `{}` makes, say so: `... undoes {};`", op.name, op.name)),
                );
            }
        }
    }

    pub(super) fn externs(&mut self, defs: &[&ast::ExternDef]) -> Vec<ir::Extern> {
        let mut names = HashMap::new();
        let mut out = Vec::new();
        for e in defs {
            if self.dup(&mut names, &e.name, "extern") {
                continue;
            }
            self.c_ident(&e.name, "extern");
            let doc = self.doc(&e.doc);
            let params = self.params(&e.params, "parameter");
            let (ret, failure) = self.ret(&e.ret);
            if failure != ir::Failure::None {
                // The IR has nowhere to keep it: a rule would compare an
                // ERR_PTR as an ordinary pointer.
                let span = e.ret.as_ref().map_or(e.name.span, |r| r.ty.span);
                self.errs.check(
                    Diagnostic::error(
                        span,
                        format!(
                            "extern `{}` cannot be declared `or {}`",
                            e.name.node,
                            if failure == ir::Failure::Errno { "errno" } else { "ERR_PTR" }
                        ),
                    )
                    .hint(
                        "rules compare what an extern returns as it is; \
                         declare a function that returns NULL on failure",
                    ),
                );
            }
            let h = &e.header.node;
            if h.contains("..")
                || h.starts_with('/')
                || !h.ends_with(".h")
                || !h.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.".contains(c))
            {
                self.errs.check(
                    Diagnostic::error(e.header.span, format!("`<{h}>` is not a kernel header"))
                        .hint("name a header such as <linux/pci.h>"),
                );
            }
            out.push(ir::Extern { name: e.name.node.clone(), doc, params, ret, header: h.clone() });
        }
        out
    }
}
