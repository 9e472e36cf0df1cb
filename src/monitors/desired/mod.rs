//! The file as a list of items (groups and monitors), each a list of settings in file form, with
//! the checks serde cannot make: fields that do not apply to a type, required fields, duplicate
//! names, `${env:NAME}` substitution (masked), `defaults:`. Every setting remembers where it was
//! written, so later errors (an unknown profile) point at it.

mod items;
mod substitution;

use serde_json::Value;

use crate::error::{Error, Location, Problems, Result};
use crate::inputs::Env;
use crate::secret::Secret;

use super::fields::{Field, Scope};
use super::spec::{DEFAULT_OWNER_TAG, MonitorType, MonitorsFile};
use crate::yaml::{Pos, Tree};

use items::valid_tag;
#[cfg(test)]
use substitution::substitute;

/// What the file asks for.
#[derive(Debug, Clone)]
pub struct Desired {
    pub file: String,
    /// The ownership tag (`name:value`) and where it was set (the file's start if defaulted).
    pub owner_tag: String,
    pub owner_tag_at: Location,
    pub groups: Vec<Item>,
    pub monitors: Vec<Item>,
    /// The `maintenance_windows:` section, when the file has one.
    pub windows: Option<Vec<super::windows::desired::DesiredWindow>>,
    /// The profile, user group and tag sections ([`super::profiles`]).
    pub profiles: super::profiles::Declared,
    /// Values read from the environment, to be masked before anything is printed.
    pub secrets: Vec<Secret>,
    /// Things worth saying that are not errors.
    pub warnings: Vec<String>,
}

/// A monitor or a group.
#[derive(Debug, Clone)]
pub struct Item {
    pub name: String,
    pub scope: Scope,
    /// Where its name is written.
    pub at: Location,
    pub settings: Vec<Setting>,
}

impl Item {
    pub fn setting(&self, name: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.field.name == name)
    }

    pub fn monitor_type(&self) -> Option<MonitorType> {
        match self.scope {
            Scope::Monitor(kind) => Some(kind),
            Scope::Group => None,
        }
    }
}

/// One field of an item. Its `Debug` hides the value when it holds a secret.
#[derive(Clone)]
pub struct Setting {
    pub field: &'static Field,
    /// The value in file form, `${env:…}` substituted.
    pub value: Value,
    /// Where the value is written (in the item, or under `defaults:`).
    pub at: Location,
    /// Where each element is written, for lists.
    pub elements: Vec<Location>,
    /// Holds a value from the environment (or a password): shown as `(secret)`.
    pub secret: bool,
    /// The keys under it (header names) whose values came from the environment.
    pub hidden: Vec<String>,
}

impl std::fmt::Debug for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value: &dyn std::fmt::Debug = if self.secret {
            &"(secret)"
        } else {
            &self.value
        };
        f.debug_struct("Setting")
            .field("field", &self.field.name)
            .field("value", value)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

/// Build the items of a parsed file, checking everything that needs no request.
pub fn build(path: &str, spec: &MonitorsFile, tree: &Tree, env: &Env) -> Result<Desired> {
    let mut b = Builder {
        path,
        tree,
        env,
        problems: Problems::default(),
        secrets: Vec::new(),
        warnings: Vec::new(),
    };
    if spec.version != 1 {
        b.problem(
            &["version"],
            false,
            format!(
                "version {} is not supported; this s247 reads version 1",
                spec.version
            ),
        );
    }
    b.no_env_outside_fields();

    let owner_tag = spec
        .owner_tag
        .clone()
        .unwrap_or_else(|| DEFAULT_OWNER_TAG.to_string());
    if spec.owner_tag.is_some() && !valid_tag(&owner_tag) {
        b.problem(
            &["owner_tag"],
            false,
            format!("`{owner_tag}` is not a tag; write it as name:value"),
        );
    }
    let owner_tag_at = b.loc(
        b.tree
            .value_at(&["owner_tag"])
            .unwrap_or(Pos { line: 1, column: 1 }),
    );

    let defaults = b.defaults(spec);
    let mut groups = Vec::new();
    for (index, group) in spec.monitor_groups.iter().enumerate() {
        let object = to_object(group);
        groups.push(b.item(
            "monitor_groups",
            index,
            &group.name,
            Scope::Group,
            object,
            &[],
        ));
    }
    let mut monitors = Vec::new();
    for (index, monitor) in spec.monitors.iter().enumerate() {
        let object = to_object(monitor);
        monitors.push(b.item(
            "monitors",
            index,
            &monitor.name,
            Scope::Monitor(monitor.kind),
            object,
            &defaults,
        ));
    }
    b.unique_names("monitor_groups", &groups, "monitor group");
    b.unique_names("monitors", &monitors, "monitor");
    let windows = spec
        .maintenance_windows
        .as_ref()
        .map(|w| super::windows::desired::build(path, w, tree, &mut b.problems));

    let Builder {
        problems,
        secrets,
        warnings,
        ..
    } = b;
    problems.into_result(Desired {
        file: path.to_string(),
        owner_tag,
        owner_tag_at,
        groups,
        monitors,
        windows,
        profiles: super::profiles::Declared::default(),
        secrets,
        warnings,
    })
}

/// A default: its field name, value and where it is written.
struct Default {
    name: String,
    value: Value,
    at: Location,
    elements: Vec<Location>,
}

struct Builder<'a> {
    path: &'a str,
    tree: &'a Tree,
    env: &'a Env,
    problems: Problems,
    secrets: Vec<Secret>,
    warnings: Vec<String>,
}

