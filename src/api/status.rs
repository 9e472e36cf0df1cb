//! Poll now and current status (`site24x7-api.md` §9.2–9.3).
//!
//! `GET /monitor/poll_now/{id}` asks for an immediate check. Its answer's status strings are not
//! documented, so nothing depends on them: the result is read from `GET /current_status`, one
//! call for every monitor, whose numeric `status` and `last_polled_time` are documented.

use jiff::Timestamp;
use serde_json::Value;

use super::envelope::{as_i64, str_field};
use super::http::path_segment;
use super::{Api, ApiError};

/// Site24x7's status codes ([TF] `api/constants.go`).
pub const DOWN: i64 = 0;
pub const UP: i64 = 1;
pub const TROUBLE: i64 = 2;
pub const CRITICAL: i64 = 3;
pub const SUSPENDED: i64 = 5;
pub const MAINTENANCE: i64 = 7;
pub const DISCOVERY: i64 = 9;
pub const CONFIGURATION_ERROR: i64 = 10;

/// The word for a status code.
pub fn word(status: i64) -> &'static str {
    match status {
        DOWN => "down",
        UP => "up",
        TROUBLE => "trouble",
        CRITICAL => "critical",
        SUSPENDED => "suspended",
        MAINTENANCE => "maintenance",
        DISCOVERY => "discovery",
        CONFIGURATION_ERROR => "configuration error",
        _ => "unknown",
    }
}

/// One monitor in a `current_status` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorStatus {
    pub monitor_id: String,
    pub name: String,
    /// `None` when the answer holds no readable status.
    pub status: Option<i64>,
    pub down_reason: String,
    /// When the monitor was last checked, if the answer says and it can be read.
    pub last_polled: Option<Timestamp>,
    /// `last_polled_time` as answered.
    pub last_polled_text: String,
}

impl MonitorStatus {
    fn from_json(item: &Value) -> Option<MonitorStatus> {
        let last_polled_text = str_field(item, "last_polled_time").unwrap_or_default();
        Some(MonitorStatus {
            monitor_id: str_field(item, "monitor_id")?,
            name: str_field(item, "name")
                .or_else(|| str_field(item, "display_name"))
                .unwrap_or_default(),
            status: item.get("status").and_then(as_i64),
            down_reason: str_field(item, "down_reason").unwrap_or_default(),
            last_polled: parse_time(&last_polled_text),
            last_polled_text,
        })
    }
}

/// `2015-07-21T16:37:41+0530` (the fixtures' form), or RFC 3339.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    Timestamp::strptime("%Y-%m-%dT%H:%M:%S%z", text)
        .ok()
        .or_else(|| text.parse().ok())
}

/// `GET /monitor/poll_now/{id}`: ask for a check now.
pub fn poll_now(api: &Api, monitor_id: &str) -> Result<(), ApiError> {
    api.get(&format!("/monitor/poll_now/{}", path_segment(monitor_id)))
        .map(|_| ())
}

/// The current status of every monitor, suspended ones included, in one call. Monitors are
/// read from `data.monitors` and from every `data.monitor_groups[].monitors` (in case the
/// server nests grouped monitors although asked not to).
pub fn current(api: &Api) -> Result<Vec<MonitorStatus>, ApiError> {
    let data = api.get(
        "/current_status?group_required=false&suspended_required=true&locations_required=false&apm_required=false",
    )?;
    let mut found: Vec<MonitorStatus> = Vec::new();
    let mut take = |items: Option<&Vec<Value>>| {
        for status in items
            .into_iter()
            .flatten()
            .filter_map(MonitorStatus::from_json)
        {
            if !found.iter().any(|f| f.monitor_id == status.monitor_id) {
                found.push(status);
            }
        }
    };
    take(data.get("monitors").and_then(Value::as_array));
    for group in data
        .get("monitor_groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        take(group.get("monitors").and_then(Value::as_array));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixture_time_form() {
        let t = parse_time("2015-07-21T16:37:41+0530").unwrap();
        assert_eq!(t, "2015-07-21T11:07:41Z".parse::<Timestamp>().unwrap());
        assert!(parse_time("").is_none());
        assert!(parse_time("-").is_none());
    }
}
