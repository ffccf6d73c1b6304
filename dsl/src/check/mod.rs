//! Syntax tree -> IR, with every check.
//!
//! Errors are sorted into two phases: *resolve* (names: unknown, duplicate,
//! not valid C) and *check* (meaning: roles, enum ranges, errnos, export
//! policies, layout, ...). Each type's symbol table is collected first
//! ([`symbols`]); lowering then walks each type once, one module per concept,
//! and collects both; the tables are checked against each other last. The
//! caller reports all resolve errors if there are any, else all check errors,
//! so a misspelt name never drowns in the follow-on errors it causes.

use std::collections::HashMap;

use crate::ast;
use crate::diag::{Construct, Diagnostic, Span};
use crate::ir::{self, Role};

mod ctors;
mod data;
mod debugfs;
mod entries;
mod enums;
mod expr;
mod ops;
mod private;
mod results;
mod rules;
mod symbols;
mod types;

pub use results::parse_version;
use symbols::{check_clashes, Symbols};

#[derive(Default)]
pub struct Errors {
    pub resolve: Vec<Diagnostic>,
    pub check: Vec<Diagnostic>,
    /// Reported with a definition that checks; they stop nothing.
    pub warn: Vec<Diagnostic>,
}

impl Errors {
    fn resolve(&mut self, d: Diagnostic) {
        self.resolve.push(d);
    }
    fn check(&mut self, d: Diagnostic) {
        self.check.push(d);
    }
    fn warn(&mut self, d: Diagnostic) {
        self.warn.push(d);
    }
}

/// Lowers every parsed type, sorted by name, and checks them against each other.
///
/// Phases: collect each type's symbol table (skipping a type defined twice),
/// lower and check each type on its own, then check the tables against each
/// other for C names that clash.
pub fn lower(types: &[(String, &ast::MappingType)], errs: &mut Errors) -> ir::Registry {
    let mut unique: Vec<(&str, &ast::MappingType, Symbols)> = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for (source, t) in types {
        if let Some(prev) = seen.get(t.name.node.as_str()) {
            errs.resolve(
                Diagnostic::error(t.name.span, format!("mapping type `{}` is defined twice", t.name.node))
                    .related(*prev, "first defined here")
                    .hint("each mapping type needs a unique name"),
            );
            continue;
        }
        seen.insert(&t.name.node, t.name.span);
        unique.push((source, t, Symbols::collect(t)));
    }
    let mut out: Vec<ir::MappingType> = Vec::new();
    for (source, t, _) in &unique {
        out.push(TypeLowerer { t, errs, expr_depth: 0, too_deep: false }.lower(source));
    }
    let asts: Vec<&ast::MappingType> = unique.iter().map(|(_, t, _)| *t).collect();
    check_borrowed_structs(&asts, &out, errs);
    let symbols: Vec<Symbols> = unique.into_iter().map(|(_, _, s)| s).collect();
    check_clashes(&symbols, errs);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    ir::Registry { types: out }
}

