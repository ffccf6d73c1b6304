//! Cases for what drivers call: accessors on another type, constructors,
//! the single-exporter initializer and the entry points' type check.

use askama::Template;
use maptype_dsl::ir::{CtorForm, Entry, Lock, Op, Side, Target as CtorTarget};
use maptype_dsl::solver::preconditions::{entry_samples, Base, Sample};

use super::{c_val, expect, filters, Case, Ctx, Expect, Facts, Val};

#[derive(Template)]
#[template(path = "kunit/other_type_case.c", escape = "none")]
struct OtherTypeCase<'a> {
    expects: Vec<Expect>,
    ops_accessor: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "kunit/ctor_case.c", escape = "none")]
struct CtorCase<'a> {
    ctor: &'a str,
    args: Vec<String>,
    symbol: &'a str,
    exporter: bool,
    /// The match data struct, and how the case reaches it in `m`.
    data: Option<&'a str>,
    view: String,
    expects: Vec<Expect>,
}

#[derive(Template)]
#[template(path = "kunit/single_case.c", escape = "none")]
struct SingleCase<'a> {
    symbol: &'a str,
    ops: &'a str,
    op_names: &'a [String],
}

#[derive(Template)]
#[template(path = "kunit/entry_case.c", escape = "none")]
struct EntryCase<'a> {
    entry: &'a str,
    res_decl: String,
    args: Vec<String>,
    /// The caller holds the reservation lock.
    locked: bool,
    err_ptr: bool,
    pointer: bool,
    /// The type check's name, as a C string literal.
    breaks: String,
}

/// An entry point called on an attachment of this type.
#[derive(Template)]
#[template(path = "kunit/entry_call_case.c", escape = "none")]
struct EntryCallCase<'a> {
    why: String,
    symbol: &'a str,
    data_decl: Option<String>,
    res_decl: Option<String>,
    /// Match data and op results the case sets first.
    setup: Vec<String>,
    locked: bool,
    call: String,
    expects: Vec<String>,
}

/// A sample argument, in C.
fn sample_c(s: &Sample) -> String {
    let base = match &s.base {
        Base::Zero => return s.offset.to_string(),
        Base::Unit(u) => u.clone(),
        Base::BufferSize => "env->dmabuf->size".to_string(),
    };
    match s.offset {
        0 => base,
        o if o > 0 => format!("{base} + {o}"),
        o => format!("{base} - {}", -o),
    }
}

