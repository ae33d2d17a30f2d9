//! The command line: parse arguments, run one subcommand, map its outcome
//! to an exit code. Errors reach the user as one line on standard error.

mod alerts;
mod commands;
mod ops;
mod parallel;
mod serve;
mod subscribers;

pub use ops::LogFormat;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes, documented in README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything asked was done.
    Ok = 0,
    /// A failure that stopped the command (database, archive, mail, all sources down).
    Failure = 1,
    /// Bad command-line arguments.
    Usage = 2,
    /// The configuration file is missing or invalid.
    Config = 3,
    /// Done, but some inputs failed (a source, a file, a message): see standard error.
    Partial = 4,
}

#[derive(Debug, Parser)]
#[command(
    name = "orewatch",
    version,
    about = "Metals and markets news: facts, a daily briefing, alerts"
)]
pub struct Cli {
    /// Configuration file.
    #[arg(
        long,
        global = true,
        default_value = "config.toml",
        value_name = "PATH"
    )]
    pub config: PathBuf,
    /// Log lines on standard error as text or as one JSON object per line.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the daemon: fetch, brief and mail on the configured schedules.
    Run {
        /// Do one full cycle (fetch, extract, store, brief, mail) and exit.
        #[arg(long)]
        once: bool,
    },
    /// One fetch-and-extract cycle into the database, without mail.
    Fetch,
    /// Print the facts of news pages as JSON (one document per line for several files).
    Extract {
        /// HTML or plain-text files; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Reference date for dates written without a year (default: today in the configured zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<chrono::NaiveDate>,
        /// The page's address, echoed in `url` and used to resolve links.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Largest input read, in bytes (default: the fetcher's cap, `fetch.max_bytes`,
        /// 5 MiB unless configured); a larger file is an error.
        #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
        max_bytes: Option<u64>,
    },
    /// Render one day's briefing into the archive (and optionally mail it).
    Report {
        /// The day, in the configured time zone (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// Also mail it to the briefing subscribers (once per day).
        #[arg(long)]
        send: bool,
    },
    /// Validate the configuration and print what orewatch would do.
    CheckConfig,
    /// Each source's health: last success, failures in a row, last error, 304 share, drift.
    Sources,
    /// Manage subscribers.
    Subscribers {
        #[command(subcommand)]
        action: SubscriberAction,
    },
    /// Alert rules: their state, or what one would send now.
    Alerts {
        #[command(subcommand)]
        action: alerts::AlertsAction,
    },
    /// Backtest: the alerts the rules would have sent over the stored facts
    /// (sends nothing, changes no state).
    Replay {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: chrono::NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<chrono::NaiveDate>,
        /// Only this rule.
        #[arg(long, value_name = "NAME")]
        rule: Option<String>,
    },
    /// Price observations held by the plausibility gate: list, accept, reject.
    Quarantine {
        #[command(subcommand)]
        action: Option<alerts::QuarantineAction>,
    },
    /// List the outbox (all messages, or only failed / pending ones).
    Outbox {
        #[arg(long, conflicts_with = "pending")]
        failed: bool,
        #[arg(long)]
        pending: bool,
    },
    /// Send the mail that is due, without fetching.
    Deliver,
    /// Serve the archive, search, structured pages, /healthz and unsubscribe over HTTP
    /// until SIGINT or SIGTERM.
    Serve {
        /// Listen here instead of `serve.bind` (IP:PORT).
        #[arg(long, value_name = "IP:PORT")]
        bind: Option<std::net::SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SubscriberAction {
    /// Add a subscriber (or update the existing one's choices).
    Add {
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// Do not send this subscriber the daily briefing.
        #[arg(long)]
        no_briefing: bool,
        /// Do not send this subscriber alerts.
        #[arg(long)]
        no_alerts: bool,
        /// Topics (commodities, sectors), comma-separated: `--topics copper,gold`.
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        topics: Option<Vec<String>>,
        /// The subscriber's IANA time zone, e.g. Europe/London.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// List subscribers.
    List,
    /// Remove a subscriber.
    Remove { email: String },
    /// Set a subscriber's topics (commodities, sectors) for rules sent to topics.
    Topics { email: String, topics: Vec<String> },
}

/// Parse the process arguments and run; the whole program.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { Exit::Usage as u8 } else { 0 });
        }
    };
    ops::init_logging(cli.log_format);
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string().replace('\n', " ");
        eprintln!(
            "orewatch: internal error: {msg} (this is a bug: please report it with the command you ran)"
        );
    }));
    let code = match commands::run(cli) {
        Ok(exit) => exit,
        // The reader went away (`orewatch extract ... | head`): nothing left to tell.
        Err(err) if commands::is_broken_pipe(&err) => Exit::Ok,
        Err(err) => {
            eprintln!("orewatch: {}", one_line(&err));
            commands::exit_for(&err)
        }
    };
    ExitCode::from(code as u8)
}

/// The error and its causes on one line.
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ").replace('\n', " ")
}
