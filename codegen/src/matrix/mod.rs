//! `maptype matrix`, the negotiation explorer: for every exporter and
//! importer of a scenario, which type and candidates the core picks, and why
//! each pair tried before did not match.
//!
//! The walk is the core's (`dma_buf_match_mapping()` in the generated
//! `drivers/dma-buf/dma-buf-mapping.c`): exporter candidates in order, and
//! for each the importer candidates of the same type in order; a rule
//! failing with `-EOPNOTSUPP` moves on, any other errno ends the attach with
//! it, and running out of pairs is `-EINVAL`. Each pair's rules are run by
//! the rule model of `maptype_dsl::solver`, the interpreter the KUnit suites
//! take their expected outcomes from. [`c::suite`] writes the same scenario
//! as a KUnit suite, so the generated C is checked against this walk.

pub mod c;
pub mod scenario;

use maptype_dsl::ir::{BinOp, Expr, Registry, Rule, Side};
use maptype_dsl::solver::{Facts, Model, Outcome, Val};

use crate::emit::quote;
pub use scenario::{parse, Arg, Assumption, Candidate, Party, Scenario};

/// What negotiation gives one exporter and one importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The attach succeeds with this type and these candidates (indices).
    Match { ty: String, exp: usize, imp: usize },
    /// The attach fails with `-errno`.
    Fails { errno: String },
}

/// One pair the walk looked at, or an exporter candidate it could not pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No importer candidate has the exporter candidate's type.
    NoImporter { exp: usize, ty: String },
    /// The rules hold.
    Compatible { exp: usize, imp: usize },
    /// No pair matched: the core's `-EINVAL`.
    Exhausted,
    /// A requirement failed: its condition, as written, and its errno; `warn`
    /// when the generated code WARNs on it (the definition calls that failure
    /// a driver bug).
    Fails { exp: usize, imp: usize, rule: String, errno: String, next: bool, warn: bool },
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub verdict: Verdict,
    pub steps: Vec<Step>,
}

/// The explorer's answer: `cells[exporter][importer]`.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub cells: Vec<Vec<Cell>>,
}

/// An extern the rules call with no assumption for its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unassumed {
    pub call: String,
    pub ty: String,
}

/// Why a scenario could not be explored.
pub enum LoadError {
    Io(String),
    /// The scenario has errors (`file:line:col`).
    Diagnostics(maptype_dsl::Sources, Vec<maptype_dsl::Diagnostic>),
    /// The rules reach extern calls no assumption answers.
    Unassumed(String, Vec<Unassumed>),
}

impl std::fmt::Debug for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => f.write_str(e),
            LoadError::Diagnostics(s, d) => f.write_str(s.render(d).trim_end()),
            LoadError::Unassumed(file, missing) => {
                for u in missing {
                    writeln!(f, "error: {file}: the rules of `{}` call {}, which no assumption answers", u.ty, u.call)?;
                }
                let first = missing.first().map_or("FUNC(...)", |u| u.call.as_str());
                write!(f, "  = hint: add `assume {first} = VALUE;` (or `assume FUNC = VALUE;` for any arguments)")
            }
        }
    }
}

/// Reads the scenario at `path` (named `shown` in messages), checks it
/// against `reg` and explores it.
pub fn load(reg: &Registry, path: &std::path::Path, shown: &str) -> Result<(Scenario, Matrix), LoadError> {
    let bytes = crate::input::read_definition(path).map_err(LoadError::Io)?;
    let mut sources = maptype_dsl::Sources::new();
    let id = match crate::input::add_source(&mut sources, shown, bytes) {
        Ok(id) => id,
        Err(d) => return Err(LoadError::Diagnostics(sources, vec![d])),
    };
    let sc = match parse(&sources, id, reg) {
        Ok(sc) => sc,
        Err(d) => return Err(LoadError::Diagnostics(sources, d)),
    };
    let m = explore(reg, &sc).map_err(|u| LoadError::Unassumed(shown.to_string(), u))?;
    Ok((sc, m))
}

/// Runs every exporter against every importer.
pub fn explore(reg: &Registry, sc: &Scenario) -> Result<Matrix, Vec<Unassumed>> {
    let mut missing = Vec::new();
    let cells = sc
        .exporters
        .iter()
        .map(|e| sc.importers.iter().map(|i| negotiate(reg, sc, e, i, &mut missing)).collect())
        .collect();
    missing.sort_by(|a: &Unassumed, b| (&a.call, &a.ty).cmp(&(&b.call, &b.ty)));
    missing.dedup();
    if missing.is_empty() {
        Ok(Matrix { cells })
    } else {
        Err(missing)
    }
}

