//! The KUnit backend: per type a suite `dma-buf-mapping-<type>` whose cases
//! are derived from the definition by the rule solver
//! ([`maptype_dsl::solver`]), plus the core suite and the `.kunitconfig`
//! that enables them.
//!
//! Expected results come from the model of the definition, never from the
//! generated C, so a suite generated from a definition fails against glue
//! generated from a changed (mutated) one.
//!
//! Rust decides, templates print: `matching`, `api` and `results`
//! derive the cases and fill small views; `templates/kunit/*_case.c` print
//! each case's body (one line per line, each starting with a newline, so a
//! body sits between `{` and `}`), `type_test.c` the suite around them.
//! The `wrap` filters lay a statement out to 80 columns the kernel's way.

mod api;
mod doubles;
mod filters;
mod matching;
mod results;

use askama::Template;
use maptype_dsl::ir::{CType, MappingType, Registry};

use crate::emit::includes::Includes;
use crate::emit::{banner, names};
use crate::GenFile;
use maptype_dsl::solver::{Facts, Fresh, Model, Outcome, Val};

#[derive(Template)]
#[template(path = "kunit/type_test.c", escape = "none")]
struct TypeSuite<'a> {
    banner: &'a str,
    /// Recorded by the cases and helpers that need them.
    includes: Vec<String>,
    suite: String,
    prefix: String,
    objects: u32,
    /// `MODULE_IMPORT_NS()` of the namespace the extern wrappers are exported to.
    import_kunit_ns: String,
    externs: Vec<doubles::ExternDouble>,
    /// Every case stands in for the rules' stubbable WARN_ON(): the
    /// activation of the stand-in, laid out.
    rule_warn: Option<String>,
    /// The suite's init stands in for the type's check reporter: the
    /// activation of the stand-in, laid out; its exit checks what it saw.
    check_warn: Option<String>,
    ops: Option<doubles::OpsDouble<'a>>,
    /// The helpers the result cases call, rendered.
    results: Vec<String>,
    cases: Vec<Case>,
}

#[derive(Template)]
#[template(path = "kunit/core_test.c", escape = "none")]
struct CoreSuite<'a> {
    banner: &'a str,
    /// The activation of the stand-in for the core's check reporter.
    check_warn: Option<String>,
}

#[derive(Template)]
#[template(path = "kunit/kunitconfig", escape = "none")]
struct KunitConfig {
    note: String,
}

/// A case: its name and its body, every line of which starts with a newline.
struct Case {
    name: String,
    body: String,
}

impl Case {
    fn new(name: impl Into<String>, body: impl Template) -> Case {
        Case { name: name.into(), body: body.render().expect("case template renders") }
    }
}

/// Path of a type's suite next to its glue.
pub fn suite_path(t: &MappingType) -> String {
    format!("{}/{}-test.c", names::glue_dir(t), names::stem(t))
}

pub const CORE_SUITE: &str = "drivers/dma-buf/dma-buf-mapping-test.c";
pub const KUNITCONFIG: &str = "drivers/dma-buf/.kunitconfig";

/// The KUnit backend: a suite per type and one for the core.
pub struct KUnit;

impl crate::Backend for KUnit {
    fn name(&self) -> &'static str {
        "kunit"
    }

    fn registry_files(&self, reg: &Registry, _: &crate::Target) -> Vec<GenFile> {
        let Registry { types } = reg;
        let sources: Vec<&str> = types.iter().map(|t| t.source.as_str()).collect();
        let core_sources: Vec<&str> = types.iter().filter(|t| t.private.is_none()).map(|t| t.source.as_str()).collect();
        let b = banner::c_source(&core_sources);
        let core = GenFile::new(
            CORE_SUITE,
            CoreSuite { banner: &b, check_warn: Some(check_stub_activation(names::CORE_CHECK_WARN)) }
                .render()
                .expect("core suite renders"),
        );
        let config = KunitConfig { note: banner::kunitconfig(&sources) }.render().expect("kunitconfig renders");
        vec![core, GenFile::new(KUNITCONFIG, config)]
    }

    fn type_files(&self, t: &MappingType, target: &crate::Target) -> Vec<GenFile> {
        vec![type_suite(t, target)]
    }
}

/// How the suite refers to things of its type.
struct Ctx<'a> {
    t: &'a MappingType,
    m: Model<'a>,
    fresh: Fresh,
    inc: Includes,
}

/// Headers the suite's fixed frame uses (test environment, fake objects,
/// stubs, locking, the allocations of every case).
const FRAME_HEADERS: &[&str] = &[
    "kunit/static_stub.h",
    "kunit/test.h",
    "linux/dma-buf-mapping.h",
    "linux/dma-buf.h",
    "linux/dma-resv.h",
    "linux/err.h",
    "linux/module.h",
    "linux/overflow.h",
    "linux/seq_file.h",
    "linux/sizes.h",
    "linux/slab.h",
    "linux/string.h",
];

