//! The docs backend: one reStructuredText page per type, for the kernel's
//! Documentation/ tree, with the compatibility table reviewers ask for.

use askama::Template;
use maptype_dsl::ir::{Export, Expr, Lock, MappingType, Private, Registry, Role, Rule, Side};

use crate::emit::{banner, expr};
use crate::{describe_check, GenFile};

#[derive(Template)]
#[template(path = "docs/type.rst", escape = "none")]
struct Page<'a> {
    note: String,
    title: &'a str,
    underline: String,
    symbol: &'a str,
    about: String,
    /// The owning driver of a driver-private type.
    private: Option<&'a Private>,
    fields: Vec<FieldRow<'a>>,
    rules: Vec<RuleRow>,
    on_match: Vec<String>,
    importers: Vec<String>,
    exporters: Vec<String>,
    accessors: Vec<AccessorRow>,
    entries: Vec<EntryRow<'a>>,
    invariants: Vec<InvariantRow>,
}

#[derive(Template)]
#[template(path = "docs/index.rst", escape = "none")]
struct Index {
    note: String,
    /// Page names, in registry order.
    pages: Vec<String>,
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

pub fn page_path(t: &MappingType) -> String {
    format!("Documentation/driver-api/dma-buf-mapping/{}.rst", t.name.replace('_', "-"))
}

pub fn files(reg: &Registry) -> Vec<GenFile> {
    let mut out: Vec<GenFile> = reg.types.iter().map(page).collect();
    let sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let pages = reg.types.iter().map(|t| t.name.replace('_', "-")).collect();
    let index = Index { note: banner::note(&sources), pages }.render().expect("docs index renders");
    out.push(GenFile::new("Documentation/driver-api/dma-buf-mapping/index.rst", index));
    out
}

/// An expression as the definition writes it.
fn expr(e: &Expr) -> String {
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

fn lit(s: &str) -> String {
    format!("``{s}``")
}

fn export(e: &Export) -> String {
    match e {
        Export::Gpl => "GPL".into(),
        Export::Namespace { namespace } => format!("GPL, namespace {}", lit(namespace)),
        Export::Modules { modules } => {
            format!("only to {}", modules.iter().map(|m| lit(m)).collect::<Vec<_>>().join(", "))
        }
    }
}

fn page(t: &MappingType) -> GenFile {
    let fields = t
        .data
        .iter()
        .flat_map(|d| &d.fields)
        .map(|f| {
            let role = match f.role {
                Role::Importer => "importer",
                Role::Exporter => "exporter",
                Role::Both => "both",
            };
            let kept = if t.on_match.keep.iter().any(|k| k.field == f.name) {
                "kept"
            } else if f.opaque {
                "opaque"
            } else {
                "not kept"
            };
            let mut ty = f.ty.spelling();
            if let Some(e) = &f.enum_name {
                ty = format!("{ty} (enum {e})");
            }
            FieldRow { name: &f.name, side: role, ty, on_match: kept }
        })
        .collect();
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
    let mut on_match: Vec<String> = t
        .on_match
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
    on_match.extend(
        t.on_match
            .legacy
            .iter()
            .map(|l| format!("{} is set to {}", lit(&format!("attach->{}", l.attach_field)), lit(&expr(&l.value)))),
    );
    let ctor = |c: &maptype_dsl::ir::Ctor| {
        let params: Vec<String> = c.params.iter().map(|p| p.name.clone()).collect();
        let form = if c.form == maptype_dsl::ir::CtorForm::Macro { " (macro, for static initializers)" } else { "" };
        format!("{}{form}", lit(&format!("{}({})", c.name, params.join(", "))))
    };
    let accessors = t
        .accessors
        .iter()
        .map(|a| AccessorRow {
            accessor: lit(&format!("{} {}(attach)", a.ret.spelling(), a.name)),
            value: lit(&expr(&a.value)),
        })
        .chain(
            t.ops_accessor
                .iter()
                .map(|o| AccessorRow { accessor: lit(&format!("{o}(attach)")), value: "the exporter's ops".into() }),
        )
        .collect();
    let entries = t
        .entries
        .iter()
        .map(|e| {
            let lock = match e.lock {
                Some(Lock::Held) => "caller holds",
                Some(Lock::Takes) => "taken inside",
                None => "-",
            };
            let mut what = format!("calls {}", lit(&e.op));
            if let Some(v) = &e.validates {
                what.push_str(&format!("; checks struct {v}"));
            }
            EntryRow { function: &e.name, does: format!("{what}; resv lock: {lock}"), exported: export(&e.export) }
        })
        .collect();
    let invariants = t
        .results
        .iter()
        .flat_map(|r| {
            r.invariants.iter().map(move |i| InvariantRow {
                invariant: describe_check(&i.check, r).replace('@', ""),
                errno: format!("-{}", i.errno),
            })
        })
        .collect();
    let about = t.doc.join(" ");
    let content = Page {
        note: banner::note(&[t.source.as_str()]),
        title: &t.title,
        underline: "=".repeat(t.title.chars().count()),
        symbol: &t.symbol,
        about,
        private: t.private.as_ref(),
        fields,
        rules,
        on_match,
        importers: t.importers.iter().map(ctor).collect(),
        exporters: t.exporters.iter().map(ctor).collect(),
        accessors,
        entries,
        invariants,
    }
    .render()
    .expect("docs template renders");
    GenFile::new(page_path(t), content)
}
