//! The reporter as each platform sees it: output files, masks, annotations, state.

use super::*;
use crate::error::Location;
use crate::inputs::Env;
use crate::secret::Secret;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);
impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn reporter(platform: Platform, env: &Env) -> (Reporter, Buffer, Buffer) {
    let (out, err) = (Buffer::default(), Buffer::default());
    let sinks = Sinks {
        stdout: Box::new(out.clone()),
        stderr: Box::new(err.clone()),
    };
    (
        Reporter::new(platform, env, PlainOptions::default(), sinks),
        out,
        err,
    )
}

#[test]
fn github_output_uses_heredoc_blocks_the_runner_parses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    let env = Env::from_pairs([("GITHUB_OUTPUT", file.to_str().unwrap())]);
    let (rep, _, _) = reporter(Platform::GitHub, &env);
    rep.set_output(Output::plain("json", "line one\nline two"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (name, delimiter) = header.split_once("<<").unwrap();
    assert_eq!(name, "json");
    assert!(delimiter.starts_with("ghadelimiter_"));
    assert_eq!(lines.next(), Some("line one"));
    assert_eq!(lines.next(), Some("line two"));
    assert_eq!(lines.next(), Some(delimiter));
    assert!(text.ends_with('\n'));
}

#[test]
fn azure_secret_output_is_masked_first() {
    let (rep, out, err) = reporter(Platform::Azure, &Env::default());
    rep.set_output(Output::secret(
        "access-token",
        &Secret::new("1000.fake;token]"),
    ))
    .unwrap();
    let log = err.text();
    let lines: Vec<_> = log.lines().collect();
    assert_eq!(lines[0], "##vso[task.setsecret]1000.fake;token]");
    assert_eq!(
        lines[1],
        "##vso[task.setvariable variable=accessToken;isOutput=true;issecret=true;]1000.fake;token]"
    );
    assert!(out.text().is_empty());
}

#[test]
fn logs_are_neutralised_and_redacted() {
    let (rep, _, err) = reporter(Platform::GitHub, &Env::default());
    rep.mask(&Secret::new("1000.fake-access"));
    rep.info("API said ::warning::boom ##vso[task.complete result=Failed] for 1000.fake-access");
    let log = err.text();
    let last = log.lines().last().unwrap();
    assert!(
        !last.contains("::warning::") && !last.contains("##vso["),
        "{last}"
    );
    assert!(!last.contains("1000.fake-access"));
}

#[test]
fn plain_prints_primary_output_only() {
    let (rep, out, err) = reporter(Platform::Plain, &Env::default());
    rep.mask(&Secret::new("tok"));
    rep.set_output(Output::secret("access-token", &Secret::new("tok")))
        .unwrap();
    rep.set_output(Output::plain("data-center", "eu")).unwrap();
    rep.finish(Some("access-token")).unwrap();
    assert_eq!(out.text(), "tok\n");
    assert!(err.text().is_empty());
}

#[test]
fn a_github_output_without_the_file_warns_instead_of_hanging() {
    let (rep, _, err) = reporter(Platform::GitHub, &Env::default());
    rep.set_output(Output::plain("ok", "true")).unwrap();
    assert!(
        err.text().contains("GITHUB_OUTPUT is not set"),
        "{}",
        err.text()
    );
}

#[test]
fn clean_up_state_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let env = Env::from_pairs([("GITHUB_STATE", state.to_str().unwrap())]);
    let (rep, _, _) = reporter(Platform::GitHub, &env);
    rep.save_state("s247_opened_windows", "1").unwrap();
    rep.save_state("s247_opened_windows", "2").unwrap();
    let text = std::fs::read_to_string(&state).unwrap();
    let last_block: Vec<&str> = text.lines().rev().take(2).collect();
    assert_eq!(last_block[1], "1,2", "{text}");

    let env = Env::from_pairs([("S247_OPENED_WINDOWS", "7")]);
    let (rep, _, err) = reporter(Platform::Azure, &env);
    rep.save_state("s247_opened_windows", "8").unwrap();
    assert_eq!(
        err.text().trim(),
        "##vso[task.setvariable variable=S247_OPENED_WINDOWS;]7,8"
    );
}

#[test]
fn annotations_carry_file_positions() {
    let at = Location {
        file: "monitors.yaml".into(),
        line: 3,
        column: 5,
    };
    let (rep, _, err) = reporter(Platform::GitHub, &Env::default());
    rep.error("unknown field `tz`", Some(&at));
    assert_eq!(
        err.text().trim(),
        "::error file=monitors.yaml,line=3,col=5::unknown field `tz`"
    );
    let (rep, _, err) = reporter(Platform::Azure, &Env::default());
    rep.error("bad", Some(&at));
    assert_eq!(
        err.text().trim(),
        "##vso[task.logissue type=error;sourcepath=monitors.yaml;linenumber=3;columnnumber=5;]bad"
    );
}
