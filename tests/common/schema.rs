//! Checking a JSON document against its contract in `docs/schemas/`.
#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;

/// The schema `docs/schemas/<name>.schema.json`.
pub fn schema(name: &str) -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/schemas/{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// `doc` is valid against `docs/schemas/<name>.schema.json`, and says which
/// contract it follows (tests/json_contract.rs counts the schemas each test
/// file validates this way).
#[track_caller]
pub fn assert_valid(name: &str, doc: &Value) {
    let validator = jsonschema::validator_for(&schema(name)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "`{name}` output does not match docs/schemas/{name}.schema.json:\n  {}\n{doc:#}",
        errors.join("\n  ")
    );
    assert_eq!(doc["schema_version"], 1);
}
