//! The file as a list of items (groups and monitors), each a list of settings in file form, with
//! the checks serde cannot make: fields that do not apply to a type, required fields, duplicate
//! names, `${env:NAME}` substitution (masked), `defaults:`. Every setting remembers where it was
//! written, so later errors (an unknown profile) point at it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Problems, Result};
use crate::inputs::Env;
use crate::secret::Secret;

use super::fields::{self, Codec, Field, Scope};
use super::spec::{DEFAULT_OWNER_TAG, MonitorType, MonitorsFile};
use crate::yaml::{Pos, Tree};

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

    /// `${env:…}` outside the fields that take it is an error, not literal text.
    fn no_env_outside_fields(&mut self) {
        let mut found = Vec::new();
        for (path, pos, text) in self.tree.strings() {
            if !text.contains("${env:") {
                continue;
            }
            let allowed = path.len() >= 3
                && path[0] == "monitors"
                && fields::all().any(|f| f.env && f.name == path[2] && f.on != fields::On::GROUP);
            if !allowed {
                found.push((path.join("."), pos));
            }
        }
        for (path, pos) in found {
            let at = self.loc(pos);
            self.problems.push_at(
                at,
                format!(
                    "`${{env:…}}` is read only in a monitor's url, headers, body, basic_auth and FTP username and password (and a transaction's steps), not in `{path}`"
                ),
            );
        }
    }

    fn defaults(&mut self, spec: &MonitorsFile) -> Vec<Default> {
        let Some(defaults) = &spec.defaults else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Value::Object(map) = to_object(defaults) {
            for (name, value) in map {
                let path = ["defaults", name.as_str()];
                let at = self.loc_of(&path, false);
                let elements = self.element_locs(&path, &value);
                self.check_refs(&path, &name, &value);
                out.push(Default {
                    name,
                    value,
                    at,
                    elements,
                });
            }
        }
        out
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

    fn item(
        &mut self,
        section: &str,
        index: usize,
        name: &str,
        scope: Scope,
        object: Value,
        defaults: &[Default],
    ) -> Item {
        let idx = index.to_string();
        let base = [section, idx.as_str()];
        let at = self.loc_of(&[section, &idx, "name"], false);
        if name.trim().is_empty() {
            self.problems.push_at(at.clone(), "the name is empty");
        } else if name.trim() != name {
            self.problems.push_at(
                at.clone(),
                format!("the name `{name}` has leading or trailing spaces"),
            );
        }
        let Value::Object(map) = object else {
            unreachable!("items serialise as objects")
        };

        let mut settings = Vec::new();
        for (key, value) in map {
            if key == "name" || key == "type" {
                continue;
            }
            let path = [section, idx.as_str(), key.as_str()];
            let Some(field) = fields::lookup(&key, scope) else {
                let applies = fields::where_applies(&key).join(", ");
                self.problem(
                    &path,
                    true,
                    format!(
                        "`{key}` does not apply to {}; it applies to {applies}",
                        scope.noun()
                    ),
                );
                continue;
            };
            self.check_value(&path, field, scope, &value);
            self.check_refs(&path, &key, &value);
            let (value, hidden) = if field.env {
                self.expand(&path, value)
            } else {
                (value, None)
            };
            let secret = hidden.is_some();
            let hidden = hidden.unwrap_or_default();
            let secret = secret || matches!(field.codec, Codec::BasicAuth | Codec::Password(_));
            // A password field (FTP) written in the file: accepted with a warning, and masked.
            if matches!(field.codec, Codec::Password(_))
                && let Some(Tree {
                    node: crate::yaml::Node::Text(text) | crate::yaml::Node::Plain(text),
                    ..
                }) = self.tree.get(&path)
                && !text.contains("${env:")
            {
                self.warnings.push(format!(
                    "{}: the {key} of `{name}` is written in the file; use ${{env:NAME}} and a CI secret",
                    self.loc_of(&path, false)
                ));
                if let Some(text) = fields::scalar_text(&value) {
                    self.secrets.push(Secret::new(text));
                }
            }
            // A password written as a YAML number (`password: 987654321`) is a password too.
            let password = match &value["password"] {
                Value::String(text) => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            };
            if matches!(field.codec, Codec::BasicAuth)
                && let Some(password) = password
            {
                let original = self.tree.get(&[section, &idx, "basic_auth", "password"]);
                if let Some(Tree {
                    node: crate::yaml::Node::Text(text) | crate::yaml::Node::Plain(text),
                    ..
                }) = original
                    && !text.contains("${env:")
                {
                    self.warnings.push(format!(
                        "{}: the basic_auth password of `{name}` is written in the file; use ${{env:NAME}} and a CI secret",
                        self.loc_of(&[section, &idx, "basic_auth", "password"], false)
                    ));
                    self.secrets.push(Secret::new(password));
                }
            }
            settings.push(Setting {
                field,
                at: self.loc_of(&path, false),
                elements: self.element_locs(&path, &value),
                value,
                secret,
                hidden,
            });
        }

        // An adopted monitor (a type s247 cannot create) takes only what its own entry says:
        // a default would silently re-point the alerting of a monitor someone else set up.
        let adopted = matches!(scope, Scope::Monitor(kind) if !kind.creatable());
        for d in defaults.iter().filter(|_| !adopted) {
            if settings.iter().any(|s| s.field.name == d.name) {
                continue;
            }
            if let Some(field) = fields::lookup(&d.name, scope) {
                settings.push(Setting {
                    field,
                    value: d.value.clone(),
                    at: d.at.clone(),
                    elements: d.elements.clone(),
                    secret: false,
                    hidden: Vec::new(),
                });
            }
        }

        for field in fields::all() {
            if field.required.contains(scope.on())
                && !settings.iter().any(|s| s.field.name == field.name)
            {
                let type_at = self.loc_of(&[base[0], base[1], "type"], false);
                self.problems.push_at(
                    type_at,
                    format!("{} need `{}`: `{name}` has none", scope.noun(), field.name),
                );
            }
        }
        settings.sort_by_key(|s| {
            fields::all()
                .position(|f| std::ptr::eq(f, s.field))
                .unwrap_or(usize::MAX)
        });
        Item {
            name: name.to_string(),
            scope,
            at,
            settings,
        }
    }

    /// Checks of single values the types do not make.
    fn check_value(&mut self, path: &[&str], field: &Field, scope: Scope, value: &Value) {
        match field.codec {
            Codec::Choice("http_method", _) => {
                let Scope::Monitor(kind) = scope else { return };
                let method = value.as_str().unwrap_or_default();
                let allowed = fields::methods_for(kind);
                if !allowed.iter().any(|(m, _)| *m == method) {
                    let names: Vec<&str> = allowed.iter().map(|(m, _)| *m).collect();
                    self.problem(
                        path,
                        false,
                        format!(
                            "{kind} monitors take the methods {}, not {method}",
                            names.join(", ")
                        ),
                    );
                }
            }
            Codec::StatusCodes(_) => {
                let text = value.as_str().unwrap_or_default();
                if !fields::valid_status_codes(text) {
                    self.problem(
                        path,
                        false,
                        format!("`{text}` is not a list of status codes; write it like \"200\", \"200-299\" or \"200-299,301\""),
                    );
                }
            }
            Codec::Text(_)
                if field.required.contains(scope.on())
                    && value.as_str().is_none_or(|s| s.trim().is_empty()) =>
            {
                self.problem(path, false, format!("`{}` is empty", field.name));
            }
            Codec::Keyword(_) => {
                let word = value
                    .as_str()
                    .or_else(|| value["value"].as_str())
                    .unwrap_or("");
                if word.is_empty() {
                    self.problem(path, false, format!("`{}` is empty", field.name));
                }
            }
            Codec::Int("port") if value.as_u64() == Some(0) => {
                self.problem(path, false, "port 0 is not a port");
            }
            _ => {}
        }
    }

    /// Reference lists: names not empty, tags written `name:value`.
    fn check_refs(&mut self, path: &[&str], key: &str, value: &Value) {
        let names: Vec<&str> = match value {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => return,
        };
        for (i, name) in names.iter().enumerate() {
            let index = i.to_string();
            let mut p = path.to_vec();
            p.push(&index);
            if name.trim().is_empty() {
                self.problem(&p, false, "an empty name");
            } else if key == "tags" && !valid_tag(name) {
                self.problem(
                    &p,
                    false,
                    format!("`{name}` is not a tag; write it as name:value (or name)"),
                );
            }
        }
    }

    /// Substitute `${env:NAME}` in every string under `value`; masks what it reads. Returns
    /// the value, and (when anything was substituted) the keys right under it that were.
    fn expand(&mut self, path: &[&str], value: Value) -> (Value, Option<Vec<String>>) {
        let mut hidden = None;
        let depth = path.len();
        let mut path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let value = self.expand_inner(&mut path, depth, value, &mut hidden);
        (value, hidden)
    }

    fn expand_inner(
        &mut self,
        path: &mut Vec<String>,
        depth: usize,
        value: Value,
        hidden: &mut Option<Vec<String>>,
    ) -> Value {
        match value {
            Value::String(text) if text.contains("${env:") => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                match substitute(&text, self.env) {
                    Ok((expanded, read)) => {
                        let keys = hidden.get_or_insert_with(Vec::new);
                        if let Some(key) = path.get(depth) {
                            keys.push(key.clone());
                        }
                        for value in read {
                            self.secrets.push(Secret::new(value));
                        }
                        Value::String(expanded)
                    }
                    Err(messages) => {
                        for message in messages {
                            self.problem(&p, false, message);
                        }
                        Value::String(String::new())
                    }
                }
            }
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    path.push(k.clone());
                    let v = self.expand_inner(path, depth, v, hidden);
                    path.pop();
                    out.insert(k, v);
                }
                Value::Object(out)
            }
            // A REST API transaction's steps: a list of objects.
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        path.push(i.to_string());
                        let v = self.expand_inner(path, depth, v, hidden);
                        path.pop();
                        v
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    fn unique_names(&mut self, section: &str, items: &[Item], noun: &str) {
        let mut seen: HashMap<&str, &Location> = HashMap::new();
        for item in items {
            if let Some(first) = seen.get(item.name.as_str()) {
                self.problems.push_at(
                    item.at.clone(),
                    format!(
                        "duplicate {noun} name `{}` (first at line {}): the name is the {noun}'s identity",
                        item.name, first.line
                    ),
                );
            } else {
                seen.insert(&item.name, &item.at);
            }
        }
        let _ = section;
    }
}

/// `name:value` or `name`, both parts non-empty.
fn valid_tag(text: &str) -> bool {
    match text.split_once(':') {
        Some((name, value)) => !name.trim().is_empty() && !value.trim().is_empty(),
        None => !text.trim().is_empty(),
    }
}

/// Replace each `${env:NAME}`; the values read (for masking), or every problem.
fn substitute(text: &str, env: &Env) -> std::result::Result<(String, Vec<String>), Vec<String>> {
    let mut out = String::new();
    let mut read = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${env:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let Some(end) = after.find('}') else {
            problems.push("`${env:` is not closed with `}`".to_string());
            break;
        };
        let name = &after[..end];
        let valid = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            problems.push(format!(
                "`${{env:{name}}}`: `{name}` is not a variable name"
            ));
        } else if let Err(refused) = crate::inputs::check_env_reference(name) {
            problems.push(refused);
        } else {
            match env.get(name) {
                Some(value) => {
                    out.push_str(value);
                    read.push(value.to_string());
                }
                None => problems.push(format!(
                    "the environment variable `{name}` (from `${{env:{name}}}`) is not set or empty"
                )),
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if problems.is_empty() {
        Ok((out, read))
    } else {
        Err(problems)
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
