//! `generate` writes its output as one transaction: SIGKILL at any moment
//! leaves every file whole (old or new) and the next run leaves no
//! temporary; a failure half-way changes nothing; new files get the mode the
//! umask gives and rewritten ones keep theirs. `fmt` rewrites through a
//! temporary too.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// A small xorshift generator: reproducible from the seed the test prints.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Puts the old edition back (temporaries a killed run left stay, for the next run to sweep).
fn restore(out: &Path, old: &BTreeMap<String, Vec<u8>>) {
    for (rel, content) in old {
        if std::fs::read(out.join(rel)).ok().as_ref() != Some(content) {
            std::fs::write(out.join(rel), content).unwrap();
        }
    }
}

/// Every output file is the complete old or the complete new version, and
/// nothing else is there but temporaries.
fn assert_whole(out: &Path, old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>, trial: usize) -> usize {
    let now = snapshot(out);
    let mut renewed = 0;
    for (rel, content) in &now {
        if rel.rsplit('/').next().is_some_and(|n| n.starts_with(".maptype-tmp-")) {
            continue;
        }
        if new.get(rel) == Some(content) {
            renewed += 1;
        } else {
            assert_eq!(old.get(rel), Some(content), "trial {trial}: {rel} is neither the old nor the new version");
        }
    }
    for rel in new.keys() {
        assert!(now.contains_key(rel), "trial {trial}: {rel} is gone");
    }
    renewed
}

/// 200 SIGKILLs at random moments of a real `generate` that replaces every
/// file of an old edition.
#[test]
fn sigkill_at_any_moment_leaves_every_file_whole() {
    let dir = project();
    // On a disk (not tmpfs): its fsyncs make the writing long enough for
    // many kills to land in it. MAPTYPE_KILL_TMPFS=1 uses /dev/shm instead.
    let shm = Path::new("/dev/shm");
    let tmpfs = std::env::var_os("MAPTYPE_KILL_TMPFS").is_some() && shm.is_dir();
    let scratch = if tmpfs { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() };
    let out = scratch.path().join("out");
    let new_dir = scratch.path().join("new");
    let out_s = out.to_str().unwrap();
    assert!(maptype_in(dir.path(), &["generate", "--out", new_dir.to_str().unwrap()]).status.success());
    let new = snapshot(&new_dir);
    let old = old_edition(dir.path(), &out);
    assert_eq!(old.len(), new.len());
    // Calibrate (the fastest of three): how long a whole run takes, and how
    // long one with nothing to write (reading and generating). Even trials
    // kill anywhere in a whole run; odd ones in a window that closes in on
    // the writing: a kill that left the old edition untouched moves its
    // start later, one that found every file renewed moves its end earlier.
    let (mut full, mut compute) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        restore(&out, &old);
        let t = Instant::now();
        assert!(maptype_in(dir.path(), &["generate", "--out", out_s]).status.success());
        full = full.min(t.elapsed());
        let t = Instant::now();
        assert!(maptype_in(dir.path(), &["generate", "--out", out_s]).status.success());
        compute = compute.min(t.elapsed());
    }
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("seed {seed}: a whole run takes {full:?}, one with nothing to write {compute:?}");
    let mut rng = Rng(seed);
    let full_us = full.as_micros() as u64;
    let (mut lo, mut hi) = ((compute.as_micros() as u64 * 8 / 10).min(full_us), full_us * 12 / 10);
    let (mut killed, mut mixed, mut with_temps) = (0, 0, 0);
    let start = Instant::now();
    for trial in 0..200 {
        restore(&out, &old);
        let mut child = maptype(dir.path())
            .args(["generate", "--out", out_s])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (from, to) = if trial % 2 == 0 { (0, full_us) } else { (lo, hi) };
        let delay = from + rng.below(to.saturating_sub(from));
        std::thread::sleep(Duration::from_micros(delay));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed += usize::from(!finished && !status.success());
        let renewed = assert_whole(&out, &old, &new, trial);
        mixed += usize::from(renewed > 0 && renewed < new.len());
        let temps = !temporaries(&out).is_empty();
        with_temps += usize::from(temps);
        if trial % 2 == 1 {
            // Here lo <= delay < hi, so the window only narrows towards delay.
            if renewed == 0 && !temps {
                lo += (delay - lo) / 4;
            } else if renewed == new.len() && !temps {
                hi -= (hi - delay) / 4;
            }
            if hi < lo + 20_000 {
                (lo, hi) = (lo.saturating_sub(10_000), hi + 10_000);
            }
        }
        if status.success() {
            assert_eq!(temporaries(&out), Vec::<String>::new(), "trial {trial}: a finished run left temporaries");
        }
        // Every twentieth trial runs to the end: it sweeps what the
        // killed runs left and leaves exactly the new edition.
        if trial % 20 == 19 {
            let o = maptype_in(dir.path(), &["generate", "--out", out_s]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert_eq!(temporaries(&out), Vec::<String>::new(), "trial {trial}: temporaries after the next run");
            let check = maptype_in(dir.path(), &["generate", "--check", "--out", out_s]);
            assert!(check.status.success(), "trial {trial}: {}", String::from_utf8_lossy(&check.stdout));
            assert_eq!(snapshot(&out), new);
        }
    }
    eprintln!(
        "200 trials in {:?}: {killed} killed mid-run, {mixed} left old and new files mixed, {with_temps} left \
         temporaries; the writing window closed in on {lo}..{hi} us",
        start.elapsed()
    );
    assert!(killed > 0, "no kill landed before the run ended");
}

