//! The sandbox answers the way the reference describes the real service: envelopes, ids, stringly
//! numbers, reordered id lists, error bodies, token formats and limits, scopes, revocation, and
//! its own `/_sandbox/` plumbing. Every test talks real HTTP to a sandbox on an ephemeral port.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::sandbox::http_agent as agent;
use s247::sandbox::{
    SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_GRANT_CODE, SANDBOX_READONLY_REFRESH_TOKEN,
    SANDBOX_REFRESH_TOKEN, Sandbox, SandboxConfig, SeedAccount,
};
use serde_json::{Value, json};

// ---- a tiny HTTP client over ureq ---------------------------------------------------------------

struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    fn data(&self) -> Value {
        let body = self.json();
        assert_eq!(body["code"], json!(0), "{body}");
        assert_eq!(body["message"], json!("success"), "{body}");
        body["data"].clone()
    }
}

fn send(method: &str, url: &str, auth: Option<&str>, body: Option<&Value>) -> Answer {
    let agent = agent();
    let auth = auth.map(str::to_string);
    let result = match method {
        "GET" | "DELETE" => {
            let mut request = if method == "GET" {
                agent.get(url)
            } else {
                agent.delete(url)
            };
            if let Some(auth) = &auth {
                request = request.header("Authorization", auth);
            }
            request.call()
        }
        _ => {
            let mut request = if method == "POST" {
                agent.post(url)
            } else {
                agent.put(url)
            };
            if let Some(auth) = &auth {
                request = request.header("Authorization", auth);
            }
            match body {
                Some(body) => request.send_json(body),
                None => request.send_empty(),
            }
        }
    };
    let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    Answer {
        status: response.status().as_u16(),
        content_type,
        text: response.body_mut().read_to_string().unwrap(),
    }
}

/// `POST /oauth/v2/token` with a form body.
fn token_form(sandbox: &Sandbox, pairs: &[(&str, &str)]) -> Answer {
    let mut response = agent()
        .post(format!("{}/oauth/v2/token", sandbox.base_url()))
        .send_form(pairs.iter().copied())
        .unwrap();
    Answer {
        status: response.status().as_u16(),
        content_type: String::new(),
        text: response.body_mut().read_to_string().unwrap(),
    }
}

fn refresh_grant(sandbox: &Sandbox, refresh_token: &str) -> Answer {
    token_form(
        sandbox,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", SANDBOX_CLIENT_ID),
            ("client_secret", SANDBOX_CLIENT_SECRET),
            ("refresh_token", refresh_token),
        ],
    )
}

fn mint(sandbox: &Sandbox, refresh_token: &str) -> String {
    let answer = refresh_grant(sandbox, refresh_token);
    let body = answer.json();
    body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {body}"))
        .to_string()
}

/// An API client bound to one token.
struct Api<'a> {
    sandbox: &'a Sandbox,
    auth: String,
}

