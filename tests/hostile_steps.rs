//! Issue 11 item 9: a value built from a secret output stays secret through
//! `${steps.ID.OUTPUT}` — masked, `issecret` on Azure DevOps, never in the dotenv file.

mod common;

use common::*;
use s247::sandbox::{Sandbox, SandboxConfig};

const STEPS: &str = "steps:
  - id: tok
    token: {}
  - id: win
    maintenance-start:
      duration: 30m
      monitors: [Homepage]
      label: \"deploy-${steps.tok.access-token}\"
";

fn run(sandbox: &Sandbox, job: &Job) -> assert_cmd::Command {
    std::fs::write(job.path("steps.yaml"), STEPS).unwrap();
    let mut cmd = common::sandbox::s247_on(sandbox, job);
    cmd.arg("run").arg("-f").arg(job.path("steps.yaml"));
    cmd
}

/// The token, read back from the label the window was created with.
fn token_of(sandbox: &Sandbox) -> String {
    sandbox
        .maintenance_windows()
        .iter()
        .filter_map(|w| w["description"].as_str())
        .find_map(|d| {
            d.rsplit("s247-label: deploy-")
                .next()
                .filter(|_| d.contains("s247-label: deploy-"))
        })
        .map(|t| t.trim().to_string())
        .expect("the window s247 opened")
}

#[test]
fn an_output_built_from_the_token_is_secret_on_every_platform() {
    // GitHub: the derived label is masked before it is written anywhere.
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = run(&sandbox, &job)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", job.path("output"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let token = token_of(&sandbox);
    let label = format!("deploy-{token}");
    let masks: Vec<String> = ci_commands(Runner::GitHub, &stderr)
        .into_iter()
        .filter(|c| c.name == "add-mask")
        .map(|c| c.data)
        .collect();
    assert!(
        masks.contains(&label),
        "the derived label is masked: {stderr}"
    );
    assert_no_secret("stderr", &stderr);
    assert_no_secret("stdout", &String::from_utf8_lossy(&out.stdout));
    assert_eq!(parse_github_file(&job.path("output"))["win-label"], label);
    assert_streams_clean(
        Runner::GitHub,
        &String::from_utf8_lossy(&out.stdout),
        &stderr,
        &[],
        "",
    );

    // Azure DevOps: `issecret=true` on the derived output.
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = run(&sandbox, &job)
        .env("TF_BUILD", "True")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let set = ci_commands(Runner::Azure, &stderr)
        .into_iter()
        .find(|c| c.name == "task.setvariable" && c.property("variable") == Some("winLabel"))
        .expect("winLabel is set");
    assert_eq!(set.property("issecret"), Some("true"), "{stderr}");
    assert_no_secret("stderr", &stderr);
    assert_no_secret("stdout", &String::from_utf8_lossy(&out.stdout));

    // Plain with a dotenv file: the derived label is not in it; non-secret outputs are.
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let out = run(&sandbox, &job)
        .arg("--output-file")
        .arg(job.path("out.env"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dotenv = std::fs::read_to_string(job.path("out.env")).unwrap();
    assert!(dotenv.contains("WIN_MAINTENANCE_ID="), "{dotenv}");
    assert!(!dotenv.contains("WIN_LABEL"), "{dotenv}");
    assert!(!dotenv.contains(&token_of(&sandbox)), "{dotenv}");
    assert_no_secret("the dotenv file", &dotenv);
    assert_no_secret("stderr", &String::from_utf8_lossy(&out.stderr));
}
