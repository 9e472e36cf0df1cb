//! The account a sandbox starts with (and returns to on reset): the built-in default, or a JSON
//! file (`s247 sandbox --seed FILE`; `s247 sandbox --print-seed` prints the default in that form,
//! and `examples/sandbox-seed.json` is a smaller example).
//!
//! The JSON is an object with optional keys `timezone` (the account time zone, default `GMT`;
//! the built-in account's is `Asia/Kolkata`, and its people's windows come from
//! [`super::seed_maintenance`]),
//! `location_profiles`, `notification_profiles`, `threshold_profiles`, `user_groups`, `tags`,
//! `monitor_groups`, `monitors` and `maintenance`, each a list of objects shaped as the API
//! answers them. Ids may be given (strings) or left out (then generated); references between
//! objects are by id and must resolve. Monitors, groups and windows are validated as a create
//! would validate them, except monitors of types the sandbox does not emulate (or without
//! `type`), which are stored as given. A subgroup is a `monitor_groups` entry with `group_type`
//! 2 (and `parent_group_id`, `top_group_id`); it is served under `/api/subgroups` only.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::routes::{
    Failure, check_seed_group_monitors, seed_group, seed_maintenance, seed_monitor,
};
use super::seed_maintenance;
use super::state::{Account, Kind, Obj, nth_id};

/// An account to serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAccount {
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default)]
    pub location_profiles: Vec<Value>,
    #[serde(default)]
    pub notification_profiles: Vec<Value>,
    #[serde(default)]
    pub threshold_profiles: Vec<Value>,
    #[serde(default)]
    pub user_groups: Vec<Value>,
    #[serde(default)]
    pub tags: Vec<Value>,
    #[serde(default)]
    pub monitor_groups: Vec<Value>,
    #[serde(default)]
    pub monitors: Vec<Value>,
    #[serde(default)]
    pub maintenance: Vec<Value>,
    /// Users (`user_id`, `email_address`, `display_name`): the members user groups may list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<Value>,
}

fn default_timezone() -> String {
    "GMT".to_string()
}

impl Default for SeedAccount {
    fn default() -> Self {
        SeedAccount::default_account()
    }
}

impl SeedAccount {
    /// Parse and check a seed (it must load).
    pub fn from_json(text: &str) -> Result<SeedAccount, String> {
        let seed: SeedAccount = serde_json::from_str(text).map_err(|e| e.to_string())?;
        seed.load()?;
        Ok(seed)
    }

