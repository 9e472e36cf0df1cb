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
//!   no tags; `site24x7-api.md` §9.10), so s247 records what it created in **ledger tags**,
//!   one per object: tag `s247-owns` with value `<kind>:<id>`. `--prune` deletes only objects a
//!   ledger tag names, never one someone else made (even if the file declares it: that one is
//!   managed, not owned). A lost ledger tag makes an object unowned, the safe direction.
//! - [`apply`] makes the writes, [`export`] writes the sections back.

pub mod apply;
pub mod export;
pub mod spec;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value, json};

use crate::api::envelope::{as_id, id_list, str_field};
use crate::api::resources::Named;
use crate::error::{Location, Problem};
use crate::limits::MaxPrune;
use crate::yaml::Tree;

use super::fields::{RefKind, scalar_text};
use super::plan::{Action, Change, FieldChange, ObjectKind, Prune};
use super::resolve::{Catalogs, NEW_TAG};
use super::spec::{MonitorType, MonitorsFile};

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

/// One field the file sets on a declared object.
#[derive(Debug, Clone)]
pub struct DeclaredField {
    /// The file's name for it.
    pub name: &'static str,
    /// The API's.
    pub key: &'static str,
    /// The value in API form (members: the e-mail addresses, turned into user ids by the plan).
    pub value: Value,
    /// Compared as a set of strings.
    pub set: bool,
    pub at: Location,
}

/// One declared object.
#[derive(Debug, Clone)]
pub struct DeclaredObject {
    pub kind: RefKind,
    /// Its name (tags: `name:value`).
    pub name: String,
    /// The monitor type of a threshold profile.
    pub threshold_type: Option<String>,
    /// Where its name is written.
    pub at: Location,
    /// Fields every body carries: the name (and type, tag value).
    pub identity: Vec<(&'static str, Value)>,
    pub fields: Vec<DeclaredField>,
}

impl DeclaredObject {
    fn field(&self, name: &str) -> Option<&DeclaredField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether the live object `live` is this one (name, and type for threshold profiles).
    fn is(&self, live: &Named) -> bool {
        live.name == self.name
            && self.threshold_type.as_ref().is_none_or(|t| {
                scalar_text(&live.raw["type"]).is_some_and(|lt| lt.eq_ignore_ascii_case(t))
            })
    }
}

/// Everything the profile sections declare.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    pub objects: Vec<DeclaredObject>,
}

impl Declared {
    /// The kinds declared (their lists are read to find the live objects).
    pub fn kinds(&self) -> BTreeSet<RefKind> {
        self.objects.iter().map(|o| o.kind).collect()
    }

    /// Whether a user group lists members (then the user list is read).
    pub fn needs_users(&self) -> bool {
        self.objects.iter().any(|o| o.field("members").is_some())
    }
}

