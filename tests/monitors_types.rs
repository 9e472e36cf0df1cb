//! Every monitor type s247 creates beyond the first eight (SOAP, CRON, DOMAINEXPIRY, FTP, ISP),
//! against the strict sandbox: a fresh account plans one create; apply makes it; planning again
//! finds nothing; one changed field plans exactly that field and costs one write; an export of
//! the account plans nothing; a file missing a required field stops with exit 2 at its place,
//! before any request. Plan reads one list per kind and never one object at a time.

mod common;

use common::monitors::*;
use serde_json::{Value, json};

/// One type's scenario: a file with one monitor, one field to change, one required field to
/// leave out.
struct Case {
    kind: &'static str,
    name: &'static str,
    /// The monitor's lines after `type:`, indented by four spaces.
    body: &'static str,
    /// A line of `body` and what it becomes, and the file field that changes.
    change: (&'static str, &'static str, &'static str),
    /// A line of `body` to drop, and the required field it holds.
    required: (&'static str, &'static str),
}

const HEAD: &str = "version: 1\ndefaults:\n  user_groups: [Admins]\nmonitors:\n";

impl Case {
    fn file(&self, body: &str) -> String {
        format!(
            "{HEAD}  - name: {}\n    type: {}\n{body}",
            self.name, self.kind
        )
    }
    fn good(&self) -> String {
        self.file(self.body)
    }
    fn changed(&self) -> String {
        let (from, to, _) = self.change;
        assert!(self.body.contains(from), "{from}");
        self.file(&self.body.replace(from, to))
    }
    fn missing(&self) -> String {
        let (line, _) = self.required;
        assert!(self.body.contains(line), "{line}");
        self.file(&self.body.replace(line, ""))
    }
}

const SOAP: Case = Case {
    kind: "SOAP",
    name: "Inventory SOAP",
    body: "    url: https://erp.example.com/soap\n    body: <Envelope><Body><Ping/></Body></Envelope>\n    expected_status: \"200\"\n    timeout: 20s\n",
    change: ("timeout: 20s", "timeout: 30s", "timeout"),
    required: (
        "    body: <Envelope><Body><Ping/></Body></Envelope>\n",
        "body",
    ),
};

const CRON: Case = Case {
    kind: "CRON",
    name: "Invoice run",
    body: "    cron_expression: 0 3 * * *\n    cron_timezone: Europe/Berlin\n    wait_time: 30\n",
    change: (
        "cron_expression: 0 3 * * *",
        "cron_expression: 30 3 * * *",
        "cron_expression",
    ),
    required: ("    cron_timezone: Europe/Berlin\n", "cron_timezone"),
};

const DOMAINEXPIRY: Case = Case {
    kind: "DOMAINEXPIRY",
    name: "shop.example registration",
    body: "    host: shop.example\n    whois_server: whois.nic.example\n    expiry_days: 45\n",
    change: ("expiry_days: 45", "expiry_days: 60", "expiry_days"),
    required: ("    host: shop.example\n", "host"),
};

const FTP: Case = Case {
    kind: "FTP",
    name: "Partner drop box",
    body: "    host: ftp.example.com\n    protocol: SFTP\n    port: 22\n    username: monitor\n    destination: /incoming/\n    check_download: false\n",
    change: (
        "destination: /incoming/",
        "destination: /in/",
        "destination",
    ),
    required: ("    username: monitor\n", "username"),
};

const ISP: Case = Case {
    kind: "ISP",
    name: "Uplink",
    body: "    host: dc1.example.net\n    protocol: ICMP\n    check_frequency: 5m\n",
    change: (
        "check_frequency: 5m",
        "check_frequency: 10m",
        "check_frequency",
    ),
    required: ("    host: dc1.example.net\n", "host"),
};

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

fn apply(run: &Run, file: &str, extra: &[&str]) -> std::process::Output {
    run.s247()
        .args(["monitors", "apply", "-f", file])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone()
}

/// Plan reads one list per kind it needs, and no object one at a time.
fn within_budget(spent: &s247::sandbox::Stats) {
    for (route, n) in &spent.by_route {
        if route.starts_with("GET /api/") {
            assert!(!route.contains("{id}"), "no per-object GET: {spent:?}");
            assert_eq!(*n, 1, "one list per kind: {spent:?}");
        }
    }
}

fn lifecycle(case: &Case) {
    lifecycle_with(case, s247::sandbox::SandboxConfig::default());
}

fn lifecycle_with(case: &Case, config: s247::sandbox::SandboxConfig) {
    let run = Run::with(config);

    // A fresh account: one create, nothing written, one list per kind.
    let file = run.file("monitors.yaml", &case.good());
    let before = run.stats();
    let out = plan(&run, &file, 4);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 0, "plan never writes");
    within_budget(&spent);
    let planned = changes(&out);
    assert_eq!(planned.len(), 1, "{planned:?}");
    assert_eq!(planned[0]["action"], "create");
    assert_eq!(planned[0]["name"], case.name);
    assert!(
        text(&out.stderr).contains(&format!("+ create monitor `{}` ({})", case.name, case.kind)),
        "{}",
        text(&out.stderr)
    );

