//! The building blocks of a doctest: its lines, the hidden Rust exporter
//! (trait impl, vtable, `match_mapping`), the objects and stubs a case
//! needs, and the map/unmap flow through the entry points.

use maptype_dsl::ir::{CType, MappingType, ResultStruct};

use super::fixture::stub_helper;
use super::values::raw_value;
use super::{module, rule_externs, rust_fn, ts, Facts, Val, FX};
use crate::rust::camel;
use crate::rust::ty::{self, Kind};

/// One doctest: its lines (`hidden` ones are compiled but not shown).
#[derive(Default)]
pub(super) struct Test {
    pub(super) lines: Vec<(bool, String)>,
}

impl Test {
    pub(super) fn hide(&mut self, l: impl Into<String>) {
        for line in l.into().lines() {
            self.lines.push((true, line.to_string()));
        }
    }
    pub(super) fn show(&mut self, l: impl Into<String>) {
        for line in l.into().lines() {
            self.lines.push((false, line.to_string()));
        }
    }
    /// The doc lines, fenced.
    pub(super) fn doc(&self, title: &str) -> Vec<String> {
        let mut out = vec![title.to_string(), String::new(), "```".to_string()];
        for (hidden, l) in &self.lines {
            out.push(match (hidden, l.is_empty()) {
                (true, true) => "#".into(),
                (true, false) => format!("# {l}"),
                (false, _) => l.clone(),
            });
        }
        out.push("```".into());
        out
    }
}

/// Counter and result statics, the exporter trait impl, its
/// `match_mapping` and `dma_buf_ops` (hidden: the same in every test).
pub(super) fn rust_exporter(
    t: &MappingType,
    list_len: usize,
    result_body: &dyn Fn(&ResultStruct) -> String,
    test: &mut Test,
) {
    let o = t.ops.as_ref().expect("playable");
    let m = module(t);
    let n = o.ops.len();
    let mut s = String::new();
    s.push_str(&format!(
        "use core::ptr::NonNull;\nuse core::sync::atomic::{{AtomicPtr, AtomicUsize, \
        Ordering::Relaxed}};\nuse kernel::bindings;\nuse kernel::dma_buf::mapping::{{self, {}, Attachment, MatchArgs, \
        MatchList}};\nuse kernel::prelude::*;\n\n",
        t.name
    ));
    s.push_str(&format!(
        "/// Calls of each exporter op, in declaration order.\nstatic CALLS: [AtomicUsize; {n}] = [{}];\n",
        vec!["AtomicUsize::new(0)"; n].join(", ")
    ));
    for op in &o.ops {
        if let Some(Ok(Kind::Handed(st))) = op.ret.as_ref().map(|r| ty::classify(t, r)) {
            s.push_str(&format!(
                "/// What `{}` hands over.\nstatic {}_RESULT: AtomicPtr<bindings::{st}> = \
                    AtomicPtr::new(core::ptr::null_mut());\n",
                op.name,
                op.name.to_uppercase()
            ));
        }
    }
    s.push_str("\nstruct Exporter;\n\n");
    let tr = format!("{m}::{}Exporter", camel(&t.name));
    s.push_str(&format!("impl {tr} for Exporter {{\n"));
    for (i, op) in o.ops.iter().enumerate() {
        let uses_attach = op.ret.as_ref().is_some_and(|r| matches!(ty::classify(t, r), Ok(Kind::Result(_))));
        let mut params = Vec::new();
        for p in &op.params {
            let k = ty::classify(t, &p.ty).expect("playable");
            let used = matches!(k, Kind::Attach) && uses_attach;
            let name = if used { p.name.clone() } else { format!("_{}", p.name) };
            let tyt = match &k {
                Kind::Attach => "&Attachment".to_string(),
                Kind::Direction => "mapping::DataDirection".into(),
                Kind::Handed(st) => format!("NonNull<bindings::{st}>"),
                Kind::Result(st) => format!("{m}::{}", camel(st)),
                _ => ts(ty::scalar(&p.ty)),
            };
            params.push(format!("{name}: {tyt}"));
        }
        let (ret, body) = match op.ret.as_ref().map(|r| (ty::classify(t, r), r)) {
            None => (String::new(), String::new()),
            Some((Ok(Kind::Handed(st)), _)) => (
                format!(" -> Result<NonNull<bindings::{st}>>"),
                format!("    NonNull::new({}_RESULT.load(Relaxed)).ok_or(ENOMEM)\n", op.name.to_uppercase()),
            ),
            Some((Ok(Kind::Result(st)), _)) => {
                let r = t.result(&st).expect("classified");
                (format!(" -> Result<{m}::{}>", camel(&st)), result_body(r))
            }
            Some(_) => (" -> Result".into(), "    Ok(())\n".into()),
        };
        s.push_str(&format!(
            "    fn {}({}){ret} {{\n        CALLS[{i}].fetch_add(1, Relaxed);\n{}    }}\n",
            crate::rust::field_ident(&op.name),
            params.join(", "),
            body.lines().map(|l| format!("    {l}\n")).collect::<String>()
        ));
    }
    s.push_str("}\n\n");
    s.push_str(&format!(
        "impl mapping::MatchMapping for Exporter {{
    fn match_mapping(args: &MatchArgs) -> Result {{
        // SAFETY: The buffer was exported with its candidates as `priv`, which
        // outlive every attach.
        let list = unsafe {{
            &*(*args.attachment().dmabuf()).priv_.cast::<MatchList<'static, {list_len}>>()
        }};
        mapping::match_mapping(args, list)
    }}
}}

/// The buffer's `dma_buf_ops`: mapping-aware, so only `match_mapping`.
struct Ops(bindings::dma_buf_ops);
// SAFETY: Only the dma-buf core reads the ops, and nothing writes them.
unsafe impl Sync for Ops {{}}
static OPS: Ops = Ops(bindings::dma_buf_ops {{
    match_mapping: Some(mapping::match_mapping_callback::<Exporter>()),
    release: Some(release),
    // SAFETY: NULL is valid for every other member.
    ..unsafe {{ core::mem::zeroed() }}
}});

unsafe extern \"C\" fn release(_dmabuf: *mut bindings::dma_buf) {{}}
"
    ));
    test.hide(s);
}

