//! A definition `check` accepts must generate: every backend-time failure is
//! the checker's to report, with a place in the source.
//!
//! The corpus is every `.maptype` the project holds (schemas, examples, the
//! checker's fixtures) and a few thousand deterministic variants of them,
//! each made by a few small edits (a line dropped, doubled or moved; a name,
//! type, operator or number replaced). Accepted variants are generated once
//! per distinct IR, which keeps the run to seconds.
//!
//! rustfmt is swapped for `cat` here: it only lays out the Rust the backend
//! has already parsed with syn, and a process per file would cost minutes.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use maptype_dsl::{check, ir::Registry, Sources};

/// Variants made of each file, with one to three edits.
const VARIANTS_PER_FILE: usize = 3;
/// Further one-edit variants of each file `check` accepts (most stay accepted);
/// `MAPTYPE_LINT_VARIANTS=300` runs the deep version (about a minute, ~550 IRs).
fn variants_per_good_file() -> usize {
    std::env::var("MAPTYPE_LINT_VARIANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(25)
}

/// xorshift64*: the same variants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Words a replacement may bring in: types of every Rust kind and none,
/// operators, errnos, and names that are keywords elsewhere.
const TYPES: &[&str] = &[
    "u8",
    "u64",
    "int",
    "bool",
    "size_t",
    "size_t *",
    "u32 **",
    "struct device *",
    "struct dma_buf_attachment *",
    "enum dma_data_direction",
    "union u",
    "struct other *",
];
const OPS: &[&str] = &["==", "!=", "<", "<=", ">", ">=", "&&", "||"];
const WORDS: &[&str] = &["EINVAL", "EOPNOTSUPP", "NULL", "true", "false", "0", "1", "PAGE_SIZE", "SZ_1G", "locked"];

/// The identifiers of `text`, each once.
fn idents(text: &str) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .filter(|w| seen.insert(*w))
        .collect()
}

/// Byte ranges of the words of `line` (identifiers, numbers) and its operators.
fn pieces(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
        } else if b"=!<>&|".contains(&b[i]) {
            while i < b.len() && b"=!<>&|".contains(&b[i]) {
                i += 1;
            }
        } else {
            i += 1;
            continue;
        }
        out.push((start, i));
    }
    out
}

/// One edit of `text`.
fn mangle_once(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    if lines.len() < 3 {
        return text.to_string();
    }
    // Edit inside the type's body, not its first or last line.
    let at = 1 + rng.pick(lines.len() - 2);
    match rng.pick(6) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let l = lines[at].clone();
            lines.insert(at, l);
        }
        2 => {
            let to = 1 + rng.pick(lines.len() - 2);
            lines.swap(at, to);
        }
        _ => {
            let line = lines[at].clone();
            let p = pieces(&line);
            if p.is_empty() {
                return text.to_string();
            }
            let (s, e) = p[rng.pick(p.len())];
            let old = &line[s..e];
            let new = if OPS.contains(&old) {
                OPS[rng.pick(OPS.len())].to_string()
            } else {
                match rng.pick(4) {
                    0 => TYPES[rng.pick(TYPES.len())].to_string(),
                    1 => WORDS[rng.pick(WORDS.len())].to_string(),
                    _ => {
                        let ids = idents(text);
                        ids[rng.pick(ids.len())].to_string()
                    }
                }
            };
            lines[at] = format!("{}{new}{}", &line[..s], &line[e..]);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn corpus() -> Vec<(String, String)> {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["schemas", "examples", "dsl/tests/fixtures"] {
        files.extend(common::files_with_ext(&root.join(dir), "maptype"));
    }
    assert!(files.len() > 20, "expected the whole corpus, found {} files", files.len());
    files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(&root).unwrap_or(f).display().to_string();
            (name, std::fs::read_to_string(f).expect("readable definition"))
        })
        .collect()
}

/// The IR without where it came from, to generate each distinct IR once.
fn key(reg: &Registry) -> String {
    let mut r = reg.clone();
    for t in &mut r.types {
        t.source.clear();
    }
    serde_json::to_string(&r).expect("the IR serialises")
}

#[test]
fn every_accepted_definition_generates() {
    let files = corpus();
    let mut cases: Vec<(String, Sources)> = Vec::new();
    let mut seeds = Sources::new();
    for (name, text) in &files {
        if name.starts_with("schemas/") {
            seeds.add(name.clone(), text.clone());
        }
    }
    cases.push(("the seed schemas together".into(), seeds));
    let mut rng = Rng(0x6d61_7074_7970_6521);
    for (name, text) in &files {
        let mut one = Sources::new();
        one.add(name.clone(), text.clone());
        let good = check(&one).is_ok();
        cases.push((name.clone(), one));
        let (variants, most_edits) = if good { (variants_per_good_file(), 1) } else { (VARIANTS_PER_FILE, 3) };
        for v in 0..variants {
            let mut t = text.clone();
            for _ in 0..1 + rng.pick(most_edits) {
                t = mangle_once(&t, &mut rng);
            }
            let mut s = Sources::new();
            s.add(name.clone(), t);
            cases.push((format!("{name} variant {v}"), s));
        }
    }
    let mut seen = BTreeSet::new();
    let (mut accepted, mut generated) = (0, 0);
    let mut failures = Vec::new();
    for (what, sources) in &cases {
        let Ok(reg) = check(sources) else { continue };
        accepted += 1;
        if !seen.insert(key(&reg)) {
            continue;
        }
        generated += 1;
        // Backends cannot fail: a definition they cannot handle panics there.
        let run = std::panic::catch_unwind(|| maptype::generate(&reg, &maptype::Target::default()));
        if let Err(e) = run {
            let e = e.downcast_ref::<String>().cloned().unwrap_or_default();
            let text = (0..sources.len()).map(|i| sources.text(i)).collect::<Vec<_>>().join("\n");
            failures.push(format!("{what}: lint accepts, generate panics: {e}\n{text}"));
        }
    }
    eprintln!("{} definitions, {accepted} accepted, {generated} distinct IRs generated", cases.len());
    assert!(accepted >= files.len() / 4, "too few accepted definitions ({accepted}) to prove anything");
    assert!(failures.is_empty(), "{} disagreements:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn mangling_is_deterministic() {
    let text = "mapping_type x {\n    name \"X\";\n    export gpl;\n}\n";
    let a = mangle_once(text, &mut Rng(7));
    let b = mangle_once(text, &mut Rng(7));
    assert_eq!(a, b);
    assert!(Path::new(&common::root()).join("schemas").is_dir());
}
