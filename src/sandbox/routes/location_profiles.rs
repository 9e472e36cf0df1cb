//! Location profiles (`/api/location_profiles`; the provider's
//! `api/endpoints/location_profiles.go`). Required: `profile_name`, `primary_location`
//! (`docs/resources/location_profile.md`); monitors refer to one in `location_profile_id`.
//! A second profile with one name is refused (assumed: strict).

use super::profiles::Rules;
use crate::sandbox::state::Kind;

pub(super) const RULES: Rules = Rules {
    kind: Kind::LocationProfile,
    noun: "Location Profile",
    required: &["profile_name", "primary_location"],
    identity: &["profile_name"],
    referring: &["location_profile_id"],
};
