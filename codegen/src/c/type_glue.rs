//! The per-type glue: match/finish_match/debugfs compiled from the rules,
//! the singleton and its export, entry points, result validation and the
//! KUnit-stubbable extern wrappers.

use askama::Template;
use maptype_dsl::ir::{CType, Entry, Lock, MappingType, Op, PreCheck, PreValue, ResultShape, ResultStruct, Rule};

use crate::emit::expr::{self, Names};
use crate::emit::includes::Includes;
use crate::emit::kdoc::KDoc;
use crate::emit::{banner, check_names, data_ref, filters, layout, names, quote};
use crate::{GenFile, Target};

/// A type's glue file; each function comes rendered from its own template.
#[derive(Template)]
#[template(path = "c/glue.c", escape = "none")]
struct Glue<'a> {
    banner: &'a str,
    includes: Vec<String>,
    wrappers: Vec<String>,
    match_body: Option<String>,
    finish: String,
    debugfs: Option<String>,
    symbol: &'a str,
    title: String,
    match_fn: Option<String>,
    finish_fn: String,
    debugfs_fn: Option<String>,
    export: String,
    validators: Vec<String>,
    call_ops: Vec<String>,
    entries: Vec<String>,
}

/// An extern behind a wrapper KUnit can redirect.
#[derive(Template)]
#[template(path = "c/wrapper.c", escape = "none")]
struct Wrapper<'a> {
    e: &'a maptype_dsl::ir::Extern,
    name: &'a str,
    sig: String,
    redirect: String,
    call: String,
}

/// match(): the compiled compatibility rules.
#[derive(Template)]
#[template(path = "c/match.c", escape = "none")]
struct MatchFn<'a> {
    doc: KDoc<'a>,
    sig: String,
    locals: Vec<String>,
    rules: String,
}

/// debugfs_dump(): one seq_printf of the negotiated data.
#[derive(Template)]
#[template(path = "c/debugfs.c", escape = "none")]
struct Debugfs<'a> {
    doc: KDoc<'a>,
    sig: String,
    data_decl: Option<String>,
    print: String,
}

/// One compiled rule; the condition is wrapped in Rust (it depends on the
/// column it starts at).
#[derive(Template)]
#[template(path = "c/rule.c", escape = "none")]
struct RuleView<'a> {
    comment: Option<String>,
    lead: &'a str,
    head: String,
    /// A `when`'s nested rules, already rendered one level deeper.
    nested: Option<String>,
    errno: Option<&'a str>,
}

/// finish_match: copies only what on_match keeps into the attachment.
#[derive(Template)]
#[template(path = "c/finish.c", escape = "none")]
struct Finish<'a> {
    doc: KDoc<'a>,
    sig: String,
    locals: Vec<String>,
    stored: Option<&'a str>,
    symbol: &'a str,
    data_ref: String,
    keep: Vec<(&'a str, &'a str)>,
    legacy: Vec<String>,
}

/// The function every entry point of one op goes through.
#[derive(Template)]
#[template(path = "c/call_op.c", escape = "none")]
struct CallOp<'a> {
    doc: KDoc<'a>,
    sig: String,
    ops: &'a str,
    op: &'a Op,
    res_decl: Option<String>,
    /// The generated checks: the attachment's type, a positive errno, a
    /// NULL result.
    type_check: String,
    errno_check: String,
    null_check: String,
    fail_einval: String,
    fail_eopnotsupp: String,
    call: String,
    /// The op returns 0 or a negative errno: a positive value is refused.
    errno: bool,
    /// `err = NAME_validate(...);`, checking the op's result.
    validate_call: Option<String>,
    undo: Option<String>,
}

/// An exported entry point.
#[derive(Template)]
#[template(path = "c/entry.c", escape = "none")]
struct EntryPoint {
    sig: String,
    /// Where the bound parameters are read from: the negotiated match data.
    data_decl: Option<String>,
    held: bool,
    takes: bool,
    res_decl: Option<String>,
    /// Each precondition's test of a broken argument, and what is returned then.
    checks: Vec<(String, String)>,
    call: String,
    export: String,
}

