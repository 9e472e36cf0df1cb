//! The profile part of a plan: each declared object against the live one of its name (only the
//! fields the file sets; lists as sets), creates with the provider's documented defaults,
//! lossless updates (the live object with the file's fields over it), and prunes of what the
//! ledger says s247 created.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value, json};

use crate::api::envelope::{as_id, id_list, str_field};
use crate::api::resources::Named;
use crate::error::Problem;

use super::super::fields::{RefKind, scalar_text};
use super::super::plan::{Action, Change, FieldChange, Prune};
use super::super::resolve::Catalogs;
use super::declare::{Declared, DeclaredField, DeclaredObject};
use super::{id_key, ledger, object_kind, placeholder};

/// The profile part of a plan.
#[derive(Debug, Default)]
pub struct ProfilePlan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    pub notes: Vec<String>,
}

/// Compare the declared objects with the account and list the writes; objects to create are
/// added to `catalogs` under placeholder ids. `users` is the user list (when members are set).
pub fn plan(
    declared: &Declared,
    catalogs: &mut Catalogs,
    prune: Option<Prune>,
    users: &[Value],
    owner: &str,
) -> Result<ProfilePlan, Vec<Problem>> {
    let mut out = ProfilePlan::default();
    let mut problems = Vec::new();
    let owned = ledger(catalogs, owner);
    let mut matched: HashSet<(RefKind, String)> = HashSet::new();
    let mut planned: Vec<(RefKind, Named)> = Vec::new();
    for o in &declared.objects {
        let fields = match resolve_members(o, users) {
            Ok(fields) => fields,
            Err(mut more) => {
                problems.append(&mut more);
                continue;
            }
        };
        let live: Vec<&Named> = catalogs.list(o.kind).iter().filter(|l| o.is(l)).collect();
        match live.as_slice() {
            [] => {
                if o.kind == RefKind::UserGroup && o.field("attribute_group_id").is_none() {
                    problems.push(Problem {
                        message: format!(
                            "user group `{}` does not exist yet, and creating one needs `attribute_group_id` (the attribute alert group, Admin → User & Alert Management in Site24x7)",
                            o.name
                        ),
                        location: Some(o.at.clone()),
                    });
                    continue;
                }
                let id = placeholder(o.kind, &o.name, o.threshold_type.as_deref());
                let mut raw = Map::new();
                for (key, value) in &o.identity {
                    raw.insert((*key).into(), value.clone());
                }
                raw.insert(id_key(o.kind).into(), Value::String(id.clone()));
                planned.push((
                    o.kind,
                    Named {
                        id,
                        name: o.name.clone(),
                        raw: Value::Object(raw),
                    },
                ));
                out.changes.push(create(o, &fields));
            }
            [one] => {
                matched.insert((o.kind, one.id.clone()));
                match update(o, &fields, one, users) {
                    Some(change) => out.changes.push(change),
                    None => out.unchanged += 1,
                }
            }
            many => problems.push(Problem {
                message: format!(
                    "{} {}s in the account are named `{}` (ids {}): rename or delete all but one; s247 will not guess",
                    many.len(),
                    o.kind.kind().noun(),
                    o.name,
                    many.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
                location: Some(o.at.clone()),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (kind, named) in planned {
        catalogs.add_planned(kind, named);
    }

    // Owned objects the file no longer declares.
    let mut left = 0;
    for ((kind, id), ledger_id) in &owned {
        if matched.contains(&(*kind, id.clone())) {
            continue;
        }
        let Some(live) = catalogs.list(*kind).iter().find(|l| &l.id == id) else {
            continue; // gone already (or its list was not read)
        };
        if prune != Some(Prune::Delete) {
            left += 1;
            continue;
        }
        out.changes.push(Change {
            action: Action::Delete,
            kind: object_kind(*kind),
            name: live.name.clone(),
            type_name: (*kind == RefKind::ThresholdProfile)
                .then(|| scalar_text(&live.raw["type"]))
                .flatten(),
            id: Some(id.clone()),
            fields: Vec::new(),
            // Not a request body: the ledger tag apply deletes after the object.
            body: Some(json!({ "ledger_tag_id": ledger_id })),
        });
    }
    if left > 0 {
        out.notes.push(format!(
            "{left} profile{}, user group{} or tag{} s247 created {} not in the file; --prune would delete {} (--prune=suspend leaves {} alone: they cannot be suspended)",
            if left == 1 { "" } else { "s" },
            if left == 1 { "" } else { "s" },
            if left == 1 { "" } else { "s" },
            if left == 1 { "is" } else { "are" },
            if left == 1 { "it" } else { "them" },
            if left == 1 { "it" } else { "them" },
        ));
    }
    Ok(out)
}

/// The fields with members' e-mail addresses turned into user ids. An address no user has is
/// an error: s247 never invites anyone.
fn resolve_members(
    o: &DeclaredObject,
    users: &[Value],
) -> Result<Vec<DeclaredField>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut fields = o.fields.clone();
    for field in fields.iter_mut().filter(|f| f.name == "members") {
        let mut ids = Vec::new();
        for email in field
            .value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let found: Vec<String> = users
                .iter()
                .filter(|u| {
                    str_field(u, "email_address").is_some_and(|e| e.eq_ignore_ascii_case(email))
                })
                .filter_map(|u| str_field(u, "user_id"))
                .collect();
            match found.as_slice() {
                [id] => ids.push(Value::String(id.clone())),
                [] => problems.push(Problem {
                    message: format!(
                        "no Site24x7 user has the address `{email}`: s247 only adds existing users to a group and never invites; add the user in Site24x7 first, or correct the address"
                    ),
                    location: Some(field.at.clone()),
                }),
                many => problems.push(Problem {
                    message: format!(
                        "{} users have the address `{email}` (ids {}); s247 will not guess",
                        many.len(),
                        many.join(", ")
                    ),
                    location: Some(field.at.clone()),
                }),
            }
        }
        field.value = Value::Array(ids);
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems)
    }
}

/// Documented defaults the provider sends on create for fields the file leaves out
/// (`site24x7-api.md` "Issue 15 item 3").
fn create_defaults(kind: RefKind) -> Vec<(&'static str, Value)> {
    match kind {
        RefKind::NotificationProfile => vec![
            ("rca_needed", Value::Bool(true)),
            ("notify_after_executing_actions", Value::Bool(false)),
            ("suppress_automation", Value::Bool(true)),
        ],
        RefKind::ThresholdProfile => vec![
            ("profile_type", Value::from(1)),
            ("down_location_threshold", Value::from(3)),
        ],
        RefKind::LocationProfile => vec![
            ("secondary_locations", json!([])),
            ("restrict_alt_loc", Value::Bool(false)),
        ],
        RefKind::UserGroup => vec![("product_id", Value::from(0))],
        RefKind::Tag => vec![
            (
                "tag_color",
                Value::from(crate::api::monitors::OWNER_TAG_COLOR),
            ),
            ("tag_type", Value::from(1)),
        ],
        RefKind::MonitorGroup => Vec::new(),
    }
}

fn create(o: &DeclaredObject, fields: &[DeclaredField]) -> Change {
    let mut body = Map::new();
    for (key, value) in &o.identity {
        body.insert((*key).into(), value.clone());
    }
    let mut shown = Vec::new();
    for (f, original) in fields.iter().zip(&o.fields) {
        body.insert(f.key.into(), f.value.clone());
        shown.push(FieldChange {
            name: f.name.into(),
            old: None,
            new: display(&original.value),
        });
    }
    for (key, value) in create_defaults(o.kind) {
        body.entry(key).or_insert(value);
    }
    Change {
        action: Action::Create,
        kind: object_kind(o.kind),
        name: o.name.clone(),
        type_name: o.threshold_type.clone(),
        id: None,
        fields: shown,
        body: Some(Value::Object(body)),
    }
}

fn update(
    o: &DeclaredObject,
    fields: &[DeclaredField],
    live: &Named,
    users: &[Value],
) -> Option<Change> {
    let mut changes = Vec::new();
    for (f, original) in fields.iter().zip(&o.fields) {
        let now = &live.raw[f.key];
        let same = if f.set {
            let want: BTreeSet<String> = f
                .value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(as_id)
                .collect();
            let have: BTreeSet<String> = id_list(&live.raw, f.key).into_iter().collect();
            want == have
        } else {
            same_scalar(now, &f.value)
        };
        if !same {
            let old = if f.name == "members" {
                let emails: Vec<Value> = id_list(&live.raw, f.key)
                    .iter()
                    .map(|id| {
                        users
                            .iter()
                            .find(|u| str_field(u, "user_id").as_deref() == Some(id))
                            .and_then(|u| str_field(u, "email_address"))
                            .unwrap_or_else(|| id.clone())
                            .into()
                    })
                    .collect();
                display(&Value::Array(emails))
            } else {
                display(now)
            };
            changes.push(FieldChange {
                name: f.name.into(),
                old: Some(old),
                new: display(&original.value),
            });
        }
    }
    if changes.is_empty() {
        return None;
    }
    // The live object with the file's fields laid over it (lossless whether PUT merges or
    // replaces; the id goes in the path).
    let mut body: Map<String, Value> = live
        .raw
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| key.as_str() != id_key(o.kind))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, value) in &o.identity {
        body.insert((*key).into(), value.clone());
    }
    for f in fields {
        body.insert(f.key.into(), f.value.clone());
    }
    Some(Change {
        action: Action::Update,
        kind: object_kind(o.kind),
        name: o.name.clone(),
        type_name: o.threshold_type.clone(),
        id: Some(live.id.clone()),
        fields: changes,
        body: Some(Value::Object(body)),
    })
}

/// Equal as the API may answer it: numbers and booleans as strings, colours in any case.
fn same_scalar(live: &Value, wanted: &Value) -> bool {
    match (scalar_text(live), scalar_text(wanted)) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => false,
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(display).collect::<Vec<_>>().join(", ")
        ),
        Value::Null => "(none)".into(),
        other => scalar_text(other).unwrap_or_default(),
    }
}
