//! The per-type header: what drivers of one mapping type include.

use askama::Template;
use maptype_dsl::ir::{
    CType, Ctor, CtorForm, Data, Enum, MappingType, OpsStruct, ResultStruct, Struct, Target as CtorTarget,
};

use super::{enum_headers, struct_tags, zero_of};
use crate::emit::expr::{self, Names};
use crate::emit::kdoc::{describe, split_doc, KDoc};
use crate::emit::{banner, data_ref, filters, layout, names};
use crate::{GenFile, Target};

/// A type's header file; blocks that vary in shape come from their own templates.
#[derive(Template)]
#[template(path = "c/type.h", escape = "none")]
struct TypeHeader<'a> {
    banner: &'a str,
    guard: &'a str,
    includes: Vec<String>,
    forwards: Vec<String>,
    private: Vec<String>,
    structs: Vec<String>,
    results: Vec<String>,
    ops: Option<String>,
    type_summary: String,
    /// Paragraphs of the singleton's comment from the docs of `name`,
    /// `export` and `private`.
    type_notes: Vec<String>,
    symbol: &'a str,
    ctors: Vec<String>,
    single_exporter: Option<String>,
    accessors: Vec<String>,
    ops_accessor: Option<String>,
    entries: Vec<(KDoc<'a>, String)>,
    /// Prototypes of the functions that are static unless KUnit is enabled.
    kunit: Vec<String>,
}

/// Typed views of a private type's slot in the match union.
#[derive(Template)]
#[template(path = "c/private_views.h", escape = "none")]
struct PrivateViews<'a> {
    doc: KDoc<'a>,
    sig: String,
    doc_mut: KDoc<'a>,
    sig_mut: String,
    sn: &'a str,
}

/// The exporter ops struct; each op pointer is wrapped in Rust (80 columns).
#[derive(Template)]
#[template(path = "c/ops.h", escape = "none")]
struct OpsStructBlock<'a> {
    doc: KDoc<'a>,
    name: &'a str,
    members: Vec<String>,
}

/// A candidate constructor that must work in static initializers.
#[derive(Template)]
#[template(path = "c/ctor_macro.h", escape = "none")]
struct CtorMacro<'a> {
    doc: KDoc<'a>,
    name: &'a str,
    params: String,
    symbol: &'a str,
    ops: Option<&'a str>,
    member: Option<String>,
    fields: Vec<(String, String)>,
}

/// A candidate constructor as an inline function (can check its arguments).
#[derive(Template)]
#[template(path = "c/ctor_inline.h", escape = "none")]
struct CtorInline<'a> {
    doc: KDoc<'a>,
    sig: String,
    warns: Vec<String>,
    /// For a private type: the declaration of its writable data view.
    private: Option<String>,
    symbol: &'a str,
    ops: Option<&'a str>,
    member: Option<String>,
    fields: Vec<(String, String)>,
}

/// The dma_buf_ops initializer for an exporter with one candidate.
#[derive(Template)]
#[template(path = "c/single_exporter.h", escape = "none")]
struct SingleExporterBlock<'a> {
    doc: KDoc<'a>,
    s: &'a maptype_dsl::ir::SingleExporter,
    params: String,
    ops: &'a str,
}

/// A typed read of the negotiated match data.
#[derive(Template)]
#[template(path = "c/accessor.h", escape = "none")]
struct Accessor<'a> {
    doc: KDoc<'a>,
    sig: String,
    data_ty: &'a str,
    symbol: &'a str,
    zero: &'a str,
    data_ref: String,
    value: String,
}

/// The exporter's ops of a negotiated attachment.
#[derive(Template)]
#[template(path = "c/ops_accessor.h", escape = "none")]
struct OpsAccessor<'a> {
    doc: KDoc<'a>,
    sig: String,
    symbol: &'a str,
    ops: &'a str,
}

