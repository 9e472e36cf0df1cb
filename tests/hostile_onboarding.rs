//! Issue 11 item 12: `auth exchange` never prints a refresh token where any CI is detected; it
//! can write it to a new file only its owner can read instead.

mod common;

use common::*;
use mockito::Server;

fn exchange_server(expect: usize) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = Server::new();
    let mock = token_endpoint(&mut server)
        .with_body(format!(
            r#"{{"access_token":"{ACCESS_TOKEN}","refresh_token":"{REFRESH_TOKEN}","expires_in":3600}}"#
        ))
        .expect(expect)
        .create();
    (server, mock)
}

fn exchange(job: &Job, server: &mockito::ServerGuard) -> assert_cmd::Command {
    let mut cmd = s247(job);
    cmd.env("S247_CLIENT_ID", CLIENT_ID)
        .env("S247_CLIENT_SECRET", CLIENT_SECRET)
        .env("S247_ACCOUNTS_URL", server.url())
        .args(["auth", "exchange", "--code", "1000.fake-grant-code"]);
    cmd
}

#[test]
fn exchange_refuses_to_print_the_refresh_token_in_any_ci() {
    let (server, mock) = exchange_server(0);
    for (variable, value) in [
        ("CI", "true"),
        ("GITLAB_CI", "true"),
        ("JENKINS_URL", "https://jenkins.example/"),
        ("BITBUCKET_BUILD_NUMBER", "17"),
        ("CIRCLECI", "true"),
        ("TF_BUILD", "True"),
        ("GITHUB_ACTIONS", "true"),
    ] {
        let job = Job::new();
        let out = exchange(&job, &server)
            .env(variable, value)
            .args(["--ci", "plain"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{variable}: {stderr}");
        assert!(out.stdout.is_empty(), "{variable}");
        assert!(stderr.contains("--save-to"), "says how: {stderr}");
        assert_no_secret("stderr", &stderr);
    }
    mock.assert(); // the grant code is not spent
}

#[test]
fn exchange_writes_the_refresh_token_to_a_private_new_file_in_ci() {
    let (server, mock) = exchange_server(1);
    let job = Job::new();
    let target = job.path("refresh-token.txt");
    let out = exchange(&job, &server)
        .env("CI", "true")
        .env("GITLAB_CI", "true")
        .arg("--save-to")
        .arg(&target)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    mock.assert();
    assert_no_secret("stdout", &stdout);
    assert_no_secret("stderr", &stderr);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap().trim(),
        REFRESH_TOKEN
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A file (or a symlink) already there is refused, before the grant code is spent.
        let (server, mock) = exchange_server(0);
        let link = job.path("link");
        std::os::unix::fs::symlink(job.path("elsewhere"), &link).unwrap();
        for path in [&target, &link] {
            let out = exchange(&job, &server)
                .arg("--save-to")
                .arg(path)
                .output()
                .unwrap();
            assert_ne!(out.status.code(), Some(0));
        }
        assert!(!job.path("elsewhere").exists());
        mock.assert();
    }
}
