//! The `--json` object (`docs/json-output.md`, `schema/json/`): every output under its name with
//! its typed value, and `error` when the run failed.

use serde_json::{Map, Value, json};

use super::Output;
use crate::error::{Error, Problem};

/// What the `--json` object says about a failed run. Messages are already scrubbed of secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub exit_code: u8,
    pub problems: Vec<Problem>,
}

impl Failure {
    /// The failure an error stands for, its messages passed through `redact`.
    pub fn of(error: &Error, redact: impl Fn(&str) -> String) -> Self {
        let problems = match error {
            Error::Invalid(problems) => problems.clone(),
            _ => Vec::new(),
        };
        Failure {
            message: redact(&error.to_string()),
            exit_code: error.exit_code(),
            problems: problems
                .into_iter()
                .map(|p| Problem {
                    message: redact(&p.message),
                    ..p
                })
                .collect(),
        }
    }

    /// `{"message", "exit_code", "problems": [{"file", "line", "col", "message"}]}`; a problem
    /// with no place in a file has `null` there.
    pub fn to_json(&self) -> Value {
        let problems: Vec<Value> = self
            .problems
            .iter()
            .map(|p| {
                let at = p.location.as_ref();
                json!({
                    "file": at.map(|a| a.file.clone()),
                    "line": at.map(|a| a.line),
                    "col": at.map(|a| a.column),
                    "message": p.message,
                })
            })
            .collect();
        json!({
            "message": self.message,
            "exit_code": self.exit_code,
            "problems": problems,
        })
    }
}

/// The object as pretty JSON text: the outputs (secret ones only `with_secrets`), then `error`.
pub fn object(outputs: &[Output], with_secrets: bool, failure: Option<&Failure>) -> String {
    let mut object: Map<String, Value> = outputs
        .iter()
        .filter(|o| with_secrets || !o.secret)
        .map(|o| (o.name.clone(), o.json.clone()))
        .collect();
    if let Some(failure) = failure {
        object.insert("error".into(), json!(failure.to_json()));
    }
    serde_json::to_string_pretty(&object).expect("JSON values serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::secret::Secret;

    #[test]
    fn the_object_is_typed_and_leaves_secrets_to_the_caller() {
        let outputs = [
            Output::flag("ok", false),
            Output::secret("access-token", &Secret::new("tok")),
        ];
        let failure = Failure::of(
            &Error::invalid_at(
                Location {
                    file: "m.yaml".into(),
                    line: 3,
                    column: 5,
                },
                "unknown field `tz` near tok",
            ),
            |t| t.replace("tok", "***"),
        );
        let value: Value = serde_json::from_str(&object(&outputs, false, Some(&failure))).unwrap();
        assert_eq!(
            value,
            json!({"ok": false, "error": {
                "message": "m.yaml:3:5: unknown field `tz` near ***",
                "exit_code": 2,
                "problems": [{"file": "m.yaml", "line": 3, "col": 5,
                              "message": "unknown field `tz` near ***"}]
            }})
        );
        let value: Value = serde_json::from_str(&object(&outputs, true, None)).unwrap();
        assert_eq!(value, json!({"ok": false, "access-token": "tok"}));
    }
}