pub fn file(t: &MappingType, target: &Target) -> GenFile {
    let mut includes: Vec<String> =
        ["linux/bug.h", "linux/container_of.h", "linux/dma-buf.h", "linux/dma-buf-mapping-types.h", "linux/types.h"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    if t.private.is_some() {
        includes.extend(["linux/build_bug.h".to_string(), "linux/stddef.h".to_string()]);
        flags_header(t.enums.iter(), &mut includes);
    }
    // A struct from another type is defined by that type's header.
    includes.extend(t.structs.iter().filter_map(|s| s.from.as_deref()).map(names::public_header_of));
    let op_types = t.ops.iter().flat_map(|o| &o.ops).flat_map(|o| o.params.iter().map(|p| &p.ty).chain(o.ret.iter()));
    enum_headers(op_types.clone(), &mut includes);
    // Accessors are inline here, so they call externs directly.
    let accessor_exprs: Vec<_> = t.accessors.iter().map(|a| &a.value).collect();
    includes.extend(crate::emit::called_externs(t, &accessor_exprs).iter().map(|e| e.header.clone()));
    includes.sort();
    includes.dedup();

    let mut forwards = Vec::new();
    struct_tags(op_types, &mut forwards);
    struct_tags(t.importers.iter().chain(&t.exporters).flat_map(|c| c.params.iter().map(|p| &p.ty)), &mut forwards);
    struct_tags(t.accessors.iter().map(|a| &a.ret), &mut forwards);
    struct_tags(
        t.data.iter().flat_map(|d| d.fields.iter().map(|f| &f.ty)).filter(|_| t.private.is_some()),
        &mut forwards,
    );
    let defined: Vec<&str> = t
        .results
        .iter()
        .filter(|r| r.is_struct())
        .map(|r| r.name.as_str())
        .chain(t.structs.iter().map(|s| s.name.as_str()))
        .chain(t.ops.iter().map(|o| o.name.as_str()))
        .chain(["dma_buf", "dma_buf_attachment"])
        .collect();
    forwards.retain(|f| !defined.contains(&f.as_str()));
    forwards.sort();

    let mut private = Vec::new();
    if t.private.is_some() {
        private.extend(t.enums.iter().map(enum_block));
        if let Some(d) = &t.data {
            private.push(data_block(t, d));
            private.push(private_views(t, d));
        }
    }
    let mut entries = Vec::new();
    for e in &t.entries {
        let Some(op) = t.op(&e.op) else { continue };
        let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
        // A bound parameter is the entry point's to fill, not the caller's.
        let passed: Vec<_> = op.params.iter().filter(|p| !e.bound.iter().any(|b| b.param == p.name)).collect();
        let params: Vec<String> = passed.iter().map(|p| p.ty.declare(&p.name)).collect();
        let (summary, body) = split_doc(&e.doc, &format!("call the exporter's {}", op.name));
        let mut members: Vec<(String, String)> =
            passed.iter().map(|p| (p.name.clone(), param_desc(&p.name, &op.name))).collect();
        members.dedup();
        let mut body = body;
        for b in &e.bound {
            body.push(format!(
                "The exporter's {} gets the attachment's negotiated {} as its {}.",
                op.name, b.field, b.param
            ));
        }
        for p in &e.preconditions {
            let ret = if op.err_ptr() { format!("ERR_PTR(-{})", p.errno) } else { format!("-{}", p.errno) };
            body.push(format!("Returns {ret} without calling the exporter if {}.", broken_c(p)));
        }
        match e.lock {
            Some(maptype_dsl::ir::Lock::Held) => {
                body.push("The caller must hold the buffer's reservation lock.".into())
            }
            Some(maptype_dsl::ir::Lock::Takes) => {
                body.push("Takes the buffer's reservation lock; the caller must not hold it.".into())
            }
            None => {}
        }
        if let Some(r) = e.validates.as_ref().and_then(|v| t.results.iter().find(|r| r.name == *v)) {
            body.push(if r.is_struct() {
                format!(
                    "The exporter's result is checked against every invariant of struct {}; \
                     a result that breaks one is returned to the exporter and never reaches the caller.",
                    r.name
                )
            } else {
                format!(
                    "The exporter's entries are checked by {}(); \
                     entries that break a check never reach the caller, who gets its errno.",
                    names::validate_fn(&r.name)
                )
            });
        }
        let ret_doc = op.ret.as_ref().map(|_| {
            if op.errno() {
                "0, or a negative errno on failure (-EINVAL if the exporter returned a positive value).".to_string()
            } else if op.err_ptr() {
                "the exporter's result, or an ERR_PTR() on failure.".to_string()
            } else {
                "the exporter's result.".to_string()
            }
        });
        let kd = KDoc { what: &e.name, summary, members, body, ret: ret_doc };
        entries.push((kd, layout::signature((&ret, &e.name), &params, ";")));
    }
    let guard = names::guard(&names::header_path(t));
    let banner = banner::c_header(&[t.source.as_str()]);
    let ctors = t.importers.iter().map(|c| ctor_block(t, c, "importer"));
    let view = TypeHeader {
        banner: &banner,
        guard: &guard,
        includes,
        forwards,
        private,
        structs: t
            .structs
            .iter()
            .filter(|s| s.from.is_none() && target.lacks(s.since.as_deref()))
            .map(struct_block)
            .collect(),
        results: t.results.iter().filter(|r| r.is_struct()).map(result_block).collect(),
        ops: t.ops.as_ref().map(|o| ops_block(t, o)),
        type_summary: format!("the {} mapping type", t.title),
        type_notes: type_notes(t),
        symbol: &t.symbol,
        ctors: ctors.chain(t.exporters.iter().map(|c| ctor_block(t, c, "exporter"))).collect(),
        single_exporter: t.single_exporter.as_ref().map(|s| single_exporter_block(t, s)),
        accessors: t.accessors.iter().map(|a| accessor_block(t, a)).collect(),
        ops_accessor: t.ops_accessor.as_ref().zip(t.ops.as_ref()).map(|(name, o)| ops_accessor_block(t, name, o)),
        entries,
        kunit: kunit_prototypes(t),
    };
    GenFile::new(names::header_path(t), view.render().expect("type header renders"))
}

/// Prototypes of the functions that are static unless KUnit is enabled.
pub fn kunit_prototypes(t: &MappingType) -> Vec<String> {
    let mut out = Vec::new();
    for e in crate::emit::called_externs(t, &crate::emit::glue_exprs(t)) {
        let ret = e.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
        let params: Vec<String> = e.params.iter().map(|p| p.ty.declare(&p.name)).collect();
        out.push(layout::signature((&ret, &names::wrapper(t, &e.name)), &params, ";"));
    }
    if crate::emit::warns(t) {
        out.push(format!("bool {}(bool bug);", names::rule_warn(t)));
    }
    if crate::emit::has_checks(t) {
        out.push(super::type_glue::check_warn_signature(&names::check_warn(t), "__printf(3, 4) bool", ";"));
    }
    for r in &t.results {
        out.push(super::validate::ResultC::prototype(r, "int", ";"));
    }
    out
}

fn param_desc(name: &str, op: &str) -> String {
    match name {
        "attach" => "the attachment".into(),
        _ => format!("passed to the exporter's @{op}"),
    }
}

/// An enum of a type's match data.
#[derive(Template)]
#[template(path = "c/enum.h", escape = "none")]
struct EnumBlock<'a> {
    doc: KDoc<'a>,
    name: &'a str,
    /// `NAME` or `NAME = VALUE`, as the definition gave it; a flag is `BIT(n)`.
    values: Vec<String>,
}

