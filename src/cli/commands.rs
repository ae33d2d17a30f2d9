//! Each subcommand: load what it needs, call the library, print a summary.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};

use super::{Cli, Command, Exit};
use crate::analyze::{PageInfo, analyze};
use crate::config::{Config, ConfigError, Resolved};
use crate::pipeline::{self, App, CycleReport};

pub(super) fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Extract {
            files,
            today,
            url,
            max_bytes,
        } => {
            let opts = ExtractArgs {
                today,
                url: url.as_deref(),
                max_bytes,
            };
            extract(&cli.config, &files, &opts)
        }
        Command::CheckConfig => check_config(&cli.config),
        Command::Subscribers { action } => super::subscribers::subscribers(&cli.config, action),
        Command::Serve { bind } => super::serve::serve(&cli.config, bind),
        Command::Alerts { action } => super::alerts::alerts(&cli.config, action),
        Command::Replay { from, to, rule } => {
            super::alerts::replay_cmd(&cli.config, from, to, rule.as_deref())
        }
        Command::Quarantine { action } => super::alerts::quarantine(&cli.config, action),
        Command::Outbox { failed, pending } => super::alerts::outbox(&cli.config, failed, pending),
        Command::Deliver => {
            let rt = runtime()?;
            let _inside = rt.enter();
            let app = open_app(&cli.config)?;
            let d = rt.block_on(pipeline::deliver(&app))?;
            println!(
                "mail: {} sent, {} to retry, {} failed",
                d.sent, d.retried, d.failed
            );
            Ok(Exit::Ok.max_with(d.failed + d.retried))
        }
        Command::Sources => super::ops::sources(&cli.config),
        Command::Run { once } => {
            let rt = runtime()?;
            // The app (its SMTP pool) is made and dropped inside the runtime.
            let _inside = rt.enter();
            let app = open_app(&cli.config)?;
            rt.block_on(async {
                if once {
                    let bar = super::ops::Bar::new();
                    let r = pipeline::run_once_with(&app, bar.clone()).await;
                    bar.finish();
                    let r = r?;
                    super::ops::print_cycle(&r.cycle);
                    println!(
                        "briefing {}: {} items from {} articles -> {}",
                        r.briefing.day,
                        r.briefing.items,
                        r.briefing.articles,
                        r.briefing.path.display()
                    );
                    println!(
                        "mail: {} sent, {} to retry, {} failed",
                        r.delivery.sent, r.delivery.retried, r.delivery.failed
                    );
                    Ok(cycle_exit(&r.cycle).max_with(r.delivery.failed + r.delivery.retried))
                } else {
                    crate::daemon::run(app).await?;
                    Ok(Exit::Ok)
                }
            })
        }
        Command::Fetch => {
            let rt = runtime()?;
            // The app (its SMTP pool) is made and dropped inside the runtime.
            let _inside = rt.enter();
            let app = open_app(&cli.config)?;
            let bar = super::ops::Bar::new();
            let report = rt.block_on(pipeline::run_cycle_with(&app, bar.clone()));
            bar.finish();
            let report = report?;
            super::ops::print_cycle(&report);
            Ok(cycle_exit(&report))
        }
        Command::Report { date, send } => {
            let rt = runtime()?;
            // The app (its SMTP pool) is made and dropped inside the runtime.
            let _inside = rt.enter();
            let app = open_app(&cli.config)?;
            let today = app.today();
            let day = date.unwrap_or(today);
            if day > today {
                return Err(UsageError(format!(
                    "report --date {day}: that day has not happened yet in {} (today is {}); \
                     give today or an earlier day",
                    app.cfg.tz.name(),
                    today
                ))
                .into());
            }
            rt.block_on(async {
                let r = pipeline::make_briefing(&app, day, send).await?;
                println!(
                    "briefing {}: {} items from {} articles -> {}",
                    r.day,
                    r.items,
                    r.articles,
                    r.path.display()
                );
                if r.held_empty {
                    println!(
                        "mail: not sent: the day has no articles (briefing.send_empty = false)"
                    );
                    return Ok(Exit::Ok);
                }
                if send {
                    let d = pipeline::deliver(&app).await?;
                    println!(
                        "mail: {} (sent {}, to retry {}, failed {})",
                        if r.enqueued {
                            "enqueued"
                        } else {
                            "already enqueued before"
                        },
                        d.sent,
                        d.retried,
                        d.failed
                    );
                    return Ok(Exit::Ok.max_with(d.failed + d.retried));
                }
                Ok(Exit::Ok)
            })
        }
    }
}

/// A command-line argument that parses but is not acceptable (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct UsageError(pub(super) String);

/// The exit code for an error that reached the top.
pub(super) fn exit_for(err: &anyhow::Error) -> Exit {
    if err
        .chain()
        .any(|c| c.downcast_ref::<ConfigError>().is_some())
    {
        Exit::Config
    } else if err
        .chain()
        .any(|c| c.downcast_ref::<UsageError>().is_some())
    {
        Exit::Usage
    } else {
        Exit::Failure
    }
}

/// Did writing to standard output fail because the reader closed the pipe?
pub(super) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

