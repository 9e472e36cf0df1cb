//! Reading the profile sections of a parsed file into [`Declared`] objects (no request): names,
//! threshold types, e-mail addresses, duplicates, the tag names s247 keeps for itself. Every
//! problem is reported at its `file:line:col`.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::error::{Location, Problem};
use crate::yaml::Tree;

use super::super::fields::{RefKind, scalar_text};
use super::super::spec::{MonitorType, MonitorsFile};
use super::{LEDGER_TAG, section};
use crate::api::resources::Named;

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
    pub fn field(&self, name: &str) -> Option<&DeclaredField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether the live object `live` is this one (name, and type for threshold profiles).
    pub fn is(&self, live: &Named) -> bool {
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
        if let Some(n) = p.down_location_threshold.filter(|n| *n > 8) {
            let at = d.at(&[section(o.kind), &i.to_string(), "down_location_threshold"]);
            d.problem(
                at,
                format!("{n} is out of range; down_location_threshold is 0 to 8 locations"),
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
        .unwrap_or_else(|| super::super::spec::DEFAULT_OWNER_TAG.to_string());
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

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::inputs::Env;

    fn problems(text: &str) -> Vec<String> {
        match crate::monitors::load::load("m.yaml", text, &Env::default()) {
            Err(Error::Invalid(problems)) => problems.iter().map(|p| p.to_string()).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn every_section_mistake_is_reported_at_its_place_in_one_run() {
        let found = problems(
            "version: 1
threshold_profiles:
  - {name: Fast, type: SMTP}
  - {name: Fast, type: URL}
  - {name: Fast, type: URL}
user_groups:
  - {name: Crew, members: [not-an-address]}
tags:
  - {name: s247-owns, value: x}
  - {name: 'env:prod'}
  - {name: managed-by, value: s247}
",
        );
        let expected = [
            "m.yaml:3:24: `SMTP` is not a monitor type s247 manages",
            "m.yaml:5:12: URL threshold profile `Fast` is declared twice",
            "m.yaml:7:28: a member is an e-mail address",
            "m.yaml:9:12: `s247-owns` tags are s247's record",
            "m.yaml:10:12: a tag name cannot contain `:`",
            "m.yaml:11:12: `managed-by:s247` is the ownership tag",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for want in expected {
            assert!(
                found.iter().any(|f| f.starts_with(want)),
                "{want}\n{found:#?}"
            );
        }
    }

    #[test]
    fn a_clean_file_declares_every_object_with_only_the_fields_it_sets() {
        let d = crate::monitors::load::load(
            "m.yaml",
            "version: 1\nnotification_profiles:\n  - {name: Ops, rca_needed: false}\ntags:\n  - {name: env, value: prod, color: '#b7da9e'}\n",
            &Env::default(),
        )
        .unwrap();
        let objects = &d.profiles.objects;
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0].fields.len(), 1);
        assert_eq!(objects[0].fields[0].key, "rca_needed");
        assert_eq!(objects[1].name, "env:prod");
        assert_eq!(
            objects[1].fields[0].value, "#B7DA9E",
            "the palette's spelling"
        );
    }
}
