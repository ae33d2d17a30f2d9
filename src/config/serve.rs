//! The `[serve]` table: the archive server (`orewatch serve`, and `orewatch run`
//! with `enabled = true`).

use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::notify::unsubscribe::{SECRET_ENV, UnsubscribeKey, UnsubscribeLink};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServeSection {
    /// Address and port the server listens on.
    pub bind: String,
    /// `orewatch run` serves the archive too.
    pub enabled: bool,
    /// The server's address as readers reach it (behind a proxy, say); mail's
    /// one-click unsubscribe link starts with it.
    pub public_url: Option<String>,
    /// Longest time one request may take before it is answered 503.
    pub request_timeout_secs: u64,
}

impl Default for ServeSection {
    fn default() -> Self {
        ServeSection {
            bind: "127.0.0.1:8080".into(),
            enabled: false,
            public_url: None,
            request_timeout_secs: 30,
        }
    }
}

/// The `[serve]` table, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeSettings {
    pub bind: SocketAddr,
    pub enabled: bool,
    pub public_url: Option<Url>,
    pub request_timeout: Duration,
}

/// Checks the table; an error is the key and what is wrong with it.
pub(super) fn resolve(s: &ServeSection) -> Result<ServeSettings, (&'static str, String)> {
    let bind: SocketAddr = s.bind.trim().parse().map_err(|_| {
        (
            "serve.bind",
            format!(
                "`{}` is not an address and port; write IP:PORT, e.g. \"127.0.0.1:8080\" (this machine only) or \"0.0.0.0:8080\" (every interface)",
                s.bind
            ),
        )
    })?;
    let public_url = match s.public_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => {
            let url = Url::parse(u)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
                .filter(|url| url.query().is_none() && url.fragment().is_none())
                .ok_or_else(|| {
                    (
                        "serve.public_url",
                        format!(
                            "`{u}` is not an http(s) URL without query or fragment; write the server's address as readers reach it, e.g. \"https://briefing.example.com\""
                        ),
                    )
                })?;
            Some(url)
        }
    };
    Ok(ServeSettings {
        bind,
        enabled: s.enabled,
        public_url,
        request_timeout: Duration::from_secs(s.request_timeout_secs),
    })
}

impl super::Resolved {
    /// The mail's one-click unsubscribe: `serve.public_url` (https only, as RFC
    /// 8058 requires) and the secret in `ORW_UNSUBSCRIBE_SECRET`. `None` when
    /// either is missing: mail then carries only the mailto form.
    pub fn unsubscribe_link(&self) -> Result<Option<UnsubscribeLink>, super::ConfigError> {
        let key = UnsubscribeKey::from_env().map_err(|e| super::ConfigError::Invalid {
            path: self.path.clone(),
            key: SECRET_ENV.into(),
            problem: e.to_string(),
        })?;
        let base = self
            .serve
            .public_url
            .clone()
            .filter(|u| u.scheme() == "https");
        Ok(key
            .zip(base)
            .map(|(key, base)| UnsubscribeLink { base, key }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_and_public_url_are_checked() {
        let ok = resolve(&ServeSection::default()).expect("defaults");
        assert_eq!(ok.bind.to_string(), "127.0.0.1:8080");
        let bad = |bind: &str, url: Option<&str>| {
            resolve(&ServeSection {
                bind: bind.into(),
                public_url: url.map(String::from),
                ..ServeSection::default()
            })
            .map(|_| ())
            .map_err(|(k, _)| k)
        };
        assert_eq!(bad("localhost", None), Err("serve.bind"));
        assert_eq!(bad("127.0.0.1:99999", None), Err("serve.bind"));
        assert_eq!(
            bad("127.0.0.1:0", Some("javascript:alert(1)")),
            Err("serve.public_url")
        );
        assert_eq!(
            bad("127.0.0.1:0", Some("https://x.example/?a")),
            Err("serve.public_url")
        );
        assert_eq!(bad("[::1]:8080", Some("https://x.example/")), Ok(()));
    }
}
