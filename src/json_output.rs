//! The shape of each command's `--json` object (`docs/json-output.md`), as types the committed
//! JSON Schemas in `schema/json/` are generated from. The commands build their outputs with
//! [`crate::ci::Output`]; `tests/json_output.rs` runs each command against the sandbox and
//! validates what it printed against these schemas, so code and schema cannot drift apart.
//!
//! Every object may also carry `error` (the run failed; outputs set before the failure stay);
//! without `error`, the outputs a command always sets are required.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// `error`: why the run failed. Printed on stdout under `--json` as well as the human message on
/// stderr.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorJson {
    /// What went wrong, as the log says it (secrets scrubbed).
    pub message: String,
    /// The process exit code: 1 runtime or API failure, 2 invalid input (nothing was changed),
    /// 3 authentication.
    pub exit_code: u8,
    /// Each problem of invalid input (every one found, so all are fixed in one round); empty for
    /// other failures.
    pub problems: Vec<ProblemJson>,
}

/// One problem, at its place in a file when it has one.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemJson {
    #[schemars(with = "Nullable<String>")]
    pub file: Option<String>,
    #[schemars(with = "Nullable<u64>")]
    pub line: Option<u64>,
    #[schemars(with = "Nullable<u64>")]
    pub col: Option<u64>,
    pub message: String,
}

/// `s247 token --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TokenJson {
    /// The access token. Only in a plain run: on GitHub Actions and Azure DevOps a secret travels
    /// only through the platform's secret output, never in the log.
    pub access_token: Option<String>,
    /// When the token expires (RFC 3339, UTC); absent when the token came in as input.
    pub expires_at: Option<String>,
    pub api_url: String,
    pub data_center: String,
    /// The token sealed for other jobs of the workflow (needs all three credentials).
    pub token_envelope: Option<String>,
}

/// `s247 check --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckJson {
    /// Every action asked for (`--for`, or all) can run.
    pub ok: bool,
    /// What each probe asked and what the API answered.
    pub probes: Vec<ProbeJson>,
    /// Per action: whether these credentials can run it, and why.
    pub actions: Vec<ActionVerdictJson>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProbeJson {
    /// The commands the probe stands for.
    pub family: String,
    /// The OAuth scope the probe tests.
    pub scope: String,
    /// `GET /maintenance`, `POST /monitors` (creates are probed with an empty body the API must
    /// reject).
    pub request: String,
    /// What the API answered, in words.
    pub result: String,
    pub verdict: ProbeVerdict,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProbeVerdict {
    Allowed,
    Refused,
    Unknown,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionVerdictJson {
    /// The action's name (`maintenance-start`).
    pub action: String,
    pub can_run: CanRun,
    /// Named by `--for` (or no `--for` was given): a `no` here makes `ok` false and exits 3.
    pub asked: bool,
    pub why: String,
}

/// `probably`: every probed scope is there, but one the action needs could not be probed.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CanRun {
    Yes,
    Probably,
    No,
}

/// `s247 maintenance start --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaintenanceStartJson {
    /// The windows opened or reused (one per time zone of the targets; usually one). Platform
    /// outputs carry them comma-separated, as `--id` reads them.
    pub maintenance_id: Vec<String>,
    /// The earliest start (RFC 3339).
    pub starts_at: Option<String>,
    /// The latest end (RFC 3339).
    pub ends_at: Option<String>,
    /// The label stamped on the windows.
    pub label: String,
}

/// `s247 maintenance end --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceEndJson {
    /// How many windows were ended (0 when there was nothing to end).
    pub ended: u64,
}

/// `s247 maintenance extend --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaintenanceExtendJson {
    pub maintenance_id: Vec<String>,
    /// The latest new end (RFC 3339).
    pub ends_at: String,
}

/// `s247 maintenance list --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceListJson {
    /// The windows listed (the name is the platform output's, `json`).
    pub json: Vec<WindowJson>,
    pub count: u64,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowJson {
    pub id: String,
    pub name: String,
    /// The s247 label in its description; `null` for a window s247 did not make.
    #[schemars(with = "Nullable<String>")]
    pub label: Option<String>,
    pub status: WindowStatus,
    /// Start and end (RFC 3339); `null` when the window is recurring or cannot be placed in time.
    #[schemars(with = "Nullable<String>")]
    pub start: Option<String>,
    #[schemars(with = "Nullable<String>")]
    pub end: Option<String>,
    /// The IANA zone the window's times are in, when known.
    #[schemars(with = "Nullable<String>")]
    pub timezone: Option<String>,
    /// What the window covers: `monitors`, `groups` or `tags`.
    #[schemars(with = "Nullable<String>")]
    pub covers: Option<String>,
    /// The ids of what it covers.
    pub ids: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WindowStatus {
    Upcoming,
    Active,
    Over,
    Recurring,
    Unknown,
}

/// `s247 monitors plan --json` and `s247 monitors apply --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MonitorsPlanJson {
    /// One entry per object that changes; field names only, never values (they may be secret).
    pub changes: Vec<ChangeJson>,
    pub has_changes: bool,
    pub counts: CountsJson,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeJson {
    pub action: ChangeAction,
    pub kind: ObjectKind,
    pub name: String,
    pub fields: Vec<String>,
}

/// The plan's own types, so the schema lists exactly the actions and kinds a plan can hold.
pub use crate::monitors::plan::{Action as ChangeAction, ObjectKind};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountsJson {
    pub create: u64,
    pub update: u64,
    pub delete: u64,
    pub suspend: u64,
    pub unchanged: u64,
}

/// `s247 monitors export --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorsExportJson {
    pub monitors: u64,
    pub groups: u64,
    /// The file written (`-o`).
    pub file: Option<String>,
    /// The monitors file itself, when no `-o` was given.
    pub yaml: Option<String>,
}

