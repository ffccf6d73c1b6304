//! The formatter: idempotent, meaning-preserving, comment-preserving, total.
//!
//! Golden files: `tests/fmt/NAME.maptype` formats to `tests/fmt/NAME.expected`.
//! Run with `MAPTYPE_BLESS=1` to rewrite the expected files.

use std::path::{Path, PathBuf};

use maptype_dsl::fmt::format_source;
use maptype_dsl::Sources;

const SCHEMAS: [(&str, &str); 3] = [
    ("sgt.maptype", include_str!("../../schemas/sgt.maptype")),
    ("pal.maptype", include_str!("../../schemas/pal.maptype")),
    ("xe_iov.maptype", include_str!("../../schemas/xe_iov.maptype")),
];

fn fmt(text: &str) -> String {
    match format_source(0, text) {
        Ok(s) => s,
        Err(d) => panic!("format failed: {d:?}\n--- input ---\n{text}"),
    }
}

/// The checked model as JSON; spans are not part of it, so layout cannot show.
fn ir(name: &str, text: &str) -> serde_json::Value {
    let mut sources = Sources::new();
    sources.add(name, text);
    match maptype_dsl::check(&sources) {
        Ok(reg) => serde_json::to_value(&reg).expect("IR serializes"),
        Err(d) => panic!("{name} does not check:\n{}", sources.render(&d)),
    }
}

/// The syntax tree without spans, for inputs that parse but need not check.
fn tree(text: &str) -> String {
    let file = maptype_dsl::parse(0, text).expect("parses");
    let dbg = format!("{file:?}");
    let mut out = String::with_capacity(dbg.len());
    let mut rest = dbg.as_str();
    while let Some(i) = rest.find("Span { file:") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').map_or(rest.len(), |e| i + e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Comment texts (trailing whitespace dropped), sorted. Written apart from
/// the formatter's lexer on purpose; it knows strings but not `<headers>`,
/// so inputs used with it keep `//` and `/*` out of headers.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push(rest[..end].trim_end().to_string());
            rest = &rest[end..];
        } else if let Some(body) = rest.strip_prefix("/*") {
            let end = body.find("*/").map_or(rest.len(), |e| e + 4);
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else if c == '"' {
            let mut chars = rest.char_indices().skip(1);
            let mut end = rest.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' | '\n' => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out.sort();
    out
}

/// Everything every formatted input must satisfy.
fn assert_formats_well(name: &str, text: &str) -> String {
    let once = fmt(text);
    let twice = fmt(&once);
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    assert_eq!(tree(text), tree(&once), "{name}: formatting changed the syntax tree");
    assert_eq!(comments(text), comments(&once), "{name}: formatting lost or changed comments");
    assert!(once.is_empty() || (once.ends_with('\n') && !once.ends_with("\n\n")), "{name}: bad file end");
    for (i, line) in once.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "{name}:{}: trailing whitespace", i + 1);
        let indent = line.len() - line.trim_start_matches(' ').len();
        assert_eq!(indent % 4, 0, "{name}:{}: indent not a multiple of 4", i + 1);
        assert!(!line.starts_with('\t'), "{name}:{}: tab indent", i + 1);
    }
    assert!(!once.contains("\n\n\n"), "{name}: more than one blank line");
    assert!(!once.contains("{\n\n"), "{name}: blank line after `{{`");
    once
}

/// Like `assert_formats_well`, and the checked model is unchanged too.
fn assert_same_model(name: &str, text: &str) {
    let once = assert_formats_well(name, text);
    assert_eq!(ir(name, text), ir(name, &once), "{name}: formatting changed the IR");
}

#[test]
fn schemas_are_canonical() {
    for (name, text) in SCHEMAS {
        assert_eq!(fmt(text), text, "{name} is not in canonical layout");
        assert_same_model(name, text);
    }
}

// --- Ugly variants of the schemas, made by rewriting layout only ---------

/// Maps each run of whitespace outside strings and comments through `f`,
/// which gets the run and whether the characters around it are punctuation.
fn rewrite_space(text: &str, f: impl Fn(&str, bool) -> String) -> String {
    // Gaps next to `/` and `*` count as between words too: dropping them
    // could turn `/ /*` into `//*`.
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "_\"</*".contains(c));
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let take = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or(rest.len(), |e| e + 4)
        } else if c == '"' {
            rest[1..].find('"').map_or(rest.len(), |e| e + 2)
        } else if c == '<' && out.trim_end().ends_with("from") {
            rest.find('>').map_or(rest.len(), |e| e + 1)
        } else if c.is_whitespace() {
            let n = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            let ws = &rest[..n];
            let between_words = is_word(out.chars().last()) && is_word(rest[n..].chars().next());
            // Whitespace ending a `//` comment must keep a newline.
            let after_comment = out.rsplit('\n').next().is_some_and(|l| l.contains("//"));
            let mut new = f(ws, !between_words);
            if after_comment && !new.contains('\n') {
                new.push('\n');
            }
            out.push_str(&new);
            rest = &rest[n..];
            continue;
        } else {
            c.len_utf8()
        };
        out.push_str(&rest[..take]);
        rest = &rest[take..];
    }
    out
}

