//! The expansion is the CLI's output: for every definition in schemas/ and
//! examples/, the tokens of `include!` are those of the Rust module that
//! `generate` writes for the whole registry.

use std::path::{Path, PathBuf};

use super::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lit(s: &str) -> LitStr {
    LitStr::new(s, Span::call_site())
}

/// Every `.maptype` under `dir`, recursively.
fn definitions(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            definitions(&p, out);
        } else if p.extension().is_some_and(|e| e == "maptype") {
            out.push(p);
        }
    }
}

#[test]
fn expansion_is_the_generated_module_for_every_definition() {
    let root = root();
    let mut defs = Vec::new();
    definitions(&root.join("schemas"), &mut defs);
    let core = defs.clone();
    definitions(&root.join("examples"), &mut defs);
    assert!(defs.len() >= 4, "{defs:?}");

    // The CLI's output: the whole registry, as `generate schemas examples/...`.
    let sel = maptype::select(&defs, None, maptype::definition_files)
        .unwrap_or_else(|_| panic!("schemas/ and examples/ check"));
    let files = maptype::generate(&sel.reg, &maptype::Target::default());
    for t in &sel.reg.types {
        let path = maptype::rust::module_path(t);
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("generate writes {path}"));
        let body: Tokens = file.content.parse().unwrap();
        let name = format_ident!("{}", t.name);
        // Both sides through syn, which fixes the spacing of punctuation.
        let want: syn::File = syn::parse2(quote!(pub mod #name { #body })).unwrap();

        let def = defs.iter().find(|d| d.ends_with(&t.source)).unwrap();
        let rel = def.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let mut args = Args { given: vec![lit(&rel)], core: Vec::new() };
        if t.private.is_some() {
            args.core = vec![lit("schemas")];
        }
        let got: syn::File = syn::parse2(expand(&args, &root)).unwrap();
        let (modules, tracking): (Vec<&syn::Item>, Vec<&syn::Item>) =
            got.items.iter().partition(|i| matches!(i, syn::Item::Mod(_)));
        assert_eq!(quote!(#(#modules)*).to_string(), quote!(#want).to_string(), "{rel}");
        // Every file read is tracked, and nothing else is expanded.
        let read = 1 + if t.private.is_some() { core.len() } else { 0 };
        assert_eq!(tracking.len(), read, "{rel}");
        assert!(tracking.iter().all(|i| quote!(#i).to_string().contains("include_bytes")), "{rel}");
    }
}

#[test]
fn several_files_are_checked_together() {
    let root = root();
    let args = Args { given: vec![lit("schemas/pal.maptype"), lit("schemas/sgt.maptype")], core: Vec::new() };
    let got = expand(&args, &root).to_string();
    assert!(got.starts_with("pub mod pal {"), "{got:.100}");
    assert!(got.contains("pub mod sgt {"));
}

#[test]
fn a_missing_file_is_named_relative_to_the_caller() {
    let args = Args { given: vec![lit("nowhere.maptype")], core: Vec::new() };
    let got = expand(&args, &root().join("macros")).to_string();
    assert!(got.contains("compile_error"), "{got}");
    assert!(got.contains("cannot find nowhere.maptype (relative to"), "{got}");
}

/// The module of a Rust-form file in examples/from_rust/ and its
/// attribute's arguments.
fn rust_form_example(name: &str) -> (Tokens, syn::ItemMod) {
    let text = std::fs::read_to_string(root().join("examples/from_rust").join(name)).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let m = file
        .items
        .into_iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) => Some(m),
            _ => None,
        })
        .unwrap();
    let attr = m.attrs.iter().find(|a| maptype_dsl::rust_form::is_mapping_type(a)).unwrap();
    let syn::Meta::List(l) = &attr.meta else { panic!("arguments") };
    (l.tokens.clone(), m)
}

/// The modules of a parsed expansion (its tracking consts left out).
fn modules(f: &syn::File) -> String {
    let m: Vec<&syn::Item> = f.items.iter().filter(|i| matches!(i, syn::Item::Mod(_))).collect();
    quote!(#(#m)*).to_string()
}

#[test]
fn the_rust_form_expands_to_the_generated_module() {
    let root = root();
    // The CLI's output for schemas/, which the Rust forms restate.
    let sel = maptype::select(&[root.join("schemas")], None, maptype::definition_files)
        .unwrap_or_else(|_| panic!("schemas/"));
    let files = maptype::generate(&sel.reg, &maptype::Target::default());
    let mut seen = 0;
    for e in std::fs::read_dir(root.join("examples/from_rust")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(ty) = name.strip_suffix(".rs") else { continue };
        let (attr, m) = rust_form_example(&name);
        let got: syn::File = syn::parse2(expand_rust_form(attr, &m, &name, &root.join("examples/from_rust"))).unwrap();
        let t = sel.reg.types.iter().find(|t| t.name == ty).unwrap();
        let file = files.iter().find(|f| f.path == maptype::rust::module_path(t)).unwrap();
        let body: Tokens = file.content.parse().unwrap();
        let ident = format_ident!("{ty}");
        let want: syn::File = syn::parse2(quote!(pub mod #ident { #body })).unwrap();
        assert_eq!(modules(&got), modules(&want), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 3, "pal, sgt and xe_iov in the Rust form");
}

#[test]
fn a_rust_form_error_is_at_its_token_with_the_checkers_text() {
    let (attr, m) = rust_form_example("xe_iov.rs");
    let text = quote!(#m).to_string().replace("exp . bar == imp . bar", "exp . bar == imp . bra");
    let m: syn::ItemMod = syn::parse_str(&text).unwrap();
    let got = expand_rust_form(attr, &m, "xe_iov.rs", &root().join("examples/from_rust")).to_string();
    assert!(got.contains("compile_error"), "{got}");
    assert!(got.contains("unknown field `bra`"), "{got}");
    assert!(got.contains("hint: did you mean `bar`?"), "{got}");
}