pub fn file(t: &MappingType, target: &Target) -> GenFile {
    // The frame: static stubs, KUnit visibility, the type struct, exports.
    let mut inc = Includes::with(&[
        "kunit/static_stub.h",
        "kunit/visibility.h",
        "linux/bug.h",
        "linux/dma-buf.h",
        "linux/dma-buf-mapping.h",
        "linux/err.h",
        "linux/export.h",
    ]);
    if t.private.is_some() {
        inc.need_local(names::header_include(t));
    }
    let externs = crate::emit::called_externs(t, &crate::emit::glue_exprs(t));

    let mut called: Vec<&str> = Vec::new();
    let mut call_ops = Vec::new();
    for e in &t.entries {
        if !called.contains(&e.op.as_str()) {
            called.push(&e.op);
            call_ops.extend(t.op(&e.op).map(|op| call_op_block(t, e, op)));
        }
    }
    // Blocks first: each records the headers it needs as it is built.
    let mut wrappers: Vec<String> = externs.into_iter().map(|e| wrapper_block(t, e, &mut inc)).collect();
    if crate::emit::warns(t) {
        wrappers.push(RuleWarn { name: &names::rule_warn(t) }.render().expect("rule warn renders"));
    }
    if crate::emit::has_checks(t) {
        inc.need_all(&["linux/printk.h", "linux/ratelimit.h", "linux/stdarg.h"]);
        wrappers.push(check_warn_block(t));
    }
    let debugfs = t.debugfs.as_ref().map(|_| debugfs_block(t, &mut inc));
    let validators = t.results.iter().map(|r| super::validate::block(t, r, &mut inc)).collect();
    let entries = t.entries.iter().filter_map(|e| Some(entry_block(t, target, e, t.op(&e.op)?, &mut inc))).collect();
    let banner = banner::c_source(&[t.source.as_str()]);
    let view = Glue {
        banner: &banner,
        includes: inc.lines(),
        wrappers,
        match_body: (!t.rules.is_empty()).then(|| match_block(t)),
        finish: finish_block(t),
        debugfs,
        symbol: &t.symbol,
        title: quote::c_string(&t.title),
        match_fn: (!t.rules.is_empty()).then(|| names::match_fn(t)),
        finish_fn: names::finish_fn(t),
        debugfs_fn: t.debugfs.as_ref().map(|_| names::debugfs_fn(t)),
        export: names::export(target, &t.export, &t.symbol),
        validators,
        call_ops,
        entries,
    };
    GenFile::new(names::glue_path(t), view.render().expect("glue renders"))
}

/// A check reporter: the type's own, or the core's.
#[derive(Template)]
#[template(path = "c/check_warn.c", escape = "none")]
pub struct CheckWarn<'a> {
    pub comment: &'a str,
    pub sig: String,
    pub name: &'a str,
    pub export: String,
}

fn check_warn_block(t: &MappingType) -> String {
    let name = names::check_warn(t);
    CheckWarn {
        comment:
            "/*\n * Reports a driver bug one of this type's own checks found: @check says\n * which, @fmt what was \
                  wrong. A rate-limited WARN(); stubbable by KUnit,\n * whose suites check that each case breaks the \
                  check it means to, without a\n * splat.\n */",
        sig: check_warn_signature(&name, "VISIBLE_IF_KUNIT __printf(3, 4) bool", ""),
        name: &name,
        export: format!("EXPORT_SYMBOL_IF_KUNIT({name});"),
    }
    .render()
    .expect("check warn renders")
}

/// The check reporter's prototype, as the glue defines it and the header
/// declares it for KUnit.
pub fn check_warn_signature(name: &str, ret: &str, end: &str) -> String {
    let params = ["bool bug".to_string(), "const char *check".to_string(), "const char *fmt".to_string(), "...".into()];
    layout::signature((ret, name), &params, end)
}

/// `if (<reporter>(cond, "check", fmt, args...))` at `indent` tabs: a
/// generated check that returns when it fails.
pub fn check_if(t: &MappingType, indent: usize, cond: &str, check: &str, fmt: &str, args: &[String]) -> String {
    let mut all = vec![cond.to_string(), check_names::literal(check), format!("\"{fmt}\"")];
    all.extend(args.iter().cloned());
    layout::call(indent, &format!("if ({}", names::check_warn(t)), &all, ")")
}

