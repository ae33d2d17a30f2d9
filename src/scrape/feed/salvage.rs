//! Reading a broken feed: what feed-rs lacks.
//!
//! feed-rs (quick-xml, strict) fails a whole feed on one bad item (`<title>a <b></title>`,
//! a bare `&`, a raw `<`, a cut-off end). First a bare `&` is escaped and the feed read
//! again; if it still fails, each `<item>` / `<entry>` is cut out by its tags and read on
//! its own under the document's head (the root and channel start tags, which carry the
//! namespaces and `xml:base`) with the head's elements closed after it; a broken one
//! yields nothing and the others stand.

use std::collections::HashSet;

use super::FeedItem;

/// Longest document head repeated in front of every item; a longer one is replaced by the
/// bare root start tag, so salvage stays linear in the size of the feed.
const MAX_HEAD: usize = 64 * 1024;

/// The items of `text` read one at a time with `read` (a strict parse of one small
/// document), in document order, duplicates dropped.
pub(super) fn item_by_item(text: &str, read: impl Fn(&str) -> Vec<FeedItem>) -> Vec<FeedItem> {
    let starts = item_starts(text);
    let Some(&first) = starts.first() else {
        return Vec::new();
    };
    let head = &text[..first];
    let bare = bare_head(head);
    let head = if head.len() <= MAX_HEAD {
        head
    } else {
        bare.as_str()
    };
    let (close, bare_close) = (closers(head), closers(&bare));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let next = starts.get(i + 1).copied().unwrap_or(text.len());
        let end = item_end(text, start, next);
        let piece = &text[start..end];
        let mut items = read(&format!("{head}{piece}{close}"));
        if items.is_empty() && head != bare {
            items = read(&format!("{bare}{piece}{bare_close}"));
        }
        for item in items {
            if seen.insert(item.url.clone()) {
                out.push(item);
            }
        }
    }
    out
}

