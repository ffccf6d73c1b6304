//! The building blocks of a doctest: its lines, the hidden Rust exporter
//! (trait impl, vtable, `match_mapping`), the objects and stubs a case
//! needs, and the map/unmap flow through the entry points.

use maptype_dsl::ir::{CType, Entry, Lock, MappingType, Op, ResultStruct};
use maptype_dsl::solver::preconditions::{entry_samples, Base, Sample};
use quote::ToTokens;

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
        for p in &op.params {
            if let Ok(Kind::Borrowed(st)) = ty::classify(t, &p.ty) {
                s.push_str(&format!(
                    "/// The `struct {st}` that `{}` last got as `{}`.\nstatic {}: AtomicPtr<core::ffi::c_void> = \
                        AtomicPtr::new(core::ptr::null_mut());\n",
                    op.name,
                    p.name,
                    recorded(&op.name, &p.name)
                ));
            }
        }
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
        let mut records = String::new();
        for p in &op.params {
            let k = ty::classify(t, &p.ty).expect("playable");
            let used = (matches!(k, Kind::Attach) && uses_attach) || matches!(k, Kind::Borrowed(_));
            let name = if used { p.name.clone() } else { format!("_{}", p.name) };
            if let Kind::Borrowed(_) = &k {
                records.push_str(&format!(
                    "        {}.store({}.as_raw().cast(), Relaxed);\n",
                    recorded(&op.name, &p.name),
                    p.name
                ));
            }
            let tyt = match &k {
                Kind::Attach => "&Attachment".to_string(),
                Kind::Direction => "mapping::DataDirection".into(),
                Kind::Handed(st) => format!("NonNull<bindings::{st}>"),
                Kind::Borrowed(st) => format!("&mapping::{}", ts(ty::borrowed_name(st).into_token_stream())),
                Kind::ScalarOut => format!("&mut {}", ts(ty::scalar(&p.ty))),
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
            "    fn {}({}){ret} {{\n        CALLS[{i}].fetch_add(1, Relaxed);\n{records}{}    }}\n",
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

/// The static where the doctests' exporter records what op `op` got as
/// its borrowed parameter `param`.
pub(super) fn recorded(op: &str, param: &str) -> String {
    format!("{}_{}", op.to_uppercase(), param.to_uppercase())
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
    if crate::emit::warns(t) {
        test.show(format!(
            "// The rules marked warn report to a counter, not WARN_ON(), until the test ends.\n\
                // SAFETY: A fixture of this test.\nunsafe {{ bindings::{FX}_count_{}_rule_warns() }};",
            t.name
        ));
    }
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

/// Entry points first by how easily a doctest calls them: those that take
/// the reservation lock, then those that need none, then those that need it held.
fn rank(l: Option<Lock>) -> u8 {
    match l {
        Some(Lock::Takes) => 0,
        None => 1,
        Some(Lock::Held) => 2,
    }
}

/// The first entry point (by [`rank`]) whose op `pick` accepts.
fn easiest_entry(t: &MappingType, pick: impl Fn(&Op) -> bool) -> Option<&Entry> {
    let mut entries: Vec<&Entry> = t.entries.iter().filter(|e| t.op(&e.op).is_some_and(&pick)).collect();
    entries.sort_by_key(|e| rank(e.lock));
    entries.first().copied()
}

/// The lines around a call of entry `e`: taking and dropping the
/// reservation lock when the entry wants it held, and the call itself
/// (`unsafe` then) binding `mapped`.
fn locked_call(e: &Entry, call: &str) -> (String, String, String) {
    if e.lock == Some(Lock::Held) {
        (
            format!("// SAFETY: The buffer is live.\nunsafe {{ bindings::{FX}_lock(dmabuf) }};\n"),
            format!("// SAFETY: The reservation lock is held.\nlet mapped = unsafe {{ {call} }};\n"),
            format!("// SAFETY: Locked above.\nunsafe {{ bindings::{FX}_unlock(dmabuf) }};\n"),
        )
    } else {
        (String::new(), format!("let mapped = {call};\n"), String::new())
    }
}

/// A precondition sample as a Rust argument of type `c`: the buffer's size
/// is the doctest's `size`, `PAGE_SIZE` the kernel crate's.
fn sample_rust(s: &Sample, c: &CType) -> String {
    let base = match &s.base {
        Base::Zero => None,
        Base::Unit(u) if u == "PAGE_SIZE" => Some("kernel::page::PAGE_SIZE".to_string()),
        Base::Unit(u) => Some(maptype_dsl::solver::validation::constant_value(u).to_string()),
        Base::BufferSize => Some("size".to_string()),
    };
    let e = match (base, s.offset) {
        (None, o) => return o.to_string(),
        (Some(b), 0) => b,
        (Some(b), o) if o > 0 => format!("({b} + {o})"),
        (Some(b), o) => format!("({b} - {})", -o),
    };
    if ty::is_usize(c) {
        e
    } else {
        format!("{e} as {}", ts(ty::scalar(c)))
    }
}

/// The Rust arguments of a call of errno entry `e`: the attachment, then
/// each parameter its caller passes (a good sample where one is checked, or
/// `broken`), or `None` when one has no value a doctest can give.
fn errno_args(
    t: &MappingType,
    e: &Entry,
    op: &Op,
    good: &[(String, Sample)],
    broken: Option<&(String, Sample)>,
) -> Option<Vec<String>> {
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| !e.bound.iter().any(|b| b.param == p.name)) {
        args.push(match ty::classify(t, &p.ty) {
            Ok(Kind::Attach) => "a".to_string(),
            Ok(Kind::Direction) => "mapping::DataDirection::Bidirectional".into(),
            Ok(Kind::Scalar) => {
                let sample = broken.filter(|(n, _)| *n == p.name).or_else(|| good.iter().find(|(n, _)| *n == p.name));
                sample.map_or_else(|| "0".to_string(), |(_, s)| sample_rust(s, &p.ty))
            }
            _ => return None,
        });
    }
    Some(args)
}

/// Maps and unmaps through an entry point whose op returns an errno: each
/// precondition refuses a call that breaks it before the op runs, then a
/// call meeting them all runs the op once (`bound` gives the lines checking
/// what the op got from the negotiated data), and its partner undoes it.
fn errno_flow(
    t: &MappingType,
    calls: &dyn Fn(usize) -> String,
    bound: &dyn Fn(&Entry) -> Vec<String>,
    test: &mut Test,
) -> bool {
    let Some(o) = &t.ops else { return false };
    let op_index = |name: &str| o.ops.iter().position(|op| op.name == name);
    let Some(e) = easiest_entry(t, Op::errno) else { return false };
    let (Some(op), Some(mi)) = (t.op(&e.op), op_index(&e.op)) else { return false };
    // The checker proved the samples exist.
    let Ok(samples) = entry_samples(e, op) else { return false };
    let m = module(t);
    let call = |args: &[String]| format!("{m}::{}({})", rust_fn(&e.name), args.join(", "));
    let (lock, _, unlock) = locked_call(e, "");
    let mut body = lock;
    for (i, (p, broken)) in e.preconditions.iter().zip(&samples.breaks).enumerate() {
        let Some(args) = errno_args(t, e, op, &samples.good, Some(broken)) else { return false };
        let (_, c, _) = locked_call(e, &call(&args));
        body.push_str(&format!(
            "// Precondition {} breaks: `{}` is {}.\n{c}assert!(mapped.is_err_and(|e| e.to_errno() == \
                -(bindings::{} as i32)));\n",
            i + 1,
            p.param,
            sample_rust(&broken.1, &CType::plain("size_t")),
            p.errno
        ));
    }
    if !e.preconditions.is_empty() {
        body.push_str(&format!("// The op did not run.\nassert_eq!({}, 0);\n", calls(mi)));
    }
    let Some(args) = errno_args(t, e, op, &samples.good, None) else { return false };
    let (_, c, _) = locked_call(e, &call(&args));
    body.push_str(&format!(
        "// Every check passes: the op runs once.\n{c}assert!(mapped.is_ok());\nassert_eq!({}, 1);\n",
        calls(mi)
    ));
    for l in bound(e) {
        body.push_str(&l);
        body.push('\n');
    }
    // The partner that undoes it, called with the same arguments by name.
    let partner = e.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p));
    if let Some((u, uop, ui)) =
        partner.and_then(|u| Some((u, t.op(&u.op)?, op_index(&u.op)?))).filter(|(u, _, _)| u.lock == e.lock)
    {
        let Ok(usamples) = entry_samples(u, uop) else { return false };
        let mut good = usamples.good.clone();
        good.extend(samples.good.iter().filter(|(n, _)| !usamples.good.iter().any(|(g, _)| g == n)).cloned());
        let Some(uargs) = errno_args(t, u, uop, &good, None) else { return false };
        let ucall = format!("{m}::{}({})", rust_fn(&u.name), uargs.join(", "));
        let ucall = match (u.lock == Some(Lock::Held), uop.errno()) {
            (true, true) => {
                format!("// SAFETY: The reservation lock is held.\nassert!(unsafe {{ {ucall} }}.is_ok());\n")
            }
            (true, false) => format!("// SAFETY: The reservation lock is held.\nunsafe {{ {ucall} }};\n"),
            (false, true) => format!("assert!({ucall}.is_ok());\n"),
            (false, false) => format!("{ucall};\n"),
        };
        body.push_str(&format!("// Undone through {}().\n{ucall}assert_eq!({}, 1);\n", u.name, calls(ui)));
        for l in bound(u) {
            body.push_str(&l);
            body.push('\n');
        }
    }
    body.push_str(&unlock);
    test.show(format!("// Through the C entry point {}().\n{body}", e.name));
    true
}

/// Maps and unmaps through the type's entry points, checking that the
/// exporter's ops ran once each and its result came back (or, for an op
/// returning an errno, see [`errno_flow`]).
pub(super) fn flow(
    t: &MappingType,
    calls: &dyn Fn(usize) -> String,
    result: &dyn Fn(usize) -> String,
    bound: &dyn Fn(&Entry) -> Vec<String>,
    test: &mut Test,
) -> bool {
    let Some(o) = &t.ops else { return false };
    let op_index = |name: &str| o.ops.iter().position(|op| op.name == name);
    let Some(e) = easiest_entry(t, |op| op.err_ptr() && op.ret.is_some()) else {
        return errno_flow(t, calls, bound, test);
    };
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
    let (lock, call, unlock) = locked_call(e, &format!("{m}::{}({})", rust_fn(&e.name), args.join(", ")));
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
