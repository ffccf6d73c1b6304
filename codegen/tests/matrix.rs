//! The negotiation explorer: its answers (examples/matrix/*.md are its
//! Markdown output, kept up to date here), its errors at `file:line:col`,
//! assumptions it demands, a fatal rule stopping the walk, and the SVG
//! picture rendered by graphviz and converted to PNG. hosted.rs and the
//! kernel run check its answers against the generated C.

use std::path::{Path, PathBuf};
use std::process::Command;

use maptype::matrix::{self, LoadError, Verdict};
use maptype_dsl::ir::Registry;

mod common;
use common::seed_sources;

fn root() -> PathBuf {
    common::root()
}

fn seeds() -> Registry {
    maptype_dsl::check(&seed_sources()).expect("schemas/ check")
}

/// The seeds and the ualink example, which has a rule failing with -EACCES.
fn with_ualink() -> Registry {
    let mut sources = seed_sources();
    let text = std::fs::read_to_string(root().join("examples/new_type/ualink.maptype")).unwrap();
    sources.add("new_type/ualink.maptype", text);
    maptype_dsl::check(&sources).expect("schemas/ and ualink check")
}

fn scenario(text: &str) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let p = dir.join("s.matrix");
    std::fs::write(&p, text).unwrap();
    p
}

fn load(reg: &Registry, path: &Path) -> Result<(matrix::Scenario, matrix::Matrix), String> {
    matrix::load(reg, path, "s.matrix").map_err(|e| e.to_string())
}

#[test]
fn the_examples_markdown_is_the_explorers_answer() {
    let reg = seeds();
    let mut stems: Vec<String> = std::fs::read_dir(root().join("examples/matrix"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".matrix").map(String::from))
        .collect();
    stems.sort();
    assert!(!stems.is_empty());
    for stem in stems {
        let shown = format!("examples/matrix/{stem}.matrix");
        let (sc, m) = matrix::load(&reg, &root().join(&shown), &shown).unwrap_or_else(|e| panic!("{e}"));
        let md = std::fs::read_to_string(root().join(format!("examples/matrix/{stem}.md"))).unwrap_or_default();
        assert_eq!(
            md,
            matrix::markdown(&sc, &m),
            "examples/matrix/{stem}.md is stale: cargo run -- matrix --format markdown -o examples/matrix/{stem}.md {shown}"
        );
    }
}

#[test]
fn the_walk_is_exporter_first() {
    let reg = seeds();
    // Both sides offer PAL and SGT, in opposite orders: the exporter's wins.
    let p = scenario(
        "exporter \"e\" { DMA_BUF_EMAPPING_PAL(); DMA_BUF_EMAPPING_SGT(); }\n\
         importer \"i\" { DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P); DMA_BUF_IMAPPING_PAL(); }\n",
    );
    let (_, m) = load(&reg, &p).unwrap();
    assert_eq!(m.cells[0][0].verdict, Verdict::Match { ty: "pal".into(), exp: 0, imp: 1 });
}

#[test]
fn a_failure_the_definition_calls_a_bug_is_marked() {
    let reg = seeds();
    let p = scenario(
        "exporter \"e\" { DMA_BUF_EMAPPING_SGT_P2P(NULL); }\n\
         importer \"i\" { DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P); }\n",
    );
    let (sc, m) = load(&reg, &p).unwrap();
    let why = matrix::steps(&sc, &sc.exporters[0], &sc.importers[0], &m.cells[0][0]).join("\n");
    assert!(why.contains("`exp.exporting_p2p_device` fails: -EOPNOTSUPP, next candidate (and WARNs"), "{why}");
}

#[test]
fn a_fatal_rule_ends_the_attach() {
    let reg = with_ualink();
    // The first candidate fails with -EACCES: the SGT behind it is never tried.
    let p = scenario(
        "exporter \"hbm\" { DMA_BUF_EMAPPING_UALINK(7, 3, UALINK_ACCESS_READ); DMA_BUF_EMAPPING_SGT(); }\n\
         importer \"accel\" { DMA_BUF_IMAPPING_UALINK(acc, 7, UALINK_ACCESS_RW); DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P); }\n\
         assume ualink_station_reachable = true;\n",
    );
    let (sc, m) = load(&reg, &p).unwrap();
    let cell = &m.cells[0][0];
    assert_eq!(cell.verdict, Verdict::Fails { errno: "EACCES".into() });
    let why = matrix::steps(&sc, &sc.exporters[0], &sc.importers[0], cell).join("\n");
    assert!(why.contains("`exp.granted == UALINK_ACCESS_RW` fails: -EACCES, the attach fails"), "{why}");
    assert_eq!(cell.steps.len(), 1, "{why}");
}

#[test]
fn every_call_the_rules_reach_needs_an_assumption() {
    let reg = seeds();
    let p = scenario(
        "exporter \"vf\" { DMA_BUF_EMAPPING_XE_IOV(vf1, 2); }\nimporter \"pf\" { DMA_BUF_IMAPPING_XE_IOV(pf0, 2); }\n",
    );
    let e = load(&reg, &p).unwrap_err();
    assert!(e.contains("the rules of `xe_iov` call pci_physfn(vf1), which no assumption answers"), "{e}");
    assert!(e.contains("hint: add `assume pci_physfn(vf1) = VALUE;`"), "{e}");
    // A call no rule reaches needs none: a non-P2P SGT never asks the distance.
    let p = scenario(
        "exporter \"e\" { DMA_BUF_EMAPPING_SGT(); }\nimporter \"i\" { DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P); }\n",
    );
    load(&reg, &p).unwrap();
}

