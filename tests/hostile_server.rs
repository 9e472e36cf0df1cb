//! Issue 11 items 2, 6, 7: a hostile or broken server — ids that are not digits, a token with a
//! newline — and URLs carrying a password. Nothing it sends reaches an output, the clean-up state
//! or a command; nothing secret reaches a log.

mod common;

use common::*;
use mockito::Server;
use serde_json::json;

const HOMEPAGE: &str = "100000000000000001";
const EVIL_ID: &str =
    "123\n##vso[task.setvariable variable=S247_ACCOUNTS_URL]https://evil\n::set-env name=X::EVIL";

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run on a runner (or plain), with every GitHub file in the job dir; sweep for secrets.
fn ran(job: &Job, runner: Option<Runner>, cmd: &mut assert_cmd::Command) -> Ran {
    match runner {
        Some(Runner::GitHub) => {
            cmd.env("GITHUB_ACTIONS", "true")
                .env("GITHUB_OUTPUT", job.path("output"))
                .env("GITHUB_STATE", job.path("state"))
                .env("GITHUB_STEP_SUMMARY", job.path("summary"));
        }
        Some(Runner::Azure) => {
            cmd.env("TF_BUILD", "True");
        }
        None => {}
    }
    let out = cmd.output().unwrap();
    let ran = Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_no_secret("stdout", &ran.stdout);
    assert_no_secret("stderr", &ran.stderr);
    for (path, text) in job.files_text() {
        if !path.to_string_lossy().contains("token-cache") {
            assert_no_secret(&path.to_string_lossy(), &text);
        }
    }
    ran
}

const RUNNERS: [Option<Runner>; 3] = [Some(Runner::GitHub), Some(Runner::Azure), None];

#[test]
fn a_create_answer_with_a_hostile_maintenance_id_is_an_api_error_and_nothing_is_saved() {
    for runner in RUNNERS {
        let mut server = Server::new();
        mints(&mut server).create();
        answering(&mut server, "GET", "/api/maintenance", json!([])).create();
        let create = server
            .mock("POST", "/api/maintenance")
            .with_status(201)
            .with_body(envelope(json!({"maintenance_id": EVIL_ID})))
            .expect(1)
            .create();
        let job = CiJob::on_server(&server.url());
        let mut cmd = job.s247();
        cmd.args([
            "maintenance",
            "start",
            "--monitors",
            HOMEPAGE,
            "--duration",
            "30m",
            "--label",
            "release-7",
        ]);
        let r = ran(&job, runner, &mut cmd);
        create.assert();
        assert_eq!(r.code, 1, "{runner:?}: an API error: {}", r.stderr);
        assert!(r.stderr.contains("maintenance_id"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{runner:?}: no output: {}", r.stdout);
        if let Some(runner) = runner {
            assert_streams_clean(runner, &r.stdout, &r.stderr, &[], "EVIL");
            assert!(
                !ci_commands(runner, &r.stderr)
                    .iter()
                    .any(|c| c.name == "task.setvariable"),
                "nothing saved for clean-up: {}",
                r.stderr
            );
        }
        for file in ["output", "state"] {
            let saved = std::fs::read_to_string(job.path(file)).unwrap_or_default();
            assert!(!saved.contains("123"), "{file}: {saved}");
        }
    }
}

#[test]
fn a_hostile_id_in_a_list_answer_stops_the_run_before_any_write() {
    let mut server = Server::new();
    mints(&mut server).create();
    answering(&mut server, "GET", "/api/monitors", json!([
            {"monitor_id": "1\n::warning::EVIL", "display_name": "Homepage", "type": "URL", "state": 0},
        ]))
        .create();
    let writes = server.mock("PUT", mockito::Matcher::Any).expect(0).create();
    let job = CiJob::on_server(&server.url());
    let mut cmd = job.s247();
    cmd.args(["monitors", "suspend", "--monitors", "Homepage"]);
    let r = ran(&job, Some(Runner::GitHub), &mut cmd);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("monitor_id"), "{}", r.stderr);
    assert_streams_clean(Runner::GitHub, &r.stdout, &r.stderr, &[], "EVIL");
    writes.assert();
}

#[test]
fn a_token_with_a_line_break_is_refused_before_anything_prints_it() {
    let evil =
        "1000.fake-access-token-xyz\n::warning::EVIL\n##vso[task.setvariable variable=EVIL]x";
    for runner in RUNNERS {
        let mut server = Server::new();
        token_endpoint(&mut server)
            .with_body(json!({"access_token": evil, "expires_in": 3600}).to_string())
            .create();
        let api = server.mock("GET", mockito::Matcher::Any).expect(0).create();
        let job = CiJob::on_server(&server.url());
        let mut cmd = job.s247();
        cmd.args(["maintenance", "list"]);
        let r = ran(&job, runner, &mut cmd);
        assert_eq!(r.code, 3, "{runner:?}: {}", r.stderr);
        assert!(r.stderr.contains("line break"), "{}", r.stderr);
        assert!(
            !r.stderr.contains("EVIL") && !r.stdout.contains("EVIL"),
            "{}",
            r.stderr
        );
        if let Some(runner) = runner {
            assert_streams_clean(runner, &r.stdout, &r.stderr, &[], "EVIL");
        }
        api.assert();
    }
}

#[test]
fn a_credential_with_a_line_break_is_invalid_input_and_never_shown_unmasked() {
    let job = CiJob::on_server("http://127.0.0.1:9");
    for runner in RUNNERS {
        let mut cmd = job.s247();
        cmd.env("S247_CLIENT_SECRET", "first-half-0123\nsecond-half-4567")
            .args(["token"]);
        let r = ran(&job, runner, &mut cmd);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("line break"), "{}", r.stderr);
        for (line_no, line) in r.stderr.lines().enumerate() {
            if ci_commands(Runner::GitHub, line)
                .iter()
                .any(|c| c.name == "add-mask")
                || ci_commands(Runner::Azure, line)
                    .iter()
                    .any(|c| c.name == "task.setsecret")
            {
                continue;
            }
            assert!(
                !line.contains("first-half") && !line.contains("second-half"),
                "{runner:?} line {line_no}: {line}"
            );
        }
        if runner == Some(Runner::Azure) {
            // One setsecret per line: the agent refuses a multi-line secret.
            for half in ["first-half-0123", "second-half-4567"] {
                assert!(
                    r.stderr.contains(&format!("##vso[task.setsecret]{half}\n")),
                    "{}",
                    r.stderr
                );
            }
        }
    }
}

