//! Canonical layout for definition files.
//!
//! The formatter works on tokens, not on the syntax tree: the text is split
//! into words, punctuation, strings, headers and comments (remembering how
//! many newlines preceded each), and re-emitted with fixed spacing rules.
//! Tokens are never reordered, so comments stay where they were and the
//! result parses to the same definition. The only tokens added or dropped
//! are optional commas (a trailing comma after the last enumerator is added,
//! one before the `}` of an inline `in { ... }` set is dropped).
//!
//! Rules, in short:
//! - 4 spaces per block depth; `{` ends its header line, `}` gets its own line;
//!   an empty block is written `{}`.
//! - One statement per line: a line ends after `;`, after a block's `{` or
//!   `}`, after each enumerator's `,`, and after every `//` or `///` comment.
//! - Single spaces between tokens, except none before `; , ) ] : . [`, none
//!   after `( [ . !`, none between a function name and its `(`, none between
//!   `**`, and `*const` written together.
//! - A line break the author put where a space would go inside a statement
//!   is kept, with the continuation indented one level deeper.
//! - A line that would pass 100 columns (the kernel's limit) is broken at
//!   its last space after a `,` or before `->`, `else`, `&&` or `||`, else
//!   before the token that does not fit, and continues one level deeper; a
//!   token that cannot be split (a string, a comment, a run of tokens
//!   without spaces) may still leave a longer line.
//! - At most one blank line between statements (kept if the source had
//!   one); none after `{`, before `}`, or between a doc comment and what it
//!   documents.
//! - A comment that followed code on the same line stays there, one space
//!   after it; a comment on its own line stays on its own line.
//! - Exactly one newline at the end.

use crate::ast::{File, Item};
use crate::diag::Diagnostic;

/// Columns a formatted line may take, as in the kernel's coding style.
pub const MAX_COLUMNS: usize = 100;

/// Returns `text` in canonical layout. Comments are kept; the result parses
/// to the same definition and formatting it again changes nothing.
pub fn format_source(file: usize, text: &str) -> Result<String, Diagnostic> {
    let ast = crate::parse::parse_file(file, text)?;
    let toks = lex(text, &header_spans(&ast));
    Ok(Printer::new().run(&toks))
}

/// Byte ranges of `<...>` headers. `<` is also an operator and the header
/// rule is atomic, so the parser decides which is which, not the lexer.
fn header_spans(f: &File) -> Vec<(usize, usize)> {
    f.types
        .iter()
        .flat_map(|t| &t.items)
        .filter_map(|i| match i {
            Item::Extern(e) => Some((e.header.span.start, e.header.span.end)),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Str,
    Header,
    Punct,
    /// Anything the grammar cannot contain outside strings and comments.
    Other,
    Doc,
    Line,
    Block,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    /// Newlines in the whitespace before the token.
    nl: usize,
}

impl Tok<'_> {
    fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::Doc | Kind::Line | Kind::Block)
    }

    fn is(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.text == p
    }
}

const PUNCT2: [&str; 8] = ["->", "=>", "==", "!=", "<=", ">=", "||", "&&"];
const PUNCT1: &[u8] = b"{}()[];,:.=<>!*/+-";

/// Splits `text` the way the grammar does. Total on any input: unterminated
/// strings and comments run to the end of the line or file.
fn lex<'a>(text: &'a str, headers: &[(usize, usize)]) -> Vec<Tok<'a>> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut nl = 0;
    // A UTF-8 byte-order mark is not part of the definition: the parser
    // skips it and the canonical layout has none.
    let mut i = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    while i < n {
        let c = b[i];
        if c == b'\n' {
            nl += 1;
            i += 1;
            continue;
        }
        if matches!(c, b' ' | b'\t' | b'\r') {
            i += 1;
            continue;
        }
        let start = i;
        let rest = &text[i..];
        let header = headers.iter().find(|h| h.0 == i && h.1 > i && h.1 <= n && text.is_char_boundary(h.1));
        let kind = if let Some(&(_, end)) = header {
            i = end;
            Kind::Header
        } else if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
            if rest.starts_with("///") && !rest.starts_with("////") {
                Kind::Doc
            } else {
                Kind::Line
            }
        } else if let Some(body) = rest.strip_prefix("/*") {
            i += body.find("*/").map_or(rest.len(), |e| e + 4);
            Kind::Block
        } else if c == b'"' {
            i += 1;
            while i < n {
                match b[i] {
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\n' => break,
                    // Skipping one byte past `\` may land inside a multi-byte
                    // character; the scan only stops on ASCII, so that is fine.
                    b'\\' => i = (i + 2).min(n),
                    _ => i += 1,
                }
            }
            Kind::Str
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Kind::Word
        } else if c.is_ascii_digit() {
            if rest.starts_with("0x") && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit) {
                i += 2;
                while i < n && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
            } else {
                while i < n && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            Kind::Word
        } else if PUNCT2.iter().any(|p| rest.starts_with(p)) {
            i += 2;
            Kind::Punct
        } else if PUNCT1.contains(&c) {
            i += 1;
            Kind::Punct
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            Kind::Other
        };
        let mut tok = &text[start..i];
        if matches!(kind, Kind::Doc | Kind::Line) {
            tok = tok.trim_end();
        }
        out.push(Tok { kind, text: tok, nl });
        nl = 0;
    }
    out
}

