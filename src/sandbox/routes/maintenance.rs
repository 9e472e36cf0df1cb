//! `/api/maintenance`: maintenance windows ("schedule maintenances").
//!
//! Stored typed (numbers as numbers), with the zone their times are in. Answered two ways:
//!
//! - strict (default), as the official provider's fixtures show the service (`site24x7-api.md`
//!   §8 row 4, `responses/list_schedule_maintenance.json`): native numbers and booleans, **no
//!   `timezone`** and no `duration`, unused fields left out, and the id list the
//!   `selection_type` selects (`monitors` for 0 and 2).
//! - lenient ([`crate::sandbox::SandboxConfig::lenient`]), as the reference's §4.2 describes it:
//!   every number and boolean as a string, unused fields as `""`, the `timezone`, and a derived
//!   `duration` (minutes) for Once, Daily and Weekly windows.

use serde_json::Value;

use super::{
    Failure, Outcome, Route, bool_field, check_refs, int_field, int_value, missing, route_param,
    server_order, string_field, strings, success, success_without_data,
};
use crate::sandbox::state::{Account, Kind, Obj, State, list_of};

pub(crate) const ONCE: i64 = 3;
const TYPES: &[i64] = &[1, 2, 3, 5, 6, 8, 9];

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
const INT_FIELDS: &[&str] = &[
    "maintenance_type",
    "selection_type",
    "duration",
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
const ID_LISTS: &[(&str, Kind)] = &[
    ("monitor_groups", Kind::MonitorGroup),
    ("monitors", Kind::Monitor),
    ("tags", Kind::Tag),
];
/// Answered as `""` when unused, in this order.
const RENDERED_INTS: &[&str] = &[
    "start_day",
    "end_day",
    "execute_every",
    "monthly_start_date",
    "start_week",
    "start_after",
    "maintenance_end_type",
    "maintenance_end_after_times",
];

/// The fields of `body` the sandbox knows, typed. A field sent as `""` or null is `Null` (cleared
/// on update).
fn parse(body: &Obj) -> Result<Obj, Failure> {
    let mut out = Obj::new();
    for field in STRING_FIELDS {
        if body.contains_key(*field) {
            out.insert(
                field.to_string(),
                string_field(body, field)?.map_or(Value::Null, Value::from),
            );
        }
    }
    for field in INT_FIELDS {
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
            let ids = super::id_list(body, field)?;
            out.insert(
                field.to_string(),
                ids.map_or(Value::Null, |ids| strings(&server_order(ids))),
            );
        }
    }
    Ok(out)
}

/// Overlay parsed fields on a stored window (`Null` removes a field).
fn overlay(window: &mut Obj, fields: Obj) {
    for (field, value) in fields {
        if value.is_null() {
            window.remove(&field);
        } else {
            window.insert(field, value);
        }
    }
}

fn int(window: &Obj, field: &str) -> Option<i64> {
    window.get(field).and_then(Value::as_i64)
}

fn text<'a>(window: &'a Obj, field: &str) -> Option<&'a str> {
    window.get(field).and_then(Value::as_str)
}

