//! C types as the Rust side sees them: the raw type bindgen gives the C
//! declaration, and the safe type the Rust API uses instead.

use std::collections::BTreeSet;

use maptype_dsl::ir::{CType, MappingType, Registry, Target, Value};
use proc_macro2::TokenStream;
use quote::quote;

use super::{camel, ident, Ctx};

/// The kernel's `enum dma_data_direction`, wrapped as `DataDirection`.
pub const DMA_DIRECTION: &str = "dma_data_direction";

/// Variants of `DataDirection`: (Rust name, C enumerator, doc).
pub const DMA_DIRECTION_VALUES: &[(&str, &str, &str)] = &[
    ("Bidirectional", "DMA_BIDIRECTIONAL", "The device may read and write the buffer."),
    ("ToDevice", "DMA_TO_DEVICE", "The device reads the buffer."),
    ("FromDevice", "DMA_FROM_DEVICE", "The device writes the buffer."),
    ("None", "DMA_NONE", "No DMA; for debugging."),
];

/// How a C type crosses into safe Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `struct dma_buf_attachment *`: `&Attachment`.
    Attach,
    /// `struct device *`: `&Device` of the kernel crate.
    Device,
    /// `enum dma_data_direction`: `DataDirection`.
    Direction,
    /// An enum the type declares: its Rust enum.
    Enum(String),
    /// A scalar: the same Rust type.
    Scalar,
    /// A pointer to a scalar (an out-parameter): `&mut T`.
    ScalarOut,
    /// A struct an exporter allocates and hands over (what an `ERR_PTR`
    /// op returns, and what the partner op gets back): `NonNull<T>`.
    Handed(String),
    /// A pointer to one of the type's result structs: the owned builder
    /// on the exporter side, a mapping guard on the importer side.
    Result(String),
    /// Any other struct pointer: a reference to a borrowed-object newtype.
    Borrowed(String),
}

/// Structs that ops of `t` hand over (their `ERR_PTR` returns that are not results).
pub fn handed(t: &MappingType) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for op in t.ops.iter().flat_map(|o| &o.ops) {
        if let Some(r) = &op.ret {
            if op.err_ptr && r.tag.as_deref() == Some("struct") && t.result(&r.base).is_none() {
                out.insert(r.base.clone());
            }
        }
    }
    out
}

/// A type's Rust kind where the checker has proven one exists.
pub fn kind(t: &MappingType, c: &CType) -> Kind {
    classify(t, c).unwrap_or_else(|e| rejected(e))
}

/// A definition the checker (`maptype_dsl::solver::derivable`) rejects,
/// reached anyway: a checker bug, so no error path carries it.
pub fn rejected(what: String) -> ! {
    unreachable!("checked by maptype_dsl::solver::derivable: {what}")
}

/// The Rust kind of a C type, or why it has none (a query: the doctests ask
/// it of types they may skip).
pub fn classify(t: &MappingType, c: &CType) -> Result<Kind, String> {
    let unsupported = || format!("rust backend: type `{}` of {} has no Rust mapping", c.spelling(), t.name);
    match (c.pointers.len(), c.tag.as_deref()) {
        (0, Some("enum")) if c.base == DMA_DIRECTION => Ok(Kind::Direction),
        (0, Some("enum")) if t.enum_by_name(&c.base).is_some() => Ok(Kind::Enum(c.base.clone())),
        (0, Some(_)) => Err(unsupported()),
        (0, None) => Ok(Kind::Scalar),
        (1, None) => Ok(Kind::ScalarOut),
        (1, Some("struct")) => Ok(match c.base.as_str() {
            "dma_buf_attachment" => Kind::Attach,
            "device" => Kind::Device,
            b if t.result(b).is_some() => Kind::Result(b.to_string()),
            b if handed(t).contains(b) => Kind::Handed(b.to_string()),
            b => Kind::Borrowed(b.to_string()),
        }),
        _ => Err(unsupported()),
    }
}

/// Every struct reached through a `Borrowed` pointer anywhere in the registry.
pub fn borrowed_structs(reg: &Registry) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in &reg.types {
        let mut types: Vec<&CType> = Vec::new();
        for op in t.ops.iter().flat_map(|o| &o.ops) {
            types.extend(op.params.iter().map(|p| &p.ty));
            types.extend(op.ret.iter());
        }
        for c in t.importers.iter().chain(&t.exporters) {
            // The ops parameter is the trait's vtable, not a borrowed object.
            types.extend(c.params.iter().filter(|p| matches!(p.target, Target::Field(_))).map(|p| &p.ty));
        }
        types.extend(t.accessors.iter().map(|a| &a.ret));
        for c in types {
            if let Ok(Kind::Borrowed(s)) = classify(t, c) {
                out.insert(s);
            }
        }
    }
    out
}

/// The Rust name of a borrowed-object newtype: `pci_dev` -> `PciDev`.
pub fn borrowed_name(s: &str) -> proc_macro2::Ident {
    ident(&camel(s))
}

