//! Names, C types and copied text: the checks every item shares.

use std::collections::HashMap;

use crate::ast::{self, Ident, Spanned};
use crate::cnames::{self, closest};
use crate::diag::{Construct, Diagnostic, Span};
use crate::ir::{self, Role};
use crate::oracle;

use super::TypeLowerer;

impl TypeLowerer<'_> {
    /// A name that will be a C identifier (and, for most kinds, a Rust one):
    /// every rule about names is here, so every kind of name gets it. `what`
    /// says which kind, for the message and the rules of one kind.
    pub(super) fn c_ident(&mut self, id: &Ident, what: &str) {
        if let Some((message, hint)) = name_problem(&id.node, what) {
            self.errs.resolve(Diagnostic::error(id.span, message).hint(hint));
        }
    }

    /// A type written in the definition, checked to be one C accepts and
    /// resolved to the type model. A plain name the model does not know is
    /// refused (see [`ir::CType`]'s module for why).
    pub(super) fn c_type(&mut self, t: &ast::CType) -> ir::CType {
        if let Some(why) = cnames::c_type_problem(t.tag.as_deref(), &t.base) {
            self.errs.check(
                Diagnostic::error(t.span, why).hint(
                    "write a typedef name (`u8`, `size_t`), `struct NAME`, or integer words such as `unsigned int`",
                ),
            );
        } else if let Some(why) = tag_problem(t.tag.as_deref(), &t.base) {
            // The Rust bindings name the tag as it is (`bindings::NAME`).
            self.errs.check(
                Diagnostic::error(t.span, why)
                    .hint("the Rust bindings call it `bindings::<tag>`; use a tag Rust can name"),
            );
        } else if self.resolve_base(t).is_none() {
            let d = Diagnostic::error(t.span, format!("unknown C type `{}`", t.base));
            // One typo at most: type names are short and close to each other
            // (`u8`, `s8`), so a wider net suggests real types the model lacks.
            let near = match &t.tag {
                None => ir::known_names().find(|n| cnames::distance(&t.base, n) == 1),
                Some(_) => None,
            };
            self.errs.resolve(match near {
                Some(n) => d.hint(format!("did you mean `{n}`?")),
                None => d.hint(
                    "write a kernel integer typedef (`u8`..`u64`, `s8`..`s64`, `size_t`, `phys_addr_t`, ...), \
                     integer words, `bool`, `struct NAME` or `enum NAME`",
                ),
            });
        }
        self.resolved(t)
    }

    /// The model of a type [`Self::c_type`] has checked already. What it
    /// refused stands in as a struct, so no follow-on check fires.
    pub(super) fn resolved(&self, t: &ast::CType) -> ir::CType {
        let base = self.resolve_base(t).unwrap_or_else(|| ir::Base::Struct { name: t.base.clone() });
        ir::CType::new(base, t.is_const, t.pointers.clone())
    }

    fn resolve_base(&self, t: &ast::CType) -> Option<ir::Base> {
        ir::Base::resolve(t.tag.as_deref(), &t.base, |n| self.declares_enum(n))
    }

    /// Whether the type declares `enum name`.
    pub(super) fn declares_enum(&self, name: &str) -> bool {
        self.t.items.iter().any(|i| matches!(i, ast::Item::Enum(e) if e.name.node == name))
    }

    /// A value of the enum `name` (declared by the type or the kernel's).
    pub(super) fn enum_type(&self, name: &str) -> ir::CType {
        let base = ir::Base::resolve(Some("enum"), name, |n| self.declares_enum(n)).expect("a tagged type resolves");
        ir::CType::new(base, false, vec![])
    }

    pub(super) fn doc(&mut self, d: &ast::Docs) -> Vec<String> {
        for line in d {
            if let Some(e) = unsafe_text(line, "doc comment") {
                self.errs.check(e.see(Construct::DocComments));
            }
        }
        docs(d)
    }

    pub(super) fn text(&mut self, s: &Spanned<String>, what: &str) {
        if let Some(e) = unsafe_text(s, what) {
            self.errs.check(e);
        }
    }

    pub(super) fn dup(&mut self, seen: &mut HashMap<String, Span>, id: &Ident, what: &str) -> bool {
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

    pub(super) fn once<T>(&mut self, slot: &mut Option<(T, Span)>, value: T, span: Span, what: &str) {
        if let Some((_, prev)) = slot {
            self.errs.resolve(
                Diagnostic::error(span, format!("`{what}` is given twice")).related(*prev, "first given here"),
            );
        } else {
            *slot = Some((value, span));
        }
    }

    pub(super) fn unknown(&mut self, id: &Ident, what: &str, candidates: Vec<&str>, fallback_hint: &str) {
        let mut d = Diagnostic::error(id.span, format!("unknown {what} `{}`", id.node));
        d = match closest(&id.node, candidates.iter().copied()) {
            Some(c) => d.hint(format!("did you mean `{c}`?")),
            None => d.hint(fallback_hint.to_string()),
        };
        self.errs.resolve(d);
    }
}

