//! Cases for an exporter's result: a valid list passes, and for each
//! invariant a list that breaks only it is rejected.

use askama::Template;

use super::{filters, Case, Ctx};
use maptype_dsl::solver::preconditions::entry_samples;
use maptype_dsl::solver::samples;
use maptype_dsl::solver::validation::{self, constant_value};

/// What both result helpers set up before calling the entry point.
#[derive(Template)]
#[template(path = "kunit/result_setup.c", escape = "none")]
struct Setup<'a> {
    size_units: u128,
    unit: &'a str,
    op: &'a str,
    /// The one-argument exporter constructor the attachment is matched with;
    /// without one, the match is written out from the type's symbol.
    ctor: Option<&'a str>,
    symbol: &'a str,
}

/// The helper that hands a list to the exporter and checks the outcome.
#[derive(Template)]
#[template(path = "kunit/result_helper.c", escape = "none")]
struct ResultHelper<'a> {
    sig: String,
    setup: String,
    result: &'a str,
    array: &'a str,
    count: &'a str,
    op: &'a str,
    entry: &'a str,
    /// The entry point that gives the list back.
    undo: Option<&'a str>,
}

/// The helper for a result an op returns with an out-parameter count: the
/// op's double returns a copy of the entries and writes their number.
#[derive(Template)]
#[template(path = "kunit/out_param_helper.c", escape = "none")]
struct OutParamHelper<'a> {
    sig: String,
    setup: String,
    elem: String,
    count: &'a str,
    op: &'a str,
    entry: &'a str,
    /// The out-parameters the call writes to, declared as locals.
    locals: Vec<String>,
    locked: bool,
    /// `got = ENTRY(...);`
    call: String,
}

/// One case: a sample list and the error the helper must see.
#[derive(Template)]
#[template(path = "kunit/result_case.c", escape = "none")]
struct ResultCase<'a> {
    /// The invariant the list breaks.
    breaks: Option<String>,
    entries: Vec<Sample>,
    err: String,
    /// The name the broken check reports under, quoted, or NULL.
    check: String,
    result: &'a str,
    elem: String,
    addr_field: &'a str,
    len_field: &'a str,
}

/// A list entry in units of the alignment, spelled as C constants.
struct Sample {
    addr: String,
    len: String,
}

impl Sample {
    /// Entry `(addr, len)` of `a` and `n` units plus byte offsets; `a < 0`
    /// counts back from the top of the address space.
    fn new(unit: &str, a: i128, ao: i128, n: i128, lo: i128) -> Sample {
        let scaled = |k: i128, off: i128| match off {
            0 => format!("{k}ULL * {unit}"),
            o if o < 0 => format!("{k}ULL * {unit} - {}", -o),
            _ => format!("{k}ULL * {unit} + {off}"),
        };
        let addr = if a < 0 { format!("0 - {}ULL * {unit}", -a) } else { scaled(a, ao) };
        Sample { addr, len: scaled(n, lo) }
    }
}

