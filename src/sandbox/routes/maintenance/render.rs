//! A stored window as the API answers it, strict or lenient (see the module docs of
//! [`super`]).

use serde_json::Value;

use crate::sandbox::routes::strings;
use crate::sandbox::state::{Obj, list_of};

use super::fields::{ID_LISTS, RECURRENCE_INTS, int, text};
use super::validate::{once_minutes, parse_time};

/// The `duration` the service reports: given for the types that take one, derived for Once,
/// Daily and Weekly (By Time).
fn duration(window: &Obj) -> Option<i64> {
    let wrap = |minutes: i64, period: i64| {
        if minutes <= 0 {
            minutes + period
        } else {
            minutes
        }
    };
    match int(window, "maintenance_type")? {
        3 => once_minutes(window),
        1 => Some(wrap(
            parse_time(text(window, "end_time")?)? - parse_time(text(window, "start_time")?)?,
            1440,
        )),
        2 => {
            let start = int(window, "start_day")? * 1440 + parse_time(text(window, "start_time")?)?;
            let end = int(window, "end_day")? * 1440 + parse_time(text(window, "end_time")?)?;
            Some(wrap(end - start, 7 * 1440))
        }
        _ => int(window, "duration"),
    }
}

/// A stored window as the API answers it (see the module docs for the two ways).
pub(crate) fn render(window: &Obj, lenient: bool) -> Value {
    if lenient {
        render_lenient(window)
    } else {
        render_strict(window)
    }
}

/// The fixtures' shape: typed values, no `timezone`, no `duration`, nothing unused.
fn render_strict(window: &Obj) -> Value {
    let mut out = Obj::new();
    let mut copy = |field: &str| {
        if let Some(value) = window.get(field).filter(|v| !v.is_null()) {
            out.insert(field.to_string(), value.clone());
        }
    };
    for field in [
        "maintenance_id",
        "display_name",
        "description",
        "start_date",
        "end_date",
        "start_time",
        "end_time",
        "selection_type",
        "maintenance_type",
    ] {
        copy(field);
    }
    for field in RECURRENCE_INTS {
        copy(field);
    }
    for field in ["maintenance_start_on", "maintenance_end_on", "week_days"] {
        copy(field);
    }
    // `duration` is an input of Weekly (By Day) and both Monthly kinds (§4.2): a window of those
    // cannot be read without it. The fixtures (Once windows) show no derived one; neither does
    // strict for the other kinds.
    if matches!(int(window, "maintenance_type"), Some(5 | 6 | 8)) {
        copy("duration");
    }
    let selection = int(window, "selection_type");
    let field = match selection {
        Some(0 | 2) => Some("monitors"),
        Some(1) => Some("monitor_groups"),
        Some(3) => Some("tags"),
        _ => None,
    };
    if let Some(field) = field {
        out.insert(field.into(), strings(&list_of(window, field)));
    }
    if selection == Some(1) {
        let subgroups = window.get("subgroup_monitors").and_then(Value::as_bool);
        out.insert(
            "subgroup_monitors".into(),
            Value::from(subgroups.unwrap_or(true)),
        );
    }
    let perform = window.get("perform_monitoring").and_then(Value::as_bool);
    out.insert(
        "perform_monitoring".into(),
        Value::from(perform.unwrap_or(true)),
    );
    Value::Object(out)
}

fn render_lenient(window: &Obj) -> Value {
    let mut out = Obj::new();
    let as_text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Value::from(s.as_str()),
        Some(Value::Number(n)) => Value::from(n.to_string()),
        Some(Value::Bool(b)) => Value::from(b.to_string()),
        _ => Value::from(""),
    };
    out.insert(
        "maintenance_id".into(),
        as_text(window.get("maintenance_id")),
    );
    for field in [
        "display_name",
        "description",
        "maintenance_type",
        "timezone",
    ] {
        out.insert(field.into(), as_text(window.get(field)));
    }
    for field in ["start_date", "start_time", "end_date", "end_time"] {
        out.insert(field.into(), as_text(window.get(field)));
    }
    out.insert(
        "duration".into(),
        as_text(duration(window).map(Value::from).as_ref()),
    );
    for field in RECURRENCE_INTS {
        out.insert(field.to_string(), as_text(window.get(*field)));
    }
    for field in ["maintenance_start_on", "maintenance_end_on"] {
        out.insert(field.into(), as_text(window.get(field)));
    }
    let week_days = match window.get("week_days") {
        Some(Value::Array(days)) => Value::Array(days.iter().map(|d| as_text(Some(d))).collect()),
        _ => Value::from(""),
    };
    out.insert("week_days".into(), week_days);
    out.insert(
        "selection_type".into(),
        as_text(window.get("selection_type")),
    );
    let selection = int(window, "selection_type").map(|s| if s == 0 { 2 } else { s });
    for (i, (field, _)) in ID_LISTS.iter().enumerate() {
        if selection == Some(i as i64 + 1) {
            out.insert(field.to_string(), strings(&list_of(window, field)));
        }
    }
    let subgroups = if selection == Some(1) {
        Value::from(
            window
                .get("subgroup_monitors")
                .and_then(Value::as_bool)
                .unwrap_or(true)
                .to_string(),
        )
    } else {
        Value::from("")
    };
    out.insert("subgroup_monitors".into(), subgroups);
    let perform = window
        .get("perform_monitoring")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    out.insert(
        "perform_monitoring".into(),
        Value::from(perform.to_string()),
    );
    Value::Object(out)
}
