//! A UTF-8 byte-order mark at the start of a file, as some editors write it,
//! is skipped: the file checks to the same model as without it, diagnostics
//! still point at the right column, and the formatter drops the mark.

use maptype_dsl::fmt::format_source;
use maptype_dsl::{check, Sources};

const BOM: &str = "\u{feff}";

fn seed() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    std::fs::read_to_string(dir.join("sgt.maptype")).expect("seed schema")
}

fn ir(text: &str) -> serde_json::Value {
    let mut sources = Sources::new();
    sources.add("sgt.maptype", text);
    match check(&sources) {
        Ok(reg) => serde_json::to_value(&reg).expect("IR serializes"),
        Err(d) => panic!("does not check:\n{}", sources.render(&d)),
    }
}

#[test]
fn a_leading_bom_is_skipped() {
    let plain = seed();
    let with_bom = format!("{BOM}{plain}");
    assert_eq!(ir(&with_bom), ir(&plain));
}

#[test]
fn the_formatter_drops_a_leading_bom() {
    let plain = seed();
    let formatted = format_source(0, &format!("{BOM}{plain}")).expect("formats");
    assert!(!formatted.contains(BOM), "the mark is kept:\n{formatted}");
    assert_eq!(formatted, format_source(0, &plain).expect("formats"));
}

#[test]
fn errors_after_a_bom_keep_their_columns() {
    let mut sources = Sources::new();
    sources.add("x.maptype", format!("{BOM}mapping_type x {{\n    name \"a\"\n}}\n"));
    let d = check(&sources).expect_err("the `;` is missing");
    let shown = sources.render(&d);
    assert!(shown.contains("x.maptype:2:13"), "{shown}");
}

#[test]
fn a_bom_elsewhere_is_still_an_error() {
    let mut sources = Sources::new();
    sources.add("x.maptype", format!("mapping_type x {BOM}{{\n}}\n"));
    let shown = sources.render(&check(&sources).expect_err("a mark inside the text is refused"));
    assert!(shown.contains("byte-order mark"), "{shown}");
}

#[test]
fn a_rust_form_file_with_a_bom_checks_and_keeps_its_columns() {
    let plain = "#[mapping_type(name = \"T\", export(gpl))]\nmod t {\n    struct Data {\n        \
                 #[importer] dev: *mut device,\n    }\n    importer!(DMA_BUF_IMAPPING_T(dve));\n}\n";
    let render = |text: String| {
        let mut sources = Sources::new();
        sources.add("t.rs", text);
        let d = check(&sources).expect_err("`dve` is no field");
        sources.render(&d)
    };
    let without = render(plain.to_string());
    assert!(without.contains("t.rs:6:34"), "{without}");
    assert_eq!(render(format!("{BOM}{plain}")), without);
}
