//! Time: when a window starts and ends, computed in UTC, and how that is written for the API and
//! read back from it.
//!
//! The API takes local `yyyy-mm-dd` / `hh:mm` fields plus a `timezone` (`site24x7-api.md` §4.2).
//! Minutes are its granularity, so a new window's start is rounded down and its end up: the window
//! always covers the whole requested duration. The zone s247 sends is the IANA name given with
//! `--timezone`, or by default `GMT` (the only UTC spelling seen in the API's docs and examples;
//! which formats the API accepts is unverified).
//!
//! Reading a window back in its own zone is [`super::placement`]'s job.
//!
//! Writing a window back never changes its zone: the PUT's documented parameters have no
//! `timezone` (§9.4), so the API may keep the zone the window was created in and read the times
//! sent in it. The times are written in the window's own zone, moved off the hour that happens
//! twice as the clocks fall back ([`Zone::clear_after`], [`Zone::clear_before`]).

use std::time::Duration;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::api::maintenance::{Times, Window};

/// What s247 sends as `timezone` when none is given.
pub const DEFAULT_ZONE_NAME: &str = "GMT";

/// A time zone together with the name written in the API's `timezone` field.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub tz: TimeZone,
    pub name: String,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            tz: TimeZone::UTC,
            name: DEFAULT_ZONE_NAME.to_string(),
        }
    }
}

impl Zone {
    /// A `--timezone` value: an IANA name (`Europe/Berlin`, `UTC`). It is sent as the time zone
    /// database spells it.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        let tz = TimeZone::get(text).map_err(|_| {
            format!("`{text}` is not an IANA time zone name; write it like Europe/Berlin, America/New_York or UTC")
        })?;
        let name = tz.iana_name().unwrap_or(text).to_string();
        Ok(Zone { tz, name })
    }

    /// A zone named in a window (its `timezone` field or s247's record), and whether it could be
    /// read. `GMT` and `UTC` are UTC; IANA names are looked up; a few abbreviations seen in the
    /// API's examples (`PST`, `IST`) get their usual fixed offset. Anything else (an empty name
    /// too) cannot be read: [`super::placement::place`] then refuses to place the window.
    pub fn read(field: &str) -> (Zone, bool) {
        let text = field.trim();
        let fixed = |minutes: i32| {
            TimeZone::fixed(Offset::from_seconds(minutes * 60).expect("a small offset"))
        };
        let tz = match text.to_ascii_uppercase().as_str() {
            "" => None,
            "GMT" | "UTC" | "Z" => Some(TimeZone::UTC),
            // India Standard Time: Site24x7 is Zoho's, and Zoho's examples use IST for India.
            "IST" => Some(fixed(330)),
            "PST" => Some(fixed(-480)),
            "PDT" => Some(fixed(-420)),
            "MDT" => Some(fixed(-360)),
            "CST" => Some(fixed(-360)),
            "CDT" => Some(fixed(-300)),
            "EDT" => Some(fixed(-240)),
            "BST" => Some(fixed(60)),
            "CEST" => Some(fixed(120)),
            "JST" => Some(fixed(540)),
            _ => TimeZone::get(text).ok(),
        };
        match tz {
            Some(tz) => (
                Zone {
                    tz,
                    name: text.to_string(),
                },
                true,
            ),
            None => (
                Zone {
                    tz: TimeZone::UTC,
                    name: text.to_string(),
                },
                false,
            ),
        }
    }

    fn local(&self, at: Timestamp) -> DateTime {
        self.tz.to_datetime(at)
    }

    /// The local time of `at` names one instant only (it is not in a repeated hour).
    pub fn is_clear(&self, at: Timestamp) -> bool {
        !matches!(
            self.tz.to_ambiguous_timestamp(self.local(at)).offset(),
            AmbiguousOffset::Fold { .. }
        )
    }

    /// `at`, or the first later minute whose local time names one instant only.
    pub fn clear_after(&self, at: Timestamp) -> Timestamp {
        self.step_until_clear(at, SignedDuration::from_mins(1))
    }

    /// `at`, or the last earlier minute whose local time names one instant only.
    pub fn clear_before(&self, at: Timestamp) -> Timestamp {
        self.step_until_clear(at, SignedDuration::from_mins(-1))
    }

    fn step_until_clear(&self, at: Timestamp, step: SignedDuration) -> Timestamp {
        let mut t = at;
        // A repeated stretch lasts an hour (at most a few in history); give up after a day.
        for _ in 0..1440 {
            if self.is_clear(t) {
                return t;
            }
            t = match t.checked_add(step) {
                Ok(next) => floor_minute(next),
                Err(_) => return at,
            };
        }
        at
    }

    /// `2026-03-29 03:00 Europe/Berlin`.
    pub fn show(&self, at: Timestamp) -> String {
        format!(
            "{} {}",
            self.local(at).strftime("%Y-%m-%d %H:%M"),
            self.name
        )
    }
}

