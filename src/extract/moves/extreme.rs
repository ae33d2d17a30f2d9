//! An intraday extreme and the close after it: "jumped 7% before closing up
//! 5.2%", "dropped 3.5% before paring losses to close 1.2% lower". The close
//! is the session's move; the extreme before it is not reported.

use super::super::model::{Fact, FactKind};
use super::super::text::Token;

const CLOSE: &[&str] = &[
    "closing",
    "ending",
    "finishing",
    "settling",
    "close",
    "end",
    "finish",
    "settle",
];

/// Where "before"/"after" opens the close that follows an intraday extreme
/// ("before closing up", "before paring gains to close", "after ending"),
/// when the subject of a figure ends with it.
pub(super) fn close_after_extreme(toks: &[Token], end: usize) -> Option<usize> {
    const LINK: &[&str] = &["to", "gains", "losses", "paring", "trimming", "up", "down"];
    let tail = |t: &Token| CLOSE.contains(&t.lw()) || LINK.contains(&t.lw());
    let mut k = end;
    while k > 0 && tail(&toks[k - 1]) {
        k -= 1;
    }
    // the close word is skipped, or is where the figure's verb starts
    let closes = toks[k..(end + 1).min(toks.len())]
        .iter()
        .any(|t| CLOSE.contains(&t.lw()));
    let at = k.checked_sub(1)?;
    (closes && (toks[at].is("before") || toks[at].is("after"))).then(|| {
        if at > 0 && toks[at - 1].is_punct(',') {
            at - 1
        } else {
            at
        }
    })
}

/// "before closing", "before paring gains to end": "before" and a close word
/// within the next four tokens ("after closing 1% lower on Monday" is the
/// session before).
fn opens_close(toks: &[Token], k: usize) -> bool {
    toks[k].is("before")
        && toks[k + 1..(k + 5).min(toks.len())]
            .iter()
            .any(|t| CLOSE.contains(&t.lw()))
}

/// Drop the move of a subject whose close the sentence gives later: `at[n]`
/// is the token of the figure of `out[first + n]`, and an earlier move of the
/// same subject goes when "before" and a close word stand between the two
/// figures.
pub(super) fn drop_extremes(toks: &[Token], mut at: Vec<usize>, out: &mut Vec<Fact>, first: usize) {
    debug_assert_eq!(at.len(), out.len() - first);
    let subject = |f: &Fact| match &f.kind {
        FactKind::StockMove(m) => Some(m.name.clone()),
        FactKind::IndexMove(m) => Some(m.index.clone()),
        _ => None,
    };
    let mut n = 0;
    while n < at.len() {
        let s = subject(&out[first + n]);
        let closed_later = s.is_some()
            && (n + 1..at.len()).any(|m| {
                subject(&out[first + m]) == s && (at[n]..at[m]).any(|k| opens_close(toks, k))
            });
        if closed_later {
            out.remove(first + n);
            at.remove(n);
        } else {
            n += 1;
        }
    }
}
