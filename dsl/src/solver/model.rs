//! The rule model: facts, a solver that picks them, and an interpreter.
//!
//! A case is a set of *facts*: values of candidate fields and the return
//! value of each stubbed extern. The solver picks facts that make a chosen
//! condition true or false; the interpreter then evaluates the rules on the
//! facts, so the expected outcome of every case comes from the definition's
//! meaning, never from the generated C it tests.

use std::cell::Cell;
use std::collections::BTreeMap;

use crate::ir::{BinOp, CType, Expr, Field, MappingType, Rule, Side, Value};

/// A value in the model: pointers are opaque, distinguished by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    Null,
    Ptr(u32),
    Int(i64),
}

impl Val {
    /// A constant of the IR as the model sees it.
    pub fn of(v: &Value) -> Val {
        match v {
            Value::Int { value } | Value::EnumConst { value, .. } => Val::Int(*value),
            Value::Bool { value } => Val::Int(i64::from(*value)),
            Value::Null => Val::Null,
        }
    }

    pub fn truth(self) -> bool {
        !matches!(self, Val::Null | Val::Int(0))
    }
}

/// Facts of one case.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub fields: BTreeMap<(Side, String), Val>,
    /// What each extern returns, whatever its arguments.
    pub stubs: BTreeMap<String, Val>,
    /// What an extern returns for these arguments: consulted before
    /// `stubs` (the negotiation explorer's assumptions; the solver sets none).
    pub calls: BTreeMap<(String, Vec<Val>), Val>,
}

/// Hands out pointer numbers and plain integers, unique across a suite so
/// that values from different cases never coincide by accident.
#[derive(Debug, Default, Clone)]
pub struct Fresh {
    ptr: u32,
    int: i64,
}

impl Fresh {
    pub fn ptr(&mut self) -> Val {
        self.ptr += 1;
        Val::Ptr(self.ptr)
    }
    pub fn int(&mut self) -> i64 {
        self.int += 1;
        self.int + 6
    }
    pub fn ptrs_used(&self) -> u32 {
        self.ptr
    }
}

/// Second tries a model may make in all (see [`Model::first_of`]).
const RETRIES: u32 = 4096;

/// What the outcome of matching two candidates is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Compatible,
    /// Requirement `id` failed with `errno`.
    Fails {
        id: usize,
        errno: String,
        fatal: bool,
    },
}

/// The kind of values a term can take.
#[derive(Debug, Clone)]
enum Domain {
    Pointer,
    /// Integers; `Some` when only these values are meaningful (enum fields).
    Int(Option<Vec<i64>>),
}

pub struct Model<'a> {
    pub t: &'a MappingType,
    /// Second tries left: a greedy choice that fails is retried another way,
    /// a bounded number of times so deep conditions stay fast.
    retries: Cell<u32>,
}

/// One way to make a condition come out as wanted.
type Try<'t> = &'t dyn Fn(&mut Facts, &mut Fresh) -> bool;

impl<'a> Model<'a> {
    pub fn new(t: &'a MappingType) -> Self {
        Model { t, retries: Cell::new(RETRIES) }
    }

    /// Runs the first of `tries` that succeeds from the current state. When
    /// the first fails, the state is left as the first left it, so a greedy
    /// success never depends on the alternatives.
    fn first_of(&self, facts: &mut Facts, fresh: &mut Fresh, tries: [Try; 2]) -> bool {
        let before = (facts.clone(), fresh.clone());
        if tries[0](facts, fresh) {
            return true;
        }
        if self.retries.get() == 0 {
            return false;
        }
        self.retries.set(self.retries.get() - 1);
        let after = (facts.clone(), fresh.clone());
        (*facts, *fresh) = before;
        if tries[1](facts, fresh) {
            return true;
        }
        (*facts, *fresh) = after;
        false
    }

