//! A window in file form ↔ the API's fields (`site24x7-api.md` §4.2): what a create sends, and
//! how a window the API answers (typed, or numbers as strings, `""` for unused fields) reads back
//! as the file would write it, so plan compares like with like and export writes it.

use serde_json::{Map, Value, json};

use crate::api::envelope::{as_bool, as_i64, id_list};
use crate::api::maintenance::Selection;

use super::desired::{DesiredWindow, Ends, parse_date, parse_time};
use super::spec::{Length, Repeat, WeekOfMonth, Weekday, WindowSpec};
use super::{Kind, owner_of, stamp, text_of, zone_of};

/// The API's day number of a weekday (0 = Sunday; see the module docs of [`super`]).
pub fn day_number(day: Weekday) -> i64 {
    day.index()
}

/// The weekday of an API day number, under the same numbering; `None` for anything else
/// (7 included: only the other numbering has it).
pub fn day_of(number: i64) -> Option<Weekday> {
    Weekday::ALL.get(usize::try_from(number).ok()?).copied()
}

/// Whether a live window numbers a day 7: proof that the account counts 1 = Sunday … 7 =
/// Saturday, not as s247 sends.
pub fn has_day_seven(window: &Value) -> bool {
    let seven = |v: &Value| as_i64(v) == Some(7);
    ["start_day", "end_day"]
        .iter()
        .any(|f| window.get(*f).is_some_and(seven))
        || window["week_days"]
            .as_array()
            .is_some_and(|days| days.iter().any(seven))
}

/// The fields a write of `window` sets, with its targets' ids and the owner recorded.
pub fn api_fields(window: &DesiredWindow, ids: &[String], owner: &str) -> Map<String, Value> {
    let spec = &window.spec;
    let mut body = Map::new();
    body.insert("display_name".into(), json!(spec.name));
    body.insert(
        "description".into(),
        json!(stamp(spec.description.as_deref(), &spec.timezone, owner)),
    );
    body.insert("maintenance_type".into(), json!(window.kind.code()));
    body.insert("timezone".into(), json!(spec.timezone));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            body.insert(key.into(), value);
        }
    };
    put("start_date", spec.start_date.clone().map(Value::from));
    put("end_date", spec.end_date.clone().map(Value::from));
    put("start_time", spec.start_time.clone().map(Value::from));
    put("end_time", spec.end_time.clone().map(Value::from));
    put("duration", spec.duration.map(|d| json!(d.0)));
    put(
        "week_days",
        spec.days
            .as_ref()
            .map(|days| json!(days.iter().map(|d| day_number(*d)).collect::<Vec<_>>())),
    );
    let start_day = spec.start_day.or(spec.weekday);
    put("start_day", start_day.map(|d| json!(day_number(d))));
    put("end_day", spec.end_day.map(|d| json!(day_number(d))));
    put("execute_every", spec.every_weeks.map(|n| json!(n)));
    put("monthly_start_date", spec.day_of_month.map(|n| json!(n)));
    put("start_week", spec.week.map(|w| json!(w.code())));
    put(
        "maintenance_start_on",
        spec.starts_on.clone().map(Value::from),
    );
    if let Some(ends) = spec.ends.as_deref().and_then(|e| Ends::parse(e).ok()) {
        match ends {
            Ends::Never => put("maintenance_end_type", Some(json!(0))),
            Ends::After(n) => {
                put("maintenance_end_type", Some(json!(1)));
                put("maintenance_end_after_times", Some(json!(n)));
            }
            Ends::On(date) => {
                put("maintenance_end_type", Some(json!(2)));
                put("maintenance_end_on", Some(json!(date)));
            }
        }
    }
    put("selection_type", Some(json!(window.selection.code())));
    put(window.selection.field(), Some(json!(ids)));
    put("subgroup_monitors", spec.subgroups.map(Value::from));
    put(
        "perform_monitoring",
        spec.perform_monitoring.map(Value::from),
    );
    body
}