#[test]
fn urls_with_a_password_are_refused_and_a_proxy_password_is_masked() {
    for setting in ["S247_ACCOUNTS_URL", "S247_API_URL"] {
        for runner in RUNNERS {
            let job = CiJob::on_server("https://accounts.zoho.com");
            let mut cmd = job.s247();
            cmd.env(setting, "https://ci-user:url-pa55word@evil.example/api")
                .args(["token"]);
            let r = ran(&job, runner, &mut cmd);
            assert_eq!(r.code, 2, "{setting} {runner:?}: {}", r.stderr);
            assert!(r.stderr.contains("user name or password"), "{}", r.stderr);
            assert!(
                !(r.stderr.clone() + &r.stdout).contains("url-pa55word"),
                "{}",
                r.stderr
            );
        }
    }
    // A proxy with a password (the Azure DevOps task builds one from the agent's settings): the
    // password is masked first, and no message shows it.
    for runner in RUNNERS {
        let job = CiJob::on_server("https://accounts.zoho.com");
        let mut cmd = job.s247();
        cmd.env("HTTPS_PROXY", "http://agent:proxy%2Fpa55@127.0.0.1:9")
            .env("S247_TIMEOUT", "2s")
            .args(["token"]);
        let r = ran(&job, runner, &mut cmd);
        assert_ne!(r.code, 0, "{}", r.stderr);
        if let Some(runner) = runner {
            let masks: Vec<_> = ci_commands(runner, &r.stderr)
                .into_iter()
                .filter(|c| matches!(c.name.as_str(), "add-mask" | "task.setsecret"))
                .map(|c| c.data)
                .collect();
            assert!(
                masks
                    .iter()
                    .any(|m| m == "proxy%252Fpa55" || m == "proxy%AZP252Fpa55"),
                "{masks:?}"
            );
            assert!(masks.iter().any(|m| m == "proxy/pa55"), "{masks:?}");
        }
        for line in r
            .stderr
            .lines()
            .filter(|l| !l.contains("add-mask") && !l.contains("setsecret"))
        {
            assert!(!line.contains("pa55"), "{runner:?}: {line}");
        }
    }
}

/// Item 11: the Azure DevOps summary goes under the job's temp dir, or a new private directory.
#[cfg(unix)]
#[test]
fn the_azure_summary_file_is_private_and_never_at_a_guessable_shared_path() {
    use std::os::unix::fs::PermissionsExt;
    let mut server = Server::new();
    mints(&mut server).create();
    answering(&mut server, "GET", "/api/maintenance", json!([])).create();
    for agent_temp in [true, false] {
        let job = CiJob::on_server(&server.url());
        let shared_tmp = job.path("tmp");
        std::fs::create_dir(&shared_tmp).unwrap();
        let mut cmd = job.s247();
        cmd.env_remove("RUNNER_TEMP")
            .env("TMPDIR", &shared_tmp)
            .args(["maintenance", "list"]);
        if agent_temp {
            cmd.env("AGENT_TEMPDIRECTORY", job.path("agent"));
            std::fs::create_dir(job.path("agent")).unwrap();
        }
        let r = ran(&job, Some(Runner::Azure), &mut cmd);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let upload = ci_commands(Runner::Azure, &r.stderr)
            .into_iter()
            .find(|c| c.name == "task.uploadsummary")
            .expect("a summary is uploaded");
        let path = std::path::PathBuf::from(&upload.data);
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        if agent_temp {
            assert_eq!(path.parent().unwrap(), job.path("agent"));
        } else {
            let dir = path.parent().unwrap();
            assert_eq!(dir.parent().unwrap(), shared_tmp, "{}", path.display());
            assert_eq!(mode(dir), 0o700, "a private directory of its own");
        }
    }
}
