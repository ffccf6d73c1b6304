//! The checker against damaged input: thousands of deterministic variants of
//! the seed schemas (a token deleted, a line duplicated, names swapped or
//! replaced, the file cut short, stray non-ASCII) must never make `check`
//! or the renderer panic, and every diagnostic must point inside its file.
//!
//! Two cheap meaning checks ride along: comments and blank space inserted
//! between tokens must leave the IR exactly as it was, and an edit that is
//! accepted must show in the IR unless it is one we know to be neutral.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use maptype_dsl::{check, ir::Registry, Diagnostic, Sources};

const SEEDS: [&str; 3] = ["pal.maptype", "sgt.maptype", "xe_iov.maptype"];

fn seeds() -> Vec<(&'static str, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    SEEDS.iter().map(|n| (*n, std::fs::read_to_string(dir.join(n)).expect("seed schema"))).collect()
}

/// splitmix64: a fixed seed gives the same variants on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Ident,
    Number,
    Str,
    Header,
    Doc,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

/// A rough lexer for the language: enough to cut at token boundaries.
/// Comments other than `///` docs are skipped like whitespace.
fn lex(text: &str) -> Vec<Tok> {
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
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            ((j + 1).min(b.len()), Kind::Str)
        } else if c == b'<' && out.last().is_some_and(|t| &text[t.start..t.end] == "from") {
            (rest.find('>').map_or(text.len(), |n| i + n + 1), Kind::Header)
        } else if ["->", "=>", "==", "!=", "<=", ">=", "&&", "||"].iter().any(|op| rest.starts_with(op)) {
            (i + 2, Kind::Punct)
        } else {
            (i + rest.chars().next().map_or(1, char::len_utf8), Kind::Punct)
        };
        out.push(Tok { start: i, end, kind });
        i = end;
    }
    out
}

/// What a mutation did, to tell a neutral edit from a meaningful one.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Edit {
    /// Deleted, replaced or swapped tokens: accepted only if the IR changes
    /// (or the edit is known to be neutral).
    Changes,
    /// May or may not change meaning; only robustness is checked.
    Any,
    /// Inserted comments or whitespace: the IR must not change.
    Neutral,
}

struct Variant {
    label: String,
    text: String,
    edit: Edit,
}

