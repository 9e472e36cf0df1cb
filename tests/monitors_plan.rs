//! Plan and apply against the sandbox: a fresh account plans every monitor as a create, apply
//! creates them, and planning again finds nothing to do although the sandbox answers numbers as
//! strings and id lists reordered. One changed field plans exactly that field and costs one write.

mod common;

use common::monitors::*;
use serde_json::Value;

fn example_env(cmd: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    cmd.env("ORDERS_API_TOKEN", "orders-token-value")
        .env("ADMIN_MONITOR_PASSWORD", "admin-password-value")
}

fn example() -> String {
    format!("{}/examples/monitors.yaml", env!("CARGO_MANIFEST_DIR"))
}

fn changes(json: &str) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn fresh_account_plans_creates_apply_makes_them_and_replanning_finds_nothing() {
    let run = Run::new();

    // Plan: every group and monitor of the file is a create; nothing is written.
    let out = example_env(&mut run.github())
        .args(["monitors", "plan", "-f", &example(), "--detailed-exitcode"])
        .assert()
        .code(4)
        .get_output()
        .clone();
    assert_eq!(writes(&run.stats()), 0, "plan never writes");
    let outputs = run.outputs();
    assert_eq!(outputs["has-changes"], "true");
    let planned = changes(&outputs["changes"]);
    assert_eq!(planned.len(), 19, "{planned:?}");
    // Every group, monitor and window is a create, but the adopted SERVER, which exists: an
    // update.
    let (adopted, created): (Vec<_>, Vec<_>) =
        planned.iter().partition(|c| c["name"] == "db-host-01");
    assert!(created.iter().all(|c| c["action"] == "create"));
    assert_eq!(adopted.len(), 1, "{planned:?}");
    assert_eq!(adopted[0]["action"], "update");
    assert_eq!(adopted[0]["fields"], serde_json::json!(["groups", "tags"]));
    assert_eq!(planned[0]["kind"], "group");
    assert_eq!(planned[0]["name"], "Storefront");
    let names: Vec<&str> = created[1..]
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Storefront home",
            "Admin console",
            "Orders API",
            "shop.example.com certificate",
            "Edge router",
            "Mail submission",
            "example.com name server",
            "Nightly backup",
            "Storefront page speed",
            "Inventory SOAP service",
            "Invoice run",
            "example.com registration",
            "Partner drop box",
            "Uplink to the data centre",
            "Checkout journey",
            "Storefront release train",
            "Patch Sunday"
        ]
    );
    let log = text(&out.stderr);
    assert!(log.contains("18 to create, 1 to update"), "{log}");
    assert!(
        log.contains("+ create monitor `Edge router` (PING)"),
        "{log}"
    );
    assert!(log.contains("      host: edge.example.net"), "{log}");
    let summary = run.summary();
    assert!(summary.contains("### s247 monitors plan"), "{summary}");
    assert!(
        summary.contains("| create | monitor | Edge router |"),
        "{summary}"
    );

    // Apply: one tag (the ownership tag the account lacks), one group, fifteen monitors, two
    // maintenance windows, and one PUT for the adopted server.
    run.clear_step_files();
    let before = run.stats();
    example_env(&mut run.github())
        .args(["monitors", "apply", "-f", &example()])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("POST /api/tags"), 1, "{spent:?}");
    assert_eq!(spent.count("POST /api/monitor_groups"), 1, "{spent:?}");
    assert_eq!(spent.count("POST /api/monitors"), 15, "{spent:?}");
    assert_eq!(spent.count("POST /api/maintenance"), 2, "{spent:?}");
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 20, "{spent:?}");
    let edge = run.monitors_named("Edge router");
    assert_eq!(edge.len(), 1);
    // The sandbox answers the way the real API does, which the next plan must shrug off.
    assert_eq!(edge[0]["timeout"], "10", "numbers come back as strings");
    let home = &run.monitors_named("Storefront home")[0];
    let tags: Vec<&str> = home["tag_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags.len(), 3, "env:prod, team:web and the ownership tag");
    let owner = run
        .sandbox
        .tags()
        .into_iter()
        .find(|t| t["tag_name"] == "managed-by" && t["tag_value"] == "s247")
        .expect("the ownership tag was created");
    assert!(tags.contains(&owner["tag_id"].as_str().unwrap()));
    let group = run
        .sandbox
        .monitor_groups()
        .into_iter()
        .find(|g| g["display_name"] == "Storefront")
        .unwrap();
    assert_eq!(group["monitors"].as_array().unwrap().len(), 4);

    // Plan again: nothing, exit 0 even with --detailed-exitcode; one token for the whole job.
    run.clear_step_files();
    let before = run.stats();
    let out = example_env(&mut run.github())
        .args(["monitors", "plan", "-f", &example(), "--detailed-exitcode"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(run.outputs()["has-changes"], "false");
    assert_eq!(run.outputs()["changes"], "[]");
    // The fifteen monitors (the adopted server among them), the group, the two windows and the
    // five profile, user group and tag entries.
    assert!(text(&out.stderr).contains("no changes; 24 objects unchanged"));
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0);
    assert_eq!(
        run.stats().count("POST /oauth/v2/token"),
        1,
        "one token per job"
    );

    // And apply again writes nothing.
    let before = run.stats();
    example_env(&mut run.s247())
        .args(["monitors", "apply", "-f", &example()])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

const SMALL: &str = "version: 1
defaults:
  location_profile: Global
  user_groups: [Admins]
monitors:
  - name: Shop
    type: URL
    url: https://shop.example.com/
    timeout: 10s
    check_frequency: 5m
    keyword: Welcome
    tags: [team:web, env:prod]
  - name: Router
    type: PING
    host: router.example.net
";

#[test]
fn one_changed_field_plans_that_field_and_applies_with_one_write() {
    let run = Run::new();
    let file = run.file("monitors.yaml", SMALL);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();

    let changed = run.file(
        "monitors.yaml",
        &SMALL.replace("timeout: 10s", "timeout: 20s"),
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &changed, "--detailed-exitcode"])
        .assert()
        .code(4)
        .get_output()
        .clone();
    let planned = changes(text(&out.stdout).trim());
    assert_eq!(
        planned,
        vec![
            serde_json::json!({"action": "update", "kind": "monitor", "name": "Shop", "fields": ["timeout"]})
        ]
    );
    let log = text(&out.stderr);
    assert!(log.contains("~ update monitor `Shop` (URL, id "), "{log}");
    assert!(log.contains("      timeout: 10s → 20s"), "{log}");
    assert_eq!(
        log.matches(" → ").count(),
        1,
        "exactly one field changes: {log}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &changed])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 1, "{spent:?}");
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");
    let shop = &run.monitors_named("Shop")[0];
    assert_eq!(shop["timeout"], "20");
    assert_eq!(shop["tag_ids"].as_array().unwrap().len(), 3, "tags kept");
    assert_eq!(shop["matching_keyword"]["value"], "Welcome");

    run.s247()
        .args(["monitors", "plan", "-f", &changed, "--detailed-exitcode"])
        .assert()
        .code(0);
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let run = Run::new();
    let file = run.file("monitors.yaml", SMALL);
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file, "--dry-run"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("--dry-run: nothing was changed"));
    assert_eq!(changes(text(&out.stdout).trim()).len(), 2);
    assert_eq!(writes(&run.stats()), 0);
    assert!(run.monitors_named("Shop").is_empty());
}

#[test]
fn a_group_defined_in_the_file_is_created_before_its_members_join_it() {
    let run = Run::new();
    let yaml = "version: 1
monitor_groups:
  - name: Payments
    description: Card and wallet flows
    tags: [team:backend]
monitors:
  - name: Card API
    type: RESTAPI
    url: https://pay.example.com/cards
    groups: [Payments, Backend]
";
    let file = run.file("m.yaml", yaml);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let group = run
        .sandbox
        .monitor_groups()
        .into_iter()
        .find(|g| g["display_name"] == "Payments")
        .unwrap();
    let card = &run.monitors_named("Card API")[0];
    let groups: Vec<&str> = card["monitor_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(
        groups.contains(&group["group_id"].as_str().unwrap()),
        "{card}"
    );
    assert_eq!(groups.len(), 2);
    run.s247()
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(0);

    // Changing the group's description is one group update that keeps its members.
    let file = run.file("m.yaml", &yaml.replace("Card and wallet flows", "Cards"));
    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("PUT /api/monitor_groups/{id}"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 1);
    let group = run
        .sandbox
        .monitor_groups()
        .into_iter()
        .find(|g| g["display_name"] == "Payments")
        .unwrap();
    assert_eq!(group["description"], "Cards");
    assert_eq!(group["monitors"].as_array().unwrap().len(), 1);
}
