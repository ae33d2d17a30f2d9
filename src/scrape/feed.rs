//! RSS and Atom feeds: item links out of a feed document.
//!
//! Pure functions, no I/O. [`looks_like_feed`] tells a feed from a web page;
//! [`parse_feed`] reads RSS 2.0, RSS 1.0 (RDF) and Atom into [`FeedItem`]s.

mod item;
mod salvage;
mod text;

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;
use url::Url;

use item::{Draft, finish};
use text::decode_document;
pub use text::looks_like_feed;

const NS_RSS1: &str = "http://purl.org/rss/1.0/";
const NS_RSS090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_ATOM03: &str = "http://purl.org/atom/ns#";
const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";

/// One entry of a feed: the article's address, and its title and date when given.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// Absolute article address (http, https, or file when the feed itself is local).
    pub url: Url,
    /// Title with markup removed and whitespace collapsed.
    pub title: Option<String>,
    /// Publication date (`pubDate`, `dc:date`, Atom `published`, else `updated`).
    pub published: Option<DateTime<FixedOffset>>,
}

/// Why a document could not be read as a feed.
#[derive(thiserror::Error, Debug)]
pub enum FeedError {
    /// The XML is broken.
    #[error(
        "the feed is not well-formed XML (near byte {position}): {reason}; check that the source \
         address points to an RSS or Atom feed, or configure the source as a listing page"
    )]
    Malformed {
        /// Byte offset in the decoded document where the problem was noticed.
        position: u64,
        /// What the XML reader complained about.
        reason: String,
    },
    /// Well-formed XML, but not RSS or Atom.
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

#[derive(Clone, Copy, PartialEq, Debug)]
enum Format {
    Rss2,
    Rdf,
    Atom,
}

/// What a child element of an item means to us.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Field {
    Title,
    Link,
    Guid,
    PubDate,
    DcDate,
    Published,
    Updated,
    Id,
}

/// Parse an RSS 2.0, RSS 1.0 (RDF) or Atom document into its items, in document order.
///
/// Relative links resolve against `xml:base` and then `base` (the feed's own address).
/// Only http(s) links are kept, plus `file:` links when `base` is a `file:` URL; items
/// without a usable link are skipped, duplicates dropped. Unparseable dates become `None`.
///
/// A broken document is read item by item: each `<item>` / `<entry>` is parsed on its own
/// under the document's head, so one malformed item (or a cut-off end) costs only itself.
/// It is an error only when no item at all can be read.
pub fn parse_feed(body: &[u8], base: &Url) -> Result<Vec<FeedItem>, FeedError> {
    let text = decode_document(body);
    match read_items(&text, base) {
        (items, Ok(())) => Ok(items),
        (_, Err(err @ FeedError::Malformed { .. })) => {
            let items = salvage::item_by_item(&text, |piece| read_items(piece, base).0);
            if items.is_empty() {
                Err(err)
            } else {
                Ok(items)
            }
        }
        (_, Err(err)) => Err(err),
    }
}

