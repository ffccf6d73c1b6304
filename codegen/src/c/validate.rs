//! The validator of a result struct: every invariant checked in the order
//! `maptype_dsl::solver::validation` lays out, before an importer sees the exporter's
//! result.

use askama::Template;
use maptype_dsl::ir::{MappingType, ResultShape, ResultStruct};

use crate::emit::includes::Includes;
use crate::emit::kdoc::KDoc;
use crate::emit::{layout, names};
use maptype_dsl::solver::validation::{self, Phase, StepKind};

/// How C code reaches a result's count and entries, by its shape.
pub struct ResultC {
    /// The count: `res->length`, or the op's out-parameter `nelms`.
    pub count: String,
    /// The entries: `res->phys`, or `res` itself.
    pub entries: String,
    /// The validator's parameters after `dmabuf`.
    pub params: Vec<String>,
    /// The arguments a caller passes in place of `params`.
    pub args: Vec<String>,
    /// Those arguments where the op has just returned: the count is read
    /// through the op's out-parameter there.
    pub after_op: Vec<String>,
}

impl ResultC {
    pub fn new(r: &ResultStruct) -> Self {
        let count = &r.count.name;
        match &r.shape {
            ResultShape::Struct => ResultC {
                count: format!("res->{count}"),
                entries: format!("res->{}", r.array.name),
                params: vec![format!("const struct {} *res", r.name)],
                args: vec!["res".into()],
                after_op: vec!["res".into()],
            },
            ResultShape::OutParam { .. } => ResultC {
                count: count.clone(),
                entries: "res".into(),
                params: vec![format!("const {} *res", r.array.ty.spelling().trim_end()), format!("size_t {count}")],
                args: vec!["res".into(), count.clone()],
                after_op: vec!["res".into(), format!("*{count}")],
            },
        }
    }

    /// The validator's prototype, without its storage class.
    pub fn prototype(r: &ResultStruct, ret: &str, end: &str) -> String {
        let params: Vec<String> =
            std::iter::once("const struct dma_buf *dmabuf".to_string()).chain(Self::new(r).params).collect();
        layout::signature((ret, &names::validate_fn(&r.name)), &params, end)
    }
}

/// The sort-based overlap check of a result's ranges (needs no_overflow).
#[derive(Template)]
#[template(path = "c/overlap.c", escape = "none")]
struct Overlap<'a> {
    r: &'a ResultStruct,
    v: &'a ResultC,
    /// The helper's parameters, `v.params` on one line.
    params: String,
    addr: &'a str,
    len: &'a str,
    elem: &'a str,
}

/// One invariant's check, at the indentation of its phase.
#[derive(Template)]
#[template(path = "c/check.c", escape = "none")]
struct Check<'a> {
    overlap: bool,
    lead: &'a str,
    res: &'a str,
    args: String,
    cond: String,
    errno: &'a str,
}

/// The validator function, with the overlap helpers when it needs them.
#[derive(Template)]
#[template(path = "c/validate.c", escape = "none")]
struct Validator<'a> {
    overlap: Option<String>,
    doc: KDoc<'a>,
    sig: String,
    needs_total: bool,
    needs_overlap: bool,
    v: &'a ResultC,
    elem: String,
    end_decl: Option<String>,
    pre: Vec<Check<'a>>,
    each: Vec<Check<'a>>,
    post: Vec<Check<'a>>,
    name: &'a str,
}

