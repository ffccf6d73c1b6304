//! The checker phase after lowering: everything the backends derive from a
//! definition must be derivable, and what is not is reported at its place in
//! the source. It runs on a complete IR; spans come from the syntax tree.

use super::cases::{rule_cases, CaseError};
use super::model::{Fresh, Model};
use super::samples::{self, SampleError};
use super::validation;
use crate::ast;
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Expr, Failure, Lock, MappingType, Side, Target};
use crate::oracle::{rust_fn_name, rust_kind, variant_names, RustKind, RUST_KEYWORDS};

/// Diagnostics for every type of `reg` whose KUnit cases or Rust bindings cannot be derived.
pub fn derivable(types: &[(String, &ast::MappingType)], reg: &ir::Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &reg.types {
        let Some((_, a)) = types.iter().find(|(src, a)| a.name.node == t.name && *src == t.source) else { continue };
        let at = Places { a };
        rules(t, &at, &mut out);
        invariants(t, &at, &mut out);
        rust(t, &at, &mut out);
    }
    out
}

/// Finds the source of IR items in one type's syntax tree.
struct Places<'a> {
    a: &'a ast::MappingType,
}

impl<'a> Places<'a> {
    fn whole(&self) -> Span {
        self.a.name.span
    }

    /// Every `require` of the `compatible` block, in source order (the IR's requirement ids).
    fn requires(&self) -> Vec<(Span, &'a ast::Expr)> {
        fn walk<'a>(body: &'a [ast::Stmt], out: &mut Vec<(Span, &'a ast::Expr)>) {
            for s in body {
                match s {
                    ast::Stmt::When { body, .. } => walk(body, out),
                    ast::Stmt::Require { cond, span, .. } => out.push((*span, cond)),
                }
            }
        }
        let mut out = Vec::new();
        if let Some(body) = self.a.items.iter().find_map(|i| match i {
            ast::Item::Compatible { body, .. } => Some(body),
            _ => None,
        }) {
            walk(body, &mut out);
        }
        out
    }

    fn require(&self, id: usize) -> Span {
        self.requires().get(id).map_or(self.whole(), |r| r.0)
    }

    /// Where conjunct `ci` of requirement `id` is written.
    fn conjunct(&self, id: usize, ci: usize) -> Span {
        fn conj<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
            match e {
                ast::Expr::Binary { op: ast::BinOp::And, lhs, rhs, .. } => {
                    conj(lhs, out);
                    conj(rhs, out);
                }
                other => out.push(other),
            }
        }
        let Some((span, cond)) = self.requires().get(id).copied() else { return self.whole() };
        let mut parts = Vec::new();
        conj(cond, &mut parts);
        parts.get(ci).map_or(span, |e| e.span())
    }

    fn invariant(&self, result: &str, index: usize) -> Span {
        self.a
            .items
            .iter()
            .find_map(|i| match i {
                ast::Item::Result(r) if r.name.node == result => {
                    let all = r.invariants.iter().flat_map(|b| &b.items).map(|i| i.span).collect::<Vec<_>>();
                    Some(all.get(index).copied().unwrap_or(r.name.span))
                }
                _ => None,
            })
            .unwrap_or(self.whole())
    }

    fn op(&self, name: &str) -> Option<&'a ast::OpDef> {
        self.a.items.iter().find_map(|i| match i {
            ast::Item::Ops(o) => o.ops.iter().find(|op| op.name.node == name),
            _ => None,
        })
    }

    fn op_param(&self, op: &str, param: &str) -> Span {
        self.op(op)
            .map_or(self.whole(), |o| o.params.iter().find(|p| p.name.node == param).map_or(o.name.span, |p| p.ty.span))
    }

    fn op_ret(&self, op: &str) -> Span {
        self.op(op).map_or(self.whole(), |o| o.ret.as_ref().map_or(o.name.span, |r| r.ty.span))
    }

    fn ctor_param(&self, ctor: &str, param: &str) -> Span {
        let c = self.a.items.iter().find_map(|i| match i {
            ast::Item::Importer(c) | ast::Item::Exporter(c) if c.name.node == ctor => Some(c),
            _ => None,
        });
        c.map_or(self.whole(), |c| {
            c.params
                .iter()
                .find(|p| p.name.node == param)
                .map_or(c.name.span, |p| p.ty.as_ref().map_or(p.name.span, |t| t.span))
        })
    }

    /// An accessor's return type and value.
    fn accessor(&self, name: &str) -> (Span, Span) {
        self.a
            .items
            .iter()
            .find_map(|i| match i {
                ast::Item::Accessor { name: n, ty, value, .. } if n.node == name => Some((ty.span, value.span())),
                _ => None,
            })
            .unwrap_or((self.whole(), self.whole()))
    }

    /// Where a constructor, accessor, ops accessor or entry point is named.
    fn named(&self, name: &str) -> Span {
        self.a
            .items
            .iter()
            .find_map(|i| match i {
                ast::Item::Importer(c) | ast::Item::Exporter(c) if c.name.node == name => Some(c.name.span),
                ast::Item::Accessor { name: n, .. } | ast::Item::OpsAccessor { name: n, .. } if n.node == name => {
                    Some(n.span)
                }
                ast::Item::Entry(e) if e.name.node == name => Some(e.name.span),
                _ => None,
            })
            .unwrap_or(self.whole())
    }

    /// Enumerator `value` of enum `e`.
    fn enumerator(&self, e: &str, value: &str) -> Span {
        self.a
            .items
            .iter()
            .find_map(|i| match i {
                ast::Item::Enum(d) if d.name.node == e => {
                    Some(d.values.iter().find(|v| v.name.node == value).map_or(d.name.span, |v| v.name.span))
                }
                _ => None,
            })
            .unwrap_or(self.whole())
    }

    fn entry(&self, name: &str) -> Span {
        self.a
            .items
            .iter()
            .find_map(|i| match i {
                ast::Item::Entry(e) if e.name.node == name => Some(e.name.span),
                _ => None,
            })
            .unwrap_or(self.whole())
    }
}

