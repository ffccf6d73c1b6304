//! `maptype bench`: how `lint` and `generate` scale with the number of types.
//!
//! For each size N it synthesises N distinct valid definitions from the
//! seeds (`maptype::synth`: core and driver-private types, every construct
//! the seeds use), then runs this same binary as a child process, the way a
//! kernel build would, and measures each whole process: wall time (median
//! of `--runs`), time per type, output bytes and peak resident memory (the
//! child's `ru_maxrss`, from `wait4`). When a kernel tree is at hand it also
//! runs the kernel's own YNL generator on `netdev.yaml` in the same run, so
//! the two are compared under the same load. It prints figures; it asserts
//! nothing about them.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// `maptype bench`'s flags.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Numbers of types to measure, comma separated
    #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
    sizes: Vec<usize>,
    /// Runs of each measurement; the median is shown
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// The seed definitions the synthetic types are cloned from
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    schemas: PathBuf,
    /// Kernel tree whose YNL generator runs beside (default: $MAPTYPE_KERNEL_SRC,
    /// else the tree `maptype kunit` extracted, when present)
    #[arg(long, value_name = "DIR")]
    kernel_src: Option<PathBuf>,
    /// Keep the synthetic definitions and outputs here instead of a temporary directory
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// Another maptype binary (an older build, say) to time on the same
    /// inputs, each of its runs beside this one's
    #[arg(long, value_name = "EXE")]
    against: Option<PathBuf>,
}

/// One finished child process.
struct Sample {
    wall: Duration,
    /// Peak resident set, bytes.
    rss: u64,
}

/// The medians of several runs of one command.
struct Figure {
    wall: Duration,
    rss: u64,
}

pub fn bench(args: &BenchArgs) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: bench: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &BenchArgs) -> Result<(), String> {
    if args.runs == 0 || args.sizes.contains(&0) {
        return Err("--runs and every size must be at least 1".into());
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let seeds = read_seeds(&args.schemas)?;
    let tmp;
    let root = match &args.keep {
        Some(k) => {
            fs::create_dir_all(k).map_err(|e| format!("cannot create {}: {e}", k.display()))?;
            k.clone()
        }
        None => {
            tmp = tempfile::Builder::new().prefix("maptype-bench-").tempdir().map_err(|e| e.to_string())?;
            tmp.path().to_path_buf()
        }
    };
    println!(
        "maptype bench: {} seed types from {}, {} run{} each (median), {} CPUs",
        seeds.len(),
        args.schemas.display(),
        args.runs,
        if args.runs == 1 { "" } else { "s" },
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>6}  {:<16} {:>9} {:>10} {:>10} {:>9} {:>7}",
        "types", "command", "wall", "per type", "output", "peak RSS", "files"
    );
    for &n in &args.sizes {
        let dir = root.join(format!("n{n}"));
        let defs = dir.join("schemas");
        let out = dir.join("generated");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&defs).map_err(|e| format!("cannot create {}: {e}", defs.display()))?;
        for f in maptype::synth::synthesize(&seeds, n)? {
            fs::write(defs.join(&f.name), f.text).map_err(|e| format!("cannot write {}: {e}", f.name))?;
        }
        // Files, not the directory, so that builds whose `lint` took only
        // files can be compared.
        let mut def_files: Vec<PathBuf> =
            fs::read_dir(&defs).map_err(|e| e.to_string())?.flatten().map(|e| e.path()).collect();
        def_files.sort();
        let mut exes = vec![("", exe.clone())];
        if let Some(a) = &args.against {
            exes.push((" [against]", a.clone()));
        }
        for (label, exe) in &exes {
            let lint_args: Vec<&OsStr> =
                std::iter::once(OsStr::new("lint")).chain(def_files.iter().map(|p| p.as_os_str())).collect();
            let lint = measure(args.runs, || {}, || child(exe, &lint_args))?;
            let gen = |out: &Path, extra: &[&str]| {
                let mut a = vec![OsStr::new("generate")];
                a.extend(extra.iter().map(OsStr::new));
                a.extend([OsStr::new("--out"), out.as_os_str(), defs.as_os_str()]);
                child(exe, &a)
            };
            // Each cold run writes a directory of its own, and none is removed
            // until the end: ext4 makes file creation slow for a while after
            // thousands of deletions nearby (its inode allocator skips
            // recently deleted inodes one by one), which would bill the
            // previous run's `rm -rf` to this one.
            let run = std::cell::Cell::new(0);
            let cold_dir = |k: usize| {
                out.join(format!("{label_dir}{k}", label_dir = if label.is_empty() { "cold" } else { "against" }))
            };
            let cold = measure(args.runs, || run.set(run.get() + 1), || gen(&cold_dir(run.get()), &[]))?;
            let last = cold_dir(run.get());
            let (bytes, files) = tree_size(&last);
            let noop = measure(args.runs, || {}, || gen(&last, &[]))?;
            let check = measure(args.runs, || {}, || gen(&last, &["--check"]))?;
            let rows = [
                ("lint", &lint),
                ("generate (cold)", &cold),
                ("generate (no-op)", &noop),
                ("generate --check", &check),
            ];
            for (what, f) in rows {
                let (out, nfiles) =
                    if what == "lint" { ("-".to_string(), "-".to_string()) } else { (size(bytes), files.to_string()) };
                println!(
                    "{n:>6}  {:<26} {:>9} {:>10} {out:>10} {:>9} {nfiles:>7}",
                    format!("{what}{label}"),
                    secs(f.wall),
                    per(f.wall, n),
                    size(f.rss)
                );
            }
        }
    }
    ynl(args)?;
    Ok(())
}

