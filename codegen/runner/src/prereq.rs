//! What a UML KUnit build needs on the machine, and getting it: Debian
//! packages through apt-get when we are root, otherwise the exact command to
//! run; and the kernel tree extracted from Debian's linux-source tarball.

use std::path::{Path, PathBuf};
use std::process::Command;

/// (program or file to look for, Debian package that provides it).
const NEEDED: &[(&str, &str)] = &[
    ("make", "make"),
    ("gcc", "gcc"),
    ("python3", "python3"),
    ("perl", "perl"),
    ("flex", "flex"),
    ("bison", "bison"),
    ("bc", "bc"),
    ("cpio", "cpio"),
    ("rsync", "rsync"),
    ("depmod", "kmod"),
    ("xz", "xz-utils"),
    ("/usr/include/gelf.h", "libelf-dev"),
];

/// The tarball `linux-source-6.12` installs.
pub fn tarball() -> PathBuf {
    PathBuf::from(format!("/usr/src/{}.tar.xz", crate::DEBIAN_SOURCE))
}

/// Finds a program on PATH or in the sbin directories (depmod lives there
/// and they are not on every user's PATH).
pub fn which(prog: &str) -> Option<PathBuf> {
    if prog.starts_with('/') {
        return Path::new(prog).exists().then(|| PathBuf::from(prog));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
}

/// Debian packages to install: the tools not found, plus the kernel source
/// when `need_source`.
pub fn missing_packages(need_source: bool) -> Vec<&'static str> {
    let mut pkgs: Vec<&str> = NEEDED.iter().filter(|(p, _)| which(p).is_none()).map(|(_, pkg)| *pkg).collect();
    if need_source {
        pkgs.push(crate::DEBIAN_SOURCE);
    }
    pkgs
}

/// True when running as root (reads the effective uid from /proc).
pub fn is_root() -> bool {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("Uid:")) {
            return line.split_whitespace().nth(2) == Some("0");
        }
    }
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// How `install` failed.
pub enum InstallError {
    /// Not root: the user must run this.
    NeedRoot(String),
    Failed(String),
}

/// Installs `pkgs` with apt-get (after `apt-get update`).
pub fn install(pkgs: &[&str]) -> Result<(), InstallError> {
    if pkgs.is_empty() {
        return Ok(());
    }
    let list = pkgs.join(" ");
    if !is_root() {
        return Err(InstallError::NeedRoot(format!(
            "sudo apt-get update && sudo apt-get install -y --no-install-recommends {list}"
        )));
    }
    eprintln!("[kunit] installing {list}");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| InstallError::Failed(format!("cannot run apt-get: {e}")))
            .and_then(|s| {
                if s.success() {
                    Ok(())
                } else {
                    Err(InstallError::Failed(format!("apt-get {} failed ({s})", args.join(" "))))
                }
            })
    };
    apt(&["update"])?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(pkgs);
    apt(&args)
}

/// Extracts `tarball` into `dest` (which must not exist) through a
/// temporary sibling directory, so a half-extracted tree is never used.
pub fn extract(tarball: &Path, dest: &Path) -> Result<(), String> {
    let parent = dest.parent().ok_or("bad destination")?;
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let tmp = parent.join(format!(".extract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let status = Command::new("tar")
        .arg("-xf")
        .arg(tarball)
        .arg("-C")
        .arg(&tmp)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(format!("tar -xf {} failed ({status})", tarball.display()));
    }
    // The tarball holds one top-level directory.
    let mut top = std::fs::read_dir(&tmp).map_err(|e| e.to_string())?.flatten().filter(|e| e.path().is_dir());
    let inner = match (top.next(), top.next()) {
        (Some(d), None) if d.path().join("Makefile").is_file() => d.path(),
        _ => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(format!("{} does not hold one kernel tree", tarball.display()));
        }
    };
    std::fs::rename(&inner, dest).map_err(|e| format!("cannot move the tree to {}: {e}", dest.display()))?;
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
