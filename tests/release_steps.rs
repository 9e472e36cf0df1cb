//! The rest of a release in one steps file: open a window, mark the deploy, gate on health, and
//! close the window whatever happened — with one token.

mod common;

use common::*;
use s247::sandbox::{Sandbox, SandboxConfig, StatusStep};

fn steps(verify: &str) -> String {
    format!(
        "steps:
  - id: window
    maintenance-start:
      duration: 30m
      monitors: [Homepage]
  - id: mark
    milestone:
      groups: [Web]
      name: Deploy 1a2b3c4
  - id: gate
    monitors-verify:
      monitors: [{verify}]
      within: 1m
  - id: close
    if: always
    maintenance-end:
      maintenance-id: ${{steps.window.maintenance-id}}
"
    )
}

fn run(sandbox: &Sandbox, job: &Job, verify: &str) -> assert_cmd::assert::Assert {
    std::fs::write(job.path("steps.yaml"), steps(verify)).unwrap();
    let mut cmd = s247(job);
    with_sandbox(&mut cmd, sandbox);
    cmd.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", job.path("output"))
        .env("GITHUB_STEP_SUMMARY", job.path("summary"))
        .env("GITHUB_REPOSITORY", "octo/shop")
        .env("GITHUB_RUN_ID", "7")
        .env("GITHUB_JOB", "deploy")
        .args(["run", "-f"])
        .arg(job.path("steps.yaml"))
        .assert()
}

fn windows_closed(sandbox: &Sandbox) -> usize {
    requests_to(sandbox, "PUT /api/maintenance/{id}")
        + requests_to(sandbox, "DELETE /api/maintenance/{id}")
}

#[test]
fn window_marker_gate_and_close_run_with_one_token() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    run(&sandbox, &job, "Checkout, API").success();
    assert_eq!(requests_to(&sandbox, "POST /oauth/v2/token"), 1);
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 1);
    assert!(requests_to(&sandbox, "GET /api/current_status") >= 1);
    assert_eq!(windows_closed(&sandbox), 1);
    let outputs = parse_github_file(&job.path("output"));
    assert_eq!(outputs["gate-healthy"], "true");
    assert_eq!(outputs["mark-count"], "1");
}

#[test]
fn a_failing_gate_fails_the_run_and_the_window_still_closes() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.script_status(
        "API",
        vec![StatusStep::down_for(1000, "Connection refused")],
    );
    let job = Job::new();
    let out = run(&sandbox, &job, "API").code(1);
    let log = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(log.contains("Connection refused"), "{log}");
    assert_eq!(windows_closed(&sandbox), 1, "the if: always step ran");
    assert_eq!(requests_to(&sandbox, "POST /oauth/v2/token"), 1);
    let summary = std::fs::read_to_string(job.path("summary")).unwrap();
    assert!(summary.contains("Health gate: failed"), "{summary}");
    let gate = summary
        .lines()
        .find(|l| l.contains("gate (monitors-verify)"))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(gate.contains("failed"), "{gate}");
}

#[test]
fn a_gate_on_the_monitor_the_window_covers_fails_and_says_why() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = run(&sandbox, &job, "Homepage").code(1);
    let log = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(log.contains("End the window first"), "{log}");
    assert_eq!(windows_closed(&sandbox), 1);
}

#[test]
fn a_failing_gate_hands_on_what_it_saw_under_its_step_names() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.script_status(
        "API",
        vec![StatusStep::down_for(1000, "Connection refused")],
    );
    let job = Job::new();
    run(&sandbox, &job, "API").code(1);
    // Like any step's outputs: under `gate-…`, never under the bare names a step without an id
    // would not have.
    let outputs = parse_github_file(&job.path("output"));
    assert_eq!(outputs["gate-healthy"], "false", "{outputs:?}");
    assert!(
        outputs["gate-statuses"].contains("Connection refused"),
        "{outputs:?}"
    );
    assert!(!outputs.contains_key("healthy"), "{outputs:?}");
    assert!(!outputs.contains_key("statuses"), "{outputs:?}");
}
