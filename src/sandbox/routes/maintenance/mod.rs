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
//!
//! This file holds the handlers; `fields.rs` reads a body, `validate.rs` checks a whole window and
//! `render.rs` answers one.

mod fields;
mod render;
mod validate;

use serde_json::Value;

use super::{Failure, Outcome, Route, route_param, strings, success, success_without_data};
use crate::sandbox::state::{Account, Kind, Obj, State};

use fields::{ID_LISTS, int, overlay, parse};
pub(crate) use render::render;
pub(crate) use validate::ONCE;
use validate::validate;

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
