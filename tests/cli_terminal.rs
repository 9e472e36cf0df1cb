//! A plan and tables for people (issue 13 item 3), as a person at a terminal and a CI log see
//! them: a plan coloured by what each change does (green create, yellow update, red delete) with
//! its counts at the end too, `NO_COLOR` / `TERM=dumb` / a pipe without colour, `CLICOLOR_FORCE`
//! with it even in a CI log; `maintenance list` and `check` as tables on a terminal's stdout and
//! JSON (or `true`) in a pipe; apply numbering its writes `[n/N]` inside one folded group.
//!
//! "stdout/stderr is a terminal" comes from the test seam `S247_TEST_TERMINAL=1`; one test runs
//! the binary under a real pty (`script`) to show the detection itself works.

mod common;

use common::monitors::*;

const ESC: char = '\x1b';

fn example_env(cmd: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    cmd.env("ORDERS_API_TOKEN", "orders-token-value")
        .env("ADMIN_MONITOR_PASSWORD", "admin-password-value")
}

fn example_text() -> String {
    std::fs::read_to_string(format!(
        "{}/examples/monitors.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// An account where `examples/monitors.yaml` was applied, and a changed copy of the file that
/// plans one create, one update and (with `--prune`) one delete.
fn applied_and_changed() -> (Run, String) {
    let run = Run::new();
    let original = run.file("monitors.yaml", &example_text());
    example_env(&mut run.s247())
        // One write at a time: the ids in the snapshots come out the same every run.
        .args(["monitors", "apply", "-f", &original, "--parallel", "1"])
        .assert()
        .code(0);
    let changed = example_text()
        .replace("    timeout: 10s", "    timeout: 20s")
        .replace(
            "  - name: Mail submission\n    type: PORT\n    host: smtp.example.net\n    port: 465\n    use_ssl: true\n",
            "  - name: Core switch\n    type: PING\n    host: switch.example.net\n",
        );
    assert_ne!(changed, example_text(), "the example file changed shape");
    run.file("monitors.yaml", &changed);
    // Relative, as a person types it (and the snapshots hold no temporary path).
    (run, "monitors.yaml".to_string())
}

/// The plan's lines of a run's log (from the file's count line to the closing `Plan:`), with
/// ESC shown as `␛` so the snapshot is readable.
fn plan_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("monitors.yaml: "))
        .collect();
    let end = lines
        .iter()
        .position(|l| l.contains("Plan: "))
        .unwrap_or_else(|| panic!("no closing Plan: line in\n{stderr}"));
    // How many objects the plan leaves unchanged grows with the example file; the snapshot pins
    // the changes and their colours, not that count.
    let shown = lines[..=end].join("\n").replace(ESC, "␛");
    shown
        .lines()
        .map(|line| match line.split_once("; ") {
            Some((head, tail)) if tail.trim_end_matches("␛[0m").ends_with(" unchanged") => {
                format!(
                    "{head}; N unchanged{}",
                    if tail.ends_with("␛[0m") {
                        "␛[0m"
                    } else {
                        ""
                    }
                )
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn plan(run: &Run, file: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = run.s247();
    example_env(&mut cmd)
        .current_dir(run.dir.path())
        .args(["monitors", "plan", "-f", file, "--prune"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.assert().code(0).get_output().clone();
    text(&out.stderr)
}

#[test]
fn a_forced_colour_plan_paints_each_change_by_what_it_does() {
    let (run, file) = applied_and_changed();
    // A pipe, but CLICOLOR_FORCE: colour anyway.
    let stderr = plan(&run, &file, &[("CLICOLOR_FORCE", "1")]);
    let shown = plan_lines(&stderr);
    insta::assert_snapshot!("plan_clicolor_force", shown);
    assert!(
        shown.contains("␛[32m  + create monitor `Core switch`"),
        "{shown}"
    );
    assert!(
        shown.contains("␛[33m  ~ update monitor `Edge router`"),
        "{shown}"
    );
    assert!(
        shown.contains("␛[31m  - delete monitor `Mail submission`"),
        "{shown}"
    );
    assert!(
        shown.ends_with(
            "␛[1mPlan: 1 to create, 1 to update, 1 to delete, 0 to suspend; N unchanged␛[0m"
        ),
        "the counts close the plan: {shown}"
    );
    // Field lines and everything else stay uncoloured; the only codes are s247's own.
    let codes = stderr.matches(ESC).count();
    assert_eq!(
        codes,
        2 * 4,
        "four painted lines, each set and reset: {stderr}"
    );
}

#[test]
fn no_color_and_a_dumb_terminal_get_the_same_plan_without_a_code() {
    let (run, file) = applied_and_changed();
    let stderr = plan(
        &run,
        &file,
        &[
            ("NO_COLOR", "1"),
            ("CLICOLOR_FORCE", "1"),
            ("S247_TEST_TERMINAL", "1"),
        ],
    );
    assert!(!stderr.contains(ESC), "{stderr}");
    let shown = plan_lines(&stderr);
    insta::assert_snapshot!("plan_no_color", shown);
    assert!(
        shown.starts_with(
            "monitors.yaml: 1 to create, 1 to update, 1 to delete, 0 to suspend; N unchanged\n"
        ),
        "{shown}"
    );
    assert!(
        shown.ends_with("Plan: 1 to create, 1 to update, 1 to delete, 0 to suspend; N unchanged")
    );

    let dumb = plan(
        &run,
        &file,
        &[("TERM", "dumb"), ("S247_TEST_TERMINAL", "1")],
    );
    assert!(!dumb.contains(ESC), "{dumb}");
    // A terminal with no colour wishes is coloured; a CI log (a pipe) is not.
    let tty = plan(&run, &file, &[("S247_TEST_TERMINAL", "1")]);
    assert!(tty.contains(ESC), "{tty}");
    let ci_log = plan(&run, &file, &[("GITHUB_ACTIONS", "true")]);
    assert!(!ci_log.contains(ESC), "{ci_log}");
}

#[test]
fn hostile_names_cannot_colour_the_log() {
    let run = Run::new();
    let file = run.file(
        "monitors.yaml",
        "version: 1\nowner_tag: managed-by:s247\nmonitors:\n  - name: \"red\\e[31mALERT\\e[0m\"\n    type: PING\n    host: a.example.net\n    location_profile: Global\n    notification_profile: Default Notification\n    threshold_profile: Ping default\n    user_groups: [Admins]\n",
    );
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &file])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("create monitor `red\\x1b[31mALERT\\x1b[0m`"),
        "the name is shown, its ESC as text: {stderr}"
    );
    // Whatever the file's verdict, no ESC but s247's own set/reset pairs reaches the log.
    for line in stderr.lines() {
        let codes: Vec<&str> = line.split(ESC).skip(1).collect();
        for code in codes {
            assert!(
                code.starts_with("[32m")
                    || code.starts_with("[33m")
                    || code.starts_with("[31m")
                    || code.starts_with("[1m")
                    || code.starts_with("[0m"),
                "a code s247 did not make: {line:?}"
            );
        }
        assert!(!line.contains("\x1b[31mALERT"), "{line:?}");
    }
}

#[test]
fn maintenance_list_is_a_table_on_a_terminal_and_json_in_a_pipe() {
    let run = Run::new();
    run.s247()
        .args([
            "maintenance",
            "start",
            "--monitors",
            "Homepage",
            "--duration",
            "30m",
        ])
        .args(["--label", "deploy-42", "--name", "Deploy 42"])
        .assert()
        .code(0);
    let list = |terminal: bool, json: bool| {
        let mut cmd = run.s247();
        cmd.args(["maintenance", "list", "--label", "deploy-42"]);
        if terminal {
            cmd.env("S247_TEST_TERMINAL", "1");
        }
        if json {
            cmd.arg("--json");
        }
        let out = cmd.assert().code(0).get_output().clone();
        (text(&out.stdout), text(&out.stderr))
    };

    let (table, log) = list(true, false);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(
        lines[0].starts_with("ID ") && lines[0].contains("STATUS"),
        "{table}"
    );
    assert!(
        lines[1].contains("active") && lines[1].contains("Deploy 42"),
        "{table}"
    );
    assert!(lines[1].ends_with("deploy-42"), "{table}");
    assert!(serde_json::from_str::<serde_json::Value>(&table).is_err());
    // Not twice: the log keeps the count, the rows are on stdout.
    assert!(!log.contains("Deploy 42"), "{log}");
    assert!(log.contains("1 window(s)"), "{log}");

    let (piped, _) = list(false, false);
    let windows: serde_json::Value = serde_json::from_str(&piped).unwrap();
    assert_eq!(windows.as_array().unwrap().len(), 1, "{piped}");

    let (json, _) = list(true, true);
    let object: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        object.get("count").is_some(),
        "--json wins on a terminal: {json}"
    );
}

#[test]
fn check_is_a_table_on_a_terminal_and_true_in_a_pipe() {
    let run = Run::new();
    let out = run
        .s247()
        .arg("check")
        .env("S247_TEST_TERMINAL", "1")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let table = text(&out.stdout);
    let first = table.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("ACTION") && first.contains("CAN RUN"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("maintenance-start ") && l.contains(" yes ")),
        "{table}"
    );
    assert!(!text(&out.stderr).contains("Per action:"));

    let out = run
        .s247()
        .arg("check")
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout), "true\n");
    assert!(text(&out.stderr).contains("Per action:"));
}

