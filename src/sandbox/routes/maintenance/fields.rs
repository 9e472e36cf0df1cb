//! A window's fields as the sandbox stores them: which it knows, typed (numbers as numbers), and
//! how an update lays them over a stored window.

use serde_json::Value;

use crate::sandbox::routes::{
    Failure, bool_field, id_list, int_field, int_value, server_order, string_field, strings,
};
use crate::sandbox::state::{Kind, Obj};

const STRING_FIELDS: &[&str] = &[
    "display_name",
    "description",
    "timezone",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "maintenance_start_on",
    "maintenance_end_on",
];
/// Whole numbers every kind of window may have; the recurrence's follow in [`RECURRENCE_INTS`].
const INT_FIELDS: &[&str] = &["maintenance_type", "selection_type", "duration"];
/// The recurrence's whole numbers, in the order answered (as `""` when unused, lenient).
pub(super) const RECURRENCE_INTS: &[&str] = &[
    "start_day",
    "end_day",
    "execute_every",
    "monthly_start_date",
    "start_week",
    "start_after",
    "maintenance_end_type",
    "maintenance_end_after_times",
];
const BOOL_FIELDS: &[&str] = &["perform_monitoring", "subgroup_monitors"];
pub(super) const ID_LISTS: &[(&str, Kind)] = &[
    ("monitor_groups", Kind::MonitorGroup),
    ("monitors", Kind::Monitor),
    ("tags", Kind::Tag),
];

/// The fields of `body` the sandbox knows, typed. A field sent as `""` or null is `Null` (cleared
/// on update).
pub(super) fn parse(body: &Obj) -> Result<Obj, Failure> {
    let mut out = Obj::new();
    for field in STRING_FIELDS {
        if body.contains_key(*field) {
            out.insert(
                field.to_string(),
                string_field(body, field)?.map_or(Value::Null, Value::from),
            );
        }
    }
    for field in INT_FIELDS.iter().chain(RECURRENCE_INTS) {
        if body.contains_key(*field) {
            out.insert(
                field.to_string(),
                int_field(body, field)?.map_or(Value::Null, Value::from),
            );
        }
    }
    for field in BOOL_FIELDS {
        if body.contains_key(*field) {
            out.insert(
                field.to_string(),
                bool_field(body, field)?.map_or(Value::Null, Value::from),
            );
        }
    }
    if body.contains_key("week_days") {
        let days = match body.get("week_days") {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) if s.is_empty() => Value::Null,
            Some(Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|day| {
                        int_value(day)
                            .filter(|d| (0..=7).contains(d))
                            .map(Value::from)
                            .ok_or_else(|| {
                                Failure::invalid("week_days", "must be a list of week day numbers")
                            })
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Some(_) => {
                return Err(Failure::invalid(
                    "week_days",
                    "must be a list of week day numbers",
                ));
            }
        };
        out.insert("week_days".into(), days);
    }
    for (field, _) in ID_LISTS {
        if body.contains_key(*field) {
            let ids = id_list(body, field)?;
            out.insert(
                field.to_string(),
                ids.map_or(Value::Null, |ids| strings(&server_order(ids))),
            );
        }
    }
    Ok(out)
}

/// Overlay parsed fields on a stored window (`Null` removes a field).
pub(super) fn overlay(window: &mut Obj, fields: Obj) {
    for (field, value) in fields {
        if value.is_null() {
            window.remove(&field);
        } else {
            window.insert(field, value);
        }
    }
}

pub(super) fn int(window: &Obj, field: &str) -> Option<i64> {
    window.get(field).and_then(Value::as_i64)
}

pub(super) fn text<'a>(window: &'a Obj, field: &str) -> Option<&'a str> {
    window.get(field).and_then(Value::as_str)
}
