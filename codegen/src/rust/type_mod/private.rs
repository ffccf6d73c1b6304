//! A driver-private type's Rust side: the view of its data in the match's
//! private slot, its candidates built in Rust as the C constructors build
//! them, and accessor expressions evaluated over the stored data.

use maptype_dsl::ir::{Ctor, Data, Expr, Side};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Gen;
use crate::emit::expr;
use crate::rust::ty;
use crate::rust::{doc_text, field_ident, ident};

impl Gen<'_> {
    fn data_struct(&self) -> Ident {
        self.t.data.as_ref().map(|d| ident(&d.struct_name)).unwrap_or_else(|| no_data(self.t))
    }

    pub(super) fn private_view(&self) -> TokenStream {
        let data = self.data_struct();
        let reg = &self.ctx.reg;
        let is = self.is_fn();
        let view = self.ctx.safety(
            "`attach` is live and negotiated this type, whose `finish_match` stored the type's data at the start of \
                the match union; the slot is large and aligned enough (checked at compile time).",
        );
        let cview = self.ctx.safety(
            "`m` is a candidate of this type, whose constructor stored the type's data at the start of the match \
                union; the slot is large and aligned enough (checked at compile time).",
        );
        let title = crate::emit::quote::rust_doc(&self.t.title);
        let d1 = doc_text(&format!(" The {title} data of the match `attach` negotiated, or `None` for another type."));
        let d2 = doc_text(&format!(" The {title} data of a candidate, or `None` for a candidate of another type."));
        quote! {
            // The data lives in the core's reserved private slot of the match union.
            const _: () = {
                assert!(core::mem::size_of::<bindings::#data>() <= bindings::DMA_BUF_MAPPING_PRIVATE_SIZE as usize);
                assert!(core::mem::align_of::<bindings::#data>() <= core::mem::align_of::<u64>());
            };

            #[doc = #d1]
            pub fn match_data(attach: &#reg::Attachment) -> Option<&bindings::#data> {
                if !#is(attach) {
                    return None;
                }
                #view
                Some(unsafe {
                    &*core::ptr::addr_of!((*attach.as_raw()).map_type.__bindgen_anon_1).cast::<bindings::#data>()
                })
            }

            #[doc = #d2]
            pub fn candidate_data<'a>(m: &'a #reg::Match<'_>) -> Option<&'a bindings::#data> {
                if m.mapping_type() != mapping_type() {
                    return None;
                }
                #cview
                Some(unsafe { &*core::ptr::addr_of!(m.as_raw().__bindgen_anon_1).cast::<bindings::#data>() })
            }
        }
    }

    /// A private type's candidate, built in Rust as the C constructor builds it.
    pub(super) fn private_ctor_body(
        &self,
        c: &Ctor,
        sets: &[(String, TokenStream)],
        ops: Option<TokenStream>,
        lifetime: &TokenStream,
    ) -> TokenStream {
        let reg = &self.ctx.reg;
        let data = self.t.data.as_ref().unwrap_or_else(|| no_data(self.t));
        // Named so a new field fails to compile here until handled. Member,
        // size and alignment place C's union slot; Rust's view is the struct.
        let Data { member: _, struct_name: _, doc: _, fields: _, size: _, align: _ } = data;
        let dname = ident(&data.struct_name);
        let mut inits = Vec::new();
        for f in &data.fields {
            let fi = field_ident(&f.name);
            let v = if let Some((_, v)) = sets.iter().find(|(n, _)| n == &f.name) {
                v.clone()
            } else if let Some(a) = c.fixed.iter().find(|a| a.field == f.name) {
                ty::value(&f.ty, &a.value)
            } else {
                ty::zero(&f.ty)
            };
            if fi == v.to_string() {
                inits.push(quote!(#fi,));
            } else {
                inits.push(quote!(#fi: #v,));
            }
        }
        let set_ops = ops.map(|o| quote!(raw.exp_ops = &#o.ops;));
        let write = self.ctx.safety(
            "The match union is large and aligned enough for the data (checked at compile time), and `raw` is ours.",
        );
        let wrap = self.ctx.safety(&format!(
            "The candidate points to the type's singleton, static ops and the arguments, all valid for `{lifetime}`."
        ));
        quote! {
            let data = bindings::#dname {
                #(#inits)*
            };
            let mut raw = bindings::dma_buf_mapping_match {
                type_: mapping_type(),
                ..Default::default()
            };
            #set_ops
            #write
            unsafe { core::ptr::addr_of_mut!(raw.__bindgen_anon_1).cast::<bindings::#dname>().write(data) };
            #wrap
            unsafe { #reg::Match::from_raw(raw) }
        }
    }

    /// An accessor's value over the stored data, in Rust (private types).
    pub(super) fn private_expr(&self, e: &Expr) -> TokenStream {
        self.rust_expr(e, 0)
    }

    /// `e` under an operator of precedence `parent`: parentheses only where
    /// the shared precedence needs them, as in the C and docs printers.
    fn rust_expr(&self, e: &Expr, parent: u8) -> TokenStream {
        let field_ty = |f: &str| self.t.field(f).map(|fd| fd.ty.clone());
        match e {
            Expr::Field { side: Side::Stored, field } => {
                let f = field_ident(field);
                quote!(data.#f)
            }
            Expr::Binary { op, lhs, rhs } => {
                let inner = expr::operand_precedence(*op);
                let anchor = |x: &Expr| {
                    let f = x.anchor_field().unwrap_or_else(|| ty::rejected("rust backend: no field".into()));
                    field_ty(f).unwrap_or_else(|| ty::rejected("rust backend: unknown field".into()))
                };
                let (l, r) = match (&**lhs, &**rhs) {
                    (x, Expr::Value { value }) if x.anchor_field().is_some() => {
                        (self.rust_expr(lhs, inner), self.value_of(&anchor(x), value))
                    }
                    (Expr::Value { value }, x) if x.anchor_field().is_some() => {
                        (self.value_of(&anchor(x), value), self.rust_expr(rhs, inner))
                    }
                    _ => (self.rust_expr(lhs, inner), self.rust_expr(rhs, inner)),
                };
                // Rust spells these operators as C does.
                let o: TokenStream = op.c().parse().expect("C comparison and logic operators are Rust tokens");
                if op.precedence() < parent {
                    quote!((#l #o #r))
                } else {
                    quote!(#l #o #r)
                }
            }
            Expr::Not { expr: inner } => {
                let i = self.rust_expr(inner, expr::PREFIX);
                quote!(!#i)
            }
            _ => ty::rejected(format!(
                "rust backend: an accessor of private type {} reads something other than its stored data",
                self.t.name
            )),
        }
    }
}

/// A private type without `data`: the checker refuses it (`check/private.rs`).
fn no_data(t: &maptype_dsl::ir::MappingType) -> ! {
    unreachable!("{}: the checker lets no driver-private type through without `data`", t.source)
}