/// What a `{ ... }` holds; decides how its commas and braces are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Outside any brace: `mapping_type` definitions.
    Top,
    /// The body of a `mapping_type`.
    Items,
    /// An `enum` body: `,` ends an enumerator like `;` ends a statement.
    Enum,
    /// A `data` body, whose only braces are inline `in { ... }` sets.
    Data,
    /// `in { A, B }`: stays on the line, no indentation.
    Inline,
    Other,
}

struct Frame<'a> {
    ctx: Ctx,
    /// First token of the statement being read (its keyword, if it has one).
    first: &'a str,
    /// Tokens (not comments) of the statement so far; 0 between statements.
    count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Glue,
    Space,
    Newline,
}

struct Printer<'a> {
    out: String,
    stack: Vec<Frame<'a>>,
    /// Indentation level: braces open, not counting inline sets.
    depth: usize,
    /// A line break is owed before the next token that is not a trailing comment.
    break_owed: bool,
    /// The current output line ends in a block `{` (maybe plus comments).
    after_open: bool,
    prev: Option<Tok<'a>>,
    prev_sig: Option<Tok<'a>>,
    /// Columns of the token being printed and the tokens glued after it:
    /// what must fit on the line if a space goes before it.
    unit: usize,
    /// Byte offset in `out` of the current line's last space where a break
    /// reads well.
    good_break: Option<usize>,
}

impl<'a> Printer<'a> {
    fn new() -> Self {
        Printer {
            out: String::new(),
            stack: vec![Frame { ctx: Ctx::Top, first: "", count: 0 }],
            depth: 0,
            break_owed: false,
            after_open: false,
            prev: None,
            prev_sig: None,
            unit: 0,
            good_break: None,
        }
    }