impl<'a> Api<'a> {
    fn new(sandbox: &'a Sandbox) -> Api<'a> {
        Api::with_refresh(sandbox, SANDBOX_REFRESH_TOKEN)
    }
    fn with_refresh(sandbox: &'a Sandbox, refresh_token: &str) -> Api<'a> {
        Api {
            sandbox,
            auth: format!("Zoho-oauthtoken {}", mint(sandbox, refresh_token)),
        }
    }
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.api_url())
    }
    fn get(&self, path: &str) -> Answer {
        send("GET", &self.url(path), Some(&self.auth), None)
    }
    fn post(&self, path: &str, body: &Value) -> Answer {
        send("POST", &self.url(path), Some(&self.auth), Some(body))
    }
    fn put(&self, path: &str, body: Option<&Value>) -> Answer {
        send("PUT", &self.url(path), Some(&self.auth), body)
    }
    fn delete(&self, path: &str) -> Answer {
        send("DELETE", &self.url(path), Some(&self.auth), None)
    }
    /// The id of the first object in `list` whose `field` is `value`.
    fn id_of(&self, list: &str, field: &str, value: &str, id_field: &str) -> String {
        let data = self.get(list).data();
        let found = data
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o[field] == json!(value));
        found.unwrap_or_else(|| panic!("no {value} in {list}: {data}"))[id_field]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// These tests pin today's behaviour, which the lenient mode keeps; the strict default is
/// covered by `tests/sandbox_strict.rs`.
fn start() -> Sandbox {
    Sandbox::start(SandboxConfig {
        lenient: true,
        ..SandboxConfig::default()
    })
    .unwrap()
}

fn is_id(value: &Value) -> bool {
    value
        .as_str()
        // Ids are digit strings of any length (the seed has 3 to 19 digits; §8 row 10).
        .is_some_and(|s| (1..=19).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
}

fn set_of(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Ids of the default account's references, looked up by name.
struct Refs {
    location: String,
    notification: String,
    threshold_url: String,
    user_groups: Vec<String>,
    groups: Vec<String>,
    tags: Vec<String>,
}

fn refs(api: &Api) -> Refs {
    Refs {
        location: api.id_of("/location_profiles", "profile_name", "Global", "profile_id"),
        notification: api.id_of(
            "/notification_profiles",
            "profile_name",
            "Default Notification",
            "profile_id",
        ),
        threshold_url: api.id_of(
            "/threshold_profiles",
            "profile_name",
            "Website default",
            "profile_id",
        ),
        user_groups: vec![
            api.id_of("/user_groups", "display_name", "Admins", "user_group_id"),
            api.id_of("/user_groups", "display_name", "On-call", "user_group_id"),
        ],
        groups: vec![
            api.id_of("/monitor_groups", "display_name", "Web", "group_id"),
            api.id_of("/monitor_groups", "display_name", "Backend", "group_id"),
        ],
        tags: api
            .get("/tags")
            .data()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tag_id"].as_str().unwrap().to_string())
            .collect(),
    }
}

fn url_monitor(refs: &Refs, name: &str) -> Value {
    json!({
        "display_name": name,
        "type": "URL",
        "website": "https://status.example.com/",
        "check_frequency": 5,
        "timeout": 15,
        "location_profile_id": refs.location,
        "notification_profile_id": refs.notification,
        "threshold_profile_id": refs.threshold_url,
        "user_group_ids": refs.user_groups,
    })
}

// ---- shapes -------------------------------------------------------------------------------------

#[test]
fn lists_use_the_envelope_string_ids_and_stringly_numbers() {
    let sandbox = start();
    let api = Api::new(&sandbox);

    let answer = api.get("/monitors");
    assert_eq!(answer.status, 200);
    assert!(
        answer.content_type.starts_with("application/json"),
        "{}",
        answer.content_type
    );
    let monitors = answer.data();
    let names: BTreeSet<_> = monitors
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "Homepage",
            "API",
            "Checkout",
            "Gateway",
            "Shop front (legacy)",
            "Landing page speed",
            "Payments API (legacy)",
            "db-host-01",
            "Nightly DB dump",
            "example.com domain",
        ])
    );
    for monitor in monitors.as_array().unwrap() {
        assert!(is_id(&monitor["monitor_id"]), "{monitor}");
        if matches!(monitor["type"].as_str(), Some("SERVER" | "CRON") | None) {
            continue; // unmanaged types carry other fields
        }
        assert!(monitor["check_frequency"].is_string(), "{monitor}");
        assert!(monitor["timeout"].is_string(), "{monitor}");
        assert_eq!(monitor["state"], json!("0"), "{monitor}");
        assert!(
            monitor["user_group_ids"]
                .as_array()
                .unwrap()
                .iter()
                .all(is_id),
            "{monitor}"
        );
        assert!(
            monitor["monitor_groups"]
                .as_array()
                .into_iter()
                .flatten()
                .all(is_id),
            "{monitor}"
        );
    }
    let gateway = monitors
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["display_name"] == json!("Gateway"))
        .unwrap();
    assert_eq!(gateway["type"], json!("PING"));
    assert_eq!(gateway["host_name"], json!("gw.example.net"));

    let thresholds = api.get("/threshold_profiles").data();
    let types: BTreeSet<_> = thresholds
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    for kind in [
        "URL",
        "RESTAPI",
        "SSL_CERT",
        "PING",
        "PORT",
        "DNS",
        "HEARTBEAT",
        "HOMEPAGE",
        "HEALTHCHECK",
    ] {
        assert!(
            types.contains(kind),
            "no {kind} threshold profile: {thresholds}"
        );
    }
    for (path, id, name, at_least) in [
        ("/location_profiles", "profile_id", "profile_name", 2),
        ("/notification_profiles", "profile_id", "profile_name", 2),
        ("/threshold_profiles", "profile_id", "profile_name", 9),
        ("/user_groups", "user_group_id", "display_name", 2),
        ("/tags", "tag_id", "tag_name", 3),
        ("/monitor_groups", "group_id", "display_name", 2),
    ] {
        let items = api.get(path).data();
        let items = items.as_array().unwrap();
        assert!(items.len() >= at_least, "{path}: {items:?}");
        for item in items {
            assert!(is_id(&item[id]), "{path}: {item}");
            assert!(item[name].is_string(), "{path}: {item}");
        }
    }
    let tags = api.get("/tags").data();
    let pairs: BTreeSet<_> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{}:{}",
                t["tag_name"].as_str().unwrap(),
                t["tag_value"].as_str().unwrap()
            )
        })
        .collect();
    for pair in ["env:prod", "env:staging", "team:web"] {
        assert!(pairs.contains(pair), "{pairs:?}");
    }

    // The window a person made, as the provider's fixtures show windows (§8 row 4): typed
    // values, no `timezone`, no `duration`, unused fields left out, no s247 label. That is the
    // strict default's answer; the lists above pin the lenient one.
    let strict = Sandbox::start(SandboxConfig::default()).unwrap();
    let windows = Api::new(&strict).get("/maintenance").data();
    let window = &windows.as_array().unwrap()[0];
    assert_eq!(
        window["display_name"],
        json!("Quarterly network maintenance")
    );
    assert!(is_id(&window["maintenance_id"]), "{window}");
    assert_eq!(window["maintenance_type"], json!(3));
    assert_eq!(window["selection_type"], json!(1));
    assert_eq!(window["perform_monitoring"], json!(true));
    for absent in ["timezone", "duration", "start_day", "week_days"] {
        assert!(window.get(absent).is_none(), "{absent}: {window}");
    }
    assert_eq!(window["monitor_groups"].as_array().unwrap().len(), 1);
    assert!(!window["description"].as_str().unwrap().contains("s247"));
}

