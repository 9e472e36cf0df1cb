//! Create bodies: the file's fields, the ownership tag, the account defaults for the mandatory
//! references the file leaves out, and the documented defaults of the monitor type.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::desired::{Desired, Item};
use super::super::fields::{self, Codec, RefKind, Scope};
use super::super::resolve::{self, ApiSetting, Catalogs};
use super::{Action, Change, FieldChange, OwnerTag, add_id, object_kind, push_name};

/// Mandatory references the API wants on every monitor; the first of each kind (threshold: of
/// the monitor's type) is used when the file names none, as Terraform does.
const MONITOR_DEFAULTS: &[(&str, RefKind)] = &[
    ("location_profile", RefKind::LocationProfile),
    ("notification_profile", RefKind::NotificationProfile),
    ("threshold_profile", RefKind::ThresholdProfile),
    ("user_groups", RefKind::UserGroup),
];
pub(super) const GROUP_DEFAULTS: &[(&str, RefKind)] = &[
    ("notification_profile", RefKind::NotificationProfile),
    ("healthcheck_profile", RefKind::ThresholdProfile),
];

fn defaults_for(scope: Scope) -> &'static [(&'static str, RefKind)] {
    match scope {
        Scope::Group => GROUP_DEFAULTS,
        Scope::Monitor(_) => MONITOR_DEFAULTS,
    }
}

/// The kinds whose first object a create will need (for mandatory references the file leaves
/// out), given the live monitors and groups already fetched.
pub fn kinds_for_creates(desired: &Desired, catalogs: &Catalogs) -> BTreeSet<RefKind> {
    let mut kinds = BTreeSet::new();
    let creates = desired
        .groups
        .iter()
        .filter(|g| catalogs.groups_named(&g.name).is_empty())
        .chain(
            desired
                .monitors
                .iter()
                .filter(|m| catalogs.monitors_named(&m.name).is_empty()),
        );
    for item in creates {
        for (field, kind) in defaults_for(item.scope) {
            if item.setting(field).is_none() && fields::lookup(field, item.scope).is_some() {
                kinds.insert(*kind);
            }
        }
    }
    // A group update carries both profiles; one the live group lacks comes from the defaults.
    let bare_group = desired.groups.iter().any(|g| {
        catalogs
            .groups_named(&g.name)
            .iter()
            .any(|live| resolve::lacks_group_profiles(&live.raw))
    });
    if bare_group {
        kinds.extend(GROUP_DEFAULTS.iter().map(|(_, kind)| *kind));
    }
    kinds
}

pub(super) fn base_body(item: &Item) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("display_name".into(), Value::String(item.name.clone()));
    if let Scope::Monitor(kind) = item.scope {
        body.insert("type".into(), Value::String(kind.api_name().into()));
    }
    body
}

pub(super) fn create(
    item: &Item,
    api: &[ApiSetting],
    catalogs: &Catalogs,
    owner: &OwnerTag,
    notes: &mut Vec<String>,
) -> Change {
    let mut body = base_body(item);
    let mut changes = Vec::new();
    for s in api {
        let setting = &item.settings[s.setting];
        let mut values = s.values.clone();
        let mut shown = setting.value.clone();
        if setting.field.name == "tags" && item.scope != Scope::Group {
            add_id(&mut values, &owner.id_or_placeholder());
            push_name(&mut shown, &owner.label);
        }
        for (key, value) in values {
            body.insert(key.into(), value);
        }
        changes.push(FieldChange {
            name: setting.field.name.into(),
            old: None,
            new: fields::display(
                setting.field.codec,
                Some(&shown),
                setting.secret,
                &setting.hidden,
            ),
        });
    }
    if item.scope != Scope::Group && item.setting("tags").is_none() {
        body.insert(
            "tag_ids".into(),
            Value::Array(vec![Value::String(owner.id_or_placeholder())]),
        );
        changes.push(FieldChange {
            name: "tags".into(),
            old: None,
            new: format!("[{}]", owner.label),
        });
    }
    for (field_name, kind) in defaults_for(item.scope) {
        let Some(field) = fields::lookup(field_name, item.scope) else {
            continue;
        };
        if item.setting(field_name).is_some() {
            continue;
        }
        match catalogs.first(*kind, item.scope) {
            Some(first) => {
                let value = match field.codec {
                    Codec::Refs(..) => Value::Array(vec![Value::String(first.id.clone())]),
                    _ => Value::String(first.id.clone()),
                };
                for (key, v) in fields::to_api(field.codec, &value) {
                    body.insert(key.into(), v);
                }
                changes.push(FieldChange {
                    name: field.name.into(),
                    old: None,
                    new: format!("{} (account default)", first.name),
                });
            }
            None => notes.push(format!(
                "`{}`: the account has no {}{} to use as default; Site24x7 may refuse the create",
                item.name,
                match kind {
                    RefKind::ThresholdProfile => format!("{} ", item.scope.threshold_type()),
                    _ => String::new(),
                },
                kind.kind().noun()
            )),
        }
    }
    if let Some(kind) = item.monitor_type() {
        for (key, value) in super::super::types::create_defaults(kind) {
            body.entry(key).or_insert(value);
        }
    }
    changes.sort_by_key(|c| field_order(&c.name));
    Change {
        action: Action::Create,
        kind: object_kind(item.scope),
        name: item.name.clone(),
        type_name: item.monitor_type().map(|t| t.api_name().to_string()),
        id: None,
        fields: changes,
        body: Some(Value::Object(body)),
    }
}

fn field_order(name: &str) -> usize {
    fields::all()
        .position(|f| f.name == name)
        .unwrap_or(usize::MAX)
}
