//! The doctests of a core type: one per case of its rules (negotiation),
//! one per result struct whose invariants the entry point must enforce.

use maptype_dsl::ir::{MappingType, ResultStruct, Side};

use super::blocks::{flow, objects, recorded, rust_exporter, stubs, Test};
use super::fixture::attach_helper;
use super::values::fit;
use super::{module, rust_fn, Facts, Fresh, Model, Outcome, Val, BUF_UNITS, FX};
use crate::rust::camel;
use crate::rust::ty::{self, Kind};

/// Cases of the rule model: (title, facts).
fn rule_cases(m: &Model) -> Vec<(String, Facts)> {
    let mut fresh = Fresh::default();
    let mut out = Vec::new();
    let finish = |mut f: Facts, fresh: &mut Fresh| {
        m.satisfy_all(&mut f, fresh);
        m.complete(&mut f, fresh);
        f
    };
    let reqs = m.requirements();
    if reqs.is_empty() {
        out.push(("No rules: the two candidates match.".to_string(), finish(Facts::default(), &mut fresh)));
    }
    for (guards, id, cond) in &reqs {
        let mut f = Facts::default();
        for g in guards {
            m.sat(g, true, &mut f, &mut fresh);
        }
        m.sat(cond, true, &mut f, &mut fresh);
        out.push((format!("Every condition holds, requirement {id} included."), finish(f, &mut fresh)));
        let conj = Model::conjuncts(cond);
        for (ci, c) in conj.iter().enumerate() {
            let mut f = Facts::default();
            for g in guards {
                m.sat(g, true, &mut f, &mut fresh);
            }
            if !m.sat(c, false, &mut f, &mut fresh) {
                continue;
            }
            for (cj, other) in conj.iter().enumerate() {
                if cj != ci {
                    m.sat(other, true, &mut f, &mut fresh);
                }
            }
            out.push((format!("Only requirement {id} fails."), finish(f, &mut fresh)));
        }
    }
    for (wi, (outer, guard, inner)) in m.whens().into_iter().enumerate() {
        let mut f = Facts::default();
        for g in &outer {
            m.sat(g, true, &mut f, &mut fresh);
        }
        m.sat(guard, false, &mut f, &mut fresh);
        for c in &inner {
            m.sat(c, false, &mut f, &mut fresh);
        }
        out.push((
            format!("The guard of `when` block {wi} is false: its requirements are skipped."),
            finish(f, &mut fresh),
        ));
    }
    out
}

/// The size of test buffers of `t`, in bytes, and its alignment unit.
pub(super) fn buffer(t: &MappingType) -> (u128, u128) {
    let unit = t
        .results
        .iter()
        .flat_map(|r| &r.invariants)
        .find_map(|i| match &i.check {
            maptype_dsl::ir::Check::EachAligned { align, .. } => {
                Some(maptype_dsl::solver::validation::constant_value(align))
            }
            _ => None,
        })
        .unwrap_or(4096);
    (BUF_UNITS * unit, unit)
}

/// A valid result: one range covering the buffer.
fn valid_result(r: &ResultStruct) -> String {
    let (addr, len) = r.range.clone().unwrap_or_default();
    format!(
        "// SAFETY: The attachment's buffer is live while it is mapped.\n\
            let size = unsafe {{ (*attach.dmabuf()).size }};\n{}::new(&[bindings::{} {{ {addr}: 1 << 32, {len}: size \
            as _ }}])\n",
        camel(&r.name),
        r.array.ty.struct_name().unwrap_or_default()
    )
}

