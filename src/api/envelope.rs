//! Reading Site24x7 JSON: the `{code, message, data}` envelope, the `{error_code, message}` error,
//! and fields that arrive as numbers, strings or `""` depending on the endpoint
//! (`site24x7-api.md` §3, §4.2). Ids are always kept as strings: they exceed 2^53.

use serde_json::Value;

/// `data` of a success envelope; `Err(detail)` when the body is not one.
pub fn data(body: Value) -> Result<Value, String> {
    match body {
        Value::Object(mut map) => {
            if let Some(code) = map.get("code").and_then(as_i64).filter(|c| *c != 0) {
                let message = map
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("no message");
                return Err(format!("error code {code}: {message}"));
            }
            Ok(map.remove("data").unwrap_or(Value::Null))
        }
        other => Err(format!("expected a JSON object, got {}", kind(&other))),
    }
}

/// `(error_code, message)` of an error body, as far as it can be read.
pub fn error(body: &Value) -> (Option<i64>, Option<String>) {
    let code = body
        .get("error_code")
        .and_then(as_i64)
        .or_else(|| body.get("code").and_then(as_i64));
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_string);
    (code, message)
}

/// A number given as a number or a numeric string; `""` and anything else is `None`.
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean given as a boolean, `"true"`/`"false"`, or `1`/`0`.
pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    }
}

/// An id given as a string or (rarely) a number; `""` is `None`.
pub fn as_id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A field read as an id/string.
pub fn str_field(object: &Value, name: &str) -> Option<String> {
    object.get(name).and_then(as_id)
}

/// A list of ids, whatever mix of strings and numbers it arrives as.
pub fn id_list(object: &Value, name: &str) -> Vec<String> {
    object
        .get(name)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(as_id).collect())
        .unwrap_or_default()
}

/// Fields that hold one id, and fields that hold a list of ids, in any answer.
const ID_FIELDS: &[&str] = &[
    "maintenance_id",
    "monitor_id",
    "group_id",
    "tag_id",
    "profile_id",
    "user_group_id",
    "location_profile_id",
    "notification_profile_id",
    "threshold_profile_id",
];
const ID_LIST_FIELDS: &[&str] = &["monitors", "monitor_groups", "tag_ids", "user_group_ids"];

/// Every id in an answer is a digit string (or a whole number, or `""` for "none"). Ids reach
/// outputs, the clean-up state, summaries and URL paths: an id carrying a newline or a command
/// (`"123\n##vso[task.setvariable …]"`) must stop the run as a broken answer before any of that.
/// The message names the field only: the value is hostile text.
pub fn check_ids(value: &Value) -> Result<(), String> {
    fn is_id(value: &Value) -> bool {
        match value {
            Value::String(s) => s.is_empty() || s.bytes().all(|b| b.is_ascii_digit()),
            Value::Number(n) => n.is_u64(),
            Value::Null => true,
            _ => false,
        }
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if ID_FIELDS.contains(&key.as_str()) && !is_id(item) {
                    return Err(format!("`{key}` is not a string of digits"));
                }
                if ID_LIST_FIELDS.contains(&key.as_str())
                    && let Value::Array(items) = item
                    && items.iter().any(|i| !i.is_object() && !is_id(i))
                {
                    return Err(format!(
                        "`{key}` holds an id that is not a string of digits"
                    ));
                }
                check_ids(item)?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_ids),
        _ => Ok(()),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn envelope_and_error_bodies() {
        assert_eq!(
            data(json!({"code":0,"message":"success","data":[1]})).unwrap(),
            json!([1])
        );
        assert_eq!(
            data(json!({"code":0,"message":"success"})).unwrap(),
            Value::Null
        );
        assert!(data(json!({"code":"1121","message":"nope"})).is_err());
        assert!(data(json!([1])).is_err());
        assert_eq!(
            error(&json!({"error_code":1121,"message":"m"})),
            (Some(1121), Some("m".into()))
        );
    }

    #[test]
    fn lenient_scalars() {
        assert_eq!(as_i64(&json!("5")), Some(5));
        assert_eq!(as_i64(&json!("")), None);
        assert_eq!(as_bool(&json!("true")), Some(true));
        assert_eq!(
            as_id(&json!("113770000041409009")),
            Some("113770000041409009".into())
        );
        assert_eq!(id_list(&json!({"m":[3,"5",""]}), "m"), vec!["3", "5"]);
    }
}