/// Requirements the KUnit suite cannot show holding, failing, or failing alone.
///
/// One broken requirement spoils the cases of every requirement after it, so
/// each problem is reported once, at its cause: first requirements that can
/// never hold, then pairs that exclude each other, then the rest.
fn rules(t: &MappingType, at: &Places, out: &mut Vec<Diagnostic>) {
    let m = Model::new(t);
    let (_, errors) = rule_cases(&m, &mut Fresh::default());
    let mut explained: Vec<usize> = Vec::new();
    for e in &errors {
        if let CaseError::CannotHold { id, blocker } = *e {
            if blocker.is_none_or(|b| b == id) {
                explained.push(id);
                out.push(
                    Diagnostic::error(at.require(id), "no case makes this requirement hold")
                        .hint("the KUnit suite needs a match where every requirement holds; correct the condition"),
                );
            }
        }
    }
    for e in &errors {
        let d = match *e {
            CaseError::CannotHold { id, blocker: Some(b) } if b != id => {
                if explained.contains(&id) || explained.contains(&b) {
                    continue;
                }
                explained.extend([id, b]);
                // Two requirements that exclude each other: the later one is the odd one out.
                let mutual = errors.contains(&CaseError::CannotHold { id: b, blocker: Some(id) });
                let (here, other) = if mutual { (id.max(b), id.min(b)) } else { (id, b) };
                Diagnostic::error(at.require(here), "no case meets this requirement and another one together")
                    .related(at.require(other), "the other requirement")
                    .hint("the two contradict each other, so no match could succeed; remove or correct one")
            }
            CaseError::CannotHold { .. } => continue,
            CaseError::CannotFail { id, conjunct } => {
                if explained.contains(&id) {
                    continue;
                }
                explained.push(id);
                let msg = if Model::conjuncts(requirement_cond(t, id)).len() == 1 {
                    "no case makes this requirement fail".to_string()
                } else {
                    format!("no case makes condition {conjunct} of this requirement false")
                };
                Diagnostic::error(at.conjunct(id, conjunct), msg).hint(
                    "the KUnit suite tests every requirement failing; a check that always passes checks nothing: \
                     drop or correct it",
                )
            }
            CaseError::NotAlone { id, conjunct, instead } => {
                if explained.contains(&id) || instead.is_some_and(|o| explained.contains(&o)) {
                    continue;
                }
                explained.push(id);
                let d = Diagnostic::error(at.conjunct(id, conjunct), "no case makes this requirement fail on its own");
                match instead {
                    Some(o) => d
                        .related(at.require(o), "fails first whenever it would")
                        .hint("the other requirement already makes this check; drop one of them"),
                    None => d.hint("whenever it is false, the match succeeds anyway; correct its `when` guards"),
                }
            }
        };
        out.push(d);
    }
}