impl Ctx<'_> {
    /// The arguments of a call of entry `e`: the attachment, then each
    /// parameter its caller passes, a good sample where one is checked.
    pub(super) fn entry_args(
        e: &Entry,
        op: &Op,
        good: &[(String, Sample)],
        broken: Option<&(String, Sample)>,
    ) -> Vec<String> {
        op.params
            .iter()
            .filter(|p| !e.bound.iter().any(|b| b.param == p.name))
            .map(|p| {
                if let Some((_, s)) = broken.filter(|(n, _)| *n == p.name) {
                    sample_c(s)
                } else if let Some((_, s)) = good.iter().find(|(n, _)| *n == p.name) {
                    sample_c(s)
                } else if p.name == "attach" || p.ty.struct_name() == Some("dma_buf_attachment") {
                    "env->attach".into()
                } else if p.ty.is_pointer() {
                    "NULL".into()
                } else {
                    "0".into()
                }
            })
            .collect()
    }

    /// Cases of an entry point's own checks: each precondition broken alone,
    /// the bound parameters passed from the match data, and an errno op's
    /// result passed through (a positive one refused).
    pub(super) fn entry_call_cases(&self) -> Vec<Case> {
        let t = self.t;
        let mut cases = Vec::new();
        for e in &t.entries {
            let Some(op) = t.op(&e.op) else { continue };
            // The checker proved these exist.
            let Ok(samples) = entry_samples(e, op) else { continue };
            let locked = e.lock == Some(Lock::Held);
            let ret = op.ret.as_ref();
            let res_decl = ret.map(|r| r.declare("res"));
            let call = |args: Vec<String>| {
                let head = if ret.is_some() { "res = " } else { "" };
                format!("{head}{}({});", e.name, args.join(", "))
            };
            let data_decl =
                t.data.as_ref().filter(|_| !e.bound.is_empty()).map(|d| format!("struct {} *data", d.struct_name));
            let view = format!("data = {};", crate::emit::data_ref(t, "&env->attach->map_type", true));
            let mut bound_setup = Vec::new();
            let mut bound_expects = Vec::new();
            for (k, b) in e.bound.iter().enumerate() {
                let Some(f) = t.field(&b.field) else { continue };
                let v = if f.ty.is_pointer() { "test_obj(0)".to_string() } else { (k + 7).to_string() };
                bound_setup.push(format!("data->{} = {v};", b.field));
                let got = format!("test_{}_{}", op.name, b.param);
                bound_expects.push(if f.ty.is_pointer() {
                    format!("KUNIT_EXPECT_PTR_EQ(test, {got}, {v});")
                } else {
                    format!("KUNIT_EXPECT_EQ(test, {got}, {v});")
                });
            }
            let mut setup = Vec::new();
            if data_decl.is_some() {
                setup.push(view.clone());
                setup.extend(bound_setup.clone());
            }
            // Every case of this entry differs only in these.
            let mut push = |name: String, why: String, setup: Vec<String>, args: Vec<String>, expects: Vec<String>| {
                let body = EntryCallCase {
                    why,
                    symbol: &t.symbol,
                    data_decl: data_decl.clone(),
                    res_decl: res_decl.clone(),
                    setup,
                    locked,
                    call: call(args),
                    expects,
                };
                cases.push(Case::new(format!("{}_{name}", e.name), body));
            };
            // Each precondition refuses the call alone, before the op runs.
            for (i, (p, broken)) in e.preconditions.iter().zip(&samples.breaks).enumerate() {
                let args = Self::entry_args(e, op, &samples.good, Some(broken));
                let mut expects = match ret {
                    Some(r) if r.is_pointer() => vec![
                        "KUNIT_EXPECT_TRUE(test, IS_ERR(res));".to_string(),
                        format!("KUNIT_EXPECT_EQ(test, PTR_ERR(res), -{});", p.errno),
                    ],
                    _ => vec![format!("KUNIT_EXPECT_EQ(test, res, -{});", p.errno)],
                };
                expects.push("KUNIT_EXPECT_EQ(test, test_op_calls, 0);".into());
                let why = format!(
                    "Precondition {} of {}: {} breaks it, so the op is not called.",
                    i + 1,
                    e.name,
                    sample_c(&broken.1)
                );
                push(format!("precondition_{}", i + 1), why, setup.clone(), args, expects);
            }
            let args = Self::entry_args(e, op, &samples.good, None);
            if op.errno() {
                for (name, op_ret, want, why) in [
                    ("passes_errno", "-EIO", "-EIO", "The exporter's errno reaches the caller."),
                    ("refuses_positive", "1", "-EINVAL", "A positive return is an exporter bug: refused."),
                    ("succeeds", "0", "0", "Every check passes: the op runs once, with the negotiated values."),
                ] {
                    let mut s = setup.clone();
                    s.push(format!("test_{}_ret = {op_ret};", op.name));
                    if name == "refuses_positive" {
                        let check = crate::emit::check_names::literal(&crate::emit::check_names::errno(op));
                        s.push(format!("test_check_breaks = {check};"));
                    }
                    let mut expects = vec![
                        format!("KUNIT_EXPECT_EQ(test, res, {want});"),
                        "KUNIT_EXPECT_EQ(test, test_op_calls, 1);".to_string(),
                    ];
                    if name == "succeeds" {
                        expects.extend(bound_expects.clone());
                    }
                    push(name.into(), why.into(), s, args.clone(), expects);
                }
            } else if !e.bound.is_empty() && (ret.is_none() || e.validates.is_none()) {
                let mut expects = vec!["KUNIT_EXPECT_EQ(test, test_op_calls, 1);".to_string()];
                expects.extend(bound_expects);
                let why = "The op runs once, with the negotiated values.".to_string();
                push("passes_bound".into(), why, setup, args, expects);
            }
        }
        cases
    }

    pub(super) fn other_type_case(&self) -> Option<Case> {
        let t = self.t;
        if t.accessors.is_empty() && t.ops_accessor.is_none() {
            return None;
        }
        let expects = t
            .accessors
            .iter()
            .map(|a| {
                let zero = if a.ret.is_pointer() { Val::Null } else { Val::Int(0) };
                expect(t, format!("{}(env->attach)", a.name), &a.ret, None, zero)
            })
            .collect();
        let body = OtherTypeCase { expects, ops_accessor: t.ops_accessor.as_deref() };
        Some(Case::new("accessors_reject_other_types", body))
    }

    pub(super) fn ctor_cases(&mut self) -> Vec<Case> {
        let t = self.t;
        let mut cases = Vec::new();
        for (is_exp, c) in t.importers.iter().map(|c| (false, c)).chain(t.exporters.iter().map(|c| (true, c))) {
            let mut args = Vec::new();
            let mut facts = Facts::default();
            let side = if is_exp { Side::Exp } else { Side::Imp };
            for p in &c.params {
                match &p.target {
                    CtorTarget::Ops => args.push("&test_ops[0]".to_string()),
                    CtorTarget::Field(f) => {
                        let field = t.field(f);
                        let v = if p.ty.is_pointer() {
                            self.fresh.ptr()
                        } else if let Some(vals) = field.and_then(|fd| {
                            let e = t.enum_by_name(fd.enum_name.as_deref()?)?;
                            Some(
                                e.values
                                    .iter()
                                    .filter(|v| fd.allowed.is_empty() || fd.allowed.contains(&v.name))
                                    .map(|v| v.value)
                                    .collect::<Vec<_>>(),
                            )
                        }) {
                            // A non-zero allowed value, so a forgotten copy shows.
                            Val::Int(vals.iter().copied().rev().find(|v| *v != 0).unwrap_or(0))
                        } else {
                            Val::Int(self.fresh.int())
                        };
                        args.push(c_val(t, v, field.and_then(|fd| fd.enum_name.as_deref())));
                        facts.fields.insert((side, f.clone()), v);
                    }
                }
            }
            for a in &c.fixed {
                facts.fields.insert((side, a.field.clone()), Val::of(&a.value));
            }
            // Exactly the declared fields are filled; every other one is zero.
            let expects = t
                .data
                .iter()
                .flat_map(|d| &d.fields)
                .map(|f| {
                    let unset = if f.ty.is_pointer() { Val::Null } else { Val::Int(0) };
                    let v = facts.fields.get(&(side, f.name.clone())).copied().unwrap_or(unset);
                    expect(t, format!("data->{}", f.name), &f.ty, f.enum_name.as_deref(), v)
                })
                .collect();
            let body = CtorCase {
                ctor: &c.name,
                args,
                symbol: &t.symbol,
                exporter: is_exp,
                data: t.data.as_ref().map(|d| d.struct_name.as_str()),
                view: crate::emit::data_ref(t, "&m", false),
                expects,
            };
            let kind = if c.form == CtorForm::Macro { "macro" } else { "inline" };
            cases.push(Case::new(format!("constructor_{}_{kind}", c.name.to_lowercase()), body));
        }
        if let (Some(se), Some(o)) = (&t.single_exporter, &t.ops) {
            let body = SingleCase { symbol: &t.symbol, ops: &o.name, op_names: &se.ops };
            cases.push(Case::new(format!("{}_initializer", se.name.to_lowercase()), body));
        }
        cases
    }

    pub(super) fn entry_cases(&self) -> Vec<Case> {
        let t = self.t;
        let mut cases = Vec::new();
        for e in &t.entries {
            let Some(op) = t.op(&e.op) else { continue };
            let Some(ret) = &op.ret else { continue };
            // Good arguments, so only the type check can refuse the call.
            let good = entry_samples(e, op).map(|s| s.good).unwrap_or_default();
            let args = Self::entry_args(e, op, &good, None);
            let body = EntryCase {
                entry: &e.name,
                res_decl: ret.declare("res"),
                args,
                locked: e.lock == Some(maptype_dsl::ir::Lock::Held),
                err_ptr: ret.is_pointer() && op.err_ptr(),
                pointer: ret.is_pointer(),
                breaks: crate::emit::check_names::literal(&crate::emit::check_names::attachment_type(t)),
            };
            cases.push(Case::new(format!("{}_checks_the_type", e.name), body));
        }
        cases
    }
}
