//! The API's codes for the file's words: HTTP methods, content and response types, DNS record
//! types, as the API writes them (one-letter strings, a few numbers).

use serde_json::Value;

use super::scalar_text;
use crate::api::envelope::as_i64;

/// An API code: most are one-letter strings, a few numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Str(&'static str),
    Int(i64),
}

impl Code {
    pub(super) fn value(self) -> Value {
        match self {
            Code::Str(s) => Value::String(s.into()),
            Code::Int(n) => Value::from(n),
        }
    }

    pub(super) fn matches(self, live: &Value) -> bool {
        match self {
            Code::Str(s) => scalar_text(live).as_deref() == Some(s),
            Code::Int(n) => as_i64(live) == Some(n),
        }
    }
}

pub(crate) const METHODS_URL: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("HEAD", Code::Str("H")),
];
pub(crate) const METHODS_REST: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("PUT", Code::Str("U")),
    ("DELETE", Code::Str("D")),
];
/// Every method any type takes, for reading back.
pub(crate) const METHODS_ALL: &[(&str, Code)] = &[
    ("GET", Code::Str("G")),
    ("POST", Code::Str("P")),
    ("HEAD", Code::Str("H")),
    ("PUT", Code::Str("U")),
    ("DELETE", Code::Str("D")),
];
pub(crate) const CONTENT_TYPES: &[(&str, Code)] = &[
    ("json", Code::Str("J")),
    ("text", Code::Str("T")),
    ("xml", Code::Str("X")),
    ("form", Code::Str("F")),
];
pub(crate) const RESPONSE_TYPES: &[(&str, Code)] = &[
    ("json", Code::Str("J")),
    ("text", Code::Str("T")),
    ("xml", Code::Str("X")),
];
/// DNS record types as the API's `lookup_type` numbers. UNVERIFIED: the reference gives only
/// "default 1" (= A); the others assume the API uses the IANA record type numbers.
pub(crate) const LOOKUP_TYPES: &[(&str, Code)] = &[
    ("A", Code::Int(1)),
    ("NS", Code::Int(2)),
    ("CNAME", Code::Int(5)),
    ("SOA", Code::Int(6)),
    ("PTR", Code::Int(12)),
    ("MX", Code::Int(15)),
    ("TXT", Code::Int(16)),
    ("AAAA", Code::Int(28)),
    ("SRV", Code::Int(33)),
    ("DS", Code::Int(43)),
    ("DNSKEY", Code::Int(48)),
    ("CAA", Code::Int(257)),
];