    /// Read, parse and check a seed file.
    pub fn from_file(path: &Path) -> Result<SeedAccount, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        SeedAccount::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a seed serializes")
    }

    fn items(&self, kind: Kind) -> &[Value] {
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

    /// Build the account; every problem names the object it is in.
    pub(crate) fn load(&self) -> Result<Account, String> {
        let mut account = Account::default();
        account.timezone = self.timezone.clone();
        for (i, user) in self.users.iter().enumerate() {
            match user {
                Value::Object(obj)
                    if obj.get("user_id").and_then(Value::as_str).is_some()
                        && obj.get("email_address").and_then(Value::as_str).is_some() =>
                {
                    account.users.push(obj.clone())
                }
                _ => {
                    return Err(format!(
                        "users[{i}]: must be an object with user_id and email_address strings"
                    ));
                }
            }
        }
        // First every explicit id, so generated ids never collide with one given later.
        let mut objects: Vec<(Kind, Obj)> = Vec::new();
        for kind in Kind::ALL {
            for (i, item) in self.items(kind).iter().enumerate() {
                let where_ = format!("{}[{i}]", kind.seed_key());
                let Value::Object(obj) = item else {
                    return Err(format!("{where_}: must be an object"));
                };
                match obj.get(kind.id_field()) {
                    None | Some(Value::Null) => {}
                    Some(Value::String(id)) if !id.trim().is_empty() => {
                        if !account.claim_id(id) {
                            return Err(format!("{where_}: id {id} is used twice"));
                        }
                    }
                    Some(_) => {
                        return Err(format!(
                            "{where_}: {} must be a non-empty string",
                            kind.id_field()
                        ));
                    }
                }
                objects.push((kind, obj.clone()));
            }
        }
        for (kind, obj) in &mut objects {
            if obj.get(kind.id_field()).and_then(Value::as_str).is_none() {
                obj.insert(kind.id_field().to_string(), account.new_id(*kind).into());
            }
        }
        let mut index = vec![0usize; Kind::ALL.len() + 1];
        let mut groups_checked = false;
        // In `Kind::ALL` order: profiles, user groups and tags, then groups, monitors, windows.
        for (kind, obj) in objects {
            let i = index[kind as usize];
            index[kind as usize] += 1;
            let where_ = format!("{}[{i}]", kind.seed_key());
            let failed = |e: Failure| format!("{where_}: {}", describe(&e));
            let named = |field: &str| -> Result<(), String> {
                match obj.get(field) {
                    Some(Value::String(s)) if !s.trim().is_empty() => Ok(()),
                    _ => Err(format!("{where_}: {field} is missing")),
                }
            };
            if kind == Kind::Maintenance && !groups_checked {
                check_seed_group_monitors(&mut account)
                    .map_err(|e| format!("monitor_groups: {}", describe(&e)))?;
                groups_checked = true;
            }
            match kind {
                Kind::LocationProfile | Kind::NotificationProfile => named("profile_name")?,
                Kind::ThresholdProfile => {
                    named("profile_name")?;
                    named("type")?;
                }
                Kind::UserGroup => named("display_name")?,
                Kind::Tag => named("tag_name")?,
                Kind::MonitorGroup => {
                    seed_group(&mut account, &obj).map_err(failed)?;
                    continue;
                }
                Kind::Monitor => {
                    seed_monitor(&mut account, obj).map_err(failed)?;
                    continue;
                }
                Kind::Maintenance => {
                    seed_maintenance(&mut account, &obj).map_err(failed)?;
                    continue;
                }
            }
            push(&mut account, kind, obj);
        }
        if !groups_checked {
            check_seed_group_monitors(&mut account)
                .map_err(|e| format!("monitor_groups: {}", describe(&e)))?;
        }
        Ok(account)
    }

    /// The built-in account: what `s247 sandbox` and `Sandbox::start` serve by default.
    pub fn default_account() -> SeedAccount {
        let loc = |n| nth_id(Kind::LocationProfile, n);
        let notif = |n| nth_id(Kind::NotificationProfile, n);
        let thr = |n| nth_id(Kind::ThresholdProfile, n);
        let ug = |n| nth_id(Kind::UserGroup, n);
        let tag = |n| nth_id(Kind::Tag, n);
        let grp = |n| nth_id(Kind::MonitorGroup, n);
        let mon = |n| nth_id(Kind::Monitor, n);
        let threshold = |n, name: &str, kind: &str| json!({"profile_id": thr(n), "profile_name": name, "type": kind, "down_location_threshold": 1});
        let url_monitor = |n, name: &str, website: &str, groups: Vec<String>, tags: Vec<String>| {
            json!({
                "monitor_id": mon(n),
                "display_name": name,
                "type": "URL",
                "website": website,
                "check_frequency": "1",
                "timeout": 10,
                "http_method": "G",
                "location_profile_id": loc(1),
                "notification_profile_id": notif(1),
                "threshold_profile_id": thr(1),
                "user_group_ids": [ug(1)],
                "monitor_groups": groups,
                "tag_ids": tags,
            })
        };
        let mut seed = SeedAccount {
            timezone: seed_maintenance::ACCOUNT_ZONE.to_string(),
            location_profiles: vec![
                json!({"profile_id": loc(1), "profile_name": "Global", "primary_location": "1", "secondary_locations": ["3", "7"], "restrict_alt_loc": false}),
                json!({"profile_id": loc(2), "profile_name": "North America", "primary_location": "1", "secondary_locations": ["2"], "restrict_alt_loc": false}),
                json!({"profile_id": loc(3), "profile_name": "Europe", "primary_location": "7", "secondary_locations": ["16"], "restrict_alt_loc": true}),
            ],
            notification_profiles: vec![
                json!({"profile_id": notif(1), "profile_name": "Default Notification", "rca_needed": true}),
                json!({"profile_id": notif(2), "profile_name": "Email only", "rca_needed": false}),
            ],
            threshold_profiles: vec![
                threshold(1, "Website default", "URL"),
                threshold(2, "Website strict", "URL"),
                threshold(3, "REST API default", "RESTAPI"),
                threshold(4, "SSL certificate default", "SSL_CERT"),
                threshold(5, "Ping default", "PING"),
                threshold(6, "Port default", "PORT"),
                threshold(7, "DNS default", "DNS"),
                threshold(8, "Heartbeat default", "HEARTBEAT"),
                threshold(9, "Web page speed default", "HOMEPAGE"),
                threshold(10, "Group health default", "HEALTHCHECK"),
            ],
            user_groups: vec![
                json!({"user_group_id": ug(1), "display_name": "Admins", "users": ["113770000090000001"], "attribute_group_id": "113770000090100001", "product_id": 0}),
                json!({"user_group_id": ug(2), "display_name": "On-call", "users": ["113770000090000001", "113770000090000002"], "attribute_group_id": "113770000090100001", "product_id": 0}),
            ],
            tags: vec![
                json!({"tag_id": tag(1), "tag_name": "env", "tag_value": "prod", "tag_color": "#B7DA9E"}),
                json!({"tag_id": tag(2), "tag_name": "env", "tag_value": "staging", "tag_color": "#F5B7B1"}),
                json!({"tag_id": tag(3), "tag_name": "team", "tag_value": "web", "tag_color": "#AED6F1"}),
                json!({"tag_id": tag(4), "tag_name": "team", "tag_value": "backend", "tag_color": "#D7BDE2"}),
            ],
            monitor_groups: vec![
                json!({"group_id": grp(1), "display_name": "Web", "description": "Public web front ends", "monitors": [mon(1), mon(3)], "health_threshold_count": 1, "notification_profile_id": notif(2), "healthcheck_profile_id": thr(10)}),
                json!({"group_id": grp(2), "display_name": "Backend", "description": "APIs and network", "monitors": [mon(2), mon(4)], "health_threshold_count": 1}),
            ],
            monitors: vec![
                url_monitor(
                    1,
                    "Homepage",
                    "https://www.example.com/",
                    vec![grp(1)],
                    vec![tag(1), tag(3)],
                ),
                url_monitor(
                    2,
                    "API",
                    "https://api.example.com/health",
                    vec![grp(2)],
                    vec![tag(1), tag(4)],
                ),
                url_monitor(
                    3,
                    "Checkout",
                    "https://shop.example.com/checkout",
                    vec![grp(1)],
                    vec![tag(1), tag(3)],
                ),
                json!({
                    "monitor_id": mon(4),
                    "display_name": "Gateway",
                    "type": "PING",
                    "host_name": "gw.example.net",
                    "check_frequency": "5",
                    "timeout": 10,
                    "location_profile_id": loc(1),
                    "notification_profile_id": notif(1),
                    "threshold_profile_id": thr(5),
                    "user_group_ids": [ug(1), ug(2)],
                    "monitor_groups": [grp(2)],
                    "tag_ids": [tag(1), tag(4)],
                }),
            ],
            maintenance: [json!({
                "maintenance_id": nth_id(Kind::Maintenance, 1),
                "display_name": "Quarterly network maintenance",
                "description": "Core switch firmware upgrade, agreed with the network team.",
                "maintenance_type": 3,
                "start_date": "2030-01-12",
                "start_time": "02:00",
                "end_date": "2030-01-12",
                "end_time": "04:00",
                "timezone": "GMT",
                "selection_type": 1,
                "monitor_groups": [grp(2)],
                "perform_monitoring": true,
            })]
            .into_iter()
            .chain(seed_maintenance::person_windows())
            .collect(),
            users: vec![
                json!({"user_id": "113770000090000001", "display_name": "Ada Admin", "email_address": "ada@example.com", "user_role": 1}),
                json!({"user_id": "113770000090000002", "display_name": "Otto Oncall", "email_address": "otto@example.com", "user_role": 2}),
                json!({"user_id": "113770000090000003", "display_name": "Rita Reader", "email_address": "rita@example.com", "user_role": 3}),
            ],
        };
        super::seed_fidelity::add(&mut seed);
        super::seed_types::add(&mut seed);
        seed
    }
}

