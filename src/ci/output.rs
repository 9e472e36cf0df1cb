//! One output of a command: a text for the platforms (GitHub and Azure DevOps outputs, the dotenv
//! file, `${steps.ID.NAME}`), which only carry strings, and the same value typed for `--json`
//! (`docs/json-output.md`): a boolean is `true`, a count is `2`, a list is an array.

use serde_json::Value;

use crate::secret::Secret;

/// One output of a command, named in kebab-case (`maintenance-id`).
#[derive(Clone, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    /// The text a platform output carries.
    pub value: String,
    /// The value in the `--json` object.
    pub json: Value,
    pub secret: bool,
    /// Shown in the `--json` object only, never set as a platform output (detail a later step
    /// has no use for, like `check`'s probe table).
    pub json_only: bool,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            "[redacted]"
        } else {
            self.value.as_str()
        };
        write!(f, "{}={value}", self.name)
    }
}

impl Output {
    /// A text output (an id, a time, a label): a JSON string.
    pub fn plain(name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        Output::new(name, value.clone(), Value::String(value))
    }

    pub fn secret(name: &str, value: &Secret) -> Self {
        Output {
            secret: true,
            ..Output::plain(name, value.expose())
        }
    }

    /// `true` / `false`.
    pub fn flag(name: &str, value: bool) -> Self {
        Output::new(name, value.to_string(), Value::Bool(value))
    }

    /// A number of things.
    pub fn count(name: &str, value: usize) -> Self {
        Output::new(name, value.to_string(), Value::from(value))
    }

    /// A list of ids or names: an array in JSON, comma-separated for the platforms (the form
    /// every list setting reads, so `${steps.window.maintenance-id}` passes straight on).
    pub fn list(name: &str, items: &[impl AsRef<str>]) -> Self {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        Output::new(
            name,
            items.join(","),
            Value::Array(items.iter().map(|i| Value::from(*i)).collect()),
        )
    }

    /// Structured data (a list of objects): the value in JSON, its compact JSON text for the
    /// platforms.
    pub fn json(name: &str, value: Value) -> Self {
        let text = match &value {
            Value::String(text) => text.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Output::new(name, text, value)
    }

    /// Detail for the `--json` object only (see [`Output::json_only`]).
    pub fn json_only(name: &str, value: Value) -> Self {
        Output {
            json_only: true,
            ..Output::json(name, value)
        }
    }

    fn new(name: &str, value: String, json: Value) -> Self {
        Output {
            name: name.to_string(),
            value,
            json,
            secret: false,
            json_only: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn platforms_get_text_and_json_gets_types() {
        let ok = Output::flag("ok", true);
        assert_eq!((ok.value.as_str(), &ok.json), ("true", &json!(true)));
        let n = Output::count("count", 2);
        assert_eq!((n.value.as_str(), &n.json), ("2", &json!(2)));
        let ids = Output::list("maintenance-id", &["1", "2"]);
        assert_eq!((ids.value.as_str(), &ids.json), ("1,2", &json!(["1", "2"])));
        let rows = Output::json("statuses", json!([{"id": "1"}]));
        assert_eq!(rows.value, r#"[{"id":"1"}]"#);
        assert!(!rows.json_only && Output::json_only("probes", json!([])).json_only);
        let secret = Output::secret("access-token", &Secret::new("tok"));
        assert_eq!(format!("{secret:?}"), "access-token=[redacted]");
        assert_eq!(secret.json, json!("tok"));
    }
}
