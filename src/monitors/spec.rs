//! The monitors file (`version: 1`) as Rust types: what serde-saphyr parses (unknown fields and
//! duplicate keys rejected, every error at `line:col`), what `export` writes, and what the JSON
//! Schema in `schema/monitors.schema.json` is generated from.
//!
//! The types say which values are well-formed; which fields a monitor type takes, and what each
//! one becomes in the API, is the table in [`super::fields`]. A test keeps the two in step.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use super::durations::{
    CHECK_FREQUENCIES, MAX_FREQUENCY_MINUTES, MAX_TIMEOUT_SECONDS, Minutes, Seconds,
};

/// The tag that marks monitors `apply` created, unless the file names another.
pub const DEFAULT_OWNER_TAG: &str = "managed-by:s247";

/// A monitors file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "s247 monitors file", extend("$id" = "https://github.com/s247-dev/s247/schema/monitors.schema.json"))]
pub struct MonitorsFile {
    /// Format version; always 1.
    pub version: u32,
    /// The tag (`name:value`, or `name` for a tag without value) that marks monitors created by
    /// `apply`; `--prune` only ever touches monitors carrying it. Default `managed-by:s247`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_tag: Option<String>,
    /// Values every monitor gets unless it sets the field itself (and the field applies to its
    /// type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// Monitor groups, by display name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitor_groups: Vec<GroupSpec>,
    /// Monitors, by display name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitors: Vec<MonitorSpec>,
    /// Maintenance windows managed as code, by display name. With this section, the file owns
    /// the windows it created (`--prune` deletes those that left it); without it, every window is
    /// left alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_windows: Option<Vec<super::windows::spec::WindowSpec>>,
    /// Notification profiles, by name (monitors and groups refer to them by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notification_profiles: Vec<super::profiles::spec::NotificationProfileSpec>,
    /// Threshold profiles, by name and monitor type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threshold_profiles: Vec<super::profiles::spec::ThresholdProfileSpec>,
    /// Location profiles, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_profiles: Vec<super::profiles::spec::LocationProfileSpec>,
    /// User groups (alert groups), by name; members are existing users, by e-mail address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_groups: Vec<super::profiles::spec::UserGroupSpec>,
    /// Tags, by name and value, with a colour from the palette.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<super::profiles::spec::TagSpec>,
}

/// Fields filled into every monitor that does not set them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Location profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_profile: Option<String>,
    /// Notification profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_profile: Option<String>,
    /// Threshold profile, by name; looked up among the profiles of each monitor's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_profile: Option<String>,
    /// User groups alerted, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_groups: Option<Vec<String>>,
    /// Monitor groups, by name (defined in this file or existing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Tags, as `name:value` (or `name` for a tag without value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// How often to check: `1m`, `5m`, `1h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_frequency: Option<Minutes>,
    /// How long to wait for an answer: `10s` (1s–45s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Seconds>,
}

/// A monitor group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Display name; the group's identity.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many monitors must be down for the group to be down (0: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_threshold_count: Option<u32>,
    /// Notification profile, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_profile: Option<String>,
    /// Threshold profile of type HEALTHCHECK, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck_profile: Option<String>,
    /// User groups alerted, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_groups: Option<Vec<String>>,
    /// Tags, as `name:value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Suppress alerts of the member monitors while the group's dependency is down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress_alert: Option<bool>,
}

/// The monitor types s247 manages (the API's `type` values).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum MonitorType {
    /// Website: an HTTP(S) check of one URL.
    #[serde(rename = "URL")]
    Url,
    /// REST API: an HTTP request with response checks.
    #[serde(rename = "RESTAPI")]
    RestApi,
    /// SSL/TLS certificate expiry and validity.
    #[serde(rename = "SSL_CERT")]
    SslCert,
    /// ICMP ping.
    #[serde(rename = "PING")]
    Ping,
    /// A TCP port.
    #[serde(rename = "PORT")]
    Port,
    /// A DNS server answering for a domain.
    #[serde(rename = "DNS")]
    Dns,
    /// Heartbeat: your job pings Site24x7.
    #[serde(rename = "HEARTBEAT")]
    Heartbeat,
    /// Web page speed (browser).
    #[serde(rename = "HOMEPAGE")]
    Homepage,
    /// SOAP web service: a SOAP request posted to a URL.
    #[serde(rename = "SOAP")]
    Soap,
    /// Cron job: the job pings Site24x7 on a cron schedule.
    #[serde(rename = "CRON")]
    Cron,
    /// Domain expiry: a domain's registration, read from a WHOIS server.
    #[serde(rename = "DOMAINEXPIRY")]
    DomainExpiry,
    /// FTP transfer: upload and download over FTP, SFTP or FTPS.
    #[serde(rename = "FTP")]
    Ftp,
    /// ISP: latency and reachability of a host through the network path.
    #[serde(rename = "ISP")]
    Isp,
    /// Server (agent): adopt only.
    #[serde(rename = "SERVER")]
    Server,
    /// Amazon Web Services (integration): adopt only.
    #[serde(rename = "AMAZON")]
    Amazon,
    /// Microsoft Azure (integration): adopt only.
    #[serde(rename = "AZURE")]
    Azure,
    /// Google Cloud (integration): adopt only.
    #[serde(rename = "GCP")]
    Gcp,
    /// Web transaction (browser), from a recorded script: adopt only.
    #[serde(rename = "REALBROWSER")]
    RealBrowser,
    /// REST API transaction: an ordered list of REST API checks (`steps`).
    #[serde(rename = "RESTAPISEQ")]
    RestApiSeq,
}

