//! One-click unsubscribe (RFC 8058): a token binding a subscriber's address and
//! an expiry, signed with HMAC-SHA256 under a secret from the environment
//! variable [`SECRET_ENV`]. The mail's `List-Unsubscribe` names
//! `<public_url>/unsubscribe?t=TOKEN`; the archive server checks the token
//! before it changes anything.
//!
//! Token: `EXPIRY.ADDRESS.MAC`, where EXPIRY is Unix seconds, ADDRESS the
//! lower-cased address in hex and MAC the hex HMAC of both. Only the holder of
//! the secret can make one; a changed byte, another address or a past expiry
//! is refused.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use url::Url;

/// Environment variable holding the signing secret.
pub const SECRET_ENV: &str = "ORW_UNSUBSCRIBE_SECRET";
/// Shortest secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 16;
/// How long the link in a mail stays valid.
pub const TOKEN_DAYS: i64 = 90;

type HmacSha256 = Hmac<Sha256>;

/// Why a token was refused (shown to the person who followed the link).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error(
        "this unsubscribe link is malformed (it may have been cut or changed); use the link from your most recent briefing, or reply to the mail"
    )]
    Malformed,
    #[error(
        "this unsubscribe link does not carry a valid signature (it was changed or not made by this server); nothing was changed: use the link from your most recent briefing"
    )]
    BadSignature,
    #[error(
        "this unsubscribe link expired on {0}; nothing was changed: use the link from your most recent briefing"
    )]
    Expired(String),
}

/// The secret was set but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "environment variable {SECRET_ENV} is {len} bytes long; it needs at least {MIN_SECRET_BYTES} random bytes (e.g. `openssl rand -hex 32`), or unset it to send only the mailto unsubscribe"
)]
pub struct SecretError {
    pub len: usize,
}

/// The signing key. Its Debug output never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct UnsubscribeKey {
    secret: Vec<u8>,
}

impl std::fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnsubscribeKey(<redacted>)")
    }
}

impl UnsubscribeKey {
    /// A key from secret bytes (at least [`MIN_SECRET_BYTES`]).
    pub fn new(secret: &[u8]) -> Result<UnsubscribeKey, SecretError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretError { len: secret.len() });
        }
        Ok(UnsubscribeKey {
            secret: secret.to_vec(),
        })
    }

    /// The key from [`SECRET_ENV`]; `None` when it is unset or empty.
    pub fn from_env() -> Result<Option<UnsubscribeKey>, SecretError> {
        match std::env::var_os(SECRET_ENV) {
            Some(v) if !v.is_empty() => UnsubscribeKey::new(v.as_encoded_bytes()).map(Some),
            _ => Ok(None),
        }
    }

    fn mac(&self, address: &str, expires: i64) -> HmacSha256 {
        // Any key length is accepted by HMAC.
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(b"orewatch-unsubscribe\n");
        mac.update(address.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// A token for `address`, valid until `expires`.
    pub fn token(&self, address: &str, expires: DateTime<Utc>) -> String {
        let address = normalise(address);
        let at = expires.timestamp();
        let mac = self.mac(&address, at).finalize().into_bytes();
        format!("{at}.{}.{}", hex(address.as_bytes()), hex(&mac))
    }

    /// The address a token names, if it is genuine and not expired at `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<String, TokenError> {
        let mut parts = token.trim().split('.');
        let (Some(at), Some(addr), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let at: i64 = at.parse().map_err(|_| TokenError::Malformed)?;
        let address = unhex(addr)
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(TokenError::Malformed)?;
        let mac = unhex(mac).ok_or(TokenError::Malformed)?;
        self.mac(&address, at)
            .verify_slice(&mac)
            .map_err(|_| TokenError::BadSignature)?;
        let expires = DateTime::from_timestamp(at, 0).ok_or(TokenError::Malformed)?;
        if now > expires {
            return Err(TokenError::Expired(expires.format("%Y-%m-%d").to_string()));
        }
        Ok(address)
    }
}

/// Where the mail's one-click unsubscribe points, and the key that signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeLink {
    /// `serve.public_url`: an https URL (RFC 8058 requires https).
    pub base: Url,
    pub key: UnsubscribeKey,
}

impl UnsubscribeLink {
    /// `<base>/unsubscribe?t=TOKEN` for `address`, valid [`TOKEN_DAYS`] from `now`.
    pub fn url(&self, address: &str, now: DateTime<Utc>) -> String {
        let token = self.key.token(address, now + Duration::days(TOKEN_DAYS));
        format!(
            "{}/unsubscribe?t={token}",
            self.base.as_str().trim_end_matches('/')
        )
    }
}

/// Addresses compare without case (as the subscriber table does).
fn normalise(address: &str) -> String {
    address.trim().to_lowercase()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 1024 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> UnsubscribeKey {
        UnsubscribeKey::new(b"0123456789abcdef-test").expect("key")
    }

    #[test]
    fn a_token_round_trips_and_binds_the_address() {
        let now = Utc::now();
        let t = key().token("Reader@Example.com", now + Duration::days(1));
        assert_eq!(key().verify(&t, now), Ok("reader@example.com".into()));
        // another address under the same MAC
        let other = t.replacen(&hex(b"reader"), &hex(b"eve123"), 1);
        assert_eq!(key().verify(&other, now), Err(TokenError::BadSignature));
        // another key
        let forged = UnsubscribeKey::new(b"another-secret-of-16").expect("key");
        assert_eq!(forged.verify(&t, now), Err(TokenError::BadSignature));
    }

    #[test]
    fn expired_and_malformed_tokens_are_refused() {
        let now = Utc::now();
        let t = key().token("a@example.com", now - Duration::seconds(1));
        assert!(matches!(key().verify(&t, now), Err(TokenError::Expired(_))));
        for bad in ["", "1.2", "x.61.00", "1.zz.00", "1.61.00.00"] {
            assert_eq!(key().verify(bad, now), Err(TokenError::Malformed), "{bad}");
        }
        assert!(UnsubscribeKey::new(b"short").is_err());
    }
}
