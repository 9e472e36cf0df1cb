//! Maintenance windows around a deployment (`design.md` §6): `start`, `end`, `extend`, `list`.
//!
//! Every window s247 opens is a one-off window (`maintenance_type` 3) with a duration, so a
//! pipeline that dies still leaves a window that expires, and carries a label ([`label`]) in its
//! description: `start` looks the label up first, so a re-run of the job reuses (and if needed
//! extends) its window instead of opening a second one, and `end --label` touches only windows
//! carrying exactly that label.
//!
//! `end` shortens an active window to end now (rounded down to the minute), which keeps it in the
//! account's history; `--delete` deletes it instead. One of s247's windows (it carries the label
//! line) that has not started yet — or began less than a minute ago, so that ending it "now"
//! would leave it empty — is deleted either way. A window a person made (no label line) is never
//! deleted without `--delete` (issue 12): named by id and running, it is shortened to now;
//! upcoming (or just begun), it is left alone and `end` exits 2 saying how to delete it. Every
//! window is checked before the first write, so a refusal changes nothing. Ending a window that
//! is already over or gone succeeds and says so.
//!
//! Time zones (issue 10; [`placement`]): the API answers windows without `timezone`, so s247
//! records the zone it wrote a window in on the window's label line and reads its own windows in
//! that zone; windows a person made are read in the account's zone when the user gives it
//! (`account-timezone`), and a window that cannot be placed with certainty is neither shortened
//! nor deleted (s247 says why and leaves it; `--delete` deletes it on purpose). Every create sends
//! an explicit `timezone`; updates write the times in the window's own zone, keep every field as
//! read (`selection_type` `0` with its monitors included), and a create answered without an id
//! is looked up by label before the step fails.
//!
//! "End now" is a PUT of the window with its end moved to now, not the ad hoc
//! `PUT /api/end_maintenance` (§9.4): that endpoint's answer is undocumented, it is unclear
//! whether it ends the scheduled window or only takes the named resources out of it, and a
//! shortened window stays in the account's history with its description (and s247's label), so a
//! re-run and `list` still see what happened. Likewise `start` creates a scheduled window rather
//! than calling `start_maintenance`: that one takes no description, so the window could carry no
//! label and a re-run could not find it again. The PUT needs the window's zone, which is why the
//! zone is recorded.
//!
//! One file (or folder) per command (`start`, `end`, `extend`, `list`), with [`which`] (the
//! windows `end` and `extend` act on), [`label`], [`select`] (names → ids), [`window`] (times and
//! zones) and [`placement`] (where a window read back is in time).

mod end;
mod extend;
pub mod label;
mod list;
pub mod placement;
pub mod select;
mod start;
mod which;
pub mod window;

// What the command files share; they import it with `use super::*`.
use std::fmt::Write as _;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use self::placement::Placed;
use self::select::{Target, Wanted};
use self::window::{Interval, Status, Zone, rfc3339};
use crate::actions::{Command, Context, Outcome};
use crate::api::maintenance::{self as endpoint, NewWindow, Times, Window};
use crate::api::{Api, ApiError};
use crate::auth::Session;
use crate::ci::escape::table_cell;
use crate::ci::{Output, Reporter};
use crate::error::{Error, Problems, Result};
use crate::inputs::{Origin, Settings, how_to_set};

/// The `GITHUB_STATE` / Azure DevOps job variable the clean-up step reads to close what `start`
/// opened if nothing else did.
pub const STATE_OPENED: &str = "s247_opened_windows";

pub use end::End;
pub use extend::Extend;
pub use list::List;
pub use start::Start;
use start::keep_start;
use which::{Pick, Which, account_zone, pick, read_window};

/// `2026-03-29 01:30 → 03:30 Europe/Berlin` (the date repeated only when it changes).
fn span(zone: &Zone, interval: Interval) -> String {
    let start = zone.tz.to_datetime(interval.start);
    let end = zone.tz.to_datetime(interval.end);
    let end_text = if start.date() == end.date() {
        end.strftime("%H:%M").to_string()
    } else {
        end.strftime("%Y-%m-%d %H:%M").to_string()
    };
    format!(
        "{} → {end_text} {}",
        start.strftime("%Y-%m-%d %H:%M"),
        zone.name
    )
}

fn quoted(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("“{name}”")
    }
}