/// Read the sections of a parsed file: every problem found, at its place.
pub fn declare(path: &str, file: &MonitorsFile, tree: &Tree) -> Result<Declared, Vec<Problem>> {
    let mut d = Decl {
        path,
        tree,
        problems: Vec::new(),
        objects: Vec::new(),
    };
    for (i, p) in file.notification_profiles.iter().enumerate() {
        let mut o = d.object(RefKind::NotificationProfile, i, &p.name, "profile_name");
        d.scalar(
            &mut o,
            i,
            "rca_needed",
            "rca_needed",
            p.rca_needed.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "notify_after_executing_actions",
            "notify_after_executing_actions",
            p.notify_after_executing_actions.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "suppress_automation",
            "suppress_automation",
            p.suppress_automation.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "template_id",
            "template_id",
            p.template_id.clone().map(Value::from),
        );
        d.objects.push(o);
    }
    for (i, p) in file.threshold_profiles.iter().enumerate() {
        let mut o = d.object(RefKind::ThresholdProfile, i, &p.name, "profile_name");
        let wanted = p.monitor_type.trim().to_ascii_uppercase();
        if wanted != "HEALTHCHECK" && MonitorType::from_api(&wanted).is_none() {
            let at = d.at(&[section(o.kind), &i.to_string(), "type"]);
            let types: Vec<&str> = MonitorType::ALL.iter().map(|t| t.api_name()).collect();
            d.problem(
                at,
                format!(
                    "`{}` is not a monitor type s247 manages; a threshold profile's type is one of {} or HEALTHCHECK (monitor groups)",
                    crate::yaml::hide_file_text(&wanted),
                    types.join(", ")
                ),
            );
        }
        o.identity.push(("type", Value::String(wanted.clone())));
        o.threshold_type = Some(wanted);
        d.scalar(
            &mut o,
            i,
            "down_location_threshold",
            "down_location_threshold",
            p.down_location_threshold.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "website_content_modified",
            "website_content_modified",
            p.website_content_modified.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "profile_type",
            "profile_type",
            p.profile_type.map(|k| Value::from(k.api())),
        );
        d.objects.push(o);
    }
    for (i, p) in file.location_profiles.iter().enumerate() {
        let mut o = d.object(RefKind::LocationProfile, i, &p.name, "profile_name");
        if p.primary_location.trim().is_empty() {
            let at = d.at(&[section(o.kind), &i.to_string(), "primary_location"]);
            d.problem(
                at,
                "`primary_location` is empty; write a location id".into(),
            );
        }
        d.scalar(
            &mut o,
            i,
            "primary_location",
            "primary_location",
            Some(Value::from(p.primary_location.trim())),
        );
        if let Some(list) = &p.secondary_locations {
            d.set(
                &mut o,
                i,
                "secondary_locations",
                "secondary_locations",
                list,
            );
        }
        d.scalar(
            &mut o,
            i,
            "restrict_alternate_locations",
            "restrict_alt_loc",
            p.restrict_alternate_locations.map(Value::from),
        );
        d.scalar(
            &mut o,
            i,
            "outer_regions_location_consent",
            "outer_regions_location_consent",
            p.outer_regions_location_consent.map(Value::from),
        );
        d.objects.push(o);
    }
    for (i, g) in file.user_groups.iter().enumerate() {
        let mut o = d.object(RefKind::UserGroup, i, &g.name, "display_name");
        if let Some(members) = &g.members {
            for (j, email) in members.iter().enumerate() {
                if !looks_like_email(email) {
                    let at = d.at(&["user_groups", &i.to_string(), "members", &j.to_string()]);
                    d.problem(
                        at,
                        "a member is an e-mail address of an existing Site24x7 user (name@example.com)".into(),
                    );
                }
            }
            let lower: Vec<String> = members.iter().map(|m| m.trim().to_lowercase()).collect();
            d.set(&mut o, i, "members", "users", &lower);
        }
        d.scalar(
            &mut o,
            i,
            "attribute_group_id",
            "attribute_group_id",
            g.attribute_group_id.clone().map(Value::from),
        );
        d.objects.push(o);
    }
    let owner = file
        .owner_tag
        .clone()
        .unwrap_or_else(|| super::spec::DEFAULT_OWNER_TAG.to_string());
    for (i, t) in file.tags.iter().enumerate() {
        let mut o = d.object(RefKind::Tag, i, &t.label(), "tag_name");
        o.identity = vec![("tag_name", Value::from(t.name.trim()))];
        if let Some(value) = &t.value {
            o.identity.push(("tag_value", Value::from(value.trim())));
        }
        let name_at = o.at.clone();
        if t.name.contains(':') {
            d.problem(
                name_at.clone(),
                "a tag name cannot contain `:` (monitors write tags as name:value); put the part after it in `value`".into(),
            );
        }
        if t.name.trim() == LEDGER_TAG {
            d.problem(
                name_at.clone(),
                format!(
                    "`{LEDGER_TAG}` tags are s247's record of what it created; choose another name"
                ),
            );
        }
        if t.label() == owner {
            d.problem(
                name_at,
                format!("`{owner}` is the ownership tag: s247 makes and keeps it itself; remove it from `tags:`"),
            );
        }
        d.scalar(
            &mut o,
            i,
            "color",
            "tag_color",
            t.color.as_ref().map(|c| Value::from(c.0)),
        );
        d.objects.push(o);
    }
    d.unique();
    if d.problems.is_empty() {
        Ok(Declared { objects: d.objects })
    } else {
        Err(d.problems)
    }
}

fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    matches!(text.split_once('@'), Some((user, domain)) if !user.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace))
}

struct Decl<'a> {
    path: &'a str,
    tree: &'a Tree,
    problems: Vec<Problem>,
    objects: Vec<DeclaredObject>,
}

