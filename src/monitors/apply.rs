//! Making the plan's writes: the ownership tag if the account lacks it, then groups, then
//! monitors (so they can join new groups), then prunes — each stage with at most `--parallel`
//! requests in flight. A create that failed ambiguously (the connection dropped, a 5xx) may have
//! happened: the object is looked up by name before the create is tried again, so a retry or a
//! re-run never makes a duplicate. One failed write does not stop the others; the run fails at
//! the end, naming each.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

use crate::api::envelope::str_field;
use crate::api::resources::{self, Kind};
use crate::api::{Api, ApiError, monitor_groups, monitors};
use crate::ci::Reporter;
use crate::error::{Error, Result};

use super::plan::{Action, Change, ObjectKind, Plan};
use super::pool::parallel;
use super::render::headline;
use super::resolve::{NEW_GROUP, NEW_TAG};
use super::windows::NEW_MONITOR;

/// How many times a create is sent when each attempt fails ambiguously and the lookup finds
/// nothing.
const CREATE_ATTEMPTS: usize = 3;

/// What apply did.
#[derive(Debug, Default)]
pub struct Report {
    pub done: usize,
    pub failed: Vec<String>,
}

/// Make every write of `plan`.
pub fn run(api: &Api, plan: &Plan, workers: usize, log: &Reporter) -> Result<Report> {
    let mut report = Report::default();
    let mut created: HashMap<String, String> = HashMap::new();

    if plan.creates_owner_tag() {
        let (name, value) = plan.owner_tag.parts();
        match create_tag(api, &plan.owner_tag.label, name, value, log) {
            Ok(id) => {
                log.info(format!("created tag `{}` (id {id})", plan.owner_tag.label));
                created.insert(format!("{NEW_TAG}{}", plan.owner_tag.label), id);
                report.done += 1;
            }
            Err(e) => {
                return Err(Error::runtime(format!(
                    "creating the ownership tag `{}` failed, so no monitor was created: {e}",
                    plan.owner_tag.label
                )));
            }
        }
    }

    let stage = |filter: &dyn Fn(&Change) -> bool| -> Vec<&Change> {
        plan.changes.iter().filter(|c| filter(c)).collect()
    };
    // Profiles and tags first, user groups after them (issue 15: dependency order); their
    // prunes last, once the monitors that used them have moved off.
    let profile = |c: &Change| super::profiles::ref_kind(c.kind).is_some();
    let early =
        stage(&|c| profile(c) && c.action != Action::Delete && c.kind != ObjectKind::UserGroup);
    let people = stage(&|c| c.kind == ObjectKind::UserGroup && c.action != Action::Delete);
    let late = stage(&|c| profile(c) && c.action == Action::Delete);
    let groups = stage(&|c| c.kind == ObjectKind::Group);
    let writes = stage(&|c| {
        c.kind == ObjectKind::Monitor && matches!(c.action, Action::Create | Action::Update)
    });
    let prunes = stage(&|c| {
        c.kind == ObjectKind::Monitor && matches!(c.action, Action::Delete | Action::Suspend)
    });
    // Windows after the monitors and groups they may cover are made.
    let windows = stage(&|c| c.kind == ObjectKind::Window);

    // One line per write, numbered as they finish (`[3/12]`), folded into a group on GitHub
    // and Azure DevOps so a long apply does not bury the rest of the log.
    let total = early.len()
        + people.len()
        + groups.len()
        + writes.len()
        + windows.len()
        + prunes.len()
        + late.len();
    // Counted and printed under one lock, so the numbers reach the log in order.
    let finished = Mutex::new(0usize);
    let numbered = |line: &dyn Fn(&str)| {
        let mut n = finished.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        line(&format!("[{n}/{total}]"));
    };
    log.group(format!(
        "Applying {total} change{}",
        if total == 1 { "" } else { "s" }
    ));
    let stages = [early, people, groups, writes, windows, prunes, late];
    let last = stages.len() - 1;
    for (stage, changes) in stages.into_iter().enumerate() {
        // Profile, user group and tag deletes were judged unused assuming every write above
        // lands; after a failure one may still be in use, so they wait for the next run.
        if stage == last && !changes.is_empty() && !report.failed.is_empty() {
            log.warning(format!(
                "{} profile, user group or tag deletion{} left for the next run: a write above failed, so they may still be in use",
                changes.len(),
                if changes.len() == 1 { " is" } else { "s are" }
            ));
            continue;
        }
        let results = parallel(&changes, workers, |change| {
            let result = write(api, change, &created, &plan.owner_tag.label, log);
            match &result {
                Ok(id) => numbered(&|n| {
                    log.info(format!(
                        "{n} {}{}",
                        done_text(change),
                        id.as_deref()
                            .filter(|_| change.action == Action::Create)
                            .map(|id| format!(" (id {id})"))
                            .unwrap_or_default()
                    ))
                }),
                Err(e) => numbered(&|n| log.error(format!("{n} {}: {e}", headline(change)), None)),
            }
            result
        });
        for (change, result) in changes.iter().zip(results) {
            match result {
                Ok(id) => {
                    report.done += 1;
                    if change.action == Action::Create
                        && change.kind == ObjectKind::Group
                        && let Some(id) = id
                    {
                        created.insert(format!("{NEW_GROUP}{}", change.name), id);
                    } else if change.action == Action::Create
                        && let Some(id) = id
                    {
                        // Later stages refer to what this one made: windows to new monitors,
                        // monitors and groups to new profiles, user groups and tags.
                        let key = if change.kind == ObjectKind::Monitor {
                            Some(format!("{NEW_MONITOR}{}", change.name))
                        } else {
                            super::profiles::apply::created_key(change)
                        };
                        if let Some(key) = key {
                            created.insert(key, id);
                        }
                    }
                }
                Err(e) => report.failed.push(format!("{}: {e}", headline(change))),
            }
        }
    }
    log.end_group();
    Ok(report)
}