#[test]
fn get_by_id_and_by_url_encoded_name() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let id = api.id_of("/monitors", "display_name", "Homepage", "monitor_id");
    let monitor = api.get(&format!("/monitors/{id}")).data();
    assert_eq!(monitor["display_name"], json!("Homepage"));
    assert_eq!(monitor["website"], json!("https://www.example.com/"));

    let by_name = api.get("/monitors/name/Homepage").data();
    assert_eq!(by_name["monitor_id"], json!(id));

    let r = refs(&api);
    let created = api
        .post("/monitors", &url_monitor(&r, "Status page / EU"))
        .data();
    let by_name = api.get("/monitors/name/Status%20page%20%2F%20EU").data();
    assert_eq!(by_name["monitor_id"], created["monitor_id"]);
    assert_eq!(api.get("/monitors/name/Nope").status, 404);
}

#[test]
fn creates_answer_the_whole_object_with_id_lists_reordered() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let r = refs(&api);
    let mut body = url_monitor(&r, "Status");
    body["tag_ids"] = json!(r.tags[..3]);
    body["monitor_groups"] = json!(r.groups);

    let answer = api.post("/monitors", &body);
    assert_eq!(answer.status, 201, "{}", answer.text);
    let created = answer.data();
    assert!(is_id(&created["monitor_id"]));
    assert_eq!(created["check_frequency"], json!("5"));
    assert_eq!(created["timeout"], json!("15"));
    assert_eq!(created["http_method"], json!("G"), "a server-side default");
    for field in ["user_group_ids", "tag_ids", "monitor_groups"] {
        assert_eq!(set_of(&created[field]), set_of(&body[field]), "{field}");
        assert_ne!(
            created[field], body[field],
            "{field} comes back in another order"
        );
    }
    let id = created["monitor_id"].as_str().unwrap().to_string();
    let fetched = api.get(&format!("/monitors/{id}")).data();
    assert_eq!(fetched, created);
    assert_eq!(sandbox.monitors().len(), 11);

    // Membership is two-sided: both groups now list the monitor.
    for group in &r.groups {
        let group = api.get(&format!("/monitor_groups/{group}")).data();
        assert!(set_of(&group["monitors"]).contains(&id), "{group}");
    }

    // Maintenance windows too, as the strict default answers them (§8 row 4); the monitors
    // above pin the lenient answers.
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let api = Api::new(&sandbox);
    let monitors: Vec<String> = api
        .get("/monitors")
        .data()
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|m| m["monitor_id"].as_str().unwrap().to_string())
        .collect();
    let window = json!({
        "display_name": "CI deploy 1234",
        "description": "deploy [s247:acme/shop#1234/deploy]",
        "maintenance_type": 3,
        "start_date": "2031-06-02", "start_time": "19:41",
        "end_date": "2031-06-02", "end_time": "20:44",
        "timezone": "UTC",
        "selection_type": 2,
        "monitors": monitors,
        "perform_monitoring": true,
    });
    let answer = api.post("/maintenance", &window);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let created = answer.data();
    assert!(is_id(&created["maintenance_id"]));
    assert_eq!(created["maintenance_type"], json!(3));
    assert_eq!(created["selection_type"], json!(2));
    assert_eq!(created["perform_monitoring"], json!(true));
    assert!(created.get("duration").is_none(), "{created}");
    assert!(created.get("timezone").is_none(), "{created}");
    assert_eq!(set_of(&created["monitors"]), set_of(&window["monitors"]));
    assert_ne!(created["monitors"], window["monitors"]);
    // The seed's four windows made by people, and this one.
    assert_eq!(sandbox.maintenance_windows().len(), 5);
}

