//! The Rust form: types declared in Rust (examples/from_rust/) give the IR
//! and the files of the same types written as definitions (schemas/), from
//! `ir` and `generate --from-rust`: xe_iov beside the core, and all three
//! seeds as a whole registry, every file of generated/; errors are located
//! in the Rust file.

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

/// The new constructs' Rust spellings: `Result` for `int ... or errno`,
/// `#[undoes]`, and an `entry!` body with `bind` and `require`.
#[test]
fn the_rust_form_of_the_iommu_domain_example_gives_its_ir() {
    let r = root();
    let rs = "examples/iommu_domain/iommu_domain.rs";
    let def = "examples/iommu_domain/iommu_domain.maptype";
    let from_rust = ok(&maptype_in(&r, &[&["ir"], &CORE[..], &[rs]].concat()));
    let maptype = ok(&maptype_in(&r, &[&["ir"], &CORE[..], &[def]].concat()));
    let from_rust = from_rust.replace(rs, def);
    assert!(from_rust.contains("\"failure\": \"errno\""), "{from_rust}");
    assert!(from_rust.contains("\"undoes\": \"map_into_domain\""), "{from_rust}");
    assert!(from_rust.contains("\"kind\": \"buffer_size\""), "{from_rust}");
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
fn the_rust_form_of_every_seed_gives_generated() {
    let dir = tempfile::tempdir().unwrap();
    let r = root();
    let mut args: Vec<String> =
        vec!["generate".into(), "--out".into(), dir.path().join("out").to_string_lossy().into()];
    for t in ["pal", "sgt", "xe_iov"] {
        args.extend(["--from-rust".into(), format!("examples/from_rust/{t}.rs")]);
    }
    let o = maptype_in(&r, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (got, want) = (snapshot(&dir.path().join("out")), snapshot(&r.join("generated")));
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
    // The banner (up to "do not edit") names the sources, and the glue's
    // comment names where its rules came from; all else is the same.
    let body = |text: &[u8]| {
        let text = String::from_utf8_lossy(text);
        let start = text.find("do not edit").map_or(0, |i| i + text[i..].find('\n').map_or(0, |n| n + 1));
        let mut rest = text[start..].to_string();
        for t in ["pal", "sgt", "xe_iov"] {
            rest = rest.replace(&format!("from_rust/{t}.rs"), &format!("schemas/{t}.maptype"));
        }
        rest
    };
    for (path, text) in &got {
        let banner = String::from_utf8_lossy(text);
        assert!(!banner.contains("schemas/"), "{path} names a definition it was not generated from");
        assert_eq!(body(text), body(&want[path]), "{path}");
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
