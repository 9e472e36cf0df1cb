//! Which CI system runs s247: GitHub Actions, Azure DevOps, or anything else (plain).

use crate::error::{Error, Result};
use crate::inputs::Env;

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
