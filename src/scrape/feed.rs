//! RSS, Atom and JSON feeds: item links out of a feed document.
//!
//! Pure functions, no I/O. [`looks_like_feed`] tells a feed from a web page;
//! [`parse_feed`] reads RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed through feed-rs into
//! [`FeedItem`]s. What feed-rs lacks is here: the document's charset, reading a broken
//! feed item by item (`salvage`), HTML entities in titles, our own dedupe key (the link).

mod item;
mod salvage;
mod text;

use chrono::{DateTime, FixedOffset};
use feed_rs::parser::{Builder, ParseFeedError};
use quick_xml::events::Event;
use url::Url;

use item::{Offsets, items_of};
pub use text::looks_like_feed;
use text::{decode_document, is_json, parse_date, prepare, root_name};

/// One entry of a feed: the article's address, and its title and date when given.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// Absolute article address (http, https, or file when the feed itself is local).
    pub url: Url,
    /// Title with markup removed and whitespace collapsed.
    pub title: Option<String>,
    /// Publication date (`pubDate`, `dc:date`, Atom `published`, else `updated`), in the
    /// zone offset the feed wrote it with.
    pub published: Option<DateTime<FixedOffset>>,
}

/// Why a document could not be read as a feed.
#[derive(thiserror::Error, Debug)]
pub enum FeedError {
    /// The XML (or JSON) is broken, and not one item could be read.
    #[error(
        "the feed is not well-formed XML or JSON (near byte {position}): {reason}; check that the \
         source address points to an RSS, Atom or JSON feed, or configure the source as a \
         listing page"
    )]
    Malformed {
        /// Byte offset in the decoded document (after its XML declaration) where the problem
        /// was noticed; 0 for JSON.
        position: u64,
        /// What the XML reader complained about.
        reason: String,
    },
    /// A document whose root element is not RSS or Atom.
    #[error(
        "the document is XML but not an RSS or Atom feed (its root element is <{root}>); \
         configure the source as a listing page or correct its address"
    )]
    NotAFeed {
        /// Name of the root element found.
        root: String,
    },
    /// Nothing but whitespace, comments or declarations.
    #[error(
        "the feed document is empty (no root element); check that the source address is right \
         and that the site is serving its feed"
    )]
    Empty,
}

/// Parse an RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document into its items, in
/// document order.
///
/// Relative links resolve against `xml:base` and then `base` (the feed's own address).
/// Only http(s) links are kept, plus `file:` links when `base` is a `file:` URL; items
/// without a usable link are skipped, duplicates (same link) dropped. Unparseable dates
/// become `None`; dates keep the zone offset they were written with.
///
/// A broken document is repaired and read again: a bare `&` is escaped, then each
/// `<item>` / `<entry>` is parsed on its own under the document's head, so one malformed
/// item (or a cut-off end) costs only itself. It is an error only when no item at all can
/// be read.
pub fn parse_feed(body: &[u8], base: &Url) -> Result<Vec<FeedItem>, FeedError> {
    let decoded = decode_document(body);
    let text = prepare(&decoded);
    let err = match read(&text, base) {
        Ok(items) => return Ok(items),
        Err(err) => err,
    };
    if is_json(&text) {
        return Err(FeedError::Malformed {
            position: 0,
            reason: err.to_string(),
        });
    }
    match root_name(&text) {
        None => return Err(FeedError::Empty),
        Some("rss" | "RDF" | "feed") => {}
        Some(root) => {
            return Err(FeedError::NotAFeed {
                root: root.to_string(),
            });
        }
    }
    let escaped = salvage::escape_bare_amps(&text);
    if let Some(Ok(items)) = escaped.as_deref().map(|t| read(t, base)) {
        return Ok(items);
    }
    let repaired = escaped.as_deref().unwrap_or(&text);
    let items = salvage::item_by_item(repaired, |piece| read(piece, base).unwrap_or_default());
    if items.is_empty() {
        Err(malformed(&text, &err))
    } else {
        Ok(items)
    }
}

/// One strict feed-rs pass over the whole of `text`.
fn read(text: &str, base: &Url) -> Result<Vec<FeedItem>, ParseFeedError> {
    let dates = Offsets::default();
    let noted = dates.clone();
    let parser = Builder::new()
        .base_uri(Some(base.as_str()))
        .timestamp_parser(move |s| parse_date(s).map(|d| noted.note(d)))
        .build();
    let with_links = match root_name(text) {
        Some("RDF") => salvage::rdf_links(text),
        _ => None,
    };
    let feed = parser.parse(with_links.as_deref().unwrap_or(text).as_bytes())?;
    Ok(items_of(feed, base, &dates))
}

/// Where and why `text` is not well-formed, as quick-xml (feed-rs's reader) sees it;
/// feed-rs's own complaint when the XML itself is fine.
fn malformed(text: &str, err: &ParseFeedError) -> FeedError {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Err(e) => {
                return FeedError::Malformed {
                    position: reader.error_position(),
                    reason: e.to_string(),
                };
            }
            Ok(Event::Start(e)) => open.push(e.name().into_inner().to_string()),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    let reason = match open.last() {
        Some(name) => format!("the document ends inside <{name}> (it is cut off)"),
        None => err.to_string(),
    };
    FeedError::Malformed {
        position: reader.buffer_position(),
        reason,
    }
}
