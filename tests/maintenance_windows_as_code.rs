//! Maintenance windows as code (issue 15 item 2): a `maintenance_windows:` section in the
//! monitors file, against the strict sandbox (windows answered typed and without `timezone`).
//! Recurring windows round-trip (apply, re-plan = 0, export → plan = 0); one changed weekday is
//! one change and one PUT; a person's windows and pipeline windows are never touched; `--prune`
//! deletes only windows the file owns, under the prune guard; bad windows stop before any write.

mod common;

use common::monitors::*;
use serde_json::Value;

const WINDOWS: &str = r#"version: 1
maintenance_windows:
  - name: Shop release train
    description: Deploys go out Monday and Wednesday evenings.
    repeat: weekly
    timezone: Europe/Berlin
    days: [mon, wed]
    start_time: "22:00"
    duration: 90m
    monitors: [Homepage, API]
  - name: Backend patch night
    repeat: monthly
    timezone: Europe/Berlin
    week: last
    weekday: sun
    start_time: "02:00"
    duration: 3h
    ends: after 12 runs
    groups: [Backend]
"#;

/// The windows the file owns, as the sandbox holds them (typed, with their zone).
fn owned(run: &Run) -> Vec<Value> {
    run.sandbox
        .stored_maintenance_windows()
        .into_iter()
        .filter(|w| {
            w["description"]
                .as_str()
                .is_some_and(|d| d.contains("s247-owner: managed-by:s247"))
        })
        .collect()
}

/// Every window this file does not own, as stored.
fn not_owned(run: &Run) -> Vec<Value> {
    run.sandbox
        .stored_maintenance_windows()
        .into_iter()
        .filter(|w| {
            !w["description"]
                .as_str()
                .is_some_and(|d| d.contains("s247-owner:"))
        })
        .collect()
}

fn named<'a>(windows: &'a [Value], name: &str) -> &'a Value {
    windows
        .iter()
        .find(|w| w["display_name"] == name)
        .unwrap_or_else(|| panic!("no window `{name}` in {windows:?}"))
}

fn changes(stdout: &[u8]) -> Vec<Value> {
    serde_json::from_slice(stdout).unwrap_or_else(|_| panic!("changes JSON: {}", text(stdout)))
}

#[test]
fn recurring_windows_round_trip_apply_replan_export() {
    let run = Run::new();
    let file = run.file("monitors.yaml", WINDOWS);
    let people_before = not_owned(&run);

    // A fresh account: two creates.
    let plan = run
        .s247()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .success();
    let planned = changes(&plan.get_output().stdout);
    assert_eq!(planned.len(), 2, "{planned:?}");
    assert!(
        planned
            .iter()
            .all(|c| c["action"] == "create" && c["kind"] == "window")
    );

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("POST /api/maintenance"), 2, "{spent:?}");
    assert_eq!(writes(&spent), 2, "{spent:?}");

    let windows = owned(&run);
    let weekly = named(&windows, "Shop release train");
    assert_eq!(weekly["maintenance_type"], 8, "weekly by day");
    assert_eq!(weekly["week_days"], serde_json::json!([1, 3]), "0 = Sunday");
    assert_eq!(weekly["start_time"], "22:00");
    assert_eq!(weekly["duration"], 90);
    assert_eq!(weekly["timezone"], "Europe/Berlin");
    assert_eq!(weekly["selection_type"], 2);
    assert_eq!(weekly["monitors"].as_array().unwrap().len(), 2);
    let monthly = named(&windows, "Backend patch night");
    assert_eq!(monthly["maintenance_type"], 6, "monthly by day");
    assert_eq!(monthly["start_week"], 5, "last week");
    assert_eq!(monthly["start_day"], 0, "Sunday");
    assert_eq!(monthly["duration"], 180);
    assert_eq!(monthly["maintenance_end_type"], 1);
    assert_eq!(monthly["maintenance_end_after_times"], 12);
    assert_eq!(monthly["selection_type"], 1);

    // Re-plan: nothing, from one list of windows and no GET per window.
    let before = run.stats();
    run.s247()
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(0)
        .stdout("[]\n");
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("GET /api/maintenance"), 1, "{spent:?}");
    assert_eq!(spent.count("GET /api/maintenance/{id}"), 0, "{spent:?}");
    assert_eq!(writes(&spent), 0, "{spent:?}");

    // Export → plan = 0.
    let exported = run.path("exported.yaml");
    run.s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(yaml.contains("maintenance_windows:"), "{yaml}");
    assert!(yaml.contains("Shop release train"), "{yaml}");
    assert!(
        !yaml.contains("Weekly database backup"),
        "a person's window is not exported: {yaml}"
    );
    let before = run.stats();
    run.s247()
        .args(["monitors", "plan", "-f", exported.to_str().unwrap()])
        .assert()
        .success()
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    assert_eq!(
        not_owned(&run),
        people_before,
        "nobody else's window changed"
    );
}

