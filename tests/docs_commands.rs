//! The docs are tested: every shell command in `README.md` and `docs/*.md` runs, as a reader
//! would type it, in a plain shell against the sandbox, and must end with the exit code the docs
//! promise. A doc command that stops working fails here.
//!
//! What runs: each fenced block tagged `sh`, `bash`, `shell` or `zsh` (every line a command; a
//! line ending in `\` continues on the next), and the `$ ` lines of a `console` block (the rest is
//! the output it shows). A command expects exit 0 unless its trailing comment says `exit N`
//! (`# exit 4 when something would change`). Every doc file found is read, so a page added later
//! is covered without touching this file; a command that cannot run here goes in [`SKIP`] with
//! the reason, keyed by its text — a new command runs by default.
//!
//! How it runs: per doc file, one fresh sandbox (its seeded account) and one scratch directory
//! standing in for the reader's repository; each block in its own `bash` (a block is meant to be
//! pasted whole), in the order of the page. The shell starts with nothing but what `s247 sandbox`
//! tells the reader to export and `s247` on `PATH`: any other variable a command needs, the
//! docs must name. `HOME` is the scratch directory, but absolute paths are real: a command that
//! installs into the system (`/usr/local/…`) or downloads belongs in [`SKIP`].
//!
//! Not covered: commands written inline in prose or tables (the completion install lines of the
//! README); only fenced blocks are commands here.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use s247::sandbox::{Sandbox, SandboxConfig};

/// Commands that cannot run here, by their text (without the trailing comment), and why.
const SKIP: &[(&str, &str)] = &[
    (
        "cargo run --release -- demo",
        "builds the release profile (minutes); tests/demo.rs runs `s247 demo`",
    ),
    ("cargo test", "this test is part of it"),
    (
        "node --test test/js/",
        "a CI step of its own (.ci/run), with the binary this suite builds",
    ),
    (
        "cargo bench --bench maintenance",
        "a release build and minutes of wall time; run by hand when measuring",
    ),
    (
        "cargo bench --bench monitors",
        "a release build and minutes of wall time; run by hand when measuring",
    ),
    (
        "scripts/build-musl.sh",
        "needs the musl target and a release build; .ci/run runs it",
    ),
    ("bash .ci/run", "runs this suite itself"),
    (
        "S247_CLIENT_ID=… S247_CLIENT_SECRET=… s247 auth exchange --data-center eu --code 1000.…",
        "needs a grant code from a real account's API console; tests/auth_onboarding.rs \
         exchanges the sandbox's",
    ),
    (
        "s247 sandbox --port 8247",
        "serves until Ctrl-C; tests/sandbox_cli.rs starts it and reads what it prints",
    ),
    (
        "s247 sandbox --latency 50ms --error-rate 0.05 --fault-seed 7",
        "serves until Ctrl-C; tests/sandbox_cli.rs starts it with faults",
    ),
    (
        r#"curl -fsSLo s247.tar.gz "https://github.com/s247-dev/s247/releases/download/v${S247_VERSION}/${asset}.tar.gz""#,
        "downloads a release from github.com (tests have no network)",
    ),
    (
        r#"echo "<sha256 from SHA256SUMS>  s247.tar.gz" | sha256sum -c -"#,
        "checks the download skipped above",
    ),
    (
        r#"tar -xzf s247.tar.gz && install -m 755 "${asset}/s247" /usr/local/bin/s247"#,
        "installs the download skipped above",
    ),
    (
        "s247 check --for maintenance-start,monitors-apply",
        "shows a token without the create scope; tests/guard_scopes.rs runs it with the \
         sandbox's read-only token",
    ),
];

/// Fence languages whose lines are all commands.
const SHELL: &[&str] = &["sh", "bash", "shell", "zsh"];

/// One command of the docs.
#[derive(Debug, Clone, PartialEq)]
struct DocCommand {
    /// `README.md:144`.
    at: String,
    /// As written, continuation lines joined, the trailing comment removed.
    text: String,
    expect: i32,
}

/// One fenced block: its language and its commands (none for a block that is not shell).
#[derive(Debug)]
struct Block {
    at: String,
    lang: String,
    lines: Vec<String>,
    commands: Vec<DocCommand>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `README.md` and every `docs/*.md`, by path relative to the repository.
fn doc_files() -> Vec<String> {
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".md").then(|| format!("docs/{name}"))
        })
        .collect();
    docs.sort();
    docs.insert(0, "README.md".to_string());
    docs
}

