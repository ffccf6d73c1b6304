//! `maptype matrix` from the command line: the table, errors with exit code
//! 1, the KUnit suite it writes, and the install hint when graphviz is missing.

mod common;
use common::{maptype, maptype_in, project, run, stderr};

#[test]
fn matrix_prints_the_table_and_writes_the_suite() {
    let p = project();
    std::fs::copy(common::root().join("examples/matrix/vfio.matrix"), p.path().join("vfio.matrix")).unwrap();
    let o = maptype_in(p.path(), &["matrix", "--kunit", "vfio-test.c", "vfio.matrix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("vfio-pci (VF 1, BAR 2) | pal #2 × #1 | xe_iov #1 × #1 | -EINVAL"), "{out}");
    let suite = std::fs::read_to_string(p.path().join("vfio-test.c")).unwrap();
    assert!(suite.contains(".name = \"dma-buf-mapping-matrix-vfio\""), "{suite}");
    assert!(suite.contains("KUNIT_CASE(matrix_vfio_pci_vf_1_bar_2_to_iommufd)"), "{suite}");
}

#[test]
fn a_bad_scenario_exits_1_with_its_place() {
    let p = project();
    std::fs::write(
        p.path().join("bad.matrix"),
        "exporter \"e\" { DMA_BUF_EMAPPING_PALL(); }\nimporter \"i\" { DMA_BUF_IMAPPING_PAL(); }\n",
    )
    .unwrap();
    let o = maptype_in(p.path(), &["matrix", "bad.matrix"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.matrix:1:16") && err.contains("did you mean `DMA_BUF_EMAPPING_PAL`?"), "{err}");
}

#[test]
fn svg_without_graphviz_says_how_to_install_it() {
    let p = project();
    std::fs::copy(common::root().join("examples/matrix/vfio.matrix"), p.path().join("vfio.matrix")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = run(maptype(p.path()).env("PATH", empty.path()).args(["matrix", "--format", "svg", "vfio.matrix"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("apt-get install graphviz"), "{}", stderr(&o));
}