/// The seeds as (banner name, text), sorted by name.
fn read_seeds(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let files = maptype::definition_files(&[dir.to_path_buf()])?;
    let mut seeds = Vec::new();
    for d in files {
        let text = fs::read_to_string(&d.path).map_err(|e| format!("cannot read {}: {e}", d.path.display()))?;
        seeds.push((d.name, text));
    }
    Ok(seeds)
}

/// Runs `setup` (not timed) then `cmd`, `runs` times; the medians.
fn measure(
    runs: usize,
    mut setup: impl FnMut(),
    mut cmd: impl FnMut() -> Result<Sample, String>,
) -> Result<Figure, String> {
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..runs {
        setup();
        let s = cmd()?;
        walls.push(s.wall);
        rss.push(s.rss);
    }
    walls.sort();
    rss.sort();
    Ok(Figure { wall: walls[runs / 2], rss: rss[runs / 2] })
}

/// Runs `exe args` with its output discarded; fails unless it exits 0.
fn child(exe: &Path, args: &[&OsStr]) -> Result<Sample, String> {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    timed(cmd)
}

/// Runs `cmd` through [`measure_child`] in a fresh process and reads back
/// what it measured.
///
/// A child's `ru_maxrss` starts at the peak of the memory it was started
/// from: Linux carries the old image's high-water mark over `exec`, and
/// `Command` spawns by `vfork`, sharing this process's memory, which holds
/// every synthetic definition. So the command is started by a new process of
/// this program that has allocated nearly nothing, and the floor is that
/// process's size (about 2 MiB), not this one's.
fn timed(cmd: Command) -> Result<Sample, String> {
    let shown = format!("{cmd:?}");
    let me = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let out = Command::new(me)
        .arg("bench-child")
        .arg("--")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .current_dir(cmd.get_current_dir().unwrap_or(Path::new(".")))
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut nums = text.split_whitespace().map(|w| w.parse::<u64>());
    match (out.status.success(), nums.next(), nums.next()) {
        (true, Some(Ok(ns)), Some(Ok(rss))) => Ok(Sample { wall: Duration::from_nanos(ns), rss }),
        _ => Err(format!("{shown} failed")),
    }
}

/// `maptype bench-child -- CMD...`: runs CMD with its output discarded and
/// prints its wall time in nanoseconds and its peak resident set in bytes
/// (its `ru_maxrss`, from `wait4`). Exits 1 if CMD cannot run or fails.
pub fn measure_child(cmd: &[std::ffi::OsString]) -> ExitCode {
    let Some((prog, args)) = cmd.split_first() else { return ExitCode::from(2) };
    let start = Instant::now();
    let spawned =
        Command::new(prog).args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    let child = match spawned {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: bench: cannot run {}: {e}", prog.to_string_lossy());
            return ExitCode::from(1);
        }
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped (std never waits on its own);
    // both pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        eprintln!("error: bench: {} {:?} failed (wait status {status:#x})", prog.to_string_lossy(), args);
        return ExitCode::from(1);
    }
    println!("{} {}", wall.as_nanos(), usage.ru_maxrss as u64 * 1024);
    ExitCode::SUCCESS
}

/// Bytes and files under `root`.
fn tree_size(root: &Path) -> (u64, usize) {
    let (mut bytes, mut files) = (0, 0);
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => {
                    bytes += m.len();
                    files += 1;
                }
                Err(_) => {}
            }
        }
    }
    (bytes, files)
}

/// The kernel's YNL C generator on netdev.yaml, timed like the rest.
fn ynl(args: &BenchArgs) -> Result<(), String> {
    let tree = args.kernel_src.clone().or_else(maptype_runner::find_tree);
    let Some(tree) = tree else {
        println!("ynl: skipped: no kernel tree (give --kernel-src DIR, or run `maptype kunit` once)");
        return Ok(());
    };
    // The script moved into pyynl/ in Linux 6.14.
    let script = ["tools/net/ynl/pyynl/ynl_gen_c.py", "tools/net/ynl/ynl-gen-c.py"]
        .iter()
        .map(|s| tree.join(s))
        .find(|p| p.is_file());
    let spec = tree.join("Documentation/netlink/specs/netdev.yaml");
    let (Some(script), true) = (script, spec.is_file()) else {
        println!("ynl: skipped: {} has no YNL generator or netdev.yaml", tree.display());
        return Ok(());
    };
    let yaml = Command::new("python3").args(["-c", "import yaml"]).stderr(Stdio::null()).status();
    if !yaml.is_ok_and(|s| s.success()) {
        println!("ynl: skipped: python3 cannot import yaml (apt-get install python3-yaml, or pip install pyyaml)");
        return Ok(());
    }
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let target = out.path().join("netdev-gen.c");
    let f = measure(
        args.runs,
        || {},
        || {
            let mut c = Command::new("python3");
            c.arg(&script).args(["--mode", "kernel", "--source", "--spec"]).arg(&spec).arg("-o").arg(&target);
            c.current_dir(&tree);
            timed(c)
        },
    )?;
    let bytes = fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    println!(
        "{:>6}  {:<26} {:>9} {:>10} {:>10} {:>9} {:>7}",
        "ynl",
        "netdev.yaml -> .c",
        secs(f.wall),
        "-",
        size(bytes),
        size(f.rss),
        1
    );
    Ok(())
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn per(d: Duration, n: usize) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0 / n as f64)
}

/// Bytes in KiB below a MiB, else in MiB.
fn size(b: u64) -> String {
    if b < 1 << 20 {
        format!("{:.1} KiB", b as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
    }
}
