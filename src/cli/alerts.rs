//! `orewatch alerts list|test`, `replay`, `quarantine`, `outbox`, `deliver`
//! and `subscribers topics`: looking at and working the alert machinery.

use std::path::Path;

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use clap::Subcommand;

use super::Exit;
use super::commands::UsageError;
use crate::alerts::{self, AlertDraft, AlertRule, AlertSet, Obs, PriorState, state};
use crate::config::{Config, Resolved};
use crate::notify::{MailContext, address::one_line, compose};
use crate::store::{Store, StoredFact};

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Each rule, its state (armed/fired/cooling), last value, last fired.
    List,
    /// What the rule would send now (subject, text, recipients), sending nothing.
    Test { name: String },
}

#[derive(Debug, Subcommand)]
pub enum QuarantineAction {
    /// Observations held by the plausibility gate (pending first-hand; --all for decided ones too).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Accept one: it then counts (price table, gate baseline, replay).
    Accept { id: i64 },
    /// Reject one: it stays out.
    Reject { id: i64 },
}

fn open(config: &Path) -> Result<(Resolved, Store)> {
    let cfg = Config::load(config)?;
    let store = Store::open(&cfg.db_path())?;
    Ok((cfg, store))
}

fn mail_context(cfg: &Resolved) -> MailContext {
    MailContext {
        from: cfg.from.clone(),
        subject_prefix: cfg.config.mail.subject_prefix.clone(),
        archive_url: cfg.config.mail.archive_url.clone(),
        // What an alert would send is previewed here, not mailed: no signed link needed.
        unsubscribe: None,
    }
}

fn rule<'a>(set: &'a AlertSet, name: &str) -> Result<&'a AlertRule> {
    set.rule(name).ok_or_else(|| {
        let names: Vec<&str> = set.rules.iter().map(|r| r.name.as_str()).collect();
        UsageError(format!(
            "no alert rule `{name}` in the configuration; the rules are: {}",
            names.join(", ")
        ))
        .into()
    })
}

pub(super) fn alerts(config: &Path, action: AlertsAction) -> Result<Exit> {
    let (cfg, mut store) = open(config)?;
    let set = cfg.alert_rules();
    match action {
        AlertsAction::List => {
            println!("rule\tkind\tstate\tlast value\tlast fired\trecipients");
            for r in &set.rules {
                let st = store.alert_state(&r.name)?.map(|(s, _)| s);
                let status = state::status(r, st.as_ref(), Utc::now());
                let last = st.as_ref().and_then(|s| s.last_value());
                let fired = st.as_ref().and_then(|s| s.last_fired());
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    r.name,
                    r.kind.name(),
                    status.as_str(),
                    last.map_or("-".into(), alerts::fmt_num),
                    fired.map_or("-".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
                    r.recipients.describe()
                );
            }
        }
        AlertsAction::Test { name } => {
            let r = rule(&set, &name)?.clone();
            test_rule(&cfg, &mut store, &r)?;
        }
    }
    Ok(Exit::Ok)
}

/// The rule's current state applied to the latest stored fact it watches.
fn test_rule(cfg: &Resolved, store: &mut Store, r: &AlertRule) -> Result<()> {
    let mut prior = PriorState::default();
    if let Some((st, _)) = store.alert_state(&r.name)? {
        prior.rules.insert(r.name.clone(), st);
    }
    let facts = store.replay_facts()?;
    let rules = std::slice::from_ref(r);
    let latest = facts.iter().rev().find_map(|f| {
        let ev = alerts::evaluate(rules, &prior, &[obs(f)]);
        (!ev.rules.is_empty()).then_some((f, ev))
    });
    let Some((fact, ev)) = latest else {
        println!(
            "rule {}: no stored fact matches it yet; it would send nothing",
            r.name
        );
        return Ok(());
    };
    let to = store.rule_recipients(&r.recipients)?;
    let Some(draft) = ev.alerts.first() else {
        let st = prior.rules.get(&r.name);
        println!(
            "rule {}: would send nothing now ({}; latest fact: {:?})",
            r.name,
            state::status(r, st, Utc::now()).as_str(),
            one_line(&fact.fact.sentence)
        );
        return Ok(());
    };
    let mail = compose::render_alert(&mail_context(cfg), draft, &fact.url)?;
    println!("rule {} would send now (nothing sent):", r.name);
    println!("Subject: {}", one_line(&mail.subject));
    println!(
        "To: {}",
        if to.ok.is_empty() {
            "(nobody)".into()
        } else {
            to.ok.join(", ")
        }
    );
    for (email, reason) in &to.bad {
        println!("Not mailable: {} ({})", one_line(email), one_line(reason));
    }
    println!("\n{}", mail.text);
    Ok(())
}

