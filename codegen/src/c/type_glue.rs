//! The per-type glue: match/finish_match/debugfs compiled from the rules,
//! the singleton and its export, entry points, result validation and the
//! KUnit-stubbable extern wrappers.

use maptype_dsl::ir::{Entry, Lock, MappingType, Op, ResultStruct, Rule};

use super::expr::{self, Names};
use super::kdoc::KDoc;
use super::layout;
use super::{data_ref, names};
use crate::validation::{self, Phase, StepKind};
use crate::{GenFile, Target};

pub fn file(t: &MappingType, target: &Target) -> GenFile {
    let mut includes: Vec<String> = vec![
        "<kunit/static_stub.h>".into(),
        "<kunit/visibility.h>".into(),
        "<linux/bug.h>".into(),
        "<linux/dma-buf.h>".into(),
        "<linux/dma-buf-mapping.h>".into(),
        "<linux/err.h>".into(),
        "<linux/export.h>".into(),
    ];
    if t.debugfs.is_some() {
        includes.push("<linux/seq_file.h>".into());
    }
    if t.entries.iter().any(|e| e.lock.is_some()) {
        includes.push("<linux/dma-resv.h>".into());
    }
    if !t.results.is_empty() {
        for h in [
            "<linux/align.h>",
            "<linux/mm.h>",
            "<linux/overflow.h>",
            "<linux/slab.h>",
            "<linux/sort.h>",
            "<linux/sizes.h>",
            "<linux/string.h>",
        ] {
            includes.push(h.into());
        }
    }
    let externs = super::called_externs(t, &super::glue_exprs(t));
    for e in &externs {
        includes.push(format!("<{}>", e.header));
    }
    includes.sort();
    includes.dedup();
    if t.private.is_some() {
        includes.push(names::header_include(t));
    }

    let mut blocks = Vec::new();
    for e in externs {
        blocks.push(wrapper_block(t, e));
    }
    if !t.rules.is_empty() {
        blocks.push(match_block(t));
    }
    blocks.push(finish_block(t));
    if t.debugfs.is_some() {
        blocks.push(debugfs_block(t));
    }
    let mut singleton =
        format!("struct dma_buf_mapping_type {} = {{\n\t.name = \"{}\",\n", t.symbol, c_string(&t.title));
    if !t.rules.is_empty() {
        singleton.push_str(&format!("\t.match = {},\n", names::match_fn(t)));
    }
    singleton.push_str(&format!("\t.finish_match = {},\n", names::finish_fn(t)));
    if t.debugfs.is_some() {
        singleton.push_str(&format!("\t.debugfs_dump = {},\n", names::debugfs_fn(t)));
    }
    singleton.push_str("};\n");
    singleton.push_str(&names::export(target, &t.export, &t.symbol));
    blocks.push(singleton);
    for r in &t.results {
        blocks.push(validate_block(t, r));
    }
    let mut called: Vec<&str> = Vec::new();
    for e in &t.entries {
        if !called.contains(&e.op.as_str()) {
            called.push(&e.op);
            if let Some(op) = t.op(&e.op) {
                blocks.push(call_op_block(t, e, op));
            }
        }
    }
    for e in &t.entries {
        if let Some(op) = t.op(&e.op) {
            blocks.push(entry_block(t, target, e, op));
        }
    }
    super::source(names::glue_path(t), &[t.source.as_str()], includes, blocks)
}

/// Escapes text for a C string literal.
pub fn c_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\t', "\\t")
}

fn wrapper_block(t: &MappingType, e: &maptype_dsl::ir::Extern) -> String {
    let name = names::wrapper(t, &e.name);
    let ret = e.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = e.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let args: Vec<String> = e.params.iter().map(|p| p.name.clone()).collect();
    let sig = layout::signature((&format!("VISIBLE_IF_KUNIT {ret}"), &name), &params, "");
    let mut redirect_args = vec![name.clone()];
    redirect_args.extend(args.iter().cloned());
    let call = layout::call(1, &format!("{}{}", if e.ret.is_some() { "return " } else { "" }, e.name), &args, ";");
    format!(
        "/* {}() from <{}>, stubbable by KUnit. */\n{sig}\n{{\n{}\n{call}\n}}\nEXPORT_SYMBOL_IF_KUNIT({name});",
        e.name,
        e.header,
        layout::call(1, "KUNIT_STATIC_STUB_REDIRECT", &redirect_args, ";"),
    )
}

