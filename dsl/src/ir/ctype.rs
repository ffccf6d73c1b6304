//! The C type model and its oracle.
//!
//! The checker resolves every written type once ([`Base::resolve`]) into a
//! closed set of bases (void, bool, a sized integer, a tagged struct, union or
//! enum) under any number of pointers. Backends never look at type names:
//! they ask the methods here (C spelling, zero value, layout, what kind of
//! value it is) and the Rust backend builds its mapping on the same facts.
//!
//! A plain name the table below does not know is refused by the checker
//! rather than carried as an opaque typedef: without its size and signedness
//! no constant could be range-checked, no private slot laid out and no Rust
//! type chosen, and the kernel typedefs a mapping type needs are all listed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A C type: a base under zero or more pointers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct CType {
    base: Base,
    /// `const` on the base: `const struct device *`.
    is_const: bool,
    /// One entry per `*`; true where that pointer is itself const.
    pointers: Vec<bool>,
}

/// What a type names before its pointers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Base {
    Void,
    /// `bool` or `_Bool`, as written.
    Bool {
        spelling: String,
    },
    /// An integer type: C words (`unsigned int`) or a kernel typedef (`u32`).
    Int(Int),
    Struct {
        name: String,
    },
    Union {
        name: String,
    },
    Enum {
        name: String,
        origin: EnumOrigin,
    },
}

/// A sized integer type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Int {
    /// As written, so C output repeats it: `unsigned int`, `u32`.
    pub spelling: String,
    /// Bytes on 64-bit kernels.
    pub size: u64,
    pub signed: bool,
    /// The Rust primitive the kernel's `ffi` crate and bindgen map it to;
    /// `None` for a kernel typedef bindgen keeps by name (`bindings::phys_addr_t`).
    pub rust: Option<String>,
}

/// Where an enum is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnumOrigin {
    /// By the mapping type itself.
    Declared,
    /// `enum dma_data_direction` of `<linux/dma-direction.h>`.
    DmaDirection,
    /// Some other kernel header; C can name it, Rust has no mapping.
    Kernel,
}

/// The kernel's `enum dma_data_direction`.
pub const DMA_DIRECTION: &str = "dma_data_direction";

/// Kernel integer typedefs: (name, bytes, signed, Rust primitive).
const TYPEDEFS: &[(&str, u64, bool, Option<&str>)] = &[
    ("u8", 1, false, Some("u8")),
    ("s8", 1, true, Some("i8")),
    ("u16", 2, false, Some("u16")),
    ("s16", 2, true, Some("i16")),
    ("u32", 4, false, Some("u32")),
    ("s32", 4, true, Some("i32")),
    ("u64", 8, false, Some("u64")),
    ("s64", 8, true, Some("i64")),
    ("size_t", 8, false, Some("usize")),
    ("ssize_t", 8, true, Some("isize")),
    ("__u8", 1, false, None),
    ("__u16", 2, false, None),
    ("__le16", 2, false, None),
    ("__be16", 2, false, None),
    ("__u32", 4, false, None),
    ("__le32", 4, false, None),
    ("__be32", 4, false, None),
    ("__u64", 8, false, None),
    ("__le64", 8, false, None),
    ("__be64", 8, false, None),
    ("phys_addr_t", 8, false, None),
    ("dma_addr_t", 8, false, None),
    ("resource_size_t", 8, false, None),
    ("loff_t", 8, true, None),
    ("uintptr_t", 8, false, None),
];

/// Words that combine into a C integer type (`unsigned long long`).
pub const INT_WORDS: &[&str] = &["unsigned", "signed", "char", "short", "int", "long"];

/// Every plain type name the model knows, for "did you mean" hints.
pub fn known_names() -> impl Iterator<Item = &'static str> {
    TYPEDEFS.iter().map(|(n, ..)| *n).chain(["bool", "void"])
}

