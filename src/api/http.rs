//! The HTTP agent every request goes through, and how transport failures are classified.

use std::time::Duration;

use ureq::Agent;
use ureq::tls::{RootCerts, TlsConfig};

/// An agent with the timeout always set (ureq 3 has none by default), error statuses returned as
/// responses (their JSON bodies carry the reason), proxies from `HTTPS_PROXY`/`NO_PROXY` (ureq's
/// default) and the operating system's trust store — where corporate CAs live — or `SSL_CERT_FILE`.
pub fn agent(timeout: Duration) -> Agent {
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .tls_config(tls)
        .user_agent(concat!("s247/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// The passwords in the proxy variables (`HTTPS_PROXY=http://user:password@proxy:8080`, as the
/// Azure DevOps task builds from the agent's proxy settings), raw and percent-decoded, so they
/// can be masked before anything is printed: a transport error may quote the proxy's URL.
pub fn proxy_passwords(env: &crate::inputs::Env) -> Vec<crate::secret::Secret> {
    let mut out = Vec::new();
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        let Some(url) = env.get(name) else { continue };
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let Some((userinfo, _)) = authority.rsplit_once('@') else {
            continue;
        };
        // `user:password`, or a token alone as the user name (some proxies take one).
        let password = userinfo.split_once(':').map_or(userinfo, |(_, p)| p);
        if !password.is_empty() {
            out.push(crate::secret::Secret::new(password));
            let decoded: String =
                form_urlencoded::parse(format!("p={}", password.replace('+', "%2B")).as_bytes())
                    .map(|(_, v)| v.into_owned())
                    .next()
                    .unwrap_or_default();
            if decoded != password && !decoded.is_empty() {
                out.push(crate::secret::Secret::new(decoded));
            }
        }
    }
    out
}

/// What a failed exchange means for a retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// The request may have reached the server.
    pub ambiguous: bool,
    /// Worth trying again (for an idempotent request). Timeouts are not: the user set the limit.
    pub retryable: bool,
}

pub fn classify(error: &ureq::Error, timeout: Duration) -> Failure {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let secs = humanise(timeout);
    match error {
        E::Timeout(T::Resolve | T::Connect) => Failure {
            message: format!("could not connect within {secs} (--timeout)"),
            ambiguous: false,
            retryable: false,
        },
        E::Timeout(_) => Failure {
            message: format!("no answer within {secs} (--timeout)"),
            ambiguous: true,
            retryable: false,
        },
        E::HostNotFound => Failure {
            message: "host not found".into(),
            ambiguous: false,
            retryable: true,
        },
        E::ConnectionFailed => Failure {
            message: "connection failed".into(),
            ambiguous: false,
            retryable: true,
        },
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => Failure {
            message: "connection refused".into(),
            ambiguous: false,
            retryable: true,
        },
        E::Tls(_) | E::BadUri(_) | E::InvalidProxyUrl => Failure {
            message: error.to_string(),
            ambiguous: false,
            retryable: false,
        },
        other => Failure {
            message: format!("connection error: {other}"),
            ambiguous: true,
            retryable: true,
        },
    }
}

/// `30s`, `2m`, `1m30s`.
pub fn humanise(duration: Duration) -> String {
    let secs = duration.as_secs();
    match (secs / 60, secs % 60) {
        (0, s) if duration.subsec_millis() > 0 && s < 10 => {
            format!("{:.1}s", duration.as_secs_f64())
        }
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// Percent-encode one path segment (a monitor name in `/monitors/name/{name}`).
pub fn path_segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_credentials_are_masked_with_or_without_a_user_name() {
        let masked = |url: &str| -> Vec<String> {
            let env = crate::inputs::Env::from_pairs([("HTTPS_PROXY", url)]);
            proxy_passwords(&env)
                .iter()
                .map(|s| s.expose().to_string())
                .collect()
        };
        assert_eq!(masked("http://user:pa55@proxy:8080"), ["pa55"]);
        // A token alone as the user name (some proxies take one).
        assert_eq!(masked("http://tok3n@proxy:8080"), ["tok3n"]);
        assert!(masked("http://proxy:8080").is_empty());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(humanise(Duration::from_secs(30)), "30s");
        assert_eq!(humanise(Duration::from_secs(180)), "3m");
        assert_eq!(humanise(Duration::from_secs(90)), "1m30s");
        assert_eq!(humanise(Duration::from_millis(1500)), "1.5s");
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("Home page/EU"), "Home%20page%2FEU");
    }
}
