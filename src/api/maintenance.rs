//! Maintenance windows ("Schedule Maintenances", `site24x7-api.md` §4): list, create, update,
//! delete, and a lenient reader for what the API returns (numbers and booleans as strings, unused
//! fields as `""`, id lists in any order).

use serde_json::{Map, Value, json};

use super::envelope::{as_bool, as_i64, id_list, str_field};
use super::{Api, ApiError};

pub const PATH: &str = "/maintenance";

/// `maintenance_type` of a one-off window.
pub const ONCE: i64 = 3;

/// What a window covers: `selection_type` 1, 2 or 3 and the list field that holds the ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Selection {
    Groups,
    Monitors,
    Tags,
}

impl Selection {
    pub const ALL: [Selection; 3] = [Selection::Monitors, Selection::Groups, Selection::Tags];

    pub fn code(self) -> i64 {
        match self {
            Selection::Groups => 1,
            Selection::Monitors => 2,
            Selection::Tags => 3,
        }
    }

    pub fn from_code(code: i64) -> Option<Selection> {
        match code {
            1 => Some(Selection::Groups),
            2 => Some(Selection::Monitors),
            3 => Some(Selection::Tags),
            _ => None,
        }
    }

    /// The body field holding the ids.
    pub fn field(self) -> &'static str {
        match self {
            Selection::Groups => "monitor_groups",
            Selection::Monitors => "monitors",
            Selection::Tags => "tags",
        }
    }

    /// The setting that names them (`monitors`, `groups`, `tags`).
    pub fn setting(self) -> &'static str {
        match self {
            Selection::Groups => "groups",
            Selection::Monitors => "monitors",
            Selection::Tags => "tags",
        }
    }
}

/// The local times of a window as the API writes them: `yyyy-mm-dd`, `hh:mm`, and the zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Times {
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub timezone: String,
}

/// A window as read back from the API. Every field is optional: a window a person made, or a
/// recurring one, may lack what s247's windows always carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub id: String,
    pub name: String,
    pub description: String,
    pub maintenance_type: Option<i64>,
    pub selection: Option<Selection>,
    /// The ids of whatever `selection` names (monitors, groups or tags).
    pub targets: Vec<String>,
    pub start_date: Option<String>,
    pub start_time: Option<String>,
    pub end_date: Option<String>,
    pub end_time: Option<String>,
    pub timezone: Option<String>,
    pub perform_monitoring: Option<bool>,
    pub subgroup_monitors: Option<bool>,
    pub raw: Value,
}

