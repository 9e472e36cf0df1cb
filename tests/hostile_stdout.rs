//! Issue 11 item 1, 8, 10: text from the API printed as data on stdout (`monitors export`, `--json`)
//! or in a log line cannot act as a GitHub workflow command or an Azure DevOps logging command;
//! a plain shell gets the data unchanged; `--json` under a CI runner never prints the token.

mod common;

use common::monitors::{Run, text};
use common::{Runner, assert_no_secret, assert_streams_clean, ci_commands};

/// A monitor name and a request body a hostile account (or colleague) could write.
const EVIL_NAME: &str = "##vso[task.setvariable variable=EVIL]x";
const EVIL_BODY: &str = "ok\n::warning::EVIL body\n  ::add-mask::EVIL\n##[error]EVIL\nend\x1b]0;EVIL title\x07\r::error::EVIL";

fn hostile_account() -> Run {
    let run = Run::new();
    let yaml = format!(
        "version: 1\nmonitors:\n  - name: {}\n    type: RESTAPI\n    url: https://api.example.com/v1\n    method: POST\n    body: {}\n    threshold_profile: REST API default\n",
        serde_json::to_string(EVIL_NAME).unwrap(),
        serde_json::to_string(EVIL_BODY).unwrap(),
    );
    let file = run.file("hostile.yaml", &yaml);
    run.s247()
        .args(["monitors", "apply", "-f", &file])
        .assert()
        .success();
    assert_eq!(run.monitors_named(EVIL_NAME).len(), 1);
    run
}

/// A maintenance window made straight through the API, with hostile name and description.
fn hostile_window(run: &Run) {
    let token = text(&run.s247().arg("token").output().unwrap().stdout)
        .trim()
        .to_string();
    let monitor = run.sandbox.monitors()[0]["monitor_id"].clone();
    let body = serde_json::json!({
        "display_name": format!("{EVIL_NAME}\n::warning::EVIL \x1b[2K\x1b]0;EVIL\x07\r::error::EVIL"),
        "description": "s247-label: x\n##vso[task.complete result=Failed]EVIL",
        "maintenance_type": 3, "selection_type": 2, "monitors": [monitor],
        "start_date": "2030-01-01", "start_time": "10:00",
        "end_date": "2030-01-01", "end_time": "11:00", "timezone": "GMT",
    });
    ureq::Agent::new_with_defaults()
        .post(&format!("{}/maintenance", run.sandbox.api_url()))
        .header("Authorization", &format!("Zoho-oauthtoken {token}"))
        .send_json(&body)
        .expect("the sandbox creates it");
}

fn azure(run: &Run) -> assert_cmd::Command {
    let mut cmd = run.s247();
    cmd.env("TF_BUILD", "True");
    cmd
}

#[test]
fn the_command_parser_finds_what_each_runner_would_run() {
    // The parser is the judge of every test below: it must see each form the runners accept.
    let github = "  ::warning::x\nplain ##[error]y\nz\r::add-mask::w\n::stop-commands::tok\n::error::hidden\n::tok::\n::notice::after";
    let names: Vec<_> = ci_commands(Runner::GitHub, github)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        ["warning", "error", "add-mask", "stop-commands", "notice"]
    );
    let azure =
        "a ##vso[task.setvariable variable=X;issecret=true]v\n##[group]g\nno command: #vso[x]";
    let found = ci_commands(Runner::Azure, azure);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].name, "task.setvariable");
    assert_eq!(found[0].property("variable"), Some("X"));
    assert_eq!(found[1].name, "format.group");
}