/// The reporter the rules marked `warn` call.
#[derive(Template)]
#[template(path = "c/rule_warn.c", escape = "none")]
struct RuleWarn<'a> {
    name: &'a str,
}

fn wrapper_block(t: &MappingType, e: &maptype_dsl::ir::Extern, inc: &mut Includes) -> String {
    inc.need(&e.header);
    let name = names::wrapper(t, &e.name);
    let ret = e.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = e.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let args: Vec<String> = e.params.iter().map(|p| p.name.clone()).collect();
    let sig = layout::signature((&format!("VISIBLE_IF_KUNIT {ret}"), &name), &params, "");
    let mut redirect_args = vec![name.clone()];
    redirect_args.extend(args.iter().cloned());
    let call = layout::call(1, &format!("{}{}", if e.ret.is_some() { "return " } else { "" }, e.name), &args, ";");
    let redirect = layout::call(1, "KUNIT_STATIC_STUB_REDIRECT", &redirect_args, ";");
    Wrapper { e, name: &name, sig, redirect, call }.render().expect("wrapper renders")
}

fn names_for(prefix: &str) -> Names<'_> {
    Names { exp: "exp_data", imp: "imp_data", stored: "data", wrapper_prefix: prefix }
}

/// A C comment at `lead` indentation: one line if it fits, else a block.
fn block_comment(lead: &str, text: &str) -> String {
    let text = &quote::c_comment(text);
    let one = format!("{lead}/* {text} */");
    if layout::width(&one) <= layout::WIDTH {
        return format!("{one}\n");
    }
    let mut s = format!("{lead}/*\n");
    for l in layout::wrap_words(&format!("{lead} * "), &format!("{lead} * "), text) {
        s.push_str(&l);
        s.push('\n');
    }
    s.push_str(&format!("{lead} */\n"));
    s
}

/// `warn_fn` is the reporter a requirement marked `warn` goes through.
fn rules_body(rules: &[Rule], depth: usize, n: &Names, warn_fn: &str, out: &mut String) {
    let lead = "\t".repeat(depth);
    for r in rules {
        let view = match r {
            Rule::When { doc, cond, body } => {
                let mut nested = String::new();
                rules_body(body, depth + 1, n, warn_fn, &mut nested);
                RuleView {
                    comment: (!doc.is_empty()).then(|| block_comment(&lead, &doc.join(" "))),
                    lead: &lead,
                    head: format!("if ({}) {{", expr::render(cond, n, depth * 8 + 4, 3)),
                    nested: Some(nested),
                    errno: None,
                }
            }
            Rule::Require { id, doc, cond, warn, errno } => {
                let mut comment = format!("requirement {id}");
                if !doc.is_empty() {
                    comment = format!("{comment}: {}", doc.join(" "));
                }
                let open = if *warn { format!("if ({warn_fn}(") } else { "if (".to_string() };
                let close = if *warn { "))" } else { ")" };
                let c = expr::render_negated(cond, n, depth * 8 + open.len(), close.len());
                RuleView {
                    comment: Some(block_comment(&lead, &comment)),
                    lead: &lead,
                    head: format!("{open}{c}{close}"),
                    nested: None,
                    errno: Some(&errno.name),
                }
            }
        };
        out.push_str(&view.render().expect("rule renders"));
    }
}

/// Declarations of the typed match data each side's body reads, one line
/// (or a declaration broken after `=`) per entry.
fn locals(t: &MappingType, exp: bool, imp: bool) -> Vec<String> {
    let Some(d) = &t.data else { return Vec::new() };
    let mut out = Vec::new();
    for (side, used) in [("exp", exp), ("imp", imp)] {
        if used {
            let decl = format!("const struct {} *{side}_data", d.struct_name);
            out.push(layout::decl_init(1, &decl, &data_ref(t, side, false)).trim_end().to_string());
        }
    }
    out
}

