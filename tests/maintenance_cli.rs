//! `s247 maintenance` against a mock Site24x7: the exact requests and bodies, outputs per
//! platform, and what is refused before anything is written.

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use mockito::{Matcher, Mock, Server};
use serde_json::{Value, json};

const ID: &str = "113770000041409009";
const HOMEPAGE: &str = "100000000000000001";
const API: &str = "100000000000000002";

fn minutes(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

/// A window as GET returns it: stringly numbers, `""` for unused fields, GMT times.
fn window(id: &str, description: &str, start: Timestamp, end: Timestamp) -> Value {
    let (s, e) = (
        start.to_zoned_datetime(jiff::tz::TimeZone::UTC),
        end.to_zoned_datetime(jiff::tz::TimeZone::UTC),
    );
    json!({
        "maintenance_id": id,
        "display_name": format!("window {id}"),
        "description": description,
        "maintenance_type": "3",
        "selection_type": "2",
        "monitors": [API, HOMEPAGE],
        "monitor_groups": "",
        "start_date": s.strftime("%Y-%m-%d").to_string(),
        "start_time": s.strftime("%H:%M").to_string(),
        "end_date": e.strftime("%Y-%m-%d").to_string(),
        "end_time": e.strftime("%H:%M").to_string(),
        "timezone": "GMT",
        "perform_monitoring": "true",
        "duration": "30",
        "start_day": "",
    })
}

fn monitors_list(server: &mut Server) -> Mock {
    let data = json!([
        {"monitor_id": HOMEPAGE, "display_name": "Homepage", "type": "URL"},
        {"monitor_id": API, "display_name": "API", "type": "URL"},
        {"monitor_id": "100000000000000003", "display_name": "Checkout", "type": "URL"},
    ]);
    answering(server, "GET", "/api/monitors", data).create()
}

fn local(at: Timestamp) -> (String, String) {
    let z = at.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    (
        z.strftime("%Y-%m-%d").to_string(),
        z.strftime("%H:%M").to_string(),
    )
}

#[test]
fn start_over_ids_lists_windows_once_and_creates_once() {
    let mut server = Server::new();
    let token = mints_once(&mut server);
    let list = answering(&mut server, "GET", "/api/maintenance", json!([]))
        .expect(1)
        .create();
    let create = server
        .mock("POST", "/api/maintenance")
        .match_body(Matcher::PartialJson(json!({
            "display_name": "CI deploy release-7",
            "maintenance_type": 3,
            "selection_type": 2,
            "monitors": [HOMEPAGE, API],
            "timezone": "GMT",
            "perform_monitoring": false,
        })))
        .with_status(201)
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let monitors = server.mock("GET", "/api/monitors").expect(0).create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        &format!("{HOMEPAGE},{API}"),
        "--duration",
        "30m",
        "--label",
        "release-7",
        "--keep-monitoring",
        "false",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, format!("{ID}\n"));
    token.assert();
    list.assert();
    create.assert();
    monitors.assert();
    assert!(r.stderr.contains("release-7"), "{}", r.stderr);
}

