//! The `maintenance_windows:` section of the monitors file as Rust types: what serde-saphyr
//! parses (unknown fields rejected at `line:col`), what `export` writes, and what the JSON Schema
//! is generated from. Which fields each kind of window takes is checked in [`super::desired`].

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A maintenance window managed as code: recurring (or once), in a time zone, over monitors,
/// groups or tags named in the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = schema_rules)]
pub struct WindowSpec {
    /// Display name; the window's identity among the windows this file owns.
    pub name: String,
    /// Free text shown in Site24x7 (s247 adds its ownership lines below it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How the window repeats. `weekly` takes `days` (by day) or `start_day`/`end_day` (by time);
    /// `monthly` takes `day_of_month` (by date) or `week` + `weekday` (by day). `yearly` is
    /// refused: the API documents none of its fields and cannot update it.
    pub repeat: Repeat,
    /// The IANA time zone the times are in (`Europe/Berlin`, `UTC`).
    pub timezone: String,
    /// `once`: first day, `yyyy-mm-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `once`: last day, `yyyy-mm-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// When it starts, `hh:mm` (24-hour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// When it ends, `hh:mm` (`once`, `daily`, weekly by time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// How long it lasts, `2h`, `90m` (at most 1400m; weekly by day, monthly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Length>,
    /// Weekly by day: the days it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<Weekday>>,
    /// Weekly by time: the day it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_day: Option<Weekday>,
    /// Weekly by time: the day it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_day: Option<Weekday>,
    /// Weekly: every 1 to 4 weeks (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_weeks: Option<u8>,
    /// Monthly by date: the day of the month, 1 to 31.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_of_month: Option<u8>,
    /// Monthly by day: which week of the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<WeekOfMonth>,
    /// Monthly by day: the day of that week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<Weekday>,
    /// Recurring: the first day it may run, `yyyy-mm-dd` (default: today in its zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<String>,
    /// Recurring: `never` (default), `after 10 runs`, or a last date `yyyy-mm-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<String>,
    /// Monitors it covers, by name (defined in this file or existing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitors: Option<Vec<String>>,
    /// Monitor groups it covers, by name (defined in this file or existing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Tags whose monitors it covers, as `name:value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// With `groups`: include the groups' subgroups (the API's default is true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgroups: Option<bool>,
    /// Keep checking (and recording uptime) during the window; default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perform_monitoring: Option<bool>,
}

/// How a window repeats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Repeat {
    #[default]
    Once,
    Daily,
    Weekly,
    Monthly,
    /// Refused: see the field's description.
    Yearly,
}

/// A day of the week, written by name: a number would be ambiguous (the API's numbering is not
/// documented; see `docs/maintenance-windows-as-code.md`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Sun,
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
}

impl Weekday {
    /// Sunday first, as the API's numbering (whichever it is) counts.
    pub const ALL: [Weekday; 7] = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];

    /// Days after Sunday (Sunday 0).
    pub fn index(self) -> i64 {
        Weekday::ALL.iter().position(|d| *d == self).unwrap_or(0) as i64
    }

    pub fn name(self) -> &'static str {
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][self.index() as usize]
    }
}

/// Which week of the month (the API's `start_week`: 1 to 4, 5 for the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WeekOfMonth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl WeekOfMonth {
    pub const ALL: [WeekOfMonth; 5] = [
        WeekOfMonth::First,
        WeekOfMonth::Second,
        WeekOfMonth::Third,
        WeekOfMonth::Fourth,
        WeekOfMonth::Last,
    ];

    pub fn code(self) -> i64 {
        WeekOfMonth::ALL
            .iter()
            .position(|w| *w == self)
            .unwrap_or(0) as i64
            + 1
    }

    pub fn from_code(code: i64) -> Option<WeekOfMonth> {
        WeekOfMonth::ALL
            .get(usize::try_from(code - 1).ok()?)
            .copied()
    }
}

/// How long a window lasts, in whole minutes, written `2h`, `90m`, `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length(pub u32);

/// The longest window the API's create documents ("up to 1400 minutes"; its update says "less
/// than 1440"): the stricter of the two holds under both.
pub const MAX_LENGTH_MINUTES: u32 = 1400;

impl Length {
    pub fn parse(text: &str) -> Result<Length, String> {
        let duration = crate::inputs::parse_duration(text)?;
        if duration.subsec_nanos() != 0 || !duration.as_secs().is_multiple_of(60) {
            return Err(format!(
                "`{text}` is not a whole number of minutes; write it like 90m or 2h"
            ));
        }
        let minutes = duration.as_secs() / 60;
        if minutes > u64::from(MAX_LENGTH_MINUTES) {
            return Err(format!(
                "`{text}` is too long; Site24x7 takes a duration of at most {MAX_LENGTH_MINUTES}m (23h20m)"
            ));
        }
        Ok(Length(minutes as u32))
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0 / 60, self.0 % 60) {
            (0, m) => write!(f, "{m}m"),
            (h, 0) => write!(f, "{h}h"),
            (h, m) => write!(f, "{h}h{m}m"),
        }
    }
}

impl Serialize for Length {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LengthVisitor;
        impl Visitor<'_> for LengthVisitor {
            type Value = Length;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration like 90m or 2h")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Length, E> {
                Length::parse(text).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Length, E> {
                Length::parse(&n.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Length, E> {
                Length::parse(&n.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(LengthVisitor)
    }
}

impl JsonSchema for Length {
    fn schema_name() -> Cow<'static, str> {
        "Length".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "a duration in whole minutes, at most 1400m: 90m, 2h, 1h30m",
            "pattern": "^\\s*([0-9]+\\s*[a-z]+\\s*)+$",
            "examples": ["2h", "90m"]
        })
    }
}

/// The per-kind rules of [`super::desired`] in the schema: the fields each kind needs and those
/// it does not take, one kind of target, and no yearly window.
fn schema_rules(schema: &mut Schema) {
    use super::Kind;
    use super::desired::{COMMON, rules};
    use serde_json::{Map, Value, json};
    let all: Vec<String> = match schema.get("properties") {
        Some(Value::Object(p)) => p.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let rule = |kind: Kind| {
        let (required, also) = rules(kind);
        let forbidden: Map<String, Value> = all
            .iter()
            .filter(|f| {
                let f = f.as_str();
                !COMMON.contains(&f) && !required.contains(&f) && !also.contains(&f)
            })
            .map(|f| (f.clone(), Value::Bool(false)))
            .collect();
        json!({"required": required, "properties": forbidden})
    };
    let when = |repeat: &str, then: Value| json!({"if": {"properties": {"repeat": {"const": repeat}}, "required": ["repeat"]}, "then": then});
    let rules = vec![
        when("once", rule(Kind::Once)),
        when("daily", rule(Kind::Daily)),
        when(
            "weekly",
            json!({"oneOf": [rule(Kind::WeeklyByDay), rule(Kind::WeeklyByTime)]}),
        ),
        when(
            "monthly",
            json!({"oneOf": [rule(Kind::MonthlyByDate), rule(Kind::MonthlyByDay)]}),
        ),
        when("yearly", json!(false)),
        json!({"oneOf": [
            {"required": ["monitors"]},
            {"required": ["groups"]},
            {"required": ["tags"]}
        ]}),
    ];
    schema.insert("allOf".into(), Value::Array(rules));
}
