//! `s247 token` as GitHub Actions, Azure DevOps and a plain shell see it, against a mock Zoho.

mod common;

use common::*;
use mockito::{Matcher, Server};

fn token_mock(server: &mut Server, token: &str) -> mockito::Mock {
    token_endpoint(server)
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("client_id".into(), CLIENT_ID.into()),
            Matcher::UrlEncoded("client_secret".into(), CLIENT_SECRET.into()),
            Matcher::UrlEncoded("refresh_token".into(), REFRESH_TOKEN.into()),
        ]))
        .with_body(token_body(token))
        .expect(1)
        .create()
}

#[test]
fn github_masks_first_and_writes_every_output() {
    let mut server = Server::new();
    let mint = token_mock(&mut server, ACCESS_TOKEN);
    let job = Job::new();
    let (output, summary) = (job.path("output"), job.path("summary"));
    let assert = s247(&job)
        .arg("token")
        .env("GITHUB_ACTIONS", "true")
        .env("INPUT_CLIENT-ID", CLIENT_ID)
        .env("INPUT_CLIENT-SECRET", CLIENT_SECRET)
        .env("INPUT_REFRESH-TOKEN", REFRESH_TOKEN)
        .env("INPUT_DATA-CENTER", "eu")
        .env("INPUT_ACCOUNTS-URL", server.url())
        .env("INPUT_API-URL", format!("{}/api", server.url()))
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .success();
    mint.assert();
    let out = assert.get_output();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.is_empty(),
        "GitHub mode keeps the token off stdout: {stdout}"
    );
    // Masks come before any other line, the token's among them.
    let lines: Vec<&str> = stderr.lines().collect();
    let first_other = lines
        .iter()
        .position(|l| !l.starts_with("::add-mask::"))
        .unwrap_or(lines.len());
    assert!(
        lines[..first_other].contains(&format!("::add-mask::{ACCESS_TOKEN}").as_str()),
        "{stderr}"
    );
    assert_no_secret("stderr", &stderr);

    let outputs = parse_github_file(&output);
    assert_eq!(outputs["access-token"], ACCESS_TOKEN);
    assert_eq!(outputs["data-center"], "eu");
    assert_eq!(outputs["api-url"], format!("{}/api", server.url()));
    let expires: jiff::Timestamp = outputs["expires-at"].parse().unwrap();
    let ahead = expires.duration_since(jiff::Timestamp::now()).as_secs();
    assert!((3540..=3660).contains(&ahead), "expires-at {ahead}s ahead");
    for (name, value) in &outputs {
        if name != "access-token" {
            assert_no_secret(name, value);
        }
    }
    // The token appears nowhere else: not in the summary, and the cache holds it encrypted.
    for (path, text) in job.files_text() {
        if path != output {
            assert_no_secret(&path.display().to_string(), &text);
        }
    }
}

#[test]
fn azure_sets_a_secret_output_variable() {
    let mut server = Server::new();
    let mint = token_mock(&mut server, ACCESS_TOKEN);
    let job = Job::new();
    let assert = s247(&job)
        .arg("token")
        .env("TF_BUILD", "True")
        .env("INPUT_CLIENTID", CLIENT_ID)
        .env("INPUT_CLIENTSECRET", CLIENT_SECRET)
        .env("INPUT_REFRESHTOKEN", REFRESH_TOKEN)
        .env("INPUT_DATACENTER", "EU")
        .env("INPUT_ACCOUNTSURL", server.url())
        .env("INPUT_APIURL", format!("{}/api", server.url()))
        .assert()
        .success();
    mint.assert();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    let mask = lines
        .iter()
        .position(|l| *l == format!("##vso[task.setsecret]{ACCESS_TOKEN}"))
        .expect("token masked");
    let secret_output = format!(
        "##vso[task.setvariable variable=accessToken;isOutput=true;issecret=true;]{ACCESS_TOKEN}"
    );
    let set = lines
        .iter()
        .position(|l| *l == secret_output)
        .expect("secret output variable");
    assert!(mask < set);
    assert!(
        lines.contains(&"##vso[task.setvariable variable=dataCenter;isOutput=true;]eu"),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("##vso[task.setvariable variable=expiresAt;isOutput=true;]"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("##vso[task.setvariable variable=apiUrl;isOutput=true;]http"))
    );
    for line in lines.iter().filter(|l| **l != secret_output) {
        assert_no_secret("stderr", line);
    }
}

#[test]
fn plain_prints_only_the_token_on_stdout_and_json_on_request() {
    let mut server = Server::new();
    let _mint = token_mock(&mut server, ACCESS_TOKEN);
    let job = CiJob::on_server(&server.url());
    let mut cmd = job.s247();
    let out = cmd.arg("token").assert().success().get_output().clone();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{ACCESS_TOKEN}\n")
    );
    assert_no_secret("stderr", &String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Minted an access token"));

    // Same job: the cached token is reused, and --json prints every output as one object.
    let mut cmd = s247(&job);
    with_credentials(&mut cmd, &server.url());
    let out = cmd
        .args(["token", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["access-token"], ACCESS_TOKEN);
    assert_eq!(json["data-center"], "us");
    assert!(json["expires-at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn both_token_formats_expire_one_hour_ahead() {
    for body in [
        format!(r#"{{"access_token":"{ACCESS_TOKEN}","expires_in":3600,"token_type":"Bearer"}}"#),
        format!(
            r#"{{"access_token":"{ACCESS_TOKEN}","expires_in_sec":3600,"expires_in":3600000}}"#
        ),
        format!(r#"{{"access_token":"{ACCESS_TOKEN}","expires_in":"3600000"}}"#),
    ] {
        let mut server = Server::new();
        let _mint = token_endpoint(&mut server).with_body(&body).create();
        let job = CiJob::on_server(&server.url());
        let mut cmd = job.s247();
        let out = cmd
            .args(["token", "--json"])
            .assert()
            .success()
            .get_output()
            .clone();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let expires: jiff::Timestamp = json["expires-at"].as_str().unwrap().parse().unwrap();
        let ahead = expires.duration_since(jiff::Timestamp::now()).as_secs();
        assert!((3540..=3660).contains(&ahead), "{body}: {ahead}s");
    }
}

#[test]
fn the_dotenv_output_file_holds_only_non_secret_outputs() {
    let mut server = Server::new();
    let _mint = token_mock(&mut server, ACCESS_TOKEN);
    let job = CiJob::on_server(&server.url());
    let dotenv = job.path("s247.env");
    let mut cmd = job.s247();
    cmd.args(["token", "--output-file"])
        .arg(&dotenv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&dotenv).unwrap();
    let names: Vec<&str> = text.lines().map(|l| l.split_once('=').unwrap().0).collect();
    // The envelope is ciphertext, not a secret: it belongs with the non-secret outputs.
    assert_eq!(
        names,
        ["EXPIRES_AT", "API_URL", "DATA_CENTER", "TOKEN_ENVELOPE"],
        "{text}"
    );
    assert_no_secret("the dotenv file", &text);
}
