//! What `maptype kunit` lays over the kernel tree: a pure plan, computed from
//! the pristine tree, `generated/`, the core hooks and `examples/kernel/`.
//!
//! | from | to (in the work tree) |
//! | --- | --- |
//! | `generated/include/linux/*` | `include/linux/` |
//! | `generated/drivers/dma-buf/*` | `drivers/dma-buf/` |
//! | `generated/drivers/<owner>/*` (private types) | `drivers/dma-buf/maptype-private/`, built for KUnit only |
//! | `examples/kernel/**` | `drivers/dma-buf/maptype-examples/**` |
//! | `codegen/runner/kernel/*.c`, `kernel/<version>/*.h` | `drivers/dma-buf/` |
//! | pristine `dma-buf.h`, `dma-buf.c` | patched copies ([`crate::hooks`]) |
//! | pristine `drivers/dma-buf/{Makefile,Kconfig}` | copies with the maptype wiring appended |
//!
//! Private types cannot be built where they live (xe does not build in UML),
//! so their glue and tests are compiled in a test-only directory; the glue
//! includes its header with `"..."`, which still resolves there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::hooks;

/// Where the runner keeps the kunitconfig it passes to kunit.py.
pub const KUNITCONFIG: &str = "drivers/dma-buf/.kunitconfig";
pub const PRIVATE_DIR: &str = "drivers/dma-buf/maptype-private";
pub const EXAMPLES_DIR: &str = "drivers/dma-buf/maptype-examples";
pub const DMA_BUF_MAKEFILE: &str = "drivers/dma-buf/Makefile";
pub const DMA_BUF_KCONFIG: &str = "drivers/dma-buf/Kconfig";

/// Used until the generator writes `generated/drivers/dma-buf/.kunitconfig`.
pub const FALLBACK_KUNITCONFIG: &str = "\
# written by `cargo run -- kunit` (generated/drivers/dma-buf/.kunitconfig is missing)
CONFIG_KUNIT=y
CONFIG_SYNC_FILE=y
CONFIG_DMA_BUF_MAPPING_KUNIT_TEST=y
";

/// The files and directories to lay over the tree, by path relative to its root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Directories the overlay owns entirely (absent from the pristine tree).
    pub dirs: BTreeSet<String>,
    /// The kunitconfig to run with, relative to the tree.
    pub kunitconfig: String,
    /// Things worth telling the user (fallbacks taken, files skipped).
    pub notes: Vec<String>,
}

/// Inputs of [`plan`].
pub struct Inputs<'a> {
    /// The pristine kernel tree (only read).
    pub pristine: &'a Path,
    /// The generator's output, laid out like a kernel tree.
    pub generated: &'a Path,
    /// `examples/kernel/`, used when it holds a Kbuild `Makefile` or `Kbuild`.
    pub examples: Option<&'a Path>,
    /// The kernel the pristine tree is: which spellings the hooks get.
    pub target: maptype::Target,
    /// Driver patches against the pristine tree (`examples/linux-7.3/`), each
    /// a unified diff `patch -p1` applies; the patched files are overlaid.
    pub patches: Option<&'a Path>,
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn read_text(p: &Path) -> Result<String, String> {
    String::from_utf8(read(p)?).map_err(|_| format!("{} is not UTF-8", p.display()))
}

