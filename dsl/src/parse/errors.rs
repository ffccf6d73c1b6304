//! Syntax errors: what was expected, what was found, and where it belongs.

use crate::diag::{Diagnostic, Span};

use super::Rule;

fn rule_name(r: &Rule) -> &'static str {
    match r {
        Rule::ident | Rule::base_word => "a name",
        Rule::int => "a number",
        Rule::string => "a string in double quotes",
        Rule::header => "a header such as <linux/pci.h>",
        Rule::mapping_type => "`mapping_type`",
        Rule::ctype => "a C type",
        Rule::expr | Rule::and_expr | Rule::cmp_expr | Rule::unary | Rule::call | Rule::path => "an expression",
        Rule::export_policy => "`ns \"NS\"`, `to_modules \"mod\"` or `gpl`",
        Rule::role => "`importer`, `exporter` or `both`",
        Rule::requiredness => "`required` or `optional`",
        Rule::field => "a field (`importer name: type;`)",
        Rule::op => "an op (`required name(...);`)",
        Rule::enumerator => "an enumerator",
        Rule::value => "a value",
        Rule::cmp_op => "a comparison",
        Rule::or_op => "`||`",
        Rule::and_op => "`&&`",
        Rule::bor_op => "`|`",
        Rule::band_op => "`&`",
        Rule::has_op => "`has`",
        Rule::lock_attr => "`locked resv` or `takes resv`",
        Rule::entry_export => "`export ...`",
        Rule::EOI => "end of file",
        Rule::docs | Rule::doc => "`///` doc comment",
        Rule::item
        | Rule::name_item
        | Rule::export_item
        | Rule::private_item
        | Rule::enum_item
        | Rule::flags_item
        | Rule::data_item
        | Rule::ops_item
        | Rule::importer_item
        | Rule::exporter_item
        | Rule::single_exporter_item
        | Rule::extern_item
        | Rule::compatible_item
        | Rule::on_match_item
        | Rule::accessor_item
        | Rule::ops_accessor_item
        | Rule::entry_item
        | Rule::struct_item
        | Rule::result_item
        | Rule::debugfs_item => "an item (`name`, `enum`, `data`, `exporter ops`, `compatible`, ...)",
        Rule::when_stmt | Rule::require_stmt => "`when` or `require`",
        Rule::keep_stmt | Rule::legacy_stmt => "`keep` or `legacy`",
        Rule::result_field | Rule::invariants => "a result field or `invariants`",
        Rule::invariant
        | Rule::inv_nonempty
        | Rule::inv_count_max
        | Rule::inv_each_nonzero
        | Rule::inv_each_aligned
        | Rule::inv_no_overflow
        | Rule::inv_no_overlap
        | Rule::inv_total => "an invariant",
        _ => "more input",
    }
}

/// Tokens pest tries between any two tokens (whitespace, comments); they say
/// nothing about what is missing, so they never appear in "expected ...".
const TRIVIA: &[&str] = &[" ", "\t", "\r", "\n", "//", "///", "////", "/*"];

/// Every keyword of the grammar.
const KEYWORDS: &[&str] = &[
    "mapping_type",
    "name",
    "export",
    "private",
    "to",
    "module",
    "in",
    "ns",
    "to_modules",
    "gpl",
    "enum",
    "flags",
    "has",
    "data",
    "importer",
    "exporter",
    "both",
    "opaque",
    "as",
    "ops",
    "required",
    "optional",
    "or",
    "ERR_PTR",
    "errno",
    "macro",
    "single_exporter",
    "extern",
    "from",
    "compatible",
    "when",
    "require",
    "warn",
    "else",
    "on_match",
    "keep",
    "legacy",
    "accessor",
    "ops_accessor",
    "entry",
    "locked",
    "takes",
    "resv",
    "struct",
    "since",
    "renamed",
    "result",
    "ranges",
    "invariants",
    "nonempty",
    "count",
    "each",
    "nonzero",
    "aligned",
    "no_overflow",
    "no_overlap",
    "total",
    "debugfs",
    "const",
    "union",
];

