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

pub mod label;
pub mod select;
pub mod window;

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
use crate::ci::{Output, Reporter};
use crate::error::{Error, Problems, Result};
use crate::inputs::{Origin, Settings, how_to_set};

/// The `GITHUB_STATE` / Azure DevOps job variable the clean-up step reads to close what `start`
/// opened if nothing else did.
pub const STATE_OPENED: &str = "s247_opened_windows";

// ---------------------------------------------------------------------------------------------
// start

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
    description: String,
    keep_monitoring: bool,
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
    ];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("maintenance-id");
    const OUTPUTS: &'static [&'static str] = &["maintenance-id", "starts-at", "ends-at", "label"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let wanted = select::wanted(settings);
        if wanted.is_empty() {
            problems.push(format!(
                "nothing to put in maintenance: name monitors, groups or tags with {}, {} or {}",
                how_to_set("monitors"),
                how_to_set("groups"),
                how_to_set("tags")
            ));
        }
        let duration = match settings.get("duration") {
            None => {
                let missing = settings.require("duration", "the window's duration (30m, 1h30m)");
                collect(&mut problems, missing.map(|_| None))?.flatten()
            }
            Some(_) => collect(&mut problems, settings.duration("duration"))?.flatten(),
        };
        let zone = match settings.get("timezone") {
            Some(text) => collect(
                &mut problems,
                Zone::parse(text).map_err(|m| settings.error("timezone", m)),
            )?,
            None => Some(Zone::default()),
        };
        let start = match (settings.get("start"), &zone) {
            (Some(text), Some(zone)) => collect(
                &mut problems,
                window::parse_start(text, zone).map_err(|m| settings.error("start", m)),
            )?,
            _ => None,
        };
        let (label, label_made) = match settings.get("label") {
            Some(given) => {
                collect(
                    &mut problems,
                    label::check(given).map_err(|m| settings.error("label", m)),
                )?;
                (given.to_string(), false)
            }
            None => match label::from_ci(&ctx.env) {
                Some((derived, _)) => (derived, false),
                None => (label::for_this_host(ctx.clock.now()), true),
            },
        };
        let keep_monitoring = collect(&mut problems, settings.flag("keep-monitoring"))?
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
        let description = label::stamp(settings.get("description"), &label);
        let (Some(duration), Some(zone)) = problems.into_result((duration, zone))? else {
            unreachable!("no problems means both were read")
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
        let ids = ids.join(",");
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
                md(&self.name),
                md(&o.target.describe()),
                o.zone.show(o.interval.start),
                o.zone.show(o.interval.end),
                o.how.word()
            );
        }
        let _ = write!(summary, "\nLabel: `{}`", md(&self.label));
        log.summary(&summary)?;
        let mut outputs = vec![Output::plain("maintenance-id", ids)];
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

    /// Create the window; after an answer that leaves open whether it was created, look it up by
    /// label before creating it once more.
    fn create(
        &self,
        api: &Api,
        log: &Reporter,
        target: &Target,
        wanted: Interval,
        now: Timestamp,
    ) -> Result<(String, Interval, Zone, How)> {
        let new = NewWindow {
            display_name: self.name.clone(),
            description: self.description.clone(),
            times: wanted.times(&self.zone),
            selection: target.selection,
            targets: target.ids.clone(),
            perform_monitoring: self.keep_monitoring,
        };
        let opened = |w: Window| Ok((w.id, wanted, self.zone.clone(), How::Opened));
        match endpoint::create(api, &new) {
            Ok(w) => opened(w),
            Err(e) if e.is_ambiguous() => {
                log.warning(format!(
                    "Creating the window got no clear answer ({e}); looking it up by label before trying again"
                ));
                let windows = endpoint::list(api)?;
                if let Some(found) = reusable(&windows, &self.label, target, now) {
                    log.info(format!(
                        "Window {} is there: the create went through",
                        found.window.id
                    ));
                    return cover(api, found, wanted, now);
                }
                log.info("The window was not created; creating it once more");
                opened(endpoint::create(api, &new)?)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A labelled window that `start` may reuse, read in its own zone.
struct Found<'a> {
    window: &'a Window,
    zone: Zone,
    interval: Interval,
}

/// The window carrying `label` that covers exactly `target` and is not over yet.
fn reusable<'a>(
    windows: &'a [Window],
    label: &str,
    target: &Target,
    now: Timestamp,
) -> Option<Found<'a>> {
    windows
        .iter()
        .filter(|w| w.is_once() && label::carries(&w.description, label))
        .filter(|w| w.selection == Some(target.selection) && same_set(&w.targets, &target.ids))
        .filter_map(|w| {
            let (zone, _) = Zone::read(w.timezone.as_deref());
            let interval = window::interval_of(w, &zone).ok()?;
            (interval.status(now) != Status::Over).then_some(Found {
                window: w,
                zone,
                interval,
            })
        })
        .max_by_key(|f| f.interval.end)
}

