//! `suspend` and `activate`: pick monitors by name or id (`--monitors`), by group (`--groups`)
//! or by tag (`--tags`, `name:value`), then one `PUT /monitors/suspend/{id}` (or `activate`) per
//! monitor with bounded concurrency. Every name is resolved before the first write; an unknown or
//! ambiguous one stops the run with nothing changed.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::api::catalog::Catalog;
use crate::api::envelope::{as_id, id_list};
use crate::api::resources::{self, Kind};
use crate::api::{Api, monitors};
use crate::ci::Reporter;
use crate::error::{Error, Problems, Result};
use crate::inputs::Settings;

use super::pool::parallel;
use super::{DEFAULT_PARALLEL, MAX_PARALLEL};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Suspend,
    Activate,
}

impl Act {
    fn verb(self) -> &'static str {
        match self {
            Act::Suspend => "suspend",
            Act::Activate => "activate",
        }
    }

    fn past(self) -> &'static str {
        match self {
            Act::Suspend => "suspended",
            Act::Activate => "activated",
        }
    }
}

/// What to act on.
#[derive(Debug, Clone)]
pub struct Selection {
    pub monitors: Vec<String>,
    pub groups: Vec<String>,
    pub tags: Vec<String>,
    pub parallel: usize,
    settings: Settings,
}

impl Selection {
    pub fn from_settings(settings: &Settings) -> Result<Selection> {
        let selection = Selection {
            monitors: settings.list("monitors"),
            groups: settings.list("groups"),
            tags: settings.list("tags"),
            parallel: DEFAULT_PARALLEL,
            settings: settings.clone(),
        };
        let mut problems = Problems::default();
        if selection.monitors.is_empty() && selection.groups.is_empty() && selection.tags.is_empty()
        {
            problems.push("say which monitors: --monitors (names or ids), --groups or --tags");
        }
        let parallel = match settings.number("parallel") {
            Ok(None) => DEFAULT_PARALLEL,
            Ok(Some(n)) if (1..=MAX_PARALLEL as u64).contains(&n) => n as usize,
            Ok(Some(n)) => {
                problems.absorb(settings.error(
                    "parallel",
                    format!("{n} is out of range; use 1 to {MAX_PARALLEL}"),
                ))?;
                DEFAULT_PARALLEL
            }
            Err(e) => {
                problems.absorb(e)?;
                DEFAULT_PARALLEL
            }
        };
        problems.into_result(Selection {
            parallel,
            ..selection
        })
    }

