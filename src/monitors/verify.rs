//! `s247 monitors verify`: the health gate between a deploy and `maintenance-end`.
//!
//! Targets are picked like `suspend`/`activate` (names, ids, groups, tags; one list call per
//! kind). Then, until every target is up or `within` runs out: ask for an immediate check of each
//! target that is not up yet (`GET /monitor/poll_now/{id}`, unless `poll-now: false`), wait
//! `interval`, and read every status in **one** `GET /current_status` call.
//!
//! It never reports healthy on a status it could not see:
//! - 5 Suspended and 7 Maintenance hide the monitor's health: not healthy, at once (waiting does
//!   not change them), with the way out;
//! - a monitor missing from the answer, or with a status other than 1 Up, is not up;
//! - with poll now, an "up" counts only if `last_polled_time` shows a check since the gate began
//!   (less [`CLOCK_SKEW`]): an "up" from before the deploy proves nothing. A status without a
//!   readable check time does not count either.
//!
//! Inside a maintenance window: Site24x7 documents status 7 Maintenance, and whether a window
//! opened with `keep-monitoring` (`perform_monitoring`) still shows the measured status is not
//! documented. So a covered monitor either shows its real status (then the gate works as
//! anywhere) or 7 (then the gate fails at once and says: end the window first, or verify the
//! monitors the window does not cover). The sandbox plays the second (strict) case.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::actions::{Command, Context, Outcome};
use crate::api::envelope::{as_id, str_field};
use crate::api::status::{self, MonitorStatus};
use crate::api::{Api, monitors};
use crate::auth::Session;
use crate::ci::Output;
use crate::ci::escape::table_cell;
use crate::error::{Error, Problems, Result};
use crate::inputs::Settings;

use super::pool::parallel;
use super::select::Selection;

pub const DEFAULT_WITHIN: Duration = Duration::from_secs(5 * 60);
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15);
/// Reads closer together than this only ask Site24x7 the same question again: a check from its
/// locations takes seconds, and poll now is a request for a real check each time.
pub const MIN_INTERVAL: Duration = Duration::from_secs(10);
/// How far Site24x7's clock may be behind the runner's and a check still count as "since the
/// gate began".
pub const CLOCK_SKEW: SignedDuration = SignedDuration::from_secs(10);
/// Poll-now requests at once.
const PARALLEL: usize = 4;

/// `s247 monitors verify`.
pub struct Verify {
    selection: Selection,
    within: Duration,
    interval: Duration,
    poll_now: bool,
}

/// A target as it stands after one read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Standing {
    Up,
    /// Not up now; may still come up.
    Waiting,
    /// Not up, and waiting will not change it (suspended, under maintenance).
    Hidden,
}

#[derive(Debug, Clone)]
struct Verdict {
    id: String,
    name: String,
    standing: Standing,
    status: String,
    reason: String,
    last_checked: String,
}

