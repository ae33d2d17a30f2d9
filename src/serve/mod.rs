//! `orewatch serve`: the briefing archive over HTTP (axum), with a page per
//! commodity, structured queries, full-text search, `/healthz` and the
//! one-click unsubscribe endpoint. Every page is an askama template
//! (`templates/serve_*.html`), so scraped text is escaped; links taken from
//! scraped pages are kept only when they are http(s); every response carries
//! a Content-Security-Policy without inline script (see [`router`]).
//!
//! The server reads the database through its own connection (WAL lets it
//! read while the daemon writes), used inside `spawn_blocking`.

mod health;
mod pages;
mod router;
mod search;
mod unsubscribe;
mod view;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Resolved;
use crate::notify::unsubscribe::UnsubscribeKey;
use crate::store::{Store, StoreError};

pub use router::{CSP, router};

/// The server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "cannot listen on {addr}: {source}; is another program using the port? set serve.bind to a free IP:PORT (or pass --bind)"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[source] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Config(#[source] crate::config::ConfigError),
}

/// What every handler shares: the configuration, a database connection, the
/// unsubscribe key (if configured) and the archive directory.
#[derive(Clone)]
pub struct ServeState {
    cfg: Arc<Resolved>,
    store: Arc<Mutex<Store>>,
    key: Option<UnsubscribeKey>,
    archive: PathBuf,
}

impl ServeState {
    /// Opens the server's own connection to the configured database and reads
    /// the unsubscribe secret from the environment.
    pub fn open(cfg: Arc<Resolved>) -> Result<ServeState, ServeError> {
        let key = crate::notify::unsubscribe::UnsubscribeKey::from_env().map_err(|e| {
            ServeError::Config(crate::config::ConfigError::Invalid {
                path: cfg.path.clone(),
                key: crate::notify::unsubscribe::SECRET_ENV.into(),
                problem: e.to_string(),
            })
        })?;
        let store = Store::open(&cfg.db_path())?;
        Ok(ServeState {
            archive: cfg.archive_dir(),
            cfg,
            store: Arc::new(Mutex::new(store)),
            key,
        })
    }

    /// [`ServeState::open`] with an explicit key (tests, or a caller that has one).
    pub fn with_key(mut self, key: Option<UnsubscribeKey>) -> ServeState {
        self.key = key;
        self
    }

    /// Runs `f` on the database in a blocking thread.
    async fn db<T, F>(&self, f: F) -> Result<T, PageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| PageError::Internal(format!("database task: {e}")))?
        .map_err(|e| PageError::Internal(e.to_string()))
    }
}

/// Binds the listener (before anything else starts, so a busy port stops the command).
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Serves until `cancel` fires, then lets requests in flight finish (each is
/// bounded by `serve.request_timeout_secs`).
pub async fn serve(
    listener: TcpListener,
    state: ServeState,
    cancel: CancellationToken,
) -> Result<(), ServeError> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, archive = %state.archive.display(), "serving the archive");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(cancel.cancelled_owned())
        .await
        .map_err(ServeError::Io)
}

/// A request that cannot be answered with its page.
#[derive(Debug)]
pub(crate) enum PageError {
    NotFound(String),
    BadRequest(String),
    Internal(String),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            PageError::NotFound(t) => (StatusCode::NOT_FOUND, t),
            PageError::BadRequest(t) => (StatusCode::BAD_REQUEST, t),
            PageError::Internal(t) => {
                tracing::error!(error = %t, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server could not answer this request; the operator can find the cause in its log".to_string(),
                )
            }
        };
        let title = status.canonical_reason().unwrap_or("Error").to_string();
        (status, Html(view::message(&title, &text))).into_response()
    }
}