#[test]
fn start_sends_minute_aligned_gmt_times_and_the_label_line() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([])).create();
    // Accept any minute within the run; check the shape exactly.
    let now = Timestamp::now();
    let candidates: Vec<Matcher> = (0..3)
        .map(|i| {
            let start = now.checked_add(minutes(i)).unwrap();
            let start = Timestamp::from_second(start.as_second() / 60 * 60).unwrap();
            let end = start.checked_add(minutes(91)).unwrap();
            let (sd, st) = local(start);
            let (ed, et) = local(end);
            Matcher::PartialJson(json!({
                "start_date": sd, "start_time": st, "end_date": ed, "end_time": et,
                "timezone": "GMT",
                "description": "Deploy v2\n\ns247-timezone: GMT\ns247-label: octo/shop#42/deploy",
            }))
        })
        .collect();
    let create = server
        .mock("POST", "/api/maintenance")
        .match_body(Matcher::AnyOf(candidates))
        .with_status(201)
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url()).github("42");
    let output = job.path("output");
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        HOMEPAGE,
        "--duration",
        "1h30m",
        "--description",
        "Deploy v2",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    create.assert();
    assert!(
        r.stdout.is_empty(),
        "GitHub mode prints no data: {}",
        r.stdout
    );
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.starts_with("maintenance-id<<ghadelimiter_"), "{text}");
    let outputs = parse_github_file(&output);
    assert_eq!(outputs["maintenance-id"], ID);
    assert_eq!(outputs["label"], "octo/shop#42/deploy");
    let starts: Timestamp = outputs["starts-at"].parse().unwrap();
    let ends: Timestamp = outputs["ends-at"].parse().unwrap();
    assert_eq!(starts.as_second() % 60, 0);
    assert_eq!(ends.duration_since(starts), minutes(91));
    assert_eq!(job.state()["s247_opened_windows"], ID);
    let summary = std::fs::read_to_string(job.path("summary")).unwrap();
    assert!(
        summary.contains(ID) && summary.contains("monitor"),
        "{summary}"
    );
}