#[test]
fn changing_the_weekday_plans_exactly_that_change_and_one_put() {
    let run = Run::new();
    let file = run.file("monitors.yaml", WINDOWS);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let people_before = not_owned(&run);
    let weekly_before = named(&owned(&run), "Shop release train").clone();

    let moved = run.file(
        "moved.yaml",
        &WINDOWS.replace("days: [mon, wed]", "days: [mon, thu]"),
    );
    let plan = run
        .s247()
        .args(["monitors", "plan", "-f", &moved])
        .assert()
        .success();
    let planned = changes(&plan.get_output().stdout);
    assert_eq!(
        planned,
        vec![
            serde_json::json!({"action": "update", "kind": "window", "name": "Shop release train", "fields": ["days"]})
        ]
    );
    let log = text(&plan.get_output().stderr) + &text(&plan.get_output().stdout);
    assert!(log.contains("days: [mon, wed] → [mon, thu]"), "{log}");
    // The `--json` plan names the window's kind in the shape its committed schema allows.
    let json = run
        .s247()
        .args(["monitors", "plan", "-f", &moved, "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&text(&json.get_output().stdout)).unwrap();
    assert_eq!(json["changes"][0]["kind"], "window", "{json}");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/json/monitors-plan.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{json}");

    let before = run.stats();
    run.s247()
        .args(["monitors", "apply", "-f", &moved])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("PUT /api/maintenance/{id}"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 1, "{spent:?}");
    let weekly = named(&owned(&run), "Shop release train").clone();
    assert_eq!(weekly["week_days"], serde_json::json!([1, 4]));
    for kept in [
        "maintenance_id",
        "description",
        "monitors",
        "duration",
        "start_time",
        "timezone",
    ] {
        assert_eq!(weekly[kept], weekly_before[kept], "{kept} kept");
    }
    assert_eq!(not_owned(&run), people_before);
}

#[test]
fn a_persons_window_is_never_touched_and_prune_removes_only_owned_windows() {
    let run = Run::new();
    let file = run.file("monitors.yaml", WINDOWS);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    // A pipeline's window, opened around a deploy: labelled, never owned as code.
    run.s247()
        .args(["maintenance", "start", "--monitors", "Homepage"])
        .args(["--duration", "30m", "--label", "octo/shop#7/deploy"])
        .assert()
        .success();
    let people = not_owned(&run);
    assert!(
        people.iter().any(|w| w["description"]
            .as_str()
            .is_some_and(|d| d.contains("s247-label: octo/shop#7/deploy"))),
        "{people:?}"
    );
    assert!(
        people
            .iter()
            .any(|w| w["display_name"] == "Weekly database backup"),
        "the seed holds a person's recurring window"
    );

    // A file window with a person's window's name is refused: never adopted silently.
    let taken = run.file(
        "taken.yaml",
        &WINDOWS.replace("Backend patch night", "Weekly database backup"),
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &taken, "--prune"])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("taken.yaml:11:11") && stderr.contains("does not manage"),
        "{stderr}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // Without the monthly window and with --prune: only that owned window goes.
    let fewer = WINDOWS
        .split("  - name: Backend patch night")
        .next()
        .unwrap();
    let fewer = run.file("fewer.yaml", fewer);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &fewer, "--prune"])
        .assert()
        .success();
    let spent = since(&before, &run.stats());
    assert_eq!(spent.count("DELETE /api/maintenance/{id}"), 1, "{spent:?}");
    assert_eq!(writes(&spent), 1, "{spent:?}");
    let changes: serde_json::Value =
        serde_json::from_str(text(&out.get_output().stdout).trim()).unwrap();
    assert_eq!(changes[0]["action"], "delete", "{changes}");
    assert_eq!(changes[0]["kind"], "window", "{changes}");
    let left: Vec<String> = owned(&run)
        .iter()
        .map(|w| w["display_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, ["Shop release train"]);
    assert_eq!(
        not_owned(&run),
        people,
        "a person's windows and the pipeline's stay, recurring or not"
    );

    // An empty section with --prune would delete every owned window: the guard refuses.
    let empty = run.file("empty.yaml", "version: 1\nmaintenance_windows: []\n");
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &empty, "--prune"])
        .assert()
        .code(2);
    assert!(
        text(&out.get_output().stderr).contains("every maintenance window this file owns"),
        "{}",
        text(&out.get_output().stderr)
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // A file without the section leaves every window alone, --prune or not.
    let none = run.file("none.yaml", "version: 1\n");
    run.s247()
        .args(["monitors", "apply", "-f", &none, "--prune"])
        .assert()
        .success();
    assert_eq!(owned(&run).len(), 1);
}