/// Each schema with its doc comments removed, on a single line.
fn one_line(text: &str) -> String {
    let no_docs: String = text.lines().filter(|l| !l.trim_start().starts_with("///")).collect::<Vec<_>>().join("\n");
    rewrite_space(&no_docs, |_, punct| if punct { String::new() } else { " ".into() })
}

/// Every gap stretched, squeezed or split oddly (extra blank lines, tabs, CRLF).
fn respaced(text: &str) -> String {
    rewrite_space(text, |ws, punct| {
        let lines = ws.matches('\n').count();
        match (lines, punct) {
            (0, true) => String::new(),
            (0, false) => " \t  ".into(),
            (1, _) => " \t\r\n\t   ".into(),
            (n, _) => "\r\n \t".repeat(n + 2),
        }
    })
}

/// A `/* */` comment in front of every `;` and `{`, and a `//` comment at the
/// end of every line that has none.
fn commented(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if line.contains("//") || line.contains('"') {
            out.push_str(line);
        } else {
            out.push_str(&line.replace(';', "/* semi */;").replace('{', "/*brace*/ {"));
            out.push_str(&format!("   // line {i}   "));
        }
        out.push('\n');
    }
    out
}

#[test]
fn ugly_schemas_keep_their_meaning() {
    for (name, text) in SCHEMAS {
        for (kind, ugly) in [("one line", one_line(text)), ("respaced", respaced(text)), ("commented", commented(text))]
        {
            assert_same_model(&format!("{name} ({kind})"), &ugly);
        }
        // Layout alone never matters: the respaced schema formats back exactly.
        assert_eq!(fmt(&respaced(text)), text, "{name}: respaced does not format back");
    }
}

/// Random layouts (a fixed-seed generator, so failures reproduce): every
/// gap becomes nothing, spaces, tabs, one newline or several.
#[test]
fn random_layouts_format_the_same() {
    let mut seeds: Vec<(String, String)> = SCHEMAS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    for f in fixtures() {
        seeds.push((f.display().to_string(), std::fs::read_to_string(&f).expect("fixture")));
    }
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for (name, text) in &seeds {
        let rounds = if std::env::var_os("MAPTYPE_FUZZ_ALL").is_some() { 500 } else { 12 };
        for round in 0..rounds {
            let rand = std::cell::Cell::new(state);
            let ugly = rewrite_space(text, |ws, punct| {
                let x = rand.get().wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                rand.set(x);
                let keep_lines = ws.matches('\n').count().min(2);
                match (x >> 33) % 6 {
                    0 if punct => String::new(),
                    1 => "\t \t".into(),
                    2 => "\n".repeat(keep_lines.max(1)),
                    3 => "\n\n\n\n".into(),
                    4 => "\r\n".repeat(keep_lines) + " ",
                    _ => " ".into(),
                }
            });
            state = rand.get();
            assert_formats_well(&format!("{name} round {round}"), &ugly);
        }
    }
}

#[test]
fn one_line_input_is_split_into_statements() {
    let out = fmt(&one_line(SCHEMAS[1].1));
    assert!(
        out.contains("\n    struct dma_buf_phys_vec since \"6.19\" renamed phys_vec since \"7.3\" {\n        paddr: phys_addr_t;\n"),
        "{out}"
    );
    assert!(out.contains("\n            count <= dmabuf.size / PAGE_SIZE;\n"), "{out}");
    assert!(out.lines().count() > 30, "{out}");
}

/// Whether a formatted line longer than the limit could have been broken:
/// it has a space, after its indentation, outside strings and comments.
/// The formatter breaks only at such spaces, so a long line without one is
/// a string, a comment or a run of tokens it must not split.
fn breakable(line: &str) -> bool {
    let code = line.trim_start();
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in code.char_indices() {
        if in_str {
            in_str = !(c == '"' && prev != '\\');
        } else if c == '"' {
            in_str = true;
        } else if code[i..].starts_with("//") || code[i..].starts_with("/*") {
            return false;
        } else if c == ' ' {
            return true;
        }
        prev = c;
    }
    false
}

