//! An emulated Azure DevOps agent running the real `S247` task wrapper (`task/index.js`,
//! `task/post.js`) as the tasks of one classic release agent job, the way the agent treats a Node
//! task (`ci-conventions.md` §2.2, §2.4, §2.8): job variables reach later tasks as environment
//! variables (`.` → `_`, upper case), an output variable is stored as `<reference name>.<name>`,
//! `$(name)` macros in inputs are expanded (left as they are when the variable is unset), a task
//! fails by `task.complete result=Failed` while its node process exits 0, tasks run only while the
//! job succeeds unless their control option says "even if a previous task has failed", and the
//! task's post-job step runs last.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use s247::sandbox::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, Sandbox};

pub use super::Job;

/// The release: the 118th of the `shop-cd` definition, deploying build 4711 of `shop-ci`.
pub const RELEASE_ID: &str = "118";

/// When a task runs (its "Control options → Run this task" setting).
#[derive(Clone, Copy, PartialEq)]
pub enum RunThisTask {
    /// "Only when all previous tasks have succeeded" (the default).
    WhenAllSucceeded,
    /// "Even if a previous task has failed, even if the deployment was canceled".
    Always,
}

/// What one task did.
pub struct Step {
    /// `task.complete result=Failed` was not reported.
    pub succeeded: bool,
    pub skipped: bool,
    /// The task's log (stdout and stderr, as the agent reads commands from both).
    pub log: String,
}

/// One agent job of one environment of the release, run by an emulated agent.
pub struct AgentJob<'a> {
    pub sandbox: &'a Sandbox,
    /// `AGENT_TEMPDIRECTORY`, fresh for every job (and every attempt).
    pub temp: Job,
    pub environment: &'static str,
    pub environment_id: &'static str,
    pub attempt: u32,
    /// Job variables set by earlier tasks, by the name the agent stores them under.
    pub variables: BTreeMap<String, String>,
    pub failed: bool,
    /// The primary artifact is a build (so the agent sets `BUILD_*` to that build's values).
    pub build_artifact: bool,
    /// Inputs of each task that has a post-job step, by reference name, in order.
    pub post_jobs: Vec<BTreeMap<String, String>>,
}

impl<'a> AgentJob<'a> {
    pub fn new(
        sandbox: &'a Sandbox,
        environment: &'static str,
        environment_id: &'static str,
        attempt: u32,
    ) -> Self {
        AgentJob {
            sandbox,
            temp: Job::new(),
            environment,
            environment_id,
            attempt,
            variables: BTreeMap::new(),
            failed: false,
            build_artifact: true,
            post_jobs: Vec::new(),
        }
    }

    /// A release whose primary artifact is a Git repository, not a build: no `BUILD_*` at all.
    pub fn without_build_artifact(mut self) -> Self {
        self.build_artifact = false;
        self
    }

