//! `/api/monitor_groups`: monitor groups. Membership is kept two-sided: a group's `monitors` and
//! each monitor's `monitor_groups` always agree.
//!
//! Strict (the default) versus lenient ([`crate::sandbox::SandboxConfig::lenient`]):
//! - create and update refuse a body without `notification_profile_id` and
//!   `healthcheck_profile_id` ("Parameter missing."): the docs mark both Mandatory (§9.6) and the
//!   provider sends both every time (§8 row 2, PR #303);
//! - a PUT **replaces** the group (assumed: strict; §8 row 2 does not say whether it merges):
//!   fields left out are gone, `monitors` included;
//! - the list leaves both profile ids out (§8 row 2: `list_monitor_groups.json` has neither);
//!   `GET /monitor_groups/{id}` carries them;
//! - creates answer 200 (§8 row 10).
//!
//! Subgroups (`group_type` 2, §8 row 7) are stored with the groups, so monitors can reference
//! them, but `/monitor_groups` neither lists nor serves them: they live under `/api/subgroups`.

use serde_json::Value;

use super::{
    Failure, Outcome, Route, bool_field, check_ref, check_refs, id_list, int_field, missing,
    route_param, server_order, string_field, strings, success, success_without_data,
};
use crate::sandbox::state::{Account, Kind, Obj, State};

const ID_LISTS: &[&str] = &[
    "monitors",
    "user_group_ids",
    "tag_ids",
    "dependency_resource_ids",
    "third_party_services",
];

/// `tags` (what the Terraform provider sends) is read as `tag_ids` (what the docs name).
fn normalized(body: &Obj) -> Obj {
    let mut body = body.clone();
    if let Some(tags) = body.remove("tags") {
        body.entry("tag_ids").or_insert(tags);
    }
    body.remove("group_id");
    body
}

/// Whether a stored group is a subgroup (served only under `/api/subgroups`).
pub(crate) fn is_subgroup(group: &Obj) -> bool {
    group
        .get("group_type")
        .and_then(super::int_value)
        .is_some_and(|t| t == 2)
}

/// The fields a strict create or update must carry (§9.6 "Mandatory").
const STRICT_REQUIRED: &[&str] = &[
    "display_name",
    "notification_profile_id",
    "healthcheck_profile_id",
];

fn validate(account: &Account, group: &Obj) -> Result<(), Failure> {
    let absent = missing(group, &["display_name"]);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    string_field(group, "display_name")?;
    string_field(group, "description")?;
    check_refs(account, group, "monitors", Kind::Monitor)?;
    check_refs(account, group, "user_group_ids", Kind::UserGroup)?;
    check_refs(account, group, "tag_ids", Kind::Tag)?;
    id_list(group, "dependency_resource_ids")?;
    id_list(group, "third_party_services")?;
    check_ref(
        account,
        group,
        "notification_profile_id",
        Kind::NotificationProfile,
    )?;
    if let Some(id) = check_ref(
        account,
        group,
        "healthcheck_profile_id",
        Kind::ThresholdProfile,
    )? {
        let profile_type = account
            .find(Kind::ThresholdProfile, &id)
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str);
        if profile_type != Some("HEALTHCHECK") {
            return Err(Failure::invalid(
                "healthcheck_profile_id",
                format!("threshold profile {id} is not a HEALTHCHECK profile"),
            ));
        }
    }
    if let Some(count) = int_field(group, "health_threshold_count")?
        && count < 0
    {
        return Err(Failure::invalid(
            "health_threshold_count",
            "must be 0 or more",
        ));
    }
    int_field(group, "group_type")?;
    bool_field(group, "suppress_alert")?;
    Ok(())
}

/// Copy `body` over `group`, id lists in the server's order.
fn apply(group: &mut Obj, body: Obj) {
    for (field, value) in body {
        let value = match (ID_LISTS.contains(&field.as_str()), &value) {
            (true, Value::Array(items)) => {
                let ids = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                strings(&server_order(ids))
            }
            _ => value,
        };
        group.insert(field, value);
    }
}

