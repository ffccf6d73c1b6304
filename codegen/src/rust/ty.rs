//! The Rust type oracle: C types (the checker's typed model, [`CType`]) as
//! the Rust side sees them: the raw type bindgen gives the C declaration, the
//! safe type the Rust API uses instead, and whether there is one at all.

use std::collections::BTreeSet;

use maptype_dsl::ir::{Base, CType, MappingType, Registry, Target, Value};
use proc_macro2::TokenStream;
use quote::quote;

use super::{camel, ident, Ctx};

/// The kernel's `enum dma_data_direction`, wrapped as `DataDirection`.
pub use maptype_dsl::ir::DMA_DIRECTION;

/// Variants of `DataDirection`: (Rust name, C enumerator, doc).
pub const DMA_DIRECTION_VALUES: &[(&str, &str, &str)] = &[
    ("Bidirectional", "DMA_BIDIRECTIONAL", "The device may read and write the buffer."),
    ("ToDevice", "DMA_TO_DEVICE", "The device reads the buffer."),
    ("FromDevice", "DMA_FROM_DEVICE", "The device writes the buffer."),
    ("None", "DMA_NONE", "No DMA; for debugging."),
];

/// How a C type crosses into safe Rust: the checker's oracle decides.
pub use maptype_dsl::oracle::RustKind as Kind;

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
    maptype_dsl::oracle::rust_kind(t, c)
        .ok_or_else(|| format!("rust backend: type `{}` of {} has no Rust mapping", c.spelling(), t.name))
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

/// The Rust spelling of the base of `c` (a scalar, or what a pointer points
/// to), as the kernel's `ffi` crate and bindgen map it.
pub fn scalar(c: &CType) -> TokenStream {
    match c.base() {
        Base::Bool { .. } => quote!(bool),
        Base::Int(i) => match &i.rust {
            Some(r) => {
                let id = ident(r);
                quote!(#id)
            }
            None => {
                let id = ident(&i.spelling);
                quote!(bindings::#id)
            }
        },
        Base::Void => {
            let id = ident("void");
            quote!(bindings::#id)
        }
        Base::Struct { name } | Base::Union { name } | Base::Enum { name, .. } => {
            let id = ident(name);
            quote!(bindings::#id)
        }
    }
}

/// Whether `c` is a plain integer whose Rust type is `usize` (`size_t`).
pub fn is_usize(c: &CType) -> bool {
    c.int().is_some_and(|i| i.rust.as_deref() == Some("usize"))
}

/// The type bindgen gives a C declaration of `c`.
pub fn raw(c: &CType) -> TokenStream {
    let mut out = scalar(c);
    for i in 0..c.depth() {
        out = if c.pointee_const(i) { quote!(*const #out) } else { quote!(*mut #out) };
    }
    out
}

/// The value a field of type `c` has when nothing sets it (C's zero).
pub fn zero(c: &CType) -> TokenStream {
    if c.is_pointer() {
        if c.points_to_const() {
            quote!(core::ptr::null())
        } else {
            quote!(core::ptr::null_mut())
        }
    } else if c.is_bool() {
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
            if c.is_enum(enum_name) {
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

/// The constants of a flag set's newtype: its flags without their common
/// prefix, in SCREAMING_SNAKE_CASE (`IOMMU_DOMAIN_REACH_P2P` -> `P2P`).
pub fn flag_names(e: &maptype_dsl::ir::Enum) -> Vec<String> {
    use heck::ToShoutySnakeCase;
    maptype_dsl::oracle::variant_names(e).iter().map(|v| v.to_shouty_snake_case()).collect()
}

/// The Rust flags value of `bits` of flag set `e`: `Name::A | Name::B`, or `Name::empty()`.
pub fn flags_value(path: &str, e: &maptype_dsl::ir::Enum, bits: i64) -> String {
    let names = flag_names(e);
    let set: Vec<String> =
        e.values.iter().zip(&names).filter(|(v, _)| bits & v.value != 0).map(|(_, k)| format!("{path}::{k}")).collect();
    if set.is_empty() {
        format!("{path}::empty()")
    } else {
        set.join(" | ")
    }
}

/// The Rust enum of a C enum a type declares: `dma_sgt_requires_p2p` -> `DmaSgtRequiresP2p`.
pub fn enum_name(c_name: &str) -> proc_macro2::Ident {
    ident(&maptype_dsl::oracle::rust_enum_name(c_name))
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
        Kind::Scalar => scalar(c),
        Kind::ScalarOut => {
            let s = scalar(c);
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
