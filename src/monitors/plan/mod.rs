//! The diff: what the file asks for against what the account has, read from the list responses
//! alone (no per-monitor GET). Only the fields the file sets (itself or through `defaults:`) are
//! compared, leniently (numbers as strings, id lists as sets, secrets the API hides as equal), so
//! an unchanged file plans nothing. Identity is the display name, exactly; a name two live objects
//! share is an error, never a guess.

mod change;
mod create;
mod identity;
mod update;

pub(crate) use update::starred;

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::api::catalog::ResolveError;
use crate::api::envelope::{as_id, id_list};
use crate::api::monitors::is_suspended;
use crate::error::{Error, Location, Problem};

use super::desired::Desired;
use super::fields::{self, RefKind, Scope};
use super::resolve::{self, Catalogs};
use super::spec::MonitorType;

pub use change::{Action, Change, FieldChange, ObjectKind, OwnerTag, Plan, Prune};
pub use create::kinds_for_creates;
pub use update::unseen_groups;

use create::create;
use identity::{adopt_missing, live_of};
use update::update;

/// Compare and list the writes. Errors (unknown names, names two live objects share, a type
/// that would change) are all reported together, as invalid input.
pub fn build(desired: &Desired, catalogs: &Catalogs, prune: Option<Prune>) -> Result<Plan, Error> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut notes = Vec::new();

    let owner_tag = OwnerTag {
        label: desired.owner_tag.clone(),
        id: match catalogs.resolve(RefKind::Tag, Scope::Group, &desired.owner_tag) {
            Ok(id) => Some(id),
            Err(ResolveError::Unknown { .. }) => None,
            Err(e) => {
                let message = resolve::describe(e, RefKind::Tag, Scope::Group);
                problems.push(problem(
                    desired.owner_tag_at.clone(),
                    format!("ownership tag: {message}"),
                ));
                None
            }
        },
    };

    let new_groups: HashSet<String> = desired
        .groups
        .iter()
        .filter(|g| catalogs.groups_named(&g.name).is_empty())
        .map(|g| g.name.clone())
        .collect();

    let mut changes = Vec::new();
    let mut unchanged = 0;
    for item in desired.groups.iter().chain(&desired.monitors) {
        let api = match resolve::resolve_item(item, catalogs, &new_groups) {
            Ok(api) => api,
            Err(mut more) => {
                problems.append(&mut more);
                continue;
            }
        };
        let live = match live_of(item, catalogs) {
            Ok(live) => live,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let change = match live {
            None if item.monitor_type().is_some_and(|kind| !kind.creatable()) => {
                problems.push(adopt_missing(item));
                continue;
            }
            None => Some(create(item, &api, catalogs, &owner_tag, &mut notes)),
            Some(live) => match update(item, &api, &live, catalogs, &owner_tag) {
                Ok(change) => change,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            },
        };
        match change {
            Some(change) => changes.push(change),
            None => unchanged += 1,
        }
    }
    dedupe(&mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }

    if let Some(owner) = &owner_tag.id {
        let in_file: HashSet<&str> = desired.monitors.iter().map(|m| m.name.as_str()).collect();
        let mut left = 0;
        for monitor in &catalogs.monitors {
            let name = fields::scalar_text(&monitor["display_name"]).unwrap_or_default();
            let owned = id_list(monitor, "tag_ids").iter().any(|t| t == owner);
            // Adopted, unknown and typeless monitors are never s247's, whatever tags they carry.
            if !owned || !MonitorType::managed(monitor) || in_file.contains(name.as_str()) {
                continue;
            }
            let Some(mode) = prune else {
                left += 1;
                continue;
            };
            let action = match mode {
                Prune::Delete => Action::Delete,
                Prune::Suspend if is_suspended(monitor) => continue,
                Prune::Suspend => Action::Suspend,
            };
            changes.push(Change {
                action,
                kind: ObjectKind::Monitor,
                name,
                type_name: fields::scalar_text(&monitor["type"]),
                id: monitor.get("monitor_id").and_then(as_id),
                fields: Vec::new(),
                body: None,
            });
        }
        if left > 0 {
            notes.push(format!(
                "{left} monitor{} carrying `{}` {} not in the file; --prune would delete {} (--prune=suspend suspends {})",
                if left == 1 { "" } else { "s" },
                owner_tag.label,
                if left == 1 { "is" } else { "are" },
                if left == 1 { "it" } else { "them" },
                if left == 1 { "it" } else { "them" },
            ));
        }
    }
    if let Some(note) = unmanaged_note(catalogs) {
        notes.push(note);
    }
    let plan = Plan {
        changes,
        unchanged,
        owner_tag,
        notes,
    };
    if plan.creates_owner_tag() {
        let mut plan = plan;
        plan.notes.insert(
            0,
            format!(
                "the ownership tag `{}` does not exist yet; apply creates it first",
                plan.owner_tag.label
            ),
        );
        return Ok(plan);
    }
    Ok(plan)
}

