//! Composing mail: deterministic Message-IDs, multipart/alternative bodies,
//! `List-Unsubscribe`, and the alert templates.

use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

use super::{MailContext, NotifyError};
use crate::alerts::AlertDraft;

/// A composed message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// `<hex.orewatch@domain>`, from the message key and the recipient.
    pub message_id: String,
    /// Bare address of the recipient.
    pub recipient: String,
    pub subject: String,
    /// The whole RFC 5322 message.
    pub raw: Vec<u8>,
}

/// Subject, plain-text and HTML body of one mail, and the images its HTML
/// shows by `cid:` (none for alerts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub images: Vec<InlineImage>,
}

/// A PNG the HTML part refers to as `cid:<cid>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineImage {
    /// Without the angle brackets: `chart-1@orewatch`.
    pub cid: String,
    pub png: Vec<u8>,
}

/// The body: multipart/alternative(text, html), or with images
/// multipart/alternative(text, multipart/related(html, png...)).
fn body(mail: &Rendered) -> MultiPart {
    if mail.images.is_empty() {
        return MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
    }
    let mut related = MultiPart::related().singlepart(SinglePart::html(mail.html.clone()));
    for img in &mail.images {
        let png = ContentType::parse("image/png").expect("a valid content type");
        related =
            related.singlepart(Attachment::new_inline(img.cid.clone()).body(img.png.clone(), png));
    }
    MultiPart::alternative()
        .singlepart(SinglePart::plain(mail.text.clone()))
        .multipart(related)
}

/// Deterministic Message-ID of the mail carrying `key` (an alert key or
/// `briefing:<day>`) to `recipient`: a retry or re-run reuses it.
pub fn message_id(key: &str, recipient: &str, from: &Mailbox) -> String {
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update(b"\n");
    h.update(recipient.trim().to_lowercase().as_bytes());
    let hex: String = h
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("<{hex}.orewatch@{}>", from.email.domain())
}

/// Builds the full message (multipart/alternative text + HTML, the HTML with its images) for `to`.
pub fn compose(
    ctx: &MailContext,
    to: &Mailbox,
    key: &str,
    mail: &Rendered,
    date: DateTime<Utc>,
) -> Result<Outgoing, NotifyError> {
    let id = message_id(key, to.email.as_ref(), &ctx.from);
    // Subjects carry text from scraped pages: never more than one line.
    let subject = super::address::one_line(&mail.subject);
    let mut msg = Message::builder()
        .from(ctx.from.clone())
        .to(to.clone())
        .subject(subject.clone())
        .message_id(Some(id.clone()))
        .date(date.into());
    for (name, value) in unsubscribe_headers(ctx, to.email.as_ref(), date) {
        msg = msg.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(name),
            value,
        ));
    }
    let msg = msg
        .multipart(body(mail))
        .map_err(|e| NotifyError::Compose(e.to_string()))?;
    Ok(Outgoing {
        message_id: id,
        recipient: to.email.to_string(),
        subject,
        raw: msg.formatted(),
    })
}

/// `List-Unsubscribe` (the signed https link first, when configured, then the
/// mailto form) and, with the https link, `List-Unsubscribe-Post` (RFC 8058).
pub fn unsubscribe_headers(
    ctx: &MailContext,
    recipient: &str,
    now: DateTime<Utc>,
) -> Vec<(&'static str, String)> {
    let mailto = format!("<mailto:{}?subject=unsubscribe>", ctx.from.email);
    match &ctx.unsubscribe {
        Some(link) => vec![
            (
                "List-Unsubscribe",
                format!("<{}>, {mailto}", link.url(recipient, now)),
            ),
            (
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_string(),
            ),
        ],
        None => vec![("List-Unsubscribe", mailto)],
    }
}

/// Prefixes `subject` with the context's prefix (`[orewatch] ...`).
pub fn subject(ctx: &MailContext, subject: &str) -> String {
    let prefix = ctx.subject_prefix.trim();
    if prefix.is_empty() {
        subject.to_string()
    } else {
        format!("{prefix} {subject}")
    }
}

/// Only http(s) links from scraped pages reach a mail.
pub fn safe_url(url: &str) -> Option<String> {
    crate::report::format::safe_link(Some(url))
}

/// Link to the archived briefing of `day`: `<archive_url>/YYYY/MM/DD.html`,
/// the archive's layout.
pub fn archive_link(ctx: &MailContext, day: NaiveDate) -> Option<String> {
    let base = ctx.archive_url.as_deref()?.trim().trim_end_matches('/');
    safe_url(&format!("{base}/{}.html", day.format("%Y/%m/%d")))
}

/// One labelled figure of an alert.
pub struct Line {
    pub label: &'static str,
    pub value: String,
}

/// What an alert mail says; both parts render it.
struct AlertMail<'a> {
    summary: &'a str,
    lines: &'a [Line],
    sentence: &'a str,
    article_url: Option<&'a str>,
    archive_url: Option<&'a str>,
    day: NaiveDate,
    from: &'a str,
}

#[derive(Template)]
#[template(path = "alert.txt")]
struct AlertText<'a> {
    m: &'a AlertMail<'a>,
}

#[derive(Template)]
#[template(path = "alert.html")]
struct AlertHtml<'a> {
    m: &'a AlertMail<'a>,
}

/// Renders the mail of an alert found in the article at `article_url`.
pub fn render_alert(
    ctx: &MailContext,
    draft: &AlertDraft,
    article_url: &str,
) -> Result<Rendered, NotifyError> {
    let summary = draft.summary();
    let lines = lines(draft);
    let article_url = safe_url(article_url);
    let archive_url = archive_link(ctx, draft.day);
    let from = ctx.from.email.to_string();
    let m = AlertMail {
        summary: &summary,
        lines: &lines,
        sentence: &draft.sentence,
        article_url: article_url.as_deref(),
        archive_url: archive_url.as_deref(),
        day: draft.day,
        from: &from,
    };
    let template = |e: askama::Error| NotifyError::Template(e.to_string());
    Ok(Rendered {
        subject: subject(ctx, &summary),
        text: AlertText { m: &m }.render().map_err(template)?,
        html: AlertHtml { m: &m }.render().map_err(template)?,
        images: Vec::new(),
    })
}

fn lines(draft: &AlertDraft) -> Vec<Line> {
    draft
        .lines()
        .into_iter()
        .map(|(label, value)| Line { label, value })
        .collect()
}
