//! The rule cases the KUnit suite derives, in the order it derives them: per
//! requirement one case where everything holds and one per conjunct where
//! only that requirement fails; per `when` one case where its guard is false.
//!
//! The order matters: every case draws values from one [`Fresh`], so this
//! walk makes the very choices the backend makes.

use super::model::{Facts, Fresh, Model, Outcome};

/// Why a requirement gets no case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    /// With requirement `id` holding, the match still fails: at `blocker`.
    CannotHold { id: usize, blocker: Option<usize> },
    /// Conjunct `conjunct` of requirement `id` cannot be made false.
    CannotFail { id: usize, conjunct: usize },
    /// Making conjunct `conjunct` of `id` false fails another requirement
    /// (`Some`) or none at all (`None`).
    NotAlone { id: usize, conjunct: usize, instead: Option<usize> },
}

/// One derived case: what it shows, and its facts.
#[derive(Debug, Clone)]
pub struct RuleCase {
    pub name: String,
    pub facts: Facts,
}

/// Every rule case of `m`'s type, or what stops one from being derived.
pub fn rule_cases(m: &Model, fresh: &mut Fresh) -> (Vec<RuleCase>, Vec<CaseError>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let finish = |mut f: Facts, fresh: &mut Fresh| {
        m.satisfy_all(&mut f, fresh);
        m.complete(&mut f, fresh);
        f
    };
    let failed_at = |o: Outcome| match o {
        Outcome::Fails { id, .. } => Some(id),
        Outcome::Compatible => None,
    };
    let reqs = m.requirements();
    if reqs.is_empty() {
        cases.push(RuleCase { name: "always_compatible".into(), facts: finish(Facts::default(), fresh) });
    }
    for (guards, id, cond) in &reqs {
        let mut facts = Facts::default();
        for g in guards {
            m.sat(g, true, &mut facts, fresh);
        }
        m.sat(cond, true, &mut facts, fresh);
        let facts = finish(facts, fresh);
        match m.outcome(&facts) {
            Outcome::Compatible => cases.push(RuleCase { name: format!("requirement_{id}_holds"), facts }),
            o => errors.push(CaseError::CannotHold { id: *id, blocker: failed_at(o) }),
        }
        let conj = Model::conjuncts(cond);
        for (ci, c) in conj.iter().enumerate() {
            let mut facts = Facts::default();
            for g in guards {
                m.sat(g, true, &mut facts, fresh);
            }
            if !m.sat(c, false, &mut facts, fresh) {
                errors.push(CaseError::CannotFail { id: *id, conjunct: ci });
                continue;
            }
            for (cj, other) in conj.iter().enumerate() {
                if cj != ci {
                    m.sat(other, true, &mut facts, fresh);
                }
            }
            let facts = finish(facts, fresh);
            match m.outcome(&facts) {
                Outcome::Fails { id: got, .. } if got == *id => {
                    let suffix = if conj.len() > 1 { format!("_condition_{ci}") } else { String::new() };
                    cases.push(RuleCase { name: format!("requirement_{id}_fails{suffix}"), facts });
                }
                o => errors.push(CaseError::NotAlone { id: *id, conjunct: ci, instead: failed_at(o) }),
            }
        }
    }
    for (wi, (outer, guard, inner)) in m.whens().into_iter().enumerate() {
        let mut facts = Facts::default();
        for g in &outer {
            m.sat(g, true, &mut facts, fresh);
        }
        m.sat(guard, false, &mut facts, fresh);
        for c in &inner {
            m.sat(c, false, &mut facts, fresh);
        }
        cases.push(RuleCase { name: format!("when_{wi}_not_taken"), facts: finish(facts, fresh) });
    }
    (cases, errors)
}
