//! The JSON Schema of the IR: the contract for anything that reads
//! `maptype ir` output instead of linking this crate.
//!
//! It is derived from the [`ir`](crate::ir) types (schemars, JSON Schema
//! draft 2020-12) and checked in as `schemas/maptype-ir.schema.json`; the test
//! `dsl/tests/ir_schema.rs` fails when the two differ (`MAPTYPE_BLESS=1`
//! rewrites the file).

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::ir;

/// Path of the checked-in schema, relative to the workspace root.
pub const SCHEMA_PATH: &str = "schemas/maptype-ir.schema.json";

/// The schema of [`ir::Registry`], the document `maptype ir` prints.
///
/// Object keys are sorted at every level, so the result does not depend on
/// whether some crate in the build turns on `serde_json/preserve_order`.
pub fn ir_schema() -> Value {
    let schema = SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<ir::Registry>();
    sort_keys(schema.to_value())
}

/// [`ir_schema`] pretty-printed, ending in a newline: the checked-in file's text.
pub fn ir_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&ir_schema()).expect("a JSON value always serializes");
    s.push('\n');
    s
}

fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sort_keys(v))).collect::<Map<_, _>>())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sort_keys).collect()),
        other => other,
    }
}
