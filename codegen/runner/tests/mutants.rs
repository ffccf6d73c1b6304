//! The mutants the mutation proof (`maptype kunit --mutants`) runs the
//! suites against; the runs themselves are `cargo run -- kunit --mutants`'s job.

mod common;
use maptype::Target;

/// Every requirement of the seeds yields an inverted and a dropped mutant
/// whose glue differs from the real one.
#[test]
fn mutants_change_the_glue() {
    let reg = common::seed_registry();
    let real = maptype::generate(&reg, &Target::default());
    let mutants = maptype_runner::mutants::mutants(&reg, &Target::default());
    let requires: usize = reg.types.iter().map(|t| t.requirements().len()).sum();
    assert_eq!(mutants.len(), 2 * requires);
    for m in &mutants {
        assert!(!m.files.is_empty(), "{} replaces nothing", m.name);
        for f in &m.files {
            let orig = real.iter().find(|r| r.path == f.path).expect("mutant replaces a real file");
            assert_ne!(orig.content, f.content, "{} changes nothing", m.name);
        }
    }
}
