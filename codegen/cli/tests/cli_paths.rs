//! One habit for paths: `lint`, `ir`, `fmt` and `generate` take definition
//! files or directories of them, and a directory means the same as its
//! `.maptype` files named one by one.

mod common;
use common::{maptype, project, run};

fn ok(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_directory_is_its_definition_files() {
    let p = project();
    let files = ["schemas/pal.maptype", "schemas/sgt.maptype", "schemas/xe_iov.maptype"];
    let by_dir = run(maptype(p.path()).args(["ir", "schemas"]));
    let by_files = run(maptype(p.path()).arg("ir").args(files));
    assert_eq!(ok(&by_dir), ok(&by_files), "the same IR, with the same source names");
    let lint = run(maptype(p.path()).args(["lint", "schemas"]));
    ok(&lint);
    assert!(String::from_utf8_lossy(&lint.stderr).contains("checked 3 mapping types"));
    ok(&run(maptype(p.path()).args(["fmt", "--check", "schemas"])));
    // A hidden file (an editor's) and other files are not definitions.
    std::fs::write(p.path().join("schemas/.#sgt.maptype"), "not a definition").unwrap();
    std::fs::write(p.path().join("schemas/notes.txt"), "not a definition").unwrap();
    ok(&run(maptype(p.path()).args(["lint", "schemas"])));
}

#[test]
fn a_directory_without_definitions_is_an_error() {
    let p = project();
    std::fs::create_dir(p.path().join("empty")).unwrap();
    for cmd in ["lint", "ir", "fmt"] {
        let o = run(maptype(p.path()).args([cmd, "empty"]));
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("no .maptype files in empty"), "{cmd}");
    }
}

/// `bench` runs end to end at its smallest size and prints its table.
#[test]
fn bench_prints_figures() {
    let p = project();
    let o = run(maptype(p.path()).args(["bench", "--sizes", "4", "--runs", "1", "--kernel-src", "none"]));
    let out = ok(&o);
    for row in ["lint", "generate (cold)", "generate (no-op)", "generate --check"] {
        assert!(out.lines().any(|l| l.trim_start().starts_with('4') && l.contains(row)), "no {row} row:\n{out}");
    }
    assert!(out.contains("ynl: skipped"), "{out}");
}
