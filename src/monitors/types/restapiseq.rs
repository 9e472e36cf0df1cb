//! RESTAPISEQ, the REST API transaction (`RestApiTransactionMonitor`, `Steps` and `StepDetails`
//! in the provider's `api/monitor_types.go` and `api/types.go`; `site24x7-api.md` §10.1): an
//! ordered list of `steps`, each `{display_name, step_details: [{step_url, …}]}`.
//!
//! The steps are read with one more request per monitor (`GET /monitors/steps/{id}`: the monitor
//! list does not carry them), planned step by step (`steps[1].url: a → b`), and written
//! losslessly: each file step is laid over the live step *of the same name*, so what the file
//! does not mention (auth, GraphQL, JSON checks, …) is sent back as it was. Names, not
//! positions: inserting or reordering steps then cannot hand one step's hidden settings to
//! another. The file is the truth for the list: a live step the file does not name is removed.

use serde_json::{Map, Value, json};

use super::{Codec, Field, On, env, field, required};
use crate::api::envelope::as_id;
use crate::api::http::path_segment;
use crate::api::{Api, ApiError};
use crate::monitors::fields::{
    self, CONTENT_TYPES, METHODS_REST, Names, RESPONSE_TYPES, RefKind, scalar_text,
};
use crate::monitors::plan::FieldChange;

pub static FIELDS: &[Field] = &[required(
    env(field("steps", Codec::Steps("steps"), On::RESTAPISEQ)),
    On::RESTAPISEQ,
)];

/// A step's fields: the name in the file, and its codec over the step's `step_details[0]`.
pub static STEP_FIELDS: &[(&str, Codec)] = &[
    ("url", Codec::Text("step_url")),
    ("method", Codec::Choice("http_method", METHODS_REST)),
    ("headers", Codec::Headers("custom_headers")),
    ("body", Codec::Text("request_param")),
    (
        "content_type",
        Codec::Choice("request_content_type", CONTENT_TYPES),
    ),
    ("expected_status", Codec::StatusCodes("up_status_codes")),
    ("keyword", Codec::Keyword("matching_keyword")),
    ("absent_keyword", Codec::Keyword("unmatching_keyword")),
    ("regex", Codec::Keyword("match_regex")),
    ("match_case", Codec::Bool("match_case")),
    (
        "response_type",
        Codec::Choice("response_type", RESPONSE_TYPES),
    ),
    ("timeout", Codec::Seconds("timeout")),
    ("user_agent", Codec::Text("user_agent")),
];

/// What a new step gets for what the file leaves out: the provider's schema defaults (GET,
/// timeout "10", text response, `severity` 0 = stop and notify on error).
fn new_step_defaults() -> Map<String, Value> {
    let mut details = Map::new();
    details.insert("http_method".into(), json!("G"));
    details.insert("timeout".into(), json!("10"));
    details.insert("response_type".into(), json!("T"));
    details.insert("severity".into(), json!(0));
    details
}

/// The API path of a monitor's steps (`rest_api_transaction_impl.go`, `GetSteps`).
pub fn steps_path(monitor_id: &str) -> String {
    format!("/monitors/steps/{}", path_segment(monitor_id))
}

/// Read the steps of every live RESTAPISEQ monitor `wanted` picks, into its `steps` (one GET
/// each, `workers` at once). A monitor whose list entry already has steps is read anyway: a
/// list may carry a summary, and a lossless PUT needs the whole steps.
pub fn read_steps(
    api: &Api,
    monitors: &mut [Value],
    wanted: impl Fn(&Value) -> bool,
    workers: usize,
) -> Result<(), ApiError> {
    let ids: Vec<(usize, String)> = monitors
        .iter()
        .enumerate()
        .filter(|(_, m)| scalar_text(&m["type"]).as_deref() == Some("RESTAPISEQ") && wanted(m))
        .filter_map(|(i, m)| Some((i, m.get("monitor_id").and_then(as_id)?)))
        .collect();
    let read = crate::monitors::pool::parallel(&ids, workers, |(_, id)| api.get(&steps_path(id)));
    for ((index, _), steps) in ids.iter().zip(read) {
        let steps = match steps? {
            Value::Array(steps) => Value::Array(steps),
            _ => Value::Array(Vec::new()),
        };
        if let Value::Object(monitor) = &mut monitors[*index] {
            monitor.insert("steps".into(), steps);
        }
    }
    Ok(())
}

