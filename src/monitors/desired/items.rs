//! Building the items, monitors and groups alike: `defaults:` laid under each monitor, fields
//! checked against the item's type, required fields, references, and names that must be unique.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::Location;
use crate::secret::Secret;
use crate::yaml::Tree;

use super::super::fields::{self, Codec, Field, Scope};
use super::super::spec::MonitorsFile;
use super::{Builder, Default, Item, Setting, to_object};

impl Builder<'_> {
    pub(super) fn defaults(&mut self, spec: &MonitorsFile) -> Vec<Default> {
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

    pub(super) fn item(
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
    pub(super) fn check_value(
        &mut self,
        path: &[&str],
        field: &Field,
        scope: Scope,
        value: &Value,
    ) {
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
    pub(super) fn check_refs(&mut self, path: &[&str], key: &str, value: &Value) {
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

    pub(super) fn unique_names(&mut self, section: &str, items: &[Item], noun: &str) {
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
pub(super) fn valid_tag(text: &str) -> bool {
    match text.split_once(':') {
        Some((name, value)) => !name.trim().is_empty() && !value.trim().is_empty(),
        None => !text.trim().is_empty(),
    }
}
