// SPDX-License-Identifier: GPL-2.0

//! A hosted stand-in for the kernel's `#[vtable]` attribute (rust/macros),
//! written from its documentation: on a trait it adds `USE_VTABLE_ATTR` and a
//! `HAS_<METHOD>: bool = false` for every method whose constant the trait
//! does not declare itself; on an impl block it adds `USE_VTABLE_ATTR` and
//! `HAS_<METHOD>: bool = true` for every method the block defines.

use proc_macro::{Delimiter, Group, TokenStream, TokenTree};

#[proc_macro_attribute]
pub fn vtable(_attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut tokens: Vec<TokenTree> = item.into_iter().collect();
    let is_trait = tokens.iter().any(|t| matches!(t, TokenTree::Ident(i) if i.to_string() == "trait"));
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        panic!("#[vtable] goes on a trait or impl block");
    };
    assert_eq!(body.delimiter(), Delimiter::Brace, "#[vtable] goes on a trait or impl block");

    // Names after `fn` and `const` at the top level of the body.
    let inner: Vec<TokenTree> = body.stream().into_iter().collect();
    let mut methods = Vec::new();
    let mut consts = Vec::new();
    for w in inner.windows(2) {
        if let (TokenTree::Ident(kw), TokenTree::Ident(name)) = (&w[0], &w[1]) {
            match kw.to_string().as_str() {
                "fn" => methods.push(name.to_string()),
                "const" => consts.push(name.to_string()),
                _ => {}
            }
        }
    }

    let mut added = String::new();
    if is_trait {
        added.push_str("/// Implementations must use `#[vtable]`.\nconst USE_VTABLE_ATTR: ();\n");
    } else {
        added.push_str("const USE_VTABLE_ATTR: () = ();\n");
    }
    for m in methods {
        let c = format!("HAS_{}", m.to_uppercase());
        if consts.contains(&c) {
            continue;
        }
        if is_trait {
            added.push_str(&format!("/// Whether `{m}` is overridden.\nconst {c}: bool = false;\n"));
        } else {
            added.push_str(&format!("const {c}: bool = true;\n"));
        }
    }
    let mut new_body: TokenStream = added.parse().expect("valid constants");
    new_body.extend(body.stream());
    tokens.push(TokenTree::Group(Group::new(Delimiter::Brace, new_body)));
    tokens.into_iter().collect()
}
