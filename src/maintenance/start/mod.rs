//! `s247 maintenance start`: open a window, or reuse this job's.
//!
//! This file reads the settings and runs the command; [`reuse`] finds and widens the window a
//! re-run opened earlier, [`create`] opens a new one.

mod create;
mod reuse;

use super::*;

pub(super) use reuse::keep_start;
use reuse::{cover, note_other_windows, reusable, widened};

/// `s247 maintenance start`: open (or reuse) a one-off window over monitors, groups or tags.
pub struct Start {
    settings: Settings,
    wanted: Vec<Wanted>,
    duration: Duration,
    start: Option<Timestamp>,
    zone: Zone,
    label: String,
    /// The label was made up for this host (no CI run to derive it from).
    label_made: bool,
    name: String,
    /// The user's description; the zone and label lines are stamped on it at create time.
    description: Option<String>,
    keep_monitoring: bool,
    /// The longest a window may be, a reused one widened included (`max-duration`).
    max_duration: Duration,
}

/// How `start` came by a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Opened,
    Reused,
    Extended,
}

impl How {
    fn word(self) -> &'static str {
        match self {
            How::Opened => "opened",
            How::Reused => "reused (opened earlier by this job)",
            How::Extended => "reused and extended (opened earlier by this job)",
        }
    }
}

struct Opened {
    id: String,
    target: Target,
    interval: Interval,
    zone: Zone,
    how: How,
}

