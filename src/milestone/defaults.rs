//! A marker's name and message when none is given, from what the CI platform says about the run.
//!
//! - name: `Deploy <short sha> (<ref>)` — GitHub `GITHUB_SHA`/`GITHUB_REF_NAME`, Azure DevOps
//!   `BUILD_SOURCEVERSION`/`BUILD_SOURCEBRANCHNAME`, GitLab `CI_COMMIT_SHA`/`CI_COMMIT_REF_NAME`;
//! - message: the run's URL — GitHub `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`,
//!   Azure DevOps `SYSTEM_COLLECTIONURI` + `SYSTEM_TEAMPROJECT/_build/results?buildId=BUILD_BUILDID`,
//!   GitLab `CI_PIPELINE_URL` — else the commit message where the platform gives it
//!   (`BUILD_SOURCEVERSIONMESSAGE`, `CI_COMMIT_TITLE`).

use crate::inputs::Env;

pub fn name(env: &Env) -> String {
    let pick = |names: &[&str]| names.iter().find_map(|n| env.get(n)).map(str::to_string);
    let sha = pick(&["GITHUB_SHA", "BUILD_SOURCEVERSION", "CI_COMMIT_SHA"]);
    let reference = pick(&[
        "GITHUB_REF_NAME",
        "BUILD_SOURCEBRANCHNAME",
        "CI_COMMIT_REF_NAME",
    ]);
    let mut name = String::from("Deploy");
    if let Some(sha) = sha {
        name.push(' ');
        name.extend(sha.chars().take(7));
    }
    if let Some(reference) = reference {
        name.push_str(&format!(" ({reference})"));
    }
    if name == "Deploy" {
        name.push_str(" (s247)");
    }
    name
}

pub fn message(env: &Env) -> Option<String> {
    if let (Some(server), Some(repo), Some(run)) = (
        env.get("GITHUB_SERVER_URL"),
        env.get("GITHUB_REPOSITORY"),
        env.get("GITHUB_RUN_ID"),
    ) {
        return Some(format!(
            "{}/{repo}/actions/runs/{run}",
            server.trim_end_matches('/')
        ));
    }
    if let (Some(collection), Some(project), Some(build)) = (
        env.get("SYSTEM_COLLECTIONURI"),
        env.get("SYSTEM_TEAMPROJECT"),
        env.get("BUILD_BUILDID"),
    ) {
        return Some(format!(
            "{}/{project}/_build/results?buildId={build}",
            collection.trim_end_matches('/')
        ));
    }
    [
        "CI_PIPELINE_URL",
        "BUILD_SOURCEVERSIONMESSAGE",
        "CI_COMMIT_TITLE",
    ]
    .iter()
    .find_map(|n| env.get(n))
    .map(|m| m.lines().next().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_run_gives_sha_ref_and_url() {
        let env = Env::from_pairs([
            ("GITHUB_SHA", "1a2b3c4d5e6f"),
            ("GITHUB_REF_NAME", "main"),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "octo/shop"),
            ("GITHUB_RUN_ID", "42"),
        ]);
        assert_eq!(name(&env), "Deploy 1a2b3c4 (main)");
        assert_eq!(
            message(&env).unwrap(),
            "https://github.com/octo/shop/actions/runs/42"
        );
        let none = Env::default();
        assert_eq!(name(&none), "Deploy (s247)");
        assert_eq!(message(&none), None);
    }
}