fn parse_time(value: &str) -> Option<i64> {
    let (h, m) = value.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

fn parse_date(value: &str) -> Option<jiff::civil::Date> {
    (value.len() == 10).then(|| value.parse().ok()).flatten()
}

/// Check a whole (created or merged) window.
fn validate(account: &Account, window: &Obj) -> Result<(), Failure> {
    let mut absent = missing(
        window,
        &[
            "display_name",
            "maintenance_type",
            "selection_type",
            "start_time",
        ],
    );
    let kind = int(window, "maintenance_type");
    let per_type: &[&str] = match kind {
        Some(1) => &["end_time"],
        Some(2) => &["start_day", "end_day", "end_time"],
        Some(3) => &["start_date", "end_date", "end_time"],
        Some(5) => &["monthly_start_date", "duration"],
        Some(6) => &["start_week", "start_day", "duration"],
        Some(8) => &["week_days", "duration"],
        _ => &[],
    };
    absent.extend(missing(window, per_type));
    // An end rule needs what it ends on (assumed: strict; §4.2 "when end_type = 1 / 2").
    match int(window, "maintenance_end_type") {
        Some(1) => absent.extend(missing(window, &["maintenance_end_after_times"])),
        Some(2) => absent.extend(missing(window, &["maintenance_end_on"])),
        _ => {}
    }
    let selection = int(window, "selection_type");
    let selected = match selection {
        Some(1) => Some("monitor_groups"),
        Some(0 | 2) => Some("monitors"),
        Some(3) => Some("tags"),
        _ => None,
    };
    if let Some(field) = selected {
        absent.extend(missing(window, &[field]));
    }
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let kind = kind.unwrap_or_default();
    if !TYPES.contains(&kind) {
        return Err(Failure::invalid(
            "maintenance_type",
            format!("{kind} is not a maintenance type (1, 2, 3, 5, 6, 8, 9)"),
        ));
    }
    match selection {
        // `0` ("All Monitors") is "not supported" (the docs), yet the provider's fixtures show
        // windows with `selection_type: 0` and a monitor list (§8 row 5): such a window is kept
        // and may be written back with its list; `0` without a list is refused (above, as a
        // missing `monitors`).
        Some(0..=3) => {}
        other => {
            return Err(Failure::invalid(
                "selection_type",
                format!(
                    "{} is not a selection type (1, 2, 3)",
                    other.unwrap_or_default()
                ),
            ));
        }
    }
    for (field, kind) in ID_LISTS {
        if Some(*field) == selected {
            check_refs(account, window, field, *kind)?;
        }
    }
    for field in ["start_time", "end_time"] {
        if let Some(value) = text(window, field)
            && parse_time(value).is_none()
        {
            return Err(Failure::invalid(field, "must be a time as hh:mm (24-hour)"));
        }
    }
    for field in [
        "start_date",
        "end_date",
        "maintenance_start_on",
        "maintenance_end_on",
    ] {
        if let Some(value) = text(window, field)
            && parse_date(value).is_none()
        {
            return Err(Failure::invalid(field, "must be a date as yyyy-mm-dd"));
        }
    }
    let ranges: &[(&str, i64, i64)] = &[
        ("duration", 1, 1440),
        ("start_day", 0, 7),
        ("end_day", 0, 7),
        ("execute_every", 1, 4),
        ("monthly_start_date", 1, 31),
        ("start_week", 1, 5),
        ("start_after", 0, 25),
        ("maintenance_end_type", 0, 2),
        ("maintenance_end_after_times", 1, 1000),
    ];
    for (field, low, high) in ranges {
        if let Some(value) = int(window, field)
            && !(*low..=*high).contains(&value)
        {
            return Err(Failure::invalid(
                field,
                format!("must be between {low} and {high}"),
            ));
        }
    }
    if kind == ONCE && once_minutes(window).is_none_or(|minutes| minutes <= 0) {
        return Err(Failure::invalid(
            "end_time",
            "the window must end after it starts",
        ));
    }
    Ok(())
}

/// Minutes from start to end of a Once window.
fn once_minutes(window: &Obj) -> Option<i64> {
    let start = parse_date(text(window, "start_date")?)?;
    let end = parse_date(text(window, "end_date")?)?;
    let days = (end - start).get_days() as i64;
    Some(
        days * 1440 + parse_time(text(window, "end_time")?)?
            - parse_time(text(window, "start_time")?)?,
    )
}

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
    for field in RENDERED_INTS {
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
    for field in RENDERED_INTS {
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

fn fill_defaults(account: &Account, window: &mut Obj) {
    window
        .entry("timezone")
        .or_insert_with(|| Value::from(account.timezone.as_str()));
    window
        .entry("perform_monitoring")
        .or_insert(Value::Bool(true));
}

/// A seed window: validated like a create, kept with its id.
pub(crate) fn seed(account: &mut Account, window: &Obj) -> Result<(), Failure> {
    let mut stored = Obj::new();
    stored.insert(
        "maintenance_id".into(),
        window.get("maintenance_id").cloned().unwrap_or_default(),
    );
    let mut fields = parse(window)?;
    // A seed keeps its lists in the order written.
    for (field, _) in ID_LISTS {
        if let Some(ids) = super::id_list(window, field)? {
            fields.insert(field.to_string(), strings(&ids));
        }
    }
    overlay(&mut stored, fields);
    fill_defaults(account, &mut stored);
    validate(account, &stored)?;
    account.maintenance.push(stored);
    Ok(())
}

fn not_found() -> Failure {
    Failure::new(404, 2011, "Invalid Maintenance ID.")
}

fn index(state: &State, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(Kind::Maintenance, route_param(route))
        .ok_or_else(not_found)
}

pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    Ok(success(
        200,
        Value::Array(state.account.rendered_maintenance()),
    ))
}

pub(super) fn get(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let lenient = state.account.lenient;
    Ok(success(200, render(&state.account.maintenance[i], lenient)))
}

pub(super) fn create(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let mut window = Obj::new();
    overlay(&mut window, parse(body)?);
    fill_defaults(&state.account, &mut window);
    validate(&state.account, &window)?;
    let id = state.account.new_id(Kind::Maintenance);
    window.insert("maintenance_id".into(), id.into());
    let lenient = state.account.lenient;
    let answer = render(&window, lenient);
    state.account.maintenance.push(window);
    // Creates answer 200 (§8 row 10, the provider's fixtures); lenient keeps the old 201.
    Ok(success(if lenient { 201 } else { 200 }, answer))
}

pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let lenient = state.account.lenient;
    let mut window = state.account.maintenance[i].clone();
    let mut fields = parse(body)?;
    // The update documents "Once/Daily/Weekly/Monthly only" (§9.4): no yearly window.
    let yearly = |w: &Obj| int(w, "maintenance_type") == Some(9);
    if yearly(&window) || yearly(&fields) {
        return Err(Failure::invalid(
            "maintenance_type",
            "yearly maintenance cannot be updated",
        ));
    }
    if !lenient {
        // The PUT's documented parameters have no `timezone` (§9.4): the window stays in the zone
        // it was created in, and the times sent are read in that zone (assumed: strict).
        fields.remove("timezone");
    }
    overlay(&mut window, fields);
    fill_defaults(&state.account, &mut window);
    validate(&state.account, &window)?;
    let answer = render(&window, lenient);
    state.account.maintenance[i] = window;
    Ok(success(200, answer))
}

pub(super) fn delete(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    state.account.maintenance.remove(i);
    Ok(success_without_data())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seed_maintenance::LEGACY_WINDOW_ID;
    use crate::sandbox::{SandboxConfig, SeedAccount, Settings};

    fn state(lenient: bool) -> State {
        let config = SandboxConfig {
            lenient,
            ..Default::default()
        };
        let settings = Settings::from_config(&config).unwrap();
        State::new(&SeedAccount::default_account(), &settings).unwrap()
    }

    fn obj(value: Value) -> Obj {
        value.as_object().unwrap().clone()
    }

    fn answer(outcome: Outcome) -> (u16, Value) {
        let response = outcome.unwrap_or_else(|f| panic!("{f:?}"));
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        (response.status, body["data"].clone())
    }

    fn legacy() -> Route {
        Route::Maintenance(LEGACY_WINDOW_ID.into())
    }

    #[test]
    fn strict_answers_are_typed_and_carry_no_zone() {
        let (_, w) = answer(get(&mut state(false), &legacy(), &Obj::new()));
        assert_eq!(w["selection_type"], 0);
        assert_eq!(w["maintenance_type"], 3);
        assert_eq!(w["perform_monitoring"], true);
        assert_eq!(w["monitors"].as_array().unwrap().len(), 2);
        for absent in ["timezone", "duration", "start_day", "monitor_groups"] {
            assert!(w.get(absent).is_none(), "{absent}: {w}");
        }
        let (_, w) = answer(get(&mut state(true), &legacy(), &Obj::new()));
        assert_eq!(w["timezone"], "Asia/Kolkata");
        assert_eq!(w["maintenance_type"], "3");
        assert_eq!(w["start_day"], "");
        assert_eq!(w["monitors"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_put_keeps_the_zone_unless_lenient() {
        let put = obj(
            serde_json::json!({"end_date": "2030-01-01", "end_time": "10:00", "timezone": "GMT"}),
        );
        for (lenient, zone) in [(false, "Asia/Kolkata"), (true, "GMT")] {
            let mut s = state(lenient);
            answer(update(&mut s, &legacy(), &put));
            let i = s
                .account
                .position(Kind::Maintenance, LEGACY_WINDOW_ID)
                .unwrap();
            let held = &s.account.maintenance[i];
            assert_eq!(held["timezone"], zone, "lenient: {lenient}");
            assert_eq!(held["end_time"], "10:00");
            assert_eq!(held["selection_type"], 0, "kept as it was");
        }
    }

    #[test]
    fn creates_answer_200_and_land_in_the_account_zone() {
        let monitor = crate::sandbox::state::nth_id(Kind::Monitor, 2);
        let new = obj(serde_json::json!({
            "display_name": "w", "maintenance_type": 3, "selection_type": 2, "monitors": [monitor],
            "start_date": "2031-01-01", "start_time": "10:00",
            "end_date": "2031-01-01", "end_time": "11:00",
        }));
        for (lenient, status) in [(false, 200), (true, 201)] {
            let mut s = state(lenient);
            let (answered, w) = answer(create(&mut s, &Route::Maintenances, &new));
            assert_eq!(answered, status);
            let id = w["maintenance_id"].as_str().unwrap();
            let held = s.account.find(Kind::Maintenance, id).unwrap();
            assert_eq!(held["timezone"], "Asia/Kolkata");
        }
        // "All monitors" without a list is refused.
        let mut all = new.clone();
        all.insert("selection_type".into(), 0.into());
        all.remove("monitors");
        assert!(create(&mut state(false), &Route::Maintenances, &all).is_err());
    }

    #[test]
    fn recurring_windows_answer_their_duration_and_need_their_end_rule() {
        let monitor = crate::sandbox::state::nth_id(Kind::Monitor, 2);
        let weekly = obj(serde_json::json!({
            "display_name": "w", "maintenance_type": 8, "selection_type": 2, "monitors": [monitor],
            "week_days": [1, 3], "start_time": "22:00", "duration": 90, "timezone": "UTC",
        }));
        let mut s = state(false);
        let (_, w) = answer(create(&mut s, &Route::Maintenances, &weekly));
        assert_eq!(w["duration"], 90, "an input of weekly by day");
        assert!(w.get("timezone").is_none());
        for (end_type, companion) in [
            (1, "maintenance_end_after_times"),
            (2, "maintenance_end_on"),
        ] {
            let mut ending = weekly.clone();
            ending.insert("maintenance_end_type".into(), end_type.into());
            assert!(
                create(&mut s, &Route::Maintenances, &ending).is_err(),
                "{companion}"
            );
        }
        let mut yearly = weekly.clone();
        yearly.insert("maintenance_type".into(), 9.into());
        let (_, y) = answer(create(&mut s, &Route::Maintenances, &yearly));
        let id = y["maintenance_id"].as_str().unwrap().to_string();
        let put = obj(serde_json::json!({"start_time": "23:00"}));
        assert!(
            update(&mut s, &Route::Maintenance(id), &put).is_err(),
            "no yearly PUT"
        );
    }
}