impl Ctx<'_> {
    /// A valid list and, per invariant, a list breaking only it; the checker
    /// (`solver::derivable`) has rejected results where either is missing.
    pub(super) fn invariant_cases(&self) -> (Vec<Case>, Vec<String>) {
        let t = self.t;
        let mut cases = Vec::new();
        let mut helpers = Vec::new();
        for r in &t.results {
            let Some(entry) = t.entries.iter().find(|e| e.validates.as_deref() == Some(r.name.as_str())) else {
                continue;
            };
            let Some(op) = t.op(&entry.op) else { continue };
            let undo = entry.partner.as_ref().and_then(|p| t.entries.iter().find(|x| &x.name == p));
            let unit_name = samples::unit_name(r);
            let u = constant_value(&unit_name);
            let size_units = samples::SIZE_UNITS;
            let size = size_units * u;
            // Lists in units of the alignment; the solver's pool, which the
            // checker proved covers every invariant.
            let pool = samples::pool();
            let to_bytes = |l: &[samples::Sample]| samples::to_bytes(l, u);
            let sample_views = |l: &[samples::Sample]| -> Vec<Sample> {
                l.iter().map(|&(a, ao, n, lo)| Sample::new(&unit_name, a, ao, n, lo)).collect()
            };
            let (addr_field, len_field) = r.range.clone().unwrap_or_default();
            let case = |breaks: Option<&maptype_dsl::ir::Invariant>, entries: Vec<Sample>, err: String| ResultCase {
                breaks: breaks.map(|i| crate::describe_check(&i.check, r)),
                check: breaks.map_or("NULL".into(), |i| {
                    crate::emit::check_names::literal(&crate::emit::check_names::invariant(r, i))
                }),
                entries,
                err,
                result: &r.name,
                elem: r.array.ty.spelling(),
                addr_field: &addr_field,
                len_field: &len_field,
            };
            let valid = &pool[0];
            if validation::first_violation(r, &to_bytes(valid), size).is_some() {
                unreachable!(
                    "checked by maptype_dsl::solver::derivable: {}: the valid list of {} passes",
                    t.source, r.name
                );
            }
            let ctor = t.exporters.iter().find(|c| c.params.len() == 1).map(|c| c.name.as_str());
            let elem = r.array.ty.spelling().trim_end().to_string();
            let params = [
                "struct kunit *test".to_string(),
                format!("const {elem} *entries"),
                "size_t n".into(),
                "int err".into(),
                "const char *breaks".into(),
            ];
            let sig = crate::emit::layout::signature(("static void", &format!("test_{}_result", r.name)), &params, "");
            let setup = Setup { size_units, unit: &unit_name, op: &op.name, ctor, symbol: &t.symbol }
                .render()
                .expect("result setup renders");
            let helper = if r.is_struct() {
                ResultHelper {
                    sig,
                    result: &r.name,
                    array: &r.array.name,
                    count: &r.count.name,
                    op: &op.name,
                    entry: &entry.name,
                    setup,
                    undo: undo.map(|u| u.name.as_str()),
                }
                .render()
            } else {
                // Each integer out-parameter gets a local to write to.
                let good = entry_samples(entry, op).map(|s| s.good).unwrap_or_default();
                let mut args = Self::entry_args(entry, op, &good, None);
                let mut locals = Vec::new();
                let passed = op.params.iter().filter(|p| !entry.bound.iter().any(|b| b.param == p.name));
                for (arg, p) in args.iter_mut().zip(passed) {
                    if let Some(i) = p.ty.int_pointee().filter(|_| !p.ty.points_to_const()) {
                        locals.push(format!("{} {} = 0", i.spelling, p.name));
                        *arg = format!("&{}", p.name);
                    }
                }
                OutParamHelper {
                    sig,
                    elem,
                    count: &r.count.name,
                    op: &op.name,
                    entry: &entry.name,
                    setup,
                    locals,
                    locked: entry.lock == Some(maptype_dsl::ir::Lock::Held),
                    call: crate::emit::layout::call(1, &format!("got = {}", entry.name), &args, ";"),
                }
                .render()
            };
            helpers.push(helper.expect("result helper renders"));
            cases.push(Case::new(format!("{}_valid_accepted", r.name), case(None, sample_views(valid), "0".into())));
            for inv in &r.invariants {
                let found = samples::breaking(r, inv, &pool);
                let Some(list) = found else {
                    let why = crate::describe_check(&inv.check, r);
                    unreachable!(
                        "checked by maptype_dsl::solver::derivable: {}: a list breaks only `{why}` of {}",
                        t.source, r.name
                    );
                };
                let body = case(Some(inv), sample_views(list), format!("-{}", inv.errno));
                cases.push(Case::new(format!("{}_rejects_{}", r.name, check_slug(&inv.check)), body));
            }
        }
        (cases, helpers)
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
