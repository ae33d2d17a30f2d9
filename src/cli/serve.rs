//! `orewatch serve`: the archive server in the foreground until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use tokio_util::sync::CancellationToken;

use super::Exit;
use crate::config::Config;
use crate::serve::{self, ServeState};

pub(super) fn serve(config: &Path, bind: Option<SocketAddr>) -> Result<Exit> {
    let cfg = Config::load(config)?;
    let addr = bind.unwrap_or(cfg.serve.bind);
    let state = ServeState::open(Arc::new(cfg))?;
    let rt = super::commands::runtime()?;
    rt.block_on(async {
        let listener = serve::bind(addr).await?;
        let cancel = CancellationToken::new();
        let stop = cancel.clone();
        tokio::spawn(async move {
            if crate::daemon::wait_for_signal().await.is_ok() {
                tracing::info!("stopping: letting requests in flight finish");
            }
            stop.cancel();
        });
        println!(
            "serving on http://{} (stop with Ctrl-C)",
            listener.local_addr().unwrap_or(addr)
        );
        serve::serve(listener, state, cancel).await?;
        Ok(Exit::Ok)
    })
}