fn done_text(change: &Change) -> String {
    let verb = match change.action {
        Action::Create => "created",
        Action::Update => "updated",
        Action::Delete => "deleted",
        Action::Suspend => "suspended",
    };
    format!("{verb} {} `{}`", change.kind.noun(), change.name)
}

/// One write; the object's id.
fn write(
    api: &Api,
    change: &Change,
    created: &HashMap<String, String>,
    owner: &str,
    log: &Reporter,
) -> std::result::Result<Option<String>, String> {
    let body = match &change.body {
        Some(body) => Some(fill_placeholders(body, created)?),
        None => None,
    };
    let id = change.id.as_deref().unwrap_or_default();
    match (change.kind, change.action, body) {
        (kind, _, body) if super::profiles::ref_kind(kind).is_some() => {
            super::profiles::apply::write(api, change, body, owner, log)
        }
        (ObjectKind::Monitor, Action::Create, Some(body)) => create_with_lookup(
            log,
            &change.name,
            || monitors::create(api, &body),
            || monitors::find_by_name(api, &change.name),
            "monitor_id",
        )
        .map(Some),
        (ObjectKind::Group, Action::Create, Some(body)) => create_with_lookup(
            log,
            &change.name,
            || monitor_groups::create(api, &body),
            || find_group(api, &change.name),
            "group_id",
        )
        .map(Some),
        (ObjectKind::Monitor, Action::Update, Some(body)) => monitors::update(api, id, &body)
            .map(|_| Some(id.to_string()))
            .map_err(|e| e.to_string()),
        (ObjectKind::Group, Action::Update, Some(body)) => {
            let mut body = body;
            if let Value::Object(map) = &mut body {
                map.remove("group_id");
            }
            monitor_groups::update(api, id, &body)
                .map(|_| Some(id.to_string()))
                .map_err(|e| e.to_string())
        }
        (ObjectKind::Monitor, Action::Delete, _) => monitors::delete(api, id)
            .map(|()| None)
            .map_err(|e| e.to_string()),
        (ObjectKind::Window, _, body) => super::windows::write(api, change, body, log),
        (ObjectKind::Monitor, Action::Suspend, _) => monitors::suspend(api, id)
            .map(|()| None)
            .map_err(|e| e.to_string()),
        (kind, action, _) => Err(format!(
            "cannot {} a {} this way",
            action.verb(),
            kind.noun()
        )),
    }
}

