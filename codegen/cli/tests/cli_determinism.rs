//! `generate`'s output is the checked-in `generated/`, byte for byte, across
//! 20 runs that vary how the definitions are named (directory, `./`,
//! `..`, absolute, single files in any order, duplicates), the working
//! directory, the locale and `TMPDIR` (one holding a `rustfmt.toml`).

mod common;

use std::path::Path;

use common::*;

/// One run: working directory, paths, environment.
type Run<'a> = (&'a Path, Vec<String>, Vec<(&'a str, &'a str)>);

#[test]
fn output_is_the_same_however_it_is_asked_for() {
    let dir = project();
    let p = dir.path();
    let schemas = p.join("schemas");
    let abs = schemas.to_str().unwrap().to_string();
    let parent_rel = format!("{}/schemas", p.file_name().unwrap().to_str().unwrap());
    let other = tempfile::tempdir().unwrap();
    let styled = tempfile::tempdir().unwrap();
    std::fs::write(styled.path().join("rustfmt.toml"), "max_width = 40\nhard_tabs = true\n").unwrap();
    std::fs::write(p.join("rustfmt.toml"), "max_width = 50\n").unwrap();
    let want = snapshot(&root().join("generated"));
    let file = |n: &str| format!("{abs}/{n}.maptype");

    let runs: Vec<Run> = vec![
        (p, vec!["schemas".into()], vec![]),
        (p, vec!["./schemas".into()], vec![]),
        (p, vec!["schemas/../schemas/".into()], vec![]),
        (p, vec![abs.clone()], vec![]),
        (p, vec![file("sgt"), file("pal"), file("xe_iov")], vec![]),
        (p, vec!["schemas/xe_iov.maptype".into(), "./schemas/sgt.maptype".into(), file("pal")], vec![]),
        (p, vec!["schemas/pal.maptype".into(), "schemas".into(), "./schemas/pal.maptype".into()], vec![]),
        (&schemas, vec![".".into()], vec![]),
        (&schemas, vec!["xe_iov.maptype".into(), "pal.maptype".into(), "sgt.maptype".into()], vec![]),
        (&schemas, vec!["../schemas".into()], vec![]),
        (Path::new("/"), vec![abs.clone()], vec![]),
        (other.path(), vec![abs.clone()], vec![]),
        (p.parent().unwrap(), vec![parent_rel], vec![]),
        (p, vec!["schemas".into()], vec![("LC_ALL", "C")]),
        (p, vec!["schemas".into()], vec![("LC_ALL", "C.UTF-8")]),
        (p, vec!["schemas".into()], vec![("LC_ALL", "de_DE.UTF-8"), ("LANG", "de_DE.UTF-8")]),
        (p, vec!["schemas".into()], vec![("TMPDIR", styled.path().to_str().unwrap())]),
        (p, vec!["schemas".into()], vec![("TMPDIR", "/nonexistent")]),
        (styled.path(), vec![abs.clone()], vec![("TMPDIR", p.to_str().unwrap()), ("LC_ALL", "C")]),
        (p, vec![file("xe_iov"), "schemas".into()], vec![("TMPDIR", styled.path().to_str().unwrap())]),
    ];
    assert_eq!(runs.len(), 20);
    for (i, (cwd, paths, env)) in runs.iter().enumerate() {
        let out = other.path().join(format!("out{i}"));
        let mut cmd = maptype(cwd);
        cmd.args(["generate", "--out", out.to_str().unwrap()]).args(paths).envs(env.iter().copied());
        let o = run(&mut cmd);
        assert!(o.status.success(), "run {i} in {} with {paths:?} {env:?}: {}", cwd.display(), stderr(&o));
        let got = snapshot(&out);
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "run {i}: another file set");
        for (rel, content) in &want {
            assert!(got[rel] == *content, "run {i} in {} with {paths:?} {env:?}: {rel} differs", cwd.display());
        }
    }
}