impl Window {
    /// Read one window; `None` without an id.
    pub fn from_json(item: &Value) -> Option<Window> {
        let id = str_field(item, "maintenance_id")?;
        let code = item.get("selection_type").and_then(as_i64);
        let selection = match code {
            // `0` is documented as "All Monitors" (not supported), yet the provider's fixtures
            // show it with a monitor list (`site24x7-api.md` §8 row 5): those monitors.
            Some(0) if !id_list(item, "monitors").is_empty() => Some(Selection::Monitors),
            code => code.and_then(Selection::from_code),
        };
        let targets = match selection {
            // Tags may come back under either name.
            Some(Selection::Tags) => {
                let tags = id_list(item, "tags");
                if tags.is_empty() {
                    id_list(item, "tag_ids")
                } else {
                    tags
                }
            }
            Some(selection) => id_list(item, selection.field()),
            None => Vec::new(),
        };
        let text = |name: &str| {
            item.get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Some(Window {
            id,
            name: text("display_name").unwrap_or_default(),
            description: item
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            maintenance_type: item.get("maintenance_type").and_then(as_i64),
            selection,
            targets,
            start_date: text("start_date"),
            start_time: text("start_time"),
            end_date: text("end_date"),
            end_time: text("end_time"),
            timezone: text("timezone"),
            perform_monitoring: item.get("perform_monitoring").and_then(as_bool),
            subgroup_monitors: item.get("subgroup_monitors").and_then(as_bool),
            raw: item.clone(),
        })
    }

    pub fn is_once(&self) -> bool {
        self.maintenance_type == Some(ONCE)
    }

    /// The body of a PUT that changes the times and nothing else: the window as read, every
    /// field kept (its `selection_type` and target list as they are, `0` included, and fields
    /// s247 does not know), with unused (`""`) and derived (`duration` of a one-off window)
    /// fields left out, numbers and booleans sent typed, and the new times laid over it. The
    /// official provider sends the whole object too, so a server that replaces rather than merges
    /// loses nothing.
    pub fn update_body(&self, times: &Times) -> Value {
        let mut body: Map<String, Value> = self
            .raw
            .as_object()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
            .collect();
        if self.is_once() {
            body.remove("duration");
        }
        for field in TYPED_INTS {
            if let Some(n) = body.get(*field).and_then(as_i64) {
                body.insert(field.to_string(), json!(n));
            }
        }
        for field in ["perform_monitoring", "subgroup_monitors"] {
            if let Some(b) = body.get(field).and_then(as_bool) {
                body.insert(field.into(), json!(b));
            }
        }
        if let Some(Value::Array(days)) = body.get("week_days") {
            let days: Vec<Value> = days
                .iter()
                .map(|d| as_i64(d).map_or(d.clone(), |n| json!(n)))
                .collect();
            body.insert("week_days".into(), Value::Array(days));
        }
        body.insert("maintenance_id".into(), json!(self.id));
        body.entry("maintenance_type").or_insert(json!(ONCE));
        if let Some(selection) = self.selection
            && !body.contains_key(selection.field())
        {
            body.insert(selection.field().into(), json!(self.targets));
        }
        insert_times(&mut body, times);
        Value::Object(body)
    }
}

/// Whole-number fields a window may carry (`site24x7-api.md` §4.2), sent back as numbers.
const TYPED_INTS: &[&str] = &[
    "maintenance_type",
    "selection_type",
    "start_day",
    "end_day",
    "execute_every",
    "monthly_start_date",
    "start_week",
    "start_after",
    "maintenance_end_type",
    "maintenance_end_after_times",
];

/// A one-off window to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWindow {
    pub display_name: String,
    pub description: String,
    pub times: Times,
    pub selection: Selection,
    pub targets: Vec<String>,
    pub perform_monitoring: bool,
}

impl NewWindow {
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("display_name".into(), json!(self.display_name));
        body.insert("description".into(), json!(self.description));
        body.insert("maintenance_type".into(), json!(ONCE));
        insert_times(&mut body, &self.times);
        body.insert("selection_type".into(), json!(self.selection.code()));
        body.insert(self.selection.field().into(), json!(self.targets));
        body.insert("perform_monitoring".into(), json!(self.perform_monitoring));
        Value::Object(body)
    }
}

fn insert_times(body: &mut Map<String, Value>, times: &Times) {
    body.insert("start_date".into(), json!(times.start_date));
    body.insert("start_time".into(), json!(times.start_time));
    body.insert("end_date".into(), json!(times.end_date));
    body.insert("end_time".into(), json!(times.end_time));
    body.insert("timezone".into(), json!(times.timezone));
}

/// Every window of the account, in the order the API returned them.
pub fn list(api: &Api) -> Result<Vec<Window>, ApiError> {
    let data = api.get(PATH)?;
    let items = data.as_array().map(Vec::as_slice).unwrap_or_default();
    Ok(items.iter().filter_map(Window::from_json).collect())
}

/// Create a window; `None` when the API answered success without the new window's id (the
/// provider's fixture has none, `site24x7-api.md` §8 row 6): the window exists, and the caller
/// looks it up. Never retried blindly (the client does not repeat a POST that may have been
/// applied): on [`ApiError::is_ambiguous`] the caller looks it up first too.
pub fn create(api: &Api, window: &NewWindow) -> Result<Option<Window>, ApiError> {
    let data = api.post(PATH, &window.body())?;
    Ok(Window::from_json(&data))
}

/// Replace a window's fields with `body` (see [`Window::update_body`]). The answer's window when
/// it has one.
pub fn update(api: &Api, id: &str, body: &Value) -> Result<Option<Window>, ApiError> {
    let data = api.put(
        &format!("{PATH}/{}", super::http::path_segment(id)),
        Some(body),
    )?;
    Ok(Window::from_json(&data))
}

