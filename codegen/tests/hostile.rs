//! Nothing a definition or a file name says reaches generated code: a seed
//! definition whose doc comments hold a Markdown fence, an indented block,
//! rst directives, a comment terminator and `$(shell ...)`, read from a file
//! whose path holds `*/`, a newline and `$(shell touch pwned)`, generates
//! output where all of it is inert text.

use std::path::{Path, PathBuf};
use std::process::Command;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

mod common;
use common::{files_with_ext, root, write};

/// Doc lines added after every doc comment of the seed.
const HOSTILE_DOC: &[&str] = &[
    "```",
    "EVIL_FENCE();",
    "```",
    "    EVIL_INDENT();",
    ".. include:: /etc/passwd",
    ".. raw:: html",
    ":role:`EVIL_ROLE`",
    "int EVIL_C = 1; back\\slash \"quoted\"",
    "$(shell touch pwned)",
];

/// schemas/pal.maptype with [`HOSTILE_DOC`] after each block of `///` lines.
fn hostile_seed() -> String {
    let text = std::fs::read_to_string(root().join("schemas/pal.maptype")).expect("seed is readable");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        out.push('\n');
        let doc = l.trim_start().starts_with("///");
        let next_doc = lines.get(i + 1).is_some_and(|n| n.trim_start().starts_with("///"));
        if doc && !next_doc {
            let indent = &l[..l.len() - l.trim_start().len()];
            for h in HOSTILE_DOC {
                out.push_str(&format!("{indent}/// {h}\n"));
            }
        }
    }
    out
}

/// Generates the hostile seed from its hostile path into a fresh tree.
fn generate() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Banners name `<definition directory>/<file>`: those two carry the attack,
    // `x*/ int EVIL_PATH = 1; /*` across them once joined.
    let rel = Path::new("outer").join("defs\n$(shell touch pwned)\nx*").join(" int EVIL_PATH = 1; *.maptype");
    let def = dir.path().join(&rel);
    write(&def, &hostile_seed());
    // As the CLI reads a directory: every `.maptype` in it, named by path.
    let defs = maptype::definition_files(&[def.parent().expect("a directory").to_path_buf()]).expect("found");
    assert_eq!(defs.len(), 1, "{defs:?}");
    let sources = maptype::read_sources(&defs).expect("definition is readable");
    let reg = match maptype_dsl::check(&sources) {
        Ok(reg) => reg,
        Err(diags) => panic!("the hostile seed does not check: {diags:#?}"),
    };
    let files = maptype::generate(&reg, &maptype::Target::default());
    if let Ok(p) = std::env::var("HOSTILE_KEEP") {
        maptype::output::write(Path::new(&p), &files).expect("kept");
    }
    let out = dir.path().join("out");
    maptype::output::write(&out, &files).expect("generated files are written");
    (dir, out)
}

/// C source with comments and string/char literals removed; panics on an
/// unterminated comment or literal.
fn c_code(text: &str, file: &Path) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            let end = text[i + 2..].find("*/").unwrap_or_else(|| panic!("{}: unterminated comment", file.display()));
            i += end + 4;
            out.push(' ');
        } else if b[i..].starts_with(b"//") {
            // A backslash at the end continues a line comment.
            while i < b.len() && !(b[i] == b'\n' && b[i - 1] != b'\\') {
                i += 1;
            }
        } else if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            i += 1;
            while b[i] != q {
                assert!(b[i] != b'\n', "{}: string literal runs past its line", file.display());
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

#[test]
fn c_comments_hold_no_live_code() {
    let (_dir, out) = generate();
    let mut c_files = files_with_ext(&out, "c");
    c_files.extend(files_with_ext(&out, "h"));
    assert!(!c_files.is_empty());
    let mut seen = false;
    for f in c_files {
        let text = std::fs::read_to_string(&f).unwrap();
        seen |= text.contains("EVIL_C") && text.contains("EVIL_PATH");
        // kernel-doc copies comment text into the kernel's rst.
        for line in text.lines() {
            let t = line.trim_start().trim_start_matches('*').trim_start();
            assert!(!t.starts_with(".. ") && !line.contains(":role:`"), "{}: rst markup: {line:?}", f.display());
        }
        let code = c_code(&text, &f);
        for word in ["EVIL", "pwned", "passwd"] {
            assert!(!code.contains(word), "{}: `{word}` outside a comment", f.display());
        }
    }
    assert!(seen, "the hostile doc and path reach the C output (as comments)");
}

#[test]
fn makefile_fragments_run_nothing() {
    let (dir, out) = generate();
    let makefiles: Vec<PathBuf> = files_with_ext(&out, "maptype");
    assert!(!makefiles.is_empty());
    for f in &makefiles {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.lines() {
            let rest = line.replace("$$", "");
            let unescaped = rest.match_indices("$(").any(|(i, _)| !rest[i..].starts_with("$(CONFIG_"));
            assert!(!unescaped, "{}: unescaped `$(` in {line:?}", f.display());
            assert!(!line.ends_with('\\'), "{}: a line continues: {line:?}", f.display());
        }
        if f.file_name().is_some_and(|n| n == "Makefile.maptype") {
            // make reads the fragment; nothing may run.
            let work = dir.path().join("make");
            std::fs::create_dir_all(&work).unwrap();
            std::fs::copy(f, work.join("frag.mk")).unwrap();
            std::fs::write(work.join("Makefile"), "include frag.mk\nall:\n\t@true\n").unwrap();
            match Command::new("make").arg("-s").current_dir(&work).status() {
                Ok(s) => assert!(s.success(), "make reads {}", f.display()),
                Err(e) => eprintln!("note: make not run ({e})"),
            }
            assert!(!work.join("pwned").exists(), "{} ran a command", f.display());
        }
    }
    let kunitconfig = out.join("drivers/dma-buf/.kunitconfig");
    let text = std::fs::read_to_string(&kunitconfig).expect(".kunitconfig is generated");
    assert!(text.lines().all(|l| l.is_empty() || l.starts_with('#') || l.starts_with("CONFIG_")), "{text}");
}

#[test]
fn rst_pages_hold_no_directive_from_the_doc() {
    let (_dir, out) = generate();
    let pages = files_with_ext(&out, "rst");
    assert!(!pages.is_empty());
    for p in pages {
        let text = std::fs::read_to_string(&p).unwrap();
        for line in text.lines() {
            let t = line.trim_start();
            // A role is markup anywhere on a line; a directive only at its start.
            assert!(!t.contains(":role:`"), "{}: a role from the definition: {line:?}", p.display());
            if t.starts_with("..") {
                assert!(
                    t.starts_with(".. SPDX")
                        || t.starts_with(".. generated from")
                        || t.starts_with(".. toctree::")
                        || t.starts_with(".. list-table::"),
                    "{}: a directive or comment from the definition: {line:?}",
                    p.display()
                );
            }
        }
        // The banner comment is one line: the path's newline is escaped.
        assert!(text.lines().nth(1).is_some_and(|l| l.contains("$(shell touch pwned)\\n")), "{}", p.display());
    }
}

/// Every `#[doc = "..."]` string in `tokens`, in order, one per attribute.
fn doc_strings(tokens: TokenStream, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, t) in trees.iter().enumerate() {
        if let TokenTree::Group(g) = t {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            let is_doc = matches!((inner.first(), inner.get(1)), (Some(TokenTree::Ident(d)), Some(TokenTree::Punct(p)))
                if d == "doc" && p.as_char() == '=');
            let after_hash =
                i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#' || p.as_char() == '!');
            if is_doc && after_hash && inner.len() == 3 {
                let lit: syn::LitStr = syn::parse2(inner[2].to_token_stream()).expect("a doc string");
                out.push(lit.value());
            } else {
                doc_strings(g.stream(), out);
            }
        }
    }
}

