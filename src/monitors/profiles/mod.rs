//! Profiles, user groups and tags as code (issue 15 item 3): the file's
//! `notification_profiles:`, `threshold_profiles:`, `location_profiles:`, `user_groups:` and
//! `tags:` sections.
//!
//! - [`declare`] reads the sections (no request): names, types, e-mail addresses, duplicates;
//!   a tag colour outside the palette is already refused by the typed parse ([`spec`]).
//! - [`plan()`] compares each declared object with the live one of that name (only the fields
//!   the file sets; lists as sets) and lists creates, updates and prunes. An object to create is
//!   added to the name catalogs under a placeholder id, so monitors and groups of the same file
//!   resolve it by name and apply fills in the real id ([`super::apply`]).
//! - Ownership: none of these objects has a field that could carry a marker (no description,
//!   no tags; `site24x7-api.md` "Issue 15 item 3"), so s247 records what it created in **ledger tags**,
//!   one per object: tag `s247-owns` with value `<kind>:<id>`. `--prune` deletes only objects a
//!   ledger tag names, never one someone else made (even if the file declares it: that one is
//!   managed, not owned). A lost ledger tag makes an object unowned, the safe direction.
//! - [`apply`] makes the writes, [`export`] writes the sections back.

pub mod apply;
pub mod declare;
pub mod export;
pub mod plan;
pub mod spec;

pub use declare::{Declared, declare};
pub use plan::{ProfilePlan, plan};

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::api::envelope::str_field;
use crate::limits::MaxPrune;

use super::fields::RefKind;
use super::plan::{Action, Change, ObjectKind};
use super::resolve::{Catalogs, NEW_TAG};
use super::spec::DEFAULT_OWNER_TAG;

/// The name of the tags that record what s247 created.
pub const LEDGER_TAG: &str = "s247-owns";
/// The ledger tags' colour (grey, from the palette).
pub const LEDGER_COLOR: &str = "#999";
/// Placeholder id prefix of a profile or user group apply will create.
pub const NEW_PROFILE: &str = "new:profile:";

/// The kinds these sections declare, in the order apply creates them: tags and profiles
/// first, user groups after them, then (elsewhere) monitor groups and monitors.
pub const KINDS: [RefKind; 5] = [
    RefKind::Tag,
    RefKind::NotificationProfile,
    RefKind::ThresholdProfile,
    RefKind::LocationProfile,
    RefKind::UserGroup,
];

/// The file's section for a kind.
pub fn section(kind: RefKind) -> &'static str {
    match kind {
        RefKind::NotificationProfile => "notification_profiles",
        RefKind::ThresholdProfile => "threshold_profiles",
        RefKind::LocationProfile => "location_profiles",
        RefKind::UserGroup => "user_groups",
        RefKind::Tag => "tags",
        RefKind::MonitorGroup => "monitor_groups",
    }
}

/// The kind's word in ledger values (`notification_profile:1137…`).
pub fn ledger_key(kind: RefKind) -> &'static str {
    match kind {
        RefKind::NotificationProfile => "notification_profile",
        RefKind::ThresholdProfile => "threshold_profile",
        RefKind::LocationProfile => "location_profile",
        RefKind::UserGroup => "user_group",
        RefKind::Tag => "tag",
        RefKind::MonitorGroup => "monitor_group",
    }
}

/// The API field holding the object's id.
pub fn id_key(kind: RefKind) -> &'static str {
    match kind {
        RefKind::UserGroup => "user_group_id",
        RefKind::Tag => "tag_id",
        RefKind::MonitorGroup => "group_id",
        _ => "profile_id",
    }
}

/// The plan's kind of object for a section's kind.
pub fn object_kind(kind: RefKind) -> ObjectKind {
    match kind {
        RefKind::NotificationProfile => ObjectKind::NotificationProfile,
        RefKind::ThresholdProfile => ObjectKind::ThresholdProfile,
        RefKind::LocationProfile => ObjectKind::LocationProfile,
        RefKind::UserGroup => ObjectKind::UserGroup,
        RefKind::Tag => ObjectKind::Tag,
        RefKind::MonitorGroup => ObjectKind::Group,
    }
}