/// A plain struct; its member declarations are spelled in Rust (C
/// declarator syntax depends on the type).
#[derive(Template)]
#[template(path = "c/struct.h", escape = "none")]
struct StructBlock<'a> {
    doc: KDoc<'a>,
    name: &'a str,
    fields: Vec<String>,
}

pub fn enum_block(e: &Enum) -> String {
    let (summary, body) = split_doc(&e.doc, "values");
    let members = e.values.iter().map(|v| (v.name.clone(), describe(&v.doc, "see the enum"))).collect();
    let what = format!("enum {}", e.name);
    let doc = KDoc { what: &what, summary, members, body, ret: None };
    let values = e
        .values
        .iter()
        .map(|v| {
            if e.flags {
                format!("{} = BIT({})", v.name, v.value.trailing_zeros())
            } else if v.explicit {
                format!("{} = {}", v.name, v.value)
            } else {
                v.name.clone()
            }
        })
        .collect();
    EnumBlock { doc, name: &e.name, values }.render().expect("enum renders")
}

/// `BIT()` for the flag sets among `enums`.
pub fn flags_header<'e>(mut enums: impl Iterator<Item = &'e Enum>, includes: &mut Vec<String>) {
    if enums.any(|e| e.flags) {
        includes.push("linux/bits.h".into());
    }
}

