//! `s247 check`: a probe that changes nothing. Mints (or reuses) the token, reads what each
//! command family needs to read, and tries each create s247 makes with a body the API must
//! reject (an empty object): a token without the create scope is refused for scope (1121), one
//! with it gets a validation error. Site24x7 has no endpoint that lists a token's scopes, so
//! updates and deletes are "not probed": a probe for them would need an object to touch.
//!
//! It then says, per action, whether the credentials can run it, and exits 3 when an action that
//! was asked for (`--for maintenance-start,monitors-apply`; without `--for`, every action but
//! `monitors-verify`, whose `Site24x7.Reports.Read` scope is optional) cannot.
//!
//! Assumed (unverified against a live account; the sandbox plays it): the API checks the scope
//! before it validates the body, as an OAuth filter in front of the handlers would. A probe that
//! gets neither answer says "unknown" and does not count as allowed.

use serde_json::json;

use crate::actions::{Action, Command, Context, Outcome};
use crate::api::ApiError;
use crate::api::error::{NOT_AUTHORIZED, SCOPE_DISALLOWED};
use crate::auth::Session;
use crate::ci::Output;
use crate::ci::escape::table_cell;
use crate::ci::table::Table;
use crate::error::{Error, Result};
use crate::inputs::Settings;

pub struct Check {
    /// The actions `--for` names; empty means every action.
    wanted: Vec<Action>,
}

const OPS_READ: &str = "Site24x7.Operations.Read";
const OPS_CREATE: &str = "Site24x7.Operations.Create";
const OPS_UPDATE: &str = "Site24x7.Operations.Update";
const OPS_DELETE: &str = "Site24x7.Operations.Delete";
const ADMIN_READ: &str = "Site24x7.Admin.Read";
const ADMIN_CREATE: &str = "Site24x7.Admin.Create";
const ADMIN_UPDATE: &str = "Site24x7.Admin.Update";
const ADMIN_DELETE: &str = "Site24x7.Admin.Delete";
const REPORTS_READ: &str = "Site24x7.Reports.Read";

struct Read {
    family: &'static str,
    path: &'static str,
    scope: &'static str,
}

const READS: &[Read] = &[
    Read {
        family: "maintenance start/end/extend/list",
        path: "/maintenance",
        scope: OPS_READ,
    },
    Read {
        family: "monitors plan/apply/export",
        path: "/monitors",
        scope: ADMIN_READ,
    },
    Read {
        family: "monitors suspend/activate",
        path: "/monitor_groups",
        scope: ADMIN_READ,
    },
    Read {
        family: "monitors verify",
        path: "/current_status",
        scope: REPORTS_READ,
    },
];

/// Creates probed with an empty body, which no API version can turn into an object.
const CREATES: &[(&str, &str)] = &[("/maintenance", OPS_CREATE), ("/monitors", ADMIN_CREATE)];

/// The scopes an action always needs, and those it needs only sometimes (with when).
fn needs(
    action: Action,
) -> (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
) {
    match action {
        Action::Token | Action::Check => (&[], &[]),
        Action::MaintenanceStart => (
            &[OPS_READ, ADMIN_READ, OPS_CREATE],
            &[(OPS_UPDATE, "to widen a window a re-run reuses")],
        ),
        Action::MaintenanceEnd => (&[OPS_READ, OPS_UPDATE], &[(OPS_DELETE, "with --delete")]),
        Action::MaintenanceExtend => (&[OPS_READ, OPS_UPDATE], &[]),
        Action::MaintenanceList => (&[OPS_READ], &[]),
        Action::MonitorsPlan | Action::MonitorsExport => {
            (&[ADMIN_READ], &[(OPS_READ, "for maintenance_windows:")])
        }
        Action::MonitorsApply => (
            &[ADMIN_READ, ADMIN_CREATE, ADMIN_UPDATE],
            &[
                (ADMIN_DELETE, "with --prune"),
                (OPS_UPDATE, "with --prune=suspend, or maintenance_windows:"),
                (OPS_READ, "for maintenance_windows:"),
                (OPS_CREATE, "for maintenance_windows:"),
                (OPS_DELETE, "for maintenance_windows: with --prune"),
            ],
        ),
        Action::MonitorsSuspend | Action::MonitorsActivate => (&[ADMIN_READ, OPS_UPDATE], &[]),
        Action::MonitorsVerify => (&[ADMIN_READ, REPORTS_READ], &[]),
        Action::Milestone => (&[ADMIN_READ, ADMIN_CREATE], &[]),
    }
}

/// What a probe showed about one scope.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Allowed,
    Refused,
    /// The probe's answer said neither (shown as is).
    Unknown(String),
}