fn match_block(t: &MappingType) -> String {
    let prefix = names::wrapper_prefix(t);
    let n = names_for(&prefix);
    let name = names::match_fn(t);
    let kd = KDoc {
        what: &name,
        summary: format!("are two {} candidates compatible?", t.name),
        members: vec![
            ("dmabuf".into(), "the buffer being attached".into()),
            ("exp".into(), "the exporter's candidate".into()),
            ("imp".into(), "the importer's candidate".into()),
        ],
        body: std::iter::once(format!("Compiled from the compatibility rules of {}.", quote::path(&t.source)))
            .chain((!t.rules_doc.is_empty()).then(|| t.rules_doc.join(" ")))
            .collect(),
        ret: Some(
            "0 if compatible, -EOPNOTSUPP to try the next candidate, another negative errno to abort the attach."
                .into(),
        ),
    };
    let conds = t.rule_conditions();
    let reads = |side| conds.iter().any(|e| expr_reads(e, side));
    let (uses_exp, uses_imp) = (reads(maptype_dsl::ir::Side::Exp), reads(maptype_dsl::ir::Side::Imp));
    let sig = layout::signature(
        ("static int", &name),
        &[
            unused("struct dma_buf *dmabuf", false),
            unused("const struct dma_buf_mapping_match *exp", uses_exp),
            unused("const struct dma_buf_mapping_match *imp", uses_imp),
        ],
        "",
    );
    let mut rules = String::new();
    rules_body(&t.rules, 1, &n, &names::rule_warn(t), &mut rules);
    MatchFn { doc: kd, sig, locals: locals(t, uses_exp, uses_imp), rules }.render().expect("match renders")
}

fn finish_block(t: &MappingType) -> String {
    let prefix = names::wrapper_prefix(t);
    let n = names_for(&prefix);
    let name = names::finish_fn(t);
    let kd = KDoc {
        what: &name,
        summary: format!("store the negotiated {} match", t.name),
        members: vec![
            ("args".into(), "the attach in progress".into()),
            ("exp".into(), "the exporter's candidate that matched".into()),
            ("imp".into(), "the importer's candidate that matched".into()),
        ],
        body: (!t.on_match.doc.is_empty()).then(|| t.on_match.doc.join(" ")).into_iter().collect(),
        ret: None,
    };
    let uses_exp = t.on_match.keep.iter().any(|k| k.side == maptype_dsl::ir::Side::Exp)
        || t.on_match.legacy.iter().any(|l| expr_reads(&l.value, maptype_dsl::ir::Side::Exp));
    let uses_imp = t.on_match.keep.iter().any(|k| k.side == maptype_dsl::ir::Side::Imp)
        || t.on_match.legacy.iter().any(|l| expr_reads(&l.value, maptype_dsl::ir::Side::Imp));
    let sig = layout::signature(
        ("static void", &name),
        &[
            "struct dma_buf_match_args *args".into(),
            "const struct dma_buf_mapping_match *exp".into(),
            unused("const struct dma_buf_mapping_match *imp", uses_imp),
        ],
        "",
    );
    let stored = t.data.as_ref().filter(|_| !t.on_match.keep.is_empty());
    let keep = t
        .on_match
        .keep
        .iter()
        .map(|k| (k.field.as_str(), if k.side == maptype_dsl::ir::Side::Exp { "exp_data" } else { "imp_data" }))
        .collect();
    let legacy = t
        .on_match
        .legacy
        .iter()
        .map(|l| {
            let head = format!("\tattach->{} = ", l.attach_field);
            let v = expr::render(&l.value, &n, layout::width(&head), 1);
            format!("{head}{v};")
        })
        .collect();
    Finish {
        doc: kd,
        sig,
        locals: locals(t, uses_exp, uses_imp),
        stored: stored.map(|d| d.struct_name.as_str()),
        symbol: &t.symbol,
        data_ref: data_ref(t, "&attach->map_type", true),
        keep,
        legacy,
    }
    .render()
    .expect("finish_match renders")
}

/// A parameter declaration, marked `__always_unused` when the body ignores
/// it; the attribute goes first, where kernel-doc still reads the last word
/// as the parameter's name.
fn unused(decl: &str, used: bool) -> String {
    if used {
        decl.to_string()
    } else {
        format!("__always_unused {decl}")
    }
}