/// A span of time, `start` inclusive and `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Where a window stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Upcoming,
    Active,
    Over,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Active => "active",
            Status::Over => "over",
        }
    }
}

impl Interval {
    /// The minute-aligned window that covers `duration` from `start`: start rounded down, end
    /// rounded up.
    pub fn covering(start: Timestamp, duration: Duration) -> Interval {
        let step = SignedDuration::try_from(duration).unwrap_or(SignedDuration::MAX);
        let end = start.saturating_add(step).unwrap_or(Timestamp::MAX);
        Interval {
            start: floor_minute(start),
            end: ceil_minute(end),
        }
    }

    pub fn status(&self, now: Timestamp) -> Status {
        if now < self.start {
            Status::Upcoming
        } else if now < self.end {
            Status::Active
        } else {
            Status::Over
        }
    }

    /// The API's fields for this interval, in `zone`. When the start or the end falls in the hour
    /// that happens twice as the clocks fall back, its local time would be ambiguous (the API
    /// could read `02:30` as either): the window is then written in UTC (`GMT`) instead, which
    /// reads one way only.
    pub fn times(&self, zone: &Zone) -> Times {
        if zone.is_clear(self.start) && zone.is_clear(self.end) {
            self.times_in(zone)
        } else {
            self.times_in(&Zone::default())
        }
    }
}

impl Interval {
    /// The API's fields for this interval written in `zone` itself, whatever the local times
    /// (for updates: the caller keeps both ends off repeated hours).
    pub fn times_in(&self, zone: &Zone) -> Times {
        let (start, end) = (zone.local(self.start), zone.local(self.end));
        Times {
            start_date: start.strftime("%Y-%m-%d").to_string(),
            start_time: start.strftime("%H:%M").to_string(),
            end_date: end.strftime("%Y-%m-%d").to_string(),
            end_time: end.strftime("%H:%M").to_string(),
            timezone: zone.name.clone(),
        }
    }
}

pub fn floor_minute(at: Timestamp) -> Timestamp {
    let seconds = at.as_second().div_euclid(60) * 60;
    Timestamp::from_second(seconds).unwrap_or(at)
}

pub fn ceil_minute(at: Timestamp) -> Timestamp {
    let floor = floor_minute(at);
    if floor == at {
        at
    } else {
        floor
            .saturating_add(SignedDuration::from_mins(1))
            .unwrap_or(at)
    }
}

/// `2026-03-29T01:00:00Z`: how times are given as outputs.
pub fn rfc3339(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `--start`: an RFC 3339 time with an offset (`2026-03-29T01:30:00+01:00`, `…Z`), or a local
/// `yyyy-mm-ddThh:mm` read in `zone`. A local time that does not exist (clocks jump forward) or
/// occurs twice (clocks fall back) in that zone is refused rather than guessed.
pub fn parse_start(text: &str, zone: &Zone) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let hint = "write an RFC 3339 time like 2026-03-29T01:30:00+01:00, or a local time like 2026-03-29T01:30 read in --timezone";
    let local: DateTime = text
        .parse()
        .map_err(|_| format!("`{text}` is not a time; {hint}"))?;
    let ambiguous = zone.tz.to_ambiguous_timestamp(local);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ambiguous
            .compatible()
            .map_err(|e| format!("`{text}` is out of range: {e}")),
        AmbiguousOffset::Gap { .. } => Err(format!(
            "`{text}` does not exist in {} (the clocks jump forward then); pick another time or give an offset",
            zone.name
        )),
        AmbiguousOffset::Fold { before, after } => Err(format!(
            "`{text}` happens twice in {} (the clocks fall back then); add the offset you mean: {}{before} or {}{after}",
            zone.name,
            local.strftime("%Y-%m-%dT%H:%M"),
            local.strftime("%Y-%m-%dT%H:%M"),
        )),
    }
}

