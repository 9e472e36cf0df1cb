//! What a caller may do: the scope each operation needs, and the access token a request carries.

use super::super::http::Request;

/// A scope an operation needs: `Site24x7.<group>.<op>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scope {
    pub group: &'static str,
    pub op: &'static str,
}

pub(super) const fn scope(group: &'static str, op: &'static str) -> Scope {
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

/// The token from `Authorization: Zoho-oauthtoken X` or `Authorization: Bearer X`.
pub(super) fn access_token(request: &Request) -> Option<String> {
    let value = request.header("authorization")?.trim();
    let (scheme, token) = value.split_once(char::is_whitespace)?;
    let known =
        scheme.eq_ignore_ascii_case("Zoho-oauthtoken") || scheme.eq_ignore_ascii_case("Bearer");
    let token = token.trim();
    (known && !token.is_empty()).then(|| token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
