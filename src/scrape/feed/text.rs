//! Text helpers for feeds: byte decoding, feed sniffing, dates and titles.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use encoding_rs::{Encoding, UTF_8};

/// How far into a document to look for the root element when sniffing.
const SNIFF_LIMIT: usize = 4096;

/// Does this response look like an RSS or Atom feed rather than a web page?
///
/// True for feed media types (`application/rss+xml`, `application/atom+xml`,
/// `application/rdf+xml`), otherwise decided by the document's root element
/// (`rss`, `rdf:RDF` or `feed`), so mislabelled feeds and local `.xml` files work too.
pub fn looks_like_feed(content_type: Option<&str>, body: &[u8]) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ["rss+xml", "atom+xml", "rdf+xml"]
            .iter()
            .any(|t| ct.contains(t))
        {
            return true;
        }
    }
    let head = &body[..body.len().min(SNIFF_LIMIT)];
    let text = decode_document(head);
    matches!(root_name(&text), Some("rss" | "RDF" | "feed"))
}

/// Local name of the first element, skipping declarations, comments and doctype.
fn root_name(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>')?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = &r[..end];
            return Some(name.rsplit(':').next().unwrap_or(name));
        } else {
            return None;
        }
    }
}

/// Bytes to text: a byte-order mark wins, then the XML declaration's `encoding`,
/// then UTF-8 (invalid sequences replaced, never an error).
pub(super) fn decode_document(body: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(body) {
        return enc.decode_without_bom_handling(&body[bom_len..]).0;
    }
    let enc = declared_encoding(body).unwrap_or(UTF_8);
    enc.decode_without_bom_handling(body).0
}

fn declared_encoding(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head
        .trim_start()
        .strip_prefix("<?xml")?
        .split("?>")
        .next()?;
    let after = decl
        .split("encoding")
        .nth(1)?
        .trim_start()
        .strip_prefix('=')?;
    let after = after.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = after[1..].split(quote).next()?;
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    // A UTF-16 label on a document we could read as ASCII is a lie: stay with UTF-8.
    (enc.output_encoding() == enc).then_some(enc)
}

/// Collapse runs of whitespace to single spaces and trim.
pub(super) fn clean_title(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Remove tags from an HTML fragment and decode the common entities.
pub(super) fn strip_markup(s: &str) -> String {
    strip_tags(s)
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Remove things that look like tags (`<` then a letter, `/` or `!`, up to `>`);
/// a lone `<` as in "gold < $2,600" is kept.
pub(super) fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tag_like = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if tag_like => rest = &after[end + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parse a feed date: RFC 822/2822 (RSS), RFC 3339 / W3C-DTF (Atom, Dublin Core),
/// and a few common sloppy variants. Dates without a zone are taken as UTC.
pub(super) fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let zoned = [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M:%S %z",
        "%a, %d %b %Y %H:%M %z",
        "%d %b %Y %H:%M:%S %z",
    ];
    let normalized = s
        .replace('Z', "+00:00")
        .replace(" UTC", " +0000")
        .replace(" GMT", " +0000");
    for f in zoned {
        if let Ok(d) = DateTime::parse_from_str(&normalized, f) {
            return Some(d);
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    let utc = Utc.fix();
    for f in naive {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return utc.from_local_datetime(&d).single();
        }
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    utc.from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_feed_formats() {
        let cases = [
            ("Fri, 20 Nov 2026 14:05:00 GMT", "2026-11-20T14:05:00+00:00"),
            (
                "Fri, 20 Nov 2026 14:05:00 +0800",
                "2026-11-20T14:05:00+08:00",
            ),
            ("20 Nov 2026 14:05:00 EST", "2026-11-20T14:05:00-05:00"),
            ("2026-11-20T14:05:00Z", "2026-11-20T14:05:00+00:00"),
            ("2026-11-20T14:05+08:00", "2026-11-20T14:05:00+08:00"),
            ("2026-11-20T14:05:00+0800", "2026-11-20T14:05:00+08:00"),
            ("2026-11-20 14:05:00", "2026-11-20T14:05:00+00:00"),
            ("2026-11-20", "2026-11-20T00:00:00+00:00"),
        ];
        for (input, want) in cases {
            let got = parse_date(input).map(|d| d.to_rfc3339());
            assert_eq!(got.as_deref(), Some(want), "input {input:?}");
        }
        assert_eq!(parse_date("last Tuesday"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn declared_encoding_is_used() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GBK\"?><rss>黄金</rss>");
        assert!(decode_document(&bytes).contains("黄金"));
        let utf16_claim = b"<?xml version='1.0' encoding='utf-16'?><rss/>";
        assert!(decode_document(utf16_claim).contains("<rss/>"));
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(strip_markup("<b>Gold</b> &amp; silver"), "Gold & silver");
        assert_eq!(
            strip_tags("gold < $2,600, <i>silver</i> <3"),
            "gold < $2,600, silver <3"
        );
        assert_eq!(strip_tags("cut <b off"), "cut <b off");
        assert_eq!(clean_title("  Copper \n  rises  "), "Copper rises");
    }

    #[test]
    fn root_names_are_sniffed() {
        assert_eq!(
            root_name("<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>"),
            Some("rss")
        );
        assert_eq!(root_name("<!DOCTYPE html><html>"), Some("html"));
        assert_eq!(root_name("<rdf:RDF xmlns:rdf='x'>"), Some("RDF"));
        assert_eq!(root_name("plain text"), None);
    }
}
