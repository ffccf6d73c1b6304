//! The Rust form of a definition: a driver-private mapping type declared in
//! a Rust module, for drivers written in Rust. It lowers to the same
//! [`ast`] as the language (so the same checker, IR and backends follow);
//! only the spelling differs:
//!
//! ```text
//! /// Doc of the type.
//! #[mapping_type(name = "Title", export(to_modules("m")), private(module = "m", dir = "drivers/x"),
//!               core("../core/pal.maptype"))]         // the proc-macro's core; the CLI takes --core
//! mod NAME {
//!     struct Data {                          // data { ... }
//!         /// Doc.
//!         #[importer] pf: *mut pci_dev,       // importer pf: struct pci_dev *;
//!         #[exporter] #[opaque] #[default(NULL)] vf: *mut pci_dev,
//!         #[importer] #[exporter] bar: c_uint, // both bar: unsigned int;
//!     }
//!     #[ops(C_NAME)] trait Ops {             // exporter ops C_NAME { ... }
//!         fn map(a: *mut dma_buf_attachment) -> Result<*const x>;  // required ... or ERR_PTR
//!         #[optional] fn hint(a: *mut dma_buf_attachment);
//!     }
//!     importer!(NAME(pf, bar));              // importer NAME(pf, bar);
//!     exporter!(NAME(exp_ops => ops, vf));   // `as macro` after the parentheses
//!     extern "C" { #[header("<linux/pci.h>")] fn f(d: *mut pci_dev) -> *mut pci_dev; }
//!     #[compatible] fn rules() { require!(f(exp.vf) == imp.pf, EOPNOTSUPP); if c { ... } }
//!     #[on_match] fn keep() { keep!(imp.pf, exp.vf); }
//!     accessor!(NAME -> *mut pci_dev = vf);
//!     ops_accessor!(NAME);
//!     entry!(NAME = map, locked resv);       // or `takes resv`
//!     debugfs!(" vf %s", pci_name(vf));
//! }
//! ```
//!
//! The rest of the language, as examples/from_rust/{sgt,pal}.rs spell it:
//! a C `enum` is a Rust enum with its discriminants (a flag set is one
//! marked `#[flags]`; rules test it with `&`, `|` and `x.has(BITS)`); a field takes
//! `#[as_enum(E)]` and `#[allowed(A, B)]`; a core type's data struct names
//! its union member with `#[member(NAME)]`; a constructor's assignments
//! follow it in braces (`exporter!(N(..) { field = VALUE; })`);
//! `single_exporter!(N(op, ..))`; `legacy!(attach.FIELD = VALUE)` in the
//! on-match function; `entry!(.., export(POLICY))`; `#[c_struct(since =
//! "6.19", renamed = "phys_vec", renamed_since = "7.3")] struct`; `#[result] struct` with a counted array `NAME:
//! [ELEMENT; COUNT_FIELD]`, `#[ranges(ADDR, LEN)]` and
//! `#[invariant(...)]`s in the language's words (`each len nonzero`,
//! `no_overflow else EOVERFLOW`).
//!
//! C types are written as Rust spells them through bindgen (`*mut pci_dev`
//! is `struct pci_dev *`, `c_uint` is `unsigned int`, `usize` is `size_t`,
//! `u32` is `u32`, a `*const` pointee is `const`), or as C inside `c!(...)`
//! (`c!(enum dma_data_direction)`). Rules are Rust expressions of the
//! operators the language has.
//!
//! Doc comments go on the Rust item, or, for what is an attribute's
//! argument, inside the attribute before the argument: `#[mapping_type(
//! /// Doc of name.\n name = "T", /// Doc of export.\n export(gpl))]`, and
//! `#[invariant(/// Doc.\n nonempty)]`; an invariant block's doc is an
//! `#[invariants(/// Doc.)]` beside the array's `#[invariant]`s.
//!
//! Spans are whatever the caller maps a token's span to: byte offsets into
//! the Rust file for the CLI (`generate --from-rust`), indices of a span
//! table for the proc-macro, which reports at the token itself.

use proc_macro2::{Delimiter, Span as TokSpan, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Attribute, Expr, Token, Type};

use crate::ast::{self, BinOp, CType, Docs, Ident, Item, Role, Spanned, Stmt};
use crate::diag::{Diagnostic, Span};

/// Maps a token's span to a span of the definition.
pub type SpanMap<'a> = &'a mut dyn FnMut(TokSpan) -> Span;

/// Lowers `#[mapping_type(ARGS)] mod NAME { ... }`: `args` are the
/// attribute's arguments, `module` the module it is on.
pub fn lower(args: TokenStream, module: &syn::ItemMod, map: SpanMap) -> Result<ast::MappingType, Vec<Diagnostic>> {
    let mut l = Lower { map, errors: Vec::new() };
    let t = l.mapping_type(args, module);
    if l.errors.is_empty() {
        Ok(t)
    } else {
        Err(l.errors)
    }
}

/// Finds the modules marked `#[mapping_type(...)]` (or
/// `#[maptype::mapping_type(...)]`) at the top level of a Rust file, for
/// `generate --from-rust`, and lowers each one.
pub fn lower_file(file: &syn::File, map: SpanMap<'_>) -> Result<Vec<ast::MappingType>, Vec<Diagnostic>> {
    let mut types = Vec::new();
    let mut errors = Vec::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        let Some(attr) = m.attrs.iter().find(|a| is_mapping_type(a)) else { continue };
        let args = match &attr.meta {
            syn::Meta::List(l) => l.tokens.clone(),
            _ => TokenStream::new(),
        };
        match lower(args, m, &mut *map) {
            Ok(t) => types.push(t),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(types)
    } else {
        Err(errors)
    }
}

/// Parses a Rust file as source `file` and lowers its mapping types, with
/// spans as byte offsets into `text`.
pub fn parse_text(file: usize, text: &str) -> Result<ast::File, Vec<Diagnostic>> {
    // syn skips a leading byte-order mark and counts offsets after it; the
    // spans must count it, as the file has it.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let at = |s: TokSpan| {
        let r = s.byte_range();
        Span { file, start: r.start + bom, end: r.end + bom }
    };
    let parsed = match syn::parse_file(&text[bom..]) {
        Ok(f) => f,
        Err(e) => {
            return Err(e
                .into_iter()
                .map(|e| Diagnostic::error(at(e.span()), e.to_string()).hint("the file must be Rust that rustc parses"))
                .collect())
        }
    };
    let mut map = at;
    lower_file(&parsed, &mut map).map(|types| ast::File { types })
}

/// True for `#[mapping_type(..)]` and `#[maptype::mapping_type(..)]`.
pub fn is_mapping_type(a: &Attribute) -> bool {
    a.path().segments.last().is_some_and(|s| s.ident == "mapping_type")
}

struct Lower<'a> {
    map: SpanMap<'a>,
    errors: Vec<Diagnostic>,
}

