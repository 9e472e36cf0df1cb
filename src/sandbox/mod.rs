//! A local emulator of the Zoho accounts token endpoint and the Site24x7 REST API subset s247 uses
//! (`design.md` §9). `s247 sandbox` serves it on loopback; `s247 demo`, the integration tests and
//! the benchmarks start it in-process with [`Sandbox::start`]. Production modules never import it.
//!
//! # What is emulated
//!
//! Zoho accounts (the base URL is also the accounts URL):
//! - `POST /oauth/v2/token` with `grant_type=refresh_token` or `authorization_code`; parameters in
//!   an `application/x-www-form-urlencoded` body or in the query string (both are used in the wild).
//!   Success: `{"access_token","api_domain","token_type":"Bearer","expires_in":<seconds>}`, or with
//!   [`SandboxConfig::old_token_format`] the old `{"access_token","expires_in_sec":<s>,
//!   "expires_in":<ms>,…}`. Errors are a top-level `error` with HTTP 200 (`invalid_client`,
//!   `invalid_client_secret`, `invalid_code`), and the rate limit: more than
//!   [`SandboxConfig::mint_limit`] (default 10) mints per refresh token within
//!   [`SandboxConfig::mint_window`] (default 10 minutes, sliding) answer `"error":"Access Denied"`
//!   with HTTP [`SandboxConfig::access_denied_status`] (default 400; Zoho is seen with 200 too).
//! - `POST /oauth/v2/token/revoke?token=…` revokes a refresh token (and every access token minted
//!   from it) or one access token.
//!
//! Site24x7, under `/api`, with the `{"code":0,"message":"success","data":…}` envelope and
//! `{"error_code":…,"message":…}` errors: monitors (list, get, get by name, create, update, delete,
//! suspend, activate), maintenance windows (CRUD), monitor groups (CRUD), location / notification /
//! threshold profiles, user groups, tags (list, create), subgroups (list, get). Requests need
//! `Authorization: Zoho-oauthtoken <token>` (or `Bearer <token>`); unknown, revoked and expired
//! tokens get HTTP 401. Each token carries the scopes of its refresh token and every operation
//! checks the scope the reference (§2.6) lists for it.
//!
//! The quirks a client must survive are reproduced on purpose: ids are digit strings of many
//! lengths (generated ones have 18 digits, the seed has 3 to 19; §8 row 10); some
//! numbers and booleans come back as strings (`check_frequency`, `timeout`, `port`, `dns_port`,
//! `state`, keyword `severity`); id lists (`monitors`, `user_group_ids`, `monitor_groups`,
//! `tag_ids`, …) come back in the reverse of the order they were sent; deletes, suspends and
//! activates answer an envelope without `data`.
//!
//! # Strict by default (issue 10)
//!
//! Where the real service's behaviour is unknown, the sandbox plays the strictest plausible one;
//! [`SandboxConfig::lenient`] (`s247 sandbox --lenient`) plays the kinder one the older tests pin.
//! Strict means:
//! - `PUT /monitors/{id}` **replaces** the monitor: a field left out is gone or back to its create
//!   default (assumed: strict; §8 row 1 and §9.7 — the docs do not say). Lenient merges.
//! - `PUT /monitor_groups/{id}` replaces the group likewise (assumed: strict; §8 row 2).
//! - Group create and update refuse a body without `notification_profile_id` and
//!   `healthcheck_profile_id` with "Parameter missing." (§9.6 marks both Mandatory; §8 row 2,
//!   provider PR #303). Lenient needs only `display_name`.
//! - The group list leaves both profile ids out; `GET /monitor_groups/{id}` carries them (§8
//!   row 2: `responses/list_monitor_groups.json` has neither; assumed: strict for the GET).
//! - `POST /tags` refuses a `tag_color` outside the 26-colour palette (§8 row 3, §9.5; assumed:
//!   strict — the API docs say only "Color code").
//! - Profiles, user groups and tags (`POST`, `PUT`/`DELETE /{id}`; `GET /users`): the provider's
//!   required fields, unique names, PUT replaces, no delete while in use — each "assumed: strict",
//!   listed in `routes::profiles`.
//! - Creates of monitors, groups and tags answer HTTP 200 (§8 row 10: every provider fixture);
//!   lenient answers 201.
//!
//! Whatever the mode, the built-in account holds what real accounts hold (`seed_fidelity.rs`):
//! monitors carrying `action_ids`, `third_party_services`, `dependency_resource_ids`,
//! `on_call_schedule_id` and HOMEPAGE browser fields (§8 row 1), a RESTAPI code s247 does not
//! know (§8 row 9), SERVER and CRON monitors and a domain-expiry monitor without `type` (§8
//! row 12), a threshold profile for each of SOAP, CRON, FTP and ISP (`seed_types.rs`),
//! and a subgroup (`group_type` 2) that a monitor lists in `monitor_groups` (§8 row 7).
//!
//! Maintenance windows (`routes/maintenance.rs`, `seed_maintenance.rs`):
//!
//! | strict (default) | lenient | source |
//! |---|---|---|
//! | GET/list answer typed numbers and booleans, **no `timezone`**, no `duration`, unused fields left out | every number and boolean a string, unused fields `""`, `timezone` and a derived `duration` | §8 row 4 (the provider's `list_schedule_maintenance.json`, `get_schedule_maintenance.json`); lenient: §4.2 |
//! | a window created without `timezone` is in the account's zone: `Asia/Kolkata` in the built-in account ([`SandboxConfig::account_timezone`] or the seed's `timezone` change it) | same | §4.2 ("Default value is your account timezone") |
//! | a PUT's `timezone` is ignored: the window keeps the zone it was created in and the times sent are read in it | a PUT's `timezone` replaces the window's | §9.4 (the PUT's parameters list no `timezone`); assumed: strict |
//! | `selection_type` 0 with a `monitors` list is held, answered and accepted back; 0 without a list is refused | same | §8 row 5 (all three fixtures); docs: "All Monitors … not supported" |
//! | window creates answer HTTP 200 | 201 | §8 row 10 (fixtures) |
//! | the seed holds people's windows: a running `selection_type: 0` window listing the two legacy monitors (it hides their status as 7, like a window over them by id), a weekly (recurring) window, an upcoming one-off window without a zone, with ids of 4, 8 and 19 digits | same | §8 rows 5, 10, 13 |
//!
//! The fault [`FaultAction::AnswerWithoutId`] answers a create without the new object's id
//! (§8 row 6, `get_schedule_maintenance.json` has no `maintenance_id`).
//!
//! Test plumbing under `/_sandbox/` (never counted, never faulted): `GET /_sandbox/stats`,
//! `GET /_sandbox/requests`, `GET /_sandbox/state`, `GET|POST /_sandbox/faults`,
//! `POST /_sandbox/reset`, `POST /_sandbox/expire_tokens`.
//!
//! Faults ([`FaultRule`]) are injected per request, deterministically from
//! [`SandboxConfig::fault_seed`]: latency, a dropped connection before the request is handled, a
//! dropped connection *after* it was applied (the object exists, the client hears nothing), 5xx,
//! and 429 with `Retry-After`.
//!
//! # Guesses about the real service (unverified; see `reference/site24x7-api.md`)
//!
//! - The HTTP 401 body for an unknown or expired access token reuses code 1100
//!   (`"You are not authorized to perform this operation."`); the real code is unverified.
//! - A missing scope answers HTTP 401 (as other Zoho services do) with code 1121; 403 would be as
//!   plausible. Clients must read the code before re-minting: a new token does not add scopes.
//!   [`SandboxConfig::scope_error_status`] changes the status.
//! - The scope is checked before the body is read or validated, so a create with an empty body
//!   answers 1121 to a token without the create scope and 400 to one with it; `s247 check`
//!   relies on that to probe creates without creating anything. Assumed (an OAuth filter in
//!   front of the handlers); unverified on a live account.
//! - Error codes other than 1100, 1121 and 2009 are invented: 1001 `"Parameter missing."`,
//!   1002 `"Invalid data."`, 1003 `"Invalid URL."` (404), 1004 `"Method not allowed."` (405),
//!   2011 `"Invalid Maintenance ID."`, 2012 `"Invalid Monitor Group ID."`.
//!   `error_info` names the offending fields (`{"website":"Parameter missing."}`); its real shape
//!   is unknown.
//! - Deletes/suspends/activates carry no `data` (the reference only says some responses have
//!   none). Clients should accept any 2xx and a missing `data`.
//! - Id lists come back reversed; the real service only returns "a different order".
//! - `timeout` and `state` come back as strings (fixtures show both forms); strings are the harder
//!   case for a client.
//! - A monitor PUT must carry every field required on create (clients "send the full object"),
//!   and `type` cannot change; strict replaces, lenient keeps fields not sent (above).
//!   Maintenance PUTs merge the fields sent over the stored object (a maintenance PUT's
//!   `timezone` aside, see above).
//! - The threshold profile of a monitor must have the monitor's `type`; a group's
//!   `healthcheck_profile_id` must be a `HEALTHCHECK` profile. Groups accept `tag_ids` or `tags`
//!   and answer `tag_ids`.
//! - A tag name+value pair is unique. Monitor names are not (the real service allows duplicates;
//!   `GET /monitors/name/{name}` returns the oldest).
//! - Maintenance: `selection_type` 0 ("all monitors") without a monitor list is refused, as the
//!   docs say; a Once window must end after it starts; `timezone` is stored as sent (its format
//!   is unverified) and defaults to the account's zone; in lenient mode Once/Daily/Weekly
//!   windows report a derived `duration` in minutes.
//! - Grant codes are single use; revoking an unknown or already revoked token answers HTTP 400
//!   `{"status":"failure","error":"invalid_token"}` (the body is a guess).
//! - The mint limit counts successful mints in a sliding window; refused attempts do not count.
//! - Deleting a monitor or group removes it from groups and maintenance windows that list it (a
//!   window left with an empty selection fails validation on its next update).
//! - Unknown body fields are stored and echoed back; the real service may drop them.
//!
//! Monitor types (`routes/monitors.rs`, issue 15): URL, HOMEPAGE, RESTAPI, SSL_CERT, PING, PORT,
//! DNS, HEARTBEAT, SOAP, CRON, DOMAINEXPIRY, FTP, ISP and RESTAPISEQ are created and updated with the fields
//! each requires (`site24x7-api.md` §10: the provider's structs and docs); DOMAINEXPIRY is
//! answered **without `type`** (§8 row 12); SERVER, AMAZON, AZURE, GCP and REALBROWSER can be
//! updated (a PUT replaces, as for every monitor) but not created (assumed: strict; they come from
//! agents, integrations and scripts). Threshold profiles are required except for DOMAINEXPIRY and
//! GCP (their structs have none) and CRON and the agent/cloud types (real ones come without one,
//! as the seed's do); location profiles except for HEARTBEAT, CRON and the agent/cloud types.
//! RESTAPISEQ (§10.1) needs `steps`, each with a `display_name` and a `step_url`; the monitor
//! list and GET answer **without** the steps, which `GET /monitors/steps/{id}` serves (assumed:
//! strict; the provider reads them there), and a strict PUT replaces them with the body's.
//!
//! Not emulated: creating or updating other monitor types (refused with
//! `"Invalid data."`; seeded ones can be listed, read, suspended and deleted), subgroup writes, bulk and by-name deletes,
//! `monitor_groups/add_monitors`, the cap on active access tokens per refresh token,
//! `zaaid` (MSP) accounts, paging.

