//! A feed-rs entry turned into our [`FeedItem`]: which link, which title, which date.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, Offset, Utc};
use feed_rs::model::{Entry, Feed};
use url::Url;

use super::FeedItem;
use super::text::{clean_title, decode_entities, strip_tags};

/// The zone offset each date was written with, keyed by its instant: feed-rs keeps dates in
/// UTC, and our items keep the offset the feed gave.
#[derive(Clone, Default)]
pub(super) struct Offsets(Arc<Mutex<HashMap<(i64, u32), FixedOffset>>>);

impl Offsets {
    /// Remember the offset of a date just parsed; give feed-rs its UTC instant.
    pub(super) fn note(&self, d: DateTime<FixedOffset>) -> DateTime<Utc> {
        let utc = d.with_timezone(&Utc);
        if let Ok(mut map) = self.0.lock() {
            map.insert(key(&utc), *d.offset());
        }
        utc
    }

    /// The date back in the offset it was written with (UTC when unknown).
    fn restore(&self, utc: DateTime<Utc>) -> DateTime<FixedOffset> {
        let offset = self.0.lock().ok().and_then(|m| m.get(&key(&utc)).copied());
        utc.with_timezone(&offset.unwrap_or_else(|| Utc.fix()))
    }
}

fn key(d: &DateTime<Utc>) -> (i64, u32) {
    (d.timestamp(), d.timestamp_subsec_nanos())
}

/// The feed's entries as items, in document order, duplicates (same link) dropped.
pub(super) fn items_of(feed: Feed, base: &Url, dates: &Offsets) -> Vec<FeedItem> {
    let allow_file = base.scheme() == "file";
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for entry in feed.entries {
        if let Some(item) = item_of(entry, base, allow_file, dates)
            && seen.insert(item.url.clone())
        {
            out.push(item);
        }
    }
    out
}

/// Link (alternate link, else an id that is a URL: a permalink guid, an Atom id), title
/// and date of one entry; `None` when no usable link exists.
fn item_of(entry: Entry, base: &Url, allow_file: bool, dates: &Offsets) -> Option<FeedItem> {
    let usable = |u: Url| match u.scheme() {
        "http" | "https" => Some(u),
        "file" if allow_file => Some(u),
        _ => None,
    };
    let alternates: Vec<_> = entry
        .links
        .iter()
        .filter(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .collect();
    let link = alternates
        .iter()
        .find(|l| l.media_type.as_deref().is_some_and(|t| t.contains("html")))
        .or_else(|| alternates.first())
        .and_then(|l| base.join(l.href.trim()).ok());
    let candidates = [link, Url::parse(entry.id.trim()).ok()];
    let url = candidates.into_iter().flatten().find_map(usable)?;
    let title = entry
        .title
        .map(|t| clean_title(&decode_entities(&strip_tags(&t.content))))
        .filter(|t| !t.is_empty());
    let published = entry.published.or(entry.updated).map(|d| dates.restore(d));
    Some(FeedItem {
        url,
        title,
        published,
    })
}
