//! The diff: what the file asks for against what the account has, read from the list responses
//! alone (no per-monitor GET). Only the fields the file sets (itself or through `defaults:`) are
//! compared, leniently (numbers as strings, id lists as sets, secrets the API hides as equal), so
//! an unchanged file plans nothing. Identity is the display name, exactly; a name two live objects
//! share is an error, never a guess.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::catalog::ResolveError;
use crate::api::envelope::{as_id, id_list};
use crate::api::monitors::is_suspended;
use crate::error::{Error, Location, Problem};

use super::desired::{Desired, Item};
use super::fields::{self, Codec, Names, RefKind, Scope};
use super::resolve::{self, ApiSetting, Catalogs, NEW_TAG};
use super::spec::MonitorType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
    Suspend,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Suspend => "suspend",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Monitor,
    Group,
    Window,
    #[serde(rename = "notification_profile")]
    NotificationProfile,
    #[serde(rename = "threshold_profile")]
    ThresholdProfile,
    #[serde(rename = "location_profile")]
    LocationProfile,
    #[serde(rename = "user_group")]
    UserGroup,
    Tag,
}

impl ObjectKind {
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Monitor => "monitor",
            ObjectKind::Group => "group",
            ObjectKind::Window => "maintenance window",
            ObjectKind::NotificationProfile => "notification profile",
            ObjectKind::ThresholdProfile => "threshold profile",
            ObjectKind::LocationProfile => "location profile",
            ObjectKind::UserGroup => "user group",
            ObjectKind::Tag => "tag",
        }
    }
}

/// What `--prune` does to owned monitors that left the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prune {
    Delete,
    Suspend,
}

/// One field that changes: its name in the file, the live value and the new one, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub name: String,
    /// `None` on a create.
    pub old: Option<String>,
    pub new: String,
}

/// One write apply would make. Its `Debug` leaves out the request body, which may carry
/// passwords and header values.
#[derive(Clone)]
pub struct Change {
    pub action: Action,
    pub kind: ObjectKind,
    pub name: String,
    /// The monitor type, for monitors.
    pub type_name: Option<String>,
    /// The live object's id (update, delete, suspend).
    pub id: Option<String>,
    pub fields: Vec<FieldChange>,
    /// The request body (create, update); may hold placeholder ids for objects apply creates.
    pub body: Option<Value>,
}

impl std::fmt::Debug for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Change")
            .field("action", &self.action)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("id", &self.id)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

/// The ownership tag: its `name:value`, and its id when the account has it.
#[derive(Debug, Clone)]
pub struct OwnerTag {
    pub label: String,
    pub id: Option<String>,
}

impl OwnerTag {
    /// The id to put on a created monitor: the real one, or the placeholder apply fills in
    /// after creating the tag.
    pub fn id_or_placeholder(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{NEW_TAG}{}", self.label))
    }