pub fn data_block(t: &MappingType, d: &Data) -> String {
    let (summary, body) = split_doc(&d.doc, &format!("match data of the {} mapping type", t.title));
    let members = d
        .fields
        .iter()
        .map(|f| {
            let role = match f.role {
                maptype_dsl::ir::Role::Importer => "importer",
                maptype_dsl::ir::Role::Exporter => "exporter",
                maptype_dsl::ir::Role::Both => "importer and exporter",
            };
            let mut desc =
                format!("({role}{}) {}", if f.opaque { ", not copied on match" } else { "" }, describe(&f.doc, ""));
            if let Some(e) = &f.enum_name {
                let flags = t.enum_by_name(e).is_some_and(|e| e.flags);
                desc.push_str(&format!(" Holds {}&enum {e}", if flags { "bits of " } else { "" }));
                if !f.allowed.is_empty() {
                    desc.push_str(&format!(": {}", f.allowed.join(" or ")));
                }
                desc.push('.');
            }
            (f.name.clone(), desc.trim_end().to_string())
        })
        .collect();
    let what = format!("struct {}", d.struct_name);
    let doc = KDoc { what: &what, summary, members, body, ret: None };
    let fields = d.fields.iter().map(|f| f.ty.declare(&f.name)).collect();
    StructBlock { doc, name: &d.struct_name, fields }.render().expect("struct renders")
}

fn private_views(t: &MappingType, d: &Data) -> String {
    let view = names::private_view(t);
    let view_mut = names::private_view_mut(t);
    let sn = &d.struct_name;
    PrivateViews {
        doc: KDoc {
            what: &view,
            summary: format!("the {} data of a candidate", t.name),
            members: vec![("m".into(), "a candidate or negotiated match of this type".into())],
            body: vec!["A private type keeps its data in the core's reserved slot; this is its typed view.".into()],
            ret: Some("the data, read-only.".into()),
        },
        sig: layout::signature(
            (&format!("static inline const struct {sn} *"), &view),
            &["const struct dma_buf_mapping_match *m".into()],
            "",
        ),
        doc_mut: KDoc {
            what: &view_mut,
            summary: format!("the {} data of a candidate, writable", t.name),
            members: vec![("m".into(), "a candidate being built or a match being stored".into())],
            body: vec![],
            ret: Some("the data.".into()),
        },
        sig_mut: layout::signature(
            (&format!("static inline struct {sn} *"), &view_mut),
            &["struct dma_buf_mapping_match *m".into()],
            "",
        ),
        sn,
    }
    .render()
    .expect("private views render")
}

