//! Proc-macros that bring maptype definitions into Rust driver crates.
//!
//! `include!` expands to the Rust modules that `maptype generate` writes
//! for the definitions it names: the checker, the selection and the Rust
//! backend are the CLI's own (`maptype::include`), so a crate including a
//! definition and a kernel tree generated from it hold the same code, and a
//! definition that `lint` refuses is refused here with the same text.
//!
//! Depend on this crate as `maptype` (`maptype = { package =
//! "maptype-macros", ... }`, or `--extern maptype=...` in a kernel build) to
//! write `maptype::include!`.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{LitStr, Token};

/// `maptype::include!("x.maptype", ..., core = "DIR or FILE", ...)`: the Rust
/// module of each type the files define, as `pub mod NAME { ... }`.
///
/// Paths are relative to the file holding the call, as for `include_str!`.
/// Definitions given together are checked together, so the cross-type
/// checks (C name clashes, the private slot) hold among them; a private
/// type is checked beside the core named by `core = ...` (paths after it
/// are the core's), and only the given types get a module. The crate is
/// rebuilt when a file read changes (each is `include_bytes!`ed); a file
/// added to a core directory is seen at the next build of the crate.
///
/// A definition error is a compile error at the path that names the
/// definition, with the CLI's text: `file:line:col`, the source line and
/// the hint.
#[proc_macro]
pub fn include(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    expand(&args, &base_dir()).into()
}

/// `#[maptype::mapping_type(...)] mod NAME { ... }`: a driver-private
/// mapping type declared in Rust (the Rust form, see
/// `maptype_dsl::rust_form`), checked beside the core definitions named by
/// `core("...", ...)` (relative to this file), expands to the Rust module
/// `generate` writes for the same type written as a definition.
/// `maptype generate --from-rust FILE.rs` writes its C side. An error is
/// reported at the token it is about, with the CLI's text, hint and
/// `see:` line.
#[proc_macro_attribute]
pub fn mapping_type(attr: TokenStream, item: TokenStream) -> TokenStream {
    let module = syn::parse_macro_input!(item as syn::ItemMod);
    let file = proc_macro::Span::call_site().local_file();
    let name = file.as_deref().and_then(Path::file_name).map_or("lib.rs".into(), |n| n.to_string_lossy().into_owned());
    expand_rust_form(attr.into(), &module, &name, &base_dir()).into()
}

/// The string literals of `core(...)` in the attribute's arguments.
fn core_of(attr: &Tokens) -> syn::Result<Vec<LitStr>> {
    let mut core = Vec::new();
    // Doc comments before an argument (`#[doc = ...]` tokens) are the Rust
    // form's, not metas: leave them out here.
    let mut toks: Vec<proc_macro2::TokenTree> = Vec::new();
    for t in attr.clone() {
        let doc_group = matches!(&t, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Bracket)
            && matches!(toks.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '#');
        if doc_group {
            toks.pop();
        } else {
            toks.push(t);
        }
    }
    let metas =
        syn::punctuated::Punctuated::<syn::Meta, Token![,]>::parse_terminated.parse2(toks.into_iter().collect())?;
    for m in metas {
        if let syn::Meta::List(l) = m {
            if l.path.is_ident("core") {
                let lits = syn::punctuated::Punctuated::<LitStr, Token![,]>::parse_terminated.parse2(l.tokens)?;
                core.extend(lits);
            }
        }
    }
    Ok(core)
}

