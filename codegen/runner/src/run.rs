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
    /// Environment of the build (the Rust run's PATH and LIBCLANG_PATH).
    pub env: &'a [(&'static str, std::ffi::OsString)],
    /// `--make_options` for kunit.py, each `VAR=value`.
    pub make_options: &'a [String],
    /// A second `--kunitconfig` (the sanitizers'), merged over the first.
    pub extra_kunitconfig: Option<&'a Path>,
}

/// The sanitizers of `kunit --sanitize`. KASAN and UBSAN fail the KUnit case
/// they fire in; [`sanitizer_reports`] catches the rest. UBSAN's alignment
/// check stays off: on UML it fires in core kernel code (task_struct).
/// kmemleak has no scan of its own here (the first would come a minute after
/// boot, and the kernel halts sooner): the suite [`KMEMLEAK_SUITE`] scans.
pub const SANITIZERS: &str = "\
# written by `maptype kunit --sanitize`
CONFIG_DEBUG_KERNEL=y
CONFIG_DEBUG_FS=y
CONFIG_DEBUG_KMEMLEAK=y
# CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF is not set
# CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN is not set
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_KASAN_VMALLOC=y
CONFIG_UBSAN=y
CONFIG_UBSAN_BOUNDS=y
CONFIG_UBSAN_SHIFT=y
CONFIG_UBSAN_BOOL=y
CONFIG_UBSAN_ENUM=y
# CONFIG_UBSAN_ALIGNMENT is not set
";

/// The suite that runs kmemleak's scan (`codegen/runner/kernel/`), which must
/// run after every other suite of a sanitizer run.
pub const KMEMLEAK_SUITE: &str = "dma-buf-mapping-kmemleak";

/// The sanitizer reports in a kernel log (kunit.py's raw `test.log`):
/// KASAN's and UBSAN's report headers, and each leak [`KMEMLEAK_SUITE`]
/// found (not kmemleak's own "suspected memory leaks" line: it counts the
/// leak that suite plants too). Empty when the log is missing.
pub fn sanitizer_reports(log: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(log) else { return Vec::new() };
    text.lines()
        .filter(|l| l.contains("BUG: KASAN:") || l.contains("UBSAN:") || l.contains("kmemleak report: unreferenced"))
        .take(20)
        .map(String::from)
        .collect()
}

/// The WARNING splats of a kernel log printed once the suites started (the
/// first `KTAP version` line): a check that warns in a case must go through
/// a stub the case controls, so a passing run prints none. Boot's own
/// warnings (UML's virtual PCI, say) come before and are not counted.
pub fn case_warnings(log: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(log) else { return Vec::new() };
    text.lines()
        .skip_while(|l| !l.contains("KTAP version"))
        .filter(|l| l.contains("WARNING: CPU:") || l.contains("WARNING: at "))
        .map(|l| l.trim().to_string())
        .collect()
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
        if let Some(k) = self.extra_kunitconfig {
            c.arg(format!("--kunitconfig={}", k.display()));
        }
        for m in self.make_options {
            c.arg(format!("--make_options={m}"));
        }
        for (k, v) in self.env {
            c.env(k, v);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizer_reports_are_the_report_headers() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("test.log");
        std::fs::write(
            &log,
            "[  1.0] ok 1 dma-buf-mapping-core\n\
             [  1.1] ==================================================================\n\
             [  1.1] BUG: KASAN: slab-out-of-bounds in dma_buf_pal_map_phys+0x42/0x90\n\
             [  1.1]  [<602dd480>] ? __kasan_check_read+0x0/0x20\n\
             [  1.2] UBSAN: shift-out-of-bounds in drivers/dma-buf/dma-buf-mapping-sgt.c:40:9\n\
             [  7.0] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n\
             [  7.1] kmemleak report: unreferenced object 0x6a8e2c40 (size 64):\n\
             [  7.1] kmemleak report:   comm \"kunit_try_catch\", pid 40, jiffies 4294937602\n",
        )
        .unwrap();
        let found = sanitizer_reports(&log);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("BUG: KASAN: slab-out-of-bounds"));
        assert!(found[1].contains("UBSAN: shift-out-of-bounds"));
        // One line per leak the scan found; kmemleak's count is not one.
        assert!(found[2].contains("unreferenced object 0x6a8e2c40"));
        // A backtrace through KASAN's own checks is not a report.
        std::fs::write(&log, " [<602dd480>] ? __kasan_check_read+0x0/0x20\n").unwrap();
        assert!(sanitizer_reports(&log).is_empty());
        assert!(sanitizer_reports(&dir.path().join("missing.log")).is_empty());
    }

    #[test]
    fn case_warnings_are_the_splats_after_the_suites_start() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("test.log");
        std::fs::write(
            &log,
            "[  0.5] WARNING: CPU: 0 PID: 1 at arch/um/drivers/virt-pci.c:1005 um_pci_init+0xc7/0xd4\n\
             [  1.0] KTAP version 1\n\
             [  1.1] WARNING: CPU: 0 PID: 40 at drivers/dma-buf/dma-buf-mapping.c:29 dma_buf_match_mapping+0xe5/0x130\n\
             [  1.2]     ok 1 core_unset_candidate_is_rejected\n",
        )
        .unwrap();
        let found = case_warnings(&log);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("dma-buf-mapping.c:29"));
        assert!(case_warnings(&dir.path().join("missing.log")).is_empty());
    }
}