/// A window's start and end as instants, read in its own time zone (see [`Zone::read`]).
pub fn interval_of(window: &Window, zone: &Zone) -> Result<Interval, String> {
    let at = |date: Option<&String>, time: Option<&String>, what: &str| {
        let (Some(date), Some(time)) = (date, time) else {
            return Err(format!("window {} has no {what} date and time", window.id));
        };
        let date: Date = date
            .parse()
            .map_err(|_| format!("window {}: cannot read {what} date `{date}`", window.id))?;
        let time = read_time(time)
            .ok_or_else(|| format!("window {}: cannot read {what} time `{time}`", window.id))?;
        // A local time in a fold is read as its earlier instance, one in a gap as shifted
        // forward: what the API most plausibly does too.
        zone.tz
            .to_ambiguous_timestamp(date.to_datetime(time))
            .compatible()
            .map_err(|e| format!("window {}: {what} time out of range: {e}", window.id))
    };
    let start = at(
        window.start_date.as_ref(),
        window.start_time.as_ref(),
        "start",
    )?;
    let end = at(window.end_date.as_ref(), window.end_time.as_ref(), "end")?;
    Ok(Interval { start, end })
}

/// `hh:mm` or `hh:mm:ss`, with or without a leading zero.
fn read_time(text: &str) -> Option<Time> {
    let mut parts = text.trim().split(':');
    let hour: i8 = parts.next()?.trim().parse().ok()?;
    let minute: i8 = parts.next()?.trim().parse().ok()?;
    let second: i8 = match parts.next() {
        Some(s) => s.trim().parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Time::new(hour, minute, second, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn window(times: &Times) -> Window {
        Window::from_json(&serde_json::json!({
            "maintenance_id": "1",
            "start_date": times.start_date, "start_time": times.start_time,
            "end_date": times.end_date, "end_time": times.end_time,
            "timezone": times.timezone,
        }))
        .unwrap()
    }

    /// Fields sent, and the same fields read back as instants.
    fn roundtrip(start: &str, minutes: u64, zone: &Zone) -> (Times, Interval) {
        let interval = Interval::covering(ts(start), Duration::from_secs(minutes * 60));
        let times = interval.times(zone);
        let (read_zone, known) = Zone::read(&times.timezone);
        assert!(known);
        let back = interval_of(&window(&times), &read_zone).unwrap();
        assert_eq!(back, interval, "{times:?} reads back as what was meant");
        (times, interval)
    }

    fn fields(t: &Times) -> (&str, &str, &str, &str, &str) {
        (
            &t.start_date,
            &t.start_time,
            &t.end_date,
            &t.end_time,
            &t.timezone,
        )
    }

    #[test]
    fn start_rounds_down_and_end_rounds_up() {
        let i = Interval::covering(ts("2026-06-02T19:41:30Z"), Duration::from_secs(30 * 60));
        assert_eq!(i.start, ts("2026-06-02T19:41:00Z"));
        assert_eq!(i.end, ts("2026-06-02T20:12:00Z"));
        let exact = Interval::covering(ts("2026-06-02T19:41:00Z"), Duration::from_secs(5400));
        assert_eq!(exact.end, ts("2026-06-02T21:11:00Z"));
        // Covers the whole duration from the moment asked for.
        let asked = ts("2026-06-02T23:59:59.5Z");
        let i = Interval::covering(asked, Duration::from_secs(60));
        assert!(i.start <= asked);
        assert!(i.end >= asked.checked_add(SignedDuration::from_secs(60)).unwrap());
    }

    #[test]
    fn default_zone_sends_utc_as_gmt() {
        let (t, _) = roundtrip("2026-12-31T23:50:10Z", 20, &Zone::default());
        assert_eq!(
            fields(&t),
            ("2026-12-31", "23:50", "2027-01-01", "00:11", "GMT")
        );
    }

    #[test]
    fn berlin_across_the_spring_change() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        let berlin = zone("Europe/Berlin");
        let (t, _) = roundtrip("2026-03-29T00:30:00Z", 60, &berlin);
        assert_eq!(
            fields(&t),
            (
                "2026-03-29",
                "01:30",
                "2026-03-29",
                "03:30",
                "Europe/Berlin"
            )
        );
        // Before the change: UTC+1.
        let (t, _) = roundtrip("2026-03-28T12:00:00Z", 30, &berlin);
        assert_eq!(fields(&t).1, "13:00");
        // After: UTC+2.
        let (t, _) = roundtrip("2026-03-29T12:00:00Z", 30, &berlin);
        assert_eq!((fields(&t).1, fields(&t).3), ("14:00", "14:30"));
    }

    #[test]
    fn berlin_across_the_autumn_change() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:00-03:00 happens twice.
        let berlin = zone("Europe/Berlin");
        // Ends in the repeated hour: local 02:30 could be 00:30 or 01:30 UTC, so UTC is sent.
        let (t, _) = roundtrip("2026-10-24T23:30:00Z", 120, &berlin);
        assert_eq!(
            fields(&t),
            ("2026-10-24", "23:30", "2026-10-25", "01:30", "GMT")
        );
        // Across the change without touching the repeated hour: local, and 4 hours apart on the
        // clock for a 5-hour window.
        let (t, _) = roundtrip("2026-10-24T22:30:00Z", 300, &berlin);
        assert_eq!(
            fields(&t),
            (
                "2026-10-25",
                "00:30",
                "2026-10-25",
                "04:30",
                "Europe/Berlin"
            )
        );
        // Before the change: UTC+2; after it: UTC+1.
        let (t, _) = roundtrip("2026-10-24T12:00:00Z", 30, &berlin);
        assert_eq!(fields(&t).1, "14:00");
        let (t, _) = roundtrip("2026-10-25T12:00:00Z", 30, &berlin);
        assert_eq!(fields(&t).1, "13:00");
    }

    #[test]
    fn new_york_across_both_changes() {
        let ny = zone("America/New_York");
        // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC): a 30-minute window spans an
        // hour and a half on the clock.
        let (t, _) = roundtrip("2026-03-08T06:45:00Z", 30, &ny);
        assert_eq!(
            fields(&t),
            (
                "2026-03-08",
                "01:45",
                "2026-03-08",
                "03:15",
                "America/New_York"
            )
        );
        // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:00-02:00 happens twice.
        let (t, _) = roundtrip("2026-11-01T04:00:00Z", 240, &ny);
        assert_eq!(
            fields(&t),
            (
                "2026-11-01",
                "00:00",
                "2026-11-01",
                "03:00",
                "America/New_York"
            )
        );
        let (t, _) = roundtrip("2026-11-01T04:30:00Z", 60, &ny);
        assert_eq!(
            fields(&t),
            ("2026-11-01", "04:30", "2026-11-01", "05:30", "GMT")
        );
        let (t, _) = roundtrip("2026-11-01T12:00:00Z", 45, &ny);
        assert_eq!((fields(&t).1, fields(&t).3), ("07:00", "07:45"));
        // Across midnight: the local date changes.
        let (t, _) = roundtrip("2026-07-01T03:30:00Z", 60, &ny);
        assert_eq!(
            fields(&t),
            (
                "2026-06-30",
                "23:30",
                "2026-07-01",
                "00:30",
                "America/New_York"
            )
        );
    }

    #[test]
    fn start_accepts_rfc3339_and_local_times() {
        let berlin = zone("Europe/Berlin");
        assert_eq!(
            parse_start("2026-03-29T01:30:00+01:00", &berlin).unwrap(),
            ts("2026-03-29T00:30:00Z")
        );
        assert_eq!(
            parse_start("2026-03-29T00:30:00Z", &Zone::default()).unwrap(),
            ts("2026-03-29T00:30:00Z")
        );
        assert_eq!(
            parse_start("2026-03-29T03:30", &berlin).unwrap(),
            ts("2026-03-29T01:30:00Z")
        );
        assert_eq!(
            parse_start("2026-07-01 09:00", &zone("America/New_York")).unwrap(),
            ts("2026-07-01T13:00:00Z")
        );
        assert_eq!(
            parse_start("2026-07-01T09:00", &Zone::default()).unwrap(),
            ts("2026-07-01T09:00:00Z")
        );
        let gap = parse_start("2026-03-29T02:30", &berlin).unwrap_err();
        assert!(gap.contains("does not exist"), "{gap}");
        let fold = parse_start("2026-11-01T01:30", &zone("America/New_York")).unwrap_err();
        assert!(
            fold.contains("twice") && fold.contains("-04") && fold.contains("-05"),
            "{fold}"
        );
        assert!(parse_start("tomorrow", &berlin).is_err());
    }

    #[test]
    fn zones_given_and_read_back() {
        assert_eq!(zone("europe/berlin").name, "Europe/Berlin");
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("PST").is_err());
        for (field, known) in [
            ("", false),
            ("GMT", true),
            ("utc", true),
            ("Asia/Kolkata", true),
            ("PST", true),
            ("Nowhere/Else", false),
        ] {
            assert_eq!(Zone::read(field).1, known, "{field:?}");
        }
        let (ist, _) = Zone::read("IST");
        assert_eq!(
            ist.tz.to_offset(ts("2026-01-01T00:00:00Z")).seconds(),
            19800
        );
        let (pst, _) = Zone::read("PST");
        assert_eq!(
            pst.tz.to_offset(ts("2026-01-01T00:00:00Z")).seconds(),
            -28800
        );
    }

    #[test]
    fn windows_read_in_their_own_zone() {
        let w = window(&Times {
            start_date: "2026-03-29".into(),
            start_time: "1:30".into(),
            end_date: "2026-03-29".into(),
            end_time: "03:30:00".into(),
            timezone: "Europe/Berlin".into(),
        });
        let (z, _) = Zone::read(w.timezone.as_deref().unwrap());
        let i = interval_of(&w, &z).unwrap();
        assert_eq!(i.start, ts("2026-03-29T00:30:00Z"));
        assert_eq!(i.end, ts("2026-03-29T01:30:00Z"));
        assert_eq!(i.status(ts("2026-03-29T00:29:59Z")), Status::Upcoming);
        assert_eq!(i.status(ts("2026-03-29T00:30:00Z")), Status::Active);
        assert_eq!(i.status(ts("2026-03-29T01:30:00Z")), Status::Over);
        let mut broken = w.clone();
        broken.end_time = None;
        assert!(interval_of(&broken, &z).is_err());
    }

    #[test]
    fn updates_step_off_the_repeated_hour() {
        let berlin = zone("Europe/Berlin");
        // 2026-10-25 00:00-02:00 UTC reads as 02:00-03:00 local twice.
        let inside = ts("2026-10-25T00:30:00Z");
        assert_eq!(berlin.clear_after(inside), ts("2026-10-25T02:00:00Z"));
        assert_eq!(berlin.clear_before(inside), ts("2026-10-24T23:59:00Z"));
        let outside = ts("2026-10-25T05:00:00Z");
        assert_eq!(berlin.clear_after(outside), outside);
        let i = Interval {
            start: ts("2026-10-24T20:00:00Z"),
            end: ts("2026-10-25T02:00:00Z"),
        };
        assert_eq!(i.times_in(&berlin).end_time, "03:00");
        assert_eq!(i.times_in(&berlin).timezone, "Europe/Berlin");
    }
}
