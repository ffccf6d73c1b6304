//! Which definitions a command checks together and which of them it writes:
//! a whole registry, or some types beside the core they are built with.
//!
//! A driver that owns a private type (xe owns `xe_iov`) never regenerates
//! the dma-buf core: it generates its type's own files, checked against the
//! core's definitions so that the cross-type checks (C name clashes, the
//! private slot) still hold. So when every definition given is private, or
//! a core is named with `--core`, the given definitions are checked together
//! with the core's and only their types' files are written
//! ([`Scope::Types`]); the core's registry files are neither written nor
//! compared. With no core to be found, private types are still written on
//! their own, unchecked against one (and the command says so). Otherwise the given definitions are the whole registry
//! ([`Scope::Whole`]), as before.
//!
//! `lint`, `ir` and `generate` all select through [`select`], so a
//! definition that lints against a core generates against it.

use std::path::PathBuf;

use maptype_dsl::{ir::Registry, Diagnostic, Sources};

use crate::input::{identity, read_sources, Definition, ReadError};
use crate::Scope;

/// Where a standalone private type finds its core when `--core` is not given:
/// the core definitions of this repository, relative to where it runs.
pub const DEFAULT_CORE: &str = "schemas";

/// [`DEFAULT_CORE`] when it is a directory here: the core a private type is
/// checked against when none is named.
pub fn default_core() -> Option<PathBuf> {
    let d = PathBuf::from(DEFAULT_CORE);
    d.is_dir().then_some(d)
}

/// The core a selection is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Core {
    /// The core's directory or files, as given (or [`DEFAULT_CORE`]).
    pub shown: String,
    /// How many types the core defines.
    pub types: usize,
}

/// What a command works on.
pub struct Selection {
    /// Every definition checked: the given ones and the core's, each once.
    pub reg: Registry,
    /// Which of `reg`'s files the command writes.
    pub scope: Scope,
    /// The core, when the given definitions were checked against one.
    pub core: Option<Core>,
    /// The sources read, for rendering later diagnostics.
    pub sources: Sources,
    /// What the checker warns of in definitions that check.
    pub warnings: Vec<Diagnostic>,
}

/// Why a selection failed.
#[derive(Debug)]
pub enum SelectError {
    /// A file could not be listed or read.
    Io(String),
    /// The definitions have errors.
    Diagnostics(Sources, Vec<Diagnostic>),
    /// The definitions are fine but the requested set is not: writing it
    /// would leave the core's registry inconsistent.
    Scope(String),
}

/// Lists files the way a command names them ([`crate::definition_files`] for
/// `generate`, [`crate::files_as_given`] for `lint`, `ir` and `fmt`).
pub type Lister = fn(&[PathBuf]) -> Result<Vec<Definition>, String>;

/// Checks `given` (with the core named by `core`, or [`DEFAULT_CORE`] when
/// every given definition is private) and says what to write.
pub fn select(given: &[PathBuf], core: Option<&[PathBuf]>, list: Lister) -> Result<Selection, SelectError> {
    select_beside(given, core, default_core(), list)
}

/// [`select`] with the default core named, or none (the proc-macros look
/// for no core in the compiler's working directory).
pub fn select_beside(
    given: &[PathBuf],
    core: Option<&[PathBuf]>,
    default_core: Option<PathBuf>,
    list: Lister,
) -> Result<Selection, SelectError> {
    let given_defs = list(given).map_err(SelectError::Io)?;
    let (core_defs, shown) = match core {
        Some(paths) => (list(paths).map_err(SelectError::Io)?, shown(paths)),
        None => {
            // Only a set of private types stands beside a core by default.
            let (reg, sources, warnings) = checked(&given_defs)?;
            if !reg.types.iter().all(|t| t.private.is_some()) {
                return Ok(Selection { reg, scope: Scope::Whole, core: None, sources, warnings });
            }
            let Some(default) = default_core else {
                // No core to check against: still only the types' own files.
                let all: Vec<usize> = (0..reg.types.len()).collect();
                let scope = Scope::Types { wanted: all.clone(), standalone: all };
                return Ok(Selection { reg, scope, core: None, sources, warnings });
            };
            let shown = default.display().to_string();
            (list(&[default]).map_err(SelectError::Io)?, shown)
        }
    };
    // A file given and also in the core is one definition, read once.
    let core_ids: Vec<PathBuf> = core_defs.iter().map(|d| identity(&d.path)).collect();
    let mut all: Vec<Definition> = core_defs.clone();
    let mut given_names = Vec::new();
    for d in given_defs {
        match core_ids.iter().position(|id| *id == identity(&d.path)) {
            Some(i) => given_names.push(core_defs[i].name.clone()),
            None if core_defs.iter().any(|c| c.name == d.name) => {
                return Err(SelectError::Io(format!(
                    "{} and the core's {} would both be named {} in the generated files; rename one",
                    d.path.display(),
                    core_defs.iter().find(|c| c.name == d.name).map_or(String::new(), |c| c.path.display().to_string()),
                    d.name
                )));
            }
            None => {
                given_names.push(d.name.clone());
                all.push(d);
            }
        }
    }
    let core_names: Vec<&str> = core_defs.iter().map(|d| d.name.as_str()).collect();
    let (reg, sources, warnings) = checked(&all)?;
    let mut wanted = Vec::new();
    let mut standalone = Vec::new();
    let mut problems = Vec::new();
    for (i, t) in reg.types.iter().enumerate() {
        if !given_names.contains(&t.source) {
            continue;
        }
        wanted.push(i);
        if core_names.contains(&t.source.as_str()) {
            continue;
        }
        if t.private.is_none() {
            problems.push(format!(
                "{}: `{}` is not a private type, so the core's registry (the match union, the type \
                 list, the Kconfig and Makefile fragments) must name it, and the core in {shown} does not\n  \
                 = hint: add its definition to the core's and generate the whole core, or make it private \
                 with `private to module \"MODULE\" in \"drivers/...\";`",
                t.source, t.name
            ));
        } else {
            standalone.push(i);
        }
    }
    if !problems.is_empty() {
        return Err(SelectError::Scope(problems.join("\n")));
    }
    let types = reg.types.iter().filter(|t| core_names.contains(&t.source.as_str())).count();
    let core = Core { shown, types };
    Ok(Selection { reg, scope: Scope::Types { wanted, standalone }, core: Some(core), sources, warnings })
}

/// The directories a whole registry's write must find free of other
/// generated files ([`crate::output::Transaction::leftovers`]): all it
/// writes to but the private types' own (their driver directories and the
/// private docs pages), whose files stand alone beside any core.
pub fn guarded_dir(reg: &Registry, dir: &str) -> bool {
    dir != crate::docs::PRIVATE_PAGES && !reg.types.iter().filter_map(|t| t.private.as_ref()).any(|p| p.dir == dir)
}

/// The given core paths in words.
fn shown(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Reads and checks definitions.
fn checked(files: &[Definition]) -> Result<(Registry, Sources, Vec<Diagnostic>), SelectError> {
    let sources = match read_sources(files) {
        Ok(s) => s,
        Err(ReadError::Io(e)) => return Err(SelectError::Io(e)),
        Err(ReadError::Located(s, d)) => return Err(SelectError::Diagnostics(s, d)),
    };
    match maptype_dsl::check_warned(&sources) {
        Ok((reg, warnings)) => Ok((reg, sources, warnings)),
        Err(d) => Err(SelectError::Diagnostics(sources, d)),
    }
}
