//! The router: which handler answers a method and route, under which scope, with which body.
//!
//! What the handlers share lives by its noun: [`route`] (paths), [`scope`] (who may call),
//! [`envelope`] (answers and errors) and [`fields`] (reading request fields, checking references).

mod control;
mod envelope;
mod fields;
mod groups;
mod lists;
mod location_profiles;
mod maintenance;
mod milestones;
mod monitors;
mod notification_profiles;
mod profiles;
mod route;
mod scope;
pub(crate) mod status;
mod subgroups;
mod tags;
mod threshold_profiles;
mod user_groups;
mod users;

use serde_json::Value;

use super::http::{Request, Response};
use super::state::{Account, Kind, Obj, State, list_of};
use super::{Shared, lock, oauth};

pub(crate) use control::control;
pub(crate) use envelope::{Failure, Outcome, success, success_without_data};
pub(crate) use fields::{
    bool_field, check_ref, check_refs, id_list, int_field, int_value, missing, server_order,
    string_field, stringify, strings,
};
pub(crate) use groups::{render as render_group, seed as seed_group};
pub(crate) use maintenance::{render as render_maintenance, seed as seed_maintenance};
pub(crate) use monitors::{render as render_monitor, seed as seed_monitor};
pub(crate) use route::{Route, route_name, route_param};
use scope::{Scope, access_token, scope, scope_allows};

