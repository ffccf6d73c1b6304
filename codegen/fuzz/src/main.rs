//! maptype-fuzz: a coverage-less mutation fuzzer over the project's
//! definitions (schemas, examples, the checker's fixtures). Each execution
//! mutates one corpus file (sometimes alongside other files), then parses,
//! checks and, when check accepts, generates it. The property: nothing
//! panics, every diagnostic's span lies within its file, and whatever `lint`
//! accepts `generate` writes. Accepted inputs with an IR not seen before join
//! the pool of inputs to mutate further. A run is deterministic for its seed.
//!
//! It first replays `codegen/fuzz/regressions/` (each `.maptype` file one
//! case, each directory one case of all its files). On a finding it writes
//! the input, shrunk, to `codegen/fuzz/crashes/` and exits 1 naming it.
//! Findings listed in `known.txt` (reported, not yet fixed) are written and
//! counted once but fail nothing.

mod corpus;
mod exec;
mod lex;
mod mutate;
mod report;
mod rng;
mod shrink;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use corpus::{Dictionary, Input};
use exec::Outcome;
use mutate::Mutator;
use rng::Rng;

const USAGE: &str = "usage: maptype-fuzz [--seconds N] [--execs N] [--seed S] [--corpus DIR]... [--keep-going]
  --seconds N   stop after N seconds (default: 60 unless --execs is given)
  --execs N     stop after N executions
  --seed S      the run's seed (default 1); the same seed makes the same inputs
  --corpus DIR  read seed definitions from DIR (repeatable; default: schemas/,
                examples/, dsl/tests/fixtures/)
  --keep-going  record every distinct finding and go on; exit 1 at the end
  --replay PATH run only PATH (a .maptype file, or a directory laid out like
                regressions/; repeatable), say what each case gives, exit 1
                on a finding";

/// An execution that takes this long is reported as a hang.
const HANG: Duration = Duration::from_secs(20);
/// Inputs the pool may grow to (new accepted IRs beyond the seeds).
const POOL_MAX: usize = 4000;

