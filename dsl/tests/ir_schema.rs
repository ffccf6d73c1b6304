//! The IR's JSON Schema: the checked-in file matches the types, the seed
//! definitions' IR validates against it, and the IR carries every C name the
//! kernel API fixes for SGT and PAL.
//!
//! `MAPTYPE_BLESS=1 cargo test -p maptype-dsl --test ir_schema` rewrites
//! `schemas/maptype-ir.schema.json` after an IR change.

use std::path::PathBuf;

use maptype_dsl::ir::{Export, MappingType, Registry, Target};
use maptype_dsl::schema::{ir_schema, ir_schema_json, SCHEMA_PATH};
use maptype_dsl::Sources;
use serde_json::Value;

const SEEDS: [&str; 3] = ["schemas/sgt.maptype", "schemas/pal.maptype", "schemas/xe_iov.maptype"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("dsl/ sits in the workspace").to_path_buf()
}

fn checked_in() -> PathBuf {
    root().join(SCHEMA_PATH)
}

fn seeds() -> Registry {
    let mut sources = Sources::new();
    for s in SEEDS {
        let text = std::fs::read_to_string(root().join(s)).unwrap_or_else(|e| panic!("cannot read {s}: {e}"));
        sources.add(s, text);
    }
    match maptype_dsl::check(&sources) {
        Ok(reg) => reg,
        Err(d) => panic!("the seed definitions do not check:\n{}", sources.render(&d)),
    }
}

fn ty<'a>(reg: &'a Registry, name: &str) -> &'a MappingType {
    reg.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no mapping type `{name}` in the IR"))
}

fn names<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(name).collect()
}

#[track_caller]
fn has(list: &[&str], want: &[&str], what: &str) {
    for w in want {
        assert!(list.contains(w), "{what}: `{w}` missing from {list:?}");
    }
}

#[test]
fn checked_in_schema_is_current() {
    let want = ir_schema_json();
    let path = checked_in();
    if std::env::var_os("MAPTYPE_BLESS").is_some_and(|v| v == "1") {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            std::fs::write(&path, &want).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{SCHEMA_PATH} is not the schema of the IR types; if the IR change is intended, run\n    \
         MAPTYPE_BLESS=1 cargo test -p maptype-dsl --test ir_schema\nand commit the file"
    );
}

#[test]
fn schema_is_deterministic_and_valid() {
    assert_eq!(ir_schema_json(), ir_schema_json());
    let schema = ir_schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("the IR schema is not a valid JSON Schema: {e}");
    }
}

#[test]
fn seed_ir_validates_against_schema() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(checked_in()).expect("schema file"))
        .expect("the schema file is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let ir = serde_json::to_value(seeds()).expect("the IR serializes");
    let errors: Vec<String> = validator.iter_errors(&ir).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "the seeds' IR does not match the schema:\n{}", errors.join("\n"));

    // The schema is not vacuous: a broken document is rejected.
    let mut broken = ir.clone();
    broken["types"][0]["export"] = serde_json::json!({ "kind": "everywhere" });
    assert!(!validator.is_valid(&broken), "a bad export kind passed validation");
    let mut broken = ir.clone();
    broken["types"][0].as_object_mut().unwrap().remove("symbol");
    assert!(!validator.is_valid(&broken), "a type without a symbol passed validation");
}

#[test]
fn seed_ir_round_trips() {
    let reg = seeds();
    let json = serde_json::to_string(&reg).unwrap();
    let back: Registry = serde_json::from_str(&json).unwrap();
    assert_eq!(back, reg);
}