    /// The selected monitors, whole (as `GET /monitors` lists them), in id order. Every unknown
    /// or ambiguous name is an error.
    pub fn monitors(&self, api: &Api) -> Result<Vec<Value>> {
        let (monitors_raw, ids) = self.resolve(api)?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                monitors_raw
                    .iter()
                    .find(|m| m.get("monitor_id").and_then(as_id).as_deref() == Some(id))
                    .cloned()
            })
            .collect())
    }

    /// Every monitor of the account, and the ids selected among them.
    fn resolve(&self, api: &Api) -> Result<(Vec<Value>, BTreeSet<String>)> {
        let mut kinds = vec![Kind::Monitor];
        if !self.groups.is_empty() {
            kinds.push(Kind::MonitorGroup);
        }
        if !self.tags.is_empty() {
            kinds.push(Kind::Tag);
        }
        let lists = parallel(&kinds, self.parallel, |kind| api.get(kind.path()));
        let mut data = Vec::new();
        for list in lists {
            data.push(list?);
        }
        let monitors_raw = data[0].as_array().cloned().unwrap_or_default();
        let catalog = |kind: Kind| {
            let index = kinds.iter().position(|k| *k == kind).expect("fetched");
            Catalog::new(kind, resources::named(kind, &data[index]))
        };
        let ids = self.select(&monitors_raw, catalog)?;
        Ok((monitors_raw, ids))
    }

    /// Resolve, then act on every selected monitor; how many were acted on.
    pub fn run(&self, api: &Api, act: Act, log: &Reporter) -> Result<usize> {
        let (monitors_raw, ids) = self.resolve(api)?;
        if ids.is_empty() {
            log.info(format!("No monitors to {}", act.verb()));
            return Ok(0);
        }
        let names: Vec<(String, String)> = ids
            .into_iter()
            .map(|id| {
                let name = monitors_raw
                    .iter()
                    .find(|m| m.get("monitor_id").and_then(as_id).as_deref() == Some(&id))
                    .and_then(|m| m.get("display_name").and_then(Value::as_str))
                    .unwrap_or("")
                    .to_string();
                (id, name)
            })
            .collect();
        let results = parallel(&names, self.parallel, |(id, name)| {
            let result = match act {
                Act::Suspend => monitors::suspend(api, id),
                Act::Activate => monitors::activate(api, id),
            };
            match &result {
                Ok(()) => log.info(format!("{} `{name}` (id {id})", act.past())),
                Err(e) => log.error(format!("{} `{name}` (id {id}): {e}", act.verb()), None),
            }
            result
        });
        let failed = results.iter().filter(|r| r.is_err()).count();
        if failed > 0 {
            return Err(Error::runtime(format!(
                "{failed} of {} monitors could not be {}",
                names.len(),
                act.past()
            )));
        }
        log.info(format!(
            "{} {} monitor{}",
            capitalise(act.past()),
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        ));
        Ok(names.len())
    }

    /// The ids selected, in a stable order; every unknown or ambiguous name is an error.
    fn select(
        &self,
        monitors_raw: &[Value],
        catalog: impl Fn(Kind) -> Catalog,
    ) -> Result<BTreeSet<String>> {
        let mut problems = Problems::default();
        let mut ids = BTreeSet::new();
        if !self.monitors.is_empty() {
            let monitors = catalog(Kind::Monitor);
            for name in &self.monitors {
                match monitors.resolve(name) {
                    Ok(id) => {
                        ids.insert(id);
                    }
                    Err(e) => problems.absorb(self.settings.error("monitors", e.to_string()))?,
                }
            }
        }
        let mut group_ids = HashSet::new();
        if !self.groups.is_empty() {
            let groups = catalog(Kind::MonitorGroup);
            for name in &self.groups {
                match groups.resolve(name) {
                    Ok(id) => {
                        // Members are listed on the group, and on each monitor.
                        if let Some(group) = groups.by_id(&id) {
                            ids.extend(id_list(&group.raw, "monitors"));
                        }
                        group_ids.insert(id);
                    }
                    Err(e) => problems.absorb(self.settings.error("groups", e.to_string()))?,
                }
            }
        }
        let mut tag_ids = HashSet::new();
        if !self.tags.is_empty() {
            let tags = catalog(Kind::Tag);
            for name in &self.tags {
                match tags.resolve(name) {
                    Ok(id) => {
                        tag_ids.insert(id);
                    }
                    Err(e) => problems.absorb(self.settings.error("tags", e.to_string()))?,
                }
            }
        }
        let existing: HashSet<String> = monitors_raw
            .iter()
            .filter_map(|m| m.get("monitor_id").and_then(as_id))
            .collect();
        for monitor in monitors_raw {
            let Some(id) = monitor.get("monitor_id").and_then(as_id) else {
                continue;
            };
            let in_group = id_list(monitor, "monitor_groups")
                .iter()
                .any(|g| group_ids.contains(g));
            let tagged = id_list(monitor, "tag_ids")
                .iter()
                .any(|t| tag_ids.contains(t));
            if in_group || tagged {
                ids.insert(id);
            }
        }
        // A group may list monitors that are gone.
        ids.retain(|id| existing.contains(id));
        problems.into_result(ids)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn selection(monitors: &str, groups: &str, tags: &str) -> Selection {
        let mut s = Settings::default();
        for (name, value) in [("monitors", monitors), ("groups", groups), ("tags", tags)] {
            if !value.is_empty() {
                s.set(name, value);
            }
        }
        Selection::from_settings(&s).unwrap()
    }

    fn account() -> (Vec<Value>, Vec<Value>, Vec<Value>) {
        let monitors = vec![
            json!({"monitor_id": "1", "display_name": "A", "monitor_groups": ["10"], "tag_ids": []}),
            json!({"monitor_id": "2", "display_name": "B", "tag_ids": ["20"]}),
            json!({"monitor_id": "3", "display_name": "C"}),
            json!({"monitor_id": "4", "display_name": "C"}),
        ];
        let groups =
            vec![json!({"group_id": "10", "display_name": "Web", "monitors": ["1", "99"]})];
        let tags = vec![json!({"tag_id": "20", "tag_name": "env", "tag_value": "prod"})];
        (monitors, groups, tags)
    }

    fn pick(sel: &Selection) -> Result<BTreeSet<String>> {
        let (monitors, groups, tags) = account();
        sel.select(&monitors, |kind| {
            let data = match kind {
                Kind::Monitor => Value::Array(monitors.clone()),
                Kind::MonitorGroup => Value::Array(groups.clone()),
                _ => Value::Array(tags.clone()),
            };
            Catalog::new(kind, resources::named(kind, &data))
        })
    }

    #[test]
    fn by_name_id_group_and_tag() {
        let got = pick(&selection("A,3", "Web", "env:prod")).unwrap();
        assert_eq!(got.into_iter().collect::<Vec<_>>(), ["1", "2", "3"]);
    }

    #[test]
    fn unknown_and_ambiguous_names_stop_the_run() {
        let err = pick(&selection("C,Nope", "", "")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`C` is ambiguous"), "{text}");
        assert!(text.contains("unknown monitor `Nope`"), "{text}");
        assert!(
            Selection::from_settings(&Settings::default()).is_err(),
            "nothing selected is an error"
        );
    }
}