#[test]
fn mistakes_are_reported_at_their_place_all_at_once() {
    let reg = seeds();
    let p = scenario(
        "exporter \"a\" {\n    DMA_BUF_EMAPPING_PALL();\n    DMA_BUF_EMAPPING_XE_IOV(vf1);\n    DMA_BUF_IMAPPING_PAL();\n}\n\
         importer \"b\" {\n    DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);\n    DMA_BUF_IMAPPING_XE_IOV(7, 2);\n}\n\
         assume pci_physfnn(vf1) = pf0;\n",
    );
    let Err(LoadError::Diagnostics(sources, d)) = matrix::load(&reg, &p, "s.matrix") else { panic!("accepted") };
    let text = sources.render(&d);
    for want in [
        "s.matrix:2:5",
        "did you mean `DMA_BUF_EMAPPING_PAL`?",
        "s.matrix:3:5",
        "takes 2 arguments, not 1",
        "s.matrix:4:5",
        "it is an importer constructor",
        "s.matrix:7:31",
        "`importer_accepts_p2p` never holds `DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE`",
        "s.matrix:8:29",
        "`7` is not a pointer",
        "s.matrix:10:8",
        "did you mean `pci_physfn`?",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
    assert_eq!(d.len(), 6, "{text}");
    let p = scenario("exporter \"a\" { DMA_BUF_EMAPPING_PAL() }\n");
    let Err(LoadError::Diagnostics(sources, d)) = matrix::load(&reg, &p, "s.matrix") else { panic!("accepted") };
    let text = sources.render(&d);
    assert!(text.contains("s.matrix:1:39") && text.contains("syntax error: expected `;`"), "{text}");
}

/// `dot` renders the graph to SVG and rsvg-convert turns that into a PNG
/// (scripts/test-all installs graphviz and librsvg2-bin).
#[test]
fn the_svg_renders() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("vfio.svg");
    let png = dir.path().join("vfio.png");
    let reg = seeds();
    let path = root().join("examples/matrix/vfio.matrix");
    let (sc, m) = matrix::load(&reg, &path, "examples/matrix/vfio.matrix").unwrap();
    let dot = matrix::dot(&sc, &m);
    let rendered = Command::new("dot")
        .arg("-Tsvg")
        .arg("-o")
        .arg(&svg)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
            c.wait().unwrap()
        })
        .expect("graphviz's dot runs (scripts/test-all installs graphviz)");
    assert!(rendered.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("xe PF 0") && text.contains("pal #2 × #1"), "{text}");
    let converted = Command::new("rsvg-convert")
        .arg("-o")
        .arg(&png)
        .arg(&svg)
        .status()
        .expect("rsvg-convert runs (scripts/test-all installs librsvg2-bin)");
    assert!(converted.success());
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000, "{} bytes", bytes.len());
}

#[test]
fn the_constructor_matrix_reads_what_constructors_fix() {
    use maptype::matrix::{pairing, Pairing};
    let reg = seeds();
    let sgt = reg.types.iter().find(|t| t.name == "sgt").unwrap();
    let ctor = |n: &str| sgt.importers.iter().chain(&sgt.exporters).find(|c| c.name == n).unwrap();
    let imp = ctor("DMA_BUF_IMAPPING_SGT");
    assert_eq!(pairing(sgt, ctor("DMA_BUF_EMAPPING_SGT"), imp), Pairing::Always);
    assert_eq!(pairing(sgt, ctor("DMA_BUF_EMAPPING_SGT_P2P"), imp), Pairing::When(vec![0, 1, 2]));
    // An exporter constructor fixing a value a requirement refuses never matches.
    let text = maptype::scaffold::definition("dmx", None, "dmx.maptype", &[]).unwrap().replace(
        "exporter DMA_BUF_EMAPPING_DMX(exp_ops => ops, link);",
        "exporter DMA_BUF_EMAPPING_DMX(exp_ops => ops, link);\n    \
         /// A candidate on no link.\n    exporter DMA_BUF_EMAPPING_DMX_NONE(exp_ops => ops) {\n        link = 0;\n    }",
    ).replace(
        "require exp.link == imp.link else EOPNOTSUPP;",
        "require exp.link != 0 else EINVAL;\n        require exp.link == imp.link else EOPNOTSUPP;",
    );
    let mut sources = maptype_dsl::Sources::new();
    sources.add("dmx.maptype", text);
    let reg = maptype_dsl::check(&sources).unwrap_or_else(|d| panic!("{}", sources.render(&d)));
    let t = &reg.types[0];
    let none = t.exporters.iter().find(|c| c.name == "DMA_BUF_EMAPPING_DMX_NONE").unwrap();
    assert_eq!(pairing(t, none, &t.importers[0]), Pairing::Never { id: 0, errno: "EINVAL".into() });
    assert_eq!(pairing(t, &t.exporters[0], &t.importers[0]), Pairing::When(vec![0, 1]));
}