/// Keywords that start an item. Where all of them are possible the message
/// names a few instead of seventeen.
const ITEM_KEYWORDS: &[&str] = &[
    "name",
    "export",
    "private",
    "enum",
    "flags",
    "data",
    "exporter",
    "importer",
    "single_exporter",
    "extern",
    "compatible",
    "on_match",
    "accessor",
    "ops_accessor",
    "entry",
    "struct",
    "result",
    "debugfs",
];

pub(super) fn syntax_error(file: usize, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    // With error detail on, pest records every token it tried at the furthest
    // position, literals included; without it, `;` and keywords are invisible
    // and the error lands at the start of the enclosing item.
    let Some(attempts) = e.parse_attempts() else { return classic_syntax_error(file, text, e) };
    let pos = floor_char_boundary(text, attempts.max_position);
    let in_string = attempts.call_stacks().iter().any(|c| c.deepest.get_rule() == Some(&Rule::string_body));
    let mut words: Vec<String> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let (mut name, mut number, mut string) = (false, false, false);
    for t in attempts.expected_tokens() {
        // ParsingToken is not nameable outside pest; its Display is the token
        // itself, or `a..z` for a character range.
        let t = t.to_string();
        match t.as_str() {
            _ if TRIVIA.contains(&t.as_str()) => {}
            "_" | "a..z" | "A..Z" => name = true,
            "0..9" | "0x" => number = true,
            "\"" => string = true,
            _ if t.contains("..") => {}
            _ => {
                if t.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    keywords.push(t.clone());
                }
                words.push(format!("`{t}`"));
            }
        }
    }
    // Name characters expected right after a name only say the name could go
    // on (`dev` -> `device`); that is never what is missing. After a keyword
    // (`else;`) a new name is what is missing.
    // The word's start is found by characters, not bytes: `+ 1` past the
    // last non-word byte landed inside a multibyte character (`/// é` at the
    // end of a file) and panicked.
    let word_start = text[..pos]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map_or(pos, |(i, _)| i);
    let word_before = &text[word_start..pos];
    if !word_before.is_empty() && !KEYWORDS.contains(&word_before) {
        (name, number) = (false, false);
    }
    if in_string {
        // The closing quote is missing: point at the opening one.
        let open = text[..pos].rfind('"').unwrap_or(pos);
        return Diagnostic::error(
            Span { file, start: open, end: open + 1 },
            "syntax error: this string is never closed",
        )
        .hint("close it with `\"` on the same line; write `\\\"` for a quote inside it");
    }
    if ITEM_KEYWORDS.iter().all(|k| keywords.iter().any(|w| w == k)) {
        words.retain(|w| !ITEM_KEYWORDS.iter().any(|k| w.trim_matches('`') == *k));
        words.insert(0, "an item (`name`, `export`, `enum`, `data`, `exporter`, `compatible`, ...)".into());
    }
    // `;` is the usual culprit: name it first.
    if let Some(i) = words.iter().position(|w| w == "`;`") {
        let semi = words.remove(i);
        words.insert(0, semi);
    }
    if let Some(i) = words.iter().position(|w| w == "`!`") {
        // `!`, `(`, a name, a number: the start of an expression.
        words.retain(|w| w != "`!`" && w != "`(`");
        words.insert(i.min(words.len()), "an expression".into());
        (name, number) = (false, false);
    }
    if name {
        words.push("a name".into());
    }
    if number {
        words.push("a number".into());
    }
    if string {
        words.push("a string in double quotes".into());
    }
    let expected = match words.split_last() {
        None => "something else".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    };
    let (found, found_span) = found_token(file, text, pos);
    let mut d;
    // A missing `;` shows up at the next line's first token; point where it
    // belongs, right after the previous token, and show the token found too.
    let prev_end = text[..pos].trim_end().len();
    let gap = &text[prev_end..pos];
    let prev_line = text[..prev_end].rsplit('\n').next().unwrap_or("");
    let belongs_after = words.iter().any(|w| w == "`;`") || words == ["`{`"];
    if belongs_after && gap.contains('\n') && !prev_line.contains("//") && prev_end > 0 {
        d = Diagnostic::error(
            Span { file, start: prev_end, end: prev_end },
            format!("syntax error: expected {expected}, found {found}"),
        )
        .related(found_span, format!("found {found}"));
    } else {
        d = Diagnostic::error(found_span, format!("syntax error: expected {expected}, found {found}"));
    }
    // An item after the type's end usually means one `}` too many before it.
    if words == ["`mapping_type`"] && ITEM_KEYWORDS.contains(&&text[found_span.start..found_span.end]) {
        if let Some(close) = text[..pos].rfind('}') {
            d = d
                .related(Span { file, start: close, end: close + 1 }, "this `}` ends the mapping type")
                .hint("is there one `}` too many before this item?");
        }
    }
    if found_span.start == text.len() {
        if let Some(open) = unclosed_brace(text) {
            d = d.related(Span { file, start: open, end: open + 1 }, "this `{` is never closed");
        }
    }
    let found_text = &text[found_span.start..found_span.end];
    if let Some(c) = found_text.chars().find(|c| !c.is_ascii()) {
        let what = if c == '\u{feff}' { "a byte-order mark" } else { "a non-ASCII character" };
        d = d.hint(format!("{what} (U+{:04X}) can only appear in strings and comments", c as u32));
    } else if found_text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        if let Some(k) = crate::cnames::closest(found_text, keywords.iter().map(String::as_str)) {
            d = d.hint(format!("did you mean `{k}`?"));
        }
    }
    d
}

