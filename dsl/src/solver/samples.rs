//! Sample entry lists for a result struct's invariants: one valid list and,
//! for every invariant, a list whose first broken invariant is that one.
//!
//! The order of checks is the C validator's: count checks, then each entry's
//! checks in declaration order, then the total, then overlap. The KUnit
//! backend (`codegen/src/validation.rs`, `kunit::invariant_cases`) uses the
//! same pool and the same order; this copy lets the checker prove, before any
//! backend runs, that every invariant gets a case.

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

/// Bytes of the size constants an alignment or a count limit may name.
pub fn constant_value(name: &str) -> u128 {
    match name {
        "SZ_64K" => 64 << 10,
        "SZ_2M" => 2 << 20,
        "SZ_1G" => 1 << 30,
        _ => 4096,
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
            (addr, *n as u128 * unit + *lo as u128)
        })
        .collect()
}

/// The first invariant `entries` break in a buffer of `size` bytes, in the C validator's order.
pub fn first_violation<'a>(r: &'a ResultStruct, entries: &[(u128, u128)], size: u128) -> Option<&'a Invariant> {
    const MAX: u128 = u64::MAX as u128;
    let (addr_f, len_f) = r.range.clone().unwrap_or_default();
    let field = |e: &(u128, u128), f: &str| {
        if f == addr_f {
            e.0
        } else if f == len_f {
            e.1
        } else {
            0
        }
    };
    for inv in &r.invariants {
        let bad = match &inv.check {
            Check::Nonempty => entries.is_empty(),
            Check::CountMax { unit } => entries.len() as u128 > size / constant_value(unit),
            _ => false,
        };
        if bad {
            return Some(inv);
        }
    }
    let mut total: u128 = 0;
    for e in entries {
        for inv in &r.invariants {
            let bad = match &inv.check {
                Check::EachNonzero { field: f } => field(e, f) == 0,
                Check::EachAligned { field: f, align } => field(e, f) % constant_value(align) != 0,
                Check::NoOverflow => e.0 + e.1 > MAX,
                Check::TotalIsBufferSize => {
                    total += e.1;
                    total > MAX
                }
                _ => false,
            };
            if bad {
                return Some(inv);
            }
        }
    }
    let total_check = r.invariants.iter().filter(|i| i.check == Check::TotalIsBufferSize);
    let overlap_check = r.invariants.iter().filter(|i| i.check == Check::NoOverlap);
    for inv in total_check.chain(overlap_check) {
        let bad = if inv.check == Check::NoOverlap {
            let mut sorted = entries.to_vec();
            sorted.sort();
            sorted.windows(2).any(|w| w[0].0 + w[0].1 > w[1].0)
        } else {
            total != size
        };
        if bad {
            return Some(inv);
        }
    }
    None
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
