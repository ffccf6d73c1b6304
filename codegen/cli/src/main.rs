//! `maptype`: the command-line front end over the backends (`maptype`) and
//! the kernel runner (`maptype_runner`). Every command loads definitions
//! through `maptype_dsl::check`, the same checker the proc-macros use.

mod bench;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::convert::Infallible;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use maptype_dsl::{ir, Sources};

#[derive(Parser)]
#[command(name = "maptype", version, about = "DMA-buf mapping types: check definitions and generate kernel code")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Check definitions and report every error.
    Lint {
        /// Definition files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the checked definitions' intermediate representation (IR) as JSON.
    Ir {
        /// Definition files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Generate kernel C (headers, glue, registry) from the definitions.
    Generate {
        /// Output root, laid out like a kernel tree.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing; exit 1 listing every stale, missing or extra file.
        #[arg(long)]
        check: bool,
        /// Kernel version the output targets (export spellings, missing structs).
        #[arg(long, value_name = "VERSION", default_value = "6.12", value_parser = parse_target)]
        target: maptype::Target,
        /// Threads rendering types [default: every CPU]
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Definition files or directories of them.
        #[arg(default_value = "schemas")]
        paths: Vec<PathBuf>,
    },
    /// Rewrite definitions in canonical layout (comments are kept).
    Fmt {
        /// Write nothing; exit 1 and name the files that would change.
        #[arg(long)]
        check: bool,
        /// Definition files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Prove generated/ in a real kernel: overlay it on Linux 6.12, build
    /// User-Mode Linux and run the KUnit suites with kunit.py.
    Kunit(KunitArgs),
    /// Measure lint and generate on 10 to 10,000 synthetic types, and the
    /// kernel's YNL generator beside them; prints figures.
    Bench(bench::BenchArgs),
    /// `bench`'s measuring process (see `bench::timed`).
    #[command(hide = true)]
    BenchChild {
        #[arg(last = true, required = true)]
        cmd: Vec<std::ffi::OsString>,
    },
}

/// `maptype kunit`'s flags: [`maptype_runner::Options`] on the command line.
#[derive(clap::Args)]
struct KunitArgs {
    /// Pristine kernel source tree, only read [default: $MAPTYPE_KERNEL_SRC,
    /// else Debian's linux-source-6.12 extracted into the cache]
    #[arg(long, value_name = "DIR")]
    kernel_src: Option<PathBuf>,
    /// kunit.py's build directory, kept for incremental builds [default:
    /// .kunit in the work tree]
    #[arg(long, value_name = "DIR")]
    build_dir: Option<PathBuf>,
    /// Write kunit.py's JSON results here [default: in the build directory]
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// The generator's output to prove
    #[arg(long, value_name = "DIR", default_value = "generated")]
    generated: PathBuf,
    /// C example consumers with their own Kbuild Makefile (used when present)
    #[arg(long, value_name = "DIR", default_value = "examples/kernel")]
    examples: PathBuf,
    /// Parallel build jobs [default: every CPU]
    #[arg(long)]
    jobs: Option<usize>,
    /// After the suites pass, prove they catch every mutant of the
    /// definitions in --schemas (each requirement inverted, and dropped)
    #[arg(long)]
    mutants: bool,
    /// Definitions --generated must match, and the mutants are made from
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    schemas: PathBuf,
    /// Build with CONFIG_RUST=y in a work tree of its own: the generated
    /// Rust goes into the kernel crate, its doctests and the Rust examples
    /// run as KUnit (installs the Rust toolchain when missing)
    #[arg(long, conflicts_with = "mutants")]
    rust: bool,
    /// Rust example consumers with their own Kbuild Makefile (with --rust)
    #[arg(long, value_name = "DIR", default_value = "examples/rust")]
    rust_examples: PathBuf,
}

impl From<KunitArgs> for maptype_runner::Options {
    fn from(a: KunitArgs) -> Self {
        maptype_runner::Options {
            kernel_src: a.kernel_src,
            build_dir: a.build_dir,
            json: a.json,
            generated: a.generated,
            examples: a.examples,
            jobs: a.jobs,
            mutants: a.mutants,
            schemas: a.schemas,
            rust: a.rust,
            rust_examples: a.rust_examples,
        }
    }
}

/// Colour only on a terminal, so logs and CI output stay plain text.
fn stderr_color() -> ColorChoice {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    }
}

/// Exit code for definitions with errors; usage errors exit 2 (clap's code).
const EXIT_ERRORS: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Lint { files } => match as_given(&files).and_then(|f| load(&f)) {
            Some(reg) => {
                eprintln!("checked {} mapping type{}", reg.types.len(), if reg.types.len() == 1 { "" } else { "s" });
                ExitCode::SUCCESS
            }
            None => ExitCode::from(EXIT_ERRORS),
        },
        Cmd::Ir { files } => match as_given(&files).and_then(|f| load(&f)) {
            Some(reg) => {
                println!("{}", serde_json::to_string_pretty(&reg).expect("the IR always serializes"));
                ExitCode::SUCCESS
            }
            None => ExitCode::from(EXIT_ERRORS),
        },
        Cmd::Fmt { check, files } => fmt(check, &files),
        Cmd::Generate { out, check, target, jobs, paths } => {
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            generate(&out, check, &target, jobs, &paths)
        }
        Cmd::Kunit(args) => maptype_runner::kunit(&args.into()),
        Cmd::Bench(args) => bench::bench(&args),
        Cmd::BenchChild { cmd } => bench::measure_child(&cmd),
    }
}

