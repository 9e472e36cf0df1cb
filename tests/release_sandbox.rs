//! The sandbox's milestone, poll-now and current-status routes answer with the documented shapes
//! and their strict guesses, over real HTTP, and `POST /_sandbox/status` scripts a status.

mod common;

use common::sandbox::http_agent as agent;
use s247::sandbox::{
    SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_READONLY_REFRESH_TOKEN,
    SANDBOX_REFRESH_TOKEN, Sandbox, SandboxConfig,
};
use serde_json::{Value, json};

const HOMEPAGE: &str = "113770000070000001";
const API: &str = "113770000070000002";
const WEB: &str = "113770000060000001";

struct Client {
    base: String,
    auth: String,
}

impl Client {
    fn new(sandbox: &Sandbox, refresh_token: &str) -> Client {
        let mut answer = agent()
            .post(format!("{}/oauth/v2/token", sandbox.base_url()))
            .send_form([
                ("grant_type", "refresh_token"),
                ("client_id", SANDBOX_CLIENT_ID),
                ("client_secret", SANDBOX_CLIENT_SECRET),
                ("refresh_token", refresh_token),
            ])
            .unwrap();
        let body: Value =
            serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
        Client {
            base: sandbox.base_url(),
            auth: format!("Zoho-oauthtoken {}", body["access_token"].as_str().unwrap()),
        }
    }

    /// `(status, body)` of a request under the base URL.
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let agent = agent();
        let result = match (method, body) {
            ("GET", _) => agent.get(&url).header("Authorization", &self.auth).call(),
            ("DELETE", _) => agent
                .delete(&url)
                .header("Authorization", &self.auth)
                .call(),
            ("POST", Some(b)) => agent
                .post(&url)
                .header("Authorization", &self.auth)
                .send_json(&b),
            ("PUT", Some(b)) => agent
                .put(&url)
                .header("Authorization", &self.auth)
                .send_json(&b),
            _ => unreachable!(),
        };
        let mut response = result.unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[test]
fn milestones_add_list_update_delete_with_strict_guesses() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Client::new(&sandbox, SANDBOX_REFRESH_TOKEN);
    let marker = json!({"monitor_id": WEB, "marker_time": "2026-12-01 10:15", "label": "Deploy 1", "message": "m"});
    let (status, body) = api.send("POST", "/api/milestone", Some(marker.clone()));
    assert_eq!(status, 200);
    assert_eq!(body, json!({"code": 0, "message": "success"}), "no data");
    // The same target at the same minute cannot be told apart: refused.
    assert_eq!(api.send("POST", "/api/milestone", Some(marker)).0, 400);
    // Strict: a label, a known target and the documented time form are required.
    for bad in [
        json!({"monitor_id": WEB, "marker_time": "2026-12-01 10:16"}),
        json!({"monitor_id": "1", "marker_time": "2026-12-01 10:16", "label": "x"}),
        json!({"monitor_id": WEB, "marker_time": "2026-12-01T10:16:00Z", "label": "x"}),
    ] {
        assert_eq!(
            api.send("POST", "/api/milestone", Some(bad.clone())).0,
            400,
            "{bad}"
        );
    }
    // `page` is mandatory; past the end is an empty list.
    assert_eq!(api.send("GET", "/api/milestone", None).0, 400);
    let (_, page) = api.send("GET", "/api/milestone?page=1", None);
    assert_eq!(page["data"][0]["label"], "Deploy 1");
    assert_eq!(
        api.send("GET", "/api/milestone?page=2", None).1["data"],
        json!([])
    );
    let moved = json!({"monitor_id": WEB, "marker_time": "2026-12-01 10:15", "new_marker_time": "2026-12-01 10:20", "label": "Deploy 1b"});
    assert_eq!(api.send("PUT", "/api/milestone", Some(moved)).0, 200);
    assert_eq!(sandbox.milestones()[0]["marker_time"], "2026-12-01 10:20");
    let gone = "/api/milestone?marker_time=2026-12-01+10:20&monitor_id=113770000060000001";
    assert_eq!(api.send("DELETE", gone, None).0, 200);
    assert_eq!(api.send("DELETE", gone, None).0, 404);
    assert!(sandbox.milestones().is_empty());
}