/// Monitors of types s247 does not manage (or without `type` and not recognisable, as
/// domain-expiry monitors come back; `site24x7-api.md` §8 row 12), and of types it only adopts,
/// said once: plan, apply and prune never touch them unless the file adopts them by name.
fn unmanaged_note(catalogs: &Catalogs) -> Option<String> {
    let mut types = BTreeSet::new();
    let mut count = 0;
    for monitor in &catalogs.monitors {
        let type_name = fields::scalar_text(&monitor["type"]).unwrap_or_default();
        if !MonitorType::managed(monitor) {
            count += 1;
            types.insert(if type_name.is_empty() {
                "no type".to_string()
            } else {
                type_name
            });
        }
    }
    (count > 0).then(|| {
        format!(
            "{count} monitor{} in the account {} of types s247 does not manage ({}); plan, apply and prune leave {} alone",
            if count == 1 { "" } else { "s" },
            if count == 1 { "is" } else { "are" },
            types.into_iter().collect::<Vec<_>>().join(", "),
            if count == 1 { "it" } else { "them" },
        )
    })
}

fn object_kind(scope: Scope) -> ObjectKind {
    match scope {
        Scope::Group => ObjectKind::Group,
        Scope::Monitor(_) => ObjectKind::Monitor,
    }
}

