//! Sealing an access token for later: the job's token cache and the token envelope both keep the
//! token and its expiry as JSON sealed with ChaCha20-Poly1305, under a key derived (HKDF-SHA256)
//! from the accounts URL, client id, client secret and refresh token. Whoever lacks those secrets
//! learns nothing from the bytes, and any change to them fails authentication. Each use passes
//! its own salt, so a cache file cannot be replayed as an envelope or the other way round.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::mint::{AccessToken, Credentials};
use crate::secret::Secret;

const NONCE_LEN: usize = 12;

/// The key material of one set of credentials at one accounts server, under `salt`.
pub fn derive(salt: &[u8], accounts_url: &str, credentials: &Credentials) -> Hkdf<Sha256> {
    let mut material = Zeroizing::new(Vec::new());
    for part in [
        accounts_url,
        credentials.client_id.as_str(),
        credentials.client_secret.expose(),
        credentials.refresh_token.expose(),
    ] {
        // Length-prefixed, so no two different sets of parts give the same material.
        material.extend_from_slice(&(part.len() as u64).to_be_bytes());
        material.extend_from_slice(part.as_bytes());
    }
    Hkdf::<Sha256>::new(Some(salt), &material)
}

/// Seals and opens tokens under one derived key.
pub struct Sealer {
    key: Zeroizing<[u8; 32]>,
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    access_token: String,
    expires_at: Timestamp,
}

impl Sealer {
    /// The key `info` names, expanded from `hkdf` (see [`derive`]).
    pub fn new(hkdf: &Hkdf<Sha256>, info: &[u8]) -> Sealer {
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf.expand(info, key.as_mut())
            .expect("32 bytes is a valid HKDF length");
        Sealer { key }
    }

    /// `token` sealed as nonce followed by ciphertext; `aad` is authenticated, not stored.
    pub fn seal(&self, token: &AccessToken, aad: &[u8]) -> std::io::Result<Vec<u8>> {
        let plain = Zeroizing::new(
            serde_json::to_vec(&Sealed {
                access_token: token.token.expose().to_string(),
                expires_at: token.expires_at,
            })
            .expect("a token serialises"),
        );
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
        let sealed = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_slice(),
                    aad,
                },
            )
            .map_err(|_| std::io::Error::other("encryption failed"))?;
        Ok(nonce.iter().copied().chain(sealed).collect())
    }

    /// The token sealed in `bytes`, or `None` when they were sealed under another key or `aad`,
    /// altered, or are not sealed at all.
    pub fn open(&self, bytes: &[u8], aad: &[u8]) -> Option<AccessToken> {
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = Zeroizing::new(
            self.cipher()
                .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
                .ok()?,
        );
        let sealed: Sealed = serde_json::from_slice(&plain).ok()?;
        let token = AccessToken {
            token: Secret::new(sealed.access_token.as_str()),
            expires_at: sealed.expires_at,
        };
        drop(Zeroizing::new(sealed.access_token));
        Some(token)
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(self.key.as_ref()))
    }
}