fn requirement_cond(t: &MappingType, id: usize) -> &Expr {
    let m = Model::new(t);
    m.requirements().into_iter().find(|r| r.1 == id).map(|r| r.2).expect("requirement ids come from the IR")
}

/// Invariants the KUnit suite has no sample list for.
fn invariants(t: &MappingType, at: &Places, out: &mut Vec<Diagnostic>) {
    for r in &t.results {
        let Some(entry) = t.entries.iter().find(|e| e.validates.as_deref() == Some(r.name.as_str())) else { continue };
        if t.op(&entry.op).is_none() {
            continue;
        }
        let unit_name = samples::unit_name(r);
        for e in samples::check(r) {
            out.push(match e {
                SampleError::ValidBreaks { index } => {
                    let what = match r.invariants.get(index).map(|i| &i.check) {
                        Some(ir::Check::CountMax { unit }) => format!(
                            "this invariant allows only {} entries in the KUnit suite's buffer of {} * {} bytes",
                            samples::SIZE_UNITS * validation::constant_value(&unit_name)
                                / validation::constant_value(unit),
                            samples::SIZE_UNITS,
                            unit_name
                        ),
                        _ => "this invariant rejects the KUnit suite's valid list".to_string(),
                    };
                    Diagnostic::error(at.invariant(&r.name, index), what)
                        .hint("the suite needs a valid list of 3 ranges covering its buffer; relax the invariant")
                }
                SampleError::NoSample { index } => {
                    Diagnostic::error(at.invariant(&r.name, index), "this invariant is never the first one broken")
                        .hint("an invariant checked before it rejects every list that breaks it; drop one of them")
                }
            });
        }
    }
}

const RUST_TYPES: &str = "Rust maps scalars, pointers to scalars, enums the type declares, \
                          `enum dma_data_direction` and `struct` pointers";

