//! Doctests of the generated modules, and the C fixture they run against.
//!
//! Linux 6.12 runs the `kernel` crate's doctests as the KUnit suite
//! `rust_doctests_kernel` (`CONFIG_RUST_KERNEL_DOCTESTS`), so examples in
//! the generated module docs are tests of the generated glue in a real
//! kernel. They are derived from the definition as the C KUnit suites are:
//! every case of the rule model ([`crate::kunit::model`]) that the safe Rust
//! constructors can express becomes a Rust exporter negotiating through the C
//! core with a C importer, its outcome predicted by the model, not by the C;
//! every invariant of a result gets a list that breaks it, which the C entry
//! point must refuse and give back through the Rust exporter's unmap. A
//! rule or check broken in the generated glue thus fails a doctest.
//!
//! What Rust cannot do in a doctest (make KUnit devices, stub externs, take
//! the reservation lock, build candidates with C initialisers) is done by
//! `rust/helpers/dma_buf_mapping_doctest.c`, compiled only with
//! `CONFIG_RUST_KERNEL_DOCTESTS`; Rust calls it as
//! `bindings::maptype_doctest_*`.

use maptype_dsl::ir::{CType, Ctor, MappingType, Registry, ResultStruct, Side, Target, Value};

use super::camel;
use super::ty::{self, Kind};
use crate::c::{layout, names};
use crate::GenFile;
use maptype_dsl::solver::{Facts, Fresh, Model, Outcome, Val};

pub const FIXTURE_PATH: &str = "rust/helpers/dma_buf_mapping_doctest.c";
/// The C names of the fixture; Rust sees them without `rust_helper_`.
const FX: &str = "maptype_doctest";
/// Size of every test buffer, in units of the type's alignment (or pages).
const BUF_UNITS: u128 = 4;

fn ts(t: proc_macro2::TokenStream) -> String {
    t.to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ::", "::")
        .replace("* mut ", "*mut ")
        .replace("* const ", "*const ")
}

/// How the doctests name a core type's module (they import it): `sgt`.
fn module(t: &MappingType) -> String {
    t.name.clone()
}

fn rust_fn(c: &str) -> String {
    let lower = c.to_lowercase();
    lower.strip_prefix("dma_buf_").unwrap_or(&lower).to_string()
}

/// The ops of `t` the doctests can play: every op's types have a Rust
/// mapping the doctest knows how to produce.
fn playable(t: &MappingType) -> bool {
    let Some(o) = &t.ops else { return false };
    o.ops.iter().all(|op| {
        let params_ok = op.params.iter().all(|p| {
            matches!(
                ty::classify(t, &p.ty),
                Ok(Kind::Attach | Kind::Direction | Kind::Handed(_) | Kind::Result(_) | Kind::Scalar)
            )
        });
        let ret_ok = match &op.ret {
            None => true,
            Some(r) => {
                matches!((ty::classify(t, r), op.err_ptr), (Ok(Kind::Handed(_) | Kind::Result(_)), true))
                    || (r.base == "int" && !r.is_pointer())
            }
        };
        params_ok && ret_ok
    })
}

/// Externs the rules call: the stubs a case sets.
fn rule_externs(t: &MappingType) -> Vec<&maptype_dsl::ir::Extern> {
    crate::c::called_externs(t, &t.rule_conditions())
}

// ---- the C fixture -------------------------------------------------------

fn attach_helper(c: &Ctor) -> String {
    format!("attach_{}", rust_fn(&c.name))
}

fn stub_helper(t: &MappingType, ext: &str) -> String {
    format!("stub_{}_{ext}", t.name)
}

/// The fixture's C exporter plays every core type whose ops it can fake.
fn c_exporter_types(reg: &Registry) -> Vec<(&MappingType, &Ctor)> {
    reg.types
        .iter()
        .filter(|t| t.private.is_none() && playable(t))
        .filter_map(|t| t.exporters.iter().find(|c| c.params.iter().all(|p| p.target == Target::Ops)).map(|c| (t, c)))
        .collect()
}

