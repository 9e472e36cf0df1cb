//! `s247 --version`: the version, the commit and the target, so a bug report says exactly which
//! build it is about.

mod common;

use common::{Job, s247};

#[test]
fn version_names_the_release_commit_and_target() {
    let job = Job::new();
    let out = s247(&job).arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let line = String::from_utf8(out.stdout).unwrap();
    let rest = line
        .strip_prefix(&format!("s247 {} (", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, target) = rest
        .trim_end()
        .strip_suffix(')')
        .and_then(|r| r.split_once(' '))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        commit == "unknown" || (commit.len() == 7 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{line}"
    );
    // Built from a git checkout (as in CI): the commit is HEAD's.
    if let Ok(head) = std::process::Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        && head.status.success()
        && std::env::var_os("S247_COMMIT").is_none()
    {
        assert_eq!(
            commit,
            String::from_utf8_lossy(&head.stdout).trim(),
            "{line}"
        );
    }
    // The target triple the build was for: arch-vendor-os[-env].
    assert!(target.split('-').count() >= 3, "{line}");
    assert!(target.starts_with(std::env::consts::ARCH), "{line}");
    assert!(out.stderr.is_empty());
}
