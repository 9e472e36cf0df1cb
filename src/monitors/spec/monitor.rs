//! One monitor of the file, and one step of a REST API transaction.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    BasicAuth, ContentType, DnsRecord, HttpMethod, Keyword, Minutes, MonitorType, ResponseType,
    Seconds,
};

/// One monitor. Which fields apply depends on `type`; `s247 monitors plan` says which are
/// missing or do not apply, and the schema encodes the same rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::super::fields::schema_rules)]
pub struct MonitorSpec {
    /// Display name; the monitor's identity (exact; two live monitors with one name is an error).
    pub name: String,
    /// The monitor type.
    #[serde(rename = "type")]
    pub kind: MonitorType,

    // References, by name.
    /// Location profile, by name (not HEARTBEAT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_profile: Option<String>,
    /// Notification profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_profile: Option<String>,
    /// Threshold profile of this monitor's type, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_profile: Option<String>,
    /// User groups alerted, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_groups: Option<Vec<String>>,
    /// Monitor groups, by name (defined in this file or existing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Tags, as `name:value` (or `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,

    // Schedule.
    /// How often to check: `1m`, `5m`, `1h` (not SSL_CERT, HEARTBEAT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_frequency: Option<Minutes>,
    /// How long to wait for an answer, `1s`–`45s` (not HEARTBEAT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Seconds>,

    // HTTP: URL, RESTAPI, HOMEPAGE.
    /// The URL checked (URL, RESTAPI, HOMEPAGE; required there). May use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTTP method: GET, POST, HEAD (URL, HOMEPAGE); GET, POST, PUT, DELETE (RESTAPI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// Request headers, name → value. Values may use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    /// Request body. May use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Content type of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<ContentType>,
    /// HTTP basic authentication; the password should be `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<BasicAuth>,
    /// Status codes that count as up: `"200"`, `"200-299"`, `"200-299,301"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_status: Option<String>,
    /// Text the response must contain (a string, or `{value, alert: down|trouble}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<Keyword>,
    /// Text the response must not contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent_keyword: Option<Keyword>,
    /// A regular expression the response must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<Keyword>,
    /// Keyword checks are case-sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_case: Option<bool>,
    /// User-Agent header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Follow redirects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_redirects: Option<bool>,
    /// Ignore certificate errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_cert_errors: Option<bool>,
    /// Expected response format (RESTAPI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<ResponseType>,

    // Hosts and ports.
    /// Host name or IP (PING, PORT, FTP, ISP; DOMAINEXPIRY: the registered domain; required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Domain name (SSL_CERT: the certificate's host; DNS: the name resolved; required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// TCP port (SSL_CERT, PORT, FTP, ISP; DOMAINEXPIRY: the WHOIS port; required for PORT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,

    // SSL_CERT.
    /// SSL_CERT: protocol of the TLS endpoint (`HTTPS`, `SMTPS`, …); FTP: the transfer protocol
    /// as the API codes it; ISP: `ICMP`, `TCP` or `UDP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Alert this many days before the certificate expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_days: Option<u32>,
    /// Do not alert when the certificate does not match the domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_domain_mismatch: Option<bool>,
    /// Do not alert when the certificate chain is not trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_trust: Option<bool>,

    // PORT.
    /// Connect with TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_ssl: Option<bool>,
    /// Command sent after connecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Alert when the port is open instead of closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invert_check: Option<bool>,

    // DNS.
    /// The name server queried (required for DNS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_server: Option<String>,
    /// The name server's port (default 53).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_port: Option<u16>,
    /// Record type looked up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_type: Option<DnsRecord>,
    /// Validate DNSSEC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnssec: Option<bool>,

    // HEARTBEAT.
    /// The name in the heartbeat's ping URL (required for HEARTBEAT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_name: Option<String>,

    // CRON.
    /// The job's schedule, a cron expression like `0 2 * * *` (required for CRON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_expression: Option<String>,
    /// The time zone the schedule is read in, like `UTC` or `Europe/Berlin` (required for CRON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_timezone: Option<String>,
    /// Seconds a run may be late before it alerts (the API's `wait_time`; required for CRON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<u32>,

    // DOMAINEXPIRY.
    /// The WHOIS server asked about the domain (DOMAINEXPIRY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whois_server: Option<String>,
    /// Prefer the registrar's expiry date over the registry's (DOMAINEXPIRY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_registry_date: Option<bool>,

    // FTP.
    /// The FTP user (required for FTP). May use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The FTP password: write `${env:NAME}`; it is masked in every log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The directory files are uploaded to (required for FTP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Check that a file can be uploaded (FTP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_upload: Option<bool>,
    /// Check that a file can be downloaded (FTP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_download: Option<bool>,

    // RESTAPISEQ.
    /// The steps of a REST API transaction, run in this order (required for RESTAPISEQ). Each
    /// is matched to the live step of the same name, so a step keeps the settings the file
    /// does not mention (`docs/monitor-types.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepSpec>>,
}

/// One step of a REST API transaction: a REST API check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// The step's name, unique within the monitor; how a step is matched to the live one.
    pub name: String,
    /// Absolute http(s) URL the step requests. May use `${env:NAME}`.
    pub url: String,
    /// HTTP method (GET, POST, PUT, DELETE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// Request headers to send. Values may use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    /// Request body. May use `${env:NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Content type of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<ContentType>,
    /// Status codes that mean up, like "200" or "200-299,301".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_status: Option<String>,
    /// Text the response must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<Keyword>,
    /// Text the response must not contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent_keyword: Option<Keyword>,
    /// A regular expression the response must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<Keyword>,
    /// Case-sensitive keyword checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_case: Option<bool>,
    /// What the response is: json, text, xml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<ResponseType>,
    /// Connection timeout with unit, like `10s` (1s to 45s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Seconds>,
    /// User agent to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl MonitorSpec {
    pub fn new(name: impl Into<String>, kind: MonitorType) -> Self {
        MonitorSpec {
            name: name.into(),
            kind,
            location_profile: None,
            notification_profile: None,
            threshold_profile: None,
            user_groups: None,
            groups: None,
            tags: None,
            check_frequency: None,
            timeout: None,
            url: None,
            method: None,
            headers: None,
            body: None,
            content_type: None,
            basic_auth: None,
            expected_status: None,
            keyword: None,
            absent_keyword: None,
            regex: None,
            match_case: None,
            user_agent: None,
            follow_redirects: None,
            ignore_cert_errors: None,
            response_type: None,
            host: None,
            domain: None,
            port: None,
            protocol: None,
            expiry_days: None,
            ignore_domain_mismatch: None,
            ignore_trust: None,
            use_ssl: None,
            command: None,
            invert_check: None,
            dns_server: None,
            dns_port: None,
            lookup_type: None,
            dnssec: None,
            unique_name: None,
            cron_expression: None,
            cron_timezone: None,
            wait_time: None,
            whois_server: None,
            ignore_registry_date: None,
            username: None,
            password: None,
            destination: None,
            check_upload: None,
            check_download: None,
            steps: None,
        }
    }
}
