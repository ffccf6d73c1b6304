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
        let lint = measure(args.runs, || {}, || child(&exe, &[OsStr::new("lint"), defs.as_os_str()]))?;
        let gen = |extra: &[&str]| {
            let mut a = vec![OsStr::new("generate")];
            a.extend(extra.iter().map(OsStr::new));
            a.extend([OsStr::new("--out"), out.as_os_str(), defs.as_os_str()]);
            child(&exe, &a)
        };
        let cold = measure(args.runs, || drop(fs::remove_dir_all(&out)), || gen(&[]))?;
        let (bytes, files) = tree_size(&out);
        let noop = measure(args.runs, || {}, || gen(&[]))?;
        let check = measure(args.runs, || {}, || gen(&["--check"]))?;
        for (what, f) in
            [("lint", &lint), ("generate (cold)", &cold), ("generate (no-op)", &noop), ("generate --check", &check)]
        {
            let out = if what == "lint" { "-".to_string() } else { mib(bytes) };
            let nfiles = if what == "lint" { "-".to_string() } else { files.to_string() };
            println!(
                "{n:>6}  {what:<16} {:>9} {:>10} {out:>10} {:>9} {nfiles:>7}",
                secs(f.wall),
                per(f.wall, n),
                mib(f.rss)
            );
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

/// Spawns `cmd` (output discarded) and reaps it with `wait4`, for its peak RSS.
fn timed(mut cmd: Command) -> Result<Sample, String> {
    let shown = format!("{cmd:?}");
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped (std never waits on its own);
    // both pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("waiting for {shown}: {}", std::io::Error::last_os_error()));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("{shown} failed (wait status {status:#x})"));
    }
    Ok(Sample { wall, rss: usage.ru_maxrss as u64 * 1024 })
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
        "{:>6}  {:<16} {:>9} {:>10} {:>10} {:>9} {:>7}",
        "ynl",
        "netdev.yaml -> .c",
        secs(f.wall),
        "-",
        mib(bytes),
        mib(f.rss),
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

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
}
