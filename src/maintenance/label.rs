//! Labels (`design.md` §6): what ties a window to the CI run and job that opened it, so a re-run
//! finds it again and `end --label` touches only its own windows.
//!
//! A label is stamped as the last line of the window's description, `s247-label: <label>`. A
//! window a person made never carries that line, and reading takes the text after the *last*
//! marker, so the label is found even if the service folds the description onto one line.
//!
//! The line before it records the zone the window's times were written in,
//! `s247-timezone: Europe/Berlin`: the API answers windows without their `timezone`
//! (`site24x7-api.md` §8 row 4), so this line is how s247 places its own windows in time. It
//! sits *before* the label so that the label stays the rest of the last line (an older s247 still
//! finds it), and a zone name is one word, so it reads back from a folded description too.

use jiff::Timestamp;

use crate::actions::Context;
use crate::error::{Problems, Result};
use crate::inputs::{Env, Settings};

pub const MARKER: &str = "s247-label:";

/// Marks the zone a window's times were written in.
pub const ZONE_MARKER: &str = "s247-timezone:";

/// Longest label accepted: it ends up in the window's description and display name.
pub const MAX_LEN: usize = 200;

/// The description to send: the user's text (or a default), the zone line, then the label line.
pub fn stamp(description: Option<&str>, label: &str, zone: &str) -> String {
    let text = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or("Opened by s247 around a deployment; it ends by itself when its time is up.");
    format!("{text}\n\n{ZONE_MARKER} {zone}\n{MARKER} {label}")
}

/// The zone recorded in a labelled description (the word after the last zone marker before the
/// label), if any.
pub fn zone_of(description: &str) -> Option<&str> {
    let before_label = &description[..description.rfind(MARKER)?];
    let at = before_label.rfind(ZONE_MARKER)?;
    before_label[at + ZONE_MARKER.len()..]
        .split_whitespace()
        .next()
}

/// The label stamped in a description, if any.
pub fn of(description: &str) -> Option<&str> {
    let at = description.rfind(MARKER)?;
    let rest = &description[at + MARKER.len()..];
    let label = rest.lines().next().unwrap_or_default().trim();
    (!label.is_empty()).then_some(label)
}

/// Whether a window with this description carries exactly `label`.
pub fn carries(description: &str, label: &str) -> bool {
    of(description) == Some(label)
}

/// A label given by the user must survive the round trip through the description.
pub fn check(label: &str) -> Result<(), String> {
    if label.trim().is_empty() {
        return Err("the label is empty".into());
    }
    if label.contains(['\n', '\r']) {
        return Err("a label is one line".into());
    }
    for marker in [MARKER, ZONE_MARKER] {
        if label.contains(marker) {
            return Err(format!("a label cannot contain `{marker}`"));
        }
    }
    if label.chars().count() > MAX_LEN {
        return Err(format!("a label is at most {MAX_LEN} characters"));
    }
    Ok(())
}

/// The default label of this CI job, if the platform gives one, with the platform's name.
///
/// - GitHub Actions: `GITHUB_REPOSITORY#GITHUB_RUN_ID/GITHUB_JOB` (`octo/shop#1234567/deploy`).
///   A re-run keeps the run id (only `GITHUB_RUN_ATTEMPT` changes), so it finds its window.
/// - Azure DevOps: `SYSTEM_TEAMPROJECT#BUILD_BUILDID/SYSTEM_JOBNAME`, with the stage in front of
///   the job (`SYSTEM_STAGENAME.SYSTEM_JOBNAME`) when the pipeline has named stages: job names
///   repeat across stages (a `Deploy` job in both `Staging` and `Production`), and two stages
///   running at once must not end each other's windows. A retried job keeps the build id.
///
/// - Azure DevOps classic release: `SYSTEM_TEAMPROJECT#release-RELEASE_RELEASEID/
///   RELEASE_ENVIRONMENTNAME.<job>` (`Shop#release-118/Production.Agent job`), see
///   [`classic_release`].
///
/// Elsewhere there is none. Legs of a matrix share the job name: give each its own `label`.
pub fn from_ci(env: &Env) -> Option<(String, &'static str)> {
    if env.get("GITHUB_ACTIONS") == Some("true")
        && let (Some(repo), Some(run), Some(job)) = (
            env.get("GITHUB_REPOSITORY"),
            env.get("GITHUB_RUN_ID"),
            env.get("GITHUB_JOB"),
        )
    {
        return Some((format!("{repo}#{run}/{job}"), "GitHub Actions"));
    }
    let azure = env
        .get("TF_BUILD")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if azure && let Some(label) = classic_release(env) {
        return Some((label, "Azure DevOps classic release"));
    }
    if azure
        && let (Some(project), Some(build), Some(job)) = (
            env.get("SYSTEM_TEAMPROJECT"),
            env.get("BUILD_BUILDID"),
            env.get("SYSTEM_JOBNAME")
                .or_else(|| env.get("AGENT_JOBNAME")),
        )
    {
        let job = match env.get("SYSTEM_STAGENAME") {
            Some(stage) if stage != "__default" => format!("{stage}.{job}"),
            _ => job.to_string(),
        };
        return Some((format!("{project}#{build}/{job}"), "Azure DevOps"));
    }
    None
}

