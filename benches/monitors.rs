//! Monitors-as-code wall time and request counts against the sandbox with 50 ms of latency on
//! every request: 200 creates, 200 unchanged, 200 with 10 changed. Each is shown next to its
//! floor — (reads + writes ÷ parallelism) × latency, reads counted one after another — and the
//! ratio to it (the aim is at most 1.5×). Reads that s247 sends in parallel can beat the floor.
//!
//! `cargo bench --bench monitors` (runs the release binary; a few seconds per scenario).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use s247::sandbox::{self, FaultRule, Sandbox, SandboxConfig, Stats};

const LATENCY: Duration = Duration::from_millis(50);
const PARALLEL: usize = 4;
const COUNT: usize = 200;

fn file(changed: usize) -> String {
    let mut yaml = String::from(
        "version: 1\ndefaults:\n  location_profile: Global\n  notification_profile: Default Notification\n  user_groups: [Admins]\nmonitors:\n",
    );
    for i in 0..COUNT {
        let timeout = if i < changed { 20 } else { 10 };
        match i % 2 {
            0 => yaml.push_str(&format!(
                "  - name: Site {i:03}\n    type: URL\n    url: https://svc{i}.example.com/health\n    timeout: {timeout}s\n    check_frequency: 5m\n    threshold_profile: Website default\n    tags: [env:prod]\n"
            )),
            _ => yaml.push_str(&format!(
                "  - name: Host {i:03}\n    type: PING\n    host: host{i}.example.net\n    timeout: {timeout}s\n    threshold_profile: Ping default\n"
            )),
        }
    }
    yaml
}

fn apply(sandbox: &Sandbox, job: &Path, file: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_s247"))
        .env_clear()
        .env("RUNNER_TEMP", job)
        .env("HOME", job)
        .env("S247_CLIENT_ID", sandbox::SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", sandbox::SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", sandbox::SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", sandbox.base_url())
        .env("S247_API_URL", sandbox.api_url())
        .args(["monitors", "apply", "-f"])
        .arg(file)
        .args(["--parallel", &PARALLEL.to_string()])
        .output()
        .expect("s247 runs");
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "apply failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

fn delta(before: &Stats, after: &Stats) -> (usize, usize) {
    let mut reads = 0;
    let mut writes = 0;
    for (route, n) in &after.by_route {
        let n = n - before.count(route);
        if route.starts_with("GET ") || route.contains("/oauth/") {
            reads += n;
        } else {
            writes += n;
        }
    }
    (reads, writes)
}

fn main() {
    let sandbox = Sandbox::start(SandboxConfig {
        faults: vec![FaultRule::latency(LATENCY)],
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let job = tempfile::tempdir().unwrap();
    let path = job.path().join("monitors.yaml");

    println!(
        "monitors apply, {COUNT} monitors, {} ms latency per request, --parallel {PARALLEL}\n",
        LATENCY.as_millis()
    );
    println!(
        "{:<22} {:>6} {:>7} {:>9} {:>9} {:>7}",
        "scenario", "reads", "writes", "wall", "floor", "ratio"
    );
    let mut worst: f64 = 0.0;
    // In order, on one account: the creates, the same file again, then 10 timeouts changed.
    for (name, changed) in [
        ("200 creates", 0),
        ("200 unchanged", 0),
        ("200, 10 changed", 10),
    ] {
        std::fs::write(&path, file(changed)).unwrap();
        let before = sandbox.stats();
        let wall = apply(&sandbox, job.path(), &path);
        let (reads, writes) = delta(&before, &sandbox.stats());
        let floor = LATENCY.mul_f64(reads as f64 + (writes as f64 / PARALLEL as f64).ceil());
        let ratio = wall.as_secs_f64() / floor.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "{name:<22} {reads:>6} {writes:>7} {:>8.2}s {:>8.2}s {ratio:>6.2}x",
            wall.as_secs_f64(),
            floor.as_secs_f64()
        );
    }
    println!(
        "\nworst ratio {worst:.2}x (aim: at most 1.5x){}",
        if worst <= 1.5 { "" } else { " — ABOVE AIM" }
    );
}
