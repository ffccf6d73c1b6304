//! The symbol table: every C name a type puts into the kernel's global
//! namespace, collected from the syntax tree before anything is lowered, and
//! the clash check across types that runs over it.

use std::collections::{BTreeMap, HashSet};

use crate::ast::{self, Ident};
use crate::cnames;
use crate::diag::{Diagnostic, Span};

use super::{Errors, TypeLowerer};

/// What kind of item claims a name; says where a symbol came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Type,
    Enum,
    Enumerator,
    DataMember,
    DataStruct,
    OpsStruct,
    Constructor,
    SingleExporter,
    Accessor,
    OpsAccessor,
    Struct,
    Result,
    Entry,
    /// A function the generator defines for the type (`_match`, `_call_OP`, ...).
    Generated(&'static str),
    /// The KUnit-stubbable wrapper of an extern, `dma_buf_mapping_TYPE_EXTERN`.
    Wrapper,
}

/// Functions the generated glue defines for every type, after its prefix
/// `dma_buf_mapping_TYPE_`, and what they are.
const GLUE_FUNCTIONS: &[(&str, &str)] = &[
    ("match", "match callback"),
    ("finish_match", "finish_match callback"),
    ("debugfs_dump", "debugfs callback"),
    ("rule_warn", "reporter of the rules marked `warn`"),
    ("check_warn", "reporter of the generated checks"),
    ("match_data", "private match data view"),
    ("match_data_mut", "private match data view"),
];

/// One C name, spelt as C sees it (`struct x`, `enum x`, `f`).
pub(super) struct Symbol {
    pub(super) kind: Kind,
    pub(super) name: String,
    pub(super) span: Span,
}

/// The names one mapping type claims, in the order lowering meets them: the
/// first claim of a name is the one later claims are reported against.
pub(super) struct Symbols {
    pub(super) owner: String,
    pub(super) names: Vec<Symbol>,
    /// Kernel functions the type calls; several types may declare one, but
    /// none may define it.
    pub(super) externs: Vec<(String, Span)>,
}

impl Symbols {
    /// Collects the table from the syntax tree. Items the checker reports as
    /// defined twice, and repeats of once-only items, claim nothing.
    pub(super) fn collect(t: &ast::MappingType) -> Symbols {
        let mut s = Symbols { owner: t.name.node.clone(), names: Vec::new(), externs: Vec::new() };
        s.add(Kind::Type, format!("dma_buf_mapping_{}_type", t.name.node), t.name.span);
        // The glue's own functions come first, so what a definition names
        // is reported against them.
        let prefix = format!("dma_buf_mapping_{}_", t.name.node);
        for (suffix, what) in GLUE_FUNCTIONS {
            s.add(Kind::Generated(what), format!("{prefix}{suffix}"), t.name.span);
        }
        let items = || t.items.iter();
        let mut enums = Names::default();
        let mut enumerators = Names::default();
        for e in items().filter_map(|i| if let ast::Item::Enum(e) = i { Some(e) } else { None }) {
            if enums.first(&e.name) {
                s.add(Kind::Enum, format!("enum {}", e.name.node), e.name.span);
                for v in e.values.iter().filter(|v| enumerators.first(&v.name)) {
                    s.add(Kind::Enumerator, v.name.node.clone(), v.name.span);
                }
            }
        }
        let private = items().any(|i| matches!(i, ast::Item::Private { .. }));
        if let Some(d) = items().find_map(|i| if let ast::Item::Data(d) = i { Some(d) } else { None }) {
            if let (Some(n), false) = (&d.name, private) {
                s.add(Kind::DataMember, format!("union member {}", n.node), n.span);
            }
            s.add(Kind::DataStruct, format!("struct dma_buf_mapping_{}_data", t.name.node), d.span);
        }
        if let Some(o) = items().find_map(|i| if let ast::Item::Ops(o) = i { Some(o) } else { None }) {
            s.add(Kind::OpsStruct, format!("struct {}", o.name.node), o.name.span);
            let mut ops = Names::default();
            for op in o.ops.iter().filter(|op| ops.first(&op.name)) {
                s.add(Kind::Generated("op caller"), format!("{prefix}call_{}", op.name.node), op.name.span);
            }
        }
        let mut externs = Names::default();
        for e in items().filter_map(|i| if let ast::Item::Extern(e) = i { Some(e) } else { None }) {
            if externs.first(&e.name) {
                s.externs.push((e.name.node.clone(), e.name.span));
                s.add(Kind::Wrapper, format!("{prefix}{}", e.name.node), e.name.span);
            }
        }
        let mut ctors = Names::default();
        for c in items().filter_map(|i| match i {
            ast::Item::Importer(c) | ast::Item::Exporter(c) => Some(c),
            _ => None,
        }) {
            if ctors.first(&c.name) {
                s.add(Kind::Constructor, c.name.node.clone(), c.name.span);
            }
        }
        if let Some(n) =
            items().find_map(|i| if let ast::Item::SingleExporter { name, .. } = i { Some(name) } else { None })
        {
            s.add(Kind::SingleExporter, n.node.clone(), n.span);
        }
        let mut accessors = Names::default();
        for n in items().filter_map(|i| if let ast::Item::Accessor { name, .. } = i { Some(name) } else { None }) {
            if accessors.first(n) {
                s.add(Kind::Accessor, n.node.clone(), n.span);
            }
        }
        if let Some(n) =
            items().find_map(|i| if let ast::Item::OpsAccessor { name, .. } = i { Some(name) } else { None })
        {
            s.add(Kind::OpsAccessor, n.node.clone(), n.span);
        }
        // Structs and results share one set of names.
        let mut structs = Names::default();
        for st in items().filter_map(|i| if let ast::Item::Struct(st) = i { Some(st) } else { None }) {
            // A struct from another type is that type's C name, not this one's.
            if structs.first(&st.name) && st.from.is_none() {
                s.add(Kind::Struct, format!("struct {}", st.name.node), st.name.span);
            }
        }
        for r in items().filter_map(|i| if let ast::Item::Result(r) = i { Some(r) } else { None }) {
            if structs.first(&r.name) {
                s.add(Kind::Result, format!("struct {}", r.name.node), r.name.span);
                s.add(Kind::Generated("result validator"), format!("{}_validate", r.name.node), r.name.span);
            }
        }
        let mut entries = Names::default();
        for e in items().filter_map(|i| if let ast::Item::Entry(e) = i { Some(e) } else { None }) {
            if entries.first(&e.name) {
                s.add(Kind::Entry, e.name.node.clone(), e.name.span);
            }
        }
        s
    }