impl Command for Verify {
    const SETTINGS: &'static [&'static str] = &[
        "monitors", "groups", "tags", "within", "poll-now", "interval",
    ];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("healthy");
    const OUTPUTS: &'static [&'static str] = &["healthy", "statuses"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let selection = problems.keep(Selection::from_settings(settings))?;
        let within = problems
            .keep(settings.duration("within"))?
            .flatten()
            .unwrap_or(DEFAULT_WITHIN);
        if within.is_zero() {
            problems.absorb(settings.error("within", "must be longer than 0s, like 2m"))?;
        }
        let interval = problems
            .keep(settings.duration("interval"))?
            .flatten()
            .unwrap_or(DEFAULT_INTERVAL);
        if interval < MIN_INTERVAL {
            problems.absorb(settings.error(
                "interval",
                format!(
                    "reads closer than {}s apart only repeat the question; use {}s or more",
                    MIN_INTERVAL.as_secs(),
                    MIN_INTERVAL.as_secs()
                ),
            ))?;
        }
        let poll_now = problems
            .keep(settings.flag("poll-now"))?
            .flatten()
            .unwrap_or(true);
        let Some(selection) = problems.into_result(selection)? else {
            unreachable!("no problems means the selection was read")
        };
        Ok(Verify {
            selection,
            within,
            interval,
            poll_now,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (api, log, clock) = (&session.api, &ctx.log, &ctx.clock);
        let started = clock.now();
        let deadline =
            started + SignedDuration::try_from(self.within).unwrap_or(SignedDuration::MAX);
        let monitors = self.selection.monitors(api)?;
        if monitors.is_empty() {
            return Ok(Outcome::failed(
                self.outputs(false, &[]),
                Error::runtime(
                    "no monitors to verify: the groups or tags given hold none. A gate that checks nothing does not pass; name the monitors to verify.",
                ),
            ));
        }
        let targets: Vec<(String, String, bool)> = monitors
            .iter()
            .filter_map(|m| {
                Some((
                    m.get("monitor_id").and_then(as_id)?,
                    str_field(m, "display_name").unwrap_or_default(),
                    monitors::is_suspended(m),
                ))
            })
            .collect();
        log.info(format!(
            "Verifying {} monitor{} within {}{}",
            targets.len(),
            if targets.len() == 1 { "" } else { "s" },
            crate::api::http::humanise(self.within),
            if self.poll_now {
                ", asking Site24x7 for a check now"
            } else {
                ""
            }
        ));
        let mut verdicts: Vec<Verdict> = Vec::new();
        let mut reads = 0;
        loop {
            if self.poll_now {
                let to_poll: Vec<&(String, String, bool)> = targets
                    .iter()
                    .filter(|(id, _, suspended)| {
                        !suspended
                            && !verdicts
                                .iter()
                                .any(|v| v.id == *id && v.standing == Standing::Up)
                    })
                    .collect();
                self.poll(api, &to_poll, ctx);
            }
            let statuses = status::current(api)?;
            reads += 1;
            verdicts = targets
                .iter()
                .map(|(id, name, suspended)| {
                    let found = statuses.iter().find(|s| s.monitor_id == *id);
                    self.judge(id, name, *suspended, found, started)
                })
                .collect();
            let up = verdicts
                .iter()
                .filter(|v| v.standing == Standing::Up)
                .count();
            if up == verdicts.len() {
                log.info(format!(
                    "All {up} monitor{} up (read {reads})",
                    if up == 1 { " is" } else { "s are" }
                ));
                ctx.log.summary(&table("Health gate: passed", &verdicts))?;
                let outputs = self.outputs(true, &verdicts);
                return Ok(Outcome::with(outputs));
            }
            let hidden = verdicts.iter().any(|v| v.standing == Standing::Hidden);
            let next = clock.now()
                + SignedDuration::try_from(self.interval).unwrap_or(SignedDuration::MAX);
            if hidden || next > deadline {
                break;
            }
            log.info(format!(
                "{up} of {} up after read {reads}; reading again in {}",
                verdicts.len(),
                crate::api::http::humanise(self.interval)
            ));
            clock.sleep(self.interval);
        }
        let failing: Vec<&Verdict> = verdicts
            .iter()
            .filter(|v| v.standing != Standing::Up)
            .collect();
        let why = if verdicts.iter().any(|v| v.standing == Standing::Hidden) {
            "their health cannot be seen, so waiting would not help".to_string()
        } else {
            format!(
                "not up within {} ({reads} reads)",
                crate::api::http::humanise(self.within)
            )
        };
        let mut text = format!(
            "{} of {} monitors are not healthy: {why}",
            failing.len(),
            verdicts.len()
        );
        for v in &failing {
            text.push_str(&format!(
                "\n  {} (id {}): {} — {}; last checked {}",
                v.name, v.id, v.status, v.reason, v.last_checked
            ));
        }
        ctx.log.summary(&table("Health gate: failed", &verdicts))?;
        Ok(Outcome::failed(
            self.outputs(false, &verdicts),
            Error::runtime(text),
        ))
    }
}

impl Verify {
    /// Ask for a check of each target now. A refusal is noted, not fatal: the read that follows
    /// shows what Site24x7 knows.
    fn poll(&self, api: &Api, targets: &[&(String, String, bool)], ctx: &Context) {
        let results = parallel(targets, PARALLEL, |(id, _, _)| status::poll_now(api, id));
        for ((id, name, _), result) in targets.iter().zip(results) {
            if let Err(e) = result {
                ctx.log
                    .info(format!("Poll now of “{name}” (id {id}) was refused: {e}"));
            }
        }
    }

    fn judge(
        &self,
        id: &str,
        name: &str,
        suspended: bool,
        found: Option<&MonitorStatus>,
        started: Timestamp,
    ) -> Verdict {
        let name = found
            .map(|s| s.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| name.to_string());
        let last_checked = found
            .map(|s| s.last_polled_text.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "unknown".into());
        let verdict = |standing, status: &str, reason: String| Verdict {
            id: id.to_string(),
            name: name.clone(),
            standing,
            status: status.to_string(),
            reason,
            last_checked: last_checked.clone(),
        };
        let suspended_reason = || {
            "suspended: it is not checked. Activate it (monitors-activate) or leave it out of the gate".to_string()
        };
        let Some(found) = found else {
            return if suspended {
                verdict(Standing::Hidden, "suspended", suspended_reason())
            } else {
                verdict(
                    Standing::Waiting,
                    "unknown",
                    "Site24x7 reported no status for it".into(),
                )
            };
        };
        let reason_or = |fallback: &str| {
            if found.down_reason.trim().is_empty() {
                fallback.to_string()
            } else {
                found.down_reason.trim().to_string()
            }
        };
        match found.status {
            Some(status::UP) => {
                let fresh = found
                    .last_polled
                    .is_some_and(|t| t >= started - CLOCK_SKEW);
                if !self.poll_now || fresh {
                    verdict(Standing::Up, "up", String::new())
                } else if found.last_polled.is_none() {
                    verdict(
                        Standing::Waiting,
                        "up?",
                        "up, but the answer does not say when it was checked; set poll-now: false to accept the current status as it is".into(),
                    )
                } else {
                    verdict(
                        Standing::Waiting,
                        "up?",
                        "up, but not checked since the gate began".into(),
                    )
                }
            }
            Some(status::SUSPENDED) => verdict(Standing::Hidden, "suspended", suspended_reason()),
            Some(status::MAINTENANCE) => verdict(
                Standing::Hidden,
                "maintenance",
                "under a maintenance window, which hides its status. End the window first (maintenance-end before monitors-verify), or verify the monitors the window does not cover".into(),
            ),
            Some(code @ (status::DOWN | status::TROUBLE | status::CRITICAL)) => {
                verdict(Standing::Waiting, status::word(code), reason_or(status::word(code)))
            }
            Some(code) => verdict(
                Standing::Waiting,
                status::word(code),
                format!("status {code} ({}) is not up", status::word(code)),
            ),
            None => verdict(
                Standing::Waiting,
                "unknown",
                "the answer holds no readable status".into(),
            ),
        }
    }

    fn outputs(&self, healthy: bool, verdicts: &[Verdict]) -> Vec<Output> {
        let statuses: Vec<Value> = verdicts
            .iter()
            .map(|v| {
                json!({
                    "name": v.name,
                    "id": v.id,
                    "status": v.status,
                    "reason": v.reason,
                    "last_checked": v.last_checked,
                })
            })
            .collect();
        vec![
            Output::flag("healthy", healthy),
            Output::json("statuses", Value::Array(statuses)),
        ]
    }
}

fn table(title: &str, verdicts: &[Verdict]) -> String {
    let mut out = format!(
        "### {title}\n\n| Monitor | Id | Status | Reason | Last checked |\n|---|---|---|---|---|\n"
    );
    for v in verdicts {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            table_cell(&v.name),
            table_cell(&v.id),
            table_cell(&v.status),
            table_cell(&v.reason),
            table_cell(&v.last_checked)
        ));
    }
    out
}
