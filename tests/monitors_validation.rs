//! Bad files exit 2 with the right `file:line:col` and change nothing. Mistakes in the file alone
//! are found before any request; names that need the account (profiles, tags, groups) are
//! resolved after the lists are read and still before any write.

mod common;

use common::monitors::*;
use s247::sandbox::{SandboxConfig, SeedAccount};

struct Case {
    what: &'static str,
    yaml: &'static str,
    /// `line:col: error: message fragment`
    expect: &'static str,
}

const CASES: &[Case] = &[
    Case {
        what: "unknown field",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: PING\n    hots: x\n",
        expect: "5:5: error: unknown field `hots`",
    },
    Case {
        what: "wrong type",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: PORT\n    host: h\n    port: http\n",
        expect: "6:11: error: ",
    },
    Case {
        what: "duplicate key",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    host: i\n",
        expect: "6:5: error: duplicate mapping key `host`",
    },
    Case {
        what: "duplicate monitor name",
        yaml: "version: 1\nmonitors:\n  - {name: a, type: PING, host: h}\n  - name: a\n    type: PING\n    host: i\n",
        expect: "4:11: error: duplicate monitor name `a` (first at line 3)",
    },
    Case {
        what: "unknown monitor type",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: SMTP\n",
        expect: "4:11: error: unknown variant `SMTP`",
    },
    Case {
        what: "missing required field for a type",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: DNS\n    domain: example.com\n",
        expect: "4:11: error: DNS monitors need `dns_server`: `a` has none",
    },
    Case {
        what: "field that does not apply to the type",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    keyword: up\n",
        expect: "6:5: error: `keyword` does not apply to PING monitors",
    },
    Case {
        what: "bad duration",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    check_frequency: 90s\n",
        expect: "6:22: error: `90s` is not a whole number of minutes",
    },
    Case {
        what: "duration without unit",
        yaml: "version: 1\ndefaults:\n  timeout: 10\nmonitors: []\n",
        expect: "3:12: error: `10` has no unit",
    },
    Case {
        what: "tab indentation",
        yaml: "version: 1\nmonitors:\n  - name: a\n\ttype: PING\n",
        expect: "4:1: error: a tab character in the indentation",
    },
    Case {
        what: "undefined ${env:…}",
        yaml: "version: 1\nmonitors:\n  - name: a\n    type: URL\n    url: https://x.example.com/\n    basic_auth: {user: u, password: \"${env:TEST_UNSET_VAR}\"}\n",
        expect: "6:37: error: the environment variable `TEST_UNSET_VAR` (from `${env:TEST_UNSET_VAR}`) is not set or empty",
    },
    Case {
        what: "${env:…} where secrets do not go",
        yaml: "version: 1\nmonitors:\n  - name: \"${env:NAME}\"\n    type: PING\n    host: h\n",
        expect: "3:11: error: `${env:…}` is read only in a monitor's url, headers, body, basic_auth and FTP username and password",
    },
    Case {
        what: "wrong version",
        yaml: "version: 2\nmonitors: []\n",
        expect: "1:10: error: version 2 is not supported",
    },
];

