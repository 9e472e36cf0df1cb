//! Faults mid-apply: a create whose answer is lost is looked up by name before it is sent again,
//! so there is never a duplicate; a run that fails part-way converges on the next run.

mod common;

use common::monitors::*;
use s247::sandbox::{FaultAction, FaultRule};

fn names_once(run: &Run, count: usize) {
    for i in 0..count {
        let name = format!("Svc {i:03}");
        assert_eq!(
            run.monitors_named(&name).len(),
            1,
            "`{name}` exists exactly once"
        );
    }
}

#[test]
fn a_create_dropped_after_it_was_applied_is_found_by_name_not_made_twice() {
    let run = Run::new();
    let file = run.file("m.yaml", &many_monitors(12, "Svc"));
    run.sandbox.set_faults(vec![
        FaultRule::new(FaultAction::DropAfterApply)
            .on("POST", "/api/monitors")
            .nth(3),
    ]);
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file, "--parallel", "1"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("may or may not have happened"), "{log}");
    assert!(log.contains("was created after all"), "{log}");
    names_once(&run, 12);

    // The lost create (the third POST) was looked up by name before anything else was sent.
    let requests = run.sandbox.requests();
    let posts: Vec<usize> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.route == "POST /api/monitors")
        .map(|(i, _)| i)
        .collect();
    let dropped = posts[2];
    assert_eq!(requests[dropped].fault.as_deref(), Some("drop_after_apply"));
    let next = &requests[dropped + 1];
    assert_eq!(next.route, "GET /api/monitors/name/{name}", "{next:?}");
    let name = requests[dropped].body.as_ref().unwrap()["display_name"]
        .as_str()
        .unwrap()
        .replace(' ', "%20");
    assert!(next.path.ends_with(&name), "{} looks up {name}", next.path);
    assert_eq!(posts.len(), 12, "no create was sent twice");

    // Re-run: nothing to do.
    run.sandbox.set_faults(vec![]);
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn a_create_that_never_arrived_is_looked_up_then_sent_again() {
    let run = Run::new();
    let file = run.file("m.yaml", &many_monitors(6, "Svc"));
    run.sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Drop)
            .on("POST", "/api/monitors")
            .nth(2),
        FaultRule::new(FaultAction::Status(503))
            .on("POST", "/api/monitors")
            .nth(4),
    ]);
    run.s247()
        .args(["monitors", "apply", "-f", &file, "--parallel", "2"])
        .assert()
        .success();
    names_once(&run, 6);
    let stats = run.stats();
    assert_eq!(
        stats.count("POST /api/monitors"),
        6 + 2,
        "two creates sent again: {stats:?}"
    );
    assert_eq!(
        stats.count("GET /api/monitors/name/{name}"),
        2,
        "each looked up first: {stats:?}"
    );
}

#[test]
fn a_run_that_fails_part_way_converges_on_the_next_run_without_duplicates() {
    let run = Run::new();
    let file = run.file("m.yaml", &many_monitors(10, "Svc"));
    // The answer to the 4th create is lost, and the lookup cannot get through either.
    run.sandbox.set_faults(vec![
        FaultRule::new(FaultAction::DropAfterApply)
            .on("POST", "/api/monitors")
            .nth(4),
        FaultRule::new(FaultAction::Status(503)).on("GET", "/api/monitors/name/"),
    ]);
    let out = run
        .github()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("1 of 11 writes failed"), "{log}");
    assert!(log.contains("run apply again"), "{log}");
    assert!(run.summary().contains("**Failed:**"), "{}", run.summary());
    names_once(&run, 10);

    run.sandbox.set_faults(vec![]);
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    names_once(&run, 10);
}

#[test]
fn rate_limits_and_server_errors_on_reads_and_updates_are_retried() {
    let run = Run::new();
    let file = run.file("m.yaml", &many_monitors(4, "Svc"));
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let changed = run.file(
        "m.yaml",
        &many_monitors(4, "Svc").replace("timeout: 10s", "timeout: 30s"),
    );
    run.sandbox.set_faults(vec![
        FaultRule::new(FaultAction::RateLimit { retry_after: 1 })
            .on("GET", "/api/monitors")
            .nth(1),
        FaultRule::new(FaultAction::Status(502))
            .on("PUT", "/api/monitors/")
            .nth(1),
    ]);
    run.s247()
        .args(["monitors", "apply", "-f", &changed])
        .assert()
        .success();
    assert_eq!(run.monitors_named("Svc 000")[0]["timeout"], "30");
    run.sandbox.set_faults(vec![]);
    run.s247()
        .args(["monitors", "plan", "-f", &changed, "--detailed-exitcode"])
        .assert()
        .code(0);
}
