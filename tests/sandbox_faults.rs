//! Every fault mode of the sandbox, seen from a real HTTP client: latency, dropped connections
//! (before and after the request was applied), 5xx, 429 with Retry-After, rules set at start, in
//! process and over HTTP, and determinism from the seed.

mod common;

use std::time::{Duration, Instant};

use common::sandbox::http_agent as agent;
use s247::sandbox::{
    FaultAction, FaultRule, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN,
    Sandbox, SandboxConfig, Trigger,
};
use serde_json::{Value, json};

/// What a client saw: an answer, or a transport error (the connection was dropped).
#[derive(Debug)]
enum Seen {
    Answer {
        status: u16,
        retry_after: Option<String>,
        content_type: String,
        text: String,
    },
    Dropped(String),
}

impl Seen {
    fn status(&self) -> Option<u16> {
        match self {
            Seen::Answer { status, .. } => Some(*status),
            Seen::Dropped(_) => None,
        }
    }
    fn json(&self) -> Value {
        match self {
            Seen::Answer { text, .. } => serde_json::from_str(text).unwrap(),
            Seen::Dropped(e) => panic!("dropped: {e}"),
        }
    }
}

fn seen(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Seen {
    match result {
        Ok(mut response) => {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let retry_after = header("retry-after");
            let content_type = header("content-type").unwrap_or_default();
            let text = response.body_mut().read_to_string().unwrap_or_default();
            Seen::Answer {
                status: response.status().as_u16(),
                retry_after,
                content_type,
                text,
            }
        }
        Err(e) => Seen::Dropped(e.to_string()),
    }
}

struct Client<'a> {
    sandbox: &'a Sandbox,
    auth: String,
}

impl<'a> Client<'a> {
    fn new(sandbox: &'a Sandbox) -> Client<'a> {
        let body = mint(sandbox).json();
        Client {
            sandbox,
            auth: format!("Zoho-oauthtoken {}", body["access_token"].as_str().unwrap()),
        }
    }
    fn get(&self, path: &str) -> Seen {
        seen(
            agent()
                .get(format!("{}{path}", self.sandbox.api_url()))
                .header("Authorization", &self.auth)
                .call(),
        )
    }
    fn post(&self, path: &str, body: &Value) -> Seen {
        seen(
            agent()
                .post(format!("{}{path}", self.sandbox.api_url()))
                .header("Authorization", &self.auth)
                .send_json(body),
        )
    }
}

fn mint(sandbox: &Sandbox) -> Seen {
    seen(
        agent()
            .post(format!("{}/oauth/v2/token", sandbox.base_url()))
            .send_form([
                ("grant_type", "refresh_token"),
                ("client_id", SANDBOX_CLIENT_ID),
                ("client_secret", SANDBOX_CLIENT_SECRET),
                ("refresh_token", SANDBOX_REFRESH_TOKEN),
            ]),
    )
}

/// A valid URL monitor for the default account (ids looked up through the API).
fn new_monitor(client: &Client, name: &str) -> Value {
    let first = |path: &str, field: &str, pred: &dyn Fn(&Value) -> bool| -> String {
        let data = client.get(path).json()["data"].clone();
        data.as_array().unwrap().iter().find(|o| pred(o)).unwrap()[field]
            .as_str()
            .unwrap()
            .to_string()
    };
    json!({
        "display_name": name,
        "type": "URL",
        "website": "https://new.example.com/",
        "location_profile_id": first("/location_profiles", "profile_id", &|_| true),
        "notification_profile_id": first("/notification_profiles", "profile_id", &|_| true),
        "threshold_profile_id": first("/threshold_profiles", "profile_id", &|p| p["type"] == json!("URL")),
        "user_group_ids": [first("/user_groups", "user_group_id", &|_| true)],
    })
}

fn names(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .monitors()
        .iter()
        .map(|m| m["display_name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn latency_delays_matching_requests() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    sandbox.set_faults(vec![
        FaultRule::latency(Duration::from_millis(300)).on("GET", "/api/monitors"),
    ]);

    let started = Instant::now();
    assert_eq!(client.get("/monitors").status(), Some(200));
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );

    let started = Instant::now();
    assert_eq!(client.get("/tags").status(), Some(200));
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "another path is not delayed: {:?}",
        started.elapsed()
    );

    let logged = sandbox
        .requests()
        .into_iter()
        .find(|r| r.route == "GET /api/monitors")
        .unwrap();
    assert_eq!(logged.latency_ms, Some(300));
}

#[test]
fn the_kth_matching_request_is_dropped() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Drop)
            .on("GET", "/api/monitors")
            .nth(2),
    ]);

    assert_eq!(client.get("/monitors").status(), Some(200));
    assert_eq!(
        client.get("/tags").status(),
        Some(200),
        "other paths do not count"
    );
    assert!(matches!(client.get("/monitors"), Seen::Dropped(_)));
    assert_eq!(client.get("/monitors").status(), Some(200), "only the k-th");

    let dropped: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.fault.is_some())
        .collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].fault.as_deref(), Some("drop"));
    assert_eq!(dropped[0].status, None);
    assert_eq!(
        sandbox.stats().count("GET /api/monitors"),
        3,
        "dropped requests are counted"
    );
}

#[test]
fn a_drop_before_handling_creates_nothing() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    let body = new_monitor(&client, "Never made");
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Drop).on("POST", "/api/monitors"),
    ]);
    assert!(matches!(client.post("/monitors", &body), Seen::Dropped(_)));
    assert!(!names(&sandbox).contains(&"Never made".to_string()));
}

