//! The prune guard (issue 12): `--prune` with a file that lost its monitors (an empty file, a
//! wrong path in a matrix, a bad merge) would delete every monitor s247 owns and exit 0. So a
//! prune that would remove or suspend every owned monitor, or more than `max-prune` of them, is
//! refused before the first write, with the count, the first few names, and how to allow it.
//!
//! One function over the planned prune set, called once before anything is written.

use serde_json::Value;

use crate::api::envelope::id_list;
use crate::error::{Error, Result};
use crate::inputs::how_to_set;
use crate::limits::MaxPrune;

use super::plan::{Action, ObjectKind, Plan};

/// How many names the refusal lists before "and N more".
const NAMES_SHOWN: usize = 5;

/// Refuse the plan's prune set when it is too big. `live` is the account's monitor list the plan
/// was made from (to count the owned monitors).
pub fn check(plan: &Plan, live: &[Value], limit: MaxPrune) -> Result<()> {
    let pruned: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.kind == ObjectKind::Monitor)
        .filter(|c| matches!(c.action, Action::Delete | Action::Suspend))
        .map(|c| c.name.as_str())
        .collect();
    if pruned.is_empty() || limit == MaxPrune::All {
        return Ok(());
    }
    let owned = match &plan.owner_tag.id {
        Some(owner) => live
            .iter()
            // Owned as prune counts them: tagged, and of a type s247 manages.
            .filter(|m| id_list(m, "tag_ids").iter().any(|t| t == owner))
            .filter(|m| super::spec::MonitorType::managed(m))
            .count(),
        None => 0,
    };
    let verb = match plan.changes.iter().find(|c| c.action == Action::Suspend) {
        Some(_) => "suspend",
        None => "delete",
    };
    let every = pruned.len() >= owned;
    let MaxPrune::Count(max) = limit else {
        unreachable!("`all` returned above")
    };
    if !every && pruned.len() <= max {
        return Ok(());
    }
    let mut names: Vec<String> = pruned
        .iter()
        .take(NAMES_SHOWN)
        .map(|n| format!("`{n}`"))
        .collect();
    if pruned.len() > NAMES_SHOWN {
        names.push(format!("and {} more", pruned.len() - NAMES_SHOWN));
    }
    let count = pruned.len();
    let monitors = if count == 1 { "monitor" } else { "monitors" };
    let why = if every {
        format!(
            "that is every monitor carrying `{}`; is the file complete?",
            plan.owner_tag.label
        )
    } else {
        format!("that is more than max-prune ({max})")
    };
    let allow = if every {
        "all".to_string()
    } else {
        count.to_string()
    };
    Err(Error::invalid(format!(
        "--prune would {verb} {count} owned {monitors} ({}): {why} Nothing was changed. \
         To {verb} them on purpose, set max-prune to `{allow}`{}: {}",
        names.join(", "),
        if every { "" } else { " or `all`" },
        how_to_set("max-prune").replace("`--max-prune`", &format!("`--max-prune {allow}`")),
    )))
}
