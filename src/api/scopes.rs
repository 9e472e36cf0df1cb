//! Which OAuth scope each request needs (`site24x7-api.md` §2.6), so that a refusal with code
//! 1121 ("OAuth Scope associated to the OAuth Access Token is disallowed") can say which scope is
//! missing instead of passing the raw message on.

use super::Method;

/// The scope a request needs: `Site24x7.<Group>.<Op>`. `None` for a path this table does not know.
pub fn required(method: Method, path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or_default();
    let mut segments = path.trim_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let second = segments.next();
    let group = match (first, second) {
        // Suspending and activating are operations, not administration (§2.6).
        ("monitors", Some("suspend" | "activate")) => {
            return (method == Method::Put).then_some("Site24x7.Operations.Update");
        }
        ("maintenance", _) => Group::Operations,
        (
            "monitors"
            | "monitor_groups"
            | "location_profiles"
            | "location_template"
            | "notification_profiles"
            | "threshold_profiles"
            | "user_groups"
            | "tags"
            | "third_party_services"
            | "milestone"
            // `/monitor/poll_now/{id}` and `/monitor/status_poll_now/{id}` (singular, §9.2).
            | "monitor",
            _,
        ) => Group::Admin,
        ("current_status", _) => return Some("Site24x7.Reports.Read"),
        ("users", _) => return Some("Site24x7.Account.Read"),
        _ => return None,
    };
    Some(match (group, method) {
        (Group::Admin, Method::Get) => "Site24x7.Admin.Read",
        (Group::Admin, Method::Post) => "Site24x7.Admin.Create",
        (Group::Admin, Method::Put) => "Site24x7.Admin.Update",
        (Group::Admin, Method::Delete) => "Site24x7.Admin.Delete",
        (Group::Operations, Method::Get) => "Site24x7.Operations.Read",
        (Group::Operations, Method::Post) => "Site24x7.Operations.Create",
        (Group::Operations, Method::Put) => "Site24x7.Operations.Update",
        (Group::Operations, Method::Delete) => "Site24x7.Operations.Delete",
    })
}

#[derive(Clone, Copy)]
enum Group {
    Admin,
    Operations,
}

/// What to tell the user when `scope` was refused.
pub fn advice(scope: &str) -> String {
    let all = scope
        .rsplit_once('.')
        .map(|(group, _)| format!("{group}.All"))
        .unwrap_or_default();
    format!(
        "the token lacks the scope `{scope}`: add it (or `{all}`) to the Self Client's scopes, generate a new refresh token, and run `s247 check` to see what the credentials can do"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_s247_makes_has_the_scope_of_the_reference_table() {
        let cases = [
            (Method::Get, "/monitors", "Site24x7.Admin.Read"),
            (
                Method::Get,
                "/monitors/name/Home%20page",
                "Site24x7.Admin.Read",
            ),
            (Method::Post, "/monitors", "Site24x7.Admin.Create"),
            (Method::Put, "/monitors/123", "Site24x7.Admin.Update"),
            (Method::Delete, "/monitors/123", "Site24x7.Admin.Delete"),
            (
                Method::Put,
                "/monitors/suspend/123",
                "Site24x7.Operations.Update",
            ),
            (
                Method::Put,
                "/monitors/activate/123",
                "Site24x7.Operations.Update",
            ),
            // The release gate's requests (issue 14, §9.1–9.2).
            (Method::Get, "/milestone?page=1", "Site24x7.Admin.Read"),
            (Method::Post, "/milestone", "Site24x7.Admin.Create"),
            (Method::Get, "/monitor/poll_now/123", "Site24x7.Admin.Read"),
            (Method::Get, "/maintenance", "Site24x7.Operations.Read"),
            (Method::Post, "/maintenance", "Site24x7.Operations.Create"),
            (Method::Put, "/maintenance/9", "Site24x7.Operations.Update"),
            (
                Method::Delete,
                "/maintenance/9",
                "Site24x7.Operations.Delete",
            ),
            (Method::Post, "/monitor_groups", "Site24x7.Admin.Create"),
            (Method::Get, "/user_groups", "Site24x7.Admin.Read"),
            (Method::Post, "/tags", "Site24x7.Admin.Create"),
            (
                Method::Get,
                "/monitor_groups?subgroup_required=true",
                "Site24x7.Admin.Read",
            ),
        ];
        for (method, path, scope) in cases {
            assert_eq!(required(method, path), Some(scope), "{method:?} {path}");
        }
        assert_eq!(required(Method::Get, "/nothing_we_call"), None);
    }

    #[test]
    fn advice_names_the_scope_and_its_group() {
        let text = advice("Site24x7.Operations.Create");
        assert!(text.contains("`Site24x7.Operations.Create`"), "{text}");
        assert!(text.contains("`Site24x7.Operations.All`"), "{text}");
        assert!(text.contains("s247 check"), "{text}");
    }
}