mod cli;
mod faults;
mod http;
mod oauth;
mod observe;
mod routes;
mod seed;
mod seed_fidelity;
pub mod seed_maintenance;
mod seed_types;
mod state;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

pub use cli::{SandboxArgs, run_cli};
pub use faults::{FaultAction, FaultRule, Trigger};
pub use observe::{RecordedRequest, Stats};
pub use routes::status::StatusStep;
pub use seed::SeedAccount;

/// The sandbox's OAuth client id.
pub const SANDBOX_CLIENT_ID: &str = "1000.SANDBOXCLIENTID";
/// The sandbox's OAuth client secret.
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-client-secret";
/// A refresh token with every scope s247 needs (`Site24x7.Account.All,Site24x7.Admin.All,
/// Site24x7.Operations.All,Site24x7.Reports.All`).
pub const SANDBOX_REFRESH_TOKEN: &str = "1000.sandbox-refresh-token";
/// A refresh token with only `Site24x7.Admin.Read,Site24x7.Operations.Read`.
pub const SANDBOX_READONLY_REFRESH_TOKEN: &str = "1000.sandbox-readonly-refresh-token";
/// A single-use grant code that `grant_type=authorization_code` trades for
/// [`SANDBOX_REFRESH_TOKEN`] (until the next reset).
pub const SANDBOX_GRANT_CODE: &str = "1000.sandbox-grant-code";
/// Scopes of [`SANDBOX_REFRESH_TOKEN`].
pub const SANDBOX_FULL_SCOPES: &[&str] = &[
    "Site24x7.Account.All",
    "Site24x7.Admin.All",
    "Site24x7.Operations.All",
    "Site24x7.Reports.All",
];
/// Scopes of [`SANDBOX_READONLY_REFRESH_TOKEN`].
pub const SANDBOX_READONLY_SCOPES: &[&str] = &["Site24x7.Admin.Read", "Site24x7.Operations.Read"];

