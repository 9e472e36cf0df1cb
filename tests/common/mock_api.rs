//! A Site24x7 and Zoho played by a mockito server, for the exact requests and bodies: the answer
//! envelope, an endpoint answering data in it, and the one good token mint.

use mockito::{Mock, Server};
use serde_json::{Value, json};

use super::{ACCESS_TOKEN, token_body};

/// The Site24x7 envelope around `data`: `{"code": 0, "message": "success", "data": …}`.
pub fn envelope(data: Value) -> String {
    json!({"code": 0, "message": "success", "data": data}).to_string()
}

/// `method path` answering `data` in the envelope; the caller adds matchers, `.expect(n)` and
/// `.create()`.
pub fn answering(server: &mut Server, method: &str, path: &str, data: Value) -> Mock {
    server.mock(method, path).with_body(envelope(data))
}

/// Zoho's token endpoint (`POST /oauth/v2/token`), to answer as the scenario says.
pub fn token_endpoint(server: &mut Server) -> Mock {
    server.mock("POST", "/oauth/v2/token")
}

/// The token endpoint minting [`ACCESS_TOKEN`]; the caller adds `.expect(n)` and `.create()`.
pub fn mints(server: &mut Server) -> Mock {
    token_endpoint(server).with_body(token_body(ACCESS_TOKEN))
}

/// The token endpoint minting [`ACCESS_TOKEN`], expected exactly once (one token per job).
pub fn mints_once(server: &mut Server) -> Mock {
    mints(server).expect(1).create()
}
