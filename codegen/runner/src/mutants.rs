//! Mutants for the mutation proof: the glue generated from a copy of a
//! definition with one check changed. For each `require`, its condition
//! inverted, and dropped; each result invariant, kept field, legacy
//! assignment and entry precondition dropped; each accessor made to return
//! its type's zero. The KUnit suite generated
//! from the *unchanged* definition must fail against every mutant's glue,
//! but for a dropped invariant the others imply, which no list can tell
//! apart (reported with the reason).
//!
//! The negotiation core is a fixed file, not a definition: its mutants are
//! the generated core C with one check changed in place ([`CORE`]).

use maptype_dsl::ir::{BinOp, Expr, MappingType, Registry, Rule, Side, Value};

use maptype::{c, GenFile, Target};

/// One changed definition and the glue it generates.
pub struct Mutant {
    /// `sgt: requirement 2 inverted`.
    pub name: String,
    /// Files that replace the unchanged output (only the mutated type's glue).
    pub files: Vec<GenFile>,
    /// Why no test can catch it, when the check it drops is implied by the
    /// others (`maptype_dsl::solver::samples::implied`).
    pub equivalent: Option<String>,
}

#[derive(Clone, Copy)]
enum Change {
    Invert,
    Drop,
}

/// Applies `change` to requirement `id`; true if it was found.
fn mutate(rules: &mut [Rule], id: usize, change: Change) -> bool {
    for rule in rules.iter_mut() {
        match rule {
            Rule::When { body, .. } => {
                if mutate(body, id, change) {
                    return true;
                }
            }
            Rule::Require { id: rid, cond, .. } if *rid == id => {
                match change {
                    Change::Invert => *cond = c::negate(cond),
                    // `cond || true`: the requirement always holds, as if it
                    // were deleted, while the externs it calls stay in the
                    // glue for the suite's stubs to link against.
                    Change::Drop => {
                        let always = Expr::Value { value: Value::Bool { value: true } };
                        *cond = Expr::Binary { op: BinOp::Or, lhs: Box::new(cond.clone()), rhs: Box::new(always) };
                    }
                }
                return true;
            }
            Rule::Require { .. } => {}
        }
    }
    false
}

/// The copies of `t` with one of its other checks dropped, named: each
/// result invariant, kept field, legacy assignment and entry precondition.
fn dropped(t: &MappingType) -> Vec<(String, MappingType, Option<String>)> {
    let mut out = Vec::new();
    for (ri, r) in t.results.iter().enumerate() {
        for (i, inv) in r.invariants.iter().enumerate() {
            let mut m = t.clone();
            m.results[ri].invariants.remove(i);
            // The check's kind as the IR spells it: `each_aligned`, `no_overlap`, ...
            let kind = serde_json::to_value(&inv.check).ok().and_then(|v| v["kind"].as_str().map(str::to_string));
            let name = format!("invariant {i} of {} ({}) dropped", r.name, kind.unwrap_or_default());
            out.push((name, m, maptype_dsl::solver::samples::implied(r, inv)));
        }
    }
    for (i, k) in t.on_match.keep.iter().enumerate() {
        let mut m = t.clone();
        m.on_match.keep.remove(i);
        let side = if k.side == Side::Exp { "exp" } else { "imp" };
        out.push((format!("keep {side}.{} dropped", k.field), m, None));
    }
    for (i, l) in t.on_match.legacy.iter().enumerate() {
        let mut m = t.clone();
        m.on_match.legacy.remove(i);
        out.push((format!("legacy attach.{} dropped", l.attach_field), m, None));
    }
    for (ei, e) in t.entries.iter().enumerate() {
        for i in 0..e.preconditions.len() {
            let mut m = t.clone();
            m.entries[ei].preconditions.remove(i);
            out.push((format!("precondition {i} of {} dropped", e.name), m, None));
        }
    }
    out
}

/// The copies of `t` with one accessor returning NULL, false or 0 whatever
/// was negotiated. Accessors are `static inline` in the type's header, so
/// these mutants replace the header.
fn zeroed_accessors(t: &MappingType) -> Vec<(String, MappingType)> {
    t.accessors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let zero = if a.ret.is_pointer() {
                Value::Null
            } else if a.ret.is_bool() {
                Value::Bool { value: false }
            } else {
                Value::Int { value: 0 }
            };
            let mut m = t.clone();
            m.accessors[i].value = Expr::Value { value: zero };
            (format!("accessor {} returns {}", a.name, a.ret.c_zero()), m)
        })
        .collect()
}

