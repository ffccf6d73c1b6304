//! Sample entry lists for a result struct's invariants: one valid list and,
//! for every invariant, a list whose first broken invariant is that one.
//!
//! Which invariant a list breaks first follows the C validator's order
//! ([`super::validation`]). The checker proves with this pool, before any
//! backend runs, that every invariant gets a case; the KUnit suites and the
//! Rust doctests take their lists from it.

use super::validation::{constant_value, first_violation};
use crate::ir::{Check, Invariant, ResultStruct};

/// One entry in units of the alignment: (address, address offset in bytes,
/// length, length offset in bytes); a negative address counts from the top.
pub type Sample = (i128, i128, i128, i128);

/// The buffer of a sample run holds this many units.
pub const SIZE_UNITS: u128 = 4;

/// Candidate lists; the first is meant to break nothing.
pub fn pool() -> Vec<Vec<Sample>> {
    vec![
        vec![(16, 0, 2, 0), (32, 0, 1, 0), (20, 0, 1, 0)],
        vec![],
        vec![(16, 0, 1, 0), (18, 0, 1, 0), (20, 0, 1, 0), (22, 0, 1, 0), (24, 0, 1, 0)],
        vec![(16, 0, 0, 0), (32, 0, 4, 0)],
        vec![(16, 1, 4, 0)],
        vec![(16, 0, 3, 1)],
        vec![(-1, 0, 4, 0)],
        vec![(16, 0, 2, 0)],
        vec![(16, 0, 3, 0), (32, 0, 3, 0)],
        vec![(16, 0, 2, 0), (17, 0, 2, 0)],
    ]
}

/// The unit samples are measured in: the first alignment or count unit named.
pub fn unit_name(r: &ResultStruct) -> String {
    r.invariants
        .iter()
        .find_map(|i| match &i.check {
            Check::EachAligned { align, .. } => Some(align.clone()),
            Check::CountMax { unit } => Some(unit.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "PAGE_SIZE".into())
}

/// A sample as (address, length) byte pairs.
pub fn to_bytes(list: &[Sample], unit: u128) -> Vec<(u128, u128)> {
    list.iter()
        .map(|(a, ao, n, lo)| {
            let addr =
                if *a < 0 { (u64::MAX as u128 + 1) - (-a) as u128 * unit } else { *a as u128 * unit + *ao as u128 };
            (addr, *n as u128 * unit + *lo as u128)
        })
        .collect()
}

/// What sampling found wrong with a result struct's invariants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleError {
    /// The valid list breaks invariant `index`.
    ValidBreaks { index: usize },
    /// No list breaks invariant `index` first.
    NoSample { index: usize },
}

/// Checks that the pool covers `r`: the valid list is valid and every invariant has its own list.
pub fn check(r: &ResultStruct) -> Vec<SampleError> {
    let unit = constant_value(&unit_name(r));
    let size = SIZE_UNITS * unit;
    let pool = pool();
    let index = |inv: &Invariant| r.invariants.iter().position(|i| std::ptr::eq(i, inv)).unwrap_or(0);
    if let Some(inv) = first_violation(r, &to_bytes(&pool[0], unit), size) {
        return vec![SampleError::ValidBreaks { index: index(inv) }];
    }
    let mut out = Vec::new();
    for (i, inv) in r.invariants.iter().enumerate() {
        let found = pool
            .iter()
            .skip(1)
            .any(|l| first_violation(r, &to_bytes(l, unit), size).is_some_and(|v| std::ptr::eq(v, inv)));
        if !found {
            out.push(SampleError::NoSample { index: i });
        }
    }
    out
}
