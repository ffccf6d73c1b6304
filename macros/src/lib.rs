//! Proc-macros for Rust driver crates. They run the same checker as the CLI
//! (`maptype_dsl::check`), so a definition gets the same errors either way.

use proc_macro::TokenStream;
use quote::quote;

/// `maptype!("path/to/file.maptype")`: checks a definition at compile time and
/// expands to a module with its C names as string constants. A definition
/// error is a compile error carrying the checker's rendered diagnostics.
#[proc_macro]
pub fn maptype(input: TokenStream) -> TokenStream {
    let lit = syn::parse_macro_input!(input as syn::LitStr);
    let rel = lit.value();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let path = std::path::Path::new(&root).join(&rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("cannot read {}: {e}", path.display());
            return quote!(compile_error!(#msg);).into();
        }
    };
    let mut sources = maptype_dsl::Sources::new();
    sources.add(rel, text);
    match maptype_dsl::check(&sources) {
        Err(diags) => {
            let msg = sources.render(&diags);
            quote!(compile_error!(#msg);).into()
        }
        Ok(reg) => {
            let items = reg.types.iter().map(|t| {
                let m = quote::format_ident!("{}", t.name);
                let symbol = &t.symbol;
                let title = &t.title;
                quote! {
                    pub mod #m {
                        /// The C singleton of this mapping type.
                        pub const SYMBOL: &str = #symbol;
                        /// The human-readable name.
                        pub const TITLE: &str = #title;
                    }
                }
            });
            quote!(#(#items)*).into()
        }
    }
}