    // Apply: the ownership tag, then the monitor.
    let before = run.stats();
    apply(&run, &file, &[]);
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("POST /api/monitors"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 2, "the tag and the monitor: {spent:?}");
    assert_eq!(run.monitors_named(case.name).len(), 1);

    // Planning again finds nothing, although the sandbox answers in its own way.
    let out = plan(&run, &file, 0);
    assert_eq!(changes(&out), Vec::<Value>::new());

    // One field changed: exactly that field, one PUT.
    let (_, _, field) = case.change;
    let changed = run.file("monitors.yaml", &case.changed());
    let before = run.stats();
    let out = plan(&run, &changed, 4);
    within_budget(&since(&before, &run.stats()));
    assert_eq!(
        changes(&out),
        vec![json!({"action": "update", "kind": "monitor", "name": case.name, "fields": [field]})]
    );
    let before = run.stats();
    apply(&run, &changed, &[]);
    let spent = since(&before, &run.stats());
    assert_eq!(writes(&spent), 1, "{spent:?}");
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");
    plan(&run, &changed, 0);

    // Export of the whole account, planned: nothing to do.
    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(
        yaml.contains(&format!("- name: {}\n  type: {}\n", case.name, case.kind)),
        "{yaml}"
    );
    let before = run.stats();
    let out = plan(&run, exported.to_str().unwrap(), 0);
    assert_eq!(changes(&out), Vec::<Value>::new());
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

fn missing_required_field(case: &Case) {
    let run = Run::new();
    let file = run.file("bad.yaml", &case.missing());
    let (_, field) = case.required;
    for command in ["plan", "apply"] {
        let out = run
            .s247()
            .args(["monitors", command, "-f", &file])
            .assert()
            .code(2)
            .get_output()
            .clone();
        // The monitor's `type:` is on line 6, its value at column 11.
        let expected = format!(
            "{file}:6:11: error: {} monitors need `{field}`: `{}` has none",
            case.kind, case.name
        );
        assert!(
            text(&out.stderr).contains(&expected),
            "{expected} in {}",
            text(&out.stderr)
        );
    }
    assert_eq!(run.stats().total, 0, "no request at all: {:?}", run.stats());
}

#[test]
fn soap_round_trips() {
    lifecycle(&SOAP);
}

#[test]
fn cron_round_trips() {
    lifecycle(&CRON);
}

#[test]
fn domain_expiry_round_trips_although_it_comes_back_without_type() {
    lifecycle(&DOMAINEXPIRY);
    // The sandbox plays the real API: no `type` in what it answers.
    let run = Run::new();
    apply(&run, &run.file("m.yaml", &DOMAINEXPIRY.good()), &[]);
    let live = &run.monitors_named(DOMAINEXPIRY.name)[0];
    let id = live["monitor_id"].as_str().unwrap();
    assert_eq!(run.get_data(&format!("/monitors/{id}")).get("type"), None);
}

#[test]
fn ftp_round_trips() {
    lifecycle(&FTP);
}

#[test]
fn isp_round_trips() {
    lifecycle(&ISP);
}

#[test]
fn every_new_type_round_trips_under_the_lenient_sandbox_too() {
    for case in [&SOAP, &CRON, &DOMAINEXPIRY, &FTP, &ISP] {
        lifecycle_with(case, lenient());
    }
}

#[test]
fn a_missing_required_field_stops_every_new_type_at_its_place() {
    for case in [&SOAP, &CRON, &DOMAINEXPIRY, &FTP, &ISP] {
        missing_required_field(case);
    }
}

#[test]
fn an_ftp_password_from_the_environment_is_sent_masked_and_never_exported() {
    let run = Run::new();
    let body = format!("{}    password: ${{env:FTP_PASSWORD}}\n", FTP.body);
    let file = run.file("ftp.yaml", &FTP.file(&body));
    let out = run
        .github()
        .env("FTP_PASSWORD", "ftp-secret-value")
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(log.contains("::add-mask::ftp-secret-value"), "{log}");
    assert_eq!(
        log.matches("ftp-secret-value").count(),
        1,
        "only the mask: {log}"
    );
    let sent = run
        .sandbox
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/api/monitors")
        .and_then(|r| r.body)
        .unwrap();
    assert_eq!(sent["password"], "ftp-secret-value");

    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(!yaml.contains("ftp-secret-value"), "{yaml}");
    assert!(!yaml.contains("password: "), "{yaml}");
}

// Adoption.

/// The seed's agent-made server monitor (`src/sandbox/seed_fidelity.rs`).
const SERVER_ID: &str = "123";

const ADOPT: &str = "version: 1
monitors:
  - name: db-host-01
    type: SERVER
    tags: [team:backend]
";

#[test]
fn an_adopted_server_changes_only_its_tags_in_one_lossless_put() {
    let run = Run::new();
    let before_object = run.get_data(&format!("/monitors/{SERVER_ID}"));
    let file = run.file("adopt.yaml", ADOPT);

    let before = run.stats();
    let out = plan(&run, &file, 4);
    within_budget(&since(&before, &run.stats()));
    assert_eq!(
        changes(&out),
        vec![
            json!({"action": "update", "kind": "monitor", "name": "db-host-01", "fields": ["tags"]})
        ]
    );

    let before = run.stats();
    apply(&run, &file, &[]);
    let spent = since(&before, &run.stats());
    assert_eq!(
        writes(&spent),
        1,
        "one PUT, and no ownership tag: {spent:?}"
    );
    assert_eq!(spent.count("PUT /api/monitors/{id}"), 1, "{spent:?}");

    let after = run.get_data(&format!("/monitors/{SERVER_ID}"));
    let backend = run
        .sandbox
        .tags()
        .into_iter()
        .find(|t| t["tag_name"] == "team" && t["tag_value"] == "backend")
        .unwrap();
    assert_eq!(after["tag_ids"], json!([backend["tag_id"]]), "{after}");
    // Every other field the server monitor had is still there, unchanged.
    for (key, value) in before_object.as_object().unwrap() {
        if key != "tag_ids" {
            assert_eq!(&after[key], value, "{key} of {after}");
        }
    }
    assert_eq!(after["poll_interval"], json!(1));
    plan(&run, &file, 0);
}

#[test]
fn prune_never_touches_an_adopted_monitor() {
    let run = Run::new();
    // Adopt the server along with a monitor s247 owns.
    let owned = "  - name: Router\n    type: PING\n    host: router.example.net\n";
    let with_adoption = run.file("m.yaml", &format!("{ADOPT}{owned}"));
    apply(&run, &with_adoption, &[]);
    // The adoption leaves the file: prune deletes nothing (the server is not s247's).
    let without = run.file("m.yaml", &format!("version: 1\nmonitors:\n{owned}"));
    for mode in ["--prune", "--prune=suspend"] {
        let before = run.stats();
        apply(&run, &without, &[mode]);
        assert_eq!(writes(&since(&before, &run.stats())), 0, "{mode}");
    }
    let server = run.get_data(&format!("/monitors/{SERVER_ID}"));
    assert_eq!(server["display_name"], "db-host-01");
    assert_eq!(server["state"], "0", "not suspended");
}

#[test]
fn adoption_is_refused_for_a_name_the_account_does_not_hold_or_a_field_it_cannot_set() {
    let run = Run::new();
    let unknown = run.file(
        "adopt.yaml",
        "version: 1\nmonitors:\n  - name: db-host-99\n    type: SERVER\n    tags: [team:backend]\n",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &unknown])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains(&format!(
            "{unknown}:3:11: error: no SERVER monitor is named `db-host-99`"
        )),
        "{log}"
    );
    assert!(log.contains("cannot create one"), "{log}");

    let create_field = run.file(
        "adopt.yaml",
        "version: 1\nmonitors:\n  - name: db-host-01\n    type: SERVER\n    url: https://db\n",
    );
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &create_field])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        text(&out.stderr).contains(&format!(
            "{create_field}:5:5: error: `url` does not apply to SERVER monitors"
        )),
        "{}",
        text(&out.stderr)
    );

    // The wrong type for an existing name: said, not guessed.
    let wrong_type = run.file(
        "adopt.yaml",
        "version: 1\nmonitors:\n  - name: db-host-01\n    type: AMAZON\n    tags: [team:backend]\n",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &wrong_type])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        text(&out.stderr)
            .contains("`db-host-01` exists as a SERVER monitor (id 123), but the file says AMAZON"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(writes(&run.stats()), 0);
}

#[test]
fn file_defaults_never_reach_an_adopted_monitor() {
    let run = Run::new();
    let before_object = run.get_data(&format!("/monitors/{SERVER_ID}"));
    // Defaults that would re-point the server's alerting, and an adoption that names only its
    // group: only the group changes.
    let file = run.file(
        "adopt.yaml",
        "version: 1
defaults:
  notification_profile: Email only
  user_groups: [On-call]
  tags: [env:prod]
monitors:
  - name: db-host-01
    type: SERVER
    groups: [Backend]
",
    );
    let out = plan(&run, &file, 4);
    assert_eq!(
        changes(&out),
        vec![
            json!({"action": "update", "kind": "monitor", "name": "db-host-01", "fields": ["groups"]})
        ]
    );
    apply(&run, &file, &[]);
    let after = run.get_data(&format!("/monitors/{SERVER_ID}"));
    for key in ["notification_profile_id", "user_group_ids", "poll_interval"] {
        assert_eq!(after[key], before_object[key], "{key}: {after}");
    }
    assert_eq!(
        after.get("tag_ids"),
        before_object.get("tag_ids"),
        "{after}"
    );
    assert_eq!(
        after["monitor_groups"].as_array().map(Vec::len),
        Some(1),
        "{after}"
    );
}
