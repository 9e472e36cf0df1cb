//! `action.yml`, `task.json` and the wrappers' action table say exactly what the binary does:
//! every action it runs, every setting an action reads, every output it sets.

use std::collections::BTreeSet;
use std::path::Path;

use s247::actions::Action;
use s247::auth::session;
use s247::inputs::azure_input;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action_yml() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn task_json() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("task.json")).unwrap()).unwrap()
}

fn keys(value: &serde_json::Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn names(list: &serde_json::Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

/// Every setting some action reads, as an input: secrets by value (`client-secret`), since
/// their `-file` forms are for the command line only.
fn settings() -> BTreeSet<String> {
    session::SETTINGS
        .iter()
        .chain(Action::ALL.iter().flat_map(|a| a.settings()))
        .map(|s| s.strip_suffix("-file").unwrap_or(s).to_string())
        .collect()
}

fn outputs() -> BTreeSet<String> {
    Action::ALL
        .iter()
        .flat_map(|a| a.outputs())
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn every_setting_is_an_input_of_the_action_and_the_task() {
    let action_inputs = keys(&action_yml()["inputs"]);
    let task_inputs = names(&task_json()["inputs"]);
    for setting in settings() {
        assert!(
            action_inputs.contains(&setting),
            "action.yml lacks input `{setting}`"
        );
        let camel = azure_input(&setting);
        assert!(
            task_inputs.contains(&camel),
            "task.json lacks input `{camel}`"
        );
    }
}

#[test]
fn every_output_is_declared() {
    let action_outputs = keys(&action_yml()["outputs"]);
    let task_outputs = names(&task_json()["outputVariables"]);
    for output in outputs() {
        assert!(
            action_outputs.contains(&output),
            "action.yml lacks output `{output}`"
        );
        let camel = azure_input(&output);
        assert!(
            task_outputs.contains(&camel),
            "task.json lacks output variable `{camel}`"
        );
    }
    // And nothing is declared that no action sets.
    let known: BTreeSet<String> = outputs();
    for declared in &action_outputs {
        assert!(
            known.contains(declared),
            "action.yml declares `{declared}`, which no action sets"
        );
    }
}

#[test]
fn the_wrappers_know_every_action_and_its_command_words() {
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("wrapper/actions.json")).unwrap(),
    )
    .unwrap();
    for action in Action::ALL {
        let words = table[action.name()]
            .as_array()
            .unwrap_or_else(|| panic!("no `{}`", action.name()));
        let words: Vec<&str> = words.iter().map(|w| w.as_str().unwrap()).collect();
        assert_eq!(words.join("-"), action.name());
    }
    assert!(table["run"].is_array());
}
