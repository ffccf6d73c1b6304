//! Text -> syntax tree, with pest. Syntax errors become located diagnostics.

use pest::iterators::Pair;
use pest::Parser as _;

use crate::ast::*;
use crate::diag::{Diagnostic, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

type P<'a> = Pair<'a, Rule>;

/// Parses one file. A syntax error stops the file (pest reports the first).
pub fn parse_file(file: usize, text: &str) -> Result<File, Diagnostic> {
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
                let at = found_token(file, text, pos.pos()).1;
                if let Some((parent, n)) = open.last_mut() {
                    *n += 1;
                    let too_long = match parent {
                        Rule::expr | Rule::and_expr if *n > MAX_CHAIN => {
                            Some(format!("more than {} operands joined by `&&` or `||`", MAX_CHAIN / 2))
                        }
                        Rule::unary if *n > MAX_CHAIN => Some(format!("more than {} `!` in a row", MAX_CHAIN - 1)),
                        _ => None,
                    };
                    if let Some(what) = too_long {
                        return Err(Diagnostic::error(at, format!("syntax error: {what}"))
                            .hint("split the condition into several `require` rules"));
                    }
                }
                open.push((rule, 0));
                if open.len() > MAX_NESTING {
                    return Err(Diagnostic::error(at, "syntax error: nested too deeply")
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
        Rule::lock_attr => "`locked resv` or `takes resv`",
        Rule::entry_export => "`export ...`",
        Rule::EOI => "end of file",
        Rule::docs | Rule::doc => "`///` doc comment",
        Rule::name_item
        | Rule::export_item
        | Rule::private_item
        | Rule::enum_item
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

fn syntax_error(file: usize, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
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
    let word_before =
        &text[text[..pos].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1)..pos];
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
fn found_token(file: usize, text: &str, pos: usize) -> (String, Span) {
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

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Without recorded attempts (error detail off): name the rules pest tried.
fn classic_syntax_error(file: usize, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
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

struct Builder {
    file: usize,
    /// The grammar cannot say "at most once" for repeated attributes; the
    /// first repeat found is reported as a syntax error.
    repeated: std::cell::RefCell<Option<Diagnostic>>,
}

impl Builder {
    fn repeat(&self, span: Span, prev: Span, what: &str) {
        let mut r = self.repeated.borrow_mut();
        if r.is_none() {
            *r = Some(
                Diagnostic::error(span, format!("syntax error: the entry point's {what} is given twice"))
                    .related(prev, "first given here"),
            );
        }
    }

    fn span(&self, p: &P) -> Span {
        let s = p.as_span();
        // A rule ending in an optional or repeated part (`ctype` with no `*`)
        // also spans the blank skipped before it; carets stop at the text.
        let end = s.start() + s.as_str().trim_end().len();
        Span { file: self.file, start: s.start(), end }
    }

    fn ident(&self, p: P) -> Ident {
        Spanned { span: self.span(&p), node: p.as_str().to_string() }
    }

    fn string(&self, p: P) -> Spanned<String> {
        let span = self.span(&p);
        let body = p.into_inner().next().map_or("", |b| b.as_str());
        Spanned { node: unescape(body), span }
    }

    fn docs(&self, p: P) -> Docs {
        p.into_inner()
            .map(|d| {
                let span = self.span(&d);
                let text = d.into_inner().next().map_or("", |t| t.as_str());
                // One leading space is the separator after `///`, not content.
                let text = text.strip_prefix(' ').unwrap_or(text).trim_end();
                Spanned { node: text.to_string(), span }
            })
            .collect()
    }

    fn mapping_type(&self, p: P) -> MappingType {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let name = self.ident(it.next().expect("name"));
        let items = it.map(|i| self.item(i)).collect();
        MappingType { doc, name, span, items }
    }

    fn item(&self, p: P) -> Item {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("every item starts with docs"));
        match rule {
            Rule::name_item => Item::Title { doc, text: self.string(it.next().expect("string")), span },
            Rule::export_item => Item::Export { doc, policy: self.policy(it.next().expect("policy")), span },
            Rule::private_item => Item::Private {
                doc,
                module: self.string(it.next().expect("module")),
                dir: self.string(it.next().expect("dir")),
                span,
            },
            Rule::enum_item => {
                let name = self.ident(it.next().expect("name"));
                let values = it
                    .map(|e| {
                        let mut ei = e.into_inner();
                        let doc = self.docs(ei.next().expect("docs"));
                        let name = self.ident(ei.next().expect("name"));
                        let value = ei.next().map(|v| self.ident(v));
                        Enumerator { doc, name, value }
                    })
                    .collect();
                Item::Enum(EnumDef { doc, name, values, span })
            }
            Rule::data_item => {
                let mut name = None;
                let mut fields = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::ident => name = Some(self.ident(x)),
                        _ => fields.push(self.field(x)),
                    }
                }
                Item::Data(DataDef { doc, name, fields, span })
            }
            Rule::ops_item => {
                let name = self.ident(it.next().expect("name"));
                let ops = it.map(|o| self.op(o)).collect();
                Item::Ops(OpsDef { doc, name, ops, span })
            }
            Rule::importer_item => Item::Importer(self.ctor(doc, span, it.next().expect("ctor"))),
            Rule::exporter_item => Item::Exporter(self.ctor(doc, span, it.next().expect("ctor"))),
            Rule::single_exporter_item => {
                let name = self.ident(it.next().expect("name"));
                let ops = it.map(|o| self.ident(o)).collect();
                Item::SingleExporter { doc, name, ops, span }
            }
            Rule::extern_item => {
                let name = self.ident(it.next().expect("name"));
                let mut params = Vec::new();
                let mut ret = None;
                let mut header = None;
                for x in it {
                    match x.as_rule() {
                        Rule::params => params = self.params(x),
                        Rule::ret => ret = Some(self.ret(x)),
                        Rule::header => {
                            let span = self.span(&x);
                            let s = x.as_str();
                            header = Some(Spanned { node: s[1..s.len() - 1].to_string(), span });
                        }
                        _ => {}
                    }
                }
                let header = header.expect("grammar requires a header");
                Item::Extern(ExternDef { doc, name, params, ret, header, span })
            }
            Rule::compatible_item => Item::Compatible { doc, body: self.block(it.next().expect("block")), span },
            Rule::on_match_item => {
                let body = it
                    .map(|s| {
                        let sspan = self.span(&s);
                        match s.as_rule() {
                            Rule::keep_stmt => OnMatchStmt::Keep(s.into_inner().map(|p| self.path(p)).collect()),
                            _ => {
                                let mut si = s.into_inner();
                                let target = self.path(si.next().expect("target"));
                                let value = self.expr(si.next().expect("value"));
                                OnMatchStmt::Legacy { target, value, span: sspan }
                            }
                        }
                    })
                    .collect();
                Item::OnMatch { doc, body, span }
            }
            Rule::accessor_item => {
                let name = self.ident(it.next().expect("name"));
                let ty = self.ctype(it.next().expect("type"));
                let value = self.expr(it.next().expect("value"));
                Item::Accessor { doc, name, ty, value, span }
            }
            Rule::ops_accessor_item => Item::OpsAccessor { doc, name: self.ident(it.next().expect("name")), span },
            Rule::entry_item => {
                let name = self.ident(it.next().expect("name"));
                let op = self.ident(it.next().expect("op"));
                let mut lock: Option<Spanned<Lock>> = None;
                let mut export: Option<(ExportPolicy, Span)> = None;
                for a in it {
                    let aspan = self.span(&a);
                    match a.as_rule() {
                        Rule::lock_attr => {
                            let l = if a.as_str().starts_with("locked") { Lock::Held } else { Lock::Takes };
                            if let Some(prev) = &lock {
                                self.repeat(aspan, prev.span, "locking");
                            }
                            lock = Some(Spanned { node: l, span: aspan });
                        }
                        _ => {
                            let pol = self.policy(a.into_inner().next().expect("policy"));
                            if let Some((_, prev)) = &export {
                                self.repeat(aspan, *prev, "export");
                            }
                            export = Some((pol, aspan));
                        }
                    }
                }
                Item::Entry(EntryDef { doc, name, op, lock, export, span })
            }
            Rule::struct_item => {
                let name = self.ident(it.next().expect("name"));
                let mut since = None;
                let mut fields = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::string => since = Some(self.string(x)),
                        _ => {
                            let mut fi = x.into_inner();
                            let d = self.docs(fi.next().expect("docs"));
                            let n = self.ident(fi.next().expect("name"));
                            let t = self.ctype(fi.next().expect("type"));
                            fields.push((d, n, t));
                        }
                    }
                }
                Item::Struct(StructDef { doc, name, since, fields, span })
            }
            Rule::result_item => {
                let name = self.ident(it.next().expect("name"));
                let mut fields = Vec::new();
                let mut invariants = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::result_field => fields.push(self.result_field(x)),
                        _ => invariants.push(self.invariants(x)),
                    }
                }
                Item::Result(ResultDef { doc, name, fields, invariants, span })
            }
            Rule::debugfs_item => {
                let format = self.string(it.next().expect("format"));
                let args = it.map(|e| self.expr(e)).collect();
                Item::Debugfs { doc, format, args, span }
            }
            r => unreachable!("grammar has no item rule {r:?}"),
        }
    }

    fn policy(&self, p: P) -> ExportPolicy {
        let inner = p.into_inner().next().expect("policy kind");
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::ns_policy => ExportPolicy::Namespace(self.string(inner.into_inner().next().expect("ns"))),
            Rule::modules_policy => ExportPolicy::Modules(inner.into_inner().map(|s| self.string(s)).collect()),
            _ => ExportPolicy::Gpl(span),
        }
    }

    fn ctype(&self, p: P) -> CType {
        let span = self.span(&p);
        let mut ty = CType { is_const: false, tag: None, base: String::new(), pointers: Vec::new(), span };
        for x in p.into_inner() {
            match x.as_rule() {
                Rule::kw_const => ty.is_const = true,
                Rule::tagged => {
                    let mut ti = x.into_inner();
                    ty.tag = Some(ti.next().expect("tag").as_str().to_string());
                    ty.base = ti.next().expect("name").as_str().to_string();
                }
                Rule::words => {
                    ty.base = x.into_inner().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
                }
                Rule::ptr => ty.pointers.push(x.into_inner().next().is_some()),
                _ => {}
            }
        }
        ty
    }

    fn field(&self, p: P) -> FieldDef {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let role = match it.next().expect("role").as_str() {
            "importer" => Role::Importer,
            "exporter" => Role::Exporter,
            _ => Role::Both,
        };
        let mut f = FieldDef {
            doc,
            role,
            opaque: false,
            name: Spanned { node: String::new(), span },
            ty: CType { is_const: false, tag: None, base: String::new(), pointers: vec![], span },
            enum_of: None,
            allowed: Vec::new(),
            default: None,
            span,
        };
        for x in it {
            match x.as_rule() {
                Rule::opaque => f.opaque = true,
                Rule::ident => f.name = self.ident(x),
                Rule::ctype => f.ty = self.ctype(x),
                Rule::enum_of => f.enum_of = Some(self.ident(x.into_inner().next().expect("enum"))),
                Rule::allowed => f.allowed = x.into_inner().map(|i| self.ident(i)).collect(),
                Rule::default => f.default = Some(self.value(x.into_inner().next().expect("value"))),
                _ => {}
            }
        }
        f
    }

    fn value(&self, p: P) -> Value {
        let inner = p.into_inner().next().expect("value");
        match inner.as_rule() {
            Rule::int => Value::Int(self.ident(inner)),
            _ => Value::Name(self.ident(inner)),
        }
    }

    fn params(&self, p: P) -> Vec<Param> {
        p.into_inner()
            .map(|x| {
                let mut pi = x.into_inner();
                let name = self.ident(pi.next().expect("name"));
                let ty = self.ctype(pi.next().expect("type"));
                Param { name, ty }
            })
            .collect()
    }

    fn ret(&self, p: P) -> Ret {
        let mut it = p.into_inner();
        let ty = self.ctype(it.next().expect("type"));
        Ret { ty, err_ptr: it.next().is_some() }
    }

    fn op(&self, p: P) -> OpDef {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let required = it.next().expect("requiredness").as_str() == "required";
        let name = self.ident(it.next().expect("name"));
        let mut params = Vec::new();
        let mut ret = None;
        for x in it {
            match x.as_rule() {
                Rule::params => params = self.params(x),
                _ => ret = Some(self.ret(x)),
            }
        }
        OpDef { doc, required, name, params, ret, span }
    }

    fn ctor(&self, doc: Docs, span: Span, p: P) -> CtorDef {
        let mut it = p.into_inner();
        let name = self.ident(it.next().expect("name"));
        let mut c = CtorDef { doc, name, params: Vec::new(), as_macro: false, assigns: Vec::new(), span };
        for x in it {
            match x.as_rule() {
                Rule::ctor_param => {
                    let mut name = None;
                    let mut ty = None;
                    let mut target = None;
                    for y in x.into_inner() {
                        match y.as_rule() {
                            Rule::ident if name.is_none() => name = Some(self.ident(y)),
                            Rule::ident => target = Some(self.ident(y)),
                            Rule::ctype => ty = Some(self.ctype(y)),
                            _ => {}
                        }
                    }
                    let name = name.expect("param name");
                    c.params.push(CtorParam { name, ty, target });
                }
                Rule::as_macro => c.as_macro = true,
                Rule::ctor_body => {
                    for a in x.into_inner() {
                        let mut ai = a.into_inner();
                        let f = self.ident(ai.next().expect("field"));
                        let v = self.value(ai.next().expect("value"));
                        c.assigns.push((f, v));
                    }
                }
                _ => {}
            }
        }
        c
    }

    fn block(&self, p: P) -> Vec<Stmt> {
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

    fn path(&self, p: P) -> Path {
        let span = self.span(&p);
        Path { parts: p.into_inner().map(|i| self.ident(i)).collect(), span }
    }

    fn expr(&self, p: P) -> Expr {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expr | Rule::and_expr | Rule::cmp_expr => {
                let mut it = p.into_inner();
                let mut lhs = self.expr(it.next().expect("operand"));
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next().expect("operand"));
                    let op = match op.as_str() {
                        "||" => BinOp::Or,
                        "&&" => BinOp::And,
                        "==" => BinOp::Eq,
                        "!=" => BinOp::Ne,
                        "<" => BinOp::Lt,
                        "<=" => BinOp::Le,
                        ">" => BinOp::Gt,
                        _ => BinOp::Ge,
                    };
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

    fn result_field(&self, p: P) -> ResultField {
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

    fn invariants(&self, p: P) -> InvariantBlock {
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

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
