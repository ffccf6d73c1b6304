//! maptype-runner: proves the generator's output in a real kernel. The
//! backend library (`maptype`) knows nothing of kernel trees; this crate
//! finds one, builds it and runs the generated suites, and the `maptype`
//! binary's `kunit` command is a thin front end over [`kunit`].
//!
//! [`kunit`] takes a pristine Linux 6.12 tree (`--kernel-src`, else
//! `MAPTYPE_KERNEL_SRC`, else Debian's `linux-source-6.12` extracted into the
//! cache, installing the package and the build tools first when we are root),
//! makes a hard-link work tree next to it once ([`worktree`]), lays the
//! generated code, the core hooks 6.12 lacks ([`hooks`]) and the C examples
//! over it ([`overlay`]), builds User-Mode Linux and runs the KUnit suites
//! with the kernel's own `tools/testing/kunit/kunit.py` ([`run`]), and reads
//! its JSON into a per-suite table ([`results`]). The pristine tree is never
//! written: every overlaid file is a new file, and the run checks afterwards
//! that the pristine copies of the overlaid paths did not change.
//!
//! With [`Options::rust`] ([`rust`]) it is the same run with `CONFIG_RUST=y`
//! in a work tree of its own: the generated Rust in the kernel crate, its
//! doctests and `examples/rust/` as KUnit. With [`Options::mutants`] the
//! suites must then fail against every mutant of the definitions
//! ([`mutants`]).

pub mod hooks;
pub mod mutants;
pub mod overlay;
pub mod prereq;
pub mod results;
pub mod run;
pub mod rust;
pub mod worktree;
pub mod x86;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The Debian source package the output is proven against by default.
pub const DEBIAN_SOURCE: &str = "linux-source-6.12";

/// The kernels `kunit --target` proves the output in: Debian's 6.12 (the
/// default) and 7.3 (trixie-backports), the tree the RFC converts.
pub const PROVEN: &[maptype::Target] = &[maptype::Target { major: 6, minor: 12 }, maptype::Target::LINUX_7_3];

/// Debian's source package of a kernel version: `linux-source-7.3`.
pub fn debian_source(target: &maptype::Target) -> String {
    format!("linux-source-{target}")
}

/// Where an extraction of the Debian tarball is cached between runs.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    base.join("maptype")
}

/// A 6.12 kernel tree: `MAPTYPE_KERNEL_SRC`, else the cached extraction.
pub fn find_tree() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MAPTYPE_KERNEL_SRC") {
        let p = PathBuf::from(p);
        return p.join("Makefile").is_file().then_some(p);
    }
    let p = cache_dir().join(DEBIAN_SOURCE);
    p.join("Makefile").is_file().then_some(p)
}

/// Where the pristine tree comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--kernel-src DIR`
    Flag,
    /// `MAPTYPE_KERNEL_SRC`
    Env,
    /// The cached extraction of Debian's tarball (made when missing).
    Cache,
}

/// The pristine tree to use and where that choice came from.
/// `MAPTYPE_KERNEL_SRC` names a 6.12 tree, so another target ignores it.
pub fn locate(flag: Option<&Path>, target: &maptype::Target) -> (PathBuf, Source) {
    if let Some(p) = flag {
        return (p.to_path_buf(), Source::Flag);
    }
    if *target == maptype::Target::default() {
        if let Some(p) = std::env::var_os("MAPTYPE_KERNEL_SRC") {
            return (PathBuf::from(p), Source::Env);
        }
    }
    (cache_dir().join(debian_source(target)), Source::Cache)
}

/// The work tree for a pristine tree: `<cache>/work-6.12` (or `-7.3`) for
/// a cached extraction, else one named after the tree's path.
pub fn work_dir_for(pristine: &Path) -> PathBuf {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let pristine = canon(pristine);
    for t in PROVEN {
        if pristine == canon(&cache_dir().join(debian_source(t))) {
            return cache_dir().join(format!("work-{t}"));
        }
    }
    // FNV-1a: a stable short name, no dependency.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in pristine.to_string_lossy().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let base = pristine.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    cache_dir().join(format!("work-{base}-{:08x}", h as u32))
}

