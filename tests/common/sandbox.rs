//! Driving the real binary against the in-process sandbox: a CI job's command connected to it,
//! a run that checks no secret leaks anywhere, and what the sandbox holds and was sent.

use s247::sandbox::{
    RecordedRequest, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, Sandbox,
};
use serde_json::Value;

use super::{Job, assert_no_sandbox_secret, s247};

/// The binary for one CI job (its own `RUNNER_TEMP`), connected to the sandbox.
pub fn s247_on(sandbox: &Sandbox, job: &Job) -> assert_cmd::Command {
    let mut cmd = s247(job);
    cmd.env("S247_CLIENT_ID", SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", sandbox.base_url())
        .env("S247_API_URL", sandbox.api_url());
    cmd
}

/// What a CI system sees of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run, and check that no sandbox secret shows on stdout or stderr (outside mask commands) or
/// in any file the job wrote.
pub fn run_checked(cmd: &mut assert_cmd::Command, job: &Job) -> Run {
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_no_sandbox_secret("stdout", &run.stdout);
    assert_no_sandbox_secret("stderr", &run.stderr);
    for (path, text) in job.files_text() {
        assert_no_sandbox_secret(&path.display().to_string(), &text);
    }
    run
}

/// A maintenance window as the sandbox holds it, with the zone its times are in.
pub fn stored_window(sandbox: &Sandbox, id: &str) -> Option<Value> {
    sandbox
        .stored_maintenance_windows()
        .into_iter()
        .find(|w| w["maintenance_id"] == id)
}

/// Requests that change something: POST, PUT and DELETE under `/api`.
pub fn writes(sandbox: &Sandbox) -> Vec<RecordedRequest> {
    sandbox
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/") && r.method != "GET")
        .collect()
}

/// The bodies sent to one route (`"PUT /api/maintenance/{id}"`), oldest first.
pub fn bodies(sandbox: &Sandbox, route: &str) -> Vec<Value> {
    sandbox
        .requests()
        .into_iter()
        .filter(|r| r.route == route)
        .map(|r| r.body.unwrap_or(Value::Null))
        .collect()
}

/// An HTTP client for calling the sandbox directly, as a person with curl would: a status is an
/// answer to read, not an error; no proxy from the environment; 10 s at most.
pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into()
}

/// A sandbox for scenarios that mint as often as they like (no `Access Denied` after ten mints),
/// playing the strict guesses or, with `lenient`, the kinder behaviour.
pub fn scenario_sandbox(lenient: bool) -> Sandbox {
    Sandbox::start(s247::sandbox::SandboxConfig {
        mint_limit: Some(0),
        lenient,
        ..Default::default()
    })
    .unwrap()
}
