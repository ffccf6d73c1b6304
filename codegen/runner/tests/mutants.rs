//! The mutants the mutation proof (`maptype kunit --mutants`) runs the
//! suites against; the runs themselves are `cargo run -- kunit --mutants`'s job.

mod common;
use maptype::Target;

/// Every requirement of the seeds yields an inverted and a dropped mutant,
/// and every invariant, kept field, legacy assignment and precondition a
/// dropped one, each of whose glue differs from the real one.
#[test]
fn mutants_change_the_glue() {
    let reg = common::seed_registry();
    let real = maptype::generate(&reg, &Target::default());
    let mutants = maptype_runner::mutants::mutants(&reg, &Target::default());
    let requires: usize = reg.types.iter().map(|t| t.requirements().len()).sum();
    let others: usize = reg
        .types
        .iter()
        .map(|t| {
            t.results.iter().map(|r| r.invariants.len()).sum::<usize>()
                + t.on_match.keep.len()
                + t.on_match.legacy.len()
                + t.entries.iter().map(|e| e.preconditions.len()).sum::<usize>()
        })
        .sum();
    assert!(others > 10, "only {others} other checks in the seeds");
    let accessors: usize = reg.types.iter().map(|t| t.accessors.len()).sum();
    assert!(accessors >= 3, "only {accessors} accessors in the seeds");
    assert_eq!(mutants.len(), 2 * requires + others + accessors + maptype_runner::mutants::CORE.len());
    for m in &mutants {
        assert!(!m.files.is_empty(), "{} replaces nothing", m.name);
        for f in &m.files {
            let orig = real.iter().find(|r| r.path == f.path).expect("mutant replaces a real file");
            assert_ne!(orig.content, f.content, "{} changes nothing", m.name);
        }
    }
}

/// Every check of the core changes the core's C in each kernel the runner
/// proves in (the core's file has another name from 6.19).
#[test]
fn core_mutants_apply_in_every_kernel() {
    let reg = common::seed_registry();
    for t in maptype_runner::PROVEN {
        let m = maptype_runner::mutants::core_mutants(&reg, t);
        assert_eq!(m.len(), maptype_runner::mutants::CORE.len(), "{t}");
        assert!(m.iter().all(|m| m.files[0].path == maptype::c::core_c_path(t)), "{t}");
    }
}
