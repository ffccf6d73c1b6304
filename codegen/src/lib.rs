//! maptype's backends: IR -> kernel C, KUnit suites, Rust bindings and docs.
//!
//! Every backend reads only the checked IR from `maptype_dsl`; none looks at
//! syntax. [`generate`] returns the full set of files in a stable order so
//! the writer can compare, write atomically or report staleness.

pub mod c;
pub mod docs;
pub mod emit;
pub mod include;
pub mod input;
pub mod kunit;
pub mod matrix;
pub mod output;
pub mod rust;
pub mod scaffold;
pub mod select;
pub mod synth;

pub use input::{definition_files, files_as_given, read_sources, Definition, ReadError};
pub use select::{select, Selection};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use maptype_dsl::ir::{Check, MappingType, Registry, ResultStruct};

/// One generated file: a path relative to the output root (kernel-tree layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenFile {
    pub path: String,
    pub content: String,
}

impl GenFile {
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> Self {
        let mut content = content.into();
        // Exactly one trailing newline, whatever a template left.
        while content.ends_with("\n\n") {
            content.pop();
        }
        if !content.ends_with('\n') {
            content.push('\n');
        }
        GenFile { path: path.into(), content }
    }
}

/// The kernel the output is for; spellings that changed between versions follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub major: u32,
    pub minor: u32,
}

impl Default for Target {
    /// Debian's linux-source-6.12, where the output is proven.
    fn default() -> Self {
        Target { major: 6, minor: 12 }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Target {
    /// The kernels the generator knows the spellings of: 6.12 to 6.19
    /// (export macros in 6.13 and 6.18, `struct dma_buf_phys_vec` and the
    /// kernel's own `<linux/dma-buf-mapping.h>` in 6.19) and 7.3, Debian's
    /// backport, where the output is proven beside 6.12 (the range struct
    /// renamed `struct phys_vec`, which a definition says with `renamed`).
    /// 7.0 to 7.2 are left out: no one has checked what changed in them.
    /// Any other version would get output no one has checked.
    pub const KNOWN: &[Target] = &[
        Target { major: 6, minor: 12 },
        Target { major: 6, minor: 13 },
        Target { major: 6, minor: 14 },
        Target { major: 6, minor: 15 },
        Target { major: 6, minor: 16 },
        Target { major: 6, minor: 17 },
        Target { major: 6, minor: 18 },
        Target { major: 6, minor: 19 },
        Target { major: 7, minor: 3 },
    ];

    /// Debian's linux-source-7.3, the tree the RFC converts.
    pub const LINUX_7_3: Target = Target { major: 7, minor: 3 };

    pub fn is_known(&self) -> bool {
        Self::KNOWN.contains(self)
    }

    pub fn parse(s: &str) -> Option<Target> {
        let (major, minor) = maptype_dsl::parse_version(s)?;
        Some(Target { major, minor })
    }

    fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// Since 6.13 `EXPORT_SYMBOL_NS_GPL` takes the namespace as a string.
    pub fn quoted_namespaces(&self) -> bool {
        self.at_least(6, 13)
    }

    /// The restricted-export macro: the RFC's newer spelling, or 6.12's.
    pub fn modules_export_macro(&self) -> &'static str {
        if self.at_least(6, 18) {
            "EXPORT_SYMBOL_FOR_MODULES"
        } else {
            "EXPORT_SYMBOL_GPL_FOR_MODULES"
        }
    }

    /// From 6.19 the kernel has a `<linux/dma-buf-mapping.h>` and a
    /// `drivers/dma-buf/dma-buf-mapping.c` of its own, with
    /// `dma_buf_phys_vec_to_sgt()` and `dma_buf_free_sgt()`: the generated
    /// header must declare them too (it takes the header's place) and the
    /// core's C goes to a file of another name. `Some` with the tag of the
    /// range struct those helpers take.
    pub fn own_mapping_helpers(&self) -> Option<&'static str> {
        if self.at_least(7, 3) {
            Some("phys_vec")
        } else if self.at_least(6, 19) {
            Some("dma_buf_phys_vec")
        } else {
            None
        }
    }

    /// Whether the kernel's bindgen turns `enum dma_data_direction` into a
    /// newtype (`--newtype-enum`, `bindings::dma_data_direction::DMA_NONE`),
    /// as 7.3's does, rather than 6.12's constants
    /// (`bindings::dma_data_direction_DMA_NONE`).
    pub fn rust_newtype_dma_direction(&self) -> bool {
        self.at_least(7, 3)
    }

    /// Whether the kernel crate's allocators take a NUMA node
    /// (`Allocator::alloc(layout, flags, NumaNode::NO_NODE)`), as 7.3's do.
    pub fn rust_alloc_takes_node(&self) -> bool {
        self.at_least(7, 3)
    }

    /// True when the kernel predates `since`, so the generator must supply it.
    pub fn lacks(&self, since: Option<&str>) -> bool {
        match since.and_then(maptype_dsl::parse_version) {
            Some((major, minor)) => !self.at_least(major, minor),
            None => true,
        }
    }
}

