//! Compatibility rules (`when`/`require`), `on_match`, and errnos.

use std::collections::HashMap;

use crate::ast::{self, Ident};
use crate::cnames::{self, closest};
use crate::diag::{Diagnostic, Span};
use crate::ir;

use super::{Scope, Ty, TypeLowerer};

impl TypeLowerer<'_> {
    pub(super) fn rules(&mut self, t: &ir::MappingType, body: &[ast::Stmt], next_id: &mut usize) -> Vec<ir::Rule> {
        let mut out = Vec::new();
        for s in body {
            match s {
                ast::Stmt::When { doc, cond, body, .. } => {
                    let doc = self.doc(doc);
                    let (cond, _) = self.expr(t, cond, Scope::Match);
                    let body = self.rules(t, body, next_id);
                    out.push(ir::Rule::When { doc, cond, body });
                }
                ast::Stmt::Require { doc, cond, warn, errno, .. } => {
                    let doc = self.doc(doc);
                    let (lowered, ty) = self.expr(t, cond, Scope::Match);
                    if ty == Ty::Void {
                        self.errs.check(Diagnostic::error(cond.span(), "a `void` call cannot be a condition"));
                    }
                    let cond = lowered;
                    let errno = self.errno(errno);
                    out.push(ir::Rule::Require { id: *next_id, doc, cond, warn: *warn, errno });
                    *next_id += 1;
                }
            }
        }
        out
    }

    pub(super) fn on_match(&mut self, t: &ir::MappingType, body: &[ast::OnMatchStmt]) -> ir::OnMatch {
        let mut keep = Vec::new();
        let mut legacy = Vec::new();
        let mut kept: HashMap<String, Span> = HashMap::new();
        let mut legacy_seen = HashMap::new();
        for s in body {
            match s {
                ast::OnMatchStmt::Keep(paths) => {
                    for p in paths {
                        let Some((side, field)) = self.side_field(t, p) else { continue };
                        if field.opaque {
                            self.errs.check(
                                Diagnostic::error(
                                    p.span,
                                    format!("field `{}` is opaque: it is never copied on match", field.name),
                                )
                                .hint("drop `opaque` from the field or do not keep it"),
                            );
                        }
                        if let Some(prev) = kept.insert(field.name.clone(), p.span) {
                            self.errs.check(
                                Diagnostic::error(p.span, format!("field `{}` is kept twice", field.name))
                                    .related(prev, "first kept here"),
                            );
                        }
                        keep.push(ir::Keep { side, field: field.name.clone() });
                    }
                }
                ast::OnMatchStmt::Legacy { target, value, .. } => {
                    let parts: Vec<&str> = target.parts.iter().map(|p| p.node.as_str()).collect();
                    let names: Vec<&str> = cnames::LEGACY_ATTACH_FIELDS.to_vec();
                    let field = match parts.as_slice() {
                        ["attach", f] if names.contains(f) => f.to_string(),
                        ["attach", _] => {
                            self.unknown(
                                &target.parts[1],
                                "legacy attachment field",
                                names,
                                "legacy fields are `attach.dev` and `attach.peer2peer`",
                            );
                            continue;
                        }
                        _ => {
                            self.errs.resolve(
                                Diagnostic::error(target.span, "a legacy assignment sets a field of the attachment")
                                    .hint("write `legacy attach.dev = ...;`"),
                            );
                            continue;
                        }
                    };
                    if self.dup(&mut legacy_seen, &target.parts[1], "legacy assignment") {
                        continue;
                    }
                    let vspan = value.span();
                    let (value, vty) = self.expr(t, value, Scope::Match);
                    let cty = cnames::legacy_attach_type(&field);
                    if cty.as_ref().is_some_and(ir::CType::is_pointer) && vty.not_pointer() {
                        self.errs.check(
                            Diagnostic::error(
                                vspan,
                                format!(
                                    "`attach.{field}` is `{}`, but this value is not a pointer",
                                    cty.as_ref().map(ir::CType::spelling).unwrap_or_default()
                                ),
                            )
                            .hint("assign a pointer field such as `imp.FIELD`"),
                        );
                    }
                    legacy.push(ir::Legacy { attach_field: field, value });
                }
            }
        }
        ir::OnMatch { doc: Vec::new(), keep, legacy }
    }

    pub(super) fn errno(&mut self, id: &Ident) -> ir::Errno {
        let name = id.node.trim_start_matches('-');
        if !cnames::ERRNOS.contains(&name) {
            let mut d = Diagnostic::error(id.span, format!("`{}` is not a known errno", id.node));
            d = match closest(name, cnames::ERRNOS.iter().copied()) {
                Some(c) => {
                    d.hint(format!("did you mean `{c}`? (`EOPNOTSUPP` means: not compatible, try the next candidate)"))
                }
                None => {
                    d.hint("use an errno name such as EOPNOTSUPP (try the next candidate) or EINVAL (abort the attach)")
                }
            };
            self.errs.check(d);
        }
        ir::Errno { name: name.to_string(), fatal: name != cnames::NOT_COMPATIBLE }
    }
}
