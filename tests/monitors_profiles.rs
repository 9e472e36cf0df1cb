//! Profiles, user groups and tags as code (issue 15 item 3), against the strict sandbox: a file
//! declares them, monitors use them by name, one apply makes everything in dependency order and
//! the next plan is empty; a bad colour or an unknown member stops the run before any request
//! that changes something; `--prune` deletes only what s247 created (its `s247-owns` ledger
//! tags), never a profile someone made by hand; export writes the sections back unchanged.

mod common;

use common::monitors::*;
use s247::sandbox::{SandboxConfig, SeedAccount};
use serde_json::Value;

/// An account with people in it and nothing else: no profile, group, tag or monitor.
fn fresh_account() -> Run {
    let seed = SeedAccount::from_json(
        r#"{"users": [
            {"user_id": "113770000090000001", "display_name": "Ada", "email_address": "ada@example.com"},
            {"user_id": "113770000090000002", "display_name": "Otto", "email_address": "otto@example.com"}
        ]}"#,
    )
    .unwrap();
    Run::with(SandboxConfig {
        seed: Some(seed),
        ..SandboxConfig::default()
    })
}

const EVERYTHING: &str = "version: 1
notification_profiles:
  - name: Ops alerts
    rca_needed: false
threshold_profiles:
  - name: Ping strict
    type: PING
    down_location_threshold: 2
  - name: Group health
    type: HEALTHCHECK