impl MonitorType {
    /// New types go last: a type's bit in `fields::On` is its place here.
    pub const ALL: [MonitorType; 19] = [
        MonitorType::Url,
        MonitorType::RestApi,
        MonitorType::SslCert,
        MonitorType::Ping,
        MonitorType::Port,
        MonitorType::Dns,
        MonitorType::Heartbeat,
        MonitorType::Homepage,
        MonitorType::Soap,
        MonitorType::Cron,
        MonitorType::DomainExpiry,
        MonitorType::Ftp,
        MonitorType::Isp,
        MonitorType::Server,
        MonitorType::Amazon,
        MonitorType::Azure,
        MonitorType::Gcp,
        MonitorType::RealBrowser,
        MonitorType::RestApiSeq,
    ];

    /// Types that come from agents, cloud integrations or recorded scripts: a file can only
    /// *adopt* an existing one (by name) and manage the fields every monitor has. s247 never
    /// creates, prunes or exports them (`docs/monitor-types.md`).
    pub const ADOPT_ONLY: [MonitorType; 5] = [
        MonitorType::Server,
        MonitorType::Amazon,
        MonitorType::Azure,
        MonitorType::Gcp,
        MonitorType::RealBrowser,
    ];

    /// Whether `apply` can create a monitor of this type from a file.
    pub fn creatable(self) -> bool {
        !Self::ADOPT_ONLY.contains(&self)
    }

    /// The API's name, also the file's.
    pub fn api_name(self) -> &'static str {
        match self {
            MonitorType::Url => "URL",
            MonitorType::RestApi => "RESTAPI",
            MonitorType::SslCert => "SSL_CERT",
            MonitorType::Ping => "PING",
            MonitorType::Port => "PORT",
            MonitorType::Dns => "DNS",
            MonitorType::Heartbeat => "HEARTBEAT",
            MonitorType::Homepage => "HOMEPAGE",
            MonitorType::Soap => "SOAP",
            MonitorType::Cron => "CRON",
            MonitorType::DomainExpiry => "DOMAINEXPIRY",
            MonitorType::Ftp => "FTP",
            MonitorType::Isp => "ISP",
            MonitorType::Server => "SERVER",
            MonitorType::Amazon => "AMAZON",
            MonitorType::Azure => "AZURE",
            MonitorType::Gcp => "GCP",
            MonitorType::RealBrowser => "REALBROWSER",
            MonitorType::RestApiSeq => "RESTAPISEQ",
        }
    }

    pub fn from_api(name: &str) -> Option<MonitorType> {
        MonitorType::ALL
            .into_iter()
            .find(|t| t.api_name() == name.trim())
    }

    /// The type of a live monitor: its `type`, or DOMAINEXPIRY for an object without one that
    /// has a domain-expiry monitor's shape (`host_name` and `expire_days`, no `website`):
    /// domain-expiry monitors come back without `type` (`site24x7-api.md` §8 row 12).
    pub fn of_live(live: &serde_json::Value) -> Option<MonitorType> {
        let text = |key: &str| {
            live.get(key)
                .and_then(super::fields::scalar_text)
                .filter(|s| !s.trim().is_empty())
        };
        match text("type") {
            Some(name) => MonitorType::from_api(&name),
            None if text("host_name").is_some()
                && text("expire_days").is_some()
                && text("website").is_none() =>
            {
                Some(MonitorType::DomainExpiry)
            }
            None => None,
        }
    }
}

impl fmt::Display for MonitorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.api_name())
    }
}

/// One monitor. Which fields apply depends on `type`; `s247 monitors plan` says which are
/// missing or do not apply, and the schema encodes the same rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::fields::schema_rules)]
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

/// The JSON Schema of the file, pretty-printed with a final newline, as committed in
/// `schema/monitors.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<MonitorsFile>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_whole_units() {
        assert_eq!(Minutes::parse("5m"), Ok(Minutes(5)));
        assert_eq!(Minutes::parse("1h"), Ok(Minutes(60)));
        assert!(Minutes::parse("90s").unwrap_err().contains("whole number"));
        assert!(Minutes::parse("5").unwrap_err().contains("no unit"));
        assert!(Minutes::parse("25h").unwrap_err().contains("out of range"));
        assert_eq!(Seconds::parse("10s"), Ok(Seconds(10)));
        assert!(Seconds::parse("1m").is_err(), "60s is above 45s");
        assert_eq!(Minutes(90).to_string(), "90m");
        assert_eq!(Minutes(120).to_string(), "2h");
    }

    #[test]
    fn keyword_short_and_long_forms() {
        let short: Keyword = serde_json::from_str("\"Welcome\"").unwrap();
        assert_eq!(short.alert, Alert::Down);
        let long: Keyword =
            serde_json::from_str(r#"{"value":"Welcome","alert":"trouble"}"#).unwrap();
        assert_eq!(long.alert, Alert::Trouble);
        assert_eq!(serde_json::to_string(&short).unwrap(), "\"Welcome\"");
        assert_eq!(
            serde_json::to_value(&long).unwrap(),
            serde_json::json!({"value":"Welcome","alert":"trouble"})
        );
    }
}
