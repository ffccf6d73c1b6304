//! Entry points and export policies.

use std::collections::HashMap;

use crate::ast;
use crate::diag::{Diagnostic, Span};
use crate::ir;

use super::results::returns_struct;
use super::TypeLowerer;

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
                Some((p, _)) => self.policy(p),
                None => t.export.clone(),
            };
            let validates = op
                .ret
                .as_ref()
                .and_then(|r| t.results.iter().find(|x| returns_struct(r, &x.name)))
                .map(|x| x.name.clone());
            if validates.is_some() && !op.err_ptr {
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
            out.push((
                ir::Entry {
                    name: e.name.node.clone(),
                    doc,
                    op: op.name.clone(),
                    lock,
                    export,
                    validates,
                    partner: None,
                },
                e.export.as_ref().map_or(e.name.span, |x| x.1),
            ));
        }
        // Partners: one entry's op consumes what another's returns (map/unmap).
        let mut pairs = Vec::new();
        for i in 0..out.len() {
            for j in 0..out.len() {
                if i == j {
                    continue;
                }
                let (Some(producer), Some(consumer)) = (t.op(&out[i].0.op), t.op(&out[j].0.op)) else { continue };
                let Some(ret) = &producer.ret else { continue };
                if !ret.is_pointer() || ret.tag_name().is_none() {
                    continue;
                }
                let consumes = consumer.params.iter().skip(1).any(|p| p.ty.same_shape(ret));
                if consumes {
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

    pub(super) fn policy(&mut self, p: &ast::ExportPolicy) -> ir::Export {
        match p {
            ast::ExportPolicy::Gpl(_) => ir::Export::Gpl,
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
