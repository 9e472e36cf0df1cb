//! `s247 milestone` against the sandbox: one marker per target, none again on a re-run of the
//! same job, and failures that warn (exit 0) unless `required`.

mod common;

use common::*;
use s247::sandbox::{FaultAction, FaultRule, Sandbox, SandboxConfig};

const WEB_GROUP: &str = "113770000060000001";
const API_MONITOR: &str = "113770000070000002";

/// A GitHub Actions job of run 42 of octo/shop.
fn github_job(sandbox: &Sandbox, job: &Job) -> assert_cmd::Command {
    let mut cmd = s247(job);
    with_sandbox(&mut cmd, sandbox);
    cmd.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_REPOSITORY", "octo/shop")
        .env("GITHUB_RUN_ID", "42")
        .env("GITHUB_JOB", "deploy")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_SHA", "1a2b3c4d5e6f7a8b")
        .env("GITHUB_REF_NAME", "main")
        .env("GITHUB_OUTPUT", job.path("output"))
        .arg("milestone");
    cmd
}

/// The log, checked for leaks on the way.
fn stderr(out: &assert_cmd::assert::Assert) -> String {
    let text = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_no_sandbox_secret("stderr", &text);
    text
}

#[test]
fn one_marker_per_target_and_a_rerun_of_the_job_adds_none() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = github_job(&sandbox, &job)
        .args([
            "--groups",
            "Web",
            "--monitors",
            "API",
            "--name",
            "Deploy 1a2b3c4",
        ])
        .assert()
        .success();
    stderr(&out);
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 2);
    let markers = sandbox.milestones();
    let mut targets: Vec<&str> = markers
        .iter()
        .map(|m| m["monitor_id"].as_str().unwrap())
        .collect();
    targets.sort();
    assert_eq!(targets, vec![WEB_GROUP, API_MONITOR]);
    for marker in &markers {
        assert_eq!(marker["label"], "Deploy 1a2b3c4");
        assert_eq!(
            marker["message"],
            "https://github.com/octo/shop/actions/runs/42 | s247-run: octo/shop#42/deploy"
        );
    }
    let outputs = parse_github_file(&job.path("output"));
    assert_eq!(outputs["count"], "2");
    let time = &outputs["marker-time"];
    assert_eq!(markers[0]["marker_time"], time.as_str());
    assert!(
        jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", time).is_ok(),
        "{time}"
    );

    // The same job again (a re-run keeps the run id), on a fresh runner: nothing is added.
    let rerun = Job::new();
    let out = github_job(&sandbox, &rerun)
        .args([
            "--groups",
            "Web",
            "--monitors",
            "API",
            "--name",
            "Deploy 1a2b3c4",
        ])
        .assert()
        .success();
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 2);
    assert_eq!(sandbox.milestones().len(), 2);
    assert!(
        stderr(&out).contains("already has this run's marker"),
        "{}",
        stderr(&out)
    );
    assert_eq!(parse_github_file(&rerun.path("output"))["count"], "0");
}

#[test]
fn the_default_name_comes_from_the_commit_and_tags_mark_their_monitors() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    github_job(&sandbox, &job)
        .args(["--tags", "team:backend"])
        .assert()
        .success();
    let markers = sandbox.milestones();
    // API and Gateway carry team:backend.
    assert_eq!(markers.len(), 2, "{markers:?}");
    assert!(
        markers
            .iter()
            .all(|m| m["label"] == "Deploy 1a2b3c4 (main)")
    );
}

#[test]
fn a_server_error_is_a_warning_unless_markers_are_required() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Status(500)).on("POST", "/api/milestone"),
    ]);
    let job = Job::new();
    let out = github_job(&sandbox, &job)
        .args(["--groups", "Web"])
        .assert()
        .success();
    let log = stderr(&out);
    assert!(
        log.lines()
            .any(|l| l.starts_with("::warning::") && l.contains("could not be added")),
        "{log}"
    );
    assert_eq!(parse_github_file(&job.path("output"))["count"], "0");
    // A create is never retried blindly.
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 1);

    let job = Job::new();
    let out = github_job(&sandbox, &job)
        .args(["--groups", "Web", "--required", "true"])
        .assert()
        .code(1);
    assert!(stderr(&out).contains("::error"), "{}", stderr(&out));
    assert!(sandbox.milestones().is_empty());
}

#[test]
fn bad_input_stops_before_any_request() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let mut cmd = s247(&job);
    with_sandbox(&mut cmd, &sandbox);
    let out = cmd
        .args(["milestone", "--time", "yesterday"])
        .assert()
        .code(2);
    let log = stderr(&out);
    assert!(log.contains("nothing to mark"), "{log}");
    assert!(log.contains("`yesterday` is not a time"), "{log}");
    assert!(sandbox.requests().is_empty());
}
