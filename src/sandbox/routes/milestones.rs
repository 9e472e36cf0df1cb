//! `/api/milestone`: milestone (deployment) markers, `site24x7-api.md` §9.1.
//!
//! Documented: one path for list (`GET ?page=N`, `page` mandatory), add (`POST`), update (`PUT`,
//! found by `marker_time`, moved with `new_marker_time`) and delete (`DELETE
//! ?marker_time=…&monitor_id=…`); a marker belongs to one monitor or monitor group
//! (`monitor_id`), has no id of its own, and `POST` answers `{code,message}` without `data`.
//!
//! Guesses (assumed: strict):
//! - `monitor_id`, `marker_time` and `label` are required (no parameter is marked Mandatory);
//!   `monitor_id` must name a monitor or a group.
//! - `marker_time` is `yyyy-MM-dd HH:mm` (the DELETE example `2016-06-28+11:27`); anything else
//!   is refused. Its time zone is unknown; the sandbox stores the text as sent.
//! - Two markers of one target at the same `marker_time` are refused (they could not be told
//!   apart by PUT or DELETE).
//! - The list's shape is NOT FOUND: `data` is an array of `{monitor_id, marker_time, label,
//!   message}`, oldest first, [`PAGE_SIZE`] per page, and a page past the end is `[]`.
//! - PUT and DELETE of a marker that does not exist answer 404 with the invented code 2013
//!   `"Invalid Milestone."`; PUT and DELETE answer without `data`.

use serde_json::Value;

use super::{
    Failure, Outcome, Route, int_value, missing, string_field, success, success_without_data,
};
use crate::sandbox::state::{Kind, Obj, State};

/// Markers per page of `GET /milestone` (assumed).
pub const PAGE_SIZE: usize = 10;

fn valid_time(text: &str) -> bool {
    text.len() == 16 && jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", text).is_ok()
}

fn field(marker: &Obj, name: &str) -> String {
    marker
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn position(state: &State, monitor_id: &str, marker_time: &str) -> Option<usize> {
    state.account.milestones.iter().position(|m| {
        field(m, "monitor_id") == monitor_id && field(m, "marker_time") == marker_time
    })
}

fn not_found() -> Failure {
    Failure::new(404, 2013, "Invalid Milestone.")
}

fn check_time(name: &str, text: &str) -> Result<(), Failure> {
    if valid_time(text) {
        Ok(())
    } else {
        Err(Failure::invalid(name, "expected yyyy-MM-dd HH:mm"))
    }
}

/// `GET /milestone?page=N`.
pub(super) fn list(state: &mut State, _route: &Route, query: &Obj) -> Outcome {
    let Some(page) = query.get("page") else {
        return Err(Failure::missing(&["page"]));
    };
    let page = int_value(page)
        .filter(|p| *p >= 1)
        .ok_or_else(|| Failure::invalid("page", "a page number from 1"))?;
    let items: Vec<Value> = state
        .account
        .milestones
        .iter()
        .skip((page as usize - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .cloned()
        .map(Value::Object)
        .collect();
    Ok(success(200, Value::Array(items)))
}

/// `POST /milestone`.
pub(super) fn create(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let absent = missing(body, &["monitor_id", "marker_time", "label"]);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let monitor_id = string_field(body, "monitor_id")?.unwrap_or_default();
    let marker_time = string_field(body, "marker_time")?.unwrap_or_default();
    let label = string_field(body, "label")?.unwrap_or_default();
    let message = string_field(body, "message")?.unwrap_or_default();
    if !state.account.exists(Kind::Monitor, &monitor_id)
        && !state.account.exists(Kind::MonitorGroup, &monitor_id)
    {
        return Err(Failure::invalid(
            "monitor_id",
            format!("there is no monitor or monitor group with id {monitor_id}"),
        ));
    }
    check_time("marker_time", &marker_time)?;
    if position(state, &monitor_id, &marker_time).is_some() {
        return Err(Failure::invalid(
            "marker_time",
            "this monitor already has a marker at this time",
        ));
    }
    let mut marker = Obj::new();
    marker.insert("monitor_id".into(), monitor_id.into());
    marker.insert("marker_time".into(), marker_time.into());
    marker.insert("label".into(), label.into());
    marker.insert("message".into(), message.into());
    state.account.milestones.push(marker);
    Ok(success_without_data())
}

/// `PUT /milestone`: find by `monitor_id` + `marker_time`; `new_marker_time`, `label` and
/// `message` replace what they name.
pub(super) fn update(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let absent = missing(body, &["monitor_id", "marker_time"]);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let monitor_id = string_field(body, "monitor_id")?.unwrap_or_default();
    let marker_time = string_field(body, "marker_time")?.unwrap_or_default();
    let index = position(state, &monitor_id, &marker_time).ok_or_else(not_found)?;
    if let Some(new_time) = string_field(body, "new_marker_time")? {
        check_time("new_marker_time", &new_time)?;
        if new_time != marker_time && position(state, &monitor_id, &new_time).is_some() {
            return Err(Failure::invalid(
                "new_marker_time",
                "this monitor already has a marker at this time",
            ));
        }
        state.account.milestones[index].insert("marker_time".into(), new_time.into());
    }
    for name in ["label", "message"] {
        if let Some(text) = string_field(body, name)? {
            state.account.milestones[index].insert(name.into(), text.into());
        }
    }
    Ok(success_without_data())
}

/// `DELETE /milestone?marker_time=…&monitor_id=…`.
pub(super) fn delete(state: &mut State, _route: &Route, query: &Obj) -> Outcome {
    let absent = missing(query, &["monitor_id", "marker_time"]);
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let monitor_id = string_field(query, "monitor_id")?.unwrap_or_default();
    let marker_time = string_field(query, "marker_time")?.unwrap_or_default();
    let index = position(state, &monitor_id, &marker_time).ok_or_else(not_found)?;
    state.account.milestones.remove(index);
    Ok(success_without_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_times_are_minutes() {
        assert!(valid_time("2026-12-01 10:15"));
        assert!(!valid_time("2026-12-01T10:15"));
        assert!(!valid_time("2026-12-01 10:15:00"));
        assert!(!valid_time("2026-13-01 10:15"));
    }
}
