//! The syntax tree: what a definition file says, with source spans, before
//! any name is resolved. Only `parse` builds it and only `resolve` reads it.

use crate::diag::Span;

/// A name or literal with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

pub type Ident = Spanned<String>;

#[derive(Debug, Clone)]
pub struct File {
    pub types: Vec<MappingType>,
}

#[derive(Debug, Clone)]
pub struct MappingType {
    pub doc: Docs,
    pub name: Ident,
    pub span: Span,
    pub items: Vec<Item>,
}

/// `///` lines, each with its span (so bad doc text is located exactly).
pub type Docs = Vec<Spanned<String>>;

#[derive(Debug, Clone)]
pub enum Item {
    Title { doc: Docs, text: Spanned<String>, span: Span },
    Export { doc: Docs, policy: ExportPolicy, span: Span },
    Private { doc: Docs, module: Spanned<String>, dir: Spanned<String>, span: Span },
    Enum(EnumDef),
    Data(DataDef),
    Ops(OpsDef),
    Importer(CtorDef),
    Exporter(CtorDef),
    SingleExporter { doc: Docs, name: Ident, ops: Vec<Ident>, span: Span },
    Extern(ExternDef),
    Compatible { doc: Docs, body: Vec<Stmt>, span: Span },
    OnMatch { doc: Docs, body: Vec<OnMatchStmt>, span: Span },
    Accessor { doc: Docs, name: Ident, ty: CType, value: Expr, span: Span },
    OpsAccessor { doc: Docs, name: Ident, span: Span },
    Entry(EntryDef),
    Struct(StructDef),
    Result(ResultDef),
    Debugfs { doc: Docs, format: Spanned<String>, args: Vec<Expr>, span: Span },
}

