//! Misspelled settings (issue 12): an `S247_*` or `INPUT_*` variable that is nearly a setting
//! but not one (`INPUT_DURATON`, `S247_DATACENTER`) is silently ignored, and the run goes on
//! with the default — a 24-hour window instead of 30 minutes, the US data center instead of the
//! EU one. Each gets a did-you-mean warning. Variables not close to any setting (the user's own
//! `${env:S247_DB_PASSWORD}`) are left alone.

use std::collections::BTreeSet;

use crate::actions::Action;
use crate::inputs::{Env, s247_var};

/// Settings read outside the actions' lists: presentation, the wrappers' own inputs, secrets by
/// value, and onboarding.
const OTHER_SETTINGS: &[&str] = &[
    "ci",
    "json",
    "output-file",
    "action",
    "auto-close",
    "client-secret",
    "refresh-token",
    "access-token",
    "file",
    "code",
];

/// Every setting name s247 knows.
pub fn known_settings() -> BTreeSet<&'static str> {
    crate::auth::session::SETTINGS
        .iter()
        .chain(Action::ALL.iter().flat_map(|a| a.settings()))
        .chain(OTHER_SETTINGS)
        .copied()
        .collect()
}

/// One warning per variable that looks like a misspelled setting.
pub fn warnings(env: &Env) -> Vec<String> {
    let known = known_settings();
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_uppercase)
            .collect()
    };
    let squashed: Vec<(String, &str)> = known.iter().map(|k| (squash(k), *k)).collect();
    let mut out = Vec::new();
    for name in env.names() {
        let (rest, input) = if let Some(rest) = name.strip_prefix("INPUT_") {
            (rest, true)
        } else if let Some(rest) = name.strip_prefix("S247_") {
            (rest, false)
        } else {
            continue;
        };
        if rest.starts_with("TEST_") {
            continue;
        }
        let wanted = squash(rest);
        // An input matches when its squashed form does; an S247_ variable only when spelled
        // exactly as `s247_var` spells the setting.
        let exact = if input {
            squashed.iter().any(|(s, _)| *s == wanted)
        } else {
            known.iter().any(|k| s247_var(k) == name)
        };
        if exact {
            continue;
        }
        let Some(setting) = nearest(&wanted, &squashed) else {
            continue;
        };
        let meant = if input {
            format!("`{setting}`")
        } else {
            s247_var(setting)
        };
        out.push(format!(
            "{name} is not a setting s247 reads; did you mean {meant}? It is ignored."
        ));
    }
    out
}

/// The known setting within a small edit distance of `wanted` (both squashed): at most 2 edits
/// and less than a third of its length.
fn nearest<'a>(wanted: &str, squashed: &[(String, &'a str)]) -> Option<&'a str> {
    squashed
        .iter()
        .map(|(s, k)| (strsim::levenshtein(wanted, s), *k, s.len()))
        .filter(|(d, _, len)| *d <= 2 && *d * 3 < *len)
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(pairs: &[(&str, &str)]) -> Vec<String> {
        warnings(&Env::from_pairs(
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        ))
    }

    #[test]
    fn near_misses_are_warned_and_real_settings_are_not() {
        let w = warned(&[
            ("INPUT_DURATON", "30m"),
            ("S247_DATACENTER", "eu"),
            ("S247_DATA_CENTER", "eu"),
            ("INPUT_CLIENTID", "x"),
            ("INPUT_MAX-PRUNE", "3"),
            ("S247_DB_PASSWORD", "secret"),
            ("S247_TEST_FAKE_SLEEP", "1"),
            ("HOME", "/root"),
        ]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter()
                .any(|m| m.contains("INPUT_DURATON") && m.contains("`duration`")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.contains("S247_DATACENTER") && m.contains("S247_DATA_CENTER")),
            "{w:?}"
        );
    }

    #[test]
    fn every_input_the_action_declares_is_a_known_setting() {
        let known = known_settings();
        let action = include_str!("../action.yml");
        let inputs = action
            .split("\ninputs:\n")
            .nth(1)
            .and_then(|rest| rest.split("\noutputs:").next())
            .unwrap();
        let mut seen = 0;
        for line in inputs.lines() {
            let Some(key) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) else {
                continue;
            };
            if key.starts_with(' ') || key.starts_with('#') {
                continue;
            }
            seen += 1;
            assert!(
                known.contains(key),
                "action.yml input `{key}` would be warned about"
            );
        }
        assert!(seen > 20, "{seen}");
    }
}
