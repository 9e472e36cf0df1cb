//! Monitor group endpoints (`site24x7-api.md` §5.4). Lists go through
//! [`super::resources::list`].

use serde_json::Value;

use super::http::path_segment;
use super::{Api, ApiError};

/// Create a group; the new group (with `group_id`). Never retried by the client: after an
/// ambiguous failure, list the groups and look for the name first.
pub fn create(api: &Api, body: &Value) -> Result<Value, ApiError> {
    api.post("/monitor_groups", body)
}

/// One group (`GET /monitor_groups/{id}`): its profile ids, which the list may leave out
/// (`site24x7-api.md` §8 row 2).
pub fn get(api: &Api, id: &str) -> Result<Value, ApiError> {
    api.get(&format!("/monitor_groups/{}", path_segment(id)))
}

pub fn update(api: &Api, id: &str, body: &Value) -> Result<Value, ApiError> {
    api.put(&format!("/monitor_groups/{}", path_segment(id)), Some(body))
}

/// Delete a group; one already gone counts as deleted.
pub fn delete(api: &Api, id: &str) -> Result<(), ApiError> {
    match api.delete(&format!("/monitor_groups/{}", path_segment(id))) {
        Ok(_) => Ok(()),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e),
    }
}