fn c_val(t: &MappingType, v: Val, enum_name: Option<&str>) -> String {
    match v {
        Val::Null => "NULL".into(),
        Val::Ptr(n) => format!("test_obj({n})"),
        Val::Int(n) => match enum_name.and_then(|e| t.enum_by_name(e)) {
            // A flags value names its bits: `A | B`, or 0 for none.
            Some(e) if e.flags => match e.bits_of(n) {
                Some(bits) if !bits.is_empty() => bits.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join(" | "),
                _ => n.to_string(),
            },
            Some(e) => e.values.iter().find(|x| x.value == n).map_or_else(|| n.to_string(), |x| x.name.clone()),
            None => n.to_string(),
        },
    }
}

/// A KUnit expectation on `lhs`: `check(test, lhs, value)`, or
/// `check(test, lhs)` for NULL, true and false.
struct Expect {
    check: &'static str,
    lhs: String,
    value: Option<String>,
}

/// The expectation that `lhs` (of type `ty`) holds `v`.
fn expect(t: &MappingType, lhs: String, ty: &CType, enum_name: Option<&str>, v: Val) -> Expect {
    let (check, value) = if ty.is_pointer() {
        match v {
            Val::Null => ("KUNIT_EXPECT_NULL", None),
            _ => ("KUNIT_EXPECT_PTR_EQ", Some(c_val(t, v, None))),
        }
    } else if ty.is_bool() {
        (if v.truth() { "KUNIT_EXPECT_TRUE" } else { "KUNIT_EXPECT_FALSE" }, None)
    } else {
        ("KUNIT_EXPECT_EQ", Some(c_val(t, v, enum_name)))
    };
    Expect { check, lhs, value }
}

fn type_suite(t: &MappingType, target: &crate::Target) -> GenFile {
    covered(t);
    let mut ctx = Ctx { t, m: Model::new(t), fresh: Fresh::default(), inc: Includes::with(FRAME_HEADERS) };
    if t.private.is_some() {
        ctx.inc.need_local(names::header_include(t));
    }
    let mut cases = ctx.rule_cases();
    cases.extend(ctx.order_cases());
    cases.extend(ctx.other_type_case());
    cases.extend(ctx.ctor_cases());
    cases.extend(ctx.entry_cases());
    cases.extend(ctx.entry_call_cases());
    cases.extend(ctx.debugfs_case());
    let (inv_cases, inv_helpers) = ctx.invariant_cases();
    if !inv_helpers.is_empty() {
        // The result helpers allocate, size and fill the exporter's list.
        ctx.inc.need_all(&["linux/overflow.h", "linux/sizes.h", "linux/slab.h", "linux/string.h"]);
    }
    cases.extend(inv_cases);
    let b = banner::c_source(&[t.source.as_str()]);
    let content = TypeSuite {
        banner: &b,
        includes: ctx.inc.lines(),
        suite: format!("dma-buf-mapping-{}", t.name.replace('_', "-")),
        prefix: names::prefix(t),
        objects: ctx.fresh.ptrs_used() + 1,
        import_kunit_ns: names::import_ns(target, "EXPORTED_FOR_KUNIT_TESTING"),
        externs: doubles::externs(t),
        rule_warn: crate::emit::warns(t).then(|| {
            let args = ["test".to_string(), crate::emit::names::rule_warn(t), "test_rule_warn".into()];
            crate::emit::layout::call(1, "kunit_activate_static_stub", &args, ";")
        }),
        check_warn: crate::emit::has_checks(t).then(|| check_stub_activation(&crate::emit::names::check_warn(t))),
        ops: doubles::ops(t),
        results: inv_helpers,
        cases,
    }
    .render()
    .expect("suite template renders");
    GenFile::new(suite_path(t), content)
}

/// The line that puts the suite's `test_check_warn` in the place of `reporter`.
fn check_stub_activation(reporter: &str) -> String {
    let args = ["test".to_string(), reporter.to_string(), "test_check_warn".into()];
    crate::emit::layout::call(1, "kunit_activate_static_stub", &args, ";")
}

/// Names every IR field, so a new one fails to compile here until the
/// suites test it (or this says why not).
fn covered(t: &MappingType) {
    let MappingType {
        // Cases: rules, on-match copies, constructors, accessors, entry points,
        // result invariants, debugfs; the doubles stub externs and ops.
        rules: _,
        on_match: _,
        importers: _,
        exporters: _,
        accessors: _,
        ops_accessor: _,
        entries: _,
        results: _,
        debugfs: _,
        externs: _,
        ops: _,
        data: _,
        enums: _,
        private: _,
        name: _,
        source: _,
        symbol: _,
        // The suite calls the glue, not the header's declarations: kernel-doc
        // text, export macros and struct layouts are the C backend's and
        // compile-checked there.
        doc: _,
        title: _,
        title_doc: _,
        export: _,
        export_doc: _,
        rules_doc: _,
        structs: _,
        // The single-exporter macro only fills a `dma_buf_ops` initializer
        // with the exporter constructor the ctor cases already test.
        single_exporter: _,
    } = t;
}