/// `&` that does not start a character or entity reference becomes `&amp;` ("S&P 500",
/// "AT&T", `?a=1&b=2`); `None` when there is none.
pub(super) fn escape_bare_amps(text: &str) -> Option<String> {
    let is_ref = |rest: &str| {
        let body = rest.split(';').next().unwrap_or("");
        rest.len() > body.len()
            && !body.is_empty()
            && body.len() <= 32
            && match body.strip_prefix('#') {
                Some(num) => match num.strip_prefix('x') {
                    Some(hex) => !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
                    None => !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()),
                },
                None => body.bytes().all(|b| b.is_ascii_alphanumeric()),
            }
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if !is_ref(rest) {
            out.push_str("amp;");
            changed = true;
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The end tags that close what `head` leaves open (`</channel></rss>`), innermost first.
fn closers(head: &str) -> String {
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(i) = head[at..].find('<').map(|i| at + i) {
        let rest = &head[i..];
        let skip = [
            ("<![CDATA[", "]]>"),
            ("<!--", "-->"),
            ("<?", "?>"),
            ("<!", ">"),
        ]
        .iter()
        .find(|(start, _)| rest.starts_with(start));
        if let Some((_, end)) = skip {
            match rest.find(end) {
                Some(e) => at = i + e + end.len(),
                None => break,
            }
            continue;
        }
        let Some(end) = tag_end(head, i) else { break };
        let tag = &head[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            if open.last() == Some(&name.trim()) {
                open.pop();
            }
        } else if !tag.ends_with('/') {
            let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
            if !name.is_empty() {
                open.push(name);
            }
        }
        at = end + 1;
    }
    open.iter().rev().map(|n| format!("</{n}>")).collect()
}

/// RSS 1.0 names an item by its `rdf:about`, and feed-rs drops an item without a `<link>`:
/// give such an item its `rdf:about` as a `<link>`. `None` when no item needs one.
pub(super) fn rdf_links(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let starts = item_starts(text);
    for (i, &start) in starts.iter().enumerate() {
        let Some(end) = tag_end(text, start) else {
            break;
        };
        let tag = &text[start..end];
        let next = starts.get(i + 1).copied().unwrap_or(text.len());
        let body = &text[end..item_end(text, start, next).max(end)];
        if tag.ends_with('/') || body.contains("<link") {
            continue;
        }
        let Some(about) = about(tag) else { continue };
        out.push_str(&text[copied..=end]);
        out.push_str(&format!("<link>{about}</link>"));
        copied = end + 1;
    }
    (copied > 0).then(|| out + &text[copied..])
}

/// The raw value of an `about` attribute (`rdf:about`) in a start tag.
fn about(tag: &str) -> Option<&str> {
    let at = tag.find(" about=").or_else(|| tag.find(":about="))? + " about=".len();
    let quote = tag[at..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    tag[at + 1..].split(quote).next()
}

/// Byte offsets of every `<item` and `<entry` start tag.
fn item_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('<').map(|i| at + i) {
        let rest = &b[i + 1..];
        let named = |n: &[u8]| {
            rest.starts_with(n)
                && matches!(rest.get(n.len()), Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        };
        if named(b"item") || named(b"entry") {
            out.push(i);
        }
        at = i + 1;
    }
    out
}

/// Where the item starting at `start` ends: after its end tag, or at the next item when
/// it has none before it.
fn item_end(text: &str, start: usize, next: usize) -> usize {
    let tag = if text[start..].starts_with("<item") {
        "</item>"
    } else {
        "</entry>"
    };
    match text[start..next].find(tag) {
        Some(i) => start + i + tag.len(),
        None => next,
    }
}

/// The root start tag alone (plus `<channel>` for RSS 2.0): namespaces kept, the rest of
/// the head (which may itself be broken) dropped.
fn bare_head(head: &str) -> String {
    let mut at = 0;
    while let Some(i) = head[at..].find('<').map(|i| at + i) {
        let rest = &head[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            at = i + 1;
            continue;
        }
        let Some(end) = tag_end(head, i) else {
            break;
        };
        let root = &head[i..=end];
        let channel = if rest.starts_with("rss") {
            "<channel>"
        } else {
            ""
        };
        return format!("{root}{channel}");
    }
    String::new()
}

/// Index of the `>` ending the tag that opens at `from` (quotes respected).
fn tag_end(s: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(from + i),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_cut_at_their_tags() {
        let text = "<rss><channel><title>t</title><item><link>a</link></item>\n<item><title>x <b></title></item><entry/></channel></rss>";
        let starts = item_starts(text);
        assert_eq!(starts.len(), 3);
        assert_eq!(&text[..starts[0]], "<rss><channel><title>t</title>");
        assert_eq!(
            &text[starts[0]..item_end(text, starts[0], starts[1])],
            "<item><link>a</link></item>"
        );
        assert!(item_starts("<items><entryway>").is_empty());
    }

    #[test]
    fn heads_are_closed_and_bare_amps_escaped() {
        assert_eq!(
            closers(
                "<?xml version='1.0'?><rss a='>'><channel><title>t</title><image/>\
                     <description><![CDATA[<p>x]]></description><!-- <c> -->"
            ),
            "</channel></rss>"
        );
        assert_eq!(
            closers("<rdf:RDF xmlns:rdf='x'><channel></channel>"),
            "</rdf:RDF>"
        );
        assert_eq!(
            escape_bare_amps("S&P &amp; AT&T &#38; &#x26; &; a?b=1&c=2").as_deref(),
            Some("S&amp;P &amp; AT&amp;T &#38; &#x26; &amp;; a?b=1&amp;c=2")
        );
        assert_eq!(escape_bare_amps("&mdash; &amp;"), None);
        assert_eq!(
            rdf_links("<item rdf:about=\"/a\"><title>t</title></item><item rdf:about='/b'><link>/c</link></item><item about='/d'/>").as_deref(),
            Some("<item rdf:about=\"/a\"><link>/a</link><title>t</title></item><item rdf:about='/b'><link>/c</link></item><item about='/d'/>")
        );
        assert_eq!(rdf_links("<item><link>/c</link></item>"), None);
    }

    #[test]
    fn the_bare_head_keeps_the_root_tag() {
        assert_eq!(
            bare_head(
                "<?xml version=\"1.0\"?><!-- c --><rss version=\"2.0\" xmlns:dc=\"x\"><channel><title>broken <b></title>"
            ),
            "<rss version=\"2.0\" xmlns:dc=\"x\"><channel>"
        );
        assert_eq!(
            bare_head("<feed xmlns=\"http://www.w3.org/2005/Atom\" a='>'><title>t</title>"),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" a='>'>"
        );
    }
}
