//! `maptype kunit`'s flags, the parts that need no kernel build: the tree
//! flag is `--kernel-src` (a directory, as `MAPTYPE_KERNEL_SRC`), and a
//! directory that is not a kernel tree is a setup error (exit 2) named by
//! where it came from.

use std::process::{Command, Output};

fn kunit(args: &[&str], env_src: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_maptype"));
    c.arg("kunit").args(args).env_remove("MAPTYPE_KERNEL_SRC");
    if let Some(src) = env_src {
        c.env("MAPTYPE_KERNEL_SRC", src);
    }
    c.output().expect("maptype runs")
}

#[test]
fn kernel_src_that_is_no_tree_is_a_setup_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = kunit(&["--kernel-src", dir.path().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--kernel-src: ") && err.contains("is not a kernel tree"), "{err}");
}

#[test]
fn the_environment_names_a_tree_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = kunit(&[], Some(dir.path().to_str().unwrap()));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MAPTYPE_KERNEL_SRC: ") && err.contains("is not a kernel tree"), "{err}");
}

#[test]
fn kernel_is_not_a_kunit_flag() {
    let out = kunit(&["--kernel", "/usr/src/linux"], None);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn rust_and_mutants_conflict() {
    let out = kunit(&["--rust", "--mutants"], None);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}