impl Builder<'_> {
    fn loc(&self, pos: Pos) -> Location {
        Location {
            file: self.path.to_string(),
            line: pos.line,
            column: pos.column,
        }
    }

    /// Where `path` is: its key when `key` is set, else its value; the file start if unknown.
    fn loc_of(&self, path: &[&str], key: bool) -> Location {
        let pos = if key {
            self.tree.key_at(path)
        } else {
            self.tree.value_at(path)
        };
        self.loc(pos.unwrap_or(Pos { line: 1, column: 1 }))
    }

    fn problem(&mut self, path: &[&str], key: bool, message: impl Into<String>) {
        let at = self.loc_of(path, key);
        self.problems.push_at(at, message);
    }

    fn element_locs(&self, path: &[&str], value: &Value) -> Vec<Location> {
        let Some(items) = value.as_array() else {
            return Vec::new();
        };
        (0..items.len())
            .map(|i| {
                let index = i.to_string();
                let mut p = path.to_vec();
                p.push(&index);
                self.loc_of(&p, false)
            })
            .collect()
    }
}

fn to_object<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("spec types serialise to JSON")
}

/// An invalid-input error at a setting's place.
pub fn at_setting(setting: &Setting, message: impl Into<String>) -> Error {
    Error::invalid_at(setting.at.clone(), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    fn env() -> Env {
        Env::from_pairs([("TOKEN", "t0ps3cret"), ("USER", "ci")])
    }

    fn load(text: &str) -> Result<Desired> {
        super::super::load::load("m.yaml", text, &env())
    }

    fn problems(text: &str) -> Vec<Problem> {
        match load(text) {
            Err(Error::Invalid(p)) => p,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    fn lines(p: &[Problem]) -> Vec<(usize, usize)> {
        p.iter()
            .map(|p| {
                let at = p.location.as_ref().unwrap();
                (at.line, at.column)
            })
            .collect()
    }

    #[test]
    fn defaults_fill_what_applies() {
        let d = load(
            "version: 1\ndefaults:\n  check_frequency: 5m\n  notification_profile: Ops\nmonitors:\n  - name: a\n    type: PING\n    host: h\n  - name: b\n    type: HEARTBEAT\n    unique_name: b\n    notification_profile: Other\n",
        )
        .unwrap();
        let a = &d.monitors[0];
        assert_eq!(a.setting("check_frequency").unwrap().value, "5m");
        assert_eq!(a.setting("check_frequency").unwrap().at.line, 3);
        let b = &d.monitors[1];
        assert!(
            b.setting("check_frequency").is_none(),
            "heartbeats take no frequency"
        );
        assert_eq!(b.setting("notification_profile").unwrap().value, "Other");
        assert_eq!(d.owner_tag, "managed-by:s247");
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let p = problems(
            "version: 1\nmonitors:\n  - name: a\n    type: PING\n    url: https://x\n  - name: a\n    type: URL\n  - name: c\n    type: URL\n    url: https://c\n    method: PUT\n    expected_status: 2xx\n",
        );
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages[0].contains("`url` does not apply to PING"),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("PING monitors need `host`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("URL monitors need `url`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("methods GET, POST, HEAD, not PUT"))
        );
        assert!(messages.iter().any(|m| m.contains("`2xx` is not a list")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("duplicate monitor name `a`"))
        );
        let at = lines(&p);
        assert!(at.contains(&(5, 5)), "url key: {at:?}");
        assert!(at.contains(&(6, 11)), "duplicate name: {at:?}");
        assert!(at.contains(&(11, 13)), "method value: {at:?}");
    }

    #[test]
    fn env_values_are_substituted_masked_and_checked() {
        let d = load(
            "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: https://x\n    headers:\n      Authorization: \"Bearer ${env:TOKEN}\"\n    basic_auth: {user: \"${env:USER}\", password: \"${env:TOKEN}\"}\n",
        )
        .unwrap();
        let headers = d.monitors[0].setting("headers").unwrap();
        assert_eq!(headers.value["Authorization"], "Bearer t0ps3cret");
        assert!(headers.secret);
        assert_eq!(headers.hidden, ["Authorization"]);
        assert!(d.secrets.iter().any(|s| s.expose() == "t0ps3cret"));
        assert!(!d.monitors[0].setting("url").unwrap().secret);
        assert!(
            !format!("{d:?}").contains("t0ps3cret"),
            "a Debug print hides secrets"
        );

        let p = problems(
            "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: \"https://x/${env:NOPE}\"\n    user_agent: \"${env:TOKEN}\"\n",
        );
        assert_eq!(lines(&p), vec![(6, 17), (5, 10)]);
        assert!(p[1].message.contains("`NOPE`"), "{p:?}");
        assert!(
            p[0].message.contains("not in `monitors.0.user_agent`"),
            "{p:?}"
        );
    }

    #[test]
    fn literal_passwords_warn_and_are_masked() {
        let d = load(
            "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: https://x\n    basic_auth: {user: u, password: hunter2}\n",
        )
        .unwrap();
        assert!(d.warnings[0].contains("m.yaml:6:"), "{:?}", d.warnings);
        assert!(d.secrets.iter().any(|s| s.expose() == "hunter2"));
    }

    #[test]
    fn tags_and_versions_are_checked() {
        let p = problems(
            "version: 2\nowner_tag: \":x\"\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    tags: [\"team:\", ok]\n",
        );
        assert_eq!(lines(&p), vec![(1, 10), (2, 12), (7, 12)]);
    }

    #[test]
    fn substitution_reports_each_problem() {
        let env = Env::from_pairs([("A", "1")]);
        assert_eq!(substitute("x${env:A}y${env:A}", &env).unwrap().0, "x1y1");
        assert_eq!(substitute("${env:B} ${env:1x}", &env).unwrap_err().len(), 2);
        assert!(substitute("${env:A", &env).is_err());
    }
}
