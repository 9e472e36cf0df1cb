//! `/api/monitors`: list, get, get by name, create, update, delete, suspend, activate.

use serde_json::Value;

use super::{
    Failure, Outcome, Route, check_ref, check_refs, id_list, int_field, missing, route_param,
    server_order, string_field, stringify, strings, success, success_without_data,
};
use crate::sandbox::state::{Account, Kind, Obj, State};

/// The monitor types the sandbox emulates.
pub(crate) const TYPES: &[&str] = &[
    "URL",
    "HOMEPAGE",
    "RESTAPI",
    "SSL_CERT",
    "PING",
    "PORT",
    "DNS",
    "HEARTBEAT",
    "SOAP",
    "CRON",
    "DOMAINEXPIRY",
    "FTP",
    "ISP",
    "RESTAPISEQ",
];

/// Types that come from agents, cloud integrations or recorded scripts: the sandbox updates
/// them (a PUT replaces, as for every monitor) but refuses to create one (assumed: strict; the
/// provider creates them from credentials and scripts s247 never holds).
pub(crate) const ADOPTED_TYPES: &[&str] = &["SERVER", "AMAZON", "AZURE", "GCP", "REALBROWSER"];

/// Types without a location profile (the provider's structs for them have none).
const NO_LOCATION: &[&str] = &["HEARTBEAT", "CRON", "SERVER", "AMAZON", "AZURE", "GCP"];
/// Types a threshold profile is not required for: DOMAINEXPIRY's and GCP's structs have none;
/// the agent and integration types and CRON come without one in real accounts (the seed's
/// `db-host-01` and `Nightly DB dump`, modelled on them).
const NO_THRESHOLD: &[&str] = &[
    "DOMAINEXPIRY",
    "CRON",
    "SERVER",
    "AMAZON",
    "AZURE",
    "GCP",
    "REALBROWSER",
];

/// Fields the real service answers as strings even when sent as numbers.
const STRINGLY: &[&str] = &["check_frequency", "timeout", "port", "dns_port", "state"];
/// Content checks whose `severity` comes back as a string.
const KEYWORD_CHECKS: &[&str] = &["matching_keyword", "unmatching_keyword", "match_regex"];
/// Id lists answered in the server's order.
const ID_LISTS: &[&str] = &[
    "user_group_ids",
    "monitor_groups",
    "tag_ids",
    "dependency_resource_ids",
    "third_party_services",
];

pub(crate) const STATE_ACTIVE: i64 = 0;
pub(crate) const STATE_SUSPENDED: i64 = 5;

fn type_required(kind: &str) -> &'static [&'static str] {
    match kind {
        "URL" | "HOMEPAGE" | "RESTAPI" => &["website"],
        "SSL_CERT" => &["domain_name"],
        "PING" => &["host_name"],
        "PORT" => &["host_name", "port"],
        "DNS" => &["dns_host", "domain_name"],
        "HEARTBEAT" => &["unique_name"],
        // `api/monitor_types.go` (SOAPMonitor, CronMonitor, DomainExpiryMonitor,
        // FTPTransferMonitor, ISPMonitor) and `docs/resources/*_monitor.md` "Required".
        "SOAP" => &["website", "request_param"],
        "CRON" => &["cron_expression", "cron_tz", "wait_time"],
        "DOMAINEXPIRY" => &["host_name"],
        "FTP" => &["host_name", "user_name", "destination"],
        "ISP" => &["hostname"],
        // `RestApiTransactionMonitor.Steps` (not `omitempty`); each step is checked in
        // `check_steps`.
        "RESTAPISEQ" => &["steps"],
        _ => &[],
    }
}

