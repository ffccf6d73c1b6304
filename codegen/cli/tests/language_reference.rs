//! docs/language.md cannot drift from the language: every fenced block in it
//! is checked by its info string, as the reference's table of them says.
//!
//! - `maptype` lints clean alone, as `example.maptype`; `maptype private`
//!   together with the core in schemas/, as `lint` checks a private type.
//! - `rust maptype` (and `rust maptype private`) likewise, in the Rust form,
//!   as `example.rs`.
//! - `maptype-error` is rejected, and the `text` block right after it is the
//!   rendered diagnostics.
//! - `pest` lines are rules of dsl/src/grammar.pest.
//!
//! Links to `#anchor`s, in the reference and in the checker's `see:` lines,
//! must name a heading of it.
//!
//! `MAPTYPE_BLESS=1 cargo test -p maptype-cli --test language_reference`
//! rewrites the `text` blocks from the current diagnostics; read the diff.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use maptype_dsl::{check_warned, Construct, Sources};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("codegen/cli/ sits two levels down").to_path_buf()
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn reference_path() -> PathBuf {
    root().join("docs/language.md")
}

/// A fenced block: its info string, its text and where that text lies.
struct Block {
    info: String,
    text: String,
    /// Line of the opening fence, 1-based, for messages.
    line: usize,
    /// Byte range of the text in the document.
    range: std::ops::Range<usize>,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    let mut offset = 0;
    for (i, line) in doc.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n');
        if let Some(info) = bare.strip_prefix("```") {
            match open.take() {
                None => open = Some((info.trim().to_string(), i + 1, offset + line.len())),
                Some((info_open, at, start)) => {
                    assert!(info.is_empty(), "line {}: a fence opens inside the block of line {at}", i + 1);
                    out.push(Block {
                        info: info_open,
                        text: doc[start..offset].to_string(),
                        line: at,
                        range: start..offset,
                    });
                }
            }
        }
        offset += line.len();
    }
    assert!(open.is_none(), "the block of line {} is never closed", open.map_or(0, |o| o.1));
    out
}

/// The core's definitions, named as `lint schemas` names them.
fn core_sources(sources: &mut Sources) {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "maptype"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no core definitions in schemas/");
    for f in files {
        sources.add(format!("schemas/{}", f.file_name().unwrap().to_string_lossy()), read(&f));
    }
}

/// The sources a block is checked as, by its info string; `None` for a
/// block that is not a definition.
fn sources_of(b: &Block) -> Option<Sources> {
    let (name, private) = match b.info.as_str() {
        "maptype" | "maptype-error" => ("example.maptype", false),
        "maptype private" | "maptype-error private" => ("example.maptype", true),
        "rust maptype" => ("example.rs", false),
        "rust maptype private" => ("example.rs", true),
        _ => return None,
    };
    let mut sources = Sources::new();
    sources.add(name, b.text.clone());
    if private {
        core_sources(&mut sources);
    }
    Some(sources)
}

const OTHER_INFOS: &[&str] = &["text", "pest", "sh"];

