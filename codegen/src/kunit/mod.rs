//! The KUnit backend: per type a suite `dma-buf-mapping-<type>` whose cases
//! are derived from the definition by [`model`], plus the core suite and
//! the `.kunitconfig` that enables them.
//!
//! Expected results come from the model of the definition, never from the
//! generated C, so a suite generated from a definition fails against glue
//! generated from a changed (mutated) one.

use askama::Template;
use maptype_dsl::ir::{CType, CtorForm, Expr, MappingType, Registry, Side, Target as CtorTarget, Value};

use crate::c::{layout, names};
use crate::validation::{self, constant_value};
use crate::{banner, GenFile};
use maptype_dsl::solver::{Facts, Fresh, Model, Outcome, Val};

#[derive(Template)]
#[template(path = "kunit/type_test.c", escape = "none")]
struct TypeSuite<'a> {
    banner: &'a str,
    includes: Vec<String>,
    suite: String,
    prefix: String,
    objects: u32,
    helpers: Vec<String>,
    cases: Vec<Case>,
}

#[derive(Template)]
#[template(path = "kunit/core_test.c", escape = "none")]
struct CoreSuite<'a> {
    banner: &'a str,
}

struct Case {
    name: String,
    body: String,
}

/// Path of a type's suite next to its glue.
pub fn suite_path(t: &MappingType) -> String {
    format!("{}/{}-test.c", names::glue_dir(t), names::stem(t))
}

pub const CORE_SUITE: &str = "drivers/dma-buf/dma-buf-mapping-test.c";
pub const KUNITCONFIG: &str = "drivers/dma-buf/.kunitconfig";

/// Every KUnit file; an error when a definition defeats case derivation.
pub fn files(reg: &Registry) -> Result<Vec<GenFile>, String> {
    let sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let core_sources: Vec<&str> = reg.types.iter().filter(|t| t.private.is_none()).map(|t| t.source.as_str()).collect();
    let mut out = Vec::new();
    let b = banner::c_source(&core_sources);
    out.push(GenFile::new(CORE_SUITE, CoreSuite { banner: &b }.render().expect("core suite renders")));
    for t in &reg.types {
        out.push(type_suite(t)?);
    }
    out.push(GenFile::new(
        KUNITCONFIG,
        format!(
            "# SPDX-License-Identifier: GPL-2.0-only\n# {}\n#\n# The DMA-buf mapping type suites; SYNC_FILE selects the dma-buf core.\nCONFIG_KUNIT=y\nCONFIG_SYNC_FILE=y\nCONFIG_DMA_BUF_MAPPING_KUNIT_TEST=y\n",
            banner::note(&sources)
        ),
    ));
    Ok(out)
}

/// How the suite refers to things of its type.
struct Ctx<'a> {
    t: &'a MappingType,
    m: Model<'a>,
    fresh: Fresh,
}

fn c_val(t: &MappingType, v: Val, enum_name: Option<&str>) -> String {
    match v {
        Val::Null => "NULL".into(),
        Val::Ptr(n) => format!("test_obj({n})"),
        Val::Int(n) => enum_name
            .and_then(|e| t.enum_by_name(e))
            .and_then(|e| e.values.iter().find(|x| x.value == n))
            .map_or_else(|| n.to_string(), |x| x.name.clone()),
    }
}

/// A KUnit expectation that `lhs` (of type `ty`) holds `v`.
fn expect(t: &MappingType, lhs: &str, ty: &CType, enum_name: Option<&str>, v: Val) -> String {
    if ty.is_pointer() {
        return match v {
            Val::Null => format!("\tKUNIT_EXPECT_NULL(test, {lhs});\n"),
            _ => layout::call(1, "KUNIT_EXPECT_PTR_EQ", &["test".into(), lhs.into(), c_val(t, v, None)], ";") + "\n",
        };
    }
    if ty.base == "bool" && ty.tag.is_none() {
        let m = if v.truth() { "KUNIT_EXPECT_TRUE" } else { "KUNIT_EXPECT_FALSE" };
        return format!("\t{m}(test, {lhs});\n");
    }
    layout::call(1, "KUNIT_EXPECT_EQ", &["test".into(), lhs.into(), c_val(t, v, enum_name)], ";") + "\n"
}

