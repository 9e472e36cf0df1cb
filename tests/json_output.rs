//! `--json` is typed in every command: the committed schemas (`schema/json/`) are what
//! `s247::json_output` generates, and each command's output against the sandbox validates
//! against its schema, with booleans as booleans and counts as numbers.
//!
//! After changing a shape, regenerate the schemas with
//! `S247_UPDATE_SCHEMA=1 cargo test --test json_output` and commit them.

mod common;

use common::Job;
use common::json::{json_of, run_json, schema_path, write};
use common::sandbox::{Run, run_checked, s247_on};
use s247::actions::Action;
use s247::json_output::{COMMANDS, schema_json};
use s247::sandbox::Sandbox;
use serde_json::{Value, json};

#[test]
fn committed_schemas_match_the_types() {
    let update = std::env::var_os("S247_UPDATE_SCHEMA").is_some();
    let mut stale = Vec::new();
    for command in COMMANDS {
        let generated = schema_json(command).unwrap();
        if update {
            std::fs::write(schema_path(command), &generated).unwrap();
        }
        if std::fs::read_to_string(schema_path(command)).unwrap_or_default() != generated {
            stale.push(*command);
        }
    }
    assert!(
        stale.is_empty(),
        "schema/json/ is out of date for {stale:?}; regenerate with\n  S247_UPDATE_SCHEMA=1 cargo test --test json_output\nand commit the result"
    );
    let committed: Vec<String> = std::fs::read_dir(schema_path("x").parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        committed.len(),
        COMMANDS.len(),
        "no stray schema: {committed:?}"
    );
}

#[test]
fn every_action_and_each_of_its_outputs_has_a_place_in_a_schema() {
    for action in Action::ALL {
        let schema: Value = serde_json::from_str(
            &schema_json(action.name())
                .unwrap_or_else(|| panic!("no schema for {}", action.name())),
        )
        .unwrap();
        for output in action.outputs() {
            assert!(
                schema["properties"][output].is_object(),
                "{}: output `{output}` is not in its --json schema",
                action.name()
            );
        }
    }
}

#[test]
fn token_and_check_are_typed_and_check_carries_its_probe_table() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    // On GitHub the secret travels only through GITHUB_OUTPUT (kept out of the job directory
    // the leak check reads), never in the log's JSON.
    let outputs = tempfile::tempdir().unwrap();
    let run = run_checked(
        s247_on(&sandbox, &job)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", outputs.path().join("output"))
            .args(["token", "--json"]),
        &job,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let token = json_of("token", &run);
    assert_eq!(token["data-center"], "us");
    assert!(token.get("access-token").is_none(), "{token}");
    assert!(token["expires-at"].as_str().unwrap().ends_with('Z'));
    // A plain run keeps it (`$(s247 token --json)` on a laptop).
    let out = s247_on(&sandbox, &job)
        .args(["token", "--json"])
        .output()
        .unwrap();
    let plain = json_of(
        "token",
        &Run {
            code: 0,
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::new(),
        },
    );
    assert!(
        plain["access-token"]
            .as_str()
            .unwrap()
            .starts_with("1000.sandbox-access-")
    );

    let check = json_of("check", &run_json(&sandbox, &job, &["check"]));
    assert_eq!(check["ok"], json!(true), "a boolean, not \"true\"");
    let probes = check["probes"].as_array().unwrap();
    assert!(probes.len() >= 5, "{probes:?}");
    assert!(
        probes
            .iter()
            .any(|p| p["request"] == "GET /maintenance" && p["verdict"] == "allowed")
    );
    assert!(
        probes
            .iter()
            .any(|p| p["request"] == "POST /monitors" && p["verdict"] == "allowed")
    );
    let actions = check["actions"].as_array().unwrap();
    assert_eq!(actions.len(), Action::ALL.len());
    let start = actions
        .iter()
        .find(|a| a["action"] == "maintenance-start")
        .unwrap();
    assert_eq!(
        (&start["can_run"], &start["asked"]),
        (&json!("yes"), &json!(true))
    );
}

