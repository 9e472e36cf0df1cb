//! The [`Reporter`]: logs, masks, annotations, groups, outputs, state and summaries, written
//! in the syntax of the platform the run is on.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use super::files::{append, github_file_entry, random_hex};
use super::json::Failure;
use super::{Output, Platform, escape};
use crate::error::{Error, Location, Problem, Result};
use crate::inputs::{Env, azure_input};
use crate::secret::Secret;

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
    pub(super) presentation: super::style::Presentation,
    pub(super) table_shown: std::sync::atomic::AtomicBool,
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
    /// The run's failure, for the `--json` object's `error`.
    failure: Option<Failure>,
    /// Whether the `--json` object was printed (there is only ever one).
    json_printed: bool,
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
                failure: None,
                json_printed: false,
            }),
            presentation: super::style::Presentation::default(),
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
        let failure = Failure::of(error, |text| self.redact(text));
        self.fail_as(error, failure.exit_code, failure.problems);
    }

    /// [`Reporter::fail`] for a failure that sums up others (`s247 run`: "1 of 3 steps failed"),
    /// with the exit code and the problems the `--json` object is to show.
    pub fn fail_as(&self, error: &Error, exit_code: u8, problems: Vec<Problem>) {
        self.report(error);
        let failure = Failure {
            message: self.redact(&error.to_string()),
            exit_code,
            problems: problems
                .into_iter()
                .map(|p| Problem {
                    message: self.redact(&p.message),
                    ..p
                })
                .collect(),
        };
        self.inner().failure.get_or_insert(failure);
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
        if output.json_only {
            self.keep_output(output);
            return Ok(());
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
        self.keep_output(output);
        Ok(())
    }

    fn keep_output(&self, output: Output) {
        let mut inner = self.inner();
        inner.outputs.retain(|o| o.name != output.name);
        inner.outputs.push(output);
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

    /// Finish a run that did not fail outright: close groups, print data on stdout, write the
    /// dotenv file. `primary` names the output a plain run prints alone (so `$(s247 token)` is
    /// the token). A failure reported on the way (a step of `s247 run`) is in the `--json` object.
    pub fn finish(&self, primary: Option<&str>) -> Result<()> {
        self.close_groups();
        let (options, outputs) = {
            let inner = self.inner();
            (inner.options.clone(), inner.outputs.clone())
        };
        // The file first: if it cannot be written, the `--json` object says so.
        if let Some(path) = options.output_file {
            let mut text = String::new();
            for output in outputs.iter().filter(|o| !o.secret && !o.json_only) {
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
        if options.json {
            self.print_json();
        } else if self.platform == Platform::Plain
            && let Some(output) = primary.and_then(|p| outputs.iter().find(|o| o.name == p))
        {
            self.data(&output.value);
        }
        Ok(())
    }

    /// Finish a failed run (after [`Reporter::fail`]): close groups and, under `--json`, print
    /// the one object on stdout with the outputs set so far and the `error`.
    pub fn finish_failed(&self) {
        self.close_groups();
        if self.json_requested() {
            self.print_json();
        }
    }

    /// Whether `--json` asked for one JSON object on stdout.
    pub fn json_requested(&self) -> bool {
        self.inner().options.json
    }

    fn close_groups(&self) {
        while self.inner().open_groups > 0 {
            self.end_group();
        }
    }

    /// The `--json` object, once. In CI a secret output travels only through the platform's
    /// secret channel (`issecret`, a masked GITHUB_OUTPUT entry): never in the log.
    fn print_json(&self) {
        let (outputs, failure) = {
            let mut inner = self.inner();
            if std::mem::replace(&mut inner.json_printed, true) {
                return;
            }
            (inner.outputs.clone(), inner.failure.clone())
        };
        let with_secrets = self.platform == Platform::Plain;
        let object = super::json::object(&outputs, with_secrets, failure.as_ref());
        self.data(&object);
    }

    /// The dotenv file outputs are appended to (`--output-file`), if any.
    pub fn output_file(&self) -> Option<PathBuf> {
        self.inner().options.output_file.clone()
    }

    pub(super) fn safe(&self, text: &str) -> String {
        escape::neutralise(&self.redact(text))
    }

    pub(super) fn line(&self, text: &str) {
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
