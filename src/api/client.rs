//! The Site24x7 API client: authentication headers, the envelope, retries, and the one re-mint
//! after a 401.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;

use super::envelope;
use super::error::{ApiError, SCOPE_DISALLOWED};
use super::http::{self, Failure};
use super::retry::{RetryPolicy, parse_retry_after};
use crate::ci::Reporter;
use crate::clock::Clock;
use crate::secret::Secret;

/// The `Accept` header of every API call.
pub const ACCEPT: &str = "application/json; version=2.1";

/// Where the client gets its access token, and a fresh one when the server refuses it.
pub trait Tokens: Send + Sync {
    fn current(&self) -> Secret;
    /// A replacement for `refused`, or why there is none. Implementations mint at most once per
    /// process, so a server that keeps answering 401 cannot drain Zoho's token budget.
    fn renew(&self, refused: &Secret) -> Result<Secret, String>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Repeating it cannot do anything twice. A create can, so it is never retried blindly.
    fn idempotent(self) -> bool {
        self != Method::Post
    }
}

pub struct Api {
    agent: Agent,
    base: String,
    timeout: Duration,
    tokens: Arc<dyn Tokens>,
    zaaid: Option<String>,
    clock: Arc<dyn Clock>,
    log: Arc<Reporter>,
    retry: RetryPolicy,
    requests: AtomicUsize,
}

impl Api {
    pub fn new(
        base: String,
        timeout: Duration,
        tokens: Arc<dyn Tokens>,
        zaaid: Option<String>,
        clock: Arc<dyn Clock>,
        log: Arc<Reporter>,
    ) -> Self {
        Api {
            agent: http::agent(timeout),
            base: base.trim_end_matches('/').to_string(),
            timeout,
            tokens,
            zaaid,
            clock,
            log,
            retry: RetryPolicy::default(),
            requests: AtomicUsize::new(0),
        }
    }

    /// The API root this client talks to (including `/api`).
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// HTTP requests sent so far, retries included.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.call(Method::Get, path, None)
    }

    /// A create. Never retried after an answer that might mean it was applied: the caller must
    /// look the object up (see [`ApiError::is_ambiguous`]).
    pub fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.call(Method::Post, path, Some(body))
    }

    pub fn put(&self, path: &str, body: Option<&Value>) -> Result<Value, ApiError> {
        self.call(Method::Put, path, body)
    }

    pub fn delete(&self, path: &str) -> Result<Value, ApiError> {
        self.call(Method::Delete, path, None)
    }

    /// `path` starts with `/` and is relative to the API root (`/monitors`), query included.
    pub fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let mut renewed = false;
        let mut attempt = 0;
        loop {
            let token = self.tokens.current();
            let wait = match self.send(method, path, body, &token) {
                // A missing scope also comes as 401 (code 1121): a new token would have the
                // same scopes, so report it instead of minting.
                Ok(answer) if answer.status == 401 && !answer.is_scope_refusal() => {
                    if renewed {
                        return Err(unauthorized(
                            method,
                            path,
                            "; a freshly minted token was refused too",
                        ));
                    }
                    self.tokens.renew(&token).map_err(ApiError::Renew)?;
                    renewed = true;
                    continue;
                }
                Ok(answer) => match self.retry_wait(method, &answer, attempt) {
                    Some(wait) => {
                        let reason = format!("HTTP {}", answer.status);
                        self.note_retry(method, path, &reason, wait, attempt);
                        wait
                    }
                    None => return finish(method, path, answer).map_err(|e| name_scope(e, method)),
                },
                Err(failure) => {
                    let may_retry =
                        failure.retryable && (method.idempotent() || !failure.ambiguous);
                    if !may_retry || attempt >= self.retry.retries {
                        return Err(ApiError::Transport {
                            method: method.as_str(),
                            path: path.to_string(),
                            message: failure.message,
                            ambiguous: failure.ambiguous,
                        });
                    }
                    let wait = self.retry.backoff(attempt);
                    self.note_retry(method, path, &failure.message, wait, attempt);
                    wait
                }
            };
            self.clock.sleep(wait);
            attempt += 1;
        }
    }

    /// How long to wait before retrying this answer, or `None` to stop here.
    fn retry_wait(&self, method: Method, answer: &Answer, attempt: u32) -> Option<Duration> {
        if attempt >= self.retry.retries {
            return None;
        }
        match answer.status {
            // Rate limited: the server did nothing, so even a create may be repeated.
            429 => {
                let hinted = answer
                    .retry_after
                    .as_deref()
                    .and_then(|v| parse_retry_after(v, self.clock.now()));
                Some(hinted.unwrap_or_else(|| self.retry.backoff(attempt)))
            }
            // A 5xx to a create may have created it: only idempotent calls go again.
            500 | 502..=599 if method.idempotent() => Some(self.retry.backoff(attempt)),
            _ => None,
        }
    }

    fn note_retry(&self, method: Method, path: &str, reason: &str, wait: Duration, attempt: u32) {
        self.log.info(format!(
            "{} {path}: {reason}; retrying in {} (retry {} of {})",
            method.as_str(),
            http::humanise(wait),
            attempt + 1,
            self.retry.retries
        ));
    }

    fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        token: &Secret,
    ) -> Result<Answer, Failure> {
        let url = format!("{}{path}", self.base);
        let authorization = format!("Zoho-oauthtoken {}", token.expose());
        let cookie = self.zaaid.as_ref().map(|id| format!("zaaid={id}"));
        macro_rules! headers {
            ($request:expr) => {{
                let request = $request
                    .header("Authorization", &authorization)
                    // 2.1, as the official provider sends on every call (`site24x7-api.md` §8
                    // row 11, §9.8); no difference from 2.0 is documented.
                    .header("Accept", ACCEPT);
                match &cookie {
                    Some(cookie) => request.header("Cookie", cookie),
                    None => request,
                }
            }};
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let result = match (method, body) {
            (Method::Get, _) => headers!(self.agent.get(&url)).call(),
            (Method::Delete, _) => headers!(self.agent.delete(&url)).call(),
            (Method::Post, body) => with_json(headers!(self.agent.post(&url)), body),
            (Method::Put, body) => with_json(headers!(self.agent.put(&url)), body),
        };
        let mut response = result.map_err(|e| http::classify(&e, self.timeout))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| http::classify(&e, self.timeout))?;
        Ok(Answer {
            status,
            retry_after,
            text,
        })
    }
}

