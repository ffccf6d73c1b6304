//! Helpers shared by the output and input tests: a project holding copies of
//! the seeds, running the binary with a time limit, and snapshots of trees.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_maptype");

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("codegen/cli/ sits two levels down").to_path_buf()
}

/// A temporary directory holding a copy of the seed definitions in `schemas/`.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    for e in std::fs::read_dir(root().join("schemas")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "maptype") {
            std::fs::copy(e.path(), schemas.join(e.file_name())).unwrap();
        }
    }
    dir
}

/// The binary, in `dir`, without colour.
pub fn maptype(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir).env("NO_COLOR", "1").env("TERM", "dumb");
    c
}

/// Runs `cmd` and fails the test if it takes over 20 s (a hang).
pub fn run(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("maptype hung; stderr: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}

pub fn maptype_in(dir: &Path, args: &[&str]) -> Output {
    run(maptype(dir).args(args))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` (relative path, contents); symlinks are not followed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap_or_default());
            }
        }
    }
    out
}

/// The temporaries of the writer left under `dir`.
pub fn temporaries(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().filter(|p| p.rsplit('/').next().is_some_and(|n| n.starts_with(".maptype-tmp-"))).collect()
}

/// Writes an "old edition" of the output into `out`: the seeds generated for
/// 6.18 with a line appended to every file, so every file differs from the
/// default output and a `generate` rewrites all of them.
pub fn old_edition(project: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = maptype_in(project, &["generate", "--target", "6.18", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files = snapshot(out);
    for (rel, content) in files.iter_mut() {
        content.extend_from_slice(b"/* old edition */\n");
        std::fs::write(out.join(rel), &content).unwrap();
    }
    files
}
