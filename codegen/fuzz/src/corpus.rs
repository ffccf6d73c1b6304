//! The seed inputs (every `.maptype` under the corpus directories) and the
//! dictionary the token-level mutations draw from, built from those seeds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::lex::{lex, Kind};

/// One input file: the name diagnostics show and its text.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
}

/// Every `*.maptype` under `dir`, recursively, in name order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "maptype") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Loads the files under `dirs`, naming each relative to `root` when it can.
pub fn load(dirs: &[PathBuf], root: &Path) -> Vec<Input> {
    let mut out = Vec::new();
    for dir in dirs {
        for f in files_under(dir) {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            let name = f.strip_prefix(root).unwrap_or(&f).display().to_string();
            out.push(Input { name, text });
        }
    }
    out
}

/// Words by kind, each once, in a fixed order (so runs are deterministic).
#[derive(Default, Debug)]
pub struct Dictionary {
    /// Identifiers that open a statement (the language's keywords, in effect).
    pub keywords: Vec<String>,
    /// Every other identifier.
    pub idents: Vec<String>,
    /// C types as written after `:` or `->` (`struct device *`, `u8`, ...).
    pub types: Vec<String>,
    pub numbers: Vec<String>,
    pub strings: Vec<String>,
    /// Operators and punctuation.
    pub ops: Vec<String>,
    /// Whole lines, to insert elsewhere.
    pub lines: Vec<String>,
}

impl Dictionary {
    pub fn build(corpus: &[Input]) -> Self {
        let mut kw = BTreeSet::new();
        let mut ids = BTreeSet::new();
        let mut types = BTreeSet::new();
        let mut nums = BTreeSet::new();
        let mut strs = BTreeSet::new();
        let mut ops = BTreeSet::new();
        let mut lines = BTreeSet::new();
        for input in corpus {
            let text = &input.text;
            let toks = lex(text);
            let mut statement_start = true;
            for (i, t) in toks.iter().enumerate() {
                let s = &text[t.start..t.end];
                match t.kind {
                    Kind::Ident if statement_start => {
                        kw.insert(s.to_string());
                    }
                    Kind::Ident => {
                        ids.insert(s.to_string());
                    }
                    Kind::Number => {
                        nums.insert(s.to_string());
                    }
                    Kind::Str | Kind::Header => {
                        strs.insert(s.to_string());
                    }
                    Kind::Punct => {
                        ops.insert(s.to_string());
                    }
                    Kind::Doc => {}
                }
                if matches!(s, ":" | "->") {
                    if let Some(ty) = type_after(text, &toks[i + 1..]) {
                        types.insert(ty);
                    }
                }
                statement_start = matches!(s, ";" | "{" | "}") || t.kind == Kind::Doc;
            }
            for l in text.lines() {
                let l = l.trim();
                if !l.is_empty() {
                    lines.insert(l.to_string());
                }
            }
        }
        let v = |s: BTreeSet<String>| s.into_iter().collect::<Vec<_>>();
        Dictionary {
            keywords: v(kw),
            idents: v(ids),
            types: v(types),
            numbers: v(nums),
            strings: v(strs),
            ops: v(ops),
            lines: v(lines),
        }
    }
}

/// The C type that the tokens `toks` start with: identifiers and `*` up to
/// the first other token.
fn type_after(text: &str, toks: &[crate::lex::Tok]) -> Option<String> {
    let mut words = Vec::new();
    for t in toks {
        let s = &text[t.start..t.end];
        if t.kind == Kind::Ident && !matches!(s, "or" | "as" | "in" | "from") || s == "*" {
            words.push(s);
        } else {
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    let mut out = String::new();
    for w in words {
        if !(out.is_empty() || w == "*" && out.ends_with('*')) {
            out.push(' ');
        }
        out.push_str(w);
    }
    Some(out)
}
