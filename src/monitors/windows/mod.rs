//! Maintenance windows as code (issue 15 item 2): the monitors file's `maintenance_windows:`
//! section, planned, applied, pruned and exported next to the monitors.
//!
//! **Ownership.** A window this file manages carries, as the last lines of its description, the
//! zone its times are in and the file's owner tag:
//!
//! ```text
//! Nightly reindex, ask #search first
//!
//! s247-timezone: Europe/Berlin
//! s247-owner: managed-by:s247
//! ```
//!
//! The owner line is not the pipeline label (`s247-label:`) of `maintenance start`, so the
//! windows a pipeline opens are never part of this and never pruned, and `maintenance end
//! --label` never picks a window managed here. A window without the owner line (a person's) is
//! never changed or deleted; one with the file's name is an error that says how to hand it over.
//! The zone line is how s247 knows the zone of its windows: the API answers without one
//! (`site24x7-api.md` §8 row 4).
//!
//! **Weekdays** are written by name in the file and sent as 0 = Sunday … 6 = Saturday, the
//! numbering of the provider's schedule-maintenance code whose API-shaped test data answers
//! `"start_day":"0"` (§4.2). The other numbering seen (1 = Sunday … 7 = Saturday) would shift
//! every day by one, so s247 checks the account's windows (already read for the plan): a day
//! numbered 7 anywhere proves the other numbering, and then s247 refuses to write or export any
//! window with days rather than shift it (`docs/maintenance-windows-as-code.md`).
//!
//! One file per concern: [`spec`] (the file's types), [`desired`] (checks without a request),
//! [`codec`] (file ↔ API), [`plan`] (the diff, prune and its guard), [`export`], and the writes
//! below.

pub mod codec;
pub mod desired;
pub mod export;
pub mod plan;
pub mod spec;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::api::maintenance::Selection;
use crate::api::{Api, ApiError};
use crate::ci::Reporter;

use super::desired::Desired;
use super::fields::RefKind;
use super::plan::{Action, Change};

/// Marks the zone a managed window's times are in.
pub const ZONE_MARKER: &str = "s247-timezone:";
/// Marks a window managed as code, with the owner tag of the file that manages it.
pub const OWNER_MARKER: &str = "s247-owner:";
/// Placeholder id of a monitor the file defines and apply creates before the windows.
pub const NEW_MONITOR: &str = "new:monitor:";
/// The description of a managed window whose file gives none.
pub const DEFAULT_DESCRIPTION: &str =
    "Managed as code by s247: change it in the monitors file, not here.";

/// The kinds of window (`maintenance_type`, `site24x7-api.md` §4.2 and §9.4). Yearly (9) is
/// read but never written: its fields are undocumented and the update does not take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Daily,
    WeeklyByTime,
    Once,
    MonthlyByDate,
    MonthlyByDay,
    WeeklyByDay,
}

impl Kind {
    pub fn code(self) -> i64 {
        match self {
            Kind::Daily => 1,
            Kind::WeeklyByTime => 2,
            Kind::Once => 3,
            Kind::MonthlyByDate => 5,
            Kind::MonthlyByDay => 6,
            Kind::WeeklyByDay => 8,
        }
    }

    pub fn from_code(code: i64) -> Option<Kind> {
        [
            Kind::Daily,
            Kind::WeeklyByTime,
            Kind::Once,
            Kind::MonthlyByDate,
            Kind::MonthlyByDay,
            Kind::WeeklyByDay,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// `weekly (by day)`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::WeeklyByTime => "weekly (by time)",
            Kind::Once => "once",
            Kind::MonthlyByDate => "monthly (by date)",
            Kind::MonthlyByDay => "monthly (by day)",
            Kind::WeeklyByDay => "weekly (by day)",
        }
    }

    /// Whether the API numbers days for it (`start_day`, `end_day`, `week_days`).
    pub fn has_days(self) -> bool {
        matches!(
            self,
            Kind::WeeklyByTime | Kind::WeeklyByDay | Kind::MonthlyByDay
        )
    }
}

/// The description to send: the file's text (or the default), the zone line, the owner line.
pub fn stamp(description: Option<&str>, zone: &str, owner: &str) -> String {
    let text = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(DEFAULT_DESCRIPTION);
    format!("{text}\n\n{ZONE_MARKER} {zone}\n{OWNER_MARKER} {owner}")
}

