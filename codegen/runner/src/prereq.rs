//! What a UML KUnit build needs on the machine, and getting it: Debian
//! packages through apt-get when we are root, otherwise the exact command to
//! run; and the kernel tree extracted from Debian's linux-source tarball.
//!
//! 6.12's source is a package of the machine's release (bookworm) and is
//! installed. 7.3's is in trixie-backports, which the machine's apt does
//! not name: [`fetch_backport`] downloads just that package with a private
//! apt configuration in the cache (nothing of the system's apt changes) and
//! unpacks the tarball out of it with `dpkg-deb`.

use std::path::{Path, PathBuf};
use std::process::Command;

use maptype::Target;

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
    ("patch", "patch"),
    ("/usr/include/gelf.h", "libelf-dev"),
];

/// The Debian suite a kernel's source package comes from, when it is not
/// the machine's own release.
fn backport_suite(target: &Target) -> Option<&'static str> {
    (*target == Target::LINUX_7_3).then_some("trixie-backports")
}

/// Where [`fetch_backport`] keeps its apt state and the unpacked package.
fn backport_dir(target: &Target) -> PathBuf {
    crate::cache_dir().join(format!("apt-{target}"))
}

/// The tarball of the target's source: where `linux-source-6.12` installs
/// it, or inside the unpacked backport.
pub fn tarball(target: &Target) -> PathBuf {
    let name = format!("usr/src/{}.tar.xz", crate::debian_source(target));
    match backport_suite(target) {
        None => PathBuf::from("/").join(name),
        Some(_) => backport_dir(target).join("x").join(name),
    }
}

/// Downloads the target's source package from its backports suite and
/// unpacks it, so that [`tarball`] exists. A no-op for a target whose
/// package the machine's apt installs.
pub fn fetch_backport(target: &Target) -> Result<(), String> {
    let Some(suite) = backport_suite(target) else { return Ok(()) };
    if tarball(target).is_file() {
        return Ok(());
    }
    let dir = backport_dir(target);
    for d in ["lists/partial", "cache/archives/partial", "x"] {
        std::fs::create_dir_all(dir.join(d)).map_err(|e| format!("cannot create {}: {e}", dir.join(d).display()))?;
    }
    let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
    if !Path::new(keyring).is_file() {
        return Err(format!("{keyring} is missing; install debian-archive-keyring"));
    }
    let list = dir.join("sources.list");
    let line = format!("deb [signed-by={keyring}] http://deb.debian.org/debian {suite} main\n");
    std::fs::write(&list, line).map_err(|e| format!("cannot write {}: {e}", list.display()))?;
    let opts = [
        format!("Dir::Etc::sourcelist={}", list.display()),
        "Dir::Etc::sourceparts=/dev/null".to_string(),
        format!("Dir::State::Lists={}", dir.join("lists").display()),
        format!("Dir::Cache={}", dir.join("cache").display()),
    ];
    let apt = |verb: &[&str]| -> Result<(), String> {
        let mut cmd = Command::new("apt-get");
        cmd.arg("-q");
        for o in &opts {
            cmd.arg("-o").arg(o);
        }
        let status = cmd.args(verb).current_dir(&dir).status().map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} ({suite}) failed ({status})", verb.join(" ")))
        }
    };
    let package = crate::debian_source(target);
    eprintln!("[kunit] fetching {package} from {suite}");
    apt(&["update"])?;
    apt(&["download", &package])?;
    let deb = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            n.starts_with(&format!("{package}_")) && n.ends_with(".deb")
        })
        .ok_or_else(|| format!("apt-get download left no {package}_*.deb in {}", dir.display()))?;
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(dir.join("x"))
        .status()
        .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
    if !status.success() || !tarball(target).is_file() {
        return Err(format!("dpkg-deb -x {} gave no {}", deb.display(), tarball(target).display()));
    }
    // The tarball is all that is needed; the .deb would double the space.
    let _ = std::fs::remove_file(&deb);
    Ok(())
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
/// when `need_source` (a backport's source is fetched instead, with
/// [`fetch_backport`], which needs `dpkg-deb` and Debian's archive keys).
pub fn missing_packages(need_source: bool, target: &Target) -> Vec<String> {
    let mut pkgs: Vec<String> =
        NEEDED.iter().filter(|(p, _)| which(p).is_none()).map(|(_, pkg)| pkg.to_string()).collect();
    if need_source {
        if backport_suite(target).is_none() {
            pkgs.push(crate::debian_source(target));
        } else {
            if which("dpkg-deb").is_none() {
                pkgs.push("dpkg".into());
            }
            if !Path::new("/usr/share/keyrings/debian-archive-keyring.gpg").is_file() {
                pkgs.push("debian-archive-keyring".into());
            }
        }
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
pub fn install(pkgs: &[String]) -> Result<(), InstallError> {
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
    args.extend(pkgs.iter().map(String::as_str));
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