/// After a seed's groups and monitors are loaded: every group member must exist, and membership
/// becomes two-sided (the union of what groups and monitors list).
pub(crate) fn check_seed_group_monitors(account: &mut Account) -> Result<(), Failure> {
    for group in &account.monitor_groups {
        check_refs(account, group, "monitors", Kind::Monitor)?;
    }
    let group_ids: Vec<String> = account
        .monitor_groups
        .iter()
        .filter_map(|g| g.get("group_id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let monitor_ids: Vec<String> = account
        .monitors
        .iter()
        .filter_map(|m| m.get("monitor_id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    // Monitors → groups: add each monitor to the groups it lists.
    for monitor_id in &monitor_ids {
        let listed = account
            .find(Kind::Monitor, monitor_id)
            .map(|m| list_of(m, "monitor_groups"))
            .unwrap_or_default();
        for group in account.monitor_groups.iter_mut() {
            let gid = group
                .get("group_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut members = list_of(group, "monitors");
            if listed.contains(&gid) && !members.contains(monitor_id) {
                members.push(monitor_id.clone());
                group.insert("monitors".into(), strings(&members));
            }
        }
    }
    // Groups → monitors: now the groups are complete; make monitors list exactly those.
    for group_id in &group_ids {
        account.sync_group_into_monitors(group_id);
    }
    Ok(())
}

/// Entry point for every request outside `/_sandbox/`.
pub(crate) fn handle(shared: &Shared, request: &Request) -> Response {
    let route = Route::parse(&request.path);
    match route {
        Route::Token => return oauth::token(shared, request),
        Route::Revoke => return oauth::revoke(shared, request),
        Route::Unknown => return Failure::new(404, 1003, "Invalid URL.").response(),
        _ => {}
    }
    match api(shared, request, &route) {
        Ok(response) => response,
        Err(failure) => failure.response(),
    }
}

type Handler = fn(&mut State, &Route, &Obj) -> Outcome;

fn api(shared: &Shared, request: &Request, route: &Route) -> Outcome {
    let (needed, handler): (Scope, Handler) = match (request.method.as_str(), route) {
        ("GET", Route::Monitors) => (scope("Admin", "Read"), monitors::list),
        ("POST", Route::Monitors) => (scope("Admin", "Create"), monitors::create),
        ("GET", Route::Monitor(_)) => (scope("Admin", "Read"), monitors::get),
        ("PUT", Route::Monitor(_)) => (scope("Admin", "Update"), monitors::update),
        ("DELETE", Route::Monitor(_)) => (scope("Admin", "Delete"), monitors::delete),
        ("GET", Route::MonitorByName(_)) => (scope("Admin", "Read"), monitors::get_by_name),
        ("PUT", Route::Suspend(_)) => (scope("Operations", "Update"), monitors::suspend),
        ("PUT", Route::Activate(_)) => (scope("Operations", "Update"), monitors::activate),
        ("GET", Route::MonitorSteps(_)) => (scope("Admin", "Read"), monitors::steps),
        ("GET", Route::Maintenances) => (scope("Operations", "Read"), maintenance::list),
        ("POST", Route::Maintenances) => (scope("Operations", "Create"), maintenance::create),
        ("GET", Route::Maintenance(_)) => (scope("Operations", "Read"), maintenance::get),
        ("PUT", Route::Maintenance(_)) => (scope("Operations", "Update"), maintenance::update),
        ("DELETE", Route::Maintenance(_)) => (scope("Operations", "Delete"), maintenance::delete),
        ("GET", Route::Groups) => (scope("Admin", "Read"), groups::list),
        ("POST", Route::Groups) => (scope("Admin", "Create"), groups::create),
        ("GET", Route::Group(_)) => (scope("Admin", "Read"), groups::get),
        ("PUT", Route::Group(_)) => (scope("Admin", "Update"), groups::update),
        ("DELETE", Route::Group(_)) => (scope("Admin", "Delete"), groups::delete),
        ("GET", Route::Subgroups) => (scope("Admin", "Read"), subgroups::list),
        ("GET", Route::Subgroup(_)) => (scope("Admin", "Read"), subgroups::get),
        ("GET", Route::LocationProfiles) => (scope("Admin", "Read"), lists::location_profiles),
        ("GET", Route::NotificationProfiles) => {
            (scope("Admin", "Read"), lists::notification_profiles)
        }
        ("GET", Route::ThresholdProfiles) => (scope("Admin", "Read"), lists::threshold_profiles),
        ("GET", Route::UserGroups) => (scope("Admin", "Read"), lists::user_groups),
        ("GET", Route::Tags) => (scope("Admin", "Read"), lists::tags),
        ("POST", Route::Tags) => (scope("Admin", "Create"), lists::create_tag),
        // Profiles, user groups and tags as code (issue 15): `routes::profiles`.
        (
            "POST",
            Route::LocationProfiles
            | Route::NotificationProfiles
            | Route::ThresholdProfiles
            | Route::UserGroups,
        ) => (scope("Admin", "Create"), profiles::create),
        (
            "PUT",
            Route::LocationProfile(_)
            | Route::NotificationProfile(_)
            | Route::ThresholdProfile(_)
            | Route::UserGroup(_)
            | Route::Tag(_),
        ) => (scope("Admin", "Update"), profiles::update),
        (
            "DELETE",
            Route::LocationProfile(_)
            | Route::NotificationProfile(_)
            | Route::ThresholdProfile(_)
            | Route::UserGroup(_)
            | Route::Tag(_),
        ) => (scope("Admin", "Delete"), profiles::delete),
        ("GET", Route::Users) => (scope("Admin", "Read"), users::list),
        // Milestones, poll now and current status: `site24x7-api.md` §9.1–9.3.
        ("GET", Route::Milestones) => (scope("Admin", "Read"), milestones::list),
        ("POST", Route::Milestones) => (scope("Admin", "Create"), milestones::create),
        ("PUT", Route::Milestones) => (scope("Admin", "Update"), milestones::update),
        ("DELETE", Route::Milestones) => (scope("Admin", "Delete"), milestones::delete),
        ("GET", Route::PollNow(_)) => (scope("Admin", "Read"), status::poll_now),
        ("GET", Route::PollStatus(_)) => (scope("Admin", "Read"), status::poll_status),
        ("GET", Route::CurrentStatus) => (scope("Reports", "Read"), status::all),
        ("GET", Route::CurrentStatusOf(_)) => (scope("Reports", "Read"), status::one),
        ("GET", Route::CurrentStatusGroup(_)) => (scope("Reports", "Read"), status::group),
        _ => return Err(Failure::new(405, 1004, "Method not allowed.")),
    };

    let mut state = lock(&shared.state);
    let granted = state
        .auth
        .check_access_token(access_token(request).as_deref())
        .ok_or_else(Failure::unauthorized)?;
    if !scope_allows(&granted, needed) {
        return Err(Failure::new(
            shared.settings.scope_error_status,
            1121,
            "OAuth Scope associated to the OAuth Access Token is disallowed.",
        ));
    }
    let body = if matches!(request.method.as_str(), "POST" | "PUT") {
        json_body(request)?
    } else if route.reads_query() {
        // The handlers of these routes take their query parameters where others take a body.
        request
            .query_pairs()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect()
    } else {
        Obj::new()
    };
    handler(&mut state, route, &body)
}

/// A POST/PUT body: a JSON object, or nothing (suspend/activate send none).
fn json_body(request: &Request) -> Result<Obj, Failure> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Obj::new());
    }
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(Failure::invalid("body", "the body must be a JSON object")),
        Err(e) => Err(Failure::invalid(
            "body",
            format!("the body is not JSON: {e}"),
        )),
    }
}
