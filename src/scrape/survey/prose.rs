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
    /// A lone prose block of `len` bytes credited to nobody yet, under element `idx`.
    Pending { idx: u32, len: u32 },
    /// Inside a run of prose: blocks are credited as they come.
    Flowing,
}

/// A prose block this long counts even when it stands alone.
const LONE_PARA: u32 = 400;

/// Finish the current block, crediting prose to the innermost open element.
///
/// Prose counts only in runs (two prose blocks with no link-heavy block between them) or
/// when long: teaser lists (title link, one-line summary, date) then score as clutter.
pub(super) fn flush(stats: &mut [Stat], stack: &[Frame], block: &mut Block, run: &mut Run) {
    let b = std::mem::take(block);
    if b.len == 0 {
        return;
    }
    let Some(top) = stack.last() else {
        return;
    };
    if matches!(top.kind, TagKind::Heading | TagKind::H1) {
        return;
    }
    // The plain (non-link) text of a block is what counts as prose.
    let plain = b.len - b.link.min(b.len);
    let prose = (b.link * 3 < b.len || (plain >= 2 * MIN_PARA && b.link * 2 <= b.len))
        && plain >= MIN_PARA
        && (b.punct || b.len >= 200);
    if !prose || b.boilerplate {
        if b.link * 2 > b.len || b.len >= MIN_PARA {
            *run = Run::Broken;
        }
        return;
    }
    match *run {
        Run::Pending { idx, len } => {
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
            };
            return;
        }
        _ => {}
    }
    *run = Run::Flowing;
    let st = &mut stats[top.idx as usize];
    st.good += b.len;
    st.paras += 1;
}
