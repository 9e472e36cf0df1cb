//! `s247 milestone` against the sandbox: one marker per target, none again on a re-run of the
//! same job, and failures that warn (exit 0) unless `required`.

mod common;

use common::*;
use s247::sandbox::{FaultAction, FaultRule, Sandbox, SandboxConfig};

const WEB_GROUP: &str = "113770000060000001";
const API_MONITOR: &str = "113770000070000002";

/// A GitHub Actions job of run 42 of octo/shop, deploying commit `1a2b3c4d5e6f7a8b` of `main`.
fn deploy_job(sandbox: &Sandbox) -> CiJob<'_> {
    CiJob::on_sandbox(sandbox)
        .github("42")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_SHA", "1a2b3c4d5e6f7a8b")
        .env("GITHUB_REF_NAME", "main")
}

#[test]
fn one_marker_per_target_and_a_rerun_of_the_job_adds_none() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = deploy_job(&sandbox);
    let out = job.run(&[
        "milestone",
        "--groups",
        "Web",
        "--monitors",
        "API",
        "--name",
        "Deploy 1a2b3c4",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
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
    let outputs = job.outputs();
    assert_eq!(outputs["count"], "2");
    let time = &outputs["marker-time"];
    assert_eq!(markers[0]["marker_time"], time.as_str());
    assert!(
        jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", time).is_ok(),
        "{time}"
    );

    // The same job again (a re-run keeps the run id), on a fresh runner: nothing is added.
    let rerun = deploy_job(&sandbox);
    let out = rerun.run(&[
        "milestone",
        "--groups",
        "Web",
        "--monitors",
        "API",
        "--name",
        "Deploy 1a2b3c4",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 2);
    assert_eq!(sandbox.milestones().len(), 2);
    assert!(
        out.stderr.contains("already has this run's marker"),
        "{}",
        out.stderr
    );
    assert_eq!(rerun.outputs()["count"], "0");
}

#[test]
fn the_default_name_comes_from_the_commit_and_tags_mark_their_monitors() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = deploy_job(&sandbox);
    let out = job.run(&["milestone", "--tags", "team:backend"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
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
    let job = deploy_job(&sandbox);
    let out = job.run(&["milestone", "--groups", "Web"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = out.stderr;
    assert!(
        log.lines()
            .any(|l| l.starts_with("::warning::") && l.contains("could not be added")),
        "{log}"
    );
    assert_eq!(job.outputs()["count"], "0");
    // A create is never retried blindly.
    assert_eq!(requests_to(&sandbox, "POST /api/milestone"), 1);

    let job = deploy_job(&sandbox);
    let out = job.run(&["milestone", "--groups", "Web", "--required", "true"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("::error"), "{}", out.stderr);
    assert!(sandbox.milestones().is_empty());
}

#[test]
fn bad_input_stops_before_any_request() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let out = CiJob::on_sandbox(&sandbox).run(&["milestone", "--time", "yesterday"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let log = out.stderr;
    assert!(log.contains("nothing to mark"), "{log}");
    assert!(log.contains("`yesterday` is not a time"), "{log}");
    assert!(sandbox.requests().is_empty());
}