/// Add `id` to every id list of a reference setting (once).
fn add_id(values: &mut [(&'static str, Value)], id: &str) {
    for (_, value) in values.iter_mut() {
        if let Value::Array(ids) = value
            && !ids.iter().any(|v| v.as_str() == Some(id))
        {
            ids.push(Value::String(id.to_string()));
        }
    }
}

fn push_name(shown: &mut Value, name: &str) {
    if let Value::Array(names) = shown
        && !names.iter().any(|n| n.as_str() == Some(name))
    {
        names.push(Value::String(name.to_string()));
    }
}

fn problem(at: Location, message: String) -> Problem {
    Problem {
        message,
        location: Some(at),
    }
}

/// One problem per place and message (a bad default is reported once, not per monitor).
fn dedupe(problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert(p.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Env;
    use serde_json::json;

    fn desired(yaml: &str) -> Desired {
        super::super::load::load("m.yaml", yaml, &Env::default()).unwrap()
    }

    fn account(monitors: Vec<Value>) -> Catalogs {
        Catalogs::from_parts(
            monitors,
            vec![
                (
                    RefKind::ThresholdProfile,
                    vec![json!({"profile_id": "11", "profile_name": "Default", "type": "URL"})],
                ),
                (
                    RefKind::NotificationProfile,
                    vec![json!({"profile_id": "21", "profile_name": "Ops"})],
                ),
                (
                    RefKind::LocationProfile,
                    vec![json!({"profile_id": "41", "profile_name": "World"})],
                ),
                (
                    RefKind::UserGroup,
                    vec![json!({"user_group_id": "51", "display_name": "Admins"})],
                ),
                (
                    RefKind::Tag,
                    vec![
                        json!({"tag_id": "31", "tag_name": "managed-by", "tag_value": "s247"}),
                        json!({"tag_id": "32", "tag_name": "env", "tag_value": "prod"}),
                    ],
                ),
                (RefKind::MonitorGroup, vec![]),
            ],
        )
    }

    const FILE: &str = "version: 1\nmonitors:\n  - name: Home\n    type: URL\n    url: https://example.com\n    timeout: 10s\n    check_frequency: 5m\n    tags: [env:prod]\n    keyword: Welcome\n";

    fn live_home() -> Value {
        // As the API answers: numbers as strings, ids reordered, the ownership tag added.
        json!({"monitor_id": "900", "display_name": "Home", "type": "URL", "website": "https://example.com",
            "timeout": "10", "check_frequency": "5", "tag_ids": ["32", "31"], "state": "0",
            "matching_keyword": {"value": "Welcome", "severity": "0"},
            "location_profile_id": "41", "notification_profile_id": "21", "threshold_profile_id": "11",
            "user_group_ids": ["51"]})
    }

    #[test]
    fn a_fresh_account_plans_creates_with_account_defaults_and_the_owner_tag() {
        let plan = build(&desired(FILE), &account(vec![]), None).unwrap();
        assert_eq!(plan.changes.len(), 1);
        let c = &plan.changes[0];
        assert_eq!(c.action, Action::Create);
        let body = c.body.as_ref().unwrap();
        assert_eq!(body["type"], "URL");
        assert_eq!(body["timeout"], 10);
        assert_eq!(body["check_frequency"], "5");
        assert_eq!(body["tag_ids"], json!(["32", "31"]));
        assert_eq!(body["threshold_profile_id"], "11");
        assert_eq!(body["user_group_ids"], json!(["51"]));
        assert!(
            c.fields
                .iter()
                .any(|f| f.name == "notification_profile" && f.new == "Ops (account default)")
        );
    }

    #[test]
    fn the_live_twin_plans_nothing() {
        let plan = build(&desired(FILE), &account(vec![live_home()]), None).unwrap();
        assert!(!plan.has_changes(), "{:?}", plan.changes);
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn one_changed_field_is_the_only_change_and_the_update_keeps_the_rest() {
        let file = FILE.replace("timeout: 10s", "timeout: 20s");
        let plan = build(&desired(&file), &account(vec![live_home()]), None).unwrap();
        assert_eq!(plan.changes.len(), 1);
        let c = &plan.changes[0];
        assert_eq!(c.action, Action::Update);
        assert_eq!(c.id.as_deref(), Some("900"));
        assert_eq!(
            c.fields,
            vec![FieldChange {
                name: "timeout".into(),
                old: Some("10s".into()),
                new: "20s".into()
            }]
        );
        let body = c.body.as_ref().unwrap();
        assert_eq!(body["timeout"], 20);
        assert_eq!(body["location_profile_id"], "41");
        assert_eq!(
            body["tag_ids"],
            json!(["32", "31"]),
            "the ownership tag stays"
        );
    }

    #[test]
    fn an_update_sends_the_live_object_with_the_files_fields_over_it() {
        let mut live = live_home();
        live["action_ids"] = json!([{"action_id": "7", "alert_type": 1}]);
        live["on_call_schedule_id"] = json!("77");
        live["monitor_groups"] = json!(["4410"]); // a subgroup the group list does not show
        let file = FILE.replace("timeout: 10s", "timeout: 20s");
        let plan = build(&desired(&file), &account(vec![live.clone()]), None).unwrap();
        let body = plan.changes[0].body.as_ref().unwrap();
        assert_eq!(body["timeout"], 20);
        assert_eq!(
            body["action_ids"],
            json!([{"action_id": "7", "alert_type": 1}])
        );
        assert_eq!(body["on_call_schedule_id"], "77");
        assert_eq!(body["monitor_groups"], json!(["4410"]));
        for server_owned in ["monitor_id", "state"] {
            assert!(body.get(server_owned).is_none(), "{server_owned}: {body}");
        }

        // A secret the API stars out, which the file does not set, stops the update.
        live["custom_headers"] = json!([{"name": "Authorization", "value": "****"}]);
        let err = build(&desired(&file), &account(vec![live.clone()]), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("`Home` holds secrets the API does not give back (custom_headers)"),
            "{err}"
        );
        // Unchanged, it plans nothing and says nothing.
        assert!(
            !build(&desired(FILE), &account(vec![live]), None)
                .unwrap()
                .has_changes()
        );
    }

    #[test]
    fn a_create_sends_the_documented_defaults_the_file_leaves_out() {
        let file = "version: 1\nmonitors:\n  - name: Speed\n    type: HOMEPAGE\n    url: https://example.com\n    timeout: 20s\n";
        let catalogs = Catalogs::from_parts(
            vec![],
            vec![
                (
                    RefKind::ThresholdProfile,
                    vec![json!({"profile_id": "12", "profile_name": "Speed", "type": "HOMEPAGE"})],
                ),
                (
                    RefKind::Tag,
                    vec![json!({"tag_id": "31", "tag_name": "managed-by", "tag_value": "s247"})],
                ),
            ],
        );
        let plan = build(&desired(file), &catalogs, None).unwrap();
        let body = plan.changes[0].body.as_ref().unwrap();
        assert_eq!(body["timeout"], 20, "the file wins");
        assert_eq!(body["browser_type"], 1);
        assert_eq!(body["wpa_resolution"], "1024,768");
        assert_eq!(body["check_frequency"], "5");
    }

    #[test]
    fn prune_touches_only_owned_monitors_missing_from_the_file() {
        let owned = json!({"monitor_id": "901", "display_name": "Old", "type": "PING", "tag_ids": ["31"], "state": "0"});
        let owned_suspended = json!({"monitor_id": "903", "display_name": "Older", "type": "PING", "tag_ids": ["31"], "state": "5"});
        let hand_made =
            json!({"monitor_id": "902", "display_name": "Manual", "type": "PING", "tag_ids": []});
        let monitors = vec![live_home(), owned, owned_suspended, hand_made];
        let plan = build(
            &desired(FILE),
            &account(monitors.clone()),
            Some(Prune::Delete),
        )
        .unwrap();
        let deleted: Vec<&str> = plan.changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(deleted, ["Old", "Older"]);
        assert!(plan.changes.iter().all(|c| c.action == Action::Delete));
        let plan = build(
            &desired(FILE),
            &account(monitors.clone()),
            Some(Prune::Suspend),
        )
        .unwrap();
        let suspended: Vec<&str> = plan.changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(suspended, ["Old"]);
        let plan = build(&desired(FILE), &account(monitors), None).unwrap();
        assert!(!plan.has_changes());
        assert!(
            plan.notes[0].starts_with("2 monitors carrying `managed-by:s247` are not in the file; --prune would delete them"),
            "{:?}",
            plan.notes
        );
    }

    #[test]
    fn prune_never_touches_an_owned_monitor_of_a_type_s247_does_not_manage() {
        // The ownership tag on monitors s247 cannot create (an unknown type, no type at all, an
        // adopted type): an `owner_tag` people already use puts it there. Prune leaves them.
        let unknown = json!({"monitor_id": "904", "display_name": "Netflow", "type": "NETFLOW", "tag_ids": ["31"], "state": "0"});
        let typeless =
            json!({"monitor_id": "905", "display_name": "Odd", "tag_ids": ["31"], "state": "0"});
        let server = json!({"monitor_id": "906", "display_name": "db", "type": "SERVER", "tag_ids": ["31"], "state": "0"});
        let monitors = vec![live_home(), unknown, typeless, server];
        for prune in [Prune::Delete, Prune::Suspend] {
            let plan = build(&desired(FILE), &account(monitors.clone()), Some(prune)).unwrap();
            assert!(!plan.has_changes(), "{:?}", plan.changes);
        }
    }

    #[test]
    fn identity_problems_are_errors() {
        let twin = live_home();
        let mut other = live_home();
        other["monitor_id"] = json!("901");
        let err = build(&desired(FILE), &account(vec![twin, other]), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("2 monitors in the account are named `Home` (ids 900, 901)"),
            "{err}"
        );
        let mut ping = live_home();
        ping["type"] = json!("PING");
        let err = build(&desired(FILE), &account(vec![ping]), None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.yaml:3:11: `Home` exists as a PING monitor"),
            "{err}"
        );
    }
}
