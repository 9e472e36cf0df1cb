//! The lists that names are resolved against: monitors, monitor groups, tags, profiles and user
//! groups (`site24x7-api.md` §5.3). One GET each; the API has no server-side name filter.

use serde_json::Value;

use super::envelope::str_field;
use super::{Api, ApiError};

/// Kinds of named objects, with where to list them and which fields hold id and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Monitor,
    MonitorGroup,
    Tag,
    LocationProfile,
    NotificationProfile,
    ThresholdProfile,
    UserGroup,
}

impl Kind {
    pub fn path(self) -> &'static str {
        match self {
            Kind::Monitor => "/monitors",
            Kind::MonitorGroup => "/monitor_groups",
            Kind::Tag => "/tags",
            Kind::LocationProfile => "/location_profiles",
            Kind::NotificationProfile => "/notification_profiles",
            Kind::ThresholdProfile => "/threshold_profiles",
            Kind::UserGroup => "/user_groups",
        }
    }

    fn id_field(self) -> &'static str {
        match self {
            Kind::Monitor => "monitor_id",
            Kind::MonitorGroup => "group_id",
            Kind::Tag => "tag_id",
            Kind::LocationProfile | Kind::NotificationProfile | Kind::ThresholdProfile => {
                "profile_id"
            }
            Kind::UserGroup => "user_group_id",
        }
    }

    /// The word a message uses: "monitor", "threshold profile", …
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Monitor => "monitor",
            Kind::MonitorGroup => "monitor group",
            Kind::Tag => "tag",
            Kind::LocationProfile => "location profile",
            Kind::NotificationProfile => "notification profile",
            Kind::ThresholdProfile => "threshold profile",
            Kind::UserGroup => "user group",
        }
    }

    /// The display name of an object of this kind. Tags are `name:value` (the name alone is not
    /// unique); a tag without a value is just its name.
    fn name_of(self, item: &Value) -> Option<String> {
        match self {
            Kind::Monitor | Kind::MonitorGroup | Kind::UserGroup => str_field(item, "display_name"),
            Kind::LocationProfile | Kind::NotificationProfile | Kind::ThresholdProfile => {
                str_field(item, "profile_name")
            }
            Kind::Tag => {
                let name = str_field(item, "tag_name")?;
                Some(match str_field(item, "tag_value") {
                    Some(value) => format!("{name}:{value}"),
                    None => name,
                })
            }
        }
    }
}

/// One listed object: its id, its display name and everything the API returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub raw: Value,
}

/// Every object of a kind, in the order the API returned them.
pub fn list(api: &Api, kind: Kind) -> Result<Vec<Named>, ApiError> {
    let data = api.get(kind.path())?;
    Ok(named(kind, &data))
}

/// Read a list response's items as [`Named`], skipping entries without id or name.
pub fn named(kind: Kind, data: &Value) -> Vec<Named> {
    let items = data.as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|item| {
            Some(Named {
                id: str_field(item, kind.id_field())?,
                name: kind.name_of(item)?,
                raw: item.clone(),
            })
        })
        .collect()
}
