//! A registry of many types: the synthesiser behind `maptype bench` makes
//! valid, distinct types; rendering them on several threads and streaming
//! them into the writer gives exactly the files `generate` returns.

mod common;

use maptype::{generate, generate_each, output, synth, GenFile, Target};
use maptype_dsl::Sources;

fn seeds() -> Vec<(String, String)> {
    let s = common::seed_sources();
    (0..s.len()).map(|i| (s.name(i).to_string(), s.text(i).to_string())).collect()
}

fn check(files: &[synth::SynthFile]) -> maptype_dsl::ir::Registry {
    let mut s = Sources::new();
    for f in files {
        s.add(format!("bench/{}", f.name), f.text.clone());
    }
    maptype_dsl::check(&s).unwrap_or_else(|d| panic!("synthetic types do not check:\n{}", s.render(&d)))
}

#[test]
fn synthetic_types_check_and_differ() {
    let seeds = seeds();
    let n = seeds.len() * 4 + 1;
    let files = synth::synthesize(&seeds, n).expect("the seeds check");
    assert_eq!(files.len(), n);
    // Copy 0 is each seed unchanged.
    for (f, (_, text)) in files.iter().zip(&seeds) {
        assert_eq!(&f.text, text);
    }
    let reg = check(&files);
    let mut names: Vec<&str> = reg.types.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "every synthetic type has its own name");
    assert!(reg.types.iter().any(|t| t.private.is_some()), "private types are among them");
}

#[test]
fn streamed_parallel_output_is_the_collected_output() {
    let files = synth::synthesize(&seeds(), 9).expect("the seeds check");
    let reg = check(&files);
    let want = generate(&reg, &Target::default());
    for jobs in [1, 2, 4] {
        let got = std::sync::Mutex::new(Vec::new());
        generate_each(&reg, &maptype::Scope::Whole, &Target::default(), jobs, |f| {
            got.lock().unwrap().push(f);
            Ok::<(), ()>(())
        })
        .unwrap();
        let mut got: Vec<GenFile> = got.into_inner().unwrap();
        got.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(got, want, "jobs = {jobs}");
    }
    // Written through a transaction from two threads, then checked.
    let dir = tempfile::tempdir().unwrap();
    let tx = output::Transaction::begin(dir.path());
    generate_each(&reg, &maptype::Scope::Whole, &Target::default(), 2, |f| tx.add(f)).unwrap();
    let written = tx.commit().unwrap();
    assert_eq!(written, want.iter().map(|f| f.path.clone()).collect::<Vec<_>>(), "sorted, all new");
    assert!(output::check(dir.path(), &want).is_clean());
    assert!(output::write(dir.path(), &want).unwrap().is_empty(), "a second run changes nothing");
}

#[test]
fn a_sink_error_stops_the_run() {
    let files = synth::synthesize(&seeds(), 30).expect("the seeds check");
    let reg = check(&files);
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let total = generate(&reg, &Target::default()).len();
    let r = generate_each(&reg, &maptype::Scope::Whole, &Target::default(), 2, |_| {
        if seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == 40 {
            Err("full")
        } else {
            Ok(())
        }
    });
    assert_eq!(r, Err("full"));
    assert!(seen.into_inner() < total, "rendering stopped early");
}

#[test]
fn an_uncommitted_transaction_leaves_nothing() {
    let files = synth::synthesize(&seeds(), 3).expect("the seeds check");
    let reg = check(&files);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    {
        let tx = output::Transaction::begin(&out);
        generate_each(&reg, &maptype::Scope::Whole, &Target::default(), 2, |f| tx.add(f)).unwrap();
    }
    assert!(!out.exists(), "the directories it made are gone");
    // A file given twice is refused.
    let tx = output::Transaction::begin(dir.path());
    tx.add(GenFile::new("a", "1")).unwrap();
    assert!(tx.add(GenFile::new("a", "2")).is_err());
}
