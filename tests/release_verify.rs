//! `s247 monitors verify` against the sandbox, with scripted statuses and a fake clock: the gate
//! passes when every monitor comes up in time, fails with a table of what is not up, and never
//! reports healthy for a monitor whose status it cannot see.

mod common;

use common::*;
use s247::sandbox::{Sandbox, SandboxConfig, StatusStep};

const POLL_NOW: &str = "GET /api/monitor/poll_now/{id}";
const READ: &str = "GET /api/current_status";

struct Gate {
    job: Job,
}

impl Gate {
    fn new() -> Gate {
        Gate { job: Job::new() }
    }

    fn cmd(&self, sandbox: &Sandbox) -> assert_cmd::Command {
        let mut cmd = s247(&self.job);
        with_sandbox(&mut cmd, sandbox);
        cmd.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", self.job.path("output"))
            .env("GITHUB_STEP_SUMMARY", self.job.path("summary"));
        cmd
    }

    fn verify(&self, sandbox: &Sandbox, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd(sandbox)
            .args(["monitors", "verify"])
            .args(args)
            .assert()
    }

    fn outputs(&self) -> std::collections::BTreeMap<String, String> {
        parse_github_file(&self.job.path("output"))
    }

    fn summary(&self) -> String {
        let text = std::fs::read_to_string(self.job.path("summary")).unwrap_or_default();
        assert_no_sandbox_secret("summary", &text);
        text
    }

    fn statuses(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(&self.outputs()["statuses"]).unwrap()
    }
}

/// The log, checked for leaks on the way.
fn stderr(out: &assert_cmd::assert::Assert) -> String {
    let text = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_no_sandbox_secret("stderr", &text);
    text
}

#[test]
fn a_monitor_down_for_two_reads_then_up_passes() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.script_status(
        "Homepage",
        vec![
            StatusStep::down_for(2, "Connection timed out"),
            StatusStep::up(),
        ],
    );
    let gate = Gate::new();
    let out = gate.verify(&sandbox, &["--monitors", "Homepage,API", "--within", "2m"]);
    stderr(&out);
    out.success();
    assert_eq!(gate.outputs()["healthy"], "true");
    let statuses = gate.statuses();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.iter().all(|s| s["status"] == "up"), "{statuses:?}");
    // Three reads of every status in one call each; a check asked for both monitors first, then
    // only for the one still down.
    assert_eq!(requests_to(&sandbox, READ), 3);
    assert_eq!(requests_to(&sandbox, POLL_NOW), 2 + 1 + 1);
    assert!(
        gate.summary().contains("Health gate: passed"),
        "{}",
        gate.summary()
    );
}

#[test]
fn a_monitor_down_throughout_fails_within_the_limit_with_its_reason() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.script_status(
        "API",
        vec![StatusStep::down_for(1000, "HTTP 503 Service Unavailable")],
    );
    let gate = Gate::new();
    let started = std::time::Instant::now();
    let out = gate
        .verify(&sandbox, &["--monitors", "Homepage,API", "--within", "2m"])
        .code(1);
    assert!(
        started.elapsed().as_secs() < 20,
        "the clock is fake: no real waiting"
    );
    assert_eq!(gate.outputs()["healthy"], "false");
    let log = stderr(&out);
    assert!(log.contains("not up within 2m"), "{log}");
    assert!(
        log.contains("API") && log.contains("HTTP 503 Service Unavailable"),
        "{log}"
    );
    let summary = gate.summary();
    assert!(summary.contains("Health gate: failed"), "{summary}");
    let api_row = summary
        .lines()
        .find(|l| l.starts_with("| API |"))
        .unwrap_or_else(|| panic!("no row for API: {summary}"));
    assert!(
        api_row.contains("HTTP 503 Service Unavailable"),
        "{api_row}"
    );
    // Reads at 0s, 15s, … 120s: nine, and none after the limit.
    assert_eq!(requests_to(&sandbox, READ), 9);
    let api = gate
        .statuses()
        .into_iter()
        .find(|s| s["name"] == "API")
        .unwrap();
    assert_eq!(api["status"], "down");
}

#[test]
fn a_suspended_monitor_is_never_healthy() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let gate = Gate::new();
    gate.cmd(&sandbox)
        .args(["monitors", "suspend", "--monitors", "Checkout"])
        .assert()
        .success();
    let out = gate
        .verify(&sandbox, &["--monitors", "Checkout,Homepage"])
        .code(1);
    let log = stderr(&out);
    assert!(log.contains("suspended"), "{log}");
    assert!(log.contains("monitors-activate"), "{log}");
    assert_eq!(gate.outputs()["healthy"], "false");
    // Waiting does not change a suspended monitor: one read, and no poll of it.
    assert_eq!(requests_to(&sandbox, READ), 1);
    assert_eq!(requests_to(&sandbox, POLL_NOW), 1);
}

#[test]
fn a_monitor_under_maintenance_is_never_healthy_even_with_keep_monitoring() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let gate = Gate::new();
    gate.cmd(&sandbox)
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Gateway",
            "--duration",
            "30m",
        ])
        .args(["--keep-monitoring", "true", "--label", "deploy-1"])
        .assert()
        .success();
    let out = gate.verify(&sandbox, &["--groups", "Backend"]).code(1);
    let log = stderr(&out);
    assert!(log.contains("maintenance"), "{log}");
    assert!(log.contains("End the window first"), "{log}");
    let statuses = gate.statuses();
    let gateway = statuses.iter().find(|s| s["name"] == "Gateway").unwrap();
    assert_eq!(gateway["status"], "maintenance");
    let api = statuses.iter().find(|s| s["name"] == "API").unwrap();
    assert_eq!(
        api["status"], "up",
        "the monitor outside the window is seen"
    );
    assert_eq!(requests_to(&sandbox, READ), 1);
}

#[test]
fn without_poll_now_the_current_status_counts_as_it_is() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let gate = Gate::new();
    gate.verify(&sandbox, &["--tags", "team:web", "--poll-now", "false"])
        .success();
    assert_eq!(requests_to(&sandbox, POLL_NOW), 0);
    assert_eq!(requests_to(&sandbox, READ), 1);
    assert_eq!(gate.statuses().len(), 2);
}

#[test]
fn bad_settings_stop_before_any_request() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let gate = Gate::new();
    let out = gate
        .verify(&sandbox, &["--interval", "2s", "--within", "soon"])
        .code(2);
    let log = stderr(&out);
    assert!(log.contains("say which monitors"), "{log}");
    assert!(log.contains("10s or more"), "{log}");
    assert!(log.contains("within"), "{log}");
    assert!(sandbox.requests().is_empty());
}

#[test]
fn a_hostile_down_reason_cannot_write_a_workflow_command() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    sandbox.script_status(
        "API",
        vec![StatusStep::down_for(
            1000,
            "boom\n::add-mask::evil\r\n::error::forged|cell",
        )],
    );
    let gate = Gate::new();
    let out = gate
        .verify(&sandbox, &["--monitors", "API", "--within", "30s"])
        .code(1);
    let log = stderr(&out);
    assert!(log.contains("boom"), "{log}");
    for line in log.lines() {
        assert_ne!(line, "::add-mask::evil", "{log}");
        assert!(!line.starts_with("::error::forged"), "{log}");
    }
    // In the summary the reason stays inside its cell.
    let summary = gate.summary();
    let row = summary
        .lines()
        .find(|l| l.starts_with("| API |"))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(row.contains("forged\\|cell"), "{row}");
    assert!(!summary.lines().any(|l| l.starts_with("::")), "{summary}");
}
