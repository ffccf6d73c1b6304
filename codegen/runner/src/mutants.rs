//! Mutants for the mutation proof: for each `require` of a definition, the
//! glue generated from a copy with that condition inverted, and from one
//! with it dropped. The KUnit suite generated from the *unchanged*
//! definition must fail against every mutant's glue.

use maptype_dsl::ir::{BinOp, Expr, Registry, Rule, Value};

use maptype::{c, GenFile, Target};

/// One changed definition and the glue it generates.
pub struct Mutant {
    /// `sgt: requirement 2 inverted`.
    pub name: String,
    /// Files that replace the unchanged output (only the mutated type's glue).
    pub files: Vec<GenFile>,
}

#[derive(Clone, Copy)]
enum Change {
    Invert,
    Drop,
}

/// Applies `change` to requirement `id`; true if it was found.
fn mutate(rules: &mut [Rule], id: usize, change: Change) -> bool {
    for rule in rules.iter_mut() {
        match rule {
            Rule::When { body, .. } => {
                if mutate(body, id, change) {
                    return true;
                }
            }
            Rule::Require { id: rid, cond, .. } if *rid == id => {
                match change {
                    Change::Invert => *cond = c::negate(cond),
                    // `cond || true`: the requirement always holds, as if it
                    // were deleted, while the externs it calls stay in the
                    // glue for the suite's stubs to link against.
                    Change::Drop => {
                        let always = Expr::Value { value: Value::Bool { value: true } };
                        *cond = Expr::Binary { op: BinOp::Or, lhs: Box::new(cond.clone()), rhs: Box::new(always) };
                    }
                }
                return true;
            }
            Rule::Require { .. } => {}
        }
    }
    false
}

/// Every mutant of every type in `reg`, in a stable order.
pub fn mutants(reg: &Registry, target: &Target) -> Vec<Mutant> {
    let mut out = Vec::new();
    for t in &reg.types {
        for (_, rule) in t.requirements() {
            let Rule::Require { id, .. } = rule else { continue };
            for (change, what) in [(Change::Invert, "inverted"), (Change::Drop, "dropped")] {
                let mut m = t.clone();
                if !mutate(&mut m.rules, *id, change) {
                    continue;
                }
                out.push(Mutant {
                    name: format!("{}: requirement {id} {what}", t.name),
                    files: vec![c::glue_file(&m, target)],
                });
            }
        }
    }
    out
}
