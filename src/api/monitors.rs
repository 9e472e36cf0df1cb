//! Monitor endpoints (`site24x7-api.md` §5.1), and creating a tag (the ownership tag of monitors
//! as code). Lists go through [`super::resources::list`].

use serde_json::Value;

use super::envelope::str_field;
use super::http::path_segment;
use super::{Api, ApiError};

/// Every monitor, all types, whole objects (no paging).
pub fn list(api: &Api) -> Result<Vec<Value>, ApiError> {
    Ok(match api.get("/monitors")? {
        Value::Array(items) => items,
        _ => Vec::new(),
    })
}

/// The monitor with this exact display name, if any (`GET /monitors/name/{name}`); the server
/// answers the oldest when names repeat.
pub fn find_by_name(api: &Api, name: &str) -> Result<Option<Value>, ApiError> {
    match api.get(&format!("/monitors/name/{}", path_segment(name))) {
        Ok(Value::Null) => Ok(None),
        Ok(found) if str_field(&found, "monitor_id").is_some() => Ok(Some(found)),
        Ok(_) => Ok(None),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Create a monitor; the new monitor (with `monitor_id`). Never retried by the client: after an
/// ambiguous failure, look it up with [`find_by_name`] first.
pub fn create(api: &Api, body: &Value) -> Result<Value, ApiError> {
    api.post("/monitors", body)
}

pub fn update(api: &Api, id: &str, body: &Value) -> Result<Value, ApiError> {
    api.put(&format!("/monitors/{}", path_segment(id)), Some(body))
}

/// Delete a monitor; one already gone counts as deleted.
pub fn delete(api: &Api, id: &str) -> Result<(), ApiError> {
    match api.delete(&format!("/monitors/{}", path_segment(id))) {
        Ok(_) => Ok(()),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e),
    }
}

/// `PUT /monitors/suspend/{id}` (no body).
pub fn suspend(api: &Api, id: &str) -> Result<(), ApiError> {
    api.put(&format!("/monitors/suspend/{}", path_segment(id)), None)
        .map(|_| ())
}

/// `PUT /monitors/activate/{id}` (no body).
pub fn activate(api: &Api, id: &str) -> Result<(), ApiError> {
    api.put(&format!("/monitors/activate/{}", path_segment(id)), None)
        .map(|_| ())
}

/// The ownership tag's colour: one of the 26 the provider documents (`site24x7-api.md` §9.5),
/// the one every provider fixture uses. An API that enforces the palette refuses any other.
pub const OWNER_TAG_COLOR: &str = "#B7DA9E";

/// Create a tag (`POST /tags`); the new tag (with `tag_id`).
pub fn create_tag(api: &Api, name: &str, value: Option<&str>) -> Result<Value, ApiError> {
    let mut body =
        serde_json::json!({"tag_name": name, "tag_color": OWNER_TAG_COLOR, "tag_type": 1});
    if let Some(value) = value {
        body["tag_value"] = Value::String(value.to_string());
    }
    api.post("/tags", &body)
}

/// Whether a monitor is suspended (`state` 5, `site24x7-api.md` §5.1).
pub fn is_suspended(monitor: &Value) -> bool {
    monitor
        .get("state")
        .and_then(super::envelope::as_i64)
        .is_some_and(|s| s == 5)
}