/// One output of the generator. Backends read only the checked IR and share
/// code only through [`emit`]; every definition the checker (with
/// `maptype_dsl::solver`'s derivation checks) accepts generates, so a backend
/// cannot fail.
pub trait Backend: Sync {
    /// Short name, for messages.
    fn name(&self) -> &'static str;
    /// The files about the registry as a whole (the match union, lists,
    /// indexes): they name every type, so each run renders them once.
    fn registry_files(&self, reg: &Registry, target: &Target) -> Vec<GenFile>;
    /// One type's own files. They depend on that type alone, so types render
    /// independently (in parallel) and each file can be written and dropped
    /// as soon as it is ready: time and memory per type stay flat however
    /// many types the registry holds.
    fn type_files(&self, t: &MappingType, target: &Target) -> Vec<GenFile>;
    /// Whether a type's files of this backend work for a type the core's
    /// registry does not name (a private type generated on its own).
    fn stands_alone(&self) -> bool {
        true
    }
}

/// The backends [`generate`] walks, in order.
pub const BACKENDS: &[&dyn Backend] = &[&c::C, &kunit::KUnit, &docs::Docs, &rust::Rust];

/// Which of a registry's files a run renders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// The registry's files and every type's: a whole, consistent set.
    #[default]
    Whole,
    /// Only some types' own files, beside a core whose registry files are
    /// generated elsewhere and are not touched (see [`select`]).
    Types {
        /// Indices into `reg.types` of the types whose files are rendered.
        wanted: Vec<usize>,
        /// Those of `wanted` the core does not define: private types that
        /// stand alone. The core's registry does not name them, so only the
        /// backends that need no registry entry render them
        /// ([`Backend::stands_alone`]).
        standalone: Vec<usize>,
    },
}

/// Every generated file for the registry, sorted by path.
pub fn generate(reg: &Registry, target: &Target) -> Vec<GenFile> {
    generate_scoped(reg, &Scope::Whole, target)
}

/// The files of `scope`, sorted by path.
pub fn generate_scoped(reg: &Registry, scope: &Scope, target: &Target) -> Vec<GenFile> {
    let files = Mutex::new(Vec::new());
    let collected: Result<(), std::convert::Infallible> = generate_each(reg, scope, target, 1, |f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    });
    let Ok(()) = collected;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Renders every file of `scope` and hands each to `sink` as soon as it is
/// ready, from `jobs` threads: the registry-wide files are one job and each
/// type's files of each backend another, taken in turn by whichever thread
/// is free (in no fixed order: the content of a file never depends on the
/// order, and the writer sorts what it commits). The first error of `sink`
/// stops the rendering and is returned; a panic in a backend is raised here.
///
/// For [`Scope::Types`], job 0 renders only the Kbuild fragments of the
/// driver directories the wanted private types live in (each names every
/// private type of its directory); no file about the registry is rendered.
pub fn generate_each<E: Send>(
    reg: &Registry,
    scope: &Scope,
    target: &Target,
    jobs: usize,
    sink: impl Fn(GenFile) -> Result<(), E> + Sync,
) -> Result<(), E> {
    // The kernel's renames, applied once: backends see the names it uses.
    let reg = &*reg.for_kernel((target.major, target.minor));
    let all: Vec<usize>;
    let (wanted, standalone): (&[usize], &[usize]) = match scope {
        Scope::Whole => {
            all = (0..reg.types.len()).collect();
            (&all, &[])
        }
        Scope::Types { wanted, standalone } => (wanted, standalone),
    };
    let registry_job = || -> Vec<GenFile> {
        match scope {
            Scope::Whole => BACKENDS.iter().flat_map(|b| b.registry_files(reg, target)).collect(),
            Scope::Types { .. } => {
                let dirs: Vec<&str> =
                    wanted.iter().filter_map(|&i| reg.types[i].private.as_ref()).map(|p| p.dir.as_str()).collect();
                c::registry::driver_makefiles(reg, &dirs)
            }
        }
    };
    // Job 0 is the registry's files; then one job per type and backend, so
    // that a large type's Rust module and its C render side by side.
    let files = |job: usize| -> Option<Vec<GenFile>> {
        let Some(j) = job.checked_sub(1) else { return Some(registry_job()) };
        let i = *wanted.get(j / BACKENDS.len())?;
        let backend = BACKENDS[j % BACKENDS.len()];
        if !backend.stands_alone() && standalone.contains(&i) {
            return Some(Vec::new());
        }
        Some(backend.type_files(&reg.types[i], target))
    };
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<E>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    let work = || {
        while !stop.load(Ordering::Relaxed) {
            let Some(batch) = files(next.fetch_add(1, Ordering::Relaxed)) else { return };
            for f in batch {
                if let Err(e) = sink(f) {
                    stop.store(true, Ordering::Relaxed);
                    failed.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                    return;
                }
            }
        }
    };
    let threads = jobs.clamp(1, wanted.len() * BACKENDS.len() + 1);
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }
    match failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// One invariant in words, for kernel-doc, KUnit messages and docs.
pub fn describe_check(c: &Check, r: &ResultStruct) -> String {
    let (addr, len) = r.range.clone().unwrap_or_default();
    let count = &r.count.name;
    match c {
        Check::Nonempty => format!("@{count} is not 0"),
        Check::CountMax { unit } => format!("@{count} is at most the buffer size divided by {unit}"),
        Check::EachNonzero { field } => format!("no entry has a zero {field}"),
        Check::EachAligned { field, align } => format!("every {field} is a multiple of {align}"),
        Check::NoOverflow => format!("no {addr} + {len} wraps"),
        Check::NoOverlap => "no two entries overlap".into(),
        Check::TotalIsBufferSize => format!("the {len}s add up to the buffer size"),
    }
}
