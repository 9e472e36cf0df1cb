//! Routing, authentication and scopes, the envelope, errors, and field helpers shared by the
//! resource handlers.

mod control;
mod groups;
mod lists;
mod location_profiles;
mod maintenance;
mod milestones;
mod monitors;
mod notification_profiles;
mod profiles;
pub(crate) mod status;
mod subgroups;
mod tags;
mod threshold_profiles;
mod user_groups;
mod users;

use serde_json::{Map, Value, json};

use super::http::{Request, Response};
use super::state::{Account, Kind, Obj, State, list_of};
use super::{Shared, lock, oauth};

pub(crate) use control::control;
pub(crate) use groups::{render as render_group, seed as seed_group};
pub(crate) use maintenance::{render as render_maintenance, seed as seed_maintenance};
pub(crate) use monitors::{render as render_monitor, seed as seed_monitor};

/// After a seed's groups and monitors are loaded: every group member must exist, and membership
/// becomes two-sided (the union of what groups and monitors list).
pub(crate) fn check_seed_group_monitors(account: &mut Account) -> Result<(), Failure> {
    for group in &account.monitor_groups {
        check_refs(account, group, "monitors", Kind::Monitor)?;
    }
    let group_ids: Vec<String> = account
        .monitor_groups
        .iter()
        .filter_map(|g| g.get("group_id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let monitor_ids: Vec<String> = account
        .monitors
        .iter()
        .filter_map(|m| m.get("monitor_id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    // Monitors → groups: add each monitor to the groups it lists.
    for monitor_id in &monitor_ids {
        let listed = account
            .find(Kind::Monitor, monitor_id)
            .map(|m| list_of(m, "monitor_groups"))
            .unwrap_or_default();
        for group in account.monitor_groups.iter_mut() {
            let gid = group
                .get("group_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut members = list_of(group, "monitors");
            if listed.contains(&gid) && !members.contains(monitor_id) {
                members.push(monitor_id.clone());
                group.insert("monitors".into(), strings(&members));
            }
        }
    }
    // Groups → monitors: now the groups are complete; make monitors list exactly those.
    for group_id in &group_ids {
        account.sync_group_into_monitors(group_id);
    }
    Ok(())
}

/// Where a path leads (method aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Token,
    Revoke,
    Monitors,
    Monitor(String),
    MonitorByName(String),
    Suspend(String),
    Activate(String),
    MonitorSteps(String),
    Maintenances,
    Maintenance(String),
    Groups,
    Group(String),
    Subgroups,
    Subgroup(String),
    LocationProfiles,
    NotificationProfiles,
    ThresholdProfiles,
    UserGroups,
    Tags,
    LocationProfile(String),
    NotificationProfile(String),
    ThresholdProfile(String),
    UserGroup(String),
    Tag(String),
    Users,
    Milestones,
    PollNow(String),
    PollStatus(String),
    CurrentStatus,
    CurrentStatusOf(String),
    CurrentStatusGroup(String),
    Unknown,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let path = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path
        };
        if let Some(name) = path.strip_prefix("/api/monitors/name/") {
            return if name.is_empty() {
                Route::Unknown
            } else {
                Route::MonitorByName(percent_decode(name))
            };
        }
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        let id = |s: &str| percent_decode(s);
        match segments.as_slice() {
            ["oauth", "v2", "token"] => Route::Token,
            ["oauth", "v2", "token", "revoke"] => Route::Revoke,
            ["api", "monitors"] => Route::Monitors,
            ["api", "monitors", "suspend", m] => Route::Suspend(id(m)),
            ["api", "monitors", "activate", m] => Route::Activate(id(m)),
            ["api", "monitors", "steps", m] => Route::MonitorSteps(id(m)),
            ["api", "monitors", m] => Route::Monitor(id(m)),
            ["api", "maintenance"] => Route::Maintenances,
            ["api", "maintenance", m] => Route::Maintenance(id(m)),
            ["api", "monitor_groups"] => Route::Groups,
            ["api", "monitor_groups", g] => Route::Group(id(g)),
            ["api", "subgroups"] => Route::Subgroups,
            ["api", "subgroups", g] => Route::Subgroup(id(g)),
            ["api", "location_profiles"] => Route::LocationProfiles,
            ["api", "notification_profiles"] => Route::NotificationProfiles,
            ["api", "threshold_profiles"] => Route::ThresholdProfiles,
            ["api", "user_groups"] => Route::UserGroups,
            ["api", "tags"] => Route::Tags,
            ["api", "location_profiles", p] => Route::LocationProfile(id(p)),
            ["api", "notification_profiles", p] => Route::NotificationProfile(id(p)),
            ["api", "threshold_profiles", p] => Route::ThresholdProfile(id(p)),
            ["api", "user_groups", g] => Route::UserGroup(id(g)),
            ["api", "tags", t] => Route::Tag(id(t)),
            ["api", "users"] => Route::Users,
            ["api", "milestone"] => Route::Milestones,
            ["api", "monitor", "poll_now", m] => Route::PollNow(id(m)),
            ["api", "monitor", "status_poll_now", m] => Route::PollStatus(id(m)),
            ["api", "current_status"] => Route::CurrentStatus,
            ["api", "current_status", "group", g] => Route::CurrentStatusGroup(id(g)),
            ["api", "current_status", m] => Route::CurrentStatusOf(id(m)),
            _ => Route::Unknown,
        }
    }

    /// The path template counters use.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Route::Token => "/oauth/v2/token",
            Route::Revoke => "/oauth/v2/token/revoke",
            Route::Monitors => "/api/monitors",
            Route::Monitor(_) => "/api/monitors/{id}",
            Route::MonitorByName(_) => "/api/monitors/name/{name}",
            Route::Suspend(_) => "/api/monitors/suspend/{id}",
            Route::Activate(_) => "/api/monitors/activate/{id}",
            Route::MonitorSteps(_) => "/api/monitors/steps/{id}",
            Route::Maintenances => "/api/maintenance",
            Route::Maintenance(_) => "/api/maintenance/{id}",
            Route::Groups => "/api/monitor_groups",
            Route::Group(_) => "/api/monitor_groups/{id}",
            Route::Subgroups => "/api/subgroups",
            Route::Subgroup(_) => "/api/subgroups/{id}",
            Route::LocationProfiles => "/api/location_profiles",
            Route::NotificationProfiles => "/api/notification_profiles",
            Route::ThresholdProfiles => "/api/threshold_profiles",
            Route::UserGroups => "/api/user_groups",
            Route::Tags => "/api/tags",
            Route::LocationProfile(_) => "/api/location_profiles/{id}",
            Route::NotificationProfile(_) => "/api/notification_profiles/{id}",
            Route::ThresholdProfile(_) => "/api/threshold_profiles/{id}",
            Route::UserGroup(_) => "/api/user_groups/{id}",
            Route::Tag(_) => "/api/tags/{id}",
            Route::Users => "/api/users",
            Route::Milestones => "/api/milestone",
            Route::PollNow(_) => "/api/monitor/poll_now/{id}",
            Route::PollStatus(_) => "/api/monitor/status_poll_now/{id}",
            Route::CurrentStatus => "/api/current_status",
            Route::CurrentStatusOf(_) => "/api/current_status/{id}",
            Route::CurrentStatusGroup(_) => "/api/current_status/group/{id}",
            Route::Unknown => return None,
        })
    }
}

