//! One run's connection to Site24x7: settings checked up front, then one token — reused from the
//! `access-token` input or the job cache when possible — shared by every request of the run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;

use super::cache::TokenCache;
use super::datacenter::{DataCenter, check_override};
use super::mint::{AccessToken, Credentials, Minter};
use crate::api::{Api, Tokens};
use crate::ci::Reporter;
use crate::clock::Clock;
use crate::error::{Problems, Result};
use crate::inputs::{Env, Settings, how_to_set, read_secret};
use crate::secret::Secret;

/// The settings every command that talks to Site24x7 reads.
pub const SETTINGS: &[&str] = &[
    "client-id",
    "client-secret-file",
    "refresh-token-file",
    "access-token-file",
    "data-center",
    "accounts-url",
    "api-url",
    "token-wait",
    "timeout",
    "zaaid",
    "token-envelope",
];

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_TOKEN_WAIT: Duration = Duration::from_secs(180);

/// Everything needed to connect, validated, before any request is made.
pub struct SessionConfig {
    pub data_center: DataCenter,
    pub accounts_url: String,
    pub api_url: String,
    pub timeout: Duration,
    pub token_wait: Duration,
    pub zaaid: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub refresh_token: Option<Secret>,
    pub access_token: Option<Secret>,
    /// The `token` output of an earlier job (`token-envelope`), opened with these credentials.
    pub token_envelope: Option<String>,
    env: Env,
}

impl SessionConfig {
    /// Read and check the connection settings. Secrets come from the environment or files only.
    /// Every problem is reported at once.
    pub fn from_settings(
        settings: &Settings,
        env: &Env,
        stdin: &mut dyn std::io::Read,
    ) -> Result<Self> {
        let mut problems = Problems::default();
        let data_center = match DataCenter::parse(settings.get("data-center").unwrap_or("us")) {
            Ok(dc) => dc,
            Err(e) => {
                problems.absorb(settings.error("data-center", e.to_string()))?;
                super::datacenter::DATA_CENTERS[0]
            }
        };
        let mut url = |name: &str, default: &str| match settings.get(name) {
            Some(given) => check_override(name, given).unwrap_or_else(|e| {
                let _ = problems.absorb(e);
                String::new()
            }),
            None => default.to_string(),
        };
        let accounts_url = url("accounts-url", data_center.accounts_url);
        let api_url = url("api-url", data_center.api_url);
        let timeout = problems
            .keep(crate::limits::capped_duration(
                settings,
                "timeout",
                crate::limits::TIMEOUT_CEILING,
                "for one HTTP request",
            ))?
            .flatten()
            .unwrap_or(DEFAULT_TIMEOUT);
        let token_wait = problems
            .keep(crate::limits::capped_duration(
                settings,
                "token-wait",
                crate::limits::TOKEN_WAIT_CEILING,
                "for Zoho's token rate limit (its budget refills within ten minutes)",
            ))?
            .flatten()
            .unwrap_or(DEFAULT_TOKEN_WAIT);

        let access_token = problems
            .keep(read_secret("access-token", settings, env, stdin))?
            .flatten();
        let client_secret = problems
            .keep(read_secret("client-secret", settings, env, stdin))?
            .flatten();
        let refresh_token = problems
            .keep(read_secret("refresh-token", settings, env, stdin))?
            .flatten();
        let client_id = settings.get("client-id").map(str::to_string);
        problems.into_result(SessionConfig {
            data_center,
            accounts_url,
            api_url,
            timeout,
            token_wait,
            zaaid: settings.get("zaaid").map(str::to_string),
            client_id,
            client_secret,
            refresh_token,
            access_token,
            token_envelope: settings.get("token-envelope").map(str::to_string),
            env: env.clone(),
        })
    }

    /// Register every secret read (environment or `--*-file`) with the masker, before any
    /// message about the other settings can quote one.
    pub fn mask_secrets(&self, log: &Reporter) {
        for secret in [&self.access_token, &self.client_secret, &self.refresh_token]
            .into_iter()
            .flatten()
        {
            log.mask(secret);
        }
    }