pub fn block(t: &MappingType, r: &ResultStruct, inc: &mut Includes) -> String {
    // Named so a new field fails to compile here until checked or, like
    // the doc (the header's kernel-doc), left to another file.
    let ResultStruct { name: _, doc: _, shape: _, count: _, array: _, range: _, invariants: _, invariants_doc: _ } = r;
    // Sorting and checking the list, the size limits, the error copies.
    inc.need_all(&[
        "linux/align.h",
        "linux/mm.h",
        "linux/overflow.h",
        "linux/slab.h",
        "linux/sort.h",
        "linux/sizes.h",
        "linux/string.h",
    ]);
    let name = names::validate_fn(&r.name);
    let v = ResultC::new(r);
    let (summary, members, first) = match &r.shape {
        ResultShape::Struct => (
            format!("check an exporter's &struct {} before an importer sees it", r.name),
            vec![("res".to_string(), "the exporter's result".to_string())],
            format!("Checks every invariant listed at &struct {}.", r.name),
        ),
        // No struct carries the invariants' list, so this comment does.
        ResultShape::OutParam { op } => {
            let checks: Vec<String> = r.invariants.iter().map(|i| crate::describe_check(&i.check, r)).collect();
            (
                format!("check the entries an exporter's {op} returns before an importer sees them"),
                vec![
                    ("res".to_string(), "the exporter's first entry".to_string()),
                    (r.count.name.clone(), "the number of entries it wrote back".to_string()),
                ],
                format!("Checks that {}.", checks.join("; ")),
            )
        }
    };
    let kd = KDoc {
        what: &name,
        summary,
        members: std::iter::once(("dmabuf".to_string(), "the buffer it describes".to_string()))
            .chain(members)
            .collect(),
        body: std::iter::once(first)
            .chain((!r.invariants_doc.is_empty()).then(|| r.invariants_doc.join(" ")))
            .collect(),
        ret: Some("0, or the invariant's errno after one warning.".into()),
    };
    let sig = ResultC::prototype(r, "VISIBLE_IF_KUNIT int", "");
    let count = &v.count;
    let elem = &r.array.ty;
    let (addr, len) = r.range.clone().unwrap_or_default();
    let steps = validation::steps(r);
    let has = |k: &dyn Fn(&StepKind) -> bool| steps.iter().any(|s| k(&s.kind));
    let (mut pre, mut each, mut post) = (Vec::new(), Vec::new(), Vec::new());
    for step in &steps {
        let errno = &step.invariant.errno;
        let (out, lead) = match step.phase {
            Phase::List => (&mut pre, "\t"),
            Phase::Entry => (&mut each, "\t\t"),
            Phase::After => (&mut post, "\t"),
        };
        let q = |f: &str| format!("%s: {f}");
        let args: Vec<String> = match step.kind {
            StepKind::Nonempty => vec![format!("!{count}"), q("no entries"), "__func__".into()],
            StepKind::CountMax { unit } => vec![
                format!("{count} > dmabuf->size / {unit}"),
                q("%zu entries for %zu bytes"),
                "__func__".into(),
                format!("(size_t){count}"),
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
            StepKind::NoOverlap => vec!["err".into(), q("entries overlap"), "__func__".into()],
        };
        let check = crate::emit::check_names::invariant(r, step.invariant);
        out.push(Check {
            overlap: step.kind == StepKind::NoOverlap,
            lead,
            res: &r.name,
            args: v.args.join(", "),
            cond: super::type_glue::check_if(t, lead.len(), &args[0], &check, &args[1], &args[2..]),
            errno,
        });
    }
    let needs_total = has(&|k| *k == StepKind::TotalEquals);
    let needs_overlap = has(&|k| *k == StepKind::NoOverlap);
    let no_overflow = has(&|k| *k == StepKind::NoWrap);
    // The element field's own type: `typeof(e->...)` would be const.
    let end_decl = no_overflow.then(|| {
        t.structs
            .iter()
            .find(|s| r.array.ty.struct_name() == Some(s.name.as_str()))
            .and_then(|s| s.fields.iter().find(|f| f.name == addr))
            .map_or_else(|| maptype_dsl::ir::CType::plain("u64"), |f| f.ty.clone())
            .declare("end")
    });
    Validator {
        overlap: needs_overlap.then(|| overlap_helpers(r, &v, &addr, &len)),
        doc: kd,
        sig,
        needs_total,
        needs_overlap,
        v: &v,
        elem: elem.spelling().trim_end().to_string(),
        end_decl,
        pre,
        each,
        post,
        name: &name,
    }
    .render()
    .expect("validator renders")
}

fn overlap_helpers(r: &ResultStruct, v: &ResultC, addr: &str, len: &str) -> String {
    let elem = r.array.ty.spelling();
    Overlap { r, v, params: v.params.join(", "), addr, len, elem: &elem }.render().expect("overlap check renders")
}
