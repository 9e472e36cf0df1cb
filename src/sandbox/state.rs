//! The account (profiles, groups, tags, monitors, maintenance windows) and the OAuth state
//! (refresh tokens, access tokens, grant codes, mint history), behind one mutex.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Instant;

use serde_json::Value;

use super::seed::SeedAccount;
use super::{RefreshTokenSpec, SANDBOX_GRANT_CODE, SANDBOX_REFRESH_TOKEN, Settings, routes};

pub(crate) type Obj = serde_json::Map<String, Value>;

/// The kinds of object with ids. Each kind draws 18-digit ids from its own range
/// (`113770000000000000 + kind * 10_000_000 + n`), so ids are deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    LocationProfile = 1,
    NotificationProfile = 2,
    ThresholdProfile = 3,
    UserGroup = 4,
    Tag = 5,
    MonitorGroup = 6,
    Monitor = 7,
    Maintenance = 8,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::LocationProfile,
        Kind::NotificationProfile,
        Kind::ThresholdProfile,
        Kind::UserGroup,
        Kind::Tag,
        Kind::MonitorGroup,
        Kind::Monitor,
        Kind::Maintenance,
    ];

    pub fn id_field(self) -> &'static str {
        match self {
            Kind::LocationProfile | Kind::NotificationProfile | Kind::ThresholdProfile => {
                "profile_id"
            }
            Kind::UserGroup => "user_group_id",
            Kind::Tag => "tag_id",
            Kind::MonitorGroup => "group_id",
            Kind::Monitor => "monitor_id",
            Kind::Maintenance => "maintenance_id",
        }
    }

    /// The seed file's key for this kind.
    pub fn seed_key(self) -> &'static str {
        match self {
            Kind::LocationProfile => "location_profiles",
            Kind::NotificationProfile => "notification_profiles",
            Kind::ThresholdProfile => "threshold_profiles",
            Kind::UserGroup => "user_groups",
            Kind::Tag => "tags",
            Kind::MonitorGroup => "monitor_groups",
            Kind::Monitor => "monitors",
            Kind::Maintenance => "maintenance",
        }
    }

    pub fn id_base(self) -> u64 {
        113_770_000_000_000_000 + self as u64 * 10_000_000
    }
}

