//! The windows `end` and `extend` act on: ids given, and/or every window carrying a label.

use super::*;

/// The windows `end` and `extend` act on: ids given, and/or every window carrying a label.
#[derive(Debug, Clone)]
pub(super) struct Which {
    pub(super) ids: Vec<String>,
    pub(super) label: Option<String>,
    /// `account-timezone`: the zone of windows a person made (see [`placement::place`]).
    pub(super) account_zone: Option<Zone>,
    /// Values of `maintenance-id` that were unexpanded pipeline macros.
    unset: Vec<String>,
}

impl Which {
    /// `maintenance-id` (several allowed) and `label`. With no id, the label defaults to this CI
    /// job's; outside CI one of them must be given.
    pub(super) fn read(
        settings: &Settings,
        ctx: &Context,
        verb: &str,
        problems: &mut Problems,
    ) -> Result<Self> {
        let mut ids = Vec::new();
        for id in settings.list("maintenance-id") {
            if !ids.contains(&id) {
                ids.push(id); // the clean-up state may list a reused window twice
            }
        }
        // Azure DevOps leaves a macro whose variable was never set as it is: `$(window.maintenanceId)`
        // after a start step that failed. That means "no id", not a bad id.
        let unset: Vec<String> = ids
            .iter()
            .filter(|id| id.starts_with("$(") && id.ends_with(')'))
            .cloned()
            .collect();
        ids.retain(|id| !unset.contains(id));
        for id in &ids {
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                let message = format!("`{id}` is not a maintenance window id (ids are numbers)");
                // The flag is `--id`, not `--maintenance-id`.
                problems.absorb(match settings.origin("maintenance-id") {
                    Some(Origin::Flag) => Error::invalid(format!("--id: {message}")),
                    _ => settings.error("maintenance-id", message),
                })?;
            }
        }
        let account_zone = account_zone(settings, problems)?;
        let explicit = settings.get("label").map(str::to_string);
        if let Some(given) = &explicit {
            problems.keep(label::check(given).map_err(|m| settings.error("label", m)))?;
        }
        let label = explicit.or_else(|| {
            if ids.is_empty() {
                label::from_ci(&ctx.env).map(|(l, _)| l)
            } else {
                None
            }
        });
        if ids.is_empty() && label.is_none() {
            problems.push(format!(
                "which window should {verb}? Set {} to the id `maintenance start` gave, or {}; outside GitHub Actions and Azure DevOps there is no default label",
                how_to_set("maintenance-id").replace("`--maintenance-id`", "`--id`"),
                how_to_set("label")
            ));
        }
        Ok(Which {
            ids,
            label,
            account_zone,
            unset,
        })
    }

    /// Say which ids were pipeline variables that were never set (after the masks: not in prepare).
    pub(super) fn note_unset(&self, log: &Reporter) {
        for id in &self.unset {
            log.warning(format!(
                "maintenance-id is `{id}`, a pipeline variable that was never set (did the start step fail?); going by the label instead"
            ));
        }
    }
}

/// One window to act on, found or not.
pub(super) enum Pick<'a> {
    Found(&'a Window),
    Gone(String),
}

impl Pick<'_> {
    pub(super) fn id(&self) -> &str {
        match self {
            Pick::Found(w) => &w.id,
            Pick::Gone(id) => id,
        }
    }
}

pub(super) fn pick<'a>(windows: &'a [Window], which: &Which, log: &Reporter) -> Vec<Pick<'a>> {
    which.note_unset(log);
    let mut picks: Vec<Pick<'a>> = which
        .ids
        .iter()
        .map(|id| match windows.iter().find(|w| &w.id == id) {
            Some(w) => Pick::Found(w),
            None => Pick::Gone(id.clone()),
        })
        .collect();
    if let Some(label) = &which.label {
        let mut carrying = 0;
        for w in windows
            .iter()
            .filter(|w| w.is_once() && label::carries(&w.description, label))
        {
            carrying += 1;
            if !picks.iter().any(|p| p.id() == w.id) {
                picks.push(Pick::Found(w));
            }
        }
        if carrying == 0 {
            log.info(format!("No window carries the label `{label}`"));
        }
    }
    picks
}

/// `account-timezone`, if given: an IANA name.
pub(super) fn account_zone(settings: &Settings, problems: &mut Problems) -> Result<Option<Zone>> {
    match settings.get("account-timezone") {
        None => Ok(None),
        Some(text) => {
            Ok(problems
                .keep(Zone::parse(text).map_err(|m| settings.error("account-timezone", m)))?)
        }
    }
}

/// Place a window in time with the account zone given (see [`placement::place`]).
pub(super) fn read_window(w: &Window, which: &Which) -> std::result::Result<Placed, String> {
    placement::place(w, which.account_zone.as_ref())
}