#[test]
fn lines_are_broken_before_100_columns() {
    let mut seeds: Vec<(String, String)> = SCHEMAS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for dir in std::fs::read_dir(&examples).expect("examples/") {
        for f in std::fs::read_dir(dir.expect("entry").path()).into_iter().flatten() {
            let path = f.expect("entry").path();
            if path.extension().is_some_and(|e| e == "maptype") {
                seeds.push((path.display().to_string(), std::fs::read_to_string(&path).expect("example")));
            }
        }
    }
    assert!(seeds.len() > SCHEMAS.len(), "no example definitions found");
    for (name, text) in &seeds {
        // On one line, every break is the formatter's own.
        for (kind, input) in [("as written", text.clone()), ("one line", one_line(text))] {
            let out = assert_formats_well(&format!("{name} ({kind})"), &input);
            for (i, line) in out.lines().enumerate() {
                assert!(
                    line.chars().count() <= maptype_dsl::fmt::MAX_COLUMNS || !breakable(line),
                    "{name} ({kind}):{}: {} columns, and it has a space to break at:\n{line}",
                    i + 1,
                    line.chars().count()
                );
            }
        }
    }
}

#[test]
fn a_long_statement_breaks_at_the_last_space_that_fits() {
    let arg = |i: usize| format!("argument_number_{i:02}: u32");
    let args: Vec<String> = (0..6).map(arg).collect();
    let src = format!("mapping_type t {{ exporter ops o {{ required m({}); }} }}\n", args.join(", "));
    let out = fmt(&src);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[2],
        "        required m(argument_number_00: u32, argument_number_01: u32, argument_number_02: u32,"
    );
    assert_eq!(lines[3], "            argument_number_03: u32, argument_number_04: u32, argument_number_05: u32);");
    // A string is never split, however long.
    let long = "x".repeat(120);
    let out = fmt(&format!("mapping_type t {{ name \"{long}\"; }}\n"));
    assert!(out.contains(&format!("\n        \"{long}\";\n")), "{out}");
}

// --- Golden files ---------------------------------------------------------

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fmt exists")
        .map(|e| e.expect("readable dir").path())
        .filter(|p| p.extension().is_some_and(|e| e == "maptype"))
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

#[test]
fn golden_files() {
    let bless = std::env::var_os("MAPTYPE_BLESS").is_some();
    for input in fixtures() {
        let name = input.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&input).expect("readable fixture");
        let out = assert_formats_well(&name, &text);
        let expected_path = input.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &out).expect("writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).expect("expected file (run with MAPTYPE_BLESS=1)");
        assert_eq!(out, expected, "{name} formats differently from {}", expected_path.display());
        assert_eq!(fmt(&expected), expected, "{} is not canonical", expected_path.display());
    }
}

#[test]
fn checked_fixtures_keep_their_model() {
    // The others are syntax tours with names that do not resolve.
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt/odd_comments.maptype"))
        .expect("fixture");
    assert_same_model("odd_comments.maptype", &text);
}

// --- Individual rules -----------------------------------------------------

#[test]
fn trailing_comments_stay_on_their_line() {
    let out = fmt("mapping_type t { // open\n name \"x\"; /* a */ // b\n\n\n // own line\n export gpl; }");
    assert_eq!(out, "mapping_type t { // open\n    name \"x\"; /* a */ // b\n\n    // own line\n    export gpl;\n}\n");
}

#[test]
fn docs_go_on_their_own_line_next_to_their_item() {
    let out = fmt("mapping_type t { name \"x\"; /// about export\n\n\nexport gpl; }");
    assert_eq!(out, "mapping_type t {\n    name \"x\";\n    /// about export\n    export gpl;\n}\n");
    // `////` is an ordinary comment, and the doc text is kept as written.
    let out = fmt("///no space\n//// four\nmapping_type t {}");
    assert_eq!(out, "///no space\n//// four\nmapping_type t {}\n");
}

#[test]
fn enumerators_get_a_trailing_comma_and_inline_sets_lose_theirs() {
    let src = "mapping_type t { enum e { A = 0x1F, B // last\n } data { importer x: u8 as e in { A, B, }; } }";
    let out = fmt(src);
    assert_eq!(
        out,
        "mapping_type t {\n    enum e {\n        A = 0x1F,\n        B, // last\n    }\n    data {\n        importer x: u8 as e in { A, B };\n    }\n}\n"
    );
}

#[test]
fn pointers_calls_and_operators() {
    let src = "mapping_type t{extern f(a:const char**,b:struct x*const*)->int from<linux/a.h>;\
               compatible{require !(f(imp.a,1)>=0)||!!imp.b&&(imp.c) else E;}}";
    let out = fmt(src);
    assert!(out.contains("extern f(a: const char **, b: struct x *const *) -> int from <linux/a.h>;"), "{out}");
    assert!(out.contains("require !(f(imp.a, 1) >= 0) || !!imp.b && (imp.c) else E;"), "{out}");
}