impl Int {
    /// The integer `spelling` names: a kernel typedef or C integer words.
    pub fn resolve(spelling: &str) -> Option<Int> {
        if let Some(&(_, size, signed, rust)) = TYPEDEFS.iter().find(|(n, ..)| *n == spelling) {
            return Some(Int { spelling: spelling.into(), size, signed, rust: rust.map(Into::into) });
        }
        let words: Vec<&str> = spelling.split(' ').collect();
        if !words.iter().all(|w| INT_WORDS.contains(w)) {
            return None;
        }
        let count = |w: &str| words.iter().filter(|x| **x == w).count();
        let (longs, unsigned) = (count("long"), count("unsigned") == 1);
        if count("unsigned") + count("signed") > 1
            || count("char") + count("short") + longs.min(1) > 1
            || longs > 2
            || count("int") > 1
        {
            return None;
        }
        let (size, rust) = match () {
            _ if count("char") == 1 => (1, if count("signed") == 1 { "i8" } else { "u8" }),
            _ if count("short") == 1 => (2, if unsigned { "u16" } else { "i16" }),
            _ if longs == 2 => (8, if unsigned { "u64" } else { "i64" }),
            _ if longs == 1 => (8, if unsigned { "usize" } else { "isize" }),
            _ => (4, if unsigned { "u32" } else { "i32" }),
        };
        Some(Int { spelling: spelling.into(), size, signed: !unsigned, rust: Some(rust.into()) })
    }

    /// Largest value the type holds, for range checks of constants.
    pub fn max(&self) -> u64 {
        let bits = self.size * 8 - u64::from(self.signed);
        if bits >= 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        }
    }
}

impl Base {
    /// The base a definition writes: `tag` (`struct`, `union`, `enum`) and
    /// name, or plain words. `declared` says whether the type declares an enum.
    /// `None` for plain words that name no type this model knows.
    pub fn resolve(tag: Option<&str>, words: &str, declared: impl Fn(&str) -> bool) -> Option<Base> {
        let name = words.to_string();
        Some(match (tag, words) {
            (Some("struct"), _) => Base::Struct { name },
            (Some("union"), _) => Base::Union { name },
            (Some(_), DMA_DIRECTION) => Base::Enum { name, origin: EnumOrigin::DmaDirection },
            (Some(_), w) if declared(w) => Base::Enum { name, origin: EnumOrigin::Declared },
            (Some(_), _) => Base::Enum { name, origin: EnumOrigin::Kernel },
            (None, "void") => Base::Void,
            (None, "bool" | "_Bool") => Base::Bool { spelling: name },
            (None, w) => Base::Int(Int::resolve(w)?),
        })
    }

    fn spelling(&self) -> String {
        match self {
            Base::Void => "void".into(),
            Base::Bool { spelling } => spelling.clone(),
            Base::Int(i) => i.spelling.clone(),
            Base::Struct { name } => format!("struct {name}"),
            Base::Union { name } => format!("union {name}"),
            Base::Enum { name, .. } => format!("enum {name}"),
        }
    }
}

impl CType {
    pub fn new(base: Base, is_const: bool, pointers: Vec<bool>) -> Self {
        CType { base, is_const, pointers }
    }

    /// `struct name`.
    pub fn struct_named(name: &str) -> Self {
        CType::new(Base::Struct { name: name.into() }, false, vec![])
    }

    /// A plain integer or `bool` the backends need themselves (`int`, `u64`).
    ///
    /// # Panics
    /// On a spelling the model does not know: a bug in the caller.
    pub fn plain(spelling: &str) -> Self {
        let base = Base::resolve(None, spelling, |_| false).unwrap_or_else(|| panic!("unknown C type `{spelling}`"));
        CType::new(base, false, vec![])
    }

    /// `void`.
    pub fn void() -> Self {
        CType::new(Base::Void, false, vec![])
    }

    /// A pointer to this type.
    pub fn pointer(mut self) -> Self {
        self.pointers.push(false);
        self
    }

    /// This type with `const` on its base.
    pub fn constant(mut self) -> Self {
        self.is_const = true;
        self
    }

