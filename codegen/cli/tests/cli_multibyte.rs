//! Syntax errors next to multi-byte characters: `maptype lint` and
//! `maptype fmt --check` must report them (exit 1), never panic (exit 101).
//! A panic once came from a span computed one byte past a non-ASCII
//! character, in a file that ended inside a `///` comment such as `/// é`.

use std::path::Path;
use std::process::{Command, Output};

/// Byte-exact inputs, each a syntax error right before, after or inside
/// multi-byte UTF-8 (2, 3 and 4 bytes wide).
const INPUTS: &[(&str, &[u8])] = &[
    ("doc_at_eof", b"/// \xc3\xa9"),
    ("doc_emoji_at_eof", b"mapping_type x {\n    /// \xf0\x9f\x98\x80"),
    ("name_then_char", b"mapping_type x\xc3\xa9 {\n}\n"),
    ("char_as_name", b"mapping_type \xe4\xb8\xad {\n}\n"),
    ("string_then_error", b"mapping_type x {\n    name \"caf\xc3\xa9\" }\n"),
    ("unclosed_string", b"mapping_type x {\n    name \"\xc3\xa9"),
    ("comment_then_eof", b"mapping_type x { // \xe2\x80\xae"),
    ("block_comment_unclosed", b"mapping_type x { /* \xc3\xa9"),
    ("bidi_between_tokens", b"mapping_type x \xe2\x80\xae{\n}\n"),
    ("lone_char", b"\xc3\xa9"),
    ("two_boms", b"\xef\xbb\xbf\xef\xbb\xbf"),
];

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maptype"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .output()
        .expect("maptype runs")
}

#[test]
fn syntax_errors_around_multibyte_characters_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in INPUTS {
        let file = format!("{name}.maptype");
        std::fs::write(dir.path().join(&file), bytes).unwrap();
        for args in [vec!["lint", file.as_str()], vec!["fmt", "--check", file.as_str()]] {
            let out = run(dir.path(), &args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "`maptype {}` on {name}:\n{err}", args.join(" "));
            assert!(err.contains(&format!("{file}:")), "`maptype {}` names no location:\n{err}", args.join(" "));
        }
    }
}

#[test]
fn a_leading_bom_is_accepted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).unwrap();
    let seed = std::fs::read(root.join("schemas/sgt.maptype")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(&seed);
    std::fs::write(dir.path().join("sgt.maptype"), bytes).unwrap();
    let out = run(dir.path(), &["lint", "sgt.maptype"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
