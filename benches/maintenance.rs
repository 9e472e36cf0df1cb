//! `cargo bench --bench maintenance`: a deploy's `maintenance start` + `maintenance end` against
//! the sandbox with 50 ms of latency on every request, run by the real binary as a CI job would.
//! Prints the requests each step sent and its wall time next to the fewest requests possible.
//! Not a test: it measures and reports, and fails only if a step fails.

use std::process::Command;
use std::time::{Duration, Instant};

use s247::sandbox::{
    FaultRule, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, Sandbox,
    SandboxConfig,
};

const LATENCY: Duration = Duration::from_millis(50);
const ROUNDS: usize = 5;

struct Case {
    name: &'static str,
    start: Vec<String>,
    /// Fewest requests: start (token + lists + create), end (list + one write; the token is the
    /// job's, reused from its cache).
    minimum: (usize, usize),
}

fn main() {
    let sandbox = Sandbox::start(SandboxConfig {
        mint_limit: Some(0),
        faults: vec![FaultRule::latency(LATENCY)],
        ..Default::default()
    })
    .expect("sandbox");
    let checkout = sandbox
        .monitors()
        .into_iter()
        .find(|m| m["display_name"] == "Checkout")
        .expect("seeded monitor")["monitor_id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        Case {
            name: "start --monitors Homepage,API (names) + end --id",
            start: vec!["--monitors".into(), "Homepage,API".into()],
            minimum: (4, 2),
        },
        Case {
            name: "start --monitors <id> + end --id",
            start: vec!["--monitors".into(), checkout],
            minimum: (3, 2),
        },
    ];
    println!(
        "maintenance start + end against the sandbox, {} ms latency per request, {ROUNDS} rounds (median)",
        LATENCY.as_millis()
    );
    println!(
        "{:<50} {:>14} {:>14} {:>12} {:>12} {:>12}",
        "case", "start req/min", "end req/min", "start ms", "end ms", "total ms"
    );
    for case in &cases {
        let mut start_times = Vec::new();
        let mut end_times = Vec::new();
        let mut counts = (0, 0);
        for round in 0..ROUNDS {
            sandbox.reset();
            let job = tempfile::tempdir().expect("job dir");
            let label = format!("bench-{round}");
            let started = Instant::now();
            let out = s247(&sandbox, job.path())
                .args([
                    "maintenance",
                    "start",
                    "--duration",
                    "30m",
                    "--label",
                    &label,
                ])
                .args(&case.start)
                .output()
                .expect("run s247");
            start_times.push(started.elapsed());
            check(&out, "start");
            let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let after_start = sandbox.stats().total;

            let started = Instant::now();
            let out = s247(&sandbox, job.path())
                .args(["maintenance", "end", "--id", &id])
                .output()
                .expect("run s247");
            end_times.push(started.elapsed());
            check(&out, "end");
            counts = (after_start, sandbox.stats().total - after_start);
        }
        let (s, e) = (median(&mut start_times), median(&mut end_times));
        println!(
            "{:<50} {:>14} {:>14} {:>12} {:>12} {:>12}",
            case.name,
            format!("{}/{}", counts.0, case.minimum.0),
            format!("{}/{}", counts.1, case.minimum.1),
            s.as_millis(),
            e.as_millis(),
            (s + e).as_millis()
        );
    }
    println!(
        "(latency floor: {} ms per round trip; start needs 3 round trips in both cases, since the\n names' list and the windows' list go out together, and end 2 with the job's cached token)",
        LATENCY.as_millis()
    );
}

fn s247(sandbox: &Sandbox, job: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s247"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", job)
        .env("RUNNER_TEMP", job)
        .env("S247_CLIENT_ID", SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", sandbox.base_url())
        .env("S247_API_URL", sandbox.api_url());
    cmd
}

fn check(out: &std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