/// Create, and after an ambiguous failure look the object up by name before trying again.
pub(crate) fn create_with_lookup(
    log: &Reporter,
    name: &str,
    create: impl Fn() -> std::result::Result<Value, ApiError>,
    find: impl Fn() -> std::result::Result<Option<Value>, ApiError>,
    id_field: &str,
) -> std::result::Result<String, String> {
    let mut last = String::new();
    for _ in 0..CREATE_ATTEMPTS {
        match create() {
            Ok(created) => {
                if let Some(id) = str_field(&created, id_field) {
                    return Ok(id);
                }
                // A success without an id: find what was made rather than guess.
                return match find() {
                    Ok(Some(found)) => str_field(&found, id_field)
                        .ok_or_else(|| "the create answered without an id".to_string()),
                    Ok(None) => Err("the create answered without an id".into()),
                    Err(e) => Err(e.to_string()),
                };
            }
            Err(e) if e.is_ambiguous() => {
                log.info(format!(
                    "creating `{name}` may or may not have happened ({e}); looking it up by name before trying again"
                ));
                match find() {
                    Ok(Some(found)) => {
                        let id = str_field(&found, id_field).unwrap_or_default();
                        log.info(format!("`{name}` was created after all (id {id})"));
                        return Ok(id);
                    }
                    Ok(None) => last = e.to_string(),
                    Err(lookup) => {
                        return Err(format!(
                            "{e}; and looking `{name}` up failed too ({lookup}): run apply again, it will find it or create it"
                        ));
                    }
                }
            }
            Err(e) => return Err(e.to_string()),
        }
    }
    Err(format!("gave up after {CREATE_ATTEMPTS} attempts: {last}"))
}

fn find_group(api: &Api, name: &str) -> std::result::Result<Option<Value>, ApiError> {
    Ok(resources::list(api, Kind::MonitorGroup)?
        .into_iter()
        .find(|g| g.name == name)
        .map(|g| g.raw))
}

fn create_tag(
    api: &Api,
    label: &str,
    name: &str,
    value: Option<&str>,
    log: &Reporter,
) -> std::result::Result<String, String> {
    create_with_lookup(
        log,
        label,
        || monitors::create_tag(api, name, value),
        || {
            Ok(resources::list(api, Kind::Tag)?
                .into_iter()
                .find(|t| t.name == label)
                .map(|t| t.raw))
        },
        "tag_id",
    )
}

/// Replace placeholder ids (`new:group:Web`) with the ids of what was just created.
fn fill_placeholders(
    body: &Value,
    created: &HashMap<String, String>,
) -> std::result::Result<Value, String> {
    match body {
        Value::String(s)
            if s.starts_with(NEW_GROUP)
                || s.starts_with(NEW_TAG)
                || s.starts_with(NEW_MONITOR)
                || s.starts_with(super::profiles::NEW_PROFILE) =>
        {
            match created.get(s) {
                Some(id) => Ok(Value::String(id.clone())),
                None => Err(format!(
                    "`{}` was not created, so this cannot refer to it",
                    s.trim_start_matches(NEW_GROUP)
                        .trim_start_matches(NEW_TAG)
                        .trim_start_matches(NEW_MONITOR)
                        .trim_start_matches(super::profiles::NEW_PROFILE)
                )),
            }
        }
        Value::Array(items) => items
            .iter()
            .map(|v| fill_placeholders(v, created))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                out.insert(k.clone(), fill_placeholders(v, created)?);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_filled_or_refused() {
        let created = HashMap::from([("new:group:Web".to_string(), "77".to_string())]);
        let body = json!({"monitor_groups": ["1", "new:group:Web"], "tag_ids": ["new:tag:a:b"]});
        let err = fill_placeholders(&body, &created).unwrap_err();
        assert!(err.contains("`a:b` was not created"), "{err}");
        let body = json!({"monitor_groups": ["1", "new:group:Web"]});
        assert_eq!(
            fill_placeholders(&body, &created).unwrap(),
            json!({"monitor_groups": ["1", "77"]})
        );
    }
}
