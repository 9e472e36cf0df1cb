//! A steps file is checked whole before anything runs: mistakes exit 2 with `file:line:col` and
//! no request is sent.

mod common;

use common::*;
use mockito::{Matcher, Server};

fn check_rejected(yaml: &str, expected: &[(&str, usize)]) {
    let mut server = Server::new();
    let nothing: Vec<_> = ["GET", "POST", "PUT", "DELETE"]
        .iter()
        .map(|m| server.mock(m, Matcher::Any).expect(0).create())
        .collect();
    let job = Job::new();
    let file = job.path("steps.yaml");
    std::fs::write(&file, yaml).unwrap();
    let mut cmd = s247(&job);
    with_credentials(&mut cmd, &server.url());
    let out = cmd
        .args(["run", "--ci", "github", "-f"])
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (message, line) in expected {
        let annotation = stderr
            .lines()
            .find(|l| l.starts_with("::error file=") && l.contains(message))
            .unwrap_or_else(|| panic!("no annotation saying `{message}` in:\n{stderr}"));
        assert!(
            annotation.contains(&format!(",line={line},")),
            "wrong line for `{message}`: {annotation}"
        );
        assert!(annotation.contains("steps.yaml"), "{annotation}");
    }
    for mock in nothing {
        mock.assert();
    }
}

#[test]
fn unknown_action_is_pinned_to_its_key() {
    check_rejected(
        "steps:\n  - token: {}\n  - mainteance-start: {}\n",
        &[("did you mean `maintenance-start`", 3)],
    );
}

#[test]
fn unknown_setting_for_an_action() {
    check_rejected(
        "steps:\n  - check:\n      colour: red\n",
        &[("`check` has no setting `colour`", 3)],
    );
}

#[test]
fn connection_settings_belong_to_the_run() {
    check_rejected(
        "steps:\n  - token:\n      data-center: eu\n",
        &[("set once for the whole run", 3)],
    );
}

#[test]
fn references_to_undefined_steps_and_outputs() {
    check_rejected(
        "steps:\n  - id: tok\n    token: {}\n  - maintenance-end:\n      maintenance-id: \"${steps.nope.maintenance-id}\"\n  - maintenance-end:\n      maintenance-id: \"${steps.tok.maintenance-id}\"\n  - maintenance-end:\n      maintenance-id: \"${steps.last.ok}\"\n  - id: last\n    check: {}\n",
        &[
            ("no earlier step has the id `nope`", 5),
            ("`token` has no output `maintenance-id`", 7),
            ("no earlier step has the id `last`", 9),
        ],
    );
}

#[test]
fn duplicate_step_ids() {
    check_rejected(
        "steps:\n  - id: a\n    token: {}\n  - id: a\n    check: {}\n",
        &[("step id `a` is used twice", 4)],
    );
}

#[test]
fn undefined_environment_references() {
    check_rejected(
        "steps:\n  - maintenance-end:\n      label: \"${env:TEST_UNSET_VARIABLE}\"\n",
        &[("`${env:TEST_UNSET_VARIABLE}` is not set", 3)],
    );
}

#[test]
fn yaml_errors_point_at_their_place() {
    check_rejected(
        "steps:\n  - token: {}\n  - token: {}\n    token: {}\n",
        &[("duplicate", 4)],
    );
}