/// One strict pass: the items read up to the end or the first error, and that error.
fn read_items(text: &str, base: &Url) -> (Vec<FeedItem>, Result<(), FeedError>) {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    // Real feeds often carry a bare `&` ("S&P 500"): keep it as text rather than fail.
    reader.config_mut().allow_dangling_amp = true;
    let allow_file = base.scheme() == "file";

    let mut format: Option<Format> = None;
    // xml:base in force: (depth of the element that set it, resolved base).
    let mut bases: Vec<(usize, Url)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut draft: Option<Draft> = None;
    let mut capture: Option<(Field, usize, String)> = None;
    let mut found = Found::default();

    loop {
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let err = FeedError::Malformed {
                    position: reader.error_position(),
                    reason: e.to_string(),
                };
                return (found.items, Err(err));
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let ns = namespace(&reader.resolver().resolve_element(e.name()).0);
                let local = e.local_name().into_inner().to_string();
                let parent_base = bases.last().map(|(_, b)| b).unwrap_or(base);
                let own_base = plain_attr(e, "xml:base").and_then(|b| parent_base.join(&b).ok());
                let elem_base = own_base.as_ref().unwrap_or(parent_base);
                let fmt = match format {
                    Some(f) => f,
                    None => match root_format(&local, ns.as_deref()) {
                        Ok(f) => {
                            format = Some(f);
                            f
                        }
                        Err(e) => return (Vec::new(), Err(e)),
                    },
                };
                let depth = names.len();
                let core = is_core(fmt, ns.as_deref());
                let item_tag = if fmt == Format::Atom { "entry" } else { "item" };
                if draft.is_none() && core && local == item_tag {
                    let mut d = Draft::new(depth, elem_base.clone());
                    d.about = attr(e, reader.resolver(), NS_RDF, "about");
                    draft = Some(d);
                } else if let Some(d) = draft.as_mut().filter(|d| depth == d.depth + 1)
                    && let Some(field) = field_of(fmt, ns.as_deref(), &local)
                {
                    start_field(d, field, e, reader.resolver(), elem_base);
                    if !is_empty && capture.is_none() {
                        capture = Some((field, depth, String::new()));
                    }
                }
                if is_empty {
                    close_element(depth, &mut draft, &mut capture, &mut found, allow_file);
                } else {
                    names.push(e.name().into_inner().to_string());
                    if let Some(own) = own_base {
                        bases.push((depth, own));
                    }
                }
            }
            Event::End(_) => {
                names.pop();
                let depth = names.len();
                if bases.last().is_some_and(|(d, _)| *d == depth) {
                    bases.pop();
                }
                close_element(depth, &mut draft, &mut capture, &mut found, allow_file);
            }
            Event::Text(t) => push_text(&mut capture, &t.xml10_content()),
            Event::CData(t) => push_text(&mut capture, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => entity(&r.into_inner()),
                };
                push_text(&mut capture, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = names.last() {
        let err = FeedError::Malformed {
            position: reader.buffer_position(),
            reason: format!("the document ends inside <{open}> (it is cut off)"),
        };
        return (found.items, Err(err));
    }
    if format.is_none() {
        return (Vec::new(), Err(FeedError::Empty));
    }
    (found.items, Ok(()))
}

fn namespace(ns: &ResolveResult<'_>) -> Option<String> {
    match ns {
        ResolveResult::Bound(n) => Some(n.into_inner().to_string()),
        _ => None,
    }
}

fn root_format(local: &str, ns: Option<&str>) -> Result<Format, FeedError> {
    match (local, ns) {
        ("rss", _) => Ok(Format::Rss2),
        ("RDF", Some(NS_RDF)) | ("RDF", None) => Ok(Format::Rdf),
        ("feed", Some(NS_ATOM)) | ("feed", Some(NS_ATOM03)) | ("feed", None) => Ok(Format::Atom),
        _ => Err(FeedError::NotAFeed {
            root: local.to_string(),
        }),
    }
}

/// Elements in the format's own vocabulary (RSS 2.0 has no namespace).
fn is_core(fmt: Format, ns: Option<&str>) -> bool {
    match fmt {
        Format::Rss2 => ns.is_none(),
        Format::Rdf => matches!(ns, None | Some(NS_RSS1) | Some(NS_RSS090)),
        Format::Atom => matches!(ns, None | Some(NS_ATOM) | Some(NS_ATOM03)),
    }
}

fn field_of(fmt: Format, ns: Option<&str>, local: &str) -> Option<Field> {
    if ns == Some(NS_DC) && local == "date" {
        return Some(Field::DcDate);
    }
    if !is_core(fmt, ns) {
        return None;
    }
    match (fmt, local) {
        (_, "title") => Some(Field::Title),
        (_, "link") => Some(Field::Link),
        (Format::Rss2, "guid") => Some(Field::Guid),
        (Format::Rss2, "pubDate") => Some(Field::PubDate),
        (Format::Atom, "published") | (Format::Atom, "issued") => Some(Field::Published),
        (Format::Atom, "updated") | (Format::Atom, "modified") => Some(Field::Updated),
        (Format::Atom, "id") => Some(Field::Id),
        _ => None,
    }
}

/// Attribute value by namespace and local name (unprefixed attributes have no namespace).
fn attr(e: &BytesStart<'_>, ns: &NamespaceResolver, want_ns: &str, want: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let (ns, local) = ns.resolve_attribute(a.key);
        let ns_ok = match ns {
            ResolveResult::Bound(n) => n.into_inner() == want_ns,
            _ => want_ns.is_empty(),
        };
        (ns_ok && local.into_inner() == want)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.trim().to_string())
            })
            .flatten()
    })
}

