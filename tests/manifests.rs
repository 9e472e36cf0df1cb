//! The shipping manifests validate against their published schemas, vendored under
//! `schemas/vendor/` (see the README there for sources and revisions): `action.yml` against
//! SchemaStore's `github-action.json`, `task.json` against azure-pipelines-task-lib's
//! `tasks.schema.json` (draft-04; SchemaStore's `task.json` is the VS Code one),
//! `vss-extension.json` and the GitHub workflows against SchemaStore's. Validation is offline:
//! a schema that tried to fetch a remote `$ref` would fail to build.
//!
//! Also: broken manifests are rejected (so these tests can fail), and the GitHub Action and the
//! Azure DevOps task declare the same actions, settings and outputs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn json_file(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml_file(rel: &str) -> Value {
    serde_saphyr::from_str::<Value>(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema = json_file(&format!("schemas/vendor/{schema}"));
    // The draft comes from each schema's `$schema` (04 for tasks.schema.json, 07 for the rest).
    jsonschema::options()
        .offline()
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {e}"))
}

/// Every validation error, as `path: message`.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(schema: &str, rel: &str, instance: &Value) {
    let errors = errors(&validator(schema), instance);
    assert!(
        errors.is_empty(),
        "{rel} does not validate against {schema}:\n{}",
        errors.join("\n")
    );
}

fn assert_invalid(schema: &str, what: &str, instance: &Value) {
    assert!(
        !errors(&validator(schema), instance).is_empty(),
        "{schema} accepted {what}"
    );
}

#[test]
fn action_yml_validates() {
    assert_valid("github-action.json", "action.yml", &yaml_file("action.yml"));
}

#[test]
fn task_json_validates() {
    assert_valid(
        "azure-pipelines-task.schema.json",
        "task.json",
        &json_file("task.json"),
    );
}

#[test]
fn vss_extension_json_validates() {
    assert_valid(
        "vss-extension.json",
        "vss-extension.json",
        &json_file("vss-extension.json"),
    );
}

#[test]
fn github_workflows_validate() {
    let mut files = vec![".github/workflows/release.yml".to_string()];
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("github-") && (name.ends_with(".yml") || name.ends_with(".yaml")) {
            files.push(format!("examples/{name}"));
        }
    }
    assert!(
        files.iter().any(|f| f == "examples/github-actions.yml"),
        "{files:?}"
    );
    for file in &files {
        assert_valid("github-workflow.json", file, &yaml_file(file));
    }
}

/// Each schema rejects a manifest broken in a way a person could plausibly break it.
#[test]
fn broken_manifests_are_rejected() {
    let mut action = yaml_file("action.yml");
    action["runs"]["using"] = json!("node8");
    assert_invalid("github-action.json", "runs.using: node8", &action);
    let mut action = yaml_file("action.yml");
    action["inputs"]["client id"] = json!({ "description": "a space in an input id" });
    assert_invalid("github-action.json", "an input id with a space", &action);

    let mut task = json_file("task.json");
    task["inputs"][1]["name"] = json!("auto-close");
    assert_invalid(
        "azure-pipelines-task.schema.json",
        "an input named auto-close",
        &task,
    );
    let mut task = json_file("task.json");
    task["execution"] = json!({ "Process": { "target": "s247" } });
    assert_invalid(
        "azure-pipelines-task.schema.json",
        "a Process handler",
        &task,
    );
    let mut task = json_file("task.json");
    task["version"] = json!({ "Major": 0, "Minor": 1 });
    assert_invalid(
        "azure-pipelines-task.schema.json",
        "a version without Patch",
        &task,
    );

    let mut extension = json_file("vss-extension.json");
    extension.as_object_mut().unwrap().remove("publisher");
    assert_invalid(
        "vss-extension.json",
        "a manifest without publisher",
        &extension,
    );

    let mut release = yaml_file(".github/workflows/release.yml");
    release["jobs"]["build"]["runs-on-typo"] = json!("ubuntu-latest");
    assert_invalid(
        "github-workflow.json",
        "a job with an unknown key",
        &release,
    );
}

/// `wrapper/actions.json` (what the wrappers accept) = the task's `action` options = the
/// actions the `action` input of action.yml lists.
#[test]
fn action_and_task_offer_the_same_actions() {
    let wrapper: BTreeSet<String> = json_file("wrapper/actions.json")
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let task = json_file("task.json");
    let options = task_input(&task, "action")["options"].as_object().unwrap();
    let task_actions: BTreeSet<String> = options.keys().cloned().collect();
    assert_eq!(
        wrapper, task_actions,
        "wrapper/actions.json vs task.json `action` options"
    );
    let action = yaml_file("action.yml");
    let description = action["inputs"]["action"]["description"].as_str().unwrap();
    for name in &wrapper {
        assert!(
            description.contains(name.as_str()),
            "action.yml's `action` input does not mention {name}"
        );
    }
}