/// One more refresh token the sandbox accepts (with [`SANDBOX_CLIENT_ID`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshTokenSpec {
    pub token: String,
    /// Scopes such as `Site24x7.Admin.Read`; `Site24x7.<Group>.All` implies every operation of
    /// the group; matched case-insensitively.
    pub scopes: Vec<String>,
}

/// How to start a sandbox. Every `None` takes the documented default.
#[derive(Clone, Debug, Default)]
pub struct SandboxConfig {
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Loopback address to bind (default 127.0.0.1); anything else is refused.
    pub bind: Option<IpAddr>,
    /// The account served (default: [`SeedAccount::default_account`]).
    pub seed: Option<SeedAccount>,
    /// Fault rules in force from the start.
    pub faults: Vec<FaultRule>,
    /// Seed of the PRNG behind probabilistic faults and access-token suffixes.
    pub fault_seed: u64,
    /// Lifetime of access tokens (default 3600 s).
    pub token_lifetime: Option<Duration>,
    /// Mints allowed per refresh token within `mint_window` (default 10; 0 = no limit).
    pub mint_limit: Option<usize>,
    /// The window of the mint limit (default 10 minutes).
    pub mint_window: Option<Duration>,
    /// HTTP status of the `Access Denied` answer: 200 or 400 (default 400).
    pub access_denied_status: Option<u16>,
    /// Answer mints in the old format (`expires_in` in milliseconds plus `expires_in_sec`).
    pub old_token_format: bool,
    /// HTTP status of the 1121 scope error (default 401).
    pub scope_error_status: Option<u16>,
    /// More refresh tokens besides the built-in two.
    pub extra_refresh_tokens: Vec<RefreshTokenSpec>,
    /// The account's time zone, instead of the seed's (`Asia/Kolkata` in the built-in account):
    /// windows created without `timezone` are in it.
    pub account_timezone: Option<String>,
    /// Play today's kinder behaviour instead of the strictest plausible one (issue 10).
    pub lenient: bool,
}

