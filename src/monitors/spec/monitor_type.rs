//! The monitor types s247 manages, and what each one is in the API.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// Whether s247 manages a live monitor at all: a type it creates. Adopted types, unknown
    /// types and monitors without a recognisable type are never planned against or pruned,
    /// whatever tags they carry.
    pub fn managed(live: &serde_json::Value) -> bool {
        MonitorType::of_live(live).is_some_and(|kind| kind.creatable())
    }

    pub fn of_live(live: &serde_json::Value) -> Option<MonitorType> {
        let text = |key: &str| {
            live.get(key)
                .and_then(super::super::fields::scalar_text)
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