fn names_for(prefix: &str) -> Names<'_> {
    Names { exp: "exp_data", imp: "imp_data", stored: "data", wrapper_prefix: prefix }
}

/// A C comment at `lead` indentation: one line if it fits, else a block.
fn block_comment(lead: &str, text: &str) -> String {
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

fn rules_body(rules: &[Rule], depth: usize, n: &Names, out: &mut String) {
    let lead = "\t".repeat(depth);
    for r in rules {
        match r {
            Rule::When { doc, cond, body } => {
                if !doc.is_empty() {
                    out.push_str(&block_comment(&lead, &doc.join(" ")));
                }
                let col = depth * 8 + 4;
                out.push_str(&format!("{lead}if ({}) {{\n", expr::render(cond, n, col, 3)));
                rules_body(body, depth + 1, n, out);
                out.push_str(&format!("{lead}}}\n"));
            }
            Rule::Require { id, doc, cond, warn, errno } => {
                let mut comment = format!("requirement {id}");
                if !doc.is_empty() {
                    comment = format!("{comment}: {}", doc.join(" "));
                }
                out.push_str(&block_comment(&lead, &comment));
                let (open, close) = if *warn { ("if (WARN_ON(", "))") } else { ("if (", ")") };
                let col = depth * 8 + open.len();
                let c = expr::render_negated(cond, n, col, close.len());
                out.push_str(&format!("{lead}{open}{c}{close}\n{lead}\treturn -{};\n", errno.name));
            }
        }
    }
}

fn locals(t: &MappingType, exp: bool, imp: bool) -> String {
    let Some(d) = &t.data else { return String::new() };
    let mut s = String::new();
    if exp {
        s.push_str(&layout::decl_init(
            1,
            &format!("const struct {} *exp_data", d.struct_name),
            &data_ref(t, "exp", false),
        ));
    }
    if imp {
        s.push_str(&layout::decl_init(
            1,
            &format!("const struct {} *imp_data", d.struct_name),
            &data_ref(t, "imp", false),
        ));
    }
    s
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
        body: vec![format!("Compiled from the compatibility rules of {}.", t.source)],
        ret: Some(
            "0 if compatible, -EOPNOTSUPP to try the next candidate, another negative errno to abort the attach."
                .into(),
        ),
    }
    .render();
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
    let mut body = locals(t, uses_exp, uses_imp);
    if !body.is_empty() {
        body.push('\n');
    }
    rules_body(&t.rules, 1, &n, &mut body);
    format!("{kd}\n{sig}\n{{\n{body}\treturn 0;\n}}")
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
        body: vec![],
        ret: None,
    }
    .render();
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
    let mut body = String::from("\tstruct dma_buf_attachment *attach = args->attach;\n");
    body.push_str(&locals(t, uses_exp, uses_imp));
    let stored = t.data.as_ref().filter(|_| !t.on_match.keep.is_empty());
    if let Some(d) = stored {
        body.push_str(&format!("\tstruct {} *data;\n", d.struct_name));
    }
    body.push_str(&format!(
        "\n\t/* Only what on_match keeps survives: candidates may live on a stack. */\n\tattach->map_type = (struct dma_buf_mapping_match){{\n\t\t.type = &{},\n\t\t.exp_ops = exp->exp_ops,\n\t}};\n",
        t.symbol
    ));
    if stored.is_some() {
        body.push_str(&format!("\tdata = {};\n", data_ref(t, "&attach->map_type", true)));
        for k in &t.on_match.keep {
            let src = if k.side == maptype_dsl::ir::Side::Exp { "exp_data" } else { "imp_data" };
            body.push_str(&format!("\tdata->{0} = {src}->{0};\n", k.field));
        }
    }
    for l in &t.on_match.legacy {
        let head = format!("\tattach->{} = ", l.attach_field);
        let v = expr::render(&l.value, &n, layout::width(&head), 1);
        body.push_str(&format!("{head}{v};\n"));
    }
    format!("{kd}\n{sig}\n{{\n{body}}}")
}

