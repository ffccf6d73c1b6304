//! C the Rust side needs: `rust_helper_*` wrappers of static inlines and
//! macros (Rust can call neither), and the `#include`s for bindgen.
//!
//! The kernel's build strips the `rust_helper_` prefix when it generates
//! bindings for these (rust/Makefile), so Rust calls
//! `bindings::DMA_BUF_IMAPPING_SGT`, which links to
//! `rust_helper_DMA_BUF_IMAPPING_SGT`.

use maptype_dsl::ir::{CType, MappingType, Registry, Target};

use crate::emit::banner;
use crate::emit::layout::{call, signature};
use crate::emit::names;
use crate::GenFile;

use super::{BINDINGS_FRAGMENT_PATH, HELPERS_PATH};

/// One helper: `ret rust_helper_NAME(params) { return NAME(args); }`.
fn helper(ret: &CType, name: &str, params: &[(CType, String)]) -> String {
    let decls: Vec<String> = params.iter().map(|(t, n)| t.declare(n)).collect();
    let args: Vec<String> = params.iter().map(|(_, n)| n.clone()).collect();
    let head = signature((&ret.spelling(), &format!("rust_helper_{name}")), &decls, "");
    let ret_kw = if ret.is_void() { "" } else { "return " };
    let body = call(1, &format!("{ret_kw}{name}"), &args, ";");
    format!("{head}\n{{\n{body}\n}}\n")
}

fn attach_param() -> (CType, String) {
    let t = CType::struct_named("dma_buf_attachment").pointer();
    (t, "attach".into())
}

/// The helpers of one core type, in header order.
fn type_helpers(t: &MappingType) -> Vec<String> {
    let mut out = Vec::new();
    for c in t.importers.iter().chain(&t.exporters) {
        let params: Vec<(CType, String)> = c.params.iter().map(|p| (p.ty.clone(), p.name.clone())).collect();
        // A macro's parameter is the ops pointer whatever the definition
        // spells; the helper gives it the C type the inline form would have.
        let params = params
            .into_iter()
            .zip(&c.params)
            .map(|((ty, n), p)| match p.target {
                Target::Ops => (ops_ptr(t), n),
                Target::Field(_) => (ty, n),
            })
            .collect::<Vec<_>>();
        out.push(helper(&CType::struct_named("dma_buf_mapping_match"), &c.name, &params));
    }
    for a in &t.accessors {
        out.push(helper(&a.ret, &a.name, &[attach_param()]));
    }
    if let (Some(name), Some(ops)) = (&t.ops_accessor, &t.ops) {
        let ret = CType::struct_named(&ops.name).constant().pointer();
        out.push(helper(&ret, name, &[attach_param()]));
    }
    out
}

fn ops_ptr(t: &MappingType) -> CType {
    CType::struct_named(t.ops.as_ref().map_or("", |o| o.name.as_str())).constant().pointer()
}

pub fn helpers_file(reg: &Registry) -> GenFile {
    let core: Vec<&MappingType> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
    let mut s = banner::c_source(&sources);
    s.push_str(
        "\n/*\n * Rust cannot call static inline functions or macros: these wrap the ones\n * \
         kernel::dma_buf::mapping calls. Driver-private mapping types get none;\n * their singletons \
         live in modules, out of reach of built-in helpers.\n */\n\n",
    );
    s.push_str("#include <linux/dma-buf-mapping.h>\n");
    s.push('\n');
    let list = CType::struct_named("dma_buf_mapping_list").pointer();
    let m = CType::struct_named("dma_buf_mapping_match");
    let mut parts =
        vec![helper(&CType::void(), "dma_buf_mapping_list_add", &[(list, "list".into()), (m, "match".into())])];
    for t in core {
        parts.extend(type_helpers(t));
    }
    s.push_str(&parts.join("\n"));
    GenFile::new(HELPERS_PATH, s)
}

pub fn bindings_fragment(reg: &Registry) -> GenFile {
    let sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let mut s = banner::c_header(&sources);
    s.push_str(
        "\n/*\n * Add to rust/bindings/bindings_helper.h, keeping it sorted. The umbrella\n * header \
         brings every core type's header.\n */\n",
    );
    s.push_str("#include <linux/dma-buf-mapping.h>\n");
    let private: Vec<&MappingType> = reg.types.iter().filter(|t| t.private.is_some()).collect();
    if !private.is_empty() {
        s.push_str(
            "\n/*\n * Driver-private types, for their drivers' Rust code: declarations only,\n * so \
             nothing here links against the drivers' modules.\n */\n",
        );
        for t in private {
            s.push_str(&format!("#include \"../../{}\"\n", names::header_path(t)));
        }
    }
    GenFile::new(BINDINGS_FRAGMENT_PATH, s)
}
