//! `s247 maintenance` end to end: the real binary against the sandbox, checking outputs, request
//! counts and the account's state after each step. Every scenario runs twice (issue 10): against
//! the strict sandbox (windows answered without their zone, typed values, creates answering 200)
//! and against the lenient one.

mod common;

use common::sandbox::stored_window;
use common::{CiJob, parse_github_file};
use jiff::{SignedDuration, Timestamp};
use s247::sandbox::{FaultAction, FaultRule, Sandbox};
use serde_json::Value;

const MINT: &str = "POST /oauth/v2/token";
const LIST_MONITORS: &str = "GET /api/monitors";
const LIST_WINDOWS: &str = "GET /api/maintenance";
const CREATE: &str = "POST /api/maintenance";
const UPDATE: &str = "PUT /api/maintenance/{id}";
const DELETE: &str = "DELETE /api/maintenance/{id}";

/// The seeded window a person made.
const PERSONS_WINDOW: &str = "Quarterly network maintenance";
/// Windows in the seed, all made by people.
const SEEDED: usize = 4;

strict_and_lenient!(
    start_over_names_costs_four_requests_and_a_rerun_reuses_the_window,
    start_over_ids_costs_three_requests,
    end_by_label_ends_only_that_labels_windows_and_twice_is_fine,
    end_right_after_start_deletes_the_empty_window,
    extend_moves_the_end_by_fifteen_minutes,
    an_unknown_name_fails_before_any_write_with_the_closest_names,
    a_connection_dropped_after_the_create_leaves_exactly_one_window,
    azure_devops_gets_the_output_as_a_logging_command_on_stderr,
    times_are_sent_with_an_explicit_zone,
    several_kinds_open_one_window_each_and_end_takes_the_list,
    list_shows_the_person_window_and_ours,
);

fn windows(sandbox: &Sandbox) -> Vec<Value> {
    sandbox.maintenance_windows()
}

fn window(sandbox: &Sandbox, id: &str) -> Option<Value> {
    windows(sandbox)
        .into_iter()
        .find(|w| w["maintenance_id"] == id)
}

/// A stored window's `start` or `end` as an instant, read in the zone it is held in.
fn instant(w: &Value, which: &str) -> Timestamp {
    let zone = jiff::tz::TimeZone::get(w["timezone"].as_str().unwrap()).unwrap();
    let local: jiff::civil::DateTime = format!(
        "{}T{}",
        w[format!("{which}_date")].as_str().unwrap(),
        w[format!("{which}_time")].as_str().unwrap()
    )
    .parse()
    .unwrap();
    zone.to_timestamp(local).unwrap()
}

fn end_of(w: &Value) -> Timestamp {
    instant(w, "end")
}

fn start_of(w: &Value) -> Timestamp {
    instant(w, "start")
}

