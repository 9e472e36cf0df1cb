//! One CI job, as the tests' scenarios live it: the real binary with a clean environment and the
//! job's own runner directory, connected to the sandbox or to a mock server, optionally as a
//! GitHub Actions step; each run leak-checked and read back as a CI system sees it.
//!
//! ```ignore
//! let deploy = CiJob::on_sandbox(&sandbox).github("1001");
//! let r = deploy.run(&["maintenance", "start", "--monitors", "Homepage", "--duration", "30m"]);
//! assert_eq!(r.code, 0, "{}", r.stderr);
//! let id = &deploy.outputs()["maintenance-id"];
//! ```

use std::collections::BTreeMap;
use std::ffi::OsString;

use s247::sandbox::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, Sandbox};

use super::sandbox::Run;
use super::{
    CLIENT_ID, CLIENT_SECRET, Job, REFRESH_TOKEN, assert_no_sandbox_secret, assert_no_secret,
    parse_github_file, s247,
};

/// Where the job's s247 connects, and the environment every run of the job gets.
pub struct CiJob<'a> {
    pub job: Job,
    connection: Connection<'a>,
    env: Vec<(String, OsString)>,
    /// Stdout is where this job's `s247 token` hands the token on, so it is not leak-checked.
    token_on_stdout: bool,
    /// The connection reaches s247 as the Azure DevOps task's inputs (`INPUT_CLIENTID`, …).
    task_inputs: bool,
}

enum Connection<'a> {
    /// The sandbox's full-scope credentials and URLs.
    Sandbox(&'a Sandbox),
    /// The fake credentials of `common`, both servers at this URL (a mockito server).
    Server(String),
}

impl<'a> CiJob<'a> {
    /// A job connected to the sandbox with its full-scope credentials.
    pub fn on_sandbox(sandbox: &'a Sandbox) -> Self {
        CiJob::with(Connection::Sandbox(sandbox))
    }

    /// A job connected to a mock server (`server.url()`) with the fake credentials.
    pub fn on_server(url: &str) -> Self {
        CiJob::with(Connection::Server(url.to_string()))
    }

    fn with(connection: Connection<'a>) -> Self {
        CiJob {
            job: Job::new(),
            connection,
            env: Vec::new(),
            token_on_stdout: false,
            task_inputs: false,
        }
    }

    /// The same job as a step of run `run_id`, job `deploy`, of `octo/shop` on GitHub Actions;
    /// its `GITHUB_OUTPUT`, `GITHUB_STATE` and `GITHUB_STEP_SUMMARY` are `output`, `state` and
    /// `summary` in the job's directory.
    pub fn github(self, run_id: &str) -> Self {
        let files = [
            ("GITHUB_OUTPUT", "output"),
            ("GITHUB_STATE", "state"),
            ("GITHUB_STEP_SUMMARY", "summary"),
        ]
        .map(|(name, file)| (name, self.path(file).into_os_string()));
        let mut job = self
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_REPOSITORY", "octo/shop")
            .env("GITHUB_RUN_ID", run_id)
            .env("GITHUB_JOB", "deploy");
        for (name, path) in files {
            job = job.env(name, path);
        }
        job
    }

    /// The same job as the `S247` task of an Azure DevOps release: project `Shop`, build 4711,
    /// stage `Production`, job `Deploy` (label `Shop#4711/Production.Deploy`); the connection
    /// comes as the task's inputs, the rest of the inputs from [`CiJob::env`] (`INPUT_MONITORS`).
    pub fn azure_task(mut self) -> Self {
        self.task_inputs = true;
        self.env("TF_BUILD", "True")
            .env("SYSTEM_TEAMPROJECT", "Shop")
            .env("BUILD_BUILDID", "4711")
            .env("SYSTEM_STAGENAME", "Production")
            .env("SYSTEM_JOBNAME", "Deploy")
    }

    /// A job whose steps run `s247 token`: stdout carries the token by design.
    pub fn printing_the_token(mut self) -> Self {
        self.token_on_stdout = true;
        self
    }

    /// One more variable for every run of the job.
    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Self {
        self.env.push((name.to_string(), value.into()));
        self
    }

    /// The binary for one step of this job, before its arguments.
    pub fn s247(&self) -> assert_cmd::Command {
        let mut cmd = s247(&self.job);
        let names = if self.task_inputs {
            [
                "INPUT_CLIENTID",
                "INPUT_CLIENTSECRET",
                "INPUT_REFRESHTOKEN",
                "INPUT_ACCOUNTSURL",
                "INPUT_APIURL",
            ]
        } else {
            [
                "S247_CLIENT_ID",
                "S247_CLIENT_SECRET",
                "S247_REFRESH_TOKEN",
                "S247_ACCOUNTS_URL",
                "S247_API_URL",
            ]
        };
        for (name, value) in names.into_iter().zip(self.connection()) {
            cmd.env(name, value);
        }
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        cmd
    }

    /// Client id, client secret, refresh token, accounts URL, API URL.
    fn connection(&self) -> [String; 5] {
        match &self.connection {
            Connection::Sandbox(sandbox) => [
                SANDBOX_CLIENT_ID.to_string(),
                SANDBOX_CLIENT_SECRET.to_string(),
                SANDBOX_REFRESH_TOKEN.to_string(),
                sandbox.base_url(),
                sandbox.api_url(),
            ],
            Connection::Server(url) => [
                CLIENT_ID.to_string(),
                CLIENT_SECRET.to_string(),
                REFRESH_TOKEN.to_string(),
                url.clone(),
                format!("{url}/api"),
            ],
        }
    }

    /// Run one step with these arguments: what the CI system saw, checked for leaks.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_cmd(self.s247().args(args))
    }

    /// Run a step built from [`CiJob::s247`] (extra variables, stdin, …), checked for leaks.
    pub fn run_cmd(&self, cmd: &mut assert_cmd::Command) -> Run {
        let out = cmd.output().unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        if !self.token_on_stdout {
            assert_no_secret("stdout", &run.stdout);
            assert_no_sandbox_secret("stdout", &run.stdout);
        }
        assert_no_secret("stderr", &run.stderr);
        assert_no_sandbox_secret("stderr", &run.stderr);
        for (path, text) in self.job.files_text() {
            assert_no_sandbox_secret(&path.display().to_string(), &text);
        }
        run
    }

    /// The step outputs written so far (`GITHUB_OUTPUT`; later values win).
    pub fn outputs(&self) -> BTreeMap<String, String> {
        parse_github_file(&self.path("output"))
    }

    /// What the steps saved for the post step (`GITHUB_STATE`).
    pub fn state(&self) -> BTreeMap<String, String> {
        parse_github_file(&self.path("state"))
    }
}

/// The job's directory and its files: `path`, `files_text`.
impl std::ops::Deref for CiJob<'_> {
    type Target = Job;
    fn deref(&self) -> &Job {
        &self.job
    }
}