/// What [`kunit`] proves and where; the `maptype kunit` flags of the same names.
#[derive(Debug, Clone)]
pub struct Options {
    /// The kernel version: its Debian tree, and the generator's output for it.
    pub target: maptype::Target,
    /// The pristine kernel tree, only read (`--kernel-src`); `None`:
    /// `MAPTYPE_KERNEL_SRC`, else Debian's tarball extracted into the cache.
    pub kernel_src: Option<PathBuf>,
    /// kunit.py's build directory, kept for incremental builds; `None`:
    /// `.kunit` in the work tree.
    pub build_dir: Option<PathBuf>,
    /// Where kunit.py's JSON results go; `None`: in the build directory.
    pub json: Option<PathBuf>,
    /// The generator's output to prove.
    pub generated: PathBuf,
    /// C example consumers with their own Kbuild Makefile (used when present).
    pub examples: PathBuf,
    /// Driver patches against the target's pristine tree (used when present):
    /// `None` is `examples/linux-<target>`.
    pub patches: Option<PathBuf>,
    /// Parallel build jobs; `None`: every CPU.
    pub jobs: Option<usize>,
    /// After the suites pass, prove they catch every mutant of `schemas`
    /// and `private`.
    pub mutants: bool,
    /// The definitions `generated` must match and the mutants are made from.
    pub schemas: PathBuf,
    /// Build with `CONFIG_RUST=y` in a work tree of its own (not with `mutants`).
    pub rust: bool,
    /// Build with the sanitizers ([`run::SANITIZERS`]) in a build directory
    /// of its own; any report fails the run.
    pub sanitize: bool,
    /// After the suites pass, build the overlaid C for x86_64 with `W=1`
    /// (and sparse where it fits the tree); any warning fails ([`x86`]).
    pub x86: bool,
    /// Rust example consumers with their own Kbuild Makefile (with `rust`).
    pub rust_examples: PathBuf,
    /// Definitions of private types generated on their own (against the
    /// core in `schemas`) and run beside `generated`: a driver's type that
    /// is not part of the core.
    pub private: Vec<PathBuf>,
    /// Negotiation scenarios (`maptype matrix`) run as KUnit suites: each
    /// must give what the explorer says, against the generated C.
    pub matrix: Vec<PathBuf>,
}

/// A case failed or crashed, the build failed, or the pristine tree changed.
pub const EXIT_FAILED: u8 = 1;
/// The machine is not ready (tools or tree missing) and we cannot fix it.
pub const EXIT_SETUP: u8 = 2;

/// Times one step and reports it on stderr.
struct Step {
    name: &'static str,
    start: Instant,
}

impl Step {
    fn start(name: &'static str) -> Step {
        Step { name, start: Instant::now() }
    }
    fn done(self, what: &str) {
        let secs = self.start.elapsed().as_secs_f64();
        if what.is_empty() {
            eprintln!("[kunit] {}: {secs:.1}s", self.name);
        } else {
            eprintln!("[kunit] {}: {what} ({secs:.1}s)", self.name);
        }
    }
}

fn fail(code: u8, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(code)
}

