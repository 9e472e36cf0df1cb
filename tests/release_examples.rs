//! The release examples stay in step with the program: a `token` job or stage whose
//! `token-envelope` output reaches every later s247 step, real actions, real inputs.

use s247::actions::Action;
use s247::inputs::azure_input;
use serde_json::Value;

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Settings an action step may carry: its own, the connection's, the secrets, `action`.
fn allowed(action: Action) -> Vec<String> {
    let mut names: Vec<String> = action
        .settings()
        .iter()
        .chain(s247::auth::session::SETTINGS)
        .map(|s| s.to_string())
        .collect();
    names.extend(["client-secret", "refresh-token", "access-token", "action"].map(String::from));
    names
}

fn action_of(inputs: &Value, path: &str) -> Action {
    let name = inputs["action"]
        .as_str()
        .unwrap_or_else(|| panic!("{path}: no action"));
    Action::from_name(name).unwrap_or_else(|| panic!("{path}: unknown action {name}"))
}

#[test]
fn github_matrix_of_twenty_needs_the_token_job_and_passes_its_envelope() {
    let path = "examples/github-release.yml";
    let workflow = load(path);
    let token = &workflow["jobs"]["token"];
    assert_eq!(
        token["outputs"]["token-envelope"],
        "${{ steps.token.outputs.token-envelope }}"
    );
    assert_eq!(token["steps"][0]["with"]["action"], "token");
    assert!(Action::Token.outputs().contains(&"token-envelope"));
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "token");
    assert_eq!(
        deploy["strategy"]["matrix"]["region"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    let ours: Vec<&Value> = deploy["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("s247-dev/s247@"))
        })
        .collect();
    let actions: Vec<Action> = ours.iter().map(|s| action_of(&s["with"], path)).collect();
    assert_eq!(actions, vec![Action::Milestone, Action::MonitorsVerify]);
    for (step, action) in ours.iter().zip(&actions) {
        let allowed = allowed(*action);
        for key in step["with"].as_object().unwrap().keys() {
            assert!(
                allowed.contains(key),
                "{path}: `{key}` is not a setting of {}",
                action.name()
            );
        }
        assert_eq!(
            step["with"]["token-envelope"],
            "${{ needs.token.outputs.token-envelope }}"
        );
    }
}

#[test]
fn azure_stage_output_reaches_the_later_stage() {
    let path = "examples/azure-pipelines-release.yml";
    let pipeline = load(path);
    let stages = pipeline["stages"].as_array().unwrap();
    let mint = &stages[0]["jobs"][0];
    assert_eq!(mint["job"], "mint");
    assert_eq!(mint["steps"][0]["name"], "token");
    assert_eq!(mint["steps"][0]["inputs"]["action"], "token");
    let deploy = &stages[1];
    assert_eq!(deploy["dependsOn"], "Token");
    assert_eq!(
        deploy["variables"]["tokenEnvelope"],
        "$[ stageDependencies.Token.mint.outputs['token.tokenEnvelope'] ]"
    );
    let ours: Vec<&Value> = deploy["jobs"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["task"].as_str() == Some("S247@0"))
        .collect();
    let actions: Vec<Action> = ours.iter().map(|s| action_of(&s["inputs"], path)).collect();
    assert_eq!(actions, vec![Action::Milestone, Action::MonitorsVerify]);
    for (step, action) in ours.iter().zip(&actions) {
        let allowed: Vec<String> = allowed(*action).iter().map(|s| azure_input(s)).collect();
        for key in step["inputs"].as_object().unwrap().keys() {
            assert!(
                allowed.contains(key),
                "{path}: `{key}` is not an input of {}",
                action.name()
            );
        }
        assert_eq!(step["inputs"]["tokenEnvelope"], "$(tokenEnvelope)");
    }
}