    fn frame(&mut self) -> &mut Frame<'a> {
        if self.stack.is_empty() {
            self.stack.push(Frame { ctx: Ctx::Top, first: "", count: 0 });
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn run(mut self, toks: &[Tok<'a>]) -> String {
        // next_sig[k]: index of the first non-comment token after k.
        let mut next_sig = vec![None; toks.len()];
        let mut next = None;
        for k in (0..toks.len()).rev() {
            next_sig[k] = next;
            if !toks[k].is_comment() {
                next = Some(k);
            }
        }
        let closes = |k: usize| next_sig[k].is_some_and(|j| toks[j].is("}"));
        for (k, t) in toks.iter().enumerate() {
            self.unit = width(t.text)
                + toks[k + 1..]
                    .iter()
                    .zip(&toks[k..])
                    .take_while(|(n, p)| glued(p, n))
                    .map(|(n, _)| width(n.text))
                    .sum::<usize>();
            let ctx = self.frame().ctx;
            if ctx == Ctx::Inline && t.is(",") && closes(k) {
                continue;
            }
            self.token(*t);
            if self.frame().ctx == Ctx::Enum && !t.is_comment() && !t.is(",") && !t.is("{") && closes(k) {
                self.token(Tok { kind: Kind::Punct, text: ",", nl: 0 });
            }
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn token(&mut self, t: Tok<'a>) {
        let frame_ctx = self.frame().ctx;
        let closes_block = t.is("}") && !matches!(frame_ctx, Ctx::Top | Ctx::Inline);
        let sep = match self.prev {
            None => Sep::Glue,
            // A comment that followed code on its line stays on that line.
            Some(_) if matches!(t.kind, Kind::Line | Kind::Block) && t.nl == 0 => Sep::Space,
            Some(p) if closes_block && p.is("{") => {
                self.break_owed = false;
                self.after_open = false;
                Sep::Glue
            }
            Some(_) if self.break_owed || t.kind == Kind::Doc || closes_block => Sep::Newline,
            Some(p) => {
                let closer = [";", ",", ")", "]"].iter().any(|s| t.is(s));
                let base = if p.is_comment() && closer {
                    Sep::Glue
                } else if p.is_comment() || t.is_comment() {
                    Sep::Space
                } else {
                    self.pair(t)
                };
                let inline_close = t.is("}") && frame_ctx == Ctx::Inline;
                // A comment stays where it was: moved down, a trailing one
                // would seem to describe the next line.
                let mut too_long = !t.is_comment() && self.column() + 1 + self.unit > MAX_COLUMNS;
                if base == Sep::Space && too_long && t.nl == 0 && !inline_close && !self.good_break_before(t) {
                    if let Some(at) = self.good_break.take() {
                        let indent = " ".repeat((self.depth + 1) * 4);
                        self.out.replace_range(at..at + 1, &format!("\n{indent}"));
                        too_long = self.column() + 1 + self.unit > MAX_COLUMNS;
                    }
                }
                if base == Sep::Space && (t.nl > 0 || too_long) && !inline_close {
                    Sep::Newline
                } else {
                    base
                }
            }
        };
        match sep {
            Sep::Glue => {}
            Sep::Space => {
                if self.good_break_before(t) {
                    self.good_break = Some(self.out.len());
                }
                self.out.push(' ');
            }
            Sep::Newline => {
                self.good_break = None;
                let f = self.frame();
                // An inline set is always inside its field's statement.
                let between_stmts = f.count == 0 && f.ctx != Ctx::Inline;
                let after_doc = self.prev.is_some_and(|p| p.kind == Kind::Doc);
                let blank = t.nl >= 2 && between_stmts && !self.after_open && !after_doc && !closes_block;
                self.out.push('\n');
                if blank {
                    self.out.push('\n');
                }
                let indent = if closes_block {
                    self.depth.saturating_sub(1)
                } else if between_stmts {
                    self.depth
                } else {
                    self.depth + 1
                };
                self.out.push_str(&" ".repeat(indent * 4));
                self.break_owed = false;
                self.after_open = false;
            }
        }
        self.out.push_str(t.text);
        self.prev = Some(t);
        match t.kind {
            Kind::Doc | Kind::Line => self.break_owed = true,
            Kind::Block => {}
            _ => self.advance(t),
        }
    }

    /// Updates statement and block state after a token that is not a comment.
    fn advance(&mut self, t: Tok<'a>) {
        let f = self.frame();
        if t.is("{") {
            f.count += 1;
            let ctx = match (f.ctx, f.first) {
                (Ctx::Top, _) => Ctx::Items,
                // Keywords need no space after them (`enumX {` is enum `X`).
                (Ctx::Items, w) if w.starts_with("enum") || w.starts_with("flags") => Ctx::Enum,
                (Ctx::Items, w) if w.starts_with("data") => Ctx::Data,
                (Ctx::Data | Ctx::Inline, _) => Ctx::Inline,
                _ => Ctx::Other,
            };
            self.stack.push(Frame { ctx, first: "", count: 0 });
            if ctx != Ctx::Inline {
                self.depth += 1;
                self.break_owed = true;
                self.after_open = true;
            }
        } else if t.is("}") && f.ctx != Ctx::Top {
            let ctx = f.ctx;
            self.stack.pop();
            if ctx == Ctx::Inline {
                self.frame().count += 1;
            } else {
                self.depth = self.depth.saturating_sub(1);
                self.end_stmt();
            }
        } else if t.is(";") || (t.is(",") && f.ctx == Ctx::Enum) {
            self.end_stmt();
        } else {
            if f.count == 0 {
                f.first = t.text;
            }
            f.count += 1;
        }
        self.prev_sig = Some(t);
    }

    /// Whether a line break before `t` reads well: after a `,`, or before
    /// `->`, `else`, `&&` or `||`.
    fn good_break_before(&self, t: Tok) -> bool {
        self.prev.is_some_and(|p| p.is(","))
            || ["->", "&&", "||"].iter().any(|s| t.is(s))
            || (t.kind == Kind::Word && t.text == "else")
    }

    /// Columns of the output's last line.
    fn column(&self) -> usize {
        width(self.out.rsplit('\n').next().unwrap_or(""))
    }

    fn end_stmt(&mut self) {
        let f = self.frame();
        f.first = "";
        f.count = 0;
        self.break_owed = true;
    }

    /// Spacing between the previous token and `t` on the same line.
    fn pair(&mut self, t: Tok<'a>) -> Sep {
        let Some(p) = self.prev_sig else { return Sep::Space };
        if [";", ",", ")", "]", ":", ".", "["].iter().any(|s| t.is(s)) {
            return Sep::Glue;
        }
        if ["(", "[", ".", "!"].iter().any(|s| p.is(s)) {
            return Sep::Glue;
        }
        // A name right before `(` is called or declared: `f(x)`. The first
        // word of a statement is its keyword: `require (a || b) ...`.
        if t.is("(") && p.kind == Kind::Word && self.frame().count != 1 {
            return Sep::Glue;
        }
        if (t.is("*") && p.is("*")) || (p.is("*") && t.kind == Kind::Word && t.text == "const") {
            return Sep::Glue;
        }
        Sep::Space
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Whether `next` is printed right after `prev` without a space: the
/// spacing rules of [`Printer::pair`] that do not depend on the statement,
/// so a line is broken before a whole `f(x);`, not inside it.
fn glued(prev: &Tok, next: &Tok) -> bool {
    // A line break before a closer does not part it from what it closes:
    // the printer glues it all the same, so its width counts here too.
    if prev.is_comment() || next.is_comment() {
        return false;
    }
    [";", ",", ")", "]", ":", ".", "["].iter().any(|s| next.is(s))
        || ["(", "[", ".", "!"].iter().any(|s| prev.is(s))
        || (next.is("(") && prev.kind == Kind::Word)
        || (next.is("*") && prev.is("*"))
}
