//! Counting, the status line, and writing a finding's input to disk.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::corpus::Input;
use crate::exec::Times;
use crate::mutate::NAMES;

#[derive(Default)]
pub struct Stats {
    pub execs: u64,
    pub accepted: u64,
    /// The distinct IRs among the accepted inputs.
    pub irs: HashSet<u64>,
    /// How often each mutation was applied.
    pub mutations: [u64; NAMES.len()],
    pub time: Times,
}

impl Stats {
    pub fn line(&self, elapsed: Duration, findings: usize) -> String {
        let secs = elapsed.as_secs_f64();
        format!(
            "executions: {}, {:.1}s, {:.0} execs/s, accepted: {}, distinct accepted IRs: {}, findings: {findings}",
            self.execs,
            secs,
            self.execs as f64 / secs.max(1e-9),
            self.accepted,
            self.irs.len()
        )
    }

    pub fn time_line(&self) -> String {
        let t = &self.time;
        format!(
            "time: check {:.1}s rejecting, {:.1}s accepting, render {:.1}s, generate {:.1}s \
             ({} IRs generated, {:.1} ms each)",
            t.check.as_secs_f64(),
            t.check_ok.as_secs_f64(),
            t.render.as_secs_f64(),
            t.generate.as_secs_f64(),
            t.generated,
            t.generate.as_secs_f64() * 1000.0 / (t.generated.max(1) as f64)
        )
    }

    pub fn mutation_line(&self) -> String {
        let parts: Vec<String> = NAMES.iter().zip(self.mutations).map(|(n, c)| format!("{n} {c}")).collect();
        format!("mutations: {}", parts.join(", "))
    }
}

/// Writes `inputs` under `dir`: one file as `<hash>.maptype`, several as a
/// directory `<hash>/` of them (as the regressions are laid out), with the
/// finding's words in `<hash>.txt`. Returns the input's path.
pub fn write_finding(dir: &Path, inputs: &[Input], what: &str) -> PathBuf {
    let mut h = DefaultHasher::new();
    for i in inputs {
        i.text.hash(&mut h);
    }
    let id = format!("{:016x}", h.finish());
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(dir.join(format!("{id}.txt")), format!("{what}\n"));
    if let [one] = inputs {
        let p = dir.join(format!("{id}.maptype"));
        let _ = std::fs::write(&p, &one.text);
        return p;
    }
    let d = dir.join(&id);
    let _ = std::fs::create_dir_all(&d);
    for (n, i) in inputs.iter().enumerate() {
        let base = Path::new(&i.name).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = std::fs::write(d.join(format!("{n:02}-{base}")), &i.text);
    }
    d
}
