//! Config values that reach a mail header: the sender's name, the subject
//! prefix and the initial subscribers, checked as the store checks them.

use lettre::message::Mailbox;

use super::Config;
use crate::notify::address;

/// The first bad value as (key, problem).
pub(super) fn check_mail_values(config: &Config, from: &Mailbox) -> Result<(), (String, String)> {
    if let Some(name) = &from.name {
        address::check_name(name).map_err(|p| ("mail.from".to_string(), p))?;
    }
    address::check_subject_prefix(&config.mail.subject_prefix)
        .map_err(|p| ("mail.subject_prefix".to_string(), p))?;
    for (i, s) in config.subscribers.iter().enumerate() {
        address::check_email(&s.email).map_err(|p| (format!("subscribers[{i}].email"), p))?;
        if let Some(name) = &s.name {
            address::check_name(name).map_err(|p| (format!("subscribers[{i}].name"), p))?;
        }
    }
    Ok(())
}
