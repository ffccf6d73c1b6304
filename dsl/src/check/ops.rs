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
            ops.push(ir::Op { name: op.name.node.clone(), doc: odoc, required: op.required, params, ret, failure });
        }
        if ops.is_empty() {
            self.errs.check(Diagnostic::error(o.name.span, "an exporter ops struct needs at least one op"));
        }
        ir::OpsStruct { name: o.name.node.clone(), doc, ops }
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
