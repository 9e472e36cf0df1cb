//! CRON (`CronMonitor` in the provider's `api/monitor_types.go`: `cron_expression`, `cron_tz`,
//! `wait_time`, none `omitempty`, so sent on every create; no location profile, no check
//! frequency or timeout: the job pings Site24x7).

use super::{Codec, Field, On, field, required};

pub static FIELDS: &[Field] = &[
    required(
        field("cron_expression", Codec::Text("cron_expression"), On::CRON),
        On::CRON,
    ),
    required(
        field("cron_timezone", Codec::Text("cron_tz"), On::CRON),
        On::CRON,
    ),
    required(
        field("wait_time", Codec::Int("wait_time"), On::CRON),
        On::CRON,
    ),
];