impl Command for Start {
    const SETTINGS: &'static [&'static str] = &[
        "monitors",
        "groups",
        "tags",
        "duration",
        "start",
        "timezone",
        "label",
        "name",
        "description",
        "keep-monitoring",
        "max-duration",
    ];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("maintenance-id");
    const OUTPUTS: &'static [&'static str] = &["maintenance-id", "starts-at", "ends-at", "label"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let wanted = select::wanted_or_problem(settings, &mut problems, "put in maintenance");
        let (duration, max_duration) = crate::limits::window_length(
            settings,
            "duration",
            "the window's duration (30m, 1h30m)",
            "a window of",
            &mut problems,
        )?;
        let zone = match settings.get("timezone") {
            Some(text) => {
                problems.keep(Zone::parse(text).map_err(|m| settings.error("timezone", m)))?
            }
            None => Some(Zone::default()),
        };
        let start = match (settings.get("start"), &zone) {
            (Some(text), Some(zone)) => problems
                .keep(window::parse_start(text, zone).map_err(|m| settings.error("start", m)))?,
            _ => None,
        };
        let (label, label_made) = label::choose(settings, ctx, &mut problems)?;
        let keep_monitoring = problems
            .keep(settings.flag("keep-monitoring"))?
            .flatten()
            .unwrap_or(true);
        if let (Some(start), Some(duration), Some(zone)) = (start, duration, &zone) {
            let interval = Interval::covering(start, duration);
            if interval.status(ctx.clock.now()) == Status::Over {
                problems.absorb(settings.error(
                    "start",
                    format!(
                        "the window would already be over: it would end at {}",
                        zone.show(interval.end)
                    ),
                ))?;
            }
        }
        let name = settings
            .get("name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("CI deploy {label}"));
        let description = settings.get("description").map(str::to_string);
        let (Some(duration), Some(zone), Some(max_duration)) =
            problems.into_result((duration, zone, max_duration))?
        else {
            unreachable!("no problems means all were read")
        };
        Ok(Start {
            settings: settings.clone(),
            wanted,
            duration,
            start,
            zone,
            label,
            label_made,
            name,
            description,
            keep_monitoring,
            max_duration,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (api, log) = (&session.api, &ctx.log);
        if self.label_made {
            log.info(format!(
                "No CI run to derive a label from: this window is labelled `{}`. Pass it as --label to end or extend it later.",
                self.label
            ));
        }
        // The names' lists and the windows' list at the same time (one round trip instead of
        // two); an unknown name fails here, before anything is written.
        let (targets, windows) = std::thread::scope(|scope| {
            let windows = scope.spawn(|| endpoint::list(api));
            let targets = select::resolve(api, &self.wanted, &self.settings);
            let windows = windows
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (targets, windows)
        });
        let (targets, windows) = (targets?, windows?);
        let now = ctx.clock.now();
        let wanted = self.planned(now)?;
        if wanted.times(&self.zone).timezone != self.zone.name {
            log.info(format!(
                "The window starts or ends in the hour that happens twice in {} as the clocks fall back; it is sent in UTC ({}) so that it cannot be misread",
                self.zone.name,
                window::DEFAULT_ZONE_NAME
            ));
        }
        // A reused window is widened to cover this run too; that may not make it longer than
        // max-duration. Checked for every target before the first write.
        for target in &targets {
            if let Some(found) = reusable(&windows, &self.label, target, now) {
                let next = widened(found.interval, wanted, now, &found.zone);
                let length = Duration::try_from(next.end.duration_since(next.start))
                    .unwrap_or(Duration::MAX);
                crate::limits::check_window_length(
                    &self.settings,
                    "duration",
                    length,
                    self.max_duration,
                    &format!(
                        "window {} (label `{}`) is reused; covering this run too would make it last",
                        found.window.id, self.label
                    ),
                )?;
            }
        }
        let mut opened = Vec::new();
        for target in targets {
            let found = reusable(&windows, &self.label, &target, now);
            if found.is_none() {
                note_other_windows(&windows, &self.label, &target, now, log);
            }
            let (id, interval, zone, how) = match found {
                Some(found) => cover(api, found, wanted, now)?,
                None => self.create(api, log, &target, wanted, now)?,
            };
            opened.push(Opened {
                id,
                target,
                interval,
                zone,
                how,
            });
        }
        for o in &opened {
            log.info(format!(
                "Maintenance window {} {} for {}: {} (label `{}`)",
                o.id,
                o.how.word(),
                o.target.describe(),
                span(&o.zone, o.interval),
                self.label
            ));
        }
        let ids: Vec<&str> = opened.iter().map(|o| o.id.as_str()).collect();
        for o in &opened {
            log.save_state(STATE_OPENED, &o.id)?;
        }
        let starts = opened.iter().map(|o| o.interval.start).min();
        let ends = opened.iter().map(|o| o.interval.end).max();
        let mut summary = String::from(
            "### Maintenance window\n\n| window | name | covers | from | until | |\n|---|---|---|---|---|---|\n",
        );
        for o in &opened {
            let _ = writeln!(
                summary,
                "| `{}` | {} | {} | {} | {} | {} |",
                o.id,
                table_cell(&self.name),
                table_cell(&o.target.describe()),
                o.zone.show(o.interval.start),
                o.zone.show(o.interval.end),
                o.how.word()
            );
        }
        let _ = write!(summary, "\nLabel: `{}`", table_cell(&self.label));
        log.summary(&summary)?;
        let mut outputs = vec![Output::list("maintenance-id", &ids)];
        if let (Some(starts), Some(ends)) = (starts, ends) {
            outputs.push(Output::plain("starts-at", rfc3339(starts)));
            outputs.push(Output::plain("ends-at", rfc3339(ends)));
        }
        outputs.push(Output::plain("label", self.label.clone()));
        Ok(Outcome::with(outputs))
    }
}

impl Start {
    /// The interval the window must cover, given the time now: from `start` (or now) for
    /// `duration`, on whole minutes.
    fn planned(&self, now: Timestamp) -> Result<Interval> {
        let wanted = Interval::covering(self.start.unwrap_or(now), self.duration);
        if wanted.status(now) == Status::Over {
            return Err(Error::invalid(format!(
                "the window would already be over: it would end at {}",
                self.zone.show(wanted.end)
            )));
        }
        Ok(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::super::end::refused;
    use super::super::{span, table_cell};
    use super::*;
    use crate::ci::{PlainOptions, Platform, Sinks};
    use crate::clock::FakeClock;
    use crate::inputs::Env;
    use std::sync::Arc;

    /// A context whose clock stands still at `now`.
    fn context(now: &str, env: &[(&str, &str)]) -> Context {
        let env = Env::from_pairs(env.iter().copied());
        let sinks = Sinks {
            stdout: Box::new(std::io::sink()),
            stderr: Box::new(std::io::sink()),
        };
        Context {
            clock: Arc::new(FakeClock::starting_at(now.parse().unwrap())),
            log: Arc::new(Reporter::new(
                Platform::Plain,
                &env,
                PlainOptions::default(),
                sinks,
            )),
            env,
        }
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let mut s = Settings::default();
        for (k, v) in pairs {
            s.set(k, *v);
        }
        s
    }

    /// The fields `start` would send, at the context's fixed time.
    fn sent(now: &str, pairs: &[(&str, &str)]) -> Result<Times> {
        let ctx = context(now, &[]);
        let start = Start::prepare(&settings(pairs), &ctx)?;
        Ok(start.planned(ctx.clock.now())?.times(&start.zone))
    }

    fn fields(t: &Times) -> [&str; 5] {
        [
            &t.start_date,
            &t.start_time,
            &t.end_date,
            &t.end_time,
            &t.timezone,
        ]
    }

    #[test]
    fn start_times_with_a_fixed_clock() {
        let monitors = ("monitors", "API");
        // Default: UTC, sent as GMT, start rounded down and end up.
        let t = sent("2026-06-02T19:41:30Z", &[monitors, ("duration", "30m")]).unwrap();
        assert_eq!(
            fields(&t),
            ["2026-06-02", "19:41", "2026-06-02", "20:12", "GMT"]
        );
        // Berlin, across the spring change: 30 minutes of real time, 90 on the clock.
        let berlin = [monitors, ("duration", "30m"), ("timezone", "Europe/Berlin")];
        let t = sent("2026-03-29T00:45:00Z", &berlin).unwrap();
        assert_eq!(
            fields(&t),
            [
                "2026-03-29",
                "01:45",
                "2026-03-29",
                "03:15",
                "Europe/Berlin"
            ]
        );
        // Berlin, the day after the autumn change: UTC+1.
        let t = sent("2026-10-26T08:00:00Z", &berlin).unwrap();
        assert_eq!(
            fields(&t),
            [
                "2026-10-26",
                "09:00",
                "2026-10-26",
                "09:30",
                "Europe/Berlin"
            ]
        );
        // New York, before and after the spring change.
        let ny = [
            monitors,
            ("duration", "1h"),
            ("timezone", "America/New_York"),
        ];
        let t = sent("2026-03-07T15:00:00Z", &ny).unwrap();
        assert_eq!(
            fields(&t),
            [
                "2026-03-07",
                "10:00",
                "2026-03-07",
                "11:00",
                "America/New_York"
            ]
        );
        let t = sent("2026-03-09T15:00:00Z", &ny).unwrap();
        assert_eq!(
            fields(&t),
            [
                "2026-03-09",
                "11:00",
                "2026-03-09",
                "12:00",
                "America/New_York"
            ]
        );
        // New York, inside the repeated hour of the autumn change: sent in GMT.
        let t = sent("2026-11-01T05:10:00Z", &ny).unwrap();
        assert_eq!(
            fields(&t),
            ["2026-11-01", "05:10", "2026-11-01", "06:10", "GMT"]
        );
        // A local --start, read in the zone given.
        let later = [
            monitors,
            ("duration", "45m"),
            ("timezone", "Europe/Berlin"),
            ("start", "2026-10-25T03:15"),
        ];
        let t = sent("2026-10-24T12:00:00Z", &later).unwrap();
        assert_eq!(
            fields(&t),
            [
                "2026-10-25",
                "03:15",
                "2026-10-25",
                "04:00",
                "Europe/Berlin"
            ]
        );
    }

    #[test]
    fn a_window_over_before_it_begins_is_refused() {
        let err = sent(
            "2026-06-02T19:41:30Z",
            &[
                ("monitors", "API"),
                ("duration", "30m"),
                ("start", "2026-06-02T18:00:00Z"),
            ],
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("would already be over"), "{err}");
    }

    #[test]
    fn labels_default_to_the_ci_job_or_this_host() {
        let pairs = [("monitors", "API"), ("duration", "5m")];
        let ctx = context(
            "2026-06-02T19:41:07Z",
            &[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REPOSITORY", "octo/shop"),
                ("GITHUB_RUN_ID", "42"),
                ("GITHUB_JOB", "deploy"),
            ],
        );
        let start = Start::prepare(&settings(&pairs), &ctx).unwrap();
        assert_eq!(start.label, "octo/shop#42/deploy");
        assert!(!start.label_made);
        assert_eq!(start.name, "CI deploy octo/shop#42/deploy");
        assert_eq!(start.description, None);
        let plain =
            Start::prepare(&settings(&pairs), &context("2026-06-02T19:41:07Z", &[])).unwrap();
        assert!(plain.label_made);
        assert!(
            plain.label.ends_with("@2026-06-02T19:41:07Z"),
            "{}",
            plain.label
        );
        // end and extend have no default outside CI.
        let err = End::prepare(&Settings::default(), &context("2026-06-02T19:41:07Z", &[]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("`--id`"), "{err}");
        let end = End::prepare(&Settings::default(), &ctx).unwrap();
        assert_eq!(end.which.label.as_deref(), Some("octo/shop#42/deploy"));
    }
    #[test]
    fn spans_and_cells_read_well() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let i = Interval {
            start: "2026-03-29T00:30:00Z".parse().unwrap(),
            end: "2026-03-29T01:30:00Z".parse().unwrap(),
        };
        assert_eq!(span(&zone, i), "2026-03-29 01:30 → 03:30 Europe/Berlin");
        assert_eq!(table_cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn refusals_exclude_token_and_missing() {
        let status = |status, code| ApiError::Status {
            method: "PUT",
            path: "/maintenance/1".into(),
            status,
            code,
            message: "m".into(),
        };
        assert!(refused(&status(400, Some(1002))));
        assert!(!refused(&status(404, None)));
        assert!(!refused(&status(401, Some(1121))));
        assert!(!refused(&status(500, None)));
    }
}