fn device_ptr() -> CType {
    CType::struct_named("device").pointer()
}

/// Creates the objects `facts` point to, as `objN`.
pub(super) fn objects(t: &MappingType, facts: &Facts, test: &mut Test) {
    let mut seen = std::collections::BTreeMap::new();
    for ((_, f), v) in &facts.fields {
        if let Val::Ptr(n) = v {
            let ptr = t.field(f).map(|fd| fd.ty.clone()).unwrap_or_else(device_ptr);
            seen.entry(*n).or_insert(ptr);
        }
    }
    for (x, v) in &facts.stubs {
        if let Val::Ptr(n) = v {
            let ptr = t.extern_fn(x).and_then(|e| e.ret.clone()).unwrap_or_else(device_ptr);
            seen.entry(*n).or_insert(ptr);
        }
    }
    for (n, ptr) in seen {
        let make = if ty::classify(t, &ptr) == Ok(Kind::Device) {
            format!("bindings::{FX}_device()")
        } else {
            format!("bindings::{FX}_object(core::mem::size_of::<{}>())", ts(ty::scalar(&ptr)))
        };
        test.show(format!(
            "// SAFETY: Test fixtures, freed when the test ends.\n\
            let obj{n}: *mut core::ffi::c_void = unsafe {{ {make} }}.cast();\nassert!(!obj{n}.is_null());"
        ));
    }
}

pub(super) fn stubs(t: &MappingType, facts: &Facts, test: &mut Test) {
    for x in rule_externs(t) {
        let v = facts.stubs.get(&x.name).copied().unwrap_or(Val::Int(0));
        let r = x.ret.clone().unwrap_or_else(|| CType::plain("int"));
        test.show(format!(
            "// SAFETY: The stub lasts until the test ends.\nunsafe {{ bindings::{FX}_{}({}) }};",
            stub_helper(t, &x.name),
            raw_value(t, &r, None, v)
        ));
    }
}