#[test]
fn updates_suspends_and_deletes() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let r = refs(&api);
    let id = api.post("/monitors", &url_monitor(&r, "Status")).data()["monitor_id"]
        .as_str()
        .unwrap()
        .to_string();

    let mut body = url_monitor(&r, "Status (renamed)");
    body["monitor_groups"] = json!([r.groups[0]]);
    let updated = api.put(&format!("/monitors/{id}"), Some(&body));
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.data()["display_name"], json!("Status (renamed)"));
    let web = api.get(&format!("/monitor_groups/{}", r.groups[0])).data();
    assert!(set_of(&web["monitors"]).contains(&id));

    // A PUT must carry the fields a create needs; the type cannot change.
    let partial = api.put(
        &format!("/monitors/{id}"),
        Some(&json!({"display_name": "x"})),
    );
    assert_eq!(partial.status, 400);
    assert_eq!(partial.json()["message"], json!("Parameter missing."));
    let mut retyped = url_monitor(&r, "Status");
    retyped["type"] = json!("RESTAPI");
    assert_eq!(
        api.put(&format!("/monitors/{id}"), Some(&retyped)).json()["message"],
        json!("Invalid data.")
    );

    let suspended = api.put(&format!("/monitors/suspend/{id}"), None);
    assert_eq!(suspended.status, 200);
    assert_eq!(suspended.json(), json!({"code": 0, "message": "success"}));
    assert_eq!(
        api.get(&format!("/monitors/{id}")).data()["state"],
        json!("5")
    );
    api.put(&format!("/monitors/activate/{id}"), None);
    assert_eq!(
        api.get(&format!("/monitors/{id}")).data()["state"],
        json!("0")
    );

    // Maintenance: PUT replaces the fields given.
    let window_id = api.get("/maintenance").data()[0]["maintenance_id"]
        .as_str()
        .unwrap()
        .to_string();
    let moved = api.put(
        &format!("/maintenance/{window_id}"),
        Some(&json!({"end_time": "05:30"})),
    );
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.data()["end_time"], json!("05:30"));
    assert_eq!(
        moved.data()["display_name"],
        json!("Quarterly network maintenance")
    );
    let backwards = api.put(
        &format!("/maintenance/{window_id}"),
        Some(&json!({"end_time": "01:00"})),
    );
    assert_eq!(backwards.status, 400);
    assert_eq!(api.delete(&format!("/maintenance/{window_id}")).status, 200);
    assert_eq!(api.get(&format!("/maintenance/{window_id}")).status, 404);

    // Deleting a group takes it off its monitors.
    let gateway = api.id_of("/monitors", "display_name", "Gateway", "monitor_id");
    assert_eq!(
        api.delete(&format!("/monitor_groups/{}", r.groups[1]))
            .status,
        200
    );
    assert_eq!(
        api.get(&format!("/monitors/{gateway}")).data()["monitor_groups"],
        json!([])
    );
    assert_eq!(
        api.get(&format!("/monitor_groups/{}", r.groups[1])).status,
        404
    );

    let deleted = api.delete(&format!("/monitors/{id}"));
    assert_eq!(deleted.status, 200);
    assert_eq!(api.get(&format!("/monitors/{id}")).status, 404);
    assert!(
        !set_of(&api.get(&format!("/monitor_groups/{}", r.groups[0])).data()["monitors"])
            .contains(&id)
    );

    // Tags can be created; a name+value pair is unique.
    let tag = api.post(
        "/tags",
        &json!({"tag_name": "managed-by", "tag_value": "s247"}),
    );
    assert_eq!(tag.status, 201, "{}", tag.text);
    assert!(is_id(&tag.data()["tag_id"]));
    assert_eq!(tag.data()["tag_color"], json!("#B7DA9E"));
    assert_eq!(
        api.post(
            "/tags",
            &json!({"tag_name": "managed-by", "tag_value": "s247"})
        )
        .status,
        400
    );
}

// ---- errors -------------------------------------------------------------------------------------

