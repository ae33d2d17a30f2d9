//! `orewatch subscribers`: add (with topics and a time zone), list, remove, topics.

use std::path::Path;
use std::str::FromStr;

use anyhow::Result;

use super::commands::UsageError;
use super::{Exit, SubscriberAction};
use crate::config::Config;
use crate::pipeline;
use crate::store::{NewSubscriber, Store};

/// The IANA zone `tz`, or the usage error naming the flag and the form.
fn check_tz(tz: &str) -> Result<String> {
    chrono_tz::Tz::from_str(tz.trim())
        .map(|z| z.name().to_string())
        .map_err(|_| {
            UsageError(format!(
                "--tz {tz}: not an IANA time zone; use a name such as Europe/London, Asia/Hong_Kong or UTC"
            ))
            .into()
        })
}

/// Topics given as `copper,gold` (or several flags): trimmed, lower case, no empties.
fn split_topics(topics: &[String]) -> Vec<String> {
    topics
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

pub(super) fn subscribers(config: &Path, action: SubscriberAction) -> Result<Exit> {
    let cfg = Config::load(config)?;
    let mut store = Store::open(&cfg.db_path())?;
    store.seed_subscribers(&pipeline::initial_subscribers(&cfg))?;
    match action {
        SubscriberAction::Add {
            email,
            name,
            no_briefing,
            no_alerts,
            topics,
            tz,
        } => {
            if let Err(e) = email.parse::<lettre::Address>() {
                return Err(UsageError(format!(
                    "`{email}` is not an e-mail address ({e}); write it as user@example.com"
                ))
                .into());
            }
            let tz = tz.as_deref().map(check_tz).transpose()?;
            let added = store.add_subscriber(&NewSubscriber {
                email: email.clone(),
                name,
                briefing: !no_briefing,
                alerts: !no_alerts,
            })?;
            if let Some(tz) = &tz {
                store.set_subscriber_tz(&email, Some(tz))?;
            }
            if let Some(topics) = &topics {
                store.set_topics(&email, &split_topics(topics))?;
            }
            println!("{} {email}", if added { "added" } else { "updated" });
        }
        SubscriberAction::List => list(&store)?,
        SubscriberAction::Topics { email, topics } => {
            return super::alerts::topics(&mut store, &email, &split_topics(&topics));
        }
        SubscriberAction::Remove { email } => {
            if store.remove_subscriber(&email)? {
                println!("removed {email}");
            } else {
                anyhow::bail!("no subscriber {email} (see `orewatch subscribers list`)");
            }
        }
    }
    Ok(Exit::Ok)
}

fn list(store: &Store) -> Result<()> {
    let subs = store.list_subscribers()?;
    if subs.is_empty() {
        println!("no subscribers (add one with `orewatch subscribers add EMAIL`)");
    }
    for s in subs {
        // A row edited by hand may hold a line break: shown on one line.
        let one_line = crate::notify::address::one_line;
        let yes = |b: bool| if b { "yes" } else { "no" };
        let mut line = format!(
            "{}\t{}\tbriefing={}\talerts={}\ttz={}\ttopics={}",
            one_line(&s.email),
            one_line(s.name.as_deref().unwrap_or("-")),
            yes(s.briefing),
            yes(s.alerts),
            one_line(s.tz.as_deref().unwrap_or("-")),
            if s.topics.is_empty() {
                "all".to_string()
            } else {
                one_line(&s.topics.join(","))
            }
        );
        if let Some(at) = s.unsubscribed_at {
            line.push_str(&format!("\tunsubscribed={}", at.format("%Y-%m-%d")));
        }
        println!("{line}");
    }
    Ok(())
}
