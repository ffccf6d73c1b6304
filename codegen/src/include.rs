//! What `maptype::include!` expands to: the Rust modules `generate` writes
//! for the definitions named, from the same selection ([`crate::select`])
//! and the same backend ([`crate::rust`]), so that a crate including a
//! definition and a tree generated from it hold the same code.
//!
//! The macro crate (`macros/`) only parses its arguments, turns the modules'
//! text into tokens and reports errors at the call site; everything that
//! decides what is generated is here, where the CLI's tests reach it too.

use std::path::PathBuf;

use maptype_dsl::ir::Registry;
use maptype_dsl::Diagnostic;

use crate::select::{select_beside, SelectError};
use crate::{Backend, Scope, Target};

/// One type's Rust module, as `generate` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The type's name, which names the module.
    pub name: String,
    /// The file `generate` writes it to.
    pub path: String,
    /// The module file's text.
    pub text: String,
}

/// The expansion of one `include!`.
#[derive(Debug)]
pub struct Included {
    /// A module per type of the given definitions, in registry order.
    pub modules: Vec<Module>,
    /// Every file read (the given ones and the core's), for the crate to
    /// be rebuilt when one changes.
    pub read: Vec<PathBuf>,
    /// The registry the modules were checked in.
    pub reg: Registry,
}

/// Checks `given` as `generate` would, beside `core` when one is given (a
/// macro has no working directory of its own to find a default core in),
/// and renders the Rust module of each given type.
/// The kernel a macro expands for: the one kbuild is building (its top
/// Makefile exports `KERNELVERSION`, e.g. `7.3.4`), else 6.12, as
/// `generate`'s default. A kernel the generator does not know is an error
/// rather than code for another one.
pub fn kbuild_target() -> Result<Target, String> {
    let Ok(v) = std::env::var("KERNELVERSION") else { return Ok(Target::default()) };
    let mut parts = v.split(|c: char| !c.is_ascii_digit());
    let target = match (parts.next(), parts.next()) {
        (Some(a), Some(b)) => Target::parse(&format!("{a}.{b}")),
        _ => None,
    };
    match target {
        Some(t) if t.is_known() => Ok(t),
        _ => {
            let known: Vec<String> = Target::KNOWN.iter().map(|t| t.to_string()).collect();
            Err(format!(
                "maptype does not know the kernel being built (KERNELVERSION={v}); it knows {}",
                known.join(", ")
            ))
        }
    }
}

pub fn include(given: &[PathBuf], core: Option<&[PathBuf]>, target: &Target) -> Result<Included, SelectError> {
    let sel = select_beside(given, core, None, crate::definition_files)?;
    let mut read: Vec<PathBuf> =
        crate::definition_files(given).map_err(SelectError::Io)?.into_iter().map(|d| d.path).collect();
    if let Some(core) = core {
        read.extend(crate::definition_files(core).map_err(SelectError::Io)?.into_iter().map(|d| d.path));
    }
    let wanted: Vec<usize> = match &sel.scope {
        Scope::Whole => (0..sel.reg.types.len()).collect(),
        Scope::Types { wanted, .. } => wanted.clone(),
    };
    let reg = sel.reg.for_kernel((target.major, target.minor));
    let modules = wanted.into_iter().map(|i| module(&reg.types[i], target)).collect();
    Ok(Included { modules, read, reg: sel.reg })
}

/// A type's Rust module, as `generate` writes it.
/// `t` must come from a registry already seen for `target`
/// ([`maptype_dsl::ir::Registry::for_kernel`]).
pub fn module(t: &maptype_dsl::ir::MappingType, target: &Target) -> Module {
    let file = crate::rust::Rust.type_files(t, target).into_iter().next().expect("a Rust module per type");
    Module { name: t.name.clone(), path: file.path, text: file.content }
}

/// Checks a type in the Rust form (`#[maptype::mapping_type]`) beside the
/// core definitions `core`, and renders its Rust module. `lower` lowers it
/// ([`maptype_dsl::rust_form::lower`]) with spans in the source index it is
/// given, and returns the text those spans index (the proc-macro's spans
/// are indices of its own table); `name` names it in the IR's `source`.
/// Returns the module and the core files read.
pub fn rust_form(
    name: &str,
    lower: impl FnOnce(usize) -> Result<(maptype_dsl::ast::MappingType, String), (Vec<Diagnostic>, String)>,
    core: &[PathBuf],
    target: &Target,
) -> Result<(Module, Vec<PathBuf>), SelectError> {
    let defs = if core.is_empty() { Vec::new() } else { crate::definition_files(core).map_err(SelectError::Io)? };
    let mut sources = match crate::read_sources(&defs) {
        Ok(s) => s,
        Err(crate::ReadError::Io(e)) => return Err(SelectError::Io(e)),
        Err(crate::ReadError::Located(s, d)) => return Err(SelectError::Diagnostics(s, d)),
    };
    let mut files = match maptype_dsl::parse_sources(&sources) {
        Ok(f) => f,
        Err(d) => return Err(SelectError::Diagnostics(sources, d)),
    };
    let own = sources.len();
    let t = match lower(own) {
        Ok((t, text)) => {
            sources.add(name, text);
            t
        }
        Err((d, text)) => {
            sources.add(name, text);
            return Err(SelectError::Diagnostics(sources, d));
        }
    };
    let type_name = t.name.node.clone();
    files.push((own, maptype_dsl::ast::File { types: vec![t] }));
    let reg = match maptype_dsl::check_parsed(&sources, &files) {
        Ok(r) => r,
        Err(d) => return Err(SelectError::Diagnostics(sources, d)),
    };
    let reg = reg.for_kernel((target.major, target.minor));
    let t = reg.types.iter().find(|t| t.name == type_name).expect("a checked type is in its registry");
    Ok((module(t, target), defs.into_iter().map(|d| d.path).collect()))
}
