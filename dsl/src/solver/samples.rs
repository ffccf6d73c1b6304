//! Sample entry lists for a result struct's invariants: one valid list and,
//! for every invariant, a list whose first broken invariant is that one,
//! and where it can be, the only one ([`breaking`]; [`implied`] says why an
//! invariant cannot be broken alone).
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
        // Lengths off the unit by as much each way: only their alignment is wrong.
        vec![(16, 0, 1, 2048), (32, 0, 3, -2048)],
    ]
}

/// Whether `list` breaks invariant `inv` of `r` first and nothing else:
/// without `inv`, the validator would accept it.
fn breaks_alone(r: &ResultStruct, inv: &Invariant, list: &[(u128, u128)], size: u128) -> bool {
    if !first_violation(r, list, size).is_some_and(|v| std::ptr::eq(v, inv)) {
        return false;
    }
    let mut without = r.clone();
    without.invariants.retain(|i| !std::ptr::eq(i, inv) && i != inv);
    first_violation(&without, list, size).is_none()
}

/// The pool's list for invariant `inv` of `r`: one that breaks it alone
/// where there is one (so that a validator missing only this check accepts
/// it), else one that breaks it first.
pub fn breaking<'p>(r: &ResultStruct, inv: &Invariant, pool: &'p [Vec<Sample>]) -> Option<&'p Vec<Sample>> {
    let unit = constant_value(&unit_name(r));
    let size = SIZE_UNITS * unit;
    let lists = || pool.iter().skip(1);
    lists().find(|l| breaks_alone(r, inv, &to_bytes(l, unit), size)).or_else(|| {
        lists().find(|l| first_violation(r, &to_bytes(l, unit), size).is_some_and(|v| std::ptr::eq(v, inv)))
    })
}

/// Why invariant `inv` of `r` cannot be broken alone, so that a validator
/// without it refuses the same lists (for `nonempty`: of every buffer that
/// is not 0 bytes): `None` if it can.
pub fn implied(r: &ResultStruct, inv: &Invariant) -> Option<String> {
    let has = |f: &dyn Fn(&Check) -> bool| r.invariants.iter().any(|i| !std::ptr::eq(i, inv) && f(&i.check));
    let total = has(&|c| matches!(c, Check::TotalIsBufferSize));
    let len = r.range.as_ref().map(|(_, l)| l.as_str()).unwrap_or_default();
    match &inv.check {
        Check::Nonempty if total => Some(
            "the entries must add up to the buffer's size, so an empty list is refused for every buffer but a \
                 0-byte one, which no suite exports"
                .into(),
        ),
        Check::CountMax { unit } if total => {
            let unit_bytes = constant_value(unit);
            let nonzero = has(&|c| matches!(c, Check::EachNonzero { field } if field == len));
            let aligned = r.invariants.iter().filter(|i| !std::ptr::eq(*i, inv)).find_map(|i| match &i.check {
                Check::EachAligned { field, align }
                    if field == len && constant_value(align).is_multiple_of(unit_bytes) =>
                {
                    Some(align.clone())
                }
                _ => None,
            });
            match (nonzero, aligned) {
                (true, Some(a)) => Some(format!(
                    "every length is a nonzero multiple of {a} and they add up to the buffer's size, so there are \
                     at most size / {unit} entries"
                )),
                _ => None,
            }
        }
        _ => None,
    }
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
            // An offset may be negative: the length is counted in i128.
            (addr, (*n * unit as i128 + *lo).max(0) as u128)
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
        if breaking(r, inv, &pool).is_none() {
            out.push(SampleError::NoSample { index: i });
        }
    }
    out
}