fn expand_rust_form(attr: Tokens, module: &syn::ItemMod, name: &str, base: &Path) -> Tokens {
    let core_lits = match core_of(&attr) {
        Ok(c) => c,
        Err(e) => return e.to_compile_error(),
    };
    let core: Vec<PathBuf> = core_lits.iter().map(|l| base.join(l.value())).collect();
    if let Some(missing) = missing(&core_lits, base) {
        return missing;
    }
    // The Rust form's spans are indices of this table of token spans, so
    // an error is reported at its token.
    let target = match maptype::include::kbuild_target() {
        Ok(t) => t,
        Err(e) => return error(Span::call_site(), &e),
    };
    let mut table: Vec<Span> = Vec::new();
    let result = maptype::include::rust_form(
        name,
        |file| {
            let mut map = |s: Span| {
                table.push(s);
                let k = table.len() - 1;
                maptype_dsl::Span { file, start: k, end: k + 1 }
            };
            let lowered = maptype_dsl::rust_form::lower(attr.clone(), module, &mut map);
            let text = " ".repeat(table.len() + 1);
            lowered.map(|t| (t, text.clone())).map_err(|d| (d, text))
        },
        &core,
        &target,
    );
    match result {
        Ok((m, read)) => {
            let body: Tokens = match m.text.parse() {
                Ok(b) => b,
                Err(e) => {
                    return error(Span::call_site(), &format!("maptype generated unlexable Rust for `{}`: {e}", m.name))
                }
            };
            let (vis, ident) = (&module.vis, &module.ident);
            let tracked = tracking(&read);
            quote!(#vis mod #ident { #body } #tracked)
        }
        Err(maptype::select::SelectError::Diagnostics(sources, diags)) => {
            let own = sources.len() - 1;
            let errors = diags.iter().map(|d| {
                if d.span.file != own {
                    let text = sources.render(std::slice::from_ref(d));
                    return error(module.ident.span(), text.strip_prefix("error: ").unwrap_or(&text).trim_end());
                }
                let at = table.get(d.span.start).copied().unwrap_or_else(Span::call_site);
                let mut msg = d.message.clone();
                if let Some((span, note)) = &d.related {
                    if span.file == own {
                        msg.push_str(&format!("\n= note: {note}"));
                    } else {
                        msg.push_str(&format!("\n= note: {note}: {}", sources.location(*span)));
                    }
                }
                if let Some(h) = &d.hint {
                    msg.push_str(&format!("\n= hint: {h}"));
                }
                if let Some(c) = d.construct {
                    msg.push_str(&format!("\n= see: {}", c.link()));
                }
                error(at, &msg)
            });
            quote!(#(#errors)*)
        }
        Err(maptype::select::SelectError::Io(e) | maptype::select::SelectError::Scope(e)) => {
            error(module.ident.span(), &e)
        }
    }
}

/// The macro's arguments: definition paths, then optionally `core =` and
/// the core's paths.
struct Args {
    given: Vec<LitStr>,
    core: Vec<LitStr>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args { given: Vec::new(), core: Vec::new() };
        let mut in_core = false;
        while !input.is_empty() {
            if input.peek(syn::Ident) {
                let key: syn::Ident = input.parse()?;
                if key != "core" || in_core {
                    return Err(syn::Error::new(key.span(), "expected a definition path, or `core = \"PATH\"`"));
                }
                input.parse::<Token![=]>()?;
                in_core = true;
            }
            let lit: LitStr = input.parse()?;
            if in_core { &mut args.core } else { &mut args.given }.push(lit);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        if args.given.is_empty() {
            return Err(input.error("name at least one definition: `maptype::include!(\"x.maptype\")`"));
        }
        if in_core && args.core.is_empty() {
            return Err(input.error("`core =` names the core's directory or files"));
        }
        Ok(args)
    }
}

/// The directory relative paths start from: the calling file's, else the
/// crate's (a tool that expands macros without a file).
fn base_dir() -> PathBuf {
    let file = proc_macro::Span::call_site().local_file();
    match file.as_deref().and_then(Path::parent) {
        Some(dir) => dir.to_path_buf(),
        None => std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default(),
    }
}

fn expand(args: &Args, base: &Path) -> Tokens {
    let resolve = |l: &LitStr| base.join(l.value());
    let given: Vec<PathBuf> = args.given.iter().map(resolve).collect();
    let core: Vec<PathBuf> = args.core.iter().map(resolve).collect();
    let lits: Vec<LitStr> = args.given.iter().chain(&args.core).cloned().collect();
    if let Some(missing) = missing(&lits, base) {
        return missing;
    }
    let target = match maptype::include::kbuild_target() {
        Ok(t) => t,
        Err(e) => return error(Span::call_site(), &e),
    };
    let included = match maptype::include::include(&given, (!core.is_empty()).then_some(core.as_slice()), &target) {
        Ok(i) => i,
        Err(e) => return select_error(args, base, e),
    };
    let mut out = Tokens::new();
    for m in &included.modules {
        let name = format_ident!("{}", m.name);
        let body: Tokens = match m.text.parse() {
            Ok(b) => b,
            // The backend's files are a fixed point of syn (tests/rust_ffi.rs);
            // text that does not lex is a generator bug, said at the call.
            Err(e) => {
                return error(Span::call_site(), &format!("maptype generated unlexable Rust for `{}`: {e}", m.name))
            }
        };
        out.extend(quote!(pub mod #name { #body }));
    }
    out.extend(tracking(&included.read));
    out
}

/// Errors at each literal whose path (relative to `base`) names nothing.
fn missing(lits: &[LitStr], base: &Path) -> Option<Tokens> {
    let errors: Vec<Tokens> = lits
        .iter()
        .filter(|l| !base.join(l.value()).exists())
        .map(|l| error(l.span(), &format!("cannot find {} (relative to {})", l.value(), display_base(base))))
        .collect();
    (!errors.is_empty()).then(|| quote!(#(#errors)*))
}

/// `include_bytes!` of every file read, so that a change to one rebuilds
/// the crate.
fn tracking(read: &[PathBuf]) -> Tokens {
    let consts = read.iter().map(|f| {
        let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        let abs = abs.to_string_lossy().into_owned();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#abs);
        )
    });
    quote!(#(#consts)*)
}

fn display_base(base: &Path) -> String {
    if base.as_os_str().is_empty() {
        ".".into()
    } else {
        base.display().to_string()
    }
}

/// A `compile_error!` at `span`.
fn error(span: Span, msg: &str) -> Tokens {
    quote_spanned!(span=> ::core::compile_error! { #msg })
}

/// Definition errors, each at the literal naming its file (or the first).
fn select_error(args: &Args, base: &Path, e: maptype::select::SelectError) -> Tokens {
    use maptype::select::SelectError;
    let first = args.given[0].span();
    match e {
        SelectError::Io(msg) | SelectError::Scope(msg) => error(first, &msg),
        SelectError::Diagnostics(sources, diags) => {
            // Which literal names which source: by the name `generate` gives it.
            let names: Vec<(Span, Vec<String>)> = args
                .given
                .iter()
                .chain(&args.core)
                .map(|l| {
                    let listed = maptype::definition_files(&[base.join(l.value())]).unwrap_or_default();
                    (l.span(), listed.into_iter().map(|d| d.name).collect())
                })
                .collect();
            let errors = diags.iter().map(|d| {
                let file = sources.name(d.span.file);
                let span = names.iter().find(|(_, n)| n.iter().any(|n| n == file)).map_or(first, |(s, _)| *s);
                // rustc says `error:` itself.
                let text = sources.render(std::slice::from_ref(d));
                error(span, text.strip_prefix("error: ").unwrap_or(&text).trim_end())
            });
            quote!(#(#errors)*)
        }
    }
}

#[cfg(test)]
mod tests;