/// A fence seen open: its marker, language, first line and the lines so far (numbered).
struct OpenFence {
    marker: &'static str,
    lang: String,
    start: usize,
    lines: Vec<(usize, String)>,
}

/// The fenced blocks of one Markdown page.
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<OpenFence> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (&mut open, fence) {
            (None, Some(marker)) => {
                let lang = trimmed.trim_start_matches(marker).split_whitespace().next();
                open = Some(OpenFence {
                    marker,
                    lang: lang.unwrap_or("").to_string(),
                    start: i + 1,
                    lines: Vec::new(),
                });
            }
            (Some(f), Some(marker)) if f.marker == marker && trimmed.trim_end() == marker => {
                let f = open.take().unwrap();
                out.push(Block {
                    at: format!("{file}:{}", f.start),
                    commands: commands(file, &f.lang, &f.lines),
                    lines: f.lines.into_iter().map(|(_, l)| l).collect(),
                    lang: f.lang,
                });
            }
            (Some(f), _) => f.lines.push((i + 1, line.to_string())),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "{file}: a fenced block is never closed");
    out
}

/// The commands of one block's lines (numbered as in the file).
fn commands(file: &str, lang: &str, lines: &[(usize, String)]) -> Vec<DocCommand> {
    let console = lang == "console";
    if !console && !SHELL.contains(&lang) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (n, line) in lines {
        let line = if let Some((_, text)) = &mut pending {
            text.push(' ');
            line.trim().to_string()
        } else if console {
            match line.strip_prefix("$ ") {
                Some(command) => command.to_string(),
                None => continue,
            }
        } else {
            line.clone()
        };
        let (start, mut text) = pending.take().unwrap_or((*n, String::new()));
        text.push_str(&line);
        if let Some(head) = text.strip_suffix('\\') {
            pending = Some((start, head.trim_end().to_string()));
            continue;
        }
        let (command, comment) = split_comment(&text);
        if command.is_empty() {
            continue;
        }
        out.push(DocCommand {
            at: format!("{file}:{start}"),
            text: command.to_string(),
            expect: expected_exit(comment),
        });
    }
    out
}

/// `cmd   # comment` → (`cmd`, `comment`); a `#` inside quotes or a word is not a comment.
fn split_comment(line: &str) -> (&str, &str) {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                return (line[..i].trim(), line[i + 1..].trim());
            }
            _ => {}
        }
        prev = c;
    }
    (line.trim(), "")
}