fn with_json(
    request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    body: Option<&Value>,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let request = request.header("Content-Type", "application/json;charset=UTF-8");
    match body {
        Some(body) => request.send(serde_json::to_vec(body).expect("a JSON value serialises")),
        None => request.send_empty(),
    }
}

struct Answer {
    status: u16,
    retry_after: Option<String>,
    text: String,
}

impl Answer {
    fn is_scope_refusal(&self) -> bool {
        serde_json::from_str::<Value>(&self.text)
            .is_ok_and(|body| envelope::error(&body).0 == Some(SCOPE_DISALLOWED))
    }
}

/// A 1121 refusal names the scope the request needed (`site24x7-api.md` §2.6).
fn name_scope(mut error: ApiError, method: Method) -> ApiError {
    if let ApiError::Status {
        path,
        code: Some(SCOPE_DISALLOWED),
        message,
        ..
    } = &mut error
        && let Some(scope) = super::scopes::required(method, path)
    {
        *message = format!("{message} — {}", super::scopes::advice(scope));
    }
    error
}

fn unauthorized(method: Method, path: &str, hint: &str) -> ApiError {
    ApiError::Unauthorized {
        method: method.as_str(),
        path: path.to_string(),
        hint: hint.to_string(),
    }
}

/// Turn a final answer into the envelope's `data`, or the error it carries.
fn finish(method: Method, path: &str, answer: Answer) -> Result<Value, ApiError> {
    let parsed: Option<Value> = serde_json::from_str(&answer.text).ok();
    let status_error = |code: Option<i64>, message: Option<String>| ApiError::Status {
        method: method.as_str(),
        path: path.to_string(),
        status: answer.status,
        code,
        message: message.unwrap_or_else(|| {
            if answer.status == 404 {
                "not found"
            } else {
                "no error message"
            }
            .to_string()
        }),
    };
    if answer.status >= 400 {
        let (code, message) = parsed.as_ref().map(envelope::error).unwrap_or((None, None));
        return Err(status_error(code, message));
    }
    let Some(body) = parsed else {
        let detail = format!("HTTP {} with a body that is not JSON", answer.status);
        return Err(ApiError::Decode {
            method: method.as_str(),
            path: path.to_string(),
            detail,
        });
    };
    // Some errors arrive with a 2xx status and a non-zero code.
    let (code, message) = envelope::error(&body);
    if let Some(code) = code.filter(|c| *c != 0) {
        return Err(status_error(Some(code), message));
    }
    envelope::data(body)
        .and_then(|data| envelope::check_ids(&data).map(|()| data))
        .map_err(|detail| ApiError::Decode {
            method: method.as_str(),
            path: path.to_string(),
            detail,
        })
}