    pub fn base(&self) -> &Base {
        &self.base
    }

    pub fn is_pointer(&self) -> bool {
        !self.pointers.is_empty()
    }

    /// How many `*` the type has.
    pub fn depth(&self) -> usize {
        self.pointers.len()
    }

    /// Whether the base under the pointers is `const`.
    pub fn base_const(&self) -> bool {
        self.is_const
    }

    /// Whether what the `i`th `*` points to is const: the base for the
    /// first, the previous pointer for later ones.
    pub fn pointee_const(&self, i: usize) -> bool {
        if i == 0 {
            self.is_const
        } else {
            self.pointers[i - 1]
        }
    }

    /// Whether the outermost pointer points to const.
    pub fn points_to_const(&self) -> bool {
        self.is_pointer() && self.pointee_const(self.depth() - 1)
    }

    /// The integer, when the type is one (not a pointer to one).
    pub fn int(&self) -> Option<&Int> {
        match &self.base {
            Base::Int(i) if !self.is_pointer() => Some(i),
            _ => None,
        }
    }

    /// The integer a pointer of depth one points to (an out-parameter).
    pub fn int_pointee(&self) -> Option<&Int> {
        match &self.base {
            Base::Int(i) if self.depth() == 1 => Some(i),
            _ => None,
        }
    }

    /// A value that holds integers (so can be compared with numbers).
    pub fn is_integer(&self) -> bool {
        self.int().is_some()
    }

    /// C's `int`, the type of an errno-returning function.
    pub fn is_c_int(&self) -> bool {
        self.int().is_some_and(|i| i.spelling == "int")
    }

    /// `size_t`, whose Rust mapping is `usize` without a cast.
    pub fn is_size_t(&self) -> bool {
        self.int().is_some_and(|i| i.spelling == "size_t")
    }

    /// The largest value a plain integer holds.
    pub fn int_max(&self) -> Option<u64> {
        self.int().map(Int::max)
    }

    pub fn is_bool(&self) -> bool {
        matches!(self.base, Base::Bool { .. }) && !self.is_pointer()
    }

    pub fn is_void(&self) -> bool {
        matches!(self.base, Base::Void) && !self.is_pointer()
    }

    /// The enum of a plain enum value, with where it is declared.
    pub fn enum_value(&self) -> Option<(&str, EnumOrigin)> {
        match &self.base {
            Base::Enum { name, origin } if !self.is_pointer() => Some((name, *origin)),
            _ => None,
        }
    }

    /// Whether this is a value of the enum `name`.
    pub fn is_enum(&self, name: &str) -> bool {
        self.enum_value().is_some_and(|(n, _)| n == name)
    }

    /// The struct tag under any pointers: `device` for `struct device **`.
    pub fn struct_name(&self) -> Option<&str> {
        match &self.base {
            Base::Struct { name } => Some(name),
            _ => None,
        }
    }

    /// Gives a struct base another tag (a kernel rename), pointers kept.
    pub fn rename_struct(&mut self, to: &str) {
        if let Base::Struct { name } = &mut self.base {
            *name = to.to_string();
        }
    }