/// `exit N` in a command's comment is the code it must end with; otherwise 0.
fn expected_exit(comment: &str) -> i32 {
    let words: Vec<&str> = comment.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[0] == "exit")
        .and_then(|w| {
            w[1].trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn same_command(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn skip_reason(command: &str) -> Option<&'static str> {
    SKIP.iter()
        .find(|(text, _)| same_command(text, command))
        .map(|(_, why)| *why)
}

/// The reader's repository: the shipped examples, their `monitors.yaml` (the example one) and
/// their deploy script.
fn scratch_repository(job: &Job) -> PathBuf {
    let repo = job.path("repo");
    std::fs::create_dir_all(repo.join("examples")).unwrap();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, repo.join("examples").join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(
        root().join("examples/monitors.yaml"),
        repo.join("monitors.yaml"),
    )
    .unwrap();
    let deploy = repo.join("deploy.sh");
    std::fs::write(&deploy, "#!/bin/sh\necho \"deploying\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&deploy, std::fs::Permissions::from_mode(0o755)).unwrap();
    repo
}

/// What one command did.
struct Ran {
    command: DocCommand,
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run one block in a fresh `bash` in `repo`, each command's output and code recorded apart.
fn run_block(sandbox: &Sandbox, job: &Job, repo: &Path, block: &Block) -> Vec<Ran> {
    let logs = job.path("logs");
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).unwrap();
    let mut script = String::new();
    let mut ran = Vec::new();
    for (i, command) in block.commands.iter().enumerate() {
        if skip_reason(&command.text).is_some() {
            continue;
        }
        let log = logs.join(i.to_string());
        let log = log.display();
        // A group on lines of its own: the command may be an assignment or an export that later
        // commands of the block rely on.
        script.push_str(&format!(
            "{{\n{}\n}} >'{log}.out' 2>'{log}.err' </dev/null\necho $? >'{log}.code'\n",
            command.text
        ));
        ran.push((i, command.clone()));
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_s247")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Nothing from the developer's or CI's environment: only what the docs tell a reader to set.
    let mut bash = assert_cmd::Command::new("bash");
    bash.env_clear();
    with_sandbox(&mut bash, sandbox);
    bash.env("PATH", path)
        .env("HOME", job.path("home"))
        .env("S247_TEST_FAKE_SLEEP", "1")
        .current_dir(repo)
        .arg("-c")
        .arg(&script)
        .timeout(std::time::Duration::from_secs(120));
    std::fs::create_dir_all(job.path("home")).unwrap();
    bash.output().unwrap();
    ran.into_iter()
        .map(|(i, command)| {
            let read = |ext: &str| {
                std::fs::read_to_string(logs.join(format!("{i}.{ext}"))).unwrap_or_default()
            };
            Ran {
                code: read("code").trim().parse().unwrap_or(-1),
                stdout: read("out"),
                stderr: read("err"),
                command,
            }
        })
        .collect()
}

#[test]
fn every_shell_command_in_the_docs_runs_against_the_sandbox() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in doc_files() {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let blocks: Vec<Block> = blocks(&file, &text)
            .into_iter()
            .filter(|b| !b.commands.is_empty())
            .collect();
        if blocks
            .iter()
            .all(|b| b.commands.iter().all(|c| skip_reason(&c.text).is_some()))
        {
            continue;
        }
        let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
        let job = Job::new();
        let repo = scratch_repository(&job);
        for block in &blocks {
            for r in run_block(&sandbox, &job, &repo, block) {
                ran += 1;
                assert_no_sandbox_secret(&format!("{} stdout", r.command.at), &r.stdout);
                assert_no_sandbox_secret(&format!("{} stderr", r.command.at), &r.stderr);
                if r.code != r.command.expect {
                    failures.push(format!(
                        "{}: `{}` exited {} (the docs promise {})\n--- stdout\n{}--- stderr\n{}",
                        r.command.at, r.command.text, r.code, r.command.expect, r.stdout, r.stderr
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 10, "only {ran} doc commands ran");
}

#[test]
fn every_skipped_command_is_still_in_the_docs() {
    let all: Vec<DocCommand> = doc_files()
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(root().join(file)).unwrap();
            blocks(file, &text).into_iter().flat_map(|b| b.commands)
        })
        .collect();
    for (skipped, _) in SKIP {
        assert!(
            all.iter().any(|c| same_command(&c.text, skipped)),
            "SKIP lists `{skipped}`, which no doc has any more: remove it"
        );
    }
}

#[test]
fn no_command_hides_in_a_block_that_is_not_run() {
    for file in doc_files() {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        for block in blocks(&file, &text) {
            if block.lang == "console" || SHELL.contains(&block.lang.as_str()) {
                continue;
            }
            for line in &block.lines {
                let line = line.trim_start();
                assert!(
                    !line.starts_with("s247 ") && !line.starts_with("$ "),
                    "{} ({}): `{line}` looks like a command in a block that is not run: tag \
                     the block `sh` (commands only) or `console` (`$ ` before each command)",
                    block.at,
                    if block.lang.is_empty() {
                        "no language"
                    } else {
                        &block.lang
                    }
                );
            }
        }
    }
}

#[test]
fn the_extractor_reads_continuations_comments_exit_codes_and_console_prompts() {
    let page = "text\n\
                ```sh\n\
                # a comment line\n\
                ID=$(s247 maintenance start \\\n  --duration 30m)   # opens it\n\
                s247 monitors plan -f m.yaml   # exit 4 when something would change\n\
                echo \"a # inside quotes\"\n\
                ```\n\
                ```console\n\
                $ s247 check   # exit 3\n\
                error: no\n\
                ```\n\
                ```yaml\n\
                s247: not a command\n\
                ```\n";
    let found: Vec<(String, String, i32)> = blocks("page.md", page)
        .into_iter()
        .flat_map(|b| b.commands)
        .map(|c| (c.at, c.text, c.expect))
        .collect();
    let expected = [
        (
            "page.md:4",
            "ID=$(s247 maintenance start --duration 30m)",
            0,
        ),
        ("page.md:6", "s247 monitors plan -f m.yaml", 4),
        ("page.md:7", "echo \"a # inside quotes\"", 0),
        ("page.md:10", "s247 check", 3),
    ]
    .map(|(a, t, e)| (a.to_string(), t.to_string(), e));
    assert_eq!(found, expected);
}