/// Ops, constructors, accessors and entry points the Rust backend cannot express.
fn rust(t: &MappingType, at: &Places, out: &mut Vec<Diagnostic>) {
    let mut bad_ops = Vec::new();
    for op in t.ops.iter().flat_map(|o| &o.ops) {
        let mut ok = true;
        let mut can_refuse = false;
        for p in &op.params {
            match rust_kind(t, &p.ty) {
                None => {
                    ok = false;
                    out.push(
                        Diagnostic::error(
                            at.op_param(&op.name, &p.name),
                            format!("op `{}` takes `{}`, which has no Rust mapping", op.name, p.ty.spelling()),
                        )
                        .hint(RUST_TYPES),
                    );
                }
                Some(RustKind::Scalar) => {}
                Some(_) => can_refuse = true,
            }
        }
        let Some(ret) = &op.ret else {
            if !ok {
                bad_ops.push(op.name.as_str());
            }
            continue;
        };
        let kind = rust_kind(t, ret);
        let returns = matches!(
            (&kind, op.failure),
            (Some(RustKind::Handed(_) | RustKind::Result(_)), Failure::ErrPtr)
                | (Some(RustKind::Scalar), Failure::None | Failure::Errno)
        );
        if !returns {
            ok = false;
            out.push(
                Diagnostic::error(
                    at.op_ret(&op.name),
                    format!("op `{}` returns `{}`, which has no Rust mapping", op.name, ret.spelling()),
                )
                .hint("an op returns nothing, a scalar, or a `struct` pointer `or ERR_PTR`"),
            );
        } else if can_refuse && op.failure == Failure::None {
            ok = false;
            out.push(
                Diagnostic::error(
                    at.op_ret(&op.name),
                    format!(
                        "op `{}` returns `{}`, which cannot report an argument Rust refuses",
                        op.name,
                        ret.spelling()
                    ),
                )
                .hint("Rust refuses a NULL pointer or an unknown enum value; return `int ... or errno` (0 or a negative errno) instead"),
            );
        }
        if !ok {
            bad_ops.push(op.name.as_str());
        }
    }
    for c in t.importers.iter().chain(&t.exporters) {
        for p in &c.params {
            let Target::Field(_) = &p.target else { continue };
            let kind = rust_kind(t, &p.ty);
            let fits = matches!(
                kind,
                Some(
                    RustKind::Device
                        | RustKind::Borrowed(_)
                        | RustKind::Enum(_)
                        | RustKind::Direction
                        | RustKind::Scalar
                )
            );
            if !fits {
                out.push(
                    Diagnostic::error(
                        at.ctor_param(&c.name, &p.name),
                        format!("constructor `{}` takes `{}`, which has no Rust mapping", c.name, p.ty.spelling()),
                    )
                    .hint("a constructor takes scalars, enums and pointers to borrowed `struct`s"),
                );
            }
        }
    }
    for a in &t.accessors {
        let (ty_span, value_span) = at.accessor(&a.name);
        let fits = matches!(rust_kind(t, &a.ret), Some(RustKind::Device | RustKind::Borrowed(_) | RustKind::Scalar));
        if !fits {
            out.push(
                Diagnostic::error(
                    ty_span,
                    format!("accessor `{}` returns `{}`, which has no Rust mapping", a.name, a.ret.spelling()),
                )
                .hint("an accessor returns a scalar or a `struct` pointer"),
            );
        }
        if t.private.is_some() && !private_expr(&a.value) {
            out.push(
                Diagnostic::error(
                    value_span,
                    format!("accessor `{}` must compute its value from stored fields", a.name),
                )
                .hint(
                    "a driver-private type's accessors are compiled to Rust: compare stored fields with \
                         each other or with constants",
                ),
            );
        }
    }
    entries(t, at, &bad_ops, out);
    keywords(t, at, out);
    variants(t, at, out);
}

/// The Rust variants of each declared enum (named by `oracle::variant_names`)
/// must be distinct identifiers: two enumerators may differ only in
/// underscores or case that UpperCamelCase drops.
fn variants(t: &MappingType, at: &Places, out: &mut Vec<Diagnostic>) {
    for e in &t.enums {
        let names = variant_names(e);
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (v, rv) in e.values.iter().zip(&names) {
            let span = at.enumerator(&e.name, &v.name);
            if RUST_KEYWORDS.contains(&rv.as_str()) {
                out.push(
                    Diagnostic::error(span, format!("`{}` becomes the Rust variant `{rv}`, a Rust keyword", v.name))
                        .hint("the Rust name drops the enum's name; rename the enumerator"),
                );
            } else if !rv.starts_with(|c: char| c.is_ascii_alphabetic()) {
                out.push(
                    Diagnostic::error(span, format!("`{}` becomes the Rust variant `{rv}`, which is no name", v.name))
                        .hint("name the enumerator with letters after the enum's name, e.g. `NAME_MODE_READ`"),
                );
            } else if let Some((first, _)) = seen.iter().find(|(_, r)| *r == rv.as_str()) {
                out.push(
                    Diagnostic::error(
                        span,
                        format!(
                            "`{}` and `{first}` both become the Rust variant `{}::{rv}`",
                            v.name,
                            crate::oracle::rust_enum_name(&e.name)
                        ),
                    )
                    .related(at.enumerator(&e.name, first), "the first here")
                    .hint("Rust names drop underscores and the enum's prefix: make the enumerators differ in a word"),
                );
            } else {
                seen.push((&v.name, rv));
            }
        }
    }
}