/// `maptype kunit`: overlay, build UML, run the suites, report.
pub fn kunit(args: &Options) -> ExitCode {
    let all = Instant::now();

    // 1. The pristine tree and what the machine lacks.
    let step = Step::start("tree");
    if !PROVEN.contains(&args.target) {
        let known: Vec<String> = PROVEN.iter().map(|t| t.to_string()).collect();
        return fail(EXIT_SETUP, format!("--target {}: the kernel run knows {}", args.target, known.join(" and ")));
    }
    let (pristine, source) = locate(args.kernel_src.as_deref(), &args.target);
    let present = pristine.join("Makefile").is_file();
    if !present && source != Source::Cache {
        let how = if source == Source::Flag { "--kernel-src" } else { "MAPTYPE_KERNEL_SRC" };
        return fail(EXIT_SETUP, format!("{how}: {} is not a kernel tree (no Makefile)", pristine.display()));
    }
    let tarball = prereq::tarball(&args.target);
    let need_source = !present && !tarball.is_file();
    step.done(&format!("{}{}", pristine.display(), if present { "" } else { " (to extract)" }));

    let step = Step::start("prerequisites");
    let mut missing = prereq::missing_packages(need_source, &args.target);
    if args.rust {
        missing.extend(rust::missing_packages().into_iter().map(String::from));
    }
    if args.x86 && prereq::which("sparse").is_none() {
        missing.push("sparse".into());
    }
    match prereq::install(&missing) {
        Ok(()) => {}
        Err(prereq::InstallError::NeedRoot(cmd)) => {
            eprintln!("[kunit] missing: {}", missing.join(" "));
            eprintln!("[kunit] run, then retry:\n  {cmd}");
            return ExitCode::from(EXIT_SETUP);
        }
        Err(prereq::InstallError::Failed(e)) => return fail(EXIT_SETUP, e),
    }
    step.done(if missing.is_empty() { "all present" } else { "installed" });

    if !present {
        if need_source {
            let step = Step::start("fetch");
            if let Err(e) = prereq::fetch_backport(&args.target) {
                return fail(EXIT_SETUP, e);
            }
            step.done(&tarball.display().to_string());
        }
        let step = Step::start("extract");
        if let Err(e) = prereq::extract(&tarball, &pristine) {
            return fail(EXIT_SETUP, e);
        }
        step.done(&format!("{} -> {}", tarball.display(), pristine.display()));
    }

    // The Rust run's toolchain: bindgen-cli from crates.io, once.
    let rust_path = if args.rust {
        let step = Step::start("bindgen");
        let bin = match rust::ensure_bindgen() {
            Ok(bin) => bin,
            Err(e) => return fail(EXIT_SETUP, e),
        };
        step.done(&bin.display().to_string());
        let step = Step::start("proc-macros");
        let macros = match rust::ensure_macros() {
            Ok(m) => m,
            Err(e) => return fail(EXIT_SETUP, e),
        };
        step.done(&macros.display().to_string());
        Some((rust::build_env(&bin), rust::make_options(&macros)))
    } else {
        None
    };

    // What is proven must be what the definitions say now.
    if let Err(e) = check_fresh(args) {
        return fail(EXIT_FAILED, e);
    }
    // Private types of their own: generated now, beside a copy of `generated`.
    let staged = match stage_extras(args) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    let generated = staged.as_ref().map_or(args.generated.as_path(), |d| d.path());

    // 2. The work tree (the Rust run has its own).
    let step = Step::start("work tree");
    let work_root = if args.rust { rust::work_dir_for(&pristine) } else { work_dir_for(&pristine) };
    let _lock = match worktree::lock(&work_root) {
        Ok(l) => l,
        Err(e) => return fail(EXIT_FAILED, format!("cannot lock the work tree {}: {e}", work_root.display())),
    };
    let wt = match worktree::WorkTree::open_or_create(&pristine, &work_root) {
        Ok((wt, created)) => {
            step.done(&format!("{} ({})", work_root.display(), if created { "created" } else { "reused" }));
            wt
        }
        Err(e) => return fail(EXIT_FAILED, format!("cannot make the work tree {}: {e}", work_root.display())),
    };

    let default_build = if args.sanitize { ".kunit-sanitize" } else { ".kunit" };
    let build_dir = run::absolute(&args.build_dir.clone().unwrap_or_else(|| wt.root.join(default_build)));
    // The sanitizers' options and what the C run's hook suite needs in this
    // kernel, a second kunitconfig beside the generated one.
    let extra: String =
        [args.sanitize.then_some(run::SANITIZERS), hooks::kunitconfig(&args.target).filter(|_| !args.rust)]
            .into_iter()
            .flatten()
            .collect();
    let extra_kunitconfig = if extra.is_empty() {
        None
    } else {
        let p = build_dir.join("maptype-extra.kunitconfig");
        let written = std::fs::create_dir_all(&build_dir).and_then(|_| std::fs::write(&p, &extra));
        if let Err(e) = written {
            return fail(EXIT_FAILED, format!("cannot write {}: {e}", p.display()));
        }
        Some(p)
    };
    let json = run::absolute(&args.json.clone().unwrap_or_else(|| build_dir.join("maptype-kunit.json")));
    let examples = args.examples.is_dir().then_some(args.examples.as_path());
    let patches_dir = args.patches.clone().unwrap_or_else(|| PathBuf::from(format!("examples/linux-{}", args.target)));
    let patches = patches_dir.is_dir().then_some(patches_dir.as_path());
    let jobs = args.jobs.unwrap_or_else(run::default_jobs);
    let rust_examples = args.rust_examples.is_dir().then_some(args.rust_examples.as_path());
    let rust_ctx = rust_path.map(|(env, make_options)| RustCtx {
        env,
        make_options,
        examples: rust_examples,
        definitions: &args.schemas,
    });
    let ctx = RunCtx {
        pristine: &pristine,
        target: args.target,
        wt: &wt,
        examples,
        patches,
        build_dir: &build_dir,
        json: &json,
        jobs,
        rust: rust_ctx,
        extra_kunitconfig: extra_kunitconfig.as_deref(),
    };
    let base = if args.rust {
        "kunit-rust"
    } else if args.sanitize {
        "kunit-sanitize"
    } else {
        "kunit"
    };
    let label =
        if args.target == maptype::Target::default() { base.to_string() } else { format!("{base}-{}", args.target) };
    let (report, out, overlaid) = match ctx.run(generated, true) {
        Ok(r) => r,
        Err(Failure::Setup(e)) => return fail(EXIT_FAILED, e),
        Err(Failure::Build(log)) => {
            for l in log {
                println!("{l}");
            }
            println!("{label}: 0 passed, 0 failed (build failed)");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    print!("{}", report.table());
    for (name, status) in report.suites.iter().flat_map(|s| &s.failing) {
        let what = if *status == results::Status::Crash { "CRASHED" } else { "FAILED" };
        println!("{what}: {name}");
    }
    if report.suites.iter().any(|s| s.crashed > 0) {
        for l in run::crash_lines(&out.log) {
            println!("kernel: {}", l.trim());
        }
    }
    let mut ok = report.failed() == 0;
    // A report outside a case (or one KUnit did not tie to its case).
    let reports = run::sanitizer_reports(&build_dir.join("test.log"));
    for l in &reports {
        println!("sanitizer: {}", l.trim());
    }
    if args.sanitize && !reports.is_empty() {
        ok = false;
    }
    // Checks that warn in a case go through stubs: no splat in a run.
    let warnings = run::case_warnings(&build_dir.join("test.log"));
    for l in &warnings {
        println!("warning: {l}");
    }
    println!("{label}-warnings: {} splats in the suites", warnings.len());
    if !warnings.is_empty() {
        ok = false;
    }
    // The leak scan proves nothing about the suites that ran after it.
    if args.sanitize {
        let last = report.suites.last().map(|s| s.name.as_str());
        if last != Some(run::KMEMLEAK_SUITE) {
            println!("kmemleak: the suite {} did not run last (last: {})", run::KMEMLEAK_SUITE, last.unwrap_or("none"));
            ok = false;
        }
    }
    if report.cases() == 0 {
        println!("no test case ran");
        ok = false;
    }
    if out.code != Some(0) && ok {
        println!("kunit.py exited with {:?} although no case failed", out.code);
        ok = false;
    }
    eprintln!("[kunit] total: {:.1}s; results in {}", all.elapsed().as_secs_f64(), json.display());
    println!("{}", report.summary_line().replacen("kunit:", &format!("{label}:"), 1));
    if !ok {
        return ExitCode::from(EXIT_FAILED);
    }
    if args.x86 {
        let step = Step::start("x86_64");
        let objects = x86::objects(overlaid.iter());
        let name = format!("x86-build-{}", args.target);
        match x86::build(&wt.root, &wt.root.join(".x86_64"), jobs, &objects) {
            Err(e) => {
                println!("{name}: failed: {e}");
                return ExitCode::from(EXIT_FAILED);
            }
            Ok(r) => {
                step.done(&format!("{} objects", r.objects));
                for p in &r.problems {
                    println!("x86_64: {}", p.trim());
                }
                let checks = match &r.sparse {
                    None => "W=1 and sparse C=2".to_string(),
                    Some(why) => format!("W=1 only: {why}"),
                };
                println!("{name}: {} objects, {} warnings ({checks})", r.objects, r.problems.len());
                // Sparse is part of the proof: without it the run fails too.
                if !r.problems.is_empty() || r.sparse.is_some() {
                    return ExitCode::from(EXIT_FAILED);
                }
            }
        }
    }
    if args.mutants {
        return mutation_proof(&ctx, args, generated);
    }
    ExitCode::SUCCESS
}

/// Why a run produced no results.
enum Failure {
    Setup(String),
    /// The build failed: the compiler's lines.
    Build(Vec<String>),
}

/// Everything one overlay-and-run needs.
struct RunCtx<'a> {
    pristine: &'a Path,
    target: maptype::Target,
    wt: &'a worktree::WorkTree,
    examples: Option<&'a Path>,
    patches: Option<&'a Path>,
    build_dir: &'a Path,
    json: &'a Path,
    jobs: usize,
    /// Set for `--rust`.
    rust: Option<RustCtx<'a>>,
    /// The kunitconfig merged over the generated one: the sanitizers' and the hooks' options.
    extra_kunitconfig: Option<&'a Path>,
}

/// What one overlay-and-run gave: the results, kunit.py's output, and the
/// overlaid paths.
type RunResult = (results::Report, run::Outcome, Vec<String>);

/// What the Rust run adds to a run.
struct RustCtx<'a> {
    /// PATH with the Rust toolchain first, and LIBCLANG_PATH.
    env: Vec<(&'static str, std::ffi::OsString)>,
    /// kunit.py's `--make_options` ([`rust::make_options`]).
    make_options: Vec<String>,
    examples: Option<&'a Path>,
    /// The definitions the Rust examples include.
    definitions: &'a Path,
}

impl RunCtx<'_> {
    /// Overlays `generated` (and the examples), runs kunit.py, reads results.
    fn run(&self, generated: &Path, verbose: bool) -> Result<RunResult, Failure> {
        let step = Step::start("overlay");
        let inputs = overlay::Inputs {
            pristine: self.pristine,
            generated,
            examples: self.examples,
            target: self.target,
            patches: self.patches,
        };
        let ov = match &self.rust {
            Some(r) => rust::plan(&inputs, r.examples, r.definitions),
            None => overlay::plan(&inputs),
        }
        .map_err(Failure::Setup)?;
        if verbose {
            for n in &ov.notes {
                eprintln!("[kunit] note: {n}");
            }
        }
        let rep = self
            .wt
            .apply(&ov)
            .map_err(|e| Failure::Setup(format!("cannot write the overlay into {}: {e}", self.wt.root.display())))?;
        step.done(&format!(
            "{} files: {} written, {} unchanged, {} restored, {} removed",
            ov.files.len(),
            rep.written.len(),
            rep.kept.len(),
            rep.restored.len(),
            rep.removed.len()
        ));
        let watched: Vec<String> = ov.files.keys().cloned().collect();
        let before = worktree::Snapshot::take(self.pristine, &watched);

        let _ = std::fs::remove_file(self.json);
        if let Some(d) = self.json.parent() {
            let _ = std::fs::create_dir_all(d);
        }
        let kunitconfig = self.wt.root.join(&ov.kunitconfig);
        let py = run::KunitPy {
            tree: &self.wt.root,
            build_dir: self.build_dir,
            kunitconfig: &kunitconfig,
            json: self.json,
            jobs: self.jobs,
            env: self.rust.as_ref().map_or(&[][..], |r| r.env.as_slice()),
            make_options: self.rust.as_ref().map_or(&[][..], |r| r.make_options.as_slice()),
            extra_kunitconfig: self.extra_kunitconfig,
        };
        if verbose {
            eprintln!("[kunit] running in {}: {:?}", self.wt.root.display(), py.command());
        }
        let step = Step::start("kunit.py");
        let out = py.run().map_err(|e| Failure::Setup(format!("cannot run kunit.py: {e}")))?;
        match run::elapsed(&out.log) {
            Some((t, c, b, r)) => {
                step.done(&format!("{t:.1}s in kunit.py: {c:.1}s configuring, {b:.1}s building, {r:.1}s running"))
            }
            None => step.done(&format!("exit {}", out.code.map_or("by signal".into(), |c| c.to_string()))),
        }

        // The pristine tree must be exactly as it was.
        let changed = before.changed(&worktree::Snapshot::take(self.pristine, &watched));
        if !changed.is_empty() {
            return Err(Failure::Setup(format!("the pristine tree changed during the run: {}", changed.join(", "))));
        }
        let parsed = std::fs::read_to_string(self.json).map_err(|e| e.to_string()).and_then(|j| results::parse(&j));
        match parsed {
            Ok(r) => Ok((r, out, watched)),
            Err(e) => {
                let mut lines = vec![if run::build_failed(&out.log) {
                    "build failed:".to_string()
                } else {
                    format!("kunit.py gave no results ({e}); its last lines:")
                }];
                lines.extend(run::build_errors(&out.log).into_iter().map(|l| format!("  {l}")));
                Err(Failure::Build(lines))
            }
        }
    }
}