/// The token at `pos`, described for a message, and its span.
pub(super) fn found_token(file: usize, text: &str, pos: usize) -> (String, Span) {
    let rest = &text[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of file".into(), Span { file, start: pos, end: pos });
    };
    // A word runs on through letters beyond ASCII, so `namé` is shown whole.
    let len = if !c.is_ascii() {
        // The offending character alone, so the caret and the hint agree.
        c.len_utf8()
    } else if c.is_alphanumeric() || c == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
    } else if let Some(op) = ["->", "=>", "==", "!=", "<=", ">=", "&&", "||"].iter().find(|op| rest.starts_with(**op)) {
        op.len()
    } else {
        c.len_utf8()
    };
    let tok = &rest[..len];
    let shown = if c.is_control() || (!c.is_ascii() && !c.is_alphanumeric()) {
        format!("U+{:04X}", c as u32)
    } else if c == '\n' {
        "end of line".into()
    } else {
        format!("`{}`", truncate(tok, 24))
    };
    (shown, Span { file, start: pos, end: pos + len })
}

/// The innermost `{` left open at the end of the text, skipping strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'{' => open.push(i),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

pub(super) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Without recorded attempts (error detail off): name the rules pest tried.
pub(super) fn classic_syntax_error(file: usize, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let pos = floor_char_boundary(text, pos);
    let (found, span) = found_token(file, text, pos);
    let message = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = positives.iter().map(rule_name).collect();
            names.sort_unstable();
            names.dedup();
            let expected = match names.split_last() {
                None => "valid syntax".to_string(),
                Some((last, [])) => last.to_string(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            };
            format!("syntax error: expected {expected}, found {found}")
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    Diagnostic::error(span, message)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(n).collect::<String>())
    }
}

/// The first character no part of a file may hold (see
/// [`crate::cnames::forbidden_char`]): not in names, strings, doc comments,
/// titles, paths, nor in comments, which the formatter keeps.
pub(super) fn forbidden_char(file: usize, text: &str) -> Option<Diagnostic> {
    let (at, c, what) = text.char_indices().find_map(|(i, c)| crate::cnames::forbidden_char(c).map(|w| (i, c, w)))?;
    let hint = match what {
        "bidirectional control character" => {
            "it makes text display in another order than compilers read it (\"Trojan Source\"); delete it"
        }
        _ => "only tab and line breaks may appear; delete it",
    };
    Some(
        Diagnostic::error(
            Span { file, start: at, end: at + c.len_utf8() },
            format!("{what} U+{:04X} is not allowed", c as u32),
        )
        .hint(hint),
    )
}