/// The C exporter's op: counts its calls and returns a fixture result.
fn c_op(t: &MappingType, op: &maptype_dsl::ir::Op) -> String {
    let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let fname = format!("{FX}_c_{}_{}", t.name, op.name);
    let mut body = format!("\t{FX}_c_{}_{}_count++;\n", t.name, op.name);
    let attach = op.params.iter().find(|p| matches!(ty::classify(t, &p.ty), Ok(Kind::Attach))).map(|p| p.name.clone());
    for p in &op.params {
        if let Ok(Kind::Result(_)) = ty::classify(t, &p.ty) {
            body.push_str(&format!("\tkvfree({});\n", p.name));
        }
    }
    if let Some(r) = &op.ret {
        match ty::classify(t, r) {
            Ok(Kind::Result(st)) => {
                let res = t.result(&st).expect("classified");
                let (addr, len) = res.range.clone().unwrap_or_default();
                let a = attach.clone().unwrap_or_else(|| "attach".into());
                body = format!(
                    "\tstruct {st} *res;\n\n{body}\tres = kvzalloc(struct_size(res, {arr}, 1), GFP_KERNEL);\n\tif (!res)\n\t\treturn ERR_PTR(-ENOMEM);\n\t/* One range covering the buffer, aligned as the checks want. */\n\tres->{count} = 1;\n\tres->{arr}[0].{addr} = 1ULL << 32;\n\tres->{arr}[0].{len} = {a}->dmabuf->size;\n\treturn res;\n",
                    arr = res.array.name,
                    count = res.count.name,
                );
            }
            Ok(Kind::Handed(_)) => body.push_str(&format!("\treturn &{fname}_obj;\n")),
            _ => body.push_str("\treturn 0;\n"),
        }
    }
    let mut out = String::new();
    if let Some(Ok(Kind::Handed(st))) = op.ret.as_ref().map(|r| ty::classify(t, r)) {
        out.push_str(&format!("static struct {st} {fname}_obj;\n\n"));
        out.push_str(&format!(
            "/* What the C exporter's {op} returns. */\nstruct {st} *rust_helper_{fname}_result(void)\n{{\n\treturn &{fname}_obj;\n}}\n\n",
            op = op.name
        ));
    }
    out.push_str(&format!("static unsigned int {fname}_count;\n\n"));
    out.push_str(&format!(
        "/* How often the C exporter's {} ran. */\nunsigned int rust_helper_{fname}_calls(void)\n{{\n\treturn {fname}_count;\n}}\n\n",
        op.name
    ));
    out.push_str(&format!("{}\n{{\n{body}}}\n", layout::signature((&format!("static {ret}"), &fname), &params, "")));
    out
}

