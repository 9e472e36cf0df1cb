//! `/api/current_status` (all, per monitor, per group) and poll now (`/api/monitor/poll_now/{id}`,
//! `/api/monitor/status_poll_now/{id}`), `site24x7-api.md` §9.2–9.3, plus the test control that
//! scripts a monitor's status over time.
//!
//! A monitor's status, in order:
//! 1. suspended (`state` 5) → 5 Suspended; left out of lists unless `suspended_required=true`,
//!    and `GET /current_status/{id}` answers 2009 "Invalid Monitor ID." (the community thread in §3);
//! 2. covered by a running one-off window → 7 Maintenance, **whatever `perform_monitoring` says**
//!    (assumed: strict — the real service may show the measured status while it keeps monitoring;
//!    the status code 7 is documented, [TF] `api/constants.go`). Recurring windows are not
//!    evaluated (assumed not running);
//! 3. a script ([`Script`]) set through `POST /_sandbox/status` or `Sandbox::script_status`:
//!    each step holds for a number of reads, the last one for ever. Every time a list, group or
//!    per-monitor answer shows the monitor counts as one read; poll now does not;
//! 4. otherwise 1 Up.
//!
//! Shapes: lists answer `data.monitors[]`, the per-monitor call one object in `data` (§9.3, [TF]
//! `current_status.go`). `group_required` defaults to true; its block's shape is NOT FOUND, so
//! the sandbox plays the harder case (assumed: strict): monitors that belong to a group are then
//! listed **only** inside `data.monitor_groups[].monitors`, not in `data.monitors`. Fields:
//! `name`, `monitor_id`, `monitor_type`, `status` (a number), `last_polled_time`
//! (`2026-12-01T10:15:00+0000`), `down_reason`, `duration`, `tags`.
//!
//! `last_polled_time` is the time of the monitor's last poll now, or else one check frequency
//! ago (the last scheduled check). Poll now answers `{status, monitor_id}` in `data` ([DX]); the
//! status strings are NOT FOUND, so the sandbox invents `"in_progress"` and `"completed"` and s247
//! never depends on them (assumed). Polling a suspended monitor is refused with 2009 (assumed:
//! strict).

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Failure, Outcome, Route, int_value, route_param, success};
use crate::sandbox::state::{Account, Kind, Obj, State, list_of};

pub(crate) const UP: i64 = 1;
pub(crate) const SUSPENDED: i64 = 5;
pub(crate) const MAINTENANCE: i64 = 7;

/// One step of a scripted status: `status` for `reads` reads (the last step holds for ever).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct StatusStep {
    /// Site24x7's status code: 0 Down, 1 Up, 2 Trouble, 3 Critical, 9 Discovery, 10 Configuration Error.
    pub status: i64,
    /// How many reads the step lasts; `None` for the last step.
    #[serde(default)]
    pub reads: Option<u32>,
    /// The `down_reason` shown while the step holds.
    #[serde(default)]
    pub reason: Option<String>,
}

impl StatusStep {
    pub fn down_for(reads: u32, reason: &str) -> StatusStep {
        StatusStep {
            status: 0,
            reads: Some(reads),
            reason: Some(reason.to_string()),
        }
    }

    pub fn up() -> StatusStep {
        StatusStep {
            status: UP,
            reads: None,
            reason: None,
        }
    }
}

/// What the status routes remember per monitor: its script and reads, its last poll now.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statuses {
    scripts: HashMap<String, (Vec<StatusStep>, u32)>,
    polled: HashMap<String, (Timestamp, u32)>,
}

impl Statuses {
    pub fn script(&mut self, monitor_id: &str, steps: Vec<StatusStep>) {
        self.scripts.insert(monitor_id.to_string(), (steps, 0));
    }

    /// The scripted step for this read (and count the read).
    fn read(&mut self, monitor_id: &str) -> Option<StatusStep> {
        let (steps, reads) = self.scripts.get_mut(monitor_id)?;
        let mut left = *reads;
        *reads += 1;
        for step in steps.iter() {
            match step.reads {
                Some(n) if left >= n => left -= n,
                _ => return Some(step.clone()),
            }
        }
        steps.last().cloned()
    }
}

/// `POST /_sandbox/status` body: `{"monitor": "<id or name>", "script": [step, …]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct ScriptBody {
    pub monitor: String,
    pub script: Vec<StatusStep>,
}

/// `POST /_sandbox/status`: script a monitor's status; `Err((http status, message))`.
pub(crate) fn script_from_body(state: &mut State, body: &[u8]) -> Result<(), (u16, String)> {
    let body: ScriptBody = serde_json::from_slice(body).map_err(|e| {
        (
            400,
            format!(
                "expected {{\"monitor\":\"<id or name>\",\"script\":[{{\"status\":0,\"reads\":2}},{{\"status\":1}}]}}: {e}"
            ),
        )
    })?;
    let id = monitor_id_of(&state.account, &body.monitor)
        .ok_or_else(|| (404, format!("no monitor `{}`", body.monitor)))?;
    state.account.statuses.script(&id, body.script);
    Ok(())
}

