//! Facts about C and the kernel that the checker needs: keywords, errno
//! names, the kernel functions and structs a definition meets. Facts about
//! C types themselves live with the type model, [`crate::ir::CType`].

use crate::ir::{CType, INT_WORDS};

/// C11 keywords plus the kernel's `bool`/`true`/`false`, which a name must not be.
pub const C_KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Bool",
    "_Complex",
    "_Imaginary",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Generic",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "bool",
    "true",
    "false",
    "typeof",
    "asm",
];

/// Errno names a rule or invariant may fail with (asm-generic/errno*.h).
pub const ERRNOS: &[&str] = &[
    "EPERM",
    "ENOENT",
    "ESRCH",
    "EINTR",
    "EIO",
    "ENXIO",
    "E2BIG",
    "ENOEXEC",
    "EBADF",
    "EAGAIN",
    "ENOMEM",
    "EACCES",
    "EFAULT",
    "EBUSY",
    "EEXIST",
    "EXDEV",
    "ENODEV",
    "ENOTDIR",
    "EINVAL",
    "ENOSPC",
    "ERANGE",
    "ENOSYS",
    "ENOLINK",
    "EPROTO",
    "EBADMSG",
    "EOVERFLOW",
    "EMSGSIZE",
    "EOPNOTSUPP",
    "ENOTCONN",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENOTSUPP",
    "ENOBUFS",
    "ENODATA",
    "ESTALE",
    "EREMOTEIO",
    "ECANCELED",
    "ENOKEY",
    "EKEYREJECTED",
];

/// The one failure code that means "not compatible, try the next candidate".
pub const NOT_COMPATIBLE: &str = "EOPNOTSUPP";

/// Constants an alignment or unit may name.
pub const SIZE_CONSTANTS: &[&str] = &["PAGE_SIZE", "SZ_4K", "SZ_64K", "SZ_2M", "SZ_1G"];

/// Functions and macros of the DMA-buf core (DOMAIN.md) a type must not redefine.
pub const CORE_FUNCTIONS: &[&str] = &[
    "dma_buf_match_mapping",
    "dma_buf_mapping_attach",
    "dma_buf_attach",
    "dma_buf_dynamic_attach",
    "dma_buf_sgt_attach",
    "dma_buf_sgt_dynamic_attach",
    "dma_buf_detach",
    "dma_buf_export",
    "dma_buf_get",
    "dma_buf_put",
    "dma_buf_map_attachment",
    "dma_buf_unmap_attachment",
    "dma_buf_map_attachment_unlocked",
    "dma_buf_unmap_attachment_unlocked",
];

/// Struct tags of the core and of kernel types a definition refers to.
pub const CORE_TAGS: &[&str] = &[
    "dma_buf",
    "dma_buf_attachment",
    "dma_buf_ops",
    "dma_buf_attach_ops",
    "dma_buf_mapping_type",
    "dma_buf_mapping_match",
    "dma_buf_mapping_exp_ops",
    "dma_buf_match_args",
    "sg_table",
    "device",
    "pci_dev",
    "seq_file",
];

/// Fields of `struct dma_buf_attachment` a legacy assignment may set.
pub const LEGACY_ATTACH_FIELDS: &[&str] = &["dev", "peer2peer"];

/// The C type of a field in [`LEGACY_ATTACH_FIELDS`].
pub fn legacy_attach_type(field: &str) -> Option<CType> {
    match field {
        "dev" => Some(CType::struct_named("device").pointer()),
        "peer2peer" => Some(CType::plain("bool")),
        _ => None,
    }
}

pub fn is_c_keyword(s: &str) -> bool {
    C_KEYWORDS.contains(&s)
}

/// Keywords that are types on their own.
const TYPE_KEYWORDS: &[&str] =
    &["unsigned", "signed", "char", "short", "int", "long", "void", "bool", "_Bool", "float", "double"];