impl Lower<'_> {
    fn span(&mut self, s: TokSpan) -> Span {
        (self.map)(s)
    }

    fn ident(&mut self, i: &syn::Ident) -> Ident {
        Spanned { node: i.to_string(), span: self.span(i.span()) }
    }

    fn err(&mut self, s: TokSpan, msg: impl Into<String>, hint: &str) {
        let span = self.span(s);
        self.errors.push(Diagnostic::error(span, msg).hint(hint));
    }

    fn syn_err(&mut self, e: syn::Error, hint: &str) {
        self.err(e.span(), e.to_string(), hint);
    }

    fn docs(&mut self, attrs: &[Attribute]) -> Docs {
        let mut docs = Vec::new();
        for a in attrs {
            if !a.path().is_ident("doc") {
                continue;
            }
            if let syn::Meta::NameValue(nv) = &a.meta {
                if let Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                    let v = s.value();
                    let span = self.span(a.span());
                    for line in v.split('\n') {
                        let text = line.strip_prefix(' ').unwrap_or(line).trim_end();
                        docs.push(Spanned { node: text.to_string(), span });
                    }
                }
            }
        }
        docs
    }

    /// Splits doc comments (`///`, which reach a macro as `#[doc = "..."]`)
    /// off the front of an attribute argument's tokens.
    fn leading_docs(&mut self, tokens: TokenStream) -> (Docs, TokenStream) {
        let mut toks: Vec<TokenTree> = tokens.into_iter().collect();
        let mut attrs = Vec::new();
        while let [TokenTree::Punct(p), TokenTree::Group(g), ..] = toks.as_slice() {
            if p.as_char() != '#' || g.delimiter() != Delimiter::Bracket {
                break;
            }
            let Ok(attr) = Attribute::parse_outer.parse2(toks[..2].iter().cloned().collect()) else { break };
            if !attr.iter().all(|a| a.path().is_ident("doc")) {
                break;
            }
            attrs.extend(attr);
            toks.drain(..2);
        }
        (self.docs(&attrs), toks.into_iter().collect())
    }

    /// The comma-separated arguments of an attribute, each with the docs in
    /// front of it; keyed by each argument's first word.
    fn documented_args(&mut self, args: TokenStream) -> (Vec<(String, Docs)>, TokenStream) {
        let mut parts: Vec<Vec<TokenTree>> = vec![Vec::new()];
        for t in args {
            match &t {
                TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Vec::new()),
                _ => parts.last_mut().expect("never empty").push(t),
            }
        }
        let mut docs = Vec::new();
        let mut rest = TokenStream::new();
        for (i, part) in parts.into_iter().enumerate() {
            let (d, toks) = self.leading_docs(part.into_iter().collect());
            let key = match toks.clone().into_iter().next() {
                Some(TokenTree::Ident(k)) => k.to_string(),
                _ => String::new(),
            };
            docs.push((key, d));
            if i > 0 {
                rest.extend([TokenTree::Punct(proc_macro2::Punct::new(',', proc_macro2::Spacing::Alone))]);
            }
            rest.extend(toks);
        }
        (docs, rest)
    }

    fn string(&mut self, s: &syn::LitStr) -> Spanned<String> {
        Spanned { node: s.value(), span: self.span(s.span()) }
    }

    fn mapping_type(&mut self, args: TokenStream, m: &syn::ItemMod) -> ast::MappingType {
        let doc = self.docs(&m.attrs);
        let name = self.ident(&m.ident);
        let span = name.span;
        let mut items = Vec::new();
        self.type_args(args, &mut items);
        match &m.content {
            None => self.err(m.ident.span(), "a mapping type's module needs a body", "write `mod NAME { ... }`"),
            Some((_, body)) => {
                for item in body {
                    self.item(item, &mut items);
                }
            }
        }
        ast::MappingType { doc, name, span, items }
    }

    /// `name = "..."`, `export(...)`, `private(module = "...", dir = "...")`.
    fn type_args(&mut self, args: TokenStream, items: &mut Vec<Item>) {
        let (arg_docs, args) = self.documented_args(args);
        let doc_of = |key: &str| arg_docs.iter().find(|(k, _)| k == key).map(|(_, d)| d.clone()).unwrap_or_default();
        let mut found = Vec::new();
        let parser = syn::meta::parser(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            let span = meta.path.span();
            match key.as_str() {
                "name" => {
                    let s: syn::LitStr = meta.value()?.parse()?;
                    found.push(TypeArg::Name(s, span));
                }
                "export" => {
                    let policy = meta.input.parse::<proc_macro2::Group>()?;
                    found.push(TypeArg::Export(policy.stream(), span));
                }
                // The proc-macro's: the core to check beside (the CLI takes --core).
                "core" => {
                    let _: Punctuated<syn::LitStr, Token![,]> = {
                        let content;
                        syn::parenthesized!(content in meta.input);
                        Punctuated::parse_terminated(&content)?
                    };
                }
                "private" => {
                    let (mut module, mut dir) = (None, None);
                    meta.parse_nested_meta(|m| {
                        let s: syn::LitStr = m.value()?.parse()?;
                        if m.path.is_ident("module") {
                            module = Some(s);
                        } else if m.path.is_ident("dir") {
                            dir = Some(s);
                        } else {
                            return Err(m.error("expected `module = \"...\"` or `dir = \"...\"`"));
                        }
                        Ok(())
                    })?;
                    match (module, dir) {
                        (Some(m), Some(d)) => found.push(TypeArg::Private(m, d, span)),
                        _ => return Err(meta.error("`private` takes `module = \"...\", dir = \"drivers/...\"`")),
                    }
                }
                _ => return Err(meta.error("expected `name = \"...\"`, `export(...)` or `private(...)`")),
            }
            Ok(())
        });
        if let Err(e) = parser.parse2(args) {
            self.syn_err(
                e,
                "e.g. `#[mapping_type(name = \"Title\", export(gpl), private(module = \"m\", dir = \"drivers/m\"))]`",
            );
        }
        for a in found {
            match a {
                TypeArg::Name(s, span) => {
                    let text = self.string(&s);
                    let span = self.span(span);
                    items.push(Item::Title { doc: doc_of("name"), text, span });
                }
                TypeArg::Export(tokens, span) => {
                    if let Some(policy) = self.export_policy(tokens) {
                        let span = self.span(span);
                        items.push(Item::Export { doc: doc_of("export"), policy, span });
                    }
                }
                TypeArg::Private(m, d, span) => {
                    let (module, dir) = (self.string(&m), self.string(&d));
                    let span = self.span(span);
                    items.push(Item::Private { doc: doc_of("private"), module, dir, span });
                }
            }
        }
    }

    /// `gpl`, `ns("NS")`, `to_modules("a", "b")` or `local`.
    fn export_policy(&mut self, tokens: TokenStream) -> Option<ast::ExportPolicy> {
        let parsed = (|input: ParseStream| {
            let kind: syn::Ident = input.parse()?;
            let strings = if input.is_empty() {
                Vec::new()
            } else {
                let content;
                syn::parenthesized!(content in input);
                Punctuated::<syn::LitStr, Token![,]>::parse_terminated(&content)?.into_iter().collect()
            };
            Ok((kind, strings))
        })
        .parse2(tokens);
        let hint = "write `export(gpl)`, `export(ns(\"NS\"))`, `export(to_modules(\"a\", \"b\"))` or `export(local)`";
        match parsed {
            Ok((kind, strings)) => match (kind.to_string().as_str(), strings.as_slice()) {
                ("gpl", []) => Some(ast::ExportPolicy::Gpl(self.span(kind.span()))),
                ("local", []) => Some(ast::ExportPolicy::Local(self.span(kind.span()))),
                ("ns", [ns]) => Some(ast::ExportPolicy::Namespace(self.string(ns))),
                ("to_modules", [_, ..]) => {
                    Some(ast::ExportPolicy::Modules(strings.iter().map(|s| self.string(s)).collect()))
                }
                _ => {
                    self.err(kind.span(), "not an export policy", hint);
                    None
                }
            },
            Err(e) => {
                self.syn_err(e, hint);
                None
            }
        }
    }

    fn item(&mut self, item: &syn::Item, items: &mut Vec<Item>) {
        match item {
            // Names the declaration refers to (bindings, `c!`) may be imported.
            syn::Item::Use(_) => {}
            syn::Item::Enum(e) => self.enumeration(e, items),
            syn::Item::Struct(s) if has(&s.attrs, "c_struct") => self.c_struct(s, items),
            syn::Item::Struct(s) if has(&s.attrs, "result") => self.result(s, items),
            syn::Item::Struct(s) => self.data(s, items),
            syn::Item::Trait(t) => self.ops(t, items),
            syn::Item::ForeignMod(f) => self.externs(f, items),
            syn::Item::Fn(f) => self.rule_fn(f, items),
            syn::Item::Macro(m) => self.item_macro(m, items),
            other => self.err(
                other.span(),
                "not an item of a mapping type",
                "a mapping type's module holds a data struct, C enums, `#[c_struct]` and `#[result]` structs, an ops trait, `extern \"C\"` helpers, rule functions and item macros (`importer!`, `exporter!`, `single_exporter!`, `accessor!`, `ops_accessor!`, `entry!`, `debugfs!`)",
            ),
        }
    }

    fn data(&mut self, s: &syn::ItemStruct, items: &mut Vec<Item>) {
        let doc = self.docs(&s.attrs);
        let span = self.span(s.ident.span());
        let name = match s.attrs.iter().find(|a| a.path().is_ident("member")).map(|a| a.parse_args::<syn::Ident>()) {
            Some(Ok(m)) => Some(self.ident(&m)),
            Some(Err(e)) => {
                self.syn_err(e, "write `#[member(NAME_data)]`: the data's member of the match union");
                None
            }
            None => None,
        };
        let mut fields = Vec::new();
        for f in &s.fields {
            let Some(name) = &f.ident else {
                self.err(f.span(), "match data fields have names", "write `#[importer] name: TYPE`");
                continue;
            };
            let fdoc = self.docs(&f.attrs);
            let (mut imp, mut exp, mut opaque, mut default) = (false, false, false, None);
            let (mut enum_of, mut allowed) = (None, Vec::new());
            for a in &f.attrs {
                let key = a.path().get_ident().map(|i| i.to_string()).unwrap_or_default();
                match key.as_str() {
                    "doc" => {}
                    "importer" => imp = true,
                    "exporter" => exp = true,
                    "opaque" => opaque = true,
                    "as_enum" => match a.parse_args::<syn::Ident>() {
                        Ok(e) => enum_of = Some(self.ident(&e)),
                        Err(e) => self.syn_err(e, "write `#[as_enum(ENUM)]`"),
                    },
                    "allowed" => match a.parse_args_with(Punctuated::<syn::Ident, Token![,]>::parse_terminated) {
                        Ok(vals) => allowed = vals.iter().map(|v| self.ident(v)).collect(),
                        Err(e) => self.syn_err(e, "write `#[allowed(VALUE, ...)]`"),
                    },
                    "default" => match a.parse_args::<Expr>() {
                        Ok(v) => default = self.value(&v),
                        Err(e) => self.syn_err(e, "e.g. `#[default(NULL)]`"),
                    },
                    _ => self.err(
                        a.span(),
                        format!("`#[{key}]` is not a field attribute"),
                        "fields take `#[importer]`, `#[exporter]` (both: the two), `#[opaque]`, `#[default(V)]`, `#[as_enum(E)]`, `#[allowed(V, ...)]`",
                    ),
                }
            }
            let role = match (imp, exp) {
                (true, true) => Role::Both,
                (true, false) => Role::Importer,
                (false, true) => Role::Exporter,
                (false, false) => {
                    self.err(
                        name.span(),
                        format!("field `{name}` has no role"),
                        "mark it `#[importer]`, `#[exporter]`, or both",
                    );
                    Role::Both
                }
            };
            let Some(ty) = self.ctype(&f.ty) else { continue };
            let fspan = self.span(name.span());
            fields.push(ast::FieldDef {
                doc: fdoc,
                role,
                opaque,
                name: self.ident(name),
                ty,
                enum_of,
                allowed,
                default,
                span: fspan,
            });
        }
        items.push(Item::Data(ast::DataDef { doc, name, fields, span }));
    }

    fn ops(&mut self, t: &syn::ItemTrait, items: &mut Vec<Item>) {
        let doc = self.docs(&t.attrs);
        let Some(attr) = t.attrs.iter().find(|a| a.path().is_ident("ops")) else {
            self.err(
                t.ident.span(),
                "an ops trait names its C struct",
                "write `#[ops(dma_buf_mapping_NAME_exp_ops)]` on the trait",
            );
            return;
        };
        let name = match attr.parse_args::<syn::Ident>() {
            Ok(n) => self.ident(&n),
            Err(e) => return self.syn_err(e, "write `#[ops(dma_buf_mapping_NAME_exp_ops)]`"),
        };
        let span = name.span;
        let mut ops = Vec::new();
        for ti in &t.items {
            let syn::TraitItem::Fn(f) = ti else {
                self.err(ti.span(), "an ops trait holds only ops", "write each op as `fn NAME(PARAMS) -> RET;`");
                continue;
            };
            let doc = self.docs(&f.attrs);
            let required = !f.attrs.iter().any(|a| a.path().is_ident("optional"));
            let (params, ret) = self.signature(&f.sig);
            let name = self.ident(&f.sig.ident);
            let span = name.span;
            // `#[undoes(OP)]`
            let undoes =
                match f.attrs.iter().find(|a| a.path().is_ident("undoes")).map(|a| a.parse_args::<syn::Ident>()) {
                    Some(Ok(op)) => Some(self.ident(&op)),
                    Some(Err(e)) => {
                        self.syn_err(e, "write `#[undoes(OP)]` with the op this one reverses");
                        None
                    }
                    None => None,
                };
            ops.push(ast::OpDef { doc, required, name, params, ret, undoes, span });
        }
        items.push(Item::Ops(ast::OpsDef { doc, name, ops, span }));
    }

    fn signature(&mut self, sig: &syn::Signature) -> (Vec<ast::Param>, Option<ast::Ret>) {
        let mut params = Vec::new();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(pt) => {
                    let syn::Pat::Ident(pi) = &*pt.pat else {
                        self.err(pt.pat.span(), "a parameter is a name", "write `name: TYPE`");
                        continue;
                    };
                    if let Some(ty) = self.ctype(&pt.ty) {
                        params.push(ast::Param { name: self.ident(&pi.ident), ty });
                    }
                }
                syn::FnArg::Receiver(r) => self.err(
                    r.span(),
                    "ops and helpers take no `self`",
                    "the C op's first parameter is `attach: *mut dma_buf_attachment`",
                ),
            }
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, ty) => match result_of(ty) {
                // `Result` or `Result<()>`: an `int`, 0 or a negative errno.
                Some(None) => {
                    let span = self.span(ty.span());
                    let failure = Some(Spanned { node: ast::Failure::Errno, span });
                    let ty = CType { is_const: false, tag: None, base: "int".into(), pointers: Vec::new(), span };
                    Some(ast::Ret { ty, failure })
                }
                Some(Some(inner)) => {
                    let span = self.span(ty.span());
                    let failure = Some(Spanned { node: ast::Failure::ErrPtr, span });
                    self.ctype(inner).map(|ty| ast::Ret { ty, failure })
                }
                None => self.ctype(ty).map(|ty| ast::Ret { ty, failure: None }),
            },
        };
        (params, ret)
    }

    fn externs(&mut self, f: &syn::ItemForeignMod, items: &mut Vec<Item>) {
        for fi in &f.items {
            let syn::ForeignItem::Fn(func) = fi else {
                self.err(
                    fi.span(),
                    "an `extern \"C\"` block holds functions",
                    "declare each C function the rules call",
                );
                continue;
            };
            let doc = self.docs(&func.attrs);
            let header = func.attrs.iter().find(|a| a.path().is_ident("header")).map(|a| a.parse_args::<syn::LitStr>());
            let header = match header {
                Some(Ok(h)) => {
                    let v = h.value();
                    let inner = v.strip_prefix('<').and_then(|v| v.strip_suffix('>')).unwrap_or(&v).to_string();
                    Spanned { node: inner, span: self.span(h.span()) }
                }
                Some(Err(e)) => {
                    self.syn_err(e, "write `#[header(\"<linux/x.h>\")]`");
                    continue;
                }
                None => {
                    self.err(
                        func.sig.ident.span(),
                        format!("extern `{}` names no header", func.sig.ident),
                        "add `#[header(\"<linux/x.h>\")]`",
                    );
                    continue;
                }
            };
            let (params, ret) = self.signature(&func.sig);
            let name = self.ident(&func.sig.ident);
            let span = name.span;
            items.push(Item::Extern(ast::ExternDef { doc, name, params, ret, header, span }));
        }
    }

    /// `#[compatible] fn ..() { .. }` or `#[on_match] fn ..() { .. }`.
    fn rule_fn(&mut self, f: &syn::ItemFn, items: &mut Vec<Item>) {
        let doc = self.docs(&f.attrs);
        let span = self.span(f.sig.ident.span());
        if f.attrs.iter().any(|a| a.path().is_ident("compatible")) {
            let body = self.block(&f.block);
            items.push(Item::Compatible { doc, body, span });
        } else if f.attrs.iter().any(|a| a.path().is_ident("on_match")) {
            let mut body = Vec::new();
            for s in &f.block.stmts {
                match mac_of(s) {
                    Some(m) if m.path.is_ident("keep") => {
                        match Punctuated::<Expr, Token![,]>::parse_terminated.parse2(m.tokens.clone()) {
                            Ok(paths) => {
                                let paths = paths.iter().filter_map(|e| self.path(e)).collect();
                                body.push(ast::OnMatchStmt::Keep(paths));
                            }
                            Err(e) => self.syn_err(e, "write `keep!(imp.FIELD, exp.FIELD);`"),
                        }
                    }
                    Some(m) if m.path.is_ident("legacy") => match syn::parse2::<Expr>(m.tokens.clone()) {
                        Ok(Expr::Assign(a)) => {
                            let span = self.span(m.path.span());
                            if let (Some(target), Some(value)) = (self.path(&a.left), self.expr(&a.right)) {
                                body.push(ast::OnMatchStmt::Legacy { target, value, span });
                            }
                        }
                        Ok(other) => self.err(
                            other.span(),
                            "a legacy assignment sets a field of the attachment",
                            "write `legacy!(attach.FIELD = VALUE);`",
                        ),
                        Err(e) => self.syn_err(e, "write `legacy!(attach.FIELD = VALUE);`"),
                    },
                    _ => self.err(
                        s.span(),
                        "not an on-match statement",
                        "write `keep!(imp.FIELD, exp.FIELD);` or `legacy!(attach.FIELD = VALUE);`",
                    ),
                }
            }
            items.push(Item::OnMatch { doc, body, span });
        } else {
            self.err(f.sig.ident.span(), "a function here is a rule", "mark it `#[compatible]` or `#[on_match]`");
        }
    }

    fn block(&mut self, b: &syn::Block) -> Vec<Stmt> {
        let mut out = Vec::new();
        for s in &b.stmts {
            match s {
                syn::Stmt::Expr(Expr::If(i), _) => {
                    if let Some((_, e)) = &i.else_branch {
                        self.err(e.span(), "a rule's `if` has no `else`", "state the other case as its own `if`");
                    }
                    let doc = self.docs(&i.attrs);
                    let span = self.span(i.if_token.span);
                    if let Some(cond) = self.expr(&i.cond) {
                        let body = self.block(&i.then_branch);
                        out.push(Stmt::When { doc, cond, body, span });
                    }
                }
                _ => match mac_of(s) {
                    Some(m) if m.path.is_ident("require") => {
                        let doc = self.docs(&m_attrs(s));
                        let span = self.span(m.path.span());
                        match Punctuated::<Expr, Token![,]>::parse_terminated.parse2(m.tokens.clone()) {
                            Ok(args) => {
                                let args: Vec<&Expr> = args.iter().collect();
                                let hint = "write `require!(CONDITION, ERRNO)` or `require!(CONDITION, warn, ERRNO)`";
                                let (cond, warn, errno) = match args.as_slice() {
                                    [c, e] => (c, false, e),
                                    [c, Expr::Path(w), e] if w.path.is_ident("warn") => (c, true, e),
                                    _ => {
                                        self.err(m.path.span(), "`require!` takes a condition and an errno", hint);
                                        continue;
                                    }
                                };
                                let Some(errno) = path_ident(errno) else {
                                    self.err(errno.span(), "an errno is a name", "e.g. `EOPNOTSUPP`");
                                    continue;
                                };
                                let errno = self.ident(errno);
                                if let Some(cond) = self.expr(cond) {
                                    out.push(Stmt::Require { doc, cond, warn, errno, span });
                                }
                            }
                            Err(e) => self.syn_err(e, "write `require!(CONDITION, ERRNO)`"),
                        }
                    }
                    _ => self.err(
                        s.span(),
                        "not a rule",
                        "rules are `require!(CONDITION, ERRNO);` and `if CONDITION { ... }`",
                    ),
                },
            }
        }
        out
    }

    fn item_macro(&mut self, m: &syn::ItemMacro, items: &mut Vec<Item>) {
        let doc = self.docs(&m.attrs);
        let key = m.mac.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        let at = m.mac.path.span();
        let tokens = m.mac.tokens.clone();
        let result: syn::Result<()> = match key.as_str() {
            "importer" | "exporter" => (|input: ParseStream| {
                let name: syn::Ident = input.parse()?;
                let content;
                syn::parenthesized!(content in input);
                let params = Punctuated::<CtorArg, Token![,]>::parse_terminated(&content)?;
                let as_macro = if input.peek(Token![as]) {
                    input.parse::<Token![as]>()?;
                    input.parse::<Token![macro]>()?;
                    true
                } else {
                    false
                };
                let mut assigns = Vec::new();
                if !input.is_empty() {
                    let body;
                    syn::braced!(body in input);
                    while !body.is_empty() {
                        let field: syn::Ident = body.parse()?;
                        body.parse::<Token![=]>()?;
                        let value: Expr = body.parse()?;
                        body.parse::<Token![;]>()?;
                        assigns.push((field, value));
                    }
                }
                Ok((name, params, as_macro, assigns))
            })
            .parse2(tokens)
            .map(|(name, params, as_macro, assigns)| {
                let assigns = assigns.iter().filter_map(|(f, v)| Some((self.ident(f), self.value(v)?))).collect();
                let name = self.ident(&name);
                let span = name.span;
                let params = params
                    .iter()
                    .map(|p| ast::CtorParam {
                        name: self.ident(&p.name),
                        ty: p.ty.as_ref().and_then(|t| self.ctype(t)),
                        target: p.target.as_ref().map(|t| self.ident(t)),
                    })
                    .collect();
                let ctor = ast::CtorDef { doc, name, params, as_macro, assigns, span };
                items.push(if key == "importer" { Item::Importer(ctor) } else { Item::Exporter(ctor) });
            }),
            "accessor" => (|input: ParseStream| {
                let name: syn::Ident = input.parse()?;
                input.parse::<Token![->]>()?;
                let ty: Type = input.parse()?;
                input.parse::<Token![=]>()?;
                let value: Expr = input.parse()?;
                Ok((name, ty, value))
            })
            .parse2(tokens)
            .map(|(name, ty, value)| {
                let name = self.ident(&name);
                let span = name.span;
                if let (Some(ty), Some(value)) = (self.ctype(&ty), self.expr(&value)) {
                    items.push(Item::Accessor { doc, name, ty, value, span });
                }
            }),
            "ops_accessor" => syn::parse2::<syn::Ident>(tokens).map(|name| {
                let name = self.ident(&name);
                let span = name.span;
                items.push(Item::OpsAccessor { doc, name, span });
            }),
            "entry" => (|input: ParseStream| {
                let name: syn::Ident = input.parse()?;
                input.parse::<Token![=]>()?;
                let op: syn::Ident = input.parse()?;
                let (mut lock, mut export, mut body) = (None, None, None);
                loop {
                    if input.peek(syn::token::Brace) {
                        let g: proc_macro2::Group = input.parse()?;
                        body = Some(entry_body.parse2(g.stream())?);
                        break;
                    }
                    if input.parse::<Option<Token![,]>>()?.is_none() {
                        break;
                    }
                    let kw: syn::Ident = input.parse()?;
                    if kw == "export" {
                        let policy: proc_macro2::Group = input.parse()?;
                        export = Some((policy.stream(), kw.span()));
                        continue;
                    }
                    let resv: syn::Ident = input.parse()?;
                    let l = match kw.to_string().as_str() {
                        "locked" => ast::Lock::Held,
                        "takes" => ast::Lock::Takes,
                        _ => {
                            return Err(syn::Error::new(
                                kw.span(),
                                "expected `locked resv`, `takes resv` or `export(POLICY)`",
                            ))
                        }
                    };
                    if resv != "resv" {
                        return Err(syn::Error::new(resv.span(), "expected `resv`"));
                    }
                    lock = Some((l, kw.span()));
                }
                Ok((name, op, lock, export, body.unwrap_or_default()))
            })
            .parse2(tokens)
            .map(|(name, op, lock, export, body)| {
                let name = self.ident(&name);
                let span = name.span;
                let op = self.ident(&op);
                let lock = lock.map(|(l, s)| Spanned { node: l, span: self.span(s) });
                let export = export.and_then(|(policy, at)| Some((self.export_policy(policy)?, self.span(at))));
                let (binds, preconditions) = self.entry_stmts(body);
                items.push(Item::Entry(ast::EntryDef { doc, name, op, lock, export, binds, preconditions, span }));
            }),
            "debugfs" => (|input: ParseStream| {
                let format: syn::LitStr = input.parse()?;
                let mut args = Vec::new();
                while input.parse::<Option<Token![,]>>()?.is_some() {
                    if input.is_empty() {
                        break;
                    }
                    args.push(input.parse::<Expr>()?);
                }
                Ok((format, args))
            })
            .parse2(tokens)
            .map(|(format, args)| {
                let format = self.string(&format);
                let span = format.span;
                let args = args.iter().filter_map(|a| self.expr(a)).collect();
                items.push(Item::Debugfs { doc, format, args, span });
            }),
            "single_exporter" => (|input: ParseStream| {
                let name: syn::Ident = input.parse()?;
                let content;
                syn::parenthesized!(content in input);
                Ok((name, Punctuated::<syn::Ident, Token![,]>::parse_terminated(&content)?))
            })
            .parse2(tokens)
            .map(|(name, ops)| {
                let name = self.ident(&name);
                let span = name.span;
                let ops = ops.iter().map(|o| self.ident(o)).collect();
                items.push(Item::SingleExporter { doc, name, ops, span });
            }),
            _ => {
                self.err(
                    at,
                    format!("`{key}!` is not an item of a mapping type"),
                    "expected `importer!`, `exporter!`, `single_exporter!`, `accessor!`, `ops_accessor!`, `entry!` or `debugfs!`",
                );
                Ok(())
            }
        };
        if let Err(e) = result {
            self.syn_err(e, &format!("see the form of `{key}!` in the Rust form's documentation"));
        }
    }

    /// An integer or a name (a constructor's assignment, a default).
    fn value(&mut self, e: &Expr) -> Option<ast::Value> {
        match e {
            Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => {
                Some(ast::Value::Int(Spanned { node: i.to_string(), span: self.span(i.span()) }))
            }
            Expr::Path(p) if p.path.get_ident().is_some() => Some(ast::Value::Name(self.ident(p.path.get_ident()?))),
            _ => {
                self.err(e.span(), "a value is an integer or a name", "e.g. `0` or `DMA_SGT_NO_P2P`");
                None
            }
        }
    }

    fn enumeration(&mut self, e: &syn::ItemEnum, items: &mut Vec<Item>) {
        let doc = self.docs(&e.attrs);
        let name = self.ident(&e.ident);
        let span = name.span;
        let mut values = Vec::new();
        for v in &e.variants {
            if !matches!(v.fields, syn::Fields::Unit) {
                self.err(v.span(), "a C enumerator holds no fields", "write `NAME` or `NAME = INTEGER`");
                continue;
            }
            let value = match &v.discriminant {
                None => None,
                Some((_, Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }))) => {
                    Some(Spanned { node: i.to_string(), span: self.span(i.span()) })
                }
                Some((_, other)) => {
                    self.err(other.span(), "an enumerator's value is an integer", "write `NAME = INTEGER`");
                    None
                }
            };
            values.push(ast::Enumerator { doc: self.docs(&v.attrs), name: self.ident(&v.ident), value });
        }
        let flags = has(&e.attrs, "flags");
        items.push(Item::Enum(ast::EnumDef { doc, name, flags, values, span }));
    }

    /// `#[c_struct]` (or `#[c_struct(since = "6.19")]`): a C struct the
    /// generated header defines where the kernel lacks it;
    /// `#[c_struct(from = "pal")]` restates one another type defines.
    fn c_struct(&mut self, s: &syn::ItemStruct, items: &mut Vec<Item>) {
        let doc = self.docs(&s.attrs);
        let name = self.ident(&s.ident);
        let span = name.span;
        let (mut since, mut from, mut renamed, mut renamed_since) = (None, None, None, None);
        let attr = s.attrs.iter().find(|a| a.path().is_ident("c_struct")).expect("the caller checked");
        if let syn::Meta::List(_) = &attr.meta {
            let parsed = attr.parse_nested_meta(|m| {
                if m.path.is_ident("since") {
                    since = Some(m.value()?.parse::<syn::LitStr>()?);
                    Ok(())
                } else if m.path.is_ident("from") {
                    from = Some(m.value()?.parse::<syn::LitStr>()?);
                    Ok(())
                } else if m.path.is_ident("renamed") {
                    renamed = Some(m.value()?.parse::<syn::LitStr>()?);
                    Ok(())
                } else if m.path.is_ident("renamed_since") {
                    renamed_since = Some(m.value()?.parse::<syn::LitStr>()?);
                    Ok(())
                } else {
                    Err(m.error("expected `since`, `renamed`, `renamed_since` or `from`"))
                }
            });
            if let Err(e) = parsed {
                self.syn_err(e, "write `#[c_struct(since = \"6.19\")]` or `#[c_struct(from = \"pal\")]`");
            }
        }
        let since = since.map(|v| self.string(&v));
        let from = from.map(|v| self.string(&v));
        let renamed = match (renamed, renamed_since) {
            (Some(n), Some(v)) => Some((self.string(&n), self.string(&v))),
            (None, None) => None,
            (Some(x), None) | (None, Some(x)) => {
                self.err(
                    x.span(),
                    "`renamed` and `renamed_since` go together",
                    "write `#[c_struct(renamed = \"phys_vec\", renamed_since = \"7.3\")]`",
                );
                None
            }
        };
        let mut fields = Vec::new();
        for f in &s.fields {
            let Some(fname) = &f.ident else { continue };
            if let Some(ty) = self.ctype(&f.ty) {
                fields.push((self.docs(&f.attrs), self.ident(fname), ty));
            }
        }
        items.push(Item::Struct(ast::StructDef { doc, name, since, renamed, from, fields, span }));
    }

    /// `#[result]`: what an op returns, with its counted array
    /// (`NAME: [ELEMENT; COUNT_FIELD]`, `#[ranges(ADDR, LEN)]`) and the
    /// array's `#[invariant(...)]`s, in the language's words.
    fn result(&mut self, s: &syn::ItemStruct, items: &mut Vec<Item>) {
        let doc = self.docs(&s.attrs);
        let name = self.ident(&s.ident);
        let span = name.span;
        let (mut fields, mut invariants) = (Vec::new(), Vec::new());
        for f in &s.fields {
            let Some(fname) = &f.ident else { continue };
            let fdoc = self.docs(&f.attrs);
            let (ty, counted_by) = match &f.ty {
                Type::Array(a) => match path_ident(&a.len) {
                    Some(count) => (self.ctype(&a.elem), Some(self.ident(count))),
                    None => {
                        self.err(
                            a.len.span(),
                            "a counted array is counted by a field",
                            "write `NAME: [ELEMENT; COUNT_FIELD]`",
                        );
                        continue;
                    }
                },
                ty => (self.ctype(ty), None),
            };
            let mut ranges = None;
            let mut block = Vec::new();
            let mut block_doc = Vec::new();
            for a in &f.attrs {
                if a.path().is_ident("ranges") {
                    match a.parse_args_with(Punctuated::<syn::Ident, Token![,]>::parse_terminated) {
                        Ok(p) if p.len() == 2 => ranges = Some((self.ident(&p[0]), self.ident(&p[1]))),
                        Ok(_) => {
                            self.err(a.span(), "`ranges` names two element fields", "write `#[ranges(ADDR, LEN)]`")
                        }
                        Err(e) => self.syn_err(e, "write `#[ranges(ADDR, LEN)]`"),
                    }
                } else if a.path().is_ident("invariants") {
                    match &a.meta {
                        syn::Meta::List(l) => {
                            let (d, rest) = self.leading_docs(l.tokens.clone());
                            if !rest.is_empty() {
                                self.err(
                                    rest.span(),
                                    "`#[invariants]` holds only the block's doc",
                                    "write each check as `#[invariant(...)]`",
                                );
                            }
                            block_doc.extend(d);
                        }
                        _ => self.err(
                            a.span(),
                            "`#[invariants]` holds the block's doc",
                            "e.g. `#[invariants(/// Why.)]`",
                        ),
                    }
                } else if a.path().is_ident("invariant") {
                    match &a.meta {
                        syn::Meta::List(l) => {
                            let (d, rest) = self.leading_docs(l.tokens.clone());
                            if let Some(inv) = self.invariant(rest, a.span()) {
                                block.push(ast::InvariantDef { doc: d, ..inv });
                            }
                        }
                        _ => self.err(a.span(), "an invariant says what holds", "e.g. `#[invariant(nonempty)]`"),
                    }
                }
            }
            if !block.is_empty() {
                let iname = self.ident(fname);
                let ispan = iname.span;
                invariants.push(ast::InvariantBlock { doc: block_doc, array: iname, items: block, span: ispan });
            }
            let Some(ty) = ty else { continue };
            fields.push(ast::ResultField { doc: fdoc, name: self.ident(fname), ty, counted_by, ranges });
        }
        items.push(Item::Result(ast::ResultDef { doc, name, fields, invariants, span }));
    }

    /// One invariant, as the language writes it: `nonempty`, `count <= PATH /
    /// UNIT`, `each FIELD nonzero`, `each FIELD aligned UNIT`, `no_overflow`,
    /// `no_overlap`, `total == PATH`; then optionally `else ERRNO`.
    fn invariant(&mut self, tokens: TokenStream, at: TokSpan) -> Option<ast::InvariantDef> {
        let hint = "write `nonempty`, `count <= dmabuf.size / UNIT`, `each FIELD nonzero`, `each FIELD aligned UNIT`, \
                    `no_overflow`, `no_overlap` or `total == dmabuf.size`, then optionally `else ERRNO`";
        let parsed = (|input: ParseStream| {
            let kw: syn::Ident = input.parse()?;
            let kind = match kw.to_string().as_str() {
                "nonempty" => Kind::Nonempty,
                "no_overflow" => Kind::NoOverflow,
                "no_overlap" => Kind::NoOverlap,
                "count" => {
                    input.parse::<Token![<=]>()?;
                    let e: Expr = input.parse()?;
                    match e {
                        Expr::Binary(syn::ExprBinary { left, op: syn::BinOp::Div(_), right, .. }) => {
                            Kind::CountMax(left, right)
                        }
                        other => return Err(syn::Error::new(other.span(), "expected `TOTAL / UNIT`")),
                    }
                }
                "total" => {
                    input.parse::<Token![==]>()?;
                    Kind::Total(Box::new(input.parse::<Expr>()?))
                }
                "each" => {
                    let field: syn::Ident = input.parse()?;
                    let what: syn::Ident = input.parse()?;
                    match what.to_string().as_str() {
                        "nonzero" => Kind::EachNonzero(field),
                        "aligned" => Kind::EachAligned(field, input.parse()?),
                        _ => return Err(syn::Error::new(what.span(), "expected `nonzero` or `aligned UNIT`")),
                    }
                }
                _ => return Err(syn::Error::new(kw.span(), "not an invariant")),
            };
            let errno = if input.parse::<Option<Token![else]>>()?.is_some() {
                Some(input.parse::<syn::Ident>()?)
            } else {
                None
            };
            if !input.is_empty() {
                return Err(input.error("unexpected tokens after the invariant"));
            }
            Ok((kind, errno))
        })
        .parse2(tokens);
        let (kind, errno) = match parsed {
            Ok(k) => k,
            Err(e) => {
                self.syn_err(e, hint);
                return None;
            }
        };
        let kind = match kind {
            Kind::Nonempty => ast::InvariantKind::Nonempty,
            Kind::NoOverflow => ast::InvariantKind::NoOverflow,
            Kind::NoOverlap => ast::InvariantKind::NoOverlap,
            Kind::CountMax(total, unit) => {
                let total = self.path(&total)?;
                let Some(unit) = path_ident(&unit) else {
                    self.err(unit.span(), "a unit is a name", "e.g. `PAGE_SIZE`");
                    return None;
                };
                ast::InvariantKind::CountMax { total, unit: self.ident(unit) }
            }
            Kind::Total(total) => ast::InvariantKind::Total(self.path(&total)?),
            Kind::EachNonzero(f) => ast::InvariantKind::EachNonzero(self.ident(&f)),
            Kind::EachAligned(f, unit) => ast::InvariantKind::EachAligned(self.ident(&f), self.ident(&unit)),
        };
        let errno = errno.map(|e| self.ident(&e));
        Some(ast::InvariantDef { doc: Vec::new(), kind, errno, span: self.span(at) })
    }

    /// An `entry!` body's statements, as the language has them.
    fn entry_stmts(&mut self, stmts: Vec<EntryStmt>) -> (Vec<ast::Bind>, Vec<ast::PreconditionDef>) {
        let (mut binds, mut pres) = (Vec::new(), Vec::new());
        for s in stmts {
            match s {
                EntryStmt::Bind { at, param, field } => {
                    let span = self.span(at);
                    let param = self.ident(&param);
                    let field = field.map(|f| self.ident(&f));
                    binds.push(ast::Bind { doc: Vec::new(), param, field, span });
                }
                EntryStmt::Require { at, param, check, errno } => {
                    let span = self.span(at);
                    let param = self.ident(&param);
                    let check = match check {
                        RawPreCheck::Aligned(unit) => ast::PreCheck::Aligned(self.ident(&unit)),
                        RawPreCheck::Compare(op, e)
                            if matches!(&*e, Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(_), .. })) =>
                        {
                            let Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) = &*e else { continue };
                            let value = ast::PreValue::Int(i.base10_digits().to_string());
                            ast::PreCheck::Compare(op, Spanned { node: value, span: self.span(i.span()) })
                        }
                        RawPreCheck::Compare(op, e) => {
                            let Some(p) = self.path(&e) else { continue };
                            let vspan = p.span;
                            ast::PreCheck::Compare(op, Spanned { node: ast::PreValue::Path(p), span: vspan })
                        }
                    };
                    let errno = self.ident(&errno);
                    pres.push(ast::PreconditionDef { doc: Vec::new(), param, check, errno, span });
                }
            }
        }
        (binds, pres)
    }

    fn path(&mut self, e: &Expr) -> Option<ast::Path> {
        let mut parts = Vec::new();
        let mut cur = e;
        loop {
            match cur {
                Expr::Field(f) => {
                    let syn::Member::Named(n) = &f.member else { break };
                    parts.push(self.ident(n));
                    cur = &f.base;
                }
                Expr::Path(p) if p.path.get_ident().is_some() => {
                    parts.push(self.ident(p.path.get_ident().expect("checked")));
                    parts.reverse();
                    let span = parts[0].span.to(parts[parts.len() - 1].span);
                    return Some(ast::Path { parts, span });
                }
                _ => break,
            }
        }
        self.err(e.span(), "expected a name or a field path", "e.g. `imp.pf` or `vf`");
        None
    }

    fn expr(&mut self, e: &Expr) -> Option<ast::Expr> {
        match e {
            Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => {
                Some(ast::Expr::Int(Spanned { node: i.to_string(), span: self.span(i.span()) }))
            }
            Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) => Some(ast::Expr::Path(ast::Path {
                parts: vec![self.ident(&syn::Ident::new(if b.value { "true" } else { "false" }, b.span))],
                span: self.span(b.span),
            })),
            Expr::Path(_) | Expr::Field(_) => self.path(e).map(ast::Expr::Path),
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
                let span = self.span(u.op.span());
                self.expr(&u.expr).map(|x| ast::Expr::Not(Box::new(x), span))
            }
            Expr::Call(c) => {
                let Some(func) = path_ident(&c.func) else {
                    self.err(c.func.span(), "a call names an extern", "declare it in `extern \"C\" { ... }`");
                    return None;
                };
                let func = self.ident(func);
                let span = func.span;
                let args: Vec<Option<ast::Expr>> = c.args.iter().map(|a| self.expr(a)).collect();
                let args = args.into_iter().collect::<Option<Vec<_>>>()?;
                Some(ast::Expr::Call { func, args, span })
            }
            // `x.has(BITS)`: the language's `x has BITS`.
            Expr::MethodCall(m) if m.method == "has" && m.args.len() == 1 => {
                let span = self.span(m.method.span());
                let (lhs, rhs) = (self.expr(&m.receiver), self.expr(&m.args[0]));
                Some(ast::Expr::Binary { op: BinOp::Has, lhs: Box::new(lhs?), rhs: Box::new(rhs?), span })
            }
            Expr::Binary(b) => {
                let op = match b.op {
                    syn::BinOp::Or(_) => BinOp::Or,
                    syn::BinOp::And(_) => BinOp::And,
                    syn::BinOp::Eq(_) => BinOp::Eq,
                    syn::BinOp::Ne(_) => BinOp::Ne,
                    syn::BinOp::Lt(_) => BinOp::Lt,
                    syn::BinOp::Le(_) => BinOp::Le,
                    syn::BinOp::Gt(_) => BinOp::Gt,
                    syn::BinOp::Ge(_) => BinOp::Ge,
                    syn::BinOp::BitOr(_) => BinOp::BitOr,
                    syn::BinOp::BitAnd(_) => BinOp::BitAnd,
                    _ => {
                        self.err(
                            b.op.span(),
                            "not an operator of the rules",
                            "rules compare with `== != < <= > >=`, combine with `&& || !` and test flags with `& |`",
                        );
                        return None;
                    }
                };
                let span = self.span(b.op.span());
                let (lhs, rhs) = (self.expr(&b.left), self.expr(&b.right));
                Some(ast::Expr::Binary { op, lhs: Box::new(lhs?), rhs: Box::new(rhs?), span })
            }
            _ => {
                self.err(
                    e.span(),
                    "not an expression of the rules",
                    "rules use fields, names, integers, extern calls and `== != < <= > >= && || !`",
                );
                None
            }
        }
    }

    /// A Rust type as the C type bindgen gives it, or `c!(C TYPE)`.
    fn ctype(&mut self, ty: &Type) -> Option<CType> {
        let span = self.span(ty.span());
        match ty {
            Type::Ptr(p) => {
                let mut inner = self.ctype(&p.elem)?;
                if inner.pointers.is_empty() && p.const_token.is_some() {
                    inner.is_const = true;
                } else if p.const_token.is_some() {
                    self.err(p.span(), "a `*const` pointer to a pointer", "write it as C: `c!(...)`");
                }
                inner.pointers.push(false);
                inner.span = span;
                Some(inner)
            }
            Type::Macro(m) if m.mac.path.is_ident("c") => {
                let words = c_words(m.mac.tokens.clone());
                let mut ty = CType { is_const: false, tag: None, base: String::new(), pointers: Vec::new(), span };
                let mut rest: Vec<String> = Vec::new();
                for w in words {
                    match w.as_str() {
                        "*" => ty.pointers.push(false),
                        "const" if ty.pointers.is_empty() => ty.is_const = true,
                        "struct" | "enum" | "union" if ty.tag.is_none() && rest.is_empty() => ty.tag = Some(w),
                        _ => rest.push(w),
                    }
                }
                ty.base = rest.join(" ");
                if ty.base.is_empty() {
                    self.err(m.span(), "`c!()` names a C type", "e.g. `c!(enum dma_data_direction)`");
                    return None;
                }
                Some(ty)
            }
            Type::Path(p) if p.qself.is_none() => {
                let last = p.path.segments.last()?.ident.to_string();
                let plain = |base: &str| CType {
                    is_const: false,
                    tag: None,
                    base: base.to_string(),
                    pointers: Vec::new(),
                    span,
                };
                let scalar = match last.as_str() {
                    "c_char" => Some("char"),
                    "c_schar" => Some("signed char"),
                    "c_uchar" => Some("unsigned char"),
                    "c_short" => Some("short"),
                    "c_ushort" => Some("unsigned short"),
                    "c_int" => Some("int"),
                    "c_uint" => Some("unsigned int"),
                    "c_long" => Some("long"),
                    "c_ulong" => Some("unsigned long"),
                    "c_longlong" => Some("long long"),
                    "c_ulonglong" => Some("unsigned long long"),
                    "c_void" => Some("void"),
                    "usize" => Some("size_t"),
                    "isize" => Some("ssize_t"),
                    "bool" => Some("bool"),
                    "u8" | "u16" | "u32" | "u64" => Some(last.as_str()),
                    "i8" => Some("s8"),
                    "i16" => Some("s16"),
                    "i32" => Some("s32"),
                    "i64" => Some("s64"),
                    _ => None,
                };
                Some(match scalar {
                    Some(s) => plain(s),
                    // Typedefs keep their name (`dma_addr_t`); other names are
                    // structs, as bindgen names `struct pci_dev` `pci_dev`.
                    None if last.ends_with("_t") => plain(&last),
                    None => CType { tag: Some("struct".into()), ..plain(&last) },
                })
            }
            _ => {
                self.err(
                    ty.span(),
                    "not a C type",
                    "write a pointer, a bindgen name (`pci_dev`, `c_uint`, `usize`) or `c!(C TYPE)`",
                );
                None
            }
        }
    }
}

