//! The request log and the counters by route template.

use std::collections::BTreeMap;

use serde::Serialize;

use super::http::Request;

/// Requests counted so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub total: usize,
    /// By `"METHOD /path/template"`, e.g. `"POST /api/monitors"`, `"PUT /api/monitors/{id}"`,
    /// `"POST /oauth/v2/token"`. Paths the sandbox does not know are counted under their literal
    /// path.
    pub by_route: BTreeMap<String, usize>,
}

impl Stats {
    /// How many requests went to this route template (0 if none).
    pub fn count(&self, route: &str) -> usize {
        self.by_route.get(route).copied().unwrap_or(0)
    }
}

/// One request as the sandbox saw it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent (percent-encoded), without the query.
    pub path: String,
    /// The raw query string, or empty.
    pub query: String,
    /// The route template it was counted under.
    pub route: String,
    /// The status answered; `None` when the connection was dropped without an answer.
    pub status: Option<u16>,
    /// For dropped-after-apply requests: the status the handler produced but never sent.
    pub applied_status: Option<u16>,
    /// For writes under `/api` (POST, PUT, DELETE): the JSON body (a string if it was not JSON).
    pub body: Option<serde_json::Value>,
    /// The fault injected, if any: `drop`, `drop_after_apply`, `status 503`, `rate_limit …`.
    pub fault: Option<String>,
    /// Injected latency, if any.
    pub latency_ms: Option<u64>,
}

impl RecordedRequest {
    pub(crate) fn new(request: &Request, route: &str) -> RecordedRequest {
        let is_api_write = request.path.starts_with("/api/")
            && matches!(request.method.as_str(), "POST" | "PUT" | "DELETE");
        let body = (is_api_write && !request.body.is_empty()).then(|| {
            serde_json::from_slice(&request.body).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&request.body).into_owned())
            })
        });
        RecordedRequest {
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.clone(),
            route: route.to_string(),
            status: None,
            applied_status: None,
            body,
            fault: None,
            latency_ms: None,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Log {
    stats: Stats,
    requests: Vec<RecordedRequest>,
}

impl Log {
    pub fn push(&mut self, request: RecordedRequest) {
        self.stats.total += 1;
        *self
            .stats
            .by_route
            .entry(request.route.clone())
            .or_default() += 1;
        self.requests.push(request);
    }

    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.clone()
    }

    pub fn clear(&mut self) {
        *self = Log::default();
    }
}
