//! The ten Site24x7 data centers and where their accounts and API servers live
//! (`site24x7-api.md` §1.1).

use std::fmt;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataCenter {
    pub code: &'static str,
    /// Zoho accounts server base; the token endpoint is `/oauth/v2/token` under it.
    pub accounts_url: &'static str,
    /// Site24x7 API root, including `/api`.
    pub api_url: &'static str,
}

pub const DATA_CENTERS: [DataCenter; 10] = [
    DataCenter {
        code: "us",
        accounts_url: "https://accounts.zoho.com",
        api_url: "https://www.site24x7.com/api",
    },
    DataCenter {
        code: "eu",
        accounts_url: "https://accounts.zoho.eu",
        api_url: "https://www.site24x7.eu/api",
    },
    DataCenter {
        code: "in",
        accounts_url: "https://accounts.zoho.in",
        api_url: "https://www.site24x7.in/api",
    },
    DataCenter {
        code: "au",
        accounts_url: "https://accounts.zoho.com.au",
        api_url: "https://www.site24x7.net.au/api",
    },
    DataCenter {
        code: "cn",
        accounts_url: "https://accounts.zoho.com.cn",
        api_url: "https://www.site24x7.cn/api",
    },
    // The docs give app.site24x7.jp; the Terraform provider's www host with `//api` is a typo.
    DataCenter {
        code: "jp",
        accounts_url: "https://accounts.zoho.jp",
        api_url: "https://app.site24x7.jp/api",
    },
    DataCenter {
        code: "ca",
        accounts_url: "https://accounts.zohocloud.ca",
        api_url: "https://www.site24x7.ca/api",
    },
    // The UK and AE accounts hosts rest on one source; `accounts-url` overrides them if they move.
    DataCenter {
        code: "uk",
        accounts_url: "https://accounts.zoho.uk",
        api_url: "https://app.site24x7.uk/api",
    },
    DataCenter {
        code: "ae",
        accounts_url: "https://accounts.zoho.ae",
        api_url: "https://app.site24x7.ae/api",
    },
    DataCenter {
        code: "sa",
        accounts_url: "https://accounts.zoho.sa",
        api_url: "https://www.site24x7.sa/api",
    },
];

impl DataCenter {
    /// Case-insensitive lookup; an unknown code is an error that lists the valid ones.
    pub fn parse(code: &str) -> Result<DataCenter> {
        let wanted = code.trim().to_ascii_lowercase();
        DATA_CENTERS
            .iter()
            .copied()
            .find(|dc| dc.code == wanted)
            .ok_or_else(|| {
                let valid: Vec<_> = DATA_CENTERS.iter().map(|dc| dc.code).collect();
                Error::invalid(format!(
                    "unknown data center `{}`; use one of: {}",
                    code.trim(),
                    valid.join(", ")
                ))
            })
    }
}

impl fmt::Display for DataCenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Check an `accounts-url` / `api-url` override: https, or plain http only to a loopback host
/// (the sandbox, a test server). Returns it without a trailing slash.
pub fn check_override(setting: &str, url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        Error::invalid(format!(
            "{setting} `{url}` is not a URL; write it like https://host/path"
        ))
    })?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // `https://user:password@host`: refused without quoting the URL, which carries the password.
    // s247 authenticates with OAuth; a password here would only travel into logs and outputs.
    if authority.contains('@') {
        return Err(Error::invalid(format!(
            "{setting} carries a user name or password (`user:…@host`); remove it (s247 signs in with OAuth, and the URL is shown in logs)"
        )));
    }
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(inner) = host_port.strip_prefix('[') {
        inner.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err(Error::invalid(format!("{setting} `{url}` has no host")));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_string()),
        "http" if is_loopback(host) => Ok(url.to_string()),
        "http" => Err(Error::invalid(format!(
            "{setting} `{url}` must use https: plain http is only allowed to a loopback host (localhost, 127.0.0.1, IPv6 loopback), because the token travels in it"
        ))),
        other => Err(Error::invalid(format!(
            "{setting} `{url}` has scheme `{other}`; use https"
        ))),
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_case_insensitive_and_unknown_ones_list_the_valid() {
        assert_eq!(
            DataCenter::parse("EU").unwrap().accounts_url,
            "https://accounts.zoho.eu"
        );
        let err = DataCenter::parse("europe").unwrap_err().to_string();
        assert!(
            err.contains("us, eu, in, au, cn, jp, ca, uk, ae, sa"),
            "{err}"
        );
    }

    #[test]
    fn overrides_need_https_unless_loopback() {
        assert!(
            check_override("api-url", "https://proxy.example/api/")
                .unwrap()
                .ends_with("/api")
        );
        assert!(check_override("api-url", "http://127.0.0.1:8080/api").is_ok());
        assert!(check_override("api-url", "http://localhost:1/api").is_ok());
        assert!(check_override("api-url", "http://[::1]:1/api").is_ok());
        assert!(check_override("api-url", "http://example.com/api").is_err());
        assert!(check_override("api-url", "http://127.0.0.1.evil.com/api").is_err());
        assert!(check_override("api-url", "ftp://127.0.0.1/").is_err());
    }
}
