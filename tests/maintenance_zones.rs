//! Maintenance windows on a production-like account (issues 10 and 12): the API answers windows
//! without their `timezone`, the account is not in UTC (`Asia/Kolkata`), people's windows sit
//! next to s247's (one with `selection_type: 0`, a weekly one, an upcoming one-off), and a create
//! may answer without the new id. Each scenario runs against the strict sandbox and the lenient
//! one; the times checked are the ones in the bodies s247 sent (the sandbox's request log).

mod common;

use common::Job;
use common::sandbox::{Run, bodies, run_checked, s247_on, stored_window, writes};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use s247::sandbox::seed_maintenance::{LEGACY_WINDOW_ID, UPCOMING_WINDOW_ID, WEEKLY_WINDOW_ID};
use s247::sandbox::{FaultAction, FaultRule, Sandbox};
use serde_json::Value;

const CREATE: &str = "POST /api/maintenance";
const UPDATE: &str = "PUT /api/maintenance/{id}";
const DELETE: &str = "DELETE /api/maintenance/{id}";
const LIST: &str = "GET /api/maintenance";

strict_and_lenient!(
    a_berlin_window_on_a_kolkata_account_is_judged_right_at_every_step,
    the_selection_zero_window_keeps_its_monitors_when_extended_and_ended,
    a_create_answered_without_an_id_is_found_by_its_label,
    a_persons_window_is_never_deleted_without_delete,
);

fn maintenance(sandbox: &Sandbox, job: &Job, args: &[&str]) -> Run {
    run_checked(s247_on(sandbox, job).arg("maintenance").args(args), job)
}

