//! Cases that match candidates: each requirement holding and failing,
//! skipped `when` blocks, the fallback to a next candidate, and debugfs
//! after a match. Rust derives the facts; `templates/kunit/*_case.c` print.

use askama::Template;
use maptype_dsl::ir::{Expr, Side};

use super::{c_val, expect, filters, Case, Ctx, Expect, Facts, Model, Outcome, Val};
use crate::emit::{self, names};

/// The candidates, their match data and the stubbed externs of a case.
struct Setup<'a> {
    symbol: &'a str,
    /// The match data struct, when the type has one.
    data: Option<&'a str>,
    candidates: Vec<Candidate>,
    stubs: Vec<Stub>,
    /// How many driver bugs the rules marked `warn` report in the case;
    /// `None` for a type without such rules.
    rule_warns: Option<usize>,
}

/// A candidate `name`; `ops` indexes `test_ops` for an exporter's.
struct Candidate {
    name: &'static str,
    ops: Option<usize>,
    /// How the case reaches the candidate's match data.
    view: String,
    /// Match data fields the case sets, with their C values.
    fields: Vec<(String, String)>,
}

/// A stubbed extern and the value it returns.
struct Stub {
    name: String,
    value: String,
    wrapper: String,
}

/// What the attachment must hold after a match.
struct Stored<'a> {
    /// How the case reaches the stored match data.
    view: Option<String>,
    expects: Vec<Expect>,
    ops_accessor: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "kunit/pair_case.c", escape = "none")]
struct PairCase<'a> {
    setup: Setup<'a>,
    why: String,
    /// Some when the pair matches.
    stored: Option<Stored<'a>>,
    /// The type's own match callback is checked too (it has rules).
    check_match: bool,
    /// Some when it does not.
    failure: Option<Failure>,
}

/// What the type's match returns for a pair that fails, and what the
/// negotiation does then.
struct Failure {
    errno: String,
    overall: String,
}

#[derive(Template)]
#[template(path = "kunit/fallback_case.c", escape = "none")]
struct FallbackCase<'a> {
    setup: Setup<'a>,
    stored: Stored<'a>,
    exporter: bool,
    side: &'static str,
    list: &'static str,
    used: &'static str,
}

#[derive(Template)]
#[template(path = "kunit/debugfs_case.c", escape = "none")]
struct DebugfsCase<'a> {
    setup: Setup<'a>,
}