location_profiles:
  - name: EU
    primary_location: \"7\"
    secondary_locations: [\"16\"]
user_groups:
  - name: Web team
    members: [ada@example.com, otto@example.com]
    attribute_group_id: \"5\"
tags:
  - {name: team, value: web, color: \"#73C7A3\"}
monitor_groups:
  - name: Edge services
    notification_profile: Ops alerts
    healthcheck_profile: Group health
    user_groups: [Web team]
monitors:
  - name: Edge
    type: PING
    host: edge.example.net
    notification_profile: Ops alerts
    threshold_profile: Ping strict
    location_profile: EU
    user_groups: [Web team]
    groups: [Edge services]
    tags: [team:web]
";

fn list(run: &Run, path: &str) -> Vec<Value> {
    run.get_data(path).as_array().cloned().unwrap_or_default()
}

fn id_named(items: &[Value], key: &str, name: &str, id_key: &str) -> String {
    items
        .iter()
        .find(|i| i[key] == name)
        .unwrap_or_else(|| panic!("no `{name}` in {items:?}"))[id_key]
        .as_str()
        .unwrap()
        .to_string()
}

/// GETs of single objects (`GET /api/<kind>/{id}`): plan must never need one.
fn single_gets(stats: &s247::sandbox::Stats) -> Vec<String> {
    stats
        .by_route
        .keys()
        .filter(|r| r.starts_with("GET ") && r.ends_with("/{id}"))
        .cloned()
        .collect()
}

#[test]
fn a_fresh_account_gets_profiles_and_a_monitor_using_them_by_name_in_one_run() {
    let run = fresh_account();
    let file = run.file("monitors.yaml", EVERYTHING);

    // Plan: eight creates, profiles and tags, then the user group, the group, the monitor; one
    // list per kind, nothing written.
    let out = run
        .github()
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(4)
        .get_output()
        .clone();
    let spent = run.stats();
    assert_eq!(writes(&spent), 0);
    assert!(single_gets(&spent).is_empty(), "{spent:?}");
    for route in [
        "GET /api/monitors",
        "GET /api/tags",
        "GET /api/notification_profiles",
        "GET /api/threshold_profiles",
        "GET /api/location_profiles",
        "GET /api/user_groups",
        "GET /api/users",
        "GET /api/monitor_groups",
    ] {
        assert_eq!(spent.count(route), 1, "{route}: {spent:?}");
    }
    let planned: Vec<Value> = serde_json::from_str(&run.outputs()["changes"]).unwrap();
    let kinds: Vec<&str> = planned
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "notification_profile",
            "threshold_profile",
            "threshold_profile",
            "location_profile",
            "user_group",
            "tag",
            "group",
            "monitor"
        ]
    );
    assert!(planned.iter().all(|c| c["action"] == "create"));
    let log = text(&out.stderr);
    assert!(
        log.contains("+ create threshold profile `Ping strict` (PING)"),
        "{log}"
    );
    assert!(log.contains("down_location_threshold: 2"), "{log}");

    // Apply: every object once, the monitor pointing at the new ones.
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let spent = since(&before, &run.stats());
    for route in [
        "POST /api/notification_profiles",
        "POST /api/location_profiles",
        "POST /api/user_groups",
        "POST /api/monitor_groups",
        "POST /api/monitors",
    ] {
        assert_eq!(spent.count(route), 1, "{route}: {spent:?}");
    }
    assert_eq!(spent.count("POST /api/threshold_profiles"), 2, "{spent:?}");
    // team:web, the ownership tag, and one ledger tag per object s247 created (6).
    assert_eq!(spent.count("POST /api/tags"), 8, "{spent:?}");
    assert_eq!(writes(&spent), 15, "{spent:?}");
    let log = text(&out.stderr);
    assert!(
        log.contains("Applied 9 changes."),
        "ledger tags are bookkeeping: {log}"
    );

    let edge = &run.monitors_named("Edge")[0];
    let notification = id_named(
        &list(&run, "/notification_profiles"),
        "profile_name",
        "Ops alerts",
        "profile_id",
    );
    let threshold = id_named(
        &list(&run, "/threshold_profiles"),
        "profile_name",
        "Ping strict",
        "profile_id",
    );
    let location = id_named(
        &list(&run, "/location_profiles"),
        "profile_name",
        "EU",
        "profile_id",
    );
    let people = list(&run, "/user_groups");
    let group = id_named(&people, "display_name", "Web team", "user_group_id");
    let tags = run.sandbox.tags();
    let web = id_named(&tags, "tag_value", "web", "tag_id");
    assert_eq!(edge["notification_profile_id"], notification.as_str());
    assert_eq!(edge["threshold_profile_id"], threshold.as_str());
    assert_eq!(edge["location_profile_id"], location.as_str());
    assert_eq!(edge["user_group_ids"], serde_json::json!([group]));
    assert!(
        edge["tag_ids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == web.as_str())
    );
    let group_health = id_named(
        &list(&run, "/threshold_profiles"),
        "profile_name",
        "Group health",
        "profile_id",
    );
    let services = run
        .sandbox
        .monitor_groups()
        .into_iter()
        .find(|g| g["display_name"] == "Edge services")
        .unwrap();
    let stored = run.get_data(&format!(
        "/monitor_groups/{}",
        services["group_id"].as_str().unwrap()
    ));
    assert_eq!(stored["notification_profile_id"], notification.as_str());
    assert_eq!(stored["healthcheck_profile_id"], group_health.as_str());
    assert_eq!(stored["user_group_ids"], serde_json::json!([group]));
    assert_eq!(stored["monitors"], serde_json::json!([edge["monitor_id"]]));
    let members = &people
        .iter()
        .find(|g| g["display_name"] == "Web team")
        .unwrap()["users"];
    assert_eq!(
        members,
        &serde_json::json!(["113770000090000001", "113770000090000002"])
    );
    // What s247 owns is recorded: one ledger tag per object it created.
    let ledger: Vec<String> = tags
        .iter()
        .filter(|t| t["tag_name"] == "s247-owns")
        .map(|t| t["tag_value"].as_str().unwrap().to_string())
        .collect();
    for owned in [
        format!("notification_profile:{notification}"),
        format!("threshold_profile:{threshold}"),
        format!("location_profile:{location}"),
        format!("user_group:{group}"),
        format!("tag:{web}"),
    ] {
        assert!(ledger.contains(&owned), "{owned} not in {ledger:?}");
    }

    // Plan again: nothing to do, still one list per kind and no per-object GET.
    run.clear_step_files();
    let before = run.stats();
    run.github()
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(0);
    assert_eq!(run.outputs()["changes"], "[]");
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0);
    // The one GET of a single object is the monitor group's: the group list leaves its profile
    // ids out (`site24x7-api.md` §8 row 2), so a group whose file sets a profile is read whole.
    assert_eq!(
        single_gets(&spent),
        ["GET /api/monitor_groups/{id}"],
        "{spent:?}"
    );
    assert!(
        spent.by_route.values().all(|n| *n == 1),
        "one request per list: {spent:?}"
    );
}

