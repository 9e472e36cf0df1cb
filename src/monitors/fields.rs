//! The field table: for every field of the file, which monitor types (or groups) take it, which
//! require it, and its [`Codec`] — how its value becomes API JSON, how an API value reads back
//! (for `export` and for showing the old value in a diff), and when a live value counts as the
//! same as the file's (leniently: numbers and booleans arrive as strings, id lists in any order).
//!
//! Validation, payloads, the diff, export and the JSON Schema's per-type rules all read this one
//! table, so a field is added in one place.

use serde_json::{Map, Value, json};

use super::spec::{MonitorType, Seconds};
use crate::api::envelope::{as_bool, as_i64, as_id};

/// A set of places a field applies to: monitor types and/or monitor groups. Bit `i` is
/// `MonitorType::ALL[i]`; groups have the top bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct On(pub u32);

impl On {
    pub const URL: On = On(1 << 0);
    pub const RESTAPI: On = On(1 << 1);
    pub const SSL_CERT: On = On(1 << 2);
    pub const PING: On = On(1 << 3);
    pub const PORT: On = On(1 << 4);
    pub const DNS: On = On(1 << 5);
    pub const HEARTBEAT: On = On(1 << 6);
    pub const HOMEPAGE: On = On(1 << 7);
    pub const SOAP: On = On(1 << 8);
    pub const CRON: On = On(1 << 9);
    pub const DOMAINEXPIRY: On = On(1 << 10);
    pub const FTP: On = On(1 << 11);
    pub const ISP: On = On(1 << 12);
    pub const SERVER: On = On(1 << 13);
    pub const AMAZON: On = On(1 << 14);
    pub const AZURE: On = On(1 << 15);
    pub const GCP: On = On(1 << 16);
    pub const REALBROWSER: On = On(1 << 17);
    pub const RESTAPISEQ: On = On(1 << 18);
    pub const GROUP: On = On(1 << 31);
    pub const NONE: On = On(0);
    /// Every monitor type.
    pub const MONITORS: On = On((1 << MonitorType::ALL.len()) - 1);
    /// The types s247 only adopts (`MonitorType::ADOPT_ONLY`).
    pub const ADOPTED: On =
        On(Self::SERVER.0 | Self::AMAZON.0 | Self::AZURE.0 | Self::GCP.0 | Self::REALBROWSER.0);
    /// The types s247 creates.
    pub const CREATED: On = Self::MONITORS.minus(Self::ADOPTED);
    pub const HTTP: On = On(Self::URL.0 | Self::RESTAPI.0 | Self::HOMEPAGE.0);

    pub const fn or(self, other: On) -> On {
        On(self.0 | other.0)
    }

    pub const fn minus(self, other: On) -> On {
        On(self.0 & !other.0)
    }

    pub fn of(kind: MonitorType) -> On {
        let index = MonitorType::ALL
            .iter()
            .position(|t| *t == kind)
            .expect("every type is listed");
        On(1 << index)
    }

    pub fn contains(self, other: On) -> bool {
        other.0 != 0 && self.0 & other.0 == other.0
    }
}

/// Where an item's fields come from: a monitor of some type, or a monitor group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Monitor(MonitorType),
    Group,
}

impl Scope {
    pub fn on(self) -> On {
        match self {
            Scope::Monitor(kind) => On::of(kind),
            Scope::Group => On::GROUP,
        }
    }

    /// The threshold profile `type` this item's threshold/health-check profile must have.
    pub fn threshold_type(self) -> &'static str {
        match self {
            Scope::Monitor(kind) => kind.api_name(),
            Scope::Group => "HEALTHCHECK",
        }
    }

    pub fn noun(self) -> String {
        match self {
            Scope::Monitor(kind) => format!("{kind} monitors"),
            Scope::Group => "monitor groups".into(),
        }
    }
}

/// Kinds of objects referenced by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    LocationProfile,
    NotificationProfile,
    ThresholdProfile,
    UserGroup,
    MonitorGroup,
    Tag,
}

impl RefKind {
    pub const ALL: [RefKind; 6] = [
        RefKind::LocationProfile,
        RefKind::NotificationProfile,
        RefKind::ThresholdProfile,
        RefKind::UserGroup,
        RefKind::MonitorGroup,
        RefKind::Tag,
    ];

