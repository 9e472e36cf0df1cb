//! Issue 10: writes that lose nothing, against a sandbox as strict as production is plausibly is
//! (a PUT replaces the object; group writes need both profiles; the tag palette is enforced), and
//! an account holding what real accounts hold (unmanaged types, a monitor without `type`,
//! subgroups, codes s247 does not know). The lifecycle runs under strict and lenient.

mod common;

use common::monitors::*;
use s247::sandbox::SandboxConfig;
use serde_json::{Value, json};

/// The seed's URL monitor carrying automations, on-call, dependencies and third-party services.
const SHOP_FRONT: &str = "7262465";
/// The seed's HOMEPAGE monitor with browser fields.
const SPEED: &str = "1234567890123456789";
/// The seed's `Web` group (with its own profiles) and `Backend` group (without).
const WEB: &str = "113770000060000001";
const BACKEND: &str = "113770000060000002";

fn apply(run: &Run, file: &str, extra: &[&str]) -> std::process::Output {
    run.s247()
        .args(["monitors", "apply", "-f", file])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone()
}

fn plan_exit(run: &Run, file: &str) -> (i32, String) {
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", file, "--detailed-exitcode"])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

/// Every field of `before` except `changed` is the same in `after`.
fn only_changed(before: &Value, after: &Value, changed: &[&str]) {
    for (key, value) in before.as_object().unwrap() {
        if changed.contains(&key.as_str()) {
            continue;
        }
        let mut got = after[key].clone();
        let mut want = value.clone();
        if let (Value::Array(g), Value::Array(w)) = (&mut got, &mut want) {
            // Id lists come back in the server's order.
            g.sort_by_key(|v| v.to_string());
            w.sort_by_key(|v| v.to_string());
        }
        assert_eq!(got, want, "`{key}` changed: {after}");
    }
}

#[test]
fn changing_one_field_keeps_automations_on_call_dependencies_and_third_party_services() {
    let run = Run::new();
    let before = run.get_data(&format!("/monitors/{SHOP_FRONT}"));
    for field in [
        "action_ids",
        "third_party_services",
        "dependency_resource_ids",
        "on_call_schedule_id",
        "monitor_groups",
    ] {
        assert!(
            !before[field].is_null() && before[field] != json!([]),
            "the seed carries {field}: {before}"
        );
    }
    let file = run.file(
        "shop.yaml",
        "version: 1\nmonitors:\n  - name: Shop front (legacy)\n    type: URL\n    url: https://store.example.com/\n    timeout: 20s\n",
    );
    let out = apply(&run, &file, &[]);
    assert!(text(&out.stderr).contains("updated monitor `Shop front (legacy)`"));

    let after = run.get_data(&format!("/monitors/{SHOP_FRONT}"));
    assert_eq!(after["timeout"], "20", "the changed field changed: {after}");
    only_changed(&before, &after, &["timeout"]);
    let puts: Vec<_> = run
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.route == "PUT /api/monitors/{id}")
        .collect();
    assert_eq!(puts.len(), 1);
}

#[test]
fn a_homepage_monitor_keeps_its_browser_fields() {
    let run = Run::new();
    let before = run.get_data(&format!("/monitors/{SPEED}"));
    assert_eq!(before["browser_type"], 3, "{before}");
    let file = run.file(
        "speed.yaml",
        "version: 1\nmonitors:\n  - name: Landing page speed\n    type: HOMEPAGE\n    url: https://www.example.com/landing\n    check_frequency: 30m\n",
    );
    apply(&run, &file, &[]);
    let after = run.get_data(&format!("/monitors/{SPEED}"));
    assert_eq!(after["check_frequency"], "30", "{after}");
    only_changed(&before, &after, &["check_frequency"]);
    for (field, value) in [
        ("website_type", json!(2)),
        ("browser_type", json!(3)),
        ("browser_version", json!(10101)),
        ("device_type", json!("2")),
        ("wpa_resolution", json!("412,915")),
    ] {
        assert_eq!(after[field], value, "{field}: {after}");
    }
}

#[test]
fn a_group_update_keeps_its_profiles_and_members_or_gets_the_account_defaults() {
    let run = Run::new();
    // The strict list leaves the profiles out; a GET has them.
    let listed = run.get_data("/monitor_groups");
    assert!(
        listed[0].get("notification_profile_id").is_none(),
        "{listed}"
    );
    let web_before = run.get_data(&format!("/monitor_groups/{WEB}"));
    assert_eq!(web_before["healthcheck_profile_id"], "113770000030000010");

    let file = run.file(
        "groups.yaml",
        "version: 1\nmonitor_groups:\n  - name: Web\n    description: Front ends, renamed\n  - name: Backend\n    description: APIs, renamed\nmonitors: []\n",
    );
    let before = run.stats();
    apply(&run, &file, &[]);
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("PUT /api/monitor_groups/{id}"), 2, "{spent:?}");
    // One GET per group the list shows without profiles, and only then.
    assert_eq!(spent.count("GET /api/monitor_groups/{id}"), 2, "{spent:?}");

    let web = run.get_data(&format!("/monitor_groups/{WEB}"));
    assert_eq!(web["description"], "Front ends, renamed");
    only_changed(&web_before, &web, &["description"]);

    let backend = run.get_data(&format!("/monitor_groups/{BACKEND}"));
    assert_eq!(backend["description"], "APIs, renamed");
    assert_eq!(
        backend["notification_profile_id"], "113770000020000001",
        "the account's first notification profile: {backend}"
    );
    assert_eq!(
        backend["healthcheck_profile_id"], "113770000030000010",
        "the account's HEALTHCHECK profile: {backend}"
    );
    assert_eq!(
        backend["monitors"].as_array().unwrap().len(),
        2,
        "{backend}"
    );
}