/// A number as answered: typed (strict) or a string (lenient).
fn num(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

fn with_label(sandbox: &Sandbox, label: &str) -> Vec<Value> {
    let line = format!("s247-label: {label}");
    windows(sandbox)
        .into_iter()
        .filter(|w| w["description"].as_str().unwrap().lines().last() == Some(line.as_str()))
        .collect()
}

fn monitor_id(sandbox: &Sandbox, name: &str) -> String {
    sandbox
        .monitors()
        .into_iter()
        .find(|m| m["display_name"] == name)
        .unwrap()["monitor_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn start_over_names_costs_four_requests_and_a_rerun_reuses_the_window(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox).github("1001");
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Homepage, API",
        "--duration",
        "30m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "GitHub mode prints no data: {}",
        r.stdout
    );
    let stats = sandbox.stats();
    assert_eq!(stats.total, 4, "{stats:?}");
    for route in [MINT, LIST_MONITORS, LIST_WINDOWS, CREATE] {
        assert_eq!(stats.count(route), 1, "{route}: {stats:?}");
    }
    // The output, in heredoc form, and the state for the clean-up step.
    let text = std::fs::read_to_string(job.path("output")).unwrap();
    assert!(text.starts_with("maintenance-id<<ghadelimiter_"), "{text}");
    let id = job.outputs()["maintenance-id"].clone();
    assert_eq!(job.state()["s247_opened_windows"], id);
    let created = window(&sandbox, &id).expect("the window exists");
    assert_eq!(num(&created["selection_type"]), 2);
    assert_eq!(num(&created["maintenance_type"]), 3);
    let mut covered: Vec<&str> = created["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    covered.sort();
    let mut expected = vec![
        monitor_id(&sandbox, "Homepage"),
        monitor_id(&sandbox, "API"),
    ];
    expected.sort();
    assert_eq!(covered, expected);
    assert_eq!(with_label(&sandbox, "octo/shop#1001/deploy").len(), 1);

    // The job is re-run on a fresh runner: no local state, same run id. No second window.
    let rerun = CiJob::on_sandbox(&sandbox).github("1001");
    let r = rerun.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Homepage, API",
        "--duration",
        "30m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sandbox.stats().count(CREATE), 1, "no second create");
    assert_eq!(rerun.outputs()["maintenance-id"], id);
    assert_eq!(with_label(&sandbox, "octo/shop#1001/deploy").len(), 1);
    assert!(r.stderr.contains("reused"), "{}", r.stderr);
}

fn start_over_ids_costs_three_requests(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let ids = format!(
        "{},{}",
        monitor_id(&sandbox, "Checkout"),
        monitor_id(&sandbox, "API")
    );
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        &ids,
        "--duration",
        "10m",
        "--label",
        "by-ids",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stats = sandbox.stats();
    assert_eq!(stats.total, 3, "{stats:?}");
    assert_eq!(stats.count(LIST_MONITORS), 0);
    let id = r.stdout.trim();
    assert!(window(&sandbox, id).is_some(), "{id}");
}

fn end_by_label_ends_only_that_labels_windows_and_twice_is_fine(sandbox: Sandbox) {
    let ten_minutes_ago = Timestamp::now()
        .checked_sub(SignedDuration::from_mins(10))
        .unwrap()
        .to_string();
    let job = CiJob::on_sandbox(&sandbox);
    let open = |label: &str, monitors: &str| {
        let r = job.run(&[
            "maintenance",
            "start",
            "--monitors",
            monitors,
            "--duration",
            "30m",
            "--start",
            &ten_minutes_ago,
            "--label",
            label,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.trim().to_string()
    };
    let ours = open("release-7", "Homepage");
    let other = open("release-70", "Homepage");
    let before: Vec<Value> = windows(&sandbox);
    assert_eq!(before.len(), SEEDED + 2);
    let ours_start = start_of(&stored_window(&sandbox, &ours).unwrap());
    let ours_end = end_of(&stored_window(&sandbox, &ours).unwrap());
    let before_end = Timestamp::now();
    let r = job.run(&["maintenance", "end", "--label", "release-7"]);
    let now = Timestamp::now();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "1\n");
    let ended = stored_window(&sandbox, &ours).expect("ended, not deleted: it keeps its history");
    let new_end = end_of(&ended);
    assert!(new_end < ours_end, "{ended}");
    // Now, rounded down to the minute.
    assert!(
        new_end <= now && before_end.duration_since(new_end) < SignedDuration::from_mins(1),
        "{ended}"
    );
    assert_eq!(start_of(&ended), ours_start);
    // The other label's window and the person's are exactly as they were.
    for w in &before {
        if w["maintenance_id"] != ours {
            assert_eq!(
                window(&sandbox, w["maintenance_id"].as_str().unwrap()).as_ref(),
                Some(w)
            );
        }
    }
    assert!(before.iter().any(|w| w["display_name"] == PERSONS_WINDOW));
    assert!(window(&sandbox, &other).is_some());

    // Again: the window is over; nothing is written, exit 0.
    let writes = sandbox.stats().count(UPDATE) + sandbox.stats().count(DELETE);
    let r = job.run(&["maintenance", "end", "--label", "release-7"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "0\n");
    assert!(r.stderr.contains("already over"), "{}", r.stderr);
    assert_eq!(
        sandbox.stats().count(UPDATE) + sandbox.stats().count(DELETE),
        writes
    );

    // By id, deleted, then gone: exit 0 both times.
    for expected in ["deleted", "already deleted"] {
        let r = job.run(&["maintenance", "end", "--id", &other, "--delete"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
    assert!(window(&sandbox, &other).is_none());
    assert_eq!(windows(&sandbox).len(), SEEDED + 1);
}

fn end_right_after_start_deletes_the_empty_window(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox).github("2002");
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "API",
        "--duration",
        "30m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = job.outputs()["maintenance-id"].clone();
    // The end step of the same job: the default label finds it, and the job's token is reused.
    let r = job.run(&["maintenance", "end"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sandbox.stats().count(MINT), 1, "one token per job");
    let outputs = job.outputs();
    assert_eq!(outputs["ended"], "1");
    // Unless the minute turned between the two steps, the window began this minute: ending it
    // "now" would leave it empty, so it is deleted. Either way it no longer runs.
    match stored_window(&sandbox, &id) {
        None => assert!(r.stderr.contains("deleted"), "{}", r.stderr),
        Some(w) => assert!(end_of(&w) <= Timestamp::now(), "{w}"),
    }
}

fn extend_moves_the_end_by_fifteen_minutes(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let r = job.run(&[
        "maintenance",
        "start",
        "--groups",
        "Web",
        "--duration",
        "20m",
        "--label",
        "ext",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = r.stdout.trim().to_string();
    let before = stored_window(&sandbox, &id).unwrap();
    assert_eq!(before["selection_type"], 1);
    let r = job.run(&[
        "maintenance",
        "extend",
        "--id",
        &id,
        "--by",
        "15m",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = stored_window(&sandbox, &id).unwrap();
    assert_eq!(
        end_of(&after),
        end_of(&before)
            .checked_add(SignedDuration::from_mins(15))
            .unwrap()
    );
    assert_eq!(start_of(&after), start_of(&before));
    assert_eq!(after["monitor_groups"], before["monitor_groups"]);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["maintenance-id"], serde_json::json!([id]));
    assert_eq!(
        json["ends-at"]
            .as_str()
            .unwrap()
            .parse::<Timestamp>()
            .unwrap(),
        end_of(&after)
    );
}

fn an_unknown_name_fails_before_any_write_with_the_closest_names(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let output = job.path("output");
    let r = job.run_cmd(
        job.s247()
            .args([
                "maintenance",
                "start",
                "--monitors",
                "Homepgae,API",
                "--tags",
                "env:prd",
                "--duration",
                "30m",
            ])
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &output),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("unknown monitor `Homepgae`; closest existing: `Homepage`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("unknown tag `env:prd`; closest existing: `env:prod`"),
        "{}",
        r.stderr
    );
    let stats = sandbox.stats();
    assert_eq!(stats.count(CREATE), 0, "{stats:?}");
    assert_eq!(windows(&sandbox).len(), SEEDED, "only the people's windows");
    assert!(!output.exists() || parse_github_file(&output).is_empty());
}

fn a_connection_dropped_after_the_create_leaves_exactly_one_window(sandbox: Sandbox) {
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::DropAfterApply)
            .on("POST", "/api/maintenance")
            .nth(1),
    ]);
    let job = CiJob::on_sandbox(&sandbox);
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Checkout",
        "--duration",
        "30m",
        "--label",
        "dropped",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let labelled = with_label(&sandbox, "dropped");
    assert_eq!(labelled.len(), 1, "{labelled:?}");
    assert_eq!(r.stdout.trim(), labelled[0]["maintenance_id"]);
    let stats = sandbox.stats();
    assert_eq!(
        stats.count(CREATE),
        1,
        "looked up, not created again: {stats:?}"
    );
    assert_eq!(stats.count(LIST_WINDOWS), 2, "{stats:?}");
    assert!(r.stderr.contains("the create went through"), "{}", r.stderr);

    // A create that failed before it was applied is created once more.
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::Status(502))
            .on("POST", "/api/maintenance")
            .nth(1),
    ]);
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Checkout",
        "--duration",
        "30m",
        "--label",
        "refused",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(with_label(&sandbox, "refused").len(), 1);
    assert_eq!(sandbox.stats().count(CREATE), 3);
}

fn azure_devops_gets_the_output_as_a_logging_command_on_stderr(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox).azure_task();
    let r = job.run_cmd(
        job.s247()
            .args(["maintenance", "start"])
            .env("INPUT_MONITORS", "Homepage")
            .env("INPUT_DURATION", "15m"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let labelled = with_label(&sandbox, "Shop#4711/Production.Deploy");
    assert_eq!(labelled.len(), 1);
    let id = labelled[0]["maintenance_id"].as_str().unwrap();
    let line = format!("##vso[task.setvariable variable=maintenanceId;isOutput=true;]{id}");
    assert!(r.stderr.lines().any(|l| l == line), "{}", r.stderr);
}

fn times_are_sent_with_an_explicit_zone(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let before = Timestamp::now();
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "API",
        "--duration",
        "1h",
        "--label",
        "utc",
    ]);
    let after = Timestamp::now();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = stored_window(&sandbox, r.stdout.trim()).unwrap();
    assert_eq!(w["timezone"], "GMT", "{w}");
    // Now, rounded down to the minute.
    let start = start_of(&w);
    assert!(
        start <= after && before.duration_since(start) < SignedDuration::from_mins(1),
        "{w}"
    );
    // The end is rounded up: the window covers the whole hour from the moment asked for.
    let end = end_of(&w);
    assert!(
        end >= before.checked_add(SignedDuration::from_mins(60)).unwrap(),
        "{w}"
    );
    assert!(
        end.duration_since(start) <= SignedDuration::from_mins(61),
        "{w}"
    );

    // An explicit IANA zone: the local fields of that zone, and the zone sent with them.
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "API",
        "--duration",
        "1h",
        "--label",
        "berlin",
        "--timezone",
        "Europe/Berlin",
        "--start",
        "2031-07-01T09:00:00Z",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = stored_window(&sandbox, r.stdout.trim()).unwrap();
    assert_eq!(
        (
            &w["timezone"],
            &w["start_date"],
            &w["start_time"],
            &w["end_time"]
        ),
        (
            &"Europe/Berlin".into(),
            &"2031-07-01".into(),
            &"11:00".into(),
            &"12:00".into()
        )
    );
    let body = sandbox
        .requests()
        .into_iter()
        .rfind(|r| r.route == CREATE)
        .unwrap()
        .body
        .unwrap();
    assert_eq!(body["timezone"], "Europe/Berlin");
    assert_eq!(body["start_time"], "11:00");
}

fn several_kinds_open_one_window_each_and_end_takes_the_list(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let r = job.run(&[
        "maintenance",
        "start",
        "--monitors",
        "Checkout",
        "--groups",
        "Backend",
        "--tags",
        "team:web",
        "--duration",
        "30m",
        "--label",
        "kinds",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = json["maintenance-id"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let ids = ids.join(",");
    let mut kinds: Vec<i64> = with_label(&sandbox, "kinds")
        .iter()
        .map(|w| num(&w["selection_type"]))
        .collect();
    kinds.sort();
    assert_eq!(kinds, vec![1, 2, 3]);
    let r = job.run(&["maintenance", "end", "--id", &ids]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "3\n");
}

fn list_shows_the_person_window_and_ours(sandbox: Sandbox) {
    let job = CiJob::on_sandbox(&sandbox);
    let r = job.run(&[
        "maintenance",
        "start",
        "--tags",
        "env:prod",
        "--duration",
        "30m",
        "--label",
        "listed",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = job.run(&["maintenance", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all: Value = serde_json::from_str(&r.stdout).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), SEEDED + 1);
    let status = |name: &str| {
        all.iter().find(|w| w["name"] == name).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let ours = all.iter().find(|w| w["label"] == "listed").unwrap();
    assert_eq!(ours["status"], "active", "placed by the zone s247 recorded");
    assert_eq!(status("Weekly database backup"), "recurring");
    let person = all.iter().find(|w| w["name"] == PERSONS_WINDOW).unwrap();
    assert_eq!(person["label"], Value::Null);
    // A person's window comes back without its zone from the strict API: without the account's
    // zone s247 cannot place it, and says so rather than guess.
    let expected = if sandbox.maintenance_windows()[0].get("timezone").is_some() {
        "upcoming"
    } else {
        "unknown"
    };
    assert_eq!(person["status"], expected);
    let r = job.run(&[
        "maintenance",
        "list",
        "--active",
        "--account-timezone",
        "Asia/Kolkata",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let active: Value = serde_json::from_str(&r.stdout).unwrap();
    let mut names: Vec<&str> = active
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["CI deploy listed", "Checkout freeze (legacy console)"]
    );
}