impl Route {
    /// Routes whose GET or DELETE reads query parameters.
    fn reads_query(&self) -> bool {
        matches!(self, Route::Milestones | Route::CurrentStatus)
    }
}

/// `"METHOD /template"` for counters; unknown paths keep their literal path.
pub(crate) fn route_name(method: &str, path: &str) -> String {
    match Route::parse(path).template() {
        Some(template) => format!("{method} {template}"),
        None => format!("{method} {path}"),
    }
}

/// Percent-decoding for a path segment (`+` stays a plus).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scope an operation needs: `Site24x7.<group>.<op>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scope {
    pub group: &'static str,
    pub op: &'static str,
}

const fn scope(group: &'static str, op: &'static str) -> Scope {
    Scope { group, op }
}

/// Does one of `granted` allow `needed`? `Site24x7.<Group>.All` allows every op of the group;
/// case-insensitive.
pub(crate) fn scope_allows(granted: &[String], needed: Scope) -> bool {
    granted.iter().any(|g| {
        let mut parts = g.trim().split('.');
        let (Some(service), Some(group), Some(op), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        service.eq_ignore_ascii_case("Site24x7")
            && group.eq_ignore_ascii_case(needed.group)
            && (op.eq_ignore_ascii_case(needed.op) || op.eq_ignore_ascii_case("All"))
    })
}

/// An API error: HTTP status plus the `{error_code, message, error_info}` body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub status: u16,
    pub code: i64,
    pub message: String,
    pub info: Option<Obj>,
}

