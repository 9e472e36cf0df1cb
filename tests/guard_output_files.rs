//! Issue 12, output files are never clobbered: the dotenv `--output-file` is appended to (like
//! `GITHUB_OUTPUT`), `export` writes its YAML only to stdout or `-o FILE` (atomically), and
//! `export --output-file` without `-o` leaves that file alone and says where the YAML went.

mod common;

use common::monitors::*;

const PRECIOUS: &str =
    "version: 1\nmonitors:\n  - {name: Mine, type: PING, host: mine.example.net}\n";

#[test]
fn export_with_output_file_but_no_o_leaves_the_file_alone_and_warns() {
    let run = Run::new();
    let precious = run.file("precious.yaml", PRECIOUS);
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "export", "--output-file", &precious])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(writes(&since(&before, &run.stats())), 0);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), PRECIOUS);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("name: Homepage"), "{stdout}");
    let log = text(&out.stderr);
    assert!(log.contains("the YAML went to stdout"), "{log}");
    assert!(log.contains("-o "), "{log}");
}

#[test]
fn export_to_o_replaces_the_file_whole_and_leaves_no_temporary() {
    let run = Run::new();
    let target = run.file("exported.yaml", "old content\n");
    run.s247()
        .args(["monitors", "export", "-o", &target])
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("name: Homepage"), "{written}");
    assert!(!written.contains("old content"), "{written}");
    let stray: Vec<_> = std::fs::read_dir(run.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn the_dotenv_output_file_is_appended_to_never_truncated() {
    let run = Run::new();
    let dotenv = run.file("outputs.env", "EARLIER_STEP=kept\n");
    for _ in 0..2 {
        run.s247()
            .args(["check", "--output-file", &dotenv])
            .assert()
            .success();
    }
    let written = std::fs::read_to_string(&dotenv).unwrap();
    assert_eq!(written, "EARLIER_STEP=kept\nOK=true\nOK=true\n");
}