    /// Without a token to reuse, all three minting values are needed: name each missing one.
    pub fn check_can_connect(&self) -> Result<()> {
        let mut problems = Problems::default();
        if self.access_token.is_none() {
            for (missing, name, what) in [
                (self.client_id.is_none(), "client-id", "the OAuth client id"),
                (
                    self.client_secret.is_none(),
                    "client-secret",
                    "the OAuth client secret",
                ),
                (
                    self.refresh_token.is_none(),
                    "refresh-token",
                    "the refresh token",
                ),
            ] {
                if missing {
                    problems.push(format!("{what} is missing: set {}", how_to_set(name)));
                }
            }
        }
        problems.into_result(())
    }

    /// All three minting values, if all were given.
    pub fn credentials(&self) -> Option<Credentials> {
        Some(Credentials {
            client_id: self.client_id.clone()?,
            client_secret: self.client_secret.clone()?,
            refresh_token: self.refresh_token.clone()?,
        })
    }

    pub fn minter(&self, clock: Arc<dyn Clock>, log: Arc<Reporter>) -> Option<Minter> {
        let credentials = self.credentials()?;
        Some(Minter::new(
            self.accounts_url.clone(),
            self.data_center,
            credentials,
            self.timeout,
            self.token_wait,
            clock,
            log,
        ))
    }

    /// Get the run's token (input, cache or mint) and build the API client around it. Every
    /// secret is registered with the CI masker before anything else is printed.
    pub fn connect(&self, clock: Arc<dyn Clock>, log: Arc<Reporter>) -> Result<Session> {
        self.mask_secrets(&log);
        let cache = self
            .credentials()
            .and_then(|c| TokenCache::for_job(&self.env, &self.accounts_url, &c));
        let minter = self.minter(clock.clone(), log.clone());

        let (token, origin, expires_at) = if let Some(token) = &self.access_token {
            (token.clone(), TokenOrigin::Input, None)
        } else if let Some(opened) = self.open_envelope(clock.now(), &log) {
            log.mask(&opened.token);
            // Later steps of this job find it in the cache even without the envelope.
            save(cache.as_ref(), &opened, &log);
            (opened.token, TokenOrigin::Envelope, Some(opened.expires_at))
        } else if let Some(cached) = cache.as_ref().and_then(|c| c.load(clock.now())) {
            log.mask(&cached.token);
            (cached.token, TokenOrigin::Cache, Some(cached.expires_at))
        } else {
            self.check_can_connect()?;
            let minter = minter
                .as_ref()
                .expect("check_can_connect found all three credentials");
            let minted = minter.mint()?;
            log.mask(&minted.token);
            save(cache.as_ref(), &minted, &log);
            (minted.token, TokenOrigin::Minted, Some(minted.expires_at))
        };
        match (origin, expires_at) {
            (TokenOrigin::Input, _) => log.info("Using the access token given as input"),
            (TokenOrigin::Envelope, Some(at)) => log.info(format!(
                "Using the access token from the token envelope (valid until {}); nothing minted",
                clock_time(at)
            )),
            (TokenOrigin::Cache, Some(at)) => log.info(match &cache {
                // Outside CI the cache is the user's, and outlives the run: say where it is.
                Some(cache) if !super::cache::per_job(&self.env) => format!(
                    "Reusing the access token an earlier s247 run on this machine left in the local cache {} (valid until {}); delete that file to mint a new one",
                    cache.path().display(),
                    clock_time(at)
                ),
                _ => format!(
                    "Reusing the access token minted earlier in this job (valid until {})",
                    clock_time(at)
                ),
            }),
            (_, at) => log.info(format!(
                "Minted an access token at {} (valid until {})",
                self.accounts_url,
                at.map(clock_time).unwrap_or_default()
            )),
        }

        let tokens = Arc::new(TokenSource {
            current: Mutex::new((token, expires_at)),
            minter,
            cache,
            renewed: AtomicBool::new(false),
            log: log.clone(),
        });
        let api = Api::new(
            self.api_url.clone(),
            self.timeout,
            tokens.clone(),
            self.zaaid.clone(),
            clock,
            log,
        );
        Ok(Session {
            api,
            tokens,
            origin,
            data_center: self.data_center,
            sealing: self.credentials().map(|c| (self.accounts_url.clone(), c)),
        })
    }

