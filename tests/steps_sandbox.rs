//! `s247 run` against the sandbox: one token for every step, outputs passed between steps and
//! handed to the CI system, and `if: always` clean-up after a failure.

mod common;

use common::*;
use s247::sandbox::{FaultAction, FaultRule, Sandbox, SandboxConfig};

const MONITORS: &str = "version: 1
defaults:
  location_profile: Global
  notification_profile: Default Notification
  user_groups: [Admins]
monitors:
  - name: Storefront home
    type: URL
    url: https://shop.example.com/
    threshold_profile: Website default
  - name: Edge router
    type: PING
    host: edge.example.net
    threshold_profile: Ping default
";

const STEPS: &str = "steps:
  - id: window
    maintenance-start:
      duration: 30m
      monitors: [Homepage, API]
  - id: apply
    monitors-apply:
      file: monitors.yaml
  - id: close
    if: always
    maintenance-end:
      maintenance-id: ${steps.window.maintenance-id}
";

fn job_with_files() -> Job {
    let job = Job::new();
    std::fs::write(job.path("monitors.yaml"), MONITORS).unwrap();
    std::fs::write(job.path("steps.yaml"), STEPS).unwrap();
    job
}

fn run(sandbox: &Sandbox, job: &Job, steps: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = common::sandbox::s247_on(sandbox, job);
    cmd.arg("run").arg("-f").arg(steps);
    cmd
}

/// The ids of the windows that were ended (moved to now) or deleted.
fn ended_windows(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .requests()
        .iter()
        .filter(|r| {
            r.route == "PUT /api/maintenance/{id}" || r.route == "DELETE /api/maintenance/{id}"
        })
        .map(|r| r.path.rsplit('/').next().unwrap().to_string())
        .collect()
}

#[test]
fn three_steps_one_token_and_the_window_id_flows_to_the_end_step() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = job_with_files();
    let (output, summary) = (job.path("output"), job.path("summary"));
    let out = run(&sandbox, &job, &job.path("steps.yaml"))
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_secret("stderr", &stderr);
    let stats = sandbox.stats();
    assert_eq!(
        stats.count("POST /oauth/v2/token"),
        1,
        "one token for the whole run: {stats:?}"
    );
    assert_eq!(stats.count("POST /api/monitors"), 2, "{stats:?}");

    let outputs = parse_github_file(&output);
    let id = &outputs["window-maintenance-id"];
    assert_eq!(
        ended_windows(&sandbox),
        vec![id.clone()],
        "step 3 ended exactly step 1's window"
    );
    assert_eq!(outputs["close-ended"], "1");
    assert!(outputs.contains_key("apply-changes"), "{outputs:?}");
    for (name, value) in &outputs {
        assert_no_secret(name, value);
    }
    // The summary lists each step with its result and duration.
    let summary = std::fs::read_to_string(&summary).unwrap();
    for step in [
        "window (maintenance-start)",
        "apply (monitors-apply)",
        "close (maintenance-end)",
    ] {
        let row = summary
            .lines()
            .find(|l| l.contains(step))
            .unwrap_or_else(|| panic!("{step} in {summary}"));
        assert!(row.contains("| ok |") && row.ends_with("s |"), "{row}");
    }
}

#[test]
fn the_shipped_example_steps_file_runs() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/steps.yaml");
    let mut cmd = run(&sandbox, &job, &example);
    cmd.env("GITHUB_SHA", "0123abc")
        .env("ADMIN_MONITOR_PASSWORD", "fake-admin-password")
        .env("ORDERS_API_TOKEN", "fake-orders-token");
    let out = cmd.assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("fake-admin-password") && !stderr.contains("fake-orders-token"),
        "{stderr}"
    );
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), 1);
    assert_eq!(ended_windows(&sandbox).len(), 1);
}

#[test]
fn a_failing_apply_still_closes_the_window_and_fails_the_run() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Status(500)).on("POST", "/api/monitors"),
    ]);
    let job = job_with_files();
    let out = run(&sandbox, &job, &job.path("steps.yaml"))
        .env("TF_BUILD", "True")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_secret("stderr", &stderr);
    // Azure DevOps sees the outputs of the steps that ran, and the failure.
    let start_line = stderr
        .lines()
        .find(|l| {
            l.starts_with("##vso[task.setvariable variable=windowMaintenanceId;isOutput=true;]")
        })
        .unwrap_or_else(|| panic!("no windowMaintenanceId output in:\n{stderr}"));
    let id = start_line.rsplit(']').next().unwrap().to_string();
    assert!(
        stderr.contains("##vso[task.setvariable variable=closeEnded;isOutput=true;]1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("##vso[task.complete result=Failed;]"),
        "{stderr}"
    );
    assert_eq!(
        ended_windows(&sandbox),
        vec![id],
        "the if: always step ended the window"
    );
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), 1);
}

#[test]
fn steps_without_a_label_use_the_runs_label() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let steps = job.path("by-label.yaml");
    std::fs::write(
        &steps,
        "steps:\n  - maintenance-start: { duration: 30m, monitors: [Homepage] }\n  - maintenance-end: {}\n    if: always\n",
    )
    .unwrap();
    let out = run(&sandbox, &job, &steps)
        .env("S247_LABEL", "gitlab/shop#77/deploy")
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("label `gitlab/shop#77/deploy`"), "{stderr}");
    assert_eq!(
        ended_windows(&sandbox).len(),
        1,
        "the end step found the window by the run's label"
    );
}
