//! Reading kunit.py's `--json` output (KernelCI layout: nested groups with
//! `name`, `sub_groups` and `test_cases` of `{name, status}`, status one of
//! PASS, FAIL, SKIP, ERROR) into a per-suite summary.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
    /// The kernel or the case crashed (kunit.py reports ERROR).
    Crash,
}

impl Status {
    fn parse(s: &str) -> Status {
        match s {
            "PASS" => Status::Pass,
            "SKIP" => Status::Skip,
            "ERROR" => Status::Crash,
            _ => Status::Fail,
        }
    }
}

/// One top-level suite and the outcome of each of its (leaf) cases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suite {
    pub name: String,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub crashed: usize,
    /// `suite.case` (or `suite.case.param`) of every failed or crashed case.
    pub failing: Vec<(String, Status)>,
}

/// The whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub suites: Vec<Suite>,
}

impl Report {
    fn total(&self, f: impl Fn(&Suite) -> usize) -> usize {
        self.suites.iter().map(f).sum()
    }
    pub fn passed(&self) -> usize {
        self.total(|s| s.passed)
    }
    /// Failed and crashed cases together.
    pub fn failed(&self) -> usize {
        self.total(|s| s.failed + s.crashed)
    }
    pub fn skipped(&self) -> usize {
        self.total(|s| s.skipped)
    }
    pub fn cases(&self) -> usize {
        self.total(|s| s.passed + s.failed + s.skipped + s.crashed)
    }

    /// `kunit: N passed, M failed` (and `, K skipped` when there are any).
    pub fn summary_line(&self) -> String {
        let mut s = format!("kunit: {} passed, {} failed", self.passed(), self.failed());
        if self.skipped() > 0 {
            s.push_str(&format!(", {} skipped", self.skipped()));
        }
        s
    }

    /// The per-suite table.
    pub fn table(&self) -> String {
        let w = self.suites.iter().map(|s| s.name.len()).max().unwrap_or(0).max("suite".len());
        let mut out =
            format!("{:<w$}  {:>6}  {:>6}  {:>7}  {:>7}\n", "suite", "passed", "failed", "skipped", "crashed");
        for s in &self.suites {
            out.push_str(&format!(
                "{:<w$}  {:>6}  {:>6}  {:>7}  {:>7}\n",
                s.name, s.passed, s.failed, s.skipped, s.crashed
            ));
        }
        out
    }
}

fn name_of(v: &Value) -> String {
    v.get("name").and_then(Value::as_str).unwrap_or("?").to_string()
}

/// Adds every leaf case under `group` to `suite`, named `prefix.case`.
/// Cases lost to a kernel crash have no name in kunit.py's output; they are
/// named by position, `prefix.#N` (1-based).
fn collect(group: &Value, prefix: &str, suite: &mut Suite) {
    for (i, case) in group.get("test_cases").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let case_name = name_of(case);
        let name = if case_name.is_empty() { format!("{prefix}.#{}", i + 1) } else { format!("{prefix}.{case_name}") };
        let status = Status::parse(case.get("status").and_then(Value::as_str).unwrap_or("FAIL"));
        match status {
            Status::Pass => suite.passed += 1,
            Status::Skip => suite.skipped += 1,
            Status::Fail => suite.failed += 1,
            Status::Crash => suite.crashed += 1,
        }
        if matches!(status, Status::Fail | Status::Crash) {
            suite.failing.push((name, status));
        }
    }
    for sub in group.get("sub_groups").and_then(Value::as_array).into_iter().flatten() {
        collect(sub, &format!("{prefix}.{}", name_of(sub)), suite);
    }
}

/// Parses kunit.py's JSON. Each sub-group of the top group is a suite; a
/// top-level case without sub-cases (a suite that crashed before running
/// any) becomes a suite of its own with that one case.
pub fn parse(json: &str) -> Result<Report, String> {
    let top: Value = serde_json::from_str(json).map_err(|e| format!("kunit.py's JSON does not parse: {e}"))?;
    let mut report = Report::default();
    for g in top.get("sub_groups").and_then(Value::as_array).into_iter().flatten() {
        let name = name_of(g);
        let mut suite = Suite { name: name.clone(), ..Default::default() };
        collect(g, &name, &mut suite);
        report.suites.push(suite);
    }
    let first_loose = report.suites.len();
    for (i, c) in top.get("test_cases").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let mut name = name_of(c);
        if name.is_empty() {
            // A suite that never reported, after a crash.
            name = format!("(suite #{})", first_loose + i + 1);
        }
        let mut suite = Suite { name: name.clone(), ..Default::default() };
        let mut case = c.clone();
        case["name"] = Value::String(name.clone());
        let wrapper = serde_json::json!({ "test_cases": [case] });
        collect(&wrapper, "", &mut suite);
        for f in &mut suite.failing {
            f.0 = name.clone();
        }
        report.suites.push(suite);
    }
    Ok(report)
}
