//! A failure under `--json` prints one object on stdout with `error` — `message`, `exit_code`
//! and every problem with its `file`, `line` and `col` — as well as the human message on
//! stderr; outputs set before the failure stay in it.

mod common;

use common::Job;
use common::json::{error_of, run_json, write};
use common::sandbox::{Run, run_checked, s247_on};
use s247::sandbox::Sandbox;
use serde_json::json;

#[test]
fn invalid_input_under_json_prints_every_problem_with_its_place_and_changes_nothing() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let file = write(
        &job,
        "monitors.yaml",
        "version: 1\nmonitors:\n  - name: A\n    type: URL\n    url: https://a.example.com\n    tz: UTC\n  - name: B\n    type: URL\n    url: https://b.example.com\n    check_frequency: 7s\n",
    );
    for ci in ["plain", "github"] {
        let run = run_checked(
            s247_on(&sandbox, &job).args(["--ci", ci, "monitors", "apply", "-f", &file, "--json"]),
            &job,
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        let json = error_of("monitors-apply", &run);
        let problems = json["error"]["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 2, "every problem, in one round: {json:#}");
        assert_eq!(problems[0]["file"], file.as_str());
        assert_eq!(
            (&problems[0]["line"], &problems[0]["col"]),
            (&json!(6), &json!(5))
        );
        assert!(problems[0]["message"].as_str().unwrap().contains("`tz`"));
        assert_eq!(problems[1]["line"], json!(10));
        assert!(
            json.get("changes").is_none(),
            "no outputs: nothing was planned"
        );
        // The human message is on stderr as before.
        let human = if ci == "github" {
            "::error file="
        } else {
            "monitors.yaml:6:5: error:"
        };
        assert!(run.stderr.contains(human), "{}", run.stderr);
    }
    assert!(common::sandbox::writes(&sandbox).is_empty());
}

#[test]
fn refused_credentials_under_json_exit_3_with_an_error_object() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let run = run_checked(
        s247_on(&sandbox, &job)
            .env("S247_REFRESH_TOKEN", "1000.not-a-sandbox-token")
            .args(["maintenance", "list", "--json"]),
        &job,
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let json = error_of("maintenance-list", &run);
    assert_eq!(json["error"]["problems"], json!([]));
    assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    assert!(
        !json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1000.not-a-sandbox-token")
    );
}

#[test]
fn a_command_line_the_parser_refuses_is_an_error_object_too() {
    let job = Job::new();
    let out = common::s247(&job)
        .args(["maintenance", "start", "--json", "--durration", "5m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let run = Run {
        code: 2,
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    let json = error_of("maintenance-start", &run);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--durration"),
        "{json:#}"
    );
    assert!(
        run.stderr.contains("--durration"),
        "clap's message stays on stderr"
    );
}

#[test]
fn a_failed_step_keeps_the_earlier_outputs_and_names_the_step() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    let steps = write(
        &job,
        "steps.yaml",
        "steps:\n  - id: window\n    maintenance-start: { duration: 30m, monitors: [API], label: ok }\n  - maintenance-extend: { label: nothing-here, by: 5m }\n  - id: end\n    maintenance-end: { label: ok }\n    if: always\n",
    );
    let run = run_checked(
        s247_on(&sandbox, &job).args(["run", "-f", &steps, "--json"]),
        &job,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = error_of("run", &run);
    assert_eq!(json["window-maintenance-id"].as_array().unwrap().len(), 1);
    assert_eq!(json["end-ended"], json!(1), "the `if: always` step ran");
    let problems = json["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{json:#}");
    assert_eq!(problems[0]["file"], steps.as_str());
    assert_eq!(problems[0]["line"], json!(4));
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("nothing-here"),
        "{json:#}"
    );
}

#[test]
fn a_failing_health_gate_still_hands_on_what_it_saw() {
    let sandbox = Sandbox::start(Default::default()).unwrap();
    let job = Job::new();
    run_json(
        &sandbox,
        &job,
        &["monitors", "suspend", "--monitors", "API"],
    );
    let run = run_checked(
        s247_on(&sandbox, &job).args([
            "monitors",
            "verify",
            "--monitors",
            "API",
            "--within",
            "1m",
            "--json",
        ]),
        &job,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = error_of("monitors-verify", &run);
    assert_eq!(json["healthy"], json!(false));
    assert_eq!(json["statuses"][0]["name"], "API");
}
