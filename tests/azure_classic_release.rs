//! An Azure DevOps *classic* (UI-defined) release, end to end: the real task wrapper
//! (`task/index.js`, `task/post.js`) and the real binary against the sandbox, in the environment
//! an agent gives a task of a classic release's agent job (`docs/azure-classic-release.md`,
//! `examples/azure-classic-release.md`).
//!
//! What sets a classic release apart from a YAML pipeline: `BUILD_BUILDID` is the primary
//! artifact's build (the same in every environment of the release and in later releases of that
//! build), the job is "Agent job" in every environment, and the `RELEASE_*` variables say which
//! release, environment and attempt this is. There is no `RUNNER_TEMP`: the agent's temporary
//! directory is `AGENT_TEMPDIRECTORY`.
//!
//! The agent is emulated by [`azure_agent`].

mod common;

use common::azure_agent::{AgentJob, RunThisTask};
use common::sandbox::scenario_sandbox;
use s247::sandbox::Sandbox;
use serde_json::Value;

const CREATE: &str = "POST /api/maintenance";
const UPDATE: &str = "PUT /api/maintenance/{id}";
const DELETE: &str = "DELETE /api/maintenance/{id}";

fn monitor_id(sandbox: &Sandbox, name: &str) -> String {
    sandbox
        .monitors()
        .into_iter()
        .find(|m| m["display_name"] == name)
        .unwrap()["monitor_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn window(sandbox: &Sandbox, id: &str) -> Value {
    sandbox
        .maintenance_windows()
        .into_iter()
        .find(|w| w["maintenance_id"] == id)
        .unwrap_or_else(|| panic!("window {id} exists"))
}

fn label_of(w: &Value) -> String {
    let description = w["description"].as_str().unwrap();
    description
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("s247-label: "))
        .unwrap_or_else(|| panic!("labelled: {description}"))
        .to_string()
}

/// A window's end as an instant (s247 sends GMT unless told otherwise).
fn end_of(w: &Value) -> jiff::Timestamp {
    format!(
        "{}T{}:00Z",
        w["end_date"].as_str().unwrap(),
        w["end_time"].as_str().unwrap()
    )
    .parse()
    .unwrap()
}

fn covers(w: &Value) -> Vec<String> {
    w["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

/// Ten minutes ago: the window has been running while the deploy ran (a window ended in the
/// minute it started would be deleted instead, having covered nothing).
fn ten_minutes_ago() -> String {
    jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_mins(10))
        .unwrap()
        .to_string()
}

#[test]
fn two_environments_of_one_release_get_two_windows_and_ending_one_leaves_the_other() {
    let sandbox = scenario_sandbox(false);
    let began = ten_minutes_ago();
    // Staging and Production deploy the same release at the same time, on two agents.
    let (staging, production) = std::thread::scope(|scope| {
        let deploy = |environment: &'static str, id: &'static str, monitor: &'static str| {
            let (sandbox, began) = (&sandbox, &began);
            scope.spawn(move || {
                let mut job = AgentJob::new(sandbox, environment, id, 1);
                let step = job.s247_task(
                    "start",
                    RunThisTask::WhenAllSucceeded,
                    &[
                        ("action", "maintenance-start"),
                        ("monitors", monitor),
                        ("duration", "30m"),
                        ("start", began),
                    ],
                );
                assert!(step.succeeded, "{}", step.log);
                let id = job.variables["start.maintenanceId"].clone();
                (job, id)
            })
        };
        let staging = deploy("Staging", "276", "Homepage");
        let production = deploy("Production", "277", "Checkout");
        (staging.join().unwrap(), production.join().unwrap())
    });
    let (mut staging_job, staging_id) = staging;
    let (_production_job, production_id) = production;
    assert_ne!(staging_id, production_id, "two windows");
    assert_eq!(sandbox.stats().count(CREATE), 2);
    let staging_window = window(&sandbox, &staging_id);
    let production_window = window(&sandbox, &production_id);
    assert_eq!(
        label_of(&staging_window),
        "Shop#release-118/Staging.Agent job"
    );
    assert_eq!(
        label_of(&production_window),
        "Shop#release-118/Production.Agent job"
    );
    assert_eq!(covers(&staging_window), [monitor_id(&sandbox, "Homepage")]);
    assert_eq!(
        covers(&production_window),
        [monitor_id(&sandbox, "Checkout")]
    );

    // Staging's end step ends by its default label (no id given): only its own window.
    let step = staging_job.s247_task("end", RunThisTask::Always, &[("action", "maintenance-end")]);
    assert!(step.succeeded, "{}", step.log);
    assert!(end_of(&window(&sandbox, &staging_id)) < end_of(&staging_window));
    assert_eq!(
        window(&sandbox, &production_id),
        production_window,
        "Production's window is exactly as it was"
    );
    assert_eq!(sandbox.stats().count(DELETE), 0);
}