/// A parameter declaration, marked `__always_unused` when the body ignores it.
fn unused(decl: &str, used: bool) -> String {
    if used {
        decl.to_string()
    } else {
        format!("{decl} __always_unused")
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

fn debugfs_block(t: &MappingType) -> String {
    let Some(dbg) = &t.debugfs else { return String::new() };
    let prefix = names::wrapper_prefix(t);
    let n = names_for(&prefix);
    let name = names::debugfs_fn(t);
    let kd = KDoc {
        what: &name,
        summary: format!("describe a {} attachment in debugfs", t.name),
        members: vec![("s".into(), "the debugfs file".into()), ("attach".into(), "the attachment".into())],
        body: vec![],
        ret: None,
    }
    .render();
    let sig = layout::signature(
        ("static void", &name),
        &["struct seq_file *s".into(), "struct dma_buf_attachment *attach".into()],
        "",
    );
    let mut body = String::new();
    if let (Some(d), false) = (&t.data, dbg.args.is_empty()) {
        body.push_str(&layout::decl_init(
            1,
            &format!("const struct {} *data", d.struct_name),
            &data_ref(t, "&attach->map_type", false),
        ));
        body.push('\n');
    }
    let mut args = vec!["s".to_string(), format!("\"{}\"", c_string(&dbg.format))];
    args.extend(dbg.args.iter().map(|a| expr::render(a, &n, 20, 2)));
    body.push_str(&layout::call(1, "seq_printf", &args, ";"));
    format!("{kd}\n{sig}\n{{\n{body}\n}}")
}

/// What a failed call returns for an op's return type.
fn failure(op: &Op, errno: &str) -> String {
    match &op.ret {
        None => "return;".into(),
        Some(r) if r.is_pointer() && op.err_ptr => format!("return ERR_PTR(-{errno});"),
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
        summary: format!("call the exporter's @{} of a {} attachment", op.name, t.name),
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
    }
    .render();
    let sig = layout::signature((&format!("static {ret}"), &name), &params, "");
    let mut body = format!("\tconst struct {} *ops;\n", ops.name);
    let validated = e.validates.as_ref().and_then(|v| t.result(v));
    if validated.is_some() {
        body.push_str(&format!("\t{};\n\tint err;\n", op.ret.as_ref().map_or(String::new(), |r| r.declare("res"))));
    }
    body.push_str(&format!(
        "\n\tif (WARN_ON(attach->map_type.type != &{}))\n\t\t{}\n\tops = container_of(attach->map_type.exp_ops,\n\t\t\t   const struct {}, ops);\n",
        t.symbol,
        failure(op, "EINVAL"),
        ops.name
    ));
    if !op.required {
        body.push_str(&format!("\tif (!ops->{})\n\t\t{}\n", op.name, failure(op, "EOPNOTSUPP")));
    }
    let call_head = format!("ops->{}", op.name);
    match validated {
        None => {
            let head = if op.ret.is_some() { format!("return {call_head}") } else { call_head };
            body.push_str(&layout::call(1, &head, &args, ";"));
            body.push('\n');
        }
        Some(r) => {
            body.push_str(&layout::call(1, &format!("res = {call_head}"), &args, ";"));
            body.push_str("\n\tif (IS_ERR(res))\n\t\treturn res;\n");
            body.push_str("\tif (WARN_ON_ONCE(!res))\n\t\treturn ERR_PTR(-EINVAL);\n");
            body.push_str(&format!("\terr = {}(attach->dmabuf, res);\n\tif (err) {{\n", names::validate_fn(&r.name)));
            // Give a rejected result back to the exporter through its partner op.
            let undo =
                e.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p)).and_then(|x| t.op(&x.op));
            if let Some(u) = undo {
                let uargs: Vec<String> = u
                    .params
                    .iter()
                    .map(|p| if p.ty.base == r.name && p.ty.is_pointer() { "res".to_string() } else { p.name.clone() })
                    .collect();
                body.push_str(&layout::call(2, &format!("ops->{}", u.name), &uargs, ";"));
                body.push('\n');
            }
            body.push_str("\t\treturn ERR_PTR(err);\n\t}\n\treturn res;\n");
        }
    }
    format!("{kd}\n{sig}\n{{\n{body}}}")
}