pub(crate) type Outcome = Result<Response, Failure>;

impl Failure {
    pub fn new(status: u16, code: i64, message: &str) -> Failure {
        Failure {
            status,
            code,
            message: message.to_string(),
            info: None,
        }
    }

    /// 400, 1001 `Parameter missing.`, naming each missing field in `error_info`.
    pub fn missing(fields: &[&str]) -> Failure {
        let info = fields
            .iter()
            .map(|f| (f.to_string(), Value::from("Parameter missing.")))
            .collect();
        Failure {
            info: Some(info),
            ..Failure::new(400, 1001, "Parameter missing.")
        }
    }

    /// 400, 1002 `Invalid data.`, with the reason for the field in `error_info`.
    pub fn invalid(field: &str, why: impl Into<String>) -> Failure {
        let mut info = Map::new();
        info.insert(field.to_string(), Value::from(why.into()));
        Failure {
            info: Some(info),
            ..Failure::new(400, 1002, "Invalid data.")
        }
    }

    pub fn unauthorized() -> Failure {
        Failure::new(
            401,
            1100,
            "You are not authorized to perform this operation.",
        )
    }

    pub fn body(&self) -> Value {
        let mut body = json!({"error_code": self.code, "message": self.message});
        if let Some(info) = &self.info {
            body["error_info"] = Value::Object(info.clone());
        }
        body
    }

    pub fn response(&self) -> Response {
        Response::json(self.status, &self.body())
    }
}

/// `{"code":0,"message":"success","data":…}`.
pub(crate) fn success(status: u16, data: Value) -> Response {
    Response::json(
        status,
        &json!({"code": 0, "message": "success", "data": data}),
    )
}

/// `{"code":0,"message":"success"}` without `data`.
pub(crate) fn success_without_data() -> Response {
    Response::json(200, &json!({"code": 0, "message": "success"}))
}

/// Entry point for every request outside `/_sandbox/`.
pub(crate) fn handle(shared: &Shared, request: &Request) -> Response {
    let route = Route::parse(&request.path);
    match route {
        Route::Token => return oauth::token(shared, request),
        Route::Revoke => return oauth::revoke(shared, request),
        Route::Unknown => return Failure::new(404, 1003, "Invalid URL.").response(),
        _ => {}
    }
    match api(shared, request, &route) {
        Ok(response) => response,
        Err(failure) => failure.response(),
    }
}

type Handler = fn(&mut State, &Route, &Obj) -> Outcome;

