//! Recording a rendered briefing and enqueueing its mail. A rendering whose
//! content is the stored one's (only its "generated" time differs) rewrites
//! nothing: its search entries are not rebuilt and, unless the mail is to go,
//! the commit needs no fsync.

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::mailing::{Letter, Reader, enqueue_all, recipients};
use super::outbox::MailKind;
use super::{Store, StoreError, sqle, ts};
use crate::notify::{InlineImage, MailContext, Rendered, compose};

/// A subscriber's own briefing mail (HTML, text, images), or None for the common one.
pub type PersonalMail<'a> =
    dyn Fn(&Reader) -> Option<(String, String, Vec<InlineImage>)> + Send + 'a;

/// The day's briefing mail: HTML, text, what is mailed, and each subscriber's own
/// version where `personal` gives one.
#[derive(Clone, Copy)]
pub struct DayMail<'a> {
    /// The mail's HTML as rendered: stored, and hashed with `text`.
    pub html: &'a str,
    pub text: &'a str,
    /// The HTML that is mailed (`html` with its CSS inlined) and the images it shows
    /// by `cid:`; None: `html` as it is, without images. Only read when mail is enqueued.
    pub mailed: Option<(&'a str, &'a [InlineImage])>,
    pub personal: &'a PersonalMail<'a>,
    /// The "generated" time written in `html` and `text` ("" if none): left out of
    /// their content hash, so that rendering the same day again is no change.
    pub stamp: &'a str,
}

/// SHA-256 of the HTML and text, the first `stamp` in each left out.
fn content_hash(html: &str, text: &str, stamp: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    for part in [html, text] {
        let (head, tail) = match part.find(stamp).filter(|_| !stamp.is_empty()) {
            Some(at) => (&part[..at], &part[at + stamp.len()..]),
            None => (part, ""),
        };
        for piece in [head, tail] {
            h.update((piece.len() as u64).to_le_bytes());
            h.update(piece.as_bytes());
        }
    }
    h.finalize().to_vec()
}

impl Store {
    /// Records the rendered briefing of `day` (replacing an earlier rendering
    /// of the same day) and, if `send`, enqueues its mail to every briefing
    /// subscriber, in one transaction. Mail goes out once per day: returns
    /// true only for the call that enqueued it.
    pub fn save_briefing(
        &mut self,
        day: NaiveDate,
        html: &str,
        text: &str,
        send: bool,
        mail: &MailContext,
    ) -> Result<bool, StoreError> {
        let body = DayMail {
            html,
            text,
            mailed: None,
            personal: &|_| None,
            stamp: "",
        };
        self.save_briefing_mail(day, &body, send, mail)
    }

    /// [`Store::save_briefing`] with the images the mail's HTML shows by `cid:`, and each
    /// subscriber's own version of the mail where `personal` gives one. When the stored
    /// rendering has the same content (see [`DayMail::stamp`]), only its `updated_at`
    /// moves; without `send` that commit is not synced (it only says when the briefing
    /// was last made, which the next rendering says again).
    pub fn save_briefing_mail(
        &mut self,
        day: NaiveDate,
        body: &DayMail<'_>,
        send: bool,
        mail: &MailContext,
    ) -> Result<bool, StoreError> {
        let hash = content_hash(body.html, body.text, body.stamp);
        let unchanged = self.stored_hash(day)?.as_deref() == Some(hash.as_slice());
        let now = ts(Utc::now());
        let record = |tx: &rusqlite::Transaction<'_>, path: &std::path::Path| {
            // checked again inside the transaction: another process may have written the day
            let touched = tx
                .prepare_cached(
                    "UPDATE briefings SET updated_at = ?3 WHERE day = ?1 AND content_hash = ?2",
                )
                .and_then(|mut st| st.execute(params![day.to_string(), hash, now]))
                .map_err(sqle(path))?;
            if touched == 0 {
                tx.execute(
                    "INSERT INTO briefings (day, html, text, content_hash, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                     ON CONFLICT(day) DO UPDATE SET html = excluded.html, text = excluded.text,
                       content_hash = excluded.content_hash, updated_at = excluded.updated_at",
                    params![day.to_string(), body.html, body.text, hash, now],
                )
                .map_err(sqle(path))?;
            }
            Ok(())
        };
        if unchanged && !send {
            return self.write_refetchable(|tx, path| record(tx, path).map(|()| false));
        }
        self.write(|tx, path| {
            record(tx, path)?;
            if send {
                enqueue_day(tx, path, day, body, mail)
            } else {
                Ok(false)
            }
        })
    }

    /// The content hash of the stored briefing of `day` (None: none, or from before hashes).
    fn stored_hash(&self, day: NaiveDate) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .prepare_cached("SELECT content_hash FROM briefings WHERE day = ?1")
            .and_then(|mut st| {
                st.query_row([day.to_string()], |r| r.get::<_, Option<Vec<u8>>>(0))
                    .optional()
            })
            .map(Option::flatten)
            .map_err(|e| self.sql(e))
    }
}

/// Claims the day's mailing and enqueues a mail per briefing subscriber; false when
/// an earlier call already did.
fn enqueue_day(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    day: NaiveDate,
    body: &DayMail<'_>,
    mail: &MailContext,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let claimed = tx
        .execute(
            "UPDATE briefings SET mailed_at = ?2 WHERE day = ?1 AND mailed_at IS NULL",
            params![day.to_string(), ts(now)],
        )
        .map_err(sqle(path))?;
    if claimed == 0 {
        return Ok(false);
    }
    let key = format!("briefing:{day}");
    let (html, images) = body.mailed.unwrap_or((body.html, &[]));
    let rendered = Rendered {
        subject: compose::subject(mail, &format!("Daily briefing {day}")),
        text: body.text.to_string(),
        html: html.to_string(),
        images: images.to_vec(),
    };
    let to = recipients(tx, path, MailKind::Briefing)?;
    let own = |r: &Reader| {
        (body.personal)(r).map(|(html, text, images)| Rendered {
            subject: rendered.subject.clone(),
            text,
            html,
            images,
        })
    };
    let letter = Letter {
        ctx: mail,
        kind: MailKind::Briefing,
        key: &key,
        rendered: &rendered,
        now,
        personal: Some(&own),
    };
    enqueue_all(tx, path, &letter, &to)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn the_stamp_is_left_out_of_the_hash_and_nothing_else() {
        let a = content_hash("<p>x · generated 10:00</p>", "x · generated 10:00", "10:00");
        let b = content_hash("<p>x · generated 10:05</p>", "x · generated 10:05", "10:05");
        assert_eq!(a, b);
        let c = content_hash("<p>y · generated 10:05</p>", "x · generated 10:05", "10:05");
        assert_ne!(a, c);
        // moving text between the parts is a change
        assert_ne!(content_hash("ab", "", ""), content_hash("a", "b", ""));
        assert_ne!(content_hash("ab", "c", "b"), content_hash("a", "bc", "b"));
    }
}