#[test]
fn headers_are_kept_verbatim_and_less_than_is_an_operator() {
    // `from` can also be a field name, compared with `<` in an expression.
    let src = "mapping_type t { extern f() -> int from <a//b  c.h>; compatible { require exp.from<imp.from else E; } }";
    let out = fmt(src);
    assert!(out.contains("from <a//b  c.h>;"), "{out}");
    assert!(out.contains("require exp.from < imp.from else E;"), "{out}");
    assert_eq!(fmt(&out), out);
}

#[test]
fn author_line_breaks_become_continuation_lines() {
    let src = "mapping_type t {\naccessor a -> bool\n\n\n= x\n|| y;\nexporter ops o { required m(\na: int,\nb: int\n); }\n}\n";
    let out = fmt(src);
    assert_eq!(
        out,
        "mapping_type t {\n    accessor a -> bool\n        = x\n        || y;\n    exporter ops o {\n        required m(a: int,\n            b: int);\n    }\n}\n"
    );
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt(" \n\n\t\r\n"), "");
    assert_eq!(fmt("\n\n// only a comment   \r\n\n\n/* and */\n"), "// only a comment\n\n/* and */\n");
}

#[test]
fn blank_lines_between_types_are_kept() {
    let out = fmt("mapping_type a {}\n\n\n\nmapping_type b {}\nmapping_type c {}");
    assert_eq!(out, "mapping_type a {}\n\nmapping_type b {}\nmapping_type c {}\n");
}

#[test]
fn syntax_errors_are_reported_not_formatted() {
    for src in ["mapping_type x { name \"a\" }", "mapping_type x { enum e { A B } }", "mapping_type", "}", "\"é"] {
        let err = format_source(7, src).expect_err(src);
        assert_eq!(err.span.file, 7);
        assert!(err.span.start <= src.len() && err.span.end <= src.len(), "{src}: {err:?}");
        assert!(err.message.starts_with("syntax error"), "{src}: {}", err.message);
    }
    // The span points between the string and the `}` where `;` belongs.
    let src = "mapping_type x {\n    name \"a\"\n}\n";
    let err = format_source(0, src).expect_err("missing `;`");
    assert!((src.find("\"\n").unwrap_or(0) + 1..=src.find('}').unwrap_or(0)).contains(&err.span.start), "{err:?}");
}

// --- Robustness -----------------------------------------------------------

/// Checks one mangled input: never a panic; if it parses, the usual properties.
fn mangled(label: &str, text: &str, check_comments: bool) -> bool {
    let Ok(once) = format_source(0, text) else { return false };
    assert_eq!(format_source(0, &once).as_deref(), Ok(once.as_str()), "{label}: not idempotent\n{text}");
    assert_eq!(tree(text), tree(&once), "{label}: tree changed\n{text}");
    if check_comments {
        assert_eq!(comments(text), comments(&once), "{label}: comments changed\n{text}");
    }
    true
}

#[test]
fn mangled_schemas_never_panic() {
    let mut parsed = 0;
    let mut total = 0;
    let mut try_one = |label: String, text: &str, check_comments: bool| {
        total += 1;
        parsed += usize::from(mangled(&label, text, check_comments));
    };
    // MAPTYPE_FUZZ_ALL=1 tries every position and the fixtures too (run it
    // with --release).
    let every = std::env::var_os("MAPTYPE_FUZZ_ALL").is_some();
    let mut seeds: Vec<(String, String)> = SCHEMAS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    if every {
        for f in fixtures() {
            seeds.push((f.display().to_string(), std::fs::read_to_string(&f).expect("fixture")));
        }
    }
    for (name, text) in seeds {
        let text = format!("{text}// ünïcödé ✓ trailer\n/* block */");
        for (k, (i, c)) in text.char_indices().enumerate() {
            let next = i + c.len_utf8();
            // Deleting one character: unterminated strings, comments, blocks.
            // Every delimiter, and a sample of the rest (a debug-build parse
            // takes milliseconds, so not every byte).
            if every || "\"/*<>{}();".contains(c) || k % 17 == 0 {
                try_one(format!("{name} without byte {i}"), &format!("{}{}", &text[..i], &text[next..]), true);
            }
            // Cutting the file short.
            if every || k % 31 == 0 {
                try_one(format!("{name} cut at {i}"), &text[..i], true);
            }
            // Inserting something awkward.
            if every || k % 13 == 0 {
                let insert = ["\"", "/*", "//", "///", "é", "{", "}", ",", "\n", "*", "<", "\0", "\\"]
                    [if every { k % 13 } else { (k / 13) % 13 }];
                let inserted = format!("{}{insert}{}", &text[..i], &text[i..]);
                try_one(format!("{name} with {insert:?} at {i}"), &inserted, false);
            }
        }
    }
    // Enough variants must still parse, or the properties above went untested.
    assert!(parsed > total / 20, "only {parsed} of {total} variants parsed");
    eprintln!("{parsed} of {total} mangled variants parsed");
}
