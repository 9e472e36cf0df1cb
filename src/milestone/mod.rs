//! `s247 milestone`: mark a deploy on the graphs of monitors and monitor groups (Site24x7's
//! milestone markers, `site24x7-api.md` §9.1).
//!
//! The API attaches a marker to one monitor or one monitor group, so each target gets its own
//! `POST /milestone` (bounded concurrency). Monitors and groups are marked themselves; tags stand
//! for the monitors that carry them. Every marker's message ends with `s247-run: <label>` (the CI
//! run and job, as maintenance windows use): the markers are listed first, and a target that
//! already has a marker of this run gets no second one, so a re-run of the job adds nothing.
//!
//! Markers are telemetry: when anything fails after the input was checked, the step warns and
//! succeeds, unless `required` is true. Input mistakes (no target, a bad `time`) still stop the
//! step with exit code 2 before any request.

mod defaults;

use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::actions::{Command, Context, Outcome};
use crate::api::milestones::{self as endpoint, Marker};
use crate::api::resources::{self, Kind};
use crate::api::{Api, maintenance::Selection};
use crate::auth::Session;
use crate::ci::Output;
use crate::error::{Error, Problems, Result};
use crate::inputs::Settings;
use crate::maintenance::label;
use crate::maintenance::select::{self, Wanted};
use crate::monitors::pool::parallel;

/// The stamp that ties a marker to the run and job that added it.
pub const RUN_MARKER: &str = "s247-run:";

/// Markers posted at once.
const PARALLEL: usize = 4;

/// `s247 milestone`.
pub struct Milestone {
    settings: Settings,
    wanted: Vec<Wanted>,
    name: String,
    message: String,
    label: String,
    label_made: bool,
    marker_time: String,
    required: bool,
}

/// One monitor or group to mark.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    id: String,
    shown: String,
}

