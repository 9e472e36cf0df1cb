//! `s247 token`, `s247 check` and onboarding behave against the sandbox as against a mock.

mod common;

use common::sandbox::s247_on;
use common::*;
use s247::sandbox::{self, RefreshTokenSpec, Sandbox, SandboxConfig};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn token_then_check_in_one_job_mints_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let output = job.path("output");
    let out = s247_on(&sandbox, &job)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &output)
        .arg("token")
        .assert()
        .success()
        .get_output()
        .clone();
    let outputs = parse_github_file(&output);
    let token = &outputs["access-token"];
    assert!(token.starts_with("1000.sandbox-access-"), "{token}");
    assert!(
        text(&out.stderr)
            .lines()
            .next()
            .unwrap()
            .starts_with("::add-mask::")
    );
    assert!(
        !text(&out.stderr)
            .lines()
            .skip_while(|l| l.starts_with("::add-mask::"))
            .any(|l| l.contains(token.as_str()))
    );

    let out = s247_on(&sandbox, &job)
        .arg("check")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout).trim(), "true");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("GET /maintenance") && stderr.contains("ok ("),
        "{stderr}"
    );
    assert!(!stderr.contains(token.as_str()));

    let stats = sandbox.stats();
    assert_eq!(stats.count("POST /oauth/v2/token"), 1, "{stats:?}");
    assert_eq!(stats.count("GET /api/maintenance"), 1);
    assert_eq!(stats.count("GET /api/monitors"), 1);
    assert_eq!(stats.count("GET /api/monitor_groups"), 1);
    // The create probes: an empty body, rejected (issue 12).
    assert_eq!(stats.count("POST /api/maintenance"), 1);
    assert_eq!(stats.count("POST /api/monitors"), 1);
    // What `monitors verify` reads (issue 14).
    assert_eq!(stats.count("GET /api/current_status"), 1);
    assert_eq!(stats.total, 7);
}

#[test]
fn check_reports_a_missing_scope_without_re_minting() {
    let config = SandboxConfig {
        extra_refresh_tokens: vec![RefreshTokenSpec {
            token: "1000.sandbox-maintenance-only".into(),
            scopes: vec!["Site24x7.Operations.Read".into()],
        }],
        ..Default::default()
    };
    let sandbox = Sandbox::start(config).unwrap();
    let job = Job::new();
    let out = s247_on(&sandbox, &job)
        .env("S247_REFRESH_TOKEN", "1000.sandbox-maintenance-only")
        .arg("check")
        .assert()
        .code(3)
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout).trim(), "false");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("REFUSED") && stderr.contains("1121"),
        "{stderr}"
    );
    assert!(stderr.contains("monitors plan/apply/export"), "{stderr}");
    assert_eq!(
        sandbox.stats().count("POST /oauth/v2/token"),
        1,
        "a scope refusal is not fixed by a new token"
    );
}

#[test]
fn an_expired_token_is_renewed_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    s247_on(&sandbox, &job).arg("token").assert().success();
    sandbox.expire_tokens();
    // The cached token is still "valid" by its expiry time, but the server refuses it.
    let out = s247_on(&sandbox, &job)
        .arg("check")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        text(&out.stderr).contains("minting a new one, once"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), 2);
    // The renewed token went into the cache: the next step mints nothing.
    s247_on(&sandbox, &job).arg("check").assert().success();
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), 2);
}

#[test]
fn a_mint_past_the_limit_waits_out_access_denied() {
    let config = SandboxConfig {
        mint_limit: Some(2),
        ..Default::default()
    };
    let sandbox = Sandbox::start(config).unwrap();
    for _ in 0..2 {
        s247_on(&sandbox, &Job::new())
            .arg("token")
            .assert()
            .success();
    }
    // A third job (no cache) hits the limit; its waits are virtual, and the limit never lifts
    // within them, so it fails with the explanation.
    let out = s247_on(&sandbox, &Job::new())
        .args(["token", "--token-wait", "1m"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Access Denied") && stderr.contains("Waiting 20s"),
        "{stderr}"
    );
}

#[test]
fn onboarding_exchange_then_revoke() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = s247_on(&sandbox, &job)
        .env_remove("S247_REFRESH_TOKEN")
        .args(["auth", "exchange", "--code", sandbox::SANDBOX_GRANT_CODE])
        .assert()
        .success()
        .get_output()
        .clone();
    let refresh = text(&out.stdout).trim().to_string();
    assert!(!refresh.is_empty());
    s247_on(&sandbox, &job)
        .env("S247_REFRESH_TOKEN", &refresh)
        .args(["auth", "revoke"])
        .assert()
        .success();
    // A revoked refresh token mints nothing more: Zoho says invalid_code.
    let out = s247_on(&sandbox, &Job::new())
        .env("S247_REFRESH_TOKEN", &refresh)
        .arg("token")
        .assert()
        .code(3)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("invalid_code"));
}

#[test]
fn check_writes_its_table_to_the_summary_on_both_platforms() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let summary = job.path("summary.md");
    s247_on(&sandbox, &job)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .arg("check")
        .assert()
        .success();
    let github = std::fs::read_to_string(&summary).unwrap();
    assert!(
        github.contains("| maintenance start/end/extend/list | Site24x7.Operations.Read |"),
        "{github}"
    );

    let out = s247_on(&sandbox, &job)
        .env("TF_BUILD", "True")
        .env("AGENT_TEMPDIRECTORY", job.dir.path())
        .arg("check")
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = text(&out.stderr);
    let path = stderr
        .lines()
        .find_map(|l| l.strip_prefix("##vso[task.uploadsummary]"))
        .unwrap_or_else(|| panic!("no uploadsummary in {stderr}"));
    let azure = std::fs::read_to_string(path).unwrap();
    assert!(
        azure.contains("| monitors plan/apply/export | Site24x7.Admin.Read |"),
        "{azure}"
    );
    assert!(
        stderr.contains("##vso[task.setvariable variable=ok;isOutput=true;]true"),
        "{stderr}"
    );
}

#[test]
fn check_passes_on_the_recommended_grant_and_names_the_optional_health_gate_scope() {
    // README's grant: `Site24x7.Admin.All,Site24x7.Operations.All`, Reports.Read only for the
    // health gate. `check` without `--for` passes; asked for the gate, it says what is missing.
    let config = SandboxConfig {
        extra_refresh_tokens: vec![RefreshTokenSpec {
            token: "1000.sandbox-recommended-grant".into(),
            scopes: vec![
                "Site24x7.Admin.All".into(),
                "Site24x7.Operations.All".into(),
            ],
        }],
        ..Default::default()
    };
    let sandbox = Sandbox::start(config).unwrap();
    let job = Job::new();
    let out = s247_on(&sandbox, &job)
        .env("S247_REFRESH_TOKEN", "1000.sandbox-recommended-grant")
        .arg("check")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout).trim(), "true");
    let out = s247_on(&sandbox, &job)
        .env("S247_REFRESH_TOKEN", "1000.sandbox-recommended-grant")
        .args(["check", "--for", "monitors-verify"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("Site24x7.Reports.Read"), "{log}");
}
