//! Exporting the windows a file owns (the default owner tag's) as a `maintenance_windows:`
//! section that plans zero changes. A window whose targets cannot be named exactly, or whose
//! fields s247 cannot read (yearly, a day numbered 7), is left out and said why; a person's
//! windows and pipeline windows are never exported.

use crate::api::maintenance::Selection;

use super::super::fields::{Names, RefKind, Scope};
use super::super::resolve::Catalogs;
use super::codec::{self, LiveWindow};
use super::spec::WindowSpec;

/// The owned windows in file form (`None` when there are none), and a line per window left out.
pub fn export(catalogs: &Catalogs, owner: &str) -> (Option<Vec<WindowSpec>>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let day_seven = catalogs.windows.iter().any(codec::has_day_seven);
    for raw in &catalogs.windows {
        let (live, problems) = codec::from_live(raw);
        if live.owner.as_deref() != Some(owner) {
            continue;
        }
        let name = live.spec.name.clone();
        let why = if !problems.is_empty() {
            Some(problems.join("; "))
        } else if live.kind.is_some_and(|k| k.has_days()) && day_seven {
            Some("the account numbers weekdays 1 = Sunday … 7 = Saturday, so its days cannot be named safely".into())
        } else if live.zone.is_none() {
            Some("its time zone is not recorded on its description".into())
        } else {
            None
        };
        if let Some(why) = why {
            skipped.push(format!(
                "maintenance window `{name}` (id {}): {why}",
                live.id
            ));
            continue;
        }
        match spec_of(&live, catalogs) {
            Ok(spec) => out.push(spec),
            Err(why) => skipped.push(format!(
                "maintenance window `{name}` (id {}): {why}",
                live.id
            )),
        }
    }
    ((!out.is_empty()).then_some(out), skipped)
}

fn spec_of(live: &LiveWindow, catalogs: &Catalogs) -> Result<WindowSpec, String> {
    let mut spec = live.spec.clone();
    spec.timezone = live.zone.clone().unwrap_or_default();
    let mut names = Vec::new();
    for id in &live.target_ids {
        names.push(target_name(live.selection, id, catalogs).ok_or_else(|| {
            format!(
                "it covers {} id {id}, which has no name s247 can write unambiguously",
                live.selection.map_or("an object", |s| s.setting())
            )
        })?);
    }
    match live.selection {
        Some(Selection::Monitors) => spec.monitors = Some(names),
        Some(Selection::Groups) => spec.groups = Some(names),
        Some(Selection::Tags) => spec.tags = Some(names),
        None => return Err("it covers no monitors, groups or tags s247 can read".into()),
    }
    Ok(spec)
}

/// The name that picks exactly this object, if there is one.
fn target_name(selection: Option<Selection>, id: &str, catalogs: &Catalogs) -> Option<String> {
    match selection? {
        Selection::Monitors => {
            let monitor = catalogs.monitors.iter().find(|m| {
                crate::api::envelope::str_field(m, "monitor_id").as_deref() == Some(id)
            })?;
            let name = monitor["display_name"].as_str()?;
            (catalogs.monitors_named(name).len() == 1).then(|| name.to_string())
        }
        Selection::Groups => exact(catalogs, RefKind::MonitorGroup, id),
        Selection::Tags => exact(catalogs, RefKind::Tag, id),
    }
}

fn exact(catalogs: &Catalogs, kind: RefKind, id: &str) -> Option<String> {
    let name = catalogs.name_of(kind, id)?;
    (catalogs.resolve(kind, Scope::Group, &name).ok().as_deref() == Some(id)).then_some(name)
}
