//! Names → ids. One GET per kind of object the file refers to (fetched in parallel), then exact
//! matching through [`Catalog`]: an unknown name lists the closest ones, a name two objects share
//! lists their ids. Threshold profiles are matched among those of the monitor's type. A monitor
//! group defined in the file but not yet in the account resolves to a placeholder that apply
//! replaces once the group exists. Every error points at the name's place in the file.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::api::catalog::{Catalog, ResolveError};
use crate::api::envelope::as_id;
use crate::api::resources::{self, Kind, Named};
use crate::api::{Api, ApiError, monitor_groups};
use crate::error::{Location, Problem};

use super::desired::{Desired, Item, Setting};
use super::fields::{self, Codec, Names, RefKind, Scope};
use super::pool::parallel;

/// Placeholder id of a group the file defines and apply will create.
pub const NEW_GROUP: &str = "new:group:";
/// Placeholder id of the ownership tag when apply has to create it.
pub const NEW_TAG: &str = "new:tag:";

/// What the account holds: monitors (whole objects) and the named lists the file refers to.
#[derive(Debug, Default)]
pub struct Catalogs {
    pub monitors: Vec<Value>,
    lists: BTreeMap<RefKind, Catalog>,
    /// Subgroup id → name, where read (export only; `site24x7-api.md` §8 row 7).
    pub subgroups: BTreeMap<String, String>,
    /// The account's maintenance windows, raw, when read (a file with `maintenance_windows:`).
    pub windows: Vec<Value>,
    /// The account's users (`GET /users`), read only when a user group lists members, and by
    /// export.
    pub users: Vec<Value>,
}

impl Catalogs {
    /// Catalogs from lists already fetched (tests, and the sandbox-free unit tests of the plan).
    pub fn from_parts(monitors: Vec<Value>, lists: Vec<(RefKind, Vec<Value>)>) -> Self {
        Catalogs {
            monitors,
            subgroups: BTreeMap::new(),
            windows: Vec::new(),
            users: Vec::new(),
            lists: lists
                .into_iter()
                .map(|(kind, items)| {
                    let named = resources::named(kind.kind(), &Value::Array(items));
                    (kind, Catalog::new(kind.kind(), named))
                })
                .collect(),
        }
    }

    /// Fetch the monitor list (when `monitors`) and each kind in `kinds` not fetched yet, all at
    /// once with up to `workers` requests in flight.
    pub fn fetch(
        &mut self,
        api: &Api,
        monitors: bool,
        kinds: &BTreeSet<RefKind>,
        workers: usize,
    ) -> Result<(), ApiError> {
        let mut jobs: Vec<Option<RefKind>> = kinds
            .iter()
            .filter(|k| !self.lists.contains_key(k))
            .map(|k| Some(*k))
            .collect();
        if monitors {
            jobs.insert(0, None);
        }
        let results = parallel(&jobs, workers, |job| match job {
            None => api.get(Kind::Monitor.path()),
            Some(kind) => api.get(kind.kind().path()),
        });
        for (job, result) in jobs.into_iter().zip(results) {
            let data = result?;
            match job {
                None => {
                    self.monitors = match data {
                        Value::Array(items) => items,
                        _ => Vec::new(),
                    }
                }
                Some(kind) => {
                    let named = resources::named(kind.kind(), &data);
                    self.lists.insert(kind, Catalog::new(kind.kind(), named));
                }
            }
        }
        Ok(())
    }