/// Find a monitor by id or display name for the control route.
pub(crate) fn monitor_id_of(account: &Account, reference: &str) -> Option<String> {
    account.monitors.iter().find_map(|m| {
        let id = m.get("monitor_id").and_then(Value::as_str)?;
        let name = m.get("display_name").and_then(Value::as_str);
        (id == reference || name == Some(reference)).then(|| id.to_string())
    })
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn text(stamp: Timestamp) -> String {
    stamp
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S%z")
        .to_string()
}

/// Whether a one-off window is running now and covers this monitor.
fn in_maintenance(account: &Account, monitor: &Obj, at: Timestamp) -> bool {
    let id = monitor
        .get("monitor_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let groups = list_of(monitor, "monitor_groups");
    let tags = list_of(monitor, "tag_ids");
    account.maintenance.iter().any(|window| {
        let covers = match window.get("selection_type").and_then(int_value) {
            Some(1) => list_of(window, "monitor_groups")
                .iter()
                .any(|g| groups.contains(g)),
            // 0 with a monitor list covers those monitors (§8 row 5), as the validation reads it.
            Some(0 | 2) => list_of(window, "monitors").iter().any(|m| m == id),
            Some(3) => list_of(window, "tags").iter().any(|t| tags.contains(t)),
            _ => false,
        };
        covers && running(window, at)
    })
}

fn running(window: &Obj, at: Timestamp) -> bool {
    if window.get("maintenance_type").and_then(int_value) != Some(super::maintenance::ONCE) {
        return false;
    }
    let field = |f: &str| window.get(f).and_then(Value::as_str).unwrap_or("");
    let zone = jiff::tz::TimeZone::get(field("timezone")).unwrap_or(jiff::tz::TimeZone::UTC);
    let instant = |date: &str, time: &str| -> Option<Timestamp> {
        let civil: jiff::civil::DateTime = format!("{date}T{time}").parse().ok()?;
        Some(civil.to_zoned_datetime(zone.clone()).ok()?.timestamp())
    };
    match (
        instant(field("start_date"), field("start_time")),
        instant(field("end_date"), field("end_time")),
    ) {
        (Some(start), Some(end)) => start <= at && at < end,
        _ => false,
    }
}

/// One monitor as `current_status` shows it; counts a read of a scripted monitor.
fn entry(state: &mut State, index: usize, at: Timestamp) -> Value {
    let monitor = &state.account.monitors[index];
    let id = monitor
        .get("monitor_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let suspended = monitor.get("state").and_then(int_value) == Some(SUSPENDED);
    let maintenance = in_maintenance(&state.account, monitor, at);
    let frequency = monitor
        .get("check_frequency")
        .and_then(int_value)
        .unwrap_or(5);
    let monitor = monitor.clone();
    let (status, reason) = if suspended {
        (SUSPENDED, "Suspended".to_string())
    } else if maintenance {
        (MAINTENANCE, "maintenance".to_string())
    } else {
        match state.account.statuses.read(&id) {
            Some(step) => (step.status, step.reason.unwrap_or_default()),
            None => (UP, String::new()),
        }
    };
    let polled = state
        .account
        .statuses
        .polled
        .get(&id)
        .map(|(t, _)| *t)
        .unwrap_or_else(|| at - SignedDuration::from_mins(frequency));
    let tags: Vec<Value> = list_of(&monitor, "tag_ids")
        .iter()
        .filter_map(|t| state.account.find(Kind::Tag, t))
        .map(|t| {
            let name = t.get("tag_name").and_then(Value::as_str).unwrap_or("");
            match t.get("tag_value").and_then(Value::as_str) {
                Some(v) if !v.is_empty() => Value::from(format!("{name}:{v}")),
                _ => Value::from(name),
            }
        })
        .collect();
    json!({
        "name": monitor.get("display_name").cloned().unwrap_or_default(),
        "monitor_id": id,
        "monitor_type": monitor.get("type").cloned().unwrap_or_default(),
        "status": status,
        "last_polled_time": text(polled),
        "down_reason": reason,
        "duration": if status == UP { "" } else { "1 Min" },
        "unit": "ms",
        "attribute_key": "response_time",
        "attribute_label": "Response Time",
        "attribute_value": if status == UP { json!(180) } else { json!("-") },
        "tags": tags,
    })
}

fn flag(query: &Obj, name: &str, default: bool) -> bool {
    match query.get(name).and_then(Value::as_str) {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => default,
    }
}

fn is_suspended(monitor: &Obj) -> bool {
    monitor.get("state").and_then(int_value) == Some(SUSPENDED)
}

/// `GET /current_status` with its documented query parameters.
pub(super) fn all(state: &mut State, _route: &Route, query: &Obj) -> Outcome {
    let at = now();
    let groups_required = flag(query, "group_required", true);
    let suspended_required = flag(query, "suspended_required", false);
    let wanted: Option<Vec<i64>> = query
        .get("status_required")
        .and_then(Value::as_str)
        .map(|s| s.split(',').filter_map(|c| c.trim().parse().ok()).collect());
    let mut top = Vec::new();
    let mut grouped: Vec<(String, String, Vec<Value>)> = state
        .account
        .monitor_groups
        .iter()
        .map(|g| {
            let field = |f: &str| g.get(f).and_then(Value::as_str).unwrap_or("").to_string();
            (field("group_id"), field("display_name"), Vec::new())
        })
        .collect();
    for index in 0..state.account.monitors.len() {
        let monitor = &state.account.monitors[index];
        if is_suspended(monitor) && !suspended_required {
            continue;
        }
        let groups = list_of(monitor, "monitor_groups");
        let shown = entry(state, index, at);
        let status = shown["status"].as_i64().unwrap_or(UP);
        if wanted.as_ref().is_some_and(|w| !w.contains(&status)) {
            continue;
        }
        if groups_required && !groups.is_empty() {
            for (gid, _, members) in grouped.iter_mut() {
                if groups.contains(gid) {
                    members.push(shown.clone());
                }
            }
        } else {
            top.push(shown);
        }
    }
    let mut data = json!({"monitors": top});
    if groups_required {
        data["monitor_groups"] = grouped
            .into_iter()
            .map(|(id, name, members)| {
                let worst = members
                    .iter()
                    .filter_map(|m| m["status"].as_i64())
                    .find(|s| *s != UP)
                    .unwrap_or(UP);
                json!({"group_id": id, "group_name": name, "status": worst, "monitors": members})
            })
            .collect();
    }
    Ok(success(200, data))
}

fn invalid_monitor() -> Failure {
    Failure::new(400, 2009, "Invalid Monitor ID.")
}

fn monitor_index(state: &State, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(Kind::Monitor, route_param(route))
        .ok_or_else(invalid_monitor)
}

/// `GET /current_status/{monitor_id}`: one object in `data`.
pub(super) fn one(state: &mut State, route: &Route, _query: &Obj) -> Outcome {
    let index = monitor_index(state, route)?;
    if is_suspended(&state.account.monitors[index]) {
        return Err(invalid_monitor());
    }
    Ok(success(200, entry(state, index, now())))
}

/// `GET /current_status/group/{group_id}`: the group's monitors in `data.monitors`.
pub(super) fn group(state: &mut State, route: &Route, _query: &Obj) -> Outcome {
    let group_id = route_param(route).to_string();
    let Some(group) = state.account.find(Kind::MonitorGroup, &group_id) else {
        return Err(Failure::new(404, 2012, "Invalid Monitor Group ID."));
    };
    let members = list_of(group, "monitors");
    let at = now();
    let mut shown = Vec::new();
    for id in members {
        if let Some(index) = state.account.position(Kind::Monitor, &id)
            && !is_suspended(&state.account.monitors[index])
        {
            shown.push(entry(state, index, at));
        }
    }
    Ok(success(
        200,
        json!({"group_id": group_id, "monitors": shown}),
    ))
}

/// `GET /monitor/poll_now/{monitor_id}`: the check happens at once (the sandbox has no network).
pub(super) fn poll_now(state: &mut State, route: &Route, _query: &Obj) -> Outcome {
    let index = monitor_index(state, route)?;
    if is_suspended(&state.account.monitors[index]) {
        return Err(invalid_monitor());
    }
    let id = route_param(route).to_string();
    state.account.statuses.polled.insert(id.clone(), (now(), 0));
    Ok(success(
        200,
        json!({"status": "in_progress", "monitor_id": id}),
    ))
}

/// `GET /monitor/status_poll_now/{monitor_id}`: `in_progress` on the first read after a poll,
/// then `completed` (strings invented; see the module comment).
pub(super) fn poll_status(state: &mut State, route: &Route, _query: &Obj) -> Outcome {
    monitor_index(state, route)?;
    let id = route_param(route).to_string();
    let status = match state.account.statuses.polled.get_mut(&id) {
        Some((_, reads)) => {
            *reads += 1;
            if *reads == 1 {
                "in_progress"
            } else {
                "completed"
            }
        }
        None => "not_polled",
    };
    Ok(success(200, json!({"status": status, "monitor_id": id})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_holds_each_step_for_its_reads_and_the_last_for_ever() {
        let mut statuses = Statuses::default();
        statuses.script(
            "1",
            vec![StatusStep::down_for(2, "timeout"), StatusStep::up()],
        );
        let got: Vec<i64> = (0..4).map(|_| statuses.read("1").unwrap().status).collect();
        assert_eq!(got, vec![0, 0, 1, 1]);
        assert!(statuses.read("2").is_none());
    }
}