/// The `n`-th id of a kind (1-based), as the seed and the server hand them out.
pub(crate) fn nth_id(kind: Kind, n: u64) -> String {
    (kind.id_base() + n).to_string()
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Account {
    pub location_profiles: Vec<Obj>,
    pub notification_profiles: Vec<Obj>,
    pub threshold_profiles: Vec<Obj>,
    pub user_groups: Vec<Obj>,
    pub tags: Vec<Obj>,
    pub monitor_groups: Vec<Obj>,
    pub monitors: Vec<Obj>,
    pub maintenance: Vec<Obj>,
    /// The account's users (`GET /api/users`): user groups list them by id.
    pub users: Vec<Obj>,
    /// Milestone markers (`routes::milestones`), oldest first.
    pub milestones: Vec<Obj>,
    /// Scripted statuses and poll-now times (`routes::status`).
    pub statuses: routes::status::Statuses,
    /// The account time zone: maintenance windows sent without one get it.
    pub timezone: String,
    /// [`super::SandboxConfig::lenient`]: answer the kinder way (handlers read it from here).
    pub lenient: bool,
    used_ids: HashSet<String>,
    next: HashMap<Kind, u64>,
}

impl Account {
    pub fn collection(&self, kind: Kind) -> &[Obj] {
        match kind {
            Kind::LocationProfile => &self.location_profiles,
            Kind::NotificationProfile => &self.notification_profiles,
            Kind::ThresholdProfile => &self.threshold_profiles,
            Kind::UserGroup => &self.user_groups,
            Kind::Tag => &self.tags,
            Kind::MonitorGroup => &self.monitor_groups,
            Kind::Monitor => &self.monitors,
            Kind::Maintenance => &self.maintenance,
        }
    }

    pub fn find(&self, kind: Kind, id: &str) -> Option<&Obj> {
        self.collection(kind)
            .iter()
            .find(|o| o.get(kind.id_field()).and_then(Value::as_str) == Some(id))
    }

    pub fn exists(&self, kind: Kind, id: &str) -> bool {
        self.find(kind, id).is_some()
    }

    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.collection(kind)
            .iter()
            .position(|o| o.get(kind.id_field()).and_then(Value::as_str) == Some(id))
    }

    /// A fresh id of this kind.
    pub fn new_id(&mut self, kind: Kind) -> String {
        loop {
            let n = self.next.entry(kind).or_insert(1);
            let id = nth_id(kind, *n);
            *n += 1;
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Reserve an id that came with the seed; false if it was already taken.
    pub fn claim_id(&mut self, id: &str) -> bool {
        self.used_ids.insert(id.to_string())
    }

    pub fn rendered_monitors(&self) -> Vec<Value> {
        self.monitors.iter().map(routes::render_monitor).collect()
    }

    pub fn rendered_maintenance(&self) -> Vec<Value> {
        self.maintenance
            .iter()
            .map(|w| routes::render_maintenance(w, self.lenient))
            .collect()
    }

    pub fn rendered_groups(&self) -> Vec<Value> {
        self.monitor_groups
            .iter()
            .map(routes::render_group)
            .collect()
    }

    /// Every object, as stored (for `GET /_sandbox/state`).
    pub fn snapshot(&self) -> Value {
        let objs = |v: &[Obj]| Value::Array(v.iter().cloned().map(Value::Object).collect());
        serde_json::json!({
            "timezone": self.timezone,
            "location_profiles": objs(&self.location_profiles),
            "notification_profiles": objs(&self.notification_profiles),
            "threshold_profiles": objs(&self.threshold_profiles),
            "user_groups": objs(&self.user_groups),
            "tags": objs(&self.tags),
            "monitor_groups": self.rendered_groups(),
            "monitors": self.rendered_monitors(),
            "maintenance": self.rendered_maintenance(),
            "milestones": objs(&self.milestones),
        })
    }

    /// Keep group membership two-sided: a monitor lists a group iff the group lists the monitor.
    /// `monitor_id`'s `monitor_groups` is the truth; groups are updated to match.
    pub fn sync_monitor_into_groups(&mut self, monitor_id: &str) {
        let Some(monitor) = self.find(Kind::Monitor, monitor_id) else {
            return;
        };
        let wanted: Vec<String> = list_of(monitor, "monitor_groups");
        for group in &mut self.monitor_groups {
            let gid = group
                .get("group_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut members = list_of(group, "monitors");
            let has = members.iter().any(|m| m == monitor_id);
            let want = wanted.contains(&gid);
            if want && !has {
                members.push(monitor_id.to_string());
            } else if !want && has {
                members.retain(|m| m != monitor_id);
            } else {
                continue;
            }
            group.insert("monitors".into(), routes_strings(&members));
        }
    }

    /// The other direction: `group_id`'s `monitors` is the truth; monitors are updated to match.
    pub fn sync_group_into_monitors(&mut self, group_id: &str) {
        let Some(group) = self.find(Kind::MonitorGroup, group_id) else {
            return;
        };
        let wanted: Vec<String> = list_of(group, "monitors");
        for monitor in &mut self.monitors {
            let mid = monitor
                .get("monitor_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut groups = list_of(monitor, "monitor_groups");
            let has = groups.iter().any(|g| g == group_id);
            let want = wanted.contains(&mid);
            if want && !has {
                groups.push(group_id.to_string());
            } else if !want && has {
                groups.retain(|g| g != group_id);
            } else {
                continue;
            }
            monitor.insert("monitor_groups".into(), routes_strings(&groups));
        }
    }

    /// Remove an id from the given list field of every object of a collection.
    pub fn remove_reference(&mut self, kind: Kind, field: &str, id: &str) {
        let objects = match kind {
            Kind::MonitorGroup => &mut self.monitor_groups,
            Kind::Monitor => &mut self.monitors,
            Kind::Maintenance => &mut self.maintenance,
            _ => return,
        };
        for object in objects {
            let mut ids = list_of(object, field);
            let before = ids.len();
            ids.retain(|x| x != id);
            if ids.len() != before {
                object.insert(field.to_string(), routes_strings(&ids));
            }
        }
    }
}

fn routes_strings(ids: &[String]) -> Value {
    routes::strings(ids)
}

/// A list of strings stored under `field` (empty if absent).
pub(crate) fn list_of(obj: &Obj, field: &str) -> Vec<String> {
    obj.get(field)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone)]
struct RefreshToken {
    scopes: Vec<String>,
    revoked: bool,
}

#[derive(Debug, Clone)]
struct AccessToken {
    refresh_token: String,
    scopes: Vec<String>,
    expires_at: Instant,
    revoked: bool,
}

/// What a mint attempt came to.
#[derive(Debug)]
pub(crate) enum Mint {
    Issued { access_token: String },
    UnknownRefreshToken,
    RateLimited,
}

#[derive(Debug)]
pub(crate) struct Auth {
    refresh: HashMap<String, RefreshToken>,
    access: HashMap<String, AccessToken>,
    /// Grant code → (refresh token it yields, already used).
    grant_codes: HashMap<String, (String, bool)>,
    mints: HashMap<String, VecDeque<Instant>>,
    issued: u64,
    rng: fastrand::Rng,
}

impl Auth {
    fn new(settings: &Settings) -> Auth {
        let mut auth = Auth {
            refresh: HashMap::new(),
            access: HashMap::new(),
            grant_codes: HashMap::new(),
            mints: HashMap::new(),
            issued: 0,
            // Token suffixes come from their own stream, so they never shift the fault sequence.
            rng: fastrand::Rng::with_seed(settings.fault_seed ^ 0x5EED_70CE_4000_0000),
        };
        auth.restore(&settings.refresh_tokens);
        auth
    }

    /// Refresh tokens and grant codes as configured; mint history cleared. Access tokens stay.
    fn restore(&mut self, specs: &[RefreshTokenSpec]) {
        self.refresh = specs
            .iter()
            .map(|spec| {
                (
                    spec.token.clone(),
                    RefreshToken {
                        scopes: spec.scopes.clone(),
                        revoked: false,
                    },
                )
            })
            .collect();
        self.grant_codes = HashMap::from([(
            SANDBOX_GRANT_CODE.to_string(),
            (SANDBOX_REFRESH_TOKEN.to_string(), false),
        )]);
        self.mints.clear();
    }

    /// Mint an access token from a refresh token, within the mint limit.
    pub fn mint(&mut self, refresh_token: &str, settings: &Settings) -> Mint {
        let now = Instant::now();
        let Some(refresh) = self.refresh.get(refresh_token).filter(|r| !r.revoked) else {
            return Mint::UnknownRefreshToken;
        };
        let scopes = refresh.scopes.clone();
        let history = self.mints.entry(refresh_token.to_string()).or_default();
        while history
            .front()
            .is_some_and(|t| now.duration_since(*t) >= settings.mint_window)
        {
            history.pop_front();
        }
        if settings.mint_limit > 0 && history.len() >= settings.mint_limit {
            return Mint::RateLimited;
        }
        history.push_back(now);
        let access_token = self.issue(refresh_token, scopes, settings, now);
        Mint::Issued { access_token }
    }

    fn issue(
        &mut self,
        refresh_token: &str,
        scopes: Vec<String>,
        settings: &Settings,
        now: Instant,
    ) -> String {
        self.issued += 1;
        // Never shaped like a real Zoho token (`1000.<32 hex>.<32 hex>`).
        let token = format!(
            "1000.sandbox-access-{}-{:08x}",
            self.issued,
            self.rng.u32(..)
        );
        self.access.insert(
            token.clone(),
            AccessToken {
                refresh_token: refresh_token.to_string(),
                scopes,
                expires_at: now + settings.token_lifetime,
                revoked: false,
            },
        );
        token
    }

    /// Trade a grant code (once) for its refresh token and a first access token. `None` if the
    /// code is unknown or used.
    pub fn exchange_code(&mut self, code: &str, settings: &Settings) -> Option<(String, String)> {
        let (refresh_token, used) = self.grant_codes.get_mut(code)?;
        if *used {
            return None;
        }
        *used = true;
        let refresh_token = refresh_token.clone();
        let scopes = settings
            .refresh_tokens
            .iter()
            .find(|s| s.token == refresh_token)
            .map(|s| s.scopes.clone())
            .unwrap_or_default();
        // A fresh grant brings the refresh token back to life if it had been revoked.
        self.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                scopes: scopes.clone(),
                revoked: false,
            },
        );
        let access_token = self.issue(&refresh_token, scopes, settings, Instant::now());
        Some((refresh_token, access_token))
    }

    /// Revoke a refresh token (and every access token from it) or one access token.
    pub fn revoke(&mut self, token: &str) -> bool {
        if let Some(refresh) = self.refresh.get_mut(token).filter(|r| !r.revoked) {
            refresh.revoked = true;
            for access in self
                .access
                .values_mut()
                .filter(|a| a.refresh_token == token)
            {
                access.revoked = true;
            }
            return true;
        }
        if let Some(access) = self.access.get_mut(token).filter(|a| !a.revoked) {
            access.revoked = true;
            return true;
        }
        false
    }

    /// The scopes of a live access token; `None` if unknown, revoked or expired.
    pub fn check_access_token(&self, token: Option<&str>) -> Option<Vec<String>> {
        let access = self.access.get(token?)?;
        (!access.revoked && Instant::now() < access.expires_at).then(|| access.scopes.clone())
    }

    pub fn expire_all(&mut self) {
        let now = Instant::now();
        for access in self.access.values_mut() {
            access.expires_at = now;
        }
    }

    /// Whether `client_id` is the sandbox's client.
    pub fn known_client(&self, client_id: &str) -> bool {
        client_id == super::SANDBOX_CLIENT_ID
    }
}

pub(crate) struct State {
    pub account: Account,
    pub auth: Auth,
    /// [`super::SandboxConfig::lenient`]: play today's kinder behaviour.
    pub lenient: bool,
}

impl State {
    pub fn new(seed: &SeedAccount, settings: &Settings) -> Result<State, String> {
        let mut account = seed.load()?;
        account.lenient = settings.lenient;
        Ok(State {
            account,
            auth: Auth::new(settings),
            lenient: settings.lenient,
        })
    }

    pub fn reset(&mut self, seed: &SeedAccount, settings: &Settings) {
        // The seed was loaded once at start, so it loads again.
        if let Ok(mut account) = seed.load() {
            account.lenient = settings.lenient;
            self.account = account;
        }
        self.auth.restore(&settings.refresh_tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_18_digits_and_per_kind() {
        let mut account = Account::default();
        let m1 = account.new_id(Kind::Monitor);
        let m2 = account.new_id(Kind::Monitor);
        let g1 = account.new_id(Kind::MonitorGroup);
        assert_eq!(m1, "113770000070000001");
        assert_eq!(m2, "113770000070000002");
        assert_eq!(g1, "113770000060000001");
        assert!(account.claim_id("113770000070000004"));
        assert!(!account.claim_id("113770000070000004"));
        assert_eq!(account.new_id(Kind::Monitor), "113770000070000003");
        assert_eq!(account.new_id(Kind::Monitor), "113770000070000005");
        for id in [m1, m2, g1] {
            assert_eq!(id.len(), 18);
        }
    }
}
