//! `s247 demo` tells the whole story against the in-process sandbox and succeeds.

#[test]
fn the_demo_runs_end_to_end_with_one_token() {
    let out = assert_cmd::Command::cargo_bin("s247")
        .unwrap()
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .arg("demo")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for step in [
        "$ s247 token --json",
        "$ s247 check",
        "What the sandbox saw",
        "Marked “Deploy (s247)” on monitor group “Web”",
        "All 2 monitors are up",
        "POST /api/milestone",
        "GET /api/current_status",
    ] {
        assert!(stdout.contains(step), "missing `{step}` in:\n{stdout}");
    }
    assert!(
        stdout.contains(", 1 of them for a token"),
        "one token for the whole story:\n{stdout}"
    );
}
