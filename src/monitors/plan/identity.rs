//! Identity: which live object an item of the file is, by its display name, exactly; a name
//! two live objects share, or a type that differs, is an error, never a guess.

use serde_json::Value;

use crate::api::envelope::as_id;
use crate::error::Problem;

use super::super::desired::Item;
use super::super::fields::{self, Scope};
use super::super::resolve::Catalogs;
use super::super::spec::MonitorType;
use super::problem;

/// A file names a monitor of a type s247 only adopts, and the account has none by that name.
pub(super) fn adopt_missing(item: &Item) -> Problem {
    let kind = item.monitor_type().map_or("", |k| k.api_name());
    problem(
        item.at.clone(),
        format!(
            "no {kind} monitor is named `{}`: s247 adopts {kind} monitors (they come from agents, cloud integrations or recorded scripts), it cannot create one; create it in Site24x7 first, or fix the name",
            item.name
        ),
    )
}

/// The live object of an item: none, one, or an error when the name is taken twice or the type
/// differs.
pub(super) fn live_of(item: &Item, catalogs: &Catalogs) -> Result<Option<Value>, Problem> {
    match item.scope {
        Scope::Group => {
            let found = catalogs.groups_named(&item.name);
            match found.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(one.raw.clone())),
                many => Err(problem(
                    item.at.clone(),
                    format!(
                        "{} monitor groups in the account are named `{}` (ids {}): rename or delete all but one; s247 will not guess",
                        many.len(),
                        item.name,
                        many.iter()
                            .map(|g| g.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        Scope::Monitor(kind) => {
            let found = catalogs.monitors_named(&item.name);
            match found.as_slice() {
                [] => Ok(None),
                [one] => {
                    let live_type = match MonitorType::of_live(one) {
                        Some(live) => live.api_name().to_string(),
                        None => fields::scalar_text(&one["type"])
                            .filter(|t| !t.trim().is_empty())
                            .unwrap_or_else(|| "typeless".into()),
                    };
                    if MonitorType::of_live(one) != Some(kind) {
                        return Err(problem(
                            item.at.clone(),
                            format!(
                                "`{}` exists as a {live_type} monitor (id {}), but the file says {kind}: a monitor's type cannot change; rename it, or delete the existing monitor",
                                item.name,
                                one.get("monitor_id").and_then(as_id).unwrap_or_default()
                            ),
                        ));
                    }
                    Ok(Some((*one).clone()))
                }
                many => Err(problem(
                    item.at.clone(),
                    format!(
                        "{} monitors in the account are named `{}` (ids {}): rename or delete all but one; s247 will not guess",
                        many.len(),
                        item.name,
                        many.iter()
                            .filter_map(|m| m.get("monitor_id").and_then(as_id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
    }
}
