//! Threshold profiles (`/api/threshold_profiles`; the provider's
//! `api/endpoints/threshold_profiles.go`). Required: `profile_name` and `type`, the monitor type
//! (`docs/resources/threshold_profile.md`); names are unique within a type (assumed: strict).
//! Monitors refer to one in `threshold_profile_id`, groups in `healthcheck_profile_id`.

use super::profiles::Rules;
use crate::sandbox::state::Kind;

pub(super) const RULES: Rules = Rules {
    kind: Kind::ThresholdProfile,
    noun: "Threshold Profile",
    required: &["profile_name", "type"],
    identity: &["profile_name", "type"],
    referring: &["threshold_profile_id", "healthcheck_profile_id"],
};