impl Command for Check {
    const SETTINGS: &'static [&'static str] = &["for"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ok");
    const OUTPUTS: &'static [&'static str] = &["ok"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        let mut wanted = Vec::new();
        let mut unknown = Vec::new();
        for name in settings.list("for") {
            match Action::from_name(&name) {
                Some(action) => wanted.push(action),
                None => unknown.push(name),
            }
        }
        if !unknown.is_empty() {
            let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            return Err(settings.error(
                "for",
                format!(
                    "unknown action{} {}; the actions are {}",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown
                        .iter()
                        .map(|u| format!("`{u}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    known.join(", ")
                ),
            ));
        }
        Ok(Check { wanted })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let log = &ctx.log;
        log.info(format!(
            "Credentials: accepted; data center `{}`, API {}",
            session.data_center,
            session.api.base_url()
        ));
        let mut seen: Vec<(&str, Seen)> = Vec::new();
        // The probe table and the verdicts, for `--json`.
        let mut probes: Vec<serde_json::Value> = Vec::new();
        let mut table =
            String::from("| command family | reads needed | probe | result |\n|---|---|---|---|\n");
        for probe in READS {
            let (result, verdict) = match session.api.get(probe.path) {
                Ok(data) => (
                    // Lists answer an array; current status answers `{monitors: [...]}`.
                    format!(
                        "ok ({} listed)",
                        data.as_array()
                            .or_else(|| data.get("monitors").and_then(|m| m.as_array()))
                            .map_or(0, Vec::len)
                    ),
                    Seen::Allowed,
                ),
                // The token itself refused (after one renewal): nothing else can work either.
                Err(e @ (ApiError::Unauthorized { .. } | ApiError::Renew(_))) => {
                    return Err(e.into());
                }
                Err(e) if is_refusal(&e) => (format!("REFUSED: {e}"), Seen::Refused),
                Err(e) => return Err(e.into()),
            };
            probes.push(probe_json(
                probe.family,
                probe.scope,
                "GET",
                probe.path,
                &result,
                &verdict,
            ));
            record(&mut seen, probe.scope, verdict);
            log.info(format!(
                "{:<36} {:<26} GET {:<16} {result}",
                probe.family, probe.scope, probe.path
            ));
            table.push_str(&format!(
                "| {} | {} | `GET {}` | {} |\n",
                probe.family,
                probe.scope,
                probe.path,
                table_cell(&result)
            ));
        }
        for (path, scope) in CREATES {
            let (result, verdict) = probe_create(session, path)?;
            log.info(format!(
                "{:<36} {:<26} POST {:<15} {result}",
                "creates (empty body, rejected)", scope, path
            ));
            probes.push(probe_json(
                "creates (empty body, rejected)",
                scope,
                "POST",
                path,
                &result,
                &verdict,
            ));
            record(&mut seen, scope, verdict);
        }

        // Without `--for`, every action but the health gate: its scope (`Site24x7.Reports.Read`)
        // is an addition to the recommended grant, so a token without it is not broken.
        let asked: Vec<Action> = if self.wanted.is_empty() {
            Action::ALL
                .iter()
                .copied()
                .filter(|a| *a != Action::MonitorsVerify)
                .collect()
        } else {
            self.wanted.clone()
        };
        let mut actions = String::from("| action | can run | why |\n|---|---|---|\n");
        let mut blocked = Vec::new();
        let mut verdicts: Vec<serde_json::Value> = Vec::new();
        // A person at a terminal gets the verdicts as a table on stdout instead of `true`.
        let on_stdout = log.tables_on_stdout();
        let mut verdict_table = Table::new(&["action", "can run", "why"]);
        if !on_stdout {
            log.info("Per action:");
        }
        for action in Action::ALL.iter().copied() {
            let (verdict, why) = judge(action, &seen);
            let mark = if asked.contains(&action) {
                ""
            } else {
                " (not asked for)"
            };
            if on_stdout {
                verdict_table.row(vec![
                    action.name().to_string(),
                    format!("{verdict}{mark}"),
                    why.clone(),
                ]);
            } else {
                log.info(format!("  {:<20} {verdict}{mark}: {why}", action.name()));
            }
            actions.push_str(&format!(
                "| `{}` | {verdict} | {} |\n",
                action.name(),
                table_cell(&why)
            ));
            verdicts.push(json!({
                "action": action.name(),
                "can_run": verdict,
                "asked": asked.contains(&action),
                "why": why,
            }));
            if verdict == "no" && asked.contains(&action) {
                blocked.push((action, why));
            }
        }
        log.show_table(&verdict_table)?;
        log.summary(&format!(
            "### s247 check\n\n{table}\n{actions}\nUpdates and deletes are not probed (that would need an object to change); grant `Site24x7.Admin.All,Site24x7.Operations.All` for every command, and `Site24x7.Reports.Read` for monitors-verify."
        ))?;
        let outputs = |ok: bool| {
            vec![
                Output::flag("ok", ok),
                Output::json_only("probes", serde_json::Value::Array(probes.clone())),
                Output::json_only("actions", serde_json::Value::Array(verdicts.clone())),
            ]
        };
        if blocked.is_empty() {
            return Ok(Outcome::with(outputs(true)));
        }
        for (action, why) in &blocked {
            log.error(format!("{} cannot run: {why}", action.name()), None);
        }
        log.error(
            "add the missing scopes to the Self Client's grant (or `Site24x7.Admin.All,Site24x7.Operations.All`) and generate a new refresh token",
            None,
        );
        // Exit 3 like any authentication failure, but still say `ok=false` for later steps.
        Ok(Outcome {
            outputs: outputs(false),
            exit_code: 3,
            failure: None,
        })
    }
}

/// One row of the probe table in `--json`.
fn probe_json(
    family: &str,
    scope: &str,
    method: &str,
    path: &str,
    result: &str,
    verdict: &Seen,
) -> serde_json::Value {
    json!({
        "family": family,
        "scope": scope,
        "request": format!("{method} {path}"),
        "result": result,
        "verdict": match verdict {
            Seen::Allowed => "allowed",
            Seen::Refused => "refused",
            Seen::Unknown(_) => "unknown",
        },
    })
}

/// Keep the first verdict per scope, except that a refusal wins.
fn record<'a>(seen: &mut Vec<(&'a str, Seen)>, scope: &'a str, verdict: Seen) {
    match seen.iter_mut().find(|(s, _)| *s == scope) {
        Some((_, old)) if verdict == Seen::Refused => *old = Seen::Refused,
        Some(_) => {}
        None => seen.push((scope, verdict)),
    }
}

