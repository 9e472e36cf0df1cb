//! `s247 maintenance end`: end (or delete) windows by id or label.

use super::*;

/// `s247 maintenance end`: end windows by id or label.
pub struct End {
    pub(super) which: Which,
    delete: bool,
}

impl Command for End {
    const SETTINGS: &'static [&'static str] = &["maintenance-id", "label", "delete"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ended");
    const OUTPUTS: &'static [&'static str] = &["ended"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let which = Which::read(settings, ctx, "end", &mut problems)?;
        let delete = problems
            .keep(settings.flag("delete"))?
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
                    let _ = writeln!(
                        rows,
                        "| `{}` | {} | {} |",
                        p.id(),
                        table_cell(name),
                        table_cell(&what)
                    );
                }
                Err(e) => {
                    let _ = writeln!(
                        rows,
                        "| `{}` | {} | failed: {} |",
                        p.id(),
                        table_cell(name),
                        table_cell(&e.to_string())
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
pub(super) fn refused(e: &ApiError) -> bool {
    matches!(e, ApiError::Status { status, .. } if (400..500).contains(status) && ![401, 404, 429].contains(status))
        && !e.is_auth_failure()
}
