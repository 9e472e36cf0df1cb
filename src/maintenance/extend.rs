//! `s247 maintenance extend`: move the end of windows later.

use super::*;

/// `s247 maintenance extend`: move the end of running (or upcoming) windows later.
pub struct Extend {
    which: Which,
    by: Duration,
    /// The longest a window may become (`max-duration`).
    max_duration: Duration,
    settings: Settings,
}

impl Command for Extend {
    const SETTINGS: &'static [&'static str] = &[
        "maintenance-id",
        "label",
        "by",
        "max-duration",
        "account-timezone",
    ];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ends-at");
    const OUTPUTS: &'static [&'static str] = &["maintenance-id", "ends-at"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let which = Which::read(settings, ctx, "extend", &mut problems)?;
        let (by, max_duration) = crate::limits::window_length(
            settings,
            "by",
            "how much later the window ends (15m, 1h)",
            "an extension of",
            &mut problems,
        )?;
        let (Some(by), Some(max_duration)) = problems.into_result((by, max_duration))? else {
            unreachable!("no problems means it was read")
        };
        Ok(Extend {
            which,
            by,
            max_duration,
            settings: settings.clone(),
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (api, log) = (&session.api, &ctx.log);
        let windows = endpoint::list(api)?;
        let now = ctx.clock.now();
        // Check every window before changing any.
        let mut plans = Vec::new();
        let mut problems = Vec::new();
        let mut refused = Vec::new();
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
            let (zone, current) = match read_window(w, &self.which) {
                Ok(placed) => (placed.zone, placed.interval),
                Err(m) => {
                    problems.push(format!("{m}; it is left as it is"));
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
            // Written in the window's own zone, off any repeated hour (a little later).
            let end = zone.clear_after(window::ceil_minute(
                current.end.saturating_add(step).unwrap_or(Timestamp::MAX),
            ));
            // The window as a whole may not outgrow max-duration either. A window someone made
            // longer than that already (a person's weeks-long freeze) is not s247's doing: there
            // only `by` itself is held to the limit (checked when the settings were read).
            let length =
                Duration::try_from(end.duration_since(current.start)).unwrap_or(Duration::MAX);
            let already = Duration::try_from(current.end.duration_since(current.start))
                .unwrap_or(Duration::MAX);
            if already > self.max_duration {
                log.info(format!(
                    "window {} already lasts {}, longer than max-duration ({}); it was made that long outside this run, so only the extension ({}) is held to the limit",
                    w.id,
                    crate::limits::show(already),
                    crate::limits::show(self.max_duration),
                    crate::limits::show(self.by),
                ));
            } else if let Err(e) = crate::limits::check_window_length(
                &self.settings,
                "by",
                length,
                self.max_duration,
                &format!("window {} would then last", w.id),
            ) {
                refused.push(e);
                continue;
            }
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
        // Too long is a mistake in the input: exit 2, nothing written.
        if let Some(first) = refused.into_iter().next() {
            return Err(first);
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
                table_cell(&w.name),
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
            Output::list("maintenance-id", &ids),
            Output::plain("ends-at", rfc3339(ends)),
        ]))
    }
}