#[test]
fn bad_windows_stop_before_any_write_at_their_place() {
    let run = Run::new();
    // A missing required field: found without a request.
    let missing = run.file(
        "missing.yaml",
        "version: 1\nmaintenance_windows:\n  - name: Freeze\n    repeat: weekly\n    timezone: Europe/Berlin\n    days: [mon]\n    start_time: \"22:00\"\n    monitors: [Homepage]\n",
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &missing])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("missing.yaml:4:13") && stderr.contains("needs `duration`"),
        "{stderr}"
    );
    assert_eq!(since(&before, &run.stats()).total, 0, "no request at all");

    // An unknown target: found against the account, still before any write.
    let unknown = run.file(
        "unknown.yaml",
        "version: 1\nmaintenance_windows:\n  - name: Freeze\n    repeat: daily\n    timezone: UTC\n    start_time: \"22:00\"\n    end_time: \"23:00\"\n    monitors: [Homepage, Hompage2]\n",
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &unknown])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("unknown.yaml:8:26") && stderr.contains("unknown monitor `Hompage2`"),
        "{stderr}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // Yearly windows are refused with the reason.
    let yearly = run.file(
        "yearly.yaml",
        "version: 1\nmaintenance_windows:\n  - name: Audit\n    repeat: yearly\n    timezone: UTC\n    start_time: \"22:00\"\n    monitors: [Homepage]\n",
    );
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &yearly])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("yearly.yaml:4:13") && stderr.contains("yearly windows cannot be managed"),
        "{stderr}"
    );

    // Days are names: a number is not a day (its meaning would be a guess).
    let numbered = run.file(
        "numbered.yaml",
        "version: 1\nmaintenance_windows:\n  - name: Freeze\n    repeat: weekly\n    timezone: UTC\n    days: [1]\n    start_time: \"22:00\"\n    duration: 1h\n    monitors: [Homepage]\n",
    );
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &numbered])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(stderr.contains("numbered.yaml:6:"), "{stderr}");
}

#[test]
fn a_window_over_a_monitor_the_same_file_creates_converges_in_one_run() {
    let run = Run::new();
    let file = run.file(
        "monitors.yaml",
        "version: 1\nmonitors:\n  - name: Status page\n    type: PING\n    host: status.example.com\nmaintenance_windows:\n  - name: Status page nightly\n    repeat: daily\n    timezone: America/New_York\n    start_time: \"23:30\"\n    end_time: \"00:30\"\n    ends: 2027-06-30\n    monitors: [Status page]\n",
    );
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let monitor = run.monitors_named("Status page");
    let window = named(&owned(&run), "Status page nightly").clone();
    assert_eq!(
        window["monitors"],
        serde_json::json!([monitor[0]["monitor_id"]])
    );
    assert_eq!(window["maintenance_end_type"], 2);
    assert_eq!(window["maintenance_end_on"], "2027-06-30");
    run.s247()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .success()
        .stdout("[]\n");
}

const EVERY_KIND: &str = r#"version: 1
maintenance_windows:
  - name: Cut-over
    repeat: once
    timezone: Asia/Kolkata
    start_date: 2031-03-14
    start_time: "22:00"
    end_date: 2031-03-15
    end_time: "01:30"
    perform_monitoring: false
    tags: [env:prod]
  - name: Nightly reindex
    repeat: daily
    timezone: UTC
    start_time: "23:00"
    end_time: "00:30"
    starts_on: 2026-01-01
    monitors: [Checkout]
  - name: Weekend freeze
    repeat: weekly
    timezone: Europe/Berlin
    start_day: fri
    start_time: "18:00"
    end_day: mon
    end_time: "06:00"
    every_weeks: 2
    groups: [Web]
    subgroups: false
  - name: Invoice run
    repeat: monthly
    timezone: America/New_York
    day_of_month: 1
    start_time: "03:00"
    duration: 45m
    ends: 2030-12-31
    monitors: [API]
"#;

