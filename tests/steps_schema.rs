//! The committed steps-file schema (`schema/steps.schema.json`) is what the action table
//! generates: it knows every action (markers and the health gate included) and each one's
//! settings, and the shipped steps files validate against it.
//!
//! After adding an action or a setting, regenerate it with
//! `S247_UPDATE_SCHEMA=1 cargo test --test steps_schema` and commit it.

use std::path::PathBuf;

use s247::steps::schema;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema::schema()).unwrap()
}

fn yaml(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

#[test]
fn committed_schema_matches_the_action_table() {
    let path = root().join("schema/steps.schema.json");
    let generated = schema::schema_json();
    if std::env::var_os("S247_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/steps.schema.json is out of date; regenerate it with\n  S247_UPDATE_SCHEMA=1 cargo test --test steps_schema\nand commit the result"
    );
}

#[test]
fn shipped_steps_files_validate() {
    let validator = validator();
    for rel in ["examples/steps.yaml", "src/demo/steps.yaml"] {
        let errors: Vec<String> = validator
            .iter_errors(&yaml(rel))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
    }
}

#[test]
fn it_knows_the_release_actions_and_their_settings() {
    let validator = validator();
    let good = json!({"steps": [
        {"milestone": {"groups": ["Web"], "name": "Deploy 1a2b3c4", "required": true}},
        {"id": "gate", "monitors-verify": {"monitors": ["API"], "within": "2m", "poll-now": false}},
    ]});
    assert!(validator.is_valid(&good));
    for bad in [
        json!({"steps": [{"milestones": {"groups": ["Web"]}}]}),
        json!({"steps": [{"monitors-verify": {"duration": "2m"}}]}),
        json!({"steps": [{"milestone": {}, "monitors-verify": {}}]}),
        json!({"steps": [{"milestone": {}, "if": "sometimes"}]}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}
