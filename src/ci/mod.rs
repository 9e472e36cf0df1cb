//! Everything a CI system sees of s247 (`design.md` §3). This module is the only place that
//! knows workflow-command and logging-command syntax.
//!
//! Streams: logs *and* platform commands go to stderr, in the order they happen (both runners read
//! commands from either stream, and one stream keeps a mask ahead of everything after it); stdout
//! carries only data — the primary output of a plain run, or the `--json` object — so
//! `$(s247 …)` captures exactly that.

pub mod escape;
pub mod style;
pub mod table;

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Location, Result};
use crate::inputs::{Env, azure_input};
use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    GitHub,
    Azure,
    Plain,
}

impl Platform {
    /// `--ci` if given, else detected from the variables each runner sets.
    pub fn detect(env: &Env, explicit: Option<&str>) -> Result<Platform> {
        match explicit.map(str::to_ascii_lowercase).as_deref() {
            Some("github") => Ok(Platform::GitHub),
            Some("azure") => Ok(Platform::Azure),
            Some("plain") => Ok(Platform::Plain),
            Some(other) => Err(Error::invalid(format!(
                "--ci: unknown platform `{other}`; use github, azure or plain"
            ))),
            None if env.get("GITHUB_ACTIONS") == Some("true") => Ok(Platform::GitHub),
            None if env
                .get("TF_BUILD")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")) =>
            {
                Ok(Platform::Azure)
            }
            None => Ok(Platform::Plain),
        }
    }
}

/// The variable that shows this process runs in some CI job, of any vendor (watson/ci-info
/// `vendors.json`; `CI` is set by nearly all of them), whatever `--ci` says.
pub fn detected_ci(env: &Env) -> Option<&'static str> {
    if env
        .get("CI")
        .is_some_and(|v| !matches!(v.to_ascii_lowercase().as_str(), "false" | "0" | "no"))
    {
        return Some("CI");
    }
    [
        "GITHUB_ACTIONS",
        "TF_BUILD",
        "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI",
        "GITLAB_CI",
        "JENKINS_URL",
        "BITBUCKET_BUILD_NUMBER",
        "BITBUCKET_COMMIT",
        "CIRCLECI",
        "BUILDKITE",
        "TEAMCITY_VERSION",
        "TRAVIS",
        "DRONE",
        "CODEBUILD_BUILD_ID",
        "APPVEYOR",
    ]
    .into_iter()
    .find(|name| env.get(name).is_some())
}

/// One output of a command, named in kebab-case (`maintenance-id`).
#[derive(Clone, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    pub value: String,
    pub secret: bool,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            "[redacted]"
        } else {
            self.value.as_str()
        };
        write!(f, "{}={value}", self.name)
    }
}

impl Output {
    pub fn plain(name: &str, value: impl Into<String>) -> Self {
        Output {
            name: name.to_string(),
            value: value.into(),
            secret: false,
        }
    }
    pub fn secret(name: &str, value: &Secret) -> Self {
        Output {
            name: name.to_string(),
            value: value.expose().to_string(),
            secret: true,
        }
    }
}

/// Where the reporter writes; tests swap these for buffers.
pub struct Sinks {
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
}

impl Sinks {
    pub fn process() -> Self {
        Sinks {
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
        }
    }
}

/// Plain-mode options for machine-readable results.
#[derive(Debug, Clone, Default)]
pub struct PlainOptions {
    /// Print every output as one JSON object on stdout.
    pub json: bool,
    /// Write non-secret outputs as `NAME=value` lines (GitLab dotenv, Bitbucket, …).
    pub output_file: Option<PathBuf>,
}

/// Writes everything a run shows. Shared by reference (it locks inside), so the API client's
/// worker threads and the token code can log and mask through the same one.
pub struct Reporter {
    platform: Platform,
    inner: std::sync::Mutex<Inner>,
    /// Colour and tables for a person at a terminal (`style.rs`, `table.rs`).
    presentation: style::Presentation,
    table_shown: std::sync::atomic::AtomicBool,
}

