//! One pass over the parsed document: per-element text statistics for body detection, plus
//! the metadata (meta tags, JSON-LD, `<time>`, headings) that title and date need.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::hints::{Hint, HintCache, TagKind, hint, tag_kind};
use markup::{collect_meta, is_dateline_element, push_collapsed, push_sep};
use prose::{Block, Frame, Run, breaks_block, flush, has_punctuation};

mod markup;
mod prose;

/// Element flags.
pub(crate) const F_INVISIBLE: u8 = 1;
pub(crate) const F_CHROME: u8 = 2;
pub(crate) const F_NEG: u8 = 4;
pub(crate) const F_POS: u8 = 8;
pub(crate) const F_HIDDEN: u8 = 16;
pub(crate) const F_EXCLUDED: u8 = 32;
/// Inside a boilerplate (negative or chrome) ancestor.
pub(crate) const F_UNDER_NEG: u8 = 64;
/// Marked as the article body by name.
pub(crate) const F_STRONG: u8 = 128;

/// Text statistics of one element's subtree (indexed in document preorder).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stat {
    pub id: ego_tree::NodeId,
    /// Preorder index one past the last element of this subtree.
    pub end: u32,
    /// Visible text bytes.
    pub text: u32,
    /// Text bytes inside links.
    pub link: u32,
    /// Text bytes in paragraph-like blocks that read like prose.
    pub good: u32,
    /// Paragraph-like prose blocks.
    pub paras: u32,
    pub flags: u8,
    /// Short control blocks that repeat per item of a comment thread or a gallery
    /// ("Reply", "Permalink", "3/24"), saturating.
    pub marks: u8,
    /// Short blocks that are a date or time ("March 3, 2026 at 1:10 pm", "2 hours ago"),
    /// saturating.
    pub stamps: u8,
}

impl Stat {
    /// Repeated small items, each with its own control or stamp: a comment thread, a
    /// gallery strip or a list of teasers. Its prose is not credited to its ancestors.
    pub(crate) fn is_thread(&self) -> bool {
        let (marks, stamps) = (u32::from(self.marks), u32::from(self.stamps));
        (marks >= 3 && 3 * marks >= self.paras) || (stamps >= 3 && stamps >= self.paras)
    }
}

