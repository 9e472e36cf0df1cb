//! A string that must never be printed: the client secret, the refresh token, the access token.
//!
//! A twenty-line newtype rather than a crate (as xh does): `Debug` and `Display` print a fixed
//! placeholder, the only way to read the value is the explicit `expose()`, and the memory is wiped
//! on drop.

use zeroize::Zeroize;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself. Every call site is a place where the secret leaves this type: keep them few.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Whether a secret can be masked whole on every platform: one line, no control character.
/// Azure DevOps refuses to mask a value with a line break (so each line would show), and GitHub
/// masks the lines separately; a credential or token never legitimately holds one.
pub fn is_one_line(value: &str) -> bool {
    !value.chars().any(char::is_control)
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("1000.fake-secret-value");
        assert!(!format!("{s:?}").contains("fake-secret"));
        assert!(!format!("{s}").contains("fake-secret"));
        assert_eq!(s.expose(), "1000.fake-secret-value");
    }
}