#[test]
fn a_check_that_finds_a_missing_scope_says_ok_false_and_which_probe_was_refused() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let run = run_checked(
        s247_on(&sandbox, &job)
            .env(
                "S247_REFRESH_TOKEN",
                s247::sandbox::SANDBOX_READONLY_REFRESH_TOKEN,
            )
            .args(["check", "--for", "maintenance-start", "--json"]),
        &job,
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let check = json_of("check", &run);
    assert_eq!(check["ok"], json!(false));
    let refused: Vec<&Value> = check["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["verdict"] == "refused")
        .collect();
    assert!(!refused.is_empty(), "{check:#}");
    let start = check["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "maintenance-start")
        .unwrap()
        .clone();
    assert_eq!(start["can_run"], "no");
}

#[test]
fn maintenance_commands_hand_over_ids_as_lists_and_counts_as_numbers() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let args = [
        "--monitors",
        "Homepage,API",
        "--duration",
        "30m",
        "--label",
        "json",
    ];
    let start = json_of(
        "maintenance-start",
        &run_json(
            &sandbox,
            &job,
            &[&["maintenance", "start"][..], &args].concat(),
        ),
    );
    let ids = start["maintenance-id"].as_array().unwrap().clone();
    assert_eq!(ids.len(), 1, "{start}");
    assert_eq!(start["label"], "json");
    assert!(start["ends-at"].is_string());

    let list = json_of(
        "maintenance-list",
        &run_json(&sandbox, &job, &["maintenance", "list", "--label", "json"]),
    );
    assert_eq!(list["count"], json!(1), "a number, not \"1\"");
    assert_eq!(list["json"][0]["id"], ids[0], "the windows, as JSON values");
    assert_eq!(list["json"][0]["status"], "active");

    let extend = json_of(
        "maintenance-extend",
        &run_json(
            &sandbox,
            &job,
            &["maintenance", "extend", "--label", "json", "--by", "10m"],
        ),
    );
    assert_eq!(extend["maintenance-id"], json!(ids));

    let end = json_of(
        "maintenance-end",
        &run_json(&sandbox, &job, &["maintenance", "end", "--label", "json"]),
    );
    assert_eq!(end["ended"], json!(1));
}

const MONITORS: &str = "version: 1\nmonitors:\n  - name: JSON check\n    type: URL\n    url: https://json.example.com\n";

#[test]
fn monitors_plan_and_apply_hand_over_the_changes_as_json_values() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let file = write(&job, "monitors.yaml", MONITORS);
    let plan = json_of(
        "monitors-plan",
        &run_json(&sandbox, &job, &["monitors", "plan", "-f", &file]),
    );
    assert_eq!(plan["has-changes"], json!(true), "a boolean, not \"true\"");
    assert_eq!(plan["changes"][0]["action"], "create");
    assert_eq!(plan["changes"][0]["name"], "JSON check");
    assert_eq!(plan["counts"]["create"], json!(1));

    let apply = json_of(
        "monitors-apply",
        &run_json(&sandbox, &job, &["monitors", "apply", "-f", &file]),
    );
    assert_eq!(apply["changes"], plan["changes"]);
    let again = json_of(
        "monitors-plan",
        &run_json(&sandbox, &job, &["monitors", "plan", "-f", &file]),
    );
    assert_eq!(again["has-changes"], json!(false));
    assert_eq!(again["changes"], json!([]));
    assert!(again["counts"]["unchanged"].as_u64().unwrap() >= 1);
}

#[test]
fn export_puts_the_yaml_inside_the_one_json_object() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let export = json_of(
        "monitors-export",
        &run_json(&sandbox, &job, &["monitors", "export", "--groups", "Web"]),
    );
    assert!(export["monitors"].as_u64().unwrap() >= 1, "{export}");
    assert!(export["yaml"].as_str().unwrap().contains("monitors:"));
    let out = job.path("exported.yaml");
    let export = json_of(
        "monitors-export",
        &run_json(
            &sandbox,
            &job,
            &["monitors", "export", "-o", out.to_str().unwrap()],
        ),
    );
    assert_eq!(export["file"], out.to_str().unwrap());
    assert!(export.get("yaml").is_none());
}

#[test]
fn suspend_activate_verify_and_milestone_are_typed() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    for command in ["suspend", "activate"] {
        let json = json_of(
            &format!("monitors-{command}"),
            &run_json(&sandbox, &job, &["monitors", command, "--monitors", "API"]),
        );
        assert_eq!(json["count"], json!(1), "{command}");
    }
    let verify = json_of(
        "monitors-verify",
        &run_json(
            &sandbox,
            &job,
            &["monitors", "verify", "--monitors", "Homepage"],
        ),
    );
    assert_eq!(verify["healthy"], json!(true), "a boolean, not \"true\"");
    assert_eq!(verify["statuses"][0]["name"], "Homepage");
    let milestone = json_of(
        "milestone",
        &run_json(
            &sandbox,
            &job,
            &["milestone", "--monitors", "API", "--name", "Deploy 1"],
        ),
    );
    assert_eq!(milestone["count"], json!(1));
}