/// An invariant as parsed, before its names get spans.
enum Kind {
    Nonempty,
    NoOverflow,
    NoOverlap,
    CountMax(Box<Expr>, Box<Expr>),
    Total(Box<Expr>),
    EachNonzero(syn::Ident),
    EachAligned(syn::Ident, syn::Ident),
}

enum TypeArg {
    Name(syn::LitStr, TokSpan),
    Export(TokenStream, TokSpan),
    Private(syn::LitStr, syn::LitStr, TokSpan),
}

/// A constructor parameter: `name`, `name: TYPE`, `name => field`.
struct CtorArg {
    name: syn::Ident,
    ty: Option<Type>,
    target: Option<syn::Ident>,
}

impl syn::parse::Parse for CtorArg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        let ty = if input.parse::<Option<Token![:]>>()?.is_some() { Some(input.parse()?) } else { None };
        let target = if input.parse::<Option<Token![=>]>>()?.is_some() { Some(input.parse()?) } else { None };
        Ok(CtorArg { name, ty, target })
    }
}

/// A statement of an `entry!` body: `bind P [= F];` or
/// `require P aligned UNIT else E;` / `require P OP VALUE else E;`.
enum EntryStmt {
    Bind { at: TokSpan, param: syn::Ident, field: Option<syn::Ident> },
    Require { at: TokSpan, param: syn::Ident, check: RawPreCheck, errno: syn::Ident },
}