impl Exit {
    /// `Partial` when `problems` is non-zero, else self.
    pub(super) fn max_with(self, problems: usize) -> Exit {
        if problems > 0 && self == Exit::Ok {
            Exit::Partial
        } else {
            self
        }
    }
}

/// Load the configuration and open the app; call it inside the runtime
/// (the SMTP connection pool spawns tasks when made and when dropped).
fn open_app(config: &Path) -> Result<App> {
    Ok(App::open(Config::load(config)?)?)
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// 1 when every source failed (nothing could be fetched from any), 4 when some did.
fn cycle_exit(r: &CycleReport) -> Exit {
    // A source of kind "article" whose one page failed is a failed source too, though the
    // cycle only marks sources whose listing failed.
    let gave_nothing = |s: &crate::pipeline::SourceReport| {
        s.failed || (s.pages_fetched == 0 && s.not_modified == 0 && !s.errors.is_empty())
    };
    if r.all_failed() || (!r.sources.is_empty() && r.sources.iter().all(gave_nothing)) {
        Exit::Failure
    } else {
        Exit::Ok.max_with(r.errors())
    }
}

/// Options of `extract` besides its files.
struct ExtractArgs<'a> {
    today: Option<NaiveDate>,
    url: Option<&'a str>,
    max_bytes: Option<u64>,
}

/// `extract`: the configuration is optional here (built-in lexicons and
/// zone when the default file does not exist).
fn extract(config: &Path, files: &[std::path::PathBuf], args: &ExtractArgs<'_>) -> Result<Exit> {
    let cfg = if config.exists() || config != Path::new("config.toml") {
        Config::load(config)?
    } else {
        Resolved::new_defaults()?
    };
    let today = args
        .today
        .unwrap_or_else(|| Utc::now().with_timezone(&cfg.tz).date_naive());
    let cap = Cap {
        bytes: args.max_bytes.unwrap_or(cfg.fetch.max_bytes as u64),
        from_flag: args.max_bytes.is_some(),
    };
    let url = args.url;
    let parsed_url = url.and_then(|u| url::Url::parse(u).ok());
    let one = |file: &std::path::PathBuf| -> Result<(String, bool)> {
        Ok(match read_input(file, &cap) {
            Ok(bytes) => {
                let info = PageInfo {
                    url: parsed_url.as_ref(),
                    url_text: url,
                    content_type: None,
                    selectors: None,
                };
                let analysis = analyze(&bytes, info, today, &cfg.lexicon);
                let line = match analysis.truncated {
                    None => serde_json::to_string(&analysis.doc)?,
                    Some(t) => {
                        eprintln!("orewatch: {}: note: {}", file.display(), t.note());
                        let mut doc = serde_json::to_value(&analysis.doc)?;
                        doc["truncated"] = t.note().into();
                        doc.to_string()
                    }
                };
                (line, true)
            }
            Err(e) => {
                eprintln!("orewatch: {}: {e}", file.display());
                let line =
                    serde_json::json!({"file": file.display().to_string(), "error": e.to_string()})
                        .to_string();
                (line, false)
            }
        })
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    super::parallel::in_order(files, one, |(line, ok)| {
        failed += usize::from(!ok);
        writeln!(out, "{line}").map_err(Into::into)
    })?;
    out.flush()?;
    Ok(match failed {
        0 => Exit::Ok,
        n if n == files.len() => Exit::Failure,
        _ => Exit::Partial,
    })
}

/// The input size cap of `extract` and where it came from (for the message).
struct Cap {
    bytes: u64,
    from_flag: bool,
}

/// Read a file (or standard input for `-`), at most `cap.bytes` of it: a larger input is
/// an error, not read on (`extract /dev/zero` must not eat the memory).
fn read_input(file: &Path, cap: &Cap) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let limit = cap.bytes.saturating_add(1);
    let n = if file == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)?
    } else {
        std::fs::File::open(file)?
            .take(limit)
            .read_to_end(&mut buf)?
    };
    if n as u64 > cap.bytes {
        let how = if cap.from_flag {
            "raise --max-bytes"
        } else {
            "pass --max-bytes BYTES (or raise fetch.max_bytes in the configuration)"
        };
        return Err(std::io::Error::other(format!(
            "larger than {} bytes, the size cap of a page; not analysed ({how} to read it)",
            cap.bytes
        )));
    }
    Ok(buf)
}

fn check_config(path: &Path) -> Result<Exit> {
    let cfg = Config::load(path)?;
    cfg.smtp_settings()?;
    // The daemon would only find out at its first cycle.
    for (i, s) in cfg.sources.iter().enumerate() {
        let Ok(file) = s
            .url
            .to_file_path()
            .map_err(drop)
            .and_then(|f| if s.enabled { Ok(f) } else { Err(()) })
        else {
            continue;
        };
        if s.url.scheme() == "file" && !file.exists() {
            return Err(ConfigError::Invalid {
                path: cfg.path.clone(),
                key: format!("sources[{i}].url"),
                problem: format!(
                    "source `{}`: the local file {} does not exist; correct the path (relative paths start at the configuration file's directory)",
                    s.name,
                    file.display()
                ),
            }
            .into());
        }
    }
    print!("{}", crate::config::describe(&cfg, Utc::now()));
    Ok(Exit::Ok)
}