const LIFECYCLE: &str = "version: 1
owner_tag: managed-by:ci
defaults:
  location_profile: Global
  user_groups: [Admins]
monitor_groups:
  - name: Payments
    description: Checkout path
monitors:
  - name: Pay page
    type: URL
    url: https://pay.example.com/
    groups: [Payments]
  - name: Pay API
    type: RESTAPI
    url: https://pay.example.com/api
    timeout: 20s
  - name: Pay cert
    type: SSL_CERT
    domain: pay.example.com
  - name: Pay speed
    type: HOMEPAGE
    url: https://pay.example.com/landing
  - name: Pay DNS
    type: DNS
    dns_server: ns1.example.com
    domain: pay.example.com
";

fn lifecycle(config: SandboxConfig) {
    let run = Run::with(config);
    let file = run.file("m.yaml", LIFECYCLE);

    // Plan on a fresh account: everything is new.
    let (code, log) = plan_exit(&run, &file);
    assert_eq!(code, 4, "{log}");

    // Apply creates the ownership tag (in a palette colour) and every monitor.
    apply(&run, &file, &[]);
    let tag = run
        .sandbox
        .tags()
        .into_iter()
        .find(|t| t["tag_name"] == "managed-by" && t["tag_value"] == "ci")
        .expect("the ownership tag exists");
    assert_eq!(tag["tag_color"], "#B7DA9E");
    for name in ["Pay page", "Pay API", "Pay cert", "Pay speed", "Pay DNS"] {
        assert_eq!(run.monitors_named(name).len(), 1, "{name}");
    }
    let speed = run.monitors_named("Pay speed").remove(0);
    assert_eq!(
        speed["browser_type"], 1,
        "the create sent the defaults: {speed}"
    );

    // Re-plan: nothing to do.
    let (code, log) = plan_exit(&run, &file);
    assert_eq!(code, 0, "{log}");

    // One field changes: one update, and only that field moves.
    let api_before = run.monitors_named("Pay API").remove(0);
    let changed = run.file("m.yaml", &LIFECYCLE.replace("timeout: 20s", "timeout: 25s"));
    let before = run.stats();
    apply(&run, &changed, &[]);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 1, "{spent:?}");
    let api_after = run.monitors_named("Pay API").remove(0);
    assert_eq!(api_after["timeout"], "25");
    only_changed(&api_before, &api_after, &["timeout"]);
    assert_eq!(plan_exit(&run, &changed).0, 0);

    // Prune: the monitor that left the file goes, nothing else.
    let pruned = run.file(
        "m.yaml",
        &LIFECYCLE
            .replace("timeout: 20s", "timeout: 25s")
            .replace(
                "  - name: Pay DNS\n    type: DNS\n    dns_server: ns1.example.com\n    domain: pay.example.com\n",
                "",
            ),
    );
    let count = run.sandbox.monitors().len();
    let before = run.stats();
    apply(&run, &pruned, &["--prune"]);
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/monitors/{id}"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 1, "{spent:?}");
    assert_eq!(run.sandbox.monitors().len(), count - 1);
    assert!(run.monitors_named("Pay DNS").is_empty());

    // Export → plan: zero changes.
    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let (code, log) = plan_exit(&run, exported.to_str().unwrap());
    assert_eq!(code, 0, "{log}");
}

#[test]
fn the_whole_lifecycle_under_the_strict_sandbox() {
    lifecycle(SandboxConfig::default());
}

#[test]
fn the_whole_lifecycle_under_the_lenient_sandbox() {
    lifecycle(lenient());
}

#[test]
fn export_of_the_strict_seed_plans_nothing_and_prune_leaves_the_unmanaged_alone() {
    let run = Run::new();
    let exported = run.path("seed.yaml");
    let out = run
        .s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let yaml = std::fs::read_to_string(&exported).unwrap();
    // The adopted-only SERVER is named, once, and not written.
    assert_eq!(log.matches("`db-host-01`").count(), 1, "{log}");
    assert!(!yaml.contains("name: db-host-01"), "{yaml}");
    // The person's CRON monitor and the domain-expiry monitor that comes back without `type`
    // are types s247 manages now: written, with the type the typeless one has.
    assert!(
        yaml.contains("name: Nightly DB dump\n  type: CRON"),
        "{yaml}"
    );
    assert!(
        yaml.contains("name: example.com domain\n  type: DOMAINEXPIRY"),
        "{yaml}"
    );
    // The subgroup is named in a comment, never written as a group.
    assert!(
        yaml.contains("`Shop front (legacy)` is in subgroup `Checkout flow` (id 4410000000000001)"),
        "{yaml}"
    );
    assert!(!yaml.contains("- '4410000000000001'") && !yaml.contains("- 4410000000000001"));
    // An unknown code is written raw, in a comment.
    assert!(yaml.contains("request_content_type is `JSON`"), "{yaml}");

    let path = exported.to_str().unwrap();
    let (code, log) = plan_exit(&run, path);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("1 monitor in the account is of types s247 does not manage (SERVER)"),
        "{log}"
    );

    let unmanaged = |run: &Run| -> Vec<Value> {
        ["123", "98765432101", "55500011122233", SHOP_FRONT]
            .iter()
            .map(|id| run.get_data(&format!("/monitors/{id}")))
            .collect()
    };
    let before_objects = unmanaged(&run);
    let before = run.stats();
    apply(&run, path, &["--prune"]);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0, "{spent:?}");
    assert_eq!(unmanaged(&run), before_objects);
}
