//! What can go wrong talking to Site24x7, classified the way callers need to decide: retry, treat
//! as gone, look up before retrying a create, or stop with an authentication failure.

/// A failed API call. Messages from the server are untrusted text; the reporter neutralises them
/// when printing.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error status and (usually) an `{error_code, message}` body.
    #[error("{method} {path} failed: {message} (HTTP {status}{})", code.map(|c| format!(", error code {c}")).unwrap_or_default())]
    Status {
        method: &'static str,
        path: String,
        status: u16,
        code: Option<i64>,
        message: String,
    },

    /// The access token was refused, and renewing it once did not help (or was not possible).
    #[error("{method} {path}: Site24x7 refused the access token (HTTP 401){hint}")]
    Unauthorized {
        method: &'static str,
        path: String,
        hint: String,
    },

    /// No usable answer: connection refused or dropped, TLS failure, timeout. `ambiguous` is true
    /// when the request may have reached the server and been applied.
    #[error("{method} {path}: {message}")]
    Transport {
        method: &'static str,
        path: String,
        message: String,
        ambiguous: bool,
    },

    /// An answer that is not the JSON the API documents.
    #[error("{method} {path}: unexpected response: {detail}")]
    Decode {
        method: &'static str,
        path: String,
        detail: String,
    },

    /// A fresh token was needed (after a 401) and could not be minted.
    #[error("renewing the access token failed: {0}")]
    Renew(String),
}

/// OAuth scope missing on the token (`site24x7-api.md` §2.6).
pub const SCOPE_DISALLOWED: i64 = 1121;
/// Not authorized: a missing `zaaid` for MSP accounts, or a missing scope.
pub const NOT_AUTHORIZED: i64 = 1100;

impl ApiError {
    pub fn is_auth_failure(&self) -> bool {
        match self {
            ApiError::Unauthorized { .. } | ApiError::Renew(_) => true,
            ApiError::Status {
                code: Some(code), ..
            } => *code == SCOPE_DISALLOWED || *code == NOT_AUTHORIZED,
            _ => false,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Status { status: 404, .. })
    }

    /// The request may have been applied although no success came back: a create must be looked
    /// up before it is tried again.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            ApiError::Transport { ambiguous, .. } => *ambiguous,
            ApiError::Status { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The error code in the server's error body, if any.
    pub fn code(&self) -> Option<i64> {
        match self {
            ApiError::Status { code, .. } => *code,
            _ => None,
        }
    }
}