struct Inner {
    sinks: Sinks,
    options: PlainOptions,
    github_output: Option<PathBuf>,
    github_summary: Option<PathBuf>,
    github_state: Option<PathBuf>,
    temp_dir: Option<PathBuf>,
    /// The Azure DevOps summary file of this run, once created.
    azure_summary: Option<PathBuf>,
    /// Every secret value registered so far; log text is scrubbed of them as a last defence.
    secrets: Vec<String>,
    outputs: Vec<Output>,
    open_groups: usize,
    /// Lists kept for the clean-up step, by name.
    states: std::collections::BTreeMap<String, Vec<String>>,
    /// Azure DevOps job variables an earlier task of the job set (`S247_OPENED_WINDOWS`).
    job_variables: std::collections::BTreeMap<String, String>,
}

impl Reporter {
    pub fn new(platform: Platform, env: &Env, options: PlainOptions, sinks: Sinks) -> Self {
        let path = |name: &str| env.get(name).map(PathBuf::from);
        Reporter {
            platform,
            inner: std::sync::Mutex::new(Inner {
                sinks,
                options,
                github_output: path("GITHUB_OUTPUT"),
                github_summary: path("GITHUB_STEP_SUMMARY"),
                github_state: path("GITHUB_STATE"),
                temp_dir: path("RUNNER_TEMP").or_else(|| path("AGENT_TEMPDIRECTORY")),
                azure_summary: None,
                secrets: Vec::new(),
                outputs: Vec::new(),
                open_groups: 0,
                states: Default::default(),
                job_variables: ["S247_OPENED_WINDOWS"]
                    .iter()
                    .filter_map(|v| Some((v.to_string(), env.get(v)?.to_string())))
                    .collect(),
            }),
            presentation: style::Presentation::default(),
            table_shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere must not silence the log: take the data even if poisoned.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// Register a secret with the platform's masker. Call it the moment the value exists: masks
    /// only cover what is printed after them.
    pub fn mask(&self, secret: &Secret) {
        let value = secret.expose();
        {
            let mut inner = self.inner();
            if value.trim().is_empty() || inner.secrets.iter().any(|s| s == value) {
                return;
            }
            inner.secrets.push(value.to_string());
            // Longest first, so a secret containing another is scrubbed whole.
            inner.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
        match self.platform {
            Platform::GitHub => {
                self.command(&format!("::add-mask::{}", escape::github_data(value)))
            }
            // The agent refuses to mask a value with a line break: mask each line instead.
            Platform::Azure if value.contains(['\n', '\r']) => {
                for line in value.split(['\n', '\r']).map(str::trim) {
                    if !line.is_empty() {
                        self.mask(&Secret::new(line));
                    }
                }
            }
            Platform::Azure => self.command(&format!(
                "##vso[task.setsecret]{}",
                escape::azure_message(value)
            )),
            Platform::Plain => {}
        }
    }

    /// Replace every registered secret in `text` with `***`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.inner().secrets {
            out = out.replace(secret.as_str(), "***");
        }
        out
    }

    /// An informational log line. The text may hold untrusted parts: it is neutralised.
    pub fn info(&self, message: impl AsRef<str>) {
        let text = self.safe(message.as_ref());
        self.line(&text);
    }

    pub fn warning(&self, message: impl AsRef<str>) {
        let text = self.safe(message.as_ref());
        match self.platform {
            Platform::GitHub => self.command(&format!("::warning::{}", escape::github_data(&text))),
            Platform::Azure => self.command(&format!(
                "##vso[task.logissue type=warning;]{}",
                escape::azure_message(&text)
            )),
            Platform::Plain => self.line(&format!("warning: {text}")),
        }
    }

    /// A warning attached to a place in a file (an annotation on GitHub and Azure DevOps).
    pub fn warning_at(&self, message: impl AsRef<str>, at: &Location) {
        let text = self.safe(message.as_ref());
        match self.platform {
            Platform::GitHub => self.command(&format!(
                "::warning file={},line={},col={}::{}",
                escape::github_property(&at.file),
                at.line,
                at.column,
                escape::github_data(&text)
            )),
            Platform::Azure => self.command(&format!(
                "##vso[task.logissue type=warning;sourcepath={};linenumber={};columnnumber={};]{}",
                escape::azure_property(&at.file),
                at.line,
                at.column,
                escape::azure_message(&text)
            )),
            Platform::Plain => self.line(&format!("{at}: warning: {text}")),
        }
    }

    /// An error, attached to a place in a file when there is one.
    pub fn error(&self, message: impl AsRef<str>, at: Option<&Location>) {
        let text = self.safe(message.as_ref());
        match (self.platform, at) {
            (Platform::GitHub, Some(at)) => self.command(&format!(
                "::error file={},line={},col={}::{}",
                escape::github_property(&at.file),
                at.line,
                at.column,
                escape::github_data(&text)
            )),
            (Platform::GitHub, None) => {
                self.command(&format!("::error::{}", escape::github_data(&text)))
            }
            (Platform::Azure, Some(at)) => self.command(&format!(
                "##vso[task.logissue type=error;sourcepath={};linenumber={};columnnumber={};]{}",
                escape::azure_property(&at.file),
                at.line,
                at.column,
                escape::azure_message(&text)
            )),
            (Platform::Azure, None) => self.command(&format!(
                "##vso[task.logissue type=error;]{}",
                escape::azure_message(&text)
            )),
            (Platform::Plain, Some(at)) => self.line(&format!("{at}: error: {text}")),
            (Platform::Plain, None) => self.line(&format!("error: {text}")),
        }
    }

    /// Show an error: each problem of invalid input at its file position, anything else as one
    /// error line.
    pub fn report(&self, error: &Error) {
        match error {
            Error::Invalid(problems) => {
                for problem in problems {
                    self.error(&problem.message, problem.location.as_ref());
                }
            }
            other => self.error(other.to_string(), None),
        }
    }

    /// Report a failed run: every problem (with its file position), then the platform's failure
    /// marker. The process still has to exit non-zero.
    pub fn fail(&self, error: &Error) {
        self.report(error);
        if self.platform == Platform::Azure {
            self.command("##vso[task.complete result=Failed;]s247 failed");
        }
    }

    pub fn group(&self, title: impl AsRef<str>) {
        let title = self.safe(title.as_ref());
        self.inner().open_groups += 1;
        match self.platform {
            Platform::GitHub => self.command(&format!("::group::{}", escape::github_data(&title))),
            Platform::Azure => self.command(&format!("##[group]{}", escape::azure_message(&title))),
            Platform::Plain => self.line(&format!("== {title}")),
        }
    }

    pub fn end_group(&self) {
        {
            let mut inner = self.inner();
            if inner.open_groups == 0 {
                return;
            }
            inner.open_groups -= 1;
        }
        match self.platform {
            Platform::GitHub => self.command("::endgroup::"),
            Platform::Azure => self.command("##[endgroup]"),
            Platform::Plain => {}
        }
    }

    /// Hand an output to later steps. Secrets must already be masked (see [`Reporter::mask`]);
    /// this masks them again to be sure.
    pub fn set_output(&self, output: Output) -> Result<()> {
        if output.secret {
            let secret = Secret::new(output.value.clone());
            self.mask(&secret);
        }
        // Bound first: a guard in a `match` scrutinee would live through the arms, and the
        // warning below locks again.
        let github_output = self.inner().github_output.clone();
        match self.platform {
            Platform::GitHub => match github_output {
                Some(path) => append(&path, &github_file_entry(&output.name, &output.value))?,
                None => self.warning(format!(
                    "GITHUB_OUTPUT is not set; output `{}` is not saved",
                    output.name
                )),
            },
            Platform::Azure => {
                let secret = if output.secret { "issecret=true;" } else { "" };
                let line = format!(
                    "##vso[task.setvariable variable={};isOutput=true;{secret}]{}",
                    escape::azure_property(&azure_input(&output.name)),
                    escape::azure_message(&output.value)
                );
                self.command(&line);
            }
            Platform::Plain => {}
        }
        let mut inner = self.inner();
        inner.outputs.retain(|o| o.name != output.name);
        inner.outputs.push(output);
        Ok(())
    }

    pub fn outputs(&self) -> Vec<Output> {
        self.inner().outputs.clone()
    }

    /// Markdown for the run's summary page (GitHub step summary, Azure DevOps build summary).
    pub fn summary(&self, markdown: &str) -> Result<()> {
        let markdown = self.redact(markdown);
        match self.platform {
            Platform::GitHub => {
                let path = self.inner().github_summary.clone();
                if let Some(path) = path {
                    append(&path, &format!("{markdown}\n"))?;
                }
            }
            Platform::Azure => {
                let path = self.azure_summary_file()?;
                append(&path, &format!("{markdown}\n"))?;
                let line = format!(
                    "##vso[task.uploadsummary]{}",
                    escape::azure_message(&path.to_string_lossy())
                );
                self.command(&line);
            }
            Platform::Plain => {}
        }
        Ok(())
    }

    /// The run's Azure DevOps summary file, created new (never through a planted file or
    /// symlink) on first use: under the job's temp dir, or else in a new private (0700)
    /// directory — never at a guessable name in the shared system temp dir.
    fn azure_summary_file(&self) -> Result<PathBuf> {
        if let Some(path) = self.inner().azure_summary.clone() {
            return Ok(path);
        }
        let name = format!("s247-summary-{}.md", random_hex(8));
        let dir = match self.inner().temp_dir.clone() {
            Some(dir) => dir,
            None => {
                let dir = std::env::temp_dir().join(format!("s247-{}", random_hex(8)));
                crate::auth::cache::create_private_dir(&dir)
                    .map_err(|e| Error::runtime(format!("cannot create {}: {e}", dir.display())))?;
                dir
            }
        };
        let path = dir.join(name);
        crate::auth::cache::private_file(&path)
            .map_err(|e| Error::runtime(format!("cannot create {}: {e}", path.display())))?;
        self.inner().azure_summary = Some(path.clone());
        Ok(path)
    }

    /// Add an item to a comma-separated list kept for this action's clean-up step (GitHub
    /// `post:` reads `STATE_<name>`; Azure DevOps' post-job step reads the job variable
    /// `<NAME>`). Items add up: over several calls in one run, and on Azure DevOps over several
    /// tasks of one job, so no clean-up is lost when a job opens more than one window.
    pub fn save_state(&self, name: &str, item: &str) -> Result<()> {
        let variable = name.replace('-', "_").to_uppercase();
        let (items, path) = {
            let mut inner = self.inner();
            let earlier = match self.platform {
                Platform::Azure => inner.job_variables.get(&variable).cloned(),
                _ => None,
            };
            let items = inner
                .states
                .entry(name.to_string())
                .or_insert_with(|| earlier.into_iter().collect());
            items.push(item.to_string());
            (items.join(","), inner.github_state.clone())
        };
        match self.platform {
            Platform::GitHub => {
                if let Some(path) = path {
                    append(&path, &github_file_entry(name, &items))?;
                }
            }
            Platform::Azure => {
                let line = format!(
                    "##vso[task.setvariable variable={};]{}",
                    escape::azure_property(&variable),
                    escape::azure_message(&items)
                );
                self.command(&line);
            }
            Platform::Plain => {}
        }
        Ok(())
    }

    /// Finish a successful run: close groups, print data on stdout, write the dotenv file.
    /// `primary` names the output a plain run prints alone (so `$(s247 token)` is the token).
    pub fn finish(&self, primary: Option<&str>) -> Result<()> {
        while self.inner().open_groups > 0 {
            self.end_group();
        }
        let (options, outputs) = {
            let inner = self.inner();
            (inner.options.clone(), inner.outputs.clone())
        };
        if options.json {
            // In CI a secret output travels only through the platform's secret channel
            // (`issecret`, a masked GITHUB_OUTPUT entry): never in a JSON object in the log.
            let object: serde_json::Map<String, serde_json::Value> = outputs
                .iter()
                .filter(|o| self.platform == Platform::Plain || !o.secret)
                .map(|o| (o.name.clone(), serde_json::Value::String(o.value.clone())))
                .collect();
            let text = serde_json::to_string_pretty(&object).expect("a map of strings serialises");
            self.data(&text);
        } else if self.platform == Platform::Plain
            && let Some(output) = primary.and_then(|p| outputs.iter().find(|o| o.name == p))
        {
            self.data(&output.value);
        }
        if let Some(path) = options.output_file {
            let mut text = String::new();
            for output in outputs.iter().filter(|o| !o.secret) {
                if output.value.contains(['\n', '\r']) {
                    continue; // dotenv readers take one line per value
                }
                let _ = writeln!(
                    text,
                    "{}={}",
                    output.name.replace('-', "_").to_uppercase(),
                    output.value
                );
            }
            // Appended, like GITHUB_OUTPUT: several steps share one file, and a path that names
            // something precious (`--output-file monitors.yaml`) must never be emptied.
            if !text.is_empty() {
                append(&path, &text)?;
            }
        }
        Ok(())
    }

    /// The dotenv file outputs are appended to (`--output-file`), if any.
    pub fn output_file(&self) -> Option<PathBuf> {
        self.inner().options.output_file.clone()
    }

    fn safe(&self, text: &str) -> String {
        escape::neutralise(&self.redact(text))
    }

    fn line(&self, text: &str) {
        let mut inner = self.inner();
        let _ = writeln!(inner.sinks.stderr, "{text}");
        let _ = inner.sinks.stderr.flush();
    }

    /// A platform command: our own syntax around already-escaped values.
    fn command(&self, line: &str) {
        let mut inner = self.inner();
        let _ = writeln!(inner.sinks.stderr, "{line}");
        let _ = inner.sinks.stderr.flush();
    }

    fn data(&self, text: &str) {
        let _ = self.print_data(&format!("{text}\n"));
    }

    /// Data on stdout, exactly as given in a plain run. Under a CI runner (which reads stdout
    /// for commands too) a line that would be a command is neutralised and registered secrets
    /// are scrubbed: data from the API cannot steer the pipeline.
    pub fn print_data(&self, text: &str) -> Result<()> {
        let text = match self.platform {
            Platform::Plain => text.to_string(),
            Platform::GitHub | Platform::Azure => escape::inert_data(&self.redact(text)),
        };
        let mut inner = self.inner();
        inner
            .sinks
            .stdout
            .write_all(text.as_bytes())
            .and_then(|()| inner.sinks.stdout.flush())
            .map_err(|e| Error::runtime(format!("cannot write to stdout: {e}")))
    }
}

/// One `name<<delimiter` block of a GitHub environment file, with a random delimiter that does
/// not occur as a line of the value (the runner's parser stops at the first such line).
fn github_file_entry(name: &str, value: &str) -> String {
    loop {
        let delimiter = format!("ghadelimiter_{}", random_hex(16));
        if !value.lines().any(|line| line == delimiter) && !name.contains(&delimiter) {
            return format!("{name}<<{delimiter}\n{value}\n{delimiter}\n");
        }
    }
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn append(path: &PathBuf, text: &str) -> Result<()> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::runtime(format!("cannot open {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::runtime(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
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
        rep.info(
            "API said ::warning::boom ##vso[task.complete result=Failed] for 1000.fake-access",
        );
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
}
