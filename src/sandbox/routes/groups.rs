//! `/api/monitor_groups`: monitor groups. Membership is kept two-sided: a group's `monitors` and
//! each monitor's `monitor_groups` always agree.

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
        .ok_or_else(not_found)
}

pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    Ok(success(200, Value::Array(state.account.rendered_groups())))
}

pub(super) fn get(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    Ok(success(200, render(&state.account.monitor_groups[i])))
}

pub(super) fn create(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let body = normalized(body);
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
    Ok(success(201, render(&state.account.monitor_groups[i])))
}

pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let body = normalized(body);
    let mut group = state.account.monitor_groups[i].clone();
    let monitors_sent = body.contains_key("monitors");
    apply(&mut group, body);
    validate(&state.account, &group)?;
    state.account.monitor_groups[i] = group;
    if monitors_sent {
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
