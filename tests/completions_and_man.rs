//! Shell completions and man pages, as a user installs them and as the release archive ships them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use common::{Job, s247};

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_s247"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `s247-maintenance-start` … for every command a user can run (not hidden, not `help`).
fn page_names(command: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    out.push(prefix.to_string());
    for sub in command.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        page_names(sub, &format!("{prefix}-{}", sub.get_name()), out);
    }
}

fn every_command() -> Vec<String> {
    let mut names = Vec::new();
    page_names(&s247::cli::Cli::command(), "s247", &mut names);
    assert!(names.len() > 10, "{names:?}");
    names
}

#[test]
fn bash_loads_the_completion_script() {
    let dir = binary().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", "source <(s247 completions bash) && complete -p s247"])
        .env("PATH", path)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("complete "), "{stdout}");
    assert!(stdout.trim_end().ends_with(" s247"), "{stdout}");
}

#[test]
fn an_unknown_shell_is_invalid_input_naming_the_shells() {
    let job = Job::new();
    let out = s247(&job).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(stderr.contains(shell), "{stderr}");
    }
    assert!(out.stdout.is_empty());
}

fn assert_complete_set(dir: &Path) {
    for file in ["s247.bash", "_s247", "s247.fish", "_s247.ps1", "s247.elv"] {
        let text = std::fs::read_to_string(dir.join("completions").join(file))
            .unwrap_or_else(|e| panic!("completions/{file}: {e}"));
        assert!(text.contains("maintenance"), "completions/{file}");
    }
    for name in every_command() {
        let page = dir.join("man/man1").join(format!("{name}.1"));
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|e| panic!("no man page for `{name}` ({}): {e}", page.display()));
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{name}.1 is roff"
        );
    }
}

#[test]
fn the_script_writes_completions_and_a_man_page_for_every_command() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("bash")
        .arg(root().join("scripts/completions-and-man.sh"))
        .arg(out.path())
        .arg(binary())
        .status()
        .unwrap();
    assert!(status.success());
    assert_complete_set(out.path());
}

#[test]
fn the_release_archive_ships_them() {
    // archive-release.sh packs target/TARGET/release/s247; give it, under a target name of its
    // own, a stand-in that runs this build (compressing the 100 MB debug binary takes seconds).
    let target = "s247-archive-test";
    let release = root().join("target").join(target).join("release");
    std::fs::create_dir_all(&release).unwrap();
    let stand_in = release.join("s247");
    std::fs::write(
        &stand_in,
        format!("#!/bin/sh\nexec '{}' \"$@\"\n", binary().display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let dist = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(root().join("scripts/archive-release.sh"))
        .args(["0.0.0-test", target])
        .arg(dist.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(archive.ends_with(".tar.gz"), "{archive}");
    let unpacked = tempfile::tempdir().unwrap();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(unpacked.path())
        .status()
        .unwrap();
    assert!(status.success());
    let stem = unpacked.path().join(format!("s247-v0.0.0-test-{target}"));
    assert!(stem.join("s247").is_file());
    assert_complete_set(&stem);
}