impl Command for Milestone {
    const SETTINGS: &'static [&'static str] = &[
        "monitors", "groups", "tags", "name", "message", "time", "label", "required",
    ];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("count");
    const OUTPUTS: &'static [&'static str] = &["marker-time", "count"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let wanted = select::wanted_or_problem(settings, &mut problems, "mark");
        let time = match settings.get("time") {
            Some(text) => problems
                .keep(parse_time(text).map_err(|m| settings.error("time", m)))?
                .unwrap_or_else(|| ctx.clock.now()),
            None => ctx.clock.now(),
        };
        let (label, label_made) = label::choose(settings, ctx, &mut problems)?;
        let name = match settings.get("name") {
            Some(name) if name.contains(['\n', '\r']) => {
                problems.absorb(settings.error("name", "a marker's name is one line"))?;
                String::new()
            }
            Some(name) => name.to_string(),
            None => defaults::name(&ctx.env),
        };
        let required = problems
            .keep(settings.flag("required"))?
            .flatten()
            .unwrap_or(false);
        let message = stamp(
            settings
                .get("message")
                .map(str::to_string)
                .or_else(|| defaults::message(&ctx.env))
                .as_deref(),
            &label,
        );
        problems.into_result(Milestone {
            settings: settings.clone(),
            wanted,
            name,
            message,
            label,
            label_made,
            marker_time: minute(time),
            required,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let log = &ctx.log;
        if self.label_made {
            log.info(format!(
                "No CI run to derive a label from: these markers are stamped `{}`, so a re-run will not recognise them (pass --label to make re-runs add nothing)",
                self.label
            ));
        }
        let (posted, failures) = match self.mark(&session.api, ctx) {
            Ok(done) => done,
            Err(error) if !self.required => (0, vec![error.to_string()]),
            Err(error) => return Err(error),
        };
        if !failures.is_empty() {
            let text = failures.join("; ");
            if self.required {
                return Err(Error::runtime(format!(
                    "milestone markers could not be added: {text}"
                )));
            }
            log.warning(format!(
                "milestone markers could not be added: {text}. Markers are telemetry, so this step succeeds; set `required: true` to fail it instead."
            ));
        }
        Ok(Outcome::with(vec![
            Output::plain("marker-time", &self.marker_time),
            Output::count("count", posted),
        ]))
    }
}

impl Milestone {
    /// List the markers and resolve the targets (at the same time), then post the missing ones.
    /// How many were posted, and what failed per target.
    fn mark(&self, api: &Api, ctx: &Context) -> Result<(usize, Vec<String>)> {
        let (markers, targets) = std::thread::scope(|scope| {
            let markers = scope.spawn(|| endpoint::list(api));
            let targets = self.targets(api);
            let markers = markers
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (markers, targets)
        });
        let (markers, targets) = (markers?, targets?);
        let (done, to_mark): (Vec<&Target>, Vec<&Target>) = targets.iter().partition(|t| {
            markers
                .iter()
                .any(|m| m.monitor_id == t.id && run_of(&m.message) == Some(self.label.as_str()))
        });
        for target in &done {
            ctx.log.info(format!(
                "{} already has this run's marker (label `{}`); not adding another",
                target.shown, self.label
            ));
        }
        let results = parallel(&to_mark, PARALLEL, |target| {
            let marker = Marker {
                monitor_id: target.id.clone(),
                marker_time: self.marker_time.clone(),
                label: self.name.clone(),
                message: self.message.clone(),
            };
            endpoint::add(api, &marker).map_err(|e| format!("{}: {e}", target.shown))
        });
        let mut posted = 0;
        let mut failures = Vec::new();
        for (target, result) in to_mark.iter().zip(results) {
            match result {
                Ok(()) => {
                    posted += 1;
                    ctx.log.info(format!(
                        "Marked “{}” on {} at {} UTC",
                        self.name, target.shown, self.marker_time
                    ));
                }
                Err(e) => failures.push(e),
            }
        }
        Ok((posted, failures))
    }

    /// Monitors and groups as given; tags as the monitors carrying them.
    fn targets(&self, api: &Api) -> Result<Vec<Target>> {
        let resolved = select::resolve(api, &self.wanted, &self.settings)?;
        let mut targets = BTreeSet::new();
        for target in resolved {
            match target.selection {
                Selection::Monitors | Selection::Groups => {
                    let noun = if target.selection == Selection::Monitors {
                        "monitor"
                    } else {
                        "monitor group"
                    };
                    // Names line up with ids unless duplicates were dropped.
                    let aligned = target.ids.len() == target.shown.len();
                    for (i, id) in target.ids.iter().enumerate() {
                        let shown = if aligned { &target.shown[i] } else { id };
                        let shown = if shown == id {
                            format!("{noun} {id}")
                        } else {
                            format!("{noun} “{shown}”")
                        };
                        targets.insert(Target {
                            id: id.clone(),
                            shown,
                        });
                    }
                }
                Selection::Tags => {
                    for monitor in resources::list(api, Kind::Monitor)? {
                        let tags = crate::api::envelope::id_list(&monitor.raw, "tag_ids");
                        if tags.iter().any(|t| target.ids.contains(t)) {
                            targets.insert(Target {
                                id: monitor.id.clone(),
                                shown: format!("monitor “{}”", monitor.name),
                            });
                        }
                    }
                }
            }
        }
        Ok(targets.into_iter().collect())
    }
}

/// The message with the run's stamp at its end.
fn stamp(message: Option<&str>, label: &str) -> String {
    match message.map(str::trim).filter(|m| !m.is_empty()) {
        Some(message) => format!("{message} | {RUN_MARKER} {label}"),
        None => format!("{RUN_MARKER} {label}"),
    }
}

/// The run stamped on a marker's message, if any.
fn run_of(message: &str) -> Option<&str> {
    let at = message.rfind(RUN_MARKER)?;
    let run = message[at + RUN_MARKER.len()..].trim();
    (!run.is_empty()).then_some(run)
}

/// `yyyy-MM-dd HH:mm` in UTC, the form of the API's example (§9.1).
fn minute(time: Timestamp) -> String {
    time.strftime("%Y-%m-%d %H:%M").to_string()
}

/// An RFC 3339 time, or `yyyy-MM-dd HH:mm` read as UTC.
fn parse_time(text: &str) -> std::result::Result<Timestamp, String> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", text)
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            format!("`{text}` is not a time: use RFC 3339 (2026-12-01T10:15:00Z) or `yyyy-MM-dd HH:mm` in UTC")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_stamp_reads_back_exactly() {
        let m = stamp(Some("https://ci/run/1"), "octo/shop#1/deploy");
        assert_eq!(m, "https://ci/run/1 | s247-run: octo/shop#1/deploy");
        assert_eq!(run_of(&m), Some("octo/shop#1/deploy"));
        assert_eq!(run_of(&stamp(None, "x")), Some("x"));
        assert_eq!(run_of("a marker a person made"), None);
        // A longer label of another run is not this run's.
        assert_ne!(
            run_of(&stamp(None, "octo/shop#1/deploy2")),
            Some("octo/shop#1/deploy")
        );
    }

    #[test]
    fn times_are_rfc3339_or_minutes_in_utc() {
        assert_eq!(
            minute(parse_time("2026-12-01T10:15:42+01:00").unwrap()),
            "2026-12-01 09:15"
        );
        assert_eq!(
            minute(parse_time("2026-12-01 10:15").unwrap()),
            "2026-12-01 10:15"
        );
        assert!(parse_time("yesterday").unwrap_err().contains("RFC 3339"));
    }
}