fn minutes(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn floor_minute(at: Timestamp) -> Timestamp {
    Timestamp::from_second(at.as_second().div_euclid(60) * 60).unwrap()
}

/// `(yyyy-mm-dd, hh:mm)` of `at` in `zone`.
fn local(at: Timestamp, zone: &str) -> (String, String) {
    let t = TimeZone::get(zone).unwrap().to_datetime(at);
    (
        t.strftime("%Y-%m-%d").to_string(),
        t.strftime("%H:%M").to_string(),
    )
}

/// An id list as a set (the service answers lists in its own order).
fn set(ids: &Value) -> std::collections::BTreeSet<String> {
    ids.as_array()
        .unwrap_or_else(|| panic!("not a list: {ids}"))
        .iter()
        .map(|id| id.as_str().unwrap().to_string())
        .collect()
}

fn fields(body: &Value, which: &str) -> (String, String) {
    (
        body[format!("{which}_date")].as_str().unwrap().to_string(),
        body[format!("{which}_time")].as_str().unwrap().to_string(),
    )
}

/// A window s247 opened with `--timezone Europe/Berlin`, on an account whose zone is
/// `Asia/Kolkata` (4.5 hours apart in December), read back without any zone: the re-run reuses
/// it, `extend` and `end` move its end by the right amount in Berlin's local time, and an
/// upcoming one is deleted rather than shortened.
fn a_berlin_window_on_a_kolkata_account_is_judged_right_at_every_step(sandbox: Sandbox) {
    assert_eq!(sandbox.account_timezone(), "Asia/Kolkata");
    let job = Job::new();
    let started = floor_minute(Timestamp::now()) - minutes(10);
    let start_text = started.to_string();
    let open = [
        "start",
        "--monitors",
        "Homepage",
        "--duration",
        "1h",
        "--start",
        &start_text,
        "--timezone",
        "Europe/Berlin",
        "--label",
        "zones",
    ];
    let r = maintenance(&sandbox, &job, &open);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = r.stdout.trim().to_string();
    let created = bodies(&sandbox, CREATE);
    assert_eq!(created.len(), 1);
    let body = &created[0];
    assert_eq!(body["timezone"], "Europe/Berlin", "always an explicit zone");
    assert_eq!(fields(body, "start"), local(started, "Europe/Berlin"));
    assert_eq!(
        fields(body, "end"),
        local(started + minutes(60), "Europe/Berlin")
    );
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .ends_with("\ns247-timezone: Europe/Berlin\ns247-label: zones"),
        "{body}"
    );
    if sandbox.maintenance_windows()[0].get("timezone").is_none() {
        let answered = sandbox
            .maintenance_windows()
            .into_iter()
            .find(|w| w["maintenance_id"] == id.as_str())
            .unwrap();
        assert!(answered.get("timezone").is_none(), "strict: {answered}");
    }

    // The re-run: the same window is found, placed in Berlin, and reused as it is.
    let r = maintenance(&sandbox, &job, &open);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), id);
    assert!(r.stderr.contains("reused"), "{}", r.stderr);
    assert_eq!(sandbox.stats().count(CREATE), 1, "no second window");
    assert_eq!(sandbox.stats().count(UPDATE), 0, "nothing to change");

    // Extend by 15 minutes: the end moves from 50 to 65 minutes from now, in Berlin's clock.
    let r = maintenance(
        &sandbox,
        &job,
        &["extend", "--label", "zones", "--by", "15m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let puts = bodies(&sandbox, UPDATE);
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0]["timezone"], "Europe/Berlin");
    assert_eq!(fields(&puts[0], "start"), local(started, "Europe/Berlin"));
    assert_eq!(
        fields(&puts[0], "end"),
        local(started + minutes(75), "Europe/Berlin")
    );
    assert_eq!(puts[0]["selection_type"], 2);

    // End: it is running, so it is shortened to now (Berlin's clock), not deleted.
    let before = Timestamp::now();
    let r = maintenance(&sandbox, &job, &["end", "--label", "zones"]);
    let after = Timestamp::now();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "1\n");
    let puts = bodies(&sandbox, UPDATE);
    assert_eq!(puts.len(), 2);
    let ended = fields(&puts[1], "end");
    assert!(
        [floor_minute(before), floor_minute(after)]
            .iter()
            .any(|t| local(*t, "Europe/Berlin") == ended),
        "{ended:?} is now in Berlin"
    );
    assert_eq!(sandbox.stats().count(DELETE), 0);
    let held = stored_window(&sandbox, &id).expect("shortened, not deleted");
    assert_eq!(held["timezone"], "Europe/Berlin");

    // An upcoming window of s247's own: `end` deletes it (it never ran).
    let later = (floor_minute(Timestamp::now()) + minutes(180)).to_string();
    let r = maintenance(
        &sandbox,
        &job,
        &[
            "start",
            "--monitors",
            "API",
            "--duration",
            "30m",
            "--start",
            &later,
            "--timezone",
            "Europe/Berlin",
            "--label",
            "zones-later",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let upcoming = r.stdout.trim().to_string();
    let r = maintenance(&sandbox, &job, &["end", "--label", "zones-later"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("had not started yet: deleted"),
        "{}",
        r.stderr
    );
    assert_eq!(sandbox.stats().count(DELETE), 1);
    assert_eq!(bodies(&sandbox, UPDATE).len(), 2, "not shortened");
    assert!(stored_window(&sandbox, &upcoming).is_none());
}

/// The legacy window (`selection_type: 0` with two monitors, made in the account's zone):
/// extended and then ended by id, its PUT bodies keep `selection_type` and the monitors.
fn the_selection_zero_window_keeps_its_monitors_when_extended_and_ended(sandbox: Sandbox) {
    let job = Job::new();
    let seeded = stored_window(&sandbox, LEGACY_WINDOW_ID).unwrap();
    let monitors = seeded["monitors"].clone();
    assert_eq!(monitors.as_array().unwrap().len(), 2);

    // Without the account's zone the strict API leaves s247 no way to place it: nothing changes.
    let r = maintenance(&sandbox, &job, &["end", "--id", LEGACY_WINDOW_ID]);
    if sandbox.maintenance_windows()[0].get("timezone").is_none() {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("account-timezone"), "{}", r.stderr);
        let r = maintenance(
            &sandbox,
            &job,
            &["extend", "--id", LEGACY_WINDOW_ID, "--by", "15m"],
        );
        assert_ne!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("account-timezone"), "{}", r.stderr);
        assert!(writes(&sandbox).is_empty(), "{:?}", writes(&sandbox));
    } else {
        // The lenient API answers the zone: it was ended right away; put it back.
        assert_eq!(r.code, 0, "{}", r.stderr);
        sandbox.reset();
    }

    let kolkata = ["--account-timezone", "Asia/Kolkata"];
    let r = maintenance(
        &sandbox,
        &job,
        &[
            &["extend", "--id", LEGACY_WINDOW_ID, "--by", "30m"][..],
            &kolkata,
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = Timestamp::now();
    let r = maintenance(
        &sandbox,
        &job,
        &[&["end", "--id", LEGACY_WINDOW_ID][..], &kolkata].concat(),
    );
    let after = Timestamp::now();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let puts = bodies(&sandbox, UPDATE);
    assert_eq!(puts.len(), 2, "{puts:?}");
    for put in &puts {
        assert_eq!(put["selection_type"], 0, "{put}");
        assert_eq!(set(&put["monitors"]), set(&monitors), "{put}");
        assert_eq!(put["display_name"], seeded["display_name"]);
        assert_eq!(put["perform_monitoring"], true);
        assert_eq!(put["timezone"], "Asia/Kolkata");
        assert_eq!(fields(put, "start"), ("2026-01-01".into(), "00:00".into()));
    }
    assert_eq!(
        fields(&puts[0], "end"),
        ("2036-01-01".into(), "00:00".into())
    );
    let ended = fields(&puts[1], "end");
    assert!(
        [floor_minute(before), floor_minute(after)]
            .iter()
            .any(|t| local(*t, "Asia/Kolkata") == ended),
        "{ended:?} is now in Kolkata"
    );
    assert_eq!(
        sandbox.stats().count(DELETE),
        0,
        "a person's window is shortened"
    );
    let held = stored_window(&sandbox, LEGACY_WINDOW_ID).unwrap();
    assert_eq!(set(&held["monitors"]), set(&monitors));
}

/// The create is applied but its answer carries no `maintenance_id`: s247 finds the window by
/// its label, gives its id as the output, and leaves exactly one window.
fn a_create_answered_without_an_id_is_found_by_its_label(sandbox: Sandbox) {
    sandbox.set_faults(vec![
        FaultRule::new(FaultAction::AnswerWithoutId).on("POST", "/api/maintenance"),
    ]);
    let job = Job::new();
    let r = maintenance(
        &sandbox,
        &job,
        &[
            "start",
            "--monitors",
            "Checkout",
            "--duration",
            "20m",
            "--label",
            "no-id",
            "--json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let labelled: Vec<Value> = sandbox
        .maintenance_windows()
        .into_iter()
        .filter(|w| {
            w["description"]
                .as_str()
                .unwrap()
                .ends_with("s247-label: no-id")
        })
        .collect();
    assert_eq!(labelled.len(), 1, "{labelled:?}");
    let outputs: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(outputs["maintenance-id"][0], labelled[0]["maintenance_id"]);
    let stats = sandbox.stats();
    assert_eq!(stats.count(CREATE), 1, "{stats:?}");
    assert_eq!(stats.count(LIST), 2, "one lookup: {stats:?}");
    assert!(
        r.stderr.contains("without the new window's id"),
        "{}",
        r.stderr
    );
}

/// `end --id` on windows people made (issue 12): an upcoming one is left alone with exit 2 and
/// a message naming `--delete`, also when its zone is known; a recurring one too; `--delete`
/// deletes on purpose.
fn a_persons_window_is_never_deleted_without_delete(sandbox: Sandbox) {
    let job = Job::new();
    let seeded = sandbox.maintenance_windows();
    for args in [
        vec!["end", "--id", UPCOMING_WINDOW_ID],
        vec![
            "end",
            "--id",
            UPCOMING_WINDOW_ID,
            "--account-timezone",
            "Asia/Kolkata",
        ],
        vec![
            "end",
            "--id",
            WEEKLY_WINDOW_ID,
            "--account-timezone",
            "Asia/Kolkata",
        ],
        // Several at once: one refusal stops them all before the first write.
        vec![
            "end",
            "--id",
            &format!("{LEGACY_WINDOW_ID},{UPCOMING_WINDOW_ID}"),
            "--account-timezone",
            "Asia/Kolkata",
        ],
    ] {
        let args: Vec<&str> = args.iter().map(|a| &**a).collect();
        let r = maintenance(&sandbox, &job, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("--delete"), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("Nothing was changed"), "{}", r.stderr);
        assert!(
            writes(&sandbox).is_empty(),
            "{args:?}: {:?}",
            writes(&sandbox)
        );
    }
    assert_eq!(sandbox.maintenance_windows(), seeded);
    let r = maintenance(&sandbox, &job, &["end", "--id", UPCOMING_WINDOW_ID]);
    assert!(
        r.stderr.contains("has not started yet") || r.stderr.contains("account-timezone"),
        "{}",
        r.stderr
    );

    // On purpose.
    let r = maintenance(
        &sandbox,
        &job,
        &["end", "--id", UPCOMING_WINDOW_ID, "--delete"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        writes(&sandbox)
            .iter()
            .map(|w| (w.method.as_str(), w.path.as_str()))
            .collect::<Vec<_>>(),
        [("DELETE", &*format!("/api/maintenance/{UPCOMING_WINDOW_ID}"))]
    );
    assert!(stored_window(&sandbox, UPCOMING_WINDOW_ID).is_none());
}
