//! `maptype ir` prints a document that validates against the checked-in IR
//! schema, run the way a user runs it: from the workspace root.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("codegen/cli/ sits two levels down").to_path_buf()
}

fn maptype(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maptype")).args(args).current_dir(root()).output().expect("maptype runs")
}

fn validator() -> jsonschema::Validator {
    let path = root().join("schemas/maptype-ir.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the schema file is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

#[track_caller]
fn ir_of(files: &[&str]) -> Value {
    let mut args = vec!["ir"];
    args.extend_from_slice(files);
    let out = maptype(&args);
    assert!(out.status.success(), "maptype {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("maptype ir prints JSON");
    let errors: Vec<String> = validator().iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "maptype {args:?} output does not match the schema:\n{}", errors.join("\n"));
    doc
}

#[test]
fn ir_of_sgt_validates() {
    let doc = ir_of(&["schemas/sgt.maptype"]);
    let types = doc["types"].as_array().expect("types");
    assert_eq!(types.len(), 1);
    assert_eq!(types[0]["name"], "sgt");
    assert_eq!(types[0]["source"], "schemas/sgt.maptype");
    assert_eq!(types[0]["symbol"], "dma_buf_mapping_sgt_type");
}

#[test]
fn ir_of_all_seeds_validates() {
    let doc = ir_of(&["schemas/sgt.maptype", "schemas/pal.maptype", "schemas/xe_iov.maptype"]);
    let mut names: Vec<&str> = doc["types"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["pal", "sgt", "xe_iov"]);
}

#[test]
fn ir_is_byte_identical_run_to_run() {
    let a = maptype(&["ir", "schemas/sgt.maptype", "schemas/pal.maptype"]);
    let b = maptype(&["ir", "schemas/sgt.maptype", "schemas/pal.maptype"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn ir_of_a_bad_definition_prints_no_json() {
    let dir = std::env::temp_dir().join(format!("maptype-cli-ir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.maptype");
    std::fs::write(&bad, "mapping_type bad {\n    name \"Bad\";\n    accessor x -> bool = no_such_field;\n}\n")
        .unwrap();
    let out = maptype(&["ir", bad.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "an IR was printed for a bad definition");
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.maptype:"), "the error names the file");
}
