//! The deploy examples stay in step with the program: every s247 step names a real action, uses
//! only settings that action (or the connection) reads, and the closing step always runs.

use s247::actions::Action;
use s247::inputs::azure_input;
use serde_json::Value;

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Settings an action step may carry: its own, the connection's, and the presentation ones.
fn allowed(action: Action) -> Vec<String> {
    let mut names: Vec<String> = action
        .settings()
        .iter()
        .chain(s247::auth::session::SETTINGS)
        .map(|s| s.to_string())
        .collect();
    for secret in ["client-secret", "refresh-token", "access-token"] {
        names.push(secret.to_string());
    }
    names.push("action".to_string());
    names
}

fn action_of(inputs: &Value, path: &str) -> Action {
    let name = inputs["action"]
        .as_str()
        .unwrap_or_else(|| panic!("{path}: no action"));
    Action::from_name(name).unwrap_or_else(|| panic!("{path}: unknown action {name}"))
}

#[test]
fn github_example_uses_real_actions_and_inputs() {
    let path = "examples/github-deploy.yml";
    let workflow = load(path);
    let steps = workflow["jobs"]["deploy"]["steps"].as_array().unwrap();
    let ours: Vec<&Value> = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("s247-dev/s247@"))
        })
        .collect();
    let actions: Vec<Action> = ours.iter().map(|s| action_of(&s["with"], path)).collect();
    assert_eq!(
        actions,
        vec![Action::MaintenanceStart, Action::MaintenanceEnd]
    );
    for (step, action) in ours.iter().zip(&actions) {
        let allowed = allowed(*action);
        for key in step["with"].as_object().unwrap().keys() {
            assert!(
                allowed.contains(key),
                "{path}: `{key}` is not a setting of {}",
                action.name()
            );
        }
    }
    let start = ours[0];
    assert_eq!(start["id"], "window");
    let end = ours[1];
    assert_eq!(end["if"], "always()");
    assert_eq!(
        end["with"]["maintenance-id"],
        "${{ steps.window.outputs.maintenance-id }}"
    );
    assert!(
        Action::MaintenanceStart
            .outputs()
            .contains(&"maintenance-id")
    );
}

#[test]
fn azure_example_uses_real_actions_and_inputs() {
    let path = "examples/azure-pipelines-deploy.yml";
    let pipeline = load(path);
    let steps = pipeline["steps"].as_array().unwrap();
    let ours: Vec<&Value> = steps
        .iter()
        .filter(|s| s["task"].as_str() == Some("S247@0"))
        .collect();
    let actions: Vec<Action> = ours.iter().map(|s| action_of(&s["inputs"], path)).collect();
    assert_eq!(
        actions,
        vec![Action::MaintenanceStart, Action::MaintenanceEnd]
    );
    for (step, action) in ours.iter().zip(&actions) {
        let allowed: Vec<String> = allowed(*action).iter().map(|s| azure_input(s)).collect();
        for key in step["inputs"].as_object().unwrap().keys() {
            assert!(
                allowed.contains(key),
                "{path}: `{key}` is not an input of {}",
                action.name()
            );
        }
    }
    assert_eq!(ours[0]["name"], "window");
    assert_eq!(ours[1]["condition"], "always()");
    assert_eq!(
        ours[1]["inputs"]["maintenanceId"],
        "$(window.maintenanceId)"
    );
}