    /// Read whole the live groups named in `names` whose list entry lacks a profile id an update
    /// must send (`site24x7-api.md` §8 row 2: the list may leave both out, and sending an
    /// account default instead would overwrite the group's own). One GET per such group, none
    /// when the list carries the profiles.
    pub fn complete_groups(
        &mut self,
        api: &Api,
        names: &BTreeSet<String>,
        workers: usize,
    ) -> Result<(), ApiError> {
        let Some(catalog) = self.lists.get_mut(&RefKind::MonitorGroup) else {
            return Ok(());
        };
        let wanted: Vec<usize> = catalog
            .items
            .iter()
            .enumerate()
            .filter(|(_, g)| names.contains(&g.name) && lacks_group_profiles(&g.raw))
            .map(|(i, _)| i)
            .collect();
        let ids: Vec<String> = wanted
            .iter()
            .map(|i| catalog.items[*i].id.clone())
            .collect();
        let results = parallel(&ids, workers, |id| monitor_groups::get(api, id));
        for (i, result) in wanted.into_iter().zip(results) {
            if let Value::Object(whole) = result? {
                let raw = &mut catalog.items[i].raw;
                for (key, value) in whole {
                    raw[key.as_str()] = value;
                }
            }
        }
        Ok(())
    }

    /// Add an object the plan will create (under a placeholder id), so names resolve to it.
    pub fn add_planned(&mut self, kind: RefKind, named: Named) {
        self.lists
            .entry(kind)
            .or_insert_with(|| Catalog::new(kind.kind(), Vec::new()))
            .items
            .push(named);
    }

    pub fn has(&self, kind: RefKind) -> bool {
        self.lists.contains_key(&kind)
    }

    pub fn list(&self, kind: RefKind) -> &[Named] {
        self.lists.get(&kind).map_or(&[], |c| c.items.as_slice())
    }

    /// The catalog a name of `kind` is looked up in, for an item of `scope` (threshold profiles:
    /// only those of the scope's type).
    fn catalog(&self, kind: RefKind, scope: Scope) -> Catalog {
        let items = self.list(kind);
        let items = if kind == RefKind::ThresholdProfile {
            let wanted = scope.threshold_type();
            items
                .iter()
                .filter(|p| {
                    fields::scalar_text(&p.raw["type"])
                        .is_some_and(|t| t.eq_ignore_ascii_case(wanted))
                })
                .cloned()
                .collect()
        } else {
            items.to_vec()
        };
        Catalog::new(kind.kind(), items)
    }

    /// The id of `name` (or of an id given as is).
    pub fn resolve(&self, kind: RefKind, scope: Scope, name: &str) -> Result<String, ResolveError> {
        let catalog = self.catalog(kind, scope);
        match catalog.resolve(name) {
            // `env` where the account has `env:prod` and `env:staging`: say it is ambiguous and
            // name both, rather than "unknown".
            Err(ResolveError::Unknown { .. }) if kind == RefKind::Tag && !name.contains(':') => {
                let labels: Vec<String> = catalog
                    .items
                    .iter()
                    .filter(|t| t.name.split_once(':').map(|(n, _)| n) == Some(name.trim()))
                    .map(|t| t.name.clone())
                    .collect();
                if labels.len() > 1 {
                    return Err(ResolveError::Ambiguous {
                        noun: "tag",
                        name: name.trim().to_string(),
                        ids: labels,
                    });
                }
                catalog.resolve(name)
            }
            other => other,
        }
    }

    /// The first object of `kind` usable by an item of `scope`: the account default Terraform
    /// also picks when a monitor names none.
    pub fn first(&self, kind: RefKind, scope: Scope) -> Option<Named> {
        self.catalog(kind, scope).items.into_iter().next()
    }

    /// The live monitors carrying this display name.
    pub fn monitors_named(&self, name: &str) -> Vec<&Value> {
        self.monitors
            .iter()
            .filter(|m| fields::scalar_text(&m["display_name"]).as_deref() == Some(name))
            .collect()
    }

    /// The live groups carrying this display name.
    pub fn groups_named(&self, name: &str) -> Vec<&Named> {
        self.list(RefKind::MonitorGroup)
            .iter()
            .filter(|g| g.name == name)
            .collect()
    }
}