/// The file's steps as the API's, for a create.
pub fn to_api(file: &Value) -> Value {
    Value::Array(
        file.as_array()
            .into_iter()
            .flatten()
            .map(|step| step_over(step, &Value::Null))
            .collect(),
    )
}

/// The file step laid over `live` (a live step, or null for a new one).
fn step_over(file: &Value, live: &Value) -> Value {
    let name = file["name"].clone();
    let mut step = live.as_object().cloned().unwrap_or_default();
    let mut all_details = step
        .get("step_details")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut details = match all_details.first() {
        Some(Value::Object(d)) => d.clone(),
        _ => new_step_defaults(),
    };
    for (key, codec) in STEP_FIELDS {
        if let Some(value) = file.get(*key) {
            for (api_key, api_value) in fields::to_api(*codec, value) {
                details.insert(api_key.into(), api_value);
            }
        }
    }
    // `StepDetails.Timeout` is a string in the provider's struct: sent as one, like it does.
    if let Some(seconds) = details.get("timeout").filter(|t| t.is_number()) {
        let text = seconds.to_string();
        details.insert("timeout".into(), Value::String(text));
    }
    // The provider copies the step's name into its details.
    details.insert("display_name".into(), name.clone());
    if all_details.is_empty() {
        all_details.push(Value::Object(details));
    } else {
        all_details[0] = Value::Object(details);
    }
    step.insert("display_name".into(), name);
    step.insert("step_details".into(), Value::Array(all_details));
    Value::Object(step)
}

fn details(step: &Value) -> &Value {
    step.get("step_details")
        .and_then(|d| d.get(0))
        .unwrap_or(&Value::Null)
}

fn step_name(step: &Value) -> String {
    scalar_text(&step["display_name"]).unwrap_or_default()
}

/// A header value the API does not reveal (empty or starred out).
fn hidden_text(text: &str) -> bool {
    text.trim().is_empty() || text.chars().all(|c| c == '*')
}

struct NoNames;
impl Names for NoNames {
    fn name_of(&self, _: RefKind, _: &str) -> Option<String> {
        None
    }
}

/// The update of a monitor's steps.
pub struct StepsUpdate {
    /// The steps to send.
    pub steps: Value,
    /// What changes, as shown (none when nothing differs).
    pub changes: Vec<FieldChange>,
    /// `step name: field` of values the API shows starred out: any PUT of this monitor would
    /// send the stars back, so the caller refuses an update while there are any.
    pub hidden: Vec<String>,
}