fn entry_block(t: &MappingType, target: &Target, e: &Entry, op: &Op) -> String {
    let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let args: Vec<String> = op.params.iter().map(|p| p.name.clone()).collect();
    let sig = layout::signature((&ret, &e.name), &params, "");
    let call = names::call_op_fn(t, &op.name);
    let mut body = String::new();
    match e.lock {
        Some(Lock::Held) => {
            body.push_str("\tdma_resv_assert_held(attach->dmabuf->resv);\n");
            let head = if op.ret.is_some() { format!("return {call}") } else { call.clone() };
            body.push_str(&layout::call(1, &head, &args, ";"));
        }
        Some(Lock::Takes) => {
            if let Some(r) = &op.ret {
                body.push_str(&format!("\t{};\n\n", r.declare("res")));
            }
            body.push_str("\tdma_resv_lock(attach->dmabuf->resv, NULL);\n");
            let head = if op.ret.is_some() { format!("res = {call}") } else { call.clone() };
            body.push_str(&layout::call(1, &head, &args, ";"));
            body.push_str("\n\tdma_resv_unlock(attach->dmabuf->resv);");
            if op.ret.is_some() {
                body.push_str("\n\treturn res;");
            }
        }
        None => {
            let head = if op.ret.is_some() { format!("return {call}") } else { call.clone() };
            body.push_str(&layout::call(1, &head, &args, ";"));
        }
    }
    format!("{sig}\n{{\n{body}\n}}\n{}", names::export(target, &e.export, &e.name))
}

fn validate_block(t: &MappingType, r: &ResultStruct) -> String {
    let name = names::validate_fn(&r.name);
    let kd = KDoc {
        what: &name,
        summary: format!("check an exporter's &struct {} before an importer sees it", r.name),
        members: vec![
            ("dmabuf".into(), "the buffer it describes".into()),
            ("res".into(), "the exporter's result".into()),
        ],
        body: vec![format!("Checks every invariant listed at &struct {}.", r.name)],
        ret: Some("0, or the invariant's errno after one warning.".into()),
    }
    .render();
    let sig = layout::signature(
        ("VISIBLE_IF_KUNIT int", &name),
        &["const struct dma_buf *dmabuf".to_string(), format!("const struct {} *res", r.name)],
        "",
    );
    let count = &r.count.name;
    let arr = &r.array.name;
    let elem = &r.array.ty;
    let (addr, len) = r.range.clone().unwrap_or_default();
    let steps = validation::steps(r);
    let has = |k: &dyn Fn(&StepKind) -> bool| steps.iter().any(|s| k(&s.kind));
    let mut pre = String::new();
    let mut each = String::new();
    let mut post = String::new();
    for step in &steps {
        let errno = &step.invariant.errno;
        let (out, lead) = match step.phase {
            Phase::List => (&mut pre, "\t"),
            Phase::Entry => (&mut each, "\t\t"),
            Phase::After => (&mut post, "\t"),
        };
        let q = |f: &str| format!("\"%s: {f}\\n\"");
        let args: Vec<String> = match step.kind {
            StepKind::Nonempty => vec![format!("!res->{count}"), q("no entries"), "__func__".into()],
            StepKind::CountMax { unit } => vec![
                format!("res->{count} > dmabuf->size / {unit}"),
                q("%zu entries for %zu bytes"),
                "__func__".into(),
                format!("(size_t)res->{count}"),
                "dmabuf->size".into(),
            ],
            StepKind::Nonzero { field } => {
                vec![format!("!e->{field}"), q(&format!("entry %zu: {field} is 0")), "__func__".into(), "i".into()]
            }
            StepKind::Aligned { field, align } => vec![
                format!("!IS_ALIGNED(e->{field}, {align})"),
                q(&format!("entry %zu: {field} not aligned to {align}")),
                "__func__".into(),
                "i".into(),
            ],
            StepKind::NoWrap => vec![
                format!("check_add_overflow(e->{addr}, e->{len}, &end)"),
                q("entry %zu wraps"),
                "__func__".into(),
                "i".into(),
            ],
            StepKind::TotalNoWrap => {
                vec![format!("check_add_overflow(total, e->{len}, &total)"), q("total length wraps"), "__func__".into()]
            }
            StepKind::TotalEquals => vec![
                "total != dmabuf->size".into(),
                q("entries cover %llu bytes of %zu"),
                "__func__".into(),
                "(unsigned long long)total".into(),
                "dmabuf->size".into(),
            ],
            StepKind::NoOverlap => {
                out.push_str(&format!(
                    "{lead}err = {}_check_overlap(res);\n{lead}if (err == -ENOMEM)\n{lead}\treturn err;\n",
                    r.name
                ));
                vec!["err".into(), q("entries overlap"), "__func__".into()]
            }
        };
        let depth = lead.len();
        out.push_str(&layout::call(depth, "if (WARN_ONCE", &args, ")"));
        out.push_str(&format!("\n{lead}\treturn -{errno};\n"));
    }
    let needs_total = has(&|k| *k == StepKind::TotalEquals);
    let needs_overlap = has(&|k| *k == StepKind::NoOverlap);
    let no_overflow = has(&|k| *k == StepKind::NoWrap);
    let mut decls = String::new();
    if !each.is_empty() {
        decls.push_str("\tsize_t i;\n");
    }
    if needs_total {
        decls.push_str("\tu64 total = 0;\n");
    }
    if needs_overlap {
        decls.push_str("\tint err;\n");
    }
    let mut body = format!("{decls}\n{pre}");
    if !each.is_empty() {
        body.push_str(&format!(
            "\tfor (i = 0; i < res->{count}; i++) {{\n\t\tconst {} *e = &res->{arr}[i];\n",
            elem.spelling().trim_end()
        ));
        if no_overflow {
            // The element field's own type: `typeof(e->...)` would be const.
            let end_ty = t
                .structs
                .iter()
                .find(|s| s.name == r.array.ty.base)
                .and_then(|s| s.fields.iter().find(|f| f.name == addr))
                .map_or_else(|| maptype_dsl::ir::CType::named("u64"), |f| f.ty.clone());
            body.push_str(&format!("\t\t{};\n", end_ty.declare("end")));
        }
        body.push('\n');
        body.push_str(&each);
        body.push_str("\t}\n");
    }
    body.push_str(&post);
    let mut out = String::new();
    if needs_overlap {
        out.push_str(&overlap_helpers(r, &addr, &len));
        out.push_str("\n\n");
    }
    out.push_str(&format!("{kd}\n{sig}\n{{\n{body}\treturn 0;\n}}\nEXPORT_SYMBOL_IF_KUNIT({name});"));
    out
}

