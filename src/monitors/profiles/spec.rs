//! The file's profile sections as Rust types: `notification_profiles:`, `threshold_profiles:`,
//! `location_profiles:`, `user_groups:`, `tags:`. Only the fields listed here are compared and
//! written; every other field a live object carries is sent back unchanged on update.
//! API field names and defaults: `site24x7-api.md` "Issue 15 item 3".

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A notification profile (who is told, and how, is in its alert settings in Site24x7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationProfileSpec {
    /// Profile name; its identity. Monitors and groups refer to it by this name.
    pub name: String,
    /// Send a root cause analysis with down alerts (Site24x7's default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rca_needed: Option<bool>,
    /// Alert only after the monitor's configured actions ran (default: false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_after_executing_actions: Option<bool>,
    /// Do not run automations on dependent monitors (default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress_automation: Option<bool>,
    /// Email template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
}

/// A threshold profile. Profiles belong to one monitor type; a monitor's `threshold_profile`
/// is looked up among those of its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdProfileSpec {
    /// Profile name; with `type`, its identity.
    pub name: String,
    /// The monitor type it applies to (`URL`, `PING`, …; `HEALTHCHECK` for monitor groups).
    #[serde(rename = "type")]
    pub monitor_type: String,
    /// Alert when the monitor is down from this many locations (Site24x7's default: 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down_location_threshold: Option<u32>,
    /// Alert when the page content changes (URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_content_modified: Option<bool>,
    /// `static` thresholds (default) or `ai` (AI-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type: Option<ThresholdKind>,
}

/// Static or AI-based thresholds (the API's `profile_type` 1 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdKind {
    Static,
    Ai,
}

impl ThresholdKind {
    pub fn api(self) -> i64 {
        match self {
            ThresholdKind::Static => 1,
            ThresholdKind::Ai => 2,
        }
    }

    pub fn from_api(n: i64) -> Option<ThresholdKind> {
        match n {
            1 => Some(ThresholdKind::Static),
            2 => Some(ThresholdKind::Ai),
            _ => None,
        }
    }
}

/// A location profile: where monitors are checked from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationProfileSpec {
    /// Profile name; its identity.
    pub name: String,
    /// The primary location's id (Site24x7's location list, `GET /api/location_template`).
    pub primary_location: String,
    /// Secondary location ids (compared as a set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_locations: Option<Vec<String>>,
    /// Poll only from these locations, never from alternates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrict_alternate_locations: Option<bool>,
    /// Consent to monitoring from outside the EEA and adequate countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_regions_location_consent: Option<bool>,
}

/// A user group (alert group). Members are existing users, named by e-mail address: s247
/// never invites anyone, and an address no user has is an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserGroupSpec {
    /// Display name; its identity.
    pub name: String,
    /// The members' e-mail addresses (compared as a set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
    /// The attribute alert group's id; required to create a group (the provider marks it
    /// required), kept as it is on update when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_group_id: Option<String>,
}

/// A tag: `name` and `value` are its identity (`name:value` where monitors refer to it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagSpec {
    /// Tag name.
    pub name: String,
    /// Tag value (none: a tag without value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// One of Site24x7's 26 tag colours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<TagColor>,
}

impl TagSpec {
    /// `name:value`, or `name` for a tag without value: how monitors refer to it.
    pub fn label(&self) -> String {
        match &self.value {
            Some(value) => format!("{}:{value}", self.name),
            None => self.name.clone(),
        }
    }
}

/// The tag colours Site24x7 offers (`site24x7-api.md` §9.5; the provider's `api/types.go`).
pub const TAG_PALETTE: &[&str] = &[
    "#B7DA9E", "#73C7A3", "#B5DCDF", "#D4ABBB", "#4895A8", "#DFE897", "#FCEA8B", "#FFC36D",
    "#F79953", "#F16B3C", "#E55445", "#F2E2B6", "#DEC57B", "#CBBD80", "#AAB3D4", "#7085BA",
    "#F6BDAE", "#EFAB6D", "#CA765C", "#999", "#4A148C", "#009688", "#00ACC1", "#0091EA", "#8BC34A",
    "#558B2F",
];

/// A colour from [`TAG_PALETTE`], kept in the palette's spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagColor(pub &'static str);

impl TagColor {
    pub fn parse(text: &str) -> Result<TagColor, String> {
        let wanted = text.trim();
        TAG_PALETTE
            .iter()
            .find(|c| c.eq_ignore_ascii_case(wanted))
            .map(|c| TagColor(c))
            .ok_or_else(|| {
                // The value is not quoted: parse errors never echo the file's text
                // (`docs/hostile-input.md`), and the line and column say which it is.
                format!(
                    "not one of Site24x7's 26 tag colours; use one of {}",
                    TAG_PALETTE.join(" ")
                )
            })
    }
}

impl fmt::Display for TagColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for TagColor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for TagColor {
    // A visitor, so the error carries the value's `line:col`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ColorVisitor;
        impl Visitor<'_> for ColorVisitor {
            type Value = TagColor;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a tag colour such as #B7DA9E")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TagColor, E> {
                TagColor::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(ColorVisitor)
    }
}

impl JsonSchema for TagColor {
    fn schema_name() -> Cow<'static, str> {
        "TagColor".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "One of Site24x7's 26 tag colours.",
            "enum": TAG_PALETTE
        })
    }
}
