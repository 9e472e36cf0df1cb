//! The one support module of the integration tests (`mod common;` in a test file):
//!
//! - here: the real binary with a clean environment ([`s247`]), the fake credentials, a parser
//!   for GitHub's environment files, the leak checks, a bare TCP server for broken connections;
//! - [`CiJob`] (`ci_job.rs`): one CI job — sandbox or mock server, plain, GitHub step or Azure
//!   task — whose runs are leak-checked and read back as the CI system sees them;
//! - `mock_api.rs`: Site24x7 and Zoho on a mockito server ([`envelope`], [`answering`],
//!   [`mints_once`]);
//! - [`sandbox`]: the sandbox's request log and stored objects, [`sandbox::scenario_sandbox`]
//!   and [`strict_and_lenient!`] (a scenario against both sandbox behaviours);
//! - [`monitors`]: the monitors-as-code job (`use common::monitors::*;`);
//! - [`azure_agent`]: an emulated Azure DevOps agent running the task wrapper;
//! - `ci_commands.rs`: the workflow commands a runner would act on in captured output.
#![allow(dead_code)]

mod ci_commands;
#[allow(unused_imports)]
pub use ci_commands::*;
mod ci_job;
#[allow(unused_imports)]
pub use ci_job::*;
mod mock_api;
#[allow(unused_imports)]
pub use mock_api::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod json;
/// Each scenario `fn name(sandbox: Sandbox)` named becomes two tests, `name::strict` and
/// `name::lenient`, each on a fresh [`sandbox::scenario_sandbox`] of that kind: where the real
/// API's behaviour is unknown, s247 must be right under both (issue 10).
#[macro_export]
macro_rules! strict_and_lenient {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn strict() {
                super::$name($crate::common::sandbox::scenario_sandbox(false))
            }
            #[test]
            fn lenient() {
                super::$name($crate::common::sandbox::scenario_sandbox(true))
            }
        }
    )*};
}

pub mod azure_agent;
pub mod monitors;
pub mod sandbox;

pub const CLIENT_ID: &str = "1000.FAKECLIENTID";
pub const CLIENT_SECRET: &str = "fake-client-secret-0123";
pub const REFRESH_TOKEN: &str = "1000.fake-refresh-token-abc";
pub const ACCESS_TOKEN: &str = "1000.fake-access-token-xyz";
pub const SECOND_ACCESS_TOKEN: &str = "1000.fake-access-token-second";

/// The secrets that must never show outside masks and the secret output itself.
pub const SECRETS: &[&str] = &[
    CLIENT_SECRET,
    REFRESH_TOKEN,
    ACCESS_TOKEN,
    SECOND_ACCESS_TOKEN,
    // The sandbox's credentials, and every access token it mints (they share this prefix).
    s247::sandbox::SANDBOX_CLIENT_SECRET,
    s247::sandbox::SANDBOX_REFRESH_TOKEN,
    SANDBOX_ACCESS_TOKEN_PREFIX,
];

/// What every access token the sandbox mints starts with.
pub const SANDBOX_ACCESS_TOKEN_PREFIX: &str = "1000.sandbox-access-";

/// A job's temporary directory (as `RUNNER_TEMP`), kept alive as long as the value.
pub struct Job {
    pub dir: tempfile::TempDir,
}

impl Job {
    pub fn new() -> Self {
        Job {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// Every file the job's directory holds, as text (for leak checks).
    pub fn files_text(&self) -> Vec<(PathBuf, String)> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| {
                let path = e.ok()?.path();
                let bytes = std::fs::read(&path).ok()?;
                Some((path, String::from_utf8_lossy(&bytes).into_owned()))
            })
            .collect()
    }
}

/// The real binary with an empty environment (nothing from the developer's or CI's shell), the
/// test seam that makes waits virtual, and `RUNNER_TEMP` pointing at the job's directory.
pub fn s247(job: &Job) -> assert_cmd::Command {
    s247_in(job.dir.path())
}

