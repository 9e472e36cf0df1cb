//! Secrets read with `${env:…}` never show: not in the log (except the mask commands
//! themselves), not in the plan, not in the `changes` output, not in the step summary — on a
//! create, on an update that rotates them, and on GitHub as on Azure DevOps and plain runs.

mod common;

use common::monitors::*;

const PASSWORD: &str = "pw-Sup3r-s3cret-1";
const ROTATED: &str = "pw-Rot4ted-s3cret-2";
const TOKEN: &str = "tok-0123456789-abcdef";
const KEY: &str = "qk-777-query-key";

const FILE: &str = "version: 1
monitors:
  - name: Admin
    type: URL
    url: https://admin.example.com/health?key=${env:QUERY_KEY}
    basic_auth:
      user: monitor
      password: ${env:ADMIN_PASSWORD}
    headers:
      Accept: text/html
      Authorization: Bearer ${env:API_TOKEN}
";

fn assert_hidden(what: &str, text: &str) {
    for line in text.lines() {
        if line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]") {
            continue;
        }
        for secret in [PASSWORD, ROTATED, TOKEN, KEY] {
            assert!(!line.contains(secret), "{what} shows a secret: {line}");
        }
    }
}

#[test]
fn env_secrets_are_masked_and_never_printed_on_create_and_update() {
    let run = Run::new();
    let file = run.file("m.yaml", FILE);
    let step = |password: &str, args: &[&str]| {
        let out = run
            .github()
            .env("ADMIN_PASSWORD", password)
            .env("API_TOKEN", TOKEN)
            .env("QUERY_KEY", KEY)
            .args(args)
            .assert()
            .get_output()
            .clone();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let log = text(&out.stderr);
        for secret in [password, TOKEN, KEY] {
            assert!(
                log.contains(&format!("::add-mask::{secret}")),
                "{secret} is masked: {log}"
            );
        }
        let first_mask = log
            .lines()
            .position(|l| l.starts_with("::add-mask::"))
            .unwrap();
        assert_eq!(first_mask, 0, "masks come first: {log}");
        assert_hidden("the log", &log);
        assert_hidden("stdout", &text(&out.stdout));
        log
    };

    let log = step(PASSWORD, &["monitors", "plan", "-f", &file]);
    assert!(
        log.contains("basic_auth: {user: monitor, password: (secret)}"),
        "{log}"
    );
    assert!(
        log.contains("headers: {Accept (added), Authorization (added)}"),
        "{log}"
    );
    assert!(log.contains("url: (secret)"), "{log}");
    step(PASSWORD, &["monitors", "apply", "-f", &file]);
    let admin = &run.monitors_named("Admin")[0];
    assert_eq!(admin["auth_pass"], PASSWORD, "the secret reached the API");

    // Rotating the password is an update, shown without either value.
    let log = step(ROTATED, &["monitors", "plan", "-f", &file]);
    assert!(
        log.contains(
            "basic_auth: {user: monitor, password: (secret)} → {user: monitor, password: (secret)}"
        ),
        "{log}"
    );
    step(ROTATED, &["monitors", "apply", "-f", &file]);
    assert_eq!(run.monitors_named("Admin")[0]["auth_pass"], ROTATED);

    let outputs = std::fs::read_to_string(run.path("github_output")).unwrap();
    assert!(outputs.contains("changes<<"), "{outputs}");
    assert_hidden("GITHUB_OUTPUT", &outputs);
    let summary = run.summary();
    assert!(
        summary.contains("| update | monitor | Admin | `basic_auth` |"),
        "{summary}"
    );
    assert_hidden("the step summary", &summary);
}

#[test]
fn plain_and_azure_runs_hide_them_too() {
    let run = Run::new();
    let file = run.file("m.yaml", FILE);
    for ci in ["plain", "azure"] {
        let out = run
            .s247()
            .env("ADMIN_PASSWORD", PASSWORD)
            .env("API_TOKEN", TOKEN)
            .env("QUERY_KEY", KEY)
            .args(["--ci", ci, "monitors", "apply", "-f", &file, "--json"])
            .assert()
            .success()
            .get_output()
            .clone();
        let log = text(&out.stderr);
        if ci == "azure" {
            assert!(
                log.contains(&format!("##vso[task.setsecret]{PASSWORD}")),
                "{log}"
            );
        }
        assert_hidden(ci, &log);
        assert_hidden(ci, &text(&out.stdout));
        for (_, content) in std::fs::read_dir(run.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                (
                    e.path(),
                    std::fs::read_to_string(e.path()).unwrap_or_default(),
                )
            })
        {
            assert_hidden("the Azure summary", &content);
        }
    }
}
