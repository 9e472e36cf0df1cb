//! The JSON Schema of a steps file (`schema/steps.schema.json`), generated from the action table so
//! that an editor knows every action and the settings each takes — the new ones included as soon
//! as they are added to [`crate::actions`]. The parser ([`super::file`]) stays the authority: it
//! also checks `${steps.ID.OUTPUT}` references and reports `file:line:col`.

use serde_json::{Map, Value, json};

use crate::actions::Action;

/// The schema, pretty-printed with a final newline (the committed file's exact text).
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a schema serialises");
    text.push('\n');
    text
}

pub fn schema() -> Value {
    let value = json!({
        "description": "A setting's value: text, a number, true/false, or a list (one item per line).",
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {"type": "array", "items": {"type": ["string", "number", "boolean"]}}
        ]
    });
    let mut steps = Vec::new();
    for action in Action::ALL {
        let mut settings: Vec<&str> = action.settings().to_vec();
        settings.sort_unstable();
        let properties: Map<String, Value> = settings
            .iter()
            .map(|s| (s.to_string(), json!({"$ref": "#/$defs/value"})))
            .collect();
        let mut properties_of_step = Map::new();
        properties_of_step.insert("id".into(), json!({"$ref": "#/$defs/id"}));
        properties_of_step.insert("name".into(), json!({"type": "string"}));
        properties_of_step.insert("if".into(), json!({"$ref": "#/$defs/if"}));
        properties_of_step.insert(
            action.name().into(),
            json!({
                "description": format!("The `{}` action and its settings.", action.name()),
                "type": ["object", "null"],
                "properties": properties,
                "additionalProperties": false
            }),
        );
        steps.push(json!({
            "title": action.name(),
            "type": "object",
            "required": [action.name()],
            "properties": properties_of_step,
            "additionalProperties": false
        }));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/s247-dev/s247/raw/main/schema/steps.schema.json",
        "title": "s247 steps file",
        "description": "Actions run in order with one token (`s247 run -f FILE`). Generated from the program's action table.",
        "type": "object",
        "required": ["steps"],
        "properties": {
            "steps": {"type": "array", "minItems": 1, "items": {"oneOf": steps}}
        },
        "additionalProperties": false,
        "$defs": {
            "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
            "if": {"enum": ["always", "always()", "success", "success()"]},
            "value": value
        }
    })
}
