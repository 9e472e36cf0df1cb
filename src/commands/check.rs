//! `s247 check`: a read-only probe. Mints (or reuses) the token, then reads what each command
//! family needs to read, and says plainly what that shows and what it cannot show: Site24x7 has
//! no endpoint that lists a token's scopes, and write permissions cannot be probed without writing.

use crate::actions::{Command, Context, Outcome};
use crate::api::ApiError;
use crate::auth::Session;
use crate::ci::Output;
use crate::ci::escape::table_cell;
use crate::error::Result;
use crate::inputs::Settings;

pub struct Check;

struct Probe {
    family: &'static str,
    path: &'static str,
    scope: &'static str,
    writes: &'static str,
}

const PROBES: &[Probe] = &[
    Probe {
        family: "maintenance start/end/extend/list",
        path: "/maintenance",
        scope: "Site24x7.Operations.Read",
        writes: "Site24x7.Operations.Create/Update/Delete",
    },
    Probe {
        family: "monitors plan/apply/export",
        path: "/monitors",
        scope: "Site24x7.Admin.Read",
        writes: "Site24x7.Admin.Create/Update/Delete",
    },
    Probe {
        family: "monitors suspend/activate",
        path: "/monitor_groups",
        scope: "Site24x7.Admin.Read",
        writes: "Site24x7.Operations.Update",
    },
];

impl Command for Check {
    const SETTINGS: &'static [&'static str] = &[];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("ok");
    const OUTPUTS: &'static [&'static str] = &["ok"];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Ok(Check)
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let log = &ctx.log;
        log.info(format!(
            "Credentials: accepted; data center `{}`, API {}",
            session.data_center,
            session.api.base_url()
        ));
        let mut table =
            String::from("| command family | reads needed | probe | result |\n|---|---|---|---|\n");
        let mut refused = Vec::new();
        for probe in PROBES {
            let result = match session.api.get(probe.path) {
                Ok(data) => format!("ok ({} listed)", data.as_array().map_or(0, Vec::len)),
                // The token itself refused (after one renewal): nothing else can work either.
                Err(e @ (ApiError::Unauthorized { .. } | ApiError::Renew(_))) => {
                    return Err(e.into());
                }
                Err(e) if is_refusal(&e) => {
                    refused.push(probe.family);
                    format!("REFUSED: {e}")
                }
                Err(e) => return Err(e.into()),
            };
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
        log.info("Writes are not probed (that would change the account); they need:");
        for probe in PROBES {
            log.info(format!("  {:<36} {}", probe.family, probe.writes));
        }
        log.summary(&format!("### s247 check\n\n{table}\nWrites are not probed; grant `Site24x7.Admin.All,Site24x7.Operations.All` for every command, and `Site24x7.Reports.Read` for monitors-verify."))?;
        if refused.is_empty() {
            return Ok(Outcome::with(vec![Output::plain("ok", "true")]));
        }
        log.error(
            format!(
                "the token may not read what {} need: add the scopes listed above to the Self Client's grant and create a new refresh token",
                refused.join(", ")
            ),
            None,
        );
        // Exit 3 like any authentication failure, but still say `ok=false` for later steps.
        Ok(Outcome {
            outputs: vec![Output::plain("ok", "false")],
            exit_code: 3,
        })
    }
}

fn is_refusal(error: &ApiError) -> bool {
    error.is_auth_failure()
        || matches!(
            error,
            ApiError::Status {
                status: 401 | 403,
                ..
            }
        )
}
