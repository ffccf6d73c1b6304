//! Result fields and invariants.

use crate::ast::*;

use super::{Builder, Rule, P};

impl Builder {
    pub(super) fn result_field(&self, p: P) -> ResultField {
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let name = self.ident(it.next().expect("name"));
        let ty = self.ctype(it.next().expect("type"));
        let mut counted_by = None;
        let mut ranges = None;
        if let Some(c) = it.next() {
            let mut ci = c.into_inner();
            counted_by = Some(self.ident(ci.next().expect("count")));
            if let (Some(a), Some(l)) = (ci.next(), ci.next()) {
                ranges = Some((self.ident(a), self.ident(l)));
            }
        }
        ResultField { doc, name, ty, counted_by, ranges }
    }

    pub(super) fn invariants(&self, p: P) -> InvariantBlock {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let array = self.ident(it.next().expect("array"));
        let items = it
            .map(|inv| {
                let ispan = self.span(&inv);
                let mut ii = inv.into_inner();
                let doc = self.docs(ii.next().expect("docs"));
                let k = ii.next().expect("kind");
                let kind = match k.as_rule() {
                    Rule::inv_nonempty => InvariantKind::Nonempty,
                    Rule::inv_no_overflow => InvariantKind::NoOverflow,
                    Rule::inv_no_overlap => InvariantKind::NoOverlap,
                    Rule::inv_total => InvariantKind::Total(self.path(k.into_inner().next().expect("path"))),
                    Rule::inv_count_max => {
                        let mut ki = k.into_inner();
                        let total = self.path(ki.next().expect("path"));
                        let unit = self.ident(ki.next().expect("unit"));
                        InvariantKind::CountMax { total, unit }
                    }
                    Rule::inv_each_nonzero => InvariantKind::EachNonzero(self.ident(k.into_inner().next().expect("f"))),
                    _ => {
                        let mut ki = k.into_inner();
                        let f = self.ident(ki.next().expect("field"));
                        let a = self.ident(ki.next().expect("align"));
                        InvariantKind::EachAligned(f, a)
                    }
                };
                let errno = ii.next().map(|e| self.ident(e));
                InvariantDef { doc, kind, errno, span: ispan }
            })
            .collect();
        InvariantBlock { doc, array, items, span }
    }
}
