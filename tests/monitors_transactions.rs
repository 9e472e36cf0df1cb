//! REST API transactions (RESTAPISEQ) against the strict sandbox: a monitor whose `steps` are
//! each a REST API check. A fresh account plans one create; apply makes it; planning again finds
//! nothing; one step's url changed plans exactly `steps[1].url` and costs one write; what a
//! person set on a live step and the file does not mention survives the update; an export plans
//! nothing; a file with a step without url, or a transaction without steps, stops with exit 2 at
//! its place before any request. The steps are not in the monitor list: plan reads them with one
//! `GET /monitors/steps/{id}` per transaction the file manages, and nothing else one at a time.

mod common;

use common::monitors::*;
use serde_json::{Value, json};

const NAME: &str = "Checkout flow";

const FILE: &str = r#"version: 1
defaults:
  user_groups: [Admins]
monitors:
  - name: Checkout flow
    type: RESTAPISEQ
    check_frequency: 5m
    steps:
      - name: Log in
        url: https://api.example.com/login
        method: POST
        content_type: json
        body: '{"user": "monitor"}'
        expected_status: "200"
      - name: List orders
        url: https://api.example.com/orders
        headers:
          Accept: application/json
        response_type: json
        keyword: orders
        timeout: 20s
"#;

fn changes(out: &std::process::Output) -> Vec<Value> {
    let stdout = text(&out.stdout);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn plan(run: &Run, file: &str, code: i32) -> std::process::Output {
    run.s247()
        .args(["monitors", "plan", "-f", file, "--detailed-exitcode"])
        .assert()
        .code(code)
        .get_output()
        .clone()
}

fn apply(run: &Run, file: &str) -> std::process::Output {
    run.s247()
        .args(["monitors", "apply", "-f", file])
        .assert()
        .success()
        .get_output()
        .clone()
}

/// One list per kind; the only object read one at a time is the transaction's steps, once.
fn within_budget(spent: &s247::sandbox::Stats, steps_reads: usize) {
    for (route, n) in &spent.by_route {
        if route == "GET /api/monitors/steps/{id}" {
            assert_eq!(*n, steps_reads, "{spent:?}");
        } else if route.starts_with("GET /api/") {
            assert!(
                !route.contains("{id}"),
                "no other per-object GET: {spent:?}"
            );
            assert_eq!(*n, 1, "one list per kind: {spent:?}");
        }
    }
    assert_eq!(
        spent.count("GET /api/monitors/steps/{id}"),
        steps_reads,
        "{spent:?}"
    );
}

fn monitor_id(run: &Run) -> String {
    let live = run.monitors_named(NAME);
    assert_eq!(live.len(), 1, "{live:?}");
    live[0]["monitor_id"].as_str().unwrap().to_string()
}

/// The live steps, as `GET /monitors/steps/{id}` answers them.
fn live_steps(run: &Run) -> Vec<Value> {
    let id = monitor_id(run);
    run.get_data(&format!("/monitors/steps/{id}"))
        .as_array()
        .cloned()
        .unwrap()
}

fn lifecycle(run: &Run) {
    // A fresh account: one create, nothing written, nothing read one at a time.
    let file = run.file("monitors.yaml", FILE);
    let before = run.stats();
    let out = plan(run, &file, 4);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0, "plan never writes");
    within_budget(&spent, 0);
    let planned = changes(&out);
    assert_eq!(planned.len(), 1, "{planned:?}");
    assert_eq!(planned[0]["action"], "create");
    let log = text(&out.stderr);
    assert!(
        log.contains("+ create monitor `Checkout flow` (RESTAPISEQ)"),
        "{log}"
    );
    assert!(log.contains("steps: [Log in, List orders]"), "{log}");

    // Apply: the ownership tag, then the monitor with both steps in one POST.
    let before = run.stats();
    apply(run, &file);
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("POST /api/monitors"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 2, "the tag and the monitor: {spent:?}");
    let steps = live_steps(run);
    let urls: Vec<&Value> = steps
        .iter()
        .map(|s| &s["step_details"][0]["step_url"])
        .collect();
    assert_eq!(
        urls,
        [
            "https://api.example.com/login",
            "https://api.example.com/orders"
        ]
    );
    let login = &steps[0]["step_details"][0];
    assert_eq!(login["http_method"], "P");
    assert_eq!(login["request_param"], r#"{"user": "monitor"}"#);
    assert_eq!(
        steps[1]["step_details"][0]["timeout"], "20",
        "a string, as the provider sends it"
    );

    // Planning again finds nothing; the steps cost one GET.
    let before = run.stats();
    let out = plan(run, &file, 0);
    within_budget(&since(&before, &run.stats()), 1);
    assert_eq!(changes(&out), Vec::<Value>::new());

    // One step's url changed: exactly that field, one PUT.
    let changed = run.file(
        "monitors.yaml",
        &FILE.replace(
            "https://api.example.com/orders",
            "https://api.example.com/v2/orders",
        ),
    );
    let before = run.stats();
    let out = plan(run, &changed, 4);
    within_budget(&since(&before, &run.stats()), 1);
    assert_eq!(
        changes(&out),
        vec![
            json!({"action": "update", "kind": "monitor", "name": NAME, "fields": ["steps[1].url"]})
        ]
    );
    let log = text(&out.stderr);
    assert!(
        log.contains(
            "steps[1].url: https://api.example.com/orders → https://api.example.com/v2/orders"
        ),
        "{log}"
    );
    let before = run.stats();
    apply(run, &changed);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 1, "{spent:?}");
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");
    plan(run, &changed, 0);

    // Export of the whole account, planned: nothing to do.
    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(
        yaml.contains("- name: Checkout flow\n  type: RESTAPISEQ\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("url: https://api.example.com/v2/orders"),
        "{yaml}"
    );
    let before = run.stats();
    let out = plan(run, exported.to_str().unwrap(), 0);
    assert_eq!(changes(&out), Vec::<Value>::new());
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn a_rest_api_transaction_round_trips() {
    lifecycle(&Run::new());
}

#[test]
fn a_rest_api_transaction_round_trips_under_the_lenient_sandbox_too() {
    lifecycle(&Run::with(lenient()));
}

/// Someone adds settings s247's file does not manage to a live step in Site24x7 (an auth user,
/// a GraphQL query, a JSON check). Changing another field of that step keeps them all.
#[test]
fn what_a_person_set_on_a_live_step_survives_an_update() {
    let run = Run::new();
    let file = run.file("monitors.yaml", FILE);
    apply(&run, &file);

    let id = monitor_id(&run);
    let mut monitor = run.get_data(&format!("/monitors/{id}"));
    let mut steps = live_steps(&run);
    let login = steps[0]["step_details"][0].as_object_mut().unwrap();
    login.insert("auth_user".into(), json!("monitor"));
    login.insert("graphql".into(), json!({"query": "{ me { id } }"}));
    login.insert(
        "match_json".into(),
        json!({"jsonpath": ["$.token"], "severity": 2}),
    );
    monitor["steps"] = Value::Array(steps);
    let (status, answer) = run.api("PUT", &format!("/monitors/{id}"), Some(&monitor));
    assert_eq!(status, 200, "{answer}");
    // The file does not mention them: nothing to do.
    plan(&run, &file, 0);

    let changed = run.file(
        "monitors.yaml",
        &FILE.replace(
            r#"body: '{"user": "monitor"}'"#,
            r#"body: '{"user": "probe"}'"#,
        ),
    );
    let out = plan(&run, &changed, 4);
    assert_eq!(
        changes(&out),
        vec![
            json!({"action": "update", "kind": "monitor", "name": NAME, "fields": ["steps[0].body"]})
        ]
    );
    apply(&run, &changed);
    let login = &live_steps(&run)[0]["step_details"][0];
    assert_eq!(login["request_param"], r#"{"user": "probe"}"#);
    assert_eq!(login["auth_user"], "monitor", "{login}");
    assert_eq!(
        login["graphql"],
        json!({"query": "{ me { id } }"}),
        "{login}"
    );
    assert_eq!(
        login["match_json"]["jsonpath"],
        json!(["$.token"]),
        "{login}"
    );
    plan(&run, &changed, 0);
}

/// The file is the truth for the list: a step it drops is removed, a new one added, each named
/// in the plan; the steps it keeps keep their live settings, whatever their new position.
#[test]
fn steps_are_matched_by_name_when_the_list_changes() {
    let run = Run::new();
    let file = run.file("monitors.yaml", FILE);
    apply(&run, &file);
    let id = monitor_id(&run);
    let mut monitor = run.get_data(&format!("/monitors/{id}"));
    let mut steps = live_steps(&run);
    steps[1]["step_details"][0]["user_agent"] = json!("orders-probe");
    monitor["steps"] = Value::Array(steps);
    let (status, answer) = run.api("PUT", &format!("/monitors/{id}"), Some(&monitor));
    assert_eq!(status, 200, "{answer}");

    // `Log in` goes, `Log out` comes after `List orders`.
    let start = FILE.find("      - name: Log in").unwrap();
    let end = FILE.find("      - name: List orders").unwrap();
    let reshaped = format!(
        "{}{}      - name: Log out\n        url: https://api.example.com/logout\n",
        &FILE[..start],
        &FILE[end..]
    );
    let reshaped = run.file("monitors.yaml", &reshaped);
    let out = plan(&run, &reshaped, 4);
    assert_eq!(
        changes(&out),
        vec![
            json!({"action": "update", "kind": "monitor", "name": NAME, "fields": ["steps[1]", "steps[0]"]})
        ]
    );
    let log = text(&out.stderr);
    assert!(
        log.contains("      steps[1]: Log out (new step)\n"),
        "{log}"
    );
    assert!(
        log.contains("steps[0]: Log in → (removed: the file does not list it)"),
        "{log}"
    );
    let before = run.stats();
    apply(&run, &reshaped);
    assert_eq!(writes(&since(&before, &run.stats())), 1);
    let steps = live_steps(&run);
    let names: Vec<&Value> = steps.iter().map(|s| &s["display_name"]).collect();
    assert_eq!(names, ["List orders", "Log out"]);
    assert_eq!(steps[0]["step_details"][0]["user_agent"], "orders-probe");
    assert_eq!(
        steps[1]["step_details"][0]["http_method"], "G",
        "a new step's default"
    );
    plan(&run, &reshaped, 0);
}

fn refused(run: &Run, text_of_file: &str) -> String {
    let file = run.file("bad.yaml", text_of_file);
    let mut stderr = String::new();
    for command in ["plan", "apply"] {
        let out = run
            .s247()
            .args(["monitors", command, "-f", &file])
            .assert()
            .code(2)
            .get_output()
            .clone();
        stderr = text(&out.stderr).replace(&file, "bad.yaml");
    }
    assert_eq!(run.stats().total, 0, "no request at all: {:?}", run.stats());
    stderr
}

#[test]
fn a_step_without_url_stops_at_the_step() {
    let run = Run::new();
    let stderr = refused(
        &run,
        &FILE.replace("        url: https://api.example.com/orders\n", ""),
    );
    // The second step starts on line 15, its `name` at column 9.
    assert!(
        stderr.contains(
            "bad.yaml:15:9: error: step 1 has no `url`: every step needs a name and a url"
        ),
        "{stderr}"
    );
}

#[test]
fn a_transaction_without_steps_stops_at_its_type() {
    let run = Run::new();
    let end = FILE.find("    steps:").unwrap();
    let stderr = refused(&run, &FILE[..end]);
    assert!(
        stderr.contains(
            "bad.yaml:6:11: error: RESTAPISEQ monitors need `steps`: `Checkout flow` has none"
        ),
        "{stderr}"
    );
}

#[test]
fn two_steps_with_one_name_or_a_bad_url_are_refused_at_their_place() {
    let run = Run::new();
    let stderr = refused(
        &run,
        &FILE
            .replace("name: List orders", "name: Log in")
            .replace("https://api.example.com/login", "api.example.com/login"),
    );
    assert!(
        stderr.contains(
            "bad.yaml:10:14: error: `api.example.com/login` is not an absolute http(s) URL"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.yaml:15:15: error: two steps are named `Log in`"),
        "{stderr}"
    );
}

/// A step's credential comes from the environment: it is sent, masked in the log, never shown in
/// the plan, and not exported (the exported file leaves that step's headers to the live monitor,
/// so applying the export keeps them).
#[test]
fn a_step_header_from_the_environment_is_sent_masked_and_never_exported() {
    let run = Run::new();
    let file = run.file(
        "monitors.yaml",
        &FILE.replace(
            "          Accept: application/json\n",
            "          Accept: application/json\n          Authorization: Bearer ${env:ORDERS_TOKEN}\n",
        ),
    );
    let out = run
        .github()
        .env("ORDERS_TOKEN", "orders-secret-value")
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(log.contains("::add-mask::orders-secret-value"), "{log}");
    assert_eq!(
        log.matches("orders-secret-value").count(),
        1,
        "only the mask: {log}"
    );
    let headers = &live_steps(&run)[1]["step_details"][0]["custom_headers"];
    assert!(
        headers
            .as_array()
            .unwrap()
            .contains(&json!({"name": "Authorization", "value": "Bearer orders-secret-value"})),
        "{headers}"
    );

    // A new token: the plan names the header, never a value.
    let out = run
        .github()
        .env("ORDERS_TOKEN", "rotated-secret-value")
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(4)
        .get_output()
        .clone();
    let log = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        log.contains("steps[1].headers: {Authorization (changed)}"),
        "{log}"
    );
    assert!(!log.contains("orders-secret-value"), "{log}");
    assert_eq!(log.matches("rotated-secret-value").count(), 1, "{log}");

    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(!yaml.contains("secret-value"), "{yaml}");
    assert!(!yaml.contains("Authorization"), "{yaml}");
    let before = run.stats();
    let out = plan(&run, exported.to_str().unwrap(), 0);
    assert_eq!(changes(&out), Vec::<Value>::new());
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

/// The strict sandbox plays what the provider's structs require of a transaction: steps, each
/// with a name and a url. A client that left them out would find out here, not in production.
#[test]
fn the_sandbox_refuses_a_transaction_without_steps_or_a_step_without_url() {
    let run = Run::new();
    let profile = |name: &str| {
        run.get_data(match name {
            "location" => "/location_profiles",
            "notification" => "/notification_profiles",
            "threshold" => "/threshold_profiles",
            _ => "/user_groups",
        })
        .as_array()
        .unwrap()
        .iter()
        .find(|p| name != "threshold" || p["type"] == "RESTAPISEQ")
        .and_then(|p| {
            ["profile_id", "user_group_id"]
                .iter()
                .find_map(|k| p[*k].as_str().map(String::from))
        })
        .unwrap()
    };
    let mut body = json!({
        "display_name": "Bare transaction",
        "type": "RESTAPISEQ",
        "location_profile_id": profile("location"),
        "notification_profile_id": profile("notification"),
        "threshold_profile_id": profile("threshold"),
        "user_group_ids": [profile("users")],
    });
    let (status, answer) = run.api("POST", "/monitors", Some(&body));
    assert_eq!(status, 400, "{answer}");
    assert!(answer.to_string().contains("steps"), "{answer}");

    body["steps"] = json!([{"display_name": "Ping", "step_details": [{"http_method": "G"}]}]);
    let (status, answer) = run.api("POST", "/monitors", Some(&body));
    assert_eq!(status, 400, "{answer}");
    assert!(answer.to_string().contains("step_url"), "{answer}");

    body["steps"][0]["step_details"][0]["step_url"] = json!("https://api.example.com/ping");
    let (status, answer) = run.api("POST", "/monitors", Some(&body));
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["data"].get("steps").is_none(),
        "the monitor comes without its steps"
    );
}