fn api(shared: &Shared, request: &Request, route: &Route) -> Outcome {
    let (needed, handler): (Scope, Handler) = match (request.method.as_str(), route) {
        ("GET", Route::Monitors) => (scope("Admin", "Read"), monitors::list),
        ("POST", Route::Monitors) => (scope("Admin", "Create"), monitors::create),
        ("GET", Route::Monitor(_)) => (scope("Admin", "Read"), monitors::get),
        ("PUT", Route::Monitor(_)) => (scope("Admin", "Update"), monitors::update),
        ("DELETE", Route::Monitor(_)) => (scope("Admin", "Delete"), monitors::delete),
        ("GET", Route::MonitorByName(_)) => (scope("Admin", "Read"), monitors::get_by_name),
        ("PUT", Route::Suspend(_)) => (scope("Operations", "Update"), monitors::suspend),
        ("PUT", Route::Activate(_)) => (scope("Operations", "Update"), monitors::activate),
        ("GET", Route::MonitorSteps(_)) => (scope("Admin", "Read"), monitors::steps),
        ("GET", Route::Maintenances) => (scope("Operations", "Read"), maintenance::list),
        ("POST", Route::Maintenances) => (scope("Operations", "Create"), maintenance::create),
        ("GET", Route::Maintenance(_)) => (scope("Operations", "Read"), maintenance::get),
        ("PUT", Route::Maintenance(_)) => (scope("Operations", "Update"), maintenance::update),
        ("DELETE", Route::Maintenance(_)) => (scope("Operations", "Delete"), maintenance::delete),
        ("GET", Route::Groups) => (scope("Admin", "Read"), groups::list),
        ("POST", Route::Groups) => (scope("Admin", "Create"), groups::create),
        ("GET", Route::Group(_)) => (scope("Admin", "Read"), groups::get),
        ("PUT", Route::Group(_)) => (scope("Admin", "Update"), groups::update),
        ("DELETE", Route::Group(_)) => (scope("Admin", "Delete"), groups::delete),
        ("GET", Route::Subgroups) => (scope("Admin", "Read"), subgroups::list),
        ("GET", Route::Subgroup(_)) => (scope("Admin", "Read"), subgroups::get),
        ("GET", Route::LocationProfiles) => (scope("Admin", "Read"), lists::location_profiles),
        ("GET", Route::NotificationProfiles) => {
            (scope("Admin", "Read"), lists::notification_profiles)
        }
        ("GET", Route::ThresholdProfiles) => (scope("Admin", "Read"), lists::threshold_profiles),
        ("GET", Route::UserGroups) => (scope("Admin", "Read"), lists::user_groups),
        ("GET", Route::Tags) => (scope("Admin", "Read"), lists::tags),
        ("POST", Route::Tags) => (scope("Admin", "Create"), lists::create_tag),
        // Profiles, user groups and tags as code (issue 15): `routes::profiles`.
        (
            "POST",
            Route::LocationProfiles
            | Route::NotificationProfiles
            | Route::ThresholdProfiles
            | Route::UserGroups,
        ) => (scope("Admin", "Create"), profiles::create),
        (
            "PUT",
            Route::LocationProfile(_)
            | Route::NotificationProfile(_)
            | Route::ThresholdProfile(_)
            | Route::UserGroup(_)
            | Route::Tag(_),
        ) => (scope("Admin", "Update"), profiles::update),
        (
            "DELETE",
            Route::LocationProfile(_)
            | Route::NotificationProfile(_)
            | Route::ThresholdProfile(_)
            | Route::UserGroup(_)
            | Route::Tag(_),
        ) => (scope("Admin", "Delete"), profiles::delete),
        ("GET", Route::Users) => (scope("Admin", "Read"), users::list),
        // Milestones, poll now and current status: `site24x7-api.md` §9.1–9.3.
        ("GET", Route::Milestones) => (scope("Admin", "Read"), milestones::list),
        ("POST", Route::Milestones) => (scope("Admin", "Create"), milestones::create),
        ("PUT", Route::Milestones) => (scope("Admin", "Update"), milestones::update),
        ("DELETE", Route::Milestones) => (scope("Admin", "Delete"), milestones::delete),
        ("GET", Route::PollNow(_)) => (scope("Admin", "Read"), status::poll_now),
        ("GET", Route::PollStatus(_)) => (scope("Admin", "Read"), status::poll_status),
        ("GET", Route::CurrentStatus) => (scope("Reports", "Read"), status::all),
        ("GET", Route::CurrentStatusOf(_)) => (scope("Reports", "Read"), status::one),
        ("GET", Route::CurrentStatusGroup(_)) => (scope("Reports", "Read"), status::group),
        _ => return Err(Failure::new(405, 1004, "Method not allowed.")),
    };

    let mut state = lock(&shared.state);
    let granted = state
        .auth
        .check_access_token(access_token(request).as_deref())
        .ok_or_else(Failure::unauthorized)?;
    if !scope_allows(&granted, needed) {
        return Err(Failure::new(
            shared.settings.scope_error_status,
            1121,
            "OAuth Scope associated to the OAuth Access Token is disallowed.",
        ));
    }
    let body = if matches!(request.method.as_str(), "POST" | "PUT") {
        json_body(request)?
    } else if route.reads_query() {
        // The handlers of these routes take their query parameters where others take a body.
        request
            .query_pairs()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect()
    } else {
        Obj::new()
    };
    handler(&mut state, route, &body)
}