#[test]
fn required_fields_per_type_are_enforced() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let r = refs(&api);
    let port_threshold = api.id_of("/threshold_profiles", "type", "PORT", "profile_id");
    let mut port = url_monitor(&r, "DB port");
    port["type"] = json!("PORT");
    port["host_name"] = json!("db.example.net");
    port["threshold_profile_id"] = json!(port_threshold);
    port.as_object_mut().unwrap().remove("website");

    let answer = api.post("/monitors", &port);
    assert_eq!(answer.status, 400);
    let body = answer.json();
    assert_eq!(body["message"], json!("Parameter missing."), "{body}");
    assert!(body["error_code"].is_i64(), "{body}");
    assert!(body["error_info"].get("port").is_some(), "{body}");

    port["port"] = json!(5432);
    let created = api.post("/monitors", &port);
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.data()["port"],
        json!("5432"),
        "port comes back as a string"
    );

    for (kind, needs) in [
        ("SSL_CERT", "domain_name"),
        ("PING", "host_name"),
        ("DNS", "dns_host"),
        ("RESTAPI", "website"),
    ] {
        let mut body = url_monitor(&r, "x");
        body["type"] = json!(kind);
        body["threshold_profile_id"] =
            json!(api.id_of("/threshold_profiles", "type", kind, "profile_id"));
        body.as_object_mut().unwrap().remove("website");
        let answer = api.post("/monitors", &body);
        assert_eq!(answer.status, 400, "{kind}");
        assert!(
            answer.json()["error_info"].get(needs).is_some(),
            "{kind}: {}",
            answer.text
        );
    }
    for field in [
        "display_name",
        "threshold_profile_id",
        "notification_profile_id",
        "user_group_ids",
        "location_profile_id",
    ] {
        let mut body = url_monitor(&r, "x");
        body.as_object_mut().unwrap().remove(field);
        let answer = api.post("/monitors", &body);
        assert_eq!(
            answer.json()["message"],
            json!("Parameter missing."),
            "{field}"
        );
        assert!(
            answer.json()["error_info"].get(field).is_some(),
            "{field}: {}",
            answer.text
        );
    }

    // HEARTBEAT needs no location profile.
    let heartbeat = json!({
        "display_name": "Nightly backup",
        "type": "HEARTBEAT",
        "unique_name": "nightly-backup",
        "threshold_profile_id": api.id_of("/threshold_profiles", "type", "HEARTBEAT", "profile_id"),
        "notification_profile_id": r.notification,
        "user_group_ids": [r.user_groups[0]],
    });
    assert_eq!(api.post("/monitors", &heartbeat).status, 201);

    // Referenced ids must exist, and a threshold profile must fit the type.
    let mut unknown_group = url_monitor(&r, "x");
    unknown_group["user_group_ids"] = json!(["113770000049999999"]);
    let answer = api.post("/monitors", &unknown_group);
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["message"], json!("Invalid data."));
    let mut wrong_threshold = url_monitor(&r, "x");
    wrong_threshold["threshold_profile_id"] = json!(port_threshold);
    assert_eq!(
        api.post("/monitors", &wrong_threshold).json()["message"],
        json!("Invalid data.")
    );

    // Maintenance: a Once window needs its dates; "all monitors" is refused.
    let window = json!({"display_name": "w", "maintenance_type": 3, "start_time": "10:00", "selection_type": 2,
                        "monitors": [api.id_of("/monitors", "display_name", "API", "monitor_id")]});
    let answer = api.post("/maintenance", &window);
    assert_eq!(answer.status, 400);
    let info = answer.json()["error_info"].clone();
    for field in ["start_date", "end_date", "end_time"] {
        assert!(info.get(field).is_some(), "{info}");
    }
    let mut all = window.clone();
    all["selection_type"] = json!(0);
    all["start_date"] = json!("2031-01-01");
    all["end_date"] = json!("2031-01-01");
    all["end_time"] = json!("11:00");
    // `0` with a monitor list is what the fixtures show (§8 row 5); without one it is refused.
    let mut no_list = all.clone();
    no_list.as_object_mut().unwrap().remove("monitors");
    assert_eq!(
        api.post("/maintenance", &no_list).json()["message"],
        json!("Parameter missing.")
    );
    let mut bad_monitor = all.clone();
    bad_monitor["selection_type"] = json!(2);
    bad_monitor["monitors"] = json!(["113770000079999999"]);
    assert_eq!(
        api.post("/maintenance", &bad_monitor).json()["message"],
        json!("Invalid data.")
    );
    assert_eq!(
        api.post("/monitor_groups", &json!({"description": "no name"}))
            .json()["message"],
        json!("Parameter missing.")
    );

    // Malformed JSON.
    let raw = agent()
        .post(format!("{}/monitors", sandbox.api_url()))
        .header("Authorization", &api.auth)
        .header("Content-Type", "application/json")
        .send("{not json")
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
}

#[test]
fn unknown_ids_are_404_with_an_error_body() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let answer = api.get("/monitors/113770000079999999");
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json(),
        json!({"error_code": 2009, "message": "Invalid Monitor ID."})
    );
    for path in [
        "/maintenance/113770000089999999",
        "/monitor_groups/113770000069999999",
    ] {
        let answer = api.get(path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.json()["error_code"].is_i64(), "{path}");
        assert!(
            answer.json()["message"]
                .as_str()
                .unwrap()
                .starts_with("Invalid"),
            "{path}"
        );
        assert_eq!(api.delete(path).status, 404, "{path}");
    }
    assert_eq!(api.delete("/monitors/113770000079999999").status, 404);
    assert_eq!(
        api.put("/monitors/suspend/113770000079999999", None).status,
        404
    );
    assert_eq!(api.get("/no_such_thing").status, 404);
    assert_eq!(api.delete("/tags").status, 405);
}

