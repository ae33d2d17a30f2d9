//! Text helpers for feeds: byte decoding, feed sniffing, dates, titles, and the small
//! repairs that let feed-rs read what we decoded.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use encoding_rs::{Encoding, UTF_8};

/// How far into a document to look for the root element when sniffing.
const SNIFF_LIMIT: usize = 4096;

/// Does this response look like an RSS or Atom feed rather than a web page?
///
/// True for feed media types (`application/rss+xml`, `application/atom+xml`,
/// `application/rdf+xml`, `application/feed+json`), otherwise decided by the document's
/// root element (`rss`, `rdf:RDF` or `feed`) or, for JSON, its JSON Feed version URL, so
/// mislabelled feeds and local `.xml` / `.json` files work too.
pub fn looks_like_feed(content_type: Option<&str>, body: &[u8]) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ["rss+xml", "atom+xml", "rdf+xml", "feed+json"]
            .iter()
            .any(|t| ct.contains(t))
        {
            return true;
        }
    }
    let head = &body[..body.len().min(SNIFF_LIMIT)];
    let text = decode_document(head);
    if is_json(&text) {
        return text.contains("jsonfeed.org/version");
    }
    matches!(root_name(&text), Some("rss" | "RDF" | "feed"))
}

/// Does the document start like JSON (an object)?
pub(super) fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Local name of the first element, skipping declarations, comments and doctype.
pub(super) fn root_name(text: &str) -> Option<&str> {
    let r = &text[root_start(text)? + 1..];
    let end = r
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(r.len());
    let name = &r[..end];
    Some(name.rsplit(':').next().unwrap_or(name))
}

/// Byte offset of the first element's start tag.
fn root_start(text: &str) -> Option<usize> {
    let skip_space = |at: usize| at + (text[at..].len() - text[at..].trim_start().len());
    let mut at = skip_space(0);
    loop {
        let rest = &text[at..];
        at += if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            rest.find('>')? + 1
        } else if rest.starts_with('<') {
            return Some(at);
        } else {
            return None;
        };
        at = skip_space(at);
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

/// Decode HTML character references (`&nbsp;`, `&mdash;`, `&#8217;`, `&#x2019;`: the whole
/// HTML5 table), which feed-rs leaves as text; anything else stays as written.
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((chars, len)) => {
                out.extend(chars);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The characters of the reference at the start of `s` (`&...;`) and its length.
fn reference(s: &str) -> Option<(impl Iterator<Item = char>, usize)> {
    let end = s.get(1..s.len().min(40))?.find(';')? + 1;
    let name = &s[1..end];
    let (first, second) = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        (char::from_u32(code).filter(|c| *c != '\0')?, None)
    } else {
        let &(a, b) = html5ever::data::NAMED_ENTITIES.get(&s[1..=end])?;
        (char::from_u32(a)?, char::from_u32(b).filter(|c| *c != '\0'))
    };
    Some((std::iter::once(first).chain(second), end + 1))
}

/// The decoded text made ready for feed-rs: the XML declaration dropped (the text is UTF-8
/// now, whatever encoding it names); an RSS root without a version feed-rs knows given
/// `version="2.0"` (feed-rs reads no other RSS root); the namespaces of RSS 0.90 and Atom
/// 0.3, which feed-rs does not know, declared on the root as those of RSS 1.0 and Atom 1.0.
pub(super) fn prepare(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start();
    let body = match trimmed.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(trimmed, |(_, after)| after),
        None => trimmed,
    };
    let Some(start) = root_start(body) else {
        return Cow::Borrowed(body);
    };
    let tag_len = body[start..].find('>').map_or(0, |i| i + 1);
    let tag = &body[start..start + tag_len];
    let old_ns = OLD_NAMESPACES.iter().any(|(old, _)| tag.contains(old));
    let known = ["2.0", "0.91", "0.92"].iter().any(|v| {
        tag.contains(&format!("version=\"{v}\"")) || tag.contains(&format!("version='{v}'"))
    });
    let versionless_rss = tag.starts_with("<rss") && !known;
    if tag_len == 0 || !(old_ns || versionless_rss) {
        return Cow::Borrowed(body);
    }
    let mut tag = tag.to_string();
    for (old, new) in OLD_NAMESPACES {
        tag = tag.replace(old, new);
    }
    if versionless_rss {
        tag = format!(
            "<rss version=\"2.0\"{}",
            VERSION_ATTR.replace(&tag[4..], "")
        );
    }
    Cow::Owned(format!(
        "{}{tag}{}",
        &body[..start],
        &body[start + tag_len..]
    ))
}

/// Namespace names feed-rs does not know, and the ones it reads in their place.
const OLD_NAMESPACES: [(&str, &str); 2] = [
    (
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://purl.org/rss/1.0/",
    ),
    ("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom"),
];

static VERSION_ATTR: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(r#"\s+version\s*=\s*("[^"]*"|'[^']*')"#).expect("valid regex")
});

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
        assert_eq!(
            decode_entities("Gold&nbsp;&amp; silver &mdash; AT&T&#8217;s &#x2019; &bogus; &#0;"),
            "Gold\u{a0}& silver \u{2014} AT&T\u{2019}s \u{2019} &bogus; &#0;"
        );
        assert_eq!(
            strip_tags("gold < $2,600, <i>silver</i> <3"),
            "gold < $2,600, silver <3"
        );
        assert_eq!(strip_tags("cut <b off"), "cut <b off");
        assert_eq!(clean_title("  Copper \n  rises  "), "Copper rises");
    }

    #[test]
    fn rss_roots_get_a_version_feed_rs_reads() {
        assert_eq!(
            prepare("<?xml version='1.0' encoding='GBK'?>\n<rss><channel/></rss>"),
            "\n<rss version=\"2.0\"><channel/></rss>"
        );
        assert_eq!(
            prepare("<!-- c --><rss version='2.01' xmlns:a='b'>"),
            "<!-- c --><rss version=\"2.0\" xmlns:a='b'>"
        );
        let fine = "<rss version=\"2.0\"><channel/></rss>";
        assert!(matches!(prepare(fine), Cow::Borrowed(s) if s == fine));
        assert_eq!(prepare("<feed xmlns='x'/>"), "<feed xmlns='x'/>");
        assert_eq!(
            prepare("<feed xmlns='http://purl.org/atom/ns#'><id>http://purl.org/atom/ns#</id>"),
            "<feed xmlns='http://www.w3.org/2005/Atom'><id>http://purl.org/atom/ns#</id>"
        );
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