/// The negotiation doctests of a core type, one per case of its rules.
pub(super) fn negotiation_tests(t: &MappingType) -> Vec<Vec<String>> {
    let model = Model::new(t);
    let m = module(t);
    let (size, _) = buffer(t);
    let mut out = Vec::new();
    for (why, facts) in rule_cases(&model) {
        let Some((ector, eargs)) = fit(t, Side::Exp, &facts, true) else { continue };
        let Some((ictor, iargs)) = fit(t, Side::Imp, &facts, false) else { continue };
        let mut test = Test::default();
        let result_body = |r: &ResultStruct| {
            let body = valid_result(r);
            body.replacen(&format!("{}::new", camel(&r.name)), &format!("{m}::{}::new", camel(&r.name)), 1)
        };
        rust_exporter(t, 1, &result_body, &mut test);
        objects(t, &facts, &mut test);
        for op in t.ops.iter().flat_map(|o| &o.ops) {
            if let Some(Ok(Kind::Handed(st))) = op.ret.as_ref().map(|r| ty::classify(t, r)) {
                test.show(format!(
                    "// SAFETY: A fixture, freed when the test ends.\nlet res = unsafe {{ \
                        bindings::{FX}_object(core::mem::size_of::<bindings::{st}>()) }};\n\
                        {}_RESULT.store(res.cast(), Relaxed);",
                    op.name.to_uppercase()
                ));
            }
        }
        stubs(t, &facts, &mut test);
        let ecall = format!("{m}::{}::<Exporter>({})", rust_fn(&ector.name), eargs.join(", "));
        test.show(format!(
            "\n// A Rust exporter offers {}(); C importers attach with {}().\n\
                let mut candidates = MatchList::<'static, 1>::new();\nassert!(candidates.push({ecall}).is_ok());\n\
                let size: usize = {size};\nlet priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();\n\
                // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.\n\
                let dmabuf = unsafe {{ bindings::{FX}_export(&OPS.0, size, priv_) }};\nassert!(!dmabuf.is_null());",
            ector.name, ictor.name
        ));
        let mut iall = vec!["dmabuf".to_string()];
        iall.extend(iargs);
        test.show(format!(
            "// SAFETY: The buffer is live; the candidate's objects outlive the attachment.\n\
                let attach = kernel::error::from_err_ptr(unsafe {{ bindings::{FX}_{}({}) }});",
            attach_helper(ictor),
            iall.join(", ")
        ));
        match model.outcome(&facts) {
            Outcome::Compatible => {
                test.show(
                    "assert!(attach.is_ok());\nif let Ok(attach) = attach {\n    // SAFETY: Attached above, \
                    detached below.\n    let a = unsafe { Attachment::from_raw(attach) };",
                );
                let mut inner = Test::default();
                inner.show(format!("assert!({m}::is_{}(a));", t.name));
                if let (Some(oa), Some(_)) = (&t.ops_accessor, &t.ops) {
                    inner.show(format!(
                        "assert!({m}::{}(a).is_some_and(|o| core::ptr::eq(o, \
                            {m}::{}ExporterVTable::<Exporter>::ops())));",
                        rust_fn(oa),
                        camel(&t.name)
                    ));
                }
                let mut stored = Facts::default();
                for k in &t.on_match.keep {
                    if let Some(v) = facts.fields.get(&(k.side, k.field.clone())) {
                        stored.fields.insert((Side::Stored, k.field.clone()), *v);
                    }
                }
                stored.stubs = facts.stubs.clone();
                for acc in &t.accessors {
                    let Some(v) = model.eval(&acc.value, &stored) else { continue };
                    let f = format!("{m}::{}(a)", rust_fn(&acc.name));
                    let line = match (ty::classify(t, &acc.ret), v) {
                        (Ok(Kind::Device), Val::Ptr(n)) => format!(
                            "assert!({f}.is_some_and(|d| core::ptr::eq(d, \
                            unsafe {{ &*obj{n}.cast::<kernel::device::Device>() }})));"
                        ),
                        (Ok(Kind::Borrowed(_)), Val::Ptr(n)) => format!(
                            "assert!({f}.is_some_and(|p| p.as_raw().cast() \
                            == obj{n}));"
                        ),
                        (Ok(Kind::Device | Kind::Borrowed(_)), Val::Null) => format!("assert!({f}.is_none());"),
                        (Ok(Kind::Scalar), Val::Int(i)) if acc.ret.is_bool() => {
                            if i != 0 {
                                format!("assert!({f});")
                            } else {
                                format!("assert!(!{f});")
                            }
                        }
                        (Ok(Kind::Scalar), Val::Int(i)) => format!("assert_eq!({f}, Some({i}));"),
                        _ => continue,
                    };
                    inner.show(line);
                }
                // What the op got for a bound parameter: the negotiated object.
                let bound = |e: &maptype_dsl::ir::Entry| -> Vec<String> {
                    let mut lines = Vec::new();
                    for b in &e.bound {
                        let Some(op) = t.op(&e.op) else { continue };
                        let Some(p) = op.params.iter().find(|p| p.name == b.param) else { continue };
                        let Some(k) = t.on_match.keep.iter().find(|k| k.field == b.field) else { continue };
                        let (Ok(Kind::Borrowed(_)), Some(Val::Ptr(n))) =
                            (ty::classify(t, &p.ty), facts.fields.get(&(k.side, k.field.clone())))
                        else {
                            continue;
                        };
                        lines.push(format!(
                            "// `{}` came from the negotiated `{}`.\nassert_eq!({}.load(Relaxed), obj{n});",
                            b.param,
                            b.field,
                            recorded(&op.name, &b.param)
                        ));
                    }
                    lines
                };
                flow(
                    t,
                    &|i| format!("CALLS[{i}].load(Relaxed)"),
                    &|i| {
                        let op = &t.ops.as_ref().expect("ops").ops[i];
                        format!("{}_RESULT.load(Relaxed)", op.name.to_uppercase())
                    },
                    &bound,
                    &mut inner,
                );
                inner.show("// SAFETY: Attached above.\nunsafe { bindings::dma_buf_detach(dmabuf, attach) };");
                for (_, l) in inner.lines {
                    test.show(format!("    {l}"));
                }
                test.show("}");
            }
            Outcome::Fails { errno, fatal, .. } => {
                let overall = if fatal { errno.clone() } else { "EINVAL".into() };
                let note = if fatal {
                    format!("{errno} aborts the attach")
                } else {
                    format!("{errno}: no other candidate, so no common type")
                };
                test.show(format!(
                    "// {note}; no op ran.\nassert!(attach.is_err_and(|e| e.to_errno() == -(bindings::{overall} as \
                        i32)));\nassert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));"
                ));
            }
        }
        if crate::emit::warns(t) {
            let n = usize::from(crate::emit::warn_fails(t, &model.outcome(&facts)));
            test.show(format!(
                "// Driver bugs the rules marked warn reported.\n\
                    // SAFETY: A fixture of this test.\nassert_eq!(unsafe {{ bindings::{FX}_{}_rule_warns() }}, {n});",
                t.name
            ));
        }
        test.show("// SAFETY: The test's reference.\nunsafe { bindings::dma_buf_put(dmabuf) };");
        out.push(test.doc(&format!("A Rust exporter and a C importer. {why}")));
    }
    out
}

