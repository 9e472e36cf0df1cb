//! Create, update and delete of notification, threshold and location profiles, user groups
//! and tags (`POST /api/<kind>`, `PUT` and `DELETE /api/<kind>/{id}`; endpoints from the
//! provider's `api/endpoints/{notification_profiles,threshold_profiles,location_profiles,
//! user_groups,tags}.go`), and the user list (`GET /api/users`, `api/endpoints/users.go`).
//! One module for the five kinds: they differ only in the table below.
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

/// The kind a route's path names.
fn kind_of(route: &Route) -> Option<Kind> {
    Some(match route {
        Route::LocationProfiles | Route::LocationProfile(_) => Kind::LocationProfile,
        Route::NotificationProfiles | Route::NotificationProfile(_) => Kind::NotificationProfile,
        Route::ThresholdProfiles | Route::ThresholdProfile(_) => Kind::ThresholdProfile,
        Route::UserGroups | Route::UserGroup(_) => Kind::UserGroup,
        Route::Tags | Route::Tag(_) => Kind::Tag,
        _ => return None,
    })
}

fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::LocationProfile => &["profile_name", "primary_location"],
        Kind::NotificationProfile => &["profile_name"],
        Kind::ThresholdProfile => &["profile_name", "type"],
        Kind::UserGroup => &["display_name", "users", "attribute_group_id"],
        Kind::Tag => &["tag_name"],
        _ => &[],
    }
}

/// The fields that make an object's identity (no two objects of a kind share all of them).
fn identity(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::ThresholdProfile => &["profile_name", "type"],
        Kind::UserGroup => &["display_name"],
        Kind::Tag => &["tag_name", "tag_value"],
        _ => &["profile_name"],
    }
}

/// Where monitors and groups refer to an object of this kind.
fn referring_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::LocationProfile => &["location_profile_id"],
        Kind::NotificationProfile => &["notification_profile_id"],
        Kind::ThresholdProfile => &["threshold_profile_id", "healthcheck_profile_id"],
        Kind::UserGroup => &["user_group_ids"],
        Kind::Tag => &["tag_ids"],
        _ => &[],
    }
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

fn not_found(kind: Kind) -> Failure {
    Failure::new(404, 1003, &format!("Invalid {} ID.", noun(kind)))
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::LocationProfile => "Location Profile",
        Kind::NotificationProfile => "Notification Profile",
        Kind::ThresholdProfile => "Threshold Profile",
        Kind::UserGroup => "User Group",
        _ => "Tag",
    }
}

/// Every strict check of an object about to be stored (`except`: its own id, on update).
fn check(state: &State, kind: Kind, obj: &Obj, except: Option<&str>) -> Result<(), Failure> {
    let absent = missing(obj, required(kind));
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    for field in required(kind) {
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
    let key: Vec<String> = identity(kind).iter().map(|f| text(obj, f)).collect();
    let taken = state.account.collection(kind).iter().any(|other| {
        other.get(kind.id_field()).and_then(Value::as_str) != except
            && identity(kind)
                .iter()
                .map(|f| text(other, f))
                .collect::<Vec<_>>()
                == key
    });
    if taken {
        return Err(Failure::invalid(
            identity(kind)[0],
            format!(
                "a {} named {} already exists",
                noun(kind).to_lowercase(),
                key.join(":")
            ),
        ));
    }
    Ok(())
}

/// `POST /api/<kind>`.
pub(super) fn create(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let kind = kind_of(route).ok_or_else(|| Failure::new(405, 1004, "Method not allowed."))?;
    let mut obj = body.clone();
    obj.remove(kind.id_field());
    if kind == Kind::Tag && state.lenient {
        obj.entry("tag_color")
            .or_insert(Value::from(TAG_PALETTE[0]));
    }
    if !state.lenient {
        check(state, kind, &obj, None)?;
    } else if !missing(&obj, &[identity(kind)[0]]).is_empty() {
        return Err(Failure::missing(&[identity(kind)[0]]));
    }
    let id = state.account.new_id(kind);
    obj.insert(kind.id_field().into(), Value::String(id));
    collection(state, kind).push(obj.clone());
    Ok(success(
        if state.lenient { 201 } else { 200 },
        Value::Object(obj),
    ))
}

fn index(state: &mut State, kind: Kind, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(kind, route_param(route))
        .ok_or_else(|| not_found(kind))
}

/// `PUT /api/<kind>/{id}`: strict replaces, lenient merges.
pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let kind = kind_of(route).ok_or_else(|| Failure::new(405, 1004, "Method not allowed."))?;
    let i = index(state, kind, route)?;
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
        check(state, kind, &obj, Some(&id))?;
    }
    collection(state, kind)[i] = obj.clone();
    Ok(success(200, Value::Object(obj)))
}

/// `DELETE /api/<kind>/{id}`; strict refuses while a monitor or group refers to it.
pub(super) fn delete(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let kind = kind_of(route).ok_or_else(|| Failure::new(405, 1004, "Method not allowed."))?;
    let i = index(state, kind, route)?;
    let id = route_param(route).to_string();
    if !state.lenient {
        let users: Vec<String> = state
            .account
            .monitors
            .iter()
            .chain(&state.account.monitor_groups)
            .filter(|o| {
                referring_fields(kind).iter().any(|f| match o.get(*f) {
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
                    noun(kind).to_lowercase(),
                    users.join(", ")
                ),
            ));
        }
    }
    collection(state, kind).remove(i);
    Ok(success_without_data())
}

/// `GET /api/users`.
pub(super) fn users(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
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
