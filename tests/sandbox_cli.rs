//! `s247 sandbox` as a process: loopback only, and it serves on the port it prints.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::sandbox::http_agent as agent;
use predicates::prelude::*;

#[test]
fn a_non_loopback_bind_is_refused_with_exit_2() {
    for bind in ["0.0.0.0", "192.168.1.10", "::"] {
        assert_cmd::Command::cargo_bin("s247")
            .unwrap()
            .args(["sandbox", "--port", "0", "--bind", bind])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("loopback only"));
    }
}

#[test]
fn bad_flags_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("seed.json");
    std::fs::write(
        &broken,
        r#"{"monitors":[{"display_name":"x","type":"URL"}]}"#,
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("s247")
        .unwrap()
        .args(["sandbox", "--port", "0", "--seed"])
        .arg(&broken)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("monitors[0]"));
    assert_cmd::Command::cargo_bin("s247")
        .unwrap()
        .args(["sandbox", "--port", "0", "--drop-rate", "2"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2);
}

#[test]
fn print_seed_prints_an_account_that_loads() {
    let output = assert_cmd::Command::cargo_bin("s247")
        .unwrap()
        .args(["sandbox", "--print-seed"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(output.status.success());
    let seed =
        s247::sandbox::SeedAccount::from_json(&String::from_utf8(output.stdout).unwrap()).unwrap();
    assert_eq!(seed, s247::sandbox::SeedAccount::default_account());
}

/// Kills the child when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `s247 sandbox ARGS` and return it with the lines it printed up to the last export.
fn spawn(args: &[&str]) -> (Running, Vec<String>) {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_s247"))
            .arg("sandbox")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no banner; got {lines:?}"));
        let done = line.starts_with("export S247_REFRESH_TOKEN=");
        lines.push(line);
        if done {
            return (child, lines);
        }
    }
}

fn export(lines: &[String], name: &str) -> String {
    let prefix = format!("export {name}=");
    lines
        .iter()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
        .to_string()
}

#[test]
fn sandbox_port_0_serves_on_the_port_it_prints() {
    let (_child, lines) = spawn(&["--port", "0", "--old-token-format"]);
    let base = export(&lines, "S247_ACCOUNTS_URL");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(!base.ends_with(":0"), "{base}");
    assert_eq!(export(&lines, "S247_API_URL"), format!("{base}/api"));
    assert_eq!(
        export(&lines, "S247_CLIENT_ID"),
        s247::sandbox::SANDBOX_CLIENT_ID
    );
    assert_eq!(
        export(&lines, "S247_CLIENT_SECRET"),
        s247::sandbox::SANDBOX_CLIENT_SECRET
    );
    assert_eq!(
        export(&lines, "S247_REFRESH_TOKEN"),
        s247::sandbox::SANDBOX_REFRESH_TOKEN
    );

    let mut stats = agent()
        .get(format!("{base}/_sandbox/stats"))
        .call()
        .unwrap();
    assert_eq!(stats.status().as_u16(), 200);
    let stats: serde_json::Value = stats.body_mut().read_json().unwrap();
    assert_eq!(stats["total"], serde_json::json!(0));

    // The flags reach the server: the old token format.
    let mut minted = agent()
        .post(format!("{base}/oauth/v2/token"))
        .send_form([
            ("grant_type", "refresh_token"),
            ("client_id", s247::sandbox::SANDBOX_CLIENT_ID),
            ("client_secret", s247::sandbox::SANDBOX_CLIENT_SECRET),
            ("refresh_token", s247::sandbox::SANDBOX_REFRESH_TOKEN),
        ])
        .unwrap();
    let minted: serde_json::Value = minted.body_mut().read_json().unwrap();
    assert_eq!(
        minted["expires_in_sec"],
        serde_json::json!(3600),
        "{minted}"
    );
    let token = minted["access_token"].as_str().unwrap();
    let monitors = agent()
        .get(format!("{base}/api/monitors"))
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .call()
        .unwrap();
    assert_eq!(monitors.status().as_u16(), 200);
}

#[test]
fn fault_flags_reach_the_server() {
    let (_child, lines) = spawn(&["--port", "0", "--error-rate", "1", "--error-status", "502"]);
    let base = export(&lines, "S247_ACCOUNTS_URL");
    assert!(
        lines.iter().any(|l| l.contains("faults (seed 0)")),
        "{lines:?}"
    );
    let answer = agent().get(format!("{base}/api/monitors")).call().unwrap();
    assert_eq!(answer.status().as_u16(), 502);
    let faults: serde_json::Value = agent()
        .get(format!("{base}/_sandbox/faults"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(
        faults["faults"][0]["action"],
        serde_json::json!({"status": 502})
    );
}

#[test]
fn lenient_reaches_the_server() {
    let tag = serde_json::json!({"tag_name": "x", "tag_color": "#4B7BEC"});
    for (args, status) in [
        (&["--port", "0"][..], 400),
        (&["--port", "0", "--lenient"][..], 201),
    ] {
        let (_child, lines) = spawn(args);
        let base = export(&lines, "S247_ACCOUNTS_URL");
        let mut minted = agent()
            .post(format!("{base}/oauth/v2/token"))
            .send_form([
                ("grant_type", "refresh_token"),
                ("client_id", s247::sandbox::SANDBOX_CLIENT_ID),
                ("client_secret", s247::sandbox::SANDBOX_CLIENT_SECRET),
                ("refresh_token", s247::sandbox::SANDBOX_REFRESH_TOKEN),
            ])
            .unwrap();
        let minted: serde_json::Value = minted.body_mut().read_json().unwrap();
        let token = minted["access_token"].as_str().unwrap();
        let answer = agent()
            .post(format!("{base}/api/tags"))
            .header("Authorization", format!("Zoho-oauthtoken {token}"))
            .send_json(&tag)
            .unwrap();
        assert_eq!(answer.status().as_u16(), status, "{args:?}");
    }
}