/// A live window read back in file form.
#[derive(Debug, Clone)]
pub struct LiveWindow {
    pub id: String,
    /// The file form; targets are left empty (see `target_ids`).
    pub spec: WindowSpec,
    pub kind: Option<Kind>,
    pub selection: Option<Selection>,
    pub target_ids: Vec<String>,
    /// The zone recorded on its description, else the answer's `timezone`.
    pub zone: Option<String>,
    pub owner: Option<String>,
    pub raw: Value,
}

/// Read a live window. Problems with one field (a day numbered 7, a code s247 does not know) are
/// returned as text; the rest still reads.
pub fn from_live(raw: &Value) -> (LiveWindow, Vec<String>) {
    let mut problems = Vec::new();
    let text = |key: &str| {
        raw.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let int = |key: &str| raw.get(key).and_then(as_i64);
    let description = raw["description"].as_str().unwrap_or_default();
    let kind_code = int("maintenance_type");
    let kind = kind_code.and_then(Kind::from_code);
    if kind.is_none() {
        problems.push(match kind_code {
            Some(9) => "it is a yearly window, which s247 cannot manage".to_string(),
            Some(code) => format!("maintenance_type {code} is not one s247 knows"),
            None => "it has no maintenance_type".to_string(),
        });
    }
    let mut day = |key: &str| {
        let n = int(key)?;
        let d = day_of(n);
        if d.is_none() {
            problems.push(format!("{key} is {n}, not a day s247 can name"));
        }
        d
    };
    let mut spec = WindowSpec {
        name: text("display_name").unwrap_or_default(),
        timezone: String::new(),
        repeat: match kind {
            Some(Kind::Daily) => Repeat::Daily,
            Some(Kind::WeeklyByDay | Kind::WeeklyByTime) => Repeat::Weekly,
            Some(Kind::MonthlyByDate | Kind::MonthlyByDay) => Repeat::Monthly,
            _ => Repeat::Once,
        },
        start_time: text("start_time").and_then(|t| parse_time(&t)),
        ..WindowSpec::default()
    };
    let user_text = text_of(description);
    if !user_text.is_empty() && user_text != super::DEFAULT_DESCRIPTION {
        spec.description = Some(user_text.to_string());
    }
    match kind {
        Some(Kind::Once) => {
            spec.start_date = text("start_date").and_then(|d| parse_date(&d));
            spec.end_date = text("end_date").and_then(|d| parse_date(&d));
            spec.end_time = text("end_time").and_then(|t| parse_time(&t));
        }
        Some(Kind::Daily) => spec.end_time = text("end_time").and_then(|t| parse_time(&t)),
        Some(Kind::WeeklyByTime) => {
            spec.start_day = day("start_day");
            spec.end_day = day("end_day");
            spec.end_time = text("end_time").and_then(|t| parse_time(&t));
        }
        Some(Kind::WeeklyByDay) => {
            let mut days = Vec::new();
            for n in raw["week_days"].as_array().into_iter().flatten() {
                match as_i64(n).and_then(day_of) {
                    Some(d) => days.push(d),
                    None => problems.push(format!("week_days holds {n}, not a day s247 can name")),
                }
            }
            days.sort();
            days.dedup();
            spec.days = Some(days);
        }
        Some(Kind::MonthlyByDate) => {
            spec.day_of_month = int("monthly_start_date").and_then(|n| u8::try_from(n).ok());
        }
        Some(Kind::MonthlyByDay) => {
            spec.week = int("start_week").and_then(WeekOfMonth::from_code);
            spec.weekday = day("start_day");
        }
        None => {}
    }
    if matches!(
        kind,
        Some(Kind::WeeklyByDay | Kind::MonthlyByDate | Kind::MonthlyByDay)
    ) {
        spec.duration = int("duration")
            .and_then(|m| u32::try_from(m).ok())
            .map(Length);
    }
    if matches!(kind, Some(Kind::WeeklyByDay | Kind::WeeklyByTime)) {
        spec.every_weeks = int("execute_every").and_then(|n| u8::try_from(n).ok());
    }
    if kind.is_some_and(|k| k != Kind::Once) {
        spec.starts_on = text("maintenance_start_on").and_then(|d| parse_date(&d));
        // No end type is the documented default: never.
        spec.ends = Some(
            match int("maintenance_end_type").unwrap_or(0) {
                1 => Ends::After(int("maintenance_end_after_times").unwrap_or(0)),
                2 => Ends::On(text("maintenance_end_on").unwrap_or_default()),
                _ => Ends::Never,
            }
            .text(),
        );
    }
    let code = int("selection_type");
    let selection = match code {
        // `0` with a monitor list (§8 row 5) covers those monitors.
        Some(0) if !id_list(raw, "monitors").is_empty() => Some(Selection::Monitors),
        code => code.and_then(Selection::from_code),
    };
    let target_ids = match selection {
        Some(Selection::Tags) if id_list(raw, "tags").is_empty() => id_list(raw, "tag_ids"),
        Some(s) => id_list(raw, s.field()),
        None => Vec::new(),
    };
    if selection == Some(Selection::Groups) {
        spec.subgroups = raw.get("subgroup_monitors").and_then(as_bool);
    }
    spec.perform_monitoring = raw.get("perform_monitoring").and_then(as_bool);
    let zone = zone_of(description)
        .map(str::to_string)
        .or_else(|| text("timezone"));
    (
        LiveWindow {
            id: raw
                .get("maintenance_id")
                .and_then(crate::api::envelope::as_id)
                .unwrap_or_default(),
            spec,
            kind,
            selection,
            target_ids,
            zone,
            owner: owner_of(description).map(str::to_string),
            raw: raw.clone(),
        },
        problems,
    )
}

/// Fields that belong to one kind of window only: left out of an update that changes the kind.
const PER_KIND: &[&str] = &[
    "start_date",
    "end_date",
    "end_time",
    "duration",
    "week_days",
    "start_day",
    "end_day",
    "execute_every",
    "monthly_start_date",
    "start_week",
    "start_after",
    "maintenance_start_on",
    "maintenance_end_type",
    "maintenance_end_after_times",
    "maintenance_end_on",
];

/// Whole-number fields, sent back typed.
const INTS: &[&str] = &[
    "maintenance_type",
    "selection_type",
    "duration",
    "start_day",
    "end_day",
    "execute_every",
    "monthly_start_date",
    "start_week",
    "start_after",
    "maintenance_end_type",
    "maintenance_end_after_times",
];

/// The body of a lossless update: the live window as read (every field kept, unknown ones too;
/// unused `""` left out; numbers and booleans typed) with the file's fields laid over it. A
/// change of kind drops the old kind's fields; a change of target kind drops the old list.
pub fn update_body(live: &LiveWindow, fields: Map<String, Value>, kind: Kind) -> Value {
    let mut body: Map<String, Value> = live
        .raw
        .as_object()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, v)| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
        .collect();
    if live.kind != Some(kind) {
        body.retain(|key, _| !PER_KIND.contains(&key.as_str()));
    }
    if matches!(kind, Kind::Once | Kind::Daily | Kind::WeeklyByTime) {
        body.remove("duration"); // derived for these (§4.2), never an input
    }
    let selection = fields
        .get("selection_type")
        .and_then(as_i64)
        .and_then(Selection::from_code);
    if let Some(selection) = selection {
        for other in Selection::ALL {
            if other != selection {
                body.remove(other.field());
            }
        }
        body.remove("tag_ids");
        if selection != Selection::Groups {
            body.remove("subgroup_monitors");
        }
    }
    for key in INTS {
        if let Some(n) = body.get(*key).and_then(as_i64) {
            body.insert((*key).into(), json!(n));
        }
    }
    for key in ["perform_monitoring", "subgroup_monitors"] {
        if let Some(b) = body.get(key).and_then(as_bool) {
            body.insert(key.into(), json!(b));
        }
    }
    if let Some(Value::Array(days)) = body.get("week_days") {
        let days: Vec<Value> = days
            .iter()
            .map(|d| as_i64(d).map_or(d.clone(), |n| json!(n)))
            .collect();
        body.insert("week_days".into(), Value::Array(days));
    }
    body.extend(fields);
    body.insert("maintenance_id".into(), json!(live.id));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lenient_answer_reads_as_the_file_writes_it() {
        let raw = json!({
            "maintenance_id": "77", "display_name": "Backups", "maintenance_type": "8",
            "description": "Nightly\n\ns247-timezone: Europe/Berlin\ns247-owner: managed-by:s247",
            "week_days": [3, "1"], "start_time": "1:30", "duration": "90",
            "execute_every": "2", "maintenance_end_type": "1", "maintenance_end_after_times": "10",
            "selection_type": "2", "monitors": ["5", "6"], "perform_monitoring": "false",
            "start_day": "", "timezone": ""
        });
        let (live, problems) = from_live(&raw);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(live.kind, Some(Kind::WeeklyByDay));
        assert_eq!(live.spec.days, Some(vec![Weekday::Mon, Weekday::Wed]));
        assert_eq!(live.spec.start_time.as_deref(), Some("01:30"));
        assert_eq!(live.spec.duration, Some(Length(90)));
        assert_eq!(live.spec.every_weeks, Some(2));
        assert_eq!(live.spec.ends.as_deref(), Some("after 10 runs"));
        assert_eq!(live.spec.description.as_deref(), Some("Nightly"));
        assert_eq!(live.zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(live.owner.as_deref(), Some("managed-by:s247"));
        assert_eq!(live.target_ids, ["5", "6"]);
        assert_eq!(live.spec.perform_monitoring, Some(false));
    }

    #[test]
    fn a_day_seven_is_never_read_as_a_day() {
        let raw =
            json!({"maintenance_id": "1", "maintenance_type": 2, "start_day": 7, "end_day": 1});
        assert!(has_day_seven(&raw));
        let (live, problems) = from_live(&raw);
        assert_eq!(live.spec.start_day, None);
        assert!(problems[0].contains("start_day is 7"), "{problems:?}");
        assert!(!has_day_seven(&json!({"week_days": [0, 6]})));
        assert!(has_day_seven(&json!({"week_days": ["7"]})));
    }

    #[test]
    fn an_update_keeps_what_the_file_does_not_say_and_drops_the_old_kind() {
        let raw = json!({
            "maintenance_id": "77", "display_name": "W", "maintenance_type": 2,
            "start_day": 0, "end_day": 0, "start_time": "01:00", "end_time": "03:00",
            "selection_type": 1, "monitor_groups": ["9"], "subgroup_monitors": true,
            "some_new_field": {"a": 1}, "maintenance_start_on": "2025-01-05", "timezone": ""
        });
        let (live, _) = from_live(&raw);
        let mut fields = Map::new();
        fields.insert("end_time".into(), json!("04:00"));
        let same = update_body(&live, fields.clone(), Kind::WeeklyByTime);
        assert_eq!(same["end_time"], "04:00");
        assert_eq!(same["start_day"], 0);
        assert_eq!(same["monitor_groups"], json!(["9"]));
        assert_eq!(same["some_new_field"], json!({"a": 1}));
        assert_eq!(same["maintenance_id"], "77");
        assert!(same.get("timezone").is_none(), "unused fields are left out");
        fields.insert("week_days".into(), json!([1]));
        fields.insert("selection_type".into(), json!(2));
        fields.insert("monitors".into(), json!(["5"]));
        let changed = update_body(&live, fields, Kind::WeeklyByDay);
        assert!(changed.get("start_day").is_none());
        assert!(changed.get("monitor_groups").is_none());
        assert!(changed.get("subgroup_monitors").is_none());
        assert!(changed.get("maintenance_start_on").is_none());
        assert_eq!(changed["some_new_field"], json!({"a": 1}));
    }
}
