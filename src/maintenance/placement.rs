//! Placing a window read back from the API in time (issue 10).
//!
//! The API answers windows without `timezone` (`site24x7-api.md` §8 row 4), so a window's zone
//! is, in this order: the `timezone` the answer carries (a kinder API), the zone s247 recorded on
//! the window's label line ([`super::label::zone_of`]), or, for a window a person made, the
//! account's zone when the user gave it (`account-timezone`; it cannot be read through the API,
//! §9.4). Otherwise the window cannot be placed with certainty, and s247 neither shortens nor
//! deletes it on that reading.

use super::label;
use super::window::{Interval, Zone, interval_of};
use crate::api::maintenance::Window;

/// Where s247 learned the zone of a window's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneFrom {
    /// The API's answer carried `timezone`.
    Answer,
    /// s247 wrote the window and recorded the zone on its label line.
    Recorded,
    /// A person's window, read in the account zone the user gave (`account-timezone`).
    Account,
}

/// A window placed in time.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub zone: Zone,
    pub from: ZoneFrom,
    pub interval: Interval,
}

/// Place a window in time (see the module docs), or say why that cannot be done with certainty.
pub fn place(window: &Window, account: Option<&Zone>) -> Result<Placed, String> {
    let named = |name: &str, from: ZoneFrom, whose: &str| match Zone::read(name) {
        (zone, true) => Ok((zone, from)),
        (_, false) => Err(format!(
            "window {}: s247 cannot read {whose} time zone `{name}`",
            window.id
        )),
    };
    let (zone, from) = if let Some(name) = &window.timezone {
        named(name, ZoneFrom::Answer, "its")?
    } else if let Some(name) = label::zone_of(&window.description) {
        named(name, ZoneFrom::Recorded, "the recorded")?
    } else if label::of(&window.description).is_some() {
        return Err(format!(
            "window {}: the API answers without its time zone, and it was opened by an older s247 that did not record one",
            window.id
        ));
    } else if let Some(zone) = account {
        (zone.clone(), ZoneFrom::Account)
    } else {
        return Err(format!(
            "window {}: the API answers without its time zone, and s247 did not make this window; set account-timezone (--account-timezone, S247_ACCOUNT_TIMEZONE) to your Site24x7 account's time zone so s247 can read the windows made in it",
            window.id
        ));
    };
    let interval = interval_of(window, &zone)?;
    Ok(Placed {
        zone,
        from,
        interval,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn answered(fields: serde_json::Value) -> Window {
        let mut raw = serde_json::json!({
            "maintenance_id": "7", "maintenance_type": 3,
            "start_date": "2026-06-02", "start_time": "10:00",
            "end_date": "2026-06-02", "end_time": "11:00",
        });
        raw.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        Window::from_json(&raw).unwrap()
    }

    #[test]
    fn windows_without_a_zone_are_placed_only_with_certainty() {
        let kolkata = zone("Asia/Kolkata");
        // A kinder API answers the zone: it wins.
        let w = answered(serde_json::json!({"timezone": "GMT"}));
        let p = place(&w, Some(&kolkata)).unwrap();
        assert_eq!(
            (p.from, p.interval.start),
            (ZoneFrom::Answer, ts("2026-06-02T10:00:00Z"))
        );
        // s247's own window: the recorded zone, whatever the account's.
        let ours = answered(serde_json::json!({
            "description": "Deploy\n\ns247-timezone: Europe/Berlin\ns247-label: x"
        }));
        let p = place(&ours, Some(&kolkata)).unwrap();
        assert_eq!(
            (p.from, p.interval.start),
            (ZoneFrom::Recorded, ts("2026-06-02T08:00:00Z"))
        );
        assert_eq!(place(&ours, None).unwrap().interval, p.interval);
        // A person's window: the account zone when given, else no placing at all.
        let persons = answered(serde_json::json!({"description": "by hand"}));
        let p = place(&persons, Some(&kolkata)).unwrap();
        assert_eq!(
            (p.from, p.interval.start),
            (ZoneFrom::Account, ts("2026-06-02T04:30:00Z"))
        );
        let why = place(&persons, None).unwrap_err();
        assert!(why.contains("account-timezone"), "{why}");
        // A labelled window from an older s247 (no zone recorded) is not guessed at.
        let old = answered(serde_json::json!({"description": "x\n\ns247-label: y"}));
        assert!(
            place(&old, Some(&kolkata))
                .unwrap_err()
                .contains("older s247")
        );
        let odd = answered(serde_json::json!({"timezone": "Mars/Base"}));
        assert!(place(&odd, Some(&kolkata)).is_err());
    }
}