#[test]
fn current_status_shapes_and_poll_now() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Client::new(&sandbox, SANDBOX_REFRESH_TOKEN);
    // Default `group_required=true`: grouped monitors are listed only inside their groups.
    let (_, nested) = api.send("GET", "/api/current_status", None);
    let ungrouped = nested["data"]["monitors"].as_array().unwrap();
    assert!(
        ungrouped.iter().all(|m| m["monitor_id"] != HOMEPAGE),
        "a grouped monitor is listed outside its group: {nested}"
    );
    let web = nested["data"]["monitor_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group_id"] == WEB)
        .unwrap();
    assert_eq!(web["monitors"].as_array().unwrap().len(), 2);
    let (_, flat) = api.send("GET", "/api/current_status?group_required=false", None);
    let monitors = flat["data"]["monitors"].as_array().unwrap();
    let seeded = sandbox.monitors().len();
    assert_eq!(monitors.len(), seeded);
    let homepage = monitors
        .iter()
        .find(|m| m["monitor_id"] == HOMEPAGE)
        .unwrap();
    assert_eq!(homepage["status"], 1);
    assert_eq!(homepage["name"], "Homepage");
    let polled =
        s247::api::status::parse_time(homepage["last_polled_time"].as_str().unwrap()).unwrap();
    // Before a poll now, the last check is one check frequency (1 minute) ago.
    assert!(jiff::Timestamp::now().duration_since(polled).as_secs() >= 59);

    let (status, poll) = api.send("GET", &format!("/api/monitor/poll_now/{HOMEPAGE}"), None);
    assert_eq!(status, 200);
    assert_eq!(poll["data"]["monitor_id"], HOMEPAGE);
    let (_, one) = api.send("GET", &format!("/api/current_status/{HOMEPAGE}"), None);
    let polled =
        s247::api::status::parse_time(one["data"]["last_polled_time"].as_str().unwrap()).unwrap();
    assert!(jiff::Timestamp::now().duration_since(polled).as_secs() < 5);
    let (_, group) = api.send("GET", &format!("/api/current_status/group/{WEB}"), None);
    assert_eq!(group["data"]["monitors"].as_array().unwrap().len(), 2);
    let (_, progress) = api.send(
        "GET",
        &format!("/api/monitor/status_poll_now/{HOMEPAGE}"),
        None,
    );
    assert_eq!(progress["data"]["status"], "in_progress");

    // Suspended monitors: absent unless asked for; the per-monitor call refuses them (2009).
    api.send(
        "PUT",
        &format!("/api/monitors/suspend/{API}"),
        Some(json!({})),
    );
    let (_, flat) = api.send("GET", "/api/current_status?group_required=false", None);
    assert_eq!(
        flat["data"]["monitors"].as_array().unwrap().len(),
        seeded - 1
    );
    let (_, all) = api.send(
        "GET",
        "/api/current_status?group_required=false&suspended_required=true",
        None,
    );
    let api_entry = all["data"]["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["monitor_id"] == API)
        .unwrap()
        .clone();
    assert_eq!(api_entry["status"], 5);
    let (status, refused) = api.send("GET", &format!("/api/current_status/{API}"), None);
    assert_eq!((status, refused["error_code"].clone()), (400, json!(2009)));
}

#[test]
fn current_status_needs_the_reports_scope() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Client::new(&sandbox, SANDBOX_READONLY_REFRESH_TOKEN);
    let (_, body) = api.send("GET", "/api/current_status", None);
    assert_eq!(body["error_code"], 1121);
}

#[test]
fn the_control_route_scripts_a_status_over_reads() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Client::new(&sandbox, SANDBOX_REFRESH_TOKEN);
    let mut answer = agent()
        .post(format!("{}/_sandbox/status", sandbox.base_url()))
        .send_json(json!({"monitor": "Homepage", "script": [
            {"status": 0, "reads": 2, "reason": "Connection timed out"}, {"status": 1}
        ]}))
        .unwrap();
    assert_eq!(
        answer.status().as_u16(),
        200,
        "{}",
        answer.body_mut().read_to_string().unwrap()
    );
    let statuses: Vec<(Value, Value)> = (0..3)
        .map(|_| {
            let (_, one) = api.send("GET", &format!("/api/current_status/{HOMEPAGE}"), None);
            (
                one["data"]["status"].clone(),
                one["data"]["down_reason"].clone(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (json!(0), json!("Connection timed out")),
            (json!(0), json!("Connection timed out")),
            (json!(1), json!("")),
        ]
    );
    let unknown = agent()
        .post(format!("{}/_sandbox/status", sandbox.base_url()))
        .send_json(json!({"monitor": "Nope", "script": [{"status": 0}]}))
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
}

#[test]
fn a_persons_selection_zero_window_hides_the_status_of_the_monitors_it_lists() {
    // §8 row 5: `selection_type: 0` with a monitor list covers those monitors, and a running
    // window hides their status as maintenance (7, §9.3); the monitors it does not list show up.
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Client::new(&sandbox, SANDBOX_REFRESH_TOKEN);
    let legacy = sandbox
        .maintenance_windows()
        .into_iter()
        .find(|w| w["selection_type"] == json!(0))
        .expect("the seed holds a person's selection_type 0 window");
    for id in legacy["monitors"].as_array().unwrap() {
        let (_, one) = api.send(
            "GET",
            &format!("/api/current_status/{}", id.as_str().unwrap()),
            None,
        );
        assert_eq!(one["data"]["status"], 7, "{one}");
    }
    let (_, home) = api.send("GET", &format!("/api/current_status/{HOMEPAGE}"), None);
    assert_eq!(home["data"]["status"], 1, "{home}");
}
