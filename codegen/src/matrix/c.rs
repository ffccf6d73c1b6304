//! A scenario and the explorer's answer as a KUnit suite: one case per
//! exporter and importer, which builds both candidate lists with the
//! generated constructors, answers the rules' extern calls through their
//! KUnit-stubbable wrappers from the scenario's assumptions, runs the core's
//! `dma_buf_match_mapping()` and expects what [`super::explore`] said. The
//! same file runs in User-Mode Linux and against the hosted stand-in.

use askama::Template;
use maptype_dsl::ir::{Base, CType, Expr, Registry, Rule, Target};

use super::{Arg, Candidate, Matrix, Scenario, Verdict};
use crate::emit::{banner, layout, names, quote};
use crate::GenFile;

#[derive(Template)]
#[template(path = "matrix/suite.c", escape = "none")]
struct Suite {
    banner: String,
    headers: Vec<String>,
    objects: usize,
    ops: Vec<OpsArray>,
    stubs: Vec<Stub>,
    cases: Vec<Case>,
    suite: String,
    description: String,
}

struct OpsArray {
    ty: String,
    ops_struct: String,
    array: String,
    count: usize,
}

struct Stub {
    /// `\tkunit_activate_static_stub(...);`, laid out.
    activate: String,
    signature: String,
    keyed: Vec<Keyed>,
    fallback: Option<String>,
    zero: &'static str,
}

struct Keyed {
    cond: String,
    result: String,
}

struct Case {
    name: String,
    title: String,
    expect: String,
    exp: Vec<String>,
    imp: Vec<String>,
    ret: String,
    winner: Option<Winner>,
}

struct Winner {
    symbol: String,
    ops: String,
}

/// The suite's name for scenario file `stem` (`vfio` -> `dma-buf-mapping-matrix-vfio`).
pub fn suite_name(stem: &str) -> String {
    format!("dma-buf-mapping-matrix-{}", stem.replace('_', "-"))
}

/// The suite for `sc` as explored in `m`, at `drivers/maptype-matrix/`.
pub fn suite(reg: &Registry, sc: &Scenario, m: &Matrix, stem: &str) -> GenFile {
    let used: Vec<usize> = {
        let mut v: Vec<usize> =
            sc.exporters.iter().chain(&sc.importers).flat_map(|p| p.candidates.iter().map(|c| c.ty)).collect();
        v.sort();
        v.dedup();
        v
    };
    let headers = used
        .iter()
        .filter(|&&i| reg.types[i].private.is_some())
        .map(|&i| names::header_include(&reg.types[i]))
        .collect();

    // Each exporter candidate gets ops of its own: (party, candidate) -> array[index].
    let mut ops: Vec<OpsArray> = Vec::new();
    let mut ops_of: Vec<Vec<String>> = Vec::new();
    for p in &sc.exporters {
        let mut row = Vec::new();
        for c in &p.candidates {
            let t = &reg.types[c.ty];
            let Some(o) = &t.ops else {
                row.push(String::new());
                continue;
            };
            let array = format!("matrix_{}_ops", t.name);
            let slot = match ops.iter_mut().find(|a| a.array == array) {
                Some(a) => a,
                None => {
                    ops.push(OpsArray {
                        ty: t.name.clone(),
                        ops_struct: o.name.clone(),
                        array: array.clone(),
                        count: 0,
                    });
                    ops.last_mut().expect("just pushed")
                }
            };
            row.push(format!("{array}[{}]", slot.count));
            slot.count += 1;
        }
        ops_of.push(row);
    }

    let mut stubs = Vec::new();
    for &i in &used {
        let t = &reg.types[i];
        for x in t.externs.iter().filter(|x| called(&t.rules, &x.name)) {
            let name = format!("matrix_stub_{}", names::wrapper(t, &x.name));
            let params: Vec<String> =
                x.params.iter().enumerate().map(|(n, p)| p.ty.declare(&format!("a{n}"))).collect();
            let ret = x.ret.clone().unwrap_or_else(|| CType::new(Base::Void, false, vec![]));
            let signature = layout::signature((&format!("static {}", ret.spelling()), &name), &params, "");
            let wrapper = names::wrapper(t, &x.name);
            let activate = layout::call(1, "kunit_activate_static_stub", &["test".into(), wrapper, name.clone()], ";");
            let keyed = sc
                .assumptions
                .iter()
                .filter(|a| a.func == x.name)
                .filter_map(|a| {
                    let args = a.args.as_ref()?;
                    let cond: Vec<String> =
                        args.iter().enumerate().map(|(n, v)| format!("a{n} == {}", value(v))).collect();
                    Some(Keyed {
                        cond: if cond.is_empty() { "1".into() } else { cond.join(" && ") },
                        result: value(&a.result),
                    })
                })
                .collect();
            let fallback =
                sc.assumptions.iter().find(|a| a.func == x.name && a.args.is_none()).map(|a| value(&a.result));
            stubs.push(Stub {
                activate,
                signature,
                keyed,
                fallback,
                zero: if ret.is_pointer() { "NULL" } else { "0" },
            });
        }
    }

    let mut cases = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for (e, exp) in sc.exporters.iter().enumerate() {
        for (i, imp) in sc.importers.iter().enumerate() {
            let cell = &m.cells[e][i];
            let exp_list = exp.candidates.iter().zip(&ops_of[e]).map(|(c, o)| construct(reg, c, Some(o))).collect();
            let imp_list = imp.candidates.iter().map(|c| construct(reg, c, None)).collect();
            let (ret, winner) = match &cell.verdict {
                Verdict::Match { exp: we, .. } => {
                    let t = &reg.types[exp.candidates[*we].ty];
                    (String::from("0"), Some(Winner { symbol: t.symbol.clone(), ops: ops_of[e][*we].clone() }))
                }
                Verdict::Fails { errno } => (format!("-{errno}"), None),
            };
            // Named for the parties, as KUnit prints it; numbered if two read alike.
            let mut name = format!("{}_to_{}", slug(&exp.name), slug(&imp.name));
            if taken.contains(&name) {
                name = format!("exporter_{e}_to_importer_{i}");
            }
            taken.push(name.clone());
            cases.push(Case {
                name: format!("matrix_{name}"),
                title: quote::c_comment(&format!("{} → {}", exp.name, imp.name)),
                expect: quote::c_comment(&super::short(cell)),
                exp: exp_list,
                imp: imp_list,
                ret,
                winner,
            });
        }
    }

    let suite = suite_name(stem);
    let content = Suite {
        banner: banner::c_note_for(&[&sc.source], "cargo run -- matrix --kunit"),
        headers,
        objects: sc.objects.len().max(1),
        ops,
        stubs,
        cases,
        description: quote::c_string(&format!(
            "Negotiation matrix {}",
            quote::path(sc.source.rsplit('/').next().unwrap_or(&sc.source))
        )),
        suite,
    }
    .render()
    .expect("the matrix suite renders");
    GenFile::new(format!("drivers/maptype-matrix/{}-test.c", suite_name(stem)), content)
}

