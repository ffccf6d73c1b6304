//! The docs backend: one reStructuredText page per type, for the kernel's
//! Documentation/ tree, with the compatibility table reviewers ask for.

use askama::Template;
use maptype_dsl::ir::{
    Data, Debugfs, Entry, Export, Expr, Lock, MappingType, Private, Registry, ResultStruct, Role, Rule, Side,
    SingleExporter, PRIVATE_SLOT_BYTES,
};

use crate::emit::{banner, expr, filters, quote};
use crate::{describe_check, GenFile};

#[derive(Template)]
#[template(path = "docs/type.rst", escape = "none")]
struct Page<'a> {
    note: String,
    title: &'a str,
    underline: String,
    symbol: &'a str,
    about: String,
    /// The docs of `name`, `export`, `private`, `compatible` and `on_match`,
    /// each a paragraph (empty when undocumented).
    name_about: String,
    export_about: String,
    /// The owning driver of a driver-private type.
    private: Option<&'a Private>,
    private_about: String,
    rules_about: String,
    on_match_about: String,
    /// Per result with documented invariants, their docs.
    invariants_about: Vec<String>,
    fields: Vec<FieldRow<'a>>,
    rules: Vec<RuleRow>,
    on_match: Vec<String>,
    importers: Vec<String>,
    exporters: Vec<String>,
    /// The importer constructors, and per exporter constructor its row of
    /// the constructor matrix ([`crate::matrix::pairing`]).
    matrix_imps: Vec<String>,
    matrix_rows: Vec<(String, Vec<String>)>,
    accessors: Vec<AccessorRow>,
    entries: Vec<EntryRow<'a>>,
    invariants: Vec<InvariantRow>,
    /// What the attachment's debugfs line prints after the type's name.
    debugfs: Option<DebugfsRow>,
    single_exporter: Option<SingleExporterRow>,
}

/// The `seq_printf()` the glue adds after the type's name.
struct DebugfsRow {
    format: String,
    args: Vec<String>,
    /// The doc of `debugfs`.
    about: String,
}

/// The `dma_buf_ops` initializer macro for an exporter with one candidate.
struct SingleExporterRow {
    call: String,
    exporter: String,
    ops_struct: String,
    about: String,
}

#[derive(Template)]
#[template(path = "docs/index.rst", escape = "none")]
struct Index {
    note: String,
    /// Page names, in registry order.
    pages: Vec<String>,
    layout: MatchLayout,
}

/// What `struct dma_buf_mapping_match` costs on 64-bit kernels, for the
/// index: the two pointers and the union of the core types' match data and
/// the private slot.
struct MatchLayout {
    size: crate::emit::MatchSize,
    /// Each core type's data: (member, bytes).
    members: Vec<(String, u64)>,
    slot: u64,
}

impl MatchLayout {
    fn of(core: &[&MappingType]) -> MatchLayout {
        MatchLayout {
            size: crate::emit::match_size(core),
            members: core
                .iter()
                .filter_map(|t| t.data.as_ref())
                .map(|d| (d.member.clone().unwrap_or_default(), d.size))
                .collect(),
            slot: PRIVATE_SLOT_BYTES,
        }
    }

    /// The sentence on the slot's cost, in words.
    fn cost(&self) -> String {
        match self.size.with_slot - self.size.without_slot {
            0 => "The slot is no larger than the core types' data, so it costs nothing.".into(),
            n => format!(
                "The slot costs {n} bytes per candidate and per attachment: with the core types' data \
                 alone, as the RFC lays it out, the struct would take {} bytes.",
                self.size.without_slot
            ),
        }
    }
}

/// A match data field: where it comes from and whether a match keeps it.
struct FieldRow<'a> {
    name: &'a str,
    side: &'static str,
    ty: String,
    on_match: &'static str,
}

/// A requirement: when it applies, what it requires (C), what failing does.
struct RuleRow {
    id: usize,
    when: String,
    requires: String,
    otherwise: String,
}

struct AccessorRow {
    accessor: String,
    value: String,
}

