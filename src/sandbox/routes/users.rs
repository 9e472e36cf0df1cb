//! `GET /api/users` (the provider's `api/endpoints/users.go`; fields as in its
//! `responses/list_users.json`: `user_id`, `email_address`, `display_name`, …): the people user
//! groups list by id. Read-only: s247 never creates or invites a user.

use serde_json::Value;

use super::{Outcome, Route, success};
use crate::sandbox::state::{Obj, State};

/// `GET /api/users`.
pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    Ok(success(
        200,
        Value::Array(
            state
                .account
                .users
                .iter()
                .cloned()
                .map(Value::Object)
                .collect(),
        ),
    ))
}
