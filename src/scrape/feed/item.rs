//! One feed item under construction, and how its link, title and date are chosen.

use url::Url;

use super::FeedItem;
use super::text::{clean_title, parse_date, strip_markup, strip_tags};

/// Fields of an item as read from the document, before choosing among them.
pub(super) struct Draft {
    pub(super) depth: usize,
    pub(super) base: Url,
    pub(super) title: Option<String>,
    pub(super) title_is_html: bool,
    pub(super) link: Option<String>,
    pub(super) guid: Option<String>,
    pub(super) guid_is_permalink: bool,
    pub(super) about: Option<String>,
    /// Atom links: (rel, type, href resolved against xml:base).
    pub(super) atom_links: Vec<(String, String, Option<Url>)>,
    pub(super) id: Option<String>,
    pub(super) dates: [Option<String>; 4], // pubDate, dc:date, published, updated
}

impl Draft {
    /// An empty item whose element sits at `depth`, with `base` in force.
    pub(super) fn new(depth: usize, base: Url) -> Draft {
        Draft {
            depth,
            base,
            title: None,
            title_is_html: false,
            link: None,
            guid: None,
            guid_is_permalink: false,
            about: None,
            atom_links: Vec::new(),
            id: None,
            dates: Default::default(),
        }
    }
}

/// Choose the item's link (RSS link, Atom alternate, permalink guid, rdf:about, URL id),
/// title and date; `None` when no usable link exists.
pub(super) fn finish(d: Draft, allow_file: bool) -> Option<FeedItem> {
    let base = &d.base;
    let usable = |u: Url| match u.scheme() {
        "http" | "https" => Some(u),
        "file" if allow_file => Some(u),
        _ => None,
    };
    let resolve = |s: Option<&str>| s.and_then(|s| base.join(s.trim()).ok());
    let atom_link = {
        let alternates: Vec<_> = d
            .atom_links
            .iter()
            .filter(|(rel, _, _)| rel.eq_ignore_ascii_case("alternate"))
            .collect();
        alternates
            .iter()
            .find(|(_, kind, _)| kind.contains("html"))
            .or_else(|| alternates.first())
            .and_then(|(_, _, u)| u.clone())
    };
    let guid = d.guid.as_deref().filter(|_| d.guid_is_permalink);
    let candidates = [
        resolve(d.link.as_deref()),
        atom_link,
        resolve(guid),
        resolve(d.about.as_deref()),
        d.id.as_deref().and_then(|s| Url::parse(s.trim()).ok()),
    ];
    let url = candidates.into_iter().flatten().find_map(usable)?;
    let title = d.title.map(|t| {
        if d.title_is_html {
            strip_markup(&t)
        } else {
            strip_tags(&t)
        }
    });
    Some(FeedItem {
        url,
        title: title.map(|t| clean_title(&t)).filter(|t| !t.is_empty()),
        published: d.dates.iter().flatten().find_map(|s| parse_date(s)),
    })
}