/// The update of `live`'s steps to the file's. `secret`: the file's steps read `${env:…}`, so
/// values are not shown. An error when a live step name is taken twice (no guessing).
pub fn update(file: &Value, live: &Value, secret: bool) -> Result<StepsUpdate, String> {
    let empty = Vec::new();
    let live_steps = live["steps"].as_array().unwrap_or(&empty);
    let file_steps = file.as_array().unwrap_or(&empty);
    let file_names: Vec<String> = file_steps
        .iter()
        .map(|s| scalar_text(&s["name"]).unwrap_or_default())
        .collect();
    let mut changes = Vec::new();
    let mut out = Vec::new();
    let mut hidden = Vec::new();
    for (i, (step, name)) in file_steps.iter().zip(&file_names).enumerate() {
        let same_name: Vec<&Value> = live_steps
            .iter()
            .filter(|l| step_name(l) == *name)
            .collect();
        let live_step = match same_name.as_slice() {
            [] => {
                changes.push(FieldChange {
                    name: format!("steps[{i}]"),
                    old: None,
                    new: format!("{name} (new step)"),
                });
                out.push(step_over(step, &Value::Null));
                continue;
            }
            [one] => *one,
            many => {
                return Err(format!(
                    "the live monitor has {} steps named `{name}`, so s247 cannot tell which one the file's step {i} is; give them different names in Site24x7 first",
                    many.len()
                ));
            }
        };
        let live_details = details(live_step);
        hidden.extend(
            live_details
                .as_object()
                .into_iter()
                .flatten()
                // The same rule as a monitor's own fields: a starred value, also inside a header list.
                .filter(|(key, v)| {
                    crate::monitors::plan::starred(v) && step.get(file_name_of(key)).is_none()
                })
                .map(|(key, _)| format!("{name}: {key}")),
        );
        let merged = step_over(step, live_step);
        for (key, codec) in STEP_FIELDS {
            let Some(value) = step.get(*key) else {
                continue;
            };
            let want = fields::to_api(*codec, value);
            if fields::same(*codec, &want, live_details, secret) {
                continue;
            }
            let old = fields::from_api(*codec, live_details, &NoNames);
            let (old, new) = match codec {
                // Header names only, never a value.
                Codec::Headers(_) => (None, fields::header_diff(old.as_ref(), Some(value))),
                _ => (
                    Some(fields::display(*codec, old.as_ref(), secret, &[])),
                    fields::display(*codec, Some(value), secret, &[]),
                ),
            };
            changes.push(FieldChange {
                name: format!("steps[{i}].{key}"),
                old,
                new,
            });
        }
        out.push(merged);
    }
    for (j, live_step) in live_steps.iter().enumerate() {
        let name = step_name(live_step);
        if !file_names.contains(&name) {
            changes.push(FieldChange {
                name: format!("steps[{j}]"),
                old: Some(name),
                new: "(removed: the file does not list it)".into(),
            });
        }
    }
    let kept_live: Vec<String> = live_steps
        .iter()
        .map(step_name)
        .filter(|n| file_names.contains(n))
        .collect();
    let kept_file: Vec<String> = file_names
        .iter()
        .filter(|n| kept_live.contains(n))
        .cloned()
        .collect();
    if kept_live != kept_file {
        changes.push(FieldChange {
            name: "steps (order)".into(),
            old: Some(format!("[{}]", kept_live.join(", "))),
            new: format!("[{}]", kept_file.join(", ")),
        });
    }
    Ok(StepsUpdate {
        steps: Value::Array(out),
        changes,
        hidden,
    })
}

/// The file field that writes the API field `key` of a step (`""` when none does).
fn file_name_of(key: &str) -> &'static str {
    STEP_FIELDS
        .iter()
        .find(|(_, codec)| fields::api_keys(*codec).contains(&key))
        .map_or("", |(name, _)| name)
}

/// Whether the live steps already are the file's (every step field the file sets, the names
/// and their order).
pub fn same(file: &Value, live: &Value) -> bool {
    update(file, live, false).is_ok_and(|u| u.changes.is_empty())
}

/// The live steps in file form, for export; `None` when the monitor has none. A step's headers
/// are left out when one looks like a credential or is hidden: the file then does not manage
/// them, and apply keeps the live ones.
pub fn from_api(live: &Value, sensitive: impl Fn(&str) -> bool) -> Option<Value> {
    let steps = live["steps"].as_array().filter(|s| !s.is_empty())?;
    let out = steps
        .iter()
        .map(|step| {
            let mut file = Map::new();
            file.insert("name".into(), Value::String(step_name(step)));
            let d = details(step);
            for (key, codec) in STEP_FIELDS {
                let Some(value) = fields::from_api(*codec, d, &NoNames) else {
                    continue;
                };
                if let Codec::Headers(_) = codec
                    && value.as_object().is_some_and(|h| {
                        h.iter()
                            .any(|(k, v)| sensitive(k) || v.as_str().is_none_or(hidden_text))
                    })
                {
                    continue;
                }
                file.insert((*key).into(), value);
            }
            Value::Object(file)
        })
        .collect();
    Some(Value::Array(out))
}