#[derive(Debug, Clone)]
pub enum ExportPolicy {
    Gpl(Span),
    Local(Span),
    Namespace(Spanned<String>),
    Modules(Vec<Spanned<String>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CType {
    pub is_const: bool,
    /// `struct`, `enum` or `union` when tagged.
    pub tag: Option<String>,
    /// `device` for a tagged type, `unsigned int` for a plain one.
    pub base: String,
    /// One entry per `*`, true where that pointer is itself `const`.
    pub pointers: Vec<bool>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub doc: Docs,
    pub name: Ident,
    /// `flags NAME { ... }`: named bits a field combines, not exclusive values.
    pub flags: bool,
    pub values: Vec<Enumerator>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Enumerator {
    pub doc: Docs,
    pub name: Ident,
    pub value: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct DataDef {
    pub doc: Docs,
    pub name: Option<Ident>,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Importer,
    Exporter,
    Both,
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub doc: Docs,
    pub role: Role,
    pub opaque: bool,
    pub name: Ident,
    pub ty: CType,
    pub enum_of: Option<Ident>,
    pub allowed: Vec<Ident>,
    pub default: Option<Value>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Value {
    Int(Spanned<String>),
    Name(Ident),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Int(s) | Value::Name(s) => s.span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpsDef {
    pub doc: Docs,
    pub name: Ident,
    pub ops: Vec<OpDef>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Ident,
    pub ty: CType,
}

#[derive(Debug, Clone)]
pub struct Ret {
    pub ty: CType,
    /// `or ERR_PTR` / `or errno`, where written.
    pub failure: Option<Spanned<Failure>>,
}

/// How an op reports failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// `or ERR_PTR`: an `ERR_PTR()` in the returned pointer.
    ErrPtr,
    /// `or errno`: 0 on success, a negative errno on failure.
    Errno,
}

#[derive(Debug, Clone)]
pub struct OpDef {
    pub doc: Docs,
    pub required: bool,
    pub name: Ident,
    pub params: Vec<Param>,
    pub ret: Option<Ret>,
    /// `undoes OP`: the op this one reverses.
    pub undoes: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct CtorDef {
    pub doc: Docs,
    pub name: Ident,
    pub params: Vec<CtorParam>,
    pub as_macro: bool,
    pub assigns: Vec<(Ident, Value)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct CtorParam {
    pub name: Ident,
    pub ty: Option<CType>,
    /// The field (or `ops`) the parameter fills; the parameter's own name when absent.
    pub target: Option<Ident>,
}

#[derive(Debug, Clone)]
pub struct ExternDef {
    pub doc: Docs,
    pub name: Ident,
    pub params: Vec<Param>,
    pub ret: Option<Ret>,
    pub header: Spanned<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    When { doc: Docs, cond: Expr, body: Vec<Stmt>, span: Span },
    Require { doc: Docs, cond: Expr, warn: bool, errno: Ident, span: Span },
}

#[derive(Debug, Clone)]
pub enum OnMatchStmt {
    Keep(Vec<Path>),
    Legacy { target: Path, value: Expr, span: Span },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub parts: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    BitOr,
    BitAnd,
    /// `a has b`: every bit of `b` is set in `a`.
    Has,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Int(Spanned<String>),
    Path(Path),
    Call { func: Ident, args: Vec<Expr>, span: Span },
    Not(Box<Expr>, Span),
    Binary { op: BinOp, lhs: Box<Expr>, rhs: Box<Expr>, span: Span },
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Int(i) => i.span,
            Expr::Path(p) => p.span,
            Expr::Call { span, .. } | Expr::Not(_, span) | Expr::Binary { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// The caller must hold the reservation lock: assert it.
    Held,
    /// The entry point takes and releases the reservation lock itself.
    Takes,
}

#[derive(Debug, Clone)]
pub struct EntryDef {
    pub doc: Docs,
    pub name: Ident,
    pub op: Ident,
    pub lock: Option<Spanned<Lock>>,
    pub export: Option<(ExportPolicy, Span)>,
    pub binds: Vec<Bind>,
    pub preconditions: Vec<PreconditionDef>,
    pub span: Span,
}

/// `bind PARAM = FIELD;`: the entry point passes the negotiated FIELD as the
/// op's PARAM, and its caller does not pass it.
#[derive(Debug, Clone)]
pub struct Bind {
    pub doc: Docs,
    pub param: Ident,
    /// The kept match field; the parameter's own name when absent.
    pub field: Option<Ident>,
    pub span: Span,
}

/// `require PARAM CHECK else ERRNO;`: checked before the op is called.
#[derive(Debug, Clone)]
pub struct PreconditionDef {
    pub doc: Docs,
    pub param: Ident,
    pub check: PreCheck,
    pub errno: Ident,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum PreCheck {
    /// `aligned UNIT`
    Aligned(Ident),
    /// `OP VALUE`, with `VALUE` a number or `dmabuf.size`.
    Compare(BinOp, Spanned<PreValue>),
}

#[derive(Debug, Clone)]
pub enum PreValue {
    Int(String),
    Path(Path),
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub doc: Docs,
    pub name: Ident,
    pub since: Option<Spanned<String>>,
    /// `renamed NAME since "VERSION"`: the kernel's name for it from VERSION on.
    pub renamed: Option<(Ident, Spanned<String>)>,
    /// `from TYPE`: the struct mapping type TYPE defines, restated here.
    pub from: Option<Ident>,
    pub fields: Vec<(Docs, Ident, CType)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ResultDef {
    pub doc: Docs,
    pub name: Ident,
    pub fields: Vec<ResultField>,
    pub invariants: Vec<InvariantBlock>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ResultField {
    pub doc: Docs,
    pub name: Ident,
    pub ty: CType,
    pub counted_by: Option<Ident>,
    /// `ranges addr + len`: which element fields form an address range.
    pub ranges: Option<(Ident, Ident)>,
}

#[derive(Debug, Clone)]
pub struct InvariantBlock {
    pub doc: Docs,
    pub array: Ident,
    pub items: Vec<InvariantDef>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct InvariantDef {
    pub doc: Docs,
    pub kind: InvariantKind,
    pub errno: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum InvariantKind {
    Nonempty,
    CountMax { total: Path, unit: Ident },
    EachNonzero(Ident),
    EachAligned(Ident, Ident),
    NoOverflow,
    NoOverlap,
    Total(Path),
}
