//! Helpers for the monitors-as-code tests: a sandbox, the real binary pointed at it with the
//! sandbox's credentials, files in the job's directory, outputs and request counts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use s247::sandbox::{Sandbox, SandboxConfig, Stats};

pub use super::parse_github_file;
use super::{s247_in, with_sandbox};

/// One CI job against one sandbox: its own `RUNNER_TEMP` (so a token is minted once per job).
pub struct Run {
    pub sandbox: Sandbox,
    pub dir: tempfile::TempDir,
}

impl Run {
    pub fn new() -> Run {
        Run::with(SandboxConfig::default())
    }

    pub fn with(config: SandboxConfig) -> Run {
        Run {
            sandbox: Sandbox::start(config).expect("the sandbox starts"),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write `text` as `name` in the job's directory; its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// The binary, plain CI, sandbox credentials, a clean environment.
    pub fn s247(&self) -> assert_cmd::Command {
        let mut cmd = s247_in(self.dir.path());
        with_sandbox(&mut cmd, &self.sandbox);
        cmd.timeout(std::time::Duration::from_secs(120));
        cmd
    }

    /// The binary as a GitHub Actions step: outputs and summary go to files in the job dir.
    pub fn github(&self) -> assert_cmd::Command {
        let mut cmd = self.s247();
        cmd.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", self.path("github_output"))
            .env("GITHUB_STEP_SUMMARY", self.path("github_summary"));
        cmd
    }

    /// The outputs a GitHub step wrote so far (later values win).
    pub fn outputs(&self) -> BTreeMap<String, String> {
        parse_github_file(&self.path("github_output"))
    }

    pub fn summary(&self) -> String {
        std::fs::read_to_string(self.path("github_summary")).unwrap_or_default()
    }

    /// Forget the outputs and summary of earlier steps.
    pub fn clear_step_files(&self) {
        let _ = std::fs::remove_file(self.path("github_output"));
        let _ = std::fs::remove_file(self.path("github_summary"));
    }

    pub fn stats(&self) -> Stats {
        self.sandbox.stats()
    }

    /// Monitors in the sandbox with this name.
    pub fn monitors_named(&self, name: &str) -> Vec<serde_json::Value> {
        self.sandbox
            .monitors()
            .into_iter()
            .filter(|m| m["display_name"] == name)
            .collect()
    }
}

/// Requests that change something (POST/PUT/DELETE under /api).
/// How many monitors the built-in sandbox account holds (4 of s247's kinds the older tests
/// use, and 6 more that a real account has: unmanaged types, browser fields, automations).
pub const SEED_MONITORS: usize = 10;

pub fn writes(stats: &Stats) -> usize {
    stats
        .by_route
        .iter()
        .filter(|(route, _)| {
            route.contains(" /api/")
                && (route.starts_with("POST")
                    || route.starts_with("PUT")
                    || route.starts_with("DELETE"))
        })
        .map(|(_, n)| n)
        .sum()
}

/// The difference between two counters, route by route (only routes that grew).
pub fn since(before: &Stats, after: &Stats) -> Stats {
    let mut by_route = BTreeMap::new();
    for (route, n) in &after.by_route {
        let delta = n - before.count(route);
        if delta > 0 {
            by_route.insert(route.clone(), delta);
        }
    }
    Stats {
        total: after.total - before.total,
        by_route,
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `count` monitors of several types, named `<prefix> NNN`.
pub fn many_monitors(count: usize, prefix: &str) -> String {
    let mut yaml = String::from(
        "version: 1\ndefaults:\n  location_profile: Global\n  notification_profile: Default Notification\n  user_groups: [Admins]\n  check_frequency: 5m\nmonitors:\n",
    );
    for i in 0..count {
        let name = format!("{prefix} {i:03}");
        match i % 4 {
            0 => yaml.push_str(&format!(
                "  - name: {name}\n    type: URL\n    url: https://svc{i}.example.com/health\n    timeout: 10s\n    threshold_profile: Website default\n    tags: [env:prod]\n"
            )),
            1 => yaml.push_str(&format!(
                "  - name: {name}\n    type: PING\n    host: host{i}.example.net\n    threshold_profile: Ping default\n"
            )),
            2 => yaml.push_str(&format!(
                "  - name: {name}\n    type: RESTAPI\n    url: https://api{i}.example.com/v1\n    method: POST\n    threshold_profile: REST API default\n    expected_status: \"200-299\"\n"
            )),
            _ => yaml.push_str(&format!(
                "  - name: {name}\n    type: PORT\n    host: db{i}.example.net\n    port: 5432\n    threshold_profile: Port default\n"
            )),
        }
    }
    yaml
}

/// A PING monitor made by hand (straight through the sandbox's API, as a person in the UI),
/// without the ownership tag.
pub fn hand_made_ping(run: &Run, name: &str) {
    let gateway = run.monitors_named("Gateway").remove(0);
    let mut body = serde_json::json!({"display_name": name, "type": "PING", "host_name": "by-hand.example.net"});
    for field in [
        "location_profile_id",
        "notification_profile_id",
        "threshold_profile_id",
        "user_group_ids",
    ] {
        body[field] = gateway[field].clone();
    }
    let token = run
        .s247()
        .arg("token")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let token = text(&token).trim().to_string();
    ureq::Agent::new_with_defaults()
        .post(&format!("{}/monitors", run.sandbox.api_url()))
        .header("Authorization", &format!("Zoho-oauthtoken {token}"))
        .send_json(&body)
        .expect("the sandbox creates it");
}

impl Run {
    /// A fresh access token, as a pipeline step gets it (`s247 token`).
    pub fn token(&self) -> String {
        let out = self
            .s247()
            .arg("token")
            .assert()
            .success()
            .get_output()
            .clone();
        text(&out.stdout).trim().to_string()
    }

    /// One call straight to the sandbox's API (as a person or another tool would make it):
    /// the HTTP status and the JSON answer. `path` is under `/api`.
    pub fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{}{path}", self.sandbox.api_url());
        let auth = format!("Zoho-oauthtoken {}", self.token());
        let answer = match (method, body) {
            ("GET", _) => agent.get(&url).header("Authorization", &auth).call(),
            ("POST", Some(body)) => agent
                .post(&url)
                .header("Authorization", &auth)
                .send_json(body),
            ("PUT", Some(body)) => agent
                .put(&url)
                .header("Authorization", &auth)
                .send_json(body),
            _ => panic!("unsupported call {method} {path}"),
        };
        let mut answer = answer.expect("the sandbox answers");
        let status = answer.status().as_u16();
        let json = answer
            .body_mut()
            .read_json::<serde_json::Value>()
            .unwrap_or(serde_json::Value::Null);
        (status, json)
    }

    /// `GET /api{path}`'s `data`, which must answer 200.
    pub fn get_data(&self, path: &str) -> serde_json::Value {
        let (status, json) = self.api("GET", path, None);
        assert_eq!(status, 200, "GET {path}: {json}");
        json["data"].clone()
    }
}

/// A sandbox playing today's kinder behaviour (merging PUTs, groups without profiles, …).
pub fn lenient() -> SandboxConfig {
    SandboxConfig {
        lenient: true,
        ..SandboxConfig::default()
    }
}
