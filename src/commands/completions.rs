//! `s247 completions SHELL` and the hidden `s247 man --out-dir DIR`: what a shell and `man` need
//! to know about s247, generated from the same clap definition the binary parses with, so they
//! can never describe flags that do not exist. `scripts/completions-and-man.sh` runs both when a
//! release archive is built.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};

/// Write the completion script for `shell` (`source <(s247 completions bash)`).
pub fn write_completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "s247", out);
    out.flush()
        .map_err(|e| Error::runtime(format!("cannot write the completion script: {e}")))
}

/// Write one man page per command (`s247.1`, `s247-maintenance-start.1`, …) into `dir`,
/// creating it; returns the files written.
pub fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    let fail = |e: std::io::Error| {
        Error::runtime(format!("cannot write man pages to {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(fail)?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(fail)?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let mut out = Vec::new();
            write_completions(shell, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            for word in ["maintenance", "monitors", "--duration", "--prune"] {
                assert!(text.contains(word), "{shell}: no `{word}`");
            }
        }
    }

    #[test]
    fn a_man_page_per_command() {
        let dir = tempfile::tempdir().unwrap();
        let pages = write_man_pages(dir.path()).unwrap();
        let names: Vec<String> = pages
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        for page in [
            "s247.1",
            "s247-maintenance-start.1",
            "s247-monitors-apply.1",
        ] {
            assert!(names.iter().any(|n| n == page), "{page}: {names:?}");
        }
        assert!(
            !names.iter().any(|n| n == "s247-man.1"),
            "the hidden command has no page"
        );
    }
}