// ---- tokens -------------------------------------------------------------------------------------

#[test]
fn unknown_and_expired_tokens_get_401() {
    let sandbox = start();
    let url = format!("{}/monitors", sandbox.api_url());
    assert_eq!(send("GET", &url, None, None).status, 401);
    let bogus = send(
        "GET",
        &url,
        Some("Zoho-oauthtoken 1000.sandbox-access-999-deadbeef"),
        None,
    );
    assert_eq!(bogus.status, 401);
    assert!(bogus.json()["error_code"].is_i64(), "{}", bogus.text);

    let token = mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    assert!(token.starts_with("1000.sandbox-access-"), "{token}");
    assert_eq!(
        send("GET", &url, Some(&format!("Zoho-oauthtoken {token}")), None).status,
        200
    );
    assert_eq!(
        send("GET", &url, Some(&format!("Bearer {token}")), None).status,
        200
    );
    assert_eq!(
        send("GET", &url, Some(&format!("Basic {token}")), None).status,
        401
    );

    sandbox.expire_tokens();
    assert_eq!(
        send("GET", &url, Some(&format!("Zoho-oauthtoken {token}")), None).status,
        401
    );
    let fresh = mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    assert_eq!(
        send("GET", &url, Some(&format!("Zoho-oauthtoken {fresh}")), None).status,
        200
    );

    // Lifetimes are configurable; tokens expire on their own.
    let short = Sandbox::start(SandboxConfig {
        token_lifetime: Some(Duration::from_millis(1000)),
        ..Default::default()
    })
    .unwrap();
    let token = mint(&short, SANDBOX_REFRESH_TOKEN);
    let url = format!("{}/monitors", short.api_url());
    assert_eq!(
        send("GET", &url, Some(&format!("Zoho-oauthtoken {token}")), None).status,
        200
    );
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(
        send("GET", &url, Some(&format!("Zoho-oauthtoken {token}")), None).status,
        401
    );
}

const ACCESS_DENIED: &str = r#"{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}"#;

fn access_denied_on_the_eleventh(config: SandboxConfig, status: u16) {
    let sandbox = Sandbox::start(config).unwrap();
    for i in 1..=10 {
        let answer = refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN);
        assert_eq!(answer.status, 200, "mint {i}");
        assert!(
            answer.json()["access_token"].is_string(),
            "mint {i}: {}",
            answer.text
        );
    }
    let eleventh = refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN);
    assert_eq!(eleventh.status, status);
    assert_eq!(
        eleventh.json(),
        serde_json::from_str::<Value>(ACCESS_DENIED).unwrap()
    );
    assert_eq!(
        refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["error"],
        json!("Access Denied")
    );
    // The limit is per refresh token.
    assert!(
        refresh_grant(&sandbox, SANDBOX_READONLY_REFRESH_TOKEN).json()["access_token"].is_string()
    );
    // A reset clears the mint history.
    sandbox.reset();
    assert!(refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["access_token"].is_string());
}

#[test]
fn access_denied_exactly_on_the_eleventh_mint_with_400() {
    access_denied_on_the_eleventh(SandboxConfig::default(), 400);
}

#[test]
fn access_denied_exactly_on_the_eleventh_mint_with_200() {
    access_denied_on_the_eleventh(
        SandboxConfig {
            access_denied_status: Some(200),
            ..Default::default()
        },
        200,
    );
}

#[test]
fn the_mint_window_slides() {
    let sandbox = Sandbox::start(SandboxConfig {
        mint_limit: Some(2),
        mint_window: Some(Duration::from_millis(1000)),
        ..Default::default()
    })
    .unwrap();
    mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    assert_eq!(
        refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["error"],
        json!("Access Denied")
    );
    std::thread::sleep(Duration::from_millis(1100));
    assert!(refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["access_token"].is_string());
}

#[test]
fn token_formats_new_and_old() {
    let sandbox = start();
    let body = refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json();
    let keys: BTreeSet<_> = body.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        BTreeSet::from(
            ["access_token", "api_domain", "token_type", "expires_in"].map(String::from)
        )
    );
    assert_eq!(body["token_type"], json!("Bearer"));
    assert_eq!(body["expires_in"], json!(3600));

    let old = Sandbox::start(SandboxConfig {
        old_token_format: true,
        ..Default::default()
    })
    .unwrap();
    let body = refresh_grant(&old, SANDBOX_REFRESH_TOKEN).json();
    assert_eq!(body["expires_in_sec"], json!(3600));
    assert_eq!(body["expires_in"], json!(3_600_000));
    assert!(body["access_token"].is_string());

    // Tokens never look like real Zoho tokens (1000.<32 hex>.<32 hex>).
    let token = body["access_token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert!(
        !(parts.len() == 3 && parts[1].len() == 32 && parts[2].len() == 32),
        "{token}"
    );
}

