//! Where a request's path leads: the route table's nouns, the path templates counters use, and
//! path-segment decoding.

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
    pub(super) fn reads_query(&self) -> bool {
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
}
