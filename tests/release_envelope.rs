//! One token for a whole job matrix: a `token` job hands on `token-envelope`, and twenty jobs on
//! fresh runners (their own `RUNNER_TEMP`, no shared cache) open it instead of minting.

mod common;

use common::*;
use s247::auth::envelope;
use s247::auth::{AccessToken, Credentials};
use s247::sandbox::{
    SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, Sandbox, SandboxConfig,
};
use s247::secret::Secret;

fn sweep(what: &str, text: &str) {
    assert_no_sandbox_secret(what, text);
}

/// Every file a job left behind except the encrypted cache and, for the token job, the
/// output file holding the masked `access-token`.
fn sweep_job(job: &Job, skip: Option<&std::path::Path>) {
    for (path, text) in job.files_text() {
        let name = path.file_name().unwrap().to_string_lossy();
        if Some(path.as_path()) == skip || name.starts_with("s247-token-") {
            continue;
        }
        sweep(&path.display().to_string(), &text);
    }
}

fn token_job(sandbox: &Sandbox) -> (CiJob<'_>, String) {
    let job = CiJob::on_sandbox(sandbox);
    let output = job.path("output");
    let mut cmd = job.s247();
    let out = cmd
        .arg("token")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &output)
        .assert()
        .success();
    let outputs = parse_github_file(&output);
    let envelope = outputs["token-envelope"].clone();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    // Not a secret: GitHub would drop a masked job output, so it must not be masked.
    assert!(
        !stderr.contains(&format!("::add-mask::{envelope}")),
        "{stderr}"
    );
    // Ciphertext: the token is not in it.
    assert!(!envelope.contains(&outputs["access-token"]));
    assert!(envelope.starts_with(envelope::PREFIX), "{envelope}");
    sweep("token stderr", &stderr);
    sweep_job(&job, Some(&output));
    (job, envelope)
}

/// One matrix leg on its own runner, given the envelope: lists maintenance windows.
fn leg(sandbox: &Sandbox, envelope: &str) -> (String, String) {
    leg_with(sandbox, envelope, false)
}

/// The same, with the envelope as `--token-envelope` instead of `S247_TOKEN_ENVELOPE`.
fn leg_with(sandbox: &Sandbox, envelope: &str, as_flag: bool) -> (String, String) {
    let job = CiJob::on_sandbox(sandbox);
    let mut cmd = job.s247();
    cmd.args(["maintenance", "list"]);
    if as_flag {
        cmd.args(["--token-envelope", envelope]);
    } else {
        cmd.env("S247_TOKEN_ENVELOPE", envelope);
    }
    let out = cmd.assert().success();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.get_output().stdout).into_owned(),
        String::from_utf8_lossy(&out.get_output().stderr).into_owned(),
    );
    sweep("leg stdout", &stdout);
    sweep("leg stderr", &stderr);
    sweep_job(&job, None);
    (stdout, stderr)
}

#[test]
fn a_twenty_job_matrix_mints_exactly_one_token() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let (_token_job, envelope) = token_job(&sandbox);
    for n in 0..20 {
        let (_, stderr) = leg_with(&sandbox, &envelope, n % 2 == 1);
        assert!(stderr.contains("from the token envelope"), "{stderr}");
        assert!(!stderr.to_lowercase().contains("warning"), "{stderr}");
    }
    assert_eq!(requests_to(&sandbox, "POST /oauth/v2/token"), 1);
    assert_eq!(requests_to(&sandbox, "GET /api/maintenance"), 20);
}

#[test]
fn the_azure_task_sets_the_envelope_as_a_plain_output_variable() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = CiJob::on_sandbox(&sandbox);
    let mut cmd = job.s247();
    let out = cmd
        .arg("token")
        .env("TF_BUILD", "True")
        .env_remove("RUNNER_TEMP")
        .env("AGENT_TEMPDIRECTORY", job.dir.path())
        .assert()
        .success();
    let log = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let line = log
        .lines()
        .find(|l| l.contains("variable=tokenEnvelope;"))
        .unwrap_or_else(|| panic!("no tokenEnvelope variable: {log}"));
    assert!(line.contains("isOutput=true"), "{line}");
    assert!(!line.contains("issecret=true"), "{line}");
    let envelope = line.rsplit(']').next().unwrap();
    assert!(envelope.starts_with(envelope::PREFIX), "{line}");
}

fn sandbox_credentials(refresh: &str) -> Credentials {
    Credentials {
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: Secret::new(SANDBOX_CLIENT_SECRET),
        refresh_token: Secret::new(refresh),
    }
}

/// Each bad envelope costs one mint and one warning, never a failure.
#[test]
fn other_credentials_tampered_and_expired_envelopes_mint_once_with_a_warning() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let (_job, good) = token_job(&sandbox);
    let now = jiff::Timestamp::now();
    let foreign = envelope::seal(
        &sandbox.base_url(),
        &sandbox_credentials("1000.someone-elses-refresh-token"),
        &AccessToken {
            token: Secret::new("1000.sandbox-access-foreign"),
            expires_at: now + jiff::SignedDuration::from_hours(1),
        },
    )
    .unwrap();
    let mut tampered = good.clone().into_bytes();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b'a' { b'b' } else { b'a' };
    let tampered = String::from_utf8(tampered).unwrap();
    let expired = envelope::seal(
        &sandbox.base_url(),
        &sandbox_credentials(SANDBOX_REFRESH_TOKEN),
        &AccessToken {
            token: Secret::new("1000.sandbox-access-old"),
            expires_at: now + jiff::SignedDuration::from_mins(3),
        },
    )
    .unwrap();
    for (case, bad, why) in [
        ("other credentials", foreign, "other credentials"),
        ("tampered", tampered, "altered"),
        ("expired", expired, "less than five minutes left"),
        (
            "not an envelope",
            "hello".to_string(),
            "not a token envelope",
        ),
    ] {
        let before = requests_to(&sandbox, "POST /oauth/v2/token");
        let (_, stderr) = leg(&sandbox, &bad);
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect();
        assert_eq!(warnings.len(), 1, "{case}: {stderr}");
        assert!(warnings[0].contains(why), "{case}: {stderr}");
        assert_eq!(
            requests_to(&sandbox, "POST /oauth/v2/token"),
            before + 1,
            "{case}: exactly one mint"
        );
    }
}