    /// The token in the `token-envelope` input, if one was given and can be used. Anything else
    /// (other credentials, altered, expiring, no credentials to open it) is one warning, and the
    /// run goes on to the cache or a mint: an envelope never fails a run.
    fn open_envelope(&self, now: Timestamp, log: &Reporter) -> Option<AccessToken> {
        let text = self.token_envelope.as_deref()?;
        let Some(credentials) = self.credentials() else {
            log.warning("A token envelope was given, but without client-id, client-secret and refresh-token it cannot be opened; it is ignored");
            return None;
        };
        match super::envelope::open(text, &self.accounts_url, &credentials, now) {
            Ok(token) => Some(token),
            Err(why) => {
                log.warning(format!(
                    "The token envelope cannot be used: {why}. Minting a token for this job instead."
                ));
                None
            }
        }
    }
}

fn save(cache: Option<&TokenCache>, token: &AccessToken, log: &Reporter) {
    if let Some(cache) = cache
        && let Err(e) = cache.store(token)
    {
        log.warning(format!(
            "could not save the token cache ({e}); a later step will mint again"
        ));
    }
}

fn clock_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOrigin {
    Input,
    /// Opened from the `token-envelope` input (a token minted by an earlier job).
    Envelope,
    Cache,
    Minted,
}

/// A connected run: the API client and the token behind it.
pub struct Session {
    pub api: Api,
    tokens: Arc<TokenSource>,
    pub origin: TokenOrigin,
    pub data_center: DataCenter,
    /// What seals a token envelope: the accounts URL and the credentials (absent when the run
    /// was given only an access token).
    sealing: Option<(String, Credentials)>,
}

impl Session {
    /// The current token sealed for the jobs that share these credentials; `None` without them.
    pub fn token_envelope(&self) -> Option<std::io::Result<String>> {
        let (accounts_url, credentials) = self.sealing.as_ref()?;
        let (token, expires_at) = self.token();
        let token = AccessToken {
            token,
            expires_at: expires_at?,
        };
        Some(super::envelope::seal(accounts_url, credentials, &token))
    }

    /// The token in use now (after any renewal) and when it expires, if known.
    pub fn token(&self) -> (Secret, Option<Timestamp>) {
        self.tokens
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// The token the API client uses, renewed at most once per process after a 401.
struct TokenSource {
    current: Mutex<(Secret, Option<Timestamp>)>,
    minter: Option<Minter>,
    cache: Option<TokenCache>,
    renewed: AtomicBool,
    log: Arc<Reporter>,
}

impl Tokens for TokenSource {
    fn current(&self) -> Secret {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }

    fn renew(&self, refused: &Secret) -> std::result::Result<Secret, String> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.0 != *refused {
            return Ok(current.0.clone()); // another request already renewed it
        }
        let Some(minter) = &self.minter else {
            return Err("Site24x7 refused the access token, and without client-id, client-secret and refresh-token no new one can be minted. Pass a fresh access-token or the credentials.".into());
        };
        if self.renewed.swap(true, Ordering::SeqCst) {
            return Err("Site24x7 refused a freshly minted access token as well; check the token's scopes and the data center".into());
        }
        self.log
            .info("Site24x7 refused the access token (HTTP 401); minting a new one, once");
        let minted = minter.mint().map_err(|e| e.to_string())?;
        self.log.mask(&minted.token);
        save(self.cache.as_ref(), &minted, &self.log);
        *current = (minted.token.clone(), Some(minted.expires_at));
        Ok(minted.token)
    }
}
