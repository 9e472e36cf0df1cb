//! The codecs: how a field's file value becomes API JSON, how an API value reads back in file
//! form, and when a live value counts as the same as the file's (leniently: numbers and
//! booleans arrive as strings, id lists in any order).

use serde_json::{Map, Value, json};

use super::super::spec::Seconds;
use super::{Codec, Names};
use crate::api::envelope::{as_bool, as_i64, as_id};

/// What the file's value (in its file form, references already turned into ids) is in the API:
/// `(api field, value)` pairs.
pub fn to_api(codec: Codec, value: &Value) -> Vec<(&'static str, Value)> {
    match codec {
        Codec::Text(key) | Codec::Password(key) => vec![(key, Value::String(text(value)))],
        Codec::Int(key) => vec![(key, as_i64(value).map(Value::from).unwrap_or(Value::Null))],
        Codec::IntText(key) => vec![(
            key,
            as_i64(value)
                .map(|n| Value::String(n.to_string()))
                .unwrap_or(Value::Null),
        )],
        Codec::Bool(key) => vec![(key, Value::Bool(as_bool(value).unwrap_or(false)))],
        Codec::Minutes(key) => {
            let minutes = super::super::spec::Minutes::parse(&text(value)).map_or(0, |m| m.0);
            vec![(key, Value::String(minutes.to_string()))]
        }
        Codec::Seconds(key) => {
            let seconds = Seconds::parse(&text(value)).map_or(0, |s| s.0);
            vec![(key, Value::from(seconds))]
        }
        Codec::Choice(key, choices) => {
            let name = text(value);
            let code = choices
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(Value::Null, |(_, code)| code.value());
            vec![(key, code)]
        }
        Codec::StatusCodes(key) => vec![(key, Value::String(status_to_api(&text(value))))],
        Codec::Keyword(key) => {
            let (word, alert) = keyword_parts(value);
            vec![(key, json!({"value": word, "severity": severity(&alert)}))]
        }
        Codec::Headers(key) => {
            let headers: Vec<Value> = value
                .as_object()
                .map(|map| {
                    map.iter()
                        .map(|(name, v)| json!({"name": name, "value": text(v)}))
                        .collect()
                })
                .unwrap_or_default();
            vec![(key, Value::Array(headers))]
        }
        Codec::BasicAuth => vec![
            ("auth_method", Value::String("B".into())),
            ("auth_user", Value::String(text(&value["user"]))),
            ("auth_pass", Value::String(text(&value["password"]))),
        ],
        Codec::Ref(key, _) => vec![(key, Value::String(text(value)))],
        Codec::Refs(keys, _) => {
            let ids: Vec<Value> = value
                .as_array()
                .map(|ids| ids.iter().map(|id| Value::String(text(id))).collect())
                .unwrap_or_default();
            keys.iter()
                .map(|k| (*k, Value::Array(ids.clone())))
                .collect()
        }
        Codec::Steps(key) => vec![(key, super::super::types::restapiseq::to_api(value))],
    }
}

/// The API fields a codec writes.
pub fn api_keys(codec: Codec) -> Vec<&'static str> {
    match codec {
        Codec::BasicAuth => vec!["auth_method", "auth_user", "auth_pass"],
        Codec::Refs(keys, _) => keys.to_vec(),
        Codec::Text(k)
        | Codec::Int(k)
        | Codec::IntText(k)
        | Codec::Bool(k)
        | Codec::Minutes(k)
        | Codec::Seconds(k)
        | Codec::Choice(k, _)
        | Codec::StatusCodes(k)
        | Codec::Keyword(k)
        | Codec::Headers(k)
        | Codec::Password(k)
        | Codec::Ref(k, _)
        | Codec::Steps(k) => vec![k],
    }
}

