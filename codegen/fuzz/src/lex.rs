//! A rough lexer for the language: enough to cut and replace at token
//! boundaries. Plain comments are skipped like whitespace; `///` docs are
//! tokens. It never fails: whatever it does not know is one-character punct.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Ident,
    Number,
    Str,
    Header,
    Doc,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

const TWO_CHAR: [&str; 8] = ["->", "=>", "==", "!=", "<=", ">=", "&&", "||"];

pub fn lex(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let line_end = |i: usize| text[i..].find('\n').map_or(text.len(), |n| i + n);
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let c = b[i];
        let (end, kind) = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if rest.starts_with("///") {
            (line_end(i), Kind::Doc)
        } else if rest.starts_with("//") {
            i = line_end(i);
            continue;
        } else if rest.starts_with("/*") {
            i = rest.find("*/").map_or(text.len(), |n| i + n + 2);
            continue;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            (i + rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len()), Kind::Ident)
        } else if c.is_ascii_digit() {
            (i + rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len()), Kind::Number)
        } else if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let mut end = (j + 1).min(b.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, Kind::Str)
        } else if c == b'<' && out.last().is_some_and(|t| &text[t.start..t.end] == "from") {
            (rest.find('>').map_or(text.len(), |n| i + n + 1), Kind::Header)
        } else if TWO_CHAR.iter().any(|op| rest.starts_with(op)) {
            (i + 2, Kind::Punct)
        } else {
            (i + rest.chars().next().map_or(1, char::len_utf8), Kind::Punct)
        };
        out.push(Tok { start: i, end, kind });
        i = end;
    }
    out
}