/// A constructor call in C: the ops (an exporter's own) where the ops go,
/// the scenario's values in the other parameters.
fn construct(reg: &Registry, c: &Candidate, ops: Option<&String>) -> String {
    let t = &reg.types[c.ty];
    let ctor =
        t.importers.iter().chain(&t.exporters).find(|k| k.name == c.ctor).expect("the scenario's constructors exist");
    let mut args = c.args.iter();
    let list: Vec<String> = ctor
        .params
        .iter()
        .map(|p| match &p.target {
            Target::Ops => format!("&{}", ops.map_or("", String::as_str)),
            Target::Field(_) => args.next().map_or_else(String::new, value),
        })
        .collect();
    layout::call(2, &c.ctor, &list, ",")
}

/// A party's name as part of a C identifier: letters and digits, `_` between
/// words, at most 32 characters.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let mut s: String = out.trim_end_matches('_').chars().take(32).collect();
    while s.ends_with('_') {
        s.pop();
    }
    if s.is_empty() {
        "party".into()
    } else {
        s
    }
}

/// A value in C.
fn value(a: &Arg) -> String {
    match a {
        Arg::Int(v) => v.to_string(),
        Arg::Bool(b) => b.to_string(),
        Arg::Null => "NULL".into(),
        Arg::Enum { name, .. } => name.clone(),
        Arg::Object(i) => format!("MATRIX_OBJ({i})"),
    }
}

/// Whether `rules` call extern `name`.
fn called(rules: &[Rule], name: &str) -> bool {
    let mut found = false;
    let mut visit = |e: &Expr| {
        e.walk(&mut |x| {
            if let Expr::Call { func, .. } = x {
                found |= func == name;
            }
        })
    };
    for r in rules {
        match r {
            Rule::When { cond, body, .. } => {
                visit(cond);
                if called(body, name) {
                    return true;
                }
            }
            Rule::Require { cond, .. } => visit(cond),
        }
    }
    found
}