#[test]
fn a_tag_colour_outside_the_palette_stops_the_run_where_it_is_written() {
    let run = Run::new();
    let file = run.file(
        "monitors.yaml",
        "version: 1\ntags:\n  - name: release\n    value: blue\n    color: \"#4B7BEC\"\n",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("monitors.yaml:5:12"), "{log}");
    assert!(
        log.contains("monitors.yaml:5:12: error: not one of Site24x7's 26 tag colours; use one of #B7DA9E #73C7A3"),
        "{log}"
    );
    assert_eq!(writes(&run.stats()), 0);
    assert_eq!(
        run.stats().total,
        0,
        "the file is checked before the first request"
    );
}

#[test]
fn a_member_who_is_not_a_user_is_an_error_never_an_invitation() {
    let run = Run::new();
    let file = run.file(
        "monitors.yaml",
        "version: 1\nuser_groups:\n  - name: Release crew\n    members: [ada@example.com, new.hire@example.com]\n    attribute_group_id: \"113770000090100001\"\n",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("monitors.yaml:4:14"), "{log}");
    assert!(
        log.contains("no Site24x7 user has the address `new.hire@example.com`"),
        "{log}"
    );
    assert!(log.contains("never invites"), "{log}");
    assert_eq!(writes(&run.stats()), 0);
}

#[test]
fn one_changed_field_is_one_put_that_keeps_the_rest_of_the_profile() {
    let run = Run::new();
    // A person added a setting the file does not mention.
    let profiles = list(&run, "/threshold_profiles");
    let id = id_named(&profiles, "profile_name", "Website strict", "profile_id");
    let mut whole = profiles
        .iter()
        .find(|p| p["profile_id"] == id.as_str())
        .unwrap()
        .clone();
    whole["read_time_out"] = serde_json::json!({"severity": 2, "value": 5000});
    let (status, answer) = run.api("PUT", &format!("/threshold_profiles/{id}"), Some(&whole));
    assert_eq!(status, 200, "{answer}");

    let file = run.file(
        "monitors.yaml",
        "version: 1\nthreshold_profiles:\n  - {name: Website strict, type: URL, down_location_threshold: 2}\n",
    );
    let out = run
        .github()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("~ update threshold profile `Website strict`"),
        "{log}"
    );
    assert!(log.contains("down_location_threshold: 1 → 2"), "{log}");
    let planned: Vec<Value> = serde_json::from_str(&run.outputs()["changes"]).unwrap();
    assert_eq!(planned.len(), 1, "{planned:?}");
    assert_eq!(
        planned[0]["fields"],
        serde_json::json!(["down_location_threshold"])
    );

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(
        spent.count("PUT /api/threshold_profiles/{id}"),
        1,
        "{spent:?}"
    );
    assert_eq!(writes(&spent), 1, "{spent:?}");
    let after = list(&run, "/threshold_profiles");
    let stored = after
        .iter()
        .find(|p| p["profile_id"] == id.as_str())
        .unwrap();
    assert_eq!(stored["down_location_threshold"], 2);
    assert_eq!(
        stored["read_time_out"],
        serde_json::json!({"severity": 2, "value": 5000})
    );
    assert_eq!(stored["type"], "URL");
    // Updated, not created: a profile someone made is managed, not owned.
    assert!(
        !run.sandbox
            .tags()
            .iter()
            .any(|t| t["tag_name"] == "s247-owns")
    );
}

const OWNED: &str = "version: 1
notification_profiles:
  - {name: Release alerts, rca_needed: true}
  - {name: Canary alerts}
  - {name: Email only, rca_needed: false}
