//! Notification profiles (`/api/notification_profiles`; the provider's
//! `api/endpoints/notification_profiles.go`). Required: `profile_name` (`docs/resources/
//! notification_profile.md`); monitors and groups refer to one in `notification_profile_id`.
//! A second profile with one name is refused (assumed: strict).

use super::profiles::Rules;
use crate::sandbox::state::Kind;

pub(super) const RULES: Rules = Rules {
    kind: Kind::NotificationProfile,
    noun: "Notification Profile",
    required: &["profile_name"],
    identity: &["profile_name"],
    referring: &["notification_profile_id"],
};
