//! Syntax tree -> IR, with every check.
//!
//! Errors are sorted into two phases: *resolve* (names: unknown, duplicate,
//! not valid C) and *check* (meaning: roles, enum ranges, errnos, export
//! policies, layout, ...). Lowering walks everything once and collects both;
//! the caller reports all resolve errors if there are any, else all check
//! errors, so a misspelt name never drowns in the follow-on errors it causes.

use std::collections::{BTreeMap, HashMap};

use crate::ast::{self, Ident, Spanned};
use crate::cnames::{self, closest};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Role, Side};

/// A result's counted array: the field, its (address, length) range, where it is.
type CountedArray = (ir::StructField, Option<(String, String)>, Span);

#[derive(Default)]
pub struct Errors {
    pub resolve: Vec<Diagnostic>,
    pub check: Vec<Diagnostic>,
}

impl Errors {
    fn resolve(&mut self, d: Diagnostic) {
        self.resolve.push(d);
    }
    fn check(&mut self, d: Diagnostic) {
        self.check.push(d);
    }
}

/// Lowers every parsed type, sorted by name, and checks them against each other.
pub fn lower(types: &[(String, &ast::MappingType)], errs: &mut Errors) -> ir::Registry {
    let mut out: Vec<(ir::MappingType, Claims)> = Vec::new();
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
        let mut l = TypeLowerer { t, errs, claims: Claims::default(), expr_depth: 0, too_deep: false };
        let ty = l.lower(source);
        out.push((ty, l.claims));
    }
    check_clashes(&out, errs);
    let mut types: Vec<ir::MappingType> = out.into_iter().map(|(t, _)| t).collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    ir::Registry { types }
}

/// The C names a type puts into the kernel's global namespace.
#[derive(Default)]
struct Claims {
    names: Vec<(String, Span)>,
    /// Kernel functions the type calls; several types may declare one, but
    /// none may define it.
    externs: Vec<(String, Span)>,
}

fn check_clashes(types: &[(ir::MappingType, Claims)], errs: &mut Errors) {
    let mut owner: BTreeMap<String, (&str, &str, Span)> = BTreeMap::new();
    for (t, claims) in types {
        for (name, span) in &claims.names {
            // `struct x` and `enum x` share C's tag namespace.
            let key = match name.split_once(' ') {
                Some(("struct" | "enum" | "union", tag)) => format!("tag {tag}"),
                _ => name.clone(),
            };
            let Some(&(other, prev_name, prev)) = owner.get(&key) else {
                owner.insert(key, (&t.name, name, *span));
                continue;
            };
            let message = match (other == t.name, prev_name == name) {
                (false, true) => format!("C name `{name}` is also claimed by mapping type `{other}`"),
                (false, false) => {
                    format!("`{name}` clashes with `{prev_name}` of mapping type `{other}`: C tags share one namespace")
                }
                // Two kinds of item of one type (say an enumerator and a
                // constructor) with one name would collide in the header.
                (true, true) => format!("C name `{name}` is used twice in mapping type `{other}`"),
                (true, false) => format!("`{name}` clashes with `{prev_name}`: C tags share one namespace"),
            };
            let hint = if other == t.name {
                "give each enumerator, constructor, accessor, entry point and struct its own name"
            } else {
                "prefix the name with the mapping type's name"
            };
            errs.check(Diagnostic::error(*span, message).related(prev, "claimed here").hint(hint));
        }
    }
    for (t, claims) in types {
        for (name, span) in &claims.externs {
            if let Some(&(other, _, prev)) = owner.get(name) {
                let whose = if other == t.name { "this type".to_string() } else { format!("mapping type `{other}`") };
                errs.check(
                    Diagnostic::error(
                        *span,
                        format!("`{name}` is declared as a kernel function, but {whose} defines it"),
                    )
                    .related(prev, "defined here")
                    .hint("rename the definition, or drop the `extern` if it is meant to be the same function"),
                );
            }
        }
    }
}

struct TypeLowerer<'a> {
    t: &'a ast::MappingType,
    errs: &'a mut Errors,
    claims: Claims,
    /// How deep `expr` has recursed, and whether this expression was already
    /// reported as too deep.
    expr_depth: usize,
    too_deep: bool,
}

/// Deepest expression the checker lowers. `expr` takes kilobytes of stack
/// per level in a debug build, and backends recurse over the IR too; the
/// parser's limits alone still allow hundreds of levels of `a && b && ...`.
const MAX_EXPR_DEPTH: usize = 40;

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
    Ptr,
    Null,
    Void,
    Other,
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Compatibility rules and on-match values: `exp.f`, `imp.f`.
    Match,
    /// Accessors and debugfs: the stored result, fields by bare name.
    Stored,
}

fn docs(d: &ast::Docs) -> Vec<String> {
    d.iter().map(|s| s.node.clone()).collect()
}

fn ctype(t: &ast::CType) -> ir::CType {
    ir::CType { is_const: t.is_const, tag: t.tag.clone(), base: t.base.clone(), pointers: t.pointers.clone() }
}