/// The configuration with every default filled in.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub token_lifetime: Duration,
    pub mint_limit: usize,
    pub mint_window: Duration,
    pub access_denied_status: u16,
    pub old_token_format: bool,
    pub scope_error_status: u16,
    pub fault_seed: u64,
    pub refresh_tokens: Vec<RefreshTokenSpec>,
    pub lenient: bool,
}

impl Settings {
    fn from_config(config: &SandboxConfig) -> std::io::Result<Settings> {
        let access_denied_status = config.access_denied_status.unwrap_or(400);
        if !matches!(access_denied_status, 200 | 400) {
            return Err(invalid_input(format!(
                "access_denied_status must be 200 or 400, not {access_denied_status}"
            )));
        }
        let scope_error_status = config.scope_error_status.unwrap_or(401);
        if !(400..=499).contains(&scope_error_status) {
            return Err(invalid_input(format!(
                "scope_error_status must be a 4xx status, not {scope_error_status}"
            )));
        }
        let mut refresh_tokens = vec![
            RefreshTokenSpec {
                token: SANDBOX_REFRESH_TOKEN.to_string(),
                scopes: SANDBOX_FULL_SCOPES.iter().map(|s| s.to_string()).collect(),
            },
            RefreshTokenSpec {
                token: SANDBOX_READONLY_REFRESH_TOKEN.to_string(),
                scopes: SANDBOX_READONLY_SCOPES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            },
        ];
        refresh_tokens.extend(config.extra_refresh_tokens.iter().cloned());
        Ok(Settings {
            token_lifetime: config.token_lifetime.unwrap_or(Duration::from_secs(3600)),
            mint_limit: config.mint_limit.unwrap_or(10),
            mint_window: config.mint_window.unwrap_or(Duration::from_secs(600)),
            access_denied_status,
            old_token_format: config.old_token_format,
            scope_error_status,
            fault_seed: config.fault_seed,
            refresh_tokens,
            lenient: config.lenient,
        })
    }
}

