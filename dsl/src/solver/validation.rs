//! The order in which a result struct's invariants are checked. The C
//! validator is generated from it and the KUnit suites and Rust doctests
//! evaluate it, so the errno a test expects is the one the C code returns first.

use crate::ir::{Check, Invariant, ResultStruct};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before any entry is read: checks of the count.
    List,
    /// For each entry, in order.
    Entry,
    /// After the walk over the entries.
    After,
}

/// One check the validator makes, and the invariant it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub phase: Phase,
    pub kind: StepKind<'a>,
    pub invariant: &'a Invariant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind<'a> {
    Nonempty,
    CountMax {
        unit: &'a str,
    },
    Nonzero {
        field: &'a str,
    },
    Aligned {
        field: &'a str,
        align: &'a str,
    },
    /// `addr + len` does not wrap.
    NoWrap,
    /// Adding this entry's length to the running total does not wrap.
    TotalNoWrap,
    TotalEquals,
    NoOverlap,
}

/// Count checks first, then per-entry checks in declaration order, then the
/// total and finally overlap (which needs every entry known not to wrap).
pub fn steps(r: &ResultStruct) -> Vec<Step<'_>> {
    let mut list = Vec::new();
    let mut entry = Vec::new();
    let mut after = Vec::new();
    let mut overlap = Vec::new();
    for inv in &r.invariants {
        let step = |phase, kind| Step { phase, kind, invariant: inv };
        match &inv.check {
            Check::Nonempty => list.push(step(Phase::List, StepKind::Nonempty)),
            Check::CountMax { unit } => list.push(step(Phase::List, StepKind::CountMax { unit })),
            Check::EachNonzero { field } => entry.push(step(Phase::Entry, StepKind::Nonzero { field })),
            Check::EachAligned { field, align } => entry.push(step(Phase::Entry, StepKind::Aligned { field, align })),
            Check::NoOverflow => entry.push(step(Phase::Entry, StepKind::NoWrap)),
            Check::TotalIsBufferSize => {
                entry.push(step(Phase::Entry, StepKind::TotalNoWrap));
                after.push(step(Phase::After, StepKind::TotalEquals));
            }
            Check::NoOverlap => overlap.push(step(Phase::After, StepKind::NoOverlap)),
        }
    }
    list.into_iter().chain(entry).chain(after).chain(overlap).collect()
}

/// Byte values of the size constants an alignment may name, for the model.
pub fn constant_value(name: &str) -> u128 {
    match name {
        "SZ_64K" => 64 << 10,
        "SZ_2M" => 2 << 20,
        "SZ_1G" => 1 << 30,
        // PAGE_SIZE on the architectures the output is proven on, and SZ_4K.
        _ => 4096,
    }
}

/// The first invariant a list of (address, length) entries breaks, checked
/// in `steps` order against a buffer of `size` bytes, as the C code does.
pub fn first_violation<'a>(r: &'a ResultStruct, entries: &[(u128, u128)], size: u128) -> Option<&'a Invariant> {
    let (addr_f, len_f) = r.range.clone().unwrap_or_default();
    let steps = steps(r);
    let field = |e: &(u128, u128), f: &str| {
        if f == addr_f {
            e.0
        } else if f == len_f {
            e.1
        } else {
            0
        }
    };
    const MAX: u128 = u64::MAX as u128;
    for s in steps.iter().filter(|s| s.phase == Phase::List) {
        let bad = match s.kind {
            StepKind::Nonempty => entries.is_empty(),
            StepKind::CountMax { unit } => entries.len() as u128 > size / constant_value(unit),
            _ => false,
        };
        if bad {
            return Some(s.invariant);
        }
    }
    let mut total: u128 = 0;
    for e in entries {
        for s in steps.iter().filter(|s| s.phase == Phase::Entry) {
            let bad = match s.kind {
                StepKind::Nonzero { field: f } => field(e, f) == 0,
                StepKind::Aligned { field: f, align } => field(e, f) % constant_value(align) != 0,
                StepKind::NoWrap => e.0 + e.1 > MAX,
                StepKind::TotalNoWrap => {
                    total += e.1;
                    total > MAX
                }
                _ => false,
            };
            if bad {
                return Some(s.invariant);
            }
        }
    }
    for s in steps.iter().filter(|s| s.phase == Phase::After) {
        let bad = match s.kind {
            StepKind::TotalEquals => total != size,
            StepKind::NoOverlap => {
                let mut sorted = entries.to_vec();
                sorted.sort();
                sorted.windows(2).any(|w| w[0].0 + w[0].1 > w[1].0)
            }
            _ => false,
        };
        if bad {
            return Some(s.invariant);
        }
    }
    None
}
