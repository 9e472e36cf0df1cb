//! `suspend` / `activate` by name or id, by group and by tag: one PUT per monitor, the `count`
//! output, and unknown or ambiguous names refused before any write.

mod common;

use common::monitors::*;

#[test]
fn suspend_by_group_tag_and_name_then_activate() {
    let run = Run::new();
    let before = run.stats();
    let out = run
        .github()
        .args([
            "monitors",
            "suspend",
            "--groups",
            "Web",
            "--tags",
            "team:backend",
            "--monitors",
            "Gateway",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    // Web: Homepage, Checkout; team:backend: API, Gateway; Gateway named too (once).
    let spent = since(&before, &run.stats());
    assert_eq!(
        spent.count("PUT /api/monitors/suspend/{id}"),
        4,
        "{spent:?}"
    );
    assert_eq!(writes(&spent), 4);
    assert_eq!(run.outputs()["count"], "4");
    assert!(text(&out.stderr).contains("Suspended 4 monitors"));
    for name in ["Homepage", "Checkout", "API", "Gateway"] {
        assert_eq!(run.monitors_named(name)[0]["state"], "5", "{name}");
    }

    let out = run
        .s247()
        .args(["monitors", "activate", "--monitors", "Homepage,API"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout), "2\n");
    assert_eq!(run.monitors_named("Homepage")[0]["state"], "0");
    assert_eq!(run.monitors_named("Checkout")[0]["state"], "5");
    assert_eq!(run.stats().count("PUT /api/monitors/activate/{id}"), 2);

    // By id.
    let id = run.monitors_named("Checkout")[0]["monitor_id"]
        .as_str()
        .unwrap()
        .to_string();
    run.s247()
        .args(["monitors", "activate", "--monitors", &id])
        .assert()
        .success()
        .stdout("1\n");
    assert_eq!(run.monitors_named("Checkout")[0]["state"], "0");
}

#[test]
fn unknown_and_ambiguous_names_stop_before_any_write() {
    let run = Run::new();
    // Two monitors named "Twin": one from a file, one made by hand.
    let twins = run.file(
        "twins.yaml",
        "version: 1\nmonitors:\n  - {name: Twin, type: PING, host: a.example.net}\n",
    );
    run.s247()
        .args(["monitors", "apply", "-f", &twins])
        .assert()
        .success();
    hand_made_ping(&run, "Twin");
    assert_eq!(run.monitors_named("Twin").len(), 2);

    let before = run.stats();
    let out = run
        .s247()
        .args([
            "monitors",
            "suspend",
            "--monitors",
            "Twin,Nope",
            "--tags",
            "env:nope",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("--monitors: monitor name `Twin` is ambiguous: 2 objects carry it"),
        "{log}"
    );
    assert!(log.contains("--monitors: unknown monitor `Nope`"), "{log}");
    assert!(
        log.contains("--tags: unknown tag `env:nope`; closest existing: `env:prod`"),
        "{log}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    let out = run
        .s247()
        .args(["monitors", "suspend"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("say which monitors"));
}
