//! `s247 token`: mint (or reuse) the job's one access token and hand it on, masked.

use crate::actions::{Command, Context, Outcome};
use crate::auth::Session;
use crate::ci::Output;
use crate::error::Result;
use crate::inputs::Settings;

pub struct Token;

impl Command for Token {
    const SETTINGS: &'static [&'static str] = &[];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("access-token");
    const OUTPUTS: &'static [&'static str] = &[
        "access-token",
        "expires-at",
        "api-url",
        "data-center",
        "token-envelope",
    ];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Ok(Token)
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (token, expires_at) = session.token();
        let mut outputs = vec![Output::secret("access-token", &token)];
        // Unknown when the token came in as input: say nothing rather than guess.
        if let Some(at) = expires_at {
            outputs.push(Output::plain(
                "expires-at",
                at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            ));
        }
        outputs.push(Output::plain("api-url", session.api.base_url()));
        outputs.push(Output::plain("data-center", session.data_center.code));
        // Ciphertext, not a secret: a job matrix passes it on and each job opens it with its own
        // credentials (`auth::envelope`).
        match session.token_envelope() {
            Some(Ok(envelope)) => outputs.push(Output::plain("token-envelope", envelope)),
            Some(Err(e)) => ctx
                .log
                .warning(format!("could not seal the token envelope ({e}); later jobs will mint their own token")),
            None => ctx.log.info(
                "No token-envelope output: sealing it needs client-id, client-secret and refresh-token",
            ),
        }
        Ok(Outcome::with(outputs))
    }
}
