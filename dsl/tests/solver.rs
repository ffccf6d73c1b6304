//! The rule model on its own: the solver finds facts, the interpreter runs
//! the rules on them; no kernel and no backend involved.

use maptype_dsl::ir::{MappingType, Side};
use maptype_dsl::solver::{Facts, Fresh, Model, Outcome, Val};
use maptype_dsl::{check, Sources};

fn lowered(rules: &str) -> MappingType {
    let text = format!(
        "mapping_type t {{\n    name \"T\";\n    export gpl;\n    data t_data {{\n        both a: u32;\n        \
         importer dev: struct device *;\n    }}\n    importer T_IMP(a, dev);\n    \
         exporter T_EXP(exp_ops => ops, a);\n    \
         exporter ops t_exp_ops {{\n        required pin(attach: struct dma_buf_attachment *) -> int or errno;\n    }}\n    \
         extern reachable(dev: struct device *) -> bool from <linux/t.h>;\n    compatible {{\n{rules}\n    }}\n}}\n"
    );
    let mut s = Sources::new();
    s.add("t.maptype", text);
    match check(&s) {
        Ok(mut r) => r.types.remove(0),
        Err(d) => panic!("{}", s.render(&d)),
    }
}

fn cond(t: &MappingType, id: usize) -> &maptype_dsl::ir::Expr {
    let reqs = Model::new(t).requirements();
    reqs.into_iter().find(|r| r.1 == id).map(|r| r.2).expect("requirement")
}

#[test]
fn sat_finds_facts_both_ways() {
    let t = lowered("        require exp.a == imp.a else EOPNOTSUPP;");
    let m = Model::new(&t);
    let mut fresh = Fresh::default();
    for want in [true, false] {
        let mut f = Facts::default();
        assert!(m.sat(cond(&t, 0), want, &mut f, &mut fresh));
        assert_eq!(m.eval(cond(&t, 0), &f).map(Val::truth), Some(want));
    }
}

#[test]
fn sat_refuses_what_the_facts_rule_out() {
    let t = lowered("        require exp.a == imp.a && exp.a > 3 else EOPNOTSUPP;");
    let m = Model::new(&t);
    let mut fresh = Fresh::default();
    let mut f = Facts::default();
    f.fields.insert((Side::Exp, "a".into()), Val::Int(2));
    assert!(!m.sat(cond(&t, 0), true, &mut f, &mut fresh));
    let mut g = Facts::default();
    assert!(m.sat(cond(&t, 0), true, &mut g, &mut fresh));
    assert!(g.fields[&(Side::Exp, "a".into())] > Val::Int(3));
}

#[test]
fn a_conjunction_is_solved_in_either_order() {
    // Greedy left to right picks exp.a != imp.a first, then cannot make exp.a == 1.
    let t = lowered("        require !(!(exp.a == imp.a && exp.a == 1) && exp.a == 1) else EOPNOTSUPP;");
    let m = Model::new(&t);
    let mut f = Facts::default();
    assert!(m.sat(cond(&t, 0), false, &mut f, &mut Fresh::default()));
    assert_eq!(m.eval(cond(&t, 0), &f), Some(Val::Int(0)));
}

#[test]
fn outcome_reports_the_first_failing_requirement() {
    let t = lowered("        require exp.a == imp.a else EOPNOTSUPP;\n        require exp.a > 3 else EINVAL;");
    let m = Model::new(&t);
    let mut f = Facts::default();
    f.fields.insert((Side::Exp, "a".into()), Val::Int(1));
    f.fields.insert((Side::Imp, "a".into()), Val::Int(1));
    assert_eq!(m.outcome(&f), Outcome::Fails { id: 1, errno: "EINVAL".into(), fatal: true });
    f.fields.insert((Side::Imp, "a".into()), Val::Int(2));
    assert_eq!(m.outcome(&f), Outcome::Fails { id: 0, errno: "EOPNOTSUPP".into(), fatal: false });
    f.fields.insert((Side::Exp, "a".into()), Val::Int(4));
    f.fields.insert((Side::Imp, "a".into()), Val::Int(4));
    assert_eq!(m.outcome(&f), Outcome::Compatible);
}

#[test]
fn a_false_when_guard_skips_its_requirements() {
    let t = lowered("        when exp.a == 1 {\n            require imp.a == 2 else EINVAL;\n        }");
    let m = Model::new(&t);
    let mut f = Facts::default();
    f.fields.insert((Side::Exp, "a".into()), Val::Int(5));
    f.fields.insert((Side::Imp, "a".into()), Val::Int(0));
    assert_eq!(m.outcome(&f), Outcome::Compatible);
    f.fields.insert((Side::Exp, "a".into()), Val::Int(1));
    assert!(matches!(m.outcome(&f), Outcome::Fails { id: 0, .. }));
    assert_eq!(m.whens().len(), 1);
}

#[test]
fn externs_are_stubs_the_solver_sets() {
    let t = lowered("        require reachable(imp.dev) else EOPNOTSUPP;");
    let m = Model::new(&t);
    let mut fresh = Fresh::default();
    let mut f = Facts::default();
    assert!(m.sat(cond(&t, 0), false, &mut f, &mut fresh));
    assert_eq!(f.stubs.get("reachable"), Some(&Val::Int(0)));
    m.complete(&mut f, &mut fresh);
    assert!(matches!(m.outcome(&f), Outcome::Fails { id: 0, .. }));
    let mut g = Facts::default();
    m.satisfy_all(&mut g, &mut fresh);
    m.complete(&mut g, &mut fresh);
    assert_eq!(m.outcome(&g), Outcome::Compatible);
}

/// Every invariant of the seeds gets a list that breaks it alone, but those
/// the others imply (and say why): a validator missing any other one
/// accepts its list.
#[test]
fn invariant_lists_break_their_invariant_alone_where_it_can_be() {
    use maptype_dsl::solver::samples::{breaking, implied, pool, to_bytes, unit_name, SIZE_UNITS};
    use maptype_dsl::solver::validation::{constant_value, first_violation};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut sources = Sources::new();
    for name in ["pal.maptype", "sgt.maptype", "xe_iov.maptype"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        sources.add(name, text);
    }
    let reg = check(&sources).unwrap_or_else(|d| panic!("{}", sources.render(&d)));
    let mut alone = 0;
    let mut implied_count = 0;
    for r in reg.types.iter().flat_map(|t| &t.results) {
        let unit = constant_value(&unit_name(r));
        for inv in &r.invariants {
            let list = to_bytes(breaking(r, inv, &pool()).expect("a list"), unit);
            let mut without = r.clone();
            without.invariants.retain(|i| i != inv);
            let accepted = first_violation(&without, &list, SIZE_UNITS * unit).is_none();
            match implied(r, inv) {
                Some(_) => {
                    assert!(!accepted, "{}: {:?} is said implied, but a list breaks it alone", r.name, inv.check);
                    implied_count += 1;
                }
                None => {
                    assert!(accepted, "{}: no list breaks {:?} alone", r.name, inv.check);
                    alone += 1;
                }
            }
        }
    }
    assert_eq!((alone, implied_count), (12, 4));
}