/// Say why a window that carries the label is not reused.
fn note_other_windows(
    windows: &[Window],
    label: &str,
    target: &Target,
    now: Timestamp,
    log: &Reporter,
) {
    for w in windows
        .iter()
        .filter(|w| w.is_once() && label::carries(&w.description, label))
    {
        let (zone, _) = Zone::read(w.timezone.as_deref());
        let over = window::interval_of(w, &zone).is_ok_and(|i| i.status(now) == Status::Over);
        if !over {
            log.info(format!(
                "Window {} carries this label but covers something else; opening another for {}",
                w.id,
                target.describe()
            ));
        }
    }
}

/// Make a reused window cover `wanted`: a later end moves its end; an earlier start moves the
/// start of a window that has not begun yet. Writes only if something changes.
fn cover(
    api: &Api,
    found: Found<'_>,
    wanted: Interval,
    now: Timestamp,
) -> Result<(String, Interval, Zone, How)> {
    let Found {
        window: w,
        zone,
        interval: current,
    } = found;
    let mut next = current;
    if wanted.end > current.end {
        next.end = wanted.end;
    }
    if current.status(now) == Status::Upcoming && wanted.start < current.start {
        next.start = wanted.start;
    }
    if next == current {
        return Ok((w.id.clone(), current, zone, How::Reused));
    }
    let times = keep_start(w, next, current, &zone);
    endpoint::update(api, &w.id, &w.update_body(&times))?;
    Ok((w.id.clone(), next, zone, How::Extended))
}

/// The fields for `next`, with the window's own start fields kept verbatim when the start does
/// not move.
fn keep_start(w: &Window, next: Interval, current: Interval, zone: &Zone) -> Times {
    let mut times = next.times(zone);
    if next.start == current.start
        && times.timezone == zone.name
        && let (Some(date), Some(time)) = (&w.start_date, &w.start_time)
    {
        times.start_date = date.clone();
        times.start_time = time.clone();
    }
    times
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

// ---------------------------------------------------------------------------------------------
// which windows end and extend act on

/// The windows `end` and `extend` act on: ids given, and/or every window carrying a label.
#[derive(Debug, Clone)]
struct Which {
    ids: Vec<String>,
    label: Option<String>,
    /// Values of `maintenance-id` that were unexpanded pipeline macros.
    unset: Vec<String>,
}

impl Which {
    /// `maintenance-id` (several allowed) and `label`. With no id, the label defaults to this CI
    /// job's; outside CI one of them must be given.
    fn read(
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
        let explicit = settings.get("label").map(str::to_string);
        if let Some(given) = &explicit {
            collect(
                problems,
                label::check(given).map_err(|m| settings.error("label", m)),
            )?;
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
        Ok(Which { ids, label, unset })
    }

    /// Say which ids were pipeline variables that were never set (after the masks: not in prepare).
    fn note_unset(&self, log: &Reporter) {
        for id in &self.unset {
            log.warning(format!(
                "maintenance-id is `{id}`, a pipeline variable that was never set (did the start step fail?); going by the label instead"
            ));
        }
    }
}

/// One window to act on, found or not.
enum Pick<'a> {
    Found(&'a Window),
    Gone(String),
}

impl Pick<'_> {
    fn id(&self) -> &str {
        match self {
            Pick::Found(w) => &w.id,
            Pick::Gone(id) => id,
        }
    }
}

fn pick<'a>(windows: &'a [Window], which: &Which, log: &Reporter) -> Vec<Pick<'a>> {
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