tags:
  - {name: release, value: blue, color: \"#0091EA\"}
  - {name: release, value: green, color: \"#8BC34A\"}
";
const LESS: &str = "version: 1
notification_profiles:
  - {name: Release alerts, rca_needed: true}
tags:
  - {name: release, value: green, color: \"#8BC34A\"}
";

#[test]
fn prune_deletes_only_the_profiles_and_tags_s247_created() {
    let run = Run::new();
    let full = run.file("full.yaml", OWNED);
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
    // `Email only` is the seed's, made by a person: the file manages it, s247 does not own it.
    let ledger = |run: &Run| {
        run.sandbox
            .tags()
            .into_iter()
            .filter(|t| t["tag_name"] == "s247-owns")
            .count()
    };
    assert_eq!(ledger(&run), 4, "two profiles and two tags were created");

    let less = run.file("less.yaml", LESS);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &less, "--prune"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("- delete notification profile `Canary alerts`"),
        "{log}"
    );
    assert!(log.contains("- delete tag `release:blue`"), "{log}");
    assert!(!log.contains("Email only"), "{log}");
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // Without --prune nothing goes, and the plan says what --prune would do.
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &less])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        text(&out.stderr)
            .contains("2 profiles, user groups or tags s247 created are not in the file")
    );
    assert_eq!(ledger(&run), 4);

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &less, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(
        spent.count("DELETE /api/notification_profiles/{id}"),
        1,
        "{spent:?}"
    );
    // The tag, then the two ledger tags.
    assert_eq!(spent.count("DELETE /api/tags/{id}"), 3, "{spent:?}");
    let names: Vec<String> = list(&run, "/notification_profiles")
        .iter()
        .map(|p| p["profile_name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Release alerts".to_string()), "{names:?}");
    assert!(names.contains(&"Email only".to_string()), "{names:?}");
    assert!(
        names.contains(&"Default Notification".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"Canary alerts".to_string()), "{names:?}");
    let tags = run.sandbox.tags();
    assert!(!tags.iter().any(|t| t["tag_value"] == "blue"));
    assert!(tags.iter().any(|t| t["tag_value"] == "green"));
    assert!(
        tags.iter().any(|t| t["tag_value"] == "prod"),
        "the seed's tags stay"
    );
    assert_eq!(ledger(&run), 2);

    // A file that lost its sections would delete everything s247 owns: refused, nothing written.
    let empty = run.file("empty.yaml", "version: 1\n");
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &empty, "--prune"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(log.contains("--prune would delete 2 owned"), "{log}");
    assert!(log.contains("max-prune"), "{log}");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn export_writes_the_sections_and_plans_nothing() {
    let run = Run::new();
    let file = run.file("monitors.yaml", OWNED);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let exported = run.path("exported.yaml");
    let out = run
        .s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    for section in [
        "notification_profiles:",
        "threshold_profiles:",
        "location_profiles:",
        "user_groups:",
        "tags:",
    ] {
        assert!(yaml.contains(section), "{section}\n{yaml}");
    }
    assert!(yaml.contains("name: Canary alerts"), "{yaml}");
    assert!(yaml.contains("ada@example.com"), "{yaml}");
    assert!(
        !yaml.contains("s247-owns"),
        "ledger tags are s247's own: {yaml}"
    );
    // The seed's tags with colours outside the palette are exported without one (and said).
    assert!(text(&out.stderr).contains("its colour is not one of the palette's"));

    run.clear_step_files();
    let before = run.stats();
    run.github()
        .args([
            "monitors",
            "plan",
            "-f",
            exported.to_str().unwrap(),
            "--detailed-exitcode",
        ])
        .assert()
        .code(0);
    assert_eq!(run.outputs()["changes"], "[]");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn a_profile_create_whose_answer_is_lost_is_found_by_name_and_still_recorded_as_owned() {
    use s247::sandbox::{FaultAction, FaultRule};
    let run = fresh_account();
    let file = run.file("monitors.yaml", EVERYTHING);
    run.sandbox.set_faults(vec![
        FaultRule::new(FaultAction::DropAfterApply)
            .on("POST", "/api/notification_profiles")
            .nth(1),
    ]);
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("creating `Ops alerts` may or may not have happened"),
        "{log}"
    );
    assert!(log.contains("`Ops alerts` was created after all"), "{log}");
    let profiles = list(&run, "/notification_profiles");
    assert_eq!(profiles.len(), 1, "not made twice: {profiles:?}");
    let id = profiles[0]["profile_id"].as_str().unwrap();
    assert_eq!(run.monitors_named("Edge")[0]["notification_profile_id"], id);
    assert!(
        run.sandbox
            .tags()
            .iter()
            .any(|t| t["tag_value"] == format!("notification_profile:{id}").as_str()),
        "the found profile is recorded as s247's"
    );
    assert_eq!(run.stats().count("POST /api/notification_profiles"), 1);
}