fn plain_attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
}

fn start_field(d: &mut Draft, field: Field, e: &BytesStart<'_>, r: &NamespaceResolver, base: &Url) {
    match field {
        Field::Title => {
            let kind = attr(e, r, "", "type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            d.title_is_html = kind == "html" || kind == "text/html";
        }
        Field::Link => {
            if let Some(href) = attr(e, r, "", "href") {
                let rel = attr(e, r, "", "rel").unwrap_or_else(|| "alternate".into());
                let kind = attr(e, r, "", "type").unwrap_or_default();
                d.atom_links.push((rel, kind, base.join(&href).ok()));
            }
        }
        Field::Guid => {
            let permalink = attr(e, r, "", "isPermaLink").unwrap_or_else(|| "true".into());
            d.guid_is_permalink = permalink.eq_ignore_ascii_case("true");
        }
        _ => {}
    }
}

fn push_text(capture: &mut Option<(Field, usize, String)>, s: &str) {
    if let Some((_, _, buf)) = capture.as_mut() {
        buf.push_str(s);
    }
}

/// Predefined XML entities, plus the HTML ones feeds use without declaring them.
fn entity(name: &str) -> String {
    if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
        return s.to_string();
    }
    let html = match name {
        "nbsp" => " ",
        "mdash" => "\u{2014}",
        "ndash" => "\u{2013}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201C}",
        "rdquo" => "\u{201D}",
        "euro" => "\u{20AC}",
        "pound" => "\u{00A3}",
        "yen" => "\u{00A5}",
        "deg" => "\u{00B0}",
        "middot" => "\u{00B7}",
        _ => return format!("&{name};"),
    };
    html.to_string()
}

/// Items so far, and their URLs for dropping duplicates.
#[derive(Default)]
struct Found {
    items: Vec<FeedItem>,
    seen: HashSet<Url>,
}

/// An element at `depth` just closed: finish a captured field or a whole item.
fn close_element(
    depth: usize,
    draft: &mut Option<Draft>,
    capture: &mut Option<(Field, usize, String)>,
    found: &mut Found,
    allow_file: bool,
) {
    if let Some((field, cap_depth, _)) = capture.as_ref()
        && *cap_depth == depth
    {
        let field = *field;
        let text = capture.take().map(|c| c.2).unwrap_or_default();
        if let Some(d) = draft.as_mut() {
            let slot = match field {
                Field::Title => &mut d.title,
                Field::Link => &mut d.link,
                Field::Guid => &mut d.guid,
                Field::Id => &mut d.id,
                Field::PubDate => &mut d.dates[0],
                Field::DcDate => &mut d.dates[1],
                Field::Published => &mut d.dates[2],
                Field::Updated => &mut d.dates[3],
            };
            if slot.is_none() && !text.trim().is_empty() {
                *slot = Some(text);
            }
        }
        return;
    }
    if draft.as_ref().is_some_and(|d| d.depth == depth)
        && let Some(d) = draft.take()
        && let Some(item) = finish(d, allow_file)
        && found.seen.insert(item.url.clone())
    {
        found.items.push(item);
    }
}