/// A window's zone and interval, saying so when its zone could not be read.
fn read_window(w: &Window, log: &Reporter) -> std::result::Result<(Zone, Interval), String> {
    let (zone, known) = Zone::read(w.timezone.as_deref());
    if !known {
        log.warning(format!(
            "Window {}: cannot read its time zone `{}`; reading its times as UTC",
            w.id, zone.name
        ));
    }
    window::interval_of(w, &zone).map(|i| (zone, i))
}

// ---------------------------------------------------------------------------------------------
// end

/// `s247 maintenance end`: end windows by id or label.
pub struct End {
    which: Which,
    delete: bool,
}

impl Command for End {
    const SETTINGS: &'static [&'static str] = &["maintenance-id", "label", "delete"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ended");
    const OUTPUTS: &'static [&'static str] = &["ended"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let which = Which::read(settings, ctx, "end", &mut problems)?;
        let delete = collect(&mut problems, settings.flag("delete"))?
            .flatten()
            .unwrap_or(false);
        problems.into_result(End { which, delete })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (api, log) = (&session.api, &ctx.log);
        let windows = endpoint::list(api)?;
        let now = ctx.clock.now();
        let picks = pick(&windows, &self.which, log);
        let mut ended = 0;
        let mut rows = String::new();
        let mut failures: Vec<(String, Error)> = Vec::new();
        for p in &picks {
            let (result, name) = match p {
                Pick::Gone(_) => (Ok((false, "not found: already deleted".to_string())), ""),
                Pick::Found(w) => (self.end_one(api, log, w, now), w.name.as_str()),
            };
            match result {
                Ok((counted, what)) => {
                    ended += usize::from(counted);
                    log.info(format!("Window {} {}: {what}", p.id(), quoted(name)));
                    let _ = writeln!(rows, "| `{}` | {} | {} |", p.id(), md(name), md(&what));
                }
                Err(e) => {
                    let _ = writeln!(
                        rows,
                        "| `{}` | {} | failed: {} |",
                        p.id(),
                        md(name),
                        md(&e.to_string())
                    );
                    failures.push((p.id().to_string(), e));
                }
            }
        }
        if !picks.is_empty() {
            log.summary(&format!(
                "### Maintenance ended\n\n| window | name | result |\n|---|---|---|\n{rows}"
            ))?;
        }
        match failures.len() {
            0 => {}
            1 => return Err(failures.remove(0).1),
            n => {
                for (id, e) in &failures {
                    log.warning(format!("Window {id}: {e}"));
                }
                let code = failures.iter().map(|(_, e)| e.exit_code()).max();
                let message = format!("{n} windows could not be ended; see the warnings above");
                return Err(if code == Some(3) {
                    Error::Auth(message)
                } else {
                    Error::runtime(message)
                });
            }
        }
        Ok(Outcome::with(vec![Output::plain(
            "ended",
            ended.to_string(),
        )]))
    }
}

impl End {
    /// End one window; `(whether it was ended now, what happened)`.
    fn end_one(
        &self,
        api: &Api,
        log: &Reporter,
        w: &Window,
        now: Timestamp,
    ) -> Result<(bool, String)> {
        let delete = |what: &str| -> Result<(bool, String)> {
            Ok(if endpoint::delete(api, &w.id)? {
                (true, what.to_string())
            } else {
                (false, "not found: already deleted".to_string())
            })
        };
        if self.delete {
            return delete("deleted");
        }
        if !w.is_once() {
            return Err(Error::runtime(format!(
                "window {} is a recurring window (maintenance_type {}); s247 ends only one-off windows. Pass delete (--delete) to delete it",
                w.id,
                w.maintenance_type
                    .map_or("?".to_string(), |t| t.to_string())
            )));
        }
        let (zone, current) = read_window(w, log).map_err(|m| {
            Error::runtime(format!(
                "{m}; pass delete (--delete) to delete the window instead"
            ))
        })?;
        match current.status(now) {
            Status::Over => Ok((
                false,
                format!("already over (ended {})", zone.show(current.end)),
            )),
            Status::Upcoming => delete("had not started yet: deleted"),
            Status::Active => {
                let end = window::floor_minute(now);
                if end <= current.start {
                    return delete("began less than a minute ago: deleted");
                }
                let next = Interval {
                    start: current.start,
                    end,
                };
                let times = keep_start(w, next, current, &zone);
                match endpoint::update(api, &w.id, &w.update_body(&times)) {
                    Ok(_) => Ok((
                        true,
                        format!(
                            "ended at {} (was until {})",
                            zone.show(end),
                            zone.show(current.end)
                        ),
                    )),
                    Err(e) if e.is_not_found() => {
                        Ok((false, "not found: already deleted".to_string()))
                    }
                    Err(e) if refused(&e) => {
                        log.warning(format!(
                            "Site24x7 refused to move the end of window {} ({e}); deleting it instead",
                            w.id
                        ));
                        delete("deleted (moving its end was refused)")
                    }
                    Err(e) => Err(e.into()),
                }
            }
        }
    }
}

