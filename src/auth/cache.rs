//! The job's token cache: one file per set of credentials, so a second `s247` step in the same
//! job reuses the token instead of spending another of Zoho's ten mints per ten minutes.
//!
//! The file lives under `RUNNER_TEMP` (GitHub), `AGENT_TEMPDIRECTORY` (Azure DevOps) or the user's
//! cache directory; it is created with mode 0600 and holds the token encrypted with
//! ChaCha20-Poly1305 under a key derived (HKDF-SHA256) from the client secret and refresh token.
//! Whoever can read the file but does not hold those secrets learns nothing, and a job using another
//! refresh token derives another file name and another key. A file that cannot be read or
//! decrypted is ignored: the worst case is one extra mint.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use super::mint::{AccessToken, Credentials};
use super::sealed::{self, Sealer};
use crate::inputs::Env;

/// A cached token is reused only while at least this much of its life is left.
pub const MIN_REMAINING: SignedDuration = SignedDuration::from_secs(5 * 60);

const MAGIC: &[u8; 6] = b"S247C1";

pub struct TokenCache {
    path: PathBuf,
    sealer: Sealer,
}

impl TokenCache {
    /// The cache for these credentials at this accounts server, in the job's temp directory.
    pub fn for_job(env: &Env, accounts_url: &str, credentials: &Credentials) -> Option<TokenCache> {
        let dir = cache_dir(env)?;
        Some(Self::in_dir(&dir, accounts_url, credentials))
    }

    pub fn in_dir(dir: &Path, accounts_url: &str, credentials: &Credentials) -> TokenCache {
        let hkdf = sealed::derive(b"s247 token cache v1", accounts_url, credentials);
        let mut name = [0u8; 12];
        hkdf.expand(b"file name", &mut name)
            .expect("12 bytes is a valid HKDF length");
        let name: String = name.iter().map(|b| format!("{b:02x}")).collect();
        TokenCache {
            path: dir.join(format!("s247-token-{name}")),
            sealer: Sealer::new(&hkdf, b"encryption key"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cached token, if there is one with at least five minutes left.
    pub fn load(&self, now: Timestamp) -> Option<AccessToken> {
        let bytes = std::fs::read(&self.path).ok()?;
        let token = self.sealer.open(bytes.strip_prefix(MAGIC)?, b"")?;
        (token.expires_at.duration_since(now) >= MIN_REMAINING).then_some(token)
    }

    /// Save the token; written to a private temp file first and renamed, so a reader never sees
    /// half a file.
    pub fn store(&self, token: &AccessToken) -> std::io::Result<()> {
        let sealed = self.sealer.seal(token, b"")?;
        // A name no one can guess, created new: nothing planted there (a file, a symlink to
        // somewhere else) is ever written through.
        let temp = self.path.with_extension(format!(
            "tmp{}-{}",
            std::process::id(),
            crate::ci::random_hex(8)
        ));
        let mut file = private_file(&temp)?;
        file.write_all(MAGIC)?;
        file.write_all(&sealed)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, &self.path)
    }
}

/// The CI job's own temporary directory (emptied when the job ends), if there is one.
fn job_dir(env: &Env) -> Option<&str> {
    env.get("RUNNER_TEMP")
        .or_else(|| env.get("AGENT_TEMPDIRECTORY"))
}

/// Whether the cache lives in a CI job's temporary directory, rather than the user's cache
/// directory where it outlives the run.
pub fn per_job(env: &Env) -> bool {
    job_dir(env).is_some()
}

fn cache_dir(env: &Env) -> Option<PathBuf> {
    if let Some(dir) = job_dir(env) {
        return Some(PathBuf::from(dir));
    }
    let dir = dirs::cache_dir()?.join("s247");
    create_private_dir(&dir).ok()?;
    Some(dir)
}

/// A new file only its owner can read: `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600. An existing
/// file or symlink at `path` is an error, never followed or truncated.
#[cfg(unix)]
pub(crate) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
pub(crate) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn the_temporary_file_is_never_one_planted_before() {
        let dir = tempfile::tempdir().unwrap();
        let planted = dir.path().join("planted");
        std::fs::write(&planted, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("target"), &link).unwrap();
        assert!(
            private_file(&planted).is_err(),
            "an existing file is not truncated"
        );
        assert!(private_file(&link).is_err(), "a symlink is not followed");
        assert!(!dir.path().join("target").exists());
        assert_eq!(std::fs::read_to_string(&planted).unwrap(), "keep");
        let fresh = dir.path().join("fresh");
        private_file(&fresh).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    use super::*;
    use crate::secret::Secret;

    fn credentials(refresh: &str) -> Credentials {
        Credentials {
            client_id: "1000.FAKECLIENT".into(),
            client_secret: Secret::new("fake-secret"),
            refresh_token: Secret::new(refresh),
        }
    }

    #[test]
    fn round_trip_encrypted_and_keyed_by_credentials() {
        let dir = tempfile::tempdir().unwrap();
        let now: Timestamp = "2026-11-24T08:00:00Z".parse().unwrap();
        let token = AccessToken {
            token: Secret::new("1000.fake-access-token"),
            expires_at: now + SignedDuration::from_hours(1),
        };
        let cache = TokenCache::in_dir(
            dir.path(),
            "https://accounts.zoho.eu",
            &credentials("1000.fake-refresh"),
        );
        cache.store(&token).unwrap();
        let bytes = std::fs::read(cache.path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("fake-access-token"));
        assert_eq!(
            cache.load(now).unwrap().token.expose(),
            "1000.fake-access-token"
        );
        // Less than five minutes left: not reused.
        assert!(cache.load(now + SignedDuration::from_mins(56)).is_none());
        let other = TokenCache::in_dir(
            dir.path(),
            "https://accounts.zoho.eu",
            &credentials("1000.other-refresh"),
        );
        assert_ne!(other.path(), cache.path());
        assert!(other.load(now).is_none());
    }
}
