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
        /// Check against this core's definitions (files or directories) and
        /// work on the given types only [default: schemas, when every type
        /// given is private]
        #[arg(long, value_name = "PATH")]
        core: Vec<PathBuf>,
        /// Definition files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the checked definitions' intermediate representation (IR) as JSON.
    Ir {
        /// Check against this core's definitions (files or directories) and
        /// work on the given types only [default: schemas, when every type
        /// given is private]
        #[arg(long, value_name = "PATH")]
        core: Vec<PathBuf>,
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
        /// Write only the given types' files, checked against this core's
        /// definitions (files or directories); the core's registry files are
        /// not touched [default: schemas, when every type given is private]
        #[arg(long, value_name = "PATH")]
        core: Vec<PathBuf>,
        /// A Rust file declaring types in the Rust form
        /// (`#[maptype::mapping_type] mod NAME { ... }`), read like a
        /// definition; a private type's C side is written beside the core
        #[arg(long, value_name = "FILE.rs")]
        from_rust: Vec<PathBuf>,
        /// Definition files or directories of them [default: schemas,
        /// unless --from-rust is given]
        paths: Vec<PathBuf>,
    },
    /// Write a new definition that lints, generates and passes its KUnit
    /// suite as it is, with the places to fill in marked `FILL IN`.
    New {
        /// The type's name, from which its C names derive (e.g. `ualink`).
        name: String,
        /// Make it a driver-private type, part of this module.
        #[arg(long, value_name = "MODULE", requires = "dir")]
        private: Option<String>,
        /// The owning driver's directory in the kernel tree (with --private).
        #[arg(long, value_name = "DIR", requires = "private")]
        dir: Option<String>,
        /// Where to write it; never overwritten [default: NAME.maptype]
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The core it must lint beside [default: schemas, when present]
        #[arg(long, value_name = "PATH")]
        core: Vec<PathBuf>,
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
    /// The negotiation explorer: for every exporter and importer of a
    /// scenario, which type and candidates win, and why others did not.
    Matrix(MatrixArgs),
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

/// `maptype matrix`'s flags.
#[derive(clap::Args)]
struct MatrixArgs {
    /// Output format: text (a table and why), markdown, dot (graphviz), or
    /// svg (dot run through graphviz)
    #[arg(long, value_enum, default_value = "text")]
    format: MatrixFormat,
    /// Write the matrix here instead of to stdout
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write the scenario as a KUnit suite checking the generated C
    #[arg(long, value_name = "FILE")]
    kunit: Option<PathBuf>,
    /// The definitions of the types the scenario uses
    #[arg(long, value_name = "PATH", default_value = "schemas")]
    defs: Vec<PathBuf>,
    /// The scenario: `exporter "NAME" { CTOR(args); ... }`, `importer ...`,
    /// `assume FUNC(args) = VALUE;`
    scenario: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MatrixFormat {
    Text,
    Markdown,
    Dot,
    Svg,
}

/// `maptype kunit`'s flags: [`maptype_runner::Options`] on the command line.
#[derive(clap::Args)]
struct KunitArgs {
    /// The kernel to prove the output in: 6.12 (generated/ as it is) or 7.3
    /// (the output for 7.3, generated for the run); each is Debian's source,
    /// fetched and cached when missing
    #[arg(long, value_name = "VERSION", default_value = "6.12", value_parser = parse_target)]
    target: maptype::Target,
    /// Pristine kernel source tree, only read [default: for 6.12
    /// $MAPTYPE_KERNEL_SRC, else Debian's linux-source-VERSION extracted
    /// into the cache]
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
    /// Driver patches against the target's tree, applied with patch -p1
    /// when present [default: examples/linux-VERSION]
    #[arg(long, value_name = "DIR")]
    driver_patches: Option<PathBuf>,
    /// Parallel build jobs [default: every CPU]
    #[arg(long)]
    jobs: Option<usize>,
    /// After the suites pass, prove they catch every mutant of the
    /// definitions in --schemas and --private (each requirement inverted,
    /// and dropped; each invariant, kept field, legacy assignment and
    /// precondition dropped)
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
    /// Build with KASAN and UBSAN (alignment checks off: on UML they fire in
    /// core kernel code), in a build directory of its own; a sanitizer
    /// report fails the run
    #[arg(long, conflicts_with_all = ["mutants", "rust"])]
    sanitize: bool,
    /// After the suites pass, build the generated C and the core hooks for
    /// x86_64 (x86_64_defconfig with VFIO_PCI, IOMMUFD, DRM_XE) with W=1,
    /// and sparse (C=2) where the machine's sparse fits the tree; any
    /// warning fails the run
    #[arg(long, conflicts_with_all = ["rust", "sanitize"])]
    x86: bool,
    /// Rust example consumers with their own Kbuild Makefile (with --rust)
    #[arg(long, value_name = "DIR", default_value = "examples/rust")]
    rust_examples: PathBuf,
    /// Private types' definitions (files or directories) to generate on
    /// their own, against the core in --schemas, and run beside it
    #[arg(long, value_name = "PATH")]
    private: Vec<PathBuf>,
    /// Negotiation scenarios (see `matrix`) to run as KUnit suites against
    /// the generated C
    #[arg(long, value_name = "FILE")]
    matrix: Vec<PathBuf>,
}

impl From<KunitArgs> for maptype_runner::Options {
    fn from(a: KunitArgs) -> Self {
        maptype_runner::Options {
            target: a.target,
            kernel_src: a.kernel_src,
            build_dir: a.build_dir,
            json: a.json,
            generated: a.generated,
            examples: a.examples,
            patches: a.driver_patches,
            jobs: a.jobs,
            mutants: a.mutants,
            schemas: a.schemas,
            rust: a.rust,
            sanitize: a.sanitize,
            x86: a.x86,
            rust_examples: a.rust_examples,
            private: a.private,
            matrix: a.matrix,
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
        Cmd::Lint { core, files } => match load(&files, &core, maptype::files_as_given) {
            Some(sel) => {
                let n = wanted(&sel).len();
                let against = match (&sel.core, &sel.scope) {
                    (Some(c), _) => format!(" against the core in {} ({} type{})", c.shown, c.types, plural(c.types)),
                    (None, maptype::Scope::Types { .. }) => format!(
                        ", not against a core (no {}/ here; --core PATH names one)",
                        maptype::select::DEFAULT_CORE
                    ),
                    (None, maptype::Scope::Whole) => String::new(),
                };
                eprintln!("checked {n} mapping type{}{against}", plural(n));
                ExitCode::SUCCESS
            }
            None => ExitCode::from(EXIT_ERRORS),
        },
        Cmd::Ir { core, files } => match load(&files, &core, maptype::files_as_given) {
            Some(sel) => {
                // The given types only: the core's are context.
                let types = wanted(&sel).into_iter().map(|i| sel.reg.types[i].clone()).collect();
                let reg = ir::Registry { types };
                println!("{}", serde_json::to_string_pretty(&reg).expect("the IR always serializes"));
                ExitCode::SUCCESS
            }
            None => ExitCode::from(EXIT_ERRORS),
        },
        Cmd::Fmt { check, files } => fmt(check, &files),
        Cmd::New { name, private, dir, out, core } => new(&name, private.zip(dir), out, &core),
        Cmd::Generate { out, check, target, jobs, core, from_rust, mut paths } => {
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            if !target.is_known() {
                let known: Vec<String> = maptype::Target::KNOWN.iter().map(ToString::to_string).collect();
                eprintln!(
                    "error: --target {target}: the generator does not know Linux {target}\n  = hint: known versions: {}",
                    known.join(", ")
                );
                return ExitCode::from(EXIT_ERRORS);
            }
            if let Some(bad) = from_rust.iter().find(|p| p.extension().is_none_or(|e| e != "rs")) {
                eprintln!("error: --from-rust {}: not a Rust file (`.rs`)", bad.display());
                return ExitCode::from(EXIT_ERRORS);
            }
            if paths.is_empty() && from_rust.is_empty() {
                paths.push(PathBuf::from(maptype::select::DEFAULT_CORE));
            }
            paths.extend(from_rust);
            generate(&out, check, &target, jobs, &paths, &core)
        }
        Cmd::Matrix(args) => matrix(&args),
        Cmd::Kunit(args) => maptype_runner::kunit(&args.into()),
        Cmd::Bench(args) => bench::bench(&args),
        Cmd::BenchChild { cmd } => bench::measure_child(&cmd),
    }
}

fn parse_target(s: &str) -> Result<maptype::Target, String> {
    maptype::Target::parse(s).ok_or_else(|| format!("`{s}` is not a kernel version like 6.12"))
}

fn generate(
    out: &std::path::Path,
    check: bool,
    target: &maptype::Target,
    jobs: usize,
    paths: &[PathBuf],
    core: &[PathBuf],
) -> ExitCode {
    let Some(sel) = load(paths, core, maptype::definition_files) else { return ExitCode::from(EXIT_ERRORS) };
    let (reg, scope) = (&sel.reg, &sel.scope);
    if let maptype::Scope::Types { wanted, standalone } = scope {
        let names: Vec<&str> = wanted.iter().map(|&i| reg.types[i].name.as_str()).collect();
        let against = match &sel.core {
            Some(c) => format!("checked against the core in {} ({} type{})", c.shown, c.types, plural(c.types)),
            None => format!(
                "not checked against a core (no {}/ here; --core PATH names one)",
                maptype::select::DEFAULT_CORE
            ),
        };
        eprintln!(
            "{against}; only the files of {} are {}",
            names.join(", "),
            if check { "compared" } else { "written" }
        );
        if !standalone.is_empty() {
            let alone: Vec<&str> = standalone.iter().map(|&i| reg.types[i].name.as_str()).collect();
            eprintln!(
                "note: no Rust module for {}: the kernel crate builds a type's module from bindings and helpers \
                 the core's files list; generate the core with the type to get it",
                alone.join(", ")
            );
        }
    }
    // Files stream from the backends into the comparison or the write, each
    // dropped once handled, so memory does not grow with the output.
    let count = AtomicUsize::new(0);
    if check {
        let cmp = maptype::output::Comparison::new(out);
        let done: Result<(), Infallible> = maptype::generate_each(reg, scope, target, jobs, |f| {
            count.fetch_add(1, Ordering::Relaxed);
            cmp.add(f);
            Ok(())
        });
        let Ok(()) = done;
        let mut drift = cmp.finish();
        if let maptype::Scope::Types { .. } = scope {
            // Only some types' files were compared: the rest are not extra.
            drift.extra.clear();
        }
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
    let prepared = maptype::generate_each(reg, scope, target, jobs, |f| {
        count.fetch_add(1, Ordering::Relaxed);
        tx.add(f)
    });
    if let (Ok(()), maptype::Scope::Whole) = (&prepared, scope) {
        // A whole registry beside files of types it leaves out would not build.
        let left = tx.leftovers(|dir| !maptype::select::guarded_dir(reg, dir));
        if !left.is_empty() {
            for f in &left {
                println!("left over: {}", out.join(f).display());
            }
            eprintln!(
                "error: nothing written: {} holds {} generated file{} that these definitions do not \
                 produce (from a type left out, renamed or made private), beside which the new registry \
                 files would not build\n  \
                 = hint: generate every definition together (`generate schemas my.maptype`), write \
                 elsewhere with --out, or delete those files if they are no longer wanted",
                out.display(),
                left.len(),
                plural(left.len())
            );
            return ExitCode::from(EXIT_ERRORS);
        }
    }
    let written = prepared.and_then(|()| tx.commit());
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

/// `maptype new`: renders the definition, checks it beside the core and
/// writes it to a file that must not exist yet.
fn new(name: &str, owner: Option<(String, String)>, out: Option<PathBuf>, core: &[PathBuf]) -> ExitCode {
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.maptype")));
    let core: Vec<PathBuf> =
        if core.is_empty() { maptype::select::default_core().into_iter().collect() } else { core.to_vec() };
    let core_defs = if core.is_empty() {
        Vec::new()
    } else {
        match maptype::definition_files(&core) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_ERRORS);
            }
        }
    };
    let owner = owner.map(|(module, dir)| maptype::scaffold::Owner { module, dir });
    let shown = out.display().to_string();
    let text = match maptype::scaffold::definition(name, owner.as_ref(), &shown, &core_defs) {
        Ok(t) => t,
        Err(e) => {
            // Diagnostics render with their own `error:` lines.
            if e.starts_with("error") {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e}");
            }
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    if let Err(e) = maptype::output::create_new(&out, text.as_bytes()) {
        eprintln!("error: cannot write {shown}: {e}");
        return ExitCode::from(EXIT_ERRORS);
    }
    eprintln!("wrote {shown}: mapping type `{name}`; fill in the places marked FILL IN, then");
    eprintln!("  cargo run -- lint {shown}");
    eprintln!("  cargo run -- generate --out OUT {shown}");
    if owner.is_some() {
        eprintln!("  cargo run -- kunit --private {shown}");
    }
    ExitCode::SUCCESS
}

/// `maptype matrix`: checks the scenario against the definitions, explores
/// it and prints (or writes) the matrix, and the KUnit suite when asked.
fn matrix(a: &MatrixArgs) -> ExitCode {
    let Some(sel) = load(&a.defs, &[], maptype::definition_files) else { return ExitCode::from(EXIT_ERRORS) };
    let reg = &sel.reg;
    let shown = a.scenario.display().to_string();
    let (sc, m) = match maptype::matrix::load(reg, &a.scenario, &shown) {
        Ok(x) => x,
        Err(maptype::matrix::LoadError::Diagnostics(sources, d)) => {
            report(&sources, &d);
            return ExitCode::from(EXIT_ERRORS);
        }
        Err(e) => {
            match e {
                maptype::matrix::LoadError::Io(e) => eprintln!("error: {e}"),
                e => eprintln!("{e}"),
            }
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    if let Some(k) = &a.kunit {
        let stem = a.scenario.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let f = maptype::matrix::c::suite(reg, &sc, &m, &stem);
        if let Err(e) = maptype::output::replace(k, f.content.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", k.display());
            return ExitCode::from(EXIT_ERRORS);
        }
        eprintln!("wrote {} (KUnit suite {})", k.display(), maptype::matrix::c::suite_name(&stem));
    }
    let text = match a.format {
        MatrixFormat::Text => maptype::matrix::text(&sc, &m),
        MatrixFormat::Markdown => maptype::matrix::markdown(&sc, &m),
        MatrixFormat::Dot => maptype::matrix::dot(&sc, &m),
        MatrixFormat::Svg => match svg(&maptype::matrix::dot(&sc, &m)) {
            Ok(s) => s,
            Err((code, e)) => {
                eprintln!("error: {e}");
                return ExitCode::from(code);
            }
        },
    };
    match &a.out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(p) => match maptype::output::replace(p, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", p.display());
                ExitCode::from(EXIT_ERRORS)
            }
        },
    }
}

/// Renders DOT with graphviz's `dot`; exit code 2 when it is not installed.
fn svg(dot: &str) -> Result<String, (u8, String)> {
    use std::process::{Command, Stdio};
    let child =
        Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err((
                2,
                "graphviz's `dot` is not installed; install it (Debian: `apt-get install graphviz`), or write \
                 `--format dot` and render that elsewhere"
                    .into(),
            ))
        }
        Err(e) => return Err((EXIT_ERRORS, format!("cannot run dot: {e}"))),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(dot.as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| (EXIT_ERRORS, format!("dot: {e}")))?;
    if !out.status.success() {
        return Err((EXIT_ERRORS, format!("dot failed: {}", String::from_utf8_lossy(&out.stderr))));
    }
    String::from_utf8(out.stdout).map_err(|_| (EXIT_ERRORS, "dot wrote no UTF-8".into()))
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

/// Files (or directories of them) from `fmt`, named in diagnostics as
/// typed; `None` after printing why they cannot be listed.
fn as_given(files: &[PathBuf]) -> Option<Vec<maptype::Definition>> {
    maptype::files_as_given(files).map_err(|e| eprintln!("error: {e}")).ok()
}

/// Reads and checks the definitions (against a core, see
/// [`maptype::select`]), printing every problem; `None` on any.
fn load(paths: &[PathBuf], core: &[PathBuf], list: maptype::select::Lister) -> Option<maptype::Selection> {
    let core = (!core.is_empty()).then_some(core);
    match maptype::select(paths, core, list) {
        Ok(sel) => {
            if !sel.warnings.is_empty() {
                sel.sources.emit(&mut StandardStream::stderr(stderr_color()), &sel.warnings);
            }
            Some(sel)
        }
        Err(maptype::select::SelectError::Io(e)) => {
            eprintln!("error: {e}");
            None
        }
        Err(maptype::select::SelectError::Diagnostics(sources, diags)) => {
            report(&sources, &diags);
            None
        }
        Err(maptype::select::SelectError::Scope(e)) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// The types a command was given (the core's are only context).
fn wanted(sel: &maptype::Selection) -> Vec<usize> {
    match &sel.scope {
        maptype::Scope::Whole => (0..sel.reg.types.len()).collect(),
        maptype::Scope::Types { wanted, .. } => wanted.clone(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn report(sources: &Sources, diags: &[maptype_dsl::Diagnostic]) {
    let mut out = StandardStream::stderr(stderr_color());
    sources.emit(&mut out, diags);
    eprintln!("error: {} problem{} found", diags.len(), if diags.len() == 1 { "" } else { "s" });
}
