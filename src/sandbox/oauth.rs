//! The Zoho accounts endpoints: `POST /oauth/v2/token` and `POST /oauth/v2/token/revoke`.
//!
//! Zoho answers token errors as a top-level `error` with HTTP 200, except (configurably) the
//! `Access Denied` rate limit. Parameters may come as a form body or as a query string.

use serde_json::{Value, json};

use super::http::{Request, Response};
use super::state::Mint;
use super::{SANDBOX_CLIENT_SECRET, Shared, lock};

const API_DOMAIN: &str = "https://www.zohoapis.com";
const ACCESS_DENIED: &str =
    "You have made too many requests continuously. Please try again after some time.";

/// Query parameters, then form-body parameters (a body value wins over a query value).
fn params(request: &Request) -> Vec<(String, String)> {
    let mut params = request.query_pairs();
    let form = request
        .header("content-type")
        .is_none_or(|ct| ct.to_ascii_lowercase().contains("x-www-form-urlencoded"));
    if form && !request.body.is_empty() {
        params.extend(form_urlencoded::parse(&request.body).into_owned());
    }
    params
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn zoho_error(code: &str) -> Response {
    Response::json(200, &json!({"error": code}))
}

pub(crate) fn token(shared: &Shared, request: &Request) -> Response {
    if request.method != "POST" {
        return Response::json(405, &json!({"error": "invalid_request"}));
    }
    let params = params(request);
    let grant_type = param(&params, "grant_type");
    if !matches!(grant_type, Some("refresh_token" | "authorization_code")) {
        return zoho_error("unsupported_grant_type");
    }
    let mut state = lock(&shared.state);
    if !param(&params, "client_id").is_some_and(|id| state.auth.known_client(id)) {
        return zoho_error("invalid_client");
    }
    if param(&params, "client_secret") != Some(SANDBOX_CLIENT_SECRET) {
        return zoho_error("invalid_client_secret");
    }
    let settings = &shared.settings;
    let (access_token, refresh_token) = if grant_type == Some("authorization_code") {
        let Some(code) = param(&params, "code") else {
            return zoho_error("invalid_code");
        };
        match state.auth.exchange_code(code, settings) {
            Some((refresh_token, access_token)) => (access_token, Some(refresh_token)),
            None => return zoho_error("invalid_code"),
        }
    } else {
        let Some(refresh_token) = param(&params, "refresh_token") else {
            return zoho_error("invalid_code");
        };
        match state.auth.mint(refresh_token, settings) {
            Mint::Issued { access_token } => (access_token, None),
            Mint::UnknownRefreshToken => return zoho_error("invalid_code"),
            Mint::RateLimited => {
                let body = json!({"error_description": ACCESS_DENIED, "error": "Access Denied", "status": "failure"});
                return Response::json(settings.access_denied_status, &body);
            }
        }
    };
    let seconds = settings.token_lifetime.as_secs();
    let mut body = if settings.old_token_format {
        json!({
            "access_token": access_token,
            "expires_in_sec": seconds,
            "api_domain": API_DOMAIN,
            "token_type": "Bearer",
            "expires_in": seconds * 1000,
        })
    } else {
        json!({"access_token": access_token, "api_domain": API_DOMAIN, "token_type": "Bearer", "expires_in": seconds})
    };
    if let Some(refresh_token) = refresh_token {
        body["refresh_token"] = Value::from(refresh_token);
    }
    Response::json(200, &body)
}

pub(crate) fn revoke(shared: &Shared, request: &Request) -> Response {
    if request.method != "POST" {
        return Response::json(405, &json!({"error": "invalid_request"}));
    }
    let params = params(request);
    let revoked =
        param(&params, "token").is_some_and(|token| lock(&shared.state).auth.revoke(token));
    if revoked {
        Response::json(200, &json!({"status": "success"}))
    } else {
        Response::json(400, &json!({"status": "failure", "error": "invalid_token"}))
    }
}
