//! `maptype lint` as a user runs it: exit 0 on clean definitions, 1 with
//! `file:line:col` diagnostics on bad ones, 2 on usage errors (clap's code).
//! The bad definitions are the checker's fixtures in dsl/tests/fixtures/bad.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("codegen/cli/ sits two levels down").to_path_buf()
}

fn fixtures() -> PathBuf {
    root().join("dsl/tests/fixtures/bad")
}

/// Runs the binary in `dir`, without colour so messages compare as text.
fn maptype_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maptype"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .output()
        .expect("maptype runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn seeds_lint_clean() {
    let out = maptype_in(&root(), &["lint", "schemas/sgt.maptype", "schemas/pal.maptype", "schemas/xe_iov.maptype"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 3 mapping types"), "{}", stderr(&out));
}

#[test]
fn a_syntax_error_exits_1_at_its_location() {
    let out = maptype_in(&root(), &["lint", "dsl/tests/fixtures/bad/syntax_missing_semicolon.maptype"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("dsl/tests/fixtures/bad/syntax_missing_semicolon.maptype:4:16"), "{err}");
    assert!(err.contains("expected `;`, found `export`"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn the_cli_prints_what_the_checker_reports() {
    // Run where the fixtures are, so the file names match the .expected files
    // the dsl crate's tests compare against: CLI and library agree exactly.
    for name in ["several_check_errors", "unknown_errno_typo", "export_partner_wider"] {
        let out = maptype_in(&fixtures(), &["lint", &format!("{name}.maptype")]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let expected = std::fs::read_to_string(fixtures().join(format!("{name}.expected"))).expect("expected file");
        assert!(stderr(&out).starts_with(&expected), "{name}:\n--- expected\n{expected}\n--- got\n{}", stderr(&out));
    }
}

#[test]
fn several_files_are_checked_together() {
    let dir = fixtures().join("clash_accessor_two_types");
    let out = maptype_in(&dir, &["lint", "demo.maptype", "other.maptype"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("other.maptype:19:14"), "{err}");
    assert!(err.contains("demo.maptype:27:14"), "{err}");
    assert!(err.contains("C name `dma_buf_other_dev` is also claimed by mapping type `demo`"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let out = maptype_in(&root(), &["lint", "schemas/sgt.maptype", "schemas/no_such.maptype"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot read schemas/no_such.maptype"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["lint"][..], &["lint", "--no-such-flag", "schemas/sgt.maptype"], &["no-such-command"], &[]] {
        let out = maptype_in(&root(), args);
        assert_eq!(out.status.code(), Some(2), "maptype {args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("Usage:"), "maptype {args:?}: {}", stderr(&out));
    }
}
