//! How `s247 token` and the API client behave when Zoho or Site24x7 say no, or say nothing.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::*;
use mockito::{Matcher, Server};

const ACCESS_DENIED: &str = r#"{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}"#;

#[test]
fn access_denied_is_waited_out_and_each_wait_shown() {
    let mut server = Server::new();
    let denied_200 = token_endpoint(&mut server)
        .with_body(ACCESS_DENIED)
        .expect(1)
        .create();
    let denied_400 = token_endpoint(&mut server)
        .with_status(400)
        .with_body(ACCESS_DENIED)
        .expect(1)
        .create();
    let denied_again = token_endpoint(&mut server)
        .with_body(ACCESS_DENIED)
        .expect(1)
        .create();
    let ok = mints(&mut server).expect(1).create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let out = job.run(&["token"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for mock in [&denied_200, &denied_400, &denied_again, &ok] {
        mock.assert();
    }
    let stderr = out.stderr.clone();
    for wait in ["Waiting 20s", "Waiting 40s", "Waiting 1m"] {
        assert!(stderr.contains(wait), "missing `{wait}` in:\n{stderr}");
    }
    assert_eq!(out.stdout.trim(), ACCESS_TOKEN);
    assert_no_secret("stderr", &stderr);
}

#[test]
fn access_denied_past_the_deadline_fails_with_the_fix() {
    let mut server = Server::new();
    let denied = token_endpoint(&mut server)
        .with_body(ACCESS_DENIED)
        .expect_at_least(2)
        .create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let out = job.run(&["token", "--token-wait", "90s"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    denied.assert();
    let stderr = out.stderr.clone();
    assert!(
        stderr.contains("about 10 access tokens per refresh token per 10 minutes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("reuse one token per job") && stderr.contains("fewer parallel jobs"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert_no_secret("stderr", &stderr);
}

#[test]
fn invalid_code_fails_at_once_with_likely_causes() {
    let mut server = Server::new();
    let refused = token_endpoint(&mut server)
        .with_body(r#"{"error":"invalid_code"}"#)
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let started = Instant::now();
    let out = job.run_cmd(job.s247().env("S247_TEST_FAKE_SLEEP", "0").arg("token"));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    refused.assert();
    let stderr = out.stderr.clone();
    assert!(
        stderr.contains("revoked") && stderr.contains("data center"),
        "{stderr}"
    );
    assert_no_secret("stderr", &stderr);
}

#[test]
fn invalid_client_mentions_the_data_center() {
    let mut server = Server::new();
    let _refused = token_endpoint(&mut server)
        .with_body(r#"{"error":"invalid_client"}"#)
        .create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let out = job.run(&["token", "--data-center", "in"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let stderr = out.stderr.clone();
    assert!(stderr.contains("data center `in`"), "{stderr}");
    assert_no_secret("stderr", &stderr);
}

#[test]
fn a_reset_connection_is_retried() {
    let (url, connections) = raw_server(vec![
        Reply::Drop,
        Reply::Json(200, token_body(ACCESS_TOKEN)),
    ]);
    let job = CiJob::on_server(&url).printing_the_token();
    let out = job.run(&["token"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert_eq!(out.stdout.trim(), ACCESS_TOKEN);
    assert_no_secret("stderr", &out.stderr);
}

#[test]
fn a_server_that_never_answers_fails_within_the_timeout() {
    let (url, _) = raw_server(vec![Reply::Hang]);
    let job = CiJob::on_server(&url).printing_the_token();
    let started = Instant::now();
    let out =
        job.run_cmd(
            job.s247()
                .env("S247_TEST_FAKE_SLEEP", "0")
                .args(["token", "--timeout", "1s"]),
        );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(out.stderr.contains("no answer within 1s"), "{}", out.stderr);
}

#[test]
fn the_job_cache_saves_mints_and_is_private() {
    let mut server = Server::new();
    let mint = mints(&mut server).expect(1).create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    assert_eq!(job.run(&["token"]).code, 0);
    let out = job.run(&["token"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    mint.assert(); // the second step minted nothing
    assert!(out.stderr.contains("Reusing the access token"));
    assert_eq!(out.stdout.trim(), ACCESS_TOKEN);

    let files = job.files_text();
    let cache: Vec<_> = files
        .iter()
        .filter(|(p, _)| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("s247-token-")
        })
        .collect();
    assert_eq!(cache.len(), 1);
    assert!(
        !cache[0].1.contains(ACCESS_TOKEN),
        "the cache holds the token in clear"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cache[0].0).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // Another refresh token in the same job does not get this token.
    let other = token_endpoint(&mut server)
        .match_body(Matcher::UrlEncoded(
            "refresh_token".into(),
            "1000.fake-other-refresh".into(),
        ))
        .with_body(token_body(SECOND_ACCESS_TOKEN))
        .expect(1)
        .create();
    let out = job.run_cmd(
        job.s247()
            .env("S247_REFRESH_TOKEN", "1000.fake-other-refresh")
            .arg("token"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    other.assert();
    assert_eq!(out.stdout.trim(), SECOND_ACCESS_TOKEN);
    for (path, content) in job.files_text() {
        assert_no_secret(&path.display().to_string(), &content);
    }
}

#[test]
fn an_access_token_input_mints_nothing() {
    let mut server = Server::new();
    let mint = token_endpoint(&mut server).expect(0).create();
    let job = Job::new();
    let out = sandbox::run_checked(
        s247(&job)
            .env("S247_ACCESS_TOKEN", ACCESS_TOKEN)
            .env("S247_ACCOUNTS_URL", server.url())
            .env("S247_API_URL", format!("{}/api", server.url()))
            .arg("token"),
        &job,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    mint.assert();
    assert_eq!(out.stdout.trim(), ACCESS_TOKEN);
    assert_no_secret("stderr", &out.stderr);
}

fn api_list(
    server: &mut Server,
    path: &str,
    token: &str,
    status: usize,
    body: &str,
    hits: usize,
) -> mockito::Mock {
    server
        .mock("GET", path)
        .match_header("authorization", format!("Zoho-oauthtoken {token}").as_str())
        .match_header("accept", "application/json; version=2.1")
        .with_status(status)
        .with_body(body)
        .expect(hits)
        .create()
}

const EMPTY_LIST: &str = r#"{"code":0,"message":"success","data":[]}"#;
const EXPIRED: &str = r#"{"error_code":1101,"message":"Invalid OAuth token."}"#;

#[test]
fn a_401_re_mints_once_and_retries() {
    let mut server = Server::new();
    let first = mints(&mut server).expect(1).create();
    let second = token_endpoint(&mut server)
        .with_body(token_body(SECOND_ACCESS_TOKEN))
        .expect(1)
        .create();
    let refused = api_list(
        &mut server,
        "/api/maintenance",
        ACCESS_TOKEN,
        401,
        EXPIRED,
        1,
    );
    let fresh = [
        api_list(
            &mut server,
            "/api/maintenance",
            SECOND_ACCESS_TOKEN,
            200,
            EMPTY_LIST,
            1,
        ),
        api_list(
            &mut server,
            "/api/monitors",
            SECOND_ACCESS_TOKEN,
            200,
            EMPTY_LIST,
            1,
        ),
        api_list(
            &mut server,
            "/api/monitor_groups",
            SECOND_ACCESS_TOKEN,
            200,
            EMPTY_LIST,
            1,
        ),
        api_list(
            &mut server,
            "/api/current_status",
            SECOND_ACCESS_TOKEN,
            200,
            EMPTY_LIST,
            1,
        ),
    ];
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let out = job.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for mock in [&first, &second, &refused].into_iter().chain(&fresh) {
        mock.assert();
    }
    assert_eq!(out.stdout.trim(), "true");
    assert_no_secret("stderr", &out.stderr);
}

#[test]
fn a_second_401_fails_without_looping() {
    let mut server = Server::new();
    let mints = mints(&mut server).expect(2).create();
    let refused = server
        .mock("GET", Matcher::Regex("^/api/".into()))
        .with_status(401)
        .with_body(EXPIRED)
        .expect(2)
        .create();
    let job = CiJob::on_server(&server.url()).printing_the_token();
    let out = job.run(&["check"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    mints.assert();
    refused.assert();
    let stderr = out.stderr.clone();
    assert!(stderr.contains("refused"), "{stderr}");
    assert_no_secret("stderr", &stderr);
}

#[test]
fn hostile_api_messages_are_printed_neutralised() {
    let mut server = Server::new();
    let _mint = mints(&mut server).create();
    let hostile = r###"{"error_code":1,"message":"::warning::pwned\n##vso[task.complete result=Succeeded]done ##[error]x"}"###;
    let _api = server
        .mock("GET", Matcher::Regex("^/api/".into()))
        .with_status(400)
        .with_body(hostile)
        .create();
    for ci in ["github", "azure", "plain"] {
        let job = CiJob::on_server(&server.url()).printing_the_token();
        let out = job.run(&["check", "--ci", ci]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let stderr = out.stderr.clone();
        assert!(
            stderr.contains("pwned"),
            "the message is still shown: {stderr}"
        );
        for line in stderr.lines() {
            assert!(
                !line.trim_start().starts_with("::warning::"),
                "{ci}: {line}"
            );
            assert!(
                !line.contains("##vso[task.complete result=Succeeded"),
                "{ci}: {line}"
            );
            assert!(!line.contains("##[error]"), "{ci}: {line}");
        }
    }
}

#[test]
fn bad_input_exits_2_and_sends_nothing() {
    let mut server = Server::new();
    let nothing: Vec<_> = ["GET", "POST", "PUT", "DELETE"]
        .iter()
        .map(|m| server.mock(m, Matcher::Any).expect(0).create())
        .collect();
    // (environment, arguments, what stderr must say)
    type Case<'a> = (Vec<(&'a str, String)>, Vec<&'a str>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            vec![("S247_DATA_CENTER", "mars".into())],
            vec!["token"],
            vec!["us, eu, in, au, cn, jp, ca, uk, ae, sa"],
        ),
        (
            vec![("S247_CLIENT_SECRET", String::new())],
            vec!["token"],
            vec![
                "`client-secret` input (GitHub)",
                "`clientSecret` input (Azure DevOps)",
                "S247_CLIENT_SECRET",
                "`--client-secret-file PATH`",
            ],
        ),
        (
            vec![("S247_API_URL", "http://example.com/api".into())],
            vec!["token"],
            vec!["must use https"],
        ),
        (
            vec![("S247_ACCOUNTS_URL", "http://10.0.0.1".into())],
            vec!["check"],
            vec!["must use https"],
        ),
        (
            vec![("S247_TIMEOUT", "30".into())],
            vec!["token"],
            vec!["no unit"],
        ),
    ];
    for (env, args, expected) in cases {
        let job = CiJob::on_server(&server.url()).printing_the_token();
        let mut cmd = job.s247();
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = job.run_cmd(cmd.args(&args));
        assert_eq!(out.code, 2, "{}", out.stderr);
        let stderr = out.stderr.clone();
        for want in expected {
            assert!(
                stderr.contains(want),
                "{env:?}: missing `{want}` in {stderr}"
            );
        }
        assert_no_secret("stderr", &stderr);
        assert!(out.stdout.is_empty());
    }
    for mock in nothing {
        mock.assert();
    }
}