#[test]
fn run_hands_over_each_steps_outputs_typed() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let steps = write(
        &job,
        "steps.yaml",
        "steps:\n  - id: window\n    maintenance-start: { duration: 30m, monitors: [API], label: steps }\n  - id: end\n    maintenance-end: { maintenance-id: \"${steps.window.maintenance-id}\" }\n",
    );
    let run = json_of("run", &run_json(&sandbox, &job, &["run", "-f", &steps]));
    assert_eq!(
        run["window-maintenance-id"].as_array().unwrap().len(),
        1,
        "{run}"
    );
    assert_eq!(run["end-ended"], json!(1));
}

#[test]
fn onboarding_under_json_hands_the_refresh_token_inside_the_object() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let exchange = |extra: &[&str]| {
        let out = s247_on(&sandbox, &job)
            .env_remove("S247_REFRESH_TOKEN")
            .args([
                "auth",
                "exchange",
                "--code",
                s247::sandbox::SANDBOX_GRANT_CODE,
                "--json",
            ])
            .args(extra)
            .output()
            .unwrap();
        let run = Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        assert_eq!(run.code, 0, "{}", run.stderr);
        json_of("auth-exchange", &run)
    };
    let json = exchange(&[]);
    let refresh = json["refresh-token"].as_str().unwrap().to_string();
    assert!(refresh.starts_with("1000."), "{json}");
    let revoke = run_checked(
        s247_on(&sandbox, &job)
            .env("S247_REFRESH_TOKEN", &refresh)
            .args(["auth", "revoke", "--json"]),
        &job,
    );
    assert_eq!(revoke.code, 0, "{}", revoke.stderr);
    assert!(!revoke.stdout.contains(&refresh));
    assert_eq!(json_of("auth-revoke", &revoke)["revoked"], json!(true));
}

#[test]
fn platform_outputs_stay_text_while_json_is_typed() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let file = write(&job, "monitors.yaml", MONITORS);
    let outputs = tempfile::tempdir().unwrap();
    let github_output = outputs.path().join("output");
    let dotenv = outputs.path().join("outputs.env");
    let run = run_checked(
        s247_on(&sandbox, &job)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &github_output)
            .args(["monitors", "plan", "-f", &file, "--json", "--output-file"])
            .arg(&dotenv),
        &job,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = json_of("monitors-plan", &run);
    assert_eq!(json["has-changes"], json!(true));
    let github = common::parse_github_file(&github_output);
    assert_eq!(github["has-changes"], "true");
    let changes: Value = serde_json::from_str(&github["changes"]).unwrap();
    assert_eq!(changes, json["changes"], "the same value, as its JSON text");
    assert!(
        !github.contains_key("counts"),
        "json-only detail is no platform output"
    );
    let env = std::fs::read_to_string(&dotenv).unwrap();
    assert!(env.contains("HAS_CHANGES=true\n"), "{env}");
    assert!(!env.contains("COUNTS="), "{env}");

    let run = run_checked(
        s247_on(&sandbox, &job)
            .env("TF_BUILD", "True")
            .args(["monitors", "plan", "-f", &file, "--json"]),
        &job,
    );
    assert_eq!(json_of("monitors-plan", &run)["has-changes"], json!(true));
    assert!(
        run.stderr
            .contains("##vso[task.setvariable variable=hasChanges;isOutput=true;]true"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schemas_refuse_the_old_stringly_typed_objects() {
    let validator = |command: &str| {
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(schema_path(command)).unwrap()).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    };
    let check = validator("check");
    assert!(check.is_valid(&json!({"ok": true, "probes": [], "actions": []})));
    assert!(!check.is_valid(&json!({"ok": "true", "probes": [], "actions": []})));
    assert!(
        !check.is_valid(&json!({"ok": true})),
        "the probe table is required"
    );
    let list = validator("maintenance-list");
    assert!(!list.is_valid(&json!({"json": "[]", "count": "0"})));
    assert!(list.is_valid(&json!({"json": [], "count": 0})));
    // A failed run needs no outputs, but its error must be whole.
    assert!(list.is_valid(&json!({"error": {"message": "m", "exit_code": 1, "problems": []}})));
    assert!(!list.is_valid(&json!({"error": {"message": "m"}})));
    assert!(
        !list.is_valid(&json!({"json": [], "count": 0, "extra": 1})),
        "no stray keys"
    );
}