fn struct_block(s: &Struct) -> String {
    let (summary, mut body) = split_doc(&s.doc, "a plain struct");
    if let Some(v) = &s.since {
        body.push(format!("Linux {v} and later define this in <linux/dma-buf.h>."));
    }
    if let Some(r) = &s.renamed {
        body.push(format!(
            "Linux {} and later call it struct {}; output for those kernels uses that name.",
            r.since, r.name
        ));
    }
    let members = s.fields.iter().map(|f| (f.name.clone(), describe(&f.doc, "see the struct"))).collect();
    let what = format!("struct {}", s.name);
    let doc = KDoc { what: &what, summary, members, body, ret: None };
    let fields = s.fields.iter().map(|f| f.ty.declare(&f.name)).collect();
    StructBlock { doc, name: &s.name, fields }.render().expect("struct renders")
}

/// A result struct an exporter op returns, with its iterator.
#[derive(Template)]
#[template(path = "c/result.h", escape = "none")]
struct ResultBlock<'a> {
    doc: KDoc<'a>,
    iter_doc: KDoc<'a>,
    r: &'a ResultStruct,
    count_decl: String,
    array_decl: String,
}

fn result_block(r: &ResultStruct) -> String {
    let (summary, mut body) = split_doc(&r.doc, "what an exporter op returns");
    if !r.invariants.is_empty() {
        let checks: Vec<String> = r.invariants.iter().map(|i| crate::describe_check(&i.check, r)).collect();
        body.push(format!("Entry points check before an importer sees it that {}.", checks.join("; ")));
    }
    let members = vec![
        (r.count.name.clone(), describe(&r.count.doc, "number of entries")),
        (r.array.name.clone(), describe(&r.array.doc, "the entries")),
    ];
    let what = format!("struct {}", r.name);
    let it = format!("{}_for_each", r.name);
    let iter_doc = KDoc {
        what: &it,
        summary: format!("iterate over the entries of a &struct {}", r.name),
        members: vec![
            ("res".into(), format!("the &struct {}", r.name)),
            ("entry".into(), format!("cursor, a pointer to {}", r.array.ty.spelling())),
        ],
        body: vec![format!("Stops at @res->{}; never reads past the entries.", r.count.name)],
        ret: None,
    };
    ResultBlock {
        doc: KDoc { what: &what, summary, members, body, ret: None },
        iter_doc,
        r,
        count_decl: r.count.ty.declare(&r.count.name),
        array_decl: r.array.ty.declare(&r.array.name),
    }
    .render()
    .expect("result struct renders")
}

fn ops_block(t: &MappingType, o: &OpsStruct) -> String {
    let (summary, mut body) = split_doc(&o.doc, &format!("exporter callbacks of the {} mapping type", t.title));
    body.push(
        "Exporters fill one and pass it to an exporter candidate; the core finds it again from @ops \
         with container_of(), so @ops must stay the first member."
            .to_string(),
    );
    let mut members = vec![("ops".to_string(), "the core's handle on these ops; keep it first".to_string())];
    for op in &o.ops {
        let mut d = describe(&op.doc, "an exporter callback");
        d.push_str(if op.required { " Required." } else { " Optional." });
        if op.err_ptr() {
            d.push_str(" Returns an ERR_PTR() on failure.");
        }
        if op.errno() {
            d.push_str(" Returns 0, or a negative errno on failure.");
        }
        members.push((op.name.clone(), d));
    }
    let what = format!("struct {}", o.name);
    let ops = o
        .ops
        .iter()
        .map(|op| {
            let ret = op.ret.clone().unwrap_or_else(CType::void);
            let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            let params = if params.is_empty() { vec!["void".to_string()] } else { params };
            layout::call(1, &ret.declare(&format!("(*{})", op.name)), &params, ";")
        })
        .collect();
    OpsStructBlock { doc: KDoc { what: &what, summary, members, body, ret: None }, name: &o.name, members: ops }
        .render()
        .expect("ops struct renders")
}

/// The designated initializer lines of a candidate's match data.
fn ctor_fields(t: &MappingType, c: &Ctor, param_name: &dyn Fn(&str) -> String) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in t.data.iter().flat_map(|d| &d.fields) {
        if let Some(p) = c.params.iter().find(|p| p.target == CtorTarget::Field(f.name.clone())) {
            out.push((f.name.clone(), param_name(&p.name)));
        } else if let Some(a) = c.fixed.iter().find(|a| a.field == f.name) {
            out.push((f.name.clone(), expr::value(&a.value)));
        }
    }
    out
}

