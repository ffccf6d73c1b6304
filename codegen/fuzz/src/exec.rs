//! One execution: parse and check the sources, render the diagnostics,
//! and generate when check accepts, each under `catch_unwind`. A finding is
//! a panic anywhere, or a diagnostic whose span is not inside its file.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use maptype_dsl::{check, ir::Registry, Diagnostic, Sources, Span};

use crate::corpus::Input;

thread_local! {
    /// The last panic's message and place, kept by the quiet hook.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Replaces the panic hook with one that only remembers what it was told,
/// so a million caught panics do not flood the terminal.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "(non-string panic payload)".to_string()
        };
        let at = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        // A backend's message may carry a whole generated file: its first line is enough.
        let mut msg = msg.lines().next().unwrap_or("").to_string();
        if msg.len() > 400 {
            let cut = (0..=400).rev().find(|&i| msg.is_char_boundary(i)).unwrap_or(0);
            msg.truncate(cut);
            msg.push_str("...");
        }
        LAST_PANIC.with(|p| *p.borrow_mut() = format!("{msg} (at {at})"));
    }));
}

fn last_panic() -> String {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// Where the time goes, summed over executions.
#[derive(Default, Clone, Copy)]
pub struct Times {
    /// Checking inputs that are rejected, and accepted.
    pub check: Duration,
    pub check_ok: Duration,
    pub render: Duration,
    pub generate: Duration,
    /// How many IRs were generated.
    pub generated: u64,
}

/// What one execution came to.
pub enum Outcome {
    /// Rejected with well-placed diagnostics.
    Rejected,
    /// Accepted; the hash of its IR.
    Accepted { ir: u64 },
    /// Something is wrong; the words say what.
    Finding(String),
}

pub fn sources_of(inputs: &[Input]) -> Sources {
    let mut s = Sources::new();
    for i in inputs {
        s.add(i.name.clone(), i.text.clone());
    }
    s
}

/// The IR's hash, to generate each distinct IR once and to count them.
pub fn ir_hash(reg: &Registry) -> u64 {
    let mut h = DefaultHasher::new();
    serde_json::to_string(reg).expect("the IR serialises").hash(&mut h);
    h.finish()
}

fn span_ok(sources: &Sources, s: Span) -> bool {
    if s.file >= sources.len() {
        return false;
    }
    let text = sources.text(s.file);
    s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
}

fn bad_span(sources: &Sources, diags: &[Diagnostic]) -> Option<String> {
    for d in diags {
        let spans = std::iter::once(d.span).chain(d.related.as_ref().map(|r| r.0));
        for s in spans {
            if !span_ok(sources, s) {
                return Some(format!("diagnostic `{}` has span {s:?} outside its file", d.message));
            }
        }
    }
    None
}

/// Runs `inputs`; `generated` holds the IRs already generated (a backend is
/// a function of the IR, so each distinct IR is generated once).
pub fn run(inputs: &[Input], generated: &mut std::collections::HashSet<u64>, time: &mut Times) -> Outcome {
    let sources = sources_of(inputs);
    let t0 = Instant::now();
    let checked = catch_unwind(AssertUnwindSafe(|| check(&sources)));
    if checked.as_ref().is_ok_and(|r| r.is_ok()) {
        time.check_ok += t0.elapsed();
    } else {
        time.check += t0.elapsed();
    }
    let checked = match checked {
        Ok(r) => r,
        Err(_) => return Outcome::Finding(format!("check panicked: {}", last_panic())),
    };
    let reg = match checked {
        Err(diags) => {
            if diags.is_empty() {
                return Outcome::Finding("check rejected the input without a diagnostic".into());
            }
            if let Some(f) = bad_span(&sources, &diags) {
                return Outcome::Finding(f);
            }
            let t0 = Instant::now();
            let rendered = catch_unwind(AssertUnwindSafe(|| sources.render(&diags)));
            time.render += t0.elapsed();
            if rendered.is_err() {
                return Outcome::Finding(format!("rendering the diagnostics panicked: {}", last_panic()));
            }
            return Outcome::Rejected;
        }
        Ok(reg) => reg,
    };
    let ir = ir_hash(&reg);
    if generated.insert(ir) {
        let t0 = Instant::now();
        let gen = catch_unwind(AssertUnwindSafe(|| maptype::generate(&reg, &maptype::Target::default())));
        time.generate += t0.elapsed();
        time.generated += 1;
        match gen {
            Err(_) => return Outcome::Finding(format!("lint accepts, generate panicked: {}", last_panic())),
            Ok(files) if files.is_empty() => {
                return Outcome::Finding("lint accepts, generate wrote no files".into());
            }
            Ok(_) => {}
        }
    }
    Outcome::Accepted { ir }
}