/// [`s247`] for a job whose directory is `dir`.
pub fn s247_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("s247").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("S247_TEST_FAKE_SLEEP", "1")
        .env("RUNNER_TEMP", dir)
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Plain-mode credentials pointing at `base` for both servers.
pub fn with_credentials(cmd: &mut assert_cmd::Command, base: &str) {
    cmd.env("S247_CLIENT_ID", CLIENT_ID)
        .env("S247_CLIENT_SECRET", CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", base)
        .env("S247_API_URL", format!("{base}/api"));
}

/// Plain-mode credentials of the sandbox's full-scope refresh token, pointing at `sandbox`.
pub fn with_sandbox(cmd: &mut assert_cmd::Command, sandbox: &s247::sandbox::Sandbox) {
    use s247::sandbox::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN};
    cmd.env("S247_CLIENT_ID", SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", sandbox.base_url())
        .env("S247_API_URL", sandbox.api_url());
}

/// No sandbox credential or sandbox-issued access token appears in `text`, except on mask lines.
pub fn assert_no_sandbox_secret(what: &str, text: &str) {
    use s247::sandbox::{SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN};
    for line in text.lines() {
        if line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]") {
            continue;
        }
        for secret in [
            SANDBOX_CLIENT_SECRET,
            SANDBOX_REFRESH_TOKEN,
            "sandbox-access-",
        ] {
            assert!(!line.contains(secret), "{what} leaks a secret: {line}");
        }
    }
}

/// Requests the sandbox received on one route template (`"GET /api/current_status"`).
pub fn requests_to(sandbox: &s247::sandbox::Sandbox, route: &str) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.route == route)
        .count()
}

pub fn token_body(token: &str) -> String {
    format!(
        r#"{{"access_token":"{token}","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}}"#
    )
}

/// Parse a GitHub environment file (`GITHUB_OUTPUT`, `GITHUB_STATE`) exactly as the runner does
/// (`FileCommandManager.cs`): `NAME=VALUE` lines, or `NAME<<DELIM` blocks ended by a line equal
/// to the delimiter. Panics on anything the runner would reject.
pub fn parse_github_file(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let eq = line.find('=');
        let heredoc = line.find("<<");
        match (eq, heredoc) {
            (Some(e), h) if h.is_none_or(|h| e < h) => {
                out.insert(line[..e].to_string(), line[e + 1..].to_string());
            }
            (_, Some(h)) => {
                let (name, delim) = (&line[..h], &line[h + 2..]);
                assert!(
                    !name.is_empty() && !delim.is_empty(),
                    "invalid heredoc header `{line}`"
                );
                let mut value = Vec::new();
                loop {
                    let next = lines
                        .next()
                        .unwrap_or_else(|| panic!("Matching delimiter not found `{delim}`"));
                    let next = next.strip_suffix('\r').unwrap_or(next);
                    if next == delim {
                        break;
                    }
                    value.push(next);
                }
                out.insert(name.to_string(), value.join("\n"));
            }
            _ => panic!("Invalid format `{line}`"),
        }
    }
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the file must end with a newline"
    );
    out
}

/// No secret appears in `text`, except on lines that are mask commands or Azure DevOps secret
/// variables (allowed to carry them).
pub fn assert_no_secret(what: &str, text: &str) {
    for line in text.lines() {
        if line.starts_with("::add-mask::")
            || line.starts_with("##vso[task.setsecret]")
            || (line.starts_with("##vso[task.setvariable ") && line.contains(";issecret=true;]"))
        {
            continue;
        }
        for secret in SECRETS {
            assert!(
                !line.contains(secret),
                "{what} leaks a secret in line: {line}"
            );
        }
    }
}

/// What a [`raw_server`] does with each connection, in order; the last repeats.
#[derive(Clone)]
pub enum Reply {
    /// Read the request, then close without answering (a dropped connection).
    Drop,
    /// Read the request and never answer.
    Hang,
    /// Answer with this status and JSON body.
    Json(u16, String),
}

/// A bare TCP server for the failures an HTTP mock cannot produce. Returns its base URL and a
/// counter of connections served.
pub fn raw_server(replies: Vec<Reply>) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let served = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let n = served.fetch_add(1, Ordering::SeqCst);
            let reply = replies[n.min(replies.len() - 1)].clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(500)));
                // Read the whole request (headers, then Content-Length bytes of body): closing a
                // socket with unread bytes resets the connection, and the client could lose the
                // answer and retry, which a loaded machine made happen once.
                let mut request = Vec::new();
                let mut buf = [0u8; 8192];
                loop {
                    let complete = request
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .is_some_and(|end| {
                            let head =
                                String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                            let length = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            request.len() >= end + 4 + length
                        });
                    if complete {
                        break;
                    }
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                match reply {
                    Reply::Drop => drop(stream),
                    Reply::Hang => std::thread::sleep(std::time::Duration::from_secs(30)),
                    Reply::Json(status, body) => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                    }
                }
            });
        }
    });
    (url, count)
}