fn negotiate(reg: &Registry, sc: &Scenario, exp: &Party, imp: &Party, missing: &mut Vec<Unassumed>) -> Cell {
    let mut steps = Vec::new();
    for (e, ec) in exp.candidates.iter().enumerate() {
        let t = &reg.types[ec.ty];
        let mut paired = false;
        for (i, ic) in imp.candidates.iter().enumerate() {
            if ic.ty != ec.ty {
                continue;
            }
            paired = true;
            let facts = facts(sc, ec, ic);
            let model = Model::new(t);
            missing.extend(unassumed(&model, sc, &facts));
            match model.outcome(&facts) {
                Outcome::Compatible => {
                    steps.push(Step::Compatible { exp: e, imp: i });
                    return Cell { verdict: Verdict::Match { ty: t.name.clone(), exp: e, imp: i }, steps };
                }
                Outcome::Fails { id, errno, .. } => {
                    let next = errno == "EOPNOTSUPP";
                    let (rule, warn) =
                        requirement(&t.rules, id).map_or((String::new(), false), |(c, w)| (crate::docs::expr(c), w));
                    steps.push(Step::Fails { exp: e, imp: i, rule, errno: errno.clone(), next, warn });
                    if !next {
                        return Cell { verdict: Verdict::Fails { errno }, steps };
                    }
                }
            }
        }
        if !paired {
            steps.push(Step::NoImporter { exp: e, ty: t.name.clone() });
        }
    }
    steps.push(Step::Exhausted);
    Cell { verdict: Verdict::Fails { errno: "EINVAL".into() }, steps }
}

/// The facts of one pair: both candidates' fields and the assumptions.
fn facts(sc: &Scenario, exp: &Candidate, imp: &Candidate) -> Facts {
    let mut f = Facts::default();
    for (side, c) in [(Side::Exp, exp), (Side::Imp, imp)] {
        for (field, v) in &c.fields {
            f.fields.insert((side, field.clone()), *v);
        }
    }
    for a in &sc.assumptions {
        match &a.args {
            Some(args) => {
                f.calls.insert((a.func.clone(), args.iter().map(Arg::val).collect()), a.result.val());
            }
            None => {
                f.stubs.insert(a.func.clone(), a.result.val());
            }
        }
    }
    f
}

/// Calls the rules reach, as the generated match function reaches them (a
/// `when` body only when its guard holds, `&&` and `||` short-circuit, the
/// rules stop at the first failing `require`), that no assumption answers.
fn unassumed(m: &Model, sc: &Scenario, facts: &Facts) -> Vec<Unassumed> {
    fn visit(m: &Model, sc: &Scenario, e: &Expr, facts: &Facts, out: &mut Vec<Unassumed>) -> Option<Val> {
        let truth = |v: Option<Val>| v.is_some_and(Val::truth);
        match e {
            Expr::Call { func, args } => {
                let vals: Vec<Option<Val>> = args.iter().map(|a| visit(m, sc, a, facts, out)).collect();
                let v = m.eval(e, facts);
                if v.is_none() {
                    let shown: Vec<String> = vals.iter().map(|v| v.map_or("?".into(), |v| show(sc, v))).collect();
                    out.push(Unassumed { call: format!("{func}({})", shown.join(", ")), ty: m.t.name.clone() });
                }
                v
            }
            Expr::Binary { op: BinOp::And, lhs, rhs } => {
                if !truth(visit(m, sc, lhs, facts, out)) {
                    return Some(Val::Int(0));
                }
                visit(m, sc, rhs, facts, out);
                m.eval(e, facts)
            }
            Expr::Binary { op: BinOp::Or, lhs, rhs } => {
                if truth(visit(m, sc, lhs, facts, out)) {
                    return Some(Val::Int(1));
                }
                visit(m, sc, rhs, facts, out);
                m.eval(e, facts)
            }
            Expr::Binary { lhs, rhs, .. } => {
                visit(m, sc, lhs, facts, out);
                visit(m, sc, rhs, facts, out);
                m.eval(e, facts)
            }
            Expr::Not { expr } => {
                visit(m, sc, expr, facts, out);
                m.eval(e, facts)
            }
            _ => m.eval(e, facts),
        }
    }
    /// Walks `rules`; false once a requirement failed (the walk stops there).
    fn run(m: &Model, sc: &Scenario, rules: &[Rule], facts: &Facts, out: &mut Vec<Unassumed>) -> bool {
        for r in rules {
            match r {
                Rule::When { cond, body, .. } => {
                    if visit(m, sc, cond, facts, out).is_some_and(Val::truth) && !run(m, sc, body, facts, out) {
                        return false;
                    }
                }
                Rule::Require { cond, .. } => {
                    if !visit(m, sc, cond, facts, out).is_some_and(Val::truth) {
                        return false;
                    }
                }
            }
        }
        true
    }
    let mut out = Vec::new();
    run(m, sc, &m.t.rules, facts, &mut out);
    out
}