/// A create's steps as one line: their names, in order.
pub fn display(file: &Value) -> String {
    let names: Vec<String> = file
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| scalar_text(&s["name"]).unwrap_or_default())
        .collect();
    format!("[{}]", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> Value {
        json!({"steps": [
            {"display_name": "Login", "step_id": "1", "step_details": [{
                "step_url": "https://a/login", "http_method": "P", "auth_user": "ci",
                "graphql": {"query": "q"}, "timeout": "10"}]},
            {"display_name": "Orders", "step_id": "2", "step_details": [{
                "step_url": "https://a/orders", "http_method": "G"}]}
        ]})
    }

    #[test]
    fn an_unchanged_file_has_no_changes_and_a_changed_url_is_one_field() {
        let file = json!([{"name": "Login", "url": "https://a/login", "method": "POST"},
                          {"name": "Orders", "url": "https://a/orders"}]);
        assert!(same(&file, &live()));
        let file = json!([{"name": "Login", "url": "https://a/login"},
                          {"name": "Orders", "url": "https://a/orders/v2"}]);
        let StepsUpdate { steps, changes, .. } = update(&file, &live(), false).unwrap();
        assert_eq!(
            changes,
            vec![FieldChange {
                name: "steps[1].url".into(),
                old: Some("https://a/orders".into()),
                new: "https://a/orders/v2".into()
            }]
        );
        // What the file does not mention is sent back.
        let login = &steps[0]["step_details"][0];
        assert_eq!(login["graphql"], json!({"query": "q"}));
        assert_eq!(login["auth_user"], json!("ci"));
        assert_eq!(steps[0]["step_id"], json!("1"));
        assert_eq!(
            steps[1]["step_details"][0]["step_url"],
            json!("https://a/orders/v2")
        );
    }

    #[test]
    fn steps_are_matched_by_name_added_removed_and_reordered() {
        let file = json!([{"name": "Orders", "url": "https://a/orders"},
                          {"name": "Logout", "url": "https://a/logout"}]);
        let StepsUpdate { steps, changes, .. } = update(&file, &live(), false).unwrap();
        let names: Vec<&str> = changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["steps[1]", "steps[0]"]);
        assert_eq!(changes[1].old.as_deref(), Some("Login"));
        assert_eq!(steps[0]["step_id"], json!("2"));
        assert_eq!(steps[1]["step_details"][0]["http_method"], json!("G"));
        let file = json!([{"name": "Orders", "url": "https://a/orders"},
                          {"name": "Login", "url": "https://a/login"}]);
        let changes = update(&file, &live(), false).unwrap().changes;
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].name, "steps (order)");
    }

    #[test]
    fn a_hidden_step_secret_or_an_ambiguous_name_is_refused() {
        let mut l = live();
        l["steps"][0]["step_details"][0]["auth_pass"] = json!("****");
        let file = json!([{"name": "Login", "url": "https://a/other"},
                          {"name": "Orders", "url": "https://a/orders"}]);
        assert_eq!(
            update(&file, &l, false).unwrap().hidden,
            ["Login: auth_pass"]
        );
        l["steps"][1]["display_name"] = json!("Login");
        let refused = update(&file, &l, false).err().unwrap_or_default();
        assert!(refused.contains("2 steps named"), "{refused}");
    }

    #[test]
    fn a_starred_header_value_in_a_live_step_is_hidden_too() {
        let mut l = live();
        l["steps"][0]["step_details"][0]["custom_headers"] =
            json!([{"name": "Authorization", "value": "****"}]);
        let file = json!([{"name": "Login", "url": "https://a/other"},
                          {"name": "Orders", "url": "https://a/orders"}]);
        assert_eq!(
            update(&file, &l, false).unwrap().hidden,
            ["Login: custom_headers"]
        );
    }
}
