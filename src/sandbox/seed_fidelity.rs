//! What the built-in account holds besides s247's own kind of monitors (issue 10): objects as a
//! real account has them, so that every test, `s247 demo` and `s247 sandbox` meet them.
//!
//! - A URL monitor carrying the fields no monitors file sets (§8 row 1: `action_ids`,
//!   `third_party_services`, `dependency_resource_ids`, `on_call_schedule_id`, `use_ipv6`, …),
//!   in a subgroup; a strict PUT that leaves them out erases them.
//! - A HOMEPAGE monitor with browser fields (`browser_type`, `browser_version`, `device_type`,
//!   `wpa_resolution`, `website_type`; `responses/get_web_page_speed_monitor.json`).
//! - A RESTAPI monitor with a code s247 does not know (`request_content_type: "JSON"`, §8 row 9,
//!   `responses/get_rest_api_monitor.json`).
//! - Monitors of types s247 does not manage: SERVER, CRON, and a domain-expiry monitor **without
//!   `type`** (§8 row 12, `responses/get_domain_expiry_monitor.json`).
//! - A subgroup (`group_type` 2) of the `Web` group (§8 row 7, `responses/list_subgroups.json`).
//! - Ids of many lengths, 3 to 19 digits (§8 row 10).
//!
//! None of them is in an existing group or carries an existing tag, so selections by group or
//! tag see what they saw before.

use serde_json::json;

use super::SeedAccount;
use super::state::{Kind, nth_id};

/// The subgroup's id (16 digits).
pub const SUBGROUP_ID: &str = "4410000000000001";
/// The monitor with automations, on-call, dependencies and third-party services (7 digits).
pub const STOREFRONT_ID: &str = "7262465";
/// The HOMEPAGE monitor (19 digits).
pub const SPEED_ID: &str = "1234567890123456789";
/// The RESTAPI monitor with a code s247 does not know (§8 row 9).
pub const PAYMENTS_ID: &str = "48213377";

/// Add the objects above to `seed`.
pub(crate) fn add(seed: &mut SeedAccount) {
    let loc = nth_id(Kind::LocationProfile, 1);
    let notif = nth_id(Kind::NotificationProfile, 1);
    let ug = nth_id(Kind::UserGroup, 1);
    let web = nth_id(Kind::MonitorGroup, 1);
    let thr = |n| nth_id(Kind::ThresholdProfile, n);
    seed.monitor_groups.push(json!({
        "group_id": SUBGROUP_ID,
        "display_name": "Checkout flow",
        "description": "Storefront steps",
        "group_type": 2,
        "parent_group_id": web,
        "top_group_id": web,
        "monitors": [],
        "health_threshold_count": 1,
    }));
    seed.monitors.extend([
        json!({
            "monitor_id": STOREFRONT_ID,
            "display_name": "Shop front (legacy)",
            "type": "URL",
            "website": "https://store.example.com/",
            "check_frequency": "5",
            "timeout": 15,
            "http_method": "G",
            "location_profile_id": loc,
            "notification_profile_id": notif,
            "threshold_profile_id": thr(1),
            "user_group_ids": [ug],
            "monitor_groups": [SUBGROUP_ID],
            "tag_ids": [],
            "action_ids": [{"action_id": "88001", "alert_type": 1}],
            "third_party_services": ["310000000000042"],
            "dependency_resource_ids": [nth_id(Kind::Monitor, 4)],
            "on_call_schedule_id": "96000000000017",
            "use_ipv6": false,
            "use_name_server": true,
            "perform_automation": true,
        }),
        json!({
            "monitor_id": SPEED_ID,
            "display_name": "Landing page speed",
            "type": "HOMEPAGE",
            "website": "https://www.example.com/landing",
            "check_frequency": "15",
            "timeout": 30,
            "http_method": "G",
            "website_type": 2,
            "browser_type": 3,
            "browser_version": 10101,
            "device_type": "2",
            "wpa_resolution": "412,915",
            "location_profile_id": loc,
            "notification_profile_id": notif,
            "threshold_profile_id": thr(9),
            "user_group_ids": [ug],
            "tag_ids": [],
        }),
        json!({
            "monitor_id": PAYMENTS_ID,
            "display_name": "Payments API (legacy)",
            "type": "RESTAPI",
            "website": "https://api.example.com/orders",
            "check_frequency": "5",
            "timeout": 10,
            "http_method": "P",
            "request_content_type": "JSON",
            "request_param": "{\"probe\":true}",
            "response_type": "J",
            "location_profile_id": loc,
            "notification_profile_id": notif,
            "threshold_profile_id": thr(3),
            "user_group_ids": [ug],
            "tag_ids": [],
        }),
        json!({
            "monitor_id": "123",
            "display_name": "db-host-01",
            "type": "SERVER",
            "poll_interval": 1,
            "notification_profile_id": notif,
            "user_group_ids": [ug],
        }),
        json!({
            "monitor_id": "98765432101",
            "display_name": "Nightly DB dump",
            "type": "CRON",
            "cron_expression": "0 2 * * *",
            "cron_tz": "UTC",
            "wait_time": 30,
            "notification_profile_id": notif,
            "user_group_ids": [ug],
        }),
        json!({
            "monitor_id": "55500011122233",
            "display_name": "example.com domain",
            "host_name": "example.com",
            "domain_name": "whois.verisign-grs.com",
            "expire_days": 30,
            "notification_profile_id": notif,
            "user_group_ids": [ug],
        }),
    ]);
}
