//! What the built-in account holds for the monitor types of issue 15 (SOAP, CRON, DOMAINEXPIRY,
//! FTP, ISP): one threshold profile per type that takes one, as real accounts have a default
//! profile per type (`site24x7-api.md` §5.2: the provider errors when a type has none).
//! Appended after the other seed objects, so every earlier id stays as it was.

use serde_json::json;

use super::SeedAccount;
use super::state::{Kind, nth_id};

/// Add the profiles above to `seed`.
pub(crate) fn add(seed: &mut SeedAccount) {
    let first = seed.threshold_profiles.len() + 1;
    for (i, (name, kind)) in [
        ("SOAP default", "SOAP"),
        ("Cron default", "CRON"),
        ("FTP transfer default", "FTP"),
        ("ISP default", "ISP"),
        // RESTAPISEQ (issue 15, REST API transactions): last, so the ids above stay.
        ("REST API transaction default", "RESTAPISEQ"),
    ]
    .into_iter()
    .enumerate()
    {
        seed.threshold_profiles.push(json!({
            "profile_id": nth_id(Kind::ThresholdProfile, (first + i) as u64),
            "profile_name": name,
            "type": kind,
            "down_location_threshold": 1,
        }));
    }
}
