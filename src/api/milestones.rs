//! Milestone markers (`site24x7-api.md` §9.1): `GET /milestone?page=N`, `POST /milestone`.
//!
//! A marker has no id: it is a `monitor_id` (a monitor or a monitor group) plus a `marker_time`.
//! The list's shape and page size are not documented, so reading is defensive: pages are read
//! until one is empty, repeats the previous one (a server that ignores `page`), or
//! [`MAX_PAGES`] have been read.

use serde_json::{Value, json};

use super::envelope::str_field;
use super::{Api, ApiError};

pub const PATH: &str = "/milestone";

/// Pages read at most when looking for this run's markers.
pub const MAX_PAGES: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub monitor_id: String,
    pub marker_time: String,
    pub label: String,
    pub message: String,
}

impl Marker {
    fn from_json(item: &Value) -> Option<Marker> {
        Some(Marker {
            monitor_id: str_field(item, "monitor_id")?,
            marker_time: str_field(item, "marker_time").unwrap_or_default(),
            label: str_field(item, "label").unwrap_or_default(),
            message: str_field(item, "message").unwrap_or_default(),
        })
    }

    pub fn body(&self) -> Value {
        json!({
            "monitor_id": self.monitor_id,
            "marker_time": self.marker_time,
            "label": self.label,
            "message": self.message,
        })
    }
}

/// Every marker of the account, as far as [`MAX_PAGES`] pages go.
pub fn list(api: &Api) -> Result<Vec<Marker>, ApiError> {
    let mut markers = Vec::new();
    let mut previous: Option<Value> = None;
    for page in 1..=MAX_PAGES {
        let data = api.get(&format!("{PATH}?page={page}"))?;
        let items = match &data {
            Value::Array(items) => items.clone(),
            // A list wrapped in an object (shape unknown): take the first array in it.
            Value::Object(map) => map
                .values()
                .find_map(|v| v.as_array().cloned())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if items.is_empty() || previous.as_ref() == Some(&data) {
            break;
        }
        markers.extend(items.iter().filter_map(Marker::from_json));
        previous = Some(data);
    }
    Ok(markers)
}

/// Add a marker. Never retried blindly (a POST): after an ambiguous failure, list first.
pub fn add(api: &Api, marker: &Marker) -> Result<(), ApiError> {
    api.post(PATH, &marker.body()).map(|_| ())
}
