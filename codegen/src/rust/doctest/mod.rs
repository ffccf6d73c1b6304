//! Doctests of the generated modules, and the C fixture they run against.
//!
//! Linux 6.12 runs the `kernel` crate's doctests as the KUnit suite
//! `rust_doctests_kernel` (`CONFIG_RUST_KERNEL_DOCTESTS`), so examples in
//! the generated module docs are tests of the generated glue in a real
//! kernel. They are derived from the definition as the C KUnit suites are:
//! every case of the rule model ([`maptype_dsl::solver`]) that the safe Rust
//! constructors can express becomes a Rust exporter negotiating through the C
//! core with a C importer, its outcome predicted by the model, not by the C;
//! every invariant of a result gets a list that breaks it, which the C entry
//! point must refuse and give back through the Rust exporter's unmap. A
//! rule or check broken in the generated glue thus fails a doctest.
//!
//! What Rust cannot do in a doctest (make KUnit devices, stub externs, take
//! the reservation lock, build candidates with C initialisers) is done by
//! `rust/helpers/dma_buf_mapping_doctest.c`, compiled only with
//! `CONFIG_RUST_KERNEL_DOCTESTS`; Rust calls it as
//! `bindings::maptype_doctest_*`.
//!
//! Here: the `# Examples` sections. [`fixture`] writes the C fixture,
//! [`cases`] derives the doctests of a type from its rules and invariants,
//! out of [`blocks`] (a doctest's lines, the hidden Rust exporter, objects,
//! stubs, the map/unmap flow) and [`values`] (values and candidates from the
//! rule model's facts).

mod blocks;
mod cases;
mod fixture;
mod values;

use maptype_dsl::ir::{MappingType, Registry, Side};

use super::ty::{self, Kind};
use blocks::{flow, objects, stubs, Test};
use cases::{invariant_tests, negotiation_tests};
use fixture::c_exporter_types;
use maptype_dsl::solver::{Facts, Fresh, Model, Outcome, Val};
use values::fit;

pub use fixture::{fixture_file, private_fixture_file, private_fixture_path};

pub const FIXTURE_PATH: &str = "rust/helpers/dma_buf_mapping_doctest.c";
/// The C names of the fixture; Rust sees them without `rust_helper_`.
const FX: &str = "maptype_doctest";
/// Size of every test buffer, in units of the type's alignment (or pages).
const BUF_UNITS: u128 = maptype_dsl::solver::samples::SIZE_UNITS;

fn ts(t: proc_macro2::TokenStream) -> String {
    t.to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ::", "::")
        .replace("* mut ", "*mut ")
        .replace("* const ", "*const ")
}

/// How the doctests name a core type's module (they import it): `sgt`.
fn module(t: &MappingType) -> String {
    t.name.clone()
}

fn rust_fn(c: &str) -> String {
    maptype_dsl::oracle::rust_fn_name(c)
}

/// The ops of `t` the doctests can play: every op's types have a Rust
/// mapping the doctest knows how to produce.
fn playable(t: &MappingType) -> bool {
    let Some(o) = &t.ops else { return false };
    o.ops.iter().all(|op| {
        let params_ok = op.params.iter().all(|p| {
            matches!(
                ty::classify(t, &p.ty),
                Ok(Kind::Attach
                    | Kind::Direction
                    | Kind::Handed(_)
                    | Kind::Result(_)
                    | Kind::Borrowed(_)
                    | Kind::Scalar
                    | Kind::ScalarOut)
            )
        });
        let ret_ok = match &op.ret {
            None => true,
            Some(r) => {
                matches!((ty::classify(t, r), op.err_ptr()), (Ok(Kind::Handed(_) | Kind::Result(_)), true))
                    || r.is_c_int()
            }
        };
        params_ok && ret_ok
    })
}

/// Externs the rules call: the stubs a case sets.
fn rule_externs(t: &MappingType) -> Vec<&maptype_dsl::ir::Extern> {
    crate::emit::called_externs(t, &t.rule_conditions())
}

/// The doctests of `t` (none when its ops have no Rust mapping here).
fn type_tests(t: &MappingType) -> Vec<Vec<String>> {
    if !playable(t) {
        return Vec::new();
    }
    let mut tests = negotiation_tests(t);
    tests.extend(invariant_tests(t));
    tests
}

/// The `# Examples` section of a type's module: doctests generated from its
/// definition. A driver-private type's doctests run where its module joins the kernel
/// crate beside the core's, with its own fixture ([`private_fixture_file`]),
/// as `maptype kunit --rust` builds them; in the driver's crate they are
/// documentation only.
pub fn type_examples(t: &MappingType) -> Vec<String> {
    let tests = type_tests(t);
    if tests.is_empty() {
        return Vec::new();
    }
    let where_ = match &t.private {
        None => "they run in the kernel as KUnit (`rust_doctests_kernel`)".to_string(),
        Some(_) => format!(
            "they run as KUnit (`rust_doctests_kernel`) in a test kernel whose `kernel` crate holds this module \
                as `kernel::dma_buf::mapping::{}`, with the C fixture `{}` and the type's C built in",
            t.name,
            private_fixture_path(t)
        ),
    };
    let mut out = vec![
        String::new(),
        "# Examples".into(),
        String::new(),
        format!(
            "Generated from the definition; {where_}. The expected outcomes come from the definition's rules, not \
                from the C glue they test."
        ),
    ];
    for t in tests {
        out.push(String::new());
        out.extend(t);
    }
    out
}

