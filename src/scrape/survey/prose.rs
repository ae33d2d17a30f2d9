//! Prose blocks: what counts as article-like text while surveying, and how it is credited
//! to the elements that hold it.

use super::Stat;
use crate::scrape::hints::TagKind;

/// Minimum bytes of a prose block that counts as a paragraph.
const MIN_PARA: u32 = 50;

/// An open element during the survey.
#[derive(Clone, Copy)]
pub(super) struct Frame {
    pub(super) idx: u32,
    pub(super) kind: TagKind,
}

/// The text block being read.
#[derive(Default)]
pub(super) struct Block {
    pub(super) len: u32,
    pub(super) link: u32,
    /// Holds sentence punctuation.
    pub(super) punct: bool,
    /// Opens like a disclaimer or cookie notice: never prose.
    pub(super) boilerplate: bool,
    /// A short text of the block reads as a control or a stamp.
    pub(super) mark: Mark,
}

/// What a short block is, besides text.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Mark {
    #[default]
    None,
    /// A control or counter of a repeated item ("Reply", "Permalink", "3/24").
    Control,
    /// A date or time ("March 3, 2026 at 1:10 pm", "2 hours ago").
    Stamp,
}

/// Longest text node checked for a mark.
pub(super) const MARK_TEXT: usize = 40;
/// Longest block that counts as a control ...
const CONTROL_BLOCK: u32 = 24;
/// ... and as a stamp (a name may stand beside the date).
const STAMP_BLOCK: u32 = 80;

/// Comment controls, as whole texts (lower case).
#[rustfmt::skip]
const CONTROLS: &[&str] = &[
    "reply", "permalink", "report", "report abuse", "flag", "quote", "like", "likes",
    "reply ↓", "antworten", "répondre", "responder", "rispondi", "beantwoorden", "svara",
    "odpowiedz", "ответить", "回复", "回覆", "返信", "답글",
];

/// Classify a short text node.
pub(super) fn mark_of(text: &str) -> Mark {
    let short = text.len() <= 16;
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    if !short && !digits {
        return Mark::None;
    }
    let lower = text.to_lowercase();
    // a counter and a stamp both hold a digit
    if short && (CONTROLS.contains(&lower.as_str()) || digits && is_counter(&lower)) {
        return Mark::Control;
    }
    if digits && crate::scrape::blocks::is_time_line(&lower) {
        return Mark::Stamp;
    }
    Mark::None
}

/// A slide counter: "3/24", "3 / 24", "3 of 24".
fn is_counter(lower: &str) -> bool {
    // Only digits, '/', "of" and spaces survive to a counter: reject the rest (section
    // names and prices in navigation) before allocating.
    if !lower
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '/' | 'o' | 'f'))
    {
        return false;
    }
    let mut parts = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((a, b)) = parts.split_once(" of ") {
        parts = format!("{a}/{b}");
    }
    let parts = parts.replace(' ', "");
    parts.split_once('/').is_some_and(|(a, b)| {
        let num = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|c| c.is_ascii_digit());
        num(a) && num(b) && a.parse::<u32>().ok() <= b.parse::<u32>().ok()
    })
}

/// Does the text hold sentence punctuation (ASCII or CJK full-width)?
pub(super) fn has_punctuation(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b'.' | b',' | b';' | b'!' | b'?'))
        || (!text.is_ascii() && text.contains(['。', '，', '！', '？', '、']))
}

/// Does an element of this kind end the current text block?
pub(super) fn breaks_block(kind: TagKind) -> bool {
    matches!(
        kind,
        TagKind::Block | TagKind::Heading | TagKind::H1 | TagKind::Chrome | TagKind::Invisible
    )
}

