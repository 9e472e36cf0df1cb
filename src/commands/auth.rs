//! Onboarding on a person's own machine: `s247 auth exchange` trades a Self Client grant code for
//! a refresh token; `s247 auth revoke` revokes a refresh token (and every access token minted from
//! it). Both talk only to Zoho accounts.

use serde_json::Value;

use crate::api::http;
use crate::auth::SessionConfig;
use crate::ci::{Output, Platform, Reporter, escape};
use crate::error::{Error, Result};
use crate::inputs::{Env, Settings, how_to_set};
use crate::secret::Secret;

/// The refresh token for a grant code, printed on stdout (or written to `--save-to`); guidance
/// on stderr.
pub fn exchange(
    config: &SessionConfig,
    settings: &Settings,
    env: &Env,
    log: &Reporter,
) -> Result<()> {
    let save_to = settings.get("save-to");
    // Checked before the grant code is spent: a CI log must never show a refresh token, and
    // `--ci plain` does not make a CI job's log private.
    if save_to.is_none() {
        if let Some(variable) = crate::ci::detected_ci(env) {
            return Err(Error::invalid(format!(
                "auth exchange prints a refresh token, and this looks like a CI job (`{variable}` is set), whose log must never show one: run it on your own machine, or write the token to a file with --save-to FILE"
            )));
        }
        if log.platform() != Platform::Plain {
            return Err(Error::invalid(
                "auth exchange prints a refresh token, which a CI log must never show: run it on your own machine, or write the token to a file with --save-to FILE",
            ));
        }
    }
    // The file is created after the exchange; refuse a path that is taken before the grant
    // code (single use) is spent.
    if let Some(path) = save_to
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(settings.error(
            "save-to",
            format!(
                "`{path}` already exists; name a new file (it is created readable by you only)"
            ),
        ));
    }
    let code = settings.require("code", "the grant code")?;
    let client_id = settings.require("client-id", "the OAuth client id")?;
    let client_secret = config.client_secret.as_ref().ok_or_else(|| {
        Error::invalid(format!(
            "the OAuth client secret is missing: set {}",
            how_to_set("client-secret")
        ))
    })?;
    let url = format!("{}/oauth/v2/token", config.accounts_url);
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", client_id),
        ("client_secret", client_secret.expose()),
        ("code", code),
    ];
    let body = post_form(&url, &form, config)?;
    if let Some(error) = body.get("error").and_then(Value::as_str) {
        let hint = match error {
            "invalid_code" => {
                "the grant code is wrong, already used, or expired (they last a few minutes); generate a new one"
            }
            "invalid_client" => {
                "the client id is unknown at this data center; check client-id and data-center"
            }
            "invalid_client_secret" => "the client secret does not belong to this client id",
            _ => "see Zoho's OAuth documentation",
        };
        return Err(Error::Auth(format!(
            "Zoho refused the grant code ({}): {hint}",
            escape::one_line(error)
        )));
    }
    let refresh = body.get("refresh_token").and_then(Value::as_str).ok_or_else(|| {
        Error::Auth("Zoho answered without a refresh_token; was the code generated with the `offline` access type?".into())
    })?;
    if !crate::secret::is_one_line(refresh.trim()) {
        return Err(Error::Auth(
            "Zoho answered a refresh token with a line break or control character in it; refused (a token is one line): check accounts-url".into(),
        ));
    }
    let refresh = Secret::new(refresh.trim());
    let place = match save_to {
        Some(path) => format!("written to {path}"),
        None => "printed on stdout".to_string(),
    };
    log.info(format!(
        "Store the refresh token {place} as a CI secret (e.g. S247_REFRESH_TOKEN), next to the client id and secret, and data-center `{}`. It does not expire; revoke it with `s247 auth revoke`.",
        config.data_center
    ));
    match save_to {
        Some(path) => {
            save_refresh_token(path, &refresh, settings)?;
            log.set_output(Output::json_only("saved-to", path.into()))?;
        }
        // `--json` on a laptop: the token inside the one object (CI modes leave secrets out of
        // it, so there it stays the plain line it always was).
        None if log.json_requested() && log.platform() == Platform::Plain => {
            log.set_output(Output {
                secret: true,
                json_only: true,
                ..Output::secret("refresh-token", &refresh)
            })?;
        }
        None => println!("{}", refresh.expose()),
    }
    Ok(())
}

/// Write the refresh token to a new file only its owner can read. An existing file or a symlink
/// is refused: the token must not land in a file someone else prepared.
fn save_refresh_token(path: &str, refresh: &Secret, settings: &Settings) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path).map_err(|e| {
        settings.error(
            "save-to",
            format!("cannot create `{path}` (it must not exist yet): {e}"),
        )
    })?;
    file.write_all(format!("{}\n", refresh.expose()).as_bytes())
        .map_err(|e| Error::runtime(format!("cannot write `{path}`: {e}")))
}

/// Revoke the configured refresh token.
pub fn revoke(config: &SessionConfig, log: &Reporter) -> Result<()> {
    let refresh_token = config.refresh_token.as_ref().ok_or_else(|| {
        Error::invalid(format!(
            "the refresh token to revoke is missing: set {}",
            how_to_set("refresh-token")
        ))
    })?;
    log.mask(refresh_token);
    let url = format!("{}/oauth/v2/token/revoke", config.accounts_url);
    let body = post_form(&url, &[("token", refresh_token.expose())], config)?;
    match body.get("status").and_then(Value::as_str) {
        Some("success") => {
            log.info("Revoked the refresh token and every access token minted from it.");
            log.set_output(Output::json_only("revoked", true.into()))
        }
        _ => Err(Error::Auth("Zoho did not confirm the revocation: the token may be already revoked, or belong to another data center".into())),
    }
}

fn post_form(url: &str, form: &[(&str, &str)], config: &SessionConfig) -> Result<Value> {
    let agent = http::agent(config.timeout);
    let mut response = agent
        .post(url)
        .send_form(form.iter().copied())
        .map_err(|e| {
            Error::runtime(format!(
                "POST {url}: {}",
                http::classify(&e, config.timeout).message
            ))
        })?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|_| {
        Error::runtime(format!(
            "POST {url}: HTTP {status} without a JSON body; check accounts-url and data-center"
        ))
    })
}
