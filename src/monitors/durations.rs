//! The file's durations: a check frequency in whole minutes (`5m`, `1h`) and a timeout in whole
//! seconds (`10s`), each parsed, printed and described in the JSON Schema the same way.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A check frequency in whole minutes, written `1m`, `5m`, `1h`; sent as the API's minutes string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minutes(pub u32);

/// A timeout in whole seconds, written `10s`; sent as the API's seconds number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u32);

pub const MAX_FREQUENCY_MINUTES: u32 = 1440;
/// The check frequencies Site24x7 offers, in minutes (its web client's choices, 1 minute to a
/// day; the API documents them under "check interval").
pub const CHECK_FREQUENCIES: &[u32] = &[1, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
pub const MAX_TIMEOUT_SECONDS: u32 = 45;

impl Minutes {
    pub fn parse(text: &str) -> Result<Minutes, String> {
        let duration = parse_unit_duration(text)?;
        let secs = duration.as_secs();
        if duration.subsec_nanos() != 0 || !secs.is_multiple_of(60) {
            return Err(format!(
                "`{text}` is not a whole number of minutes; write it like 1m, 5m or 1h"
            ));
        }
        let minutes = secs / 60;
        if !(1..=u64::from(MAX_FREQUENCY_MINUTES)).contains(&minutes) {
            return Err(format!(
                "`{text}` is out of range; a check frequency is 1m to 24h"
            ));
        }
        if !CHECK_FREQUENCIES.contains(&(minutes as u32)) {
            return Err(format!(
                "`{text}` is not a check frequency Site24x7 offers; use one of {}",
                CHECK_FREQUENCIES
                    .iter()
                    .map(|m| Minutes(*m).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(Minutes(minutes as u32))
    }
}

impl Seconds {
    pub fn parse(text: &str) -> Result<Seconds, String> {
        let duration = parse_unit_duration(text)?;
        let secs = duration.as_secs();
        if duration.subsec_nanos() != 0 {
            return Err(format!(
                "`{text}` is not a whole number of seconds; write it like 10s"
            ));
        }
        if !(1..=u64::from(MAX_TIMEOUT_SECONDS)).contains(&secs) {
            return Err(format!(
                "`{text}` is out of range; Site24x7 allows a timeout of 1s to {MAX_TIMEOUT_SECONDS}s"
            ));
        }
        Ok(Seconds(secs as u32))
    }
}

fn parse_unit_duration(text: &str) -> Result<std::time::Duration, String> {
    crate::inputs::parse_duration(text)
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(60) {
            write!(f, "{}h", self.0 / 60)
        } else {
            write!(f, "{}m", self.0)
        }
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0)
    }
}

macro_rules! duration_type {
    ($ty:ident, $what:literal, $pattern:literal, $example:tt) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct DurationVisitor;
                impl<'de> Visitor<'de> for DurationVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$ty, E> {
                        $ty::parse(text).map_err(E::custom)
                    }
                    fn visit_u64<E: de::Error>(self, n: u64) -> Result<$ty, E> {
                        $ty::parse(&n.to_string()).map_err(E::custom)
                    }
                    fn visit_i64<E: de::Error>(self, n: i64) -> Result<$ty, E> {
                        $ty::parse(&n.to_string()).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(DurationVisitor)
            }
        }

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": $what,
                    "pattern": $pattern,
                    "examples": $example
                })
            }
        }
    };
}

duration_type!(
    Minutes,
    "a check frequency Site24x7 offers: 1m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 6h, 12h or 24h",
    "^\\s*([0-9]+\\s*[a-z]+\\s*)+$",
    [
        "5m", "1m", "10m", "15m", "20m", "30m", "1h", "2h", "3h", "6h", "12h", "24h"
    ]
);
duration_type!(
    Seconds,
    "a duration in whole seconds, like 10s",
    "^\\s*([0-9]+\\s*[a-z]+\\s*)+$",
    ["10s"]
);