enum RawPreCheck {
    Aligned(syn::Ident),
    Compare(BinOp, Box<Expr>),
}

fn entry_body(input: ParseStream) -> syn::Result<Vec<EntryStmt>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let kw: syn::Ident = input.parse()?;
        let param: syn::Ident = input.parse()?;
        if kw == "bind" {
            let field = if input.parse::<Option<Token![=]>>()?.is_some() { Some(input.parse()?) } else { None };
            input.parse::<Token![;]>()?;
            out.push(EntryStmt::Bind { at: kw.span(), param, field });
            continue;
        }
        if kw != "require" {
            return Err(syn::Error::new(
                kw.span(),
                "expected `bind PARAM [= FIELD];` or `require PARAM ... else ERRNO;`",
            ));
        }
        let check = if input.peek(syn::Ident) {
            let aligned: syn::Ident = input.parse()?;
            if aligned != "aligned" {
                return Err(syn::Error::new(aligned.span(), "expected `aligned UNIT` or a comparison"));
            }
            RawPreCheck::Aligned(input.parse()?)
        } else {
            let op = if input.parse::<Option<Token![==]>>()?.is_some() {
                BinOp::Eq
            } else if input.parse::<Option<Token![!=]>>()?.is_some() {
                BinOp::Ne
            } else if input.parse::<Option<Token![<=]>>()?.is_some() {
                BinOp::Le
            } else if input.parse::<Option<Token![>=]>>()?.is_some() {
                BinOp::Ge
            } else if input.parse::<Option<Token![<]>>()?.is_some() {
                BinOp::Lt
            } else if input.parse::<Option<Token![>]>>()?.is_some() {
                BinOp::Gt
            } else {
                return Err(input.error("expected `aligned UNIT` or a comparison"));
            };
            RawPreCheck::Compare(op, Box::new(input.parse()?))
        };
        input.parse::<Token![else]>()?;
        let errno: syn::Ident = input.parse()?;
        input.parse::<Token![;]>()?;
        out.push(EntryStmt::Require { at: kw.span(), param, check, errno });
    }
    Ok(out)
}