/// Names the Rust side uses as they are: the type's module and its functions.
fn keywords(t: &MappingType, at: &Places, out: &mut Vec<Diagnostic>) {
    if RUST_KEYWORDS.contains(&t.name.as_str()) {
        out.push(
            Diagnostic::error(
                at.whole(),
                format!("`{}` is a Rust keyword, so it cannot name the type's Rust module", t.name),
            )
            .hint("rename the mapping type"),
        );
    }
    let functions = t.importers.iter().chain(&t.exporters).map(|c| &c.name);
    let functions = functions.chain(t.accessors.iter().map(|a| &a.name)).chain(t.ops_accessor.iter());
    for name in functions.chain(t.entries.iter().map(|e| &e.name)) {
        let f = rust_fn_name(name);
        if RUST_KEYWORDS.contains(&f.as_str()) {
            out.push(
                Diagnostic::error(at.named(name), format!("`{name}` becomes the Rust function `{f}`, a Rust keyword"))
                    .hint("rename it"),
            );
        } else if f.is_empty() || f.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(
                Diagnostic::error(
                    at.named(name),
                    format!("`{name}` becomes the Rust function `{f}`, which is no name"),
                )
                .hint("the Rust name drops the `dma_buf_` prefix; what follows must start with a letter"),
            );
        }
    }
}

/// Whether the Rust backend can compile an accessor value of a private type.
fn private_expr(e: &Expr) -> bool {
    match e {
        Expr::Field { side: Side::Stored, .. } => true,
        // A constant takes its Rust type from the field it meets (through `&` / `|`).
        Expr::Binary { lhs, rhs, .. } => match (&**lhs, &**rhs) {
            (x, Expr::Value { .. }) | (Expr::Value { .. }, x) if x.anchor_field().is_some() => private_expr(x),
            _ => private_expr(lhs) && private_expr(rhs),
        },
        Expr::Not { expr } => private_expr(expr),
        _ => false,
    }
}

fn entries(t: &MappingType, at: &Places, bad_ops: &[&str], out: &mut Vec<Diagnostic>) {
    let kind_of = |ty: &ir::CType| rust_kind(t, ty);
    let mut guarded = Vec::new();
    for e in &t.entries {
        let ret = t.op(&e.op).and_then(|o| o.ret.as_ref());
        if let (Some(RustKind::Result(_)), Some(p)) = (ret.and_then(kind_of), &e.partner) {
            guarded.push(p.as_str());
        }
    }
    for e in &t.entries {
        if guarded.contains(&e.name.as_str()) || bad_ops.contains(&e.op.as_str()) {
            continue;
        }
        let Some(op) = t.op(&e.op) else { continue };
        for p in &op.params {
            if let Some(RustKind::Result(r)) = kind_of(&p.ty) {
                out.push(
                    Diagnostic::error(
                        at.entry(&e.name),
                        format!("entry point `{}` gives back `struct {r}`, but no entry point returns one", e.name),
                    )
                    .hint(format!(
                        "Rust hands a result only to the guard of the entry point that returned it: declare an entry \
                         point for the op returning `struct {r} *`"
                    )),
                );
            }
        }
        let Some(RustKind::Result(r)) = op.ret.as_ref().and_then(kind_of) else { continue };
        let Some(pname) = &e.partner else {
            out.push(
                Diagnostic::error(
                    at.entry(&e.name),
                    format!("entry point `{}` returns `struct {r}`, but no entry point gives it back", e.name),
                )
                .hint(format!("declare an entry point for the op taking `struct {r} *`")),
            );
            continue;
        };
        let Some(partner) = t.entries.iter().find(|x| &x.name == pname) else { continue };
        if partner.lock == Some(Lock::Held) {
            out.push(
                Diagnostic::error(
                    at.entry(pname),
                    format!(
                        "entry point `{pname}` needs the reservation lock held, so Rust cannot undo `{}` with it",
                        e.name
                    ),
                )
                .related(at.entry(&e.name), "its mapping is given back by a guard that calls the partner when dropped")
                .hint("let the partner take the lock itself: `takes resv`"),
            );
        }
        let kinds: Vec<Option<RustKind>> =
            t.op(&partner.op).map(|o| o.params.iter().map(|p| kind_of(&p.ty)).collect()).unwrap_or_default();
        if kinds != [Some(RustKind::Attach), Some(RustKind::Result(r.clone()))] {
            out.push(
                Diagnostic::error(
                    at.entry(pname),
                    format!(
                        "entry point `{pname}` undoes `{}`, so it must take only the attachment and the result",
                        e.name
                    ),
                )
                .hint(format!("its op takes `(attach: struct dma_buf_attachment *, res: struct {r} *)`")),
            );
        }
    }
}
