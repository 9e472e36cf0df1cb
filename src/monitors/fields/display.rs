//! How a field's value is shown in the log and the plan: one line, never a secret or a header
//! value.

use serde_json::Value;

use super::Codec;
use super::codec::{hidden, scalar_text, text};

/// A file-form value as one line for the log: `10s`, `[A, B]`, `{value: x, alert: trouble}`;
/// `(secret)` for secrets. Headers show their names, and `(secret)` for the values listed in
/// `hidden` (those read from the environment).
pub fn display(codec: Codec, value: Option<&Value>, secret: bool, hidden: &[String]) -> String {
    let Some(value) = value else {
        return "(unset)".into();
    };
    match codec {
        // The user name shows (the reporter stars it out if it came from the environment).
        Codec::BasicAuth => format!("{{user: {}, password: (secret)}}", text(&value["user"])),
        // Never a header value: one may be a credential, and an old one may have come from
        // `${env:…}` in an earlier apply (so nothing masks it now).
        Codec::Headers(_) => {
            let _ = hidden;
            header_diff(None, Some(value))
        }
        Codec::Password(_) => "(secret)".into(),
        // Step names only: the steps' own fields are diffed one by one.
        Codec::Steps(_) => super::super::types::restapiseq::display(value),
        _ if secret => "(secret)".into(),
        _ => plain(value),
    }
}

/// How a change of headers is shown: each header's name and `(added)`, `(changed)` or
/// `(removed)`, never a value. Unchanged headers are left out; when the difference is not in
/// what the API shows (a value it hides), just `(changed)`.
pub fn header_diff(old: Option<&Value>, new: Option<&Value>) -> String {
    let empty = serde_json::Map::new();
    let old = old.and_then(Value::as_object).unwrap_or(&empty);
    let new = new.and_then(Value::as_object).unwrap_or(&empty);
    let mut items = Vec::new();
    for (name, value) in new {
        match old.get(name) {
            None => items.push(format!("{name} (added)")),
            // A value the API does not reveal cannot be compared.
            Some(before) if hidden(before.as_str()) && before.is_string() => {}
            Some(before) if scalar_text(before) != scalar_text(value) => {
                items.push(format!("{name} (changed)"))
            }
            Some(_) => {}
        }
    }
    for name in old.keys().filter(|name| !new.contains_key(*name)) {
        items.push(format!("{name} (removed)"));
    }
    if items.is_empty() {
        return "(changed)".into();
    }
    format!("{{{}}}", items.join(", "))
}

fn plain(value: &Value) -> String {
    match value {
        Value::Null => "(unset)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(plain).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}
