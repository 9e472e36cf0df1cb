//! The token envelope (`design.md` §2, issue 14): one access token for a whole job matrix.
//!
//! A `token` job seals its access token and expiry with ChaCha20-Poly1305 under a key derived
//! (HKDF-SHA256) from the accounts URL, client id, client secret and refresh token — the job
//! cache's scheme with its own salt — and hands the result on as the `token-envelope` output.
//! The envelope is ciphertext, not a secret: GitHub passes it between jobs (it drops job outputs
//! that hold masked values) and Azure DevOps between stages. A later job opens it with its own
//! credentials; whoever lacks them learns nothing, and any change to the text fails
//! authentication.
//!
//! Text form: `s247e1.` followed by hex of nonce (12 bytes) and sealed JSON. The prefix names the
//! version; it is also the associated data, so a body cannot be moved under another version.

use jiff::Timestamp;

use super::cache::MIN_REMAINING;
use super::mint::{AccessToken, Credentials};
use super::sealed::{self, Sealer};

/// The version prefix of every envelope this build writes and reads.
pub const PREFIX: &str = "s247e1.";

/// Why an envelope could not be used; every case falls back to minting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Not an s247 envelope, or one of another version.
    Malformed,
    /// Sealed with other credentials (or for another accounts server), or altered on the way.
    Foreign,
    /// Opened, but less than five minutes of the token's life are left.
    Expiring { expires_at: Timestamp },
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Malformed => write!(
                f,
                "it is not a token envelope of this s247 version (it should start with `{PREFIX}`)"
            ),
            Unusable::Foreign => f.write_str(
                "it was sealed with other credentials or another data center, or it was altered",
            ),
            Unusable::Expiring { expires_at } => write!(
                f,
                "its token expires at {} (less than five minutes left)",
                expires_at.strftime("%Y-%m-%d %H:%M UTC")
            ),
        }
    }
}

fn sealer(accounts_url: &str, credentials: &Credentials) -> Sealer {
    let hkdf = sealed::derive(b"s247 token envelope v1", accounts_url, credentials);
    Sealer::new(&hkdf, b"envelope key")
}

/// Seal a token for the jobs that share these credentials.
pub fn seal(
    accounts_url: &str,
    credentials: &Credentials,
    token: &AccessToken,
) -> std::io::Result<String> {
    let sealed = sealer(accounts_url, credentials).seal(token, PREFIX.as_bytes())?;
    let mut text = String::with_capacity(PREFIX.len() + 2 * sealed.len());
    text.push_str(PREFIX);
    for byte in &sealed {
        text.push_str(&format!("{byte:02x}"));
    }
    Ok(text)
}

/// Open an envelope with these credentials; the token if at least five minutes are left.
pub fn open(
    text: &str,
    accounts_url: &str,
    credentials: &Credentials,
    now: Timestamp,
) -> Result<AccessToken, Unusable> {
    let hex = text
        .trim()
        .strip_prefix(PREFIX)
        .ok_or(Unusable::Malformed)?;
    let bytes = from_hex(hex).ok_or(Unusable::Malformed)?;
    // A nonce and an authentication tag at the least.
    if bytes.len() < 12 + 16 {
        return Err(Unusable::Malformed);
    }
    let token = sealer(accounts_url, credentials)
        .open(&bytes, PREFIX.as_bytes())
        .ok_or(Unusable::Foreign)?;
    if token.expires_at.duration_since(now) < MIN_REMAINING {
        return Err(Unusable::Expiring {
            expires_at: token.expires_at,
        });
    }
    Ok(token)
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use jiff::SignedDuration;

    fn credentials(refresh: &str) -> Credentials {
        Credentials {
            client_id: "1000.FAKECLIENT".into(),
            client_secret: Secret::new("fake-secret"),
            refresh_token: Secret::new(refresh),
        }
    }

    const ACCOUNTS: &str = "https://accounts.zoho.eu";

    #[test]
    fn seals_and_opens_with_the_same_credentials_only() {
        let now: Timestamp = "2026-11-24T08:00:00Z".parse().unwrap();
        let token = AccessToken {
            token: Secret::new("1000.fake-access-token"),
            expires_at: now + SignedDuration::from_hours(1),
        };
        let mine = credentials("1000.fake-refresh");
        let text = seal(ACCOUNTS, &mine, &token).unwrap();
        assert!(text.starts_with(PREFIX), "{text}");
        assert!(!text.contains("fake-access-token"));
        let opened = open(&text, ACCOUNTS, &mine, now).unwrap();
        assert_eq!(opened.token.expose(), "1000.fake-access-token");
        assert_eq!(opened.expires_at, token.expires_at);

        let other = credentials("1000.other-refresh");
        assert_eq!(
            open(&text, ACCOUNTS, &other, now).unwrap_err(),
            Unusable::Foreign
        );
        assert_eq!(
            open(&text, "https://accounts.zoho.com", &mine, now).unwrap_err(),
            Unusable::Foreign
        );
        // One flipped hex digit anywhere fails authentication.
        let mut tampered = text.clone().into_bytes();
        let at = tampered.len() - 3;
        tampered[at] = if tampered[at] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            open(&tampered, ACCOUNTS, &mine, now).unwrap_err(),
            Unusable::Foreign
        );
        assert_eq!(
            open("s247e0.abcd", ACCOUNTS, &mine, now).unwrap_err(),
            Unusable::Malformed
        );
        assert_eq!(
            open("s247e1.zz", ACCOUNTS, &mine, now).unwrap_err(),
            Unusable::Malformed
        );
        // Less than five minutes left: not used.
        let late = now + SignedDuration::from_mins(56);
        assert!(matches!(
            open(&text, ACCOUNTS, &mine, late),
            Err(Unusable::Expiring { .. })
        ));
    }
}
