//! Reading and checking a steps file (`design.md` §8) before anything runs: the actions, their
//! settings, the `if` conditions, unique ids, and that every `${steps.ID.OUTPUT}` names an
//! earlier step and an output its action has, and every `${env:NAME}` is set.

use std::path::Path;

use super::template::{self, Part};
use crate::actions::Action;
use crate::auth::session;
use crate::error::{Location, Problems, Result};
use crate::inputs::Env;
use crate::yaml::{self, Node, Tree};

/// One step as written.
#[derive(Debug, Clone)]
pub struct Step {
    pub number: usize,
    pub at: Location,
    pub id: Option<String>,
    pub name: Option<String>,
    /// Runs even after an earlier step failed (`if: always`).
    pub always: bool,
    pub action: Action,
    pub settings: Vec<Setting>,
}

impl Step {
    /// `window (maintenance-start)` or `step 2 (monitors-apply)`.
    pub fn title(&self) -> String {
        let who = self
            .name
            .clone()
            .or_else(|| self.id.clone())
            .unwrap_or_else(|| format!("step {}", self.number));
        format!("{who} ({})", self.action.name())
    }

    /// Whether any setting needs an earlier step's output (then it is checked when it runs).
    pub fn uses_outputs(&self) -> bool {
        self.settings
            .iter()
            .any(|s| s.parts.iter().any(|p| matches!(p, Part::Output { .. })))
    }
}

#[derive(Debug, Clone)]
pub struct Setting {
    pub name: String,
    pub parts: Vec<Part>,
    pub at: Location,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    steps: Vec<Tree>,
}

const STEP_KEYS: &[&str] = &["id", "name", "if"];

/// Parse and check `text`, the steps file at `path`. Every problem is reported at once.
pub fn parse(text: &str, path: &str, env: &Env) -> Result<Vec<Step>> {
    let raw: RawFile = yaml::parse(text, path)?;
    let mut problems = Problems::default();
    let mut steps: Vec<Step> = Vec::new();
    if raw.steps.is_empty() {
        problems.push(format!("{path}: `steps:` is empty"));
    }
    for (index, node) in raw.steps.iter().enumerate() {
        if let Some(step) = read_step(index + 1, node, path, &mut problems) {
            check_references(&step, &steps, env, &mut problems);
            if let Some(id) = &step.id
                && steps.iter().any(|s| s.id.as_deref() == Some(id))
            {
                problems.push_at(
                    step.at.clone(),
                    format!("step id `{id}` is used twice; ids must be unique"),
                );
            }
            steps.push(step);
        }
    }
    problems.into_result(steps)
}

fn read_step(number: usize, step: &Tree, file: &str, problems: &mut Problems) -> Option<Step> {
    let at = step.at.in_file(file);
    let Node::Map(entries) = &step.node else {
        let kind = step.node.kind();
        problems.push_at(
            at,
            format!("a step is a mapping like `- maintenance-start: {{…}}`, not {kind}"),
        );
        return None;
    };
    let (mut id, mut name, mut always, mut action) = (None, None, false, None);
    for (key, key_pos, value) in entries {
        let key_at = key_pos.in_file(file);
        let value_at = value.at.in_file(file);
        let kind = value.node.kind();
        match (key.as_str(), value.node.scalar()) {
            ("id", Some(text)) if valid_id(text) => id = Some(text.to_string()),
            ("id", _) => problems.push_at(
                value_at,
                "a step id is a word of letters, digits, `-` or `_`",
            ),
            ("name", Some(text)) => name = Some(text.to_string()),
            ("name", None) => {
                problems.push_at(value_at, format!("`name` takes a value, not {kind}"))
            }
            ("if", Some("always" | "always()")) => always = true,
            ("if", Some("success" | "success()")) => always = false,
            ("if", Some(other)) => problems.push_at(
                value_at,
                format!("`if: {other}` is not understood; use `always` (or leave it out)"),
            ),
            ("if", None) => problems.push_at(value_at, format!("`if` takes `always`, not {kind}")),
            (word, _) => match Action::from_name(word) {
                Some(_) if action.is_some() => problems.push_at(
                    key_at,
                    format!(
                        "a step runs one action; `{word}` is a second one: make it its own step"
                    ),
                ),
                Some(found) => action = Some((found, key_at, value)),
                None => problems.push_at(key_at, unknown_key(word)),
            },
        }
    }
    let Some((action, action_at, value)) = action else {
        problems.push_at(
            at,
            format!("this step names no action; use one of: {}", action_names()),
        );
        return None;
    };
    let settings = read_settings(action, action_at, value, file, problems);
    Some(Step {
        number,
        at,
        id,
        name,
        always,
        action,
        settings,
    })
}