#[test]
fn a_redeploy_of_the_environment_reuses_and_extends_the_first_attempts_window() {
    let sandbox = scenario_sandbox(false);
    let start = |job: &mut AgentJob, duration: &str| {
        let step = job.s247_task(
            "start",
            RunThisTask::WhenAllSucceeded,
            &[
                ("action", "maintenance-start"),
                ("monitors", "Homepage, API"),
                ("duration", duration),
            ],
        );
        assert!(step.succeeded, "{}", step.log);
        (job.variables["start.maintenanceId"].clone(), step)
    };
    let mut first = AgentJob::new(&sandbox, "Production", "277", 1);
    let (id, _) = start(&mut first, "30m");
    let opened = window(&sandbox, &id);
    // Attempt 1 failed before its end step and its agent died: no post-job step ran.

    // "Redeploy" of Production: attempt 2, another agent, a fresh temporary directory, the same
    // release and environment; this time the deploy needs an hour.
    let mut second = AgentJob::new(&sandbox, "Production", "277", 2);
    let (again, step) = start(&mut second, "60m");
    assert_eq!(again, id, "attempt 2 reuses attempt 1's window");
    assert!(step.log.contains("reused and extended"), "{}", step.log);
    assert_eq!(sandbox.stats().count(CREATE), 1, "no second window");
    assert_eq!(sandbox.stats().count(UPDATE), 1, "one write: the new end");
    let extended = window(&sandbox, &id);
    assert!(end_of(&extended) > end_of(&opened), "{extended}");
    assert_eq!(label_of(&extended), label_of(&opened));

    // Attempt 3 with a shorter deploy: the window is long enough already, nothing is written.
    let mut third = AgentJob::new(&sandbox, "Production", "277", 3);
    let (third_id, step) = start(&mut third, "15m");
    assert_eq!(third_id, id);
    assert!(step.log.contains("reused"), "{}", step.log);
    assert_eq!(sandbox.stats().count(UPDATE), 1);
    assert_eq!(window(&sandbox, &id), extended);
}

#[test]
fn a_failed_deploy_still_ends_the_window_through_the_always_end_step() {
    let sandbox = scenario_sandbox(false);
    let mut job = AgentJob::new(&sandbox, "Production", "277", 1);
    let began = ten_minutes_ago();
    let start = job.s247_task(
        "start",
        RunThisTask::WhenAllSucceeded,
        &[
            ("action", "maintenance-start"),
            ("monitors", "Homepage"),
            ("duration", "30m"),
            ("start", &began),
        ],
    );
    assert!(start.succeeded, "{}", start.log);
    let id = job.variables["start.maintenanceId"].clone();
    let opened = window(&sandbox, &id);

    // The deploy applies a monitors file with a typo: the s247 task fails the way an Azure
    // DevOps task must (task.complete, node exits 0), and writes nothing.
    let file = job.temp.path("monitors.yaml");
    std::fs::write(&file, "monitors:\n  - name: Homepage\n    typo: 1\n").unwrap();
    let writes = sandbox.stats().count(CREATE) + sandbox.stats().count(UPDATE);
    let deploy = job.s247_task(
        "deploy",
        RunThisTask::WhenAllSucceeded,
        &[
            ("action", "monitors-apply"),
            ("file", file.to_str().unwrap()),
        ],
    );
    assert!(!deploy.succeeded, "{}", deploy.log);
    assert!(
        deploy
            .log
            .lines()
            .any(|l| l.starts_with("##vso[task.complete result=Failed;]")),
        "{}",
        deploy.log
    );
    assert_eq!(
        sandbox.stats().count(CREATE) + sandbox.stats().count(UPDATE),
        writes
    );
    // A later task with the default control option is skipped, as the agent does.
    job.failing_deploy();
    let skipped = job.s247_task(
        "smoke",
        RunThisTask::WhenAllSucceeded,
        &[("action", "check")],
    );
    assert!(skipped.skipped);

    // The end step, "even if a previous task has failed": the window ends now.
    let end = job.s247_task(
        "end",
        RunThisTask::Always,
        &[
            ("action", "maintenance-end"),
            ("maintenanceId", "$(start.maintenanceId)"),
        ],
    );
    assert!(end.succeeded, "{}", end.log);
    let ended = window(&sandbox, &id); // ended, not deleted: it keeps its history
    assert!(end_of(&ended) < end_of(&opened), "{ended}");
    assert!(end_of(&ended) <= jiff::Timestamp::now(), "{ended}");

    // Then the post-job step of the start task: the window is already over, nothing is written.
    let writes = sandbox.stats().count(UPDATE) + sandbox.stats().count(DELETE);
    let post = job.finish();
    assert!(post.iter().all(|s| s.succeeded));
    assert!(
        post.iter().any(|s| s.log.contains("already over")),
        "{}",
        post.iter().map(|s| s.log.as_str()).collect::<String>()
    );
    assert_eq!(
        sandbox.stats().count(UPDATE) + sandbox.stats().count(DELETE),
        writes
    );
}