#[test]
fn token_errors_are_zoho_shaped_with_http_200() {
    let sandbox = start();
    let cases = [
        (
            "nobody",
            SANDBOX_CLIENT_SECRET,
            SANDBOX_REFRESH_TOKEN,
            "invalid_client",
        ),
        (
            SANDBOX_CLIENT_ID,
            "wrong",
            SANDBOX_REFRESH_TOKEN,
            "invalid_client_secret",
        ),
        (
            SANDBOX_CLIENT_ID,
            SANDBOX_CLIENT_SECRET,
            "1000.unknown-refresh-token",
            "invalid_code",
        ),
    ];
    for (client_id, secret, refresh, error) in cases {
        let answer = token_form(
            &sandbox,
            &[
                ("grant_type", "refresh_token"),
                ("client_id", client_id),
                ("client_secret", secret),
                ("refresh_token", refresh),
            ],
        );
        assert_eq!(answer.status, 200, "{error}");
        assert_eq!(answer.json(), json!({"error": error}));
    }
}

#[test]
fn form_body_and_query_string_are_both_accepted() {
    let sandbox = start();
    let query = format!(
        "{}/oauth/v2/token?grant_type=refresh_token&client_id={SANDBOX_CLIENT_ID}&client_secret={SANDBOX_CLIENT_SECRET}&refresh_token={SANDBOX_REFRESH_TOKEN}",
        sandbox.base_url()
    );
    let answer = send("POST", &query, None, None);
    assert_eq!(answer.status, 200);
    assert!(answer.json()["access_token"].is_string(), "{}", answer.text);
    assert!(refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["access_token"].is_string());
    assert_eq!(sandbox.stats().count("POST /oauth/v2/token"), 2);
}

#[test]
fn the_read_only_token_gets_scope_error_1121_on_writes() {
    let sandbox = start();
    let api = Api::with_refresh(&sandbox, SANDBOX_READONLY_REFRESH_TOKEN);
    assert_eq!(api.get("/monitors").status, 200);
    assert_eq!(api.get("/maintenance").status, 200);
    assert_eq!(api.get("/threshold_profiles").status, 200);
    let id = api.id_of("/monitors", "display_name", "API", "monitor_id");
    let expected = json!({"error_code": 1121, "message": "OAuth Scope associated to the OAuth Access Token is disallowed."});
    for answer in [
        api.post("/monitors", &json!({"display_name": "x"})),
        api.put(&format!("/monitors/suspend/{id}"), None),
        api.delete(&format!("/monitors/{id}")),
        api.post("/maintenance", &json!({})),
        api.post("/tags", &json!({"tag_name": "a"})),
    ] {
        assert_eq!(answer.status, 401, "{}", answer.text);
        assert_eq!(answer.json(), expected);
    }
    assert_eq!(sandbox.monitors().len(), 10, "nothing was written");
}

#[test]
fn authorization_code_grant_then_revoke() {
    let sandbox = start();
    let exchange = || {
        token_form(
            &sandbox,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", SANDBOX_CLIENT_ID),
                ("client_secret", SANDBOX_CLIENT_SECRET),
                ("code", SANDBOX_GRANT_CODE),
            ],
        )
    };
    let body = exchange().json();
    assert_eq!(
        body["refresh_token"],
        json!(SANDBOX_REFRESH_TOKEN),
        "{body}"
    );
    let access = body["access_token"].as_str().unwrap().to_string();
    let url = format!("{}/monitors", sandbox.api_url());
    assert_eq!(
        send(
            "POST",
            &url,
            Some(&format!("Zoho-oauthtoken {access}")),
            Some(&json!({}))
        )
        .status,
        400,
        "full scopes: a write is validated, not refused"
    );
    assert_eq!(
        exchange().json(),
        json!({"error": "invalid_code"}),
        "grant codes are single use"
    );

    let minted = mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    let revoke = |token: &str| {
        send(
            "POST",
            &format!("{}/oauth/v2/token/revoke?token={token}", sandbox.base_url()),
            None,
            None,
        )
    };
    let answer = revoke(SANDBOX_REFRESH_TOKEN);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"status": "success"}));
    assert_eq!(
        refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json(),
        json!({"error": "invalid_code"})
    );
    assert_eq!(
        send(
            "GET",
            &url,
            Some(&format!("Zoho-oauthtoken {minted}")),
            None
        )
        .status,
        401,
        "its access tokens die with it"
    );
    assert_eq!(revoke(SANDBOX_REFRESH_TOKEN).status, 400, "already revoked");
    // The read-only token is untouched; a reset restores the revoked one.
    assert!(
        refresh_grant(&sandbox, SANDBOX_READONLY_REFRESH_TOKEN).json()["access_token"].is_string()
    );
    sandbox.reset();
    assert!(refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["access_token"].is_string());
}