/// The negotiation core's checks, each changed in the generated core C:
/// (what the mutant does, the code, what it becomes). Each code occurs
/// exactly once in the core's file.
pub const CORE: &[(&str, &str, &str)] = &[
    (
        "an unset exporter candidate skipped, not refused",
        "\t\tif (dma_buf_mapping_check_warn(!type, \"every candidate has a type\",\n\t\t\t\t\t       \"%s: exporter candidate %zu has none\",\n\t\t\t\t\t       __func__, e))\n\t\t\treturn -EINVAL;\n",
        "\t\tif (!type)\n\t\t\tcontinue;\n",
    ),
    ("an importer candidate of another type tried", "\t\t\tif (imp->type != type)\n\t\t\t\tcontinue;\n", ""),
    ("-EOPNOTSUPP aborts instead of trying the next", "\t\t\t\tif (ret == -EOPNOTSUPP)\n\t\t\t\t\tcontinue;\n", ""),
    (
        "a positive match result passed on",
        "\t\t\t\tif (dma_buf_mapping_check_warn(ret > 0,\n\t\t\t\t\t\t\t       \"match returns 0 or a negative errno\",\n\t\t\t\t\t\t\t       \"%s: %s's match returned %d\",\n\t\t\t\t\t\t\t       __func__, type->name, ret))\n\t\t\t\t\treturn -EINVAL;\n",
        "",
    ),
    (
        "a match's errno ignored",
        "\t\t\t\tif (ret)\n\t\t\t\t\treturn ret;\n",
        "\t\t\t\tif (ret)\n\t\t\t\t\tcontinue;\n",
    ),
    ("finish_match not called", "\t\t\ttype->finish_match(args, &exp[e], imp);\n", ""),
    ("no common type taken for a match", "\t\t}\n\t}\n\treturn -EINVAL;\n", "\t\t}\n\t}\n\treturn 0;\n"),
    ("the exporter's match_mapping ignored", "\tif (ops->match_mapping)\n\t\treturn ops->match_mapping(&args);\n", ""),
    (
        "single_exporter_match ignored",
        "\tif (ops->single_exporter_match)\n\t\treturn dma_buf_match_mapping(&args,\n\t\t\t\t\t     ops->single_exporter_match, 1);\n",
        "",
    ),
    (
        "an exporter with neither taken for a match",
        "\t\t\t\t\t     ops->single_exporter_match, 1);\n\treturn -EINVAL;\n",
        "\t\t\t\t\t     ops->single_exporter_match, 1);\n\treturn 0;\n",
    ),
    ("debugfs prints nothing for an attachment without a type", "\t\tseq_puts(s, \"none\");\n", ""),
    ("debugfs leaves out the type's own dump", "\tif (type->debugfs_dump)\n\t\ttype->debugfs_dump(s, attach);\n", ""),
];

/// The core's mutants: its generated C with each of [`CORE`] applied.
///
/// # Panics
/// When a check's code is not in the generated core exactly once: the core
/// template changed and [`CORE`] must follow it (the runner's tests say so).
pub fn core_mutants(reg: &Registry, target: &Target) -> Vec<Mutant> {
    let path = c::core_c_path(target);
    let core = maptype::generate(reg, target).into_iter().find(|f| f.path == path).expect("the core's C is generated");
    CORE.iter()
        .map(|(what, code, becomes)| {
            assert_eq!(core.content.matches(code).count(), 1, "core mutant `{what}`: its code is not in {path} once");
            Mutant {
                name: format!("core: {what}"),
                files: vec![GenFile::new(path, core.content.replacen(code, becomes, 1))],
                equivalent: None,
            }
        })
        .collect()
}

/// Every mutant of every type in `reg`, then the core's, in a stable order.
pub fn mutants(reg: &Registry, target: &Target) -> Vec<Mutant> {
    let mut out = Vec::new();
    for t in &reg.types {
        for (what, m, equivalent) in dropped(t) {
            out.push(Mutant { name: format!("{}: {what}", t.name), files: vec![c::glue_file(&m, target)], equivalent });
        }
        for (what, m) in zeroed_accessors(t) {
            out.push(Mutant {
                name: format!("{}: {what}", t.name),
                files: vec![c::header_file(&m, target)],
                equivalent: None,
            });
        }
        for (_, rule) in t.requirements() {
            let Rule::Require { id, .. } = rule else { continue };
            for (change, what) in [(Change::Invert, "inverted"), (Change::Drop, "dropped")] {
                let mut m = t.clone();
                if !mutate(&mut m.rules, *id, change) {
                    continue;
                }
                out.push(Mutant {
                    name: format!("{}: requirement {id} {what}", t.name),
                    files: vec![c::glue_file(&m, target)],
                    equivalent: None,
                });
            }
        }
    }
    out.extend(core_mutants(reg, target));
    out
}
