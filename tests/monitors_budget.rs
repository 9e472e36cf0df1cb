//! The request budget: applying 200 new monitors costs one token, one monitor list, at most one
//! list per kind of object referenced, and 200 creates (plus the ownership tag, once); applying
//! the same file again writes nothing. Monitors are planned from the list response alone: never a
//! GET per monitor.

mod common;

use common::monitors::*;

#[test]
fn two_hundred_creates_cost_one_request_each_and_a_reapply_writes_nothing() {
    let run = Run::new();
    let file = run.file("monitors.yaml", &many_monitors(200, "Service"));

    run.s247()
        .args(["monitors", "apply", "-f", &file, "--parallel", "8"])
        .assert()
        .success();
    let stats = run.stats();
    assert_eq!(stats.count("POST /oauth/v2/token"), 1, "{stats:?}");
    assert_eq!(stats.count("GET /api/monitors"), 1, "{stats:?}");
    assert_eq!(
        stats.count("GET /api/monitors/{id}"),
        0,
        "no per-monitor GET: {stats:?}"
    );
    assert_eq!(stats.count("POST /api/monitors"), 200, "{stats:?}");
    assert_eq!(
        stats.count("POST /api/tags"),
        1,
        "the ownership tag: {stats:?}"
    );
    let lists = [
        "GET /api/location_profiles",
        "GET /api/notification_profiles",
        "GET /api/threshold_profiles",
        "GET /api/user_groups",
        "GET /api/tags",
        "GET /api/monitor_groups",
    ];
    for list in lists {
        assert!(stats.count(list) <= 1, "{list}: {stats:?}");
    }
    let reads: usize = lists.iter().map(|l| stats.count(l)).sum();
    assert_eq!(
        stats.total,
        1 + 1 + reads + 200 + 1,
        "token + monitor list + one list per kind + creates + tag: {stats:?}"
    );
    assert_eq!(run.sandbox.monitors().len(), SEED_MONITORS + 200);

    // Re-apply the same file: reads only.
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .stdout("[]\n");
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0, "{spent:?}");
    assert_eq!(spent.count("GET /api/monitors"), 1, "{spent:?}");
    assert!(spent.total <= 1 + 6, "{spent:?}");
}
