//! What a create sends for the fields a file leaves out, per type.

use serde_json::Value;

use crate::monitors::spec::MonitorType;

/// Documented defaults the provider sends on every create of a type (§8 row 8: its
/// non-`omitempty` fields and `docs/resources/*.md`), for the fields the file leaves out.
pub fn create_defaults(kind: MonitorType) -> Vec<(&'static str, Value)> {
    let web = || {
        vec![
            ("check_frequency", Value::from("1")),
            ("timeout", Value::from(10)),
            ("http_method", Value::from("G")),
        ]
    };
    match kind.api_name() {
        "URL" | "RESTAPI" => web(),
        // `site24x7/monitors/web_page_speed.go` schema defaults.
        "HOMEPAGE" => vec![
            ("check_frequency", Value::from("5")),
            ("timeout", Value::from(30)),
            ("http_method", Value::from("G")),
            ("website_type", Value::from(1)),
            ("browser_type", Value::from(1)),
            ("device_type", Value::from("1")),
            ("wpa_resolution", Value::from("1024,768")),
        ],
        "SSL_CERT" => vec![
            ("port", Value::from(443)),
            ("protocol", Value::from("HTTPS")),
            ("expire_days", Value::from(30)),
            ("http_protocol", Value::from("H1.1")),
        ],
        "DNS" => vec![
            ("dns_port", Value::from("53")),
            ("lookup_type", Value::from(1)),
        ],
        // `docs/resources/soap_monitor.md` gives no defaults; a SOAP request is a POST.
        "SOAP" => vec![
            ("check_frequency", Value::from("5")),
            ("timeout", Value::from(10)),
            ("http_method", Value::from("P")),
        ],
        // `docs/resources/domain_expiry_monitor.md`: WHOIS port 43; `expire_days` as its example.
        "DOMAINEXPIRY" => vec![
            ("port", Value::from(43)),
            ("timeout", Value::from(10)),
            ("expire_days", Value::from(30)),
        ],
        // `docs/resources/ftp_transfer_monitor.md`: frequency 1, timeout 10, both checks on.
        "FTP" => vec![
            ("check_frequency", Value::from("1")),
            ("timeout", Value::from(10)),
            ("check_upload", Value::from(true)),
            ("check_download", Value::from(true)),
        ],
        // `docs/resources/isp_monitor.md`: frequency 1, timeout 10.
        "ISP" => vec![
            ("check_frequency", Value::from("1")),
            ("timeout", Value::from(10)),
        ],
        // `docs/resources/rest_api_transaction_monitor.md`: "Default value is 1 minute" (the
        // struct's `check_frequency` is not `omitempty`); a step's defaults are its own.
        "RESTAPISEQ" => vec![("check_frequency", Value::from("1"))],
        _ => Vec::new(),
    }
}
