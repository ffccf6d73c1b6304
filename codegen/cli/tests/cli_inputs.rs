//! What `generate`, `lint` and `fmt` do with inputs that are not definitions:
//! a FIFO (given, or found in a directory) and a device are refused without
//! opening them, a file over 1 MiB is refused, and invalid UTF-8 is a
//! located diagnostic. Each exits 1 with its message and never hangs
//! ([`common::run`] fails a run that takes over 20 s).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo runs");
    assert!(ok.success());
}

fn fails_with(dir: &Path, args: &[&str], message: &str) {
    let o = maptype_in(dir, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(message), "{args:?}: want {message:?} in\n{}", stderr(&o));
}

#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = project();
    mkfifo(&dir.path().join("schemas/pipe.maptype"));
    let refused = "cannot read schemas/pipe.maptype: it is a FIFO, not a regular file";
    fails_with(dir.path(), &["generate"], "it is a FIFO, not a regular file");
    fails_with(dir.path(), &["generate", "schemas/pipe.maptype"], refused);
    fails_with(dir.path(), &["lint", "schemas/pipe.maptype"], refused);
    fails_with(dir.path(), &["fmt", "schemas/pipe.maptype"], refused);
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn a_device_is_refused() {
    let dir = project();
    fails_with(dir.path(), &["generate", "/dev/zero"], "cannot read /dev/zero: it is a character device");
    fails_with(dir.path(), &["lint", "/dev/zero"], "it is a character device, not a regular file");
    fails_with(dir.path(), &["fmt", "/dev/null"], "it is a character device, not a regular file");
}

#[test]
fn a_definition_over_1_mib_is_refused() {
    let dir = project();
    let big = dir.path().join("schemas/big.maptype");
    let mut text = std::fs::read_to_string(dir.path().join("schemas/sgt.maptype")).unwrap();
    text.push_str(&"// padding\n".repeat((1 << 20) / 11 + 1));
    std::fs::write(&big, &text).unwrap();
    let over = format!("{} bytes is over the limit of 1 MiB (1048576 bytes)", text.len());
    fails_with(dir.path(), &["generate"], &over);
    fails_with(dir.path(), &["lint", "schemas/big.maptype"], &over);
    fails_with(dir.path(), &["fmt", "schemas/big.maptype"], &over);
    // At the limit it is read (and then checked like any other definition).
    text.truncate(1 << 20);
    std::fs::write(&big, &text).unwrap();
    let o = maptype_in(dir.path(), &["lint", "schemas/big.maptype"]);
    assert!(!stderr(&o).contains("over the limit"), "{}", stderr(&o));
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let dir = project();
    let pal = dir.path().join("schemas/pal.maptype");
    let mut bytes = std::fs::read(&pal).unwrap();
    // Line 5 is `    name "Physical Address List";`: spoil its `P` (column 11).
    let line5 = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(3).unwrap().0 + 1;
    assert_eq!(&bytes[line5..line5 + 11], b"    name \"P");
    bytes[line5 + 10] = 0xff;
    std::fs::write(&pal, &bytes).unwrap();
    for args in [&["generate"][..], &["lint", "schemas/pal.maptype"], &["fmt", "schemas/pal.maptype"]] {
        let o = maptype_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("error: invalid UTF-8 (0xff)"), "{args:?}: {err}");
        assert!(err.contains("schemas/pal.maptype:5:11"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&pal).unwrap(), bytes, "fmt left the file alone");
    // A file cut inside a character names the bytes it ends with.
    let cut = dir.path().join("cut.maptype");
    std::fs::write(&cut, b"mapping_type x {}\n// caf\xc3").unwrap();
    fails_with(dir.path(), &["lint", "cut.maptype"], "cut.maptype:2:7");
    fails_with(dir.path(), &["lint", "cut.maptype"], "the file ends inside a character (0xc3)");
}
