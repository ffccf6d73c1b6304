//! `kunit --x86`: the generated code and the core hooks built for x86_64,
//! the architecture the drivers that consume them (vfio-pci, iommufd, xe)
//! ship on, in the same work tree as the UML run, with the kernel's extra
//! warnings (`W=1`) and sparse (`C=2`; the machine's, or one built from
//! newer source where the tree wants it). Any warning fails it.
//!
//! Only what is needed is built: after `modules_prepare`, the objects of
//! the overlaid C files (not the KUnit suites, which are UML's job). The
//! configuration is `x86_64_defconfig` with the drivers' options
//! ([`OPTIONS`]), so the headers see the configuration they ship with.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Kconfig options of the drivers' configuration: (`-e` or `-m`, option).
pub const OPTIONS: &[(&str, &str)] = &[
    ("-e", "VFIO"),
    ("-m", "VFIO_PCI"),
    ("-e", "IOMMUFD"),
    ("-e", "MEMORY_HOTPLUG"),
    ("-e", "MEMORY_HOTREMOVE"),
    ("-e", "SPARSEMEM_VMEMMAP"),
    ("-e", "ZONE_DEVICE"),
    ("-e", "PCI_P2PDMA"),
    ("-e", "PCI_IOV"),
    ("-m", "DRM_XE"),
    ("-m", "XE_VFIO_PCI"),
    // The iommufd selftest's mock exporter is converted too.
    ("-e", "DEBUG_KERNEL"),
    ("-e", "FAULT_INJECTION"),
    ("-e", "RUNTIME_TESTING_MENU"),
    ("-e", "IOMMUFD_TEST"),
];

/// What the x86_64 build found.
pub struct Report {
    pub objects: usize,
    /// Why sparse did not run (`C=2`), when it did not.
    pub sparse: Option<String>,
    /// Compiler and sparse warnings and errors.
    pub problems: Vec<String>,
}

/// The objects of the overlay's C files, relative to the tree: every
/// overlaid `.c` (the core, the hooks, the private types' glue where their
/// drivers keep it, the patched drivers) but the KUnit suites, the example
/// drivers, which are KUnit's consumers and built by their own Kbuild
/// fragment only when KUnit is, and the private glue's KUnit-only copies.
pub fn objects<'a>(overlaid: impl Iterator<Item = &'a String>) -> Vec<String> {
    let examples = format!("{}/", crate::overlay::EXAMPLES_DIR);
    let private = format!("{}/", crate::overlay::PRIVATE_DIR);
    overlaid
        .filter(|p| p.starts_with("drivers/") && p.ends_with(".c") && !p.ends_with("-test.c"))
        .filter(|p| !p.starts_with(&examples) && !p.starts_with(&private))
        .map(|p| format!("{}.o", &p[..p.len() - 2]))
        .collect()
}

fn make(tree: &Path, build: &Path, jobs: usize, args: &[String]) -> Result<String, String> {
    let out = Command::new("make")
        .arg(format!("O={}", build.display()))
        .arg("ARCH=x86_64")
        .arg(format!("-j{jobs}"))
        .args(args)
        .current_dir(tree)
        .output()
        .map_err(|e| format!("cannot run make: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        return Ok(text);
    }
    // The compiler's own lines, else make's last ones.
    let mut shown = problems(&text);
    if shown.is_empty() {
        let lines: Vec<&str> = text.lines().collect();
        shown = lines[lines.len().saturating_sub(30)..].iter().map(|l| l.to_string()).collect();
    }
    Err(format!("make {} failed:\n{}", args.join(" "), shown.join("\n")))
}

/// The compiler's and sparse's warnings and errors in make's output.
fn problems(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.contains("warning:") || l.contains("error:") || l.contains(": warning ") || l.contains(": error ")
        })
        .map(String::from)
        .collect()
}