impl Decl<'_> {
    fn at(&self, path: &[&str]) -> Location {
        let pos = self
            .tree
            .value_at(path)
            .unwrap_or(crate::yaml::Pos { line: 1, column: 1 });
        pos.in_file(self.path)
    }

    fn problem(&mut self, at: Location, message: String) {
        self.problems.push(Problem {
            message,
            location: Some(at),
        });
    }

    fn object(
        &mut self,
        kind: RefKind,
        i: usize,
        name: &str,
        name_key: &'static str,
    ) -> DeclaredObject {
        let at = self.at(&[section(kind), &i.to_string(), "name"]);
        if name.trim().is_empty() {
            self.problem(at.clone(), "the name is empty".into());
        }
        DeclaredObject {
            kind,
            name: name.trim().to_string(),
            threshold_type: None,
            at,
            identity: vec![(name_key, Value::from(name.trim()))],
            fields: Vec::new(),
        }
    }

    fn scalar(
        &self,
        o: &mut DeclaredObject,
        i: usize,
        name: &'static str,
        key: &'static str,
        value: Option<Value>,
    ) {
        if let Some(value) = value {
            let at = self.at(&[section(o.kind), &i.to_string(), name]);
            o.fields.push(DeclaredField {
                name,
                key,
                value,
                set: false,
                at,
            });
        }
    }

    fn set(
        &self,
        o: &mut DeclaredObject,
        i: usize,
        name: &'static str,
        key: &'static str,
        list: &[String],
    ) {
        let at = self.at(&[section(o.kind), &i.to_string(), name]);
        let value = Value::Array(list.iter().map(|s| Value::from(s.trim())).collect());
        o.fields.push(DeclaredField {
            name,
            key,
            value,
            set: true,
            at,
        });
    }

    /// Two entries of one section with one identity: the second is the error.
    fn unique(&mut self) {
        let mut seen: HashSet<(RefKind, Option<String>, String)> = HashSet::new();
        let mut dupes = Vec::new();
        for o in &self.objects {
            if !seen.insert((o.kind, o.threshold_type.clone(), o.name.clone())) {
                let what = match &o.threshold_type {
                    Some(t) => format!("{t} threshold profile"),
                    None => o.kind.kind().noun().to_string(),
                };
                dupes.push((
                    o.at.clone(),
                    format!(
                        "{what} `{}` is declared twice in `{}`",
                        o.name,
                        section(o.kind)
                    ),
                ));
            }
        }
        for (at, message) in dupes {
            self.problem(at, message);
        }
    }
}

/// What s247 owns: (kind, object id) → the ledger tag's id, read from the tag list.
pub fn ledger(catalogs: &Catalogs) -> BTreeMap<(RefKind, String), String> {
    let mut owned = BTreeMap::new();
    for tag in catalogs.list(RefKind::Tag) {
        if str_field(&tag.raw, "tag_name").as_deref() != Some(LEDGER_TAG) {
            continue;
        }
        let Some(value) = str_field(&tag.raw, "tag_value") else {
            continue;
        };
        let Some((key, id)) = value.split_once(':') else {
            continue;
        };
        if let Some(kind) = KINDS.into_iter().find(|k| ledger_key(*k) == key) {
            owned.insert((kind, id.to_string()), tag.id.clone());
        }
    }
    owned
}

/// The kinds the ledger names (their lists are read for prune and for the guard).
pub fn owned_kinds(catalogs: &Catalogs) -> BTreeSet<RefKind> {
    ledger(catalogs).keys().map(|(kind, _)| *kind).collect()
}

/// A ledger tag's body.
pub fn ledger_tag(kind: RefKind, id: &str) -> Value {
    json!({
        "tag_name": LEDGER_TAG,
        "tag_value": format!("{}:{id}", ledger_key(kind)),
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
) -> Result<ProfilePlan, Vec<Problem>> {
    let mut out = ProfilePlan::default();
    let mut problems = Vec::new();
    let owned = ledger(catalogs);
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
/// (`site24x7-api.md` §9.10).
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

/// The max-prune guard for these kinds: a prune that deletes more owned objects than
/// max-prune allows, or every owned object of a kind, is refused before the first write.
pub fn prune_guard(
    changes: &[Change],
    catalogs: &Catalogs,
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
    let owned = ledger(catalogs);
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