/// The owner tag recorded on a window's description (the rest of the line after the last owner
/// marker), if any.
pub fn owner_of(description: &str) -> Option<&str> {
    let at = description.rfind(OWNER_MARKER)?;
    let owner = description[at + OWNER_MARKER.len()..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim();
    (!owner.is_empty()).then_some(owner)
}

/// The zone recorded on a managed window's description (the word after the last zone marker).
pub fn zone_of(description: &str) -> Option<&str> {
    let at = description.rfind(ZONE_MARKER)?;
    description[at + ZONE_MARKER.len()..]
        .split_whitespace()
        .next()
}

/// The description without s247's lines: what the file's `description` says.
pub fn text_of(description: &str) -> &str {
    let end = [ZONE_MARKER, OWNER_MARKER]
        .iter()
        .filter_map(|m| description.find(m))
        .min()
        .unwrap_or(description.len());
    description[..end].trim()
}

/// The list kinds the windows name (read once each, with the monitors' lists).
pub fn kinds_referenced(desired: &Desired) -> BTreeSet<RefKind> {
    let mut kinds = BTreeSet::new();
    for window in desired.windows.iter().flatten() {
        match window.selection {
            Selection::Groups => kinds.insert(RefKind::MonitorGroup),
            Selection::Tags => kinds.insert(RefKind::Tag),
            Selection::Monitors => false,
        };
    }
    kinds
}

/// The account's windows, raw (one list request), when the file has a `maintenance_windows:`
/// section; none otherwise: a file without the section leaves every window alone.
pub fn read(api: &Api, desired: &Desired) -> Result<Vec<Value>, ApiError> {
    if desired.windows.is_none() {
        return Ok(Vec::new());
    }
    let data = api.get(crate::api::maintenance::PATH)?;
    Ok(match data {
        Value::Array(items) => items,
        _ => Vec::new(),
    })
}

/// One write of a window change: its id.
pub fn write(
    api: &Api,
    change: &Change,
    body: Option<Value>,
    log: &Reporter,
) -> Result<Option<String>, String> {
    let id = change.id.as_deref().unwrap_or_default();
    let path = format!(
        "{}/{}",
        crate::api::maintenance::PATH,
        crate::api::http::path_segment(id)
    );
    match (change.action, body) {
        (Action::Create, Some(body)) => {
            let owner = body["description"]
                .as_str()
                .and_then(owner_of)
                .unwrap_or_default()
                .to_string();
            // A create answered without the id (§8 row 6), or that failed ambiguously, is
            // looked up by name among the owner's windows before anything is retried.
            super::apply::create_with_lookup(
                log,
                &change.name,
                || api.post(crate::api::maintenance::PATH, &body),
                || find_owned(api, &change.name, &owner),
                "maintenance_id",
            )
            .map(Some)
        }
        (Action::Update, Some(body)) => api
            .put(&path, Some(&body))
            .map(|_| Some(id.to_string()))
            .map_err(|e| e.to_string()),
        (Action::Delete, _) => crate::api::maintenance::delete(api, id)
            .map(|_| None)
            .map_err(|e| e.to_string()),
        (action, _) => Err(format!("cannot {} a window this way", action.verb())),
    }
}

/// The window `name` that `owner` manages, if the account has it.
fn find_owned(api: &Api, name: &str, owner: &str) -> Result<Option<Value>, ApiError> {
    let data = api.get(crate::api::maintenance::PATH)?;
    Ok(data.as_array().into_iter().flatten().find_map(|w| {
        let ours = w["display_name"].as_str() == Some(name)
            && w["description"].as_str().and_then(owner_of) == Some(owner);
        ours.then(|| w.clone())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ownership_lines_read_back() {
        let d = stamp(Some("Reindex"), "Europe/Berlin", "managed-by:s247");
        assert_eq!(
            d,
            "Reindex\n\ns247-timezone: Europe/Berlin\ns247-owner: managed-by:s247"
        );
        assert_eq!(owner_of(&d), Some("managed-by:s247"));
        assert_eq!(zone_of(&d), Some("Europe/Berlin"));
        assert_eq!(text_of(&d), "Reindex");
        // Folded onto one line by the service: still read.
        let folded = d.replace('\n', " ");
        assert_eq!(owner_of(&folded), Some("managed-by:s247"));
        assert_eq!(zone_of(&folded), Some("Europe/Berlin"));
        // A pipeline window and a person's window are not owned.
        assert_eq!(
            owner_of("Deploy\n\ns247-timezone: GMT\ns247-label: octo#1/deploy"),
            None
        );
        assert_eq!(owner_of("Backups lock the tables"), None);
        assert_eq!(text_of(&stamp(None, "UTC", "x")), DEFAULT_DESCRIPTION);
    }
}