#[test]
fn azure_sets_the_output_variable_on_stderr() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let _monitors = monitors_list(&mut server);
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([])).create();
    let _create = server
        .mock("POST", "/api/maintenance")
        .match_body(Matcher::PartialJson(json!({
            "monitors": [API],
            "description": "Opened by s247 around a deployment; it ends by itself when its time is up.\n\ns247-timezone: GMT\ns247-label: Shop#4711/Production.Deploy",
        })))
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url()).azure_task();
    let r = job.run_cmd(
        job.s247()
            .args(["maintenance", "start"])
            .env("INPUT_MONITORS", "API")
            .env("INPUT_DURATION", "20m"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(
        lines.contains(
            &format!("##vso[task.setvariable variable=maintenanceId;isOutput=true;]{ID}").as_str()
        ),
        "{}",
        r.stderr
    );
    assert!(
        lines.contains(
            &format!("##vso[task.setvariable variable=S247_OPENED_WINDOWS;]{ID}").as_str()
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_names_fail_before_any_write_with_the_closest_names() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let _monitors = monitors_list(&mut server);
    let groups = answering(
        &mut server,
        "GET",
        "/api/monitor_groups",
        json!([{"group_id": "200000000000000001", "display_name": "Web"}]),
    )
    .expect(1)
    .create();
    let create = server.mock("POST", "/api/maintenance").expect(0).create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Homepgae,API,Chekout",
        "--groups",
        "Wbe",
        "--duration",
        "30m",
        "--label",
        "x",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    for expected in [
        "unknown monitor `Homepgae`; closest existing: `Homepage`",
        "unknown monitor `Chekout`; closest existing: `Checkout`",
        "unknown monitor group `Wbe`; closest existing: `Web`",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
    groups.assert();
    create.assert();
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let mut server = Server::new();
    let token = token_endpoint(&mut server).expect(0).create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&[
        "maintenance",
        "start",
        "--duration",
        "30",
        "--timezone",
        "Mars/Olympus",
        "--start",
        "2026-03-29T02:30",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for expected in [
        "nothing to put in maintenance",
        "--duration: `30` has no unit",
        "--timezone: `Mars/Olympus` is not an IANA time zone name",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "API",
        "--duration",
        "30m",
        "--timezone",
        "Europe/Berlin",
        "--start",
        "2026-03-29T02:30",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("does not exist in Europe/Berlin"),
        "{}",
        r.stderr
    );
    let r = job.run(&["maintenance", "end"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("which window should end?"),
        "{}",
        r.stderr
    );
    let r = job.run(&["maintenance", "extend", "--label", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--by"), "{}", r.stderr);
    let r = job.run(&["maintenance", "end", "--id", "12ab"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`12ab` is not a maintenance window id"),
        "{}",
        r.stderr
    );
    token.assert();
}

#[test]
fn a_second_start_with_the_label_reuses_and_extends_the_window() {
    let mut server = Server::new();
    let _token = mints(&mut server).create();
    let now = Timestamp::now();
    let start = Timestamp::from_second(now.as_second() / 60 * 60 - 600).unwrap();
    let existing = window(
        ID,
        "Opened by s247\n\ns247-label: octo/shop#42/deploy",
        start,
        start.checked_add(minutes(20)).unwrap(),
    );
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([existing])).create();
    let create = server.mock("POST", "/api/maintenance").expect(0).create();
    let (sd, st) = local(start);
    let update = server
        .mock("PUT", format!("/api/maintenance/{ID}").as_str())
        .match_body(Matcher::PartialJson(json!({
            "maintenance_id": ID,
            "start_date": sd,
            "start_time": st,
            "selection_type": 2,
            "maintenance_type": 3,
            "timezone": "GMT",
        })))
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        &format!("{HOMEPAGE},{API}"),
        "--duration",
        "30m",
        "--label",
        "octo/shop#42/deploy",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, format!("{ID}\n"));
    assert!(r.stderr.contains("reused and extended"), "{}", r.stderr);
    create.assert();
    update.assert();

    // A window with the label that covers something else is not reused.
    let create = answering(
        &mut server,
        "POST",
        "/api/maintenance",
        json!({"maintenance_id": "999999999999999999"}),
    )
    .expect(1)
    .create();
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        HOMEPAGE,
        "--duration",
        "5m",
        "--label",
        "octo/shop#42/deploy",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "999999999999999999\n");
    assert!(r.stderr.contains("covers something else"), "{}", r.stderr);
    create.assert();
}

#[test]
fn an_ambiguous_create_is_looked_up_before_it_is_tried_again() {
    let label = "octo/shop#42/deploy";
    for created_anyway in [true, false] {
        let mut server = Server::new();
        let _token = mints_once(&mut server);
        let _first_list = answering(&mut server, "GET", "/api/maintenance", json!([]))
            .expect(1)
            .create();
        let now = Timestamp::now();
        let start = Timestamp::from_second(now.as_second() / 60 * 60).unwrap();
        let after = if created_anyway {
            json!([window(
                ID,
                &format!("x\n\ns247-label: {label}"),
                start,
                start.checked_add(minutes(40)).unwrap()
            )])
        } else {
            json!([])
        };
        let second_list = answering(&mut server, "GET", "/api/maintenance", after)
            .expect(1)
            .create();
        let failed = server
            .mock("POST", "/api/maintenance")
            .with_status(502)
            .with_body("<html>bad gateway</html>")
            .expect(1)
            .create();
        let retried = answering(
            &mut server,
            "POST",
            "/api/maintenance",
            json!({"maintenance_id": ID}),
        )
        .expect(usize::from(!created_anyway))
        .create();
        let job = CiJob::on_server(&server.url());
        let r = job.run(&[
            "maintenance",
            "start",
            "--monitors",
            &format!("{API},{HOMEPAGE}"),
            "--duration",
            "30m",
            "--label",
            label,
        ]);
        assert_eq!(r.code, 0, "{created_anyway}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{ID}\n"));
        assert!(r.stderr.contains("looking it up by label"), "{}", r.stderr);
        failed.assert();
        second_list.assert();
        retried.assert();
    }
}

#[test]
fn end_by_label_touches_only_that_label_and_is_idempotent() {
    let mut server = Server::new();
    let _token = mints(&mut server).create();
    let now = Timestamp::now();
    let start = Timestamp::from_second(now.as_second() / 60 * 60 - 600).unwrap();
    let end = start.checked_add(minutes(40)).unwrap();
    let ours = window(ID, "Deploy\n\ns247-label: L", start, end);
    let person = window("222222222222222222", "Quarterly DB upgrade", start, end);
    let other = window("333333333333333333", "x\n\ns247-label: L2", start, end);
    let prefix = window("444444444444444444", "x\n\ns247-label: L/2", start, end);
    let _list = answering(
        &mut server,
        "GET",
        "/api/maintenance",
        json!([person, ours, other, prefix]),
    )
    .expect(1)
    .create();
    let (sd, st) = local(start);
    let put = server
        .mock("PUT", format!("/api/maintenance/{ID}").as_str())
        .match_body(Matcher::PartialJson(json!({
            "maintenance_id": ID, "start_date": sd, "start_time": st, "timezone": "GMT",
            "monitors": [API, HOMEPAGE],
        })))
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let others = server
        .mock("PUT", Matcher::Regex("/api/maintenance/[234]{18}".into()))
        .expect(0)
        .create();
    let deletes = server.mock("DELETE", Matcher::Any).expect(0).create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&["maintenance", "end", "--label", "L"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "1\n");
    assert!(r.stderr.contains("ended at"), "{}", r.stderr);
    put.assert();
    others.assert();
    deletes.assert();

    // Second time: the window is over now; nothing is written, and it says so.
    let over = window(
        ID,
        "Deploy\n\ns247-label: L",
        start,
        Timestamp::from_second(now.as_second() / 60 * 60).unwrap(),
    );
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([over])).create();
    let r = job.run(&["maintenance", "end", "--label", "L"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "0\n");
    assert!(r.stderr.contains("already over"), "{}", r.stderr);
    put.assert();

    // A window that is gone (by id) and no window with the label: both succeed.
    let r = job.run(&["maintenance", "end", "--id", "555555555555555555"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("already deleted"), "{}", r.stderr);
    let r = job.run(&["maintenance", "end", "--label", "nobody"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("No window carries the label `nobody`"),
        "{}",
        r.stderr
    );
}

#[test]
fn end_deletes_upcoming_windows_and_on_request() {
    let mut server = Server::new();
    let _token = mints(&mut server).create();
    let now = Timestamp::now();
    let later = Timestamp::from_second(now.as_second() / 60 * 60 + 3600).unwrap();
    let upcoming = window(
        ID,
        "x\n\ns247-label: L",
        later,
        later.checked_add(minutes(30)).unwrap(),
    );
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([upcoming])).create();
    let delete = server
        .mock("DELETE", format!("/api/maintenance/{ID}").as_str())
        .with_body(r#"{"code":0,"message":"success"}"#)
        .expect(2)
        .create();
    let put = server.mock("PUT", Matcher::Any).expect(0).create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&["maintenance", "end", "--id", ID]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("had not started yet: deleted"),
        "{}",
        r.stderr
    );
    let r = job.run(&["maintenance", "end", "--id", ID, "--delete", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["ended"], 1);
    delete.assert();
    put.assert();
}

#[test]
fn extend_moves_the_end_by_the_amount_given() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let now = Timestamp::now();
    let start = Timestamp::from_second(now.as_second() / 60 * 60 - 600).unwrap();
    let end = start.checked_add(minutes(30)).unwrap();
    let _list = answering(
        &mut server,
        "GET",
        "/api/maintenance",
        json!([window(ID, "x\n\ns247-label: L", start, end)]),
    )
    .create();
    let (sd, st) = local(start);
    let (ed, et) = local(end.checked_add(minutes(15)).unwrap());
    let put = server
        .mock("PUT", format!("/api/maintenance/{ID}").as_str())
        .match_body(Matcher::PartialJson(json!({
            "start_date": sd, "start_time": st, "end_date": ed, "end_time": et, "timezone": "GMT",
        })))
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&[
        "maintenance",
        "extend",
        "--label",
        "L",
        "--by",
        "15m",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["maintenance-id"], json!([ID]));
    let ends: Timestamp = json["ends-at"].as_str().unwrap().parse().unwrap();
    assert_eq!(ends, end.checked_add(minutes(15)).unwrap());
    put.assert();

    // Nothing to extend: a failure, not a silent success.
    let r = job.run(&["maintenance", "extend", "--label", "other", "--by", "15m"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no running or upcoming window carries the label `other`"),
        "{}",
        r.stderr
    );
}

#[test]
fn list_reports_status_and_labels_as_json() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let now = Timestamp::now();
    let start = Timestamp::from_second(now.as_second() / 60 * 60 - 600).unwrap();
    let active = window(
        ID,
        "x\n\ns247-label: L",
        start,
        start.checked_add(minutes(30)).unwrap(),
    );
    let over = window(
        "222222222222222222",
        "by hand",
        start,
        start.checked_add(minutes(5)).unwrap(),
    );
    let mut weekly = window("333333333333333333", "weekly", start, start);
    weekly["maintenance_type"] = json!("2");
    let _list = answering(
        &mut server,
        "GET",
        "/api/maintenance",
        json!([active, over, weekly]),
    )
    .create();
    let job = CiJob::on_server(&server.url());
    let r = job.run(&["maintenance", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all: Value = serde_json::from_str(&r.stdout).unwrap();
    let statuses: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["active", "over", "recurring"]);
    assert_eq!(all[0]["label"], "L");
    assert_eq!(all[1]["label"], Value::Null);
    assert_eq!(all[0]["ids"], json!([API, HOMEPAGE]));
    let r = job.run(&["maintenance", "list", "--active"]);
    let active: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(active.as_array().unwrap().len(), 1);
    assert_eq!(active[0]["id"], ID);
}

#[test]
fn failures_leak_no_secret() {
    // The API refuses everything: the token must not show in any message or file.
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let _list = server
        .mock("GET", "/api/maintenance")
        .with_status(400)
        .with_body(format!(
            r#"{{"error_code":1002,"message":"Invalid data. {ACCESS_TOKEN}"}}"#
        ))
        .create();
    let job = CiJob::on_server(&server.url());
    let output = job.path("output");
    let r = job.run_cmd(
        job.s247()
            .args([
                "maintenance",
                "start",
                "--monitors",
                API,
                "--duration",
                "5m",
                "--label",
                "L",
            ])
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &output),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Invalid data."), "{}", r.stderr);
    for (path, text) in job.files_text() {
        assert_no_secret(&path.display().to_string(), &text);
    }
}

#[test]
fn a_steps_file_opens_and_closes_a_window_with_one_token() {
    let mut server = Server::new();
    let token = mints_once(&mut server);
    let _monitors = monitors_list(&mut server);
    let now = Timestamp::now();
    let start = Timestamp::from_second(now.as_second() / 60 * 60 - 60).unwrap();
    let _first = answering(&mut server, "GET", "/api/maintenance", json!([]))
        .expect(1)
        .create();
    let _create = server
        .mock("POST", "/api/maintenance")
        .match_body(Matcher::PartialJson(json!({"monitors": [HOMEPAGE, API]})))
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let _second = answering(
        &mut server,
        "GET",
        "/api/maintenance",
        json!([window(
            ID,
            "x\n\ns247-label: L",
            start,
            start.checked_add(minutes(30)).unwrap()
        )]),
    )
    .create();
    let put = server
        .mock("PUT", format!("/api/maintenance/{ID}").as_str())
        .with_body(envelope(json!({"maintenance_id": ID})))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url());
    let steps = job.path("steps.yaml");
    std::fs::write(
        &steps,
        "steps:\n  - id: window\n    maintenance-start: { duration: 30m, monitors: [Homepage, API], label: L }\n  - maintenance-end:\n      maintenance-id: \"${steps.window.maintenance-id}\"\n    if: always\n",
    )
    .unwrap();
    let r = job.run(&["run", "-f", steps.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["window-maintenance-id"], json!([ID]), "{json}");
    token.assert();
    put.assert();
}

#[test]
fn an_unset_azure_macro_falls_back_to_the_job_label() {
    let mut server = Server::new();
    let _token = mints_once(&mut server);
    let _list = answering(&mut server, "GET", "/api/maintenance", json!([]))
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url()).azure_task();
    // This job has no stage name (SYSTEM_STAGENAME unset).
    let r = job.run_cmd(
        job.s247()
            .env_remove("SYSTEM_STAGENAME")
            .args(["maintenance", "end"])
            .env("INPUT_MAINTENANCEID", "$(window.maintenanceId)"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("never set"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("No window carries the label `Shop#4711/Deploy`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("##vso[task.setvariable variable=ended;isOutput=true;]0"),
        "{}",
        r.stderr
    );
}
