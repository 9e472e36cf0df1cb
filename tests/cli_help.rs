//! Help that teaches (issue 13 item 2), as a new user meets it: `s247 <command> --help` shows the
//! command's own options first, connection and output options under their own headings, what
//! the command needs in its usage line, and ends with examples; `s247 --help` groups the
//! commands by what they are for. Every help text is a snapshot (`tests/snapshots/`; after a
//! deliberate change: `INSTA_UPDATE=always cargo test --test cli_help`), and every example is
//! run, as written, against the sandbox.

mod common;

use std::path::Path;

use common::{Job, s247};
use s247::sandbox::{Sandbox, SandboxConfig};

/// Every command path with its own help (`["maintenance", "start"]`), hidden ones left out.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" || sub.get_name() == "man" {
                continue;
            }
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &<s247::cli::Cli as clap::CommandFactory>::command(),
        &[],
        &mut out,
    );
    out
}

/// `s247 <path> --help` as a user's terminal-less shell shows it (100 columns).
fn help(path: &[String]) -> String {
    let job = Job::new();
    let out = s247(&job)
        .env("COLUMNS", "100")
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{path:?} --help");
    assert!(out.stderr.is_empty(), "{path:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of the section that starts with `heading:` (up to the next blank line).
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != format!("{heading}:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The commands of the `Examples:` section, comments left on (the shell drops them).
fn examples(help: &str) -> Vec<String> {
    section(help, "Examples")
        .iter()
        .map(|l| l.trim().to_string())
        .collect()
}

/// An example without its trailing `# comment`.
fn without_comment(example: &str) -> String {
    example.split(" #").next().unwrap().trim().to_string()
}

#[test]
fn the_top_level_help_groups_commands_by_purpose() {
    let text = help(&[]);
    insta::assert_snapshot!("help_top_level", text);
    for heading in [
        "Around a deploy",
        "Monitors as code",
        "Credentials",
        "Try it without an account",
    ] {
        assert!(!section(&text, heading).is_empty(), "no {heading}:\n{text}");
    }
    assert!(
        section(&text, "Around a deploy")[0]
            .trim_start()
            .starts_with("maintenance"),
        "{text}"
    );
    assert!(text.contains("Usage: s247 [OPTIONS] <COMMAND>"), "{text}");
    assert!(
        !text.contains("\nCommands:"),
        "one flat list is gone:\n{text}"
    );
}

#[test]
fn every_command_shows_its_own_options_first_and_ends_with_examples() {
    let paths = command_paths();
    assert!(paths.len() >= 20, "{paths:?}");
    for path in &paths {
        let text = help(path);
        insta::assert_snapshot!(format!("help_{}", path.join("_")), text);
        let has_subcommands = text.contains("\nCommands:\n");
        let headings: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(' ') && l.ends_with(':'))
            .collect();
        // Own options (clap's "Options", or the subcommands of a group) before the shared ones.
        let own = if has_subcommands {
            "Commands:"
        } else {
            "Options:"
        };
        let pos = |h: &str| headings.iter().position(|x| *x == h);
        assert!(
            pos(own) < pos("Output options:")
                && pos("Output options:") < pos("Connection options:"),
            "{path:?}: {headings:?}"
        );
        // Every command's help ends with one to three examples of itself.
        assert_eq!(
            headings.last(),
            Some(&"Examples:"),
            "{path:?}: {headings:?}"
        );
        let examples = examples(&text);
        assert!((1..=3).contains(&examples.len()), "{path:?}: {examples:?}");
        let name = format!("s247 {}", path.join(" "));
        assert!(
            examples.iter().all(|e| e.contains(&name)),
            "{path:?}: an example of another command: {examples:?}"
        );
        if has_subcommands {
            // A group's examples are some of its commands' own, which the sandbox test runs.
            for example in &examples {
                let sub = example.split_whitespace().nth(path.len() + 1).unwrap();
                let mut sub_path = path.clone();
                sub_path.push(sub.to_string());
                let theirs: Vec<String> = self::examples(&help(&sub_path))
                    .iter()
                    .map(|e| without_comment(e))
                    .collect();
                assert!(
                    theirs.contains(&without_comment(example)),
                    "{example} is not one of {theirs:?}"
                );
            }
            continue;
        }
        // The first option listed is the command's own, not --help or a connection option.
        let first = section(&text, "Options")[0].trim_start().to_string();
        let no_own_options = [
            &["token"][..],
            &["demo"],
            &["auth", "revoke"],
            &["completions"],
        ];
        // Or the command's own options sit under their own heading right after clap's
        // (`Sandbox options:`).
        let own_heading = headings
            .get(1)
            .filter(|h| !matches!(**h, "Output options:" | "Connection options:"));
        assert!(
            no_own_options.contains(
                &path
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
            ) || !first.starts_with("-h, --help")
                || own_heading.is_some(),
            "{path:?}: the first option is {first}; headings {headings:?}"
        );
    }
}

#[test]
fn usage_lines_name_what_each_command_needs() {
    for (path, needed) in [
        (
            &["maintenance", "start"][..],
            &["--duration <DURATION>", "--monitors", "--groups", "--tags"][..],
        ),
        (&["maintenance", "extend"], &["--by <BY>"]),
        (&["monitors", "plan"], &["--file <FILE>"]),
        (&["monitors", "apply"], &["--file <FILE>"]),
        (
            &["monitors", "suspend"],
            &["--monitors", "--groups", "--tags"],
        ),
        (
            &["monitors", "verify"],
            &["--monitors", "--groups", "--tags"],
        ),
        (&["milestone"], &["--monitors", "--groups", "--tags"]),
        (&["run"], &["--file <FILE>"]),
        (
            &["auth", "exchange"],
            &["--code <CODE>", "--client-id <ID>"],
        ),
    ] {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let text = help(&path);
        let usage = text.lines().find(|l| l.starts_with("Usage: ")).unwrap();
        for flag in needed {
            assert!(usage.contains(flag), "{path:?}: {usage}");
        }
    }
}

/// Examples that cannot run to completion in a test, and why; each must still parse.
const NOT_RUN: &[(&str, &str)] = &[
    ("s247 sandbox --port", "serves until stopped"),
    ("s247 sandbox --latency", "serves until stopped"),
];

/// The order the examples run in, so a window is opened before it is extended and ended, and
/// the refresh token is revoked last.
const ORDER: &[&str] = &[
    "token",
    "check",
    "maintenance start",
    "maintenance extend",
    "maintenance list",
    "maintenance end",
    "monitors plan",
    "monitors apply",
    "monitors export",
    "monitors suspend",
    "monitors activate",
    "monitors verify",
    "milestone",
    "run",
    "completions",
    "demo",
    "sandbox",
    "auth exchange",
    "auth revoke",
];

/// What an example exits with when it is not 0.
fn expected_code(example: &str) -> i32 {
    if example.contains("--detailed-exitcode") {
        4
    } else {
        0
    }
}

#[test]
fn every_example_in_the_help_runs_against_the_sandbox() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let job = Job::new();
    let work = job.path("work");
    std::fs::create_dir(&work).unwrap();
    // The files the examples name, as a user has them: `examples/` of this repository.
    for file in ["monitors.yaml", "steps.yaml"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(file);
        std::fs::copy(from, work.join(file)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("s247");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut by_command: Vec<(usize, String)> = Vec::new();
    for command in command_paths() {
        let text = help(&command);
        let name = command.join(" ");
        if text.contains("\nCommands:\n") {
            continue; // a group's examples are its commands' own (checked above)
        }
        for example in examples(&text) {
            let rank = ORDER
                .iter()
                .position(|o| *o == name)
                .unwrap_or_else(|| panic!("`{name}` has examples but no place in ORDER"));
            by_command.push((rank, example));
        }
    }
    by_command.sort_by_key(|(rank, _)| *rank);
    assert!(by_command.len() >= 25, "{by_command:?}");

    for (_, example) in &by_command {
        if let Some((_, why)) = NOT_RUN.iter().find(|(p, _)| example.starts_with(p)) {
            let words = shell_words(example.split(" #").next().unwrap());
            s247::cli::help::command()
                .try_get_matches_from(&words)
                .unwrap_or_else(|e| panic!("`{example}` ({why}) does not parse: {e}"));
            continue;
        }
        let out = shell_on(&sandbox, &job)
            .env("PATH", &path)
            .env("ADMIN_MONITOR_PASSWORD", "admin-password-value")
            .env("ORDERS_API_TOKEN", "orders-token-value")
            .env("GITHUB_SHA", "1a2b3c4")
            // What the file `monitors export -o monitors.yaml` wrote asks for.
            .env("MONITOR_ADMIN_CONSOLE_PASSWORD", "admin-password-value")
            .env(
                "MONITOR_ORDERS_API_AUTHORIZATION",
                "Bearer orders-token-value",
            )
            .current_dir(&work)
            .args(["-c", example.as_str()])
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(
            code,
            expected_code(example),
            "`{example}` exited {code}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The examples that write files did.
    assert!(work.join("refresh-token.txt").exists());
    assert!(work.join("_s247").exists());
    assert!(
        std::fs::read_to_string(work.join("monitors.yaml"))
            .unwrap()
            .contains("Homepage"),
        "export wrote the account's monitors"
    );
}

/// `bash` with the environment `s247_on` gives the binary: a user's shell connected to the
/// sandbox, nothing else from the developer's environment.
fn shell_on(sandbox: &Sandbox, job: &Job) -> std::process::Command {
    use s247::sandbox::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN};
    let mut cmd = std::process::Command::new("bash");
    cmd.env_clear()
        .env("HOME", job.dir.path())
        .env("S247_TEST_FAKE_SLEEP", "1")
        .env("RUNNER_TEMP", job.dir.path())
        .env("S247_CLIENT_ID", SANDBOX_CLIENT_ID)
        .env("S247_CLIENT_SECRET", SANDBOX_CLIENT_SECRET)
        .env("S247_REFRESH_TOKEN", SANDBOX_REFRESH_TOKEN)
        .env("S247_ACCOUNTS_URL", sandbox.base_url())
        .env("S247_API_URL", sandbox.api_url());
    cmd
}

/// Words of a command line with `"…"` quoting (all the examples use).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.trim().chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
