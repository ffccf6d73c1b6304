//! Names, C types and copied text: the checks every item shares.

use std::collections::HashMap;

use crate::ast::{self, Ident, Spanned};
use crate::cnames::{self, closest};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Role};

use super::TypeLowerer;

impl TypeLowerer<'_> {
    /// A name that will be a C identifier.
    pub(super) fn c_ident(&mut self, id: &Ident, what: &str) {
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
        } else if self.resolve_base(t).is_none() {
            self.errs.resolve(Diagnostic::error(t.span, format!("unknown C type `{}`", t.base)).hint(
                "write a kernel integer typedef (`u8`..`u64`, `s8`..`s64`, `size_t`, `phys_addr_t`, ...), \
                     integer words, `bool`, `struct NAME` or `enum NAME`",
            ));
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
            self.text(line, "doc comment");
        }
        docs(d)
    }

    pub(super) fn text(&mut self, s: &Spanned<String>, what: &str) {
        if let Some(why) = cnames::unsafe_text(&s.node) {
            self.errs.check(
                Diagnostic::error(s.span, format!("{what} cannot be copied into generated code: {why}"))
                    .hint("reword the text"),
            );
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