fn parse_target(s: &str) -> Result<maptype::Target, String> {
    maptype::Target::parse(s).ok_or_else(|| format!("`{s}` is not a kernel version like 6.12"))
}

fn generate(out: &std::path::Path, check: bool, target: &maptype::Target, jobs: usize, paths: &[PathBuf]) -> ExitCode {
    let files = match maptype::definition_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let Some(reg) = load(&files) else { return ExitCode::from(EXIT_ERRORS) };
    // Files stream from the backends into the comparison or the write, each
    // dropped once handled, so memory does not grow with the output.
    let count = AtomicUsize::new(0);
    if check {
        let cmp = maptype::output::Comparison::new(out);
        let done: Result<(), Infallible> = maptype::generate_each(&reg, target, jobs, |f| {
            count.fetch_add(1, Ordering::Relaxed);
            cmp.add(f);
            Ok(())
        });
        let Ok(()) = done;
        let drift = cmp.finish();
        if !drift.temporaries.is_empty() {
            eprintln!(
                "note: {} temporar{} of an interrupted generate under {} (ignored; the next generate removes them)",
                drift.temporaries.len(),
                if drift.temporaries.len() == 1 { "y" } else { "ies" },
                out.display()
            );
        }
        if drift.is_clean() {
            eprintln!("{}: {} files up to date", out.display(), count.into_inner());
            return ExitCode::SUCCESS;
        }
        for (what, list) in [("stale", &drift.stale), ("missing", &drift.missing), ("extra", &drift.extra)] {
            for f in list {
                println!("{what}: {}", out.join(f).display());
            }
        }
        eprintln!("error: {} is out of date; run `cargo run -- generate`", out.display());
        return ExitCode::from(EXIT_ERRORS);
    }
    let tx = maptype::output::Transaction::begin(out);
    let written = maptype::generate_each(&reg, target, jobs, |f| {
        count.fetch_add(1, Ordering::Relaxed);
        tx.add(f)
    })
    .and_then(|()| tx.commit());
    match written {
        Ok(written) => {
            let mut err = std::io::BufWriter::new(std::io::stderr().lock());
            for w in &written {
                let _ = writeln!(err, "wrote {}", out.join(w).display());
            }
            let _ = writeln!(err, "{} files, {} changed", count.into_inner(), written.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

/// Formats each file in place (or only reports, with `--check`). A file is
/// rewritten through a temporary and a rename, keeping its mode, so a full
/// disk or a kill leaves the old definition whole.
fn fmt(check: bool, paths: &[PathBuf]) -> ExitCode {
    let Some(files) = as_given(paths) else { return ExitCode::from(EXIT_ERRORS) };
    let mut failed = false;
    let mut changed = Vec::new();
    for maptype::Definition { path: f, .. } in &files {
        let bytes = match maptype::input::read_definition(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let mut sources = Sources::new();
        let result = maptype::input::add_source(&mut sources, &f.display().to_string(), bytes)
            .and_then(|id| maptype_dsl::fmt::format_source(id, sources.text(id)).map(|t| (id, t)));
        match result {
            Err(d) => {
                let mut out = StandardStream::stderr(stderr_color());
                sources.emit(&mut out, &[d]);
                failed = true;
            }
            Ok((id, formatted)) if formatted != sources.text(id) => {
                if check {
                    changed.push(f.display().to_string());
                } else if let Err(e) = maptype::output::replace(f, formatted.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", f.display());
                    failed = true;
                } else {
                    changed.push(f.display().to_string());
                }
            }
            Ok(_) => {}
        }
    }
    for c in &changed {
        if check {
            println!("would reformat {c}");
        } else {
            eprintln!("formatted {c}");
        }
    }
    if failed || (check && !changed.is_empty()) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files (or directories of them) from `lint`, `ir` and `fmt`, named in
/// diagnostics as typed; `None` after printing why they cannot be listed.
fn as_given(files: &[PathBuf]) -> Option<Vec<maptype::Definition>> {
    maptype::files_as_given(files).map_err(|e| eprintln!("error: {e}")).ok()
}

/// Reads and checks files, printing diagnostics; `None` on any error.
fn load(files: &[maptype::Definition]) -> Option<ir::Registry> {
    let sources = match maptype::read_sources(files) {
        Ok(s) => s,
        Err(maptype::ReadError::Io(e)) => {
            eprintln!("error: {e}");
            return None;
        }
        Err(maptype::ReadError::Located(sources, diags)) => {
            report(&sources, &diags);
            return None;
        }
    };
    match maptype_dsl::check(&sources) {
        Ok(reg) => Some(reg),
        Err(diags) => {
            report(&sources, &diags);
            None
        }
    }
}

fn report(sources: &Sources, diags: &[maptype_dsl::Diagnostic]) {
    let mut out = StandardStream::stderr(stderr_color());
    sources.emit(&mut out, diags);
    eprintln!("error: {} problem{} found", diags.len(), if diags.len() == 1 { "" } else { "s" });
}
