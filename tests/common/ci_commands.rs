//! What each CI runner would read as a command in captured output, by the rules of
//! `ci-conventions.md` §1.4 and §2.3, so a test can check that only the commands s247 meant to send
//! are there — whatever text a hostile server or file put in names, messages and data.
//!
//! - GitHub (actions/runner `ActionCommand.cs`): lines split on CR and LF; after leading
//!   whitespace, `::name props::data`; legacy `##[name props]data` anywhere in a line;
//!   `::stop-commands::TOKEN` turns everything off until a line `::TOKEN::`. Both streams are read.
//! - Azure DevOps (azure-pipelines-agent `Command.cs`): `##vso[area.event props]data` anywhere in
//!   a line, and the formatting commands `##[group]`, `##[endgroup]`, … anywhere too.

/// One command a runner would act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiCommand {
    /// `add-mask`, `warning`, `task.setvariable`, `group`, …, lowercased.
    pub name: String,
    /// Properties, names lowercased, values as written (still escaped).
    pub properties: Vec<(String, String)>,
    pub data: String,
}

impl CiCommand {
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    GitHub,
    Azure,
}

fn runner_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r'])
}

/// Every command the runner would act on in `text` (one stream, in order).
pub fn ci_commands(runner: Runner, text: &str) -> Vec<CiCommand> {
    match runner {
        Runner::GitHub => github_commands(text),
        Runner::Azure => azure_commands(text),
    }
}

fn github_commands(text: &str) -> Vec<CiCommand> {
    let mut out = Vec::new();
    let mut stopped_until: Option<String> = None;
    for line in runner_lines(text) {
        if let Some(token) = &stopped_until {
            if line.trim_start() == format!("::{token}::") {
                stopped_until = None;
            }
            continue;
        }
        if let Some(command) = github_v2(line).or_else(|| legacy(line, "##[", ';')) {
            if command.name == "stop-commands" {
                stopped_until = Some(command.data.clone());
            }
            out.push(command);
        }
    }
    out
}

fn github_v2(line: &str) -> Option<CiCommand> {
    let rest = line.trim_start().strip_prefix("::")?;
    let end = rest.find("::")?;
    let (info, data) = (&rest[..end], &rest[end + 2..]);
    let (name, props) = info.split_once(' ').unwrap_or((info, ""));
    if name.is_empty() {
        return None;
    }
    Some(CiCommand {
        name: name.to_lowercase(),
        properties: properties(props, ','),
        data: data.to_string(),
    })
}

/// `PREFIX name props]data`, found anywhere in the line (GitHub legacy `##[`, Azure `##vso[`).
fn legacy(line: &str, prefix: &str, separator: char) -> Option<CiCommand> {
    let start = line.find(prefix)? + prefix.len();
    let end = start + line[start..].find(']')?;
    let info = &line[start..end];
    let (name, props) = info.split_once(' ').unwrap_or((info, ""));
    if name.trim().is_empty() {
        return None;
    }
    Some(CiCommand {
        name: name.trim().to_lowercase(),
        properties: properties(props, separator),
        data: line[end + 1..].to_string(),
    })
}

fn properties(text: &str, separator: char) -> Vec<(String, String)> {
    text.split(separator)
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_lowercase(), v.to_string()),
            None => (p.trim().to_lowercase(), String::new()),
        })
        .collect()
}

fn azure_commands(text: &str) -> Vec<CiCommand> {
    runner_lines(text)
        .filter_map(|line| {
            // The agent looks for `##vso[` first; a formatting `##[` elsewhere in the line still
            // changes how the viewer shows it, so it counts too.
            legacy(line, "##vso[", ';').or_else(|| {
                legacy(line, "##[", ';').map(|mut c| {
                    c.name = format!("format.{}", c.name);
                    c
                })
            })
        })
        .collect()
}

/// The commands s247 sends on GitHub.
pub const GITHUB_COMMANDS: &[&str] = &[
    "add-mask", "warning", "error", "notice", "debug", "group", "endgroup",
];
/// The commands s247 sends on Azure DevOps.
pub const AZURE_COMMANDS: &[&str] = &[
    "task.setsecret",
    "task.setvariable",
    "task.logissue",
    "task.complete",
    "task.uploadsummary",
    "format.group",
    "format.endgroup",
];

/// Panic if `text` (one captured stream of a run on `runner`) holds a command s247 did not mean
/// to send: an unknown command name, a `task.setvariable` of a variable outside `variables`, or
/// any command whose name or properties carry `marker` (the hostile payload's tag).
pub fn assert_only_own_commands(
    runner: Runner,
    what: &str,
    text: &str,
    variables: &[&str],
    marker: &str,
) {
    let allowed = match runner {
        Runner::GitHub => GITHUB_COMMANDS,
        Runner::Azure => AZURE_COMMANDS,
    };
    for command in ci_commands(runner, text) {
        assert!(
            allowed.contains(&command.name.as_str()),
            "{what}: a command s247 never sends: {command:?}\n--- {what} ---\n{text}"
        );
        if command.name == "task.setvariable" {
            let variable = command.property("variable").unwrap_or_default();
            assert!(
                variables.iter().any(|v| v.eq_ignore_ascii_case(variable)),
                "{what}: sets variable `{variable}`: {command:?}\n--- {what} ---\n{text}"
            );
        }
        let props = format!("{} {:?}", command.name, command.properties);
        assert!(
            marker.is_empty() || !props.to_lowercase().contains(&marker.to_lowercase()),
            "{what}: the hostile text reached a command's properties: {command:?}"
        );
    }
}

/// Both streams of a CI run checked at once (the runners read both).
pub fn assert_streams_clean(
    runner: Runner,
    stdout: &str,
    stderr: &str,
    variables: &[&str],
    marker: &str,
) {
    assert_only_own_commands(runner, "stdout", stdout, variables, marker);
    assert_only_own_commands(runner, "stderr", stderr, variables, marker);
    // stdout carries data only: no command at all.
    assert!(
        ci_commands(runner, stdout).is_empty(),
        "stdout carries a command: {:?}\n{stdout}",
        ci_commands(runner, stdout)
    );
}
