//! Text -> syntax tree, with pest. Syntax errors become located diagnostics.

use pest::iterators::Pair;
use pest::Parser as _;

use crate::ast::*;
use crate::diag::Diagnostic;

mod errors;
mod expr;
mod items;
mod results;

use errors::{classic_syntax_error, floor_char_boundary, forbidden_char, found_token, syntax_error};

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

type P<'a> = Pair<'a, Rule>;

/// Parses one file. A syntax error stops the file (pest reports the first).
pub fn parse_file(file: usize, text: &str) -> Result<File, Diagnostic> {
    // Before the grammar: these characters are refused in comments too,
    // which the grammar skips and the formatter keeps.
    if let Some(d) = forbidden_char(file, text) {
        return Err(d);
    }
    let mut pairs = match Grammar::parse(Rule::file, text) {
        Ok(p) => p,
        // Recording every attempt makes all parses markedly slower, so only
        // a failed parse is repeated with it, for the message.
        Err(e) if matches!(e.variant, pest::error::ErrorVariant::CustomError { .. }) => {
            return Err(too_deep(file, text, &e))
        }
        Err(e) => {
            return Err(match with_error_detail(|| Grammar::parse(Rule::file, text)) {
                Err(detailed) => syntax_error(file, text, detailed),
                Ok(_) => classic_syntax_error(file, text, e),
            })
        }
    };
    let top = pairs.next().expect("pest returns the file rule on success");
    check_nesting(file, text, &top)?;
    let b = Builder { file, repeated: Default::default() };
    let types = top.into_inner().filter(|p| p.as_rule() == Rule::mapping_type).map(|p| b.mapping_type(p)).collect();
    match b.repeated.into_inner() {
        Some(d) => Err(d),
        None => Ok(File { types }),
    }
}

/// Deepest rule nesting accepted, and most children of one operator chain
/// (`a && b && ...`, `!!x`). Building the syntax tree and checking it recurse
/// over both, so a hostile file could otherwise overflow the stack (2 MiB in
/// a test thread) and abort instead of getting an error. The seeds nest 20
/// deep and chain 3.
const MAX_NESTING: usize = 100;
const MAX_CHAIN: usize = 32;

/// Enforces the limits above, without recursion: pest's token stream is flat.
fn check_nesting(file: usize, text: &str, top: &P) -> Result<(), Diagnostic> {
    let mut open: Vec<(Rule, usize)> = Vec::new();
    for tok in top.clone().tokens() {
        match tok {
            pest::Token::Start { rule, pos } => {
                // Only an error needs the location; most files have none.
                let at = || found_token(file, text, pos.pos()).1;
                if let Some((parent, n)) = open.last_mut() {
                    *n += 1;
                    let too_long = match parent {
                        Rule::expr | Rule::and_expr if *n > MAX_CHAIN => {
                            Some(format!("more than {} operands joined by `&&` or `||`", MAX_CHAIN / 2))
                        }
                        Rule::unary if *n > MAX_CHAIN => Some(format!("more than {} `!` in a row", MAX_CHAIN - 1)),
                        Rule::cmp_expr if *n > MAX_CHAIN => {
                            Some(format!("more than {} operands joined by `&` or `|`", MAX_CHAIN / 2))
                        }
                        _ => None,
                    };
                    if let Some(what) = too_long {
                        return Err(Diagnostic::error(at(), format!("syntax error: {what}"))
                            .hint("split the condition into several `require` rules"));
                    }
                }
                open.push((rule, 0));
                if open.len() > MAX_NESTING {
                    return Err(Diagnostic::error(at(), "syntax error: nested too deeply")
                        .hint("use fewer parentheses or `when` blocks inside each other"));
                }
            }
            pest::Token::End { .. } => {
                open.pop();
            }
        }
    }
    Ok(())
}

/// pest stops with a custom error only when its own stack guard trips.
fn too_deep(file: usize, text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    Diagnostic::error(found_token(file, text, floor_char_boundary(text, pos)).1, "syntax error: nested too deeply")
        .hint("use fewer parentheses or `when` blocks inside each other")
}

/// Runs `f` with pest's error detail on. The switch is process-wide: a count
/// of parses that need it, kept under a lock, turns it off only when none
/// does, so concurrent parses (tests run in threads) always get the detail.
fn with_error_detail<T>(f: impl FnOnce() -> T) -> T {
    static USERS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
    let lock = || USERS.lock().unwrap_or_else(|p| p.into_inner());
    {
        let mut n = lock();
        *n += 1;
        pest::set_error_detail(true);
    }
    let out = f();
    let mut n = lock();
    *n -= 1;
    if *n == 0 {
        pest::set_error_detail(false);
    }
    out
}

struct Builder {
    file: usize,
    /// The grammar cannot say "at most once" for repeated attributes; the
    /// first repeat found is reported as a syntax error.
    repeated: std::cell::RefCell<Option<Diagnostic>>,
}
