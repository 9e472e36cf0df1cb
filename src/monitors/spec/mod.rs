//! The monitors file (`version: 1`) as Rust types: what serde-saphyr parses (unknown fields and
//! duplicate keys rejected, every error at `line:col`), what `export` writes, and what the JSON
//! Schema in `schema/monitors.schema.json` is generated from.
//!
//! The types say which values are well-formed; which fields a monitor type takes, and what each
//! one becomes in the API, is the table in [`super::fields`]. A test keeps the two in step.

mod field_values;
mod monitor;
mod monitor_type;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::durations::{
    CHECK_FREQUENCIES, MAX_FREQUENCY_MINUTES, MAX_TIMEOUT_SECONDS, Minutes, Seconds,
};

pub use field_values::{
    Alert, BasicAuth, ContentType, DnsRecord, HttpMethod, Keyword, ResponseType,
};
pub use monitor::{MonitorSpec, StepSpec};
pub use monitor_type::MonitorType;

/// The tag that marks monitors `apply` created, unless the file names another.
pub const DEFAULT_OWNER_TAG: &str = "managed-by:s247";

/// A monitors file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "s247 monitors file", extend("$id" = "https://github.com/s247-dev/s247/schema/monitors.schema.json"))]
pub struct MonitorsFile {
    /// Format version; always 1.
    pub version: u32,
    /// The tag (`name:value`, or `name` for a tag without value) that marks monitors created by
    /// `apply`; `--prune` only ever touches monitors carrying it. Default `managed-by:s247`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_tag: Option<String>,
    /// Values every monitor gets unless it sets the field itself (and the field applies to its
    /// type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// Monitor groups, by display name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitor_groups: Vec<GroupSpec>,
    /// Monitors, by display name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitors: Vec<MonitorSpec>,
    /// Maintenance windows managed as code, by display name. With this section, the file owns
    /// the windows it created (`--prune` deletes those that left it); without it, every window is
    /// left alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_windows: Option<Vec<super::windows::spec::WindowSpec>>,
    /// Notification profiles, by name (monitors and groups refer to them by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notification_profiles: Vec<super::profiles::spec::NotificationProfileSpec>,
    /// Threshold profiles, by name and monitor type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threshold_profiles: Vec<super::profiles::spec::ThresholdProfileSpec>,
    /// Location profiles, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_profiles: Vec<super::profiles::spec::LocationProfileSpec>,
    /// User groups (alert groups), by name; members are existing users, by e-mail address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_groups: Vec<super::profiles::spec::UserGroupSpec>,
    /// Tags, by name and value, with a colour from the palette.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<super::profiles::spec::TagSpec>,
}

/// Fields filled into every monitor that does not set them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Location profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_profile: Option<String>,
    /// Notification profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_profile: Option<String>,
    /// Threshold profile, by name; looked up among the profiles of each monitor's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_profile: Option<String>,
    /// User groups alerted, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_groups: Option<Vec<String>>,
    /// Monitor groups, by name (defined in this file or existing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Tags, as `name:value` (or `name` for a tag without value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// How often to check: `1m`, `5m`, `1h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_frequency: Option<Minutes>,
    /// How long to wait for an answer: `10s` (1s–45s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Seconds>,
}

/// A monitor group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Display name; the group's identity.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many monitors must be down for the group to be down (0: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_threshold_count: Option<u32>,
    /// Notification profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_profile: Option<String>,
    /// Threshold profile of type HEALTHCHECK, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck_profile: Option<String>,
    /// User groups alerted, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_groups: Option<Vec<String>>,
    /// Tags, as `name:value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Suppress alerts of the member monitors while the group's dependency is down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress_alert: Option<bool>,
}

/// The JSON Schema of the file, pretty-printed with a final newline, as committed in
/// `schema/monitors.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<MonitorsFile>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_whole_units() {
        assert_eq!(Minutes::parse("5m"), Ok(Minutes(5)));
        assert_eq!(Minutes::parse("1h"), Ok(Minutes(60)));
        assert!(Minutes::parse("90s").unwrap_err().contains("whole number"));
        assert!(Minutes::parse("5").unwrap_err().contains("no unit"));
        assert!(Minutes::parse("25h").unwrap_err().contains("out of range"));
        assert_eq!(Seconds::parse("10s"), Ok(Seconds(10)));
        assert!(Seconds::parse("1m").is_err(), "60s is above 45s");
        assert_eq!(Minutes(90).to_string(), "90m");
        assert_eq!(Minutes(120).to_string(), "2h");
    }

    #[test]
    fn keyword_short_and_long_forms() {
        let short: Keyword = serde_json::from_str("\"Welcome\"").unwrap();
        assert_eq!(short.alert, Alert::Down);
        let long: Keyword =
            serde_json::from_str(r#"{"value":"Welcome","alert":"trouble"}"#).unwrap();
        assert_eq!(long.alert, Alert::Trouble);
        assert_eq!(serde_json::to_string(&short).unwrap(), "\"Welcome\"");
        assert_eq!(
            serde_json::to_value(&long).unwrap(),
            serde_json::json!({"value":"Welcome","alert":"trouble"})
        );
    }
}
