//! Cases for what drivers call: accessors on another type, constructors,
//! the single-exporter initializer and the entry points' type check.

use askama::Template;
use maptype_dsl::ir::{CtorForm, Side, Target as CtorTarget};

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
}

impl Ctx<'_> {
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
            let args: Vec<String> = op
                .params
                .iter()
                .map(|p| {
                    if p.name == "attach" || p.ty.struct_name() == Some("dma_buf_attachment") {
                        "env->attach".into()
                    } else if p.ty.is_pointer() {
                        "NULL".into()
                    } else {
                        "0".into()
                    }
                })
                .collect();
            let body = EntryCase {
                entry: &e.name,
                res_decl: ret.declare("res"),
                args,
                locked: e.lock == Some(maptype_dsl::ir::Lock::Held),
                err_ptr: ret.is_pointer() && op.err_ptr(),
                pointer: ret.is_pointer(),
            };
            cases.push(Case::new(format!("{}_checks_the_type", e.name), body));
        }
        cases
    }
}
