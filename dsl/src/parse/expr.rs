//! Rule blocks and expressions.

use crate::ast::*;

use super::{Builder, Rule, P};

impl Builder {
    pub(super) fn block(&self, p: P) -> Vec<Stmt> {
        p.into_inner()
            .map(|s| {
                let span = self.span(&s);
                let rule = s.as_rule();
                let mut it = s.into_inner();
                let doc = self.docs(it.next().expect("docs"));
                let cond = self.expr(it.next().expect("cond"));
                match rule {
                    Rule::when_stmt => Stmt::When { doc, cond, body: self.block(it.next().expect("block")), span },
                    _ => {
                        let mut warn = false;
                        let mut errno = None;
                        for x in it {
                            match x.as_rule() {
                                Rule::warn => warn = true,
                                _ => errno = Some(self.ident(x)),
                            }
                        }
                        Stmt::Require { doc, cond, warn, errno: errno.expect("errno"), span }
                    }
                }
            })
            .collect()
    }

    pub(super) fn path(&self, p: P) -> Path {
        let span = self.span(&p);
        Path { parts: p.into_inner().map(|i| self.ident(i)).collect(), span }
    }

    /// A binary operator (`||`, `&&`, a comparison, `|`, `&` or `has`).
    pub(super) fn cmp_op(&self, p: P) -> BinOp {
        match p.as_str() {
            "||" => BinOp::Or,
            "&&" => BinOp::And,
            "==" => BinOp::Eq,
            "!=" => BinOp::Ne,
            "<" => BinOp::Lt,
            "<=" => BinOp::Le,
            ">" => BinOp::Gt,
            ">=" => BinOp::Ge,
            "|" => BinOp::BitOr,
            "&" => BinOp::BitAnd,
            _ => BinOp::Has,
        }
    }

    /// `unary ((| or &) unary)*`: `&` binds tighter than `|`, both to the left.
    fn bits(&self, parts: Vec<P>) -> Expr {
        let join = |lhs: Expr, op, rhs: Expr| {
            let span = lhs.span().to(rhs.span());
            Expr::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs), span }
        };
        let mut it = parts.into_iter();
        let mut or: Option<Expr> = None;
        let mut and = self.expr(it.next().expect("an operand"));
        while let Some(op) = it.next() {
            let rhs = self.expr(it.next().expect("an operand"));
            if self.cmp_op(op) == BinOp::BitAnd {
                and = join(and, BinOp::BitAnd, rhs);
            } else {
                let done = std::mem::replace(&mut and, rhs);
                or = Some(match or {
                    None => done,
                    Some(l) => join(l, BinOp::BitOr, done),
                });
            }
        }
        match or {
            None => and,
            Some(l) => join(l, BinOp::BitOr, and),
        }
    }

    pub(super) fn expr(&self, p: P) -> Expr {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::cmp_expr => {
                // `bits (cmp bits)?`, where `bits` is `unary ((| or &) unary)*`, flat.
                let parts: Vec<P> = p.into_inner().collect();
                let at = parts.iter().position(|x| matches!(x.as_rule(), Rule::cmp_op | Rule::has_op));
                match at {
                    None => self.bits(parts),
                    Some(i) => {
                        let mut parts = parts;
                        let rhs_parts = parts.split_off(i + 1);
                        let op = self.cmp_op(parts.pop().expect("the comparison"));
                        let (lhs, rhs) = (self.bits(parts), self.bits(rhs_parts));
                        let span = lhs.span().to(rhs.span());
                        Expr::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs), span }
                    }
                }
            }
            Rule::expr | Rule::and_expr => {
                let mut it = p.into_inner();
                let mut lhs = self.expr(it.next().expect("operand"));
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next().expect("operand"));
                    let op = self.cmp_op(op);
                    let span = lhs.span().to(rhs.span());
                    lhs = Expr::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs), span };
                }
                lhs
            }
            Rule::unary => {
                let parts: Vec<P> = p.into_inner().collect();
                let (nots, rest) = parts.split_at(parts.len() - 1);
                let mut e = self.expr(rest[0].clone());
                for n in nots.iter().rev() {
                    let s = self.span(n).to(e.span());
                    e = Expr::Not(Box::new(e), s);
                }
                e
            }
            Rule::call => {
                let mut it = p.into_inner();
                let func = self.ident(it.next().expect("func"));
                Expr::Call { func, args: it.map(|a| self.expr(a)).collect(), span }
            }
            Rule::int => Expr::Int(self.ident(p)),
            Rule::path => Expr::Path(self.path(p)),
            r => unreachable!("not an expression rule: {r:?}"),
        }
    }
}