fn expr_reads(e: &maptype_dsl::ir::Expr, side: maptype_dsl::ir::Side) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        if let maptype_dsl::ir::Expr::Field { side: s, .. } = x {
            found |= *s == side;
        }
    });
    found
}

fn debugfs_block(t: &MappingType, inc: &mut Includes) -> String {
    let Some(dbg) = &t.debugfs else { return String::new() };
    inc.need("linux/seq_file.h");
    let prefix = names::wrapper_prefix(t);
    let n = names_for(&prefix);
    let name = names::debugfs_fn(t);
    let kd = KDoc {
        what: &name,
        summary: format!("describe {} attachment in debugfs", crate::emit::with_article(&t.name)),
        members: vec![("s".into(), "the debugfs file".into()), ("attach".into(), "the attachment".into())],
        body: (!dbg.doc.is_empty()).then(|| dbg.doc.join(" ")).into_iter().collect(),
        ret: None,
    };
    let sig = layout::signature(
        ("static void", &name),
        &["struct seq_file *s".into(), "struct dma_buf_attachment *attach".into()],
        "",
    );
    let data_decl = t.data.as_ref().filter(|_| !dbg.args.is_empty()).map(|d| {
        let decl = format!("const struct {} *data", d.struct_name);
        layout::decl_init(1, &decl, &data_ref(t, "&attach->map_type", false)).trim_end().to_string()
    });
    let mut args = vec!["s".to_string(), format!("\"{}\"", quote::c_string(&dbg.format))];
    args.extend(dbg.args.iter().map(|a| expr::render(a, &n, 20, 2)));
    let print = layout::call(1, "seq_printf", &args, ";");
    Debugfs { doc: kd, sig, data_decl, print }.render().expect("debugfs dump renders")
}

/// What a failed call returns for an op's return type.
fn failure(op: &Op, errno: &str) -> String {
    match &op.ret {
        None => "return;".into(),
        Some(r) if r.is_pointer() && op.err_ptr() => format!("return ERR_PTR(-{errno});"),
        Some(r) if r.is_pointer() => "return NULL;".into(),
        Some(_) => format!("return -{errno};"),
    }
}

fn call_op_block(t: &MappingType, e: &Entry, op: &Op) -> String {
    let Some(ops) = &t.ops else { return String::new() };
    let name = names::call_op_fn(t, &op.name);
    let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let args: Vec<String> = op.params.iter().map(|p| p.name.clone()).collect();
    let kd = KDoc {
        what: &name,
        summary: format!("call the exporter's @{} of {} attachment", op.name, crate::emit::with_article(&t.name)),
        members: op
            .params
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    if p.name == "attach" { "the attachment".into() } else { format!("passed to @{}", op.name) },
                )
            })
            .collect(),
        body: vec![],
        ret: op.ret.as_ref().map(|_| "what the exporter returned, once checked.".to_string()),
    };
    let sig = layout::signature((&format!("static {ret}"), &name), &params, "");
    let validated = e.validates.as_ref().and_then(|v| t.result(v));
    let call_head = format!("ops->{}", op.name);
    let head = match (validated, &op.ret) {
        (Some(_), _) => format!("res = {call_head}"),
        (None, Some(_)) if op.errno() => format!("err = {call_head}"),
        (None, Some(_)) => format!("return {call_head}"),
        (None, None) => call_head,
    };
    // Give a rejected result back to the exporter through its partner op.
    let undo = validated.and_then(|r| {
        let x = e.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p))?;
        let u = t.op(&x.op)?;
        let uargs: Vec<String> =
            u.params.iter().map(|p| if gives_back(r, &p.ty) { "res".to_string() } else { p.name.clone() }).collect();
        Some(layout::call(2, &format!("ops->{}", u.name), &uargs, ";"))
    });
    CallOp {
        doc: kd,
        sig,
        ops: &ops.name,
        op,
        res_decl: validated.map(|_| op.ret.as_ref().map_or(String::new(), |r| r.declare("res"))),
        type_check: check_if(
            t,
            1,
            &format!("attach->map_type.type != &{}", t.symbol),
            &check_names::attachment_type(t),
            &format!("%s: not {} attachment", crate::emit::with_article(&t.name)),
            &["__func__".into()],
        ),
        errno_check: check_if(
            t,
            1,
            "err > 0",
            &check_names::errno(op),
            &format!("%s: {} returned %d", op.name),
            &["__func__".into(), "err".into()],
        ),
        null_check: check_if(
            t,
            1,
            "!res",
            &check_names::not_null(op),
            &format!("%s: {} returned NULL", op.name),
            &["__func__".into()],
        ),
        fail_einval: failure(op, "EINVAL"),
        fail_eopnotsupp: failure(op, "EOPNOTSUPP"),
        call: layout::call(1, &head, &args, ";"),
        errno: op.errno(),
        validate_call: validated.map(|r| {
            let mut args = vec!["attach->dmabuf".to_string()];
            args.extend(super::validate::ResultC::new(r).after_op);
            layout::call(1, &format!("err = {}", names::validate_fn(&r.name)), &args, ";")
        }),
        undo,
    }
    .render()
    .expect("call_op renders")
}