/// `POST path {}`: 1121 means the create scope is missing; a validation error means the request
/// got past the scope check (assumed to come first); anything else is unknown.
fn probe_create(session: &Session, path: &str) -> Result<(String, Seen)> {
    match session.api.post(path, &json!({})) {
        // Nothing the API documents creates an object from an empty body; if one ever did,
        // say so loudly rather than call it a probe.
        Ok(_) => Err(Error::runtime(format!(
            "POST {path} with an empty body was accepted; check the account for an empty object and report this"
        ))),
        Err(e @ (ApiError::Unauthorized { .. } | ApiError::Renew(_))) => Err(e.into()),
        Err(e) if is_refusal(&e) => Ok(("REFUSED (scope)".to_string(), Seen::Refused)),
        Err(ApiError::Status {
            status: 400 | 422, ..
        }) => Ok((
            "allowed (the empty body was rejected as invalid, after the scope check)".to_string(),
            Seen::Allowed,
        )),
        Err(e) => Ok((format!("unknown: {e}"), Seen::Unknown(e.to_string()))),
    }
}

/// Can `action` run, given what was seen: `yes`, `no`, or `maybe` (something needed was not
/// probed, or the probe said neither).
fn judge(action: Action, seen: &[(&str, Seen)]) -> (&'static str, String) {
    let (always, sometimes) = needs(action);
    if always.is_empty() {
        return ("yes", "needs no scope beyond a valid token".to_string());
    }
    let look = |scope: &str| seen.iter().find(|(s, _)| *s == scope).map(|(_, v)| v);
    let refused: Vec<&str> = always
        .iter()
        .copied()
        .filter(|s| look(s) == Some(&Seen::Refused))
        .collect();
    if !refused.is_empty() {
        let names: Vec<String> = refused.iter().map(|s| format!("`{s}`")).collect();
        return (
            "no",
            format!(
                "the token lacks {}; run `s247 check` again after adding it",
                names.join(", ")
            ),
        );
    }
    let unprobed: Vec<String> = always
        .iter()
        .filter(|s| look(s).is_none())
        .map(|s| format!("`{s}` (not probed)"))
        .chain(always.iter().filter_map(|s| match look(s) {
            Some(Seen::Unknown(m)) => Some(format!("`{s}` (probe unclear: {m})")),
            _ => None,
        }))
        .chain(sometimes.iter().map(|(s, when)| match look(s) {
            Some(Seen::Refused) => format!("`{s}` {when}: refused"),
            Some(Seen::Allowed) => format!("`{s}` {when}: ok"),
            _ => format!("`{s}` {when} (not probed)"),
        }))
        .collect();
    let probed: Vec<String> = always
        .iter()
        .filter(|s| look(s) == Some(&Seen::Allowed))
        .map(|s| format!("`{s}`"))
        .collect();
    let mut why = format!("{} ok", probed.join(", "));
    if unprobed.is_empty() {
        return ("yes", why);
    }
    why.push_str("; also needs ");
    why.push_str(&unprobed.join(", "));
    let verdict = if always.iter().all(|s| look(s) == Some(&Seen::Allowed)) {
        "yes"
    } else {
        "probably"
    };
    (verdict, why)
}

fn is_refusal(error: &ApiError) -> bool {
    matches!(error.code(), Some(SCOPE_DISALLOWED | NOT_AUTHORIZED))
        || error.is_auth_failure()
        || matches!(
            error,
            ApiError::Status {
                status: 401 | 403,
                ..
            }
        )
}
