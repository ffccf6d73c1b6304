//! Running the kernel's own `tools/testing/kunit/kunit.py` on the work tree.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// One kunit.py run's settings.
pub struct KunitPy<'a> {
    pub tree: &'a Path,
    pub build_dir: &'a Path,
    pub kunitconfig: &'a Path,
    pub json: &'a Path,
    pub jobs: usize,
    /// PATH for the build (the Rust run puts its toolchain first).
    pub path: Option<std::ffi::OsString>,
    /// `--make_options` for kunit.py, each `VAR=value`.
    pub make_options: &'a [String],
}

/// What came back.
pub struct Outcome {
    pub code: Option<i32>,
    /// Everything kunit.py printed (stdout and stderr, in arrival order).
    pub log: Vec<String>,
}

impl KunitPy<'_> {
    pub fn command(&self) -> Command {
        let mut c = Command::new("python3");
        c.arg("tools/testing/kunit/kunit.py")
            .arg("run")
            .arg("--arch=um")
            .arg(format!("--jobs={}", self.jobs))
            .arg(format!("--build_dir={}", self.build_dir.display()))
            .arg(format!("--kunitconfig={}", self.kunitconfig.display()))
            .arg(format!("--json={}", self.json.display()))
            .current_dir(self.tree);
        for m in self.make_options {
            c.arg(format!("--make_options={m}"));
        }
        if let Some(p) = &self.path {
            c.env("PATH", p);
        }
        c
    }

    /// Runs kunit.py, copying its output to stderr line by line as it comes
    /// and keeping it for the caller.
    pub fn run(&self) -> std::io::Result<Outcome> {
        let mut child = self.command().stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let pump = |r: Box<dyn Read + Send>, log: Arc<Mutex<Vec<String>>>| {
            std::thread::spawn(move || {
                for line in BufReader::new(r).split(b'\n').map_while(Result::ok) {
                    let line = String::from_utf8_lossy(&line).into_owned();
                    eprintln!("{line}");
                    log.lock().unwrap().push(line);
                }
            })
        };
        let a = pump(Box::new(child.stdout.take().expect("piped")), log.clone());
        let b = pump(Box::new(child.stderr.take().expect("piped")), log.clone());
        let status = child.wait()?;
        let _ = a.join();
        let _ = b.join();
        let log = std::mem::take(&mut *log.lock().unwrap());
        Ok(Outcome { code: status.code(), log })
    }
}

/// kunit.py's closing timing line: (total, configuring, building, running) seconds.
pub fn elapsed(log: &[String]) -> Option<(f64, f64, f64, f64)> {
    // "[08:40:00] Elapsed time: 13.237s total, 0.001s configuring, ..."
    let line = log.iter().rev().find_map(|l| l.split_once("Elapsed time:").map(|(_, rest)| rest))?;
    let nums: Vec<f64> = line.split(',').filter_map(|part| part.trim().split('s').next()?.parse().ok()).collect();
    match nums[..] {
        [t, c, b, r, ..] => Some((t, c, b, r)),
        _ => None,
    }
}

/// The lines of a failed build worth showing: compiler and linker errors and
/// make's own, or kunit.py's last lines when none match.
pub fn build_errors(log: &[String]) -> Vec<String> {
    let hits: Vec<String> = log
        .iter()
        .filter(|l| {
            l.contains("error:")
                || l.contains("Error ")
                || l.contains("undefined reference")
                || l.contains("*** ")
                || l.starts_with("ERROR:")
        })
        .take(60)
        .cloned()
        .collect();
    if hits.is_empty() {
        log.iter().rev().take(30).rev().cloned().collect()
    } else {
        hits
    }
}

/// Whether kunit.py stopped before running tests (configuration or build).
pub fn build_failed(log: &[String]) -> bool {
    !log.iter().any(|l| l.contains("Starting KUnit Kernel"))
}

/// Default parallelism: every CPU.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Absolute form of `p` (relative to the current directory).
pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

/// What the kernel said when it crashed: panic and faulting-location lines.
pub fn crash_lines(log: &[String]) -> Vec<String> {
    log.iter()
        .filter(|l| l.contains("Kernel panic") || l.contains("RIP:") || l.contains("BUG:") || l.contains("Oops"))
        .take(10)
        .cloned()
        .collect()
}
