//! `s247 auth exchange` and `s247 auth revoke` against a mock Zoho accounts server.

mod common;

use common::*;
use mockito::{Matcher, Server};

#[test]
fn exchange_prints_the_refresh_token_in_plain_mode_only() {
    let mut server = Server::new();
    let exchange = token_endpoint(&mut server)
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "authorization_code".into()),
            Matcher::UrlEncoded("code".into(), "1000.fake-grant-code".into()),
            Matcher::UrlEncoded("client_secret".into(), CLIENT_SECRET.into()),
        ]))
        .with_body(format!(r#"{{"access_token":"{ACCESS_TOKEN}","refresh_token":"{REFRESH_TOKEN}","expires_in":3600}}"#))
        .expect(1)
        .create();
    let job = Job::new();
    let out = s247(&job)
        .env("S247_CLIENT_ID", CLIENT_ID)
        .env("S247_CLIENT_SECRET", CLIENT_SECRET)
        .env("S247_ACCOUNTS_URL", server.url())
        .args(["auth", "exchange", "--code", "1000.fake-grant-code"])
        .assert()
        .success()
        .get_output()
        .clone();
    exchange.assert();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), REFRESH_TOKEN);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Store the refresh token"), "{stderr}");
    assert_no_secret("stderr", &stderr);

    // In a CI log the refresh token would be exposed: refused before any request.
    let out = s247(&job)
        .env("GITHUB_ACTIONS", "true")
        .env("S247_CLIENT_ID", CLIENT_ID)
        .env("S247_CLIENT_SECRET", CLIENT_SECRET)
        .env("S247_ACCOUNTS_URL", server.url())
        .args(["auth", "exchange", "--code", "1000.fake-grant-code"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    exchange.assert(); // still exactly one request
}

#[test]
fn revoke_posts_the_refresh_token_to_the_revoke_endpoint() {
    let mut server = Server::new();
    let revoke = server
        .mock("POST", "/oauth/v2/token/revoke")
        .match_body(Matcher::UrlEncoded("token".into(), REFRESH_TOKEN.into()))
        .with_body(r#"{"status":"success"}"#)
        .expect(1)
        .create();
    let job = CiJob::on_server(&server.url());
    let mut cmd = job.s247();
    let out = cmd
        .args(["auth", "revoke"])
        .assert()
        .success()
        .get_output()
        .clone();
    revoke.assert();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Revoked"));
    assert_no_secret("stderr", &String::from_utf8_lossy(&out.stderr));
}
