//! "Did you mean to rename …?" (issue 12): a monitor the plan would create whose name is a
//! small edit away from a live monitor the file does not name is most likely that monitor,
//! renamed or misspelled. Applying would make a second monitor and leave the first; the plan
//! says so, at the new name's place in the file. A warning, not an error: the new name may be
//! meant.

use std::collections::HashSet;

use serde_json::Value;

use crate::ci::Reporter;

use super::desired::Desired;
use super::fields;
use super::plan::{Action, ObjectKind, Plan};

/// Warn about every create whose name is near a live monitor's name the file does not use.
pub fn warn(log: &Reporter, plan: &Plan, live: &[Value], desired: &Desired) {
    let in_file: HashSet<&str> = desired.monitors.iter().map(|m| m.name.as_str()).collect();
    let others: Vec<String> = live
        .iter()
        .filter_map(|m| fields::scalar_text(&m["display_name"]))
        .filter(|name| !in_file.contains(name.as_str()))
        .collect();
    for change in &plan.changes {
        if change.action != Action::Create || change.kind != ObjectKind::Monitor {
            continue;
        }
        let Some(near) = nearest(&change.name, &others) else {
            continue;
        };
        let Some(item) = desired.monitors.iter().find(|m| m.name == change.name) else {
            continue;
        };
        log.warning_at(
            format!(
                "`{}` would be a new monitor, but `{near}` exists and is not in the file: did you mean to rename `{near}`? Applying creates a second monitor; to rename it, write its current name here first, apply, then rename it in the Site24x7 web client",
                change.name
            ),
            &item.at,
        );
    }
}

/// The live name closest to `name`, if it is within a small edit distance: at most 2 edits and
/// less than a third of the name (so `API` and `APP` are not taken for one another).
fn nearest<'a>(name: &str, others: &'a [String]) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    others
        .iter()
        .map(|other| (strsim::levenshtein(&wanted, &other.to_lowercase()), other))
        .filter(|(d, other)| {
            let shorter = wanted.chars().count().min(other.chars().count());
            *d <= 2 && *d * 3 < shorter
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, other)| other.as_str())
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn only_small_edits_of_long_enough_names_are_near() {
        let live = vec!["Homepage".to_string(), "API".to_string()];
        assert_eq!(nearest("Homepages", &live), Some("Homepage"));
        assert_eq!(nearest("homepage ", &live), Some("Homepage"));
        assert_eq!(nearest("APP", &live), None);
        assert_eq!(nearest("Checkout", &live), None);
    }
}