/// The profile ids a group write must carry (`site24x7-api.md` §9.6 "Mandatory").
pub const GROUP_PROFILES: &[&str] = &["notification_profile_id", "healthcheck_profile_id"];

/// Whether a live group lacks one of [`GROUP_PROFILES`].
pub fn lacks_group_profiles(group: &Value) -> bool {
    GROUP_PROFILES
        .iter()
        .any(|key| group.get(*key).and_then(as_id).is_none())
}

impl Names for Catalogs {
    fn name_of(&self, kind: RefKind, id: &str) -> Option<String> {
        if let Some(name) = id.strip_prefix(NEW_GROUP).or(id.strip_prefix(NEW_TAG)) {
            return Some(name.to_string());
        }
        self.lists.get(&kind)?.by_id(id).map(|n| n.name.clone())
    }
}

/// A resolution error as a message, naming the threshold profile type where it matters.
pub fn describe(error: ResolveError, kind: RefKind, scope: Scope) -> String {
    let noun = match kind {
        RefKind::ThresholdProfile => format!("{} threshold profile", scope.threshold_type()),
        other => other.kind().noun().to_string(),
    };
    match error {
        ResolveError::Unknown { name, closest, .. } => {
            let mut text = format!("unknown {noun} `{name}`");
            if !closest.is_empty() {
                let quoted: Vec<String> = closest.iter().map(|c| format!("`{c}`")).collect();
                text.push_str(&format!("; closest existing: {}", quoted.join(", ")));
            }
            text
        }
        ResolveError::Ambiguous { name, ids, .. } if kind == RefKind::Tag => {
            let quoted: Vec<String> = ids.iter().map(|l| format!("`{l}`")).collect();
            format!(
                "tag `{name}` is ambiguous: the account has {}; write the one you mean as name:value",
                quoted.join(" and ")
            )
        }
        ResolveError::Ambiguous { name, ids, .. } => format!(
            "{noun} name `{name}` is ambiguous: {} objects carry it (ids {}); write the id instead",
            ids.len(),
            ids.join(", ")
        ),
    }
}

/// The kinds of objects the file refers to by name, plus tags (the ownership tag) and groups
/// when the file defines some (to find them).
pub fn kinds_referenced(desired: &Desired) -> BTreeSet<RefKind> {
    let mut kinds = BTreeSet::from([RefKind::Tag]);
    kinds.extend(desired.profiles.kinds());
    if !desired.groups.is_empty() {
        kinds.insert(RefKind::MonitorGroup);
    }
    for item in desired.groups.iter().chain(&desired.monitors) {
        for setting in &item.settings {
            match setting.field.codec {
                Codec::Ref(_, kind) | Codec::Refs(_, kind) => {
                    kinds.insert(kind);
                }
                _ => {}
            }
        }
    }
    kinds
}

