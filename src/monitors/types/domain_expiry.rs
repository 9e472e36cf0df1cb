//! DOMAINEXPIRY (`DomainExpiryMonitor` in the provider's `api/monitor_types.go` and
//! `docs/resources/domain_expiry_monitor.md`): the registered domain is `host_name` (in
//! [`super::network`], as `host`); the API's `domain_name` is the WHOIS server, called
//! `whois_server` in the file so that it is not mistaken for the domain.

use super::{Codec, Field, On, field};

pub static FIELDS: &[Field] = &[
    field("whois_server", Codec::Text("domain_name"), On::DOMAINEXPIRY),
    field(
        "ignore_registry_date",
        Codec::Bool("ignore_registry_date"),
        On::DOMAINEXPIRY,
    ),
];
