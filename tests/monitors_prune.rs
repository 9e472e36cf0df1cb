//! `--prune` removes only monitors that carry the ownership tag and left the file; a hand-made
//! monitor survives, even one the file adopted for a while. `--prune=suspend` suspends instead,
//! and a second run does not suspend again.

mod common;

use common::monitors::*;

const FULL: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
  - {name: Drop one, type: PING, host: one.example.net}
  - {name: Drop two, type: URL, url: https://two.example.com/}
  - {name: Homepage, type: URL, url: https://www.example.com/}
";
const KEEP_ONLY: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
";

#[test]
fn prune_deletes_owned_monitors_that_left_the_file_and_nothing_else() {
    let run = Run::new();
    let full = run.file("full.yaml", FULL);
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
    // `Homepage` is the seed's hand-made monitor: adopted (same values), not re-created, not tagged.
    assert_eq!(run.monitors_named("Homepage").len(), 1);
    assert_eq!(run.stats().count("POST /api/monitors"), 3);

    let keep = run.file("keep.yaml", KEEP_ONLY);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &keep, "--prune"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("- delete monitor `Drop one` (PING, id "),
        "{log}"
    );
    assert!(
        log.contains("- delete monitor `Drop two` (URL, id "),
        "{log}"
    );
    assert!(!log.contains("Homepage"), "{log}");
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // Without --prune, nothing is removed.
    run.s247()
        .args(["monitors", "apply", "-f", &keep])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(run.sandbox.monitors().len(), SEED_MONITORS + 3);

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &keep, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/monitors/{id}"), 2, "{spent:?}");
    assert_eq!(writes(&spent), 2, "{spent:?}");
    let names: Vec<String> = run
        .sandbox
        .monitors()
        .iter()
        .map(|m| m["display_name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Keep".to_string()));
    for hand_made in ["Homepage", "API", "Checkout", "Gateway"] {
        assert!(
            names.contains(&hand_made.to_string()),
            "{hand_made} survives: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.starts_with("Drop")), "{names:?}");

    // Nothing left to prune.
    run.s247()
        .args([
            "monitors",
            "plan",
            "-f",
            &keep,
            "--prune",
            "--detailed-exitcode",
        ])
        .assert()
        .code(0);
}

#[test]
fn prune_suspend_suspends_once_instead_of_deleting() {
    let run = Run::new();
    let full = run.file("full.yaml", FULL);
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
    let keep = run.file("keep.yaml", KEEP_ONLY);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &keep, "--prune=suspend"])
        .assert()
        .success()
        .get_output()
        .clone();
    let spent = since(&before, &run.stats());
    assert_eq!(
        spent.count("PUT /api/monitors/suspend/{id}"),
        2,
        "{spent:?}"
    );
    assert_eq!(writes(&spent), 2, "{spent:?}");
    assert!(text(&out.stdout).contains(r#""action":"suspend""#));
    for name in ["Drop one", "Drop two"] {
        let monitor = &run.monitors_named(name)[0];
        assert_eq!(monitor["state"], "5", "{name} is suspended");
    }
    assert_eq!(run.monitors_named("Homepage")[0]["state"], "0");

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &keep, "--prune=suspend"])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn a_bad_prune_mode_is_invalid_input() {
    let run = Run::new();
    let keep = run.file("keep.yaml", KEEP_ONLY);
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &keep, "--prune=archive"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("--prune: `archive` is not a prune mode"));
    assert_eq!(run.stats().total, 0, "nothing was sent");
}

#[test]
fn each_file_prunes_only_what_carries_its_own_owner_tag() {
    let run = Run::new();
    let a = run.file(
        "a.yaml",
        "version: 1\nowner_tag: owner:team-a\nmonitors:\n  - {name: A1, type: PING, host: a1.example.net}\n  - {name: A2, type: PING, host: a2.example.net}\n",
    );
    let b = run.file(
        "b.yaml",
        "version: 1\nowner_tag: owner:team-b\nmonitors:\n  - {name: B1, type: PING, host: b1.example.net}\n",
    );
    run.s247()
        .args(["monitors", "apply", "-f", &a])
        .assert()
        .success();
    run.s247()
        .args(["monitors", "apply", "-f", &b])
        .assert()
        .success();
    assert_eq!(
        run.stats().count("POST /api/tags"),
        2,
        "each owner tag created once"
    );
    let tag_of = |label: &str| {
        let (name, value) = label.split_once(':').unwrap();
        run.sandbox
            .tags()
            .into_iter()
            .find(|t| t["tag_name"] == name && t["tag_value"] == value)
            .unwrap()["tag_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let a_tag = tag_of("owner:team-a");
    assert!(
        run.monitors_named("A1")[0]["tag_ids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == a_tag.as_str())
    );

    // B's file shrinks to nothing: only B1 goes; A1, A2 and the hand-made monitors stay.
    // (Removing every monitor B owns needs `--max-prune all`: the prune guard, issue 12.)
    let b_empty = run.file(
        "b.yaml",
        "version: 1\nowner_tag: owner:team-b\nmonitors: []\n",
    );
    let before = run.stats();
    run.s247()
        .args([
            "monitors",
            "apply",
            "-f",
            &b_empty,
            "--prune",
            "--max-prune",
            "all",
        ])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/monitors/{id}"), 1, "{spent:?}");
    assert!(run.monitors_named("B1").is_empty());
    assert_eq!(run.monitors_named("A1").len(), 1);
    assert_eq!(run.sandbox.monitors().len(), SEED_MONITORS + 2);
}