struct Args {
    seconds: Option<u64>,
    execs: Option<u64>,
    seed: u64,
    corpus: Vec<PathBuf>,
    keep_going: bool,
    replay: Vec<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { seconds: None, execs: None, seed: 1, corpus: Vec::new(), keep_going: false, replay: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut num = |what: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{what} needs a value"))?;
            let v = v.strip_prefix("0x").map_or_else(|| v.parse(), |h| u64::from_str_radix(h, 16));
            v.map_err(|e| format!("{what}: {e}"))
        };
        match arg.as_str() {
            "--seconds" => a.seconds = Some(num("--seconds")?),
            "--execs" => a.execs = Some(num("--execs")?),
            "--seed" => a.seed = num("--seed")?,
            "--corpus" => a.corpus.push(it.next().ok_or("--corpus needs a directory")?.into()),
            "--keep-going" => a.keep_going = true,
            "--replay" => a.replay.push(it.next().ok_or("--replay needs a file or directory")?.into()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if a.seconds.is_none() && a.execs.is_none() {
        a.seconds = Some(60);
    }
    Ok(a)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The regression cases: each file one case, each directory one case.
fn regressions() -> Vec<(String, Vec<Input>)> {
    let dir = fuzz_dir().join("regressions");
    let entries: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    cases(entries)
}

/// Each `.maptype` file of `paths` as one case, each directory as one case.
fn cases(mut paths: Vec<PathBuf>) -> Vec<(String, Vec<Input>)> {
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if p.is_dir() {
            out.push((name, corpus::load(std::slice::from_ref(&p), &p)));
        } else if name.ends_with(".maptype") {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            out.push((name.clone(), vec![Input { name, text }]));
        }
    }
    out
}

/// Runs each file of `paths` as a case, and each entry of each directory as
/// `regressions/` is run.
fn replay(paths: Vec<PathBuf>) -> ExitCode {
    let mut failed = false;
    let mut all = Vec::new();
    for p in paths {
        if p.is_dir() {
            all.extend(cases(
                std::fs::read_dir(&p).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default(),
            ));
        } else {
            all.extend(cases(vec![p]));
        }
    }
    for (name, inputs) in all {
        let what = match exec::run(&inputs, &mut HashSet::new(), &mut exec::Times::default()) {
            Outcome::Rejected => "rejected, diagnostics in place".to_string(),
            Outcome::Accepted { .. } => "accepted and generated".to_string(),
            Outcome::Finding(f) => {
                failed = true;
                format!("finding: {f}")
            }
        };
        println!("{name}: {what}");
    }
    ExitCode::from(u8::from(failed))
}

/// The known findings: reported and counted, but they fail no run. Each
/// non-comment line of `known.txt` is a piece of a finding's words (such as
/// the panic's place; pieces joined by ` && ` must all be there); a fixed
/// bug's line is deleted.
fn known() -> Vec<String> {
    let text = std::fs::read_to_string(fuzz_dir().join("known.txt")).unwrap_or_default();
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn is_known(what: &str, known: &str) -> bool {
    known.split(" && ").all(|piece| what.contains(piece))
}

/// The input being run, for the watchdog.
type Current = Arc<Mutex<Option<(Instant, Vec<Input>)>>>;

/// Reports an execution that never returns, then ends the process.
fn watchdog(current: Current) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        let guard = current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((started, inputs)) = guard.as_ref() {
            if started.elapsed() > HANG {
                let path = report::write_finding(&fuzz_dir().join("crashes"), inputs, "hang");
                println!("finding: an execution ran over {}s: {}", HANG.as_secs(), path.display());
                std::process::exit(1);
            }
        }
    });
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("maptype-fuzz: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    exec::quiet_panics();
    if !args.replay.is_empty() {
        return replay(args.replay);
    }
    let root = root();
    let dirs = if args.corpus.is_empty() {
        ["schemas", "examples", "dsl/tests/fixtures"].iter().map(|d| root.join(d)).collect()
    } else {
        args.corpus.clone()
    };
    let corpus = corpus::load(&dirs, &root);
    if corpus.is_empty() {
        eprintln!("maptype-fuzz: no .maptype files under {dirs:?}");
        return ExitCode::from(2);
    }
    let dict = Dictionary::build(&corpus);
    let crashes = fuzz_dir().join("crashes");
    let mut generated = HashSet::new();
    let mut stats = report::Stats::default();

    // The regressions first: each must run clean.
    let regs = regressions();
    for (name, inputs) in &regs {
        if let Outcome::Finding(f) = exec::run(inputs, &mut generated, &mut stats.time) {
            println!("regression {name}: {f}");
            println!("findings: 1 (regressions/{name})");
            return ExitCode::from(1);
        }
    }
    println!(
        "maptype-fuzz: seed {:#x}, {} corpus files, {} regressions replayed clean; dictionary: {} keywords, \
         {} identifiers, {} types, {} operators",
        args.seed,
        corpus.len(),
        regs.len(),
        dict.keywords.len(),
        dict.idents.len(),
        dict.types.len(),
        dict.ops.len()
    );

    let current: Current = Arc::new(Mutex::new(None));
    watchdog(current.clone());
    let mutator = Mutator { corpus: &corpus, dict: &dict };
    let mut rng = Rng::new(args.seed);
    let mut pool: Vec<Input> = corpus.clone();
    let mut findings: Vec<(String, PathBuf)> = Vec::new();
    let known = known();
    let mut known_seen = vec![0u64; known.len()];
    let mut known_findings: Vec<(String, PathBuf)> = Vec::new();
    let start = Instant::now();
    let deadline = args.seconds.map(|s| start + Duration::from_secs(s));
    let mut last_status = start;
    loop {
        if args.execs.is_some_and(|n| stats.execs >= n) || deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let base = &pool[rng.below(pool.len())];
        let text = mutator.mutate(&base.text, &mut rng, &mut stats.mutations);
        let mut inputs = vec![Input { name: base.name.clone(), text }];
        // Now and then other definitions ride along, for the checks across types.
        if rng.one_in(10) {
            for _ in 0..1 + rng.below(2) {
                if let Some(other) = rng.pick(&corpus) {
                    inputs.push(other.clone());
                }
            }
        }
        *current.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), inputs.clone()));
        let outcome = exec::run(&inputs, &mut generated, &mut stats.time);
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        stats.execs += 1;
        match outcome {
            Outcome::Rejected => {}
            Outcome::Accepted { ir } => {
                stats.accepted += 1;
                if stats.irs.insert(ir) && inputs.len() == 1 && pool.len() < POOL_MAX {
                    pool.push(inputs.swap_remove(0));
                }
            }
            Outcome::Finding(what) => {
                let key = shrink::key(&what);
                if let Some(k) = known.iter().position(|k| is_known(&what, k)) {
                    known_seen[k] += 1;
                    if known_seen[k] > 1 {
                        continue;
                    }
                }
                if findings.iter().chain(&known_findings).any(|(k, _)| *k == key) {
                    continue;
                }
                let (small, what) = shrink::shrink(&inputs, &what);
                let path = report::write_finding(&crashes, &small, &what);
                let is_known = known.iter().any(|k| is_known(&what, k));
                println!("{}: {what}\n  input: {}", if is_known { "known finding" } else { "finding" }, path.display());
                if is_known {
                    known_findings.push((key, path));
                    continue;
                }
                findings.push((key, path));
                if !args.keep_going {
                    break;
                }
            }
        }
        if last_status.elapsed() >= Duration::from_secs(30) {
            last_status = Instant::now();
            eprintln!("{}", stats.line(start.elapsed(), findings.len()));
        }
    }
    println!("{}", stats.line(start.elapsed(), findings.len()));
    println!("{}", stats.mutation_line());
    println!("{}", stats.time_line());
    for (k, n) in known.iter().zip(&known_seen) {
        if *n > 0 {
            println!("known (codegen/fuzz/known.txt, not counted as findings): {n} executions hit `{k}`");
        }
    }
    for (_, p) in &findings {
        println!("finding: {}", p.display());
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