#[test]
fn file_mistakes_exit_2_at_their_place_before_any_request() {
    let run = Run::new();
    for case in CASES {
        let file = run.file("bad.yaml", case.yaml);
        for command in ["plan", "apply"] {
            let out = run
                .s247()
                .args(["monitors", command, "-f", &file])
                .assert()
                .code(2)
                .get_output()
                .clone();
            let log = text(&out.stderr);
            let expected = format!("{file}:{}", case.expect);
            assert!(
                log.contains(&expected),
                "{} ({command}): expected `{expected}` in:\n{log}",
                case.what
            );
            assert!(text(&out.stdout).is_empty(), "{}", case.what);
        }
    }
    assert_eq!(run.stats().total, 0, "no request at all: {:?}", run.stats());
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run_as_annotations() {
    let run = Run::new();
    let file = run.file(
        "bad.yaml",
        "version: 1\nmonitors:\n  - name: a\n    type: PING\n    url: https://x\n  - name: b\n    type: URL\n    url: https://b\n    method: PUT\n    expected_status: 2xx\n",
    );
    let out = run
        .github()
        .args(["monitors", "plan", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let errors: Vec<&str> = log.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 4, "{log}");
    assert!(errors.contains(&format!("::error file={file},line=5,col=5::`url` does not apply to PING monitors; it applies to URL, RESTAPI, HOMEPAGE, SOAP").as_str()), "{log}");
    assert!(
        log.contains(&format!(
            "::error file={file},line=4,col=11::PING monitors need `host`"
        )),
        "{log}"
    );
    assert!(log.contains(&format!("::error file={file},line=9,col=13::URL monitors take the methods GET, POST, HEAD, not PUT")), "{log}");
    assert!(
        log.contains(&format!(
            "::error file={file},line=10,col=22::`2xx` is not a list of status codes"
        )),
        "{log}"
    );
    assert_eq!(run.stats().total, 0);
}

#[test]
fn unknown_and_ambiguous_names_exit_2_at_their_place_with_zero_writes() {
    let mut seed = SeedAccount::default_account();
    // A second notification profile called "Email only".
    seed.notification_profiles
        .push(serde_json::json!({"profile_name": "Email only"}));
    let run = Run::with(SandboxConfig {
        seed: Some(seed),
        ..SandboxConfig::default()
    });
    let file = run.file(
        "names.yaml",
        "version: 1
defaults:
  location_profile: Globl
monitors:
  - name: Shop
    type: URL
    url: https://shop.example.com/
    notification_profile: Email only
    threshold_profile: Ping default
    tags: [env:prod, team:front]
    groups: [Web, Nope]
  - name: Router
    type: PING
    host: r.example.net
    user_groups: [Admins, Oncall]
",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    let expect = [
        "3:21: error: unknown location profile `Globl`; closest existing: `Global`",
        "8:27: error: notification profile name `Email only` is ambiguous: 2 objects carry it (ids ",
        "9:24: error: unknown URL threshold profile `Ping default`; closest existing: `Website default`",
        "10:22: error: unknown tag `team:front`",
        "11:19: error: unknown monitor group `Nope`",
        "15:27: error: unknown user group `Oncall`; closest existing: `On-call`",
    ];
    for line in expect {
        assert!(
            log.contains(&format!("{file}:{line}")),
            "expected `{line}` in:\n{log}"
        );
    }
    assert_eq!(
        log.matches("Globl").count(),
        1,
        "a bad default is reported once, not per monitor: {log}"
    );
    let stats = run.stats();
    assert_eq!(writes(&stats), 0, "{stats:?}");
    assert!(stats.count("GET /api/monitors") == 1, "{stats:?}");
}

#[test]
fn two_live_monitors_with_the_file_name_or_a_changed_type_are_errors() {
    let run = Run::new();
    hand_made_ping(&run, "Gateway");
    let file = run.file(
        "m.yaml",
        "version: 1\nmonitors:\n  - {name: Gateway, type: PING, host: gw.example.net}\n  - {name: Homepage, type: PING, host: www.example.com}\n",
    );
    let out = run
        .s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log = text(&out.stderr);
    assert!(
        log.contains(&format!(
            "{file}:3:12: error: 2 monitors in the account are named `Gateway` (ids "
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "{file}:4:12: error: `Homepage` exists as a URL monitor (id "
        )),
        "{log}"
    );
    let stats = run.stats();
    assert_eq!(writes(&stats), 1, "only the hand-made monitor: {stats:?}");
}

#[test]
fn a_missing_file_and_missing_setting_are_invalid_input() {
    let run = Run::new();
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", "does-not-exist.yaml"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("cannot read the monitors file `does-not-exist.yaml`"));
    let out = run
        .s247()
        .args(["monitors", "plan"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("the monitors file is missing"));
    assert_eq!(run.stats().total, 0);
}
