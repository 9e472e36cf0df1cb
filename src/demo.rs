//! `s247 demo`: the product's story end to end against an in-process sandbox, printed as a CI log
//! would show it. Each command runs through the same code path as the real binary
//! ([`crate::app::run`]), with the sandbox's fake credentials in a private environment.

use std::io::{IsTerminal, Write};

use clap::{CommandFactory, FromArgMatches};

use crate::ci::Sinks;
use crate::cli::{self, Cli};
use crate::error::{Error, Result};
use crate::inputs::Env;
use crate::sandbox::{self, Sandbox, SandboxConfig};

/// The monitors the demo keeps in sync: one of each common kind, referring to the sandbox's
/// profiles and groups by name.
const MONITORS_FILE: &str = include_str!("demo/monitors.yaml");

/// The label that marks this "job's" maintenance windows, as a CI run id would.
const LABEL: &str = "demo/app#42/deploy";

/// The deployment the demo runs: open a window, apply monitors, mark the deploy, verify the
/// monitors the window does not cover, close the window.
const STEPS_FILE: &str = include_str!("demo/steps.yaml");

pub fn run() -> Result<u8> {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .map_err(|e| Error::runtime(format!("cannot start the sandbox: {e}")))?;
    let job = tempdir()?;
    for (name, text) in [("monitors.yaml", MONITORS_FILE), ("steps.yaml", STEPS_FILE)] {
        std::fs::write(job.join(name), text)
            .map_err(|e| Error::runtime(format!("cannot write the demo's {name}: {e}")))?;
    }
    let connection = [
        ("S247_CLIENT_ID", sandbox::SANDBOX_CLIENT_ID.to_string()),
        (
            "S247_CLIENT_SECRET",
            sandbox::SANDBOX_CLIENT_SECRET.to_string(),
        ),
        (
            "S247_REFRESH_TOKEN",
            sandbox::SANDBOX_REFRESH_TOKEN.to_string(),
        ),
        ("S247_ACCOUNTS_URL", sandbox.base_url()),
        ("S247_API_URL", sandbox.api_url()),
        ("RUNNER_TEMP", job.to_string_lossy().into_owned()),
        ("S247_LABEL", LABEL.to_string()),
    ];
    let env = Env::from_pairs(connection.into_iter().chain(colour_wishes()));

    say(&format!(
        "s247 demo — a deployment against a local Site24x7 sandbox at {} (fake account, fake credentials)\n",
        sandbox.base_url()
    ));
    let monitors = job.join("monitors.yaml").to_string_lossy().into_owned();
    let steps = job.join("steps.yaml").to_string_lossy().into_owned();
    let story: Vec<(&str, Vec<&str>)> = vec![
        (
            "Mint the job's one access token (later steps reuse it from the job cache)",
            vec!["token", "--json"],
        ),
        ("Check what the credentials may do", vec!["check"]),
        (
            "What would the monitors file change?",
            vec!["monitors", "plan", "-f", &monitors],
        ),
        (
            "Deploy: window → apply monitors → deploy marker → health gate → close window, one token for all steps",
            vec!["run", "-f", &steps],
        ),
        (
            "Plan again: nothing left to change",
            vec!["monitors", "plan", "-f", &monitors, "--detailed-exitcode"],
        ),
        (
            "No window of this run is left open",
            vec!["maintenance", "list", "--label", LABEL, "--active"],
        ),
    ];
    for (title, args) in story {
        say(&format!(
            "\n== {title}\n$ s247 {}",
            args.join(" ").replace(job.to_string_lossy().as_ref(), ".")
        ));
        let code = invoke(&args, &env);
        if code != 0 {
            say(&format!("(exit code {code})"));
            return Ok(code);
        }
    }
    let stats = sandbox.stats();
    say(&format!(
        "\n== What the sandbox saw: {} requests, {} of them for a token\n",
        stats.total,
        stats.count("POST /oauth/v2/token")
    ));
    for (route, count) in &stats.by_route {
        say(&format!("  {count:>4}  {route}"));
    }
    let _ = std::fs::remove_dir_all(&job);
    Ok(0)
}

/// Run one s247 command line in this process, as the binary would.
fn invoke(args: &[&str], env: &Env) -> u8 {
    let argv = std::iter::once("s247").chain(args.iter().copied());
    let matches = Cli::command()
        .try_get_matches_from(argv)
        .expect("the demo's command lines are valid");
    let command = Cli::from_arg_matches(&matches)
        .expect("matches come from this parser")
        .command;
    // One stream for the whole story, so the log and the data appear in the order they happen.
    let sinks = Sinks {
        stdout: Box::new(std::io::stdout()),
        stderr: Box::new(std::io::stdout()),
    };
    crate::app::run(&command, &cli::flags(&matches), env, sinks)
}

/// The reader's colour wishes (`NO_COLOR`, …) hold for the demo too; and as the demo writes its
/// log to stdout, a piped stdout gets no colour unless forced.
fn colour_wishes() -> Vec<(&'static str, String)> {
    let mut wishes: Vec<(&'static str, String)> =
        ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"]
            .into_iter()
            .filter_map(|name| Some((name, std::env::var(name).ok()?)))
            .collect();
    if !std::io::stdout().is_terminal() && std::env::var_os("CLICOLOR").is_none() {
        wishes.push(("CLICOLOR", "0".to_string()));
    }
    wishes
}

fn say(text: &str) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

fn tempdir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("s247-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::runtime(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}