/// A stored group as the API answers it.
pub(crate) fn render(group: &Obj) -> Value {
    Value::Object(group.clone())
}

/// A seed group, validated except for its monitors (loaded later; checked by the seed loader).
pub(crate) fn seed(account: &mut Account, group: &Obj) -> Result<(), Failure> {
    let mut stored = group.clone();
    if let Some(tags) = stored.remove("tags") {
        stored.entry("tag_ids").or_insert(tags);
    }
    let mut without_monitors = stored.clone();
    without_monitors.remove("monitors");
    validate(account, &without_monitors)?;
    id_list(&stored, "monitors")?;
    stored
        .entry("health_threshold_count")
        .or_insert(Value::from(1));
    account.monitor_groups.push(stored);
    Ok(())
}

fn not_found() -> Failure {
    Failure::new(404, 2012, "Invalid Monitor Group ID.")
}

fn index(state: &State, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(Kind::MonitorGroup, route_param(route))
        .filter(|i| !is_subgroup(&state.account.monitor_groups[*i]))
        .ok_or_else(not_found)
}

/// A group as the strict list answers it: without the profile ids (§8 row 2).
fn render_listed(group: &Obj, lenient: bool) -> Value {
    let mut out = group.clone();
    if !lenient {
        out.remove("notification_profile_id");
        out.remove("healthcheck_profile_id");
    }
    Value::Object(out)
}

fn strict_check(state: &State, body: &Obj) -> Result<(), Failure> {
    if state.lenient {
        return Ok(());
    }
    let absent = missing(body, STRICT_REQUIRED);
    if absent.is_empty() {
        Ok(())
    } else {
        Err(Failure::missing(&absent))
    }
}

pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    let groups = state
        .account
        .monitor_groups
        .iter()
        .filter(|g| !is_subgroup(g))
        .map(|g| render_listed(g, state.lenient))
        .collect();
    Ok(success(200, Value::Array(groups)))
}

pub(super) fn get(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    Ok(success(200, render(&state.account.monitor_groups[i])))
}

pub(super) fn create(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let body = normalized(body);
    strict_check(state, &body)?;
    validate(&state.account, &body)?;
    let id = state.account.new_id(Kind::MonitorGroup);
    let mut group = Obj::new();
    group.insert("group_id".into(), id.clone().into());
    apply(&mut group, body);
    group
        .entry("health_threshold_count")
        .or_insert(Value::from(1));
    state.account.monitor_groups.push(group);
    state.account.sync_group_into_monitors(&id);
    let i = state.account.monitor_groups.len() - 1;
    let status = if state.lenient { 201 } else { 200 };
    Ok(success(status, render(&state.account.monitor_groups[i])))
}

pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let body = normalized(body);
    strict_check(state, &body)?;
    let monitors_sent = body.contains_key("monitors");
    let group = if state.lenient {
        let mut group = state.account.monitor_groups[i].clone();
        apply(&mut group, body);
        group
    } else {
        let mut group = Obj::new();
        group.insert("group_id".into(), route_param(route).into());
        apply(&mut group, body);
        group
            .entry("health_threshold_count")
            .or_insert(Value::from(1));
        group
    };
    validate(&state.account, &group)?;
    state.account.monitor_groups[i] = group;
    if monitors_sent || !state.lenient {
        state.account.sync_group_into_monitors(route_param(route));
    }
    Ok(success(200, render(&state.account.monitor_groups[i])))
}

pub(super) fn delete(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let id = route_param(route).to_string();
    state.account.monitor_groups.remove(i);
    state
        .account
        .remove_reference(Kind::Monitor, "monitor_groups", &id);
    state
        .account
        .remove_reference(Kind::Maintenance, "monitor_groups", &id);
    Ok(success_without_data())
}