/// Why a written type is not a C type, or `None` when it is one. Plain names
/// are typedefs the kernel provides (`u8`, `__le32`), so only keywords in the
/// wrong place are caught.
pub fn c_type_problem(tag: Option<&str>, base: &str) -> Option<String> {
    if let Some(tag) = tag {
        return is_c_keyword(base).then(|| format!("`{tag} {base}` is not a C type: `{base}` is a keyword"));
    }
    let words: Vec<&str> = base.split(' ').collect();
    if words.len() > 1 {
        if words.iter().all(|w| INT_WORDS.contains(w)) {
            return None;
        }
        return Some(format!("`{base}` is not a C type"));
    }
    (is_c_keyword(base) && !TYPE_KEYWORDS.contains(&base)).then(|| format!("`{base}` is a C keyword, not a type"))
}

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" hints: `mpa` is one typo from `map`.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The closest candidate within a small edit distance.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.len() / 3).max(1);
    candidates.into_iter().map(|c| (distance(name, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// Reasons a doc or title text could not be placed inside a C comment, a C
/// string or a Rust doc comment; `None` when it is safe.
pub fn unsafe_text(text: &str) -> Option<&'static str> {
    if text.contains("*/") {
        return Some("`*/` would end the C comment it is copied into");
    }
    if text.contains("/*") {
        return Some("`/*` inside a C comment is a nested comment");
    }
    if text.trim_start().starts_with('#') {
        return Some(
            "a line starting with `#` reads as a preprocessor directive in macro bodies \
             and is hidden in Rust doc examples",
        );
    }
    if text.ends_with('\\') {
        return Some("a trailing `\\` splices the next line into the comment");
    }
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Some("control characters are not allowed");
    }
    if text.chars().any(|c| forbidden_char(c).is_some()) {
        return Some("bidirectional control characters and line separators are not allowed");
    }
    None
}

/// Kernel macros and common kernel functions a name of the definition must
/// not be. Generated headers include `linux/kernel.h`, `linux/slab.h`,
/// `linux/bug.h`, `linux/err.h` and friends, so a field, parameter,
/// enumerator, accessor or struct spelt like one of these is either expanded
/// by the preprocessor (`current` is `get_current()`, `NULL` is `((void *)0)`,
/// `PAGE_SIZE` a number) or redeclares a function the kernel declares
/// (`kfree`). Collected by hand from include/linux/{compiler.h, kernel.h,
/// minmax.h, bug.h, build_bug.h, err.h, container_of.h, array_size.h,
/// stddef.h, printk.h, dev_printk.h, jiffies.h, slab.h, vmalloc.h, string.h,
/// mutex.h, spinlock.h, device.h, export.h, module.h, gfp_types.h, limits.h},
/// asm-generic/{page.h, current.h} and include/linux/align.h. It is not every
/// kernel name, only those a definition plausibly picks; `extern` items are
/// exempt, since declaring a kernel function is what they are for.
pub const KERNEL_NAMES: &[&str] = &[
    // Object-like macros and per-CPU variables.
    "current",
    "NULL",
    "PAGE_SIZE",
    "PAGE_SHIFT",
    "PAGE_MASK",
    "HZ",
    "jiffies",
    "jiffies_64",
    "THIS_MODULE",
    "GFP_KERNEL",
    "GFP_ATOMIC",
    "GFP_NOWAIT",
    "GFP_NOIO",
    "GFP_NOFS",
    "GFP_DMA",
    "GFP_DMA32",
    "KERN_ERR",
    "KERN_WARNING",
    "KERN_INFO",
    "KERN_DEBUG",
    "U8_MAX",
    "U16_MAX",
    "U32_MAX",
    "U64_MAX",
    "S32_MAX",
    "INT_MAX",
    "INT_MIN",
    "UINT_MAX",
    "LONG_MAX",
    "ULONG_MAX",
    "SIZE_MAX",
    "fallthrough",
    "noinline",
    "unreachable",
    // Function-like macros.
    "BUG",
    "BUG_ON",
    "WARN",
    "WARN_ON",
    "WARN_ON_ONCE",
    "WARN_ONCE",
    "BUILD_BUG_ON",
    "BUILD_BUG_ON_MSG",
    "static_assert",
    "container_of",
    "ARRAY_SIZE",
    "likely",
    "unlikely",
    "min",
    "max",
    "min_t",
    "max_t",
    "clamp",
    "clamp_t",
    "swap",
    "abs",
    "offsetof",
    "sizeof_field",
    "ALIGN",
    "ALIGN_DOWN",
    "IS_ALIGNED",
    "PTR_ALIGN",
    "BIT",
    "BIT_ULL",
    "GENMASK",
    "GENMASK_ULL",
    "DIV_ROUND_UP",
    "round_up",
    "round_down",
    "upper_32_bits",
    "lower_32_bits",
    "READ_ONCE",
    "WRITE_ONCE",
    "ERR_PTR",
    "PTR_ERR",
    "IS_ERR",
    "IS_ERR_OR_NULL",
    "ERR_CAST",
    "EXPORT_SYMBOL",
    "EXPORT_SYMBOL_GPL",
    "EXPORT_SYMBOL_NS",
    "EXPORT_SYMBOL_NS_GPL",
    "MODULE_LICENSE",
    "MODULE_IMPORT_NS",
    "pr_err",
    "pr_warn",
    "pr_info",
    "pr_debug",
    "pr_notice",
    "dev_err",
    "dev_warn",
    "dev_info",
    "dev_dbg",
    "might_sleep",
    "lockdep_assert_held",
    // Functions.
    "printk",
    "panic",
    "kfree",
    "kmalloc",
    "kzalloc",
    "kcalloc",
    "krealloc",
    "kmalloc_array",
    "kvfree",
    "kvmalloc",
    "kvzalloc",
    "vmalloc",
    "vzalloc",
    "vfree",
    "kstrdup",
    "memcpy",
    "memset",
    "memcmp",
    "memmove",
    "strlen",
    "strcmp",
    "strncmp",
    "strscpy",
    "snprintf",
    "sprintf",
    "scnprintf",
    "sscanf",
    "kstrtoul",
    "kstrtoint",
    "get_device",
    "put_device",
    "mutex_lock",
    "mutex_unlock",
    "spin_lock",
    "spin_unlock",
    "schedule",
    "msleep",
    "udelay",
    "capable",
    "seq_printf",
    "seq_puts",
    "div_u64",
];

/// What the stem of a type's generated files may not be: files the registry
/// itself writes under the same pattern (codegen/src/emit/names.rs `stem`,
/// codegen/src/c/registry.rs, codegen/src/kunit/mod.rs, codegen/src/docs.rs,
/// codegen/src/rust/mod.rs). A type `types` would overwrite
/// `include/linux/dma-buf-mapping-types.h`, `test` the core suite
/// `drivers/dma-buf/dma-buf-mapping-test.c`, `index` the documentation index
/// `index.rst`, `mod` the Rust `mapping/mod.rs`.
pub const REGISTRY_STEMS: &[&str] = &["types", "test", "index", "mod"];

/// A type `x_test` would write `dma-buf-mapping-x-test.c`, the KUnit suite of
/// a type `x`; type names may not end so.
pub const TEST_SUFFIX: &str = "_test";

/// Members of `struct dma_buf_mapping_match` besides the types' union
/// members (codegen/templates/c/types.h); `private` is kept back for the
/// driver-private slot.
pub const MATCH_MEMBERS: &[&str] = &["type", "exp_ops", "private", "private_data"];

/// Longest mapping type name. It is repeated in every derived symbol:
/// `dma_buf_mapping_NAME_call_OP` is 22 + NAME + OP characters, and with OP
/// at [`MAX_NAME_LEN`] stays below 128, the kernel's symbol name limit
/// before 6.1 (KSYM_NAME_LEN) and far below file name limits (255 bytes).
pub const MAX_TYPE_NAME_LEN: usize = 32;

/// Longest name of anything else (field, enum, op, constructor, ...).
pub const MAX_NAME_LEN: usize = 64;

/// Why `c` may not appear anywhere in a definition, or `None`. Tab, line
/// feed and carriage return are the only control characters the grammar
/// allows. Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E,
/// U+200F, U+061C) make text display in another order than compilers read it
/// ("Trojan Source", CVE-2021-42574), and rustc refuses them in comments;
/// the Unicode line and paragraph separators break lines in some editors but
/// not in compilers.
pub fn forbidden_char(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' => {
            Some("bidirectional control character")
        }
        '\u{2028}' | '\u{2029}' => Some("Unicode line separator"),
        c if c.is_control() => Some("control character"),
        _ => None,
    }
}
