//! IR expressions -> C, with precedence-aware parentheses and wrapping at
//! `&&`, `||` and call arguments so conditions stay within 80 columns.

use maptype_dsl::ir::{BinOp, Expr, Side, Value};

use super::layout::{pad_to, width, WIDTH};

/// How the generated function names the places an expression reads.
pub struct Names<'a> {
    /// Local pointing at the exporter candidate's data.
    pub exp: &'a str,
    /// Local pointing at the importer candidate's data.
    pub imp: &'a str,
    /// Local pointing at the stored (negotiated) data.
    pub stored: &'a str,
    /// Prefix of the stub-able extern wrappers, e.g. `dma_buf_mapping_sgt_`.
    pub wrapper_prefix: &'a str,
}

enum Doc {
    Text(String),
    Call(String, Vec<Doc>),
    Bin(Box<Doc>, &'static str, Box<Doc>),
    Not(Box<Doc>),
    Paren(Box<Doc>),
}

/// Precedence a `!` operand is printed under: above every binary operator.
pub const PREFIX: u8 = 6;

/// Precedence the operands of `op` are printed under. Comparisons do not
/// chain (C reads them oddly, Rust rejects them), and C binds `&` and `|`
/// looser than comparisons, so a comparison operand that is itself a
/// comparison or a bitwise operation gets parentheses.
pub fn operand_precedence(op: BinOp) -> u8 {
    let p = op.precedence();
    if p == BinOp::Eq.precedence() {
        PREFIX
    } else {
        p
    }
}

pub fn value(v: &Value) -> String {
    match v {
        Value::Int { value } => value.to_string(),
        Value::Bool { value } => value.to_string(),
        Value::Null => "NULL".into(),
        Value::EnumConst { name, .. } => name.clone(),
    }
}

fn doc(e: &Expr, n: &Names, parent: u8) -> Doc {
    match e {
        Expr::Value { value: v } => Doc::Text(value(v)),
        Expr::Field { side, field } => {
            let base = match side {
                Side::Exp => n.exp,
                Side::Imp => n.imp,
                Side::Stored => n.stored,
            };
            Doc::Text(format!("{base}->{field}"))
        }
        Expr::Call { func, args } => {
            Doc::Call(format!("{}{func}", n.wrapper_prefix), args.iter().map(|a| doc(a, n, 0)).collect())
        }
        Expr::Not { expr } => Doc::Not(Box::new(doc(expr, n, PREFIX))),
        Expr::Binary { op, lhs, rhs } => {
            let p = op.precedence();
            let inner = operand_precedence(*op);
            let d = Doc::Bin(Box::new(doc(lhs, n, inner)), op.c(), Box::new(doc(rhs, n, inner)));
            if p < parent {
                Doc::Paren(Box::new(d))
            } else {
                d
            }
        }
    }
}

fn flat(d: &Doc) -> String {
    match d {
        Doc::Text(t) => t.clone(),
        Doc::Call(f, args) => format!("{f}({})", args.iter().map(flat).collect::<Vec<_>>().join(", ")),
        Doc::Bin(l, op, r) => format!("{} {op} {}", flat(l), flat(r)),
        Doc::Not(x) => format!("!{}", flat(x)),
        Doc::Paren(x) => format!("({})", flat(x)),
    }
}

/// Lays `d` out starting at column `col`, with `tail` following its last line.
fn layout(d: &Doc, col: usize, tail: usize) -> String {
    let f = flat(d);
    if col + f.len() + tail <= WIDTH {
        return f;
    }
    match d {
        Doc::Text(t) => t.clone(),
        Doc::Not(x) => format!("!{}", layout(x, col + 1, tail)),
        Doc::Paren(x) => format!("({})", layout(x, col + 1, tail + 1)),
        Doc::Bin(l, op, r) => {
            let left = layout(l, col, op.len() + 1);
            format!("{left} {op}\n{}{}", pad_to(col), layout(r, col, tail))
        }
        Doc::Call(func, args) => {
            let open = col + func.len() + 1;
            let mut out = format!("{func}(");
            let mut line = open;
            for (i, a) in args.iter().enumerate() {
                let last = i + 1 == args.len();
                let after = if last { 1 + tail } else { 1 };
                let piece = layout(a, open, after);
                if i > 0 {
                    let first_line = piece.lines().next().unwrap_or("");
                    if !piece.contains('\n') && line + 1 + first_line.len() + after <= WIDTH {
                        out.push(' ');
                        line += 1;
                    } else {
                        out.push('\n');
                        out.push_str(&pad_to(open));
                        line = open;
                    }
                }
                out.push_str(&piece);
                line = match piece.rfind('\n') {
                    Some(i) => width(&piece[i + 1..]),
                    None => line + piece.len(),
                };
                out.push_str(if last { ")" } else { "," });
                line += 1;
            }
            out
        }
    }
}

/// `e` as C, laid out for a position starting at column `col`, followed by
/// `tail` more characters on its last line.
pub fn render(e: &Expr, n: &Names, col: usize, tail: usize) -> String {
    layout(&doc(e, n, 0), col, tail)
}

/// The negation of `e`, written the way a person would (`a != b`, `!p`).
pub fn negate(e: &Expr) -> Expr {
    match e {
        Expr::Not { expr } => (**expr).clone(),
        Expr::Binary { op, lhs, rhs } if flipped(*op).is_some() => {
            Expr::Binary { op: flipped(*op).unwrap_or(*op), lhs: lhs.clone(), rhs: rhs.clone() }
        }
        other => Expr::Not { expr: Box::new(other.clone()) },
    }
}

/// The comparison that holds exactly when `op` does not; none for an
/// operator that is no comparison.
fn flipped(op: BinOp) -> Option<BinOp> {
    op.is_comparison().then(|| op.negated())
}

/// Renders the negation; `Not` of a compound gets parentheses.
pub fn render_negated(e: &Expr, n: &Names, col: usize, tail: usize) -> String {
    let neg = negate(e);
    if let Expr::Not { expr } = &neg {
        if matches!(**expr, Expr::Binary { .. }) {
            return format!("!({})", layout(&doc(expr, n, 0), col + 2, tail + 1));
        }
    }
    render(&neg, n, col, tail)
}
