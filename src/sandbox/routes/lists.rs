//! The reference lists s247 resolves names against: location, notification and threshold
//! profiles, user groups, tags (and creating a tag).

use serde_json::Value;

use super::{Failure, Outcome, Route, missing, string_field, success};
use crate::sandbox::state::{Kind, Obj, State};

const DEFAULT_TAG_COLOR: &str = "#B7DA9E";

fn answer(items: &[Obj]) -> Outcome {
    Ok(success(
        200,
        Value::Array(items.iter().cloned().map(Value::Object).collect()),
    ))
}

pub(super) fn location_profiles(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    answer(&state.account.location_profiles)
}

pub(super) fn notification_profiles(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    answer(&state.account.notification_profiles)
}

pub(super) fn threshold_profiles(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    answer(&state.account.threshold_profiles)
}

pub(super) fn user_groups(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    answer(&state.account.user_groups)
}

pub(super) fn tags(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    answer(&state.account.tags)
}

/// `POST /api/tags` `{tag_name, tag_value?, tag_color?}`. A name+value pair is unique.
pub(super) fn create_tag(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let absent = missing(body, &["tag_name"]);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let name = string_field(body, "tag_name")?.unwrap_or_default();
    let value = string_field(body, "tag_value")?.unwrap_or_default();
    let color = string_field(body, "tag_color")?.unwrap_or_else(|| DEFAULT_TAG_COLOR.to_string());
    let taken = state.account.tags.iter().any(|t| {
        t.get("tag_name").and_then(Value::as_str) == Some(name.as_str())
            && t.get("tag_value").and_then(Value::as_str).unwrap_or("") == value
    });
    if taken {
        return Err(Failure::invalid(
            "tag_name",
            format!("a tag {name}:{value} already exists"),
        ));
    }
    let mut tag = Obj::new();
    tag.insert("tag_id".into(), state.account.new_id(Kind::Tag).into());
    tag.insert("tag_name".into(), name.into());
    tag.insert("tag_value".into(), value.into());
    tag.insert("tag_color".into(), color.into());
    state.account.tags.push(tag.clone());
    Ok(success(201, Value::Object(tag)))
}