/// Delete a window; `false` when it was already gone.
pub fn delete(api: &Api, id: &str) -> Result<bool, ApiError> {
    match api.delete(&format!("{PATH}/{}", super::http::path_segment(id))) {
        Ok(_) => Ok(true),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_read_leniently() {
        let raw = json!({
            "maintenance_id": "113770000041409009",
            "display_name": "CI deploy",
            "description": "",
            "maintenance_type": "3",
            "selection_type": "2",
            "monitors": ["2", 1],
            "monitor_groups": "",
            "start_date": "2026-06-02", "start_time": "19:41",
            "end_date": "2026-06-02", "end_time": "20:44",
            "timezone": "GMT",
            "perform_monitoring": "true",
            "duration": "63",
            "start_day": "",
        });
        let w = Window::from_json(&raw).unwrap();
        assert_eq!(w.id, "113770000041409009");
        assert!(w.is_once());
        assert_eq!(w.selection, Some(Selection::Monitors));
        assert_eq!(w.targets, vec!["2", "1"]);
        assert_eq!(w.perform_monitoring, Some(true));
        assert_eq!(w.timezone.as_deref(), Some("GMT"));
        assert!(Window::from_json(&json!({"display_name": "no id"})).is_none());

        let tags = json!({"maintenance_id": "9", "selection_type": 3, "tag_ids": ["7"]});
        assert_eq!(Window::from_json(&tags).unwrap().targets, vec!["7"]);
    }

    #[test]
    fn bodies_carry_typed_fields() {
        let times = Times {
            start_date: "2026-06-02".into(),
            start_time: "19:41".into(),
            end_date: "2026-06-02".into(),
            end_time: "20:11".into(),
            timezone: "GMT".into(),
        };
        let new = NewWindow {
            display_name: "CI deploy x".into(),
            description: "s247-label: x".into(),
            times: times.clone(),
            selection: Selection::Groups,
            targets: vec!["5".into()],
            perform_monitoring: true,
        };
        let body = new.body();
        assert_eq!(body["maintenance_type"], json!(3));
        assert_eq!(body["selection_type"], json!(1));
        assert_eq!(body["monitor_groups"], json!(["5"]));
        assert_eq!(body["timezone"], json!("GMT"));
        assert!(body.get("monitors").is_none());

        let read = Window::from_json(&json!({
            "maintenance_id": "9", "display_name": "n", "description": "d",
            "maintenance_type": "3", "selection_type": "3", "tags": ["7", "8"],
            "perform_monitoring": "false", "subgroup_monitors": "",
        }))
        .unwrap();
        let put = read.update_body(&times);
        assert_eq!(put["maintenance_id"], json!("9"));
        assert_eq!(put["selection_type"], json!(3));
        assert_eq!(put["tags"], json!(["7", "8"]));
        assert_eq!(put["perform_monitoring"], json!(false));
        assert_eq!(put["end_time"], json!("20:11"));
        assert!(put.get("subgroup_monitors").is_none());
    }

    #[test]
    fn a_selection_zero_window_keeps_its_type_and_monitors_and_unknown_fields() {
        let read = Window::from_json(&json!({
            "maintenance_id": "4203", "display_name": "legacy", "description": "by hand",
            "maintenance_type": 3, "selection_type": 0, "monitors": ["11", "12"],
            "start_date": "2026-01-01", "start_time": "00:00",
            "end_date": "2035-12-31", "end_time": "23:30",
            "perform_monitoring": true, "duration": "5000000", "some_new_field": {"a": 1},
        }))
        .unwrap();
        assert_eq!(read.selection, Some(Selection::Monitors));
        assert_eq!(read.targets, vec!["11", "12"]);
        let times = Times {
            start_date: "2026-01-01".into(),
            start_time: "00:00".into(),
            end_date: "2026-12-01".into(),
            end_time: "15:30".into(),
            timezone: "Asia/Kolkata".into(),
        };
        let put = read.update_body(&times);
        assert_eq!(put["selection_type"], json!(0));
        assert_eq!(put["monitors"], json!(["11", "12"]));
        assert_eq!(put["some_new_field"], json!({"a": 1}));
        assert_eq!(put["end_date"], json!("2026-12-01"));
        assert_eq!(put["timezone"], json!("Asia/Kolkata"));
        assert!(put.get("duration").is_none(), "derived, not sent");
        // Without a list, 0 is not read as monitors.
        let all = Window::from_json(&json!({"maintenance_id": "1", "selection_type": 0})).unwrap();
        assert_eq!(all.selection, None);
    }
}