/// Where the previous prose block stands in a run of prose.
#[derive(Clone, Copy, Default)]
pub(crate) enum Run {
    /// The last block that counts was not prose.
    #[default]
    Broken,
    /// A lone prose block of `len` bytes credited to nobody yet, under element `idx`, in a
    /// block whose parent is `holder`.
    Pending { idx: u32, len: u32, holder: u32 },
    /// Inside a run of prose whose blocks sit in `holder`: credited as they come.
    Flowing { holder: u32 },
}

/// A prose block this long counts even when it stands alone.
const LONE_PARA: u32 = 400;

/// Finish the current block, crediting prose to the innermost open element.
///
/// Prose counts only in runs or when long. A run is broken by a long non-prose block or a
/// link-heavy one (a teaser headline), except a link line among the paragraphs of the same
/// parent ("Read more: ..." between paragraphs). Teaser lists (headline link, one-line
/// summary, date, each in its own box) then score as clutter.
pub(super) fn flush(stats: &mut [Stat], stack: &[Frame], block: &mut Block, run: &mut Run) {
    let b = std::mem::take(block);
    if b.len == 0 {
        return;
    }
    let Some(top) = stack.last() else {
        return;
    };
    let st = &mut stats[top.idx as usize];
    match b.mark {
        Mark::Control if b.len <= CONTROL_BLOCK => st.marks = st.marks.saturating_add(1),
        Mark::Stamp if b.len <= STAMP_BLOCK => st.stamps = st.stamps.saturating_add(1),
        _ => {}
    }
    let holder = stack
        .len()
        .checked_sub(2)
        .and_then(|i| stack.get(i))
        .map_or(u32::MAX, |f| f.idx);
    let link_heavy = b.link * 2 > b.len;
    if matches!(top.kind, TagKind::Heading | TagKind::H1) {
        // Plain headings sit inside articles; linked ones head teasers.
        if link_heavy {
            *run = Run::Broken;
        }
        return;
    }
    // The plain (non-link) text of a block is what counts as prose.
    let plain = b.len - b.link.min(b.len);
    let prose = (b.link * 3 < b.len || (plain >= 2 * MIN_PARA && b.link * 2 <= b.len))
        && plain >= MIN_PARA
        && (b.punct || b.len >= 200);
    if !prose || b.boilerplate {
        let same_box = match *run {
            Run::Pending { holder: h, .. } | Run::Flowing { holder: h } => h == holder,
            Run::Broken => false,
        };
        if (link_heavy && !same_box) || (!link_heavy && b.len >= MIN_PARA) {
            *run = Run::Broken;
        }
        return;
    }
    match *run {
        Run::Pending { idx, len, .. } => {
            // Credit the earlier block to the deepest open element that holds it.
            if let Some(anc) = stack.iter().rev().find(|f| f.idx <= idx) {
                let st = &mut stats[anc.idx as usize];
                st.good += len;
                st.paras += 1;
            }
        }
        Run::Broken if b.len < LONE_PARA => {
            *run = Run::Pending {
                idx: top.idx,
                len: b.len,
                holder,
            };
            return;
        }
        _ => {}
    }
    *run = Run::Flowing { holder };
    let st = &mut stats[top.idx as usize];
    st.good += b.len;
    st.paras += 1;
}

#[cfg(test)]
mod tests {
    use super::{Mark, mark_of};

    #[test]
    fn controls_counters_and_stamps_are_marked() {
        for t in [
            "Reply",
            "Permalink",
            "Antworten",
            "回复",
            "3/24",
            "12 / 50",
            "3 of 24",
        ] {
            assert!(mark_of(t) == Mark::Control, "{t}");
        }
        for t in [
            "March 3, 2026 at 1:10 pm",
            "2 hours ago",
            "Updated 1:23 p.m. ET",
        ] {
            assert!(mark_of(t) == Mark::Stamp, "{t}");
        }
        for t in [
            "Replying to critics",
            "1/2 cup of flour",
            "Copper",
            "3 mines",
        ] {
            assert!(mark_of(t) == Mark::None, "{t}");
        }
    }
}