/// Requirement `id`'s condition and whether it warns.
fn requirement(rules: &[Rule], id: usize) -> Option<(&Expr, bool)> {
    rules.iter().find_map(|r| match r {
        Rule::Require { id: i, cond, warn, .. } if *i == id => Some((cond, *warn)),
        Rule::When { body, .. } => requirement(body, id),
        _ => None,
    })
}

/// What the rules say of an exporter constructor paired with an importer
/// constructor of one type, knowing only what the constructors fix (their
/// constant fields): the rule model's evaluation with every other field
/// unknown. The docs page of a type shows this matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pairing {
    /// No rule can fail: every such pair matches.
    Always,
    /// Requirement `id` fails whatever the arguments.
    Never { id: usize, errno: String },
    /// They match when these requirements hold (by id, in rule order).
    When(Vec<usize>),
}

/// [`Pairing`] of exporter constructor `exp` and importer constructor `imp` of `t`.
pub fn pairing(t: &maptype_dsl::ir::MappingType, exp: &maptype_dsl::ir::Ctor, imp: &maptype_dsl::ir::Ctor) -> Pairing {
    let mut facts = Facts::default();
    for (side, c) in [(Side::Exp, exp), (Side::Imp, imp)] {
        for a in &c.fixed {
            facts.fields.insert((side, a.field.clone()), Val::of(&a.value));
        }
    }
    /// Walks `rules`; `guarded` once inside a `when` whose guard is unknown.
    fn walk(m: &Model, rules: &[Rule], facts: &Facts, guarded: bool, deps: &mut Vec<usize>) -> Option<(usize, String)> {
        for r in rules {
            match r {
                Rule::When { cond, body, .. } => match m.eval(cond, facts) {
                    Some(v) if !v.truth() => {}
                    known => {
                        if let Some(never) = walk(m, body, facts, guarded || known.is_none(), deps) {
                            return Some(never);
                        }
                    }
                },
                Rule::Require { id, cond, errno, .. } => match m.eval(cond, facts) {
                    Some(v) if v.truth() => {}
                    Some(_) if !guarded => return Some((*id, errno.name.clone())),
                    _ => deps.push(*id),
                },
            }
        }
        None
    }
    let m = Model::new(t);
    let mut deps = Vec::new();
    match walk(&m, &t.rules, &facts, false, &mut deps) {
        Some((id, errno)) => Pairing::Never { id, errno },
        None if deps.is_empty() => Pairing::Always,
        None => Pairing::When(deps),
    }
}

/// A value as the scenario writes it.
pub fn show(sc: &Scenario, v: Val) -> String {
    match v {
        Val::Null => "NULL".into(),
        Val::Int(i) => i.to_string(),
        Val::Ptr(n) => sc.objects.get(n as usize - 1).cloned().unwrap_or_else(|| format!("object{n}")),
    }
}

/// A candidate as the scenario writes it.
pub fn call(sc: &Scenario, c: &Candidate) -> String {
    let args: Vec<String> = c
        .args
        .iter()
        .map(|a| match a {
            Arg::Enum { name, .. } => name.clone(),
            Arg::Bool(b) => b.to_string(),
            other => show(sc, other.val()),
        })
        .collect();
    format!("{}({})", c.ctor, args.join(", "))
}

/// A cell in a few words: `pal #2 × #1`, or `-EINVAL`.
pub fn short(cell: &Cell) -> String {
    match &cell.verdict {
        Verdict::Match { ty, exp, imp } => format!("{ty} #{} × #{}", exp + 1, imp + 1),
        Verdict::Fails { errno } => format!("-{errno}"),
    }
}

/// Why a cell came out as it did, one line per step.
pub fn steps(sc: &Scenario, exp: &Party, imp: &Party, cell: &Cell) -> Vec<String> {
    cell.steps
        .iter()
        .map(|s| match s {
            Step::NoImporter { exp: e, ty } => {
                format!("exporter #{} {}: no importer candidate of type {ty}", e + 1, call(sc, &exp.candidates[*e]))
            }
            Step::Compatible { exp: e, imp: i } => format!(
                "exporter #{} {} with importer #{} {}: compatible",
                e + 1,
                call(sc, &exp.candidates[*e]),
                i + 1,
                call(sc, &imp.candidates[*i])
            ),
            Step::Exhausted => "no pair matched: -EINVAL".to_string(),
            Step::Fails { exp: e, imp: i, rule, errno, next, warn } => format!(
                "exporter #{} {} with importer #{} {}: `{rule}` fails: -{errno}, {}{}",
                e + 1,
                call(sc, &exp.candidates[*e]),
                i + 1,
                call(sc, &imp.candidates[*i]),
                if *next { "next candidate" } else { "the attach fails" },
                if *warn { " (and WARNs: the definition calls this a driver bug)" } else { "" }
            ),
        })
        .collect()
}