/// Whether the live object already has the value `desired` (the output of [`to_api`]).
/// `secret`: the desired value holds secrets; a live value the API does not reveal (absent,
/// empty or starred out) cannot be compared and counts as the same.
pub fn same(codec: Codec, desired: &[(&str, Value)], live: &Value, secret: bool) -> bool {
    let want = |key: &str| {
        desired
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap_or(&Value::Null)
    };
    let got = |key: &str| live.get(key).unwrap_or(&Value::Null);
    match codec {
        Codec::Text(key) | Codec::StatusCodes(key) => {
            let (w, g) = (scalar_text(want(key)), scalar_text(got(key)));
            if secret && hidden(g.as_deref()) {
                return true;
            }
            normalise_text(&w) == normalise_text(&g)
        }
        Codec::Password(key) => {
            let g = scalar_text(got(key));
            hidden(g.as_deref()) || scalar_text(want(key)) == g
        }
        Codec::Int(key) | Codec::IntText(key) | Codec::Seconds(key) => {
            as_i64(want(key)) == as_i64(got(key))
        }
        Codec::Bool(key) => as_bool(want(key)) == as_bool(got(key)).or(Some(false)),
        Codec::Minutes(key) => as_f64(want(key)) == as_f64(got(key)),
        Codec::Choice(key, choices) => choices
            .iter()
            .find(|(_, code)| code.value() == *want(key))
            .is_some_and(|(_, code)| code.matches(got(key))),
        Codec::Keyword(key) => {
            let (w, g) = (want(key), got(key));
            scalar_text(&w["value"]) == scalar_text(&g["value"])
                && as_i64(&w["severity"]) == as_i64(&g["severity"]).or(Some(0))
        }
        Codec::Headers(key) => {
            let mut w = header_pairs(want(key));
            let mut g = header_pairs(got(key));
            if secret {
                // Values the API hides compare equal to ours.
                for (name, value) in &mut g {
                    if hidden(Some(value.as_str()))
                        && let Some((_, mine)) = w.iter().find(|(n, _)| n == name)
                    {
                        *value = mine.clone();
                    }
                }
            }
            w.sort();
            g.sort();
            w == g
        }
        Codec::BasicAuth => {
            let user_same = scalar_text(want("auth_user")) == scalar_text(got("auth_user"));
            let pass = scalar_text(got("auth_pass"));
            let pass_same = hidden(pass.as_deref()) || scalar_text(want("auth_pass")) == pass;
            user_same && pass_same
        }
        Codec::Ref(key, _) => as_id(want(key)) == as_id(got(key)),
        // The desired steps, read back as a file would write them, against the live ones.
        Codec::Steps(key) => {
            let wanted = json!({ "steps": want(key) });
            let file = super::super::types::restapiseq::from_api(&wanted, |_| false)
                .unwrap_or_else(|| Value::Array(Vec::new()));
            super::super::types::restapiseq::same(&file, live)
        }
        Codec::Refs(keys, _) => {
            let key = keys[0];
            let mut w = id_set(want(key));
            let mut g = id_set(got(key));
            if g.is_empty() && keys.len() > 1 {
                g = id_set(got(keys[1]));
            }
            w.sort();
            w.dedup();
            g.sort();
            g.dedup();
            w == g
        }
    }
}