struct EntryRow<'a> {
    function: &'a str,
    does: String,
    exported: String,
}

struct InvariantRow {
    invariant: String,
    errno: String,
}

/// Where a type's page goes. A private type's page is in `private/`, which
/// the index lists by a glob, so a private type generated on its own joins
/// the index without rewriting it.
pub fn page_path(t: &MappingType) -> String {
    let dir = if t.private.is_some() { PRIVATE_PAGES } else { PAGES };
    format!("{dir}/{}.rst", t.name.replace('_', "-"))
}

/// The pages of core types and the index.
pub const PAGES: &str = "Documentation/driver-api/dma-buf-mapping";
/// The pages of private types.
pub const PRIVATE_PAGES: &str = "Documentation/driver-api/dma-buf-mapping/private";

/// The docs backend: a page per type and the index.
pub struct Docs;

impl crate::Backend for Docs {
    fn name(&self) -> &'static str {
        "docs"
    }

    fn registry_files(&self, reg: &Registry, _: &crate::Target) -> Vec<GenFile> {
        let Registry { types } = reg;
        let core: Vec<&MappingType> = types.iter().filter(|t| t.private.is_none()).collect();
        let sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
        let pages = core.iter().map(|t| t.name.replace('_', "-")).collect();
        let layout = MatchLayout::of(&core);
        let index = Index { note: banner::rst(&sources), pages, layout }.render().expect("docs index renders");
        vec![GenFile::new(format!("{PAGES}/index.rst"), index)]
    }

    fn type_files(&self, t: &MappingType, _: &crate::Target) -> Vec<GenFile> {
        vec![page(t)]
    }
}

/// A cell of the constructor matrix in words.
fn pairing_text(p: &crate::matrix::Pairing) -> String {
    use crate::matrix::Pairing;
    match p {
        Pairing::Always => "always compatible".into(),
        Pairing::Never { id, errno } => format!("never: #{id} fails (-{errno})"),
        Pairing::When(ids) => {
            let ids: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
            let list = match ids.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            format!("when {list} {}", if ids.len() == 1 { "holds" } else { "hold" })
        }
    }
}

/// An expression as the definition writes it.
pub(crate) fn expr(e: &Expr) -> String {
    fn go(e: &Expr, parent: u8) -> String {
        match e {
            Expr::Value { value } => expr::value(value),
            Expr::Field { side, field } => match side {
                Side::Exp => format!("exp.{field}"),
                Side::Imp => format!("imp.{field}"),
                Side::Stored => field.clone(),
            },
            Expr::Call { func, args } => {
                format!("{func}({})", args.iter().map(|a| go(a, 0)).collect::<Vec<_>>().join(", "))
            }
            Expr::Not { expr } => format!("!{}", go(expr, expr::PREFIX)),
            Expr::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                let inner = expr::operand_precedence(*op);
                let s = format!("{} {} {}", go(lhs, inner), op.c(), go(rhs, inner));
                if p < parent {
                    format!("({s})")
                } else {
                    s
                }
            }
        }
    }
    go(e, 0)
}

/// Definition code (expressions, names, formats) as an rst inline literal.
fn lit(s: &str) -> String {
    quote::rst_literal(s)
}

fn export(e: &Export) -> String {
    match e {
        Export::Gpl => "GPL".into(),
        Export::Namespace { namespace } => format!("GPL, namespace {}", lit(namespace)),
        Export::Modules { modules } => {
            format!("only to {}", modules.iter().map(|m| lit(m)).collect::<Vec<_>>().join(", "))
        }
        Export::Local => "not exported: the owning module's own".into(),
    }
}

