//! Items: the mapping type, its attributes, data fields, ops and constructors.

use crate::ast::*;
use crate::diag::{Diagnostic, Span};

use super::{Builder, Rule, P};

impl Builder {
    pub(super) fn repeat(&self, span: Span, prev: Span, what: &str) {
        let mut r = self.repeated.borrow_mut();
        if r.is_none() {
            *r = Some(
                Diagnostic::error(span, format!("syntax error: the entry point's {what} is given twice"))
                    .related(prev, "first given here"),
            );
        }
    }

    pub(super) fn span(&self, p: &P) -> Span {
        let s = p.as_span();
        // A rule ending in an optional or repeated part (`ctype` with no `*`)
        // also spans the blank skipped before it; carets stop at the text.
        let end = s.start() + s.as_str().trim_end().len();
        Span { file: self.file, start: s.start(), end }
    }

    pub(super) fn ident(&self, p: P) -> Ident {
        Spanned { span: self.span(&p), node: p.as_str().to_string() }
    }

    pub(super) fn string(&self, p: P) -> Spanned<String> {
        let span = self.span(&p);
        let body = p.into_inner().next().map_or("", |b| b.as_str());
        Spanned { node: unescape(body), span }
    }

    pub(super) fn docs(&self, p: P) -> Docs {
        p.into_inner()
            .map(|d| {
                let span = self.span(&d);
                let text = d.into_inner().next().map_or("", |t| t.as_str());
                // One leading space is the separator after `///`, not content.
                let text = text.strip_prefix(' ').unwrap_or(text).trim_end();
                Spanned { node: text.to_string(), span }
            })
            .collect()
    }

    pub(super) fn mapping_type(&self, p: P) -> MappingType {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let name = self.ident(it.next().expect("name"));
        let items = it.map(|i| self.item(i)).collect();
        MappingType { doc, name, span, items }
    }