/// Each `struct NAME from TYPE` against TYPE's own definition, when TYPE is
/// checked too (checked alone, the restated fields are trusted).
fn check_borrowed_structs(asts: &[&ast::MappingType], types: &[ir::MappingType], errs: &mut Errors) {
    let ast_struct = |ty: &str, name: &str| {
        asts.iter().filter(|t| t.name.node == ty).flat_map(|t| &t.items).find_map(|i| match i {
            ast::Item::Struct(s) if s.name.node == name => Some(s),
            _ => None,
        })
    };
    for t in types {
        for mine in &t.structs {
            let Some(from) = &mine.from else { continue };
            let Some(def) = ast_struct(&t.name, &mine.name) else { continue };
            let from_span = def.from.as_ref().map_or(def.name.span, |f| f.span);
            // A type naming itself is reported where it is lowered.
            let Some(owner) = types.iter().find(|x| x.name == *from && x.name != t.name) else { continue };
            if owner.private.is_some() {
                errs.check(
                    Diagnostic::error(from_span, format!("mapping type `{from}` is private"))
                        .hint("only a public type's header can be included by other types"),
                );
                continue;
            }
            let Some(theirs) = owner.structs.iter().find(|x| x.name == mine.name && x.from.is_none()) else {
                let known: Vec<String> =
                    owner.structs.iter().filter(|x| x.from.is_none()).map(|x| format!("`struct {}`", x.name)).collect();
                errs.check(
                    Diagnostic::error(
                        def.name.span,
                        format!("mapping type `{from}` defines no `struct {}`", mine.name),
                    )
                    .hint(if known.is_empty() {
                        format!("`{from}` defines no structs")
                    } else {
                        format!("it defines {}", known.join(", "))
                    }),
                );
                continue;
            };
            let there = ast_struct(from, &theirs.name).map_or(from_span, |s| s.name.span);
            for (f, (_, name, ty)) in mine.fields.iter().zip(&def.fields) {
                let (message, span) = match theirs.fields.iter().find(|x| x.name == f.name) {
                    Some(x) if x.ty == f.ty => continue,
                    Some(x) => (
                        format!(
                            "`{}` is `{}` in `struct {}` of `{from}`",
                            f.name,
                            x.ty.spelling().trim_end(),
                            mine.name
                        ),
                        ty.span,
                    ),
                    None => (format!("`struct {}` of `{from}` has no field `{}`", mine.name, f.name), name.span),
                };
                errs.check(
                    Diagnostic::error(span, message)
                        .related(there, "defined here")
                        .hint("restate the fields as the defining type declares them"),
                );
            }
        }
    }
}

struct TypeLowerer<'a> {
    t: &'a ast::MappingType,
    errs: &'a mut Errors,
    /// How deep `expr` has recursed, and whether this expression was already
    /// reported as too deep.
    expr_depth: usize,
    too_deep: bool,
}

/// What an expression evaluates to, as far as the checks need to know.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Bool,
    Int(Option<i64>),
    /// A field holding an enum; `allowed` narrows the values it can hold.
    EnumField {
        enum_name: String,
        allowed: Vec<String>,
        field: String,
    },
    EnumConst {
        enum_name: String,
        name: String,
        value: i64,
    },
    /// Bits of flag set `set`: a field, a flag, or `|` / `&` of them;
    /// `value` when every bit is known (constants only).
    Flags {
        set: String,
        value: Option<i64>,
    },
    Ptr,
    Null,
    Void,
    Other,
}