/// The Rust spelling of a C scalar, as the kernel's `ffi` crate and bindgen map it.
pub fn scalar(base: &str) -> TokenStream {
    match base {
        "int" | "signed int" | "signed" | "s32" => quote!(i32),
        "unsigned int" | "unsigned" | "u32" => quote!(u32),
        "long" | "signed long" | "long int" | "ssize_t" => quote!(isize),
        "unsigned long" | "unsigned long int" | "size_t" => quote!(usize),
        "long long" | "signed long long" | "s64" => quote!(i64),
        "unsigned long long" | "u64" => quote!(u64),
        "short" | "signed short" | "s16" => quote!(i16),
        "unsigned short" | "u16" => quote!(u16),
        "char" | "unsigned char" | "u8" => quote!(u8),
        "signed char" | "s8" => quote!(i8),
        "bool" | "_Bool" => quote!(bool),
        other => {
            let id = ident(other);
            quote!(bindings::#id)
        }
    }
}

/// The type bindgen gives a C declaration of `c`.
pub fn raw(c: &CType) -> TokenStream {
    let base = match c.tag.as_deref() {
        Some(_) => {
            let id = ident(&c.base);
            quote!(bindings::#id)
        }
        None => scalar(&c.base),
    };
    let mut out = base;
    for i in 0..c.pointers.len() {
        out = if pointee_const(c, i) { quote!(*const #out) } else { quote!(*mut #out) };
    }
    out
}

/// Whether what the `i`th `*` of `c` points to is const: the base for the
/// first, the previous pointer for later ones.
fn pointee_const(c: &CType, i: usize) -> bool {
    if i == 0 {
        c.is_const
    } else {
        c.pointers[i - 1]
    }
}

/// The value a field of type `c` has when nothing sets it (C's zero).
pub fn zero(c: &CType) -> TokenStream {
    if c.is_pointer() {
        if pointee_const(c, c.pointers.len() - 1) {
            quote!(core::ptr::null())
        } else {
            quote!(core::ptr::null_mut())
        }
    } else if matches!(c.base.as_str(), "bool" | "_Bool") {
        quote!(false)
    } else {
        quote!(0)
    }
}

/// A constant of the IR as a Rust expression of the field type `c`.
pub fn value(c: &CType, v: &Value) -> TokenStream {
    match v {
        Value::Int { value } => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*value);
            quote!(#lit)
        }
        Value::Bool { value } => quote!(#value),
        Value::Null => zero(c),
        Value::EnumConst { enum_name, name, .. } => {
            let konst = enum_const(enum_name, name);
            if c.tag.as_deref() == Some("enum") && &c.base == enum_name {
                quote!(#konst)
            } else {
                let r = raw(c);
                quote!(#konst as #r)
            }
        }
    }
}

/// bindgen's name of a C enumerator: `bindings::<enum>_<NAME>`.
pub fn enum_const(enum_name: &str, name: &str) -> TokenStream {
    let id = ident(&format!("{enum_name}_{name}"));
    quote!(bindings::#id)
}

/// Rust variant names of an enum: the enumerators without their common
/// `WORD_` prefix, in UpperCamelCase (`DMA_SGT_NO_P2P` -> `NoP2p`).
pub fn variant_names(names: &[&str]) -> Vec<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| n.split('_').collect()).collect();
    let mut common = 0;
    if names.len() > 1 {
        'outer: while let Some(w) = split[0].get(common) {
            for s in &split {
                // Keep at least one word of every name.
                if s.len() <= common + 1 || s[common] != *w {
                    break 'outer;
                }
            }
            common += 1;
        }
    }
    let out: Vec<String> = split.iter().map(|s| camel(&s[common..].join("_").to_lowercase())).collect();
    // A variant must not start with a digit.
    out.into_iter()
        .zip(names)
        .map(|(v, n)| if v.starts_with(|c: char| c.is_ascii_digit()) { camel(&n.to_lowercase()) } else { v })
        .collect()
}

/// The Rust enum of a C enum a type declares: `dma_sgt_requires_p2p` -> `DmaSgtRequiresP2p`.
pub fn enum_name(c_name: &str) -> proc_macro2::Ident {
    ident(&camel(c_name))
}

/// The safe type for an argument of kind `k` whose C type is `c`.
pub fn safe(ctx: &Ctx, k: &Kind, c: &CType) -> TokenStream {
    let reg = &ctx.reg;
    let root = &ctx.root;
    match k {
        Kind::Attach => quote!(&#reg::Attachment),
        Kind::Device => quote!(&#root::device::Device),
        Kind::Direction => quote!(#reg::DataDirection),
        Kind::Enum(e) => {
            let id = enum_name(e);
            quote!(#id)
        }
        Kind::Scalar => scalar(&c.base),
        Kind::ScalarOut => {
            let s = scalar(&c.base);
            quote!(&mut #s)
        }
        Kind::Handed(s) => {
            let id = ident(s);
            quote!(core::ptr::NonNull<bindings::#id>)
        }
        Kind::Result(s) => {
            let id = ident(&camel(s));
            quote!(#id)
        }
        Kind::Borrowed(s) => {
            let id = borrowed_name(s);
            quote!(&#reg::#id)
        }
    }
}
