//! Update bodies: the live object with the file's fields laid over it, and the comparison that
//! decides whether anything changes at all.

use serde_json::{Map, Value};

use crate::api::envelope::{as_id, id_list};
use crate::error::Problem;

use super::super::desired::Item;
use super::super::fields::{self, Codec, Names, RefKind, Scope};
use super::super::resolve::{self, ApiSetting, Catalogs};
use super::create::{GROUP_DEFAULTS, base_body};
use super::{Action, Change, FieldChange, OwnerTag, add_id, object_kind, problem, push_name};

/// Fields of a live object an update leaves out: the server's own (ids, state). Everything
/// else the live object carries is sent back, so an update is lossless whether the API merges
/// or replaces (`site24x7-api.md` §8 row 1, §9.7). Fields the API answers but would refuse on a
/// PUT are not known; if one turns up, it belongs here.
const MONITOR_READ_ONLY: &[&str] = &["monitor_id", "state"];
const GROUP_READ_ONLY: &[&str] = &["group_id"];

/// Whether a value holds a secret the API does not reveal (`"****"`, also inside a header
/// list): it cannot be sent back.
pub(crate) fn starred(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.is_empty() && s.chars().all(|c| c == '*'),
        Value::Array(items) => items.iter().any(starred),
        Value::Object(map) => map.values().any(starred),
        _ => false,
    }
}

pub(super) fn update(
    item: &Item,
    api: &[ApiSetting],
    live: &Value,
    catalogs: &Catalogs,
    owner: &OwnerTag,
) -> Result<Option<Change>, Problem> {
    // The live object with the file's fields laid over it: nothing the file does not mention
    // changes, whether the API merges a PUT or replaces the object.
    let read_only = match item.scope {
        Scope::Group => GROUP_READ_ONLY,
        Scope::Monitor(_) => MONITOR_READ_ONLY,
    };
    let mut body: Map<String, Value> = live
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, value)| !read_only.contains(&key.as_str()) && !starred(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    body.extend(base_body(item));
    let live_has_owner = owner
        .id
        .as_ref()
        .is_some_and(|id| id_list(live, "tag_ids").contains(id));
    let mut changes = Vec::new();
    let mut hidden_in_steps = Vec::new();
    for s in api {
        let setting = &item.settings[s.setting];
        if let Codec::Steps(key) = setting.field.codec {
            // Step by step, each file step laid over the live step of its name.
            let steps =
                super::super::types::restapiseq::update(&setting.value, live, setting.secret)
                    .map_err(|m| problem(setting.at.clone(), format!("`{}`: {m}", item.name)))?;
            changes.extend(steps.changes);
            hidden_in_steps.extend(steps.hidden);
            body.insert(key.into(), steps.steps);
            continue;
        }
        let mut values = s.values.clone();
        let mut shown = setting.value.clone();
        if setting.field.name == "tags" && item.scope != Scope::Group && live_has_owner {
            // The ownership tag stays on a monitor that has it, whatever the file lists.
            add_id(&mut values, owner.id.as_deref().unwrap_or_default());
            push_name(&mut shown, &owner.label);
        }
        if let Codec::Refs(keys, RefKind::MonitorGroup) = setting.field.codec {
            // Groups the file cannot name (subgroups, §8 row 7) stay as they are.
            for id in unseen_groups(live, keys[0], catalogs) {
                add_id(&mut values, &id);
                push_name(&mut shown, &id);
            }
        }
        if !fields::same(setting.field.codec, &values, live, setting.secret) {
            let old = fields::from_api(setting.field.codec, live, catalogs);
            if let Codec::Headers(_) = setting.field.codec {
                // Names and what happened to them only: no value, old or new.
                changes.push(FieldChange {
                    name: setting.field.name.into(),
                    old: None,
                    new: fields::header_diff(old.as_ref(), Some(&shown)),
                });
                for (key, value) in values {
                    body.insert(key.into(), value);
                }
                continue;
            }
            changes.push(FieldChange {
                name: setting.field.name.into(),
                old: Some(fields::display(
                    setting.field.codec,
                    old.as_ref(),
                    setting.secret,
                    &setting.hidden,
                )),
                new: fields::display(
                    setting.field.codec,
                    Some(&shown),
                    setting.secret,
                    &setting.hidden,
                ),
            });
        }
        for (key, value) in values {
            body.insert(key.into(), value);
        }
    }
    if changes.is_empty() {
        return Ok(None);
    }
    // A secret the API hides cannot be sent back: if the file does not set it, an update would
    // erase it (API replaces) or could not keep it. Refuse rather than guess.
    let hidden: Vec<&str> = live
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, value)| starred(value) && !body.contains_key(*key))
        .map(|(key, _)| key.as_str())
        .collect();
    if !hidden_in_steps.is_empty() {
        return Err(problem(
            item.at.clone(),
            format!(
                "`{}` has steps holding secrets the API does not give back ({}) that the file does not set: updating it would send them back starred out. Set them in the file, or change the monitor in Site24x7 by hand",
                item.name,
                hidden_in_steps.join(", ")
            ),
        ));
    }
    if !hidden.is_empty() {
        return Err(problem(
            item.at.clone(),
            format!(
                "`{}` holds secrets the API does not give back ({}) that the file does not set: updating it could erase them. Set them in the file (basic_auth / headers, with ${{env:NAME}}), or change the monitor in Site24x7 by hand",
                item.name,
                hidden.join(", ")
            ),
        ));
    }
    if item.scope == Scope::Group {
        // Both profiles are mandatory on a group PUT (§9.6): the live group's, else the
        // account defaults (as on create).
        for ((_, kind), key) in GROUP_DEFAULTS.iter().zip(resolve::GROUP_PROFILES) {
            if body.get(*key).and_then(as_id).is_none()
                && let Some(first) = catalogs.first(*kind, item.scope)
            {
                body.insert((*key).into(), Value::String(first.id));
            }
        }
    }
    Ok(Some(Change {
        action: Action::Update,
        kind: object_kind(item.scope),
        name: item.name.clone(),
        type_name: item.monitor_type().map(|t| t.api_name().to_string()),
        id: live
            .get(match item.scope {
                Scope::Group => "group_id",
                Scope::Monitor(_) => "monitor_id",
            })
            .and_then(as_id),
        fields: changes,
        body: Some(Value::Object(body)),
    }))
}

/// The ids in a live monitor's group list that are not monitor groups the account lists
/// (subgroups, or groups s247 cannot see): kept on update, left out of the comparison.
pub fn unseen_groups(live: &Value, key: &str, catalogs: &Catalogs) -> Vec<String> {
    id_list(live, key)
        .into_iter()
        .filter(|id| catalogs.name_of(RefKind::MonitorGroup, id).is_none())
        .collect()
}