impl<'a> Ctx<'a> {
    fn data_struct(&self) -> Option<&'a str> {
        self.t.data.as_ref().map(|d| d.struct_name.as_str())
    }

    fn view(&self, m: &str, mutable: bool) -> String {
        crate::c::data_ref(self.t, m, mutable)
    }

    /// Declares candidate `name` with the given side's facts and exporter ops.
    fn candidate(&self, name: &str, side: Side, ops_index: usize) -> String {
        let mut s = format!("\tstruct dma_buf_mapping_match {name} = {{\n\t\t.type = &{},\n", self.t.symbol);
        if side == Side::Exp && self.t.ops.is_some() {
            s.push_str(&format!("\t\t.exp_ops = &test_ops[{ops_index}].ops,\n"));
        }
        s.push_str("\t};\n");
        s
    }

    fn fill(&self, name: &str, side: Side, facts: &Facts) -> String {
        let Some(d) = &self.t.data else { return String::new() };
        let mut s = String::new();
        let data = format!("{name}_data");
        s.push_str(&layout::decl_init(1, &data, &self.view(&format!("&{name}"), true)));
        for f in &d.fields {
            if let Some(v) = facts.fields.get(&(side, f.name.clone())) {
                s.push_str(&format!("\t{data}->{} = {};\n", f.name, c_val(self.t, *v, f.enum_name.as_deref())));
            }
        }
        s
    }

    /// Declarations of the `<name>_data` pointers `fill` assigns.
    fn data_decls(&self, names: &[&str]) -> String {
        let Some(d) = &self.t.data else { return String::new() };
        names.iter().map(|n| format!("\tstruct {} *{n}_data;\n", d.struct_name)).collect()
    }

    fn stubs(&self, facts: &Facts) -> String {
        let mut s = String::new();
        for x in crate::c::called_externs(self.t, &crate::c::glue_exprs(self.t)) {
            let v = facts.stubs.get(&x.name).copied().unwrap_or(Val::Int(0));
            s.push_str(&format!("\ttest_{}_ret = {};\n", x.name, c_val(self.t, v, None)));
            s.push_str(&layout::call(
                1,
                "kunit_activate_static_stub",
                &["test".into(), names::wrapper(self.t, &x.name), format!("test_{}", x.name)],
                ";",
            ));
            s.push('\n');
        }
        s
    }

    /// Checks that the attachment holds exactly what on_match keeps.
    fn expect_stored(&self, facts: &Facts, exp: &str) -> String {
        let t = self.t;
        let mut s = layout::call(
            1,
            "KUNIT_EXPECT_PTR_EQ",
            &["test".into(), "env->attach->map_type.type".into(), format!("&{}", t.symbol)],
            ";\n",
        );
        s.push_str(&layout::call(
            1,
            "KUNIT_EXPECT_PTR_EQ",
            &["test".into(), "env->attach->map_type.exp_ops".into(), format!("{exp}.exp_ops")],
            ";\n",
        ));
        let stored = self.stored_facts(facts);
        if let Some(d) = &t.data {
            s.push_str(&layout::decl_init(1, "stored", &self.view("&env->attach->map_type", false)));
            for f in &d.fields {
                let v = stored.fields.get(&(Side::Stored, f.name.clone())).copied().unwrap_or(if f.ty.is_pointer() {
                    Val::Null
                } else {
                    Val::Int(0)
                });
                s.push_str(&expect(t, &format!("stored->{}", f.name), &f.ty, f.enum_name.as_deref(), v));
            }
        }
        for l in &t.on_match.legacy {
            let ty = maptype_dsl::cnames::LEGACY_ATTACH_FIELDS
                .iter()
                .find(|(n, _)| *n == l.attach_field)
                .map(|(_, ty)| *ty)
                .unwrap_or("int");
            let cty = if ty.ends_with('*') {
                CType { is_const: false, tag: None, base: "void".into(), pointers: vec![false] }
            } else {
                CType::named(ty)
            };
            if let Some(v) = self.m.eval(&l.value, facts) {
                s.push_str(&expect(t, &format!("env->attach->{}", l.attach_field), &cty, None, v));
            }
        }
        for a in &t.accessors {
            if let Some(v) = self.m.eval(&a.value, &stored) {
                s.push_str(&expect(t, &format!("{}(env->attach)", a.name), &a.ret, None, v));
            }
        }
        if let Some(oa) = &t.ops_accessor {
            s.push_str(&format!("\tKUNIT_EXPECT_PTR_EQ(test, &{oa}(env->attach)->ops,\n\t\t\t    {exp}.exp_ops);\n"));
        }
        s
    }

    /// The facts as the attachment holds them after a match.
    fn stored_facts(&self, facts: &Facts) -> Facts {
        let mut stored = Facts::default();
        for k in &self.t.on_match.keep {
            if let Some(v) = facts.fields.get(&(k.side, k.field.clone())) {
                stored.fields.insert((Side::Stored, k.field.clone()), *v);
            }
        }
        stored.stubs = facts.stubs.clone();
        stored
    }

    /// A case matching one exporter and one importer candidate.
    fn pair_case(&self, facts: &Facts, why: &str) -> String {
        let mut s = String::new();
        s.push_str(&self.candidate("exp", Side::Exp, 0));
        s.push_str(&self.candidate("imp", Side::Imp, 0));
        s.push_str(&self.data_decls(&["exp", "imp"]));
        s.push_str("\tstruct test_env *env = test_env_new(test);\n");
        let outcome = self.m.outcome(facts);
        if self.t.data.is_some() && outcome == Outcome::Compatible {
            s.push_str(&format!("\tconst struct {} *stored;\n", self.data_struct().unwrap_or_default()));
        }
        s.push('\n');
        s.push_str(&format!("\t/* {why} */\n"));
        s.push_str(&self.fill("exp", Side::Exp, facts));
        s.push_str(&self.fill("imp", Side::Imp, facts));
        s.push_str(&self.stubs(facts));
        s.push_str("\tenv->args.imp_matches = &imp;\n\tenv->args.imp_len = 1;\n\n");
        match &outcome {
            Outcome::Compatible => {
                if !self.t.rules.is_empty() {
                    s.push_str(&layout::call(
                        1,
                        "KUNIT_EXPECT_EQ",
                        &["test".into(), format!("{}.match(env->dmabuf, &exp, &imp)", self.t.symbol), "0".into()],
                        ";",
                    ));
                    s.push('\n');
                }
                s.push_str("\tKUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);\n");
                s.push_str(&self.expect_stored(facts, "exp"));
            }
            Outcome::Fails { errno, fatal, .. } => {
                s.push_str(&layout::call(
                    1,
                    "KUNIT_EXPECT_EQ",
                    &["test".into(), format!("{}.match(env->dmabuf, &exp, &imp)", self.t.symbol), format!("-{errno}")],
                    ";",
                ));
                s.push('\n');
                let overall = if *fatal { format!("-{errno}") } else { "-EINVAL".into() };
                s.push_str(&format!(
                    "\tKUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),\n\t\t\t{overall});\n"
                ));
                s.push_str("\t/* Nothing is stored for a failed match. */\n\tKUNIT_EXPECT_NULL(test, env->attach->map_type.type);\n");
            }
        }
        s
    }

    fn fresh_facts(&mut self) -> Facts {
        Facts::default()
    }

    fn finish(&mut self, mut facts: Facts) -> Facts {
        self.m.satisfy_all(&mut facts, &mut self.fresh);
        self.m.complete(&mut facts, &mut self.fresh);
        facts
    }

    fn rule_cases(&mut self) -> Result<Vec<Case>, String> {
        let mut cases = Vec::new();
        let reqs = self.m.requirements();
        if reqs.is_empty() {
            let facts = self.finish(Facts::default());
            cases.push(Case {
                name: "always_compatible".into(),
                body: self.pair_case(&facts, "No rules: any two candidates of this type match."),
            });
        }
        for (guards, id, cond) in &reqs {
            let mut facts = self.fresh_facts();
            for g in guards {
                self.m.sat(g, true, &mut facts, &mut self.fresh);
            }
            self.m.sat(cond, true, &mut facts, &mut self.fresh);
            let facts = self.finish(facts);
            if self.m.outcome(&facts) != Outcome::Compatible {
                return Err(format!("{}: cannot derive a case where requirement {id} holds", self.t.source));
            }
            cases.push(Case {
                name: format!("requirement_{id}_holds"),
                body: self.pair_case(&facts, &format!("Every condition holds, requirement {id} included.")),
            });
            let conj = Model::conjuncts(cond);
            for (ci, c) in conj.iter().enumerate() {
                let mut facts = self.fresh_facts();
                for g in guards {
                    self.m.sat(g, true, &mut facts, &mut self.fresh);
                }
                if !self.m.sat(c, false, &mut facts, &mut self.fresh) {
                    return Err(format!("{}: cannot derive a case where requirement {id} fails", self.t.source));
                }
                for (cj, other) in conj.iter().enumerate() {
                    if cj != ci {
                        self.m.sat(other, true, &mut facts, &mut self.fresh);
                    }
                }
                let facts = self.finish(facts);
                match self.m.outcome(&facts) {
                    Outcome::Fails { id: got, .. } if got == *id => {}
                    _ => return Err(format!("{}: requirement {id} cannot fail on its own", self.t.source)),
                }
                let suffix = if conj.len() > 1 { format!("_condition_{ci}") } else { String::new() };
                cases.push(Case {
                    name: format!("requirement_{id}_fails{suffix}"),
                    body: self.pair_case(&facts, &format!("Only requirement {id} fails.")),
                });
            }
        }
        for (wi, (outer, guard, inner)) in self.m.whens().into_iter().enumerate() {
            let mut facts = self.fresh_facts();
            for g in &outer {
                self.m.sat(g, true, &mut facts, &mut self.fresh);
            }
            self.m.sat(guard, false, &mut facts, &mut self.fresh);
            // What the skipped requirements check may fail: it must not matter.
            for c in &inner {
                self.m.sat(c, false, &mut facts, &mut self.fresh);
            }
            let facts = self.finish(facts);
            cases.push(Case {
                name: format!("when_{wi}_not_taken"),
                body: self.pair_case(
                    &facts,
                    &format!("The guard of `when` block {wi} is false, so its requirements are skipped."),
                ),
            });
        }
        Ok(cases)
    }

    /// Finds facts where only `side`'s candidate differs from `base` and the
    /// match fails without being fatal: the candidate a fallback skips.
    fn failing_variant(&mut self, base: &Facts, side: Side) -> Option<Facts> {
        for (guards, _, cond) in self.m.requirements() {
            for c in Model::conjuncts(cond) {
                let mut f = base.clone();
                let mut touched = Vec::new();
                c.walk(&mut |e| {
                    if let Expr::Field { side: s, field } = e {
                        if *s == side {
                            touched.push(field.clone());
                        }
                    }
                });
                if touched.is_empty() {
                    continue;
                }
                for name in &touched {
                    f.fields.remove(&(side, name.clone()));
                }
                let stubs = f.stubs.clone();
                if !self.m.sat(c, false, &mut f, &mut self.fresh) || f.stubs != stubs {
                    continue;
                }
                if !guards.iter().all(|g| self.m.eval(g, &f).is_some_and(Val::truth)) {
                    continue;
                }
                self.m.complete(&mut f, &mut self.fresh);
                if let Outcome::Fails { fatal: false, .. } = self.m.outcome(&f) {
                    return Some(f);
                }
            }
        }
        None
    }

    fn order_cases(&mut self) -> Vec<Case> {
        let mut cases = Vec::new();
        let base = self.finish(Facts::default());
        if self.m.outcome(&base) != Outcome::Compatible {
            return cases;
        }
        if let Some(bad) = self.failing_variant(&base, Side::Exp) {
            let mut s = String::new();
            s.push_str(&self.candidate("skipped", Side::Exp, 1));
            s.push_str(&self.candidate("exp", Side::Exp, 0));
            s.push_str(&self.candidate("imp", Side::Imp, 0));
            s.push_str(&self.data_decls(&["skipped", "exp", "imp"]));
            s.push_str("\tstruct dma_buf_mapping_match exps[2];\n\tstruct test_env *env = test_env_new(test);\n");
            if self.t.data.is_some() {
                s.push_str(&format!("\tconst struct {} *stored;\n", self.data_struct().unwrap_or_default()));
            }
            s.push_str("\n\t/* The exporter's first candidate is not compatible: the second is used. */\n");
            s.push_str(&self.fill("skipped", Side::Exp, &bad));
            s.push_str(&self.fill("exp", Side::Exp, &base));
            s.push_str(&self.fill("imp", Side::Imp, &base));
            s.push_str(&self.stubs(&base));
            s.push_str(
                "\texps[0] = skipped;\n\texps[1] = exp;\n\tenv->args.imp_matches = &imp;\n\tenv->args.imp_len = 1;\n\n",
            );
            s.push_str("\tKUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exps, 2), 0);\n");
            s.push_str(&self.expect_stored(&base, "exp"));
            cases.push(Case { name: "exporter_falls_back_to_next_candidate".into(), body: s });
        }
        if let Some(bad) = self.failing_variant(&base, Side::Imp) {
            let mut s = String::new();
            s.push_str(&self.candidate("exp", Side::Exp, 0));
            s.push_str(&self.candidate("skipped", Side::Imp, 0));
            s.push_str(&self.candidate("imp", Side::Imp, 0));
            s.push_str(&self.data_decls(&["exp", "skipped", "imp"]));
            s.push_str("\tstruct dma_buf_mapping_match imps[2];\n\tstruct test_env *env = test_env_new(test);\n");
            if self.t.data.is_some() {
                s.push_str(&format!("\tconst struct {} *stored;\n", self.data_struct().unwrap_or_default()));
            }
            s.push_str("\n\t/* The importer's first candidate is not compatible: the second is used. */\n");
            s.push_str(&self.fill("exp", Side::Exp, &base));
            s.push_str(&self.fill("skipped", Side::Imp, &bad));
            s.push_str(&self.fill("imp", Side::Imp, &base));
            s.push_str(&self.stubs(&base));
            s.push_str(
                "\timps[0] = skipped;\n\timps[1] = imp;\n\tenv->args.imp_matches = imps;\n\tenv->args.imp_len = 2;\n\n",
            );
            s.push_str("\tKUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);\n");
            s.push_str(&self.expect_stored(&base, "exp"));
            cases.push(Case { name: "importer_scan_reaches_next_candidate".into(), body: s });
        }
        cases
    }

    fn other_type_case(&self) -> Option<Case> {
        let t = self.t;
        if t.accessors.is_empty() && t.ops_accessor.is_none() {
            return None;
        }
        let mut s = String::from("\tstruct test_env *env = test_env_new(test);\n\n\t/* An attachment of another type, with garbage where data would be. */\n\tenv->attach->map_type.type = &test_other_type;\n\tmemset(env->attach->map_type.private_data, 0xa5,\n\t       sizeof(env->attach->map_type.private_data));\n");
        for a in &t.accessors {
            let zero = if a.ret.is_pointer() { Val::Null } else { Val::Int(0) };
            s.push_str(&expect(t, &format!("{}(env->attach)", a.name), &a.ret, None, zero));
        }
        if let Some(oa) = &t.ops_accessor {
            s.push_str(&format!("\tKUNIT_EXPECT_NULL(test, {oa}(env->attach));\n"));
        }
        Some(Case { name: "accessors_reject_other_types".into(), body: s })
    }

    fn ctor_cases(&mut self) -> Vec<Case> {
        let t = self.t;
        let mut cases = Vec::new();
        for (is_exp, c) in t.importers.iter().map(|c| (false, c)).chain(t.exporters.iter().map(|c| (true, c))) {
            let mut args = Vec::new();
            let mut facts = Facts::default();
            let side = if is_exp { Side::Exp } else { Side::Imp };
            for p in &c.params {
                match &p.target {
                    CtorTarget::Ops => args.push("&test_ops[0]".to_string()),
                    CtorTarget::Field(f) => {
                        let field = t.field(f);
                        let v = if p.ty.is_pointer() {
                            self.fresh.ptr()
                        } else if let Some(vals) = field.and_then(|fd| {
                            let e = t.enum_by_name(fd.enum_name.as_deref()?)?;
                            Some(
                                e.values
                                    .iter()
                                    .filter(|v| fd.allowed.is_empty() || fd.allowed.contains(&v.name))
                                    .map(|v| v.value)
                                    .collect::<Vec<_>>(),
                            )
                        }) {
                            // A non-zero allowed value, so a forgotten copy shows.
                            Val::Int(vals.iter().copied().rev().find(|v| *v != 0).unwrap_or(0))
                        } else {
                            Val::Int(self.fresh.int())
                        };
                        args.push(c_val(t, v, field.and_then(|fd| fd.enum_name.as_deref())));
                        facts.fields.insert((side, f.clone()), v);
                    }
                }
            }
            for a in &c.fixed {
                let v = match &a.value {
                    Value::Int { value } | Value::EnumConst { value, .. } => Val::Int(*value),
                    Value::Bool { value } => Val::Int(i64::from(*value)),
                    Value::Null => Val::Null,
                };
                facts.fields.insert((side, a.field.clone()), v);
            }
            let mut s = String::new();
            let call = layout::call(1, &format!("struct dma_buf_mapping_match m = {}", c.name), &args, ";");
            s.push_str(&call);
            s.push('\n');
            if let Some(d) = &t.data {
                s.push_str(&layout::decl_init(
                    1,
                    &format!("const struct {} *data", d.struct_name),
                    &self.view("&m", false),
                ));
            }
            s.push_str(&format!("\n\tKUNIT_EXPECT_PTR_EQ(test, m.type, &{});\n", t.symbol));
            if is_exp {
                s.push_str("\tKUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);\n");
            } else {
                s.push_str("\tKUNIT_EXPECT_NULL(test, m.exp_ops);\n");
            }
            // Exactly the declared fields are filled; every other one is zero.
            for f in t.data.iter().flat_map(|d| &d.fields) {
                let v = facts.fields.get(&(side, f.name.clone())).copied().unwrap_or(if f.ty.is_pointer() {
                    Val::Null
                } else {
                    Val::Int(0)
                });
                s.push_str(&expect(t, &format!("data->{}", f.name), &f.ty, f.enum_name.as_deref(), v));
            }
            let kind = if c.form == CtorForm::Macro { "macro" } else { "inline" };
            cases.push(Case { name: format!("constructor_{}_{kind}", c.name.to_lowercase()), body: s });
        }
        if let (Some(se), Some(o)) = (&t.single_exporter, &t.ops) {
            let mut s = format!("\tconst struct dma_buf_mapping_match *m = test_single_ops.single_exporter_match;\n\tconst struct {} *exp_ops;\n\n", o.name);
            s.push_str(&format!(
                "\tKUNIT_ASSERT_NOT_NULL(test, m);\n\tKUNIT_EXPECT_PTR_EQ(test, m->type, &{});\n",
                t.symbol
            ));
            s.push_str(&format!("\texp_ops = container_of(m->exp_ops, const struct {}, ops);\n", o.name));
            for op in &se.ops {
                s.push_str(&format!("\tKUNIT_EXPECT_TRUE(test, exp_ops->{op} == test_op_{op});\n"));
            }
            cases.push(Case { name: format!("{}_initializer", se.name.to_lowercase()), body: s });
        }
        cases
    }

    fn debugfs_case(&mut self) -> Option<Case> {
        self.t.debugfs.as_ref()?;
        let facts = self.finish(Facts::default());
        if self.m.outcome(&facts) != Outcome::Compatible {
            return None;
        }
        let mut s = String::new();
        s.push_str(&self.candidate("exp", Side::Exp, 0));
        s.push_str(&self.candidate("imp", Side::Imp, 0));
        s.push_str(&self.data_decls(&["exp", "imp"]));
        s.push_str("\tstruct test_env *env = test_env_new(test);\n\tchar *buf = kunit_kzalloc(test, 256, GFP_KERNEL);\n\tstruct seq_file s = { .buf = buf, .size = 256 };\n\n\tKUNIT_ASSERT_NOT_NULL(test, buf);\n");
        s.push_str(&self.fill("exp", Side::Exp, &facts));
        s.push_str(&self.fill("imp", Side::Imp, &facts));
        s.push_str(&self.stubs(&facts));
        s.push_str("\tenv->args.imp_matches = &imp;\n\tenv->args.imp_len = 1;\n\tKUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);\n");
        s.push_str("\tdma_buf_mapping_debugfs_show(&s, env->attach);\n");
        s.push_str(&format!("\t/* The core prints the title, then the type's own text. */\n\tKUNIT_EXPECT_TRUE(test, str_has_prefix(buf, {}.name));\n", self.t.symbol));
        Some(Case { name: "debugfs_names_the_type".into(), body: s })
    }

    fn entry_cases(&mut self) -> Vec<Case> {
        let t = self.t;
        let mut cases = Vec::new();
        for e in &t.entries {
            let Some(op) = t.op(&e.op) else { continue };
            let Some(ret) = &op.ret else { continue };
            let args: Vec<String> = op
                .params
                .iter()
                .map(|p| {
                    if p.name == "attach" || p.ty.base == "dma_buf_attachment" {
                        "env->attach".into()
                    } else if p.ty.is_pointer() {
                        "NULL".into()
                    } else {
                        "0".into()
                    }
                })
                .collect();
            let mut s = format!("\tstruct test_env *env = test_env_new(test);\n\t{};\n\n\t/* An entry point refuses an attachment of another type. */\n\tenv->attach->map_type.type = &test_other_type;\n", ret.declare("res"));
            let lock = e.lock == Some(maptype_dsl::ir::Lock::Held);
            if lock {
                s.push_str("\tdma_resv_lock(env->dmabuf->resv, NULL);\n");
            }
            s.push_str(&layout::call(1, &format!("res = {}", e.name), &args, ";"));
            s.push('\n');
            if lock {
                s.push_str("\tdma_resv_unlock(env->dmabuf->resv);\n");
            }
            if ret.is_pointer() && op.err_ptr {
                s.push_str(
                    "\tKUNIT_EXPECT_TRUE(test, IS_ERR(res));\n\tKUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);\n",
                );
            } else if ret.is_pointer() {
                s.push_str("\tKUNIT_EXPECT_NULL(test, res);\n");
            } else {
                s.push_str("\tKUNIT_EXPECT_EQ(test, res, -EINVAL);\n");
            }
            s.push_str("\tKUNIT_EXPECT_EQ(test, test_op_calls, 0);\n");
            cases.push(Case { name: format!("{}_checks_the_type", e.name), body: s });
        }
        cases
    }

    fn invariant_cases(&self) -> Result<(Vec<Case>, Vec<String>), String> {
        let t = self.t;
        let mut cases = Vec::new();
        let mut helpers = Vec::new();
        for r in &t.results {
            let Some(entry) = t.entries.iter().find(|e| e.validates.as_deref() == Some(r.name.as_str())) else {
                continue;
            };
            let Some(op) = t.op(&entry.op) else { continue };
            let undo = entry.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p));
            let unit_name = r
                .invariants
                .iter()
                .find_map(|i| match &i.check {
                    maptype_dsl::ir::Check::EachAligned { align, .. } => Some(align.clone()),
                    maptype_dsl::ir::Check::CountMax { unit } => Some(unit.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| "PAGE_SIZE".into());
            let u = constant_value(&unit_name);
            let size_units = 4u128;
            let size = size_units * u;
            // Candidate lists in units of the alignment: (addr, len) with an
            // optional byte offset; the model says which invariant each breaks first.
            let pool: Vec<Vec<(i128, i128, i128, i128)>> = vec![
                vec![(16, 0, 2, 0), (32, 0, 1, 0), (20, 0, 1, 0)],
                vec![],
                vec![(16, 0, 1, 0), (18, 0, 1, 0), (20, 0, 1, 0), (22, 0, 1, 0), (24, 0, 1, 0)],
                vec![(16, 0, 0, 0), (32, 0, 4, 0)],
                vec![(16, 1, 4, 0)],
                vec![(16, 0, 3, 1)],
                vec![(-1, 0, 4, 0)],
                vec![(16, 0, 2, 0)],
                vec![(16, 0, 3, 0), (32, 0, 3, 0)],
                vec![(16, 0, 2, 0), (17, 0, 2, 0)],
            ];
            let to_bytes = |l: &[(i128, i128, i128, i128)]| -> Vec<(u128, u128)> {
                l.iter()
                    .map(|(a, ao, n, lo)| {
                        let addr = if *a < 0 {
                            (u64::MAX as u128 + 1) - (-a) as u128 * u
                        } else {
                            *a as u128 * u + *ao as u128
                        };
                        (addr, *n as u128 * u + *lo as u128)
                    })
                    .collect()
            };
            let (addr_f, len_f) = r.range.clone().unwrap_or_default();
            let c_list = |l: &[(i128, i128, i128, i128)]| -> String {
                l.iter()
                    .map(|(a, ao, n, lo)| {
                        let addr = if *a < 0 {
                            format!("0 - {}ULL * {unit_name}", -a)
                        } else if *ao != 0 {
                            format!("{a}ULL * {unit_name} + {ao}")
                        } else {
                            format!("{a}ULL * {unit_name}")
                        };
                        let len = if *lo != 0 {
                            format!("{n}ULL * {unit_name} + {lo}")
                        } else {
                            format!("{n}ULL * {unit_name}")
                        };
                        format!("\t\t{{ .{addr_f} = {addr}, .{len_f} = {len} }},\n")
                    })
                    .collect()
            };
            let valid = &pool[0];
            if validation::first_violation(r, &to_bytes(valid), size).is_some() {
                return Err(format!("{}: the sample list of {} breaks an invariant", t.source, r.name));
            }
            let elem_arg = format!("const {} *entries", r.array.ty.spelling());
            helpers.push(format!(
                "/*\n * Hands @entries to the exporter's {op} through {entry}\n * and checks the outcome: the list itself, or @err with the list given back\n * exactly once.\n */\nstatic void test_{r}_result(struct kunit *test,\n\t\t\t\t{elem_arg},\n\t\t\t\tsize_t n, int err)\n{{\n\tstruct test_env *env = test_env_new(test);\n\tstruct {r} *res;\n\tstruct {r} *got;\n\n\tres = kunit_kzalloc(test, struct_size(res, {arr}, n ? n : 1),\n\t\t\t    GFP_KERNEL);\n\tKUNIT_ASSERT_NOT_NULL(test, res);\n\tres->{count} = n;\n\tif (n)\n\t\tmemcpy(res->{arr}, entries, n * sizeof(*entries));\n\tenv->dmabuf->size = {size_units} * {unit_name};\n\tenv->attach->map_type = {ctor};\n\ttest_{op}_ret = res;\n\n\tdma_resv_lock(env->dmabuf->resv, NULL);\n\tgot = {entry}(env->attach);\n\tdma_resv_unlock(env->dmabuf->resv);\n\tif (!err) {{\n\t\tKUNIT_EXPECT_PTR_EQ(test, got, res);\n\t\tKUNIT_EXPECT_EQ(test, test_op_calls, 1);\n{undo_call}\t}} else {{\n\t\tKUNIT_EXPECT_TRUE(test, IS_ERR(got));\n\t\tKUNIT_EXPECT_EQ(test, PTR_ERR(got), err);\n\t\t/* Rejected: {op} ran, and the list went back once. */\n\t\tKUNIT_EXPECT_EQ(test, test_op_calls, 2);\n\t}}\n}}",
                r = r.name,
                op = op.name,
                entry = entry.name,
                arr = r.array.name,
                count = r.count.name,
                ctor = t.exporters.iter().find(|c| c.params.len() == 1).map_or_else(String::new, |c| format!("{}(&test_ops[0])", c.name)),
                undo_call = match undo {
                    Some(u) => format!("\t\t{}(env->attach, got);\n\t\tKUNIT_EXPECT_EQ(test, test_op_calls, 2);\n", u.name),
                    None => String::new(),
                },
            ));
            cases.push(Case {
                name: format!("{}_valid_accepted", r.name),
                body: format!(
                    "\tstatic const {} entries[] = {{\n{}\t}};\n\n{}",
                    r.array.ty.spelling(),
                    c_list(valid),
                    layout::call(
                        1,
                        &format!("test_{}_result", r.name),
                        &["test".into(), "entries".into(), "ARRAY_SIZE(entries)".into(), "0".into()],
                        ";\n"
                    )
                ),
            });
            for inv in &r.invariants {
                let found = pool
                    .iter()
                    .skip(1)
                    .find(|l| validation::first_violation(r, &to_bytes(l), size).is_some_and(|v| std::ptr::eq(v, inv)));
                let Some(list) = found else {
                    return Err(format!(
                        "{}: no sample list breaks only `{}` of {}",
                        t.source,
                        crate::describe_check(&inv.check, r),
                        r.name
                    ));
                };
                let slug = check_slug(&inv.check);
                let body = if list.is_empty() {
                    format!(
                        "\t/* Breaks: {}. */\n\ttest_{}_result(test, NULL, 0, -{});\n",
                        crate::describe_check(&inv.check, r),
                        r.name,
                        inv.errno
                    )
                } else {
                    format!(
                        "\t/* Breaks: {}. */\n\tstatic const {} entries[] = {{\n{}\t}};\n\n{}",
                        crate::describe_check(&inv.check, r),
                        r.array.ty.spelling(),
                        c_list(list),
                        layout::call(
                            1,
                            &format!("test_{}_result", r.name),
                            &["test".into(), "entries".into(), "ARRAY_SIZE(entries)".into(), format!("-{}", inv.errno)],
                            ";\n"
                        )
                    )
                };
                cases.push(Case { name: format!("{}_rejects_{slug}", r.name), body });
            }
        }
        Ok((cases, helpers))
    }
}

