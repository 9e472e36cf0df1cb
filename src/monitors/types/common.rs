//! Fields every monitor has (references and schedule), and the fields of monitor groups. These
//! are also what a file may manage on an *adopted* monitor (SERVER, AMAZON, AZURE, GCP,
//! REALBROWSER), each where the provider's structs carry it (`api/monitor_types.go`).

use super::{Codec, Field, On, field};
use crate::monitors::fields::RefKind;

/// Types without a location profile: HEARTBEAT and CRON are pinged by the job; agents and cloud
/// integrations have no probe locations (their provider structs drop it).
const NO_LOCATION: On = On::HEARTBEAT
    .or(On::CRON)
    .or(On::SERVER)
    .or(On::AMAZON)
    .or(On::AZURE)
    .or(On::GCP);

/// Types whose check interval is not `check_frequency`: SSL_CERT, HEARTBEAT, CRON and
/// DOMAINEXPIRY have none; SERVER has its own poll interval; AMAZON and AZURE are not known
/// to take one (their structs do not show it).
const NO_FREQUENCY: On = On::SSL_CERT
    .or(On::HEARTBEAT)
    .or(On::CRON)
    .or(On::DOMAINEXPIRY)
    .or(On::SERVER)
    .or(On::AMAZON)
    .or(On::AZURE);

pub static FIELDS: &[Field] = &[
    field(
        "location_profile",
        Codec::Ref("location_profile_id", RefKind::LocationProfile),
        On::MONITORS.minus(NO_LOCATION),
    ),
    field(
        "notification_profile",
        Codec::Ref("notification_profile_id", RefKind::NotificationProfile),
        On::MONITORS.or(On::GROUP),
    ),
    // DOMAINEXPIRY's and GCP's structs carry no threshold profile.
    field(
        "threshold_profile",
        Codec::Ref("threshold_profile_id", RefKind::ThresholdProfile),
        On::MONITORS.minus(On::DOMAINEXPIRY).minus(On::GCP),
    ),
    field(
        "healthcheck_profile",
        Codec::Ref("healthcheck_profile_id", RefKind::ThresholdProfile),
        On::GROUP,
    ),
    field(
        "user_groups",
        Codec::Refs(&["user_group_ids"], RefKind::UserGroup),
        On::MONITORS.or(On::GROUP),
    ),
    field(
        "groups",
        Codec::Refs(&["monitor_groups"], RefKind::MonitorGroup),
        On::MONITORS,
    ),
    field(
        "tags",
        Codec::Refs(&["tag_ids"], RefKind::Tag),
        On::MONITORS,
    ),
    field(
        "tags",
        Codec::Refs(&["tag_ids", "tags"], RefKind::Tag),
        On::GROUP,
    ),
    field(
        "check_frequency",
        Codec::Minutes("check_frequency"),
        On::MONITORS.minus(NO_FREQUENCY),
    ),
    // A REST API transaction has no monitor-level timeout: each step has its own.
    field(
        "timeout",
        Codec::Seconds("timeout"),
        On::CREATED
            .minus(On::HEARTBEAT)
            .minus(On::CRON)
            .minus(On::RESTAPISEQ),
    ),
];

/// Monitor groups only.
pub static GROUP_FIELDS: &[Field] = &[
    field("description", Codec::Text("description"), On::GROUP),
    field(
        "health_threshold_count",
        Codec::Int("health_threshold_count"),
        On::GROUP,
    ),
    field("suppress_alert", Codec::Bool("suppress_alert"), On::GROUP),
];
