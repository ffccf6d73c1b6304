//! Arguments that satisfy an entry point's preconditions, and for each
//! precondition one that breaks it alone. The KUnit suites pass them; the
//! checker refuses an entry for which they do not exist.
//!
//! Values are reasoned about with 4 KiB pages and the suites' 64 KiB buffer,
//! but are written symbolically (`PAGE_SIZE + 1`, the buffer's size), so a
//! suite stays right where the relation between them holds.

use crate::ir::{BinOp, Entry, Op, PreCheck, PreValue, Precondition};

/// Bytes in the buffer of every generated suite (`SZ_64K`).
pub const SUITE_BUFFER_SIZE: i128 = 64 << 10;

/// A value an argument takes: `base + offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub base: Base,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    Zero,
    /// A size constant, `PAGE_SIZE` or `SZ_*`.
    Unit(String),
    /// The buffer's size.
    BufferSize,
}

/// The arguments of one entry's cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySamples {
    /// For each checked parameter, a value every precondition accepts.
    pub good: Vec<(String, Sample)>,
    /// For each precondition, in order: its parameter and a value only it refuses.
    pub breaks: Vec<(String, Sample)>,
}

/// Why no samples exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleError {
    /// No value of the parameter meets all its preconditions.
    Unsatisfiable { param: String },
    /// Precondition `index` cannot fail without another failing too.
    NotAlone { index: usize },
}

/// The model's value of a size constant, as the invariants' samples use it.
fn unit_bytes(unit: &str) -> i128 {
    super::validation::constant_value(unit) as i128
}

impl Sample {
    pub fn value(&self) -> i128 {
        let base = match &self.base {
            Base::Zero => 0,
            Base::Unit(u) => unit_bytes(u),
            Base::BufferSize => SUITE_BUFFER_SIZE,
        };
        base + i128::from(self.offset)
    }
}

fn holds(p: &Precondition, v: i128) -> bool {
    match &p.check {
        PreCheck::Aligned { unit } => v % unit_bytes(unit) == 0,
        PreCheck::Compare { op, value } => {
            let r = match value {
                PreValue::Int { value } => i128::from(*value),
                PreValue::BufferSize => SUITE_BUFFER_SIZE,
            };
            match op {
                BinOp::Eq => v == r,
                BinOp::Ne => v != r,
                BinOp::Lt => v < r,
                BinOp::Le => v <= r,
                BinOp::Gt => v > r,
                BinOp::Ge => v >= r,
                BinOp::Or | BinOp::And | BinOp::BitOr | BinOp::BitAnd => true,
            }
        }
    }
}

/// Values worth trying for a parameter: around zero and every value its
/// preconditions name, within the parameter's range.
fn candidates(pres: &[&Precondition], max: u64) -> Vec<Sample> {
    let mut bases = vec![Base::Zero];
    for p in pres {
        let b = match &p.check {
            PreCheck::Aligned { unit } => Base::Unit(unit.clone()),
            PreCheck::Compare { value: PreValue::BufferSize, .. } => Base::BufferSize,
            // Numbers are tried below, as offsets from zero.
            PreCheck::Compare { value: PreValue::Int { .. }, .. } => continue,
        };
        if !bases.contains(&b) {
            bases.push(b);
        }
    }
    let mut out = Vec::new();
    for b in &bases {
        for off in [0, 1, -1] {
            push(&mut out, Sample { base: b.clone(), offset: off });
        }
    }
    for p in pres {
        if let PreCheck::Compare { value: PreValue::Int { value }, .. } = &p.check {
            for off in [*value, value + 1, value - 1] {
                push(&mut out, Sample { base: Base::Zero, offset: off });
            }
        }
    }
    out.retain(|s| s.value() >= 0 && s.value() <= i128::from(max));
    out
}

fn push(out: &mut Vec<Sample>, s: Sample) {
    if !out.iter().any(|x| x.value() == s.value()) {
        out.push(s);
    }
}

/// The samples of an entry's preconditions over its op's parameters.
pub fn entry_samples(e: &Entry, op: &Op) -> Result<EntrySamples, SampleError> {
    samples(&e.preconditions, op)
}

pub fn samples(pres: &[Precondition], op: &Op) -> Result<EntrySamples, SampleError> {
    let mut good: Vec<(String, Sample)> = Vec::new();
    for p in pres {
        if good.iter().any(|(n, _)| *n == p.param) {
            continue;
        }
        let on: Vec<&Precondition> = pres.iter().filter(|x| x.param == p.param).collect();
        let max = op.params.iter().find(|x| x.name == p.param).and_then(|x| x.ty.int()).map_or(u64::MAX, |i| i.max());
        let cands = candidates(&on, max);
        let Some(g) = cands.iter().find(|s| on.iter().all(|x| holds(x, s.value()))) else {
            return Err(SampleError::Unsatisfiable { param: p.param.clone() });
        };
        good.push((p.param.clone(), g.clone()));
    }
    let mut breaks = Vec::new();
    for (index, p) in pres.iter().enumerate() {
        let others: Vec<&Precondition> =
            pres.iter().enumerate().filter(|(i, x)| *i != index && x.param == p.param).map(|(_, x)| x).collect();
        let mut on = others.clone();
        on.push(p);
        let max = op.params.iter().find(|x| x.name == p.param).and_then(|x| x.ty.int()).map_or(u64::MAX, |i| i.max());
        let bad = candidates(&on, max)
            .into_iter()
            .find(|s| !holds(p, s.value()) && others.iter().all(|x| holds(x, s.value())));
        match bad {
            Some(b) => breaks.push((p.param.clone(), b)),
            None => return Err(SampleError::NotAlone { index }),
        }
    }
    Ok(EntrySamples { good, breaks })
}