/// The live object's value of a field, in file form (references as names where known, else
/// ids). `None` when the API has no (or an empty) value. Secrets come back as `None` for
/// `basic_auth`'s password: the caller decides what to show or write instead.
pub fn from_api(codec: Codec, live: &Value, names: &dyn Names) -> Option<Value> {
    let get = |key: &str| live.get(key).filter(|v| !is_empty(v));
    match codec {
        Codec::Text(key) => scalar_text(get(key)?).map(Value::String),
        Codec::Int(key) | Codec::IntText(key) => as_i64(get(key)?).map(Value::from),
        Codec::Bool(key) => as_bool(get(key)?).map(Value::Bool),
        Codec::Minutes(key) => {
            let minutes = as_f64(get(key)?)?;
            (minutes.fract() == 0.0 && minutes >= 1.0)
                .then(|| Value::String(super::super::spec::Minutes(minutes as u32).to_string()))
        }
        Codec::Seconds(key) => {
            let seconds = as_i64(get(key)?)?;
            (1..=i64::from(super::super::spec::MAX_TIMEOUT_SECONDS))
                .contains(&seconds)
                .then(|| Value::String(format!("{seconds}s")))
        }
        Codec::Choice(key, choices) => {
            let got = get(key)?;
            choices
                .iter()
                .find(|(_, code)| code.matches(got))
                .map(|(name, _)| Value::String((*name).into()))
        }
        Codec::StatusCodes(key) => {
            scalar_text(get(key)?).map(|s| Value::String(s.replace(':', "-").replace(' ', "")))
        }
        Codec::Keyword(key) => {
            let got = get(key)?;
            let word = scalar_text(got.get("value")?).filter(|w| !w.is_empty())?;
            match as_i64(got.get("severity").unwrap_or(&Value::Null)).unwrap_or(0) {
                2 => Some(json!({"value": word, "alert": "trouble"})),
                _ => Some(Value::String(word)),
            }
        }
        Codec::Headers(key) => {
            let pairs = header_pairs(get(key)?);
            if pairs.is_empty() {
                return None;
            }
            let map: Map<String, Value> = pairs
                .into_iter()
                .map(|(n, v)| (n, Value::String(v)))
                .collect();
            Some(Value::Object(map))
        }
        Codec::Password(_) => None,
        Codec::BasicAuth => {
            let user = scalar_text(get("auth_user")?).filter(|u| !u.is_empty())?;
            Some(json!({"user": user, "password": Value::Null}))
        }
        Codec::Ref(key, kind) => {
            let id = as_id(get(key)?)?;
            Some(Value::String(names.name_of(kind, &id).unwrap_or(id)))
        }
        Codec::Steps(_) => {
            super::super::types::restapiseq::from_api(live, super::super::export::sensitive_header)
        }
        Codec::Refs(keys, kind) => {
            let mut ids = id_set(live.get(keys[0]).unwrap_or(&Value::Null));
            if ids.is_empty() && keys.len() > 1 {
                ids = id_set(live.get(keys[1]).unwrap_or(&Value::Null));
            }
            if ids.is_empty() {
                return None;
            }
            let mut out: Vec<String> = ids
                .into_iter()
                .map(|id| names.name_of(kind, &id).unwrap_or(id))
                .collect();
            out.sort();
            Some(Value::Array(out.into_iter().map(Value::String).collect()))
        }
    }
}

pub(super) fn text(value: &Value) -> String {
    scalar_text(value).unwrap_or_default()
}

/// A scalar as text: strings as they are, numbers and booleans printed.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn normalise_text(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value the API does not reveal: absent, empty, or starred out.
pub(super) fn hidden(value: Option<&str>) -> bool {
    match value {
        None => true,
        Some(v) => v.trim().is_empty() || v.chars().all(|c| c == '*'),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn id_set(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(as_id).collect())
        .unwrap_or_default()
}

fn header_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|h| {
                    let name = scalar_text(h.get("name")?)?;
                    let value = h.get("value").and_then(scalar_text).unwrap_or_default();
                    Some((name, value))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn keyword_parts(value: &Value) -> (String, String) {
    match value {
        Value::String(word) => (word.clone(), "down".into()),
        other => (
            text(&other["value"]),
            scalar_text(&other["alert"]).unwrap_or_else(|| "down".into()),
        ),
    }
}

/// `down` → 0, `trouble` → 2 (`site24x7-api.md` §5.2).
fn severity(alert: &str) -> i64 {
    if alert == "trouble" { 2 } else { 0 }
}

/// `200-299, 301` → `200:299,301`.
pub fn status_to_api(text: &str) -> String {
    text.split(',')
        .map(|part| part.trim().replace('-', ":"))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// Is `text` a list of status codes or ranges (`200`, `200-299`, `200-299,301`)?
pub fn valid_status_codes(text: &str) -> bool {
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    !text.trim().is_empty()
        && text.split(',').all(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => code(a.trim()) && code(b.trim()) && a.trim() <= b.trim(),
                None => code(part),
            }
        })
}
