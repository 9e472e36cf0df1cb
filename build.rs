//! Stamp the binary with the commit and target it was built from, for `s247 --version`
//! (`s247 0.2.0 (1a2b3c4 x86_64-unknown-linux-musl)`).
//!
//! The commit comes from `S247_COMMIT` if set (a packager building from a source tarball that
//! knows it), else from git, else it is `unknown`: a tarball without `.git` must still build.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=S247_COMMIT");
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    let commit = std::env::var("S247_COMMIT")
        .ok()
        .map(|c| c.trim().chars().take(7).collect::<String>())
        .filter(|c| !c.is_empty())
        .or_else(from_git)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=S247_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=S247_BUILD_TARGET={target}");
}

/// The short hash of HEAD, and the files whose change means a new HEAD (so a commit rebuilds the
/// stamp, while an unchanged checkout does not rerun this script).
fn from_git() -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let hash = git(&["rev-parse", "--short=7", "HEAD"])?;
    let dir = PathBuf::from(git(&["rev-parse", "--absolute-git-dir"])?);
    let common = git(&["rev-parse", "--git-common-dir"])
        .map(PathBuf::from)
        // A relative answer (`.git` in a plain checkout) is relative to where git ran: here.
        .map(|c| match std::env::current_dir() {
            Ok(here) if c.is_relative() => here.join(c),
            _ => c,
        })
        .unwrap_or_else(|| dir.clone());
    let mut watched = vec![dir.join("HEAD"), common.join("packed-refs")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common.join(branch));
    }
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    Some(hash)
}
