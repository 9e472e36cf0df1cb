//! The field table: for every field of the file, which monitor types (or groups) take it, which
//! require it, and its [`Codec`] — how its value becomes API JSON, how an API value reads back
//! (for `export` and for showing the old value in a diff), and when a live value counts as the
//! same as the file's (leniently: numbers and booleans arrive as strings, id lists in any order).
//!
//! Validation, payloads, the diff, export and the JSON Schema's per-type rules all read this one
//! table, so a field is added in one place.

mod codec;
mod codes;
mod display;

use serde_json::{Map, Value, json};

use super::spec::MonitorType;

pub use codec::{api_keys, from_api, same, scalar_text, status_to_api, to_api, valid_status_codes};
pub use codes::Code;
pub(crate) use codes::{
    CONTENT_TYPES, LOOKUP_TYPES, METHODS_ALL, METHODS_REST, METHODS_URL, RESPONSE_TYPES,
};
pub use display::{display, header_diff};

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