/// What the survey pass learnt about a document.
pub(crate) struct Survey<'a> {
    pub stats: Vec<Stat>,
    /// `(name or property, content)` of `<meta>` tags; names lower-cased.
    pub metas: Vec<(String, &'a str)>,
    /// Bodies of `<script type="application/ld+json">`.
    pub ld_json: Vec<&'a str>,
    /// Text of `<title>`.
    pub title_tag: Option<String>,
    /// First `<h1>` with text: its preorder index and collapsed text.
    pub h1: Option<(u32, String)>,
    /// `(datetime, inside article/header or marked pubdate)` of `<time datetime>`.
    pub times: Vec<(&'a str, bool)>,
    /// `content`/`datetime` of elements with `itemprop="datePublished"`.
    pub itemprop_dates: Vec<&'a str>,
    /// Text right after the first h1, then byline/date-like elements' text.
    pub dateline: String,
    /// `og:site_name`, used to strip the site from titles.
    pub og_site_name: Option<&'a str>,
}

/// Bytes of plain text after the h1 kept for the dateline.
const DATELINE_TEXT_AFTER_H1: usize = 240;
/// Dateline bytes collected from date-like elements before the h1 ...
const DATELINE_BEFORE_H1: usize = 400;
/// ... and after it.
const DATELINE_AFTER_H1: usize = 600;
/// Longest dateline.
const DATELINE_MAX: usize = 800;

/// Survey the document. `excluded` elements (configured exclude selectors) are ignored.
pub(crate) fn survey<'a>(html: &'a Html, excluded: &HashSet<ego_tree::NodeId>) -> Survey<'a> {
    let mut s = Survey {
        stats: Vec::with_capacity(1024),
        metas: Vec::new(),
        ld_json: Vec::new(),
        title_tag: None,
        h1: None,
        times: Vec::new(),
        itemprop_dates: Vec::new(),
        dateline: String::new(),
        og_site_name: None,
    };
    let mut stack: Vec<Frame> = Vec::with_capacity(64);
    let mut block = Block::default();
    // Depth counters: inside invisible/hidden content, inside a link, inside article/header.
    let mut invisible = 0u32;
    let mut in_link = 0u32;
    let mut in_article = 0u32;
    let mut in_title = false;
    let mut in_ld = false;
    let mut after_h1: Option<usize> = None;
    let mut h1_pos: Option<usize> = None;
    let mut h1_text: Option<(u32, String)> = None;
    let mut byline_depth = 0u32;
    let mut neg_depth = 0u32;
    let mut run = Run::Broken;
    let mut hints = HintCache::default();

    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let el: &'a scraper::node::Element = el;
                    let name = el.name();
                    let kind = tag_kind(name);
                    let idx = s.stats.len() as u32;
                    let mut flags = 0u8;
                    match kind {
                        TagKind::Invisible => flags |= F_INVISIBLE,
                        TagKind::Chrome => flags |= F_CHROME,
                        _ => {}
                    }
                    match hint(el, &mut hints) {
                        Hint::Negative => flags |= F_NEG,
                        Hint::Positive => flags |= F_POS,
                        Hint::Strong => flags |= F_POS | F_STRONG,
                        Hint::Hidden => flags |= F_HIDDEN,
                        Hint::Neutral => {}
                    }
                    if neg_depth > 0 {
                        flags |= F_UNDER_NEG;
                    }
                    if flags & (F_NEG | F_CHROME) != 0 {
                        neg_depth += 1;
                    }
                    if !excluded.is_empty() && excluded.contains(&node.id()) {
                        flags |= F_EXCLUDED;
                    }
                    if flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0 {
                        invisible += 1;
                    }
                    collect_meta(&mut s, el, name, in_article > 0);
                    match name {
                        "title" if s.title_tag.is_none() => in_title = true,
                        "script" => {
                            in_ld = el.attr("type").is_some_and(|t| {
                                t.trim().eq_ignore_ascii_case("application/ld+json")
                            });
                        }
                        "article" | "header" => in_article += 1,
                        "h1" if s.h1.is_none() && h1_text.is_none() && invisible == 0 => {
                            h1_text = Some((idx, String::new()));
                        }
                        _ => {}
                    }
                    let cap = h1_pos.map_or(DATELINE_BEFORE_H1, |p| p + DATELINE_AFTER_H1);
                    if byline_depth == 0 && s.dateline.len() < cap && is_dateline_element(el) {
                        byline_depth = 1;
                        push_sep(&mut s.dateline);
                    } else if byline_depth > 0 {
                        byline_depth += 1;
                    }
                    if kind == TagKind::Anchor && el.attr("href").is_some() {
                        in_link += 1;
                    }
                    if breaks_block(kind) {
                        flush(&mut s.stats, &stack, &mut block, &mut run);
                    }
                    s.stats.push(Stat {
                        id: node.id(),
                        end: idx + 1,
                        text: 0,
                        link: 0,
                        good: 0,
                        paras: 0,
                        flags,
                        marks: 0,
                        stamps: 0,
                    });
                    stack.push(Frame { idx, kind });
                }
                Node::Text(t) => {
                    let text: &'a str = t;
                    if in_title {
                        s.title_tag.get_or_insert_with(String::new).push_str(text);
                    }
                    if in_ld {
                        s.ld_json.push(text);
                    }
                    if invisible > 0 {
                        continue;
                    }
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    if let Some((_, h)) = h1_text.as_mut() {
                        push_collapsed(h, trimmed);
                    } else if let Some(left) = after_h1.as_mut() {
                        let before = s.dateline.len();
                        push_collapsed(&mut s.dateline, trimmed);
                        let added = s.dateline.len() - before;
                        *left = left.saturating_sub(added);
                        if *left == 0 {
                            after_h1 = None;
                        }
                    } else if byline_depth > 0
                        && s.dateline.len()
                            < h1_pos.map_or(DATELINE_BEFORE_H1, |p| p + DATELINE_AFTER_H1)
                    {
                        push_collapsed(&mut s.dateline, trimmed);
                    }
                    let len = trimmed.len() as u32;
                    if block.len == 0 {
                        block.boilerplate = super::blocks::opens_boilerplate(trimmed);
                    }
                    if trimmed.len() <= prose::MARK_TEXT && block.mark == prose::Mark::None {
                        block.mark = prose::mark_of(trimmed);
                    }
                    block.len += len;
                    if in_link > 0 {
                        block.link += len;
                    }
                    if !block.punct {
                        block.punct = has_punctuation(trimmed);
                    }
                    if let Some(top) = stack.last() {
                        let st = &mut s.stats[top.idx as usize];
                        st.text += len;
                        if in_link > 0 {
                            st.link += len;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let Some(frame) = stack.pop() else {
                    continue;
                };
                if breaks_block(frame.kind) {
                    // The block ends inside this element: credit it here.
                    stack.push(frame);
                    flush(&mut s.stats, &stack, &mut block, &mut run);
                    stack.pop();
                }
                let name = el.name();
                match name {
                    "title" => in_title = false,
                    "script" => in_ld = false,
                    "article" | "header" => in_article = in_article.saturating_sub(1),
                    _ => {}
                }
                if frame.kind == TagKind::Anchor && el.attr("href").is_some() {
                    in_link = in_link.saturating_sub(1);
                }
                byline_depth = byline_depth.saturating_sub(1);
                let end = s.stats.len() as u32;
                let st = &mut s.stats[frame.idx as usize];
                st.end = end;
                if st.flags & (F_NEG | F_CHROME) != 0 {
                    neg_depth = neg_depth.saturating_sub(1);
                }
                if st.flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0 {
                    invisible = invisible.saturating_sub(1);
                }
                if let Some((idx, text)) = h1_text.take_if(|(i, _)| *i == frame.idx) {
                    // An empty h1, or one that is a short link (a site logo): wait for the
                    // next one.
                    let logo = text.is_empty()
                        || (st.link * 10 >= st.text * 9 && text.split_whitespace().count() <= 4);
                    if !logo {
                        s.h1 = Some((idx, text));
                        push_sep(&mut s.dateline);
                        h1_pos = Some(s.dateline.len());
                        after_h1 = Some(DATELINE_TEXT_AFTER_H1);
                    }
                }
                let child = *st;
                if let Some(parent) = stack.last() {
                    let p = &mut s.stats[parent.idx as usize];
                    if child.flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0 {
                        continue;
                    }
                    p.text += child.text;
                    p.link += child.link;
                    if child.is_thread() {
                        continue;
                    }
                    // Controls and stamps count wherever they stand ("Reply" is a button).
                    p.marks = p.marks.saturating_add(child.marks);
                    p.stamps = p.stamps.saturating_add(child.stamps);
                    if child.flags & (F_NEG | F_CHROME) == 0 {
                        p.good += child.good;
                        p.paras += child.paras;
                    }
                }
            }
        }
    }
    // What follows the title comes first: the article's own date stands there, while
    // date-like elements before it are often tickers or teasers.
    if let Some(p) = h1_pos.filter(|&p| p > 0 && p < s.dateline.len()) {
        let (before, after) = s.dateline.split_at(p);
        s.dateline = format!("{}\n{}", after.trim(), before.trim());
    }
    let end = super::hints::floor_char(&s.dateline, DATELINE_MAX);
    s.dateline.truncate(end);
    s
}
