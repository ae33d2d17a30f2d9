//! Article body: pick the container with the most prose and least clutter, then walk it
//! keeping text blocks and dropping boilerplate.

use ego_tree::NodeRef;
use scraper::{Html, Node};
use url::Url;

use super::blocks::{BlockVerdict, judge_block};
use super::hints::{TagKind, tag_kind};
use super::survey::{
    F_CHROME, F_EXCLUDED, F_HIDDEN, F_INVISIBLE, F_NEG, F_POS, F_STRONG, F_UNDER_NEG, Stat,
};

/// Weight of non-prose text (links, menus, teasers) against prose in a container's score.
const CLUTTER_WEIGHT: f32 = 0.3;

/// Extracted body text and the links inside it.
#[derive(Default, Debug)]
pub(crate) struct Body {
    pub text: String,
    pub links: Vec<String>,
}

/// The preorder index of the element that best holds the article text.
pub(crate) fn choose_container(stats: &[Stat]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, st) in stats.iter().enumerate() {
        if st.good == 0 || st.flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0 {
            continue;
        }
        let good = st.good as f32;
        let clutter = st.text.saturating_sub(st.good) as f32;
        let mut score = good - CLUTTER_WEIGHT * clutter;
        if st.flags & F_STRONG != 0 {
            score *= 1.5;
        } else if st.flags & F_POS != 0 {
            score *= 1.1;
        }
        if st.flags & (F_NEG | F_CHROME) != 0 {
            score *= 0.3;
        }
        if st.flags & F_UNDER_NEG != 0 {
            score *= 0.3;
        }
        // A comment, a slide or a teaser (or a thread of them) is not the article.
        if st.is_thread() {
            score *= 0.1;
        } else if st.marks > 0 && u32::from(st.marks) * 2 >= st.paras {
            score *= 0.2;
        }
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// Walk the subtrees at preorder indexes `roots`, collecting body text and links.
pub(crate) fn extract(html: &Html, stats: &[Stat], roots: &[usize], base: Option<&Url>) -> Body {
    let mut w = Walker {
        stats,
        base,
        out: Body::default(),
        buf: String::new(),
        space: false,
        link_len: 0,
        heading: false,
        links_start: 0,
        in_link: 0,
        open: Vec::new(),
        after_inline: false,
        tail_until: None,
        keep_threshold: 0,
    };
    for &root in roots {
        let Some(st) = stats.get(root) else {
            continue;
        };
        let Some(node) = html.tree.get(st.id) else {
            continue;
        };
        w.keep_threshold = st.good / 2;
        w.open.clear();
        w.tail_until = None;
        w.walk(node, root);
        w.flush();
    }
    let mut seen = std::collections::HashSet::new();
    w.out.links.retain(|l| seen.insert(l.clone()));
    w.out
}

enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close(TagKind, bool),
}

struct Walker<'s, 'u> {
    stats: &'s [Stat],
    base: Option<&'u Url>,
    out: Body,
    /// The block being read, whitespace collapsed.
    buf: String,
    /// A space is due before the next word.
    space: bool,
    /// Bytes of `buf` inside links.
    link_len: usize,
    /// The block is an h2-h6.
    heading: bool,
    /// `out.links` up to here belong to kept blocks.
    links_start: usize,
    /// Depth of open `<a href>` elements.
    in_link: u32,
    /// The last step closed an inline element (no text since).
    after_inline: bool,
    /// Preorder indexes of the open elements.
    open: Vec<usize>,
    /// After a trailing-section heading ("Related Articles"): drop blocks until the open
    /// element stack is shorter than this.
    tail_until: Option<usize>,
    /// A boilerplate-looking child holding more prose than this is kept anyway.
    keep_threshold: u32,
}