/// Overlap is checked on a sorted copy of the ranges: O(n log n) rather than
/// comparing every pair, since n can be in the millions for a large buffer.
fn overlap_helpers(r: &ResultStruct, addr: &str, len: &str) -> String {
    let n = &r.name;
    let count = &r.count.name;
    let arr = &r.array.name;
    let elem = r.array.ty.spelling();
    format!(
        "static int {n}_cmp_{addr}(const void *a, const void *b)\n{{\n\tconst {elem} *x = a, *y = b;\n\n\tif (x->{addr} != y->{addr})\n\t\treturn x->{addr} < y->{addr} ? -1 : 1;\n\treturn 0;\n}}\n\n\
/* 0 if no two entries overlap, else 1 or -ENOMEM; needs no_overflow. */\n\
static int {n}_check_overlap(const struct {n} *res)\n{{\n\t{elem} *sorted;\n\tsize_t i;\n\tint ret = 0;\n\n\
\tif (res->{count} < 2)\n\t\treturn 0;\n\
\tsorted = kvmalloc_array(res->{count}, sizeof(*sorted), GFP_KERNEL);\n\tif (!sorted)\n\t\treturn -ENOMEM;\n\
\tmemcpy(sorted, res->{arr}, res->{count} * sizeof(*sorted));\n\
\tsort(sorted, res->{count}, sizeof(*sorted),\n\t     {n}_cmp_{addr}, NULL);\n\
\tfor (i = 1; i < res->{count}; i++) {{\n\t\tif (sorted[i - 1].{addr} + sorted[i - 1].{len} > sorted[i].{addr}) {{\n\t\t\tret = 1;\n\t\t\tbreak;\n\t\t}}\n\t}}\n\
\t/* kvmalloc memory goes back through kvfree, never kfree. */\n\tkvfree(sorted);\n\treturn ret;\n}}"
    )
}
