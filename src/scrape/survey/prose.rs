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