/// Every regular file under `root`, relative, with `/` separators, sorted.
pub fn list_files(root: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let rd = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for e in rd {
            let e = e.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let ty = e.file_type().map_err(|err| format!("{}: {err}", dir.display()))?;
            let r = rel.join(e.file_name());
            if ty.is_dir() {
                stack.push(r);
            } else if ty.is_file() {
                out.push(r.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Computes the overlay; reads, never writes.
pub fn plan(inp: &Inputs) -> Result<Overlay, String> {
    let mut ov = Overlay { kunitconfig: KUNITCONFIG.to_string(), ..Default::default() };
    if !inp.generated.is_dir() {
        return Err(format!(
            "{} not found; run `cargo run -- generate` from the repository root first",
            inp.generated.display()
        ));
    }

    // generated/: core files where they belong, private types aside.
    let mut private: BTreeMap<String, String> = BTreeMap::new(); // name -> generated path
    let mut unused: BTreeMap<String, usize> = BTreeMap::new(); // top dir -> files
    for rel in list_files(inp.generated)? {
        let src = inp.generated.join(&rel);
        if rel.starts_with("include/linux/") || rel.starts_with("drivers/dma-buf/") {
            ov.files.insert(rel.clone(), read(&src)?);
        } else if rel.starts_with("drivers/") {
            let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            // Where they live too, for the owner's real build (x86_64) to
            // find them beside the driver: inert in UML, which builds none.
            ov.files.insert(rel.clone(), read(&src)?);
            // The owner's own Kbuild fragments are for its real build.
            if name == "Makefile.maptype" || name == "Kconfig.maptype" {
                continue;
            }
            if let Some(other) = private.insert(name.clone(), rel.clone()) {
                return Err(format!("private files {other} and {rel} would both be {PRIVATE_DIR}/{name}"));
            }
            ov.files.insert(format!("{PRIVATE_DIR}/{name}"), read(&src)?);
        } else {
            let top = rel.split('/').next().unwrap_or(&rel).to_string();
            *unused.entry(top).or_insert(0usize) += 1;
        }
    }
    for (top, n) in unused {
        ov.notes.push(format!("not used in the kernel run: {n} file(s) under generated/{top}/"));
    }
    let patched = hooks::patched(&inp.target);
    for (path, _) in &patched {
        if ov.files.contains_key(*path) {
            return Err(format!("generated/{path} collides with a file the core hooks patch"));
        }
    }
    let need = |rel: &str| -> Result<String, String> {
        match ov.files.get(rel) {
            Some(b) => String::from_utf8(b.clone()).map_err(|_| format!("generated/{rel} is not UTF-8")),
            None => Err(format!("generated/{rel} is missing; run `cargo run -- generate`")),
        }
    };
    let makefile_maptype = need("drivers/dma-buf/Makefile.maptype")?;
    need("drivers/dma-buf/Kconfig.maptype")?;

    // The hand-written hooks.
    for (path, text) in hooks::C_FILES {
        if ov.files.contains_key(*path) {
            return Err(format!("generated/{path} collides with a hand-written hook file"));
        }
        ov.files.insert(path.to_string(), text.as_bytes().to_vec());
    }
    let compat = hooks::compat_h(&inp.target)
        .ok_or_else(|| format!("the core hooks have no spellings for Linux {}", inp.target))?;
    ov.files.insert(hooks::COMPAT_H.to_string(), compat.as_bytes().to_vec());
    for (path, patches) in &patched {
        let text = read_text(&inp.pristine.join(path))?;
        let patched = hooks::apply(path, &text, patches).map_err(|e| e.to_string())?;
        ov.files.insert(path.to_string(), patched.into_bytes());
    }

    // Private types: every .c in a Makefile of their own, built for KUnit.
    let mut wiring = String::new();
    if !private.is_empty() {
        let mut mk = String::from(
            "# SPDX-License-Identifier: GPL-2.0-only\n\
             # written by `cargo run -- kunit`: driver-private mapping types, built\n\
             # here for their KUnit tests only (their owners may not build in UML)\n",
        );
        for name in private.keys().filter(|n| n.ends_with(".c")) {
            mk.push_str(&format!("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += {}.o\n", &name[..name.len() - 2]));
        }
        ov.files.insert(format!("{PRIVATE_DIR}/Makefile"), mk.into_bytes());
        ov.dirs.insert(PRIVATE_DIR.to_string());
        wiring.push_str("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += maptype-private/\n");
    }

    // examples/kernel/: consumers with their own Kbuild fragment.
    if let Some(ex) = inp.examples.filter(|p| p.is_dir()) {
        let files = list_files(ex)?;
        let kbuild = files.iter().find(|f| *f == "Makefile" || *f == "Kbuild").cloned();
        match kbuild {
            None => ov.notes.push(format!("{} has no Makefile or Kbuild; examples not built", ex.display())),
            Some(kb) => {
                for rel in &files {
                    let mut bytes = read(&ex.join(rel))?;
                    // Their fragment may not know where private headers go.
                    if *rel == kb && !String::from_utf8_lossy(&bytes).contains("maptype-private") {
                        let mut head = b"# added by `cargo run -- kunit`: headers of driver-private types\n\
                            ccflags-y += -I$(srctree)/drivers/dma-buf/maptype-private\n"
                            .to_vec();
                        head.append(&mut bytes);
                        bytes = head;
                    }
                    ov.files.insert(format!("{EXAMPLES_DIR}/{rel}"), bytes);
                }
                ov.dirs.insert(EXAMPLES_DIR.to_string());
                wiring.push_str("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += maptype-examples/\n");
            }
        }
    }

    if let Some(dir) = inp.patches.filter(|p| p.is_dir()) {
        apply_patches(dir, inp.pristine, &mut ov)?;
    }

    // Kbuild and Kconfig wiring, appended to copies of the stock files.
    let stock_mk = read_text(&inp.pristine.join(DMA_BUF_MAKEFILE))?;
    let mk = format!(
        "{stock_mk}\n# --- added by `cargo run -- kunit`: mapping types, not part of this kernel ---\n\
         # generated/drivers/dma-buf/Makefile.maptype\n{makefile_maptype}\
         # codegen/runner/kernel/Makefile.hooks\n{}{wiring}\
         # codegen/runner/kernel/Makefile.kmemleak\n{}",
        hooks::MAKEFILE_HOOKS,
        hooks::MAKEFILE_KMEMLEAK,
    );
    ov.files.insert(DMA_BUF_MAKEFILE.to_string(), mk.into_bytes());
    let stock_kc = read_text(&inp.pristine.join(DMA_BUF_KCONFIG))?;
    let kc = format!("{stock_kc}\n# added by `cargo run -- kunit`\nsource \"drivers/dma-buf/Kconfig.maptype\"\n");
    ov.files.insert(DMA_BUF_KCONFIG.to_string(), kc.into_bytes());

    if !ov.files.contains_key(KUNITCONFIG) {
        ov.notes.push(format!("generated/{KUNITCONFIG} is missing; using the runner's own"));
        ov.files.insert(KUNITCONFIG.to_string(), FALLBACK_KUNITCONFIG.as_bytes().to_vec());
    }
    // Nothing may land outside the tree.
    for p in ov.files.keys().chain(ov.dirs.iter()) {
        if p.starts_with('/') || p.split('/').any(|c| c == ".." || c.is_empty()) {
            return Err(format!("refusing overlay path {p}"));
        }
    }
    Ok(ov)
}

/// The files each `*.patch` of `dir` (in name order) touches, patched with
/// `patch -p1` in a scratch directory from the pristine tree's copies (or
/// an earlier patch's result), into the overlay. A patch that does not
/// apply cleanly is an error: the tree is not the one it was written for.
fn apply_patches(dir: &Path, pristine: &Path, ov: &mut Overlay) -> Result<(), String> {
    let mut patches: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "patch"))
        .collect();
    patches.sort();
    for patch in patches {
        let text = read_text(&patch)?;
        let touched: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("+++ b/"))
            .map(|p| p.split('\t').next().unwrap_or(p).trim().to_string())
            .collect();
        if touched.is_empty() {
            return Err(format!("{} touches no file (no `+++ b/PATH` line)", patch.display()));
        }
        let scratch = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
        for rel in &touched {
            if rel.split('/').any(|c| c == ".." || c.is_empty()) {
                return Err(format!("{}: refusing path {rel}", patch.display()));
            }
            let dest = scratch.path().join(rel);
            if let Some(d) = dest.parent() {
                std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
            }
            let now = match ov.files.get(rel) {
                Some(b) => b.clone(),
                None => read(&pristine.join(rel))?,
            };
            std::fs::write(&dest, now).map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        // patch runs in the scratch directory: give it the file absolute.
        let abs = crate::run::absolute(&patch);
        let out = std::process::Command::new("patch")
            .args(["-p1", "--forward", "--batch", "--no-backup-if-mismatch", "--reject-file=-", "-i"])
            .arg(&abs)
            .current_dir(scratch.path())
            .output()
            .map_err(|e| format!("cannot run patch: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{} does not apply to {}:\n{}",
                patch.display(),
                pristine.display(),
                format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)).trim_end()
            ));
        }
        for rel in touched {
            let b = read(&scratch.path().join(&rel))?;
            ov.files.insert(rel, b);
        }
        ov.notes.push(format!("applied {}", patch.display()));
    }
    Ok(())
}