#[test]
fn when_the_start_step_failed_the_end_step_has_nothing_to_end_and_says_so() {
    let sandbox = scenario_sandbox(false);
    let mut job = AgentJob::new(&sandbox, "Production", "277", 1);
    let start = job.s247_task(
        "start",
        RunThisTask::WhenAllSucceeded,
        &[
            ("action", "maintenance-start"),
            ("monitors", "No such monitor"),
            ("duration", "30m"),
        ],
    );
    assert!(!start.succeeded, "{}", start.log);
    assert_eq!(sandbox.stats().count(CREATE), 0);
    // `$(start.maintenanceId)` was never set: the agent passes the macro through unexpanded.
    let end = job.s247_task(
        "end",
        RunThisTask::Always,
        &[
            ("action", "maintenance-end"),
            ("maintenanceId", "$(start.maintenanceId)"),
        ],
    );
    assert!(end.succeeded, "{}", end.log);
    assert_eq!(
        sandbox.stats().count(UPDATE) + sandbox.stats().count(DELETE),
        0
    );
}

#[test]
fn check_and_token_work_with_only_the_agent_temp_directory() {
    let sandbox = scenario_sandbox(false);
    let mut job = AgentJob::new(&sandbox, "Production", "277", 1);
    let check = job.s247_task(
        "check",
        RunThisTask::WhenAllSucceeded,
        &[("action", "check")],
    );
    assert!(check.succeeded, "{}", check.log);
    assert!(
        check
            .log
            .contains("##vso[task.setvariable variable=ok;isOutput=true;]true"),
        "{}",
        check.log
    );
    let token = job.s247_task(
        "token",
        RunThisTask::WhenAllSucceeded,
        &[("action", "token")],
    );
    assert!(token.succeeded, "{}", token.log);
    // The token is a secret output: masked first, then handed to later tasks of the job.
    let mask = token
        .log
        .lines()
        .position(|l| l.starts_with("##vso[task.setsecret]"))
        .expect("masked");
    let output = token
        .log
        .lines()
        .position(|l| l.contains("variable=accessToken;isOutput=true;issecret=true;"))
        .expect("an output");
    assert!(mask < output, "{}", token.log);
    assert!(job.variables.contains_key("token.accessToken"));
    // The job's token cache lives in AGENT_TEMPDIRECTORY (the agent empties it after the job).
    let cached = std::fs::read_dir(job.temp.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("s247-token-"));
    assert!(
        cached,
        "the token cache is written under AGENT_TEMPDIRECTORY"
    );
    // So a third task reuses that token instead of minting another.
    let mints = sandbox.stats().count("POST /oauth/v2/token");
    let list = job.s247_task(
        "list",
        RunThisTask::WhenAllSucceeded,
        &[("action", "maintenance-list")],
    );
    assert!(list.succeeded, "{}", list.log);
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), mints);
}

#[test]
fn a_release_of_a_git_artifact_has_no_build_variables_and_still_gets_its_label() {
    let sandbox = scenario_sandbox(false);
    let mut job = AgentJob::new(&sandbox, "Staging", "276", 1).without_build_artifact();
    assert!(
        !job.agent_environment()
            .iter()
            .any(|(k, _)| k.starts_with("BUILD_")),
        "no BUILD_* in this job"
    );
    let start = job.s247_task(
        "start",
        RunThisTask::WhenAllSucceeded,
        &[
            ("action", "maintenance-start"),
            ("monitors", "API"),
            ("duration", "20m"),
        ],
    );
    assert!(start.succeeded, "{}", start.log);
    let id = job.variables["start.maintenanceId"].clone();
    assert_eq!(
        label_of(&window(&sandbox, &id)),
        "Shop#release-118/Staging.Agent job"
    );
    assert_eq!(
        job.variables["start.label"], "Shop#release-118/Staging.Agent job",
        "the label is an output too"
    );
}
