//! The sandbox is as strict as production plausibly is (issue 10), and `lenient` keeps the
//! kinder behaviour for comparison: what a client sees over HTTP in each mode.

mod common;

use common::monitors::*;
use serde_json::{Value, json};

const SHOP_FRONT: &str = "7262465";
const WEB: &str = "113770000060000001";

/// The monitor with only what a create requires (no automations, no groups, …).
fn partial(monitor: &Value) -> Value {
    let mut body = json!({});
    for field in [
        "display_name",
        "type",
        "website",
        "location_profile_id",
        "notification_profile_id",
        "threshold_profile_id",
        "user_group_ids",
    ] {
        body[field] = monitor[field].clone();
    }
    body["timeout"] = json!(30);
    body
}

#[test]
fn a_partial_monitor_put_erases_what_it_leaves_out_unless_lenient() {
    let strict = Run::new();
    let live = strict.get_data(&format!("/monitors/{SHOP_FRONT}"));
    let (status, answer) = strict.api(
        "PUT",
        &format!("/monitors/{SHOP_FRONT}"),
        Some(&partial(&live)),
    );
    assert_eq!(status, 200, "{answer}");
    let after = strict.get_data(&format!("/monitors/{SHOP_FRONT}"));
    assert_eq!(after["timeout"], "30");
    for gone in [
        "action_ids",
        "third_party_services",
        "on_call_schedule_id",
        "monitor_groups",
    ] {
        assert!(
            after.get(gone).is_none(),
            "strict replaces: {gone} in {after}"
        );
    }
    assert_eq!(
        after["check_frequency"], "1",
        "back to the create default: {after}"
    );
    // The membership went both ways: the subgroup no longer lists the monitor.
    let subgroup = strict.get_data("/subgroups/4410000000000001");
    assert_eq!(subgroup["monitors"], json!([]), "{subgroup}");

    let kind = Run::with(lenient());
    kind.api(
        "PUT",
        &format!("/monitors/{SHOP_FRONT}"),
        Some(&partial(&live)),
    );
    let after = kind.get_data(&format!("/monitors/{SHOP_FRONT}"));
    assert_eq!(after["timeout"], "30");
    assert_eq!(
        after["action_ids"], live["action_ids"],
        "lenient merges: {after}"
    );
}

#[test]
fn group_writes_need_both_profiles_and_a_put_replaces_the_group() {
    let strict = Run::new();
    let (status, answer) = strict.api(
        "POST",
        "/monitor_groups",
        Some(&json!({"display_name": "Bare"})),
    );
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["message"], "Parameter missing.");
    assert!(
        answer["error_info"]["notification_profile_id"].is_string(),
        "{answer}"
    );
    assert!(
        answer["error_info"]["healthcheck_profile_id"].is_string(),
        "{answer}"
    );
    let (status, _) = strict.api(
        "PUT",
        &format!("/monitor_groups/{WEB}"),
        Some(&json!({"display_name": "Web", "description": "x"})),
    );
    assert_eq!(status, 400);

    let profiles = json!({
        "display_name": "Web",
        "notification_profile_id": "113770000020000001",
        "healthcheck_profile_id": "113770000030000010",
    });
    let (status, _) = strict.api("PUT", &format!("/monitor_groups/{WEB}"), Some(&profiles));
    assert_eq!(status, 200);
    let web = strict.get_data(&format!("/monitor_groups/{WEB}"));
    assert!(web.get("description").is_none(), "replaced: {web}");
    assert!(web.get("monitors").is_none_or(|m| m == &json!([])), "{web}");

    let (status, _) = strict.api(
        "POST",
        "/monitor_groups",
        Some(&json!({"display_name": "Complete", "notification_profile_id": "113770000020000001", "healthcheck_profile_id": "113770000030000010"})),
    );
    assert_eq!(status, 200, "creates answer 200");

    let kind = Run::with(lenient());
    let (status, _) = kind.api(
        "POST",
        "/monitor_groups",
        Some(&json!({"display_name": "Bare"})),
    );
    assert_eq!(status, 201);
}

#[test]
fn the_group_list_hides_profiles_and_subgroups_live_under_their_own_path() {
    let run = Run::new();
    let groups = run.get_data("/monitor_groups");
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Web", "Backend"]);
    assert!(groups[0].get("healthcheck_profile_id").is_none());
    assert_eq!(
        run.get_data(&format!("/monitor_groups/{WEB}"))["healthcheck_profile_id"],
        "113770000030000010"
    );
    let subgroups = run.get_data("/subgroups");
    assert_eq!(subgroups[0]["display_name"], "Checkout flow");
    assert_eq!(subgroups[0]["group_type"], 2);
    assert_eq!(subgroups[0]["parent_group_id"], WEB);
    assert_eq!(subgroups[0]["monitors"], json!([SHOP_FRONT]));
    let (status, _) = run.api("GET", "/monitor_groups/4410000000000001", None);
    assert_eq!(status, 404);
}

#[test]
fn tag_colours_come_from_the_palette() {
    let strict = Run::new();
    let (status, answer) = strict.api(
        "POST",
        "/tags",
        Some(&json!({"tag_name": "x", "tag_color": "#4B7BEC"})),
    );
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error_info"]["tag_color"]
            .as_str()
            .unwrap()
            .contains("#B7DA9E")
    );
    let (status, _) = strict.api(
        "POST",
        "/tags",
        Some(&json!({"tag_name": "x", "tag_color": "#999"})),
    );
    assert_eq!(status, 200);

    let kind = Run::with(lenient());
    let (status, _) = kind.api(
        "POST",
        "/tags",
        Some(&json!({"tag_name": "x", "tag_color": "#4B7BEC"})),
    );
    assert_eq!(status, 201);
}

#[test]
fn the_seed_holds_unmanaged_types_a_typeless_monitor_and_ids_of_many_lengths() {
    let run = Run::new();
    let monitors = run.get_data("/monitors");
    let monitors = monitors.as_array().unwrap();
    let types: Vec<Option<&str>> = monitors.iter().map(|m| m["type"].as_str()).collect();
    assert!(types.contains(&Some("SERVER")) && types.contains(&Some("CRON")));
    assert!(
        types.contains(&None),
        "a domain-expiry monitor without type"
    );
    let lengths: std::collections::BTreeSet<usize> = monitors
        .iter()
        .map(|m| m["monitor_id"].as_str().unwrap().len())
        .collect();
    assert!(lengths.contains(&3) && lengths.contains(&19), "{lengths:?}");
}
