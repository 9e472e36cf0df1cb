//! Minting an access token from a refresh token at Zoho accounts (`design.md` §4,
//! `site24x7-api.md` §2).
//!
//! Zoho answers errors as a top-level `error` key, usually with HTTP 200, so the body decides,
//! never the status. `Access Denied` is its rate limit (about ten tokens per refresh token per ten
//! minutes): only long waits help, printed so a user sees why a step is slow. Refusals of the
//! credentials are final and explained. Connection errors and 5xx are retried with backoff.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use ureq::Agent;

use super::datacenter::DataCenter;
use crate::api::envelope::as_i64;
use crate::api::http::{self, humanise};
use crate::api::retry::RetryPolicy;
use crate::ci::Reporter;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// The three values that mint tokens. Only `client_id` may be shown.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: Secret,
    pub refresh_token: Secret,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub token: Secret,
    pub expires_at: Timestamp,
}

/// Zoho documents one hour; longer claims are treated as milliseconds or capped.
pub const MAX_LIFETIME: Duration = Duration::from_secs(3600);

/// The waits after each `Access Denied`, repeating the last, always within `token-wait`.
const RATE_LIMIT_WAITS: [Duration; 3] = [
    Duration::from_secs(20),
    Duration::from_secs(40),
    Duration::from_secs(60),
];

pub struct Minter {
    agent: Agent,
    timeout: Duration,
    accounts_url: String,
    data_center: DataCenter,
    credentials: Credentials,
    token_wait: Duration,
    clock: Arc<dyn Clock>,
    log: Arc<Reporter>,
}

/// What one answer of the token endpoint means.
enum Answer {
    Token(AccessToken),
    RateLimited,
    /// Worth another try after a backoff: 5xx, a dropped connection.
    Transient(String),
    Final(Error),
}

impl Minter {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        accounts_url: String,
        data_center: DataCenter,
        credentials: Credentials,
        timeout: Duration,
        token_wait: Duration,
        clock: Arc<dyn Clock>,
        log: Arc<Reporter>,
    ) -> Self {
        Minter {
            agent: http::agent(timeout),
            timeout,
            accounts_url,
            data_center,
            credentials,
            token_wait,
            clock,
            log,
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn accounts_url(&self) -> &str {
        &self.accounts_url
    }

    /// One new access token, waiting out rate limits and transient failures until `token-wait`.
    pub fn mint(&self) -> Result<AccessToken> {
        let started = self.clock.now();
        let deadline =
            started + SignedDuration::try_from(self.token_wait).unwrap_or(SignedDuration::MAX);
        let backoff = RetryPolicy::default();
        let (mut denied, mut transient) = (0usize, 0u32);
        loop {
            let wait = match self.request() {
                Answer::Token(token) => return Ok(token),
                Answer::Final(error) => return Err(error),
                Answer::RateLimited => {
                    let wait = RATE_LIMIT_WAITS[denied.min(RATE_LIMIT_WAITS.len() - 1)];
                    denied += 1;
                    let left = remaining(deadline, self.clock.now());
                    if left.is_zero() {
                        return Err(self.rate_limit_error());
                    }
                    let wait = wait.min(left);
                    self.log.warning(format!(
                        "Zoho refused a new access token: too many tokens minted from this refresh token recently (\"Access Denied\"). Waiting {} before trying again ({} left of token-wait {}).",
                        humanise(wait),
                        humanise(left),
                        humanise(self.token_wait)
                    ));
                    wait
                }
                Answer::Transient(reason) => {
                    let left = remaining(deadline, self.clock.now());
                    if transient >= backoff.retries || left.is_zero() {
                        return Err(Error::runtime(format!(
                            "could not mint an access token at {}: {reason}",
                            self.accounts_url
                        )));
                    }
                    let wait = backoff.backoff(transient).min(left);
                    transient += 1;
                    self.log.info(format!(
                        "Minting an access token: {reason}; retrying in {}",
                        humanise(wait)
                    ));
                    wait
                }
            };
            self.clock.sleep(wait);
        }
    }

    fn request(&self) -> Answer {
        let url = format!("{}/oauth/v2/token", self.accounts_url);
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.credentials.client_id.as_str()),
            ("client_secret", self.credentials.client_secret.expose()),
            ("refresh_token", self.credentials.refresh_token.expose()),
        ];
        let response = self
            .agent
            .post(&url)
            .header("Accept", "application/json")
            .send_form(form);
        let mut response = match response {
            Ok(r) => r,
            Err(e) => {
                let failure = http::classify(&e, self.timeout);
                return if failure.retryable {
                    Answer::Transient(failure.message)
                } else {
                    Answer::Final(Error::runtime(format!(
                        "could not mint an access token at {url}: {}",
                        failure.message
                    )))
                };
            }
        };
        let status = response.status().as_u16();
        let text = match response.body_mut().read_to_string() {
            Ok(text) => text,
            Err(e) => return Answer::Transient(http::classify(&e, self.timeout).message),
        };
        let body: Option<Value> = serde_json::from_str(&text).ok();
        match (status, body) {
            (_, Some(body)) if body.get("error").is_some() => self.refusal(&body),
            // A token with a line break or control character cannot be masked whole (Azure DevOps
            // refuses multi-line secrets): refuse it before anything can print it.
            (200..=299, Some(body))
                if body
                    .get("access_token")
                    .and_then(Value::as_str)
                    .is_some_and(|t| !crate::secret::is_one_line(t.trim())) =>
            {
                Answer::Final(Error::Auth(format!(
                    "the token endpoint answered an access token with a line break or control character in it; refused (a Zoho token is one line). Check accounts-url `{}`",
                    self.accounts_url
                )))
            }
            (200..=299, Some(body)) => match parse_token(&body, self.clock.now()) {
                Some(token) => Answer::Token(token),
                None => Answer::Final(Error::Auth(format!(
                    "Zoho answered without an access token (HTTP {status}); check accounts-url `{}`",
                    self.accounts_url
                ))),
            },
            (500..=599, _) => Answer::Transient(format!("HTTP {status} from Zoho accounts")),
            (429, _) => Answer::RateLimited,
            (_, _) => Answer::Final(Error::Auth(format!(
                "Zoho accounts answered HTTP {status} without a readable body; check accounts-url `{}` and data-center `{}`",
                self.accounts_url, self.data_center
            ))),
        }
    }

    /// An `{"error": …}` body: the rate limit, or a refusal explained with its likely causes.
    fn refusal(&self, body: &Value) -> Answer {
        let code = body
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .trim()
            .to_string();
        let dc = self.data_center;
        let accounts = &self.accounts_url;
        let message = match code.to_ascii_lowercase().as_str() {
            "access denied" | "access_denied" => return Answer::RateLimited,
            "invalid_code" => format!(
                "Zoho refused the refresh token (invalid_code). Likely causes: it was revoked or has been replaced, it was copied incompletely, or it belongs to another data center than `{dc}` ({accounts}). Set data-center to the account's region, or create a new refresh token with `s247 auth exchange`."
            ),
            "invalid_client" => format!(
                "Zoho does not know this client id at {accounts} (invalid_client). Likely causes: the data center `{dc}` is not the one the Self Client was created in (EU accounts need data-center `eu`, India `in`, Australia `au`, …), or the client id is mistyped or was deleted."
            ),
            "invalid_client_secret" => {
                "Zoho refused the client secret (invalid_client_secret): it does not belong to this client id. Copy it again from api-console.zoho.com.".to_string()
            }
            _ => format!("Zoho refused to mint an access token: {}", crate::ci::escape::one_line(&code)),
        };
        Answer::Final(Error::Auth(message))
    }

    fn rate_limit_error(&self) -> Error {
        Error::Auth(format!(
            "Zoho's token rate limit is still refusing after waiting token-wait {}: it allows about 10 access tokens per refresh token per 10 minutes, shared by every job that uses this refresh token. Fix: reuse one token per job (pass the `access-token` output to later steps, or run several actions with one `s247 run`), run fewer parallel jobs with the same refresh token, or raise token-wait.",
            humanise(self.token_wait)
        ))
    }
}