/// The section's kind of a plan's object kind (none for monitors and monitor groups).
pub fn ref_kind(kind: ObjectKind) -> Option<RefKind> {
    KINDS.into_iter().find(|k| object_kind(*k) == kind)
}

/// The ledger value for an object: `<kind>:<id>`, and `:<owner tag>` when the file names an
/// owner tag other than the default, so two files with their own owner tags never prune each
/// other's objects (as with monitors).
fn ledger_value(kind: RefKind, id: &str, owner: &str) -> String {
    if owner == DEFAULT_OWNER_TAG {
        format!("{}:{id}", ledger_key(kind))
    } else {
        format!("{}:{id}:{owner}", ledger_key(kind))
    }
}

/// What s247 owns under `owner` (the file's ownership tag): (kind, object id) → the ledger
/// tag's id, read from the tag list.
pub fn ledger(catalogs: &Catalogs, owner: &str) -> BTreeMap<(RefKind, String), String> {
    let mut owned = BTreeMap::new();
    for tag in catalogs.list(RefKind::Tag) {
        if str_field(&tag.raw, "tag_name").as_deref() != Some(LEDGER_TAG) {
            continue;
        }
        let Some(value) = str_field(&tag.raw, "tag_value") else {
            continue;
        };
        let Some((key, rest)) = value.split_once(':') else {
            continue;
        };
        let id = rest.split_once(':').map_or(rest, |(id, _)| id);
        if let Some(kind) = KINDS.into_iter().find(|k| ledger_key(*k) == key)
            && value == ledger_value(kind, id, owner)
        {
            owned.insert((kind, id.to_string()), tag.id.clone());
        }
    }
    owned
}

/// The kinds the ledger names (their lists are read for prune and for the guard).
pub fn owned_kinds(catalogs: &Catalogs, owner: &str) -> BTreeSet<RefKind> {
    ledger(catalogs, owner)
        .keys()
        .map(|(kind, _)| *kind)
        .collect()
}

/// A ledger tag's body.
pub fn ledger_tag(kind: RefKind, id: &str, owner: &str) -> Value {
    json!({
        "tag_name": LEDGER_TAG,
        "tag_value": ledger_value(kind, id, owner),
        "tag_color": LEDGER_COLOR,
        "tag_type": 1,
    })
}

/// The placeholder id of an object apply will create.
pub fn placeholder(kind: RefKind, name: &str, threshold_type: Option<&str>) -> String {
    match (kind, threshold_type) {
        (RefKind::Tag, _) => format!("{NEW_TAG}{name}"),
        (_, Some(t)) => format!("{NEW_PROFILE}{}:{t}:{name}", ledger_key(kind)),
        _ => format!("{NEW_PROFILE}{}:{name}", ledger_key(kind)),
    }
}

/// The max-prune guard for these kinds: a prune that deletes more owned objects than
/// max-prune allows, or every owned object of a kind, is refused before the first write.
pub fn prune_guard(
    changes: &[Change],
    catalogs: &Catalogs,
    owner: &str,
    limit: MaxPrune,
) -> crate::error::Result<()> {
    let pruned: Vec<&Change> = changes
        .iter()
        .filter(|c| c.action == Action::Delete && ref_kind(c.kind).is_some())
        .collect();
    let MaxPrune::Count(max) = limit else {
        return Ok(());
    };
    if pruned.is_empty() {
        return Ok(());
    }
    let owned = ledger(catalogs, owner);
    let every = KINDS.into_iter().find(|kind| {
        let gone = pruned
            .iter()
            .filter(|c| ref_kind(c.kind) == Some(*kind))
            .count();
        let have = owned
            .keys()
            .filter(|(k, id)| k == kind && catalogs.list(*kind).iter().any(|l| &l.id == id))
            .count();
        gone > 0 && gone >= have
    });
    if every.is_none() && pruned.len() <= max {
        return Ok(());
    }
    let names: Vec<String> = pruned
        .iter()
        .take(5)
        .map(|c| format!("{} `{}`", c.kind.noun(), c.name))
        .collect();
    let why = match every {
        Some(kind) => format!(
            "that is every {} s247 created; is the file complete?",
            kind.kind().noun()
        ),
        None => format!("that is more than max-prune ({max})"),
    };
    let allow = if every.is_some() {
        "all".to_string()
    } else {
        pruned.len().to_string()
    };
    Err(crate::error::Error::invalid(format!(
        "--prune would delete {} owned profile{}, user group{} or tag{} ({}{}): {why} Nothing was changed. To delete them on purpose, set max-prune to `{allow}`: {}",
        pruned.len(),
        if pruned.len() == 1 { "" } else { "s" },
        if pruned.len() == 1 { "" } else { "s" },
        if pruned.len() == 1 { "" } else { "s" },
        names.join(", "),
        if pruned.len() > 5 {
            format!(" and {} more", pruned.len() - 5)
        } else {
            String::new()
        },
        crate::inputs::how_to_set("max-prune")
            .replace("`--max-prune`", &format!("`--max-prune {allow}`")),
    )))
}