/// A temporary a killed run left is ignored by `--check` and removed by the next run.
#[test]
fn stale_temporaries_are_ignored_and_swept() {
    let dir = project();
    assert!(maptype_in(dir.path(), &["generate"]).status.success());
    let stale = dir.path().join("generated/include/linux/.maptype-tmp-Ab12Cd");
    let legacy = dir.path().join("generated/drivers/dma-buf/.tmpXy34Zw");
    std::fs::write(&stale, "half a hea").unwrap();
    std::fs::write(&legacy, "half a sou").unwrap();
    let check = maptype_in(dir.path(), &["generate", "--check"]);
    let listed = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(!listed.contains(".maptype-tmp-"), "{listed}");
    assert!(stderr(&check).contains("note: 1 temporary of an interrupted generate"), "{}", stderr(&check));
    assert!(listed.contains("extra: generated/drivers/dma-buf/.tmpXy34Zw"), "{listed}");
    assert!(maptype_in(dir.path(), &["generate"]).status.success());
    assert!(!stale.exists() && !legacy.exists());
    assert!(maptype_in(dir.path(), &["generate", "--check"]).status.success());
}

/// Runs `generate` under a umask (through sh, which sets it for the binary).
fn generate_under_umask(dir: &Path, umask: &str, out: &str) {
    let script = format!("umask {umask} && exec \"$0\" generate --out {out}");
    let o = run(std::process::Command::new("sh").args(["-c", &script, BIN]).current_dir(dir));
    assert!(o.status.success(), "{}", stderr(&o));
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn new_files_follow_the_umask_and_rewritten_ones_keep_their_mode() {
    let dir = project();
    for (umask, want) in [("022", 0o644), ("002", 0o664)] {
        let out = format!("out{umask}");
        generate_under_umask(dir.path(), umask, &out);
        for rel in snapshot(&dir.path().join(&out)).keys() {
            assert_eq!(mode(&dir.path().join(&out).join(rel)), want, "{rel} under umask {umask}");
        }
    }
    // A rewritten file keeps the mode it was given, whatever the umask.
    let out = dir.path().join("kept");
    old_edition(dir.path(), &out);
    let header = out.join("include/linux/dma-buf-mapping-pal.h");
    std::fs::set_permissions(&header, std::fs::Permissions::from_mode(0o640)).unwrap();
    generate_under_umask(dir.path(), "000", "kept");
    assert!(!std::fs::read_to_string(&header).unwrap().contains("old edition"));
    assert_eq!(mode(&header), 0o640);
}

/// A failure half-way (after some temporaries were written) changes nothing
/// and leaves no temporary.
#[test]
fn a_failure_half_way_changes_nothing() {
    let dir = project();
    let out = dir.path().join("out");
    let out_s = out.to_str().unwrap();
    old_edition(dir.path(), &out);
    // A directory where a file must go: found before anything is written.
    std::fs::remove_file(out.join("include/linux/dma-buf-mapping-sgt.h")).unwrap();
    std::fs::create_dir(out.join("include/linux/dma-buf-mapping-sgt.h")).unwrap();
    let before = snapshot(&out);
    let o = maptype_in(dir.path(), &["generate", "--out", out_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a directory is where a generated file must go"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
    std::fs::remove_dir(out.join("include/linux/dma-buf-mapping-sgt.h")).unwrap();
    // A file where a directory must go: the rust/ files come last, so every
    // file before them already has its temporary when this fails.
    std::fs::remove_dir_all(out.join("rust/kernel")).unwrap();
    std::fs::write(out.join("rust/kernel"), "not a directory").unwrap();
    let before = snapshot(&out);
    let o = maptype_in(dir.path(), &["generate", "--out", out_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("rust/kernel"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before, "a file changed or a temporary was left");
    // An output directory that cannot be written (only when not root, who may write anyway).
    std::fs::remove_file(out.join("rust/kernel")).unwrap();
    let locked = out.join("rust/helpers");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), "").is_err() {
        let before = snapshot(&out);
        let o = maptype_in(dir.path(), &["generate", "--out", out_s]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(snapshot(&out), before, "a file changed or a temporary was left");
    } else {
        std::fs::remove_file(locked.join("probe")).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(maptype_in(dir.path(), &["generate", "--out", out_s]).status.success());
    assert!(maptype_in(dir.path(), &["generate", "--check", "--out", out_s]).status.success());
}

/// `fmt` replaces a definition through a temporary: its mode stays, a
/// symlink stays a symlink, and nothing is left beside it.
#[test]
fn fmt_rewrites_through_a_temporary() {
    let dir = project();
    let schemas = dir.path().join("schemas");
    let pal = schemas.join("pal.maptype");
    let text = std::fs::read_to_string(&pal).unwrap();
    std::fs::write(&pal, text.replace("\n    ", "\n  ")).unwrap();
    std::fs::set_permissions(&pal, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("pal.maptype", schemas.join("link.maptype")).unwrap();
    let o = maptype_in(dir.path(), &["fmt", "schemas/link.maptype"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&pal).unwrap(), text);
    assert_eq!(mode(&pal), 0o640);
    assert!(std::fs::symlink_metadata(schemas.join("link.maptype")).unwrap().file_type().is_symlink());
    assert_eq!(temporaries(&schemas), Vec::<String>::new());
}