impl Ty {
    /// A value that is certainly no pointer: where a pointer is wanted, it is an error.
    fn not_pointer(&self) -> bool {
        matches!(
            self,
            Ty::Bool | Ty::Int(_) | Ty::EnumConst { .. } | Ty::EnumField { .. } | Ty::Flags { .. } | Ty::Void
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Compatibility rules and on-match values: `exp.f`, `imp.f`.
    Match,
    /// Accessors and debugfs: the stored result, fields by bare name.
    Stored,
}

impl TypeLowerer<'_> {
    fn lower(&mut self, source: &str) -> ir::MappingType {
        let t = self.t;
        self.c_ident(&t.name, "mapping type name");
        let name = t.name.node.clone();
        let symbol = format!("dma_buf_mapping_{name}_type");
        self.not_core(&symbol, t.name.span);
        let doc = self.doc(&t.doc);

        let mut title = None;
        let mut export = None;
        let mut private = None;
        let mut data_def = None;
        let mut ops_def = None;
        let mut compatible = None;
        let mut on_match = None;
        let mut ops_accessor = None;
        let mut single = None;
        let mut debugfs = None;
        let mut enum_defs = Vec::new();
        let mut externs = Vec::new();
        let mut ctors = Vec::new();
        let mut accessors = Vec::new();
        let mut entries = Vec::new();
        let mut structs = Vec::new();
        let mut results = Vec::new();
        for item in &t.items {
            match item {
                ast::Item::Title { text, span, doc } => self.once(&mut title, (doc, text), *span, "name"),
                ast::Item::Export { policy, span, doc } => self.once(&mut export, (doc, policy), *span, "export"),
                ast::Item::Private { module, dir, span, doc } => {
                    self.once(&mut private, (doc, module, dir), *span, "private")
                }
                ast::Item::Enum(e) => enum_defs.push(e),
                ast::Item::Data(d) => self.once(&mut data_def, d, d.span, "data"),
                ast::Item::Ops(o) => self.once(&mut ops_def, o, o.span, "exporter ops"),
                ast::Item::Importer(c) => ctors.push((Role::Importer, c)),
                ast::Item::Exporter(c) => ctors.push((Role::Exporter, c)),
                ast::Item::SingleExporter { doc, name, ops, span } => {
                    self.once(&mut single, (doc, name, ops), *span, "single_exporter")
                }
                ast::Item::Extern(e) => externs.push(e),
                ast::Item::Compatible { body, span, doc } => {
                    self.once(&mut compatible, (doc, body), *span, "compatible")
                }
                ast::Item::OnMatch { body, span, doc } => self.once(&mut on_match, (doc, body), *span, "on_match"),
                ast::Item::Accessor { doc, name, ty, value, .. } => accessors.push((doc, name, ty, value)),
                ast::Item::OpsAccessor { name, span, doc } => {
                    self.once(&mut ops_accessor, (doc, name), *span, "ops_accessor")
                }
                ast::Item::Entry(e) => entries.push(e),
                ast::Item::Struct(s) => structs.push(s),
                ast::Item::Result(r) => results.push(r),
                ast::Item::Debugfs { format, args, span, doc } => {
                    self.once(&mut debugfs, (doc, format, args), *span, "debugfs")
                }
            }
        }

        let title_doc = title.map_or_else(Vec::new, |((d, _), _)| self.doc(d));
        let title = match title {
            Some(((_, t), _)) => {
                self.text(t, "name");
                if t.node.trim().is_empty() {
                    self.errs.check(
                        Diagnostic::error(t.span, "name is empty")
                            .hint("debugfs shows it for every attachment of this type"),
                    );
                }
                if t.node.contains('"') {
                    self.errs.check(Diagnostic::error(t.span, "name cannot contain `\"`").hint("reword the name"));
                }
                t.node.clone()
            }
            None => {
                self.errs.resolve(
                    Diagnostic::error(t.name.span, format!("mapping type `{name}` has no `name`"))
                        .hint("add `name \"Human readable name\";`, shown in debugfs")
                        .see(Construct::Name),
                );
                String::new()
            }
        };
        let export_doc = export.map_or_else(Vec::new, |((d, _), _)| self.doc(d));
        let export = match export {
            Some(((_, p), at)) => {
                let x = self.policy(p);
                // Every exporter's candidate constructor takes the singleton's address.
                let hides = match &x {
                    ir::Export::Local => Some("no exporter"),
                    ir::Export::Modules { .. } if private.is_none() => Some("exporters outside the list"),
                    _ => None,
                };
                if let Some(who) = hides {
                    self.errs.check(
                        Diagnostic::error(at, format!("this export hides the type's singleton from {who}")).hint(
                            "every exporter's candidate refers to the singleton: export the type with \
                                 `export ns \"NS\";` or `export gpl;`, and restrict entry points with \
                                 `entry NAME = OP, export to_modules \"m\";`",
                        ),
                    );
                }
                x
            }
            None => {
                self.errs.resolve(
                    Diagnostic::error(t.name.span, format!("mapping type `{name}` does not say how it is exported"))
                        .hint("add `export ns \"DMA_BUF\";`, `export gpl;` or `export to_modules \"mod\";`")
                        .see(Construct::Export),
                );
                ir::Export::Gpl
            }
        };
        let private = private.map(|((doc, module, dir), _)| {
            let doc = self.doc(doc);
            if !module.node.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') || module.node.is_empty()
            {
                self.errs.check(Diagnostic::error(module.span, format!("`{}` is not a module name", module.node)));
            }
            let ok_dir = !dir.node.is_empty()
                && !dir.node.starts_with('/')
                && !dir.node.split('/').any(|p| p.is_empty() || p == "." || p == "..")
                && dir.node.chars().all(|c| c.is_ascii_alphanumeric() || "_-/".contains(c));
            if !ok_dir {
                self.errs.check(
                    Diagnostic::error(dir.span, format!("`{}` is not a kernel source directory", dir.node))
                        .hint("give a relative path such as \"drivers/gpu/drm/xe\""),
                );
            }
            ir::Private { module: module.node.clone(), dir: dir.node.clone(), doc }
        });

        let enums = self.enums(&enum_defs);
        let data = data_def.map(|(d, _)| self.data(d, &enums, private.is_some()));
        let ops = ops_def.map(|(o, _)| self.ops(o));
        let externs = self.externs(&externs);

        let mut partial = ir::MappingType {
            name: name.clone(),
            source: source.to_string(),
            doc,
            title,
            title_doc,
            symbol,
            export,
            export_doc,
            private,
            enums,
            data,
            ops,
            importers: vec![],
            exporters: vec![],
            single_exporter: None,
            externs,
            rules: vec![],
            rules_doc: vec![],
            on_match: ir::OnMatch { doc: vec![], keep: vec![], legacy: vec![] },
            accessors: vec![],
            ops_accessor: None,
            entries: vec![],
            structs: vec![],
            results: vec![],
            debugfs: None,
        };

        let mut ctor_names = HashMap::new();
        for (role, c) in &ctors {
            if self.dup(&mut ctor_names, &c.name, "constructor") {
                continue;
            }
            let lowered = self.ctor(&partial, *role, c);
            match role {
                Role::Importer => partial.importers.push(lowered),
                _ => partial.exporters.push(lowered),
            }
        }
        if let Some(((doc, sname, sops), _)) = single {
            partial.single_exporter = self.single_exporter(&partial, doc, sname, sops);
        }
        if let Some(((doc, body), span)) = compatible {
            partial.rules_doc = self.doc(doc);
            let mut next_id = 0;
            partial.rules = self.rules(&partial, body, &mut next_id);
            if partial.data.is_none() && !partial.rules.is_empty() {
                self.errs.check(
                    Diagnostic::error(span, "compatibility rules need match data to compare")
                        .hint("declare the fields with `data { ... }`"),
                );
            }
        }
        if let Some(((doc, body), _)) = on_match {
            partial.on_match = self.on_match(&partial, body);
            partial.on_match.doc = self.doc(doc);
        }
        let mut acc_names = HashMap::new();
        for (doc, aname, ty, value) in &accessors {
            if self.dup(&mut acc_names, aname, "accessor") {
                continue;
            }
            self.c_ident(aname, "accessor");
            self.not_core(&aname.node, aname.span);
            let doc = self.doc(doc);
            let (lowered, vty) = self.expr(&partial, value, Scope::Stored);
            let ret = self.c_type(ty);
            // The accessor's C body is `return VALUE;`: the value must convert to the return type.
            let mismatch = if ret.is_pointer() {
                vty.not_pointer().then_some("is not a pointer")
            } else if ret.is_void() {
                Some("is discarded: an accessor returns a value")
            } else if ret.is_integer() {
                matches!(vty, Ty::Ptr | Ty::Null | Ty::Void).then_some("is not an integer")
            } else {
                None
            };
            if let Some(why) = mismatch {
                self.errs.check(
                    Diagnostic::error(
                        value.span(),
                        format!("accessor `{}` returns `{}`, but this value {why}", aname.node, ret.spelling()),
                    )
                    .hint("change the return type or the value"),
                );
            }
            partial.accessors.push(ir::Accessor { name: aname.node.clone(), doc, ret, value: lowered });
        }
        if let Some(((doc, oname), span)) = ops_accessor {
            self.doc(doc);
            self.c_ident(oname, "ops accessor");
            self.not_core(&oname.node, oname.span);
            if partial.ops.is_none() {
                self.errs.check(
                    Diagnostic::error(span, "`ops_accessor` needs an `exporter ops` struct")
                        .hint("declare `exporter ops NAME { ... }`"),
                );
            }
            partial.ops_accessor = Some(oname.node.clone());
        }
        partial.structs = self.structs(&structs);
        partial.results = self.results(&partial, &results);
        partial.entries = self.entries(&partial, &entries);
        if let Some(((doc, format, args), _)) = debugfs {
            let doc = self.doc(doc);
            partial.debugfs = Some(ir::Debugfs { doc, ..self.debugfs(&partial, format, args) });
        }
        self.private_fit(&partial);
        partial
    }
}

/// Points each diagnostic that names no section yet at the section of the
/// construct it lies in: the innermost item, or part of an item with a
/// section of its own, whose span holds the diagnostic's.
pub fn point_to_sections(types: &[(String, &ast::MappingType)], diags: &mut [Diagnostic]) {
    // A clean check of a large registry need not list its items.
    if diags.iter().all(|d| d.construct.is_some()) {
        return;
    }
    let mut spans = Vec::new();
    for (_, t) in types {
        sections(t, &mut spans);
    }
    for d in diags.iter_mut().filter(|d| d.construct.is_none()) {
        let holds = |s: &Span| s.file == d.span.file && s.start <= d.span.start && d.span.end <= s.end;
        d.construct = spans.iter().filter(|(s, _)| holds(s)).min_by_key(|(s, _)| s.end - s.start).map(|(_, c)| *c);
    }
}

/// The spans of a type's constructs. Exhaustive over item kinds, without a
/// catch-all, so that a new kind of item must name its section.
fn sections(t: &ast::MappingType, out: &mut Vec<(Span, Construct)>) {
    out.push((t.span, Construct::MappingType));
    for item in &t.items {
        let own = match item {
            ast::Item::Title { span, .. } => (*span, Construct::Name),
            ast::Item::Export { span, .. } => (*span, Construct::Export),
            ast::Item::Private { span, .. } => (*span, Construct::Private),
            ast::Item::Enum(e) => (e.span, if e.flags { Construct::Flags } else { Construct::Enums }),
            ast::Item::Data(d) => {
                let typed = d.fields.iter().filter(|f| f.enum_of.is_some() || !f.allowed.is_empty());
                out.extend(typed.map(|f| (f.span, Construct::EnumFields)));
                (d.span, Construct::MatchData)
            }
            ast::Item::Ops(o) => (o.span, Construct::ExporterOps),
            ast::Item::Importer(c) | ast::Item::Exporter(c) => (c.span, Construct::Constructors),
            ast::Item::SingleExporter { span, .. } => (*span, Construct::SingleExporter),
            ast::Item::Extern(e) => (e.span, Construct::Externs),
            ast::Item::Compatible { span, .. } => (*span, Construct::Compatible),
            ast::Item::OnMatch { body, span, .. } => {
                for stmt in body {
                    match stmt {
                        ast::OnMatchStmt::Legacy { span, .. } => out.push((*span, Construct::Legacy)),
                        ast::OnMatchStmt::Keep(_) => {}
                    }
                }
                (*span, Construct::OnMatch)
            }
            ast::Item::Accessor { span, .. } | ast::Item::OpsAccessor { span, .. } => (*span, Construct::Accessors),
            ast::Item::Entry(e) => {
                out.extend(e.binds.iter().map(|b| (b.span, Construct::EntryBody)));
                out.extend(e.preconditions.iter().map(|p| (p.span, Construct::EntryBody)));
                (e.span, Construct::Entries)
            }
            ast::Item::Struct(s) => (s.span, Construct::CStructs),
            ast::Item::Result(r) => {
                out.extend(r.invariants.iter().map(|b| (b.span, Construct::Invariants)));
                (r.span, Construct::Results)
            }
            ast::Item::Debugfs { span, .. } => (*span, Construct::Debugfs),
        };
        out.push(own);
    }
}
