//! The maptype language: one `.maptype` file defines one DMA-buf mapping type.
//!
//! Data flows one way: text -> [`ast`] (pest) -> checked [`ir`] -> backends.
//! The CLI and the proc-macros both call [`check`], so both give the same
//! errors for the same input.

pub mod ast;
mod check;
pub mod cnames;
pub mod diag;
pub mod fmt;
pub mod ir;
pub mod oracle;
mod parse;
pub mod rust_form;
pub mod schema;
pub mod solver;

/// `check()` below calls the checker by its old name.
use check as lower;
pub use check::parse_version;
pub use diag::{Construct, Diagnostic, Sources, Span};

/// Parses every source, in order. Files parse independently, and parsing is
/// most of a check, so a large set is shared among the CPUs.
fn parse_all(sources: &Sources) -> Vec<Result<ast::File, Vec<Diagnostic>>> {
    let n = sources.len();
    let threads = std::thread::available_parallelism().map_or(1, |c| c.get()).min(n / 16).max(1);
    let one = |i: usize| {
        if sources.name(i).ends_with(".rs") {
            rust_form::parse_text(i, sources.text(i)).map_err(|mut e| {
                for d in e.iter_mut().filter(|d| d.construct.is_none()) {
                    d.construct = Some(Construct::RustForm);
                }
                e
            })
        } else {
            parse::parse_file(i, sources.text(i)).map_err(|e| vec![e])
        }
    };
    if threads == 1 {
        return (0..n).map(one).collect();
    }
    let chunk = n.div_ceil(threads);
    let part = |r: std::ops::Range<usize>| r.map(one).collect::<Vec<_>>();
    let part = &part;
    std::thread::scope(|s| {
        let parts: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let r = start..(start + chunk).min(n);
                // The main thread's usual stack, so pest's stack guard stops a
                // hostile nesting where it would unthreaded. A thread that
                // cannot start leaves its part to this one.
                let h = std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, {
                    let r = r.clone();
                    move || part(r)
                });
                (r, h.ok())
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|(r, h)| match h {
                // A panic in a parse is a bug; it is raised here as it would be unthreaded.
                Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None => part(r),
            })
            .collect()
    })
}

/// Parses and checks every source as one set of types. A source named
/// `*.rs` is a Rust file holding types in the Rust form ([`rust_form`]).
///
/// Phases run in order (parse, resolve, check); each collects all of its
/// errors, and a phase with errors stops the next from running.
pub fn check(sources: &Sources) -> Result<ir::Registry, Vec<Diagnostic>> {
    check_warned(sources).map(|(reg, _)| reg)
}

/// [`check`], also giving the warnings of definitions that check.
pub fn check_warned(sources: &Sources) -> Result<(ir::Registry, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_parsed_warned(sources, &parse_sources(sources)?)
}

/// Parses every source (a `*.rs` one in the Rust form), each with its
/// index; every file's errors, or the syntax trees.
pub fn parse_sources(sources: &Sources) -> Result<Vec<(usize, ast::File)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (i, parsed) in parse_all(sources).into_iter().enumerate() {
        match parsed {
            Ok(f) => files.push((i, f)),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Checks syntax trees as one set of types: those [`parse`] gives and those
/// of another front-end ([`rust_form`]), each with the index of its source.
pub fn check_parsed(sources: &Sources, files: &[(usize, ast::File)]) -> Result<ir::Registry, Vec<Diagnostic>> {
    check_parsed_warned(sources, files).map(|(reg, _)| reg)
}

/// [`check_parsed`], also giving the warnings of definitions that check.
pub fn check_parsed_warned(
    sources: &Sources,
    files: &[(usize, ast::File)],
) -> Result<(ir::Registry, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for (i, f) in files {
        match f.types.as_slice() {
            // Empty-width: the first byte may be a newline or part of a wider character.
            [] => errors.push(
                Diagnostic::error(Span { file: *i, start: 0, end: 0 }, "file defines no mapping type")
                    .hint("a definition file holds one `mapping_type NAME { ... }`")
                    .see(Construct::Files),
            ),
            [_] => {}
            [first, rest @ ..] => {
                for t in rest {
                    errors.push(
                        Diagnostic::error(
                            t.name.span,
                            format!("a second mapping type, `{}`, in one file", t.name.node),
                        )
                        .related(first.name.span, "the file's mapping type")
                        .hint("put each `mapping_type NAME { ... }` in its own .maptype file")
                        .see(Construct::Files),
                    );
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let types: Vec<(String, &ast::MappingType)> =
        files.iter().flat_map(|(i, f)| f.types.iter().map(move |t| (sources.name(*i).to_string(), t))).collect();
    let mut errs = lower::Errors::default();
    let registry = lower::lower(&types, &mut errs);
    let pointed = |mut d: Vec<Diagnostic>| {
        lower::point_to_sections(&types, &mut d);
        sorted(d)
    };
    if !errs.resolve.is_empty() {
        return Err(pointed(errs.resolve));
    }
    if !errs.check.is_empty() {
        return Err(pointed(errs.check));
    }
    let underivable = solver::derivable(&types, &registry);
    if !underivable.is_empty() {
        return Err(pointed(underivable));
    }
    Ok((registry, pointed(errs.warn)))
}

/// Parses one source without checking it (for the formatter and tools).
pub fn parse(file: usize, text: &str) -> Result<ast::File, Diagnostic> {
    parse::parse_file(file, text)
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    d.sort_by_key(|d| (d.span.file, d.span.start));
    d.dedup();
    d
}
