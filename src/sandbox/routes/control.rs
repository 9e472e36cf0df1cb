//! `/_sandbox/*`: drive a sandbox running in another process. Never counted, logged or faulted;
//! no token needed (the server listens on loopback only).
//!
//! - `GET /_sandbox/stats` → `{"total":N,"by_route":{"POST /api/monitors":1,…}}`
//! - `GET /_sandbox/requests` → the request log
//! - `GET /_sandbox/state` → the account as stored (monitors, groups and windows as answered)
//! - `GET /_sandbox/faults` → `{"seed":N,"faults":[…]}`
//! - `POST /_sandbox/faults` with `[rule, …]` or `{"faults":[rule, …],"seed":N}` → replaces the
//!   rules (see [`crate::sandbox::FaultRule`] for the JSON form); counters and the PRNG restart
//! - `POST /_sandbox/reset` → back to the seed account, counters, log and mint history cleared
//! - `POST /_sandbox/expire_tokens` → every access token issued so far is expired
//! - `POST /_sandbox/status` with `{"monitor":"<id or name>","script":[{"status":0,"reads":2,
//!   "reason":"…"},{"status":1}]}` → the monitor's status over the next `current_status` reads
//!   (see `routes::status`)

use serde::Deserialize;
use serde_json::json;

use crate::sandbox::faults::FaultRule;
use crate::sandbox::http::{Request, Response};
use crate::sandbox::{Shared, lock};

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultsBody {
    Rules(Vec<FaultRule>),
    Object {
        #[serde(default)]
        faults: Vec<FaultRule>,
        seed: Option<u64>,
    },
}

fn error(status: u16, message: impl Into<String>) -> Response {
    Response::json(
        status,
        &json!({"status": "failure", "error": message.into()}),
    )
}

fn ok() -> Response {
    Response::json(200, &json!({"status": "success"}))
}

pub(crate) fn control(shared: &Shared, request: &Request) -> Response {
    let path = request.path.trim_end_matches('/');
    match (request.method.as_str(), path) {
        ("GET", "/_sandbox/stats") => Response::json(200, &json!(lock(&shared.log).stats())),
        ("GET", "/_sandbox/requests") => Response::json(200, &json!(lock(&shared.log).requests())),
        ("GET", "/_sandbox/state") => Response::json(200, &lock(&shared.state).account.snapshot()),
        ("GET", "/_sandbox/faults") => {
            let faults = lock(&shared.faults);
            Response::json(
                200,
                &json!({"seed": faults.seed(), "faults": faults.rules()}),
            )
        }
        ("POST", "/_sandbox/faults") => {
            let parsed: Result<FaultsBody, _> = serde_json::from_slice(&request.body);
            let (rules, seed) = match parsed {
                Ok(FaultsBody::Rules(rules)) => (rules, None),
                Ok(FaultsBody::Object { faults, seed }) => (faults, seed),
                Err(e) => {
                    return error(
                        400,
                        format!(
                            "expected a list of fault rules or {{\"faults\":[…],\"seed\":N}}: {e}"
                        ),
                    );
                }
            };
            let mut faults = lock(&shared.faults);
            faults.set_rules(rules, seed);
            Response::json(
                200,
                &json!({"status": "success", "seed": faults.seed(), "faults": faults.rules()}),
            )
        }
        ("POST", "/_sandbox/reset") => {
            shared.reset();
            ok()
        }
        ("POST", "/_sandbox/expire_tokens") => {
            lock(&shared.state).auth.expire_all();
            ok()
        }
        ("POST", "/_sandbox/status") => {
            let mut state = lock(&shared.state);
            match crate::sandbox::routes::status::script_from_body(&mut state, &request.body) {
                Ok(()) => ok(),
                Err((status, message)) => error(status, message),
            }
        }
        (
            _,
            "/_sandbox/stats"
            | "/_sandbox/requests"
            | "/_sandbox/state"
            | "/_sandbox/faults"
            | "/_sandbox/reset"
            | "/_sandbox/expire_tokens"
            | "/_sandbox/status",
        ) => error(405, "method not allowed"),
        _ => error(
            404,
            "unknown /_sandbox/ path; see /_sandbox/stats, /_sandbox/requests, /_sandbox/state, /_sandbox/faults, \
             /_sandbox/reset, /_sandbox/expire_tokens, /_sandbox/status",
        ),
    }
}