fn page(t: &MappingType) -> GenFile {
    // Every field named: a new one fails to compile here until documented.
    let MappingType {
        name: _,
        source,
        doc,
        title,
        title_doc,
        symbol,
        private,
        data,
        rules: _,
        rules_doc,
        on_match,
        importers,
        exporters,
        single_exporter,
        accessors,
        ops_accessor,
        entries,
        results,
        debugfs,
        // The page describes the type's behaviour; the C names of its enums,
        // structs and ops struct are in the header's kernel-doc, and how the
        // glue is exported is the header's concern.
        enums: _,
        structs: _,
        ops,
        export: _,
        export_doc,
        // Externs appear where rules, accessors and debugfs call them.
        externs: _,
    } = t;
    let fields = data
        .iter()
        .flat_map(|d| {
            // Layout (member, struct, size, alignment) is the header's concern.
            let Data { member: _, struct_name: _, doc: _, fields, size: _, align: _ } = d;
            fields
        })
        .map(|f| {
            let role = match f.role {
                Role::Importer => "importer",
                Role::Exporter => "exporter",
                Role::Both => "both",
            };
            let kept = if on_match.keep.iter().any(|k| k.field == f.name) {
                "kept"
            } else if f.opaque {
                "opaque"
            } else {
                "not kept"
            };
            let mut ty = f.ty.spelling();
            if let Some(e) = &f.enum_name {
                let what = if t.enum_by_name(e).is_some_and(|e| e.flags) { "flags" } else { "enum" };
                ty = format!("{ty} ({what} {e})");
            }
            FieldRow { name: &f.name, side: role, ty, on_match: kept }
        })
        .collect();
    // Requirements with their `when` guards, walked by the IR's helper.
    let rules = t
        .requirements()
        .into_iter()
        .filter_map(|(guards, r)| match r {
            Rule::Require { id, cond, warn, errno, .. } => {
                let when = if guards.is_empty() {
                    "always".to_string()
                } else {
                    guards.iter().map(|g| lit(&expr(g))).collect::<Vec<_>>().join(" and ")
                };
                let fail = format!(
                    "-{}{}{}",
                    errno.name,
                    if errno.fatal { ", aborts the attach" } else { ", next candidate" },
                    if *warn { ", warns" } else { "" }
                );
                Some(RuleRow { id: *id, when, requires: expr(cond), otherwise: fail })
            }
            Rule::When { .. } => None,
        })
        .collect();
    let mut kept: Vec<String> = on_match
        .keep
        .iter()
        .map(|k| {
            format!(
                "{} is copied from the {} candidate",
                lit(&k.field),
                if k.side == Side::Exp { "exporter" } else { "importer" }
            )
        })
        .collect();
    kept.extend(
        on_match
            .legacy
            .iter()
            .map(|l| format!("{} is set to {}", lit(&format!("attach->{}", l.attach_field)), lit(&expr(&l.value)))),
    );
    let ctor = |c: &maptype_dsl::ir::Ctor| {
        let params: Vec<String> = c.params.iter().map(|p| p.name.clone()).collect();
        let form = if c.form == maptype_dsl::ir::CtorForm::Macro { " (macro, for static initializers)" } else { "" };
        format!("{}{form}", lit(&format!("{}({})", c.name, params.join(", "))))
    };
    let accessors = accessors
        .iter()
        .map(|a| AccessorRow {
            accessor: lit(&format!("{} {}(attach)", a.ret.spelling(), a.name)),
            value: lit(&expr(&a.value)),
        })
        .chain(
            ops_accessor
                .iter()
                .map(|o| AccessorRow { accessor: lit(&format!("{o}(attach)")), value: "the exporter's ops".into() }),
        )
        .collect();
    let entries = entries
        .iter()
        .map(|e| {
            let Entry { name, doc, op, lock, export: e_export, validates, partner, bound, preconditions } = e;
            let lock = match lock {
                Some(Lock::Held) => "caller holds",
                Some(Lock::Takes) => "taken inside",
                None => "-",
            };
            // The author's words first: what the entry is for, and where it
            // departs from the RFC.
            let about = quote::rst_text(&doc.join(" "));
            let calls = format!("calls {}", lit(op));
            let mut what = if about.is_empty() { calls } else { format!("{about} It {calls}") };
            match validates.as_ref().and_then(|v| t.result(v)) {
                Some(r) if r.is_struct() => what.push_str(&format!("; checks struct {}", r.name)),
                Some(r) => what.push_str(&format!(
                    "; checks its entries ({})",
                    lit(&format!("{}()", crate::emit::names::validate_fn(&r.name)))
                )),
                None => {}
            }
            if let Some(p) = partner {
                what.push_str(&format!("; paired with {}", lit(p)));
            }
            for b in bound {
                what.push_str(&format!("; passes the negotiated {} as {}", lit(&b.field), lit(&b.param)));
            }
            for p in preconditions {
                what.push_str(&format!("; -{} unless {}", p.errno, lit(&precondition_text(p))));
            }
            EntryRow { function: name, does: format!("{what}; resv lock: {lock}"), exported: export(e_export) }
        })
        .collect();
    let invariants =
        results
            .iter()
            .flat_map(|r| {
                // Count, array and range are the header's; the page lists the checks.
                let ResultStruct {
                    name: _,
                    doc: _,
                    shape: _,
                    count: _,
                    array: _,
                    range: _,
                    invariants,
                    invariants_doc: _,
                } = r;
                invariants.iter().map(move |i| InvariantRow {
                    invariant: describe_check(&i.check, r).replace('@', ""),
                    errno: format!("-{}", i.errno),
                })
            })
            .collect();
    let debugfs = debugfs.as_ref().map(|d| {
        let Debugfs { doc, format, args } = d;
        DebugfsRow {
            format: lit(&format!("\"{format}\"")),
            args: args.iter().map(|a| lit(&expr(a))).collect(),
            about: para(doc),
        }
    });
    let single_exporter = single_exporter.as_ref().zip(ops.as_ref()).map(|(s, o)| {
        let SingleExporter { name, doc, ops, exporter } = s;
        SingleExporterRow {
            call: lit(&format!("{name}({})", ops.join(", "))),
            exporter: lit(exporter),
            ops_struct: lit(&format!("struct {}", o.name)),
            about: quote::rst_text(&doc.join(" ")),
        }
    });
    let matrix_rows = exporters
        .iter()
        .map(|e| (lit(&e.name), importers.iter().map(|i| pairing_text(&crate::matrix::pairing(t, e, i))).collect()))
        .collect();
    let about = quote::rst_text(&doc.join(" "));
    let title = quote::rst_text(title);
    let invariants_about = results.iter().map(|r| para(&r.invariants_doc)).filter(|p| !p.is_empty()).collect();
    let content = Page {
        note: banner::rst(&[source.as_str()]),
        underline: "=".repeat(title.chars().count()),
        title: &title,
        symbol,
        about,
        name_about: para(title_doc),
        export_about: para(export_doc),
        private: private.as_ref(),
        private_about: private.as_ref().map_or_else(String::new, |p| para(&p.doc)),
        rules_about: para(rules_doc),
        on_match_about: para(&on_match.doc),
        invariants_about,
        fields,
        rules,
        on_match: kept,
        importers: importers.iter().map(ctor).collect(),
        exporters: exporters.iter().map(ctor).collect(),
        matrix_imps: importers.iter().map(|i| lit(&i.name)).collect(),
        matrix_rows,
        accessors,
        entries,
        invariants,
        debugfs,
        single_exporter,
    }
    .render()
    .expect("docs template renders");
    GenFile::new(page_path(t), content)
}

/// A precondition as the definition states it.
fn precondition_text(p: &maptype_dsl::ir::Precondition) -> String {
    use maptype_dsl::ir::{PreCheck, PreValue};
    match &p.check {
        PreCheck::Aligned { unit } => format!("{} aligned {unit}", p.param),
        PreCheck::Compare { op, value } => match value {
            PreValue::Int { value } => format!("{} {} {value}", p.param, op.c()),
            PreValue::BufferSize => format!("{} {} dmabuf.size", p.param, op.c()),
        },
    }
}

/// Doc lines as one rst paragraph; empty when there are none.
fn para(doc: &[String]) -> String {
    quote::rst_text(&doc.join(" "))
}
