//! The envelope every answer comes in: `{code, message, data}` on success, `{error_code,
//! message, error_info}` on failure.

use serde_json::{Map, Value, json};

use super::super::http::Response;
use super::super::state::Obj;

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
