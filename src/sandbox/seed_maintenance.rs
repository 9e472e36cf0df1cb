//! The windows people made, in the built-in account (issue 10): what a production account holds
//! besides s247's own windows, so every command is tried against them.
//!
//! None of them carries a `timezone`: they were made in the account's zone (the seed's
//! `timezone`, `Asia/Kolkata` by default), which the strict API never answers (§8 row 4). Their
//! ids have other lengths than the 18 digits the sandbox hands out (§8 row 10).

use serde_json::{Value, json};

use super::state::{Kind, nth_id};

/// The account zone of the built-in account: not UTC, and a half-hour offset, so that a client
/// that reads windows as UTC (or rounds offsets to hours) misplaces them.
pub const ACCOUNT_ZONE: &str = "Asia/Kolkata";

/// Id of the person's `selection_type: 0` window (running until 2035).
pub const LEGACY_WINDOW_ID: &str = "4203";
/// Id of the person's weekly window.
pub const WEEKLY_WINDOW_ID: &str = "1137700000412345678";
/// Id of the person's upcoming one-off window without a zone.
pub const UPCOMING_WINDOW_ID: &str = "55500012";

/// The person's windows, after the long-standing `Quarterly network maintenance`.
pub fn person_windows() -> Vec<Value> {
    let monitor = |n| nth_id(Kind::Monitor, n);
    vec![
        // The provider's fixtures show `selection_type: 0` with a monitor list (§8 row 5). It
        // runs now (and for years): the window a user might end or extend by id.
        json!({
            "maintenance_id": LEGACY_WINDOW_ID,
            "display_name": "Checkout freeze (legacy console)",
            "description": "Set up in the old console; ask the payments team before changing it.",
            "maintenance_type": 3,
            "start_date": "2026-01-01",
            "start_time": "00:00",
            "end_date": "2035-12-31",
            "end_time": "23:30",
            "selection_type": 0,
            // The legacy storefront and payments monitors (`seed_fidelity.rs`): a window that
            // runs for years hides their status (§9.3), so it covers none that a pipeline gates.
            "monitors": [
                super::seed_fidelity::STOREFRONT_ID,
                super::seed_fidelity::PAYMENTS_ID
            ],
            "perform_monitoring": true,
        }),
        // Recurring windows are what people make most (§8 row 13): Weekly (By Time), Sundays.
        json!({
            "maintenance_id": WEEKLY_WINDOW_ID,
            "display_name": "Weekly database backup",
            "description": "Backups lock the tables for two hours.",
            "maintenance_type": 2,
            "start_day": 0,
            "end_day": 0,
            "start_time": "01:00",
            "end_time": "03:00",
            "maintenance_start_on": "2025-01-05",
            "maintenance_end_type": 0,
            "selection_type": 1,
            "monitor_groups": [nth_id(Kind::MonitorGroup, 2)],
            "perform_monitoring": true,
        }),
        // A one-off window that has not started, in the account's zone.
        json!({
            "maintenance_id": UPCOMING_WINDOW_ID,
            "display_name": "Payment provider cut-over",
            "description": "Agreed with the provider; do not move.",
            "maintenance_type": 3,
            "start_date": "2031-03-14",
            "start_time": "22:00",
            "end_date": "2031-03-14",
            "end_time": "23:30",
            "selection_type": 2,
            "monitors": [monitor(3)],
            "perform_monitoring": false,
        }),
    ]
}
