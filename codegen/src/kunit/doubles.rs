//! Test doubles every suite needs: extern stubs and counting exporter ops.

use maptype_dsl::ir::MappingType;

use crate::c::layout;

/// Test doubles every suite needs: extern stubs and counting exporter ops.
pub(super) fn helpers(t: &MappingType) -> Vec<String> {
    let mut out = Vec::new();
    for x in crate::c::called_externs(t, &crate::c::glue_exprs(t)) {
        let ret = x.ret.as_ref().map_or("int".to_string(), |r| r.spelling());
        let params: Vec<String> = x.params.iter().map(|p| p.ty.declare(&p.name)).collect();
        let decl = x.ret.as_ref().map_or("int ret".to_string(), |r| r.declare(&format!("test_{}_ret", x.name)));
        out.push(format!(
            "/* Stands in for {}(); returns what the case set. */\nstatic {decl};\n\n{}\n{{\n\treturn test_{}_ret;\n}}",
            x.name,
            layout::signature((&format!("static {ret}"), &format!("test_{}", x.name)), &params, ""),
            x.name
        ));
    }
    if let Some(o) = &t.ops {
        let mut fields = Vec::new();
        for op in &o.ops {
            let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
            let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            let mut body = String::from("\ttest_op_calls++;\n");
            if let Some(r) = &op.ret {
                out.push(format!("static {};", r.declare(&format!("test_{}_ret", op.name))));
                body.push_str(&format!("\treturn test_{}_ret;\n", op.name));
            }
            out.push(format!(
                "{}\n{{\n{body}}}",
                layout::signature((&format!("static {ret}"), &format!("test_op_{}", op.name)), &params, "")
            ));
            fields.push(format!("\t\t.{0} = test_op_{0},\n", op.name));
        }
        let f: String = fields.concat();
        out.push(format!("static const struct {} test_ops[2] = {{\n\t{{\n{f}\t}},\n\t{{\n{f}\t}},\n}};", o.name));
        if let Some(se) = &t.single_exporter {
            // File scope: the initializer's compound literals must be static.
            let args: Vec<String> = se.ops.iter().map(|op| format!("test_op_{op}")).collect();
            out.push(format!(
                "/* An exporter's dma_buf_ops written with {}(). */\nstatic const struct dma_buf_ops test_single_ops = {{\n{}\n}};",
                se.name,
                layout::call(1, &se.name, &args, "")
            ));
        }
    }
    out
}