fn obs(f: &StoredFact) -> Obs<'_> {
    Obs {
        index: f.index,
        fact: &f.fact,
        day: f.day,
        at: f.at,
    }
}

/// The alerts the rules would have sent over the stored facts, in order.
/// State starts empty before the first stored fact; alerts dated outside
/// `from..=to` are evaluated but not shown.
pub fn replay(
    set: &AlertSet,
    facts: &[StoredFact],
    from: NaiveDate,
    to: Option<NaiveDate>,
    only: Option<&str>,
) -> Vec<AlertDraft> {
    let rules: Vec<AlertRule> = set
        .rules
        .iter()
        .filter(|r| only.is_none_or(|n| r.name == n))
        .cloned()
        .collect();
    let obs: Vec<Obs<'_>> = facts
        .iter()
        .filter(|f| to.is_none_or(|t| f.day <= t))
        .map(obs)
        .collect();
    let ev = alerts::evaluate(&rules, &PriorState::default(), &obs);
    ev.alerts
        .into_iter()
        .filter(|a| a.day >= from && to.is_none_or(|t| a.day <= t))
        .collect()
}

pub(super) fn replay_cmd(
    config: &Path,
    from: NaiveDate,
    to: Option<NaiveDate>,
    only: Option<&str>,
) -> Result<Exit> {
    let (cfg, store) = open(config)?;
    let set = cfg.alert_rules();
    if let Some(n) = only {
        rule(&set, n)?;
    }
    let facts = store.replay_facts()?;
    let alerts = replay(&set, &facts, from, to, only);
    for a in &alerts {
        println!("{}\t{}\t{}", a.day, a.rule_key, one_line(&a.summary()));
    }
    println!(
        "{} alert(s) would have been sent (nothing sent, no state changed)",
        alerts.len()
    );
    Ok(Exit::Ok)
}

pub(super) fn quarantine(config: &Path, action: Option<QuarantineAction>) -> Result<Exit> {
    let (_, mut store) = open(config)?;
    match action.unwrap_or(QuarantineAction::List { all: false }) {
        QuarantineAction::List { all } => {
            let rows = store.quarantine(!all)?;
            if rows.is_empty() {
                println!("nothing quarantined");
            }
            for q in rows {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    q.id,
                    q.status,
                    q.day,
                    one_line(&q.fact.sentence),
                    one_line(&q.reason),
                    q.url
                );
            }
        }
        QuarantineAction::Accept { id } | QuarantineAction::Reject { id } if id <= 0 => {
            return Err(UsageError(format!(
                "{id} is not a quarantine id; see `orewatch quarantine list`"
            ))
            .into());
        }
        QuarantineAction::Accept { id } => decide(&mut store, id, true)?,
        QuarantineAction::Reject { id } => decide(&mut store, id, false)?,
    }
    Ok(Exit::Ok)
}

fn decide(store: &mut Store, id: i64, accept: bool) -> Result<()> {
    if !store.decide_quarantine(id, accept)? {
        anyhow::bail!(
            "no pending quarantined observation {id} (see `orewatch quarantine list --all`)"
        );
    }
    println!("{} {id}", if accept { "accepted" } else { "rejected" });
    Ok(())
}

pub(super) fn outbox(config: &Path, failed: bool, pending: bool) -> Result<Exit> {
    let (_, store) = open(config)?;
    let rows = store.outbox()?;
    let shown: Vec<_> = rows
        .iter()
        .filter(|r| match (failed, pending) {
            (true, _) => r.status == "failed",
            (_, true) => r.status == "pending" || r.status == "sending",
            _ => true,
        })
        .collect();
    for r in &shown {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.status,
            r.attempts,
            r.kind,
            one_line(&r.recipient),
            one_line(&r.subject),
            r.last_error.as_deref().map_or("-".into(), one_line)
        );
    }
    println!("{} of {} message(s)", shown.len(), rows.len());
    Ok(Exit::Ok)
}

pub(super) fn topics(store: &mut Store, email: &str, topics: &[String]) -> Result<Exit> {
    if !store.set_topics(email, topics)? {
        anyhow::bail!("no subscriber {email} (see `orewatch subscribers list`)");
    }
    println!(
        "{email}: topics {}",
        if topics.is_empty() {
            "none".into()
        } else {
            topics.join(", ")
        }
    );
    Ok(Exit::Ok)
}
