//! Test doubles every suite needs: extern stubs and counting exporter ops,
//! printed by `templates/kunit/type_test.c`.

use maptype_dsl::ir::{MappingType, ResultShape};

use crate::emit::{self, layout};

/// A stand-in for an extern: returns `test_<name>_ret`.
pub(super) struct ExternDouble {
    pub name: String,
    /// Declaration of the variable the case sets.
    pub ret_decl: String,
    /// The stand-in's head, laid out to 80 columns.
    pub head: String,
}

/// The exporter ops struct filled twice with counting ops.
pub(super) struct OpsDouble<'a> {
    pub name: &'a str,
    pub ops: Vec<OpDouble>,
    /// The single-exporter initializer and the ops it takes.
    pub single: Option<(&'a str, &'a [String])>,
}

/// One counting op; `ret_decl` declares what it returns.
pub(super) struct OpDouble {
    pub name: String,
    pub ret_decl: Option<String>,
    pub head: String,
    /// Parameters an entry point binds to match data, which the op records
    /// (`test_<op>_<param>`) so a case can check what it was passed.
    pub records: Vec<(String, String)>,
    /// Out-parameters the op writes (`*nelms = test_<op>_nelms;`).
    pub writes: Vec<(String, String)>,
}

pub(super) fn externs(t: &MappingType) -> Vec<ExternDouble> {
    emit::called_externs(t, &emit::glue_exprs(t))
        .into_iter()
        .map(|x| {
            let ret = x.ret.as_ref().map_or("int".to_string(), |r| r.spelling());
            let params: Vec<String> = x.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            ExternDouble {
                name: x.name.clone(),
                ret_decl: x.ret.as_ref().map_or("int ret".to_string(), |r| r.declare(&format!("test_{}_ret", x.name))),
                head: layout::signature((&format!("static {ret}"), &format!("test_{}", x.name)), &params, ""),
            }
        })
        .collect()
}

pub(super) fn ops(t: &MappingType) -> Option<OpsDouble<'_>> {
    let o = t.ops.as_ref()?;
    let ops = o
        .ops
        .iter()
        .map(|op| {
            let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
            let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            let records = op
                .params
                .iter()
                .filter(|p| t.entries.iter().any(|e| e.op == op.name && e.bound.iter().any(|b| b.param == p.name)))
                .map(|p| {
                    let var = format!("test_{}_{}", op.name, p.name);
                    (p.ty.declare(&var), format!("{var} = {};", p.name))
                })
                .collect();
            // The count of an out-parameter result, which a case sets.
            let writes = t
                .results
                .iter()
                .filter(|r| matches!(&r.shape, ResultShape::OutParam { op: o } if *o == op.name))
                .map(|r| {
                    let var = format!("test_{}_{}", op.name, r.count.name);
                    (r.count.ty.declare(&var), format!("*{} = {var};", r.count.name))
                })
                .collect();
            OpDouble {
                name: op.name.clone(),
                ret_decl: op.ret.as_ref().map(|r| r.declare(&format!("test_{}_ret", op.name))),
                head: layout::signature((&format!("static {ret}"), &format!("test_op_{}", op.name)), &params, ""),
                records,
                writes,
            }
        })
        .collect();
    let single = t.single_exporter.as_ref().map(|se| (se.name.as_str(), se.ops.as_slice()));
    Some(OpsDouble { name: &o.name, ops, single })
}
