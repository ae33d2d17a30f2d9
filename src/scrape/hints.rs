//! Classification of elements and text blocks: what is structure, what is boilerplate.

use std::collections::HashSet;

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
static NEG_TOKEN_SET: Lazy<HashSet<&'static str>> =
    Lazy::new(|| NEG_TOKENS.iter().copied().collect());
static STRONG_POS_SET: Lazy<HashSet<&'static str>> =
    Lazy::new(|| STRONG_POS.iter().copied().collect());

fn automaton(words: &[&str]) -> AhoCorasick {
    // Fixed literal patterns, far below any size limit: building cannot fail.
    AhoCorasick::new(words).expect("fixed literal patterns build")
}

/// Classify an element by class, id, role, aria and inline style.
pub(crate) fn hint(el: &Element, lower: &mut String) -> Hint {
    let mut class_id = None::<(&str, &str)>;
    let mut role = "";
    for (name, value) in el.attrs() {
        match name {
            "class" => class_id = Some((value, class_id.map_or("", |c| c.1))),
            "id" => class_id = Some((class_id.map_or("", |c| c.0), value)),
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
    let Some((class, id)) = class_id else {
        return Hint::Neutral;
    };
    let mut neg = false;
    let mut pos = false;
    for raw in [class, id] {
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