/// The doctest of each result's invariants: the Rust exporter returns a list
/// breaking each one in turn (then a valid one); the C entry point must
/// refuse it with the invariant's errno and give it back through the Rust
/// unmap op at once.
pub(super) fn invariant_tests(t: &MappingType) -> Vec<Vec<String>> {
    let model = Model::new(t);
    let m = module(t);
    let (size, u) = buffer(t);
    let mut out = Vec::new();
    let Some((_, facts)) = rule_cases(&model).into_iter().find(|(_, f)| model.outcome(f) == Outcome::Compatible) else {
        return out;
    };
    for r in t.results.iter().filter(|r| r.is_struct()) {
        let Some(entry) = t.entries.iter().find(|e| e.validates.as_deref() == Some(r.name.as_str())) else { continue };
        let Some(mop) = t.ops.as_ref().and_then(|o| o.ops.iter().position(|op| op.name == entry.op)) else { continue };
        let Some(uop) = t.ops.as_ref().and_then(|o| {
            o.ops.iter().position(|op| {
                op.params.iter().any(|p| ty::classify(t, &p.ty).ok() == Some(Kind::Result(r.name.clone())))
            })
        }) else {
            continue;
        };
        if entry.lock == Some(maptype_dsl::ir::Lock::Takes) || entry.partner.is_none() {
            continue;
        }
        let Some((ector, eargs)) = fit(t, Side::Exp, &facts, true) else { continue };
        let Some((ictor, iargs)) = fit(t, Side::Imp, &facts, false) else { continue };
        let (addr, len) = r.range.clone().unwrap_or_default();
        let elem = r.array.ty.struct_name().unwrap_or_default();
        // The solver's sample lists, which the checker proved cover every invariant.
        let lists: Vec<Vec<(u128, u128)>> =
            maptype_dsl::solver::samples::pool().iter().map(|l| maptype_dsl::solver::samples::to_bytes(l, u)).collect();
        let valid = lists.first().expect("the pool starts with the valid list");
        if maptype_dsl::solver::validation::first_violation(r, valid, size).is_some() {
            continue;
        }
        let list = |l: &[(u128, u128)]| -> String {
            let items: Vec<String> =
                l.iter().map(|(a, n)| format!("bindings::{elem} {{ {addr}: {a:#x}, {len}: {n:#x} }}")).collect();
            match items.len() {
                0 => "&[]".into(),
                1 => format!("&[{}]", items[0]),
                _ => format!("&[\n        {},\n    ]", items.join(",\n        ")),
            }
        };
        let mut rows = Vec::new();
        let raw = maptype_dsl::solver::samples::pool();
        for inv in &r.invariants {
            let Some(l) = maptype_dsl::solver::samples::breaking(r, inv, &raw) else { continue };
            rows.push(format!(
                "    // Breaks: {}.\n    ({}, -(bindings::{} as i32)),",
                crate::describe_check(&inv.check, r).replace('@', ""),
                list(&maptype_dsl::solver::samples::to_bytes(l, u)),
                inv.errno
            ));
        }
        rows.push(format!("    // Valid.\n    ({}, 0),", list(valid)));
        let mut test = Test::default();
        let body = format!("{m}::{}::new(LISTS[CASE.load(Relaxed)].0)\n", camel(&r.name));
        rust_exporter(t, 1, &|_| body.clone(), &mut test);
        test.hide("\n/// The list the exporter returns next.\nstatic CASE: AtomicUsize = AtomicUsize::new(0);\n");
        test.show(format!(
            "/// What the exporter returns in turn, and the errno the entry point must refuse it with.\n\
                const LISTS: &[(&[bindings::{elem}], i32)] = &[\n{}\n];\n",
            rows.join("\n")
        ));
        let mut iall = vec!["dmabuf".to_string()];
        iall.extend(iargs);
        test.show(format!(
            "let mut candidates = MatchList::<'static, \
                1>::new();\nassert!(candidates.push({m}::{}::<Exporter>({})).is_ok());\n\
                let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();\n\
                // The checks report to a counter, not WARN(), until the test ends.\n\
                // SAFETY: A fixture of this test.\nunsafe {{ bindings::{FX}_count_{name}_check_warns() }};\n\
                // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.\n\
                let dmabuf = unsafe {{ bindings::{FX}_export(&OPS.0, {size}, priv_) }};\nassert!(!dmabuf.is_null());\n\
                // SAFETY: The buffer is live.\nlet attach = kernel::error::from_err_ptr(unsafe {{ \
                bindings::{FX}_{}({}) }});\nassert!(attach.is_ok());\nif let Ok(attach) = attach {{\n    // SAFETY: \
                Attached above, detached below.\n    let a = unsafe {{ Attachment::from_raw(attach) }};\n    for (i, \
                (_, errno)) in LISTS.iter().enumerate() {{\n        CASE.store(i, Relaxed);\n        // SAFETY: The \
                buffer is live.\n        unsafe {{ bindings::{FX}_lock(dmabuf) }};\n        // SAFETY: The reservation \
                lock is held.\n        let mapped = unsafe {{ {m}::{}(a) }};\n        // SAFETY: Locked \
                above.\n        unsafe {{ bindings::{FX}_unlock(dmabuf) }};\n        \
                assert_eq!(CALLS[{mop}].load(Relaxed), i + 1);\n        if *errno == 0 {{\n            \
                assert!(mapped.is_ok());\n            drop(mapped);\n        }} else {{\n            \
                assert!(mapped.is_err_and(|e| e.to_errno() == *errno));\n        }}\n        // Each refused list \
                broke one check, which reported it; the valid one broke none.\n        // SAFETY: A fixture of this \
                test.\n        let warned = unsafe {{ bindings::{FX}_{name}_check_warns() }};\n        \
                assert_eq!(warned as usize, LISTS[..=i].iter().filter(|l| l.1 != 0).count());\n        // Refused lists went \
                back to the exporter at once; the valid one when dropped.\n        \
                assert_eq!(CALLS[{uop}].load(Relaxed), i + 1);\n    }}\n    // SAFETY: Attached above.\n    unsafe {{ \
                bindings::dma_buf_detach(dmabuf, attach) }};\n}}\n// SAFETY: The test's reference.\n\
                unsafe {{ bindings::dma_buf_put(dmabuf) }};",
            rust_fn(&ector.name),
            eargs.join(", "),
            attach_helper(ictor),
            iall.join(", "),
            rust_fn(&entry.name),
            name = t.name,
        ));
        out.push(test.doc(&format!(
            "The C entry point `{}()` refuses every {} that breaks an invariant and gives it back to the Rust \
                exporter.",
            entry.name, r.name
        )));
    }
    out
}