/// Where monitors and groups refer to an object of a kind.
fn referring_fields(kind: RefKind) -> &'static [&'static str] {
    match kind {
        RefKind::NotificationProfile => &["notification_profile_id"],
        RefKind::ThresholdProfile => &["threshold_profile_id", "healthcheck_profile_id"],
        RefKind::LocationProfile => &["location_profile_id"],
        RefKind::UserGroup => &["user_group_ids"],
        // Groups and monitors list `tag_ids`; a window over tags lists `tags`.
        RefKind::Tag => &["tag_ids", "tags"],
        RefKind::MonitorGroup => &[],
    }
}

/// Drop the prunes of objects that monitors, groups or maintenance windows will still use after apply (what the plan
/// writes, else what the account has): deleting one in use could fail, or make Site24x7 fall
/// back to some default for them. Each is said in a note instead, with who uses it.
pub fn keep_used(plan: &mut super::plan::Plan, catalogs: &Catalogs) {
    use crate::api::envelope::{as_id, id_list};
    // The objects as they will be: the body of an update or create, else the live object.
    let mut after: Vec<(String, Value)> = Vec::new();
    let written = |kind: ObjectKind, id: Option<String>, name: &str| {
        plan.changes.iter().find(|c| {
            c.kind == kind && (c.id.is_some() && c.id == id || c.id.is_none() && c.name == name)
        })
    };
    let live = catalogs
        .monitors
        .iter()
        .map(|m| (ObjectKind::Monitor, m.clone(), "monitor_id"))
        .chain(
            catalogs
                .list(RefKind::MonitorGroup)
                .iter()
                .map(|g| (ObjectKind::Group, g.raw.clone(), "group_id")),
        )
        // Windows (read only when the file has `maintenance_windows:`) can target tags.
        .chain(
            catalogs
                .windows
                .iter()
                .map(|w| (ObjectKind::Window, w.clone(), "maintenance_id")),
        );
    for (kind, object, id_field) in live {
        let name = str_field(&object, "display_name").unwrap_or_default();
        match written(kind, object.get(id_field).and_then(as_id), &name) {
            Some(c) if c.action == Action::Delete => {}
            Some(c) => after.push((name, c.body.clone().unwrap_or(object))),
            None => after.push((name, object)),
        }
    }
    for c in plan.changes.iter().filter(|c| c.action == Action::Create) {
        if matches!(
            c.kind,
            ObjectKind::Monitor | ObjectKind::Group | ObjectKind::Window
        ) {
            after.push((c.name.clone(), c.body.clone().unwrap_or(Value::Null)));
        }
    }
    let mut notes = Vec::new();
    plan.changes.retain(|c| {
        let Some(kind) = ref_kind(c.kind).filter(|_| c.action == Action::Delete) else {
            return true;
        };
        let id = c.id.clone().unwrap_or_default();
        let users: Vec<&str> = after
            .iter()
            .filter(|(_, o)| {
                referring_fields(kind).iter().any(|f| {
                    o.get(*f).and_then(as_id).as_deref() == Some(id.as_str())
                        || id_list(o, f).contains(&id)
                })
            })
            .map(|(name, _)| name.as_str())
            .collect();
        if users.is_empty() {
            return true;
        }
        notes.push(format!(
            "{} `{}` is not pruned: {} still use{} it; point {} elsewhere first",
            c.kind.noun(),
            c.name,
            users
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if users.len() == 1 { "s" } else { "" },
            if users.len() == 1 { "it" } else { "them" },
        ));
        false
    });
    plan.notes.extend(notes);
}