/// The token from `Authorization: Zoho-oauthtoken X` or `Authorization: Bearer X`.
fn access_token(request: &Request) -> Option<String> {
    let value = request.header("authorization")?.trim();
    let (scheme, token) = value.split_once(char::is_whitespace)?;
    let known =
        scheme.eq_ignore_ascii_case("Zoho-oauthtoken") || scheme.eq_ignore_ascii_case("Bearer");
    let token = token.trim();
    (known && !token.is_empty()).then(|| token.to_string())
}

/// A POST/PUT body: a JSON object, or nothing (suspend/activate send none).
fn json_body(request: &Request) -> Result<Obj, Failure> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Obj::new());
    }
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(Failure::invalid("body", "the body must be a JSON object")),
        Err(e) => Err(Failure::invalid(
            "body",
            format!("the body is not JSON: {e}"),
        )),
    }
}

// ---- field helpers ---------------------------------------------------------------------------

/// Absent, null, blank string or empty array.
pub(crate) fn blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The fields of `required` that are blank in `obj`.
pub(crate) fn missing<'a>(obj: &Obj, required: &[&'a str]) -> Vec<&'a str> {
    required
        .iter()
        .copied()
        .filter(|f| blank(obj.get(*f)))
        .collect()
}

/// A string field; `Ok(None)` if blank.
pub(crate) fn string_field(obj: &Obj, field: &str) -> Result<Option<String>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Failure::invalid(field, "must be a string")),
    }
}

/// An id field: a string (ids are strings; numbers above 2^53 would lose digits).
pub(crate) fn id_field(obj: &Obj, field: &str) -> Result<Option<String>, Failure> {
    match obj.get(field) {
        Some(Value::Number(_)) => Err(Failure::invalid(field, "ids are strings")),
        _ => string_field(obj, field),
    }
}

/// A list of id strings; `Ok(None)` if absent or null.
pub(crate) fn id_list(obj: &Obj, field: &str) -> Result<Option<Vec<String>>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(Failure::invalid(field, "must be a list of id strings")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(Failure::invalid(field, "must be a list of id strings")),
    }
}

/// An integer sent as a number or a string of digits; `Ok(None)` if absent, null or `""`.
pub(crate) fn int_field(obj: &Obj, field: &str) -> Result<Option<i64>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| Failure::invalid(field, "must be a whole number")),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| Failure::invalid(field, "must be a whole number")),
        Some(_) => Err(Failure::invalid(field, "must be a whole number")),
    }
}

/// A whole number sent as a number or a string of digits.
pub(crate) fn int_value(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean sent as a boolean or `"true"`/`"false"`; `Ok(None)` if absent, null or `""`.
pub(crate) fn bool_field(obj: &Obj, field: &str) -> Result<Option<bool>, Failure> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(Failure::invalid(field, "must be true or false")),
    }
}

/// The order the service answers an id list in: duplicates dropped, then reversed, so a client
/// comparing lists by position sees a difference (the real service returns "a different order").
pub(crate) fn server_order(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<String> = ids
        .into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect();
    unique.reverse();
    unique
}

pub(crate) fn strings(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|s| Value::from(s.as_str())).collect())
}