/// The server said no to this request itself (not to the token): a 4xx other than 401/404/429.
fn refused(e: &ApiError) -> bool {
    matches!(e, ApiError::Status { status, .. } if (400..500).contains(status) && ![401, 404, 429].contains(status))
        && !e.is_auth_failure()
}

// ---------------------------------------------------------------------------------------------
// extend

/// `s247 maintenance extend`: move the end of running (or upcoming) windows later.
pub struct Extend {
    which: Which,
    by: Duration,
}

impl Command for Extend {
    const SETTINGS: &'static [&'static str] = &["maintenance-id", "label", "by"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ends-at");
    const OUTPUTS: &'static [&'static str] = &["maintenance-id", "ends-at"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let which = Which::read(settings, ctx, "extend", &mut problems)?;
        let by = match settings.get("by") {
            None => {
                let missing = settings.require("by", "how much later the window ends (15m, 1h)");
                collect(&mut problems, missing.map(|_| None))?.flatten()
            }
            Some(_) => collect(&mut problems, settings.duration("by"))?.flatten(),
        };
        let Some(by) = problems.into_result(by)? else {
            unreachable!("no problems means it was read")
        };
        Ok(Extend { which, by })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (api, log) = (&session.api, &ctx.log);
        let windows = endpoint::list(api)?;
        let now = ctx.clock.now();
        // Check every window before changing any.
        let mut plans = Vec::new();
        let mut problems = Vec::new();
        for p in pick(&windows, &self.which, log) {
            let w = match p {
                Pick::Gone(id) => {
                    problems.push(format!(
                        "window {id} was not found: it was deleted or never existed"
                    ));
                    continue;
                }
                Pick::Found(w) => w,
            };
            if !w.is_once() {
                problems.push(format!(
                    "window {} recurs; s247 extends only one-off windows",
                    w.id
                ));
                continue;
            }
            let (zone, current) = match read_window(w, log) {
                Ok(read) => read,
                Err(m) => {
                    problems.push(m);
                    continue;
                }
            };
            if current.status(now) == Status::Over {
                // Asked for by id it is a mistake; found by label it is simply not ours to extend.
                if self.which.ids.contains(&w.id) {
                    problems.push(format!(
                        "window {} is already over (ended {}); open a new one with maintenance start",
                        w.id,
                        zone.show(current.end)
                    ));
                }
                continue;
            }
            let step = SignedDuration::try_from(self.by).unwrap_or(SignedDuration::MAX);
            let end =
                window::ceil_minute(current.end.saturating_add(step).unwrap_or(Timestamp::MAX));
            plans.push((
                w,
                zone,
                current,
                Interval {
                    start: current.start,
                    end,
                },
            ));
        }
        if !problems.is_empty() {
            return Err(Error::runtime(problems.join("\n")));
        }
        if plans.is_empty() {
            let label = self.which.label.as_deref().unwrap_or_default();
            return Err(Error::runtime(format!(
                "no running or upcoming window carries the label `{label}`; open one with maintenance start"
            )));
        }
        let mut rows = String::new();
        for (w, zone, current, next) in &plans {
            endpoint::update(
                api,
                &w.id,
                &w.update_body(&keep_start(w, *next, *current, zone)),
            )?;
            log.info(format!(
                "Window {} {}: now ends {} (was {})",
                w.id,
                quoted(&w.name),
                zone.show(next.end),
                zone.show(current.end)
            ));
            let _ = writeln!(
                rows,
                "| `{}` | {} | {} | {} |",
                w.id,
                md(&w.name),
                zone.show(current.end),
                zone.show(next.end)
            );
        }
        log.summary(&format!(
            "### Maintenance extended\n\n| window | name | was until | now until |\n|---|---|---|---|\n{rows}"
        ))?;
        let ids: Vec<&str> = plans.iter().map(|(w, ..)| w.id.as_str()).collect();
        let ends = plans
            .iter()
            .map(|(.., next)| next.end)
            .max()
            .expect("at least one");
        Ok(Outcome::with(vec![
            Output::plain("maintenance-id", ids.join(",")),
            Output::plain("ends-at", rfc3339(ends)),
        ]))
    }
}

