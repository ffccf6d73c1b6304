//! The validator of a result struct: every invariant checked in the order
//! `crate::validation` lays out, before an importer sees the exporter's
//! result.

use askama::Template;
use maptype_dsl::ir::{MappingType, ResultStruct};

use super::kdoc::KDoc;
use super::{layout, names};
use crate::validation::{self, Phase, StepKind};

/// The sort-based overlap check of a result's ranges (needs no_overflow).
#[derive(Template)]
#[template(path = "c/overlap.c", escape = "none")]
struct Overlap<'a> {
    r: &'a ResultStruct,
    addr: &'a str,
    len: &'a str,
    count: &'a str,
    arr: &'a str,
    elem: &'a str,
}

pub fn block(t: &MappingType, r: &ResultStruct) -> String {
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

fn overlap_helpers(r: &ResultStruct, addr: &str, len: &str) -> String {
    let elem = r.array.ty.spelling();
    Overlap { r, addr, len, count: &r.count.name, arr: &r.array.name, elem: &elem }
        .render()
        .expect("overlap check renders")
}
