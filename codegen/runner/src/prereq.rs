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
    let package = crate::debian_source(target);
    eprintln!("[kunit] fetching {package} from {suite}");
    let apt = PrivateApt::new(&dir, &format!("deb {suite}"))?;
    apt.run(&["update"])?;
    apt.run(&["download", &package])?;
    let deb = find_file(&dir, &format!("{package}_"), ".deb")?;
    std::fs::create_dir_all(dir.join("x")).map_err(|e| format!("cannot create {}: {e}", dir.join("x").display()))?;
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

/// apt-get with a source list, package lists and cache of its own under
/// `dir`: it fetches from a Debian suite the machine's apt does not name,
/// and nothing of the system's apt changes.
struct PrivateApt {
    dir: PathBuf,
    opts: Vec<String>,
}

impl PrivateApt {
    /// `kind_suite` is `deb SUITE` or `deb-src SUITE`.
    fn new(dir: &Path, kind_suite: &str) -> Result<PrivateApt, String> {
        for d in ["lists/partial", "cache/archives/partial"] {
            std::fs::create_dir_all(dir.join(d))
                .map_err(|e| format!("cannot create {}: {e}", dir.join(d).display()))?;
        }
        let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
        if !Path::new(keyring).is_file() {
            return Err(format!("{keyring} is missing; install debian-archive-keyring"));
        }
        let (kind, suite) = kind_suite.split_once(' ').unwrap_or(("deb", kind_suite));
        let list = dir.join("sources.list");
        let line = format!("{kind} [signed-by={keyring}] http://deb.debian.org/debian {suite} main\n");
        std::fs::write(&list, line).map_err(|e| format!("cannot write {}: {e}", list.display()))?;
        let opts = vec![
            format!("Dir::Etc::sourcelist={}", list.display()),
            "Dir::Etc::sourceparts=/dev/null".to_string(),
            format!("Dir::State::Lists={}", dir.join("lists").display()),
            format!("Dir::Cache={}", dir.join("cache").display()),
        ];
        Ok(PrivateApt { dir: dir.to_path_buf(), opts })
    }

    fn run(&self, verb: &[&str]) -> Result<(), String> {
        let mut cmd = Command::new("apt-get");
        cmd.arg("-q");
        for o in &self.opts {
            cmd.arg("-o").arg(o);
        }
        let status = cmd.args(verb).current_dir(&self.dir).status().map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed ({status})", verb.join(" ")))
        }
    }
}

/// The one file of `dir` named `<prefix>...<suffix>`.
fn find_file(dir: &Path, prefix: &str, suffix: &str) -> Result<PathBuf, String> {
    std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            n.starts_with(prefix) && n.ends_with(suffix)
        })
        .ok_or_else(|| format!("no {prefix}*{suffix} in {}", dir.display()))
}

/// A sparse for trees whose `scripts/checker-valid.sh` wants a newer one
/// than the machine's (7.3 wants `__typeof_unqual__`): the upstream source
/// of Debian unstable's package, fetched with a private apt configuration
/// and built once (`make sparse`, seconds) into `<cache>/sparse/`. Its
/// binary package would need unstable's C library; the source needs only
/// the machine's gcc.
pub fn newer_sparse() -> Result<PathBuf, String> {
    let dir = crate::cache_dir().join("sparse");
    let built = dir.join("build/sparse");
    if built.is_file() {
        return Ok(built);
    }
    eprintln!("[kunit] building sparse from Debian unstable's source");
    let apt = PrivateApt::new(&dir, "deb-src sid")?;
    apt.run(&["update"])?;
    apt.run(&["source", "--download-only", "sparse"])?;
    let orig = find_file(&dir, "sparse_", ".orig.tar.gz")?;
    let tmp = dir.join(".build");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let st = Command::new("tar")
        .arg("xzf")
        .arg(&orig)
        .arg("-C")
        .arg(&tmp)
        .arg("--strip-components=1")
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !st.success() {
        return Err(format!("tar xzf {} failed ({st})", orig.display()));
    }
    let out = Command::new("make")
        .args(["-j2", "sparse"])
        .current_dir(&tmp)
        .output()
        .map_err(|e| format!("cannot run make: {e}"))?;
    if !out.status.success() {
        return Err(format!("building sparse failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    // Into place only when built, so a half-built one is never used.
    let _ = std::fs::remove_dir_all(dir.join("build"));
    std::fs::rename(&tmp, dir.join("build")).map_err(|e| format!("cannot move the sparse build: {e}"))?;
    Ok(built)
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
