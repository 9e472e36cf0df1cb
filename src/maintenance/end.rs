//! `s247 maintenance end`: end (or delete) windows by id or label.
//!
//! Every window picked is judged first ([`End::judge`]); if any must be refused, nothing is
//! written and the step exits 2 saying why and how to do it on purpose. Only then are the
//! writes made.

use super::*;

/// `s247 maintenance end`: end windows by id or label.
pub struct End {
    pub(super) which: Which,
    delete: bool,
}

/// What `end` does to one window.
enum Act<'a> {
    /// Nothing to write; the text says why (gone, already over).
    Nothing(String),
    Delete(&'a Window, &'static str),
    Shorten {
        w: &'a Window,
        zone: Zone,
        current: Interval,
        next: Interval,
        ours: bool,
    },
}

impl Command for End {
    const SETTINGS: &'static [&'static str] =
        &["maintenance-id", "label", "delete", "account-timezone"];
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
        // Judge every window before the first write.
        let mut acts = Vec::new();
        let mut refusals = Vec::new();
        for p in &picks {
            match p {
                Pick::Gone(_) => acts.push(Act::Nothing("not found: already deleted".into())),
                Pick::Found(w) => match self.judge(w, now) {
                    Ok(act) => acts.push(act),
                    Err(why) => refusals.push(why),
                },
            }
        }
        if !refusals.is_empty() {
            return Err(Error::invalid(format!(
                "{}\nNothing was changed.",
                refusals.join("\n")
            )));
        }
        let mut ended = 0;
        let mut rows = String::new();
        let mut failures: Vec<(String, Error)> = Vec::new();
        for (p, act) in picks.iter().zip(acts) {
            let name = match p {
                Pick::Found(w) => w.name.as_str(),
                Pick::Gone(_) => "",
            };
            match self.act(api, log, act) {
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
        Ok(Outcome::with(vec![Output::count("ended", ended)]))
    }
}

impl End {
    /// What to do with one window, or why it must be left alone (a refusal: nothing is written).
    fn judge<'a>(&self, w: &'a Window, now: Timestamp) -> std::result::Result<Act<'a>, String> {
        if self.delete {
            return Ok(Act::Delete(w, "deleted"));
        }
        let on_purpose = format!(
            "To delete it on purpose, set delete ({}) to true",
            how_to_set("delete")
        );
        let who = format!("Window {} {}", w.id, quoted(&w.name));
        // s247's windows carry its label line; a window without one was made by a person.
        let ours = label::of(&w.description).is_some();
        if !w.is_once() {
            return Err(format!(
                "{who} recurs (maintenance_type {}); s247 ends only one-off windows, so it is left as it is. {on_purpose} (that deletes every future run too).",
                w.maintenance_type
                    .map_or("?".to_string(), |t| t.to_string())
            ));
        }
        let Placed {
            zone,
            interval: current,
            ..
        } = read_window(w, &self.which).map_err(|why| {
            format!("{why}. s247 cannot tell when it runs, so it is neither shortened nor deleted. {on_purpose}.")
        })?;
        let person = |what: &str| {
            format!(
                "{who} was made by a person (it carries no s247 label) and {what}: ending it now would delete it, so it is left as it is. {on_purpose}."
            )
        };
        match current.status(now) {
            Status::Over => Ok(Act::Nothing(format!(
                "already over (ended {})",
                zone.show(current.end)
            ))),
            Status::Upcoming if ours => Ok(Act::Delete(w, "had not started yet: deleted")),
            Status::Upcoming => Err(person(&format!(
                "has not started yet (it starts {})",
                zone.show(current.start)
            ))),
            Status::Active => {
                // Now, rounded down, and off any repeated hour of the window's zone (earlier).
                let end = zone.clear_before(window::floor_minute(now));
                if end <= current.start {
                    return if ours {
                        Ok(Act::Delete(w, "began less than a minute ago: deleted"))
                    } else {
                        Err(person("began less than a minute ago"))
                    };
                }
                Ok(Act::Shorten {
                    w,
                    zone,
                    current,
                    next: Interval {
                        start: current.start,
                        end,
                    },
                    ours,
                })
            }
        }
    }

    /// Carry out one judgement; `(whether a window was ended now, what happened)`.
    fn act(&self, api: &Api, log: &Reporter, act: Act<'_>) -> Result<(bool, String)> {
        let delete = |w: &Window, what: &str| -> Result<(bool, String)> {
            Ok(if endpoint::delete(api, &w.id)? {
                (true, what.to_string())
            } else {
                (false, "not found: already deleted".to_string())
            })
        };
        match act {
            Act::Nothing(what) => Ok((false, what)),
            Act::Delete(w, what) => delete(w, what),
            Act::Shorten {
                w,
                zone,
                current,
                next,
                ours,
            } => {
                let times = keep_start(w, next, current, &zone);
                match endpoint::update(api, &w.id, &w.update_body(&times)) {
                    Ok(_) => Ok((
                        true,
                        format!(
                            "ended at {} (was until {})",
                            zone.show(next.end),
                            zone.show(current.end)
                        ),
                    )),
                    Err(e) if e.is_not_found() => {
                        Ok((false, "not found: already deleted".to_string()))
                    }
                    Err(e) if refused(&e) && ours => {
                        log.warning(format!(
                            "Site24x7 refused to move the end of window {} ({e}); deleting it instead",
                            w.id
                        ));
                        delete(w, "deleted (moving its end was refused)")
                    }
                    Err(e) if refused(&e) => Err(Error::runtime(format!(
                        "Site24x7 refused to move the end of window {} ({e}); it was made by a person, so s247 does not delete it instead. To delete it, set delete ({}) to true",
                        w.id,
                        how_to_set("delete")
                    ))),
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
