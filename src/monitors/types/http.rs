//! Fields of the HTTP types: URL (website), RESTAPI, HOMEPAGE (web page speed) and SOAP (a SOAP
//! request posted to a URL; `SOAPMonitor` in the provider's `api/monitor_types.go`).

use super::{Codec, Field, On, env, field, required};
use crate::monitors::fields::{CONTENT_TYPES, METHODS_ALL};

/// URL, RESTAPI, SOAP: a request with a body and expected status codes.
const WITH_BODY: On = On::URL.or(On::RESTAPI).or(On::SOAP);
/// Types with content checks on what they fetch (DOMAINEXPIRY: on the WHOIS answer).
const CONTENT: On = On::HTTP.or(On::PORT).or(On::DOMAINEXPIRY);

pub static FIELDS: &[Field] = &[
    required(
        env(field("url", Codec::Text("website"), On::HTTP.or(On::SOAP))),
        On::HTTP.or(On::SOAP),
    ),
    field(
        "method",
        Codec::Choice("http_method", METHODS_ALL),
        On::HTTP,
    ),
    env(field("headers", Codec::Headers("custom_headers"), On::HTTP)),
    // SOAP's body is its SOAP envelope: required.
    required(
        env(field("body", Codec::Text("request_param"), WITH_BODY)),
        On::SOAP,
    ),
    field(
        "content_type",
        Codec::Choice("request_content_type", CONTENT_TYPES),
        On::URL.or(On::RESTAPI),
    ),
    env(field("basic_auth", Codec::BasicAuth, On::HTTP)),
    field(
        "expected_status",
        Codec::StatusCodes("up_status_codes"),
        WITH_BODY,
    ),
    field("keyword", Codec::Keyword("matching_keyword"), CONTENT),
    field(
        "absent_keyword",
        Codec::Keyword("unmatching_keyword"),
        CONTENT,
    ),
    field(
        "regex",
        Codec::Keyword("match_regex"),
        On::HTTP.or(On::DOMAINEXPIRY),
    ),
    field(
        "match_case",
        Codec::Bool("match_case"),
        On::HTTP.or(On::DOMAINEXPIRY),
    ),
    field("user_agent", Codec::Text("user_agent"), On::HTTP),
    field("follow_redirects", Codec::Bool("follow_redirect"), On::HTTP),
    field(
        "ignore_cert_errors",
        Codec::Bool("ignore_cert_err"),
        On::HTTP,
    ),
];