fn variants(name: &str, text: &str, rng: &mut Rng, scale: usize) -> Vec<Variant> {
    let toks = lex(text);
    let idents: Vec<&Tok> = toks.iter().filter(|t| t.kind == Kind::Ident).collect();
    let tok_text = |t: &Tok| &text[t.start..t.end];
    let mut out = Vec::new();
    let mut push =
        |label: String, text: String, edit: Edit| out.push(Variant { label: format!("{name}: {label}"), text, edit });

    // Every token deleted once.
    for (k, t) in toks.iter().enumerate() {
        // A trailing comma before `}` is optional, so deleting it is neutral.
        let neutral = tok_text(t) == "," && toks.get(k + 1).is_some_and(|n| tok_text(n) == "}");
        // The IR has no doc field for these items (a known gap in the
        // contract), so their docs are checked and then dropped.
        let undocumented = t.kind == Kind::Doc
            && toks[k..]
                .iter()
                .find(|n| n.kind != Kind::Doc)
                .is_some_and(|n| ["ops_accessor", "compatible", "on_match", "debugfs"].contains(&tok_text(n)));
        let edit = if neutral {
            Edit::Neutral
        } else if undocumented {
            Edit::Any
        } else {
            Edit::Changes
        };
        push(format!("token {k} `{}` deleted", tok_text(t)), format!("{}{}", &text[..t.start], &text[t.end..]), edit);
    }
    // Every line duplicated once.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for j in 0..lines.len() {
        let mut s = String::new();
        for (k, l) in lines.iter().enumerate() {
            s.push_str(l);
            if k == j {
                s.push_str(l);
            }
        }
        let blank = lines[j].trim().is_empty()
            || (lines[j].trim_start().starts_with("//") && !lines[j].trim_start().starts_with("///"));
        push(format!("line {} duplicated", j + 1), s, if blank { Edit::Neutral } else { Edit::Any });
    }
    // Two identifiers swapped; one replaced by another from the same file.
    for _ in 0..idents.len() * scale / 2 {
        let (a, b) = (idents[rng.below(idents.len())], idents[rng.below(idents.len())]);
        if tok_text(a) == tok_text(b) {
            continue;
        }
        let (a, b) = if a.start < b.start { (a, b) } else { (b, a) };
        let s =
            format!("{}{}{}{}{}", &text[..a.start], tok_text(b), &text[a.end..b.start], tok_text(a), &text[b.end..]);
        push(
            format!("`{}` at {} swapped with `{}` at {}", tok_text(a), a.start, tok_text(b), b.start),
            s,
            Edit::Changes,
        );
    }
    for _ in 0..idents.len() * scale / 2 {
        let (a, b) = (idents[rng.below(idents.len())], idents[rng.below(idents.len())]);
        if tok_text(a) == tok_text(b) {
            continue;
        }
        let s = format!("{}{}{}", &text[..a.start], tok_text(b), &text[a.end..]);
        push(format!("`{}` at {} replaced by `{}`", tok_text(a), a.start, tok_text(b)), s, Edit::Changes);
    }
    // Cut short every few bytes; MAPTYPE_FUZZ_SCALE=N cuts N times as often.
    for i in (0..text.len()).step_by((23 / scale).max(1)).filter(|i| text.is_char_boundary(*i)) {
        push(format!("cut at byte {i}"), text[..i].to_string(), Edit::Any);
    }
    // Stray non-ASCII (and NUL, DEL, BOM, a combining mark, right-to-left
    // override) at random places, inside tokens too.
    let odd = ['é', 'ß', '€', '😀', '\u{202e}', '\u{feff}', '\u{301}', '\0', '\u{7f}', 'ı', '\u{a0}', '：'];
    for _ in 0..text.len() * scale / 20 {
        let mut i = rng.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        let c = odd[rng.below(odd.len())];
        push(format!("{c:?} inserted at byte {i}"), format!("{}{c}{}", &text[..i], &text[i..]), Edit::Any);
    }
    // Comments and line breaks between tokens: must not change the model.
    // (A break, not a block comment, goes after a doc line, whose text runs
    // to the end of the line.)
    for (k, t) in toks.iter().enumerate().filter(|(k, _)| k % (4 / scale).max(1) == 0) {
        let filler = ["/* c */", "\n// c\n", "\t\r\n", " /**/ "][k % 4];
        let filler = if t.kind == Kind::Doc { "\n// c\n" } else { filler };
        push(
            format!("{filler:?} after token {k}"),
            format!("{}{filler}{}", &text[..t.end], &text[t.end..]),
            Edit::Neutral,
        );
    }
    out
}

/// Runs `check` on the sources; a panic becomes an `Err` message.
fn run(sources: &Sources) -> Result<Result<Registry, Vec<Diagnostic>>, String> {
    catch_unwind(AssertUnwindSafe(|| check(sources))).map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Every diagnostic must sit inside its file and render without a panic.
fn diagnostics_ok(sources: &Sources, diags: &[Diagnostic]) -> Result<(), String> {
    if diags.is_empty() {
        return Err("Err with no diagnostics".into());
    }
    for d in diags {
        let spans = std::iter::once(d.span).chain(d.related.as_ref().map(|r| r.0));
        for s in spans {
            if s.file >= sources.len() {
                return Err(format!("span {s:?} names no loaded file: {}", d.message));
            }
            let text = sources.text(s.file);
            if !(s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end))
            {
                return Err(format!("span {s:?} is not inside its file ({} bytes): {}", text.len(), d.message));
            }
        }
        if d.message.trim().is_empty() {
            return Err("empty message".into());
        }
    }
    catch_unwind(AssertUnwindSafe(|| sources.render(diags))).map(|_| ()).map_err(|_| "render panicked".into())
}

