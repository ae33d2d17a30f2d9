//! Classification of elements and text blocks: what is structure, what is boilerplate.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::AhoCorasick;
use once_cell::sync::Lazy;
use scraper::node::Element;

/// How an element's tag takes part in text extraction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TagKind {
    /// Never visible text (script, style, ...): ignored entirely.
    Invisible,
    /// Visible but never article text (nav, aside, figure, form, ...): counted, then dropped.
    Chrome,
    /// Starts and ends a block of text.
    Block,
    /// A heading below the title (h2-h6).
    Heading,
    /// The page title heading.
    H1,
    /// A link.
    Anchor,
    /// A line break: whitespace inside a block.
    Break,
    /// Inline element.
    Inline,
}

/// Classify a tag by its local name.
pub(crate) fn tag_kind(name: &str) -> TagKind {
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "canvas" | "video" | "audio" | "picture" | "img" | "head" | "title"
        | "meta" | "link" | "source" | "track" | "map" | "area" | "select" | "option"
        | "textarea" | "input" | "dialog" => TagKind::Invisible,
        "nav" | "aside" | "footer" | "header" | "figure" | "figcaption" | "form" | "button"
        | "menu" | "label" | "fieldset" | "legend" | "caption" | "address" => TagKind::Chrome,
        "p" | "div" | "section" | "article" | "main" | "ul" | "ol" | "li" | "dl" | "dt" | "dd"
        | "blockquote" | "pre" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "hr" | "center"
        | "details" | "summary" | "body" | "html" | "hgroup" => TagKind::Block,
        "h2" | "h3" | "h4" | "h5" | "h6" => TagKind::Heading,
        "h1" => TagKind::H1,
        "a" => TagKind::Anchor,
        // Table cells: a row reads as one line, cells separated by a space.
        "br" | "td" | "th" => TagKind::Break,
        _ => TagKind::Inline,
    }
}

/// What class, id, role and aria attributes say about an element.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hint {
    /// Nothing either way.
    Neutral,
    /// Looks like an article body container.
    Positive,
    /// Marked as the article body (`itemprop=articleBody`, `article-body`, `entry-content`).
    Strong,
    /// Looks like boilerplate (share bar, comments, related links, ...).
    Negative,
    /// Not shown to readers.
    Hidden,
}

/// Class/id tokens that mark boilerplate when they appear as a whole token.
#[rustfmt::skip]
const NEG_TOKENS: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "share", "sharing", "shares",
    "social", "comment", "comments", "related", "promo", "promos", "newsletter", "subscribe",
    "subscription", "signup", "ad", "ads", "advert", "advertisement", "adslot", "adunit",
    "sponsor", "sponsored", "byline", "bylines", "author", "authors", "caption", "credit",
    "credits", "breadcrumb", "breadcrumbs", "tags", "tag", "toolbar", "popup", "modal",
    "cookie", "cookies", "consent", "widget", "widgets", "recirc", "recirculation", "trending",
    "popular", "outbrain", "taboola", "disclaimer", "hidden", "hide", "print", "masthead",
    "skip", "banner", "pagination", "pager", "timestamp", "dateline", "meta", "rating", "poll",
    "recommended", "recommendations", "readmore", "copyright", "login", "bio", "follow",
    "tools", "utility", "utilities", "inline-ad", "teaser", "teasers", "header", "topics",
    "keywords", "more", "next", "prev", "also", "dialog", "overlay", "sr",
    "visually", "offscreen", "player", "gallery", "slideshow", "callout", "sponsorship",
    "partner", "partners", "feedback", "alert", "notification", "disqus", "rail", "cta",
    "donate", "membership", "slider", "carousel", "rollover", "tooltip", "popover", "hovercard",
];

/// Class tokens that mark boilerplate only as a whole token ("image", not "no-image").
#[rustfmt::skip]
const NEG_WHOLE: &[&str] = &[
    "date", "image", "img", "photo", "thumbnail", "figure", "pic", "picture", "media-credit",
];

/// Substrings that mark boilerplate inside compound tokens ("sharebar", "relatedLinks").
#[rustfmt::skip]
const NEG_PARTS: &[&str] = &[
    "share", "social", "related", "newsletter", "subscri", "promo", "advert", "sponsor",
    "sidebar", "breadcrumb", "byline", "caption", "cookie", "outbrain", "taboola", "recirc",
    "disclaimer", "signup", "popup", "footer", "navbar", "mostpopular", "mostread", "readmore",
    "toolbar", "comment", "recommend", "trending", "adslot", "adunit", "adcontainer",
    "adwrapper", "dfp", "gpt-ad", "onetrust", "gdpr",
];