impl<'a> Ctx<'a> {
    /// Candidates `(name, side, test_ops index, facts)`, stubs from `stubs`.
    fn setup(&self, candidates: &[(&'static str, Side, usize, &Facts)], stubs: &Facts) -> Setup<'a> {
        let t = self.t;
        let candidates = candidates
            .iter()
            .map(|&(name, side, ops, facts)| Candidate {
                name,
                ops: (side == Side::Exp && t.ops.is_some()).then_some(ops),
                view: emit::data_ref(t, &format!("&{name}"), true),
                fields: t
                    .data
                    .iter()
                    .flat_map(|d| &d.fields)
                    .filter_map(|f| {
                        let v = facts.fields.get(&(side, f.name.clone()))?;
                        Some((f.name.clone(), c_val(t, *v, f.enum_name.as_deref())))
                    })
                    .collect(),
            })
            .collect();
        let stubs = emit::called_externs(t, &emit::glue_exprs(t))
            .into_iter()
            .map(|x| Stub {
                name: x.name.clone(),
                value: c_val(t, stubs.stubs.get(&x.name).copied().unwrap_or(Val::Int(0)), None),
                wrapper: names::wrapper(t, &x.name),
            })
            .collect();
        Setup {
            symbol: &t.symbol,
            data: t.data.as_ref().map(|d| d.struct_name.as_str()),
            candidates,
            stubs,
            rule_warns: None,
        }
    }

    /// The reports of rules marked `warn` in a case whose failing pair has
    /// `facts` and is matched `calls` times: `calls` if a `warn` requirement
    /// is the one that fails, else none.
    fn rule_warns(&self, facts: &Facts, calls: usize) -> Option<usize> {
        emit::warns(self.t).then(|| if emit::warn_fails(self.t, &self.m.outcome(facts)) { calls } else { 0 })
    }

    /// What the attachment holds after `facts` matched: exactly what on_match keeps.
    fn stored(&self, facts: &Facts) -> Stored<'a> {
        let t = self.t;
        let stored = self.stored_facts(facts);
        let mut expects = Vec::new();
        for f in t.data.iter().flat_map(|d| &d.fields) {
            let unset = if f.ty.is_pointer() { Val::Null } else { Val::Int(0) };
            let v = stored.fields.get(&(Side::Stored, f.name.clone())).copied().unwrap_or(unset);
            expects.push(expect(t, format!("stored->{}", f.name), &f.ty, f.enum_name.as_deref(), v));
        }
        for l in &t.on_match.legacy {
            let cty = maptype_dsl::cnames::legacy_attach_type(&l.attach_field)
                .unwrap_or_else(|| maptype_dsl::ir::CType::plain("int"));
            if let Some(v) = self.m.eval(&l.value, facts) {
                expects.push(expect(t, format!("env->attach->{}", l.attach_field), &cty, None, v));
            }
        }
        for a in &t.accessors {
            if let Some(v) = self.m.eval(&a.value, &stored) {
                expects.push(expect(t, format!("{}(env->attach)", a.name), &a.ret, None, v));
            }
        }
        Stored {
            view: t.data.as_ref().map(|_| emit::data_ref(t, "&env->attach->map_type", false)),
            expects,
            ops_accessor: t.ops_accessor.as_deref(),
        }
    }

    /// The facts as the attachment holds them after a match.
    fn stored_facts(&self, facts: &Facts) -> Facts {
        let mut stored = Facts::default();
        for k in &self.t.on_match.keep {
            if let Some(v) = facts.fields.get(&(k.side, k.field.clone())) {
                stored.fields.insert((Side::Stored, k.field.clone()), *v);
            }
        }
        stored.stubs = facts.stubs.clone();
        stored
    }

    /// A case matching one exporter and one importer candidate.
    fn pair_case(&self, facts: &Facts, why: &str) -> PairCase<'a> {
        let mut setup = self.setup(&[("exp", Side::Exp, 0, facts), ("imp", Side::Imp, 0, facts)], facts);
        // A failing pair is matched twice: by the type's callback, then by the core.
        setup.rule_warns = self.rule_warns(facts, 2);
        let (stored, failure) = match self.m.outcome(facts) {
            Outcome::Compatible => (Some(self.stored(facts)), None),
            Outcome::Fails { errno, fatal, .. } => {
                let overall = if fatal { format!("-{errno}") } else { "-EINVAL".into() };
                (None, Some(Failure { errno: format!("-{errno}"), overall }))
            }
        };
        PairCase { setup, why: why.into(), stored, check_match: !self.t.rules.is_empty(), failure }
    }

    fn fresh_facts(&mut self) -> Facts {
        Facts::default()
    }

    fn finish(&mut self, mut facts: Facts) -> Facts {
        self.m.satisfy_all(&mut facts, &mut self.fresh);
        self.m.complete(&mut facts, &mut self.fresh);
        facts
    }

    /// Cases for every requirement holding and each failing alone; the
    /// checker (`solver::derivable`) has rejected definitions where none exists.
    pub(super) fn rule_cases(&mut self) -> Vec<Case> {
        let mut cases = Vec::new();
        let reqs = self.m.requirements();
        if reqs.is_empty() {
            let facts = self.finish(Facts::default());
            cases.push(Case::new(
                "always_compatible",
                self.pair_case(&facts, "No rules: any two candidates of this type match."),
            ));
        }
        for (guards, id, cond) in &reqs {
            let mut facts = self.fresh_facts();
            for g in guards {
                self.m.sat(g, true, &mut facts, &mut self.fresh);
            }
            self.m.sat(cond, true, &mut facts, &mut self.fresh);
            let facts = self.finish(facts);
            if self.m.outcome(&facts) != Outcome::Compatible {
                unreachable!("checked by maptype_dsl::solver::derivable: {}: requirement {id} can hold", self.t.source);
            }
            cases.push(Case::new(
                format!("requirement_{id}_holds"),
                self.pair_case(&facts, &format!("Every condition holds, requirement {id} included.")),
            ));
            let conj = Model::conjuncts(cond);
            for (ci, c) in conj.iter().enumerate() {
                let mut facts = self.fresh_facts();
                for g in guards {
                    self.m.sat(g, true, &mut facts, &mut self.fresh);
                }
                if !self.m.sat(c, false, &mut facts, &mut self.fresh) {
                    unreachable!(
                        "checked by maptype_dsl::solver::derivable: {}: requirement {id} can fail",
                        self.t.source
                    );
                }
                for (cj, other) in conj.iter().enumerate() {
                    if cj != ci {
                        self.m.sat(other, true, &mut facts, &mut self.fresh);
                    }
                }
                let facts = self.finish(facts);
                match self.m.outcome(&facts) {
                    Outcome::Fails { id: got, .. } if got == *id => {}
                    _ => unreachable!(
                        "checked by maptype_dsl::solver::derivable: {}: requirement {id} fails alone",
                        self.t.source
                    ),
                }
                let suffix = if conj.len() > 1 { format!("_condition_{ci}") } else { String::new() };
                cases.push(Case::new(
                    format!("requirement_{id}_fails{suffix}"),
                    self.pair_case(&facts, &format!("Only requirement {id} fails.")),
                ));
            }
        }
        for (wi, (outer, guard, inner)) in self.m.whens().into_iter().enumerate() {
            let mut facts = self.fresh_facts();
            for g in &outer {
                self.m.sat(g, true, &mut facts, &mut self.fresh);
            }
            self.m.sat(guard, false, &mut facts, &mut self.fresh);
            // What the skipped requirements check may fail: it must not matter.
            for c in &inner {
                self.m.sat(c, false, &mut facts, &mut self.fresh);
            }
            let facts = self.finish(facts);
            cases.push(Case::new(
                format!("when_{wi}_not_taken"),
                self.pair_case(
                    &facts,
                    &format!("The guard of `when` block {wi} is false, so its requirements are skipped."),
                ),
            ));
        }
        cases
    }

    /// Finds facts where only `side`'s candidate differs from `base` and the
    /// match fails without being fatal: the candidate a fallback skips.
    fn failing_variant(&mut self, base: &Facts, side: Side) -> Option<Facts> {
        for (guards, _, cond) in self.m.requirements() {
            for c in Model::conjuncts(cond) {
                let mut f = base.clone();
                let mut touched = Vec::new();
                c.walk(&mut |e| {
                    if let Expr::Field { side: s, field } = e {
                        if *s == side {
                            touched.push(field.clone());
                        }
                    }
                });
                if touched.is_empty() {
                    continue;
                }
                for name in &touched {
                    f.fields.remove(&(side, name.clone()));
                }
                let stubs = f.stubs.clone();
                if !self.m.sat(c, false, &mut f, &mut self.fresh) || f.stubs != stubs {
                    continue;
                }
                if !guards.iter().all(|g| self.m.eval(g, &f).is_some_and(Val::truth)) {
                    continue;
                }
                self.m.complete(&mut f, &mut self.fresh);
                if let Outcome::Fails { fatal: false, .. } = self.m.outcome(&f) {
                    return Some(f);
                }
            }
        }
        None
    }

    pub(super) fn order_cases(&mut self) -> Vec<Case> {
        let mut cases = Vec::new();
        let base = self.finish(Facts::default());
        if self.m.outcome(&base) != Outcome::Compatible {
            return cases;
        }
        if let Some(bad) = self.failing_variant(&base, Side::Exp) {
            let mut setup = self.setup(
                &[("skipped", Side::Exp, 1, &bad), ("exp", Side::Exp, 0, &base), ("imp", Side::Imp, 0, &base)],
                &base,
            );
            setup.rule_warns = self.rule_warns(&bad, 1);
            let body = FallbackCase {
                setup,
                stored: self.stored(&base),
                exporter: true,
                side: "exporter",
                list: "exps",
                used: "exp",
            };
            cases.push(Case::new("exporter_falls_back_to_next_candidate", body));
        }
        if let Some(bad) = self.failing_variant(&base, Side::Imp) {
            let mut setup = self.setup(
                &[("exp", Side::Exp, 0, &base), ("skipped", Side::Imp, 0, &bad), ("imp", Side::Imp, 0, &base)],
                &base,
            );
            setup.rule_warns = self.rule_warns(&bad, 1);
            let body = FallbackCase {
                setup,
                stored: self.stored(&base),
                exporter: false,
                side: "importer",
                list: "imps",
                used: "imp",
            };
            cases.push(Case::new("importer_scan_reaches_next_candidate", body));
        }
        cases
    }

    pub(super) fn debugfs_case(&mut self) -> Option<Case> {
        self.t.debugfs.as_ref()?;
        let facts = self.finish(Facts::default());
        if self.m.outcome(&facts) != Outcome::Compatible {
            return None;
        }
        self.inc.need("linux/seq_file.h");
        let mut setup = self.setup(&[("exp", Side::Exp, 0, &facts), ("imp", Side::Imp, 0, &facts)], &facts);
        setup.rule_warns = self.rule_warns(&facts, 1);
        Some(Case::new("debugfs_names_the_type", DebugfsCase { setup }))
    }
}