#[test]
fn export_on_stdout_carries_no_command_on_github_or_azure_and_is_unchanged_in_a_plain_shell() {
    let run = hostile_account();

    let plain = run.s247().args(["monitors", "export"]).output().unwrap();
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let plain_yaml = text(&plain.stdout);
    assert_no_secret("stdout", &plain_yaml);
    assert_no_secret("stderr", &text(&plain.stderr));
    let parsed: serde_json::Value = serde_saphyr::from_str(&plain_yaml).unwrap();
    let exported = parsed["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == EVIL_NAME)
        .expect("the plain export holds the monitor, name unchanged");
    assert_eq!(
        exported["body"], EVIL_BODY,
        "a plain shell gets the data as is"
    );

    for (runner, mut cmd) in [(Runner::GitHub, run.github()), (Runner::Azure, azure(&run))] {
        let out = cmd.args(["monitors", "export"]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_streams_clean(runner, &stdout, &stderr, &[], "EVIL");
        assert_no_secret("stdout", &stdout);
        assert_no_secret("stderr", &stderr);
        // Still YAML with the monitor in it, and ordinary lines are byte for byte the same.
        let parsed: serde_json::Value = serde_saphyr::from_str(&stdout).unwrap();
        assert!(parsed["monitors"].as_array().unwrap().len() > 1);
        assert!(stdout.contains("threshold_profile: REST API default"));
    }
}

#[test]
fn json_objects_under_a_runner_carry_no_command_and_no_token() {
    let run = hostile_account();
    hostile_window(&run);
    for (runner, mut cmd, variables) in [
        (Runner::GitHub, run.github(), &[][..]),
        (Runner::Azure, azure(&run), &["json", "count"][..]),
    ] {
        let out = cmd
            .args(["maintenance", "list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("EVIL"), "the window is listed: {stdout}");
        let _: serde_json::Value = serde_json::from_str(&stdout).expect("still JSON");
        assert_streams_clean(runner, &stdout, &text(&out.stderr), variables, "EVIL");
        assert_no_secret("stdout", &stdout);
    }
    // Item 8: control characters from the API never reach a log line raw, in any mode.
    for mut cmd in [run.s247(), run.github(), azure(&run)] {
        let out = cmd.args(["maintenance", "list"]).output().unwrap();
        let stderr = text(&out.stderr);
        assert!(stderr.contains("EVIL"), "{stderr}");
        assert_no_secret("stderr", &stderr);
        assert!(
            !stderr.contains(['\x1b', '\x07', '\r']),
            "a control character reached the log: {stderr:?}"
        );
    }
    // `token --json` in CI: the token goes only through the secret output, never on stdout.
    for (runner, mut cmd, variables) in [
        (Runner::GitHub, run.github(), &[][..]),
        (
            Runner::Azure,
            azure(&run),
            &[
                "accessToken",
                "expiresAt",
                "dataCenter",
                "apiUrl",
                "tokenEnvelope",
            ][..],
        ),
    ] {
        let out = cmd.args(["token", "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            !stdout.contains("1000.") && !stdout.contains("access-token"),
            "{runner:?}: --json prints the token: {stdout}"
        );
        assert_streams_clean(runner, &stdout, &text(&out.stderr), variables, "");
        assert_no_secret("stdout", &stdout);
        assert_no_secret("stderr", &text(&out.stderr));
    }
    // A plain run still prints it: that is how `$(s247 token --json)` works on a laptop.
    let out = run.s247().args(["token", "--json"]).output().unwrap();
    assert!(text(&out.stdout).contains("access-token"));
}

#[test]
fn a_numeric_literal_password_is_masked_like_any_other() {
    // Item 13: `password: 987654321` is a YAML number; it is still a password.
    let run = Run::new();
    let file = run.file(
        "m.yaml",
        "version: 1\nmonitors:\n  - name: Numeric\n    type: URL\n    url: https://x.example.com/\n    basic_auth: {user: u, password: 987654321}\n",
    );
    for (runner, mut cmd) in [(Runner::GitHub, run.github()), (Runner::Azure, azure(&run))] {
        let out = cmd
            .args(["monitors", "plan", "-f", &file])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let masks = ci_commands(runner, &stderr);
        assert!(
            masks.iter().any(|c| c.data == "987654321"
                && matches!(c.name.as_str(), "add-mask" | "task.setsecret")),
            "{runner:?}: the password is masked: {stderr}"
        );
        assert!(
            stderr.contains("written in the file"),
            "and warned about: {stderr}"
        );
        assert_no_secret("stderr", &stderr);
    }
}

/// Item 5: a plan never shows a header value, old or new — an old one may have come from
/// `${env:…}` in an earlier apply, so nothing masks it now. `${env:}` urls and bodies are
/// `(secret)` on both sides; literal ones stay visible. Export never writes a credential header.
#[test]
fn plans_name_changed_headers_without_their_values() {
    let run = Run::new();
    let file = |auth: &str, url: &str, body: &str| {
        format!(
            "version: 1\nmonitors:\n  - name: Orders\n    type: RESTAPI\n    url: {url}\n    method: POST\n    body: {body}\n    threshold_profile: REST API default\n    headers:\n      Accept: application/json\n      Authorization: {auth}\n      X-Hub-Signature: sig-literal-4242\n"
        )
    };
    let first = run.file(
        "first.yaml",
        &file(
            "\"Bearer ${env:OLD_TOKEN}\"",
            "\"https://api.example.com/${env:OLD_PATH}\"",
            "literal-old-body",
        ),
    );
    run.s247()
        .env("OLD_TOKEN", "old-token-from-env-1")
        .env("OLD_PATH", "old-path-from-env-1")
        .args(["monitors", "apply", "-f", &first])
        .assert()
        .success();
    let second = run.file(
        "second.yaml",
        &file(
            "\"Bearer ${env:NEW_TOKEN}\"",
            "\"https://api.example.com/${env:NEW_PATH}\"",
            "literal-new-body",
        ),
    );
    let old_values = [
        "old-token-from-env-1",
        "old-path-from-env-1",
        "sig-literal-4242",
    ];
    for (runner, mut cmd) in [
        (Some(Runner::GitHub), run.github()),
        (Some(Runner::Azure), azure(&run)),
        (None, run.s247()),
    ] {
        let out = cmd
            .env("NEW_TOKEN", "new-token-from-env-2")
            .env("NEW_PATH", "new-path-from-env-2")
            .args(["monitors", "plan", "-f", &second])
            .output()
            .unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("headers: {Authorization (changed)}"),
            "{runner:?}: {stderr}"
        );
        assert!(stderr.contains("url: (secret) → (secret)"), "{stderr}");
        assert!(
            stderr.contains("body: literal-old-body → literal-new-body"),
            "{stderr}"
        );
        let outputs = if runner == Some(Runner::GitHub) {
            std::fs::read_to_string(run.path("github_output")).unwrap_or_default()
        } else {
            String::new()
        };
        for place in [&stdout, &stderr, &outputs, &run.summary()] {
            for line in place.lines() {
                if line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]") {
                    continue;
                }
                for value in old_values
                    .iter()
                    .chain(&["new-token-from-env-2", "new-path-from-env-2"])
                {
                    assert!(!line.contains(value), "{runner:?} shows `{value}`: {line}");
                }
            }
        }
        if let Some(runner) = runner {
            assert_streams_clean(runner, &stdout, &stderr, &["changes", "hasChanges"], "");
        }
        assert_no_secret("stdout", &stdout);
        assert_no_secret("stderr", &stderr);
    }
    let exported = text(
        &run.s247()
            .args(["monitors", "export"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(!exported.contains("sig-literal-4242"), "{exported}");
    assert!(
        exported.contains("X-Hub-Signature: ${env:MONITOR_ORDERS_X_HUB_SIGNATURE}"),
        "{exported}"
    );
}