    /// Tag name and value.
    pub fn parts(&self) -> (&str, Option<&str>) {
        match self.label.split_once(':') {
            Some((name, value)) => (name, Some(value)),
            None => (self.label.as_str(), None),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    pub owner_tag: OwnerTag,
    /// Remarks for the log (the owner tag will be created, a default could not be found, …).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Whether apply has to create the ownership tag first.
    pub fn creates_owner_tag(&self) -> bool {
        self.owner_tag.id.is_none()
            && self
                .changes
                .iter()
                .any(|c| c.action == Action::Create && c.kind == ObjectKind::Monitor)
    }
}

/// Mandatory references the API wants on every monitor; the first of each kind (threshold: of
/// the monitor's type) is used when the file names none, as Terraform does.
const MONITOR_DEFAULTS: &[(&str, RefKind)] = &[
    ("location_profile", RefKind::LocationProfile),
    ("notification_profile", RefKind::NotificationProfile),
    ("threshold_profile", RefKind::ThresholdProfile),
    ("user_groups", RefKind::UserGroup),
];
const GROUP_DEFAULTS: &[(&str, RefKind)] = &[
    ("notification_profile", RefKind::NotificationProfile),
    ("healthcheck_profile", RefKind::ThresholdProfile),
];

/// Fields of a live object an update leaves out: the server's own (ids, state). Everything
/// else the live object carries is sent back, so an update is lossless whether the API merges
/// or replaces (`site24x7-api.md` §8 row 1, §9.7). Fields the API answers but would refuse on a
/// PUT are not known; if one turns up, it belongs here.
const MONITOR_READ_ONLY: &[&str] = &["monitor_id", "state"];
const GROUP_READ_ONLY: &[&str] = &["group_id"];

/// Whether a value holds a secret the API does not reveal (`"****"`, also inside a header
/// list): it cannot be sent back.
fn starred(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.is_empty() && s.chars().all(|c| c == '*'),
        Value::Array(items) => items.iter().any(starred),
        Value::Object(map) => map.values().any(starred),
        _ => false,
    }
}

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
            // Adopted types are never s247's, whatever tags they carry.
            let adopted = MonitorType::of_live(monitor).is_some_and(|kind| !kind.creatable());
            if !owned || adopted || in_file.contains(name.as_str()) {
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

/// A file names a monitor of a type s247 only adopts, and the account has none by that name.
fn adopt_missing(item: &Item) -> Problem {
    let kind = item.monitor_type().map_or("", |k| k.api_name());
    problem(
        item.at.clone(),
        format!(
            "no {kind} monitor is named `{}`: s247 adopts {kind} monitors (they come from agents, cloud integrations or recorded scripts), it cannot create one; create it in Site24x7 first, or fix the name",
            item.name
        ),
    )
}

/// Monitors of types s247 does not manage (or without `type` and not recognisable, as
/// domain-expiry monitors come back; `site24x7-api.md` §8 row 12), and of types it only adopts,
/// said once: plan, apply and prune never touch them unless the file adopts them by name.
fn unmanaged_note(catalogs: &Catalogs) -> Option<String> {
    let mut types = BTreeSet::new();
    let mut count = 0;
    for monitor in &catalogs.monitors {
        let type_name = fields::scalar_text(&monitor["type"]).unwrap_or_default();
        if MonitorType::of_live(monitor).is_none_or(|kind| !kind.creatable()) {
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

/// The live object of an item: none, one, or an error when the name is taken twice or the type
/// differs.
fn live_of(item: &Item, catalogs: &Catalogs) -> Result<Option<Value>, Problem> {
    match item.scope {
        Scope::Group => {
            let found = catalogs.groups_named(&item.name);
            match found.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(one.raw.clone())),
                many => Err(problem(
                    item.at.clone(),
                    format!(
                        "{} monitor groups in the account are named `{}` (ids {}): rename or delete all but one; s247 will not guess",
                        many.len(),
                        item.name,
                        many.iter()
                            .map(|g| g.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        Scope::Monitor(kind) => {
            let found = catalogs.monitors_named(&item.name);
            match found.as_slice() {
                [] => Ok(None),
                [one] => {
                    let live_type = match MonitorType::of_live(one) {
                        Some(live) => live.api_name().to_string(),
                        None => fields::scalar_text(&one["type"])
                            .filter(|t| !t.trim().is_empty())
                            .unwrap_or_else(|| "typeless".into()),
                    };
                    if MonitorType::of_live(one) != Some(kind) {
                        return Err(problem(
                            item.at.clone(),
                            format!(
                                "`{}` exists as a {live_type} monitor (id {}), but the file says {kind}: a monitor's type cannot change; rename it, or delete the existing monitor",
                                item.name,
                                one.get("monitor_id").and_then(as_id).unwrap_or_default()
                            ),
                        ));
                    }
                    Ok(Some((*one).clone()))
                }
                many => Err(problem(
                    item.at.clone(),
                    format!(
                        "{} monitors in the account are named `{}` (ids {}): rename or delete all but one; s247 will not guess",
                        many.len(),
                        item.name,
                        many.iter()
                            .filter_map(|m| m.get("monitor_id").and_then(as_id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
    }
}

fn object_kind(scope: Scope) -> ObjectKind {
    match scope {
        Scope::Group => ObjectKind::Group,
        Scope::Monitor(_) => ObjectKind::Monitor,
    }
}

fn base_body(item: &Item) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("display_name".into(), Value::String(item.name.clone()));
    if let Scope::Monitor(kind) = item.scope {
        body.insert("type".into(), Value::String(kind.api_name().into()));
    }
    body
}

fn create(
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
        for (key, value) in super::types::create_defaults(kind) {
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

fn update(
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
            let steps = super::types::restapiseq::update(&setting.value, live, setting.secret)
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

fn field_order(name: &str) -> usize {
    fields::all()
        .position(|f| f.name == name)
        .unwrap_or(usize::MAX)
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