// ---- observability ------------------------------------------------------------------------------

#[test]
fn stats_requests_and_reset_over_http() {
    let sandbox = start();
    let api = Api::new(&sandbox);
    let r = refs(&api);
    let id = api.post("/monitors", &url_monitor(&r, "Status")).data()["monitor_id"]
        .as_str()
        .unwrap()
        .to_string();
    api.put(
        &format!("/monitors/{id}"),
        Some(&url_monitor(&r, "Status 2")),
    );

    let stats = sandbox.stats();
    assert_eq!(stats.count("POST /oauth/v2/token"), 1);
    assert_eq!(stats.count("POST /api/monitors"), 1);
    assert_eq!(stats.count("PUT /api/monitors/{id}"), 1);
    assert_eq!(stats.count("GET /api/monitor_groups"), 2);
    assert_eq!(stats.total, stats.by_route.values().sum::<usize>());

    let over_http = send(
        "GET",
        &format!("{}/_sandbox/stats", sandbox.base_url()),
        None,
        None,
    )
    .json();
    assert_eq!(over_http["total"], json!(stats.total));
    assert_eq!(over_http["by_route"]["PUT /api/monitors/{id}"], json!(1));
    let again = send(
        "GET",
        &format!("{}/_sandbox/stats", sandbox.base_url()),
        None,
        None,
    )
    .json();
    assert_eq!(
        again["total"],
        json!(stats.total),
        "/_sandbox/* is not counted"
    );

    let log = sandbox.requests();
    let create = log
        .iter()
        .find(|r| r.route == "POST /api/monitors")
        .unwrap();
    assert_eq!(create.status, Some(201));
    assert_eq!(
        create.body.as_ref().unwrap()["display_name"],
        json!("Status")
    );
    let put = log
        .iter()
        .find(|r| r.route == "PUT /api/monitors/{id}")
        .unwrap();
    assert_eq!(put.path, format!("/api/monitors/{id}"));
    let over_http = send(
        "GET",
        &format!("{}/_sandbox/requests", sandbox.base_url()),
        None,
        None,
    )
    .json();
    assert_eq!(over_http.as_array().unwrap().len(), log.len());

    // Mint to the limit, then reset over HTTP: the seed, counters and mint history come back.
    for _ in 0..9 {
        mint(&sandbox, SANDBOX_REFRESH_TOKEN);
    }
    assert_eq!(
        refresh_grant(&sandbox, SANDBOX_REFRESH_TOKEN).json()["error"],
        json!("Access Denied")
    );
    let reset = send(
        "POST",
        &format!("{}/_sandbox/reset", sandbox.base_url()),
        None,
        None,
    );
    assert_eq!(reset.status, 200);
    assert_eq!(sandbox.stats().total, 0);
    assert!(sandbox.requests().is_empty());
    assert_eq!(sandbox.monitors().len(), 10);
    assert_eq!(
        api.get(&format!("/monitors/{id}")).status,
        404,
        "issued tokens survive a reset; the monitor does not"
    );
    mint(&sandbox, SANDBOX_REFRESH_TOKEN);

    let state = send(
        "GET",
        &format!("{}/_sandbox/state", sandbox.base_url()),
        None,
        None,
    )
    .json();
    assert_eq!(state["monitors"].as_array().unwrap().len(), 10);
    send(
        "POST",
        &format!("{}/_sandbox/expire_tokens", sandbox.base_url()),
        None,
        None,
    );
    assert_eq!(api.get("/monitors").status, 401);
}

#[test]
fn another_seed_account_can_be_served() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sandbox-seed.json"
    ))
    .unwrap();
    let seed = SeedAccount::from_json(&text).unwrap();
    let sandbox = Sandbox::start(SandboxConfig {
        seed: Some(seed),
        ..Default::default()
    })
    .unwrap();
    let api = Api::new(&sandbox);
    let monitors = api.get("/monitors").data();
    assert!(!monitors.as_array().unwrap().is_empty());
    assert_ne!(
        sandbox.monitors(),
        Sandbox::start(SandboxConfig::default()).unwrap().monitors()
    );

    let broken = SeedAccount::from_json(r#"{"monitors":[{"display_name":"x","type":"URL"}]}"#);
    assert!(broken.is_err());
}