    /// An `item`: its docs, then one item rule. The span covers both.
    pub(super) fn item(&self, p: P) -> Item {
        let span = self.span(&p);
        let mut outer = p.into_inner();
        let doc = self.docs(outer.next().expect("every item starts with docs"));
        let body = outer.next().expect("an item rule follows its docs");
        let rule = body.as_rule();
        let mut it = body.into_inner();
        match rule {
            Rule::name_item => Item::Title { doc, text: self.string(it.next().expect("string")), span },
            Rule::export_item => Item::Export { doc, policy: self.policy(it.next().expect("policy")), span },
            Rule::private_item => Item::Private {
                doc,
                module: self.string(it.next().expect("module")),
                dir: self.string(it.next().expect("dir")),
                span,
            },
            Rule::enum_item | Rule::flags_item => {
                let flags = rule == Rule::flags_item;
                let name = self.ident(it.next().expect("name"));
                let values = it
                    .map(|e| {
                        let mut ei = e.into_inner();
                        let doc = self.docs(ei.next().expect("docs"));
                        let name = self.ident(ei.next().expect("name"));
                        let value = ei.next().map(|v| self.ident(v));
                        Enumerator { doc, name, value }
                    })
                    .collect();
                Item::Enum(EnumDef { doc, name, flags, values, span })
            }
            Rule::data_item => {
                let mut name = None;
                let mut fields = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::ident => name = Some(self.ident(x)),
                        _ => fields.push(self.field(x)),
                    }
                }
                Item::Data(DataDef { doc, name, fields, span })
            }
            Rule::ops_item => {
                let name = self.ident(it.next().expect("name"));
                let ops = it.map(|o| self.op(o)).collect();
                Item::Ops(OpsDef { doc, name, ops, span })
            }
            Rule::importer_item => Item::Importer(self.ctor(doc, span, it.next().expect("ctor"))),
            Rule::exporter_item => Item::Exporter(self.ctor(doc, span, it.next().expect("ctor"))),
            Rule::single_exporter_item => {
                let name = self.ident(it.next().expect("name"));
                let ops = it.map(|o| self.ident(o)).collect();
                Item::SingleExporter { doc, name, ops, span }
            }
            Rule::extern_item => {
                let name = self.ident(it.next().expect("name"));
                let mut params = Vec::new();
                let mut ret = None;
                let mut header = None;
                for x in it {
                    match x.as_rule() {
                        Rule::params => params = self.params(x),
                        Rule::ret => ret = Some(self.ret(x)),
                        Rule::header => {
                            let span = self.span(&x);
                            let s = x.as_str();
                            header = Some(Spanned { node: s[1..s.len() - 1].to_string(), span });
                        }
                        _ => {}
                    }
                }
                let header = header.expect("grammar requires a header");
                Item::Extern(ExternDef { doc, name, params, ret, header, span })
            }
            Rule::compatible_item => Item::Compatible { doc, body: self.block(it.next().expect("block")), span },
            Rule::on_match_item => {
                let body = it
                    .map(|s| {
                        let sspan = self.span(&s);
                        match s.as_rule() {
                            Rule::keep_stmt => OnMatchStmt::Keep(s.into_inner().map(|p| self.path(p)).collect()),
                            _ => {
                                let mut si = s.into_inner();
                                let target = self.path(si.next().expect("target"));
                                let value = self.expr(si.next().expect("value"));
                                OnMatchStmt::Legacy { target, value, span: sspan }
                            }
                        }
                    })
                    .collect();
                Item::OnMatch { doc, body, span }
            }
            Rule::accessor_item => {
                let name = self.ident(it.next().expect("name"));
                let ty = self.ctype(it.next().expect("type"));
                let value = self.expr(it.next().expect("value"));
                Item::Accessor { doc, name, ty, value, span }
            }
            Rule::ops_accessor_item => Item::OpsAccessor { doc, name: self.ident(it.next().expect("name")), span },
            Rule::entry_item => {
                let name = self.ident(it.next().expect("name"));
                let op = self.ident(it.next().expect("op"));
                let mut lock: Option<Spanned<Lock>> = None;
                let mut export: Option<(ExportPolicy, Span)> = None;
                let (mut binds, mut preconditions) = (Vec::new(), Vec::new());
                for a in it {
                    let aspan = self.span(&a);
                    match a.as_rule() {
                        Rule::entry_body => {
                            for s in a.into_inner() {
                                let span = self.span(&s);
                                let is_bind = s.as_rule() == Rule::bind_stmt;
                                let mut x = s.into_inner();
                                let doc = self.docs(x.next().expect("docs"));
                                let param = self.ident(x.next().expect("param"));
                                if is_bind {
                                    let field = x.next().map(|f| self.ident(f));
                                    binds.push(Bind { doc, param, field, span });
                                    continue;
                                }
                                let c = x.next().expect("check");
                                let check = if c.as_rule() == Rule::pre_aligned {
                                    PreCheck::Aligned(self.ident(c.into_inner().next().expect("unit")))
                                } else {
                                    let mut c = c.into_inner();
                                    let op = self.cmp_op(c.next().expect("operator"));
                                    let v = c.next().expect("value");
                                    let vspan = self.span(&v);
                                    let node = if v.as_rule() == Rule::int {
                                        PreValue::Int(v.as_str().to_string())
                                    } else {
                                        PreValue::Path(self.path(v))
                                    };
                                    PreCheck::Compare(op, Spanned { node, span: vspan })
                                };
                                let errno = self.ident(x.next().expect("errno"));
                                preconditions.push(PreconditionDef { doc, param, check, errno, span });
                            }
                        }
                        Rule::lock_attr => {
                            let l = if a.as_str().starts_with("locked") { Lock::Held } else { Lock::Takes };
                            if let Some(prev) = &lock {
                                self.repeat(aspan, prev.span, "locking");
                            }
                            lock = Some(Spanned { node: l, span: aspan });
                        }
                        _ => {
                            let pol = self.policy(a.into_inner().next().expect("policy"));
                            if let Some((_, prev)) = &export {
                                self.repeat(aspan, *prev, "export");
                            }
                            export = Some((pol, aspan));
                        }
                    }
                }
                Item::Entry(EntryDef { doc, name, op, lock, export, binds, preconditions, span })
            }
            Rule::struct_item => {
                let name = self.ident(it.next().expect("name"));
                let mut since = None;
                let mut renamed = None;
                let mut from = None;
                let mut fields = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::string => since = Some(self.string(x)),
                        Rule::struct_renamed => {
                            let mut r = x.into_inner();
                            let n = self.ident(r.next().expect("new name"));
                            renamed = Some((n, self.string(r.next().expect("version"))));
                        }
                        Rule::struct_from => from = Some(self.ident(x.into_inner().next().expect("type"))),
                        _ => {
                            let mut fi = x.into_inner();
                            let d = self.docs(fi.next().expect("docs"));
                            let n = self.ident(fi.next().expect("name"));
                            let t = self.ctype(fi.next().expect("type"));
                            fields.push((d, n, t));
                        }
                    }
                }
                Item::Struct(StructDef { doc, name, since, renamed, from, fields, span })
            }
            Rule::result_item => {
                let name = self.ident(it.next().expect("name"));
                let mut fields = Vec::new();
                let mut invariants = Vec::new();
                for x in it {
                    match x.as_rule() {
                        Rule::result_field => fields.push(self.result_field(x)),
                        _ => invariants.push(self.invariants(x)),
                    }
                }
                Item::Result(ResultDef { doc, name, fields, invariants, span })
            }
            Rule::debugfs_item => {
                let format = self.string(it.next().expect("format"));
                let args = it.map(|e| self.expr(e)).collect();
                Item::Debugfs { doc, format, args, span }
            }
            r => unreachable!("grammar has no item rule {r:?}"),
        }
    }

    pub(super) fn policy(&self, p: P) -> ExportPolicy {
        let inner = p.into_inner().next().expect("policy kind");
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::ns_policy => ExportPolicy::Namespace(self.string(inner.into_inner().next().expect("ns"))),
            Rule::modules_policy => ExportPolicy::Modules(inner.into_inner().map(|s| self.string(s)).collect()),
            Rule::local_policy => ExportPolicy::Local(span),
            _ => ExportPolicy::Gpl(span),
        }
    }

    pub(super) fn ctype(&self, p: P) -> CType {
        let span = self.span(&p);
        let mut ty = CType { is_const: false, tag: None, base: String::new(), pointers: Vec::new(), span };
        for x in p.into_inner() {
            match x.as_rule() {
                Rule::kw_const => ty.is_const = true,
                Rule::tagged => {
                    let mut ti = x.into_inner();
                    ty.tag = Some(ti.next().expect("tag").as_str().to_string());
                    ty.base = ti.next().expect("name").as_str().to_string();
                }
                Rule::words => {
                    ty.base = x.into_inner().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
                }
                Rule::ptr => ty.pointers.push(x.into_inner().next().is_some()),
                _ => {}
            }
        }
        ty
    }

    pub(super) fn field(&self, p: P) -> FieldDef {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let role = match it.next().expect("role").as_str() {
            "importer" => Role::Importer,
            "exporter" => Role::Exporter,
            _ => Role::Both,
        };
        let mut f = FieldDef {
            doc,
            role,
            opaque: false,
            name: Spanned { node: String::new(), span },
            ty: CType { is_const: false, tag: None, base: String::new(), pointers: vec![], span },
            enum_of: None,
            allowed: Vec::new(),
            default: None,
            span,
        };
        for x in it {
            match x.as_rule() {
                Rule::opaque => f.opaque = true,
                Rule::ident => f.name = self.ident(x),
                Rule::ctype => f.ty = self.ctype(x),
                Rule::enum_of => f.enum_of = Some(self.ident(x.into_inner().next().expect("enum"))),
                Rule::allowed => f.allowed = x.into_inner().map(|i| self.ident(i)).collect(),
                Rule::default => f.default = Some(self.value(x.into_inner().next().expect("value"))),
                _ => {}
            }
        }
        f
    }

    pub(super) fn value(&self, p: P) -> Value {
        let inner = p.into_inner().next().expect("value");
        match inner.as_rule() {
            Rule::int => Value::Int(self.ident(inner)),
            _ => Value::Name(self.ident(inner)),
        }
    }

    pub(super) fn params(&self, p: P) -> Vec<Param> {
        p.into_inner()
            .map(|x| {
                let mut pi = x.into_inner();
                let name = self.ident(pi.next().expect("name"));
                let ty = self.ctype(pi.next().expect("type"));
                Param { name, ty }
            })
            .collect()
    }

    pub(super) fn ret(&self, p: P) -> Ret {
        let mut it = p.into_inner();
        let ty = self.ctype(it.next().expect("type"));
        let failure = it.next().map(|f| {
            let span = self.span(&f);
            let kind = f.into_inner().next().expect("failure kind");
            let node = if kind.as_rule() == Rule::f_errno { Failure::Errno } else { Failure::ErrPtr };
            Spanned { node, span }
        });
        Ret { ty, failure }
    }

    pub(super) fn op(&self, p: P) -> OpDef {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let doc = self.docs(it.next().expect("docs"));
        let required = it.next().expect("requiredness").as_str() == "required";
        let name = self.ident(it.next().expect("name"));
        let mut params = Vec::new();
        let mut ret = None;
        let mut undoes = None;
        for x in it {
            match x.as_rule() {
                Rule::params => params = self.params(x),
                Rule::undoes => undoes = Some(self.ident(x.into_inner().next().expect("op"))),
                _ => ret = Some(self.ret(x)),
            }
        }
        OpDef { doc, required, name, params, ret, undoes, span }
    }

    pub(super) fn ctor(&self, doc: Docs, span: Span, p: P) -> CtorDef {
        let mut it = p.into_inner();
        let name = self.ident(it.next().expect("name"));
        let mut c = CtorDef { doc, name, params: Vec::new(), as_macro: false, assigns: Vec::new(), span };
        for x in it {
            match x.as_rule() {
                Rule::ctor_param => {
                    let mut name = None;
                    let mut ty = None;
                    let mut target = None;
                    for y in x.into_inner() {
                        match y.as_rule() {
                            Rule::ident if name.is_none() => name = Some(self.ident(y)),
                            Rule::ident => target = Some(self.ident(y)),
                            Rule::ctype => ty = Some(self.ctype(y)),
                            _ => {}
                        }
                    }
                    let name = name.expect("param name");
                    c.params.push(CtorParam { name, ty, target });
                }
                Rule::as_macro => c.as_macro = true,
                Rule::ctor_body => {
                    for a in x.into_inner() {
                        let mut ai = a.into_inner();
                        let f = self.ident(ai.next().expect("field"));
                        let v = self.value(ai.next().expect("value"));
                        c.assigns.push((f, v));
                    }
                }
                _ => {}
            }
        }
        c
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
