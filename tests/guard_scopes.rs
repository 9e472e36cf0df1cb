//! Issue 12, scope errors say which scope: `check --for` probes, without changing anything, what
//! the named actions need (reads, and creates with a body the API must reject) and exits 3 naming
//! the missing scope; a write refused with 1121 names the scope it needed and points at `check`.

mod common;

use common::monitors::*;
use s247::sandbox::SANDBOX_READONLY_REFRESH_TOKEN;

#[test]
fn check_for_maintenance_start_with_a_read_only_token_exits_3_naming_the_scope() {
    let run = Run::new();
    let windows = run.sandbox.maintenance_windows().len();
    let monitors = run.sandbox.monitors().len();
    let out = run
        .s247()
        .env("S247_REFRESH_TOKEN", SANDBOX_READONLY_REFRESH_TOKEN)
        .args(["check", "--for", "maintenance-start"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout).trim(), "false");
    let log = text(&out.stderr);
    assert!(
        log.contains("maintenance-start cannot run: the token lacks `Site24x7.Operations.Create`"),
        "{log}"
    );
    // Nothing was changed: the probes' creates were refused.
    assert_eq!(run.sandbox.maintenance_windows().len(), windows);
    assert_eq!(run.sandbox.monitors().len(), monitors);
    assert_eq!(run.stats().count("POST /api/maintenance"), 1);

    // The same token is enough for what only reads.
    run.s247()
        .env("S247_REFRESH_TOKEN", SANDBOX_READONLY_REFRESH_TOKEN)
        .args(["check", "--for", "maintenance-list,monitors-plan"])
        .assert()
        .success()
        .stdout("true\n");
}

#[test]
fn check_with_every_scope_passes_and_changes_nothing() {
    let run = Run::new();
    let windows = run.sandbox.maintenance_windows().len();
    let monitors = run.sandbox.monitors().len();
    let out = run
        .s247()
        .args(["check", "--for", "maintenance-start,monitors-apply"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("maintenance-start"), "{log}");
    assert!(
        log.contains("not probed"),
        "updates and deletes are not probed: {log}"
    );
    assert_eq!(run.sandbox.maintenance_windows().len(), windows);
    assert_eq!(run.sandbox.monitors().len(), monitors);
}

#[test]
fn check_for_an_unknown_action_is_invalid_input_before_any_request() {
    let run = Run::new();
    let out = run
        .s247()
        .args(["check", "--for", "maintenance-begin"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(run.stats().total, 0);
    let log = text(&out.stderr);
    assert!(log.contains("`maintenance-begin`"), "{log}");
    assert!(log.contains("maintenance-start"), "{log}");
}

#[test]
fn maintenance_start_refused_for_scope_names_the_scope_and_suggests_check() {
    let run = Run::new();
    let out = run
        .s247()
        .env("S247_REFRESH_TOKEN", SANDBOX_READONLY_REFRESH_TOKEN)
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Homepage",
            "--duration",
            "30m",
        ])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("`Site24x7.Operations.Create`"), "{log}");
    assert!(log.contains("s247 check"), "{log}");
    assert_eq!(
        run.stats().count("POST /oauth/v2/token"),
        1,
        "a scope refusal is not fixed by a new token"
    );
}