// ---------------------------------------------------------------------------------------------
// list

/// `s247 maintenance list`: every window, or only active ones, or only one label's.
pub struct List {
    active: bool,
    label: Option<String>,
}

impl Command for List {
    const SETTINGS: &'static [&'static str] = &["active", "label"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("json");
    const OUTPUTS: &'static [&'static str] = &["json", "count"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let active = collect(&mut problems, settings.flag("active"))?
            .flatten()
            .unwrap_or(false);
        let label = settings.get("label").map(str::to_string);
        if let Some(given) = &label {
            collect(
                &mut problems,
                label::check(given).map_err(|m| settings.error("label", m)),
            )?;
        }
        problems.into_result(List { active, label })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let log = &ctx.log;
        let windows = endpoint::list(&session.api)?;
        let now = ctx.clock.now();
        let mut items = Vec::new();
        let mut rows = String::new();
        for w in &windows {
            let label = label::of(&w.description);
            if let Some(wanted) = &self.label
                && label != Some(wanted.as_str())
            {
                continue;
            }
            let (zone, _) = Zone::read(w.timezone.as_deref());
            let interval = window::interval_of(w, &zone).ok();
            let status = match (w.is_once(), interval) {
                (false, _) => "recurring",
                (true, Some(i)) => i.status(now).word(),
                (true, None) => "unknown",
            };
            if self.active && status != "active" {
                continue;
            }
            let at = |t: Option<Timestamp>| t.map_or(Value::Null, |t| json!(rfc3339(t)));
            items.push(json!({
                "id": w.id,
                "name": w.name,
                "label": label,
                "status": status,
                "start": at(interval.map(|i| i.start)),
                "end": at(interval.map(|i| i.end)),
                "timezone": w.timezone,
                "covers": w.selection.map(|s| s.setting()),
                "ids": w.targets,
            }));
            let when = interval.map_or_else(String::new, |i| span(&zone, i));
            log.info(format!(
                "{}  {:<9}  {:<40}  {}{}",
                w.id,
                status,
                when,
                quoted(&w.name),
                label.map(|l| format!("  [label {l}]")).unwrap_or_default()
            ));
            let _ = writeln!(
                rows,
                "| `{}` | {} | {} | {} | {} |",
                w.id,
                md(&w.name),
                status,
                md(&when),
                label.map(md).unwrap_or_default()
            );
        }
        log.info(format!("{} window(s)", items.len()));
        log.summary(&format!(
            "### Maintenance windows\n\n| window | name | status | when | label |\n|---|---|---|---|---|\n{rows}"
        ))?;
        let count = items.len();
        let text = serde_json::to_string(&Value::Array(items)).expect("JSON values serialise");
        Ok(Outcome::with(vec![
            Output::plain("json", text),
            Output::plain("count", count.to_string()),
        ]))
    }
}

// ---------------------------------------------------------------------------------------------
// helpers

/// Keep a problem for the list and go on, or pass on a non-input error.
fn collect<T>(problems: &mut Problems, result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) => problems.absorb(e).map(|()| None),
    }
}

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

/// Text from the API or the user, made safe inside a markdown table cell.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
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
        assert!(
            start
                .description
                .ends_with("\n\ns247-label: octo/shop#42/deploy")
        );
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
    fn sets_ignore_order_and_repeats() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(same_set(&s(&["1", "2"]), &s(&["2", "1", "1"])));
        assert!(!same_set(&s(&["1", "2"]), &s(&["1"])));
    }

    #[test]
    fn spans_and_cells_read_well() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let i = Interval {
            start: "2026-03-29T00:30:00Z".parse().unwrap(),
            end: "2026-03-29T01:30:00Z".parse().unwrap(),
        };
        assert_eq!(span(&zone, i), "2026-03-29 01:30 → 03:30 Europe/Berlin");
        assert_eq!(md("a|b\nc"), "a\\|b c");
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