/// The label of a job in an Azure DevOps classic (UI-defined) release, when the agent set the
/// release variables (`ci-conventions.md` §2.8, Microsoft's "Classic release and artifacts
/// variables").
///
/// The YAML label does not work there: `BUILD_BUILDID` is the *primary artifact's* build, shared
/// by every environment (stage) of the release and by every later release of that build (and
/// absent when the artifact is not a build), and the job is "Agent job" everywhere. Two
/// environments deploying at once would share a label, and ending one by label would end the
/// other's window. So the label names the release (`RELEASE_RELEASEID`, unique in the
/// organization) and the environment (`RELEASE_ENVIRONMENTNAME`, unique in the release; its id
/// `RELEASE_ENVIRONMENTID` when the name is missing), then the job (an environment may have
/// several agent jobs). `RELEASE_ATTEMPTNUMBER` is left out on purpose: a redeploy of the same
/// environment is a new attempt of the same release environment and must find (and if needed
/// extend) the first attempt's window, as a re-run does on GitHub.
///
/// `SYSTEM_HOSTTYPE` is `release` in a classic release (`build` in a YAML pipeline): when it is
/// set to anything else, stray `RELEASE_*` variables (a user's own, say) do not make a release.
fn classic_release(env: &Env) -> Option<String> {
    if env
        .get("SYSTEM_HOSTTYPE")
        .is_some_and(|host| !host.eq_ignore_ascii_case("release"))
    {
        return None;
    }
    let release = env.get("RELEASE_RELEASEID")?;
    let environment = env
        .get("RELEASE_ENVIRONMENTNAME")
        .or_else(|| env.get("RELEASE_ENVIRONMENTID"))?;
    let project = env.get("SYSTEM_TEAMPROJECT").unwrap_or("release");
    let job = env
        .get("AGENT_JOBNAME")
        .or_else(|| env.get("SYSTEM_JOBDISPLAYNAME"))
        .or_else(|| env.get("SYSTEM_JOBNAME"));
    let place = match job {
        Some(job) => format!("{environment}.{job}"),
        None => environment.to_string(),
    };
    // One line, whatever the names hold: the label is the description's last line.
    let label = format!("{project}#release-{release}/{place}").replace(['\n', '\r'], " ");
    Some(label)
}

/// The label a run stamps on what it makes: the `label` setting (checked; a bad one is kept as a
/// problem), else the CI run's ([`from_ci`]), else one made up for this host. `true` when made
/// up: the user must pass it to find this run's objects again.
pub fn choose(
    settings: &Settings,
    ctx: &Context,
    problems: &mut Problems,
) -> Result<(String, bool)> {
    Ok(match settings.get("label") {
        Some(given) => {
            problems.keep(check(given).map_err(|m| settings.error("label", m)))?;
            (given.to_string(), false)
        }
        None => match from_ci(&ctx.env) {
            Some((derived, _)) => (derived, false),
            None => (for_this_host(ctx.clock.now()), true),
        },
    })
}