/// Whether the tree's `scripts/checker-valid.sh` accepts `sparse` (7.3
/// wants one that knows `__typeof_unqual__`).
fn sparse_fits(tree: &Path, sparse: &Path) -> bool {
    let script = tree.join("scripts/checker-valid.sh");
    if !script.is_file() {
        return sparse.is_absolute() || crate::prereq::which(&sparse.to_string_lossy()).is_some();
    }
    Command::new("sh")
        .arg(&script)
        .arg(sparse)
        .args(["-m64", "-mlittle-endian"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "1")
}

/// The sparse to check the tree with: the machine's when it fits, else
/// one built from newer source ([`crate::prereq::newer_sparse`]); the
/// reason when there is none.
fn sparse_for(tree: &Path) -> Result<PathBuf, String> {
    let system = PathBuf::from("sparse");
    if sparse_fits(tree, &system) {
        return Ok(system);
    }
    let built = crate::prereq::newer_sparse()?;
    if sparse_fits(tree, &built) {
        Ok(built)
    } else {
        Err(format!("neither the machine's sparse nor {} fits this tree", built.display()))
    }
}

/// Configures (once) and prepares `build` for x86_64, then builds
/// `objects` of `tree` with `W=1`, and `C=2` when sparse fits the tree.
pub fn build(tree: &Path, build: &Path, jobs: usize, objects: &[String]) -> Result<Report, String> {
    std::fs::create_dir_all(build).map_err(|e| format!("cannot create {}: {e}", build.display()))?;
    let config = build.join(".config");
    if !config.is_file() {
        make(tree, build, jobs, &["x86_64_defconfig".into()])?;
    }
    // Every time, so that a build directory from before an option was
    // added gets it; olddefconfig drops what this kernel does not have.
    let mut cmd = Command::new(tree.join("scripts/config"));
    cmd.arg("--file").arg(&config);
    for (how, opt) in OPTIONS {
        cmd.args([how, opt]);
    }
    let st = cmd.status().map_err(|e| format!("cannot run scripts/config: {e}"))?;
    if !st.success() {
        return Err(format!("scripts/config failed ({st})"));
    }
    make(tree, build, jobs, &["olddefconfig".into()])?;
    make(tree, build, jobs, &["modules_prepare".into()])?;
    // Built every time, so that an incremental run still shows its warnings.
    for o in objects {
        let _ = std::fs::remove_file(build.join(o));
    }
    let mut args = vec!["W=1".to_string()];
    let sparse = sparse_for(tree);
    if let Ok(s) = &sparse {
        args.push("C=2".into());
        args.push(format!("CHECK={}", s.display()));
    }
    args.extend(objects.iter().cloned());
    let out = make(tree, build, jobs, &args)?;
    Ok(Report { objects: objects.len(), sparse: sparse.err(), problems: problems(&out) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn problems_are_the_compilers_and_sparses_lines() {
        let out = "  CC      drivers/dma-buf/dma-buf-mapping-pal.o\n\
                   ../drivers/dma-buf/dma-buf-mapping-pal.c:40:12: warning: 'f' defined but not used [-Wunused-function]\n\
                   ../drivers/dma-buf/dma-buf-mapping-sgt.c:7:1: warning: symbol 'g' was not declared. Should it be static?\n\
                   WARNING: unmet direct dependencies detected for FB_IOMEM_HELPERS\n";
        let p = super::problems(out);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("-Wunused-function") && p[1].contains("Should it be static"));
    }

    #[test]
    fn objects_are_the_overlaid_c_but_suites_and_examples() {
        let files: Vec<String> = [
            "drivers/dma-buf/dma-buf-mapping-pal.c",
            "drivers/dma-buf/dma-buf-mapping-pal-test.c",
            "drivers/dma-buf/maptype-private/dma-buf-mapping-xe-iov.c",
            "drivers/dma-buf/maptype-examples/vfio_exporter.c",
            "drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.c",
            "drivers/iommu/iommufd/pages.c",
            "include/linux/dma-buf-mapping.h",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            super::objects(files.iter()),
            [
                "drivers/dma-buf/dma-buf-mapping-pal.o",
                "drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.o",
                "drivers/iommu/iommufd/pages.o"
            ]
        );
    }
}