/// Every GitHub input is an Azure DevOps input with the camelCase name, and back; the same for
/// outputs and outputVariables. The binary reads both spellings as one setting.
#[test]
fn action_and_task_declare_the_same_settings_and_outputs() {
    let action = yaml_file("action.yml");
    let task = json_file("task.json");
    let github: BTreeSet<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| camel(k))
        .collect();
    let azure: BTreeSet<String> = names(&task["inputs"]);
    assert_eq!(
        github, azure,
        "action.yml inputs (camelCased) vs task.json inputs"
    );
    let github: BTreeSet<String> = action["outputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| camel(k))
        .collect();
    let azure: BTreeSet<String> = names(&task["outputVariables"]);
    assert_eq!(
        github, azure,
        "action.yml outputs (camelCased) vs task.json outputVariables"
    );
    for (id, input) in action["inputs"].as_object().unwrap() {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "action.yml input {id} has no description"
        );
    }
}

/// `visibleRule`s name inputs and options that exist, and every input's group exists.
#[test]
fn task_visible_rules_and_groups_are_consistent() {
    let task = json_file("task.json");
    let inputs = names(&task["inputs"]);
    let groups = names(&task["groups"]);
    let actions = json_file("wrapper/actions.json");
    let mut rules: Vec<&str> = Vec::new();
    for item in task["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(task["groups"].as_array().unwrap())
    {
        if let Some(group) = item["groupName"].as_str() {
            assert!(groups.contains(group), "unknown group {group}");
        }
        if let Some(rule) = item["visibleRule"].as_str() {
            rules.push(rule);
        }
    }
    for rule in rules {
        assert!(
            !(rule.contains("&&") && rule.contains("||")),
            "Azure DevOps cannot mix && and || in one rule: {rule}"
        );
        for clause in rule.split("||").flat_map(|c| c.split("&&")) {
            let (name, value) = clause
                .split_once('=')
                .unwrap_or_else(|| panic!("bad clause `{clause}` in `{rule}`"));
            let (name, value) = (name.trim().trim_end_matches('!'), value.trim());
            assert!(inputs.contains(name), "`{rule}` names unknown input {name}");
            if name == "action" {
                assert!(
                    actions.get(value).is_some(),
                    "`{rule}` names unknown action {value}"
                );
            }
        }
    }
}

/// The files the manifests point at exist, in the repository and (for the task) in the VSIX
/// layout that `scripts/package-vsix.sh` stages, which keeps the repository's relative paths.
#[test]
fn entry_points_exist() {
    let action = yaml_file("action.yml");
    for key in ["main", "post"] {
        let file = action["runs"][key].as_str().unwrap();
        assert!(
            root().join(file).is_file(),
            "action.yml runs.{key}: {file} is missing"
        );
    }
    let task = json_file("task.json");
    for stage in ["execution", "postjobexecution"] {
        let handlers = task[stage].as_object().unwrap();
        assert!(
            handlers.contains_key("Node20_1") && handlers.contains_key("Node24"),
            "{stage}: {handlers:?}"
        );
        for (handler, data) in handlers {
            let target = data["target"].as_str().unwrap();
            let rel = target
                .strip_prefix("$(currentDirectory)/")
                .unwrap_or_else(|| panic!("{stage}.{handler}: {target}"));
            assert!(
                Path::new(&root().join(rel)).is_file(),
                "{stage}.{handler}: {rel} is missing"
            );
        }
    }
    let extension = json_file("vss-extension.json");
    let task_name = task["name"].as_str().unwrap();
    let contribution = &extension["contributions"][0];
    assert_eq!(
        contribution["properties"]["name"], task_name,
        "the contribution's name must be the task folder's"
    );
    assert!(
        extension["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == task_name),
        "files[] must list {task_name}"
    );
}

fn task_input<'a>(task: &'a Value, name: &str) -> &'a Value {
    task["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no input {name}"))
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

/// `keep-monitoring` → `keepMonitoring`.
fn camel(kebab: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in kebab.chars() {
        match c {
            '-' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// Every CI example parses, and each one opens a window, applies monitors and closes the window.
#[test]
fn ci_examples_parse_and_tell_the_whole_story() {
    for file in [
        "examples/github-actions.yml",
        "examples/azure-pipelines.yml",
        "examples/gitlab-ci.yml",
        "examples/circleci-config.yml",
        "examples/bitbucket-pipelines.yml",
        "examples/Jenkinsfile",
    ] {
        let text = read(file);
        if file.ends_with(".yml") {
            let doc =
                serde_saphyr::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(doc.is_object(), "{file} is not a mapping");
        }
        for (what, spellings) in [
            ("a window start", ["maintenance start", "maintenance-start"]),
            ("a monitors apply", ["monitors apply", "monitors-apply"]),
            ("a window end", ["maintenance end", "maintenance-end"]),
        ] {
            assert!(
                spellings.iter().any(|s| text.contains(s)),
                "{file} lacks {what}"
            );
        }
        // A minted token cannot be masked outside GitHub and Azure DevOps: no example prints it.
        assert!(!text.contains("s247 token"), "{file} prints a token");
    }
}