/// Whether a partner op's parameter of type `ty` takes back the result `r`.
fn gives_back(r: &ResultStruct, ty: &CType) -> bool {
    match &r.shape {
        ResultShape::Struct => ty.is_struct_ptr(&r.name),
        ResultShape::OutParam { .. } => r.array.ty.struct_name().is_some_and(|e| ty.is_struct_ptr(e)),
    }
}

fn entry_block(t: &MappingType, target: &Target, e: &Entry, op: &Op, inc: &mut Includes) -> String {
    // Named so a new field fails to compile here until handled: the doc is
    // the header's kernel-doc; `validates` and `partner` shape the call
    // (`call_op_block`), lock and export the wrapper below.
    // `bound` and `preconditions` are handled here, before the call.
    let Entry { name: _, doc: _, op: _, lock: _, export: _, validates: _, partner: _, bound: _, preconditions: _ } = e;
    if e.lock.is_some() {
        inc.need("linux/dma-resv.h");
    }
    let bound = |name: &str| e.bound.iter().find(|b| b.param == name);
    let params: Vec<String> =
        op.params.iter().filter(|p| bound(&p.name).is_none()).map(|p| p.ty.declare(&p.name)).collect();
    let args: Vec<String> = op
        .params
        .iter()
        .map(|p| bound(&p.name).map_or_else(|| p.name.clone(), |b| format!("data->{}", b.field)))
        .collect();
    let data_decl = t.data.as_ref().filter(|_| !e.bound.is_empty()).map(|d| {
        let decl = format!("const struct {} *data", d.struct_name);
        layout::decl_init(1, &decl, &crate::emit::data_ref(t, "&attach->map_type", false)).trim_end().to_string()
    });
    if e.preconditions.iter().any(|p| matches!(p.check, PreCheck::Aligned { .. })) {
        inc.need("linux/align.h");
    }
    let checks = e
        .preconditions
        .iter()
        .map(|p| {
            let broken = match &p.check {
                PreCheck::Aligned { unit } => format!("!IS_ALIGNED({}, {unit})", p.param),
                PreCheck::Compare { op, value } => {
                    let v = match value {
                        PreValue::Int { value } => value.to_string(),
                        PreValue::BufferSize => "attach->dmabuf->size".to_string(),
                    };
                    format!("{} {} {v}", p.param, op.negated().c())
                }
            };
            (broken, failure(op, &p.errno))
        })
        .collect();
    let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let call = names::call_op_fn(t, &op.name);
    let takes = e.lock == Some(Lock::Takes);
    let head = match (&op.ret, takes) {
        (None, _) => call,
        (Some(_), true) => format!("res = {call}"),
        (Some(_), false) => format!("return {call}"),
    };
    EntryPoint {
        sig: layout::signature((&ret, &e.name), &params, ""),
        data_decl,
        held: e.lock == Some(Lock::Held),
        takes,
        res_decl: op.ret.as_ref().filter(|_| takes).map(|r| r.declare("res")),
        checks,
        call: layout::call(1, &head, &args, ";"),
        export: names::export(target, &e.export, &e.name),
    }
    .render()
    .expect("entry point renders")
}