    fn add(&mut self, kind: Kind, name: String, span: Span) {
        self.names.push(Symbol { kind, name, span });
    }
}

/// Names seen so far in one namespace of a type.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    /// Whether this is the name's first definition.
    fn first(&mut self, id: &Ident) -> bool {
        self.0.insert(id.node.clone())
    }
}

/// Reports a C name claimed twice, within a type or across types, and a
/// kernel function (`extern`) that some type defines.
pub(super) fn check_clashes(types: &[Symbols], errs: &mut Errors) {
    let mut owner: BTreeMap<String, (&str, &str, Span, Kind)> = BTreeMap::new();
    for t in types {
        for Symbol { name, span, kind } in &t.names {
            // `struct x` and `enum x` share C's tag namespace.
            let key = match name.split_once(' ') {
                Some(("struct" | "enum" | "union", tag)) => format!("tag {tag}"),
                _ => name.clone(),
            };
            let Some(&(other, prev_name, prev, prev_kind)) = owner.get(&key) else {
                owner.insert(key, (&t.owner, name, *span, *kind));
                continue;
            };
            if let Some(d) = generated_clash(name, (*span, *kind), (other, other == t.owner), (prev, prev_kind)) {
                errs.check(d);
                continue;
            }
            let message = match (other == t.owner, prev_name == name) {
                (false, true) => format!("C name `{name}` is also claimed by mapping type `{other}`"),
                (false, false) => {
                    format!("`{name}` clashes with `{prev_name}` of mapping type `{other}`: C tags share one namespace")
                }
                // Two kinds of item of one type (say an enumerator and a
                // constructor) with one name would collide in the header.
                (true, true) => format!("C name `{name}` is used twice in mapping type `{other}`"),
                (true, false) => format!("`{name}` clashes with `{prev_name}`: C tags share one namespace"),
            };
            let hint = if other == t.owner {
                "give each enumerator, constructor, accessor, entry point and struct its own name"
            } else {
                "prefix the name with the mapping type's name"
            };
            errs.check(Diagnostic::error(*span, message).related(prev, "claimed here").hint(hint));
        }
    }
    for t in types {
        for (name, span) in &t.externs {
            if let Some(&(other, _, prev, _)) = owner.get(name) {
                let whose = if other == t.owner { "this type".to_string() } else { format!("mapping type `{other}`") };
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

/// What a generated function or extern wrapper is, for messages.
fn generated(kind: Kind) -> Option<String> {
    match kind {
        Kind::Generated(what) => Some(format!("the generated {what}")),
        Kind::Wrapper => Some("the generated wrapper of an extern".into()),
        _ => None,
    }
}

/// A clash where one side is a name the generator makes up (a glue
/// function or an extern's wrapper): said as such, with what to rename.
/// `other` owns the earlier claim; `same` says whether it is this type.
fn generated_clash(
    name: &str,
    (span, kind): (Span, Kind),
    (other, same): (&str, bool),
    (prev, prev_kind): (Span, Kind),
) -> Option<Diagnostic> {
    let (now, before) = (generated(kind), generated(prev_kind));
    if now.is_none() && before.is_none() {
        return None;
    }
    let of = if same { String::new() } else { format!(" of mapping type `{other}`") };
    let before_text = before.unwrap_or_else(|| "a name".into());
    let message = match &now {
        Some(d) => format!("`{name}`, {d}, clashes with {before_text}{of}"),
        None => format!("`{name}` clashes with {before_text}{of}"),
    };
    let related = match prev_kind {
        Kind::Generated(_) => format!("generated for mapping type `{other}`"),
        Kind::Wrapper => "the extern wrapped under that name".to_string(),
        _ => "claimed here".to_string(),
    };
    let hint = match kind {
        Kind::Wrapper => {
            "an extern `X` of type `T` is wrapped as `dma_buf_mapping_T_X`: a kernel function whose wrapper would \
             clash cannot be called from this type's rules"
        }
        _ => "the generator names its functions `dma_buf_mapping_TYPE_...`; give this item another name",
    };
    Some(Diagnostic::error(span, message).related(prev, related).hint(hint))
}

impl TypeLowerer<'_> {
    /// A name the DMA-buf core already defines; checked where the item is
    /// lowered, so the error keeps its place among that item's errors.
    pub(super) fn not_core(&mut self, name: &str, span: Span) {
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
    }
}
