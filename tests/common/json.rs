//! Reading a command's `--json` object: one JSON object on stdout, checked against the
//! committed schema of that command (`schema/json/<command>.schema.json`).

use std::path::PathBuf;

use s247::sandbox::Sandbox;
use serde_json::Value;

use super::Job;
use super::sandbox::{Run, run_checked, s247_on};

pub fn schema_path(command: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("schema/json/{command}.schema.json"))
}

/// The command's `--json` object: one JSON object on stdout that validates against the
/// committed schema.
pub fn json_of(command: &str, run: &Run) -> Value {
    let value: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{command}: stdout is not one JSON object ({e}):\n{}",
            run.stdout
        )
    });
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path(command)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{command} --json does not match its schema:\n{}\n{value:#}",
        errors.join("\n")
    );
    value
}

pub fn run_json(sandbox: &Sandbox, job: &Job, args: &[&str]) -> Run {
    let run = run_checked(s247_on(sandbox, job).args(args).arg("--json"), job);
    assert!(run.code == 0 || run.code == 4, "{args:?}: {}", run.stderr);
    run
}

pub fn write(job: &Job, name: &str, text: &str) -> String {
    let path = job.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The object of a failed run, whose `error.exit_code` is the process's.
pub fn error_of(command: &str, run: &Run) -> Value {
    let json = json_of(command, run);
    assert_eq!(
        json["error"]["exit_code"],
        serde_json::json!(run.code),
        "{json:#}"
    );
    json
}