/// Numbers in `value` become strings (`10` → `"10"`); anything else is left alone.
pub(crate) fn stringify(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

/// The path parameter of a route.
pub(crate) fn route_param(route: &Route) -> &str {
    match route {
        Route::Monitor(p)
        | Route::MonitorByName(p)
        | Route::Suspend(p)
        | Route::Activate(p)
        | Route::MonitorSteps(p)
        | Route::Maintenance(p)
        | Route::Group(p)
        | Route::PollNow(p)
        | Route::PollStatus(p)
        | Route::CurrentStatusOf(p)
        | Route::CurrentStatusGroup(p)
        | Route::Subgroup(p)
        | Route::LocationProfile(p)
        | Route::NotificationProfile(p)
        | Route::ThresholdProfile(p)
        | Route::UserGroup(p)
        | Route::Tag(p) => p,
        _ => "",
    }
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::LocationProfile => "location profile",
        Kind::NotificationProfile => "notification profile",
        Kind::ThresholdProfile => "threshold profile",
        Kind::UserGroup => "user group",
        Kind::Tag => "tag",
        Kind::MonitorGroup => "monitor group",
        Kind::Monitor => "monitor",
        Kind::Maintenance => "maintenance window",
    }
}

/// An id field that must name an existing object of `kind`; `Ok(None)` if blank.
pub(crate) fn check_ref(
    account: &Account,
    obj: &Obj,
    field: &str,
    kind: Kind,
) -> Result<Option<String>, Failure> {
    let Some(id) = id_field(obj, field)? else {
        return Ok(None);
    };
    if account.exists(kind, &id) {
        Ok(Some(id))
    } else {
        Err(Failure::invalid(
            field,
            format!("there is no {} with id {id}", noun(kind)),
        ))
    }
}

/// An id list whose every id must name an existing object of `kind`; `Ok(None)` if absent.
pub(crate) fn check_refs(
    account: &Account,
    obj: &Obj,
    field: &str,
    kind: Kind,
) -> Result<Option<Vec<String>>, Failure> {
    let Some(ids) = id_list(obj, field)? else {
        return Ok(None);
    };
    if let Some(unknown) = ids.iter().find(|id| !account.exists(kind, id)) {
        return Err(Failure::invalid(
            field,
            format!("there is no {} with id {unknown}", noun(kind)),
        ));
    }
    Ok(Some(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_templates() {
        assert_eq!(Route::parse("/api/monitors/"), Route::Monitors);
        assert_eq!(
            Route::parse("/api/monitors/123"),
            Route::Monitor("123".into())
        );
        assert_eq!(
            Route::parse("/api/monitors/name/Home%20page%2Fx"),
            Route::MonitorByName("Home page/x".into())
        );
        assert_eq!(
            Route::parse("/api/monitors/suspend/9"),
            Route::Suspend("9".into())
        );
        assert_eq!(Route::parse("/api/monitors/1/2"), Route::Unknown);
        assert_eq!(
            route_name("PUT", "/api/monitors/123"),
            "PUT /api/monitors/{id}"
        );
        assert_eq!(route_name("GET", "/nope"), "GET /nope");
        assert_eq!(
            route_name("POST", "/oauth/v2/token"),
            "POST /oauth/v2/token"
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c"), "a b+c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn scopes() {
        let granted = vec![
            "site24x7.admin.all".to_string(),
            "Site24x7.Operations.Read".to_string(),
        ];
        assert!(scope_allows(&granted, scope("Admin", "Delete")));
        assert!(scope_allows(&granted, scope("Operations", "Read")));
        assert!(!scope_allows(&granted, scope("Operations", "Update")));
        assert!(!scope_allows(&granted, scope("Reports", "Read")));
    }

    #[test]
    fn server_order_reverses_and_dedupes() {
        let ids = vec![
            "1".to_string(),
            "2".to_string(),
            "1".to_string(),
            "3".to_string(),
        ];
        assert_eq!(server_order(ids), vec!["3", "2", "1"]);
    }
}