/// Runs the suites generated from the real definitions against the glue of
/// every mutant; each must make at least one case fail. `generated` is what
/// the suites ran from: `--generated`, or its copy with the private types
/// and the scenario suites (`--matrix`) added, which then hunt mutants too.
fn mutation_proof(ctx: &RunCtx, args: &Options, generated: &Path) -> ExitCode {
    let step = Step::start("mutants");
    // The core's definitions, and the private types given beside them.
    let reg = if args.private.is_empty() {
        load_schemas(&args.schemas)
    } else {
        let core = std::slice::from_ref(&args.schemas);
        maptype::select(&args.private, Some(core), maptype::definition_files).map(|s| s.reg).map_err(select_error)
    };
    let reg = match reg {
        Ok(r) => r,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    let mutants = mutants::mutants(&reg, &args.target);
    step.done(&format!("{} mutants of {} definitions", mutants.len(), reg.types.len()));
    let mut caught = 0;
    let mut equivalent = 0;
    let mut survivors = Vec::new();
    for m in &mutants {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => return fail(EXIT_FAILED, format!("cannot make a temporary directory: {e}")),
        };
        if let Err(e) =
            copy_tree(generated, dir.path()).and_then(|_| maptype::output::write(dir.path(), &m.files).map(|_| ()))
        {
            return fail(EXIT_FAILED, format!("cannot stage mutant {}: {e}", m.name));
        }
        match ctx.run(dir.path(), false) {
            Ok((report, _, _)) if report.failed() > 0 => {
                let cases: Vec<String> =
                    report.suites.iter().flat_map(|s| s.failing.iter().map(|(n, _)| n.clone())).collect();
                println!("mutant {}: caught by {}", m.name, cases.join(", "));
                caught += 1;
            }
            Ok(_) => match &m.equivalent {
                Some(why) => {
                    println!("mutant {}: cannot change behaviour: {why}", m.name);
                    equivalent += 1;
                }
                None => {
                    println!("mutant {}: SURVIVED (every case passed)", m.name);
                    survivors.push(m.name.clone());
                }
            },
            Err(Failure::Setup(e)) => return fail(EXIT_FAILED, e),
            Err(Failure::Build(log)) => {
                // A mutant that does not build proves nothing about the tests.
                println!("mutant {}: did not build", m.name);
                for l in log {
                    println!("{l}");
                }
                survivors.push(m.name.clone());
            }
        }
    }
    // Leave the work tree holding the real output again.
    if let Err(Failure::Setup(e)) = ctx.run(generated, false).map(|_| ()) {
        return fail(EXIT_FAILED, e);
    }
    let same = if equivalent > 0 { format!(", {equivalent} cannot change behaviour") } else { String::new() };
    println!("mutants: {caught} of {} caught{same}", mutants.len());
    if survivors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// The definitions in `--schemas`, checked, with their file names as the
/// generator's banners give them.
fn load_schemas(dir: &Path) -> Result<maptype_dsl::ir::Registry, String> {
    let sources = maptype::read_sources(&maptype::definition_files(&[dir.to_path_buf()])?)?;
    maptype_dsl::check(&sources).map_err(|d| sources.render(&d))
}

/// Refuses to prove output that no longer matches the definitions.
/// `generated/` is 6.12's output; for another target the run proves what
/// [`stage_extras`] generates for it from the definitions, fresh.
fn check_fresh(args: &Options) -> Result<(), String> {
    if !args.schemas.is_dir() || args.target != maptype::Target::default() {
        return Ok(());
    }
    let reg = load_schemas(&args.schemas)?;
    let files = maptype::generate(&reg, &maptype::Target::default());
    let drift = maptype::output::check(&args.generated, &files);
    let stale: Vec<&String> = drift.stale.iter().chain(&drift.missing).collect();
    if stale.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} does not match {}: {}; run `cargo run -- generate` first",
        args.generated.display(),
        args.schemas.display(),
        stale.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

/// With `--private` or `--matrix`: a temporary copy of `generated` with the
/// private types' own files added (generated as `generate` writes them,
/// checked against the core in `schemas`, only their own files; with
/// `--rust`, the Rust files of the core and the private types together) and
/// each scenario's KUnit suite. For a target other than 6.12 the copy is
/// the core's output for that target instead. `None` when there is nothing
/// to add to `generated`.
fn stage_extras(args: &Options) -> Result<Option<tempfile::TempDir>, String> {
    let default_target = args.target == maptype::Target::default();
    if args.private.is_empty() && args.matrix.is_empty() && default_target {
        return Ok(None);
    }
    let mut files =
        if default_target { Vec::new() } else { maptype::generate(&load_schemas(&args.schemas)?, &args.target) };
    let reg = if args.private.is_empty() {
        load_schemas(&args.schemas)?
    } else {
        let core = std::slice::from_ref(&args.schemas);
        let sel = maptype::select(&args.private, Some(core), maptype::definition_files).map_err(select_error)?;
        files.extend(maptype::generate_scoped(&sel.reg, &sel.scope, &args.target));
        if args.rust {
            // A type's Rust module needs the registry's Rust files to name it
            // (its borrowed objects, its header for bindgen): the Rust run
            // takes them from the core and the private types as one
            // registry, as `generate` writes them for a core given with them.
            let whole = maptype::generate_scoped(&sel.reg, &maptype::Scope::Whole, &args.target);
            files.retain(|f| !f.path.starts_with("rust/"));
            files.extend(whole.into_iter().filter(|f| f.path.starts_with("rust/")));
        }
        sel.reg
    };
    for m in &args.matrix {
        let (sc, matrix) = maptype::matrix::load(&reg, m, &m.display().to_string()).map_err(|e| e.to_string())?;
        let stem = m.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        files.push(maptype::matrix::c::suite(&reg, &sc, &matrix, &stem));
    }
    for f in &files {
        if f.path.starts_with("drivers/") && !f.path.starts_with("drivers/dma-buf/") {
            eprintln!("[kunit] added: {}", f.path);
        }
    }
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let base = if default_target { copy_tree(&args.generated, dir.path()) } else { Ok(()) };
    base.and_then(|_| maptype::output::write(dir.path(), &files).map(|_| ()))
        .map_err(|e| format!("cannot stage the private types and scenarios: {e}"))?;
    Ok(Some(dir))
}

/// Why the private types given could not be checked beside the core.
fn select_error(e: maptype::select::SelectError) -> String {
    match e {
        maptype::select::SelectError::Io(e) | maptype::select::SelectError::Scope(e) => e,
        maptype::select::SelectError::Diagnostics(sources, d) => sources.render(&d),
    }
}

/// Copies every file under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            copy_tree(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}
