//! Finding a kernel source tree to prove the output against.

use std::path::PathBuf;

/// The Debian source package the output is proven against.
pub const DEBIAN_SOURCE: &str = "linux-source-6.12";

/// Where an extraction of the Debian tarball is cached between runs.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    base.join("maptype")
}

/// A kernel tree: `MAPTYPE_KERNEL_SRC`, else the cached extraction.
pub fn find_tree() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MAPTYPE_KERNEL_SRC") {
        let p = PathBuf::from(p);
        return p.join("Makefile").is_file().then_some(p);
    }
    let p = cache_dir().join(DEBIAN_SOURCE);
    p.join("Makefile").is_file().then_some(p)
}
