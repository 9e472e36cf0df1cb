//! The command line forgives the obvious: `--prune suspend` as well as `--prune=suspend`, a
//! negative `--duration` gets s247's own message instead of a parser error, and a token reused
//! outside CI says which local file it came from.

mod common;

use common::monitors::*;

const FULL: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
  - {name: Drop one, type: PING, host: one.example.net}
";
const KEEP_ONLY: &str = "version: 1
monitors:
  - {name: Keep, type: PING, host: keep.example.net}
";

#[test]
fn prune_takes_its_mode_with_a_space_or_an_equals_sign() {
    let run = Run::new();
    let full = run.file("full.yaml", FULL);
    run.s247()
        .args(["monitors", "apply", "-f", &full])
        .assert()
        .success();
    let keep = run.file("keep.yaml", KEEP_ONLY);
    let plan = |args: &[&str]| {
        let out = run
            .s247()
            .args(["monitors", "plan", "-f", &keep])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stderr)
    };
    let spaced = plan(&["--prune", "suspend"]);
    assert!(spaced.contains("suspend monitor `Drop one`"), "{spaced}");
    assert_eq!(plan(&["--prune=suspend"]), spaced);
    // Bare `--prune` still means delete, also when another flag follows it.
    let bare = plan(&["--prune"]);
    assert!(bare.contains("delete monitor `Drop one`"), "{bare}");
    let out = run
        .s247()
        .args(["monitors", "plan", "--prune", "-f", &keep])
        .output()
        .unwrap();
    assert_eq!(text(&out.stderr), bare);
    // A mode that is not one is s247's invalid input, with the modes named.
    let out = run
        .s247()
        .args(["monitors", "plan", "-f", &keep, "--prune", "archive"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`archive` is not a prune mode"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_negative_duration_is_refused_by_s247_before_any_request() {
    let run = Run::new();
    let start: &[&str] = &[
        "maintenance",
        "start",
        "--monitors",
        "Homepage",
        "--duration",
        "-5m",
    ];
    let extend: &[&str] = &["maintenance", "extend", "--label", "x", "--by", "-5m"];
    for args in [start, extend] {
        let out = run.s247().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("`-5m` must be positive"), "{stderr}");
        assert!(!stderr.contains("unexpected argument"), "{stderr}");
    }
    assert_eq!(run.stats().total, 0, "nothing was sent");
}

#[test]
fn a_token_reused_outside_ci_says_it_came_from_the_local_cache_and_where() {
    let run = Run::new();
    // Outside CI: no RUNNER_TEMP or AGENT_TEMPDIRECTORY; the cache is the user's (under HOME).
    let token = || {
        let out = run
            .s247()
            .env_remove("RUNNER_TEMP")
            .env("XDG_CACHE_HOME", run.path("cache"))
            .arg("token")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stderr)
    };
    let first = token();
    assert!(first.contains("Minted an access token"), "{first}");
    let second = token();
    let cache_dir = run.path("cache").join("s247");
    let line = second
        .lines()
        .find(|l| l.contains("Reusing the access token"))
        .unwrap_or_else(|| panic!("{second}"));
    assert!(line.contains("local cache"), "{line}");
    assert!(
        line.contains(&cache_dir.display().to_string()),
        "names the file under {}: {line}",
        cache_dir.display()
    );
    assert!(!line.contains("in this job"), "{line}");
    assert_eq!(run.stats().count("POST /oauth/v2/token"), 1);

    // In a CI job the message stays about the job.
    let job = || {
        let out = run.s247().arg("token").output().unwrap();
        text(&out.stderr)
    };
    job();
    let in_job = job();
    assert!(
        in_job.contains("Reusing the access token minted earlier in this job"),
        "{in_job}"
    );
}
