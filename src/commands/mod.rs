//! Commands of the foundation: token, check, auth exchange/revoke.
