//! Private match data: it must fit the core's slot.

use crate::ast;
use crate::diag::Diagnostic;
use crate::ir;

use super::TypeLowerer;

impl TypeLowerer<'_> {
    pub(super) fn private_fit(&mut self, t: &ir::MappingType) {
        if t.private.is_some() && t.data.is_none() {
            // The private slot is where a private type's candidates live; its
            // Rust view and KUnit stand-ins are built from the data's fields.
            let span = self
                .t
                .items
                .iter()
                .find_map(|i| if let ast::Item::Private { span, .. } = i { Some(*span) } else { None })
                .unwrap_or(self.t.name.span);
            self.errs.check(
                Diagnostic::error(span, "a driver-private type needs a `data` block")
                    .hint("declare the match data the private slot holds: `data { importer NAME: TYPE; ... }`"),
            );
            return;
        }
        let (Some(_), Some(d)) = (&t.private, &t.data) else { return };
        if d.size <= ir::PRIVATE_SLOT_BYTES {
            return;
        }
        // Point at the first field that does not fit, laid out as `data` does.
        let mut end = 0u64;
        let mut first_out = None;
        for f in &d.fields {
            let Some((size, align)) = f.ty.layout() else { continue };
            end = end.div_ceil(align) * align + size;
            if end > ir::PRIVATE_SLOT_BYTES {
                first_out = Some((f.name.as_str(), end));
                break;
            }
        }
        let ast_data = self.t.items.iter().find_map(|i| if let ast::Item::Data(d) = i { Some(d) } else { None });
        let (span, hint) = match (first_out, ast_data) {
            (Some((name, end)), Some(ad)) => (
                ad.fields.iter().find(|f| f.name.node == name).map_or(ad.span, |f| f.span),
                format!("`{name}` ends at byte {end}; keep pointers to driver state instead of the state itself"),
            ),
            _ => (
                ast_data.map_or(self.t.name.span, |d| d.span),
                "keep pointers to driver state instead of the state itself".into(),
            ),
        };
        self.errs.check(
            Diagnostic::error(
                span,
                format!(
                    "private match data takes {} bytes; the core's private slot holds {}",
                    d.size,
                    ir::PRIVATE_SLOT_BYTES
                ),
            )
            .hint(hint),
        );
    }
}
