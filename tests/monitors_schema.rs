//! The committed JSON Schema (`schema/monitors.schema.json`) is what the Rust types generate, and
//! the example file loads, validates, and agrees with the schema.
//!
//! After changing the file types, regenerate the schema with
//! `S247_UPDATE_SCHEMA=1 cargo test --test monitors_schema` and commit it.

use std::path::PathBuf;

use s247::inputs::Env;
use s247::monitors::{load, spec};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    serde_json::from_str(&spec::schema_json()).unwrap()
}

#[test]
fn committed_schema_matches_the_types() {
    let path = root().join("schema/monitors.schema.json");
    let generated = spec::schema_json();
    if std::env::var_os("S247_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/monitors.schema.json is out of date; regenerate it with\n  S247_UPDATE_SCHEMA=1 cargo test --test monitors_schema\nand commit the result"
    );
}

fn example_env() -> Env {
    Env::from_pairs([
        ("ORDERS_API_TOKEN", "example-token"),
        ("ADMIN_MONITOR_PASSWORD", "example-password"),
    ])
}

#[test]
fn the_example_shows_every_type_and_loads() {
    let path = root().join("examples/monitors.yaml");
    let desired = load::load_file(path.to_str().unwrap(), &example_env()).unwrap();
    let mut types: Vec<&str> = desired
        .monitors
        .iter()
        .filter_map(|m| m.monitor_type())
        .map(|t| t.api_name())
        .collect();
    types.sort();
    types.dedup();
    // Every type s247 creates, and one it adopts.
    let mut all: Vec<&str> = spec::MonitorType::ALL
        .iter()
        .filter(|t| t.creatable())
        .map(|t| t.api_name())
        .chain(["SERVER"])
        .collect();
    all.sort();
    assert_eq!(types, all, "every monitor type appears in the example");
    assert!(!desired.groups.is_empty());
}

#[test]
fn the_example_validates_against_the_schema() {
    let text = std::fs::read_to_string(root().join("examples/monitors.yaml")).unwrap();
    let instance: Value = serde_saphyr::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_schema_encodes_per_type_rules() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let check = |yaml: &str| validator.is_valid(&serde_saphyr::from_str::<Value>(yaml).unwrap());
    assert!(check(
        "version: 1\nmonitors:\n  - {name: a, type: PING, host: h}\n"
    ));
    assert!(
        !check("version: 1\nmonitors:\n  - {name: a, type: PING}\n"),
        "PING needs host"
    );
    assert!(
        !check("version: 1\nmonitors:\n  - {name: a, type: PING, host: h, url: x}\n"),
        "url does not apply to PING"
    );
    assert!(
        !check("version: 1\nmonitors:\n  - {name: a, type: PING, host: h, hots: x}\n"),
        "unknown fields are refused"
    );
    assert!(
        !check("version: 1\nmonitors:\n  - {name: a, type: SMTP, host: h}\n"),
        "unknown types are refused"
    );
}

#[test]
fn every_field_of_the_types_is_in_the_table_and_back() {
    // The schema's monitor properties are the serde fields; the table must cover them exactly.
    let schema = schema();
    let props = schema["$defs"]["MonitorSpec"]["properties"]
        .as_object()
        .expect("MonitorSpec properties");
    for name in props.keys() {
        if name == "name" || name == "type" {
            continue;
        }
        assert!(
            s247::monitors::fields::all()
                .any(|f| f.name == name && f.on.minus(s247::monitors::fields::On::GROUP).0 != 0),
            "field `{name}` of MonitorSpec is not in the field table"
        );
    }
    for field in s247::monitors::fields::all() {
        let on_monitors = field.on.minus(s247::monitors::fields::On::GROUP).0 != 0;
        if on_monitors {
            assert!(
                props.contains_key(field.name),
                "table field `{}` is not in MonitorSpec",
                field.name
            );
        }
    }
    let group_props = schema["$defs"]["GroupSpec"]["properties"]
        .as_object()
        .unwrap();
    for field in s247::monitors::fields::all() {
        if field.on.contains(s247::monitors::fields::On::GROUP) {
            assert!(
                group_props.contains_key(field.name),
                "table field `{}` is not in GroupSpec",
                field.name
            );
        }
    }
}

#[test]
fn the_docs_name_every_field() {
    let docs = std::fs::read_to_string(root().join("README.md")).unwrap();
    for field in s247::monitors::fields::all() {
        assert!(
            docs.contains(&format!("`{}`", field.name)),
            "README.md does not mention `{}`",
            field.name
        );
    }
    for kind in spec::MonitorType::ALL {
        assert!(docs.contains(&format!("`{}`", kind.api_name())), "{kind}");
    }
}
