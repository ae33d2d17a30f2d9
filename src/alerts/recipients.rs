//! Who hears of a rule's alerts. Resolved against the subscriber table when
//! the alert is written (a subscriber must take alerts); an unusable stored
//! address fails alone (see `store::mailing`).

use serde::{Deserialize, Serialize};

/// The recipients of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Recipients {
    /// Every subscriber who takes alerts.
    #[default]
    All,
    /// These subscribers (by address), if they take alerts.
    Subscribers { emails: Vec<String> },
    /// Subscribers who take alerts and follow one of these topics
    /// (commodities, sectors: `orewatch subscribers topics`).
    Topics { topics: Vec<String> },
}

impl Recipients {
    /// Does a subscriber with `email` and `topics` get the rule's alerts?
    pub fn wants(&self, email: &str, topics: &[String]) -> bool {
        match self {
            Recipients::All => true,
            Recipients::Subscribers { emails } => emails
                .iter()
                .any(|e| e.trim().eq_ignore_ascii_case(email.trim())),
            Recipients::Topics { topics: want } => want.iter().any(|w| {
                topics
                    .iter()
                    .any(|t| t.trim().eq_ignore_ascii_case(w.trim()))
            }),
        }
    }

    /// One line for `check-config` and `alerts list`.
    pub fn describe(&self) -> String {
        match self {
            Recipients::All => "all alert subscribers".into(),
            Recipients::Subscribers { emails } => emails.join(", "),
            Recipients::Topics { topics } => format!("topics {}", topics.join(", ")),
        }
    }
}
