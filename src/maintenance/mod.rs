//! Maintenance windows around a deployment (`design.md` §6): `start`, `end`, `extend`, `list`.
//!
//! Every window s247 opens is a one-off window (`maintenance_type` 3) with a duration, so a
//! pipeline that dies still leaves a window that expires, and carries a label ([`label`]) in its
//! description: `start` looks the label up first, so a re-run of the job reuses (and if needed
//! extends) its window instead of opening a second one, and `end --label` touches only windows
//! carrying exactly that label.
//!
//! `end` shortens an active window to end now (rounded down to the minute), which keeps it in the
//! account's history; `--delete` deletes it instead. A window that has not started yet — or began
//! less than a minute ago, so that ending it "now" would leave it empty — is deleted either way.
//! Ending a window that is already over or gone succeeds and says so.
//!
//! One file per command (`start`, `end`, `extend`, `list`), with [`which`] (the windows `end` and
//! `extend` act on), [`label`], [`select`] (names → ids) and [`window`] (times and zones).

mod end;
mod extend;
pub mod label;
mod list;
pub mod select;
mod start;
mod which;
pub mod window;

// What the command files share; they import it with `use super::*`.
use std::fmt::Write as _;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

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
use which::{Pick, Which, pick, read_window};

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