fn ctor_block(t: &MappingType, c: &Ctor, side: &str) -> String {
    let (summary, mut body) =
        split_doc(&c.doc, &format!("{} candidate of the {} type", crate::emit::with_article(side), t.title));
    let members: Vec<(String, String)> = c
        .params
        .iter()
        .map(|p| {
            let d = match &p.target {
                CtorTarget::Ops => format!("the exporter's &struct {}", t.ops.as_ref().map_or("", |o| o.name.as_str())),
                CtorTarget::Field(f) => t.field(f).map_or(String::new(), |f| describe(&f.doc, "see the match data")),
            };
            // A macro's parameters are `_name` (a bare `name` would also
            // replace the designator `.name`), and kernel-doc names them so.
            let name = if c.form == CtorForm::Macro { format!("_{}", p.name) } else { p.name.clone() };
            (name, d)
        })
        .collect();
    let ops = c.params.iter().find(|p| p.target == CtorTarget::Ops).map(|p| p.name.as_str());
    let member_of = |fields: &Vec<(String, String)>| {
        t.data.as_ref().filter(|_| !fields.is_empty()).map(|d| d.member.clone().unwrap_or_default())
    };
    match c.form {
        CtorForm::Macro => {
            body.push("A macro, so it can initialize a static candidate.".into());
            let fields = ctor_fields(t, c, &|n: &str| format!("(_{n})"));
            CtorMacro {
                doc: KDoc { what: &c.name, summary, members, body, ret: None },
                name: &c.name,
                params: c.params.iter().map(|p| format!("_{}", p.name)).collect::<Vec<_>>().join(", "),
                symbol: &t.symbol,
                ops,
                member: member_of(&fields),
                fields,
            }
            .render()
            .expect("constructor macro renders")
        }
        CtorForm::Inline => {
            let params: Vec<String> = c.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            // Restricted enum parameters: the value must be one of the allowed;
            // a flags parameter may set no other bit than its own (or the allowed).
            let warns = c
                .params
                .iter()
                .filter_map(|p| {
                    let CtorTarget::Field(fname) = &p.target else { return None };
                    let field = t.field(fname)?;
                    if let Some(e) = field.enum_name.as_deref().and_then(|e| t.enum_by_name(e)).filter(|e| e.flags) {
                        let bits: Vec<&str> = e
                            .values
                            .iter()
                            .filter(|v| field.allowed.is_empty() || field.allowed.contains(&v.name))
                            .map(|v| v.name.as_str())
                            .collect();
                        return Some(format!("{} & ~({})", p.name, bits.join(" | ")));
                    }
                    let f = Some(field).filter(|f| !f.allowed.is_empty())?;
                    let conds: Vec<String> = f.allowed.iter().map(|a| format!("{} != {a}", p.name)).collect();
                    Some(conds.join(" &&\n\t\t     "))
                })
                .collect();
            let fields = ctor_fields(t, c, &|n: &str| n.to_string());
            let private = t.private.as_ref().map(|_| {
                let decl = format!("struct {} *data", t.data.as_ref().map_or("", |d| d.struct_name.as_str()));
                layout::decl_init(1, &decl, &format!("{}(&m)", names::private_view_mut(t))).trim_end().to_string()
            });
            CtorInline {
                doc: KDoc {
                    what: &c.name,
                    summary,
                    members,
                    body,
                    ret: Some(format!("the candidate, for {}'s list.", crate::emit::with_article(side))),
                },
                sig: layout::signature(("static inline struct dma_buf_mapping_match", &c.name), &params, ""),
                warns,
                private,
                symbol: &t.symbol,
                ops,
                member: member_of(&fields),
                fields,
            }
            .render()
            .expect("constructor renders")
        }
    }
}

