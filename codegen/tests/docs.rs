//! The generated documentation is valid reStructuredText (checked with
//! docutils, warnings fatal) and carries the compatibility table.

use std::path::{Path, PathBuf};
use std::process::Command;

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("generated/Documentation/driver-api/dma-buf-mapping")
}

const CHECK: &str = r#"
import sys
from docutils.core import publish_string
for path in sys.argv[1:]:
    publish_string(open(path).read(), source_path=path, writer_name="null",
                   settings_overrides={"halt_level": 2, "report_level": 2})
    print("ok", path)
"#;

#[test]
fn pages_are_valid_rst() {
    // index.rst holds a Sphinx toctree, which plain docutils does not know.
    let pages: Vec<PathBuf> = ["sgt.rst", "pal.rst", "private/xe-iov.rst"].iter().map(|p| docs_dir().join(p)).collect();
    let out = Command::new("python3").arg("-c").arg(CHECK).args(&pages).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "docutils rejected a page (scripts/test-all installs docutils):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sgt_page_has_every_requirement_and_entry_point() {
    let text = std::fs::read_to_string(docs_dir().join("sgt.rst")).unwrap();
    for needle in [
        "``pci_p2pdma_distance(exp.exporting_p2p_device, imp.importing_dma_device, true) >= 0``",
        "``imp.importer_accepts_p2p == DMA_SGT_IMPORTER_ACCEPTS_P2P``",
        "-EOPNOTSUPP, next candidate, warns",
        "``dma_buf_sgt_map_attachment_unlocked``",
        "``attach->peer2peer`` is set to",
        "   * - ``DMA_BUF_EMAPPING_SGT``\n     - always compatible",
        "   * - ``DMA_BUF_EMAPPING_SGT_P2P``\n     - when #0, #1 and #2 hold",
    ] {
        assert!(text.contains(needle), "sgt.rst lacks {needle}");
    }
    let pal = std::fs::read_to_string(docs_dir().join("pal.rst")).unwrap();
    assert!(pal.contains("only to ``iommufd``"));
    assert!(pal.contains("no two entries overlap"));
}