/// Tokens or substrings that mark article text containers.
#[rustfmt::skip]
const POS_PARTS: &[&str] = &[
    "article", "story", "content", "entry", "post", "body", "text", "main", "prose", "blog",
    "richtext", "rich-text", "paragraph", "copy",
];

/// Strong markers: an element carrying one stays positive even with a negative token.
#[rustfmt::skip]
const STRONG_POS: &[&str] = &[
    "articlebody", "article-body", "article_body", "storybody", "story-body", "story_body",
    "entry-content", "post-content", "article-content", "story-content", "article-text",
    "body-text", "post-body", "entry-body", "articletext", "article__body", "story__body",
    "article-body__content", "articlecontent", "storycontent", "postcontent", "entrycontent",
];

static NEG_PARTS_AC: Lazy<AhoCorasick> = Lazy::new(|| automaton(NEG_PARTS));
static POS_PARTS_AC: Lazy<AhoCorasick> = Lazy::new(|| automaton(POS_PARTS));
static NEG_TOKEN_SET: Lazy<HashSet<&'static str, BuildHasherDefault<Fnv>>> =
    Lazy::new(|| NEG_TOKENS.iter().copied().collect());
static STRONG_POS_SET: Lazy<HashSet<&'static str, BuildHasherDefault<Fnv>>> =
    Lazy::new(|| STRONG_POS.iter().copied().collect());

fn automaton(words: &[&str]) -> AhoCorasick {
    // Fixed literal patterns, far below any size limit: building cannot fail.
    AhoCorasick::new(words).expect("fixed literal patterns build")
}

/// Classify an element by class, id, role, aria and inline style.
pub(crate) fn hint<'a>(el: &'a Element, cache: &mut HintCache<'a>) -> Hint {
    let mut class = "";
    let mut id = "";
    let mut role = "";
    for (name, value) in el.attrs() {
        match name {
            "class" => class = value,
            "id" => id = value,
            "hidden" => return Hint::Hidden,
            "aria-hidden" if value.eq_ignore_ascii_case("true") => return Hint::Hidden,
            "style" if is_hidden_style(value) => return Hint::Hidden,
            "role" => role = value,
            "itemprop" if value.eq_ignore_ascii_case("articleBody") => return Hint::Strong,
            _ => {}
        }
    }
    match role {
        "navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alertdialog"
        | "search" | "menu" | "menubar" | "toolbar" | "alert" => return Hint::Negative,
        "main" | "article" => return Hint::Positive,
        _ => {}
    }
    let by_class = if class.is_empty() {
        Hint::Neutral
    } else if let Some(h) = cache.classes.get(class) {
        *h
    } else {
        let h = token_hint(class, &mut cache.scratch);
        cache.classes.insert(class, h);
        h
    };
    let by_id = if id.is_empty() {
        Hint::Neutral
    } else {
        token_hint(id, &mut cache.scratch)
    };
    match (by_class, by_id) {
        (Hint::Strong, _) | (_, Hint::Strong) => Hint::Strong,
        (Hint::Negative, _) | (_, Hint::Negative) => Hint::Negative,
        (Hint::Positive, _) | (_, Hint::Positive) => Hint::Positive,
        _ => Hint::Neutral,
    }
}

/// Per-page memo of class attribute verdicts (pages repeat the same few class lists).
#[derive(Default)]
pub(crate) struct HintCache<'a> {
    classes: HashMap<&'a str, Hint, BuildHasherDefault<Fnv>>,
    scratch: String,
}

/// FNV-1a: a fast hash for short keys that need no DoS resistance (one page's classes).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Verdict of a class or id attribute value (whitespace-separated tokens).
fn token_hint(raw: &str, lower: &mut String) -> Hint {
    let mut neg = false;
    let mut pos = false;
    for token in raw.split_ascii_whitespace() {
        if token.len() > 64 {
            continue;
        }
        lower.clear();
        lower.push_str(token);
        lower.make_ascii_lowercase();
        if STRONG_POS_SET.contains(lower.as_str()) {
            return Hint::Strong;
        }
        if lower.starts_with("commentary") {
            pos = true;
            continue;
        }
        if lower.starts_with("has-") {
            continue;
        }
        if NEG_WHOLE.contains(&lower.as_str())
            || NEG_PARTS_AC.is_match(lower.as_str())
            || lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|part| NEG_TOKEN_SET.contains(part))
        {
            neg = true;
        } else if POS_PARTS_AC.is_match(lower.as_str()) {
            pos = true;
        }
    }
    if neg {
        Hint::Negative
    } else if pos {
        Hint::Positive
    } else {
        Hint::Neutral
    }
}

fn is_hidden_style(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// The largest char boundary at or below `max`.
pub(crate) fn floor_char(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