/// The `# Examples` section of `mapping`: Rust importers attach to the
/// fixture's C exporter, which offers every core type it can play.
pub fn registry_examples(reg: &Registry) -> Vec<String> {
    let playing = c_exporter_types(reg);
    let Some((first, _)) = playing.first() else { return Vec::new() };
    let size = BUF_UNITS * 4096;
    let mut test = Test::default();
    let names: Vec<&str> = playing.iter().map(|(t, _)| t.name.as_str()).collect();
    test.hide(format!(
        "use kernel::bindings;\nuse kernel::dma_buf::mapping::{{self, {}, Attachment}};\n",
        names.join(", ")
    ));
    test.show(format!(
        "// A C exporter offering {}, in that order.\n// SAFETY: A fixture; the test drops its reference below.\n\
            let dmabuf = unsafe {{ bindings::{FX}_c_export({size}) }};\nassert!(!dmabuf.is_null());\n\
            let size: usize = {size};",
        playing.iter().map(|(t, _)| t.name.as_str()).collect::<Vec<_>>().join(" then ")
    ));
    let mut all = Vec::new();
    // One pool of object numbers, so blocks never reuse a name.
    let mut fresh = Fresh::default();
    for (t, ector) in &playing {
        let model = Model::new(t);
        let mut facts = Facts::default();
        for a in &ector.fixed {
            facts.fields.insert((Side::Exp, a.field.clone()), Val::of(&a.value));
        }
        model.satisfy_all(&mut facts, &mut fresh);
        model.complete(&mut facts, &mut fresh);
        if model.outcome(&facts) != Outcome::Compatible {
            continue;
        }
        let Some((ictor, iargs)) = fit(t, Side::Imp, &facts, true) else { continue };
        // Objects of different types' facts must not share names.
        let mut local = Test::default();
        objects(t, &facts, &mut local);
        stubs(t, &facts, &mut local);
        let m = module(t);
        let cand = format!("{m}::{}({})", rust_fn(&ictor.name), iargs.join(", "));
        let mut inner = Test::default();
        inner.show(format!("assert!({m}::is_{}(a));", t.name));
        let name = t.name.clone();
        let ops: Vec<String> =
            t.ops.as_ref().map(|o| o.ops.iter().map(|op| op.name.clone()).collect()).unwrap_or_default();
        flow(
            t,
            &|i| format!("unsafe {{ bindings::{FX}_c_{name}_{}_calls() }}", ops[i]),
            &|i| format!("unsafe {{ bindings::{FX}_c_{name}_{}_result() }}", ops[i]),
            &|_| Vec::new(),
            &mut inner,
        );
        test.show(format!("\n// A Rust importer that takes {} only gets it.\n{{", t.name));
        for (_, l) in local.lines.iter().chain(&[(
            false,
            format!(
                "let candidate = {cand};\n\
            // SAFETY: The buffer outlives the attachment.\nlet attached = unsafe {{ mapping::attach(dmabuf, \
            &[candidate]) }};\nassert!(attached.is_ok());\nif let Ok(attached) = attached {{\n    let a: &Attachment = \
            &attached;"
            ),
        )]) {
            for line in l.lines() {
                test.show(format!("    {line}"));
            }
        }
        for (_, l) in &inner.lines {
            test.show(format!("        {l}"));
        }
        test.show("    }\n}");
        all.push((t, local, cand));
    }
    if all.len() > 1 {
        // Every candidate, in the reverse of the exporter's order: its order wins.
        test.show(format!(
            "\n// Offered all of them, last first, the importer gets the exporter's first choice, {}.\n{{",
            first.name
        ));
        for (_, local, _) in &all {
            for (_, l) in &local.lines {
                test.show(format!("    {l}"));
            }
        }
        for (i, (_, _, c)) in all.iter().enumerate() {
            test.show(format!("    let c{i} = {c};"));
        }
        let cands: Vec<String> = (0..all.len()).rev().map(|i| format!("c{i}")).collect();
        test.show(format!(
            "    // SAFETY: The buffer outlives the attachment.\n    let attached = unsafe {{ mapping::attach(dmabuf, \
                &[{}]) }};\n    assert!(attached.is_ok_and(|a| {}::is_{}(&a)));\n}}",
            cands.join(", "),
            first.name,
            first.name
        ));
    }
    test.show("// SAFETY: The test's reference.\nunsafe { bindings::dma_buf_put(dmabuf) };");
    let mut out = vec![String::new(), "# Examples".into(), String::new()];
    out.extend(
        test.doc("Rust importers pick their type from a C exporter (generated from the definitions; run as KUnit)."),
    );
    out
}