#[test]
fn examples_lint_as_the_reference_says() {
    let doc = read(&reference_path());
    let blocks = blocks(&doc);
    let bless = std::env::var_os("MAPTYPE_BLESS").is_some_and(|v| v != "0");
    let mut failures = Vec::new();
    let mut rewrites = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        *counts.entry(b.info.as_str()).or_insert(0) += 1;
        let Some(sources) = sources_of(b) else {
            if !OTHER_INFOS.contains(&b.info.as_str()) {
                failures.push(format!("line {}: unknown info string `{}`: the block is not checked", b.line, b.info));
            }
            continue;
        };
        let result = check_warned(&sources);
        if b.info.starts_with("maptype-error") {
            let Err(diags) = result else {
                failures.push(format!("line {}: a `{}` block lints clean", b.line, b.info));
                continue;
            };
            let rendered = sources.render(&diags);
            match blocks.get(i + 1) {
                Some(next) if next.info == "text" => {
                    if bless {
                        rewrites.push((next.range.clone(), rendered));
                    } else if next.text.trim_end() != rendered.trim_end() {
                        failures.push(format!(
                            "line {}: the diagnostics differ from the `text` block after it\n--- reference\n{}\n--- \
                             checker\n{rendered}",
                            b.line, next.text
                        ));
                    }
                }
                _ => failures.push(format!("line {}: a `{}` block needs a `text` block after it", b.line, b.info)),
            }
        } else {
            match result {
                Ok((_, warnings)) if warnings.is_empty() => {}
                Ok((_, warnings)) => failures.push(format!("line {}: warns\n{}", b.line, sources.render(&warnings))),
                Err(diags) => failures.push(format!("line {}: rejected\n{}", b.line, sources.render(&diags))),
            }
        }
    }
    if bless && !rewrites.is_empty() {
        let mut new = doc.clone();
        for (range, text) in rewrites.into_iter().rev() {
            new.replace_range(range, &text);
        }
        fs::write(reference_path(), new).unwrap();
    }
    assert!(failures.is_empty(), "{} problem(s) in docs/language.md:\n\n{}", failures.len(), failures.join("\n\n"));
    // A parser that lost the blocks would pass everything above.
    for info in ["maptype", "maptype private", "rust maptype private", "maptype-error", "pest"] {
        assert!(counts.get(info).is_some_and(|&n| n > 0), "no `{info}` block found; counts: {counts:?}");
    }
}

/// Whitespace runs as one space, so a rule reads the same wrapped or aligned.
fn squeezed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn grammar_lines_are_the_grammars() {
    let grammar: HashSet<String> = read(&root().join("dsl/src/grammar.pest")).lines().map(squeezed).collect();
    let doc = read(&reference_path());
    let mut missing = Vec::new();
    for b in blocks(&doc).iter().filter(|b| b.info == "pest") {
        for (n, line) in b.text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            if !grammar.contains(&squeezed(line)) {
                missing.push(format!("line {}: {line}", b.line + 1 + n));
            }
        }
    }
    assert!(missing.is_empty(), "not rules of dsl/src/grammar.pest:\n{}", missing.join("\n"));
}

/// The anchor GitHub gives a heading: lower case, punctuation but `-` and
/// `_` dropped, spaces as `-`; a repeated one gets `-1`, `-2`, ...
fn anchors(doc: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut in_block = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
        }
        if in_block {
            continue;
        }
        let Some(title) = line.strip_prefix('#').map(|t| t.trim_start_matches('#')) else { continue };
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut unique = slug.clone();
        let mut n = 0;
        while out.contains(&unique) {
            n += 1;
            unique = format!("{slug}-{n}");
        }
        out.insert(unique);
    }
    out
}

/// Every `PREFIX#anchor` in `text`.
fn links<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        out.push(&rest[..end]);
    }
    out
}

#[test]
fn links_in_the_reference_name_its_headings() {
    let doc = read(&reference_path());
    let anchors = anchors(&doc);
    let found = links(&doc, "](#");
    assert!(!found.is_empty(), "the reference links none of its sections");
    let broken: Vec<&str> = found.into_iter().filter(|a| !anchors.contains(*a)).collect();
    assert!(broken.is_empty(), "links to no heading: {broken:?}; headings: {anchors:?}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn see_lines_name_sections_of_the_reference() {
    let anchors = anchors(&read(&reference_path()));
    let mut files = Vec::new();
    rust_files(&root().join("dsl/src"), &mut files);
    let mut seen = 0;
    let mut broken = Vec::new();
    for f in &files {
        for a in links(&read(f), "docs/language.md#") {
            seen += 1;
            if !anchors.contains(a) {
                broken.push(format!("{}: #{a}", f.display()));
            }
        }
    }
    assert!(seen >= Construct::ALL.len(), "found {seen} links in dsl/src, fewer than the constructs");
    for c in Construct::ALL {
        let a = c.link().strip_prefix("docs/language.md#").unwrap_or_else(|| panic!("{c:?}: {}", c.link()));
        if !anchors.contains(a) {
            broken.push(format!("{c:?}: #{a}"));
        }
    }
    assert!(broken.is_empty(), "no such section in docs/language.md:\n{}", broken.join("\n"));
}