#[test]
fn every_kind_round_trips_against_the_strict_and_the_lenient_api() {
    for config in [s247::sandbox::SandboxConfig::default(), lenient()] {
        let strict = !config.lenient;
        let run = Run::with(config);
        let file = run.file("monitors.yaml", EVERY_KIND);
        run.s247()
            .args(["monitors", "apply", "-f", &file])
            .assert()
            .success();
        let windows = owned(&run);
        assert_eq!(windows.len(), 4, "strict: {strict}");
        let weekly = named(&windows, "Weekend freeze");
        assert_eq!(
            (&weekly["start_day"], &weekly["end_day"]),
            (&serde_json::json!(5), &serde_json::json!(1))
        );
        assert_eq!(weekly["execute_every"], 2);
        assert_eq!(weekly["subgroup_monitors"], false);
        let once = named(&windows, "Cut-over");
        assert_eq!(once["timezone"], "Asia/Kolkata");
        assert_eq!(once["perform_monitoring"], false);
        assert_eq!(named(&windows, "Invoice run")["monthly_start_date"], 1);

        run.s247()
            .args(["monitors", "plan", "-f", &file])
            .assert()
            .success()
            .stdout("[]\n");
        let exported = run.path("exported.yaml");
        run.s247()
            .args(["monitors", "export", "-o", exported.to_str().unwrap()])
            .assert()
            .success();
        let before = run.stats();
        run.s247()
            .args(["monitors", "plan", "-f", exported.to_str().unwrap()])
            .assert()
            .success()
            .stdout("[]\n");
        assert_eq!(writes(&since(&before, &run.stats())), 0, "strict: {strict}");
    }
}

#[test]
fn a_window_cannot_move_to_another_zone_in_place() {
    let run = Run::new();
    let file = run.file("monitors.yaml", WINDOWS);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    let moved = run.file(
        "moved.yaml",
        &WINDOWS.replacen("timezone: Europe/Berlin", "timezone: Europe/London", 1),
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &moved])
        .assert()
        .code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("moved.yaml:3:11")
            && stderr.contains("cannot move to Europe/London")
            && stderr.contains("Rename the window"),
        "{stderr}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn an_account_that_numbers_sunday_1_stops_windows_with_days_before_any_write() {
    let mut seed = s247::sandbox::SeedAccount::default_account();
    let monitor = seed.monitors[0]["monitor_id"].clone();
    // Saturday under 1 = Sunday … 7 = Saturday: a number the other numbering cannot have.
    seed.maintenance.push(serde_json::json!({
        "maintenance_id": "990001",
        "display_name": "Saturday batch",
        "description": "by hand",
        "maintenance_type": 2,
        "start_day": 7, "end_day": 7,
        "start_time": "01:00", "end_time": "02:00",
        "selection_type": 2,
        "monitors": [monitor],
    }));
    let run = Run::with(s247::sandbox::SandboxConfig {
        seed: Some(seed),
        ..Default::default()
    });
    let file = run.file("monitors.yaml", WINDOWS);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(1);
    let stderr = text(&out.get_output().stderr);
    assert!(
        stderr.contains("numbers weekdays 1 = Sunday") && stderr.contains("Saturday batch"),
        "{stderr}"
    );
    assert_eq!(writes(&since(&before, &run.stats())), 0);

    // A window without days is not affected.
    let daily = run.file(
        "daily.yaml",
        "version: 1\nmaintenance_windows:\n  - name: Nightly\n    repeat: daily\n    timezone: UTC\n    start_time: \"01:00\"\n    end_time: \"02:00\"\n    monitors: [Homepage]\n",
    );
    run.s247()
        .args(["monitors", "apply", "-f", &daily])
        .assert()
        .success();
    assert_eq!(owned(&run).len(), 1);
}

#[test]
fn the_schema_encodes_the_rules_of_each_kind_of_window() {
    let path = format!("{}/schema/monitors.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let check = |window: &str| {
        let yaml = format!("version: 1\nmaintenance_windows:\n  - {window}\n");
        validator.is_valid(&serde_saphyr::from_str::<Value>(&yaml).unwrap())
    };
    let by_day = "{name: a, repeat: weekly, timezone: UTC, days: [mon], start_time: '01:00', duration: 1h, monitors: [x]}";
    assert!(check(by_day));
    assert!(
        check(
            "{name: a, repeat: weekly, timezone: UTC, start_day: fri, end_day: mon, start_time: '18:00', end_time: '06:00', groups: [g]}"
        ),
        "weekly by time"
    );
    assert!(
        !check(&by_day.replace(", duration: 1h", "")),
        "by day needs a duration"
    );
    assert!(
        !check(&by_day.replace("days: [mon]", "days: [mon], start_day: tue")),
        "by day and by time at once"
    );
    assert!(
        !check(&by_day.replace("monitors: [x]", "monitors: [x], tags: [env:prod]")),
        "one kind of target"
    );
    assert!(
        !check(&by_day.replace("days: [mon]", "days: [1]")),
        "days by name only"
    );
    assert!(
        !check("{name: a, repeat: yearly, timezone: UTC, start_time: '01:00', monitors: [x]}"),
        "yearly is refused"
    );
    assert!(
        !check(
            "{name: a, repeat: once, timezone: UTC, start_date: 2030-01-01, start_time: '01:00', end_date: 2030-01-01, end_time: '02:00', ends: never, monitors: [x]}"
        ),
        "a one-off window has no end rule"
    );
}