fn invalid_input(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

/// Everything the connection threads share.
pub(crate) struct Shared {
    pub settings: Settings,
    pub seed: SeedAccount,
    pub state: Mutex<state::State>,
    pub faults: Mutex<faults::FaultEngine>,
    pub log: Mutex<observe::Log>,
    pub shutdown: AtomicBool,
}

/// Lock a mutex, carrying on if a connection thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub(crate) fn reset(&self) {
        lock(&self.state).reset(&self.seed, &self.settings);
        lock(&self.log).clear();
        lock(&self.faults).restart();
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept_thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Bind (loopback only), load the seed account and serve on a background thread.
    pub fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let ip = config.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        if !ip.is_loopback() {
            return Err(invalid_input(format!(
                "the sandbox listens on loopback only, not {ip}"
            )));
        }
        let settings = Settings::from_config(&config)?;
        let mut seed = config
            .seed
            .clone()
            .unwrap_or_else(SeedAccount::default_account);
        if let Some(zone) = &config.account_timezone {
            seed.timezone = zone.clone();
        }
        let state = state::State::new(&seed, &settings).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("invalid seed account: {e}"),
            )
        })?;
        let listener = TcpListener::bind(SocketAddr::new(ip, config.port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            faults: Mutex::new(faults::FaultEngine::new(
                config.faults.clone(),
                settings.fault_seed,
            )),
            settings,
            seed,
            state: Mutex::new(state),
            log: Mutex::new(observe::Log::default()),
            shutdown: AtomicBool::new(false),
        });
        let serving = Arc::clone(&shared);
        let accept_thread = std::thread::Builder::new()
            .name("s247-sandbox-accept".into())
            .spawn(move || http::serve(listener, serving))?;
        Ok(Sandbox {
            shared,
            addr,
            accept_thread: Some(accept_thread),
        })
    }

    /// `http://127.0.0.1:PORT`: the accounts URL (token endpoint at `/oauth/v2/token`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `base_url() + "/api"`.
    pub fn api_url(&self) -> String {
        format!("{}/api", self.base_url())
    }

    /// The port served.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Requests counted so far, by route template (`/_sandbox/*` excluded).
    pub fn stats(&self) -> Stats {
        lock(&self.shared.log).stats()
    }

    /// Every request received so far (`/_sandbox/*` excluded), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.log).requests()
    }

    /// Back to the seed account; clears counters, the request log and mint history, restores
    /// revoked refresh tokens and the grant code, restarts fault counters and the fault PRNG.
    /// Access tokens already issued stay valid.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Replace the fault rules (their counters and the PRNG start over).
    pub fn set_faults(&self, faults: Vec<FaultRule>) {
        lock(&self.shared.faults).set_rules(faults, None);
    }

    /// The fault rules in force.
    pub fn faults(&self) -> Vec<FaultRule> {
        lock(&self.shared.faults).rules()
    }

    /// Monitors as `GET /api/monitors` would return them.
    pub fn monitors(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state).account.rendered_monitors()
    }

    /// Maintenance windows as `GET /api/maintenance` would return them.
    pub fn maintenance_windows(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state).account.rendered_maintenance()
    }

    /// Maintenance windows as the sandbox holds them: typed, and with the `timezone` their times
    /// are in (which the strict API never answers). For tests that check what a window covers.
    pub fn stored_maintenance_windows(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state)
            .account
            .maintenance
            .iter()
            .cloned()
            .map(serde_json::Value::Object)
            .collect()
    }

    /// The account's time zone (windows created without `timezone` are in it).
    pub fn account_timezone(&self) -> String {
        lock(&self.shared.state).account.timezone.clone()
    }

    /// Monitor groups as `GET /api/monitor_groups` would return them.
    pub fn monitor_groups(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state).account.rendered_groups()
    }

    /// Tags as `GET /api/tags` would return them.
    pub fn tags(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state)
            .account
            .tags
            .iter()
            .cloned()
            .map(serde_json::Value::Object)
            .collect()
    }

    /// Script a monitor's status (by id or display name) over its next `current_status` reads:
    /// each step holds for its `reads`, the last for ever. Panics on an unknown monitor.
    pub fn script_status(&self, monitor: &str, steps: Vec<StatusStep>) {
        let mut state = lock(&self.shared.state);
        let id = routes::status::monitor_id_of(&state.account, monitor)
            .unwrap_or_else(|| panic!("the sandbox has no monitor `{monitor}`"));
        state.account.statuses.script(&id, steps);
    }

    /// Milestone markers as stored (`monitor_id`, `marker_time`, `label`, `message`).
    pub fn milestones(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.state)
            .account
            .milestones
            .iter()
            .cloned()
            .map(serde_json::Value::Object)
            .collect()
    }

    /// Make every access token issued so far expired (the next API call with one gets 401).
    pub fn expire_tokens(&self) {
        lock(&self.shared.state).auth.expire_all();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag; connection threads finish on their own.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}