/// One setting in API form: `(api field, value)` pairs.
#[derive(Debug, Clone)]
pub struct ApiSetting {
    pub setting: usize,
    pub values: Vec<(&'static str, Value)>,
}

/// Turn every setting of `item` into API values, resolving names. `new_groups` are the groups the
/// file defines that the account does not have yet.
pub fn resolve_item(
    item: &Item,
    catalogs: &Catalogs,
    new_groups: &HashSet<String>,
) -> Result<Vec<ApiSetting>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (index, setting) in item.settings.iter().enumerate() {
        let value = match setting.field.codec {
            Codec::Ref(_, kind) => {
                let name = setting.value.as_str().unwrap_or_default();
                match lookup(catalogs, kind, item.scope, name, new_groups) {
                    Ok(id) => Value::String(id),
                    Err(message) => {
                        problems.push(problem(setting.at.clone(), message));
                        continue;
                    }
                }
            }
            Codec::Refs(_, kind) => {
                let mut ids = Vec::new();
                let mut failed = false;
                for (i, name) in setting.value.as_array().into_iter().flatten().enumerate() {
                    let name = name.as_str().unwrap_or_default();
                    match lookup(catalogs, kind, item.scope, name, new_groups) {
                        Ok(id) => ids.push(Value::String(id)),
                        Err(message) => {
                            failed = true;
                            problems.push(problem(element_at(setting, i), message));
                        }
                    }
                }
                if failed {
                    continue;
                }
                Value::Array(ids)
            }
            _ => setting.value.clone(),
        };
        out.push(ApiSetting {
            setting: index,
            values: fields::to_api(setting.field.codec, &value),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn lookup(
    catalogs: &Catalogs,
    kind: RefKind,
    scope: Scope,
    name: &str,
    new_groups: &HashSet<String>,
) -> Result<String, String> {
    match catalogs.resolve(kind, scope, name) {
        Ok(id) => Ok(id),
        Err(ResolveError::Unknown { .. })
            if kind == RefKind::MonitorGroup && new_groups.contains(name.trim()) =>
        {
            Ok(format!("{NEW_GROUP}{}", name.trim()))
        }
        Err(e) => Err(describe(e, kind, scope)),
    }
}

fn element_at(setting: &Setting, index: usize) -> Location {
    setting
        .elements
        .get(index)
        .cloned()
        .unwrap_or_else(|| setting.at.clone())
}

fn problem(at: Location, message: String) -> Problem {
    Problem {
        message,
        location: Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Env;
    use serde_json::json;

    fn catalogs() -> Catalogs {
        Catalogs::from_parts(
            vec![],
            vec![
                (
                    RefKind::ThresholdProfile,
                    vec![
                        json!({"profile_id": "11", "profile_name": "Default", "type": "URL"}),
                        json!({"profile_id": "12", "profile_name": "Default", "type": "PING"}),
                        json!({"profile_id": "13", "profile_name": "Strict", "type": "URL"}),
                    ],
                ),
                (
                    RefKind::NotificationProfile,
                    vec![
                        json!({"profile_id": "21", "profile_name": "Ops"}),
                        json!({"profile_id": "22", "profile_name": "Ops"}),
                        json!({"profile_id": "23", "profile_name": "Email"}),
                    ],
                ),
                (
                    RefKind::Tag,
                    vec![json!({"tag_id": "31", "tag_name": "env", "tag_value": "prod"})],
                ),
                (RefKind::MonitorGroup, vec![]),
            ],
        )
    }

    fn item(yaml: &str) -> Item {
        let d = super::super::load::load("m.yaml", yaml, &Env::default()).unwrap();
        d.monitors.into_iter().next().unwrap()
    }

    #[test]
    fn threshold_profiles_resolve_within_the_type() {
        let c = catalogs();
        let ping = item(
            "version: 1\nmonitors:\n  - {name: p, type: PING, host: h, threshold_profile: Default, tags: [env:prod]}\n",
        );
        let api = resolve_item(&ping, &c, &HashSet::new()).unwrap();
        assert_eq!(api[0].values, vec![("threshold_profile_id", json!("12"))]);
        assert_eq!(api[1].values, vec![("tag_ids", json!(["31"]))]);
    }

    #[test]
    fn unknown_and_ambiguous_names_point_at_the_file() {
        let c = catalogs();
        let m = item(
            "version: 1\nmonitors:\n  - name: p\n    type: PING\n    host: h\n    threshold_profile: Strict\n    notification_profile: Ops\n    groups: [Web, New]\n",
        );
        let problems = resolve_item(&m, &c, &HashSet::from(["New".to_string()])).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("m.yaml:7:27: notification profile name `Ops` is ambiguous: 2 objects carry it (ids 21, 22)"), "{text:?}");
        assert!(
            text[1].starts_with("m.yaml:6:24: unknown PING threshold profile `Strict`"),
            "{text:?}"
        );
        assert!(
            text[2].starts_with("m.yaml:8:14: unknown monitor group `Web`"),
            "{text:?}"
        );
    }
}