fn remaining(deadline: Timestamp, now: Timestamp) -> Duration {
    Duration::try_from(deadline.duration_since(now)).unwrap_or(Duration::ZERO)
}

/// The token and its lifetime from a success body, in either of Zoho's formats: `expires_in` in
/// seconds (current) or milliseconds next to `expires_in_sec` (old); numbers may be strings.
pub fn parse_token(body: &Value, now: Timestamp) -> Option<AccessToken> {
    let token = body.get("access_token")?.as_str()?.trim();
    if token.is_empty() {
        return None;
    }
    let seconds = match (
        body.get("expires_in_sec").and_then(as_i64),
        body.get("expires_in").and_then(as_i64),
    ) {
        (Some(secs), _) => secs,
        (None, Some(value)) if value > 86_400 => value / 1000,
        (None, Some(secs)) => secs,
        (None, None) => MAX_LIFETIME.as_secs() as i64,
    };
    let seconds = seconds.clamp(1, MAX_LIFETIME.as_secs() as i64);
    Some(AccessToken {
        token: Secret::new(token),
        expires_at: now + SignedDuration::from_secs(seconds),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_response_formats_give_one_hour() {
        let now: Timestamp = "2026-11-24T08:00:00Z".parse().unwrap();
        let hour: Timestamp = "2026-11-24T09:00:00Z".parse().unwrap();
        let new = json!({"access_token":"1000.fake","api_domain":"x","token_type":"Bearer","expires_in":3600});
        let old = json!({"access_token":"1000.fake","expires_in_sec":3600,"expires_in":3600000});
        let ms_only = json!({"access_token":"1000.fake","expires_in":"3600000"});
        let long = json!({"access_token":"1000.fake","expires_in":7200});
        for body in [new, old, ms_only, long] {
            assert_eq!(parse_token(&body, now).unwrap().expires_at, hour, "{body}");
        }
        assert!(parse_token(&json!({"error":"invalid_code"}), now).is_none());
    }
}
