//! Every file under `tests/fixtures/bad/` is a definition with a known
//! mistake; `check` must reject it with exactly the diagnostics rendered in
//! the `.expected` file next to it, which pins each message, its
//! `file:line:col` and where the caret sits.
//!
//! Layout: `NAME.maptype` is a one-file case; a directory `NAME/` is one case
//! of all its `*.maptype` files, loaded in name order (for clashes between
//! types). Either way the expectation is `NAME.expected`.
//!
//! `MAPTYPE_BLESS=1 cargo test -p maptype-dsl --test diagnostics` rewrites the
//! expectations from the current output; read every changed one before
//! committing it.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use maptype_dsl::{check, Sources};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// One case: its name and its sources as (name shown in messages, text).
fn cases() -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> =
        fs::read_dir(fixtures()).expect("fixtures dir").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "maptype"))
                .collect();
            files.sort();
            assert!(!files.is_empty(), "fixture directory {name} holds no .maptype file");
            let sources = files
                .iter()
                .map(|f| (format!("{name}/{}", f.file_name().unwrap().to_string_lossy()), read(f)))
                .collect();
            out.push((name, sources));
        } else if let Some(stem) = name.strip_suffix(".maptype") {
            out.push((stem.to_string(), vec![(name.clone(), read(&path))]));
        }
    }
    out
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn bad_fixtures_report_expected_diagnostics() {
    let bless = std::env::var_os("MAPTYPE_BLESS").is_some_and(|v| v != "0");
    let cases = cases();
    assert!(cases.len() >= 20, "expected the whole fixture set, found {} cases", cases.len());
    let mut failures = Vec::new();
    for (name, files) in &cases {
        let mut sources = Sources::new();
        for (n, t) in files {
            sources.add(n.clone(), t.clone());
        }
        let diags = match catch_unwind(AssertUnwindSafe(|| check(&sources))) {
            Err(_) => {
                failures.push(format!("{name}: check panicked"));
                continue;
            }
            Ok(Ok(_)) => {
                failures.push(format!("{name}: accepted, but the fixture is meant to be rejected"));
                continue;
            }
            Ok(Err(d)) => d,
        };
        for d in &diags {
            let text = sources.text(d.span.file);
            let ok = d.span.start <= d.span.end
                && d.span.end <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end);
            if !ok {
                failures.push(format!("{name}: span {:?} of `{}` is not inside its file", d.span, d.message));
            }
        }
        let got = sources.render(&diags);
        let expected_path = fixtures().join(format!("{name}.expected"));
        if bless {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{name}: diagnostics differ\n--- expected\n{want}\n--- got\n{got}")),
            Err(_) => failures.push(format!("{name}: no {name}.expected; got\n{got}")),
        }
    }
    // An expectation whose fixture was renamed away would silently test nothing.
    for e in fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if let Some(stem) = p.file_name().unwrap().to_str().and_then(|n| n.strip_suffix(".expected")) {
            if !cases.iter().any(|(n, _)| n == stem) {
                failures.push(format!("{stem}.expected has no fixture"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed (MAPTYPE_BLESS=1 rewrites expectations):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The definitions the project ships must stay clean.
#[test]
fn seed_schemas_check_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut sources = Sources::new();
    for n in ["pal.maptype", "sgt.maptype", "xe_iov.maptype"] {
        sources.add(n, read(&dir.join(n)));
    }
    if let Err(d) = check(&sources) {
        panic!("seed schemas have errors:\n{}", sources.render(&d));
    }
}