/// `s247 monitors suspend --json` and `s247 monitors activate --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorsCountJson {
    /// How many monitors changed state.
    pub count: u64,
}

/// `s247 monitors verify --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorsVerifyJson {
    /// Every target was up within the limit.
    pub healthy: bool,
    pub statuses: Vec<StatusJson>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusJson {
    pub name: String,
    pub id: String,
    /// `up`, `down`, `trouble`, `critical`, `suspended`, `maintenance`, `unknown`, …
    pub status: String,
    pub reason: String,
    pub last_checked: String,
}

/// `s247 milestone --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MilestoneJson {
    /// The marker time sent (`yyyy-MM-dd HH:mm`, UTC).
    pub marker_time: String,
    /// How many markers were added.
    pub count: u64,
}

/// `s247 run --json`: each output of each step with an `id`, named `ID-OUTPUT`, typed as that
/// action's own `--json` shows it.
#[derive(Deserialize, JsonSchema)]
pub struct RunJson {
    #[serde(flatten)]
    pub outputs: BTreeMap<String, Value>,
}

/// `s247 auth exchange --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuthExchangeJson {
    /// The new refresh token, in a plain run without `--save-to`.
    pub refresh_token: Option<String>,
    /// Where `--save-to` wrote it.
    pub saved_to: Option<String>,
}

/// `s247 auth revoke --json`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthRevokeJson {
    pub revoked: bool,
}

/// A key that is always there, its value possibly `null` (schemars makes an `Option` field one
/// that may be left out instead).
pub struct Nullable<T>(std::marker::PhantomData<T>);

impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"anyOf": [generator.subschema_for::<T>(), {"type": "null"}]})
    }
}

/// The command (its action name, `auth-exchange`, `auth-revoke` or `run`) and its schema's
/// title, for every command that takes `--json`.
pub const COMMANDS: &[&str] = &[
    "token",
    "check",
    "maintenance-start",
    "maintenance-end",
    "maintenance-extend",
    "maintenance-list",
    "monitors-plan",
    "monitors-apply",
    "monitors-export",
    "monitors-suspend",
    "monitors-activate",
    "monitors-verify",
    "milestone",
    "run",
    "auth-exchange",
    "auth-revoke",
];

/// The JSON Schema (draft 2020-12) of `command`'s `--json` object, as committed in
/// `schema/json/<command>.schema.json`.
pub fn schema_json(command: &str) -> Option<String> {
    let schema = match command {
        "token" => generate::<TokenJson>(),
        "check" => generate::<CheckJson>(),
        "maintenance-start" => generate::<MaintenanceStartJson>(),
        "maintenance-end" => generate::<MaintenanceEndJson>(),
        "maintenance-extend" => generate::<MaintenanceExtendJson>(),
        "maintenance-list" => generate::<MaintenanceListJson>(),
        "monitors-plan" | "monitors-apply" => generate::<MonitorsPlanJson>(),
        "monitors-export" => generate::<MonitorsExportJson>(),
        "monitors-suspend" | "monitors-activate" => generate::<MonitorsCountJson>(),
        "monitors-verify" => generate::<MonitorsVerifyJson>(),
        "milestone" => generate::<MilestoneJson>(),
        "run" => generate::<RunJson>(),
        "auth-exchange" => generate::<AuthExchangeJson>(),
        "auth-revoke" => generate::<AuthRevokeJson>(),
        _ => return None,
    };
    let schema = with_error(schema, command);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    Some(text)
}

fn generate<T: JsonSchema>() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(schema).expect("a schema is JSON")
}

/// Add `error` to a command's schema: allowed always, and when present the outputs the command
/// always sets are no longer required (it may have failed before setting them).
fn with_error(mut schema: Value, command: &str) -> Value {
    let error = generate::<ErrorJson>();
    let object = schema.as_object_mut().expect("a schema object");
    let defs = object
        .entry("$defs")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("$defs is an object");
    if let Some(more) = error.get("$defs").and_then(Value::as_object) {
        defs.extend(more.clone());
    }
    let mut error_def = error.as_object().cloned().unwrap_or_default();
    error_def.remove("$schema");
    error_def.remove("$defs");
    error_def.remove("title");
    defs.insert("Error".into(), Value::Object(error_def));
    object
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("properties is an object")
        .insert("error".into(), json!({"$ref": "#/$defs/Error"}));
    if let Some(required) = object.remove("required") {
        object.insert("if".into(), json!({"required": ["error"]}));
        object.insert("else".into(), json!({"required": required}));
    }
    object.insert(
        "title".into(),
        Value::String(format!("s247 {} --json", command.replacen('-', " ", 1))),
    );
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_schema_that_allows_an_error() {
        for command in COMMANDS {
            let schema: Value = serde_json::from_str(&schema_json(command).unwrap()).unwrap();
            assert_eq!(
                schema["properties"]["error"]["$ref"], "#/$defs/Error",
                "{command}"
            );
            assert!(schema["$defs"]["Error"]["properties"]["problems"].is_object());
        }
        let check: Value = serde_json::from_str(&schema_json("check").unwrap()).unwrap();
        assert_eq!(check["properties"]["ok"]["type"], "boolean");
        assert_eq!(
            check["else"]["required"],
            json!(["ok", "probes", "actions"])
        );
        assert!(schema_json("sandbox").is_none());
    }
}