/// The matrix for a terminal: the table, then why for each cell.
pub fn text(sc: &Scenario, m: &Matrix) -> String {
    let mut rows =
        vec![std::iter::once(String::new()).chain(sc.importers.iter().map(|i| i.name.clone())).collect::<Vec<_>>()];
    for (e, exp) in sc.exporters.iter().enumerate() {
        rows.push(std::iter::once(exp.name.clone()).chain(m.cells[e].iter().map(short)).collect());
    }
    let widths: Vec<usize> =
        (0..rows[0].len()).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = format!("{}: {} exporter(s) × {} importer(s)\n\n", sc.source, sc.exporters.len(), sc.importers.len());
    for (n, r) in rows.iter().enumerate() {
        let cells: Vec<String> =
            r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        out.push_str(cells.join(" | ").trim_end());
        out.push('\n');
        if n == 0 {
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"));
            out.push('\n');
        }
    }
    for (e, exp) in sc.exporters.iter().enumerate() {
        for (i, imp) in sc.importers.iter().enumerate() {
            out.push_str(&format!("\n{} → {}: {}\n", exp.name, imp.name, short(&m.cells[e][i])));
            for s in steps(sc, exp, imp, &m.cells[e][i]) {
                out.push_str(&format!("  {s}\n"));
            }
        }
    }
    out
}

/// The matrix as Markdown: a table, then why for each cell.
pub fn markdown(sc: &Scenario, m: &Matrix) -> String {
    // markdown_text escapes `|`, so it serves table cells too.
    let cell = |s: &str| quote::markdown_text(s);
    let mut out = format!(
        "| exporter \\ importer | {} |\n",
        sc.importers.iter().map(|i| cell(&i.name)).collect::<Vec<_>>().join(" | ")
    );
    out.push_str(&format!("| --- |{}\n", " --- |".repeat(sc.importers.len())));
    for (e, exp) in sc.exporters.iter().enumerate() {
        let row: Vec<String> = m.cells[e].iter().map(|c| cell(&short(c))).collect();
        out.push_str(&format!("| {} | {} |\n", cell(&exp.name), row.join(" | ")));
    }
    for (e, exp) in sc.exporters.iter().enumerate() {
        for (i, imp) in sc.importers.iter().enumerate() {
            out.push_str(&format!(
                "\n**{} → {}**: {}\n\n",
                quote::markdown_text(&exp.name),
                quote::markdown_text(&imp.name),
                quote::markdown_text(&short(&m.cells[e][i]))
            ));
            for s in steps(sc, exp, imp, &m.cells[e][i]) {
                out.push_str(&format!("- {}\n", quote::markdown_text(&s)));
            }
        }
    }
    out
}

/// The matrix as a graphviz graph: exporters on the left, importers on the
/// right, an edge per pair labelled with the type and candidates, or the errno.
pub fn dot(sc: &Scenario, m: &Matrix) -> String {
    let mut out = String::from("digraph matrix {\n\trankdir=LR;\n\tfontname=\"sans-serif\";\n");
    out.push_str("\tnode [shape=box, fontname=\"sans-serif\"];\n");
    out.push_str("\tedge [fontname=\"sans-serif\", fontsize=10];\n");
    out.push_str(&format!("\tlabel={};\n\tlabelloc=t;\n", quote::dot_string(&sc.source)));
    for (e, exp) in sc.exporters.iter().enumerate() {
        out.push_str(&format!("\te{e} [label={}];\n", quote::dot_string(&exp.name)));
    }
    for (i, imp) in sc.importers.iter().enumerate() {
        out.push_str(&format!("\ti{i} [label={}];\n", quote::dot_string(&imp.name)));
    }
    for (e, row) in m.cells.iter().enumerate() {
        for (i, c) in row.iter().enumerate() {
            let style = match c.verdict {
                Verdict::Match { .. } => "color=\"darkgreen\"",
                Verdict::Fails { .. } => "color=\"red\", style=dashed",
            };
            out.push_str(&format!("\te{e} -> i{i} [label={}, {style}];\n", quote::dot_string(&short(c))));
        }
    }
    out.push_str("}\n");
    out
}
