//! `/api/subgroups` (§8 row 7, §9.6): read-only. Subgroups are stored with the monitor groups
//! (`group_type` 2, with `parent_group_id` and `top_group_id`) so that monitors can list them in
//! `monitor_groups`. `GET /api/subgroups` is undocumented (the Terraform provider's `List()` calls
//! it); `GET /api/subgroups/{id}` is documented. Writes are not emulated: s247 never makes them.

use serde_json::Value;

use super::groups::is_subgroup;
use super::{Failure, Outcome, Route, route_param, success};
use crate::sandbox::state::{Obj, State};

fn render(group: &Obj) -> Value {
    Value::Object(group.clone())
}

pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    let subgroups = state
        .account
        .monitor_groups
        .iter()
        .filter(|g| is_subgroup(g))
        .map(render)
        .collect();
    Ok(success(200, Value::Array(subgroups)))
}

pub(super) fn get(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let id = route_param(route);
    state
        .account
        .monitor_groups
        .iter()
        .find(|g| is_subgroup(g) && g.get("group_id").and_then(Value::as_str) == Some(id))
        .map(|g| success(200, render(g)))
        .ok_or_else(|| Failure::new(404, 2012, "Invalid Monitor Group ID."))
}