    /// The tag of a struct, union or enum under any pointers.
    pub fn tag_name(&self) -> Option<&str> {
        match &self.base {
            Base::Struct { name } | Base::Union { name } | Base::Enum { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Whether this is `struct name *`, const or not.
    pub fn is_struct_ptr(&self, name: &str) -> bool {
        self.depth() == 1 && self.struct_name() == Some(name)
    }

    /// Same base and pointer depth, ignoring every `const`.
    pub fn same_shape(&self, other: &CType) -> bool {
        self.base == other.base && self.depth() == other.depth()
    }

    /// Header that defines the enum this type names (enums cannot be forward-declared).
    pub fn enum_header(&self) -> Option<&'static str> {
        match &self.base {
            Base::Enum { origin: EnumOrigin::DmaDirection, .. } => Some("linux/dma-direction.h"),
            _ => None,
        }
    }

    /// Size and alignment on 64-bit kernels; `None` for a struct or union value.
    pub fn layout(&self) -> Option<(u64, u64)> {
        if self.is_pointer() {
            return Some((8, 8));
        }
        match &self.base {
            Base::Bool { .. } => Some((1, 1)),
            Base::Int(i) => Some((i.size, i.size)),
            Base::Enum { .. } => Some((4, 4)),
            Base::Void | Base::Struct { .. } | Base::Union { .. } => None,
        }
    }

    /// `NULL`, `false` or `0`: C's zero value of the type.
    pub fn c_zero(&self) -> &'static str {
        if self.is_pointer() {
            "NULL"
        } else if self.is_bool() {
            "false"
        } else {
            "0"
        }
    }

    /// `const struct device *` as C spells it.
    pub fn spelling(&self) -> String {
        let mut s = String::new();
        if self.is_const {
            s.push_str("const ");
        }
        s.push_str(&self.base.spelling());
        for (i, c) in self.pointers.iter().enumerate() {
            s.push_str(if i == 0 { " *" } else { "*" });
            if *c {
                s.push_str("const ");
            }
        }
        s
    }

    /// A declaration of `name` with this type: `struct device *dev`.
    pub fn declare(&self, name: &str) -> String {
        let s = self.spelling();
        if s.ends_with('*') || s.ends_with(' ') {
            format!("{s}{name}")
        } else {
            format!("{s} {name}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_words_and_typedefs_resolve_with_their_facts() {
        let facts = |s: &str| Int::resolve(s).map(|i| (i.size, i.signed, i.rust));
        assert_eq!(facts("unsigned int"), Some((4, false, Some("u32".into()))));
        assert_eq!(facts("long"), Some((8, true, Some("isize".into()))));
        assert_eq!(facts("unsigned long long"), Some((8, false, Some("u64".into()))));
        assert_eq!(facts("char"), Some((1, true, Some("u8".into()))));
        assert_eq!(facts("signed char"), Some((1, true, Some("i8".into()))));
        assert_eq!(facts("size_t"), Some((8, false, Some("usize".into()))));
        assert_eq!(facts("phys_addr_t"), Some((8, false, None)));
        assert_eq!(facts("unsigned signed"), None);
        assert_eq!(facts("long short"), None);
        assert_eq!(facts("pgoff_t"), None);
    }

    #[test]
    fn spelling_keeps_what_was_written() {
        let t = CType::new(Base::Struct { name: "device".into() }, true, vec![false, true]);
        assert_eq!(t.spelling(), "const struct device **const ");
        assert_eq!(t.declare("d"), "const struct device **const d");
        assert_eq!(CType::plain("unsigned int").declare("n"), "unsigned int n");
        assert_eq!(CType::plain("u32").spelling(), "u32");
        assert!(t.pointee_const(0) && !t.pointee_const(1) && !t.points_to_const());
    }

    #[test]
    fn the_oracle_answers_without_names() {
        let b = CType::plain("_Bool");
        assert!(b.is_bool() && !b.is_integer() && b.c_zero() == "false" && b.layout() == Some((1, 1)));
        assert_eq!(CType::plain("u8").int_max(), Some(255));
        assert_eq!(CType::plain("int").int_max(), Some(i32::MAX as u64));
        assert!(CType::plain("int").is_c_int() && !CType::plain("s32").is_c_int());
        let dir = CType::new(Base::resolve(Some("enum"), DMA_DIRECTION, |_| false).unwrap(), false, vec![]);
        assert_eq!(dir.enum_header(), Some("linux/dma-direction.h"));
        assert_eq!(dir.layout(), Some((4, 4)));
        assert_eq!(CType::struct_named("sg_table").layout(), None);
        assert_eq!(CType::struct_named("sg_table").pointer().c_zero(), "NULL");
        assert!(CType::void().is_void() && CType::void().pointer().int_pointee().is_none());
    }
}