fn single_exporter_block(t: &MappingType, s: &maptype_dsl::ir::SingleExporter) -> String {
    let Some(o) = &t.ops else { return String::new() };
    let (summary, mut body) = split_doc(&s.doc, "dma_buf_ops initializer for a single candidate");
    body.push(format!(
        "Sets &dma_buf_ops.single_exporter_match to a static {} candidate whose &struct {} holds the given functions.",
        s.exporter, o.name
    ));
    body.push(
        "Use it only in a &struct dma_buf_ops defined at file scope: its compound literals are static \
         there, but would live on the stack inside a function."
            .into(),
    );
    let members = s.ops.iter().map(|op| (format!("_{op}"), format!("the exporter's {op} callback"))).collect();
    SingleExporterBlock {
        doc: KDoc { what: &s.name, summary, members, body, ret: None },
        s,
        params: s.ops.iter().map(|o| format!("_{o}")).collect::<Vec<_>>().join(", "),
        ops: &o.name,
    }
    .render()
    .expect("single exporter macro renders")
}

fn accessor_block(t: &MappingType, a: &maptype_dsl::ir::Accessor) -> String {
    let zero = zero_of(&a.ret);
    let (summary, body) = split_doc(&a.doc, "read the negotiated result");
    let n = Names { exp: "", imp: "", stored: "data", wrapper_prefix: "" };
    Accessor {
        doc: KDoc {
            what: &a.name,
            summary,
            members: vec![("attach".into(), "the attachment".into())],
            body,
            ret: Some(format!("the value, or {zero} when @attach did not negotiate the {} type.", t.title)),
        },
        sig: layout::signature(
            (&format!("static inline {}", a.ret.spelling()), &a.name),
            &["struct dma_buf_attachment *attach".into()],
            "",
        ),
        data_ty: t.data.as_ref().map_or("", |d| d.struct_name.as_str()),
        symbol: &t.symbol,
        zero,
        data_ref: data_ref(t, "&attach->map_type", false),
        value: expr::render(&a.value, &n, 8 + "return ".len(), 1),
    }
    .render()
    .expect("accessor renders")
}

fn ops_accessor_block(t: &MappingType, name: &str, o: &OpsStruct) -> String {
    OpsAccessor {
        doc: KDoc {
            what: name,
            summary: format!("the exporter's &struct {}", o.name),
            members: vec![("attach".into(), "the attachment".into())],
            body: vec![],
            ret: Some(format!("the ops, or NULL when @attach did not negotiate the {} type.", t.title)),
        },
        sig: layout::signature(
            (&format!("static inline const struct {} *", o.name), name),
            &["struct dma_buf_attachment *attach".into()],
            "",
        ),
        symbol: &t.symbol,
        ops: &o.name,
    }
    .render()
    .expect("ops accessor renders")
}

/// When a precondition refuses the call, in kernel-doc prose.
fn broken_c(p: &maptype_dsl::ir::Precondition) -> String {
    use maptype_dsl::ir::{PreCheck, PreValue};
    match &p.check {
        PreCheck::Aligned { unit } => format!("@{} is not a multiple of %{unit}", p.param),
        PreCheck::Compare { op, value } => {
            let v = match value {
                PreValue::Int { value } => value.to_string(),
                PreValue::BufferSize => "the buffer's size".to_string(),
            };
            format!("@{} is not {} {v}", p.param, op.c())
        }
    }
}

/// The docs of the type's `name`, `export` and `private` statements, one
/// paragraph each, introduced by what they document.
pub fn type_notes(t: &MappingType) -> Vec<String> {
    let private = t.private.as_ref().map_or(&[][..], |p| &p.doc[..]);
    [("Name", &t.title_doc[..]), ("Export", &t.export_doc[..]), ("Private", private)]
        .iter()
        .filter(|(_, d)| !d.is_empty())
        .map(|(what, d)| format!("{what}: {}", d.join(" ")))
        .collect()
}