/// Maps and unmaps through the type's entry points, checking that the
/// exporter's ops ran once each and its result came back.
pub(super) fn flow(
    t: &MappingType,
    calls: &dyn Fn(usize) -> String,
    result: &dyn Fn(usize) -> String,
    test: &mut Test,
) -> bool {
    use maptype_dsl::ir::Lock;
    let Some(o) = &t.ops else { return false };
    let op_index = |name: &str| o.ops.iter().position(|op| op.name == name);
    let rank = |l: Option<Lock>| match l {
        Some(Lock::Takes) => 0,
        None => 1,
        Some(Lock::Held) => 2,
    };
    let mut entries: Vec<_> =
        t.entries.iter().filter(|e| t.op(&e.op).is_some_and(|op| op.err_ptr() && op.ret.is_some())).collect();
    entries.sort_by_key(|e| rank(e.lock));
    let Some(e) = entries.first() else { return false };
    let op = t.op(&e.op).expect("filtered");
    let Some(mi) = op_index(&op.name) else { return false };
    let m = module(t);
    let mut args = Vec::new();
    for p in &op.params {
        match ty::classify(t, &p.ty) {
            Ok(Kind::Attach) => args.push("a".to_string()),
            Ok(Kind::Direction) => args.push("mapping::DataDirection::Bidirectional".into()),
            _ => return false,
        }
    }
    let held = e.lock == Some(Lock::Held);
    let call = format!("{m}::{}({})", rust_fn(&e.name), args.join(", "));
    let (lock, unlock) = if held {
        (
            format!("// SAFETY: The buffer is live.\nunsafe {{ bindings::{FX}_lock(dmabuf) }};\n"),
            format!("// SAFETY: Locked above.\nunsafe {{ bindings::{FX}_unlock(dmabuf) }};\n"),
        )
    } else {
        (String::new(), String::new())
    };
    let call = if held {
        format!("// SAFETY: The reservation lock is held.\nlet mapped = unsafe {{ {call} }};\n")
    } else {
        format!("let mapped = {call};\n")
    };
    match ty::classify(t, op.ret.as_ref().expect("filtered")) {
        Ok(Kind::Result(st)) => {
            let r = t.result(&st).expect("classified");
            let (_, len) = r.range.clone().unwrap_or_default();
            let Some(partner) = e.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p)) else {
                return false;
            };
            let Some(ui) = op_index(&partner.op) else { return false };
            test.show(format!(
                "// Through the C entry point, which checks the exporter's list.\n\
                    {lock}{call}{unlock}assert!(mapped.as_ref().is_ok_and(|m| m.entries().iter().map(|e| e.{len} as \
                    u64).sum::<u64>() == size as u64));\nassert_eq!({}, 1);\n\
                    // Given back to the exporter when dropped.\ndrop(mapped);\nassert_eq!({}, 1);",
                calls(mi),
                calls(ui)
            ));
            true
        }
        Ok(Kind::Handed(st)) => {
            // The entry that gives it back: its op takes it.
            let undo = t.entries.iter().filter(|x| x.lock == e.lock).find(|x| {
                t.op(&x.op).is_some_and(|uop| {
                    uop.params.iter().any(|p| ty::classify(t, &p.ty).ok() == Some(Kind::Handed(st.clone())))
                })
            });
            let Some(undo) = undo else { return false };
            let uop = t.op(&undo.op).expect("found");
            let Some(ui) = op_index(&uop.name) else { return false };
            let mut uargs = Vec::new();
            for p in &uop.params {
                match ty::classify(t, &p.ty) {
                    Ok(Kind::Attach) => uargs.push("a".to_string()),
                    Ok(Kind::Direction) => uargs.push("mapping::DataDirection::Bidirectional".into()),
                    Ok(Kind::Handed(_)) => uargs.push("p".into()),
                    _ => return false,
                }
            }
            let ucall = format!("{m}::{}({})", rust_fn(&undo.name), uargs.join(", "));
            let indent = |x: &str| x.lines().map(|l| format!("    {l}\n")).collect::<String>();
            test.show(format!(
                "// Through the C entry point: the exporter's result comes back.\n\
                    {lock}{call}{unlock}assert!(mapped.is_ok_and(|p| p.as_ptr() == {}));\nassert_eq!({}, 1);\n\
                    if let Ok(p) = mapped {{\n{}    // SAFETY: `p` is what the map gave for `a`, used no more.\n    \
                    unsafe {{ {ucall} }};\n{}}}\nassert_eq!({}, 1);",
                result(mi),
                calls(mi),
                indent(&lock),
                indent(&unlock),
                calls(ui)
            ));
            true
        }
        _ => false,
    }
}