#[test]
fn apply_numbers_its_writes_inside_one_folded_group() {
    for (platform, open, close) in [
        ("github", "::group::Applying", Some("::endgroup::")),
        ("azure", "##[group]Applying", Some("##[endgroup]")),
        ("plain", "== Applying", None),
    ] {
        let run = Run::new();
        let file = run.file("monitors.yaml", &example_text());
        let out = example_env(&mut run.s247())
            .args(["--ci", platform, "monitors", "apply", "-f", &file])
            .env("GITHUB_OUTPUT", run.path("out"))
            .assert()
            .code(0)
            .get_output()
            .clone();
        let log = text(&out.stderr);
        assert!(!log.contains(ESC), "no colour in a CI log: {log}");
        let lines: Vec<&str> = log.lines().collect();
        // As many numbered writes as the plan counted changes, whatever the example holds.
        let total = planned_changes(&log);
        assert!(total > 1, "{log}");
        let open = format!("{open} {total} changes");
        let start = lines
            .iter()
            .position(|l| *l == open)
            .unwrap_or_else(|| panic!("{log}"));
        let numbered: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with('['))
            .collect();
        assert_eq!(numbered.len(), total, "{log}");
        for (i, line) in numbered.iter().enumerate() {
            assert!(line.starts_with(&format!("[{}/{total}] ", i + 1)), "{line}");
        }
        let first_numbered = lines
            .iter()
            .position(|l| l.starts_with(&format!("[1/{total}]")))
            .unwrap();
        assert!(start < first_numbered, "{log}");
        if let Some(close) = close {
            let end = lines
                .iter()
                .position(|l| *l == close)
                .unwrap_or_else(|| panic!("{log}"));
            let last_numbered = lines
                .iter()
                .position(|l| l.starts_with(&format!("[{total}/{total}]")))
                .unwrap();
            assert!(last_numbered < end, "{log}");
            assert!(
                lines[end + 1..].iter().any(|l| l.starts_with("Applied ")),
                "{log}"
            );
        }
    }
}

