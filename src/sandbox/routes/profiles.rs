//! Create, update and delete of notification, threshold and location profiles, user groups
//! and tags (`POST /api/<kind>`, `PUT` and `DELETE /api/<kind>/{id}`; endpoints from the
//! provider's `api/endpoints/{notification_profiles,threshold_profiles,location_profiles,
//! user_groups,tags}.go`). The handlers are shared; what differs is each kind's [`Rules`], in
//! its own file (`notification_profiles.rs`, `threshold_profiles.rs`, `location_profiles.rs`,
//! `user_groups.rs`, `tags.rs`) with its sources. The user list is `users.rs`.
//!
//! Strict (the default), every rule "assumed: strict" unless a source is named:
//! - required fields are the provider's `Required` schema fields (`docs/resources/*.md`):
//!   `profile_name` (+ `type` for threshold profiles, + `primary_location` for location
//!   profiles), user groups `display_name`, `users` (existing user ids) and
//!   `attribute_group_id`, tags `tag_name` with a palette `tag_color` (§8 row 3);
//! - a second object with the same name (threshold profiles: within a type; tags: name and
//!   value) is refused;
//! - PUT replaces the object with the body (fields left out are gone), as for monitors;
//! - DELETE of an object a monitor or monitor group still refers to is refused.
//!
//! Lenient: PUT merges, references are not checked on delete.

use serde_json::Value;

use super::lists::TAG_PALETTE;
use super::{
    Failure, Outcome, Route, missing, route_param, string_field, success, success_without_data,
};
use crate::sandbox::state::{Kind, Obj, State, list_of};

/// What differs between the five kinds: each kind's file holds its rules and their sources.
pub(super) struct Rules {
    pub kind: Kind,
    /// As in the API's error messages ("Invalid Threshold Profile ID.").
    pub noun: &'static str,
    /// Required on create and update.
    pub required: &'static [&'static str],
    /// No two objects share all of these.
    pub identity: &'static [&'static str],
    /// Where monitors and groups refer to an object of this kind.
    pub referring: &'static [&'static str],
}

/// The rules of the kind a route's path names.
fn rules_of(route: &Route) -> Result<&'static Rules, Failure> {
    Ok(match route {
        Route::LocationProfiles | Route::LocationProfile(_) => &super::location_profiles::RULES,
        Route::NotificationProfiles | Route::NotificationProfile(_) => {
            &super::notification_profiles::RULES
        }
        Route::ThresholdProfiles | Route::ThresholdProfile(_) => &super::threshold_profiles::RULES,
        Route::UserGroups | Route::UserGroup(_) => &super::user_groups::RULES,
        Route::Tags | Route::Tag(_) => &super::tags::RULES,
        _ => return Err(Failure::new(405, 1004, "Method not allowed.")),
    })
}

fn collection(state: &mut State, kind: Kind) -> &mut Vec<Obj> {
    let account = &mut state.account;
    match kind {
        Kind::LocationProfile => &mut account.location_profiles,
        Kind::NotificationProfile => &mut account.notification_profiles,
        Kind::ThresholdProfile => &mut account.threshold_profiles,
        Kind::UserGroup => &mut account.user_groups,
        _ => &mut account.tags,
    }
}

