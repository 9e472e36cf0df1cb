//! The reference lists s247 resolves names against: location, notification and threshold
//! profiles, user groups, tags (and creating a tag).

use serde_json::Value;

use super::{Failure, Outcome, Route, missing, string_field, success};
use crate::sandbox::state::{Kind, Obj, State};

const DEFAULT_TAG_COLOR: &str = "#B7DA9E";

/// The 26 tag colours the provider documents (`site24x7-api.md` §9.5). Strict: any other
/// `tag_color` is refused (assumed: strict; §8 row 3: the API docs say only "Color code").
pub(crate) const TAG_PALETTE: &[&str] = &[
    "#B7DA9E", "#73C7A3", "#B5DCDF", "#D4ABBB", "#4895A8", "#DFE897", "#FCEA8B", "#FFC36D",
    "#F79953", "#F16B3C", "#E55445", "#F2E2B6", "#DEC57B", "#CBBD80", "#AAB3D4", "#7085BA",
    "#F6BDAE", "#EFAB6D", "#CA765C", "#999", "#4A148C", "#009688", "#00ACC1", "#0091EA", "#8BC34A",
    "#558B2F",
];

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
    if !state.lenient && !TAG_PALETTE.iter().any(|c| c.eq_ignore_ascii_case(&color)) {
        return Err(Failure::invalid(
            "tag_color",
            format!(
                "{color} is not one of the tag colours ({})",
                TAG_PALETTE.join(" ")
            ),
        ));
    }
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
    Ok(success(
        if state.lenient { 201 } else { 200 },
        Value::Object(tag),
    ))
}