impl Walker<'_, '_> {
    fn walk(&mut self, root: NodeRef<'_, Node>, root_idx: usize) {
        let mut idx = root_idx;
        let mut stack: Vec<Step<'_>> = vec![Step::Open(root)];
        let mut first = true;
        while let Some(step) = stack.pop() {
            match step {
                Step::Close(kind, link) => {
                    if link {
                        self.in_link = self.in_link.saturating_sub(1);
                    }
                    self.after_inline = matches!(kind, TagKind::Inline | TagKind::Anchor);
                    if breaks(kind) {
                        self.flush();
                    }
                    self.open.pop();
                    if self.tail_until.is_some_and(|n| self.open.len() < n) {
                        self.tail_until = None;
                    }
                }
                Step::Open(node) => match node.value() {
                    Node::Element(el) => {
                        let kind = tag_kind(el.name());
                        let st = self.stats.get(idx).filter(|s| s.id == node.id());
                        let flags = st.map_or(0, |s| s.flags);
                        let skip_to = st.map_or(idx + 1, |s| s.end as usize);
                        let good = st.map_or(0, |s| s.good);
                        let is_root = std::mem::take(&mut first);
                        let drop = flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0
                            || kind == TagKind::Invisible
                            || (kind == TagKind::Anchor
                                && el.attr("href").is_some_and(is_script_link))
                            || (!is_root
                                && (kind == TagKind::H1
                                    || (flags & (F_NEG | F_CHROME) != 0
                                        && (good <= self.keep_threshold || good == 0))));
                        if drop {
                            idx = skip_to;
                            continue;
                        }
                        idx += 1;
                        if breaks(kind) {
                            self.flush();
                        }
                        // Sibling inline elements ("<span>Source</span><span>10:31</span>")
                        // are separate items: keep their words apart.
                        if std::mem::take(&mut self.after_inline)
                            && matches!(kind, TagKind::Inline | TagKind::Anchor)
                        {
                            self.space = true;
                        }
                        match kind {
                            TagKind::Heading => self.heading = true,
                            TagKind::Break => self.space = true,
                            _ => {}
                        }
                        let link = kind == TagKind::Anchor && el.attr("href").is_some();
                        if link {
                            self.in_link += 1;
                            if let Some(abs) =
                                el.attr("href").and_then(|h| absolute_http(h, self.base))
                            {
                                self.out.links.push(abs);
                            }
                        }
                        self.open.push(idx - 1);
                        stack.push(Step::Close(kind, link));
                        let mut child = node.last_child();
                        while let Some(c) = child {
                            stack.push(Step::Open(c));
                            child = c.prev_sibling();
                        }
                    }
                    Node::Text(t) => {
                        let text: &str = t;
                        self.after_inline = false;
                        self.push_text(text);
                    }
                    _ => {}
                },
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) {
            self.space = true;
        }
        let before = self.buf.len();
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if self.space && !self.buf.is_empty() {
                self.buf.push(' ');
            }
            self.buf.push_str(word);
            self.space = words.peek().is_some();
        }
        if text.ends_with(char::is_whitespace) {
            self.space = true;
        }
        if self.in_link > 0 {
            self.link_len += self.buf.len() - before;
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let verdict = if self.tail_until.is_some() {
                BlockVerdict::Drop
            } else {
                judge_block(&self.buf, self.link_len, self.heading)
            };
            match verdict {
                BlockVerdict::Keep => {
                    if !self.out.text.is_empty() {
                        self.out.text.push_str("\n\n");
                    }
                    self.out.text.push_str(&self.buf);
                    self.links_start = self.out.links.len();
                }
                BlockVerdict::Drop => self.out.links.truncate(self.links_start),
                BlockVerdict::End => {
                    self.out.links.truncate(self.links_start);
                    // Only a heading after real text opens a tail.
                    if !self.out.text.is_empty() {
                        self.tail_until = Some(self.tail_depth());
                    }
                }
            }
        } else {
            self.out.links.truncate(self.links_start);
        }
        self.buf.clear();
        self.space = false;
        self.link_len = 0;
        self.heading = false;
    }
}

impl Walker<'_, '_> {
    /// The open-stack length at which a tail that starts at the current block ends: the
    /// block's parent element, or its grandparent when the parent holds nothing else.
    fn tail_depth(&self) -> usize {
        let n = self.open.len();
        // The element holding the heading text is on top of the stack (or its parent is,
        // when the block was flushed by a following sibling's opening).
        let mut level = n.saturating_sub(1);
        let own = self
            .open
            .get(level)
            .and_then(|&i| self.stats.get(i))
            .map_or(0, |s| s.text);
        while level > 1 {
            let parent = self.open.get(level - 1).and_then(|&i| self.stats.get(i));
            match parent {
                Some(p) if p.text <= own + 16 => level -= 1,
                _ => break,
            }
        }
        level
    }
}

fn breaks(kind: TagKind) -> bool {
    matches!(
        kind,
        TagKind::Block | TagKind::Heading | TagKind::H1 | TagKind::Chrome | TagKind::Invisible
    )
}

/// A link that runs code instead of going somewhere: its text is a control, not content.
fn is_script_link(href: &str) -> bool {
    let h = href.trim_start().as_bytes();
    h.get(..11)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"javascript:"))
}

/// Resolve `href` against `base`; keep it only if it is an http(s) URL.
pub(crate) fn absolute_http(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}
