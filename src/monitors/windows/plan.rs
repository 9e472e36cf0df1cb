//! The windows' part of the plan: each window of the file against the live window this file owns
//! under that name (from the one list response, never a GET per window), a field diff over the
//! fields the file sets, lossless update bodies, and `--prune` of owned windows that left the
//! file, with its guard (`max-prune`, as for monitors).

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::api::maintenance::Selection;
use crate::error::{Error, Location, Problem, Result};
use crate::inputs::how_to_set;
use crate::limits::MaxPrune;

use super::super::desired::Desired;
use super::super::fields::{RefKind, Scope};
use super::super::plan::{Action, Change, FieldChange, ObjectKind, Plan, Prune};
use super::super::resolve::{self, Catalogs, NEW_GROUP};
use super::codec::{self, LiveWindow};
use super::desired::DesiredWindow;
use super::{NEW_MONITOR, OWNER_MARKER};

/// Add the windows' changes to `plan`. Nothing happens for a file without the section.
pub fn build(
    desired: &Desired,
    catalogs: &Catalogs,
    prune: Option<Prune>,
    plan: &mut Plan,
) -> Result<()> {
    let Some(windows) = &desired.windows else {
        return Ok(());
    };
    let owner = desired.owner_tag.as_str();
    let live: Vec<(LiveWindow, Vec<String>)> =
        catalogs.windows.iter().map(codec::from_live).collect();

    // A day numbered 7 proves the account counts 1 = Sunday: every day s247 sends would land a
    // day early. Refuse rather than shift a window.
    if windows.iter().any(|w| w.kind.has_days())
        && let Some(seen) = catalogs.windows.iter().find(|w| codec::has_day_seven(w))
    {
        return Err(Error::runtime(format!(
            "the account numbers weekdays 1 = Sunday … 7 = Saturday (window `{}` has a day 7), but s247 sends 0 = Sunday … 6 = Saturday: writing these windows would shift them by a day, so nothing was changed. Please report this with the window's JSON; see docs/maintenance-windows-as-code.md",
            seen["display_name"].as_str().unwrap_or_default()
        )));
    }

    let mut problems = Vec::new();
    let in_file_monitors: HashSet<&str> =
        desired.monitors.iter().map(|m| m.name.as_str()).collect();
    let in_file_groups: HashSet<&str> = desired.groups.iter().map(|g| g.name.as_str()).collect();
    for window in windows {
        let ids = match resolve_targets(window, catalogs, &in_file_monitors, &in_file_groups) {
            Ok(ids) => ids,
            Err(mut more) => {
                problems.append(&mut more);
                continue;
            }
        };
        let name = window.spec.name.as_str();
        let same_name: Vec<&LiveWindow> = live
            .iter()
            .map(|(l, _)| l)
            .filter(|l| l.spec.name == name)
            .collect();
        let owned: Vec<&LiveWindow> = same_name
            .iter()
            .copied()
            .filter(|l| l.owner.as_deref() == Some(owner))
            .collect();
        let fields = codec::api_fields(window, &ids, owner);
        match owned.as_slice() {
            [] => {
                if let Some(other) = same_name.first() {
                    problems.push(problem(
                        window.at.clone(),
                        format!(
                            "a maintenance window named `{name}` exists (id {}) that this file does not manage (its description has no `{OWNER_MARKER} {owner}` line): s247 never changes a window it does not own. Give yours another name, or hand that window over on purpose by adding the line `{OWNER_MARKER} {owner}` (and `s247-timezone: <its zone>`) to its description in Site24x7",
                            other.id
                        ),
                    ));
                    continue;
                }
                plan.changes.push(create(window, fields));
            }
            [one] => {
                let live_problems = live
                    .iter()
                    .find(|(l, _)| l.id == one.id)
                    .map(|(_, p)| p.clone())
                    .unwrap_or_default();
                let mut fields = fields;
                if window.spec.description.is_none() {
                    // The file says nothing about the text: the live text stays.
                    let text = super::text_of(one.raw["description"].as_str().unwrap_or_default());
                    let text = (!text.is_empty()).then_some(text);
                    fields.insert(
                        "description".into(),
                        Value::String(super::stamp(text, &window.spec.timezone, owner)),
                    );
                }
                match update(window, one, &ids, fields, &live_problems) {
                    Ok(Some(change)) => plan.changes.push(change),
                    Ok(None) => plan.unchanged += 1,
                    Err(p) => problems.push(p),
                }
            }
            many => problems.push(problem(
                window.at.clone(),
                format!(
                    "{} maintenance windows this file owns are named `{name}` (ids {}): delete all but one in Site24x7; s247 will not guess",
                    many.len(),
                    many.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }

    let in_file: HashSet<&str> = windows.iter().map(|w| w.spec.name.as_str()).collect();
    let leaving: Vec<&LiveWindow> = live
        .iter()
        .map(|(l, _)| l)
        .filter(|l| l.owner.as_deref() == Some(owner) && !in_file.contains(l.spec.name.as_str()))
        .collect();
    match prune {
        Some(Prune::Delete) => {
            for window in leaving {
                plan.changes.push(Change {
                    action: Action::Delete,
                    kind: ObjectKind::Window,
                    name: window.spec.name.clone(),
                    type_name: window.kind.map(headline_kind),
                    id: Some(window.id.clone()),
                    fields: Vec::new(),
                    body: None,
                });
            }
        }
        _ if !leaving.is_empty() => plan.notes.push(format!(
            "{} maintenance window{} this file owns {} not in it; --prune would delete {}{}",
            leaving.len(),
            if leaving.len() == 1 { "" } else { "s" },
            if leaving.len() == 1 { "is" } else { "are" },
            if leaving.len() == 1 { "it" } else { "them" },
            if prune == Some(Prune::Suspend) {
                " (a window cannot be suspended: --prune=suspend leaves windows as they are)"
            } else {
                ""
            },
        )),
        _ => {}
    }
    Ok(())
}

/// The ids of what a window covers, or a problem at each name that does not resolve. A monitor
/// or group the file defines that the account lacks yet is a placeholder apply fills in.
fn resolve_targets(
    window: &DesiredWindow,
    catalogs: &Catalogs,
    in_file_monitors: &HashSet<&str>,
    in_file_groups: &HashSet<&str>,
) -> std::result::Result<Vec<String>, Vec<Problem>> {
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for (name, at) in &window.targets {
        let found = match window.selection {
            Selection::Monitors => {
                let live = catalogs.monitors_named(name);
                match live.as_slice() {
                    [one] => {
                        Ok(crate::api::envelope::str_field(one, "monitor_id").unwrap_or_default())
                    }
                    [] if in_file_monitors.contains(name.as_str()) => {
                        Ok(format!("{NEW_MONITOR}{name}"))
                    }
                    [] => Err(format!(
                        "unknown monitor `{name}`{}",
                        closest(name, catalogs)
                    )),
                    many => Err(format!(
                        "{} monitors in the account are named `{name}`: rename all but one; s247 will not guess",
                        many.len()
                    )),
                }
            }
            Selection::Groups => {
                if catalogs.groups_named(name).is_empty() && in_file_groups.contains(name.as_str())
                {
                    Ok(format!("{NEW_GROUP}{name}"))
                } else {
                    catalogs
                        .resolve(RefKind::MonitorGroup, Scope::Group, name)
                        .map_err(|e| resolve::describe(e, RefKind::MonitorGroup, Scope::Group))
                }
            }
            Selection::Tags => catalogs
                .resolve(RefKind::Tag, Scope::Group, name)
                .map_err(|e| resolve::describe(e, RefKind::Tag, Scope::Group)),
        };
        match found {
            Ok(id) => ids.push(id),
            Err(message) => problems.push(problem(at.clone(), message)),
        }
    }
    if problems.is_empty() {
        Ok(ids)
    } else {
        Err(problems)
    }
}

/// `; closest existing: `Shop API``, from the monitor list.
fn closest(name: &str, catalogs: &Catalogs) -> String {
    let mut near: Vec<(usize, String)> = catalogs
        .monitors
        .iter()
        .filter_map(|m| m["display_name"].as_str())
        .map(|n| {
            (
                strsim::damerau_levenshtein(&n.to_lowercase(), &name.to_lowercase()),
                n.to_string(),
            )
        })
        .filter(|(d, n)| *d <= 3 && *d < n.len())
        .collect();
    near.sort();
    near.dedup();
    if near.is_empty() {
        return String::new();
    }
    let names: Vec<String> = near
        .into_iter()
        .take(3)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    format!("; closest existing: {}", names.join(", "))
}

fn create(window: &DesiredWindow, fields: serde_json::Map<String, Value>) -> Change {
    let shown = file_fields(window);
    let changes = shown
        .into_iter()
        .map(|(name, value)| FieldChange {
            name,
            old: None,
            new: value,
        })
        .collect();
    Change {
        action: Action::Create,
        kind: ObjectKind::Window,
        name: window.spec.name.clone(),
        type_name: Some(headline_kind(window.kind)),
        id: None,
        fields: changes,
        body: Some(Value::Object(fields)),
    }
}

/// The fields the file sets, as shown (`days: [mon, wed]`), in the file's order.
fn file_fields(window: &DesiredWindow) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::to_value(&window.spec) else {
        return Vec::new();
    };
    map.into_iter()
        .filter(|(k, _)| k != "name")
        .map(|(k, v)| {
            let shown = if k == "repeat" {
                window.kind.label().to_string()
            } else {
                show(&v)
            };
            (k, shown)
        })
        .collect()
}

fn update(
    window: &DesiredWindow,
    live: &LiveWindow,
    ids: &[String],
    fields: serde_json::Map<String, Value>,
    live_problems: &[String],
) -> std::result::Result<Option<Change>, Problem> {
    let name = &window.spec.name;
    // The API's update takes no `timezone` (§9.4): a window cannot move to another zone in place.
    if live.zone.as_deref() != Some(window.spec.timezone.as_str()) {
        let why = match &live.zone {
            Some(zone) => format!("it runs in {zone}, and"),
            None => "its zone is not recorded on its description, and".to_string(),
        };
        return Err(problem(
            window.at.clone(),
            format!(
                "`{name}` (id {}) cannot move to {}: {why} the API's update takes no time zone. Rename the window in the file (apply creates it in the new zone; --prune deletes the old one)",
                live.id, window.spec.timezone
            ),
        ));
    }
    let Some(live_kind) = live.kind else {
        return Err(problem(
            window.at.clone(),
            format!(
                "`{name}` (id {}) cannot be managed: {}; delete it in Site24x7 or rename yours",
                live.id,
                live_problems.join("; ")
            ),
        ));
    };
    if window.kind.has_days() && !live_problems.is_empty() {
        return Err(problem(
            window.at.clone(),
            format!("`{name}` (id {}): {}", live.id, live_problems.join("; ")),
        ));
    }
    let mut changes = Vec::new();
    if live_kind != window.kind {
        changes.push(FieldChange {
            name: "repeat".into(),
            old: Some(live_kind.label().into()),
            new: window.kind.label().into(),
        });
    }
    let live_form = serde_json::to_value(&live.spec).unwrap_or_default();
    for (key, new) in file_fields(window) {
        if matches!(
            key.as_str(),
            "repeat" | "timezone" | "monitors" | "groups" | "tags"
        ) {
            continue;
        }
        let old = live_form.get(&key).filter(|v| !v.is_null()).map(show);
        if old.as_deref() != Some(new.as_str()) {
            changes.push(FieldChange {
                name: key,
                old: Some(old.unwrap_or_else(|| "(none)".into())),
                new,
            });
        }
    }
    let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let have: BTreeSet<&str> = live.target_ids.iter().map(String::as_str).collect();
    if live.selection != Some(window.selection) || wanted != have {
        let setting = window.selection.setting();
        let names: Vec<&str> = window.targets.iter().map(|(n, _)| n.as_str()).collect();
        let old = match live.selection {
            Some(s) if s == window.selection => format!("{} ids", have.len()),
            Some(s) => format!("{} {}", have.len(), s.setting()),
            None => "(none)".into(),
        };
        changes.push(FieldChange {
            name: setting.into(),
            old: Some(old),
            new: format!("[{}]", names.join(", ")),
        });
    }
    if changes.is_empty() {
        return Ok(None);
    }
    Ok(Some(Change {
        action: Action::Update,
        kind: ObjectKind::Window,
        name: name.clone(),
        type_name: Some(headline_kind(window.kind)),
        id: Some(live.id.clone()),
        fields: changes,
        body: Some(codec::update_body(live, fields, window.kind)),
    }))
}

/// `weekly by day`: the kind as the plan's headline shows it, inside its own parentheses.
fn headline_kind(kind: super::Kind) -> String {
    kind.label().replace(['(', ')'], "")
}

/// `[mon, wed]`, `2h`, `true`.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn problem(at: Location, message: String) -> Problem {
    Problem {
        message,
        location: Some(at),
    }
}

/// The prune guard for windows: a prune that would delete every window this file owns, or more
/// than `max-prune`, is refused before the first write (issue 12), as for monitors.
pub fn check_prune(plan: &Plan, catalogs: &Catalogs, owner: &str, limit: MaxPrune) -> Result<()> {
    let pruned: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.kind == ObjectKind::Window && c.action == Action::Delete)
        .map(|c| c.name.as_str())
        .collect();
    let MaxPrune::Count(max) = limit else {
        return Ok(());
    };
    if pruned.is_empty() {
        return Ok(());
    }
    let owned = catalogs
        .windows
        .iter()
        .filter(|w| w["description"].as_str().and_then(super::owner_of) == Some(owner))
        .count();
    let every = pruned.len() >= owned;
    if !every && pruned.len() <= max {
        return Ok(());
    }
    let count = pruned.len();
    let mut names: Vec<String> = pruned.iter().take(5).map(|n| format!("`{n}`")).collect();
    if count > 5 {
        names.push(format!("and {} more", count - 5));
    }
    let (why, allow) = if every {
        (
            format!(
                "that is every maintenance window this file owns (`{owner}`); is the file complete?"
            ),
            "all".to_string(),
        )
    } else {
        (
            format!("that is more than max-prune ({max})"),
            count.to_string(),
        )
    };
    Err(Error::invalid(format!(
        "--prune would delete {count} owned maintenance window{} ({}): {why} Nothing was changed. To delete them on purpose, set max-prune to `{allow}`: {}",
        if count == 1 { "" } else { "s" },
        names.join(", "),
        how_to_set("max-prune").replace("`--max-prune`", &format!("`--max-prune {allow}`")),
    )))
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    use crate::inputs::Env;
    use crate::monitors::plan::OwnerTag;
    use serde_json::json;

    fn empty_plan() -> Plan {
        Plan {
            changes: Vec::new(),
            unchanged: 0,
            owner_tag: OwnerTag {
                label: "managed-by:s247".into(),
                id: None,
            },
            notes: Vec::new(),
        }
    }

    #[test]
    fn an_update_keeps_the_text_and_fields_the_file_does_not_set() {
        let file = "version: 1\nmaintenance_windows:\n  - name: Patch\n    repeat: monthly\n    timezone: UTC\n    day_of_month: 1\n    start_time: \"02:00\"\n    duration: 3h\n    monitors: [Homepage]\n";
        let desired = crate::monitors::load::load("m.yaml", file, &Env::default()).unwrap();
        let mut catalogs = Catalogs::from_parts(
            vec![json!({"monitor_id": "5", "display_name": "Homepage", "type": "URL"})],
            vec![],
        );
        catalogs.windows = vec![json!({
            "maintenance_id": "77", "display_name": "Patch", "maintenance_type": 5,
            "description": "Edited by Sam\n\ns247-timezone: UTC\ns247-owner: managed-by:s247",
            "monthly_start_date": 1, "start_time": "02:00", "duration": 120,
            "maintenance_end_type": 1, "maintenance_end_after_times": 6,
            "selection_type": 2, "monitors": ["5"], "perform_monitoring": false,
        })];
        let mut plan = empty_plan();
        build(&desired, &catalogs, None, &mut plan).unwrap();
        assert_eq!(plan.changes.len(), 1);
        let change = &plan.changes[0];
        let names: Vec<&str> = change.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["duration"]);
        assert_eq!(change.fields[0].old.as_deref(), Some("2h"));
        let body = change.body.as_ref().unwrap();
        assert_eq!(body["duration"], 180);
        assert!(
            body["description"]
                .as_str()
                .unwrap()
                .starts_with("Edited by Sam\n\n")
        );
        assert_eq!(body["maintenance_end_after_times"], 6);
        assert_eq!(body["perform_monitoring"], false);
        assert_eq!(body["maintenance_id"], "77");

        // Unchanged, a re-plan is empty; a window the file lost is only noted without --prune.
        let gone = "version: 1\nmaintenance_windows: []\n";
        let desired = crate::monitors::load::load("m.yaml", gone, &Env::default()).unwrap();
        let mut plan = empty_plan();
        build(&desired, &catalogs, None, &mut plan).unwrap();
        assert!(plan.changes.is_empty());
        assert!(plan.notes[0].starts_with("1 maintenance window this file owns is not in it"));
    }

    #[test]
    fn values_show_as_the_file_writes_them() {
        assert_eq!(show(&serde_json::json!(["mon", "wed"])), "[mon, wed]");
        assert_eq!(show(&serde_json::json!("2h")), "2h");
        assert_eq!(show(&serde_json::json!(true)), "true");
        assert_eq!(Kind::WeeklyByDay.label(), "weekly (by day)");
    }
}