pub(super) fn docs(d: &ast::Docs) -> Vec<String> {
    d.iter().map(|s| s.node.clone()).collect()
}

/// Whether `c_type` refused `t` as no C type at all.
pub(super) fn not_c(t: &ast::CType) -> bool {
    cnames::c_type_problem(t.tag.as_deref(), &t.base).is_some()
}

pub(super) fn parse_int(s: &str) -> Option<i64> {
    match s.strip_prefix("0x") {
        Some(h) => i64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

pub(super) fn role_name(r: Role) -> &'static str {
    match r {
        Role::Importer => "importer",
        Role::Exporter => "exporter",
        Role::Both => "importer and exporter",
    }
}

/// Why a `struct`, `union` or `enum` tag cannot be named in the Rust bindings.
fn tag_problem(tag: Option<&str>, name: &str) -> Option<String> {
    let tag = tag?;
    if name.chars().all(|c| c == '_') {
        return Some(format!("`{tag} {name}`: a tag of only underscores has no name in Rust"));
    }
    oracle::RUST_KEYWORDS.contains(&name).then(|| format!("`{tag} {name}`: `{name}` is a Rust keyword"))
}

/// The first rule `name`, naming a `what`, breaks, as message and hint.
fn name_problem(name: &str, what: &str) -> Option<(String, String)> {
    let is_type = what == "mapping type name";
    let limit = if is_type { cnames::MAX_TYPE_NAME_LEN } else { cnames::MAX_NAME_LEN };
    let n = name.chars().count();
    if n > limit {
        return Some((
            format!("{what} is {n} characters long; at most {limit} are allowed"),
            "generated C symbols and file names repeat it; shorten it".into(),
        ));
    }
    if cnames::is_c_keyword(name) {
        return Some((format!("{what} `{name}` is a C keyword"), format!("rename it, e.g. `{name}_`")));
    }
    if name.starts_with("__") || (name.starts_with('_') && name[1..].starts_with(char::is_uppercase)) {
        return Some((
            format!("{what} `{name}` is reserved in C"),
            "names starting with `__` or `_` and a capital letter belong to the compiler".into(),
        ));
    }
    if name.chars().all(|c| c == '_') {
        return Some((format!("{what} `{name}` is only underscores"), "`_` is no name in Rust; rename it".into()));
    }
    // The grammar has no raw identifiers (`r#fn`), and `self`, `Self`,
    // `crate` and `super` cannot be raw identifiers anyway.
    if oracle::RUST_KEYWORDS.contains(&name) {
        let hint = if is_type { "rename the mapping type".into() } else { format!("rename it, e.g. `{name}_`") };
        return Some((format!("{what} `{name}` is a Rust keyword"), hint));
    }
    if what != "extern" && cnames::KERNEL_NAMES.contains(&name) {
        return Some((
            format!("{what} `{name}` is a kernel macro or function"),
            "the generated C includes kernel headers that define it; rename it".into(),
        ));
    }
    if is_type && cnames::REGISTRY_STEMS.contains(&name) {
        return Some((
            format!("mapping type `{name}` would write over the registry's file `dma-buf-mapping-{name}`"),
            "rename the mapping type".into(),
        ));
    }
    if is_type && name.ends_with(cnames::TEST_SUFFIX) {
        return Some((
            format!("mapping type `{name}` would write the file of another type's KUnit suite"),
            format!(
                "`dma-buf-mapping-{}.c` is the suite of a type `{}`; rename the mapping type",
                name.replace('_', "-"),
                &name[..name.len() - cnames::TEST_SUFFIX.len()]
            ),
        ));
    }
    if what == "data member" && cnames::MATCH_MEMBERS.contains(&name) {
        return Some((
            format!("data member `{name}` is a member of `struct dma_buf_mapping_match` already"),
            "the union of match data sits inside that struct; prefix the name with the mapping type's name".into(),
        ));
    }
    None
}

fn unsafe_text(s: &Spanned<String>, what: &str) -> Option<Diagnostic> {
    cnames::unsafe_text(&s.node).map(|why| {
        Diagnostic::error(s.span, format!("{what} cannot be copied into generated code: {why}")).hint("reword the text")
    })
}