    /// The environment the agent gives every task of this job (no secrets: secret variables of
    /// the variable group reach a task only through its inputs).
    pub fn agent_environment(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = [
            ("TF_BUILD", "True"),
            ("SYSTEM_HOSTTYPE", "release"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/fabrikam/"),
            ("AGENT_JOBNAME", "Agent job"),
            ("SYSTEM_JOBNAME", "Job_1"),
            ("BUILD_BUILDID", "4711"),
            ("BUILD_DEFINITIONNAME", "shop-ci"),
            ("RELEASE_RELEASEID", RELEASE_ID),
            ("RELEASE_RELEASENAME", "Release-118"),
            ("RELEASE_DEFINITIONNAME", "shop-cd"),
            ("RELEASE_ENVIRONMENTNAME", self.environment),
            ("RELEASE_ENVIRONMENTID", self.environment_id),
        ]
        .iter()
        .filter(|(k, _)| self.build_artifact || !k.starts_with("BUILD_"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        env.push(("RELEASE_ATTEMPTNUMBER".into(), self.attempt.to_string()));
        env.push((
            "AGENT_JOBSTATUS".into(),
            if self.failed { "Failed" } else { "Succeeded" }.into(),
        ));
        env.push((
            "AGENT_TEMPDIRECTORY".into(),
            self.temp.dir.path().display().to_string(),
        ));
        for (name, value) in &self.variables {
            env.push((name.replace('.', "_").to_uppercase(), value.clone()));
        }
        env
    }

    /// The s247 task's inputs every step shares: the connection, with the secrets from the
    /// variable group (`$(S247_CLIENT_SECRET)` …, expanded by the agent).
    fn connection(action: &str) -> BTreeMap<String, String> {
        [
            ("action", action.to_string()),
            ("clientId", SANDBOX_CLIENT_ID.to_string()),
            ("clientSecret", SANDBOX_CLIENT_SECRET.to_string()),
            ("refreshToken", SANDBOX_REFRESH_TOKEN.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// `$(name)` → the variable's value; an unset variable's macro stays as it is.
    fn expand(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, value) in &self.variables {
            out = out.replace(&format!("$({name})"), value);
        }
        out
    }

    /// Run the s247 task (`task/index.js`) with reference name `reference` and these inputs.
    pub fn s247_task(
        &mut self,
        reference: &str,
        run: RunThisTask,
        inputs: &[(&str, &str)],
    ) -> Step {
        let mut all = Self::connection(inputs[0].1);
        for (name, value) in &inputs[1..] {
            all.insert(name.to_string(), self.expand(value));
        }
        if self.failed && run == RunThisTask::WhenAllSucceeded {
            return Step {
                succeeded: false,
                skipped: true,
                log: String::new(),
            };
        }
        let step = self.node("task/index.js", reference, &all);
        if !step.succeeded {
            self.failed = true;
        }
        self.post_jobs.push(all);
        step
    }

    /// A task of the user's that fails (a deploy script that exits 1).
    pub fn failing_deploy(&mut self) {
        self.failed = true;
    }

    /// The end of the job: every s247 task's post-job step (`task/post.js`), last task first.
    pub fn finish(&mut self) -> Vec<Step> {
        let post_jobs: Vec<_> = self.post_jobs.drain(..).rev().collect();
        post_jobs
            .iter()
            .map(|inputs| self.node("task/post.js", "post", inputs))
            .collect()
    }

    fn node(&mut self, script: &str, reference: &str, inputs: &BTreeMap<String, String>) -> Step {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut cmd = Command::new("node");
        cmd.arg(root.join(script))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.temp.dir.path())
            .env("S247_TEST_FAKE_SLEEP", "1")
            .env("S247_BINARY", env!("CARGO_BIN_EXE_s247"))
            .env("INPUT_ACCOUNTSURL", self.sandbox.base_url())
            .env("INPUT_APIURL", self.sandbox.api_url())
            .envs(self.agent_environment());
        for (name, value) in inputs {
            cmd.env(format!("INPUT_{}", name.to_uppercase()), value);
        }
        let out = cmd.output().expect("node runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "the Node handler must exit 0 (a failure is reported with task.complete)"
        );
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        no_secret(&log);
        let mut succeeded = true;
        for line in log.lines() {
            if line.contains("##vso[task.complete result=Failed") {
                succeeded = false;
            }
            if let Some((name, value, output)) = set_variable(line) {
                let name = if output {
                    format!("{reference}.{name}")
                } else {
                    name
                };
                self.variables.insert(name, value);
            }
        }
        Step {
            succeeded,
            skipped: false,
            log,
        }
    }
}

/// `##vso[task.setvariable variable=N;isOutput=true;]V` → (N, V, is output), as the agent parses
/// it (`Command.cs`: properties split on `;` then on the first `=`, names case-insensitive; the
/// value unescaped by `CommandStringConvertor.cs`).
pub fn set_variable(line: &str) -> Option<(String, String, bool)> {
    let at = line.find("##vso[task.setvariable ")?;
    let rest = &line[at + "##vso[task.setvariable ".len()..];
    let (properties, value) = rest.split_once(']')?;
    let mut name = None;
    let mut output = false;
    for property in properties.split(';') {
        let (key, val) = property.split_once('=').unwrap_or((property, ""));
        match key.trim().to_lowercase().as_str() {
            "variable" => name = Some(val.to_string()),
            "isoutput" => output = val.eq_ignore_ascii_case("true"),
            _ => {}
        }
    }
    let unescape = |s: &str| {
        s.replace("%3B", ";")
            .replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%5D", "]")
            .replace("%AZP25", "%")
    };
    Some((unescape(&name?), unescape(value), output))
}

pub fn no_secret(log: &str) {
    for line in log.lines() {
        // The agent consumes these and masks their values: they never reach the shown log.
        if line.starts_with("##vso[task.setsecret]") || line.contains("issecret=true;]") {
            continue;
        }
        for secret in [
            SANDBOX_CLIENT_SECRET,
            SANDBOX_REFRESH_TOKEN,
            "sandbox-access-",
        ] {
            assert!(!line.contains(secret), "the log leaks a secret: {line}");
        }
    }
}
