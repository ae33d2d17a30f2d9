//! Growing the chosen container into the whole article: sibling blocks that continue the
//! same prose (a lead box before the body box, the rest of a story after an ad), a lead
//! paragraph, a closing line or author note, the table or list of a data page. One look at
//! the core's siblings; no further pass over the page.

use scraper::{Html, Node};

use super::survey::{F_CHROME, F_EXCLUDED, F_HIDDEN, F_INVISIBLE, F_NEG, Stat};

/// A wrapper adding at most this share of text (or `WRAPPER_SLACK` bytes) around the core is
/// the core.
const WRAPPER_SLACK: u32 = 48;
/// Text without prose this short is a line of the article (lead, closing line, note); the
/// walker still judges its wording.
const SHORT_TEXT: u32 = 400;
/// Boilerplate boxes up to this size are stepped over; larger ones end the article.
const SMALL_BOX: u32 = 300;
/// A sibling with this much prose continues the article.
const MIN_PROSE: u32 = 200;
/// Shortest lead paragraph taken before the core, and closing line after it.
const LEAD_MIN: u32 = 80;
const CLOSING_MIN: u32 = 40;
/// Closing lines and notes taken right after the core.
const CLOSING_LINES: usize = 2;

/// What a sibling of the core is.
#[derive(PartialEq, Eq, Debug)]
enum Sibling {
    /// Part of the article.
    Take,
    /// Not part of it, but the article may go on past it (an ad, a newsletter box).
    Skip,
    /// The article ends here (comments, link lists, the title block).
    Stop,
}

/// The roots to walk for the article around `core`, in document order.
pub(crate) fn grow(doc: &Html, stats: &[Stat], core: usize, h1: Option<usize>) -> Vec<usize> {
    let top = climb(stats, core);
    let mut roots = vec![core];
    if let Some(parent) = parent_of(stats, top) {
        let kids = children(stats, parent);
        if let Some(pos) = kids.iter().position(|&k| k == top) {
            let g = Grower {
                doc,
                stats,
                core: &stats[core],
            };
            let mut before = Vec::new();
            for &k in kids[..pos].iter().rev() {
                if h1.is_some_and(|h| h >= k) {
                    break;
                }
                match g.judge(k, Side::Before) {
                    Sibling::Take => before.push(k),
                    Sibling::Skip => {}
                    Sibling::Stop => break,
                }
            }
            let mut lines = 0;
            let mut adjacent = true;
            for &k in &kids[pos + 1..] {
                if h1.is_some_and(|h| h >= k && h < stats[k].end as usize) {
                    break;
                }
                let side = if adjacent && lines < CLOSING_LINES {
                    Side::Closing
                } else {
                    Side::After
                };
                match g.judge(k, side) {
                    Sibling::Take => {
                        lines += usize::from(stats[k].good == 0);
                        roots.push(k);
                    }
                    Sibling::Skip => adjacent = false,
                    Sibling::Stop => break,
                }
            }
            before.reverse();
            before.append(&mut roots);
            roots = before;
        }
    }
    roots
}

/// Climb from `core` through wrappers that add (almost) no text of their own.
fn climb(stats: &[Stat], core: usize) -> usize {
    let mut top = core;
    while let Some(p) = parent_of(stats, top) {
        let (inner, outer) = (stats[top].text, stats[p].text);
        if p == 0 || outer > inner + WRAPPER_SLACK.max(inner / 10) {
            break;
        }
        top = p;
    }
    top
}

/// The preorder index of the parent of element `i`.
fn parent_of(stats: &[Stat], i: usize) -> Option<usize> {
    let end = stats.get(i)?.end;
    (0..i).rev().find(|&j| stats[j].end >= end)
}

/// The preorder indexes of the element children of `parent`.
fn children(stats: &[Stat], parent: usize) -> Vec<usize> {
    let end = stats[parent].end as usize;
    let mut kids = Vec::new();
    let mut k = parent + 1;
    while k < end {
        kids.push(k);
        k = (stats[k].end as usize).max(k + 1);
    }
    kids
}

/// Prose share and link share of an element's text.
fn densities(st: &Stat) -> (f32, f32) {
    let text = st.text.max(1) as f32;
    (st.good as f32 / text, st.link as f32 / text)
}

/// Where a sibling stands against the core.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Between the title and the core.
    Before,
    /// Right after the core, or after blocks taken right after it.
    Closing,
    /// Further on.
    After,
}

struct Grower<'a> {
    doc: &'a Html,
    stats: &'a [Stat],
    core: &'a Stat,
}

impl Grower<'_> {
    /// Judge sibling `k` of the core against the core's prose and link densities.
    fn judge(&self, k: usize, side: Side) -> Sibling {
        let st = &self.stats[k];
        if st.flags & (F_INVISIBLE | F_HIDDEN | F_EXCLUDED) != 0 || st.text == 0 {
            return Sibling::Skip;
        }
        if st.is_thread() || st.marks >= 2 {
            return Sibling::Stop;
        }
        let small = st.text <= SMALL_BOX;
        let (density, link) = densities(st);
        if st.flags & (F_NEG | F_CHROME) != 0 || link > 0.5 {
            return if small { Sibling::Skip } else { Sibling::Stop };
        }
        let (core_density, core_link) = densities(self.core);
        let link_ok = link <= (2.0 * core_link).max(0.2);
        // More of the same prose: a run of paragraphs.
        if st.paras >= 2
            && st.good >= MIN_PROSE
            && density >= 0.5 * core_density.min(1.0)
            && link_ok
        {
            return Sibling::Take;
        }
        if st.paras <= 1 && st.link == 0 && self.is_line(k, side) {
            return Sibling::Take;
        }
        // The table or list of a data page or a list article.
        if st.good == 0 && link < 0.05 && self.is_table_or_list(k) {
            return Sibling::Take;
        }
        if small { Sibling::Skip } else { Sibling::Stop }
    }

    /// A lone line of the article: a lead paragraph before the core, or a closing line or
    /// author note right after it (a sentence, and only after a core of several paragraphs).
    fn is_line(&self, k: usize, side: Side) -> bool {
        let st = &self.stats[k];
        let Some(node) = self.doc.tree.get(st.id) else {
            return false;
        };
        match side {
            Side::Before => {
                st.text >= LEAD_MIN
                    && st.text <= SHORT_TEXT
                    && node.value().as_element().is_some_and(|e| e.name() == "p")
            }
            Side::Closing => {
                self.core.paras >= 3
                    && st.text >= CLOSING_MIN
                    && st.text <= SHORT_TEXT
                    && ends_sentence(&text_of(node))
            }
            Side::After => false,
        }
    }

    /// A table or list, or a wrapper holding only one.
    fn is_table_or_list(&self, k: usize) -> bool {
        let mut node = self.doc.tree.get(self.stats[k].id);
        for _ in 0..3 {
            let Some(n) = node else {
                return false;
            };
            let Some(el) = n.value().as_element() else {
                return false;
            };
            if matches!(el.name(), "table" | "ul" | "ol" | "dl") {
                return true;
            }
            let mut kids = n.children().filter(|c| c.value().is_element());
            node = kids.next();
            if kids.next().is_some() {
                return false;
            }
        }
        false
    }
}

/// Does the text end like a sentence?
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '\u{201d}', '"', ')', '\u{3002}'])
}

/// Text of a subtree, whitespace collapsed.
fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            out.push(' ');
            out.push_str(t);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