fn read_settings(
    action: Action,
    at: Location,
    value: &Tree,
    file: &str,
    problems: &mut Problems,
) -> Vec<Setting> {
    let entries = match &value.node {
        Node::Map(entries) => entries.as_slice(),
        Node::Null => &[],
        other => {
            problems.push_at(
                at,
                format!(
                    "`{}` takes a mapping of settings, not {}",
                    action.name(),
                    other.kind()
                ),
            );
            return Vec::new();
        }
    };
    let mut settings = Vec::new();
    for (name, key_pos, value) in entries {
        let name = name.as_str();
        let key_at = key_pos.in_file(file);
        let value_at = value.at.in_file(file);
        if session::SETTINGS.contains(&name) || crate::inputs::SECRETS.contains(&name) {
            let message = format!(
                "`{name}` is set once for the whole run (flag, S247_* variable or input), not per step"
            );
            problems.push_at(key_at, message);
            continue;
        }
        if !action.settings().contains(&name) {
            let mut known: Vec<_> = action.settings().to_vec();
            known.sort_unstable();
            let message = format!(
                "`{}` has no setting `{name}`; it takes: {}",
                action.name(),
                known.join(", ")
            );
            problems.push_at(key_at, message);
            continue;
        }
        let text = match &value.node {
            Node::Text(text) | Node::Plain(text) => text.clone(),
            Node::Null => String::new(),
            // A list becomes one item per line, as settings lists are read.
            Node::Seq(items) => {
                let mut texts = Vec::new();
                for item in items {
                    match item.node.scalar() {
                        Some(text) => texts.push(text.to_string()),
                        None => problems.push_at(
                            item.at.in_file(file),
                            format!("`{name}` lists values, not {}", item.node.kind()),
                        ),
                    }
                }
                texts.join("\n")
            }
            Node::Map(_) => {
                problems.push_at(
                    value_at,
                    format!("`{name}` takes a value or a list, not a mapping"),
                );
                continue;
            }
        };
        match template::parse(&text) {
            Ok(parts) => settings.push(Setting {
                name: name.to_string(),
                parts,
                at: value_at,
            }),
            Err(message) => problems.push_at(value_at, message),
        }
    }
    settings
}

/// Every `${env:…}` must be set and every `${steps.ID.OUTPUT}` must name an earlier step with
/// that output.
fn check_references(step: &Step, earlier: &[Step], env: &Env, problems: &mut Problems) {
    for setting in &step.settings {
        for part in &setting.parts {
            match part {
                Part::Env(name) if env.get(name).is_none() => problems.push_at(
                    setting.at.clone(),
                    format!("`${{env:{name}}}` is not set (or empty) in the environment"),
                ),
                Part::Output { step: id, output } => match earlier.iter().find(|s| s.id.as_deref() == Some(id)) {
                    None => problems.push_at(
                        setting.at.clone(),
                        format!("`${{steps.{id}.{output}}}`: no earlier step has the id `{id}`"),
                    ),
                    Some(source) if !source.action.outputs().contains(&output.as_str()) => problems.push_at(
                        setting.at.clone(),
                        format!(
                            "`${{steps.{id}.{output}}}`: `{}` has no output `{output}`; it has: {}",
                            source.action.name(),
                            source.action.outputs().join(", ")
                        ),
                    ),
                    Some(_) => {}
                },
                _ => {}
            }
        }
    }
}

fn valid_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn action_names() -> String {
    Action::ALL
        .iter()
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_key(word: &str) -> String {
    let closest = Action::ALL
        .iter()
        .map(|a| a.name())
        .chain(STEP_KEYS.iter().copied())
        .max_by(|a, b| strsim::jaro_winkler(word, a).total_cmp(&strsim::jaro_winkler(word, b)))
        .filter(|best| strsim::jaro_winkler(word, best) > 0.8);
    match closest {
        Some(best) => format!("unknown action `{word}`; did you mean `{best}`?"),
        None => format!("unknown action `{word}`; use one of: {}", action_names()),
    }
}

/// A `file` setting written relative to the steps file is read relative to it.
pub fn resolve_path(steps_file: &str, value: &str) -> String {
    let path = Path::new(value);
    if path.is_absolute() {
        return value.to_string();
    }
    match Path::new(steps_file).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path).to_string_lossy().into_owned(),
        _ => value.to_string(),
    }
}