fn check_slug(c: &maptype_dsl::ir::Check) -> String {
    use maptype_dsl::ir::Check;
    match c {
        Check::Nonempty => "empty".into(),
        Check::CountMax { .. } => "too_many_entries".into(),
        Check::EachNonzero { field } => format!("zero_{field}"),
        Check::EachAligned { field, .. } => format!("unaligned_{field}"),
        Check::NoOverflow => "wrapping_range".into(),
        Check::NoOverlap => "overlap".into(),
        Check::TotalIsBufferSize => "wrong_total".into(),
    }
}

/// Test doubles every suite needs: extern stubs and counting exporter ops.
fn helpers(t: &MappingType) -> Vec<String> {
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

fn type_suite(t: &MappingType) -> Result<GenFile, String> {
    let mut ctx = Ctx { t, m: Model::new(t), fresh: Fresh::default() };
    let mut cases = ctx.rule_cases()?;
    cases.extend(ctx.order_cases());
    cases.extend(ctx.other_type_case());
    cases.extend(ctx.ctor_cases());
    cases.extend(ctx.entry_cases());
    cases.extend(ctx.debugfs_case());
    let (inv_cases, inv_helpers) = ctx.invariant_cases()?;
    cases.extend(inv_cases);
    let mut includes = vec![
        "<kunit/static_stub.h>".to_string(),
        "<kunit/test.h>".into(),
        "<linux/dma-buf.h>".into(),
        "<linux/dma-buf-mapping.h>".into(),
        "<linux/dma-resv.h>".into(),
        "<linux/err.h>".into(),
        "<linux/module.h>".into(),
        "<linux/overflow.h>".into(),
        "<linux/seq_file.h>".into(),
        "<linux/slab.h>".into(),
        "<linux/sizes.h>".into(),
        "<linux/string.h>".into(),
    ];
    includes.sort();
    if t.private.is_some() {
        includes.push(names::header_include(t));
    }
    let mut hs = helpers(t);
    hs.extend(inv_helpers);
    let b = banner::c_source(&[t.source.as_str()]);
    let content = TypeSuite {
        banner: &b,
        includes,
        suite: format!("dma-buf-mapping-{}", t.name.replace('_', "-")),
        prefix: names::prefix(t),
        objects: ctx.fresh.ptrs_used() + 1,
        helpers: hs,
        cases,
    }
    .render()
    .expect("suite template renders");
    Ok(GenFile::new(suite_path(t), content))
}
