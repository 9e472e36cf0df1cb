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

use crate::inputs::Env;

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
    if env
        .get("TF_BUILD")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
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
}