    fn field(&self, name: &str) -> Option<&'a Field> {
        self.t.field(name)
    }

    fn field_domain(&self, f: &Field) -> Domain {
        if f.ty.is_pointer() {
            return Domain::Pointer;
        }
        if let Some(e) = f.enum_name.as_ref().and_then(|n| self.t.enum_by_name(n)) {
            return Domain::Int(Some(e.domain(&f.allowed)));
        }
        Domain::Int(None)
    }

    fn ret_domain(ty: Option<&CType>) -> Domain {
        match ty {
            Some(t) if t.is_pointer() => Domain::Pointer,
            _ => Domain::Int(None),
        }
    }

    fn domain(&self, e: &Expr) -> Domain {
        match e {
            Expr::Field { field, .. } => self.field(field).map_or(Domain::Int(None), |f| self.field_domain(f)),
            Expr::Call { func, .. } => Self::ret_domain(self.t.extern_fn(func).and_then(|x| x.ret.as_ref())),
            Expr::Value { value: Value::Null } => Domain::Pointer,
            _ => Domain::Int(None),
        }
    }

    /// The value of `e` under `facts`, or `None` when it depends on an unset fact.
    pub fn eval(&self, e: &Expr, facts: &Facts) -> Option<Val> {
        match e {
            Expr::Value { value } => Some(Val::of(value)),
            Expr::Field { side, field } => facts.fields.get(&(*side, field.clone())).copied(),
            Expr::Call { func, args } => {
                if !facts.calls.is_empty() {
                    let args: Option<Vec<Val>> = args.iter().map(|a| self.eval(a, facts)).collect();
                    if let Some(v) = args.and_then(|a| facts.calls.get(&(func.clone(), a))) {
                        return Some(*v);
                    }
                }
                facts.stubs.get(func).copied()
            }
            Expr::Not { expr } => self.eval(expr, facts).map(|v| Val::Int(i64::from(!v.truth()))),
            Expr::Binary { op, lhs, rhs } => match op {
                BinOp::BitAnd | BinOp::BitOr => match (self.eval(lhs, facts)?, self.eval(rhs, facts)?) {
                    (Val::Int(l), Val::Int(r)) => Some(Val::Int(if *op == BinOp::BitAnd { l & r } else { l | r })),
                    // The checker allows flags only; a pointer never gets here.
                    _ => Some(Val::Int(0)),
                },
                BinOp::And => {
                    let l = self.eval(lhs, facts)?;
                    if !l.truth() {
                        return Some(Val::Int(0));
                    }
                    self.eval(rhs, facts).map(|r| Val::Int(i64::from(r.truth())))
                }
                BinOp::Or => {
                    let l = self.eval(lhs, facts)?;
                    if l.truth() {
                        return Some(Val::Int(1));
                    }
                    self.eval(rhs, facts).map(|r| Val::Int(i64::from(r.truth())))
                }
                _ => {
                    let (l, r) = (self.eval(lhs, facts)?, self.eval(rhs, facts)?);
                    Some(Val::Int(i64::from(compare(*op, l, r))))
                }
            },
        }
    }

    /// Sets unset facts so that `e` evaluates to `want`; false if it cannot.
    pub fn sat(&self, e: &Expr, want: bool, facts: &mut Facts, fresh: &mut Fresh) -> bool {
        if let Some(v) = self.eval(e, facts) {
            return v.truth() == want;
        }
        match e {
            Expr::Value { .. } => false,
            Expr::Field { .. } | Expr::Call { .. } => {
                let v = self.pick_truthy(e, want, fresh);
                self.set(e, v, facts)
            }
            Expr::Not { expr } => self.sat(expr, !want, facts, fresh),
            Expr::Binary { op: op @ (BinOp::And | BinOp::Or), lhs, rhs } => {
                // `a && b` true and `a || b` false need both sides; the other two need one.
                let both = want == (*op == BinOp::And);
                let (l, r) = (&**lhs, &**rhs);
                if both {
                    let lr = |f: &mut Facts, n: &mut Fresh| self.sat(l, want, f, n) && self.sat(r, want, f, n);
                    let rl = |f: &mut Facts, n: &mut Fresh| self.sat(r, want, f, n) && self.sat(l, want, f, n);
                    self.first_of(facts, fresh, [&lr, &rl])
                } else {
                    let left = |f: &mut Facts, n: &mut Fresh| self.sat(l, want, f, n);
                    let right = |f: &mut Facts, n: &mut Fresh| self.sat(r, want, f, n);
                    self.first_of(facts, fresh, [&left, &right])
                }
            }
            Expr::Binary { op: BinOp::BitAnd | BinOp::BitOr, .. } => {
                self.solve_value(e, &|v| v.truth() == want, facts, fresh)
            }
            Expr::Binary { op, lhs, rhs } => {
                let (l, r) = (self.eval(lhs, facts), self.eval(rhs, facts));
                match (l, r) {
                    (None, Some(k)) => self.solve_side(lhs, *op, k, want, true, facts, fresh),
                    (Some(k), None) => self.solve_side(rhs, *op, k, want, false, facts, fresh),
                    _ => {
                        // Both unknown: give the right side a natural value first.
                        let v = self.natural(rhs, fresh);
                        if !self.settle(rhs, v, facts, fresh) {
                            return false;
                        }
                        self.sat(e, want, facts, fresh)
                    }
                }
            }
        }
    }

    /// Makes `e` (possibly compound) evaluate to a concrete value.
    fn settle(&self, e: &Expr, v: Val, facts: &mut Facts, fresh: &mut Fresh) -> bool {
        match e {
            Expr::Field { .. } | Expr::Call { .. } => self.set(e, v, facts),
            _ => self.sat(e, v.truth(), facts, fresh),
        }
    }

    fn set(&self, e: &Expr, v: Val, facts: &mut Facts) -> bool {
        match e {
            Expr::Field { side, field } => {
                facts.fields.insert((*side, field.clone()), v);
                true
            }
            Expr::Call { func, .. } => {
                facts.stubs.insert(func.clone(), v);
                true
            }
            _ => false,
        }
    }

    fn natural(&self, e: &Expr, fresh: &mut Fresh) -> Val {
        match self.domain(e) {
            Domain::Pointer => fresh.ptr(),
            Domain::Int(Some(vals)) => Val::Int(vals.first().copied().unwrap_or(0)),
            Domain::Int(None) => Val::Int(fresh.int()),
        }
    }

    fn pick_truthy(&self, e: &Expr, want: bool, fresh: &mut Fresh) -> Val {
        match self.domain(e) {
            Domain::Pointer => {
                if want {
                    fresh.ptr()
                } else {
                    Val::Null
                }
            }
            Domain::Int(Some(vals)) => {
                Val::Int(vals.iter().copied().find(|v| (*v != 0) == want).unwrap_or(i64::from(want)))
            }
            Domain::Int(None) => Val::Int(i64::from(want)),
        }
    }

    /// Chooses a value for the unknown `term` so that `term op k` (or
    /// `k op term` when `term_is_lhs` is false) evaluates to `want`.
    #[allow(clippy::too_many_arguments)]
    fn solve_side(
        &self,
        term: &Expr,
        op: BinOp,
        k: Val,
        want: bool,
        term_is_lhs: bool,
        facts: &mut Facts,
        fresh: &mut Fresh,
    ) -> bool {
        let holds = |v: Val| if term_is_lhs { compare(op, v, k) } else { compare(op, k, v) } == want;
        if let Expr::Binary { op: BinOp::BitAnd | BinOp::BitOr, .. } = term {
            return self.solve_value(term, &holds, facts, fresh);
        }
        let candidates: Vec<Val> = match self.domain(term) {
            Domain::Pointer => vec![k, Val::Null, fresh.ptr()],
            Domain::Int(Some(vals)) => vals.into_iter().map(Val::Int).collect(),
            Domain::Int(None) => match k {
                Val::Int(n) => vec![Val::Int(n), Val::Int(n + 1), Val::Int(n - 1), Val::Int(fresh.int())],
                _ => vec![Val::Int(0), Val::Int(fresh.int())],
            },
        };
        match candidates.into_iter().find(|v| holds(*v)) {
            Some(v) => self.settle(term, v, facts, fresh),
            None => false,
        }
    }

    /// Sets unset facts so that the flags expression `term` (`a & b`,
    /// `a | b`, or a field or flag inside one) takes a value `wanted` accepts.
    fn solve_value(&self, term: &Expr, wanted: &dyn Fn(Val) -> bool, facts: &mut Facts, fresh: &mut Fresh) -> bool {
        if let Some(v) = self.eval(term, facts) {
            return wanted(v);
        }
        match term {
            Expr::Binary { op: op @ (BinOp::BitAnd | BinOp::BitOr), lhs, rhs } => {
                let (l, r) = (self.eval(lhs, facts), self.eval(rhs, facts));
                let apply = |a: Val, b: Val| match (a, b) {
                    (Val::Int(a), Val::Int(b)) => Val::Int(if *op == BinOp::BitAnd { a & b } else { a | b }),
                    _ => Val::Int(0),
                };
                match (l, r) {
                    (None, Some(k)) => self.solve_value(lhs, &|v| wanted(apply(v, k)), facts, fresh),
                    (Some(k), None) => self.solve_value(rhs, &|v| wanted(apply(k, v)), facts, fresh),
                    _ => {
                        // Both unknown: the right side takes its natural value (every bit) first.
                        let v = self.natural(rhs, fresh);
                        self.settle(rhs, v, facts, fresh) && self.solve_value(term, wanted, facts, fresh)
                    }
                }
            }
            Expr::Field { .. } | Expr::Call { .. } => {
                let candidates: Vec<Val> = match self.domain(term) {
                    Domain::Int(Some(vals)) => vals.into_iter().map(Val::Int).collect(),
                    Domain::Int(None) => vec![Val::Int(0), Val::Int(1), Val::Int(fresh.int())],
                    Domain::Pointer => vec![Val::Null, fresh.ptr()],
                };
                match candidates.into_iter().find(|v| wanted(*v)) {
                    Some(v) => self.set(term, v, facts),
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// Runs the rules on `facts` as the generated match function does.
    pub fn outcome(&self, facts: &Facts) -> Outcome {
        fn run(m: &Model, rules: &[Rule], facts: &Facts) -> Option<Outcome> {
            for r in rules {
                match r {
                    Rule::When { cond, body, .. } => {
                        if m.eval(cond, facts).is_some_and(Val::truth) {
                            if let Some(o) = run(m, body, facts) {
                                return Some(o);
                            }
                        }
                    }
                    Rule::Require { id, cond, errno, .. } => {
                        if !m.eval(cond, facts).is_some_and(Val::truth) {
                            return Some(Outcome::Fails { id: *id, errno: errno.name.clone(), fatal: errno.fatal });
                        }
                    }
                }
            }
            None
        }
        run(self, &self.t.rules, facts).unwrap_or(Outcome::Compatible)
    }

    /// Gives every field of both candidates a value, so copies can be checked,
    /// and every extern a stub value.
    pub fn complete(&self, facts: &mut Facts, fresh: &mut Fresh) {
        for f in self.t.data.iter().flat_map(|d| &d.fields) {
            for side in [Side::Exp, Side::Imp] {
                let on_side = if side == Side::Exp { f.role.on_exporter() } else { f.role.on_importer() };
                let key = (side, f.name.clone());
                if !on_side {
                    // The other side's constructors never set it.
                    facts.fields.entry(key).or_insert(if f.ty.is_pointer() { Val::Null } else { Val::Int(0) });
                    continue;
                }
                facts.fields.entry(key).or_insert_with(|| {
                    let v = match self.field_domain(f) {
                        Domain::Pointer => fresh.ptr(),
                        Domain::Int(Some(vals)) => Val::Int(vals.first().copied().unwrap_or(0)),
                        Domain::Int(None) => Val::Int(fresh.int()),
                    };
                    v
                });
            }
        }
        for x in &self.t.externs {
            facts.stubs.entry(x.name.clone()).or_insert(match &x.ret {
                Some(t) if t.is_pointer() => Val::Null,
                _ => Val::Int(0),
            });
        }
    }

    /// The conjuncts of a condition: `a && b` fails when either one fails.
    pub fn conjuncts(e: &Expr) -> Vec<&Expr> {
        match e {
            Expr::Binary { op: BinOp::And, lhs, rhs } => {
                let mut v = Self::conjuncts(lhs);
                v.extend(Self::conjuncts(rhs));
                v
            }
            other => vec![other],
        }
    }

    /// Every requirement with its guards, as `(guards, id, condition)`.
    pub fn requirements(&self) -> Vec<(Vec<&'a Expr>, usize, &'a Expr)> {
        self.t
            .requirements()
            .into_iter()
            .filter_map(|(g, r)| match r {
                Rule::Require { id, cond, .. } => Some((g, *id, cond)),
                Rule::When { .. } => None,
            })
            .collect()
    }

    /// Every `when` guard with the guards around it and the conditions inside.
    pub fn whens(&self) -> Vec<(Vec<&'a Expr>, &'a Expr, Vec<&'a Expr>)> {
        fn walk<'a>(
            rules: &'a [Rule],
            outer: &mut Vec<&'a Expr>,
            out: &mut Vec<(Vec<&'a Expr>, &'a Expr, Vec<&'a Expr>)>,
        ) {
            for r in rules {
                if let Rule::When { cond, body, .. } = r {
                    let inner: Vec<&Expr> = body
                        .iter()
                        .filter_map(|b| if let Rule::Require { cond, .. } = b { Some(cond) } else { None })
                        .collect();
                    out.push((outer.clone(), cond, inner));
                    outer.push(cond);
                    walk(body, outer, out);
                    outer.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.t.rules, &mut Vec::new(), &mut out);
        out
    }

    /// Makes every guard and requirement hold, where facts allow.
    pub fn satisfy_all(&self, facts: &mut Facts, fresh: &mut Fresh) {
        for (guards, _, cond) in self.requirements() {
            let open = guards.iter().all(|g| self.eval(g, facts).is_none_or(Val::truth));
            if open {
                for g in guards {
                    self.sat(g, true, facts, fresh);
                }
                self.sat(cond, true, facts, fresh);
            }
        }
    }
}

fn compare(op: BinOp, l: Val, r: Val) -> bool {
    match op {
        BinOp::Eq => l == r,
        BinOp::Ne => l != r,
        _ => {
            let (a, b) = match (l, r) {
                (Val::Int(a), Val::Int(b)) => (a, b),
                // Pointers only compare for (in)equality in definitions.
                _ => return false,
            };
            match op {
                BinOp::Lt => a < b,
                BinOp::Le => a <= b,
                BinOp::Gt => a > b,
                _ => a >= b,
            }
        }
    }
}