#[test]
fn a_drop_after_apply_leaves_the_object_created() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    let body = new_monitor(&client, "Ambiguous");
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::DropAfterApply)
            .on("POST", "/api/monitors")
            .nth(1),
    ]);

    let outcome = client.post("/monitors", &body);
    assert!(matches!(outcome, Seen::Dropped(_)), "{outcome:?}");
    assert_eq!(
        names(&sandbox).iter().filter(|n| *n == "Ambiguous").count(),
        1,
        "the create was applied"
    );
    let logged = sandbox
        .requests()
        .into_iter()
        .find(|r| r.route == "POST /api/monitors")
        .unwrap();
    assert_eq!(logged.fault.as_deref(), Some("drop_after_apply"));
    assert_eq!((logged.status, logged.applied_status), (None, Some(200)));

    // A client that blindly retries makes a duplicate; one that looks up by name first does not.
    let found = client.get("/monitors/name/Ambiguous");
    assert_eq!(found.status(), Some(200));
    assert_eq!(client.post("/monitors", &body).status(), Some(200));
    assert_eq!(
        names(&sandbox).iter().filter(|n| *n == "Ambiguous").count(),
        2
    );
}

#[test]
fn server_errors_answer_5xx_without_applying() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    let body = new_monitor(&client, "Not made");
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Status(503)).under("/api/tags"),
        FaultRule::new(FaultAction::Status(500)).on("POST", "/api/monitors"),
    ]);
    match client.get("/tags") {
        Seen::Answer {
            status,
            content_type,
            text,
            ..
        } => {
            assert_eq!(status, 503);
            assert!(content_type.starts_with("text/html"), "{content_type}");
            assert!(text.contains("503"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(client.post("/monitors", &body).status(), Some(500));
    assert!(!names(&sandbox).contains(&"Not made".to_string()));
    assert_eq!(client.get("/monitors").status(), Some(200));
}

#[test]
fn rate_limits_answer_429_with_retry_after() {
    let sandbox = Sandbox::start(SandboxConfig {
        faults: vec![
            FaultRule::new(FaultAction::RateLimit { retry_after: 7 })
                .under("/api/")
                .nth(2),
        ],
        ..Default::default()
    })
    .unwrap();
    let client = Client::new(&sandbox);
    assert_eq!(client.get("/monitors").status(), Some(200));
    match client.get("/monitors") {
        Seen::Answer {
            status,
            retry_after,
            ..
        } => {
            assert_eq!(status, 429);
            assert_eq!(retry_after.as_deref(), Some("7"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(client.get("/monitors").status(), Some(200));

    // The token endpoint can be faulted too.
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::RateLimit { retry_after: 2 }).on("POST", "/oauth/v2/token"),
    ]);
    assert_eq!(mint(&sandbox).status(), Some(429));
}

fn run_sequence(seed: u64) -> Vec<Option<u16>> {
    let sandbox = Sandbox::start(SandboxConfig {
        fault_seed: seed,
        faults: vec![
            FaultRule::new(FaultAction::Status(502))
                .under("/api/")
                .with_probability(0.3),
            FaultRule::new(FaultAction::Drop)
                .under("/api/")
                .with_probability(0.2),
            FaultRule::new(FaultAction::RateLimit { retry_after: 1 })
                .under("/api/")
                .with_probability(0.2),
        ],
        ..Default::default()
    })
    .unwrap();
    let client = Client::new(&sandbox);
    (0..40).map(|_| client.get("/tags").status()).collect()
}

#[test]
fn the_same_seed_gives_the_same_faults() {
    let first = run_sequence(42);
    assert_eq!(first, run_sequence(42));
    assert_ne!(first, run_sequence(43));
    for outcome in [Some(200), Some(502), Some(429), None] {
        assert!(
            first.contains(&outcome),
            "{outcome:?} never happened in {first:?}"
        );
    }
}

#[test]
fn faults_can_be_driven_over_http() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let client = Client::new(&sandbox);
    let control = format!("{}/_sandbox/faults", sandbox.base_url());
    let rules = json!({
        "seed": 9,
        "faults": [
            {"method": "GET", "path_prefix": "/api/tags", "trigger": {"nth": 1}, "action": {"status": 504}},
            {"path_prefix": "/api/maintenance", "action": {"rate_limit": {"retry_after": 3}}}
        ]
    });
    let set = seen(agent().post(&control).send_json(&rules));
    assert_eq!(set.status(), Some(200));
    assert_eq!(sandbox.faults().len(), 2);
    assert_eq!(sandbox.faults()[0].trigger, Trigger::Nth(1));

    assert_eq!(client.get("/tags").status(), Some(504));
    assert_eq!(client.get("/tags").status(), Some(200));
    assert_eq!(client.get("/maintenance").status(), Some(429));

    let listed = seen(agent().get(&control).call()).json();
    assert_eq!(listed["seed"], json!(9));
    assert_eq!(
        listed["faults"][1]["action"],
        json!({"rate_limit": {"retry_after": 3}})
    );

    // A bare list works too; an empty one clears every fault.
    assert_eq!(
        seen(agent().post(&control).send_json(json!([]))).status(),
        Some(200)
    );
    assert_eq!(client.get("/maintenance").status(), Some(200));
    assert_eq!(
        seen(agent().post(&control).send("{\"faults\": 3}")).status(),
        Some(400)
    );

    // /_sandbox/* itself is never faulted.
    sandbox.set_faults(vec![FaultRule::new(FaultAction::Drop)]);
    assert_eq!(
        seen(
            agent()
                .get(format!("{}/_sandbox/stats", sandbox.base_url()))
                .call()
        )
        .status(),
        Some(200)
    );
    assert!(matches!(client.get("/tags"), Seen::Dropped(_)));
}