fn has(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// `Some(Some(T))` for a `Result<T>` return type, `Some(None)` for `Result`
/// or `Result<()>`.
fn result_of(ty: &Type) -> Option<Option<&Type>> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return Some(None) };
    match args.args.first()? {
        syn::GenericArgument::Type(Type::Tuple(t)) if t.elems.is_empty() => Some(None),
        syn::GenericArgument::Type(t) => Some(Some(t)),
        _ => None,
    }
}

fn path_ident(e: &Expr) -> Option<&syn::Ident> {
    match e {
        Expr::Path(p) => p.path.get_ident(),
        _ => None,
    }
}

/// The macro of a statement `name!(...);`.
fn mac_of(s: &syn::Stmt) -> Option<&syn::Macro> {
    match s {
        syn::Stmt::Macro(m) => Some(&m.mac),
        syn::Stmt::Expr(Expr::Macro(m), _) => Some(&m.mac),
        _ => None,
    }
}

fn m_attrs(s: &syn::Stmt) -> Vec<Attribute> {
    match s {
        syn::Stmt::Macro(m) => m.attrs.clone(),
        syn::Stmt::Expr(Expr::Macro(m), _) => m.attrs.clone(),
        _ => Vec::new(),
    }
}

/// The words and `*`s of a `c!(...)` type.
fn c_words(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => out.extend(c_words(g.stream())),
            TokenTree::Punct(p) if p.as_char() == '*' => out.push("*".into()),
            other => out.push(other.to_string()),
        }
    }
    out
}