/// A label for a run outside CI: this machine and the time, unique enough to find the window again.
pub fn for_this_host(now: Timestamp) -> String {
    let host = gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_string();
    let host = if host.is_empty() {
        "localhost".to_string()
    } else {
        host
    };
    format!("{host}@{}", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn stamped_labels_read_back_exactly() {
        let d = stamp(Some("Deploy v1.2"), "octo/shop#42/deploy", "Europe/Berlin");
        assert_eq!(
            d,
            "Deploy v1.2\n\ns247-timezone: Europe/Berlin\ns247-label: octo/shop#42/deploy"
        );
        assert_eq!(of(&d), Some("octo/shop#42/deploy"));
        assert_eq!(zone_of(&d), Some("Europe/Berlin"));
        // Folded onto one line, the zone still reads back; without a label there is none.
        assert_eq!(zone_of(&d.replace('\n', " ")), Some("Europe/Berlin"));
        assert_eq!(zone_of("s247-timezone: GMT, by hand"), None);
        assert_eq!(zone_of("Deploy\n\ns247-label: x"), None);
        assert!(carries(&d, "octo/shop#42/deploy"));
        assert!(!carries(&d, "octo/shop#42/deplo"));
        assert!(!carries(&d, "octo/shop#42/deploy2"));
        // Folded onto one line by the service: still found.
        assert_eq!(
            of("Deploy v1.2 s247-label: octo/shop#42/deploy"),
            Some("octo/shop#42/deploy")
        );
        // A person's window.
        assert_eq!(of("Quarterly DB upgrade, ask Sam"), None);
        assert_eq!(of(""), None);
        assert_eq!(of("s247-label:   "), None);
        assert!(stamp(None, "x", "GMT").ends_with("\n\ns247-timezone: GMT\ns247-label: x"));
    }

    #[test]
    fn labels_are_checked() {
        assert!(check("octo/shop#42/deploy").is_ok());
        assert!(check("a\nb").is_err());
        assert!(check("s247-label: x").is_err());
        assert!(check("a s247-timezone: GMT").is_err());
        assert!(check(&"x".repeat(201)).is_err());
    }

    #[test]
    fn default_labels_per_platform() {
        let github = env(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REPOSITORY", "octo/shop"),
            ("GITHUB_RUN_ID", "987654321"),
            ("GITHUB_RUN_ATTEMPT", "2"),
            ("GITHUB_JOB", "deploy"),
        ]);
        assert_eq!(
            from_ci(&github),
            Some(("octo/shop#987654321/deploy".into(), "GitHub Actions"))
        );
        let azure = env(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("BUILD_BUILDID", "4711"),
            ("SYSTEM_STAGENAME", "Production"),
            ("SYSTEM_JOBNAME", "Deploy"),
        ]);
        assert_eq!(
            from_ci(&azure),
            Some(("Shop#4711/Production.Deploy".into(), "Azure DevOps"))
        );
        let azure_no_stages = env(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("BUILD_BUILDID", "4711"),
            ("SYSTEM_STAGENAME", "__default"),
            ("SYSTEM_JOBNAME", "Job"),
        ]);
        assert_eq!(from_ci(&azure_no_stages).unwrap().0, "Shop#4711/Job");
        assert_eq!(from_ci(&env(&[("GITHUB_ACTIONS", "true")])), None);
        assert_eq!(from_ci(&env(&[("CI", "true")])), None);
        let host = for_this_host("2026-06-02T19:41:07Z".parse().unwrap());
        assert!(host.ends_with("@2026-06-02T19:41:07Z"), "{host}");
        assert!(check(&host).is_ok());
    }

    /// What an agent sets for a classic release job: `BUILD_BUILDID` is the primary artifact's
    /// build, the same in every environment; the release variables tell the environments apart.
    fn classic(environment: &str, attempt: &str) -> Env {
        env(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_HOSTTYPE", "release"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("BUILD_BUILDID", "4711"),
            ("AGENT_JOBNAME", "Agent job"),
            ("SYSTEM_JOBNAME", "Job_1"),
            ("RELEASE_RELEASEID", "118"),
            ("RELEASE_DEFINITIONNAME", "shop-cd"),
            ("RELEASE_ENVIRONMENTNAME", environment),
            ("RELEASE_ATTEMPTNUMBER", attempt),
        ])
    }

    #[test]
    fn classic_release_labels_name_the_release_and_the_environment() {
        let staging = from_ci(&classic("Staging", "1")).unwrap();
        assert_eq!(
            staging,
            (
                "Shop#release-118/Staging.Agent job".into(),
                "Azure DevOps classic release"
            )
        );
        let production = from_ci(&classic("Production", "1")).unwrap().0;
        assert_ne!(staging.0, production, "two environments, two labels");
        // A redeploy (attempt 2) of the same environment finds attempt 1's window.
        assert_eq!(from_ci(&classic("Staging", "2")).unwrap().0, staging.0);
        assert!(check(&staging.0).is_ok());
        // No environment name: its id. No build artifact (no BUILD_BUILDID): still labelled.
        let by_id = env(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("RELEASE_RELEASEID", "118"),
            ("RELEASE_ENVIRONMENTID", "276"),
        ]);
        assert_eq!(from_ci(&by_id).unwrap().0, "Shop#release-118/276");
        // A YAML pipeline (host type `build`) with a stray RELEASE_RELEASEID keeps its label.
        let yaml = env(&[
            ("TF_BUILD", "True"),
            ("SYSTEM_HOSTTYPE", "build"),
            ("SYSTEM_TEAMPROJECT", "Shop"),
            ("BUILD_BUILDID", "4711"),
            ("SYSTEM_JOBNAME", "Deploy"),
            ("RELEASE_RELEASEID", "118"),
            ("RELEASE_ENVIRONMENTNAME", "Staging"),
        ]);
        assert_eq!(from_ci(&yaml).unwrap().0, "Shop#4711/Deploy");
        // Release variables without TF_BUILD are not an agent's.
        let outside = env(&[
            ("RELEASE_RELEASEID", "118"),
            ("RELEASE_ENVIRONMENTNAME", "Staging"),
        ]);
        assert_eq!(from_ci(&outside), None);
    }

    #[test]
    fn the_host_label_is_a_valid_label() {
        let host = for_this_host("2026-06-02T19:41:07Z".parse().unwrap());
        assert!(host.ends_with("@2026-06-02T19:41:07Z"), "{host}");
        assert!(check(&host).is_ok());
    }
}