fn push(account: &mut Account, kind: Kind, obj: Obj) {
    match kind {
        Kind::LocationProfile => account.location_profiles.push(obj),
        Kind::NotificationProfile => account.notification_profiles.push(obj),
        Kind::ThresholdProfile => account.threshold_profiles.push(obj),
        Kind::UserGroup => account.user_groups.push(obj),
        Kind::Tag => account.tags.push(obj),
        Kind::MonitorGroup | Kind::Monitor | Kind::Maintenance => {
            unreachable!("validated by their own loaders")
        }
    }
}

fn describe(failure: &Failure) -> String {
    match &failure.info {
        Some(info) if !info.is_empty() => {
            let details: Vec<String> = info
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default()))
                .collect();
            format!("{} ({})", failure.message, details.join("; "))
        }
        _ => failure.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_account_loads_with_consistent_membership() {
        let account = SeedAccount::default_account().load().unwrap();
        assert_eq!(account.monitors.len(), 10);
        let web = account
            .find(Kind::MonitorGroup, &nth_id(Kind::MonitorGroup, 1))
            .unwrap();
        assert_eq!(
            crate::sandbox::state::list_of(web, "monitors"),
            vec![nth_id(Kind::Monitor, 1), nth_id(Kind::Monitor, 3)]
        );
    }

    #[test]
    fn the_default_account_round_trips_through_json() {
        let seed = SeedAccount::default_account();
        assert_eq!(
            SeedAccount::from_json(&seed.to_json_pretty()).unwrap(),
            seed
        );
    }

    #[test]
    fn bad_seeds_name_the_object() {
        let err = SeedAccount::from_json(r#"{"monitors":[{"display_name":"x","type":"URL"}]}"#)
            .unwrap_err();
        assert!(err.starts_with("monitors[0]: Parameter missing."), "{err}");
        let err = SeedAccount::from_json(
            r#"{"tags":[{"tag_id":"1","tag_name":"a"},{"tag_id":"1","tag_name":"b"}]}"#,
        )
        .unwrap_err();
        assert!(err.contains("used twice"), "{err}");
        let err = SeedAccount::from_json(
            r#"{"monitor_groups":[{"display_name":"g","monitors":["42"]}]}"#,
        )
        .unwrap_err();
        assert!(err.contains("no monitor with id 42"), "{err}");
        assert!(SeedAccount::from_json(r#"{"bogus":[]}"#).is_err());
    }

    #[test]
    fn ids_are_generated_when_left_out() {
        let seed = SeedAccount::from_json(
            r#"{"tags":[{"tag_name":"a"},{"tag_id":"113770000050000001","tag_name":"b"}]}"#,
        )
        .unwrap();
        let account = seed.load().unwrap();
        let ids: Vec<_> = account
            .tags
            .iter()
            .map(|t| t["tag_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, vec!["113770000050000002", "113770000050000001"]);
    }
}
