//! The Rust form: a type declared in Rust (examples/from_rust/xe_iov.rs)
//! gives the IR and the C of the same type written as a definition
//! (schemas/xe_iov.maptype), from `ir` and `generate --from-rust`; its
//! errors are located in the Rust file.

mod common;
use common::{maptype_in, root, snapshot, stderr};

const CORE: [&str; 4] = ["--core", "schemas/pal.maptype", "--core", "schemas/sgt.maptype"];

fn ok(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_rust_form_gives_the_definitions_ir() {
    let r = root();
    let from_rust = ok(&maptype_in(&r, &[&["ir"], &CORE[..], &["examples/from_rust/xe_iov.rs"]].concat()));
    let maptype = ok(&maptype_in(&r, &[&["ir"], &CORE[..], &["schemas/xe_iov.maptype"]].concat()));
    // Only where it was written differs.
    let from_rust = from_rust.replace("examples/from_rust/xe_iov.rs", "schemas/xe_iov.maptype");
    assert!(from_rust.contains("\"name\": \"xe_iov\""));
    assert_eq!(from_rust, maptype);
}

#[test]
fn generate_from_rust_writes_the_definitions_c() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let r = root();
    let out = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let gen = |o: &str, input: &[&str]| {
        let o = maptype_in(&r, &[&["generate", "--out", o], &CORE[..], input].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    gen(&out(&a), &["--from-rust", "examples/from_rust/xe_iov.rs"]);
    gen(&out(&b), &["schemas/xe_iov.maptype"]);
    let (a, b) = (snapshot(&a), snapshot(&b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.keys().any(|k| k.ends_with("dma-buf-mapping-xe-iov.c")), "{:?}", a.keys());
    for (path, text) in &a {
        let text = String::from_utf8_lossy(text).replace("from_rust/xe_iov.rs", "schemas/xe_iov.maptype");
        assert_eq!(text, String::from_utf8_lossy(&b[path]), "{path}");
    }
}

#[test]
fn rust_form_errors_are_located_in_the_rust_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/from_rust/xe_iov.rs")).unwrap();
    let bad = text
        .replace("exp.bar == imp.bar", "exp.bar == imp.bra")
        .replace("#[importer]\n        pf:", "#[importr]\n        pf:");
    std::fs::write(dir.path().join("xe.rs"), bad).unwrap();
    let o = maptype_in(dir.path(), &["generate", "--out", "out", "--from-rust", "xe.rs"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("`#[importr]` is not a field attribute"), "{err}");
    let line = text.lines().position(|l| l.contains("#[importer]")).unwrap() + 1;
    assert!(err.contains(&format!("xe.rs:{line}:9")), "{err}");
    // With the attribute right, the checker's own errors follow, located alike.
    std::fs::write(dir.path().join("xe.rs"), text.replace("exp.bar == imp.bar", "exp.bar == imp.bra")).unwrap();
    let o = maptype_in(dir.path(), &["generate", "--out", "out", "--from-rust", "xe.rs"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = text.lines().position(|l| l.contains("exp.bar == imp.bar")).unwrap() + 1;
    assert!(err.contains("unknown field `bra`") && err.contains(&format!("xe.rs:{line}:")), "{err}");
    assert!(err.contains("did you mean `bar`?"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
    let o = maptype_in(dir.path(), &["generate", "--from-rust", "xe.maptype"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a Rust file"), "{}", stderr(&o));
}
