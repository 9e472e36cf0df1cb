//! Issue 12, durations have a ceiling: a window longer than `max-duration` (default 24h) is
//! refused with exit 2 naming the setting and nothing written; raising the setting allows it;
//! `extend` cannot grow a window past it; `timeout` and `token-wait` have ceilings too.

mod common;

use common::monitors::*;

#[test]
fn a_window_longer_than_a_day_is_refused_before_any_request() {
    let run = Run::new();
    let windows = run.sandbox.maintenance_windows().len();
    let before = run.stats();
    let out = run
        .s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args(["--duration", "99999h"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(since(&before, &run.stats()).total, 0);
    let log = text(&out.stderr);
    assert!(log.contains("--duration:"), "{log}");
    assert!(
        log.contains("a window of 99999h: longer than max-duration (24h)"),
        "{log}"
    );
    assert!(log.contains("--max-duration 48h"), "{log}");
    assert!(log.contains("S247_MAX_DURATION"), "{log}");
    assert_eq!(run.sandbox.maintenance_windows().len(), windows);

    // The typo of the issue: 300h for 30m.
    run.s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args(["--duration", "300h"])
        .assert()
        .code(2);
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn raising_max_duration_allows_a_longer_window() {
    let run = Run::new();
    let windows = run.sandbox.maintenance_windows().len();
    run.s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args([
            "--duration",
            "150h",
            "--max-duration",
            "200h",
            "--label",
            "long",
        ])
        .assert()
        .success();
    assert_eq!(run.sandbox.maintenance_windows().len(), windows + 1);
    // The same from a workflow input.
    run.s247()
        .env("INPUT_MAXDURATION", "200h")
        .args(["maintenance", "start", "--monitors", "API"])
        .args(["--duration", "150h", "--label", "long-too"])
        .assert()
        .success();
    // max-duration itself has a ceiling (a month).
    let before = run.stats();
    let out = run
        .s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args(["--duration", "1h", "--max-duration", "9000h"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        text(&out.stderr).contains("--max-duration:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(since(&before, &run.stats()).total, 0);
}

#[test]
fn extend_cannot_make_a_window_longer_than_max_duration() {
    let run = Run::new();
    let before = run.stats();
    let out = run
        .s247()
        .args([
            "maintenance",
            "extend",
            "--label",
            "deploy-7",
            "--by",
            "99999h",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(since(&before, &run.stats()).total, 0);
    assert!(text(&out.stderr).contains("--by:"), "{}", text(&out.stderr));

    run.s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args(["--duration", "20h", "--label", "deploy-7"])
        .assert()
        .success();
    // 20h + 5h is more than a day: refused after reading the window, before writing it.
    let before = run.stats();
    let out = run
        .s247()
        .args(["maintenance", "extend", "--label", "deploy-7", "--by", "5h"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    let log = text(&out.stderr);
    assert!(log.contains("would then last"), "{log}");
    assert!(log.contains("max-duration"), "{log}");
    // Within the limit it works.
    let before = run.stats();
    run.s247()
        .args(["maintenance", "extend", "--label", "deploy-7", "--by", "3h"])
        .assert()
        .success();
    assert_eq!(
        since(&before, &run.stats()).count("PUT /api/maintenance/{id}"),
        1
    );
}

#[test]
fn timeout_and_token_wait_have_ceilings() {
    let run = Run::new();
    let before = run.stats();
    let out = run
        .s247()
        .args(["check", "--timeout", "5h", "--token-wait", "100000h"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(since(&before, &run.stats()).total, 0);
    let log = text(&out.stderr);
    assert!(log.contains("--timeout:"), "{log}");
    assert!(log.contains("--token-wait:"), "{log}");
}

#[test]
fn a_rerun_cannot_widen_the_reused_window_past_max_duration() {
    let run = Run::new();
    let ten_hours_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(10);
    run.s247()
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Homepage",
            "--label",
            "deploy-9",
        ])
        .args(["--start", &ten_hours_ago.to_string(), "--duration", "20h"])
        .assert()
        .success();
    // The re-run asks for 20h from now: the window would run from 10h ago to 20h ahead.
    let before = run.stats();
    let out = run
        .s247()
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Homepage",
            "--label",
            "deploy-9",
        ])
        .args(["--duration", "20h"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    let log = text(&out.stderr);
    assert!(
        log.contains("is reused; covering this run too would make it last"),
        "{log}"
    );
    assert!(log.contains("longer than max-duration (24h)"), "{log}");
    // Within the limit the window is reused and widened.
    let before = run.stats();
    run.s247()
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Homepage",
            "--label",
            "deploy-9",
        ])
        .args(["--duration", "12h"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("PUT /api/maintenance/{id}"), 1, "{spent:?}");
    assert_eq!(spent.count("POST /api/maintenance"), 0, "{spent:?}");
}