#[test]
fn sgt_ir_has_every_name_of_the_api() {
    let reg = seeds();
    let t = ty(&reg, "sgt");
    assert_eq!(t.symbol, "dma_buf_mapping_sgt_type");
    assert_eq!(t.title, "DMA Mapped Scatter Gather Table");

    let e = t.enum_by_name("dma_sgt_requires_p2p").expect("enum dma_sgt_requires_p2p");
    let values: Vec<(&str, i64)> = e.values.iter().map(|v| (v.name.as_str(), v.value)).collect();
    assert_eq!(
        values,
        [("DMA_SGT_NO_P2P", 0), ("DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE", 1), ("DMA_SGT_IMPORTER_ACCEPTS_P2P", 2)]
    );

    let data = t.data.as_ref().expect("match data");
    assert_eq!(data.member.as_deref(), Some("sgt_data"));
    has(
        &names(&data.fields, |f| &f.name),
        &["importing_dma_device", "exporting_p2p_device", "importer_accepts_p2p", "exporter_requires_p2p"],
        "sgt_data fields",
    );

    let ops = t.ops.as_ref().expect("exporter ops");
    assert_eq!(ops.name, "dma_buf_mapping_sgt_exp_ops");
    has(&names(&ops.ops, |o| &o.name), &["map_dma_buf", "unmap_dma_buf"], "SGT ops");
    assert!(ops.ops.iter().all(|o| o.required), "both SGT ops are mandatory");

    has(&names(&t.importers, |c| &c.name), &["DMA_BUF_IMAPPING_SGT"], "SGT importers");
    has(&names(&t.exporters, |c| &c.name), &["DMA_BUF_EMAPPING_SGT", "DMA_BUF_EMAPPING_SGT_P2P"], "SGT exporters");
    let single = t.single_exporter.as_ref().expect("single exporter");
    assert_eq!(single.name, "DMA_BUF_SIMPLE_SGT_EXP_MATCH");

    has(&names(&t.accessors, |a| &a.name), &["dma_buf_sgt_dma_device", "dma_buf_sgt_p2p_allowed"], "SGT accessors");
    assert_eq!(t.ops_accessor.as_deref(), Some("dma_buf_get_sgt_ops"));
    has(
        &names(&t.entries, |e| &e.name),
        &[
            "dma_buf_sgt_map_attachment",
            "dma_buf_sgt_map_attachment_unlocked",
            "dma_buf_sgt_unmap_attachment",
            "dma_buf_sgt_unmap_attachment_unlocked",
        ],
        "SGT entry points",
    );
}

#[test]
fn pal_ir_has_every_name_of_the_api() {
    let reg = seeds();
    let t = ty(&reg, "pal");
    assert_eq!(t.symbol, "dma_buf_mapping_pal_type");
    assert_eq!(t.title, "Physical Address List");
    assert!(t.rules.is_empty(), "PAL has no match callback");

    let list = t.result("dma_buf_phys_list").expect("result struct dma_buf_phys_list");
    assert_eq!(list.count.name, "length");
    assert_eq!(list.array.name, "phys");
    assert_eq!(list.array.ty.struct_name(), Some("dma_buf_phys_vec"));
    assert_eq!(list.range, Some(("paddr".to_string(), "len".to_string())));

    let vec = t.structs.iter().find(|s| s.name == "dma_buf_phys_vec").expect("struct dma_buf_phys_vec");
    assert_eq!(names(&vec.fields, |f| &f.name), ["paddr", "len"]);

    let ops = t.ops.as_ref().expect("exporter ops");
    assert_eq!(ops.name, "dma_buf_mapping_pal_exp_ops");
    has(&names(&ops.ops, |o| &o.name), &["map_phys", "unmap_phys"], "PAL ops");

    has(&names(&t.importers, |c| &c.name), &["DMA_BUF_IMAPPING_PAL"], "PAL importers");
    has(&names(&t.exporters, |c| &c.name), &["DMA_BUF_EMAPPING_PAL"], "PAL exporters");
    let exp = t.exporters.iter().find(|c| c.name == "DMA_BUF_EMAPPING_PAL").unwrap();
    assert!(exp.params.iter().any(|p| p.target == Target::Ops), "DMA_BUF_EMAPPING_PAL takes the ops");

    let iommufd = Export::Modules { modules: vec!["iommufd".into()] };
    for name in ["dma_buf_pal_map_phys", "dma_buf_pal_unmap_phys"] {
        let e = t.entries.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("PAL entry point `{name}`"));
        assert_eq!(e.export, iommufd, "{name} is exported to iommufd only");
    }
}
