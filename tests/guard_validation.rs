//! Issue 12, validation gaps: each mistake exits 2 at `file:line:col` (or warns, where the
//! input is not wrong but likely a slip) and sends no request that changes anything.

mod common;

use common::monitors::*;

/// Plan `yaml`: exit 2, the message at `line:col`, and not a single request.
fn refused(yaml: &str, at: &str, says: &str) -> String {
    let run = Run::new();
    let file = run.file("m.yaml", yaml);
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let expected = format!("{file}:{at}: error: ");
    let line = log
        .lines()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("nothing at {at} in:\n{log}"));
    assert!(line.contains(says), "expected `{says}` in {line}");
    assert_eq!(run.stats().total, 0, "no request: {:?}", run.stats());
    log
}

#[test]
fn a_url_must_be_absolute_http() {
    refused(
        "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: www.example.com/health\n",
        "5:10",
        "`www.example.com/health` is not an absolute http(s) URL",
    );
    refused(
        "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: ftp://files.example.com/\n",
        "5:10",
        "not an absolute http(s) URL",
    );
}

#[test]
fn check_frequency_is_one_site24x7_offers() {
    let log = refused(
        "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    check_frequency: 7m\n",
        "6:22",
        "`7m` is not a check frequency Site24x7 offers",
    );
    assert!(
        log.contains("1m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 6h, 12h, 24h"),
        "{log}"
    );
}

#[test]
fn a_port_says_its_range_in_words() {
    let log = refused(
        "version: 1\nmonitors:\n  - name: db\n    type: PORT\n    host: db.example.net\n    port: 70000\n",
        "6:11",
        "`port` is a port number, a whole number from 1 to 65535; `70000` is not",
    );
    assert!(!log.contains("u16"), "{log}");
    refused(
        "version: 1\nmonitors:\n  - name: db\n    type: PORT\n    host: db.example.net\n    port: -1\n",
        "6:11",
        "from 1 to 65535",
    );
}

#[test]
fn a_timeout_and_a_count_say_their_range_in_words() {
    refused(
        "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: https://a.example.com/\n    timeout: 90s\n",
        "6:14",
        "Site24x7 allows a timeout of 1s to 45s",
    );
    refused(
        "version: 1\nmonitor_groups:\n  - name: g\n    health_threshold_count: many\n",
        "4:29",
        "`health_threshold_count` is a count, a whole number of 0 or more",
    );
}

#[test]
fn a_scalar_where_a_list_is_expected_says_so() {
    refused(
        "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    tags: env:prod\n",
        "6:11",
        "`tags` is a list: write `[env:prod]`",
    );
}

#[test]
fn every_shape_error_of_the_file_is_reported_in_one_run() {
    let run = Run::new();
    let file = run.file(
        "m.yaml",
        "version: 1\nmonitors:\n  - name: a\n    type: PORT\n    host: h\n    port: http\n  - name: b\n    type: URL\n    url: example.com\n    tags: env:prod\n  - name: c\n    type: PING\n    host: h\n    check_frequency: 2m\n  - name: d\n    type: PING\n    hots: h\n",
    );
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    for at in ["6:11", "9:10", "10:11", "14:22", "17:5"] {
        assert!(
            log.contains(&format!("{file}:{at}: error: ")),
            "{at} in:\n{log}"
        );
    }
    assert!(
        log.contains("unknown field `hots`; did you mean `host`?"),
        "{log}"
    );
    assert_eq!(run.stats().total, 0);
}

#[test]
fn an_ambiguous_tag_says_ambiguous_and_lists_both() {
    let run = Run::new();
    let file = run.file(
        "m.yaml",
        "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    tags: [env]\n",
    );
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    let log = text(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.starts_with(&format!("{file}:6:12: error: ")))
        .unwrap_or_else(|| panic!("nothing at 6:12 in:\n{log}"));
    assert!(line.contains("ambiguous"), "{line}");
    assert!(
        line.contains("env:prod") && line.contains("env:staging"),
        "{line}"
    );
}

#[test]
fn a_new_monitor_named_like_an_existing_one_gets_a_did_you_mean_warning() {
    let run = Run::new();
    let file = run.file(
        "m.yaml",
        "version: 1\nmonitors:\n  - name: Homepages\n    type: URL\n    url: https://www.example.com/\n",
    );
    let out = run
        .github()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let warning = log
        .lines()
        .find(|l| l.starts_with("::warning ") && l.contains("did you mean to rename `Homepage`"))
        .unwrap_or_else(|| panic!("no warning in:\n{log}"));
    assert!(warning.contains("line=3"), "{warning}");
    assert_eq!(writes(&run.stats()), 0);
}

#[test]
fn a_steps_file_naming_a_missing_monitors_file_points_at_the_step() {
    let run = Run::new();
    let steps = run.file(
        "steps.yaml",
        "steps:\n  - token: {}\n  - monitors-apply:\n      file: no-such.yaml\n",
    );
    let out = run
        .s247()
        .args(["run", "-f", &steps])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.contains("no-such.yaml"))
        .unwrap_or_else(|| panic!("no mention of the file in:\n{log}"));
    assert!(
        line.starts_with(&format!("{steps}:4:13: error: ")),
        "{line}"
    );
    assert_eq!(run.stats().total, 0);
}

#[test]
fn a_misspelled_setting_gets_a_did_you_mean_warning() {
    let run = Run::new();
    let out = run
        .s247()
        .env("INPUT_DURATON", "30m")
        .env("S247_DATACENTER", "eu")
        .args(["maintenance", "list"])
        .assert()
        .success()
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains("INPUT_DURATON is not a setting s247 reads; did you mean `duration`"),
        "{log}"
    );
    assert!(
        log.contains("S247_DATACENTER is not a setting s247 reads; did you mean S247_DATA_CENTER"),
        "{log}"
    );
}
