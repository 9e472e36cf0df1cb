//! Hosts, domains, ports and protocols, shared by the network types. The API names the host
//! `host_name` on PING, PORT, DOMAINEXPIRY and FTP but `hostname` on ISP (`ISPMonitor` in the
//! provider's `api/monitor_types.go`), hence two rows for `host`.

use super::{Codec, Field, On, field, required};

const HOST_NAME: On = On::PING.or(On::PORT).or(On::DOMAINEXPIRY).or(On::FTP);

pub static FIELDS: &[Field] = &[
    required(
        field("host", Codec::Text("host_name"), HOST_NAME),
        HOST_NAME,
    ),
    required(field("host", Codec::Text("hostname"), On::ISP), On::ISP),
    required(
        field(
            "domain",
            Codec::Text("domain_name"),
            On::SSL_CERT.or(On::DNS),
        ),
        On::SSL_CERT.or(On::DNS),
    ),
    required(
        field(
            "port",
            Codec::Int("port"),
            On::SSL_CERT
                .or(On::PORT)
                .or(On::DOMAINEXPIRY)
                .or(On::FTP)
                .or(On::ISP),
        ),
        On::PORT,
    ),
    // Sent as the file says it: the codes for FTP (`FTP`, `SFTP`, FTPS over SSL or TLS) and ISP
    // (`ICMP`, `TCP`, `UDP`) are documented only as names, and the provider's example sends `1`.
    field(
        "protocol",
        Codec::Text("protocol"),
        On::SSL_CERT.or(On::FTP).or(On::ISP),
    ),
    field(
        "expiry_days",
        Codec::Int("expire_days"),
        On::SSL_CERT.or(On::DOMAINEXPIRY),
    ),
];