fn parse_int(s: &str) -> Option<i64> {
    match s.strip_prefix("0x") {
        Some(h) => i64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

impl<'a> TypeLowerer<'a> {
    fn claim(&mut self, name: &str, span: Span) {
        let core = match name.split_once(' ') {
            Some(("struct" | "enum" | "union", tag)) => cnames::CORE_TAGS.contains(&tag),
            Some(_) => false,
            None => cnames::CORE_FUNCTIONS.contains(&name),
        };
        if core {
            self.errs.check(
                Diagnostic::error(span, format!("`{name}` is already defined by the DMA-buf core"))
                    .hint("prefix the name with the mapping type's name"),
            );
        }
        self.claims.names.push((name.to_string(), span));
    }

    /// A name that will be a C identifier.
    fn c_ident(&mut self, id: &Ident, what: &str) {
        if cnames::is_c_keyword(&id.node) {
            self.errs.resolve(
                Diagnostic::error(id.span, format!("{what} `{}` is a C keyword", id.node))
                    .hint(format!("rename it, e.g. `{}_`", id.node)),
            );
        } else if id.node.starts_with("__")
            || (id.node.starts_with('_') && id.node[1..].starts_with(char::is_uppercase))
        {
            self.errs.resolve(
                Diagnostic::error(id.span, format!("{what} `{}` is reserved in C", id.node))
                    .hint("names starting with `__` or `_` and a capital letter belong to the compiler"),
            );
        }
    }

    /// A type written in the definition, checked to be one C accepts.
    fn c_type(&mut self, t: &ast::CType) -> ir::CType {
        if let Some(why) = cnames::c_type_problem(t.tag.as_deref(), &t.base) {
            self.errs.check(
                Diagnostic::error(t.span, why).hint(
                    "write a typedef name (`u8`, `size_t`), `struct NAME`, or integer words such as `unsigned int`",
                ),
            );
        }
        ctype(t)
    }

    fn doc(&mut self, d: &ast::Docs) -> Vec<String> {
        for line in d {
            self.text(line, "doc comment");
        }
        docs(d)
    }

    fn text(&mut self, s: &Spanned<String>, what: &str) {
        if let Some(why) = cnames::unsafe_text(&s.node) {
            self.errs.check(
                Diagnostic::error(s.span, format!("{what} cannot be copied into generated code: {why}"))
                    .hint("reword the text"),
            );
        }
    }

    fn dup(&mut self, seen: &mut HashMap<String, Span>, id: &Ident, what: &str) -> bool {
        if let Some(prev) = seen.get(&id.node) {
            self.errs.resolve(
                Diagnostic::error(id.span, format!("{what} `{}` is defined twice", id.node))
                    .related(*prev, "first defined here"),
            );
            true
        } else {
            seen.insert(id.node.clone(), id.span);
            false
        }
    }

    fn once<T>(&mut self, slot: &mut Option<(T, Span)>, value: T, span: Span, what: &str) {
        if let Some((_, prev)) = slot {
            self.errs.resolve(
                Diagnostic::error(span, format!("`{what}` is given twice")).related(*prev, "first given here"),
            );
        } else {
            *slot = Some((value, span));
        }
    }

    fn errno(&mut self, id: &Ident) -> ir::Errno {
        let name = id.node.trim_start_matches('-');
        if !cnames::ERRNOS.contains(&name) {
            let mut d = Diagnostic::error(id.span, format!("`{}` is not a known errno", id.node));
            d = match closest(name, cnames::ERRNOS.iter().copied()) {
                Some(c) => {
                    d.hint(format!("did you mean `{c}`? (`EOPNOTSUPP` means: not compatible, try the next candidate)"))
                }
                None => {
                    d.hint("use an errno name such as EOPNOTSUPP (try the next candidate) or EINVAL (abort the attach)")
                }
            };
            self.errs.check(d);
        }
        ir::Errno { name: name.to_string(), fatal: name != cnames::NOT_COMPATIBLE }
    }

    fn policy(&mut self, p: &ast::ExportPolicy) -> ir::Export {
        match p {
            ast::ExportPolicy::Gpl(_) => ir::Export::Gpl,
            ast::ExportPolicy::Namespace(ns) => {
                if !is_c_ident(&ns.node) {
                    self.errs.check(
                        Diagnostic::error(ns.span, format!("namespace `{}` is not a C identifier", ns.node))
                            .hint("kernel symbol namespaces look like `DMA_BUF`"),
                    );
                }
                ir::Export::Namespace { namespace: ns.node.clone() }
            }
            ast::ExportPolicy::Modules(ms) => {
                for m in ms {
                    if m.node.is_empty() || !m.node.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                        self.errs.check(
                            Diagnostic::error(m.span, format!("`{}` is not a module name", m.node))
                                .hint("module names use letters, digits, `_` and `-`"),
                        );
                    }
                }
                ir::Export::Modules { modules: ms.iter().map(|m| m.node.clone()).collect() }
            }
        }
    }

    fn lower(&mut self, source: &str) -> ir::MappingType {
        let t = self.t;
        self.c_ident(&t.name, "mapping type name");
        let name = t.name.node.clone();
        let symbol = format!("dma_buf_mapping_{name}_type");
        self.claim(&symbol, t.name.span);
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
                ast::Item::Title { text, span, .. } => self.once(&mut title, text, *span, "name"),
                ast::Item::Export { policy, span, .. } => self.once(&mut export, policy, *span, "export"),
                ast::Item::Private { module, dir, span, .. } => {
                    self.once(&mut private, (module, dir), *span, "private")
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
                ast::Item::OnMatch { body, span, .. } => self.once(&mut on_match, body, *span, "on_match"),
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

        let title = match title {
            Some((t, _)) => {
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
                        .hint("add `name \"Human readable name\";`, shown in debugfs"),
                );
                String::new()
            }
        };
        let export = match export {
            Some((p, _)) => self.policy(p),
            None => {
                self.errs.resolve(
                    Diagnostic::error(t.name.span, format!("mapping type `{name}` does not say how it is exported"))
                        .hint("add `export ns \"DMA_BUF\";`, `export gpl;` or `export to_modules \"mod\";`"),
                );
                ir::Export::Gpl
            }
        };
        let private = private.map(|((module, dir), _)| {
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
            ir::Private { module: module.node.clone(), dir: dir.node.clone() }
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
            symbol,
            export,
            private,
            enums,
            data,
            ops,
            importers: vec![],
            exporters: vec![],
            single_exporter: None,
            externs,
            rules: vec![],
            on_match: ir::OnMatch { keep: vec![], legacy: vec![] },
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
            self.doc(doc);
            let mut next_id = 0;
            partial.rules = self.rules(&partial, body, &mut next_id);
            if partial.data.is_none() && !partial.rules.is_empty() {
                self.errs.check(
                    Diagnostic::error(span, "compatibility rules need match data to compare")
                        .hint("declare the fields with `data { ... }`"),
                );
            }
        }
        if let Some((body, _)) = on_match {
            partial.on_match = self.on_match(&partial, body);
        }
        let mut acc_names = HashMap::new();
        for (doc, aname, ty, value) in &accessors {
            if self.dup(&mut acc_names, aname, "accessor") {
                continue;
            }
            self.c_ident(aname, "accessor");
            self.claim(&aname.node, aname.span);
            let doc = self.doc(doc);
            let (lowered, vty) = self.expr(&partial, value, Scope::Stored);
            let ret = self.c_type(ty);
            // The accessor's C body is `return VALUE;`: the value must convert to the return type.
            let mismatch = if ret.is_pointer() {
                matches!(vty, Ty::Bool | Ty::Int(_) | Ty::EnumConst { .. } | Ty::EnumField { .. } | Ty::Void)
                    .then_some("is not a pointer")
            } else if ret.tag.is_none() && ret.base == "void" {
                Some("is discarded: an accessor returns a value")
            } else if cnames::is_integer(ret.tag.as_deref(), &ret.base) {
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
            self.claim(&oname.node, oname.span);
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
            self.doc(doc);
            partial.debugfs = Some(self.debugfs(&partial, format, args));
        }
        self.private_fit(&partial);
        partial
    }

    fn enums(&mut self, defs: &[&ast::EnumDef]) -> Vec<ir::Enum> {
        let mut names = HashMap::new();
        let mut consts = HashMap::new();
        let mut out = Vec::new();
        for e in defs {
            if self.dup(&mut names, &e.name, "enum") {
                continue;
            }
            self.c_ident(&e.name, "enum");
            self.claim(&format!("enum {}", e.name.node), e.name.span);
            let doc = self.doc(&e.doc);
            let mut next = 0i64;
            let mut values = Vec::new();
            let mut used: HashMap<i64, &str> = HashMap::new();
            for v in &e.values {
                if self.dup(&mut consts, &v.name, "enumerator") {
                    continue;
                }
                self.c_ident(&v.name, "enumerator");
                self.claim(&v.name.node, v.name.span);
                let vdoc = self.doc(&v.doc);
                let value = match &v.value {
                    Some(s) => match parse_int(&s.node) {
                        Some(n) => n,
                        None => {
                            self.errs.check(Diagnostic::error(s.span, format!("`{}` is too large", s.node)));
                            next
                        }
                    },
                    None => next,
                };
                if value > i64::from(i32::MAX) {
                    let span = v.value.as_ref().map_or(v.name.span, |x| x.span);
                    self.errs.check(
                        Diagnostic::error(
                            span,
                            format!("`{}` would be {value}, which does not fit a C enum", v.name.node),
                        )
                        .hint(format!("enumerators go up to {}", i32::MAX)),
                    );
                }
                if let Some(other) = used.get(&value) {
                    self.errs.check(
                        Diagnostic::error(
                            v.name.span,
                            format!("`{}` has the same value ({value}) as `{other}`", v.name.node),
                        )
                        .hint("give each enumerator its own value"),
                    );
                }
                used.insert(value, &v.name.node);
                next = value.saturating_add(1);
                values.push(ir::Enumerator {
                    name: v.name.node.clone(),
                    doc: vdoc,
                    value,
                    explicit: v.value.is_some(),
                });
            }
            if values.is_empty() {
                self.errs.check(Diagnostic::error(e.name.span, format!("enum `{}` has no values", e.name.node)));
            }
            out.push(ir::Enum { name: e.name.node.clone(), doc, values });
        }
        out
    }

    fn unknown(&mut self, id: &Ident, what: &str, candidates: Vec<&str>, fallback_hint: &str) {
        let mut d = Diagnostic::error(id.span, format!("unknown {what} `{}`", id.node));
        d = match closest(&id.node, candidates.iter().copied()) {
            Some(c) => d.hint(format!("did you mean `{c}`?")),
            None => d.hint(fallback_hint.to_string()),
        };
        self.errs.resolve(d);
    }

    fn data(&mut self, d: &ast::DataDef, enums: &[ir::Enum], private: bool) -> ir::Data {
        let doc = self.doc(&d.doc);
        let tname = &self.t.name.node;
        let member = match (&d.name, private) {
            (Some(n), false) => {
                self.c_ident(n, "data member");
                self.claim(&format!("union member {}", n.node), n.span);
                Some(n.node.clone())
            }
            (Some(n), true) => {
                self.errs.check(
                    Diagnostic::error(
                        n.span,
                        "a private type's data lives in the core's private slot and has no member name",
                    )
                    .hint("write `data { ... }`"),
                );
                None
            }
            (None, false) => {
                self.errs.check(
                    Diagnostic::error(d.span, "a core type's data needs the name of its member in the match union")
                        .hint(format!("write `data {tname}_data {{ ... }}`")),
                );
                None
            }
            (None, true) => None,
        };
        let struct_name = format!("dma_buf_mapping_{tname}_data");
        self.claim(&format!("struct {struct_name}"), d.span);
        let mut names = HashMap::new();
        let mut fields = Vec::new();
        let (mut size, mut align) = (0u64, 1u64);
        for f in &d.fields {
            if self.dup(&mut names, &f.name, "field") {
                continue;
            }
            if f.name.node == "ops" {
                // A constructor parameter targeting `ops` always means the exporter ops.
                self.errs.resolve(
                    Diagnostic::error(f.name.span, "a field cannot be named `ops`")
                        .hint("in a constructor, `ops` names the exporter ops; rename the field"),
                );
            }
            self.c_ident(&f.name, "field");
            let fdoc = self.doc(&f.doc);
            let ty = self.c_type(&f.ty);
            let role = match f.role {
                ast::Role::Importer => Role::Importer,
                ast::Role::Exporter => Role::Exporter,
                ast::Role::Both => Role::Both,
            };
            let mut enum_name = None;
            let mut allowed = Vec::new();
            if let Some(en) = &f.enum_of {
                match enums.iter().find(|e| e.name == en.node) {
                    None => self.unknown(
                        en,
                        "enum",
                        enums.iter().map(|e| e.name.as_str()).collect(),
                        "declare it with `enum NAME { ... }`",
                    ),
                    Some(e) => {
                        if ty.is_pointer()
                            || !cnames::is_integer(ty.tag.as_deref(), &ty.base) && ty.tag.as_deref() != Some("enum")
                        {
                            self.errs.check(
                                Diagnostic::error(
                                    f.ty.span,
                                    format!(
                                        "field `{}` holds enum `{}` but its type is not an integer",
                                        f.name.node, e.name
                                    ),
                                )
                                .hint("use an integer type such as `u8`"),
                            );
                        }
                        enum_name = Some(e.name.clone());
                        // A field narrower than the enum would truncate a value on assignment.
                        let max = if ty.tag.is_none() && !ty.is_pointer() { cnames::int_max(&ty.base) } else { None };
                        let narrowed =
                            |v: &&ir::Enumerator| f.allowed.is_empty() || f.allowed.iter().any(|a| a.node == v.name);
                        if let Some(v) = max.and_then(|m| e.values.iter().filter(narrowed).find(|v| v.value as u64 > m))
                        {
                            self.errs.check(
                                Diagnostic::error(
                                    f.ty.span,
                                    format!(
                                        "`{}` of enum `{}` is {}, which does not fit `{}`",
                                        v.name,
                                        e.name,
                                        v.value,
                                        ty.spelling()
                                    ),
                                )
                                .hint("use a wider integer type for the field"),
                            );
                        }
                        for a in &f.allowed {
                            if e.values.iter().any(|v| v.name == a.node) {
                                allowed.push(a.node.clone());
                            } else {
                                self.errs.check(
                                    Diagnostic::error(
                                        a.span,
                                        format!("`{}` is not a value of enum `{}`", a.node, e.name),
                                    )
                                    .hint(format!(
                                        "values: {}",
                                        e.values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
                                    )),
                                );
                            }
                        }
                    }
                }
            } else if let Some(a) = f.allowed.first() {
                self.errs.check(
                    Diagnostic::error(a.span, "only a field that holds an enum can restrict its values")
                        .hint("add `as ENUM` before `in { ... }`"),
                );
            }
            match layout(&ty) {
                Some((s, a)) => {
                    size = size.div_ceil(a) * a + s;
                    align = align.max(a);
                }
                // Not a C type at all: `c_type` has said so already.
                None if cnames::c_type_problem(ty.tag.as_deref(), &ty.base).is_some() => {}
                None => self.errs.check(
                    Diagnostic::error(f.ty.span, format!("cannot lay out `{}` in match data", ty.spelling()))
                        .hint("match data holds pointers, fixed-size integers, bool or enums"),
                ),
            }
            let mut field = ir::Field {
                name: f.name.node.clone(),
                doc: fdoc,
                role,
                opaque: f.opaque,
                ty,
                enum_name,
                allowed,
                default: None,
            };
            if let Some(v) = &f.default {
                field.default = Some(self.value_for(enums, &field, v));
            }
            fields.push(field);
        }
        size = size.div_ceil(align) * align;
        ir::Data { member, struct_name, doc, fields, size, align }
    }

    /// A constant assigned to a field, checked against the field's enum.
    fn value_for(&mut self, enums: &[ir::Enum], field: &ir::Field, v: &ast::Value) -> ir::Value {
        let enum_def = field.enum_name.as_ref().and_then(|n| enums.iter().find(|e| &e.name == n));
        match v {
            ast::Value::Int(i) => {
                // Reading an unparsable number as 0 would silently change what was written.
                let Some(n) = parse_int(&i.node) else {
                    self.errs.check(
                        Diagnostic::error(i.span, format!("`{}` is too large", i.node))
                            .hint(format!("numbers go up to {}", i64::MAX)),
                    );
                    return ir::Value::Int { value: 0 };
                };
                if let Some(e) = enum_def {
                    match e.values.iter().find(|x| x.value == n) {
                        None => self.errs.check(
                            Diagnostic::error(i.span, format!("{n} is out of range for enum `{}`", e.name))
                                .hint(format!("field `{}` holds one of: {}", field.name, allowed_list(field, e))),
                        ),
                        Some(x) => self.check_allowed(field, &x.name, i.span),
                    }
                } else if field.ty.is_pointer() {
                    if n != 0 {
                        self.errs.check(Diagnostic::error(
                            i.span,
                            format!("pointer field `{}` can only be set to NULL", field.name),
                        ));
                    }
                } else if field.ty.tag.is_none() && field.ty.base == "bool" {
                    if n > 1 {
                        self.errs.check(
                            Diagnostic::error(
                                i.span,
                                format!("field `{}` is a `bool`; {n} is neither 0 nor 1", field.name),
                            )
                            .hint("write `true` or `false`"),
                        );
                    }
                } else if let Some(max) = field.ty.tag.is_none().then(|| cnames::int_max(&field.ty.base)).flatten() {
                    if n as u64 > max {
                        self.errs.check(Diagnostic::error(
                            i.span,
                            format!(
                                "{n} does not fit field `{}` of type `{}`, which holds at most {max}",
                                field.name,
                                field.ty.spelling()
                            ),
                        ));
                    }
                }
                ir::Value::Int { value: n }
            }
            ast::Value::Name(id) => match id.node.as_str() {
                "NULL" => {
                    if !field.ty.is_pointer() {
                        self.errs.check(Diagnostic::error(
                            id.span,
                            format!("`{}` is not a pointer; NULL does not fit", field.name),
                        ));
                    }
                    ir::Value::Null
                }
                "true" | "false" => {
                    if field.ty.is_pointer() {
                        self.errs.check(
                            Diagnostic::error(
                                id.span,
                                format!("pointer field `{}` cannot be `{}`", field.name, id.node),
                            )
                            .hint("use NULL"),
                        );
                    } else if let Some(e) = enum_def {
                        self.errs.check(
                            Diagnostic::error(
                                id.span,
                                format!(
                                    "field `{}` holds enum `{}`, and `{}` is not one of its values",
                                    field.name, e.name, id.node
                                ),
                            )
                            .hint(format!("use one of: {}", allowed_list(field, e))),
                        );
                    }
                    ir::Value::Bool { value: id.node == "true" }
                }
                _ => {
                    let found = enums.iter().find_map(|e| e.values.iter().find(|x| x.name == id.node).map(|x| (e, x)));
                    match found {
                        None => {
                            let all: Vec<&str> =
                                enums.iter().flat_map(|e| e.values.iter().map(|v| v.name.as_str())).collect();
                            self.unknown(id, "value", all, "use a number, NULL, true, false or an enumerator");
                            ir::Value::Int { value: 0 }
                        }
                        Some((e, x)) => {
                            match enum_def {
                                Some(fe) if fe.name != e.name => self.errs.check(
                                    Diagnostic::error(
                                        id.span,
                                        format!(
                                            "`{}` belongs to enum `{}`, but field `{}` holds enum `{}`",
                                            x.name, e.name, field.name, fe.name
                                        ),
                                    )
                                    .hint(format!("use one of: {}", allowed_list(field, fe))),
                                ),
                                None => self.errs.check(
                                    Diagnostic::error(
                                        id.span,
                                        format!(
                                            "field `{}` does not hold an enum, but `{}` is a value of enum `{}`",
                                            field.name, x.name, e.name
                                        ),
                                    )
                                    .hint(format!("declare the field with `as {}`", e.name)),
                                ),
                                Some(_) => self.check_allowed(field, &x.name, id.span),
                            }
                            ir::Value::EnumConst { enum_name: e.name.clone(), name: x.name.clone(), value: x.value }
                        }
                    }
                }
            },
        }
    }

    fn check_allowed(&mut self, field: &ir::Field, value: &str, span: Span) {
        if !field.allowed.is_empty() && !field.allowed.iter().any(|a| a == value) {
            self.errs.check(
                Diagnostic::error(span, format!("field `{}` never holds `{value}`", field.name))
                    .hint(format!("it holds one of: {}", field.allowed.join(", "))),
            );
        }
    }

    fn params(&mut self, ps: &[ast::Param], what: &str) -> Vec<ir::Param> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for p in ps {
            if self.dup(&mut seen, &p.name, what) {
                continue;
            }
            self.c_ident(&p.name, what);
            if p.ty.base == "void" && p.ty.pointers.is_empty() {
                self.errs.check(
                    Diagnostic::error(p.ty.span, "a parameter cannot be `void`")
                        .hint("leave the list empty for no parameters"),
                );
            }
            let ty = self.c_type(&p.ty);
            out.push(ir::Param { name: p.name.node.clone(), ty });
        }
        out
    }

    fn ret(&mut self, r: &Option<ast::Ret>) -> (Option<ir::CType>, bool) {
        match r {
            None => (None, false),
            Some(r) => {
                if r.err_ptr && r.ty.pointers.is_empty() {
                    self.errs.check(
                        Diagnostic::error(r.ty.span, "only a pointer can carry an ERR_PTR")
                            .hint("return an int errno instead, or a pointer"),
                    );
                }
                if r.ty.base == "void" && r.ty.pointers.is_empty() {
                    return (None, false);
                }
                (Some(self.c_type(&r.ty)), r.err_ptr)
            }
        }
    }

    fn ops(&mut self, o: &ast::OpsDef) -> ir::OpsStruct {
        self.c_ident(&o.name, "ops struct");
        self.claim(&format!("struct {}", o.name.node), o.name.span);
        let doc = self.doc(&o.doc);
        let mut names = HashMap::new();
        let mut ops = Vec::new();
        for op in &o.ops {
            if op.name.node == "ops" {
                self.errs.resolve(
                    Diagnostic::error(op.name.span, "an op cannot be named `ops`")
                        .hint("`ops` is the embedded `struct dma_buf_mapping_exp_ops` member"),
                );
                continue;
            }
            if self.dup(&mut names, &op.name, "op") {
                continue;
            }
            self.c_ident(&op.name, "op");
            let odoc = self.doc(&op.doc);
            let params = self.params(&op.params, "parameter");
            let (ret, err_ptr) = self.ret(&op.ret);
            ops.push(ir::Op { name: op.name.node.clone(), doc: odoc, required: op.required, params, ret, err_ptr });
        }
        if ops.is_empty() {
            self.errs.check(Diagnostic::error(o.name.span, "an exporter ops struct needs at least one op"));
        }
        ir::OpsStruct { name: o.name.node.clone(), doc, ops }
    }

    fn externs(&mut self, defs: &[&ast::ExternDef]) -> Vec<ir::Extern> {
        let mut names = HashMap::new();
        let mut out = Vec::new();
        for e in defs {
            if self.dup(&mut names, &e.name, "extern") {
                continue;
            }
            self.c_ident(&e.name, "extern");
            self.claims.externs.push((e.name.node.clone(), e.name.span));
            let doc = self.doc(&e.doc);
            let params = self.params(&e.params, "parameter");
            let (ret, err_ptr) = self.ret(&e.ret);
            if err_ptr {
                // The IR has nowhere to keep it: a rule would compare an
                // ERR_PTR as an ordinary pointer.
                let span = e.ret.as_ref().map_or(e.name.span, |r| r.ty.span);
                self.errs.check(
                    Diagnostic::error(span, format!("extern `{}` cannot be declared `or ERR_PTR`", e.name.node))
                        .hint("rules compare what an extern returns as it is; declare a function that returns NULL on failure"),
                );
            }
            let h = &e.header.node;
            if h.contains("..")
                || h.starts_with('/')
                || !h.ends_with(".h")
                || !h.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.".contains(c))
            {
                self.errs.check(
                    Diagnostic::error(e.header.span, format!("`<{h}>` is not a kernel header"))
                        .hint("name a header such as <linux/pci.h>"),
                );
            }
            out.push(ir::Extern { name: e.name.node.clone(), doc, params, ret, header: h.clone() });
        }
        out
    }

    fn ctor(&mut self, t: &ir::MappingType, role: Role, c: &ast::CtorDef) -> ir::Ctor {
        self.c_ident(&c.name, "constructor");
        self.claim(&c.name.node, c.name.span);
        let doc = self.doc(&c.doc);
        let side = if role == Role::Importer { "importer" } else { "exporter" };
        let fits = |f: &ir::Field| if role == Role::Importer { f.role.on_importer() } else { f.role.on_exporter() };
        let mut params = Vec::new();
        let mut set: BTreeMap<String, Span> = BTreeMap::new();
        let mut has_ops = false;
        let mut pnames = HashMap::new();
        for p in &c.params {
            if self.dup(&mut pnames, &p.name, "parameter") {
                continue;
            }
            self.c_ident(&p.name, "parameter");
            let target = p.target.as_ref().unwrap_or(&p.name);
            if target.node == "ops" {
                if role == Role::Importer {
                    self.errs.check(
                        Diagnostic::error(target.span, "an importer candidate has no exporter ops")
                            .hint("only exporter constructors take `ops`"),
                    );
                    continue;
                }
                let Some(ops) = &t.ops else {
                    self.errs.check(
                        Diagnostic::error(target.span, "this type declares no `exporter ops` struct")
                            .hint("declare `exporter ops NAME { ... }`"),
                    );
                    continue;
                };
                has_ops = true;
                let ty = ir::CType {
                    is_const: true,
                    tag: Some("struct".into()),
                    base: ops.name.clone(),
                    pointers: vec![false],
                };
                if let Some(pt) = &p.ty {
                    let given = self.c_type(pt);
                    if given != ty {
                        self.errs.check(
                            Diagnostic::error(pt.span, format!("the ops parameter has type `{}`", ty.spelling()))
                                .hint("drop the type; it is implied"),
                        );
                    }
                }
                params.push(ir::CtorParam { name: p.name.node.clone(), ty, target: ir::Target::Ops });
                continue;
            }
            let Some(field) = t.field(&target.node) else {
                let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
                self.unknown(target, "field", names, "a constructor parameter names the field it fills, or `ops`");
                continue;
            };
            if !fits(field) {
                self.errs.check(
                    Diagnostic::error(
                        target.span,
                        format!(
                            "field `{}` belongs to the {} side; an {side} constructor cannot set it",
                            field.name,
                            role_name(field.role)
                        ),
                    )
                    .hint(format!("set it in an {} constructor", role_name(field.role))),
                );
            }
            if let Some(prev) = set.insert(field.name.clone(), target.span) {
                self.errs.check(
                    Diagnostic::error(target.span, format!("field `{}` is set twice", field.name))
                        .related(prev, "first set here"),
                );
            }
            let ty = match (&p.ty, &field.enum_name) {
                (Some(pt), _) => {
                    let given = self.c_type(pt);
                    if given.is_pointer() != field.ty.is_pointer() {
                        self.errs.check(Diagnostic::error(
                            pt.span,
                            format!(
                                "`{}` does not fit field `{}` of type `{}`",
                                given.spelling(),
                                field.name,
                                field.ty.spelling()
                            ),
                        ));
                    }
                    given
                }
                (None, Some(en)) => {
                    ir::CType { is_const: false, tag: Some("enum".into()), base: en.clone(), pointers: vec![] }
                }
                (None, None) => field.ty.clone(),
            };
            params.push(ir::CtorParam { name: p.name.node.clone(), ty, target: ir::Target::Field(field.name.clone()) });
        }
        if role == Role::Exporter && !has_ops {
            self.errs.check(
                Diagnostic::error(
                    c.name.span,
                    format!("exporter constructor `{}` does not take the exporter ops", c.name.node),
                )
                .hint("add an `ops` parameter: the core finds the exporter's functions through it"),
            );
        }
        let mut fixed = Vec::new();
        let mut assigned = BTreeMap::new();
        for (f, v) in &c.assigns {
            let Some(field) = t.field(&f.node) else {
                let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
                self.unknown(f, "field", names, "assign a field declared in `data`");
                continue;
            };
            if !fits(field) {
                self.errs.check(Diagnostic::error(
                    f.span,
                    format!(
                        "field `{}` belongs to the {} side; an {side} constructor cannot set it",
                        field.name,
                        role_name(field.role)
                    ),
                ));
            }
            if let Some(prev) = set.insert(field.name.clone(), f.span) {
                self.errs.check(
                    Diagnostic::error(f.span, format!("field `{}` is set twice", field.name))
                        .related(prev, "first set here"),
                );
            }
            let value = self.value_for(&t.enums, field, v);
            assigned.insert(field.name.clone(), value);
        }
        if let Some(d) = &t.data {
            let mut missing = Vec::new();
            for f in d.fields.iter().filter(|f| fits(f)) {
                if let Some(v) = assigned.remove(&f.name) {
                    fixed.push(ir::Assign { field: f.name.clone(), value: v });
                } else if set.contains_key(&f.name) {
                } else if let Some(v) = &f.default {
                    fixed.push(ir::Assign { field: f.name.clone(), value: v.clone() });
                } else {
                    missing.push(f.name.clone());
                }
            }
            if !missing.is_empty() {
                self.errs.check(
                    Diagnostic::error(
                        c.name.span,
                        format!(
                            "{side} constructor `{}` leaves required {side} field{} {} unset",
                            c.name.node,
                            if missing.len() > 1 { "s" } else { "" },
                            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .hint("add a parameter for it, assign it in `{ ... }`, or give the field a default with `= VALUE`"),
                );
            }
        }
        if c.as_macro && t.private.is_some() {
            self.errs.check(
                Diagnostic::error(c.span, "a private type's candidates cannot be macros")
                    .hint("its data is copied into the private slot by a static inline function; drop `as macro`"),
            );
        }
        ir::Ctor {
            name: c.name.node.clone(),
            doc,
            form: if c.as_macro { ir::CtorForm::Macro } else { ir::CtorForm::Inline },
            params,
            fixed,
        }
    }

    fn single_exporter(
        &mut self,
        t: &ir::MappingType,
        doc: &ast::Docs,
        name: &Ident,
        ops: &[Ident],
    ) -> Option<ir::SingleExporter> {
        let doc = self.doc(doc);
        self.c_ident(name, "single exporter");
        self.claim(&name.node, name.span);
        let Some(ops_struct) = &t.ops else {
            self.errs.check(Diagnostic::error(name.span, "`single_exporter` needs an `exporter ops` struct"));
            return None;
        };
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for o in ops {
            if self.dup(&mut seen, o, "op") {
                continue;
            }
            if t.op(&o.node).is_none() {
                self.unknown(
                    o,
                    "op",
                    ops_struct.ops.iter().map(|x| x.name.as_str()).collect(),
                    "list ops of the exporter ops struct",
                );
            } else {
                out.push(o.node.clone());
            }
        }
        for req in ops_struct.ops.iter().filter(|o| o.required) {
            if !out.contains(&req.name) && t.op(&req.name).is_some() && !ops.iter().any(|o| o.node == req.name) {
                self.errs.check(
                    Diagnostic::error(name.span, format!("`{}` leaves required op `{}` unset", name.node, req.name))
                        .hint("list every required op"),
                );
            }
        }
        let exporter = t.exporters.iter().find(|e| e.params.len() == 1 && e.params[0].target == ir::Target::Ops);
        let Some(exporter) = exporter else {
            self.errs.check(
                Diagnostic::error(name.span, "`single_exporter` needs an exporter constructor that takes only `ops`")
                    .hint("declare e.g. `exporter DMA_BUF_EMAPPING_X(ops) as macro;`"),
            );
            return None;
        };
        if exporter.form != ir::CtorForm::Macro {
            self.errs.check(Diagnostic::error(
                name.span,
                format!(
                    "`single_exporter` builds a static initializer, so `{}` must be declared `as macro`",
                    exporter.name
                ),
            ));
        }
        Some(ir::SingleExporter { name: name.node.clone(), doc, ops: out, exporter: exporter.name.clone() })
    }

    fn rules(&mut self, t: &ir::MappingType, body: &[ast::Stmt], next_id: &mut usize) -> Vec<ir::Rule> {
        let mut out = Vec::new();
        for s in body {
            match s {
                ast::Stmt::When { doc, cond, body, .. } => {
                    let doc = self.doc(doc);
                    let (cond, _) = self.expr(t, cond, Scope::Match);
                    let body = self.rules(t, body, next_id);
                    out.push(ir::Rule::When { doc, cond, body });
                }
                ast::Stmt::Require { doc, cond, warn, errno, .. } => {
                    let doc = self.doc(doc);
                    let (lowered, ty) = self.expr(t, cond, Scope::Match);
                    if ty == Ty::Void {
                        self.errs.check(Diagnostic::error(cond.span(), "a `void` call cannot be a condition"));
                    }
                    let cond = lowered;
                    let errno = self.errno(errno);
                    out.push(ir::Rule::Require { id: *next_id, doc, cond, warn: *warn, errno });
                    *next_id += 1;
                }
            }
        }
        out
    }

    fn on_match(&mut self, t: &ir::MappingType, body: &[ast::OnMatchStmt]) -> ir::OnMatch {
        let mut keep = Vec::new();
        let mut legacy = Vec::new();
        let mut kept: HashMap<String, Span> = HashMap::new();
        let mut legacy_seen = HashMap::new();
        for s in body {
            match s {
                ast::OnMatchStmt::Keep(paths) => {
                    for p in paths {
                        let Some((side, field)) = self.side_field(t, p) else { continue };
                        if field.opaque {
                            self.errs.check(
                                Diagnostic::error(
                                    p.span,
                                    format!("field `{}` is opaque: it is never copied on match", field.name),
                                )
                                .hint("drop `opaque` from the field or do not keep it"),
                            );
                        }
                        if let Some(prev) = kept.insert(field.name.clone(), p.span) {
                            self.errs.check(
                                Diagnostic::error(p.span, format!("field `{}` is kept twice", field.name))
                                    .related(prev, "first kept here"),
                            );
                        }
                        keep.push(ir::Keep { side, field: field.name.clone() });
                    }
                }
                ast::OnMatchStmt::Legacy { target, value, .. } => {
                    let parts: Vec<&str> = target.parts.iter().map(|p| p.node.as_str()).collect();
                    let names: Vec<&str> = cnames::LEGACY_ATTACH_FIELDS.iter().map(|(n, _)| *n).collect();
                    let field = match parts.as_slice() {
                        ["attach", f] if names.contains(f) => f.to_string(),
                        ["attach", _] => {
                            self.unknown(
                                &target.parts[1],
                                "legacy attachment field",
                                names,
                                "legacy fields are `attach.dev` and `attach.peer2peer`",
                            );
                            continue;
                        }
                        _ => {
                            self.errs.resolve(
                                Diagnostic::error(target.span, "a legacy assignment sets a field of the attachment")
                                    .hint("write `legacy attach.dev = ...;`"),
                            );
                            continue;
                        }
                    };
                    if self.dup(&mut legacy_seen, &target.parts[1], "legacy assignment") {
                        continue;
                    }
                    let vspan = value.span();
                    let (value, vty) = self.expr(t, value, Scope::Match);
                    let cty = cnames::LEGACY_ATTACH_FIELDS.iter().find(|(n, _)| *n == field).map_or("", |(_, c)| *c);
                    if cty.ends_with('*')
                        && matches!(vty, Ty::Bool | Ty::Int(_) | Ty::EnumConst { .. } | Ty::EnumField { .. } | Ty::Void)
                    {
                        self.errs.check(
                            Diagnostic::error(
                                vspan,
                                format!("`attach.{field}` is `{cty}`, but this value is not a pointer"),
                            )
                            .hint("assign a pointer field such as `imp.FIELD`"),
                        );
                    }
                    legacy.push(ir::Legacy { attach_field: field, value });
                }
            }
        }
        ir::OnMatch { keep, legacy }
    }

    /// `exp.f` / `imp.f`: the side and the field, with the role checked.
    fn side_field<'t>(&mut self, t: &'t ir::MappingType, p: &ast::Path) -> Option<(Side, &'t ir::Field)> {
        let side = match p.parts.first().map(|s| s.node.as_str()) {
            Some("exp") if p.parts.len() == 2 => Side::Exp,
            Some("imp") if p.parts.len() == 2 => Side::Imp,
            _ => {
                self.errs.resolve(
                    Diagnostic::error(p.span, "expected `exp.FIELD` or `imp.FIELD`")
                        .hint("`exp.` reads the exporter's candidate, `imp.` the importer's"),
                );
                return None;
            }
        };
        let fid = &p.parts[1];
        let Some(field) = t.field(&fid.node) else {
            let names: Vec<&str> = t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())).collect();
            self.unknown(fid, "field", names, "declare it in `data { ... }`");
            return None;
        };
        let ok = match side {
            Side::Exp => field.role.on_exporter(),
            _ => field.role.on_importer(),
        };
        if !ok {
            let (wrong, right) = if side == Side::Exp { ("exp", "imp") } else { ("imp", "exp") };
            self.errs.check(
                Diagnostic::error(
                    p.span,
                    format!(
                        "field `{}` is {}-only; `{wrong}.{}` is never set",
                        field.name,
                        role_name(field.role),
                        field.name
                    ),
                )
                .hint(format!("read it as `{right}.{}`", field.name)),
            );
        }
        Some((side, field))
    }

    fn field_ty(f: &ir::Field) -> Ty {
        if let Some(e) = &f.enum_name {
            return Ty::EnumField { enum_name: e.clone(), allowed: f.allowed.clone(), field: f.name.clone() };
        }
        // A `void` field is already an error; do not also call it a void call.
        match cty(&f.ty) {
            Ty::Void => Ty::Other,
            t => t,
        }
    }

    fn expr(&mut self, t: &ir::MappingType, e: &ast::Expr, scope: Scope) -> (ir::Expr, Ty) {
        if self.expr_depth == MAX_EXPR_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.errs.resolve(
                    Diagnostic::error(e.span(), format!("expression nested more than {MAX_EXPR_DEPTH} deep"))
                        .hint("split the condition into several `require` rules"),
                );
            }
            return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
        }
        self.expr_depth += 1;
        let out = self.expr_level(t, e, scope);
        self.expr_depth -= 1;
        if self.expr_depth == 0 {
            self.too_deep = false;
        }
        out
    }

    fn expr_level(&mut self, t: &ir::MappingType, e: &ast::Expr, scope: Scope) -> (ir::Expr, Ty) {
        match e {
            ast::Expr::Int(i) => {
                let n = parse_int(&i.node);
                if n.is_none() {
                    self.errs.check(Diagnostic::error(i.span, format!("`{}` is too large", i.node)));
                }
                (ir::Expr::Value { value: ir::Value::Int { value: n.unwrap_or(0) } }, Ty::Int(n))
            }
            ast::Expr::Path(p) => self.path_expr(t, p, scope),
            ast::Expr::Call { func, args, span } => {
                let Some(ext) = t.extern_fn(&func.node) else {
                    self.unknown(
                        func,
                        "function",
                        t.externs.iter().map(|x| x.name.as_str()).collect(),
                        "declare it with `extern NAME(...) -> TYPE from <header.h>;`",
                    );
                    return (ir::Expr::Value { value: ir::Value::Int { value: 0 } }, Ty::Other);
                };
                if ext.params.len() != args.len() {
                    self.errs.check(
                        Diagnostic::error(
                            *span,
                            format!(
                                "`{}` takes {} argument{} but is called with {}",
                                ext.name,
                                ext.params.len(),
                                if ext.params.len() == 1 { "" } else { "s" },
                                args.len()
                            ),
                        )
                        .hint(format!(
                            "declared as `{}({})`",
                            ext.name,
                            ext.params.iter().map(|p| p.ty.declare(&p.name)).collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
                let ext = ext.clone();
                let mut out = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    let (x, ty) = self.expr(t, a, scope);
                    if let Some(p) = ext.params.get(i) {
                        let expect = cty(&p.ty);
                        let bad = match (&expect, &ty) {
                            (Ty::Ptr, Ty::Int(Some(n))) => *n != 0,
                            (Ty::Ptr, Ty::Bool | Ty::EnumConst { .. } | Ty::EnumField { .. }) => true,
                            (Ty::Int(_) | Ty::Bool, Ty::Ptr | Ty::Null) => true,
                            _ => false,
                        };
                        if bad {
                            self.errs.check(
                                Diagnostic::error(
                                    a.span(),
                                    format!("argument {} of `{}` is `{}`", i + 1, ext.name, p.ty.declare(&p.name)),
                                )
                                .hint("pass a value of that type"),
                            );
                        }
                    }
                    out.push(x);
                }
                let ret = ext.ret.as_ref().map_or(Ty::Void, cty);
                (ir::Expr::Call { func: ext.name.clone(), args: out }, ret)
            }
            ast::Expr::Not(inner, _) => {
                let (x, _) = self.expr(t, inner, scope);
                (ir::Expr::Not { expr: Box::new(x) }, Ty::Bool)
            }
            ast::Expr::Binary { op, lhs, rhs, .. } => {
                let (l, lt) = self.expr(t, lhs, scope);
                let (r, rt) = self.expr(t, rhs, scope);
                let op = match op {
                    ast::BinOp::Or => ir::BinOp::Or,
                    ast::BinOp::And => ir::BinOp::And,
                    ast::BinOp::Eq => ir::BinOp::Eq,
                    ast::BinOp::Ne => ir::BinOp::Ne,
                    ast::BinOp::Lt => ir::BinOp::Lt,
                    ast::BinOp::Le => ir::BinOp::Le,
                    ast::BinOp::Gt => ir::BinOp::Gt,
                    ast::BinOp::Ge => ir::BinOp::Ge,
                };
                if !matches!(op, ir::BinOp::Or | ir::BinOp::And) {
                    self.compare(t, (&lt, lhs.span()), (&rt, rhs.span()));
                    self.compare(t, (&rt, rhs.span()), (&lt, lhs.span()));
                    if lt == Ty::Void || rt == Ty::Void {
                        self.errs.check(Diagnostic::error(e.span(), "a `void` call has no value to compare"));
                    }
                }
                (ir::Expr::Binary { op, lhs: Box::new(l), rhs: Box::new(r) }, Ty::Bool)
            }
        }
    }

    /// Checks one side of a comparison against the other.
    fn compare(&mut self, t: &ir::MappingType, (a, _aspan): (&Ty, Span), (b, bspan): (&Ty, Span)) {
        match (a, b) {
            (Ty::EnumField { enum_name, allowed, field }, Ty::EnumConst { enum_name: other, name, .. }) => {
                if enum_name != other {
                    self.errs.check(
                        Diagnostic::error(
                            bspan,
                            format!("`{name}` is a value of enum `{other}`, but `{field}` holds enum `{enum_name}`"),
                        )
                        .hint("compare with a value of the field's own enum"),
                    );
                } else if !allowed.is_empty() && !allowed.contains(name) {
                    self.errs.check(
                        Diagnostic::error(
                            bspan,
                            format!("field `{field}` never holds `{name}`, so this comparison is constant"),
                        )
                        .hint(format!("it holds one of: {}", allowed.join(", "))),
                    );
                }
            }
            (Ty::EnumField { enum_name, field, .. }, Ty::Int(Some(n))) => {
                if let Some(e) = t.enum_by_name(enum_name) {
                    if !e.values.iter().any(|v| v.value == *n) {
                        self.errs.check(
                            Diagnostic::error(
                                bspan,
                                format!("{n} is out of range for enum `{enum_name}` held by `{field}`"),
                            )
                            .hint("compare with one of the enum's values by name"),
                        );
                    }
                }
            }
            (Ty::Ptr, Ty::Int(Some(n))) if *n != 0 => {
                self.errs
                    .check(Diagnostic::error(bspan, "a pointer can only be compared with NULL or another pointer"));
            }
            (Ty::Ptr, Ty::EnumConst { .. } | Ty::Bool | Ty::Int(None) | Ty::EnumField { .. }) => {
                self.errs
                    .check(Diagnostic::error(bspan, "a pointer can only be compared with NULL or another pointer"));
            }
            _ => {}
        }
    }

    fn path_expr(&mut self, t: &ir::MappingType, p: &ast::Path, scope: Scope) -> (ir::Expr, Ty) {
        let first = p.parts[0].node.as_str();
        if p.parts.len() == 2 && (first == "exp" || first == "imp") {
            if scope == Scope::Stored {
                self.errs.resolve(
                    Diagnostic::error(p.span, "accessors and debugfs read the negotiated result, not a candidate")
                        .hint(format!("write the field name alone: `{}`", p.parts[1].node)),
                );
                return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
            }
            return match self.side_field(t, p) {
                Some((side, f)) => (ir::Expr::Field { side, field: f.name.clone() }, Self::field_ty(f)),
                None => (ir::Expr::Value { value: ir::Value::Null }, Ty::Other),
            };
        }
        if p.parts.len() != 1 {
            self.errs.resolve(
                Diagnostic::error(
                    p.span,
                    format!("unknown name `{}`", p.parts.iter().map(|x| x.node.as_str()).collect::<Vec<_>>().join(".")),
                )
                .hint(if scope == Scope::Match {
                    "read fields as `exp.FIELD` or `imp.FIELD`"
                } else {
                    "read stored fields by name"
                }),
            );
            return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
        }
        let id = &p.parts[0];
        match first {
            "NULL" => return (ir::Expr::Value { value: ir::Value::Null }, Ty::Null),
            "true" | "false" => {
                return (ir::Expr::Value { value: ir::Value::Bool { value: first == "true" } }, Ty::Bool)
            }
            _ => {}
        }
        for e in &t.enums {
            if let Some(v) = e.values.iter().find(|v| v.name == id.node) {
                return (
                    ir::Expr::Value {
                        value: ir::Value::EnumConst { enum_name: e.name.clone(), name: v.name.clone(), value: v.value },
                    },
                    Ty::EnumConst { enum_name: e.name.clone(), name: v.name.clone(), value: v.value },
                );
            }
        }
        if let Some(f) = t.field(&id.node) {
            if scope == Scope::Match {
                self.errs.resolve(
                    Diagnostic::error(
                        id.span,
                        format!("`{}` is a field: say which candidate it is read from", id.node),
                    )
                    .hint(format!("write `exp.{0}` or `imp.{0}`", id.node)),
                );
                return (ir::Expr::Value { value: ir::Value::Null }, Ty::Other);
            }
            if !t.on_match.keep.iter().any(|k| k.field == f.name) {
                self.errs.check(
                    Diagnostic::error(
                        id.span,
                        format!("field `{}` is not kept on match, so the attachment never holds it", f.name),
                    )
                    .hint("add it to `on_match { keep ...; }`".to_string()),
                );
            }
            return (ir::Expr::Field { side: Side::Stored, field: f.name.clone() }, Self::field_ty(f));
        }
        let mut candidates: Vec<&str> = t.enums.iter().flat_map(|e| e.values.iter().map(|v| v.name.as_str())).collect();
        candidates.extend(t.data.iter().flat_map(|d| d.fields.iter().map(|f| f.name.as_str())));
        candidates.extend(["NULL", "true", "false"]);
        self.unknown(id, "name", candidates, "use a field, an enumerator, NULL, true or false");
        (ir::Expr::Value { value: ir::Value::Null }, Ty::Other)
    }

    fn structs(&mut self, defs: &[&ast::StructDef]) -> Vec<ir::Struct> {
        let mut names = HashMap::new();
        let mut out = Vec::new();
        for s in defs {
            if self.dup(&mut names, &s.name, "struct") {
                continue;
            }
            self.c_ident(&s.name, "struct");
            self.claim(&format!("struct {}", s.name.node), s.name.span);
            let doc = self.doc(&s.doc);
            if let Some(v) = &s.since {
                if parse_version(&v.node).is_none() {
                    self.errs.check(
                        Diagnostic::error(v.span, format!("`{}` is not a kernel version", v.node))
                            .hint("write it like \"6.19\""),
                    );
                }
            }
            let mut fnames = HashMap::new();
            let mut fields = Vec::new();
            for (d, n, ty) in &s.fields {
                if self.dup(&mut fnames, n, "field") {
                    continue;
                }
                self.c_ident(n, "field");
                let doc = self.doc(d);
                let ty = self.c_type(ty);
                fields.push(ir::StructField { name: n.node.clone(), doc, ty });
            }
            out.push(ir::Struct {
                name: s.name.node.clone(),
                doc,
                since: s.since.as_ref().map(|v| v.node.clone()),
                fields,
            });
        }
        out
    }

    fn results(&mut self, t: &ir::MappingType, defs: &[&ast::ResultDef]) -> Vec<ir::ResultStruct> {
        let mut names: HashMap<String, Span> = t.structs.iter().map(|s| (s.name.clone(), Span::default())).collect();
        let mut out = Vec::new();
        for r in defs {
            if names.contains_key(&r.name.node) {
                self.errs.resolve(Diagnostic::error(r.name.span, format!("struct `{}` is defined twice", r.name.node)));
                continue;
            }
            names.insert(r.name.node.clone(), r.name.span);
            self.c_ident(&r.name, "result struct");
            self.claim(&format!("struct {}", r.name.node), r.name.span);
            let doc = self.doc(&r.doc);
            let mut fnames = HashMap::new();
            let mut count = None;
            let mut array: Option<CountedArray> = None;
            for f in &r.fields {
                if self.dup(&mut fnames, &f.name, "field") {
                    continue;
                }
                self.c_ident(&f.name, "field");
                let fdoc = self.doc(&f.doc);
                let ty = self.c_type(&f.ty);
                let sf = ir::StructField { name: f.name.node.clone(), doc: fdoc, ty };
                if let Some(cb) = &f.counted_by {
                    if array.is_some() {
                        self.errs.check(
                            Diagnostic::error(f.name.span, "a result struct has one counted array")
                                .hint("it is the struct's flexible array member"),
                        );
                        continue;
                    }
                    match r.fields.iter().find(|x| x.name.node == cb.node) {
                        Some(c)
                            if c.counted_by.is_none()
                                && c.ty.pointers.is_empty()
                                && cnames::is_integer(c.ty.tag.as_deref(), &c.ty.base) =>
                        {
                            count = Some(ir::StructField {
                                name: c.name.node.clone(),
                                doc: docs(&c.doc),
                                ty: ctype(&c.ty),
                            });
                        }
                        Some(_) => self.errs.check(Diagnostic::error(
                            cb.span,
                            format!("`{}` is not an integer field, so it cannot count entries", cb.node),
                        )),
                        None => self.unknown(
                            cb,
                            "count field",
                            r.fields.iter().map(|x| x.name.node.as_str()).collect(),
                            "name the struct's entry-count field",
                        ),
                    }
                    if sf.ty.tag.as_deref() != Some("struct") || sf.ty.is_pointer() {
                        self.errs.check(
                            Diagnostic::error(f.ty.span, "a counted array holds structs")
                                .hint("declare the element with `struct NAME { ... }`"),
                        );
                    }
                    let elem =
                        t.structs.iter().find(|s| Some("struct") == sf.ty.tag.as_deref() && s.name == sf.ty.base);
                    let mut ranges = None;
                    match elem {
                        None => self.errs.resolve(
                            Diagnostic::error(f.ty.span, format!("unknown element struct `{}`", sf.ty.spelling()))
                                .hint("declare it in this type with `struct NAME { ... }`"),
                        ),
                        Some(e) => {
                            if let Some((a, l)) = &f.ranges {
                                for x in [a, l] {
                                    match e.fields.iter().find(|ef| ef.name == x.node) {
                                        None => self.unknown(
                                            x,
                                            "element field",
                                            e.fields.iter().map(|f| f.name.as_str()).collect(),
                                            "name fields of the element struct",
                                        ),
                                        Some(ef)
                                            if ef.ty.is_pointer()
                                                || !cnames::is_integer(ef.ty.tag.as_deref(), &ef.ty.base) =>
                                        {
                                            self.errs.check(Diagnostic::error(
                                                x.span,
                                                format!("range field `{}` must be an integer", x.node),
                                            ))
                                        }
                                        Some(_) => {}
                                    }
                                }
                                ranges = Some((a.node.clone(), l.node.clone()));
                            }
                        }
                    }
                    array = Some((sf, ranges, f.name.span));
                } else if f.ranges.is_some() {
                    self.errs.check(Diagnostic::error(f.name.span, "`ranges` applies to a counted array"));
                }
            }
            let elem_fields: Vec<String> = array
                .as_ref()
                .and_then(|(a, _, _)| t.structs.iter().find(|s| s.name == a.ty.base))
                .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
                .unwrap_or_default();
            let mut invariants = Vec::new();
            for block in &r.invariants {
                self.doc(&block.doc);
                let is_array = array.as_ref().is_some_and(|(a, _, _)| a.name == block.array.node);
                if !is_array {
                    let what = if r.fields.iter().any(|f| f.name.node == block.array.node) {
                        "is not a counted array"
                    } else {
                        "is not a field of this result"
                    };
                    self.errs.check(
                        Diagnostic::error(
                            block.array.span,
                            format!("invariants apply to a counted array, and `{}` {what}", block.array.node),
                        )
                        .hint(match &array {
                            Some((a, _, _)) => format!("write `invariants {} {{ ... }}`", a.name),
                            None => "declare a field like `entries: struct elem[count];`".into(),
                        }),
                    );
                    continue;
                }
                let ranges = array.as_ref().and_then(|(_, r, _)| r.clone());
                for inv in &block.items {
                    let idoc = self.doc(&inv.doc);
                    let check = match &inv.kind {
                        ast::InvariantKind::Nonempty => ir::Check::Nonempty,
                        ast::InvariantKind::NoOverflow
                        | ast::InvariantKind::NoOverlap
                        | ast::InvariantKind::Total(_)
                            if ranges.is_none() =>
                        {
                            self.errs.check(
                                Diagnostic::error(inv.span, "this invariant is about address ranges")
                                    .hint("say which element fields form a range: `[count] ranges addr + len`"),
                            );
                            continue;
                        }
                        ast::InvariantKind::NoOverflow => ir::Check::NoOverflow,
                        ast::InvariantKind::NoOverlap => ir::Check::NoOverlap,
                        ast::InvariantKind::Total(p) => {
                            self.buffer_size(p);
                            ir::Check::TotalIsBufferSize
                        }
                        ast::InvariantKind::CountMax { total, unit } => {
                            self.buffer_size(total);
                            self.size_const(unit);
                            ir::Check::CountMax { unit: unit.node.clone() }
                        }
                        ast::InvariantKind::EachNonzero(f) => {
                            if !elem_fields.contains(&f.node) {
                                self.unknown(
                                    f,
                                    "element field",
                                    elem_fields.iter().map(String::as_str).collect(),
                                    "name a field of the element struct",
                                );
                            }
                            ir::Check::EachNonzero { field: f.node.clone() }
                        }
                        ast::InvariantKind::EachAligned(f, a) => {
                            if !elem_fields.contains(&f.node) {
                                self.unknown(
                                    f,
                                    "element field",
                                    elem_fields.iter().map(String::as_str).collect(),
                                    "name a field of the element struct",
                                );
                            }
                            self.size_const(a);
                            ir::Check::EachAligned { field: f.node.clone(), align: a.node.clone() }
                        }
                    };
                    let errno = match &inv.errno {
                        Some(e) => {
                            let e = self.errno(e);
                            e.name
                        }
                        None => "EINVAL".to_string(),
                    };
                    if invariants.iter().any(|i: &ir::Invariant| i.check == check) {
                        self.errs.check(Diagnostic::error(inv.span, "this invariant is stated twice"));
                        continue;
                    }
                    invariants.push(ir::Invariant { doc: idoc, check, errno });
                }
            }
            // The IR keeps only the count and the array; any other field
            // would silently vanish from the generated struct.
            for f in r.fields.iter().filter(|_| count.is_some() && array.is_some()) {
                let is_count = count.as_ref().is_some_and(|c| c.name == f.name.node);
                let is_array = array.as_ref().is_some_and(|(a, _, _)| a.name == f.name.node);
                if !is_count && !is_array && f.counted_by.is_none() {
                    self.errs.check(
                        Diagnostic::error(
                            f.name.span,
                            format!("result struct `{}` holds only its count and its counted array", r.name.node),
                        )
                        .hint(format!("move `{}` into the element struct, or drop it", f.name.node)),
                    );
                }
            }
            let (Some(count), Some((array, range, _))) = (count, array) else {
                if !fnames.is_empty() {
                    self.errs.check(
                        Diagnostic::error(
                            r.name.span,
                            format!("result struct `{}` needs a counted array", r.name.node),
                        )
                        .hint("declare `count: size_t;` and `entries: struct elem[count];`"),
                    );
                }
                continue;
            };
            let returned = t
                .ops
                .iter()
                .flat_map(|o| &o.ops)
                .any(|o| o.ret.as_ref().is_some_and(|ty| returns_struct(ty, &r.name.node)));
            if !returned {
                self.errs.check(
                    Diagnostic::error(r.name.span, format!("no op returns `struct {} *`", r.name.node))
                        .hint("a result struct describes what an exporter op returns"),
                );
            }
            out.push(ir::ResultStruct { name: r.name.node.clone(), doc, count, array, range, invariants });
        }
        out
    }

    fn buffer_size(&mut self, p: &ast::Path) {
        let parts: Vec<&str> = p.parts.iter().map(|x| x.node.as_str()).collect();
        if parts != ["dmabuf", "size"] {
            self.errs.resolve(
                Diagnostic::error(p.span, "only the buffer's size, `dmabuf.size`, can bound a result")
                    .hint("write `dmabuf.size`"),
            );
        }
    }

    fn size_const(&mut self, id: &Ident) {
        if !cnames::SIZE_CONSTANTS.contains(&id.node.as_str()) {
            self.unknown(id, "size constant", cnames::SIZE_CONSTANTS.to_vec(), "use PAGE_SIZE or an SZ_* constant");
        }
    }

    fn entries(&mut self, t: &ir::MappingType, defs: &[&ast::EntryDef]) -> Vec<ir::Entry> {
        let mut names = HashMap::new();
        let mut out: Vec<(ir::Entry, Span)> = Vec::new();
        for e in defs {
            if self.dup(&mut names, &e.name, "entry point") {
                continue;
            }
            self.c_ident(&e.name, "entry point");
            self.claim(&e.name.node, e.name.span);
            let doc = self.doc(&e.doc);
            let Some(op) = t.op(&e.op.node) else {
                let ops: Vec<&str> = t.ops.iter().flat_map(|o| o.ops.iter().map(|x| x.name.as_str())).collect();
                self.unknown(&e.op, "op", ops, "an entry point calls an exporter op");
                continue;
            };
            let first_ok = op.params.first().is_some_and(|p| {
                p.ty.tag.as_deref() == Some("struct") && p.ty.base == "dma_buf_attachment" && p.ty.pointers.len() == 1
            });
            if !first_ok {
                self.errs.check(
                    Diagnostic::error(
                        e.op.span,
                        format!("op `{}` must take `struct dma_buf_attachment *` first to be an entry point", op.name),
                    )
                    .hint("the entry point finds the exporter's ops through the attachment"),
                );
            }
            let export = match &e.export {
                Some((p, _)) => self.policy(p),
                None => t.export.clone(),
            };
            let validates = op
                .ret
                .as_ref()
                .and_then(|r| t.results.iter().find(|x| returns_struct(r, &x.name)))
                .map(|x| x.name.clone());
            if validates.is_some() && !op.err_ptr {
                self.errs.check(
                    Diagnostic::error(
                        e.op.span,
                        format!("op `{}` returns a validated result, so it must say `or ERR_PTR`", op.name),
                    )
                    .hint("a rejected result is reported to the importer as an ERR_PTR"),
                );
            }
            let lock = e.lock.as_ref().map(|l| match l.node {
                ast::Lock::Held => ir::Lock::Held,
                ast::Lock::Takes => ir::Lock::Takes,
            });
            out.push((
                ir::Entry {
                    name: e.name.node.clone(),
                    doc,
                    op: op.name.clone(),
                    lock,
                    export,
                    validates,
                    partner: None,
                },
                e.export.as_ref().map_or(e.name.span, |x| x.1),
            ));
        }
        // Partners: one entry's op consumes what another's returns (map/unmap).
        let mut pairs = Vec::new();
        for i in 0..out.len() {
            for j in 0..out.len() {
                if i == j {
                    continue;
                }
                let (Some(producer), Some(consumer)) = (t.op(&out[i].0.op), t.op(&out[j].0.op)) else { continue };
                let Some(ret) = &producer.ret else { continue };
                if !ret.is_pointer() || ret.tag.is_none() {
                    continue;
                }
                let consumes =
                    consumer.params.iter().skip(1).any(|p| {
                        p.ty.tag == ret.tag && p.ty.base == ret.base && p.ty.pointers.len() == ret.pointers.len()
                    });
                if consumes {
                    pairs.push((i, j));
                }
            }
        }
        // With several candidates (a locked and an unlocked unmap), the partner
        // is the first with the same locking, so map_attachment pairs with
        // unmap_attachment and the _unlocked ones with each other.
        for k in 0..out.len() {
            let others: Vec<usize> = pairs
                .iter()
                .filter_map(|&(p, c)| {
                    if p == k {
                        Some(c)
                    } else if c == k {
                        Some(p)
                    } else {
                        None
                    }
                })
                .collect();
            let pick = others.iter().find(|&&o| out[o].0.lock == out[k].0.lock).or(others.first());
            if let Some(&o) = pick {
                out[k].0.partner = Some(out[o].0.name.clone());
            }
        }
        // Every producer/consumer pair must be exported alike, not just the
        // chosen partners: any wider one lets a module outside the list in.
        for &(p, c) in &pairs {
            let (a, b) = (&out[p].0, &out[c].0);
            if a.export == b.export {
                continue;
            }
            let (narrow, wide) = if a.export.reach() > b.export.reach() { (c, p) } else { (p, c) };
            let (n, w) = (&out[narrow].0, &out[wide].0);
            let (msg, label) = if n.export.reach() < w.export.reach() {
                (
                    format!(
                        "restricted entry point `{}` has a partner, `{}`, that is exported more widely",
                        n.name, w.name
                    ),
                    "restricted here",
                )
            } else {
                (
                    format!(
                        "entry points `{}` and `{}` undo each other but are exported to different modules",
                        n.name, w.name
                    ),
                    "partner exported here",
                )
            };
            self.errs.check(
                Diagnostic::error(out[wide].1, msg)
                    .related(out[narrow].1, label)
                    .hint(format!("export `{}` exactly as `{}`", w.name, n.name)),
            );
        }
        out.into_iter().map(|(e, _)| e).collect()
    }

    fn debugfs(&mut self, t: &ir::MappingType, format: &Spanned<String>, args: &[ast::Expr]) -> ir::Debugfs {
        self.text(format, "debugfs format");
        if format.node.contains(['"', '\\']) {
            self.errs.check(
                Diagnostic::error(format.span, "debugfs format cannot contain `\"` or `\\`")
                    .hint("it is copied into a C string literal as written"),
            );
        }
        let specs = conversions(&format.node);
        match &specs {
            None => self.errs.check(
                Diagnostic::error(format.span, "debugfs format has a conversion maptype does not support")
                    .hint("use %s, %d, %u, %x, %lu, %llu, %llx, %zu, %pa, %p or %%"),
            ),
            Some(n) if n.len() != args.len() => {
                let n = n.len();
                self.errs.check(Diagnostic::error(
                    format.span,
                    format!(
                        "debugfs format has {n} conversion{} but {} argument{} follow",
                        if n == 1 { "" } else { "s" },
                        args.len(),
                        if args.len() == 1 { "" } else { "s" }
                    ),
                ))
            }
            _ => {}
        }
        let mut lowered = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let (x, ty) = self.expr(t, a, Scope::Stored);
            // seq_printf's arguments are not type-checked against maptype's
            // view; a pointer for %u (or an integer for %s) is a build warning
            // in the kernel at best, a crash at worst.
            let spec = specs.as_ref().filter(|s| s.len() == args.len()).map(|s| s[i]);
            let bad = match spec {
                Some("s" | "p") => {
                    matches!(ty, Ty::Bool | Ty::Int(_) | Ty::EnumConst { .. } | Ty::EnumField { .. } | Ty::Void)
                }
                Some("pa") | None => false,
                Some(_) => matches!(ty, Ty::Ptr | Ty::Null | Ty::Void),
            };
            if let (true, Some(spec)) = (bad, spec) {
                let want = if matches!(spec, "s" | "p") { "a pointer" } else { "an integer" };
                self.errs.check(
                    Diagnostic::error(
                        a.span(),
                        format!("debugfs conversion `%{spec}` needs {want}, and this argument is not one"),
                    )
                    .hint("match each conversion to its argument's type"),
                );
            }
            lowered.push(x);
        }
        let args = lowered;
        ir::Debugfs { format: format.node.clone(), args }
    }

    fn private_fit(&mut self, t: &ir::MappingType) {
        let (Some(_), Some(d)) = (&t.private, &t.data) else { return };
        if d.size <= ir::PRIVATE_SLOT_BYTES {
            return;
        }
        // Point at the first field that does not fit, laid out as `data` does.
        let mut end = 0u64;
        let mut first_out = None;
        for f in &d.fields {
            let Some((size, align)) = layout(&f.ty) else { continue };
            end = end.div_ceil(align) * align + size;
            if end > ir::PRIVATE_SLOT_BYTES {
                first_out = Some((f.name.as_str(), end));
                break;
            }
        }
        let ast_data = self.t.items.iter().find_map(|i| if let ast::Item::Data(d) = i { Some(d) } else { None });
        let (span, hint) = match (first_out, ast_data) {
            (Some((name, end)), Some(ad)) => (
                ad.fields.iter().find(|f| f.name.node == name).map_or(ad.span, |f| f.span),
                format!("`{name}` ends at byte {end}; keep pointers to driver state instead of the state itself"),
            ),
            _ => (
                ast_data.map_or(self.t.name.span, |d| d.span),
                "keep pointers to driver state instead of the state itself".into(),
            ),
        };
        self.errs.check(
            Diagnostic::error(
                span,
                format!(
                    "private match data takes {} bytes; the core's private slot holds {}",
                    d.size,
                    ir::PRIVATE_SLOT_BYTES
                ),
            )
            .hint(hint),
        );
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Importer => "importer",
        Role::Exporter => "exporter",
        Role::Both => "importer and exporter",
    }
}

fn allowed_list(field: &ir::Field, e: &ir::Enum) -> String {
    if field.allowed.is_empty() {
        e.values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
    } else {
        field.allowed.join(", ")
    }
}

fn cty(t: &ir::CType) -> Ty {
    if t.is_pointer() {
        Ty::Ptr
    } else if t.base == "bool" && t.tag.is_none() {
        Ty::Bool
    } else if t.base == "void" && t.tag.is_none() {
        Ty::Void
    } else if cnames::is_integer(t.tag.as_deref(), &t.base) {
        Ty::Int(None)
    } else {
        Ty::Other
    }
}

fn layout(t: &ir::CType) -> Option<(u64, u64)> {
    if t.is_pointer() {
        Some((8, 8))
    } else {
        cnames::scalar_layout(t.tag.as_deref(), &t.base)
    }
}

fn returns_struct(t: &ir::CType, name: &str) -> bool {
    t.tag.as_deref() == Some("struct") && t.base == name && t.pointers.len() == 1
}

fn is_c_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

pub fn parse_version(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The printf conversions, or `None` if one is not supported.
fn conversions(f: &str) -> Option<Vec<&'static str>> {
    let mut n = Vec::new();
    let mut rest = f;
    while let Some(i) = rest.find('%') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('%') {
            rest = r;
            continue;
        }
        let spec = ["llx", "llu", "lld", "lu", "ld", "lx", "zu", "zd", "pa", "s", "d", "u", "x", "p"]
            .iter()
            .find(|s| rest.starts_with(**s))?;
        rest = &rest[spec.len()..];
        n.push(*spec);
    }
    Some(n)
}