fn text(obj: &Obj, field: &str) -> String {
    match obj.get(field) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn not_found(rules: &Rules) -> Failure {
    Failure::new(404, 1003, &format!("Invalid {} ID.", rules.noun))
}

/// Every strict check of an object about to be stored (`except`: its own id, on update).
fn check(state: &State, rules: &Rules, obj: &Obj, except: Option<&str>) -> Result<(), Failure> {
    let kind = rules.kind;
    let absent = missing(obj, rules.required);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    for field in rules.required {
        if *field != "users" {
            string_field(obj, field)?;
        }
    }
    if kind == Kind::Tag {
        let color = string_field(obj, "tag_color")?.unwrap_or_default();
        if !TAG_PALETTE.iter().any(|c| c.eq_ignore_ascii_case(&color)) {
            return Err(Failure::invalid(
                "tag_color",
                format!(
                    "{color} is not one of the tag colours ({})",
                    TAG_PALETTE.join(" ")
                ),
            ));
        }
    }
    if kind == Kind::UserGroup {
        let users = list_of(obj, "users");
        if users.is_empty() {
            return Err(Failure::missing(&["users"]));
        }
        if let Some(unknown) = users.iter().find(|id| {
            !state
                .account
                .users
                .iter()
                .any(|u| u.get("user_id").and_then(Value::as_str) == Some(id.as_str()))
        }) {
            return Err(Failure::invalid(
                "users",
                format!("{unknown} is not a user of this account"),
            ));
        }
    }
    let key: Vec<String> = rules.identity.iter().map(|f| text(obj, f)).collect();
    let taken = state.account.collection(kind).iter().any(|other| {
        other.get(kind.id_field()).and_then(Value::as_str) != except
            && rules
                .identity
                .iter()
                .map(|f| text(other, f))
                .collect::<Vec<_>>()
                == key
    });
    if taken {
        return Err(Failure::invalid(
            rules.identity[0],
            format!(
                "a {} named {} already exists",
                rules.noun.to_lowercase(),
                key.join(":")
            ),
        ));
    }
    Ok(())
}

/// `POST /api/<kind>`.
pub(super) fn create(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let rules = rules_of(route)?;
    let kind = rules.kind;
    let mut obj = body.clone();
    obj.remove(kind.id_field());
    if kind == Kind::Tag && state.lenient {
        obj.entry("tag_color")
            .or_insert(Value::from(TAG_PALETTE[0]));
    }
    if !state.lenient {
        check(state, rules, &obj, None)?;
    } else if !missing(&obj, &[rules.identity[0]]).is_empty() {
        return Err(Failure::missing(&[rules.identity[0]]));
    }
    let id = state.account.new_id(kind);
    obj.insert(kind.id_field().into(), Value::String(id));
    collection(state, kind).push(obj.clone());
    Ok(success(
        if state.lenient { 201 } else { 200 },
        Value::Object(obj),
    ))
}

fn index(state: &mut State, rules: &Rules, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(rules.kind, route_param(route))
        .ok_or_else(|| not_found(rules))
}

/// `PUT /api/<kind>/{id}`: strict replaces, lenient merges.
pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let rules = rules_of(route)?;
    let kind = rules.kind;
    let i = index(state, rules, route)?;
    let id = route_param(route).to_string();
    let mut obj = if state.lenient {
        let mut merged = collection(state, kind)[i].clone();
        merged.extend(body.clone());
        merged
    } else {
        body.clone()
    };
    obj.insert(kind.id_field().into(), Value::String(id.clone()));
    if !state.lenient {
        check(state, rules, &obj, Some(&id))?;
    }
    collection(state, kind)[i] = obj.clone();
    Ok(success(200, Value::Object(obj)))
}

/// `DELETE /api/<kind>/{id}`; strict refuses while a monitor or group refers to it.
pub(super) fn delete(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let rules = rules_of(route)?;
    let kind = rules.kind;
    let i = index(state, rules, route)?;
    let id = route_param(route).to_string();
    if !state.lenient {
        let users: Vec<String> = state
            .account
            .monitors
            .iter()
            .chain(&state.account.monitor_groups)
            .filter(|o| {
                rules.referring.iter().any(|f| match o.get(*f) {
                    Some(Value::String(s)) => *s == id,
                    Some(Value::Array(_)) => list_of(o, f).contains(&id),
                    _ => false,
                })
            })
            .map(|o| text(o, "display_name"))
            .collect();
        if !users.is_empty() {
            return Err(Failure::new(
                400,
                1500,
                &format!(
                    "The {} is in use by {} and cannot be deleted.",
                    rules.noun.to_lowercase(),
                    users.join(", ")
                ),
            ));
        }
    }
    collection(state, kind).remove(i);
    Ok(success_without_data())
}
