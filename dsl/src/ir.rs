//! The resolved model every backend and the proc-macros read.
//!
//! Names are resolved (an expression names a field *and* the side it is read
//! from; an enum constant carries its value), defaults are filled in and
//! every check has passed, so a backend never needs to look at the syntax tree
//! or re-validate. It carries no source spans: it is the contract, and its JSON
//! form is described by `schemas/maptype-ir.schema.json`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod ctype;
mod for_kernel;
pub use ctype::{known_names, Base, CType, EnumOrigin, Int, DMA_DIRECTION, INT_WORDS};

/// Bytes in the core's reserved slot for driver-private match data.
pub const PRIVATE_SLOT_BYTES: u64 = 32;

/// Every type loaded together; sorted by name so output is order-independent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Registry {
    pub types: Vec<MappingType>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MappingType {
    /// Short name, e.g. `sgt`; part of every derived C name.
    pub name: String,
    /// The definition file as it was named on the command line.
    pub source: String,
    pub doc: Vec<String>,
    /// Human-readable name, shown in debugfs.
    pub title: String,
    /// Doc comments on `name`.
    pub title_doc: Vec<String>,
    /// The singleton whose address is the type's identity.
    pub symbol: String,
    /// How the singleton and entry points without their own policy are exported.
    pub export: Export,
    /// Doc comments on `export`.
    pub export_doc: Vec<String>,
    /// Set for a driver-private interconnect; `None` for core types.
    pub private: Option<Private>,
    pub enums: Vec<Enum>,
    pub data: Option<Data>,
    pub ops: Option<OpsStruct>,
    pub importers: Vec<Ctor>,
    pub exporters: Vec<Ctor>,
    pub single_exporter: Option<SingleExporter>,
    pub externs: Vec<Extern>,
    /// The compatibility rules, in order; an empty list is always compatible.
    pub rules: Vec<Rule>,
    /// Doc comments on the `compatible` block.
    pub rules_doc: Vec<String>,
    pub on_match: OnMatch,
    pub accessors: Vec<Accessor>,
    pub ops_accessor: Option<String>,
    pub entries: Vec<Entry>,
    /// Plain structs the type needs (e.g. result elements the kernel may lack).
    pub structs: Vec<Struct>,
    pub results: Vec<ResultStruct>,
    pub debugfs: Option<Debugfs>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Export {
    /// `EXPORT_SYMBOL_GPL`.
    Gpl,
    /// `EXPORT_SYMBOL_NS_GPL` in the namespace.
    Namespace { namespace: String },
    /// Exported only to the named modules.
    Modules { modules: Vec<String> },
    /// Not exported: only the owning module of a private type calls it.
    Local,
}

impl Export {
    /// How widely a symbol is visible; a partner must not be wider.
    pub fn reach(&self) -> u8 {
        match self {
            Export::Local => 0,
            Export::Modules { .. } => 1,
            Export::Namespace { .. } => 2,
            Export::Gpl => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Private {
    /// The owning module, e.g. `xe`.
    pub module: String,
    /// Kernel directory of the owning driver, where its glue is generated.
    pub dir: String,
    /// Doc comments on `private`.
    pub doc: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enum {
    pub name: String,
    pub doc: Vec<String>,
    /// Declared with `flags`: each value is one bit, and a field holding it
    /// holds any combination of them (0 included).
    pub flags: bool,
    pub values: Vec<Enumerator>,
}

impl Enum {
    /// Every bit of a flag set, or'd together.
    pub fn mask(&self) -> i64 {
        self.values.iter().fold(0, |m, v| m | v.value)
    }

    /// The values a field holding this enum can take, restricted to
    /// `allowed` when it is not empty: the enumerators of an enum; for flags
    /// every bit at once first (so a natural value meets any mask), each bit
    /// alone, no bit, then all bits but one.
    pub fn domain(&self, allowed: &[String]) -> Vec<i64> {
        let values: Vec<&Enumerator> =
            self.values.iter().filter(|v| allowed.is_empty() || allowed.contains(&v.name)).collect();
        if !self.flags {
            return values.iter().map(|v| v.value).collect();
        }
        let all = values.iter().fold(0, |m, v| m | v.value);
        let mut out = vec![all];
        out.extend(values.iter().map(|v| v.value));
        out.push(0);
        out.extend(values.iter().map(|v| all & !v.value));
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|v| seen.insert(*v));
        out
    }

    /// The enumerators whose bits make up `value`, lowest bit first; `None`
    /// when a bit of `value` is none of them.
    pub fn bits_of(&self, value: i64) -> Option<Vec<&Enumerator>> {
        let mut v: Vec<&Enumerator> = self.values.iter().filter(|e| value & e.value != 0).collect();
        v.sort_by_key(|e| e.value);
        (value & !self.mask() == 0).then_some(v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enumerator {
    pub name: String,
    pub doc: Vec<String>,
    pub value: i64,
    /// Written with `= N` in the definition (kept so C output says it too).
    pub explicit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Importer,
    Exporter,
    Both,
}

impl Role {
    pub fn on_importer(self) -> bool {
        matches!(self, Role::Importer | Role::Both)
    }
    pub fn on_exporter(self) -> bool {
        matches!(self, Role::Exporter | Role::Both)
    }
}

/// The match data of one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Data {
    /// Member of the core union (`sgt_data`); `None` for a private type.
    pub member: Option<String>,
    /// C struct tag, e.g. `dma_buf_mapping_sgt_data`.
    pub struct_name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
    /// Size and alignment on 64-bit kernels, computed by the checker.
    pub size: u64,
    pub align: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Field {
    pub name: String,
    pub doc: Vec<String>,
    pub role: Role,
    /// Not copied into the attachment on match.
    pub opaque: bool,
    pub ty: CType,
    /// The enum whose values the field holds, if any.
    pub enum_name: Option<String>,
    /// The only enumerators this field may hold; empty means any of the enum.
    pub allowed: Vec<String>,
    /// Value when a constructor does not set it; a field without one is required.
    pub default: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    Int { value: i64 },
    Bool { value: bool },
    Null,
    EnumConst { enum_name: String, name: String, value: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OpsStruct {
    pub name: String,
    pub doc: Vec<String>,
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Param {
    pub name: String,
    pub ty: CType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Op {
    pub name: String,
    pub doc: Vec<String>,
    pub required: bool,
    pub params: Vec<Param>,
    /// `None` for `void`.
    pub ret: Option<CType>,
    /// How the op reports failure through what it returns.
    pub failure: Failure,
    /// The op this one reverses: stated with `undoes`, or inferred when this
    /// is the one op taking what a pointer-returning op returns.
    pub undoes: Option<String>,
}

/// How an op reports failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// It cannot fail, or says so in a way the generator does not check.
    None,
    /// As an `ERR_PTR()` in the returned pointer.
    ErrPtr,
    /// As the returned `int`: 0 on success, a negative errno on failure; a
    /// positive value is a driver bug the entry point turns into `-EINVAL`.
    Errno,
}

impl Op {
    /// Failure comes back as an `ERR_PTR()`.
    pub fn err_ptr(&self) -> bool {
        self.failure == Failure::ErrPtr
    }

    /// The op returns 0 or a negative errno.
    pub fn errno(&self) -> bool {
        self.failure == Failure::Errno
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CtorForm {
    /// A `static inline` function returning the candidate.
    Inline,
    /// A macro expanding to a compound literal; usable in static initializers.
    Macro,
}

/// An importer or exporter candidate constructor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Ctor {
    pub name: String,
    pub doc: Vec<String>,
    pub form: CtorForm,
    pub params: Vec<CtorParam>,
    /// Every field the candidate sets to a constant: fixed assignments and
    /// defaults of fields no parameter fills, in field order.
    pub fixed: Vec<Assign>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CtorParam {
    pub name: String,
    pub ty: CType,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "field", rename_all = "snake_case")]
pub enum Target {
    /// The exporter ops struct pointer.
    Ops,
    Field(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Assign {
    pub field: String,
    pub value: Value,
}

/// A `dma_buf_ops` initializer fragment for exporters with one fixed candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SingleExporter {
    pub name: String,
    pub doc: Vec<String>,
    /// The ops the macro takes, in parameter order.
    pub ops: Vec<String>,
    /// The exporter constructor whose candidate it builds (one with only `ops`).
    pub exporter: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Extern {
    pub name: String,
    pub doc: Vec<String>,
    pub params: Vec<Param>,
    pub ret: Option<CType>,
    /// Header to include, e.g. `linux/pci-p2pdma.h`.
    pub header: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// The body applies only when `cond` holds.
    When { doc: Vec<String>, cond: Expr, body: Vec<Rule> },
    /// `cond` must hold, else the match fails with `errno`.
    Require {
        /// Stable number of this requirement within the type, in source order.
        id: usize,
        doc: Vec<String>,
        cond: Expr,
        /// `WARN_ON` when it fails: a failure means a driver bug.
        warn: bool,
        errno: Errno,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Errno {
    pub name: String,
    /// `false` only for `EOPNOTSUPP`: not compatible, try the next candidate.
    pub fatal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The exporter's candidate.
    Exp,
    /// The importer's candidate.
    Imp,
    /// The negotiated result stored in the attachment.
    Stored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Bitwise or, of flags.
    BitOr,
    /// Bitwise and, of flags.
    BitAnd,
}

impl BinOp {
    /// Binding strength, shared by every printer (C, Rust, docs) so they
    /// agree on parentheses: `||` < `&&` < comparisons, as in C and Rust,
    /// then `|` < `&` as in Rust (C puts these below comparisons, so the
    /// printers parenthesise a bitwise operand of a comparison).
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 3,
            BinOp::BitOr => 4,
            BinOp::BitAnd => 5,
        }
    }

    /// A comparison: its value is a truth, not a number.
    pub fn is_comparison(self) -> bool {
        self.precedence() == 3
    }

    /// The comparison that holds exactly when this one does not; other
    /// operators are not comparisons and come back unchanged.
    pub fn negated(self) -> BinOp {
        match self {
            BinOp::Eq => BinOp::Ne,
            BinOp::Ne => BinOp::Eq,
            BinOp::Lt => BinOp::Ge,
            BinOp::Le => BinOp::Gt,
            BinOp::Gt => BinOp::Le,
            BinOp::Ge => BinOp::Lt,
            BinOp::Or | BinOp::And | BinOp::BitOr | BinOp::BitAnd => self,
        }
    }

    pub fn c(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::BitOr => "|",
            BinOp::BitAnd => "&",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expr {
    Value {
        value: Value,
    },
    Field {
        side: Side,
        field: String,
    },
    /// A call to one of the type's declared externs.
    Call {
        func: String,
        args: Vec<Expr>,
    },
    Not {
        expr: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
}

impl Expr {
    /// The field whose type a constant beside this expression takes: the
    /// field itself, or the field inside a flags expression (`memory & MMIO`).
    pub fn anchor_field(&self) -> Option<&str> {
        match self {
            Expr::Field { field, .. } => Some(field),
            Expr::Binary { op: BinOp::BitAnd | BinOp::BitOr, lhs, rhs } => lhs.anchor_field().or(rhs.anchor_field()),
            _ => None,
        }
    }

    /// Calls `f` on this expression and every sub-expression.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Call { args, .. } => args.iter().for_each(|a| a.walk(f)),
            Expr::Not { expr } => expr.walk(f),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.walk(f);
                rhs.walk(f);
            }
            Expr::Value { .. } | Expr::Field { .. } => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OnMatch {
    /// Doc comments on the `on_match` block.
    pub doc: Vec<String>,
    /// Fields copied into `attach->map_type`, with the side each comes from.
    pub keep: Vec<Keep>,
    /// Assignments to the attachment's pre-mapping-type fields.
    pub legacy: Vec<Legacy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Keep {
    pub side: Side,
    pub field: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Legacy {
    /// `dev` or `peer2peer` of `struct dma_buf_attachment`.
    pub attach_field: String,
    pub value: Expr,
}

/// A function of the attachment, valid only when this type was negotiated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Accessor {
    pub name: String,
    pub doc: Vec<String>,
    pub ret: CType,
    /// Reads only `Side::Stored` fields.
    pub value: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// Caller holds the reservation lock; the entry point asserts it.
    Held,
    /// The entry point takes the reservation lock itself.
    Takes,
}

/// An exported function importers call, wrapping one exporter op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Entry {
    pub name: String,
    pub doc: Vec<String>,
    pub op: String,
    pub lock: Option<Lock>,
    pub export: Export,
    /// The result struct validated before it reaches the importer.
    pub validates: Option<String>,
    /// The entry point that undoes (or is undone by) this one.
    pub partner: Option<String>,
    /// Op parameters the entry point fills from the negotiated match data;
    /// its caller does not pass them.
    pub bound: Vec<Bound>,
    /// Checked in order before the op is called; the first that fails is
    /// returned and the op is not called.
    pub preconditions: Vec<Precondition>,
}

/// An op parameter filled from a kept match field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Bound {
    pub param: String,
    pub field: String,
}

/// A check of one of the caller's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Precondition {
    pub doc: Vec<String>,
    /// The op parameter checked (an integer the caller passes).
    pub param: String,
    pub check: PreCheck,
    /// Returned (negated) when the argument breaks it.
    pub errno: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PreCheck {
    /// A multiple of the size constant `unit` (`PAGE_SIZE`, `SZ_4K`, ...).
    Aligned { unit: String },
    /// `param OP value`; `op` is a comparison.
    Compare { op: BinOp, value: PreValue },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PreValue {
    Int {
        value: i64,
    },
    /// `dmabuf.size`: the buffer's size in bytes.
    BufferSize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Struct {
    pub name: String,
    pub doc: Vec<String>,
    /// First kernel version that defines it; older targets get our definition.
    pub since: Option<String>,
    /// The kernel's later name for it: from that version on the generated
    /// code spells it so (and the kernel defines it), see [`Registry::for_kernel`].
    pub renamed: Option<Renamed>,
    /// The mapping type whose header defines it: this type restates the
    /// fields its invariants read, and includes that header.
    pub from: Option<String>,
    pub fields: Vec<StructField>,
}

/// `renamed NAME since "VERSION"` on a struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Renamed {
    pub name: String,
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StructField {
    pub name: String,
    pub doc: Vec<String>,
    pub ty: CType,
}

/// What an op returns: a counted array whose invariants are checked, in a
/// struct of its own or counted by an out-parameter of the op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResultStruct {
    /// The struct's tag; for an [`ResultShape::OutParam`] result, only the
    /// name of its validator and its test cases.
    pub name: String,
    pub doc: Vec<String>,
    pub shape: ResultShape,
    /// The entry count: the struct's field (`length`), or the op's
    /// out-parameter (`nelms`), here with the type it points to.
    pub count: StructField,
    /// The entries: the flexible array (`phys`), `__counted_by(count)`; or,
    /// for an out-parameter count, the element the op returns a pointer to.
    pub array: StructField,
    /// Element fields holding an address range: (address, length).
    pub range: Option<(String, String)>,
    pub invariants: Vec<Invariant>,
    /// Doc comments on the `invariants` blocks, in order.
    pub invariants_doc: Vec<String>,
}

/// How an op hands a [`ResultStruct`] back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResultShape {
    /// A pointer to `struct NAME { count; array[] __counted_by(count); }`.
    Struct,
    /// A pointer to the first entry, with the count written to the
    /// out-parameter `count` of op `op` (`map(..., size_t *nelms)`).
    OutParam { op: String },
}

impl ResultStruct {
    /// Whether `op` hands this result back.
    pub fn returned_by(&self, op: &Op) -> bool {
        match &self.shape {
            ResultShape::Struct => op.ret.as_ref().is_some_and(|r| r.is_struct_ptr(&self.name)),
            ResultShape::OutParam { op: name } => op.name == *name,
        }
    }

    /// Whether the result is a struct of its own, which C declares and Rust builds.
    pub fn is_struct(&self) -> bool {
        self.shape == ResultShape::Struct
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Invariant {
    pub doc: Vec<String>,
    pub check: Check,
    /// Returned when the invariant is violated.
    pub errno: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// At least one entry.
    Nonempty,
    /// No more entries than the buffer size divided by `unit` allows.
    CountMax { unit: String },
    /// The element field is never zero.
    EachNonzero { field: String },
    /// The element field is a multiple of `align`.
    EachAligned { field: String, align: String },
    /// No range wraps around the address space.
    NoOverflow,
    /// No two ranges share an address.
    NoOverlap,
    /// The range lengths add up to the buffer's size.
    TotalIsBufferSize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Debugfs {
    /// Doc comments on `debugfs`.
    pub doc: Vec<String>,
    /// printf format, printed after the type's title.
    pub format: String,
    /// Arguments; read `Side::Stored` fields.
    pub args: Vec<Expr>,
}

impl MappingType {
    pub fn enum_by_name(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.data.as_ref()?.fields.iter().find(|f| f.name == name)
    }

    pub fn op(&self, name: &str) -> Option<&Op> {
        self.ops.as_ref()?.ops.iter().find(|o| o.name == name)
    }

    pub fn result(&self, name: &str) -> Option<&ResultStruct> {
        self.results.iter().find(|r| r.name == name)
    }

    pub fn extern_fn(&self, name: &str) -> Option<&Extern> {
        self.externs.iter().find(|e| e.name == name)
    }

    /// Every condition of the rules (`when` guards and requirements), in source order.
    pub fn rule_conditions(&self) -> Vec<&Expr> {
        fn walk<'a>(rules: &'a [Rule], out: &mut Vec<&'a Expr>) {
            for r in rules {
                match r {
                    Rule::When { cond, body, .. } => {
                        out.push(cond);
                        walk(body, out);
                    }
                    Rule::Require { cond, .. } => out.push(cond),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.rules, &mut out);
        out
    }

    /// Every requirement with the `when` conditions that guard it, in source order.
    pub fn requirements(&self) -> Vec<(Vec<&Expr>, &Rule)> {
        fn walk<'a>(rules: &'a [Rule], guards: &mut Vec<&'a Expr>, out: &mut Vec<(Vec<&'a Expr>, &'a Rule)>) {
            for r in rules {
                match r {
                    Rule::When { cond, body, .. } => {
                        guards.push(cond);
                        walk(body, guards, out);
                        guards.pop();
                    }
                    Rule::Require { .. } => out.push((guards.clone(), r)),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.rules, &mut Vec::new(), &mut out);
        out
    }
}