/// Server-side defaults filled in on create (they show up in GETs although nobody sent them).
fn defaults(kind: &str) -> Vec<(&'static str, Value)> {
    let v = |x: Value| x;
    match kind {
        "URL" => vec![
            ("check_frequency", v("1".into())),
            ("timeout", v(10.into())),
            ("http_method", v("G".into())),
            ("ssl_protocol", v("Auto".into())),
            ("http_protocol", v("H1.1".into())),
        ],
        "HOMEPAGE" => vec![
            ("check_frequency", v("1".into())),
            ("timeout", v(10.into())),
        ],
        "RESTAPI" => vec![
            ("check_frequency", v("1".into())),
            ("timeout", v(10.into())),
            ("http_method", v("G".into())),
            ("response_type", v("T".into())),
            ("ssl_protocol", v("Auto".into())),
            ("http_protocol", v("H1.1".into())),
        ],
        "SSL_CERT" => vec![
            ("protocol", v("HTTPS".into())),
            ("port", v(443.into())),
            ("expire_days", v(30.into())),
            ("http_protocol", v("H1.1".into())),
            ("timeout", v(30.into())),
        ],
        "PING" => vec![
            ("check_frequency", v("5".into())),
            ("timeout", v(10.into())),
        ],
        "PORT" => vec![
            ("check_frequency", v("5".into())),
            ("timeout", v(10.into())),
        ],
        "DNS" => vec![
            ("check_frequency", v("5".into())),
            ("timeout", v(10.into())),
            ("dns_port", v("53".into())),
            ("lookup_type", v(1.into())),
        ],
        "SOAP" => vec![
            ("check_frequency", v("5".into())),
            ("timeout", v(10.into())),
            ("response_type", v("X".into())),
            ("http_protocol", v("H1.1".into())),
        ],
        "DOMAINEXPIRY" => vec![("port", v(43.into())), ("expire_days", v(30.into()))],
        // `site24x7/monitors/rest_api_transaction.go` schema default (frequency only: the
        // timeout is per step).
        "RESTAPISEQ" => vec![("check_frequency", v("1".into()))],
        "FTP" | "ISP" => vec![
            ("check_frequency", v("1".into())),
            ("timeout", v(10.into())),
        ],
        _ => Vec::new(),
    }
}

/// Check a create or update body (a full monitor); returns its type.
pub(crate) fn validate(
    account: &Account,
    body: &Obj,
    existing_type: Option<&str>,
) -> Result<String, Failure> {
    let kind = string_field(body, "type")?;
    if let Some(kind) = &kind {
        if ADOPTED_TYPES.contains(&kind.as_str()) && existing_type.is_none() {
            return Err(Failure::invalid(
                "type",
                format!(
                    "{kind} monitors come from agents, cloud integrations or recorded scripts; the sandbox does not create them"
                ),
            ));
        }
        if !TYPES.contains(&kind.as_str()) && !ADOPTED_TYPES.contains(&kind.as_str()) {
            return Err(Failure::invalid(
                "type",
                format!(
                    "the sandbox emulates monitor types {}, not {kind}",
                    TYPES.join(", ")
                ),
            ));
        }
        // A stored monitor without `type` (a seeded domain-expiry monitor) takes the one sent.
        if let Some(old) = existing_type.filter(|old| !old.is_empty() && old != kind) {
            return Err(Failure::invalid(
                "type",
                format!("a {old} monitor cannot become {kind}"),
            ));
        }
    }
    let mut absent = missing(body, &["display_name", "type"]);
    if let Some(kind) = &kind {
        absent.extend(missing(body, type_required(kind)));
    }
    absent.extend(missing(
        body,
        &["notification_profile_id", "user_group_ids"],
    ));
    let kind_name = kind.as_deref().unwrap_or_default();
    if !NO_THRESHOLD.contains(&kind_name) {
        absent.extend(missing(body, &["threshold_profile_id"]));
    }
    if !NO_LOCATION.contains(&kind_name) {
        absent.extend(missing(body, &["location_profile_id"]));
    }
    if !absent.is_empty() {
        return Err(Failure::missing(&absent));
    }
    let kind = kind.unwrap_or_default();

    string_field(body, "display_name")?;
    if kind == "RESTAPISEQ" {
        check_steps(body)?;
    }
    for field in type_required(&kind) {
        if !matches!(*field, "port" | "wait_time" | "steps") {
            string_field(body, field)?;
        }
    }
    check_ref(account, body, "location_profile_id", Kind::LocationProfile)?;
    check_ref(
        account,
        body,
        "notification_profile_id",
        Kind::NotificationProfile,
    )?;
    if let Some(id) = check_ref(
        account,
        body,
        "threshold_profile_id",
        Kind::ThresholdProfile,
    )? {
        let profile_type = account
            .find(Kind::ThresholdProfile, &id)
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str);
        if profile_type != Some(kind.as_str()) {
            return Err(Failure::invalid(
                "threshold_profile_id",
                format!(
                    "threshold profile {id} is for {} monitors, not {kind}",
                    profile_type.unwrap_or("other")
                ),
            ));
        }
    }
    check_refs(account, body, "user_group_ids", Kind::UserGroup)?;
    check_refs(account, body, "monitor_groups", Kind::MonitorGroup)?;
    check_refs(account, body, "tag_ids", Kind::Tag)?;
    id_list(body, "dependency_resource_ids")?;
    id_list(body, "third_party_services")?;
    int_field(body, "wait_time")?;
    for field in ["port", "dns_port"] {
        if let Some(port) = int_field(body, field)?
            && !(1..=65535).contains(&port)
        {
            return Err(Failure::invalid(field, "must be a port number (1-65535)"));
        }
    }
    if let Some(timeout) = int_field(body, "timeout")?
        && !(1..=120).contains(&timeout)
    {
        return Err(Failure::invalid(
            "timeout",
            "must be between 1 and 120 seconds",
        ));
    }
    if let Some(frequency) = int_field(body, "check_frequency")?
        && frequency < 1
    {
        return Err(Failure::invalid(
            "check_frequency",
            "must be a positive number of minutes",
        ));
    }
    Ok(kind)
}

