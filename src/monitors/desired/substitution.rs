//! `${env:NAME}` substitution: read only in the fields that take it, each value read from the
//! environment remembered as a secret so it is masked wherever it could show.

use serde_json::{Map, Value};

use crate::inputs::Env;
use crate::secret::Secret;

use super::super::fields;
use super::Builder;

impl Builder<'_> {
    /// `${env:…}` outside the fields that take it is an error, not literal text.
    pub(super) fn no_env_outside_fields(&mut self) {
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

    /// Substitute `${env:NAME}` in every string under `value`; masks what it reads. Returns
    /// the value, and (when anything was substituted) the keys right under it that were.
    pub(super) fn expand(&mut self, path: &[&str], value: Value) -> (Value, Option<Vec<String>>) {
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
}

/// Replace each `${env:NAME}`; the values read (for masking), or every problem.
pub(super) fn substitute(
    text: &str,
    env: &Env,
) -> std::result::Result<(String, Vec<String>), Vec<String>> {
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
