//! Reading a request body's fields the way the service does (ids as strings, numbers and
//! booleans also as strings), checking references, and answering id lists in the service's order.

use serde_json::Value;

use super::super::state::{Account, Kind, Obj};
use super::Failure;

/// Absent, null, blank string or empty array.
pub(crate) fn blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The fields of `required` that are blank in `obj`.
pub(crate) fn missing<'a>(obj: &Obj, required: &[&'a str]) -> Vec<&'a str> {
    required
        .iter()
        .copied()
        .filter(|f| blank(obj.get(*f)))
        .collect()
}

/// A string field; `Ok(None)` if blank.
pub(crate) fn string_field(obj: &Obj, field: &str) -> Result<Option<String>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Failure::invalid(field, "must be a string")),
    }
}

/// An id field: a string (ids are strings; numbers above 2^53 would lose digits).
pub(crate) fn id_field(obj: &Obj, field: &str) -> Result<Option<String>, Failure> {
    match obj.get(field) {
        Some(Value::Number(_)) => Err(Failure::invalid(field, "ids are strings")),
        _ => string_field(obj, field),
    }
}

/// A list of id strings; `Ok(None)` if absent or null.
pub(crate) fn id_list(obj: &Obj, field: &str) -> Result<Option<Vec<String>>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(Failure::invalid(field, "must be a list of id strings")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(Failure::invalid(field, "must be a list of id strings")),
    }
}

/// An integer sent as a number or a string of digits; `Ok(None)` if absent, null or `""`.
pub(crate) fn int_field(obj: &Obj, field: &str) -> Result<Option<i64>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| Failure::invalid(field, "must be a whole number")),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| Failure::invalid(field, "must be a whole number")),
        Some(_) => Err(Failure::invalid(field, "must be a whole number")),
    }
}

/// A whole number sent as a number or a string of digits.
pub(crate) fn int_value(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean sent as a boolean or `"true"`/`"false"`; `Ok(None)` if absent, null or `""`.
pub(crate) fn bool_field(obj: &Obj, field: &str) -> Result<Option<bool>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(Failure::invalid(field, "must be true or false")),
    }
}

/// The order the service answers an id list in: duplicates dropped, then reversed, so a client
/// comparing lists by position sees a difference (the real service returns "a different order").
pub(crate) fn server_order(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<String> = ids
        .into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect();
    unique.reverse();
    unique
}

pub(crate) fn strings(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|s| Value::from(s.as_str())).collect())
}

/// Numbers in `value` become strings (`10` → `"10"`); anything else is left alone.
pub(crate) fn stringify(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::LocationProfile => "location profile",
        Kind::NotificationProfile => "notification profile",
        Kind::ThresholdProfile => "threshold profile",
        Kind::UserGroup => "user group",
        Kind::Tag => "tag",
        Kind::MonitorGroup => "monitor group",
        Kind::Monitor => "monitor",
        Kind::Maintenance => "maintenance window",
    }
}

/// An id field that must name an existing object of `kind`; `Ok(None)` if blank.
pub(crate) fn check_ref(
    account: &Account,
    obj: &Obj,
    field: &str,
    kind: Kind,
) -> Result<Option<String>, Failure> {
    let Some(id) = id_field(obj, field)? else {
        return Ok(None);
    };
    if account.exists(kind, &id) {
        Ok(Some(id))
    } else {
        Err(Failure::invalid(
            field,
            format!("there is no {} with id {id}", noun(kind)),
        ))
    }
}

/// An id list whose every id must name an existing object of `kind`; `Ok(None)` if absent.
pub(crate) fn check_refs(
    account: &Account,
    obj: &Obj,
    field: &str,
    kind: Kind,
) -> Result<Option<Vec<String>>, Failure> {
    let Some(ids) = id_list(obj, field)? else {
        return Ok(None);
    };
    if let Some(unknown) = ids.iter().find(|id| !account.exists(kind, id)) {
        return Err(Failure::invalid(
            field,
            format!("there is no {} with id {unknown}", noun(kind)),
        ));
    }
    Ok(Some(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_order_reverses_and_dedupes() {
        let ids = vec![
            "1".to_string(),
            "2".to_string(),
            "1".to_string(),
            "3".to_string(),
        ];
        assert_eq!(server_order(ids), vec!["3", "2", "1"]);
    }
}