/// A REST API transaction's steps (`api/types.go` `Steps`, `StepDetails`; `site24x7-api.md`
/// §10.1): a non-empty list, each step with a `display_name` and one `step_details` entry with
/// a `step_url` (the provider's schema marks both required). Everything else a step holds is
/// stored as sent: a strict PUT replaces the steps with the body's (assumed: strict).
fn check_steps(body: &Obj) -> Result<(), Failure> {
    let invalid = |message: String| Failure::invalid("steps", message);
    let steps = match body.get("steps") {
        Some(Value::Array(steps)) if !steps.is_empty() => steps,
        _ => return Err(invalid("must be a non-empty list of steps".into())),
    };
    for (i, step) in steps.iter().enumerate() {
        let name = step.get("display_name").and_then(Value::as_str);
        if name.is_none_or(|n| n.trim().is_empty()) {
            return Err(invalid(format!("step {i} has no display_name")));
        }
        let details = match step.get("step_details") {
            Some(Value::Array(details)) if !details.is_empty() => details,
            _ => return Err(invalid(format!("step {i} has no step_details"))),
        };
        for detail in details {
            let url = detail.get("step_url").and_then(Value::as_str);
            if url.is_none_or(|u| u.trim().is_empty()) {
                return Err(invalid(format!("step {i} has no step_url")));
            }
            if let Some(timeout) = detail.get("timeout")
                && super::int_value(timeout).is_none_or(|t| !(1..=45).contains(&t))
            {
                return Err(invalid(format!(
                    "step {i}: timeout must be 1 to 45 seconds"
                )));
            }
        }
    }
    Ok(())
}

/// Copy the writable fields of `body` over `monitor`, id lists in the server's order.
fn apply(monitor: &mut Obj, body: &Obj) {
    for (field, value) in body {
        if matches!(field.as_str(), "monitor_id" | "state") {
            continue;
        }
        let value = match (ID_LISTS.contains(&field.as_str()), value) {
            (true, Value::Array(_)) => {
                let ids = id_list(body, field).ok().flatten().unwrap_or_default();
                strings(&server_order(ids))
            }
            _ => value.clone(),
        };
        monitor.insert(field.clone(), value);
    }
}

/// A stored monitor as the API answers it. Domain-expiry monitors come back without `type`
/// (§8 row 12, `responses/get_domain_expiry_monitor.json`); the sandbox stores it to check
/// that a PUT does not change it.
pub(crate) fn render(monitor: &Obj) -> Value {
    let mut out = monitor.clone();
    // A REST API transaction's steps are read with `GET /monitors/steps/{id}`; the monitor
    // itself comes without them (assumed: strict; the provider reads them that way,
    // `site24x7-api.md` §10.1).
    out.remove("steps");
    if out.get("type").and_then(Value::as_str) == Some("DOMAINEXPIRY") {
        out.remove("type");
    }
    for field in STRINGLY {
        if let Some(value) = out.get_mut(*field) {
            *value = stringify(value);
        }
    }
    for check in KEYWORD_CHECKS {
        if let Some(Value::Object(check)) = out.get_mut(*check)
            && let Some(severity) = check.get_mut("severity")
        {
            *severity = stringify(severity);
        }
    }
    Value::Object(out)
}

/// A seed monitor: validated like a create, defaults filled, kept in the order given. A monitor
/// of a type the sandbox does not emulate (SERVER, CRON, …) or without `type` (domain-expiry
/// monitors come back without one, `site24x7-api.md` §8 row 12) is stored as given: it can be
/// listed, read, suspended and deleted, as an account's unmanaged monitors are.
pub(crate) fn seed(account: &mut Account, mut monitor: Obj) -> Result<(), Failure> {
    // Adopted types are seeded as given: real ones carry fields no create here would ask for.
    let emulated = monitor
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| TYPES.contains(&t));
    if emulated {
        let kind = validate(account, &monitor, None)?;
        for (field, value) in defaults(&kind) {
            monitor.entry(field).or_insert(value);
        }
    } else {
        let absent = missing(&monitor, &["display_name"]);
        if !absent.is_empty() {
            return Err(Failure::missing(&absent));
        }
        check_refs(account, &monitor, "monitor_groups", Kind::MonitorGroup)?;
        check_refs(account, &monitor, "tag_ids", Kind::Tag)?;
    }
    let state = int_field(&monitor, "state")?.unwrap_or(STATE_ACTIVE);
    monitor.insert("state".into(), state.into());
    account.monitors.push(monitor);
    Ok(())
}