#[test]
fn a_file_with_its_own_owner_tag_never_prunes_another_files_profiles() {
    let run = Run::new();
    let ours = run.file(
        "ours.yaml",
        "version: 1\nnotification_profiles:\n  - {name: Our alerts}\n",
    );
    let theirs = run.file(
        "theirs.yaml",
        "version: 1\nowner_tag: team:payments\nnotification_profiles:\n  - {name: Payments alerts}\n",
    );
    for file in [&ours, &theirs] {
        run.s247()
            .args(["monitors", "apply", "-f", file])
            .assert()
            .success();
    }
    let values: Vec<String> = run
        .sandbox
        .tags()
        .iter()
        .filter(|t| t["tag_name"] == "s247-owns")
        .map(|t| t["tag_value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert!(
        values.iter().any(|v| v.ends_with(":team:payments")),
        "{values:?}"
    );

    // Their file drops its profile and prunes: only theirs goes.
    let emptied = run.file("emptied.yaml", "version: 1\nowner_tag: team:payments\n");
    run.s247()
        .args([
            "monitors",
            "apply",
            "-f",
            &emptied,
            "--prune",
            "--max-prune",
            "all",
        ])
        .assert()
        .success();
    let names: Vec<String> = list(&run, "/notification_profiles")
        .iter()
        .map(|p| p["profile_name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Our alerts".to_string()), "{names:?}");
    assert!(!names.contains(&"Payments alerts".to_string()), "{names:?}");
}

#[test]
fn an_owned_profile_a_monitor_still_uses_is_not_pruned_until_the_monitor_moves_off() {
    let run = Run::new();
    let full = run.file(
        "full.yaml",
        "version: 1\nnotification_profiles:\n  - {name: Keep alerts}\n  - {name: Canary alerts}\nmonitors:\n  - {name: Canary, type: PING, host: canary.example.net, notification_profile: Canary alerts}\n",
    );
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
    // The profile leaves the file, the monitor stays on it (and is not in the file's hands to
    // move): the prune would leave it without its profile, so it is kept and said.
    let still_used = run.file(
        "still.yaml",
        "version: 1\nnotification_profiles:\n  - {name: Keep alerts}\nmonitors:\n  - {name: Canary, type: PING, host: canary.example.net}\n",
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &still_used, "--prune"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("notification profile `Canary alerts` is not pruned: `Canary` still uses it; point it elsewhere first"),
        "{log}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // Once the file moves the monitor to another profile, the same run prunes the old one.
    let moved = run.file(
        "moved.yaml",
        "version: 1\nnotification_profiles:\n  - {name: Keep alerts}\nmonitors:\n  - {name: Canary, type: PING, host: canary.example.net, notification_profile: Keep alerts}\n",
    );
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &moved, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");
    assert_eq!(
        spent.count("DELETE /api/notification_profiles/{id}"),
        1,
        "{spent:?}"
    );
    let names: Vec<String> = list(&run, "/notification_profiles")
        .iter()
        .map(|p| p["profile_name"].as_str().unwrap().to_string())
        .collect();
    assert!(!names.contains(&"Canary alerts".to_string()), "{names:?}");
}
