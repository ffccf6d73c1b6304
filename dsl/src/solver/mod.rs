//! What the backends derive from a definition, decided before any backend runs.
//!
//! [`model`] is the rule model: facts about two candidates, a solver that
//! picks facts making a condition true or false, and an interpreter that runs
//! the rules on them. The KUnit suites and the Rust doctests take their cases
//! from it. The checker phase in [`derive`] asks the same questions the
//! backends will ask (can every requirement hold, fail on its own; does every
//! invariant have a sample list; does every op, constructor, accessor and entry
//! have a Rust form) and reports each failure at its place in the source.

pub mod cases;
mod derive;
pub mod model;
pub mod preconditions;
pub mod samples;
pub mod validation;

pub use derive::derivable;
pub use model::{Facts, Fresh, Model, Outcome, Val};
