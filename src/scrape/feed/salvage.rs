//! Reading a broken feed item by item.
//!
//! A strict XML reader stops at the first error, so one bad item (`<title>a <b></title>`,
//! a raw `<`, a cut-off end) would cost the whole feed. Here each `<item>` / `<entry>` is
//! cut out by its tags and read on its own under the document's head (the root and
//! channel start tags, which carry the namespaces and `xml:base`); a broken one yields
//! nothing and the others stand.

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
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let next = starts.get(i + 1).copied().unwrap_or(text.len());
        let end = item_end(text, start, next);
        let piece = &text[start..end];
        let mut items = read(&format!("{head}{piece}"));
        if items.is_empty() && head != bare {
            items = read(&format!("{bare}{piece}"));
        }
        for item in items {
            if seen.insert(item.url.clone()) {
                out.push(item);
            }
        }
    }
    out
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
