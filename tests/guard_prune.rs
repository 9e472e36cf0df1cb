//! Issue 12, the prune guard: `apply --prune` with a file that lost its monitors refuses (exit 2,
//! zero writes) instead of deleting every owned monitor, names what would go and how to allow
//! it; `max-prune` caps a large prune too; with the override the prune proceeds.

mod common;

use common::monitors::*;

const THREE_OWNED: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
  - {name: Drop one, type: PING, host: one.example.net}
  - {name: Drop two, type: URL, url: https://two.example.com/}
";
const NO_MONITORS: &str = "version: 1\nmonitors: []\n";
const KEEP_ONLY: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
";

fn applied(run: &Run) {
    let full = run.file("full.yaml", THREE_OWNED);
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
}

#[test]
fn pruning_every_owned_monitor_is_refused_until_max_prune_is_all() {
    let run = Run::new();
    applied(&run);
    let empty = run.file("empty.yaml", NO_MONITORS);
    // The plan says ahead that apply would refuse.
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &empty, "--prune"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        text(&out.stderr)
            .contains("warning: monitors apply would refuse this: --prune would delete 3"),
        "{}",
        text(&out.stderr)
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &empty, "--prune"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    let log = text(&out.stderr);
    assert!(
        log.contains("--prune would delete 3 owned monitors"),
        "{log}"
    );
    for name in ["`Keep`", "`Drop one`", "`Drop two`"] {
        assert!(log.contains(name), "{name}: {log}");
    }
    assert!(log.contains("every monitor carrying"), "{log}");
    assert!(log.contains("--max-prune all"), "{log}");
    assert!(log.contains("S247_MAX_PRUNE"), "{log}");
    assert_eq!(run.sandbox.monitors().len(), SEED_MONITORS + 3);

    // Suspending every owned monitor is refused the same way.
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &empty, "--prune=suspend"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    assert!(
        text(&out.stderr).contains("--prune would suspend 3 owned monitors"),
        "{}",
        text(&out.stderr)
    );

    // A count is not enough to remove every owned monitor: only `all` is.
    run.s247()
        .args([
            "monitors",
            "apply",
            "-f",
            &empty,
            "--prune",
            "--max-prune",
            "50",
        ])
        .assert()
        .code(2);

    // On purpose, from the environment as a workflow would set it.
    let out = run
        .s247()
        .args([
            "monitors",
            "plan",
            "-f",
            &empty,
            "--prune",
            "--max-prune",
            "all",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        !text(&out.stderr).contains("would refuse"),
        "{}",
        text(&out.stderr)
    );
    let before = run.stats();
    run.s247()
        .env("INPUT_MAX-PRUNE", "all")
        .args(["monitors", "apply", "-f", &empty, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/monitors/{id}"), 3, "{spent:?}");
    assert_eq!(run.sandbox.monitors().len(), SEED_MONITORS);
}

#[test]
fn a_prune_larger_than_max_prune_is_refused_and_a_smaller_one_proceeds() {
    let run = Run::new();
    applied(&run);
    let keep = run.file("keep.yaml", KEEP_ONLY);
    let before = run.stats();
    let out = run
        .s247()
        .env("S247_MAX_PRUNE", "1")
        .args(["monitors", "apply", "-f", &keep, "--prune"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    let log = text(&out.stderr);
    assert!(log.contains("would delete 2 owned monitors"), "{log}");
    assert!(log.contains("more than max-prune (1)"), "{log}");
    assert!(log.contains("--max-prune 2"), "{log}");

    // A dry run shows the same refusal, before anyone relies on it.
    run.s247()
        .args(["monitors", "apply", "-f", &keep, "--prune", "--dry-run"])
        .args(["--max-prune", "1"])
        .assert()
        .code(2);

    // The default (10) allows two of three.
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &keep, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/monitors/{id}"), 2, "{spent:?}");
}

#[test]
fn a_max_prune_that_is_not_a_count_is_invalid_input_before_any_request() {
    let run = Run::new();
    let keep = run.file("keep.yaml", KEEP_ONLY);
    let before = run.stats();
    let out = run
        .s247()
        .args([
            "monitors",
            "apply",
            "-f",
            &keep,
            "--prune",
            "--max-prune",
            "lots",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(since(&before, &run.stats()).total, 0);
    assert!(
        text(&out.stderr).contains("--max-prune: `lots` is not a count"),
        "{}",
        text(&out.stderr)
    );
}
