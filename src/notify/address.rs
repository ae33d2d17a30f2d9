//! Values that reach a mail header: subscriber addresses and names, the
//! sender, the subject prefix. Each is checked where it enters (config, the
//! command line, a database row) by the functions here; on the way out lettre
//! encodes names and subjects (quoted or RFC 2047), so a valid value cannot
//! add a header line.

use lettre::Address;
use lettre::message::Mailbox;

/// Longest display name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest address accepted, in bytes (RFC 5321: 254 in a path).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest subject prefix accepted, in characters.
pub const MAX_PREFIX_CHARS: usize = 100;

/// Why a header value is refused, said so that the user can fix it.
fn control_problem(what: &str, value: &str) -> Option<String> {
    let bad = value
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))?;
    let shown = match bad {
        '\r' => "a carriage return (CR)".to_string(),
        '\n' => "a line feed (LF)".to_string(),
        '\t' => "a tab".to_string(),
        c => format!("the control character U+{:04X}", c as u32),
    };
    Some(format!(
        "{what} {value:?} contains {shown}; a mail header must be one line of printable text"
    ))
}

/// A subscriber's display name: one line of printable text, at most
/// [`MAX_NAME_CHARS`] characters. Returns the trimmed name (`None` if blank).
pub fn check_name(name: &str) -> Result<Option<&str>, String> {
    if let Some(p) = control_problem("the name", name) {
        return Err(p);
    }
    let name = name.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "the name {name:?} is longer than {MAX_NAME_CHARS} characters; shorten it"
        ));
    }
    Ok((!name.is_empty()).then_some(name))
}

/// An e-mail address: printable, at most [`MAX_EMAIL_BYTES`] bytes, and
/// valid for lettre (user@domain).
pub fn check_email(email: &str) -> Result<Address, String> {
    if let Some(p) = control_problem("the address", email) {
        return Err(p);
    }
    let email = email.trim();
    if email.len() > MAX_EMAIL_BYTES {
        return Err(format!(
            "the address is longer than {MAX_EMAIL_BYTES} bytes; give an address like name@example.com"
        ));
    }
    email.parse::<Address>().map_err(|e| {
        format!("{email:?} is not an e-mail address ({e}); give an address like name@example.com")
    })
}

/// A recipient's mailbox from an address and an optional name, both checked.
pub fn mailbox(email: &str, name: Option<&str>) -> Result<Mailbox, String> {
    let addr = check_email(email)?;
    let name = match name {
        Some(n) => check_name(n)?.map(str::to_string),
        None => None,
    };
    Ok(Mailbox::new(name, addr))
}

/// The subject prefix: one line, at most [`MAX_PREFIX_CHARS`] characters.
pub fn check_subject_prefix(prefix: &str) -> Result<(), String> {
    if let Some(p) = control_problem("the subject prefix", prefix) {
        return Err(p);
    }
    if prefix.chars().count() > MAX_PREFIX_CHARS {
        return Err(format!(
            "the subject prefix is longer than {MAX_PREFIX_CHARS} characters; shorten it"
        ));
    }
    Ok(())
}

/// A header-safe line: control characters (CR, LF, tabs...) become spaces.
/// For text taken from scraped pages (alert summaries in subjects).
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_line_breaks_or_controls_are_refused() {
        for bad in [
            "Evil\r\nBcc: v@example.com",
            "a\nb",
            "a\rb",
            "a\u{0}b",
            "a\u{2028}b",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            check_name("  Zoë O'Brien, \"Jr\" "),
            Ok(Some("Zoë O'Brien, \"Jr\""))
        );
        assert_eq!(check_name("   "), Ok(None));
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn addresses_with_line_breaks_are_refused() {
        assert!(check_email("a@example.com\r\nBcc: v@example.com").is_err());
        assert!(check_email("a@exa\nmple.com").is_err());
        assert!(check_email("not an address").is_err());
        assert_eq!(
            check_email(" a@example.com ").map(|a| a.to_string()),
            Ok("a@example.com".to_string())
        );
    }

    #[test]
    fn one_line_replaces_controls() {
        assert_eq!(one_line("a\r\nBcc: b"), "a  Bcc: b");
    }
}
