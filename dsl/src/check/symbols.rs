//! The C names each type claims, and the cross-type clash check over them.

use std::collections::BTreeMap;

use crate::cnames;
use crate::diag::{Diagnostic, Span};
use crate::ir;

use super::{Errors, TypeLowerer};

/// The C names a type puts into the kernel's global namespace.
#[derive(Default)]
pub(super) struct Claims {
    pub(super) names: Vec<(String, Span)>,
    /// Kernel functions the type calls; several types may declare one, but
    /// none may define it.
    pub(super) externs: Vec<(String, Span)>,
}

pub(super) fn check_clashes(types: &[(ir::MappingType, Claims)], errs: &mut Errors) {
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

impl TypeLowerer<'_> {
    pub(super) fn claim(&mut self, name: &str, span: Span) {
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
}