    pub fn kind(self) -> crate::api::resources::Kind {
        use crate::api::resources::Kind;
        match self {
            RefKind::LocationProfile => Kind::LocationProfile,
            RefKind::NotificationProfile => Kind::NotificationProfile,
            RefKind::ThresholdProfile => Kind::ThresholdProfile,
            RefKind::UserGroup => Kind::UserGroup,
            RefKind::MonitorGroup => Kind::MonitorGroup,
            RefKind::Tag => Kind::Tag,
        }
    }
}

/// How a field's value maps to and from the API. The `&'static str`s are API field names.
#[derive(Debug, Clone, Copy)]
pub enum Codec {
    /// A string.
    Text(&'static str),
    /// An integer (may come back as a string).
    Int(&'static str),
    /// An integer the API keeps as a string (`dns_port`).
    IntText(&'static str),
    Bool(&'static str),
    /// `5m` ↔ `"5"` (minutes, as a string).
    Minutes(&'static str),
    /// `10s` ↔ `10` (seconds).
    Seconds(&'static str),
    /// One of a fixed set of names ↔ the API's code for it.
    Choice(&'static str, &'static [(&'static str, Code)]),
    /// `200-299,301` ↔ `200:299,301`.
    StatusCodes(&'static str),
    /// `Welcome` / `{value, alert}` ↔ `{value, severity}`.
    Keyword(&'static str),
    /// `{name: value}` ↔ `[{name, value}]`.
    Headers(&'static str),
    /// `{user, password}` ↔ `auth_method: B`, `auth_user`, `auth_pass`.
    BasicAuth,
    /// A password sent as text and never read back: export leaves it out, and a live value the
    /// API hides (absent, empty, starred out) counts as the same.
    Password(&'static str),
    /// A name ↔ an id.
    Ref(&'static str, RefKind),
    /// Names ↔ a set of ids, written under every listed API field (groups take tags as both
    /// `tag_ids` and `tags`; `site24x7-api.md` §5.4).
    Refs(&'static [&'static str], RefKind),
    /// A REST API transaction's steps ([`super::types::restapiseq`]): a list in both forms,
    /// each step's fields through the codecs above.
    Steps(&'static str),
}

/// An API code: most are one-letter strings, a few numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Str(&'static str),
    Int(i64),
}

impl Code {
    fn value(self) -> Value {
        match self {
            Code::Str(s) => Value::String(s.into()),
            Code::Int(n) => Value::from(n),
        }
    }

    fn matches(self, live: &Value) -> bool {
        match self {
            Code::Str(s) => scalar_text(live).as_deref() == Some(s),
            Code::Int(n) => as_i64(live) == Some(n),
        }
    }
}

/// One field of the file.
#[derive(Debug)]
pub struct Field {
    /// The name in the file.
    pub name: &'static str,
    pub codec: Codec,
    /// Where it may be set.
    pub on: On,
    /// Where it must be set.
    pub required: On,
    /// May hold `${env:NAME}` (the substituted value is masked and shown as `(secret)`).
    pub env: bool,
}

pub(crate) const METHODS_URL: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("HEAD", Code::Str("H")),
];
pub(crate) const METHODS_REST: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("PUT", Code::Str("U")),
    ("DELETE", Code::Str("D")),
];
/// Every method any type takes, for reading back.
pub(crate) const METHODS_ALL: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("HEAD", Code::Str("H")),
    ("PUT", Code::Str("U")),
    ("DELETE", Code::Str("D")),
];
pub(crate) const CONTENT_TYPES: &[(&str, Code)] = &[
    ("json", Code::Str("J")),
    ("text", Code::Str("T")),
    ("xml", Code::Str("X")),
    ("form", Code::Str("F")),
];
pub(crate) const RESPONSE_TYPES: &[(&str, Code)] = &[
    ("json", Code::Str("J")),
    ("text", Code::Str("T")),
    ("xml", Code::Str("X")),
];
/// DNS record types as the API's `lookup_type` numbers. UNVERIFIED: the reference gives only
/// "default 1" (= A); the others assume the API uses the IANA record type numbers.
pub(crate) const LOOKUP_TYPES: &[(&str, Code)] = &[
    ("A", Code::Int(1)),
    ("NS", Code::Int(2)),
    ("CNAME", Code::Int(5)),
    ("SOA", Code::Int(6)),
    ("PTR", Code::Int(12)),
    ("MX", Code::Int(15)),
    ("TXT", Code::Int(16)),
    ("AAAA", Code::Int(28)),
    ("SRV", Code::Int(33)),
    ("DS", Code::Int(43)),
    ("DNSKEY", Code::Int(48)),
    ("CAA", Code::Int(257)),
];

/// Every field of monitors and groups, except `name` and `type`: the tables of
/// [`super::types`], in order. A field name may appear twice with disjoint `on` sets when types
/// map it differently.
pub fn all() -> impl Iterator<Item = &'static Field> {
    super::types::TABLES.iter().flat_map(|table| table.iter())
}

/// The field `name` as it applies in `scope`, if it does.
pub fn lookup(name: &str, scope: Scope) -> Option<&'static Field> {
    all().find(|f| f.name == name && f.on.contains(scope.on()))
}

/// Any field called `name`, whatever it applies to.
pub fn known(name: &str) -> bool {
    all().any(|f| f.name == name)
}

/// The fields that apply in `scope`, in table order.
pub fn fields_for(scope: Scope) -> impl Iterator<Item = &'static Field> {
    all().filter(move |f| f.on.contains(scope.on()))
}

/// The types (and groups) a field name applies to, for "does not apply" messages.
pub fn where_applies(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for kind in MonitorType::ALL {
        if lookup(name, Scope::Monitor(kind)).is_some() {
            out.push(kind.api_name().to_string());
        }
    }
    if lookup(name, Scope::Group).is_some() {
        out.push("monitor groups".to_string());
    }
    out
}

/// The methods a monitor type accepts.
pub fn methods_for(kind: MonitorType) -> &'static [(&'static str, Code)] {
    match kind {
        MonitorType::RestApi => METHODS_REST,
        _ => METHODS_URL,
    }
}

/// Names for ids and ids for names, for the reference codecs.
pub trait Names {
    /// The display name of the object with this id, if known.
    fn name_of(&self, kind: RefKind, id: &str) -> Option<String>;
}

/// What the file's value (in its file form, references already turned into ids) is in the API:
/// `(api field, value)` pairs.
pub fn to_api(codec: Codec, value: &Value) -> Vec<(&'static str, Value)> {
    match codec {
        Codec::Text(key) | Codec::Password(key) => vec![(key, Value::String(text(value)))],
        Codec::Int(key) => vec![(key, as_i64(value).map(Value::from).unwrap_or(Value::Null))],
        Codec::IntText(key) => vec![(
            key,
            as_i64(value)
                .map(|n| Value::String(n.to_string()))
                .unwrap_or(Value::Null),
        )],
        Codec::Bool(key) => vec![(key, Value::Bool(as_bool(value).unwrap_or(false)))],
        Codec::Minutes(key) => {
            let minutes = super::spec::Minutes::parse(&text(value)).map_or(0, |m| m.0);
            vec![(key, Value::String(minutes.to_string()))]
        }
        Codec::Seconds(key) => {
            let seconds = Seconds::parse(&text(value)).map_or(0, |s| s.0);
            vec![(key, Value::from(seconds))]
        }
        Codec::Choice(key, choices) => {
            let name = text(value);
            let code = choices
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(Value::Null, |(_, code)| code.value());
            vec![(key, code)]
        }
        Codec::StatusCodes(key) => vec![(key, Value::String(status_to_api(&text(value))))],
        Codec::Keyword(key) => {
            let (word, alert) = keyword_parts(value);
            vec![(key, json!({"value": word, "severity": severity(&alert)}))]
        }
        Codec::Headers(key) => {
            let headers: Vec<Value> = value
                .as_object()
                .map(|map| {
                    map.iter()
                        .map(|(name, v)| json!({"name": name, "value": text(v)}))
                        .collect()
                })
                .unwrap_or_default();
            vec![(key, Value::Array(headers))]
        }
        Codec::BasicAuth => vec![
            ("auth_method", Value::String("B".into())),
            ("auth_user", Value::String(text(&value["user"]))),
            ("auth_pass", Value::String(text(&value["password"]))),
        ],
        Codec::Ref(key, _) => vec![(key, Value::String(text(value)))],
        Codec::Refs(keys, _) => {
            let ids: Vec<Value> = value
                .as_array()
                .map(|ids| ids.iter().map(|id| Value::String(text(id))).collect())
                .unwrap_or_default();
            keys.iter()
                .map(|k| (*k, Value::Array(ids.clone())))
                .collect()
        }
        Codec::Steps(key) => vec![(key, super::types::restapiseq::to_api(value))],
    }
}

/// The API fields a codec writes.
pub fn api_keys(codec: Codec) -> Vec<&'static str> {
    match codec {
        Codec::BasicAuth => vec!["auth_method", "auth_user", "auth_pass"],
        Codec::Refs(keys, _) => keys.to_vec(),
        Codec::Text(k)
        | Codec::Int(k)
        | Codec::IntText(k)
        | Codec::Bool(k)
        | Codec::Minutes(k)
        | Codec::Seconds(k)
        | Codec::Choice(k, _)
        | Codec::StatusCodes(k)
        | Codec::Keyword(k)
        | Codec::Headers(k)
        | Codec::Password(k)
        | Codec::Ref(k, _)
        | Codec::Steps(k) => vec![k],
    }
}

/// Whether the live object already has the value `desired` (the output of [`to_api`]).
/// `secret`: the desired value holds secrets; a live value the API does not reveal (absent,
/// empty or starred out) cannot be compared and counts as the same.
pub fn same(codec: Codec, desired: &[(&str, Value)], live: &Value, secret: bool) -> bool {
    let want = |key: &str| {
        desired
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap_or(&Value::Null)
    };
    let got = |key: &str| live.get(key).unwrap_or(&Value::Null);
    match codec {
        Codec::Text(key) | Codec::StatusCodes(key) => {
            let (w, g) = (scalar_text(want(key)), scalar_text(got(key)));
            if secret && hidden(g.as_deref()) {
                return true;
            }
            normalise_text(&w) == normalise_text(&g)
        }
        Codec::Password(key) => {
            let g = scalar_text(got(key));
            hidden(g.as_deref()) || scalar_text(want(key)) == g
        }
        Codec::Int(key) | Codec::IntText(key) | Codec::Seconds(key) => {
            as_i64(want(key)) == as_i64(got(key))
        }
        Codec::Bool(key) => as_bool(want(key)) == as_bool(got(key)).or(Some(false)),
        Codec::Minutes(key) => as_f64(want(key)) == as_f64(got(key)),
        Codec::Choice(key, choices) => choices
            .iter()
            .find(|(_, code)| code.value() == *want(key))
            .is_some_and(|(_, code)| code.matches(got(key))),
        Codec::Keyword(key) => {
            let (w, g) = (want(key), got(key));
            scalar_text(&w["value"]) == scalar_text(&g["value"])
                && as_i64(&w["severity"]) == as_i64(&g["severity"]).or(Some(0))
        }
        Codec::Headers(key) => {
            let mut w = header_pairs(want(key));
            let mut g = header_pairs(got(key));
            if secret {
                // Values the API hides compare equal to ours.
                for (name, value) in &mut g {
                    if hidden(Some(value.as_str()))
                        && let Some((_, mine)) = w.iter().find(|(n, _)| n == name)
                    {
                        *value = mine.clone();
                    }
                }
            }
            w.sort();
            g.sort();
            w == g
        }
        Codec::BasicAuth => {
            let user_same = scalar_text(want("auth_user")) == scalar_text(got("auth_user"));
            let pass = scalar_text(got("auth_pass"));
            let pass_same = hidden(pass.as_deref()) || scalar_text(want("auth_pass")) == pass;
            user_same && pass_same
        }
        Codec::Ref(key, _) => as_id(want(key)) == as_id(got(key)),
        // The desired steps, read back as a file would write them, against the live ones.
        Codec::Steps(key) => {
            let wanted = json!({ "steps": want(key) });
            let file = super::types::restapiseq::from_api(&wanted, |_| false)
                .unwrap_or_else(|| Value::Array(Vec::new()));
            super::types::restapiseq::same(&file, live)
        }
        Codec::Refs(keys, _) => {
            let key = keys[0];
            let mut w = id_set(want(key));
            let mut g = id_set(got(key));
            if g.is_empty() && keys.len() > 1 {
                g = id_set(got(keys[1]));
            }
            w.sort();
            w.dedup();
            g.sort();
            g.dedup();
            w == g
        }
    }
}

/// The live object's value of a field, in file form (references as names where known, else
/// ids). `None` when the API has no (or an empty) value. Secrets come back as `None` for
/// `basic_auth`'s password: the caller decides what to show or write instead.
pub fn from_api(codec: Codec, live: &Value, names: &dyn Names) -> Option<Value> {
    let get = |key: &str| live.get(key).filter(|v| !is_empty(v));
    match codec {
        Codec::Text(key) => scalar_text(get(key)?).map(Value::String),
        Codec::Int(key) | Codec::IntText(key) => as_i64(get(key)?).map(Value::from),
        Codec::Bool(key) => as_bool(get(key)?).map(Value::Bool),
        Codec::Minutes(key) => {
            let minutes = as_f64(get(key)?)?;
            (minutes.fract() == 0.0 && minutes >= 1.0)
                .then(|| Value::String(super::spec::Minutes(minutes as u32).to_string()))
        }
        Codec::Seconds(key) => {
            let seconds = as_i64(get(key)?)?;
            (1..=i64::from(super::spec::MAX_TIMEOUT_SECONDS))
                .contains(&seconds)
                .then(|| Value::String(format!("{seconds}s")))
        }
        Codec::Choice(key, choices) => {
            let got = get(key)?;
            choices
                .iter()
                .find(|(_, code)| code.matches(got))
                .map(|(name, _)| Value::String((*name).into()))
        }
        Codec::StatusCodes(key) => {
            scalar_text(get(key)?).map(|s| Value::String(s.replace(':', "-").replace(' ', "")))
        }
        Codec::Keyword(key) => {
            let got = get(key)?;
            let word = scalar_text(got.get("value")?).filter(|w| !w.is_empty())?;
            match as_i64(got.get("severity").unwrap_or(&Value::Null)).unwrap_or(0) {
                2 => Some(json!({"value": word, "alert": "trouble"})),
                _ => Some(Value::String(word)),
            }
        }
        Codec::Headers(key) => {
            let pairs = header_pairs(get(key)?);
            if pairs.is_empty() {
                return None;
            }
            let map: Map<String, Value> = pairs
                .into_iter()
                .map(|(n, v)| (n, Value::String(v)))
                .collect();
            Some(Value::Object(map))
        }
        Codec::Password(_) => None,
        Codec::BasicAuth => {
            let user = scalar_text(get("auth_user")?).filter(|u| !u.is_empty())?;
            Some(json!({"user": user, "password": Value::Null}))
        }
        Codec::Ref(key, kind) => {
            let id = as_id(get(key)?)?;
            Some(Value::String(names.name_of(kind, &id).unwrap_or(id)))
        }
        Codec::Steps(_) => {
            super::types::restapiseq::from_api(live, super::export::sensitive_header)
        }
        Codec::Refs(keys, kind) => {
            let mut ids = id_set(live.get(keys[0]).unwrap_or(&Value::Null));
            if ids.is_empty() && keys.len() > 1 {
                ids = id_set(live.get(keys[1]).unwrap_or(&Value::Null));
            }
            if ids.is_empty() {
                return None;
            }
            let mut out: Vec<String> = ids
                .into_iter()
                .map(|id| names.name_of(kind, &id).unwrap_or(id))
                .collect();
            out.sort();
            Some(Value::Array(out.into_iter().map(Value::String).collect()))
        }
    }
}

/// A file-form value as one line for the log: `10s`, `[A, B]`, `{value: x, alert: trouble}`;
/// `(secret)` for secrets. Headers show their names, and `(secret)` for the values listed in
/// `hidden` (those read from the environment).
pub fn display(codec: Codec, value: Option<&Value>, secret: bool, hidden: &[String]) -> String {
    let Some(value) = value else {
        return "(unset)".into();
    };
    match codec {
        // The user name shows (the reporter stars it out if it came from the environment).
        Codec::BasicAuth => format!("{{user: {}, password: (secret)}}", text(&value["user"])),
        // Never a header value: one may be a credential, and an old one may have come from
        // `${env:…}` in an earlier apply (so nothing masks it now).
        Codec::Headers(_) => {
            let _ = hidden;
            header_diff(None, Some(value))
        }
        Codec::Password(_) => "(secret)".into(),
        // Step names only: the steps' own fields are diffed one by one.
        Codec::Steps(_) => super::types::restapiseq::display(value),
        _ if secret => "(secret)".into(),
        _ => plain(value),
    }
}

/// How a change of headers is shown: each header's name and `(added)`, `(changed)` or
/// `(removed)`, never a value. Unchanged headers are left out; when the difference is not in
/// what the API shows (a value it hides), just `(changed)`.
pub fn header_diff(old: Option<&Value>, new: Option<&Value>) -> String {
    let empty = serde_json::Map::new();
    let old = old.and_then(Value::as_object).unwrap_or(&empty);
    let new = new.and_then(Value::as_object).unwrap_or(&empty);
    let mut items = Vec::new();
    for (name, value) in new {
        match old.get(name) {
            None => items.push(format!("{name} (added)")),
            // A value the API does not reveal cannot be compared.
            Some(before) if hidden(before.as_str()) && before.is_string() => {}
            Some(before) if scalar_text(before) != scalar_text(value) => {
                items.push(format!("{name} (changed)"))
            }
            Some(_) => {}
        }
    }
    for name in old.keys().filter(|name| !new.contains_key(*name)) {
        items.push(format!("{name} (removed)"));
    }
    if items.is_empty() {
        return "(changed)".into();
    }
    format!("{{{}}}", items.join(", "))
}

fn plain(value: &Value) -> String {
    match value {
        Value::Null => "(unset)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(plain).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}

fn text(value: &Value) -> String {
    scalar_text(value).unwrap_or_default()
}

/// A scalar as text: strings as they are, numbers and booleans printed.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn normalise_text(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value the API does not reveal: absent, empty, or starred out.
fn hidden(value: Option<&str>) -> bool {
    match value {
        None => true,
        Some(v) => v.trim().is_empty() || v.chars().all(|c| c == '*'),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn id_set(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(as_id).collect())
        .unwrap_or_default()
}

fn header_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|h| {
                    let name = scalar_text(h.get("name")?)?;
                    let value = h.get("value").and_then(scalar_text).unwrap_or_default();
                    Some((name, value))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn keyword_parts(value: &Value) -> (String, String) {
    match value {
        Value::String(word) => (word.clone(), "down".into()),
        other => (
            text(&other["value"]),
            scalar_text(&other["alert"]).unwrap_or_else(|| "down".into()),
        ),
    }
}

/// `down` → 0, `trouble` → 2 (`site24x7-api.md` §5.2).
fn severity(alert: &str) -> i64 {
    if alert == "trouble" { 2 } else { 0 }
}

/// `200-299, 301` → `200:299,301`.
pub fn status_to_api(text: &str) -> String {
    text.split(',')
        .map(|part| part.trim().replace('-', ":"))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// Is `text` a list of status codes or ranges (`200`, `200-299`, `200-299,301`)?
pub fn valid_status_codes(text: &str) -> bool {
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    !text.trim().is_empty()
        && text.split(',').all(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => code(a.trim()) && code(b.trim()) && a.trim() <= b.trim(),
                None => code(part),
            }
        })
}

/// The schema's per-type rules, from the table: for each type, its required fields and the
/// fields it does not take. Attached to `MonitorSpec`'s schema (`#[schemars(transform)]`).
pub fn schema_rules(schema: &mut schemars::Schema) {
    let mut rules = Vec::new();
    for kind in MonitorType::ALL {
        let scope = Scope::Monitor(kind);
        let required: Vec<&str> = all()
            .filter(|f| f.required.contains(scope.on()))
            .map(|f| f.name)
            .collect();
        let mut forbidden = Map::new();
        for f in all() {
            if f.on.minus(On::GROUP) != On::NONE
                && lookup(f.name, scope).is_none()
                && !forbidden.contains_key(f.name)
            {
                forbidden.insert(f.name.to_string(), Value::Bool(false));
            }
        }
        rules.push(json!({
            "if": {"properties": {"type": {"const": kind.api_name()}}, "required": ["type"]},
            "then": {"required": required, "properties": forbidden}
        }));
    }
    schema.insert("allOf".into(), Value::Array(rules));
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNames;
    impl Names for NoNames {
        fn name_of(&self, _: RefKind, _: &str) -> Option<String> {
            None
        }
    }

    #[test]
    fn stringly_live_values_compare_equal() {
        let check = |codec: Codec, file: Value, live: Value| {
            let api = to_api(codec, &file);
            same(codec, &api, &live, false)
        };
        assert!(check(
            Codec::Seconds("timeout"),
            json!("10s"),
            json!({"timeout": "10"})
        ));
        assert!(check(
            Codec::Minutes("check_frequency"),
            json!("5m"),
            json!({"check_frequency": "5"})
        ));
        assert!(!check(
            Codec::Minutes("check_frequency"),
            json!("5m"),
            json!({"check_frequency": "1"})
        ));
        assert!(check(
            Codec::IntText("dns_port"),
            json!(53),
            json!({"dns_port": 53})
        ));
        assert!(check(
            Codec::Keyword("matching_keyword"),
            json!("ok"),
            json!({"matching_keyword": {"value": "ok", "severity": "0"}})
        ));
        assert!(check(
            Codec::Choice("lookup_type", LOOKUP_TYPES),
            json!("A"),
            json!({"lookup_type": "1"})
        ));
        assert!(check(Codec::Bool("dnssec"), json!(false), json!({})));
        assert!(check(
            Codec::Refs(&["tag_ids"], RefKind::Tag),
            json!(["1", "2"]),
            json!({"tag_ids": ["2", "1"]})
        ));
        assert!(!check(
            Codec::Refs(&["tag_ids"], RefKind::Tag),
            json!(["1", "2"]),
            json!({"tag_ids": ["2"]})
        ));
    }

    #[test]
    fn hidden_secrets_compare_equal_but_visible_ones_are_checked() {
        let auth = json!({"user": "ci", "password": "s3cret"});
        let api = to_api(Codec::BasicAuth, &auth);
        assert!(same(
            Codec::BasicAuth,
            &api,
            &json!({"auth_user": "ci"}),
            true
        ));
        assert!(same(
            Codec::BasicAuth,
            &api,
            &json!({"auth_user": "ci", "auth_pass": "******"}),
            true
        ));
        assert!(!same(
            Codec::BasicAuth,
            &api,
            &json!({"auth_user": "ci", "auth_pass": "old"}),
            true
        ));
    }

    #[test]
    fn values_read_back_in_file_form() {
        let live = json!({"timeout": "30", "http_method": "P", "up_status_codes": "200:299",
            "matching_keyword": {"value": "x", "severity": "2"}, "check_frequency": "60"});
        let get = |codec| from_api(codec, &live, &NoNames);
        assert_eq!(get(Codec::Seconds("timeout")), Some(json!("30s")));
        assert_eq!(
            get(Codec::Choice("http_method", METHODS_ALL)),
            Some(json!("POST"))
        );
        assert_eq!(
            get(Codec::StatusCodes("up_status_codes")),
            Some(json!("200-299"))
        );
        assert_eq!(
            get(Codec::Keyword("matching_keyword")),
            Some(json!({"value": "x", "alert": "trouble"}))
        );
        assert_eq!(get(Codec::Minutes("check_frequency")), Some(json!("1h")));
    }

    #[test]
    fn status_codes() {
        assert!(valid_status_codes("200-299,301"));
        assert!(!valid_status_codes("2xx"));
        assert!(!valid_status_codes("299-200"));
        assert_eq!(status_to_api("200-299, 301"), "200:299,301");
    }

    #[test]
    fn secrets_display_hidden() {
        assert_eq!(
            display(Codec::Text("website"), Some(&json!("https://x")), true, &[]),
            "(secret)"
        );
        assert_eq!(
            display(
                Codec::Headers("custom_headers"),
                Some(&json!({"Accept": "text/html", "X-Key": "abc"})),
                true,
                &["X-Key".to_string()]
            ),
            "{Accept (added), X-Key (added)}"
        );
        assert_eq!(
            header_diff(
                Some(
                    &json!({"Accept": "text/html", "Authorization": "Bearer old-secret", "X-Old": "1"})
                ),
                Some(
                    &json!({"Accept": "text/html", "Authorization": "Bearer new-secret", "X-New": "2"})
                ),
            ),
            "{Authorization (changed), X-New (added), X-Old (removed)}"
        );
    }
}