#[test]
fn rust_docs_hold_no_code_block_from_the_doc() {
    let (_dir, out) = generate();
    let files = files_with_ext(&out, "rs");
    assert!(!files.is_empty());
    let mut seen = false;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: not Rust: {e}", f.display()));
        let mut docs = Vec::new();
        doc_strings(file.into_token_stream(), &mut docs);
        // Consecutive doc attributes form one Markdown text; the generator's
        // own doctests open and close fences, the definition's text never.
        let mut in_code = false;
        for d in &docs {
            let line = d.strip_prefix(' ').unwrap_or(d);
            if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
                assert!(!line.contains("EVIL"), "{}: {line:?}", f.display());
                in_code = !in_code;
                continue;
            }
            if line.contains("EVIL") {
                seen = true;
                assert!(!in_code, "{}: definition text inside a code block: {line:?}", f.display());
                assert!(!line.starts_with("    ") && !line.starts_with('\t'), "{}: indented: {line:?}", f.display());
            }
            if line == "\\`\\`\\`" {
                seen = true;
            }
        }
        assert!(!in_code, "{}: a code block is left open", f.display());
    }
    assert!(seen, "the hostile doc reaches the Rust output (as prose)");
}

/// The generated headers and glue compile with the hosted stand-in of the
/// kernel headers (tests/hosted) under -Wall -Wextra -Werror, which includes
/// -Wcomment: no `/*` opens inside a comment.
#[test]
fn c_output_compiles_with_the_hosted_stand_in() {
    if Command::new("cc").arg("--version").output().is_err() {
        eprintln!("note: no cc; compile check skipped");
        return;
    }
    let (_dir, out) = generate();
    let hosted = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hosted/include");
    let target = maptype::Target::default();
    let mut flags: Vec<String> =
        ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"].map(String::from).to_vec();
    flags.push(format!("-I{}", hosted.display()));
    flags.push(format!("-I{}", out.join("include").display()));
    flags.extend(["-include", "linux/kconfig.h", "-include", "linux/compiler_types.h"].map(String::from));
    flags.push(format!("-DHOSTED_LINUX_MAJOR={}", target.major));
    flags.push(format!("-DHOSTED_LINUX_MINOR={}", target.minor));
    let mut units = files_with_ext(&out.join("include"), "h");
    units.extend(
        files_with_ext(&out.join("drivers"), "c")
            .into_iter()
            .filter(|c| std::fs::read_to_string(c).is_ok_and(|t| !t.contains("#include <kunit/test.h>"))),
    );
    assert!(units.len() >= 3, "headers and glue: {units:?}");
    for u in units {
        let o = Command::new("cc").args(&flags).arg("-x").arg("c").arg(&u).output().expect("cc runs");
        assert!(o.status.success(), "{} does not compile:\n{}", u.display(), String::from_utf8_lossy(&o.stderr));
    }
}