fn not_found() -> Failure {
    Failure::new(404, 2009, "Invalid Monitor ID.")
}

fn index(state: &State, route: &Route) -> Result<usize, Failure> {
    state
        .account
        .position(Kind::Monitor, route_param(route))
        .ok_or_else(not_found)
}

pub(super) fn list(state: &mut State, _route: &Route, _body: &Obj) -> Outcome {
    Ok(success(
        200,
        Value::Array(state.account.rendered_monitors()),
    ))
}

pub(super) fn get(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    Ok(success(200, render(&state.account.monitors[i])))
}

pub(super) fn get_by_name(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let name = route_param(route);
    let monitor = state
        .account
        .monitors
        .iter()
        .find(|m| m.get("display_name").and_then(Value::as_str) == Some(name))
        .ok_or_else(not_found)?;
    Ok(success(200, render(monitor)))
}

/// `GET /monitors/steps/{id}`: a REST API transaction's steps, each with a `step_id` (the
/// sandbox numbers them by position when the sent ones had none). Another type has no steps.
pub(super) fn steps(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let monitor = &state.account.monitors[i];
    if monitor.get("type").and_then(Value::as_str) != Some("RESTAPISEQ") {
        return Err(Failure::invalid(
            "monitor_id",
            "not a REST API transaction monitor",
        ));
    }
    let id = route_param(route).to_string();
    let steps: Vec<Value> = monitor
        .get("steps")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, mut step)| {
            if let Value::Object(step) = &mut step {
                step.entry("step_id")
                    .or_insert_with(|| format!("{id}{:03}", n + 1).into());
                step.insert("monitor_id".into(), id.clone().into());
            }
            step
        })
        .collect();
    Ok(success(200, Value::Array(steps)))
}

pub(super) fn create(state: &mut State, _route: &Route, body: &Obj) -> Outcome {
    let kind = validate(&state.account, body, None)?;
    let id = state.account.new_id(Kind::Monitor);
    let mut monitor = Obj::new();
    monitor.insert("monitor_id".into(), id.clone().into());
    apply(&mut monitor, body);
    for (field, value) in defaults(&kind) {
        monitor.entry(field).or_insert(value);
    }
    monitor.insert("state".into(), STATE_ACTIVE.into());
    let answer = render(&monitor);
    state.account.monitors.push(monitor);
    state.account.sync_monitor_into_groups(&id);
    // Strict: creates answer 200, as every provider fixture shows (§8 row 10).
    Ok(success(if state.lenient { 201 } else { 200 }, answer))
}

/// Lenient: the fields sent are laid over the stored monitor. Strict (assumed: strict, §8 row 1
/// and §9.7: the docs do not say whether PUT merges or replaces): the body **replaces** the
/// monitor; a field left out is gone (or back to its create default), so a partial PUT visibly
/// loses automations, on-call schedules, dependencies, browser settings and memberships.
pub(super) fn update(state: &mut State, route: &Route, body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let existing = &state.account.monitors[i];
    let existing_type = existing
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = validate(&state.account, body, Some(&existing_type))?;
    if state.lenient {
        apply(&mut state.account.monitors[i], body);
    } else {
        let mut replaced = Obj::new();
        for kept in ["monitor_id", "state"] {
            if let Some(value) = existing.get(kept) {
                replaced.insert(kept.into(), value.clone());
            }
        }
        apply(&mut replaced, body);
        for (field, value) in defaults(&kind) {
            replaced.entry(field).or_insert(value);
        }
        state.account.monitors[i] = replaced;
    }
    let id = route_param(route).to_string();
    if !state.lenient || body.contains_key("monitor_groups") {
        state.account.sync_monitor_into_groups(&id);
    }
    let i = index(state, route)?;
    Ok(success(200, render(&state.account.monitors[i])))
}

pub(super) fn delete(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    let i = index(state, route)?;
    let id = route_param(route).to_string();
    state.account.monitors.remove(i);
    state
        .account
        .remove_reference(Kind::MonitorGroup, "monitors", &id);
    state
        .account
        .remove_reference(Kind::Maintenance, "monitors", &id);
    Ok(success_without_data())
}

fn set_state(state: &mut State, route: &Route, value: i64) -> Outcome {
    let i = index(state, route)?;
    state.account.monitors[i].insert("state".into(), value.into());
    Ok(success_without_data())
}

pub(super) fn suspend(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    set_state(state, route, STATE_SUSPENDED)
}

pub(super) fn activate(state: &mut State, route: &Route, _body: &Obj) -> Outcome {
    set_state(state, route, STATE_ACTIVE)
}