/// Mangles one seed (the variants numbered `part` modulo `parts`); the
/// others stay intact for the runs that load all three. Several tests, so
/// the harness runs them in parallel.
fn mangle(seed: usize, part: usize, parts: usize) {
    let seeds = seeds();
    let scale = std::env::var("MAPTYPE_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1usize).max(1);
    let mut rng = Rng(0x6d61_7074_7970_6521 ^ seed as u64);
    let original = {
        let mut s = Sources::new();
        for (n, t) in &seeds {
            s.add(*n, t.clone());
        }
        check(&s).expect("seed schemas check clean")
    };
    let (name, text) = &seeds[seed];
    let (mut total, mut accepted, mut together) = (0, 0, 0);
    let mut failures = Vec::new();
    for (vi, v) in variants(name, text, &mut rng, scale).into_iter().enumerate().filter(|(vi, _)| vi % parts == part) {
        total += 1;
        // Alone, and every 7th variant also loaded with the other two seeds,
        // which exercises the checks between types.
        let mut sets = vec![vec![(*name, v.text.clone())]];
        if vi % 7 == 0 {
            sets.push(
                seeds
                    .iter()
                    .enumerate()
                    .map(|(k, (n, t))| (*n, if k == seed { v.text.clone() } else { t.clone() }))
                    .collect(),
            );
            together += 1;
        }
        for (set_no, files) in sets.iter().enumerate() {
            let mut sources = Sources::new();
            for (n, t) in files {
                sources.add(*n, t.clone());
            }
            match run(&sources) {
                Err(panic) => failures.push(format!("{}: check panicked: {panic}", v.label)),
                Ok(Err(diags)) => {
                    if let Err(why) = diagnostics_ok(&sources, &diags) {
                        failures.push(format!("{}: {why}", v.label));
                    }
                    if v.edit == Edit::Neutral {
                        failures.push(format!("{}: a neutral edit was rejected:\n{}", v.label, sources.render(&diags)));
                    }
                }
                Ok(Ok(reg)) => {
                    accepted += usize::from(set_no == 0);
                    let before: Vec<_> =
                        original.types.iter().filter(|t| files.iter().any(|(n, _)| *n == t.source)).collect();
                    let after: Vec<_> = reg.types.iter().collect();
                    match v.edit {
                        Edit::Neutral if before != after => {
                            failures.push(format!("{}: a neutral edit changed the model", v.label))
                        }
                        Edit::Changes if before == after => {
                            failures.push(format!("{}: accepted, yet the model did not change", v.label))
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    eprintln!("{name}: {total} variants ({together} also with the other seeds), {accepted} accepted alone");
    assert!(total > 400, "{name}: only {total} variants");
    // Too few accepted would mean the meaning checks never ran.
    assert!(accepted > total / 10, "{name}: only {accepted} of {total} variants accepted");
    assert!(failures.is_empty(), "{} of {total} variants failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn mangled_pal() {
    mangle(0, 0, 1);
}

#[test]
fn mangled_sgt_even() {
    mangle(1, 0, 2);
}

#[test]
fn mangled_sgt_odd() {
    mangle(1, 1, 2);
}

#[test]
fn mangled_xe_iov() {
    mangle(2, 0, 1);
}

#[test]
fn lexer_covers_every_significant_byte() {
    // A byte the lexer skipped would never be deleted or replaced above.
    for (name, text) in seeds() {
        let mut covered = vec![false; text.len()];
        for t in lex(&text) {
            covered[t.start..t.end].iter_mut().for_each(|c| *c = true);
        }
        for (i, b) in text.bytes().enumerate() {
            let line = &text[text[..i].rfind('\n').map_or(0, |n| n + 1)..i];
            let in_comment = line.contains("//") && !line.trim_start().starts_with("///");
            assert!(
                covered[i] || b.is_ascii_whitespace() || in_comment,
                "{name}: byte {i} ({:?}) is in no token",
                b as char
            );
        }
    }
}

/// `base.maptype`-like type whose one rule is `cond`.
fn with_rule(cond: &str) -> String {
    format!(
        "mapping_type deep {{\n    name \"Deep\";\n    export gpl;\n    data deep_data {{\n        both bar: unsigned int;\n    }}\n    \
         compatible {{\n        require {cond} else EOPNOTSUPP;\n    }}\n}}\n"
    )
}

fn check_one(text: &str) -> Result<Registry, Vec<Diagnostic>> {
    let mut s = Sources::new();
    s.add("deep.maptype", text.to_string());
    let r = check(&s);
    if let Err(d) = &r {
        diagnostics_ok(&s, d).unwrap();
    }
    r
}

#[test]
fn deepest_accepted_nesting_fits_a_test_threads_stack() {
    // Nest each shape one level more until the checker refuses; the worst
    // shape puts the nested part *first* in a long `&&` chain behind a run
    // of `!`, so each level adds the whole chain to the depth of the tree.
    // This runs on a test thread (2 MiB of stack): an overflow aborts.
    for (nots, chain, min_levels) in [(0, 1, 20), (1, 2, 10), (30, 16, 0)] {
        let mut cond = "exp.bar == imp.bar".to_string();
        let mut accepted = 0;
        for _ in 0..300 {
            cond = format!("{}({}{})", "!".repeat(nots), cond, " && exp.bar == 1".repeat(chain - 1));
            match check_one(&with_rule(&cond)) {
                Ok(_) => accepted += 1,
                Err(d) => {
                    let m = &d[0].message;
                    assert!(m.contains("nested too deeply") || m.contains("nested more than"), "{m}");
                    break;
                }
            }
        }
        assert!(accepted >= min_levels, "{nots} `!` and {chain} operands: only {accepted} levels accepted");
    }
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    let cases = [
        ("parentheses", format!("{}exp.bar{} == 1", "(".repeat(20_000), ")".repeat(20_000)), "nested too deeply"),
        ("negations", format!("{}exp.bar", "!".repeat(20_000)), "`!` in a row"),
        ("a long chain", vec!["exp.bar == imp.bar"; 20_000].join(" && "), "operands joined"),
    ];
    for (what, cond, msg) in cases {
        let d = check_one(&with_rule(&cond)).expect_err(what);
        assert!(d[0].message.contains(msg), "{what}: {}", d[0].message);
    }
    let mut whens = String::new();
    for _ in 0..5_000 {
        whens.push_str("when exp.bar == 1 { ");
    }
    let text = with_rule("exp.bar == imp.bar")
        .replace("require", &format!("{whens}require"))
        .replace("EOPNOTSUPP;", &format!("EOPNOTSUPP;{}", " }".repeat(5_000)));
    let d = check_one(&text).expect_err("deep when");
    assert!(d[0].message.contains("nested too deeply"), "{}", d[0].message);
}

/// The same mangling over every one-file fixture of tests/fixtures/bad,
/// which reach error paths the clean seeds do not. Only robustness is
/// checked (the originals are rejected already). Slow in debug:
/// `cargo test --release -p maptype-dsl --test robustness -- --ignored`.
#[test]
#[ignore = "slow in debug; run with --release -- --ignored"]
fn mangled_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "maptype"))
        .collect();
    paths.sort();
    let mut rng = Rng(0x6669_7874_7572_6573);
    let (mut total, mut failures) = (0, Vec::new());
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&p).unwrap();
        for v in variants(&name, &text, &mut rng, 1) {
            total += 1;
            let mut sources = Sources::new();
            sources.add(name.clone(), v.text.clone());
            match run(&sources) {
                Err(panic) => failures.push(format!("{}: check panicked: {panic}", v.label)),
                Ok(Err(diags)) => {
                    if let Err(why) = diagnostics_ok(&sources, &diags) {
                        failures.push(format!("{}: {why}", v.label));
                    }
                }
                Ok(Ok(_)) => {}
            }
        }
    }
    eprintln!("{total} variants of the fixtures");
    assert!(failures.is_empty(), "{} of {total} variants failed:\n{}", failures.len(), failures.join("\n"));
}