#[test]
fn a_real_terminal_is_detected_without_the_seam() {
    let Ok(script) = which("script") else {
        eprintln!("skipped: no `script` to make a pty");
        return;
    };
    let run = Run::new();
    let bin = assert_cmd::cargo::cargo_bin("s247");
    let out = std::process::Command::new(script)
        .args(["-qec", &format!("{} check", bin.display()), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", run.dir.path())
        .env("RUNNER_TEMP", run.dir.path())
        .env("S247_CLIENT_ID", s247::sandbox::SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", s247::sandbox::SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", s247::sandbox::SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", run.sandbox.base_url())
        .env("S247_API_URL", run.sandbox.api_url())
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("ACTION") && shown.contains("CAN RUN"),
        "{shown}"
    );
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|dir| std::path::Path::new(dir).join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

/// The changes the plan line of a log counts: `file: 3 to create, 1 to update, 0 to delete, 0 to
/// suspend; 8 unchanged`.
fn planned_changes(log: &str) -> usize {
    let line = log
        .lines()
        .find(|l| l.contains(" to create, "))
        .unwrap_or_else(|| panic!("no plan line: {log}"));
    let counts = line.rsplit_once(": ").map_or(line, |(_, c)| c);
    let counts = counts.split(';').next().unwrap();
    counts
        .split(", ")
        .map(|part| part.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum()
}
