//! The values of a monitor's fields that are more than a string or a number: HTTP method,
//! content and response types, DNS record types, basic authentication, the keyword check.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum HttpMethod {
    GET,
    POST,
    PUT,
    DELETE,
    HEAD,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    Json,
    Text,
    Xml,
    Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResponseType {
    Json,
    Text,
    Xml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[allow(clippy::upper_case_acronyms)]
pub enum DnsRecord {
    A,
    AAAA,
    CNAME,
    MX,
    NS,
    PTR,
    SOA,
    SRV,
    TXT,
    CAA,
    DS,
    DNSKEY,
}

/// HTTP basic authentication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicAuth {
    /// User name. May use `${env:NAME}`.
    pub user: String,
    /// Password: write `${env:NAME}` and set the variable in CI; it is masked in every log.
    pub password: String,
}

/// What a failed keyword check reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Alert {
    #[default]
    Down,
    Trouble,
}

/// A keyword check: `keyword: Welcome`, or `keyword: {value: Welcome, alert: trouble}`
/// (`alert` defaults to `down`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    pub value: String,
    pub alert: Alert,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct KeywordForm {
    value: String,
    #[serde(default)]
    alert: Alert,
}

impl Serialize for Keyword {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.alert == Alert::default() {
            serializer.serialize_str(&self.value)
        } else {
            KeywordForm {
                value: self.value.clone(),
                alert: self.alert,
            }
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Keyword {
    // A visitor rather than an untagged enum: untagged enums lose the file position of errors.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeywordVisitor;
        impl<'de> Visitor<'de> for KeywordVisitor {
            type Value = Keyword;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a keyword, or a mapping with `value` and `alert`")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Keyword, E> {
                Ok(Keyword {
                    value: value.to_string(),
                    alert: Alert::default(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Keyword, A::Error> {
                let form = KeywordForm::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Keyword {
                    value: form.value,
                    alert: form.alert,
                })
            }
        }
        deserializer.deserialize_any(KeywordVisitor)
    }
}

impl JsonSchema for Keyword {
    fn schema_name() -> Cow<'static, str> {
        "Keyword".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let alert = generator.subschema_for::<Alert>();
        json_schema!({
            "description": "A keyword, or `{value, alert}` where alert is `down` (default) or `trouble`.",
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["value"],
                    "properties": {"value": {"type": "string"}, "alert": alert}
                }
            ]
        })
    }
}