pub fn fixture_file(reg: &Registry) -> GenFile {
    let core: Vec<&MappingType> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
    let mut s = crate::banner::c_source(&sources);
    s.push_str(&format!(
        "\n/*\n * Fixtures of the kernel::dma_buf::mapping doctests, which run as the\n * KUnit suite rust_doctests_kernel: \
         objects, extern stubs, C importers and\n * a C exporter. Rust calls them as bindings::{FX}_*.\n */\n\n"
    ));
    s.push_str("#if IS_ENABLED(CONFIG_RUST_KERNEL_DOCTESTS)\n\n");
    for inc in [
        "<kunit/device.h>",
        "<kunit/static_stub.h>",
        "<kunit/test.h>",
        "<linux/atomic.h>",
        "<linux/dma-buf-mapping.h>",
        "<linux/dma-buf.h>",
        "<linux/dma-resv.h>",
        "<linux/err.h>",
        "<linux/kernel.h>",
        "<linux/overflow.h>",
        "<linux/slab.h>",
    ] {
        s.push_str(&format!("#include {inc}\n"));
    }
    s.push_str(&format!(
        "
/* A device for importer candidates; KUnit releases it after the test. */
struct device *rust_helper_{FX}_device(void)
{{
	static atomic_t n = ATOMIC_INIT(0);
	struct device *dev;
	char name[32];

	snprintf(name, sizeof(name), \"maptype-doctest-%d\", atomic_inc_return(&n));
	dev = kunit_device_register(kunit_get_current_test(), name);
	return IS_ERR(dev) ? NULL : dev;
}}

/* Zeroed memory standing in for a C object; KUnit frees it after the test. */
void *rust_helper_{FX}_object(size_t size)
{{
	return kunit_kzalloc(kunit_get_current_test(), size, GFP_KERNEL);
}}

/* Exports @size bytes with @ops and @priv (dma_buf.priv), or returns NULL. */
{export_sig}
{{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *dmabuf;

	info.ops = ops;
	info.size = size;
	info.priv = priv;
	dmabuf = dma_buf_export(&info);
	return IS_ERR(dmabuf) ? NULL : dmabuf;
}}

void rust_helper_{FX}_lock(struct dma_buf *dmabuf)
{{
	dma_resv_lock(dmabuf->resv, NULL);
}}

void rust_helper_{FX}_unlock(struct dma_buf *dmabuf)
{{
	dma_resv_unlock(dmabuf->resv);
}}
",
        export_sig = layout::signature(
            ("struct dma_buf *", &format!("rust_helper_{FX}_export")),
            &["const struct dma_buf_ops *ops".into(), "size_t size".into(), "void *priv".into()],
            ""
        ),
    ));

    for t in &core {
        for x in rule_externs(t) {
            let ret = x.ret.as_ref().map_or("int".to_string(), |r| r.spelling());
            let params: Vec<String> = x.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            let store = format!("{FX}_{}_{}_ret", t.name, x.name);
            let decl = x.ret.as_ref().map_or(format!("int {store}"), |r| r.declare(&store));
            let stub = format!("{FX}_{}_{}", t.name, x.name);
            let arg = x.ret.as_ref().map_or("int ret".to_string(), |r| r.declare("ret"));
            s.push_str(&format!(
                "\nstatic {decl};\n\n{}\n{{\n\treturn {store};\n}}\n\n/* Makes {}() return @ret to the {} glue until the test ends. */\n{}\n{{\n\t{store} = ret;\n{}\n}}\n",
                layout::signature((&format!("static {ret}"), &stub), &params, ""),
                x.name,
                t.name,
                layout::signature(("void", &format!("rust_helper_{FX}_{}", stub_helper(t, &x.name))), &[arg], ""),
                layout::call(1, "kunit_activate_static_stub", &["kunit_get_current_test()".into(), names::wrapper(t, &x.name), stub.clone()], ";"),
            ));
        }
        for c in &t.importers {
            let mut params = vec!["struct dma_buf *dmabuf".to_string()];
            params.extend(c.params.iter().map(|p| p.ty.declare(&p.name)));
            let args: Vec<String> = c.params.iter().map(|p| p.name.clone()).collect();
            let ctor = if args.is_empty() {
                format!("{}()", c.name)
            } else {
                layout::call(2, &c.name, &args, "").trim_start().to_string()
            };
            s.push_str(&format!(
                "\n/* A C importer attaching with the one candidate {}(). */\n{}\n{{\n\tstruct dma_buf_mapping_match match[] = {{\n\t\t{ctor},\n\t}};\n\n\treturn dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,\n\t\t\t\t      NULL);\n}}\n",
                c.name,
                layout::signature(("struct dma_buf_attachment *", &format!("rust_helper_{FX}_{}", attach_helper(c))), &params, ""),
            ));
        }
    }

    // The C exporter: every core type it can play, in registry order.
    let playing = c_exporter_types(reg);
    if !playing.is_empty() {
        s.push('\n');
        let mut cands = Vec::new();
        let mut resets = Vec::new();
        for (t, ctor) in &playing {
            let o = t.ops.as_ref().expect("playable");
            let mut fields = String::new();
            for op in &o.ops {
                s.push_str(&c_op(t, op));
                s.push('\n');
                fields.push_str(&format!("\t.{} = {FX}_c_{}_{},\n", op.name, t.name, op.name));
                resets.push(format!("\t{FX}_c_{}_{}_count = 0;\n", t.name, op.name));
            }
            s.push_str(&format!("static const struct {} {FX}_c_{}_ops = {{\n{fields}}};\n\n", o.name, t.name));
            cands.push(format!("\t\t{}(&{FX}_c_{}_ops),\n", ctor.name, t.name));
        }
        let order: Vec<&str> = playing.iter().map(|(t, _)| t.name.as_str()).collect();
        s.push_str(&format!(
            "static int {FX}_c_match_mapping(struct dma_buf_match_args *args)
{{
	const struct dma_buf_mapping_match exp[] = {{
{}	}};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}}

static void {FX}_c_release(struct dma_buf *dmabuf)
{{
}}

static const struct dma_buf_ops {FX}_c_ops = {{
	.match_mapping = {FX}_c_match_mapping,
	.release = {FX}_c_release,
}};

/*
 * A C exporter of @size bytes offering {}, in that order; its op
 * counts start at 0.
 */
struct dma_buf *rust_helper_{FX}_c_export(size_t size)
{{
{}{}
}}
",
            cands.concat(),
            order.join(" then "),
            resets.concat(),
            layout::call(
                1,
                &format!("return rust_helper_{FX}_export"),
                &[format!("&{FX}_c_ops"), "size".into(), format!("(void *)&{FX}_c_ops")],
                ";"
            ),
        ));
    }
    s.push_str("\n#endif /* CONFIG_RUST_KERNEL_DOCTESTS */\n");
    GenFile::new(FIXTURE_PATH, s)
}

// ---- the doctests ----------------------------------------------------------

/// One doctest: its lines (`hidden` ones are compiled but not shown).
#[derive(Default)]
struct Test {
    lines: Vec<(bool, String)>,
}

impl Test {
    fn hide(&mut self, l: impl Into<String>) {
        for line in l.into().lines() {
            self.lines.push((true, line.to_string()));
        }
    }
    fn show(&mut self, l: impl Into<String>) {
        for line in l.into().lines() {
            self.lines.push((false, line.to_string()));
        }
    }
    /// The doc lines, fenced.
    fn doc(&self, title: &str) -> Vec<String> {
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

fn val_of(v: &Value) -> Val {
    match v {
        Value::Int { value } | Value::EnumConst { value, .. } => Val::Int(*value),
        Value::Bool { value } => Val::Int(i64::from(*value)),
        Value::Null => Val::Null,
    }
}

fn zero_of(c: &CType) -> Val {
    if c.is_pointer() {
        Val::Null
    } else {
        Val::Int(0)
    }
}

/// A raw C value for a fixture call.
fn raw_value(t: &MappingType, c: &CType, enum_name: Option<&str>, v: Val) -> String {
    match v {
        Val::Null => {
            if c.is_const {
                "core::ptr::null()".into()
            } else {
                "core::ptr::null_mut()".into()
            }
        }
        Val::Ptr(n) => format!("obj{n}.cast()"),
        Val::Int(i) => enum_name
            .or(if c.tag.as_deref() == Some("enum") { Some(c.base.as_str()) } else { None })
            .and_then(|e| t.enum_by_name(e))
            .and_then(|e| e.values.iter().find(|x| x.value == i).map(|x| ts(ty::enum_const(&e.name, &x.name))))
            .unwrap_or_else(|| i.to_string()),
    }
}

/// The Rust variant naming `value` of enum `e`, through the restricted
/// enum of `field` when the field has one.
fn variant(t: &MappingType, field: &str, e: &maptype_dsl::ir::Enum, value: i64) -> Option<String> {
    let f = t.field(field)?;
    let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let variants = ty::variant_names(&names);
    let (i, v) = e.values.iter().enumerate().find(|(_, v)| v.value == value)?;
    let restricted = !f.allowed.is_empty() && f.allowed.len() < e.values.len();
    if restricted {
        if !f.allowed.contains(&v.name) {
            return None;
        }
        return Some(format!("{}::{}::{}", module(t), camel(field), variants[i]));
    }
    Some(format!("{}::{}::{}", module(t), ts(ty::enum_name(&e.name).into_token_stream()), variants[i]))
}

use quote::ToTokens;

/// The constructor of `side` that builds exactly the facts' candidate, with
/// its arguments: Rust expressions for exporters (the Rust constructors),
/// raw C values for importers (the fixture's C importers). `None` when no
/// constructor can (for instance a NULL that a Rust reference cannot be).
fn fit<'a>(t: &'a MappingType, side: Side, facts: &Facts, rust: bool) -> Option<(&'a Ctor, Vec<String>)> {
    let ctors = if side == Side::Exp { &t.exporters } else { &t.importers };
    let fields = t.data.as_ref().map(|d| d.fields.as_slice()).unwrap_or_default();
    'ctor: for c in ctors {
        let mut args = Vec::new();
        let mut set = Vec::new();
        for p in &c.params {
            let Target::Field(f) = &p.target else { continue };
            let v = facts.fields.get(&(side, f.clone())).copied().unwrap_or(zero_of(&p.ty));
            set.push(f.clone());
            let fd = t.field(f);
            let enum_name = fd.and_then(|fd| fd.enum_name.clone());
            if !rust {
                args.push(raw_value(t, &p.ty, enum_name.as_deref(), v));
                continue;
            }
            let k = ty::classify(t, &p.ty).ok()?;
            let arg = match (&k, v) {
                (Kind::Device, Val::Ptr(n)) => format!("unsafe {{ kernel::device::Device::as_ref(obj{n}.cast()) }}"),
                (Kind::Borrowed(s), Val::Ptr(n)) => {
                    format!(
                        "unsafe {{ mapping::{}::from_raw(obj{n}.cast()) }}",
                        ts(ty::borrowed_name(s).into_token_stream())
                    )
                }
                (Kind::Enum(e), Val::Int(i)) => match t.enum_by_name(e).and_then(|en| variant(t, f, en, i)) {
                    Some(v) => v,
                    None => continue 'ctor,
                },
                (Kind::Scalar, Val::Int(i)) => i.to_string(),
                _ => continue 'ctor,
            };
            args.push(arg);
        }
        for a in &c.fixed {
            if facts.fields.get(&(side, a.field.clone())).copied() != Some(val_of(&a.value)) {
                continue 'ctor;
            }
            set.push(a.field.clone());
        }
        let on_side =
            |f: &maptype_dsl::ir::Field| if side == Side::Exp { f.role.on_exporter() } else { f.role.on_importer() };
        for f in fields.iter().filter(|f| on_side(f) && !set.contains(&f.name)) {
            if facts.fields.get(&(side, f.name.clone())).copied().is_some_and(|v| v != zero_of(&f.ty)) {
                continue 'ctor;
            }
        }
        return Some((c, args));
    }
    None
}

/// Counter and result statics, the exporter trait impl, its
/// `match_mapping` and `dma_buf_ops` (hidden: the same in every test).
fn rust_exporter(t: &MappingType, list_len: usize, result_body: &dyn Fn(&ResultStruct) -> String, test: &mut Test) {
    let o = t.ops.as_ref().expect("playable");
    let m = module(t);
    let n = o.ops.len();
    let mut s = String::new();
    s.push_str(&format!("use core::ptr::NonNull;\nuse core::sync::atomic::{{AtomicPtr, AtomicUsize, Ordering::Relaxed}};\nuse kernel::bindings;\nuse kernel::dma_buf::mapping::{{self, {}, Attachment, MatchArgs, MatchList}};\nuse kernel::prelude::*;\n\n", t.name));
    s.push_str(&format!(
        "/// Calls of each exporter op, in declaration order.\nstatic CALLS: [AtomicUsize; {n}] = [{}];\n",
        vec!["AtomicUsize::new(0)"; n].join(", ")
    ));
    for op in &o.ops {
        if let Some(Ok(Kind::Handed(st))) = op.ret.as_ref().map(|r| ty::classify(t, r)) {
            s.push_str(&format!(
                "/// What `{}` hands over.\nstatic {}_RESULT: AtomicPtr<bindings::{st}> = AtomicPtr::new(core::ptr::null_mut());\n",
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
                _ => ts(ty::scalar(&p.ty.base)),
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
            super::field_ident(&op.name),
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

/// Creates the objects `facts` point to, as `objN`.
fn objects(t: &MappingType, facts: &Facts, test: &mut Test) {
    let mut seen = std::collections::BTreeMap::new();
    for ((_, f), v) in &facts.fields {
        if let Val::Ptr(n) = v {
            let base = t.field(f).map(|fd| fd.ty.base.clone()).unwrap_or_else(|| "device".into());
            seen.entry(*n).or_insert(base);
        }
    }
    for (x, v) in &facts.stubs {
        if let Val::Ptr(n) = v {
            let base = t.extern_fn(x).and_then(|e| e.ret.as_ref()).map(|r| r.base.clone()).unwrap_or_default();
            seen.entry(*n).or_insert(base);
        }
    }
    for (n, base) in seen {
        let make = if base == "device" {
            format!("bindings::{FX}_device()")
        } else {
            format!("bindings::{FX}_object(core::mem::size_of::<bindings::{base}>())")
        };
        test.show(format!("// SAFETY: Test fixtures, freed when the test ends.\nlet obj{n}: *mut core::ffi::c_void = unsafe {{ {make} }}.cast();\nassert!(!obj{n}.is_null());"));
    }
}

fn stubs(t: &MappingType, facts: &Facts, test: &mut Test) {
    for x in rule_externs(t) {
        let v = facts.stubs.get(&x.name).copied().unwrap_or(Val::Int(0));
        let r = x.ret.clone().unwrap_or_else(|| CType::named("int"));
        test.show(format!(
            "// SAFETY: The stub lasts until the test ends.\nunsafe {{ bindings::{FX}_{}({}) }};",
            stub_helper(t, &x.name),
            raw_value(t, &r, None, v)
        ));
    }
}

/// Maps and unmaps through the type's entry points, checking that the
/// exporter's ops ran once each and its result came back.
fn flow(t: &MappingType, calls: &dyn Fn(usize) -> String, result: &dyn Fn(usize) -> String, test: &mut Test) -> bool {
    use maptype_dsl::ir::Lock;
    let Some(o) = &t.ops else { return false };
    let op_index = |name: &str| o.ops.iter().position(|op| op.name == name);
    let rank = |l: Option<Lock>| match l {
        Some(Lock::Takes) => 0,
        None => 1,
        Some(Lock::Held) => 2,
    };
    let mut entries: Vec<_> =
        t.entries.iter().filter(|e| t.op(&e.op).is_some_and(|op| op.err_ptr && op.ret.is_some())).collect();
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
                "// Through the C entry point, which checks the exporter's list.\n{lock}{call}{unlock}assert!(mapped.as_ref().is_ok_and(|m| m.entries().iter().map(|e| e.{len} as u64).sum::<u64>() == size as u64));\nassert_eq!({}, 1);\n// Given back to the exporter when dropped.\ndrop(mapped);\nassert_eq!({}, 1);",
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
                "// Through the C entry point: the exporter's result comes back.\n{lock}{call}{unlock}assert!(mapped.is_ok_and(|p| p.as_ptr() == {}));\nassert_eq!({}, 1);\nif let Ok(p) = mapped {{\n{}    // SAFETY: `p` is what the map gave for `a`, used no more.\n    unsafe {{ {ucall} }};\n{}}}\nassert_eq!({}, 1);",
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
fn buffer(t: &MappingType) -> (u128, u128) {
    let unit = t
        .results
        .iter()
        .flat_map(|r| &r.invariants)
        .find_map(|i| match &i.check {
            maptype_dsl::ir::Check::EachAligned { align, .. } => Some(crate::validation::constant_value(align)),
            _ => None,
        })
        .unwrap_or(4096);
    (BUF_UNITS * unit, unit)
}

/// A valid result: one range covering the buffer.
fn valid_result(r: &ResultStruct) -> String {
    let (addr, len) = r.range.clone().unwrap_or_default();
    format!(
        "// SAFETY: The attachment's buffer is live while it is mapped.\nlet size = unsafe {{ (*attach.dmabuf()).size }};\n{}::new(&[bindings::{} {{ {addr}: 1 << 32, {len}: size as _ }}])\n",
        camel(&r.name),
        r.array.ty.base
    )
}

/// The negotiation doctests of a core type, one per case of its rules.
fn negotiation_tests(t: &MappingType) -> Vec<Vec<String>> {
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
                    "// SAFETY: A fixture, freed when the test ends.\nlet res = unsafe {{ bindings::{FX}_object(core::mem::size_of::<bindings::{st}>()) }};\n{}_RESULT.store(res.cast(), Relaxed);",
                    op.name.to_uppercase()
                ));
            }
        }
        stubs(t, &facts, &mut test);
        let ecall = format!("{m}::{}::<Exporter>({})", rust_fn(&ector.name), eargs.join(", "));
        test.show(format!(
            "\n// A Rust exporter offers {}(); C importers attach with {}().\nlet mut candidates = MatchList::<'static, 1>::new();\nassert!(candidates.push({ecall}).is_ok());\nlet size: usize = {size};\nlet priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();\n// SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.\nlet dmabuf = unsafe {{ bindings::{FX}_export(&OPS.0, size, priv_) }};\nassert!(!dmabuf.is_null());",
            ector.name, ictor.name
        ));
        let mut iall = vec!["dmabuf".to_string()];
        iall.extend(iargs);
        test.show(format!(
            "// SAFETY: The buffer is live; the candidate's objects outlive the attachment.\nlet attach = kernel::error::from_err_ptr(unsafe {{ bindings::{FX}_{}({}) }});",
            attach_helper(ictor),
            iall.join(", ")
        ));
        match model.outcome(&facts) {
            Outcome::Compatible => {
                test.show("assert!(attach.is_ok());\nif let Ok(attach) = attach {\n    // SAFETY: Attached above, detached below.\n    let a = unsafe { Attachment::from_raw(attach) };");
                let mut inner = Test::default();
                inner.show(format!("assert!({m}::is_{}(a));", t.name));
                if let (Some(oa), Some(_)) = (&t.ops_accessor, &t.ops) {
                    inner.show(format!(
                        "assert!({m}::{}(a).is_some_and(|o| core::ptr::eq(o, {m}::{}ExporterVTable::<Exporter>::ops())));",
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
                        (Ok(Kind::Device), Val::Ptr(n)) => format!("assert!({f}.is_some_and(|d| core::ptr::eq(d, unsafe {{ kernel::device::Device::as_ref(obj{n}.cast()) }})));"),
                        (Ok(Kind::Borrowed(_)), Val::Ptr(n)) => format!("assert!({f}.is_some_and(|p| p.as_raw().cast() == obj{n}));"),
                        (Ok(Kind::Device | Kind::Borrowed(_)), Val::Null) => format!("assert!({f}.is_none());"),
                        (Ok(Kind::Scalar), Val::Int(i)) if acc.ret.base == "bool" => {
                            if i != 0 { format!("assert!({f});") } else { format!("assert!(!{f});") }
                        }
                        (Ok(Kind::Scalar), Val::Int(i)) => format!("assert_eq!({f}, Some({i}));"),
                        _ => continue,
                    };
                    inner.show(line);
                }
                flow(
                    t,
                    &|i| format!("CALLS[{i}].load(Relaxed)"),
                    &|i| {
                        let op = &t.ops.as_ref().expect("ops").ops[i];
                        format!("{}_RESULT.load(Relaxed)", op.name.to_uppercase())
                    },
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
                    "// {note}; no op ran.\nassert!(attach.is_err_and(|e| e.to_errno() == -(bindings::{overall} as i32)));\nassert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));"
                ));
            }
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
fn invariant_tests(t: &MappingType) -> Vec<Vec<String>> {
    let model = Model::new(t);
    let m = module(t);
    let (size, u) = buffer(t);
    let mut out = Vec::new();
    let Some((_, facts)) = rule_cases(&model).into_iter().find(|(_, f)| model.outcome(f) == Outcome::Compatible) else {
        return out;
    };
    for r in &t.results {
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
        let elem = &r.array.ty.base;
        let wrap = |a: u128| if a >= 1 << 64 { a - (1 << 64) } else { a };
        let pool: Vec<Vec<(u128, u128)>> = vec![
            vec![],
            (0..5).map(|i| ((16 + 2 * i) * u, u)).collect(),
            vec![(16 * u, 0), (32 * u, 4 * u)],
            vec![(16 * u + 1, 4 * u)],
            vec![(16 * u, 3 * u + 1)],
            vec![(wrap((1 << 64) - u), 4 * u)],
            vec![(16 * u, 2 * u)],
            vec![(16 * u, 3 * u), (32 * u, 3 * u)],
            vec![(16 * u, 2 * u), (17 * u, 2 * u)],
        ];
        let valid = vec![(16 * u, 2 * u), (32 * u, u), (20 * u, u)];
        if crate::validation::first_violation(r, &valid, size).is_some() {
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
        for inv in &r.invariants {
            let Some(l) = pool
                .iter()
                .find(|l| crate::validation::first_violation(r, l, size).is_some_and(|v| std::ptr::eq(v, inv)))
            else {
                continue;
            };
            rows.push(format!(
                "    // Breaks: {}.\n    ({}, -(bindings::{} as i32)),",
                crate::describe_check(&inv.check, r).replace('@', ""),
                list(l),
                inv.errno
            ));
        }
        rows.push(format!("    // Valid.\n    ({}, 0),", list(&valid)));
        let mut test = Test::default();
        let body = format!("{m}::{}::new(LISTS[CASE.load(Relaxed)].0)\n", camel(&r.name));
        rust_exporter(t, 1, &|_| body.clone(), &mut test);
        test.hide("\n/// The list the exporter returns next.\nstatic CASE: AtomicUsize = AtomicUsize::new(0);\n");
        test.show(format!(
            "/// What the exporter returns in turn, and the errno the entry point must refuse it with.\nconst LISTS: &[(&[bindings::{elem}], i32)] = &[\n{}\n];\n",
            rows.join("\n")
        ));
        let mut iall = vec!["dmabuf".to_string()];
        iall.extend(iargs);
        test.show(format!(
            "let mut candidates = MatchList::<'static, 1>::new();\nassert!(candidates.push({m}::{}::<Exporter>({})).is_ok());\nlet priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();\n// SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.\nlet dmabuf = unsafe {{ bindings::{FX}_export(&OPS.0, {size}, priv_) }};\nassert!(!dmabuf.is_null());\n// SAFETY: The buffer is live.\nlet attach = kernel::error::from_err_ptr(unsafe {{ bindings::{FX}_{}({}) }});\nassert!(attach.is_ok());\nif let Ok(attach) = attach {{\n    // SAFETY: Attached above, detached below.\n    let a = unsafe {{ Attachment::from_raw(attach) }};\n    for (i, (_, errno)) in LISTS.iter().enumerate() {{\n        CASE.store(i, Relaxed);\n        // SAFETY: The buffer is live.\n        unsafe {{ bindings::{FX}_lock(dmabuf) }};\n        // SAFETY: The reservation lock is held.\n        let mapped = unsafe {{ {m}::{}(a) }};\n        // SAFETY: Locked above.\n        unsafe {{ bindings::{FX}_unlock(dmabuf) }};\n        assert_eq!(CALLS[{mop}].load(Relaxed), i + 1);\n        if *errno == 0 {{\n            assert!(mapped.is_ok());\n            drop(mapped);\n        }} else {{\n            assert!(mapped.is_err_and(|e| e.to_errno() == *errno));\n        }}\n        // Refused lists went back to the exporter at once; the valid one when dropped.\n        assert_eq!(CALLS[{uop}].load(Relaxed), i + 1);\n    }}\n    // SAFETY: Attached above.\n    unsafe {{ bindings::dma_buf_detach(dmabuf, attach) }};\n}}\n// SAFETY: The test's reference.\nunsafe {{ bindings::dma_buf_put(dmabuf) }};",
            rust_fn(&ector.name),
            eargs.join(", "),
            attach_helper(ictor),
            iall.join(", "),
            rust_fn(&entry.name),
        ));
        out.push(test.doc(&format!(
            "The C entry point `{}()` refuses every {} that breaks an invariant and gives it back to the Rust exporter.",
            entry.name, r.name
        )));
    }
    out
}

/// The `# Examples` section of a core type's module: doctests generated
/// from its definition (none when its ops have no Rust mapping here).
pub fn type_examples(t: &MappingType) -> Vec<String> {
    if t.private.is_some() || !playable(t) {
        return Vec::new();
    }
    let mut tests = negotiation_tests(t);
    tests.extend(invariant_tests(t));
    if tests.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        String::new(),
        "# Examples".into(),
        String::new(),
        "Generated from the definition; they run in the kernel as KUnit (`rust_doctests_kernel`). The expected outcomes come from the definition's rules, not from the C glue they test.".into(),
    ];
    for t in tests {
        out.push(String::new());
        out.extend(t);
    }
    out
}

/// The `# Examples` section of `mapping`: Rust importers attach to the
/// fixture's C exporter, which offers every core type it can play.
pub fn registry_examples(reg: &Registry) -> Vec<String> {
    let playing = c_exporter_types(reg);
    let Some((first, _)) = playing.first() else { return Vec::new() };
    let size = BUF_UNITS * 4096;
    let mut test = Test::default();
    let names: Vec<&str> = playing.iter().map(|(t, _)| t.name.as_str()).collect();
    test.hide(format!(
        "use kernel::bindings;\nuse kernel::dma_buf::mapping::{{self, {}, Attachment}};\n",
        names.join(", ")
    ));
    test.show(format!(
        "// A C exporter offering {}, in that order.\n// SAFETY: A fixture; the test drops its reference below.\nlet dmabuf = unsafe {{ bindings::{FX}_c_export({size}) }};\nassert!(!dmabuf.is_null());\nlet size: usize = {size};",
        playing.iter().map(|(t, _)| t.name.as_str()).collect::<Vec<_>>().join(" then ")
    ));
    let mut all = Vec::new();
    // One pool of object numbers, so blocks never reuse a name.
    let mut fresh = Fresh::default();
    for (t, ector) in &playing {
        let model = Model::new(t);
        let mut facts = Facts::default();
        for a in &ector.fixed {
            facts.fields.insert((Side::Exp, a.field.clone()), val_of(&a.value));
        }
        model.satisfy_all(&mut facts, &mut fresh);
        model.complete(&mut facts, &mut fresh);
        if model.outcome(&facts) != Outcome::Compatible {
            continue;
        }
        let Some((ictor, iargs)) = fit(t, Side::Imp, &facts, true) else { continue };
        // Objects of different types' facts must not share names.
        let mut local = Test::default();
        objects(t, &facts, &mut local);
        stubs(t, &facts, &mut local);
        let m = module(t);
        let cand = format!("{m}::{}({})", rust_fn(&ictor.name), iargs.join(", "));
        let mut inner = Test::default();
        inner.show(format!("assert!({m}::is_{}(a));", t.name));
        let name = t.name.clone();
        let ops: Vec<String> =
            t.ops.as_ref().map(|o| o.ops.iter().map(|op| op.name.clone()).collect()).unwrap_or_default();
        flow(
            t,
            &|i| format!("unsafe {{ bindings::{FX}_c_{name}_{}_calls() }}", ops[i]),
            &|i| format!("unsafe {{ bindings::{FX}_c_{name}_{}_result() }}", ops[i]),
            &mut inner,
        );
        test.show(format!("\n// A Rust importer that takes {} only gets it.\n{{", t.name));
        for (_, l) in local.lines.iter().chain(&[(false, format!("let candidate = {cand};\n// SAFETY: The buffer outlives the attachment.\nlet attached = unsafe {{ mapping::attach(dmabuf, &[candidate]) }};\nassert!(attached.is_ok());\nif let Ok(attached) = attached {{\n    let a: &Attachment = &attached;"))]) {
            for line in l.lines() {
                test.show(format!("    {line}"));
            }
        }
        for (_, l) in &inner.lines {
            test.show(format!("        {l}"));
        }
        test.show("    }\n}");
        all.push((t, local, cand));
    }
    if all.len() > 1 {
        // Every candidate, in the reverse of the exporter's order: its order wins.
        test.show(format!(
            "\n// Offered all of them, last first, the importer gets the exporter's first choice, {}.\n{{",
            first.name
        ));
        for (_, local, _) in &all {
            for (_, l) in &local.lines {
                test.show(format!("    {l}"));
            }
        }
        for (i, (_, _, c)) in all.iter().enumerate() {
            test.show(format!("    let c{i} = {c};"));
        }
        let cands: Vec<String> = (0..all.len()).rev().map(|i| format!("c{i}")).collect();
        test.show(format!(
            "    // SAFETY: The buffer outlives the attachment.\n    let attached = unsafe {{ mapping::attach(dmabuf, &[{}]) }};\n    assert!(attached.is_ok_and(|a| {}::is_{}(&a)));\n}}",
            cands.join(", "),
            first.name,
            first.name
        ));
    }
    test.show("// SAFETY: The test's reference.\nunsafe { bindings::dma_buf_put(dmabuf) };");
    let mut out = vec![String::new(), "# Examples".into(), String::new()];
    out.extend(
        test.doc("Rust importers pick their type from a C exporter (generated from the definitions; run as KUnit)."),
    );
    out
}
