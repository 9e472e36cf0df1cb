//! Writing the profile sections back: every notification, threshold and location profile,
//! user group and user-defined tag the account holds, with the fields s247 manages, so that
//! plan with the exported file changes nothing. Left out (and said): objects whose name two of
//! them share (plan would refuse them), threshold profiles of types s247 does not manage,
//! s247's ledger and ownership tags, AWS system tags. A value the file could not hold (a tag
//! colour outside the palette, a member without a known address) is left out of that object,
//! so plan does not compare it.

use std::collections::HashMap;

use serde_json::Value;

use crate::api::envelope::{as_id, id_list, str_field};
use crate::api::resources::Named;
use crate::ci::Reporter;

use super::super::fields::RefKind;
use super::super::resolve::Catalogs;
use super::super::spec::{DEFAULT_OWNER_TAG, MonitorType, MonitorsFile};
use super::LEDGER_TAG;
use super::spec::{
    LocationProfileSpec, NotificationProfileSpec, TagColor, TagSpec, ThresholdKind,
    ThresholdProfileSpec, UserGroupSpec,
};

fn bool_of(raw: &Value, key: &str) -> Option<bool> {
    match &raw[key] {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn int_of(raw: &Value, key: &str) -> Option<i64> {
    crate::api::envelope::as_i64(&raw[key])
}

/// The objects of `kind` whose name no other object of the kind shares (threshold profiles:
/// within their type); the others are reported.
fn unique<'a>(catalogs: &'a Catalogs, kind: RefKind, log: &Reporter) -> Vec<&'a Named> {
    let key = |n: &Named| (n.name.clone(), str_field(&n.raw, "type"));
    let mut count: HashMap<(String, Option<String>), usize> = HashMap::new();
    for n in catalogs.list(kind) {
        *count.entry(key(n)).or_default() += 1;
    }
    catalogs
        .list(kind)
        .iter()
        .filter(|n| {
            let once = count[&key(n)] == 1;
            if !once {
                log.warning(format!(
                    "not exported: {} `{}` (id {}): another one has the same name; rename one in Site24x7",
                    kind.kind().noun(),
                    n.name,
                    n.id
                ));
            }
            once
        })
        .collect()
}

/// Fill the profile sections of `file` from what the account holds.
pub fn fill(file: &mut MonitorsFile, catalogs: &Catalogs, log: &Reporter) {
    for n in unique(catalogs, RefKind::NotificationProfile, log) {
        file.notification_profiles.push(NotificationProfileSpec {
            name: n.name.clone(),
            rca_needed: bool_of(&n.raw, "rca_needed"),
            notify_after_executing_actions: bool_of(&n.raw, "notify_after_executing_actions"),
            suppress_automation: bool_of(&n.raw, "suppress_automation"),
            template_id: str_field(&n.raw, "template_id"),
        });
    }
    for n in unique(catalogs, RefKind::ThresholdProfile, log) {
        let Some(kind) = str_field(&n.raw, "type") else {
            continue;
        };
        if kind != "HEALTHCHECK" && MonitorType::from_api(&kind).is_none() {
            continue; // the file cannot declare it; plan leaves it alone
        }
        file.threshold_profiles.push(ThresholdProfileSpec {
            name: n.name.clone(),
            monitor_type: kind,
            down_location_threshold: int_of(&n.raw, "down_location_threshold")
                .and_then(|v| u32::try_from(v).ok()),
            website_content_modified: bool_of(&n.raw, "website_content_modified"),
            profile_type: int_of(&n.raw, "profile_type").and_then(ThresholdKind::from_api),
        });
    }
    for n in unique(catalogs, RefKind::LocationProfile, log) {
        let Some(primary) = str_field(&n.raw, "primary_location") else {
            log.warning(format!(
                "not exported: location profile `{}` has no primary location",
                n.name
            ));
            continue;
        };
        file.location_profiles.push(LocationProfileSpec {
            name: n.name.clone(),
            primary_location: primary,
            secondary_locations: n
                .raw
                .get("secondary_locations")
                .is_some_and(Value::is_array)
                .then(|| id_list(&n.raw, "secondary_locations")),
            restrict_alternate_locations: bool_of(&n.raw, "restrict_alt_loc"),
            outer_regions_location_consent: bool_of(&n.raw, "outer_regions_location_consent"),
        });
    }
    for n in unique(catalogs, RefKind::UserGroup, log) {
        let ids = id_list(&n.raw, "users");
        let emails: Vec<Option<String>> = ids
            .iter()
            .map(|id| {
                catalogs
                    .users
                    .iter()
                    .find(|u| str_field(u, "user_id").as_deref() == Some(id))
                    .and_then(|u| str_field(u, "email_address"))
            })
            .collect();
        let members = if emails.iter().all(Option::is_some) {
            Some(emails.into_iter().flatten().collect())
        } else {
            log.warning(format!(
                "user group `{}`: some members have no known e-mail address, so `members` is not exported (plan leaves them as they are)",
                n.name
            ));
            None
        };
        file.user_groups.push(UserGroupSpec {
            name: n.name.clone(),
            members,
            attribute_group_id: n.raw.get("attribute_group_id").and_then(as_id),
        });
    }
    let mut labels: HashMap<String, usize> = HashMap::new();
    for n in catalogs.list(RefKind::Tag) {
        *labels.entry(n.name.clone()).or_default() += 1;
    }
    for n in catalogs.list(RefKind::Tag) {
        let name = str_field(&n.raw, "tag_name").unwrap_or_default();
        let system = crate::api::envelope::as_i64(&n.raw["tag_type"]) == Some(2);
        if name == LEDGER_TAG || n.name == DEFAULT_OWNER_TAG || system || labels[&n.name] > 1 {
            continue;
        }
        let color = match str_field(&n.raw, "tag_color") {
            Some(c) => match TagColor::parse(&c) {
                Ok(color) => Some(color),
                Err(_) => {
                    log.warning(format!(
                        "tag `{}`: its colour is not one of the palette's, so `color` is not exported",
                        n.name
                    ));
                    None
                }
            },
            None => None,
        };
        file.tags.push(TagSpec {
            name,
            value: str_field(&n.raw, "tag_value"),
            color,
        });
    }
}
