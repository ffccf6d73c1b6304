//! The one way definition text (docs, names, titles, formats) and file paths
//! reach generated files: one function per target language, each returning
//! text that can only be read there as what it says, never as code, markup
//! or a directive.
//!
//! Text the checker must already have refused (control characters, bidi
//! controls, `*/` in names) is not escaped here: these functions panic,
//! naming the checker rule, rather than print it. File paths are not checked,
//! so [`path`] makes them printable first.

use std::fmt::Write;

/// Panics if `s` holds a character the checker refuses in definition text.
/// A tab is whitespace to every target here, and the checker allows it in docs.
fn assert_checked(s: &str, what: &str) {
    if let Some(c) = s.chars().find(|&c| c != '\t' && refused(c)) {
        panic!(
            "{what}: {c:?} in {s:?}; maptype_dsl::check refuses control and bidi characters in definition \
             text (checker rule: control characters and bidi in text)"
        );
    }
}

/// Control characters and the Unicode bidi controls (Trojan Source).
fn refused(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A file path as printable text: backslashes doubled, control and bidi
/// characters written as `\u{..}` (`\n`, `\t` for the usual ones), so a path
/// holds no newline and no character the other functions refuse.
pub fn path(p: &str) -> String {
    let mut out = String::new();
    for c in p.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if refused(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text inside a C `/* */` (or `//`) comment: no `*/` can close it and no
/// `/*` can open a nested one (a space is put between the two characters).
pub fn c_comment(s: &str) -> String {
    assert_checked(s, "C comment");
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        if matches!((prev, c), (Some('*'), '/') | (Some('/'), '*')) {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    // A `//` comment ending in a backslash would continue onto the next line.
    if out.ends_with('\\') {
        out.push('.');
    }
    out
}

/// The inside of a C string literal (without the quotes). NUL cannot be
/// written (it would end the string early); the checker refuses it.
pub fn c_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => panic!("C string: NUL in {s:?}; maptype_dsl::check refuses control characters in text"),
            // Three octal digits: the escape cannot swallow a following digit.
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c if refused(c) => panic!("C string: {c:?} in {s:?}; the checker refuses bidi characters"),
            // `??/` and friends are trigraphs in strict ISO C.
            '?' if out.ends_with('?') => out.push_str("\\?"),
            c => out.push(c),
        }
    }
    out
}

/// A header named in `#include <...>`: the checker admits only relative
/// `.h` paths of letters, digits, `_`, `-`, `/` and `.`, so nothing can end
/// the directive early.
pub fn c_header_name(h: &str) -> &str {
    let ok = |c: char| c.is_ascii_alphanumeric() || "_-/.".contains(c);
    assert!(
        h.ends_with(".h") && !h.starts_with('/') && !h.contains("..") && h.chars().all(ok),
        "#include <{h}>: the checker refuses this header (rule \"is not a kernel header\", maptype_dsl::check::ops)"
    );
    h
}

/// The text of a Makefile `#` comment line: no newline, `$` written `$$`,
/// and no trailing backslash (which would continue the comment).
pub fn make_comment(s: &str) -> String {
    assert_checked(s, "Makefile comment");
    let mut out = s.replace('$', "$$");
    if out.ends_with('\\') {
        out.push('.');
    }
    out
}

/// A name (module, object stem, directory) in a Makefile: only characters
/// with no meaning to make; the checker allows no others in names.
pub fn make_name(s: &str) -> &str {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.');
    assert!(
        !s.is_empty() && s.chars().all(ok),
        "Makefile name {s:?}: the checker allows only C identifiers, module names and relative directories here"
    );
    s
}

/// One line of Kconfig `help` text or of a `#` comment: no newline (a line
/// indented less would end the help and start Kconfig statements), no `$(`
/// (Kconfig's macro language has no escape for it: a space is put between)
/// and no trailing backslash.
pub fn kconfig_text(s: &str) -> String {
    assert_checked(s, "Kconfig text");
    let mut out = s.replace("$(", "$ (");
    if out.ends_with('\\') {
        out.push('.');
    }
    out
}

/// Text in a `.kunitconfig` `#` comment line.
pub fn kunitconfig_comment(s: &str) -> String {
    kconfig_text(s)
}

/// reStructuredText prose on one line: inline markup that could name a role,
/// a reference, a substitution or emphasis is escaped, and a line that would
/// start a directive, comment, field list or literal block is neutralised.
/// Single-backtick spans without a role stay as they are (interpreted text in
/// the default role), as do ``inline literals``.
pub fn rst_text(s: &str) -> String {
    rst_escape(s, false)
}

/// [`rst_text`], escaping every backtick when `all_backticks`.
fn rst_escape(s: &str, all_backticks: bool) -> String {
    assert_checked(s, "rst text");
    let chars: Vec<char> = s.trim().chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        let next = chars.get(i + 1);
        let escape = match c {
            '\\' | '*' | '|' => true,
            // `:role:`x``, `x`:role:`, `x`_ (reference), `x <uri>`_.
            '`' => all_backticks || prev == Some(&':') || matches!(next, Some(':') | Some('_')),
            // `word_` and `word__` are references; `_`x`` a target.
            '_' => {
                next == Some(&'`')
                    || ((word(prev) || prev == Some(&'`') || prev == Some(&'_')) && !word(next) && next != Some(&'_'))
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    // `.. directive::`, `.. comment`, `:field:`, `::` literal blocks, `>>>`.
    if out.starts_with("..") || out.starts_with(':') || out.starts_with(">>>") {
        out.insert(0, '\\');
    }
    // A paragraph ending in `::` makes what follows a literal block.
    match out.strip_suffix("::") {
        Some(head) => format!("{head}:\\:"),
        None => out,
    }
}

/// Text inside an rst comment line (`.. text`): one line, so nothing after
/// it is swallowed into the comment.
pub fn rst_comment(s: &str) -> String {
    assert_checked(s, "rst comment");
    s.to_string()
}

/// Code shown as an rst ``inline literal``; text a literal cannot hold (a
/// backtick, surrounding space, a control character) is shown as escaped
/// prose instead.
pub fn rst_literal(s: &str) -> String {
    let printable = path(s);
    if printable.is_empty() || printable.contains('`') || printable.trim() != printable {
        return rst_escape(&printable, true);
    }
    format!("``{printable}``")
}

/// One line of rustdoc prose from a definition: Markdown that could open a
/// code block (a fence of three backticks or tildes, an indented line, list
/// or quote content indented into code) is broken, and links, emphasis and
/// HTML are escaped, so rustdoc never makes a doctest or markup from it.
/// Kernel-doc `@name` becomes `` `name` ``.
pub fn rust_doc(s: &str) -> String {
    assert_checked(s, "Rust doc");
    // Leading and repeated spaces go: no line is indented into a code block.
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        match c {
            '@' if chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') => {
                let mut id = String::new();
                while let Some(&n) = chars.peek() {
                    if !(n.is_ascii_alphanumeric() || n == '_') {
                        break;
                    }
                    id.push(n);
                    chars.next();
                }
                let _ = write!(out, "`{id}`");
            }
            '[' | ']' | '*' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // A run of two or more backticks or tildes could be (or grow
            // into) a fence; every character after the first is escaped.
            '`' | '~' if prev == Some(c) || chars.peek() == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// The inside of a Rust string literal (without the quotes).
pub fn rust_string(s: &str) -> String {
    s.chars().flat_map(char::escape_debug).collect()
}

/// Text in a Rust `//` comment: one line, no trailing backslash needed but
/// no doc-comment marker at its start either.
pub fn rust_comment(s: &str) -> String {
    assert_checked(s, "Rust comment");
    match s.strip_prefix(['/', '!']) {
        Some(_) => format!(" {s}"),
        None => s.to_string(),
    }
}

/// Text in Markdown, read as text: every character Markdown gives a meaning
/// inline is backslash-escaped.
pub fn markdown_text(s: &str) -> String {
    assert_checked(s, "Markdown text");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A graphviz DOT string, with its quotes.
pub fn dot_string(s: &str) -> String {
    assert_checked(s, "DOT string");
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "quote_tests.rs"]
mod tests;
