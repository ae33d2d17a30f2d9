//! Worded sector moves: a list of groups, an optional group marker and
//! adverbs, then a direction word: "能源、原材料、工业板块跌幅居前",
//! "内房股集体走强", "地产、消费走强" (without a marker every member must
//! be a sector word on its own).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::affix::Affixes;
use super::clause::clauses;
use super::lex::ZH;
use super::subject::{is_group_word, sector_of, split_list, strip_links, strip_marker};
use super::words::{ADVERBS, DOWN, UP};
use crate::extract::model::{Fact, FactKind, MoveDirection, SectorMove};

static ADVERB_TAILS: LazyLock<Affixes> = LazyLock::new(|| Affixes::new(&[ADVERBS]));

/// Every direction word of the lists, overlapping: patterns below `UP.len()` are up.
static DIRECTIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(UP.iter().chain(DOWN)).expect("the direction word lists build an automaton")
});

/// Where a direction word starts in `clause`, in order: (start, up, length),
/// the longest up word against the longest down word at each start (up wins a tie).
fn directions(clause: &str) -> Vec<(usize, bool, usize)> {
    let mut at: Vec<(usize, usize, usize)> = Vec::new();
    for m in DIRECTIONS.find_overlapping_iter(clause) {
        let up = m.pattern().as_usize() < UP.len();
        let pos = at.iter().position(|a| a.0 == m.start());
        let entry = match pos {
            Some(i) => &mut at[i],
            None => {
                at.push((m.start(), 0, 0));
                at.last_mut().expect("just pushed")
            }
        };
        let slot = if up { &mut entry.1 } else { &mut entry.2 };
        *slot = (*slot).max(m.len());
    }
    at.sort_unstable_by_key(|a| a.0);
    at.into_iter()
        .map(|(start, u, d)| (start, u >= d, u.max(d)))
        .collect()
}

fn strip_adverbs(mut s: &str) -> &str {
    loop {
        let before = s;
        s = ADVERB_TAILS.strip_suffixes(s);
        if s == before {
            return s;
        }
    }
}

/// The sectors of the groups before a direction word in one clause.
fn groups(head: &str) -> Vec<String> {
    let head = strip_adverbs(head);
    let (list, marked) = match strip_marker(head) {
        Some(base) => (base, true),
        None => (head, false),
    };
    // "银行、煤炭等几大权重": heavyweights of the groups listed
    let list = list
        .trim_end_matches("权重")
        .trim_end_matches("几大")
        .trim_end_matches('等');
    let members = split_list(list);
    let mut out = Vec::new();
    for m in &members {
        // each member may carry its own marker ("银行股、地产股")
        let (word, own) = strip_marker(m).map_or((*m, false), |b| (b, true));
        // "在银行、煤炭等权重板块的带动下": an adverbial opens the list
        let word = strip_links(word);
        let word = ["在", "受", "随着", "由于"]
            .iter()
            .find_map(|p| word.strip_prefix(p).filter(|w| is_group_word(w)))
            .unwrap_or(word);
        // "铜走强" is the metal's price, not its stocks
        if !(own || marked)
            && (ZH.futures.exact(word).is_some() || ZH.commodities.exact(word).is_some())
        {
            return Vec::new();
        }
        // a word's end ("次新银行") maps only under its own marker
        match sector_of(word, own || (marked && members.len() == 1)) {
            Some(s) => out.push(s),
            // an unmarked list must be all sector words
            None if !marked && !own && !is_group_word(word) => return Vec::new(),
            None => {}
        }
    }
    out
}

/// Worded sector moves of one compacted Chinese sentence.
pub fn sector_moves(text: &str, sentence: &str, out: &mut Vec<Fact>) {
    for clause in clauses(text) {
        for (p, up, _) in directions(clause) {
            let head = &clause[..p];
            if head.is_empty() || head.contains(['%', '点']) {
                continue;
            }
            for sector in groups(head) {
                out.push(Fact {
                    kind: FactKind::SectorMove(SectorMove {
                        sector,
                        direction: if up {
                            MoveDirection::Up
                        } else {
                            MoveDirection::Down
                        },
                        change_pct: None,
                    }),
                    approx: false,
                    range: None,
                    sentence: sentence.to_string(),
                });
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<(String, MoveDirection)> {
        let mut out = Vec::new();
        sector_moves(s, s, &mut out);
        out.into_iter()
            .filter_map(|f| match f.kind {
                FactKind::SectorMove(m) => Some((m.sector, m.direction)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lists_with_and_without_markers() {
        let r = read("能源、原材料、工业板块跌幅居前，地产、消费走强");
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0], ("energy".to_string(), MoveDirection::Down));
        assert_eq!(r[2], ("consumer".to_string(), MoveDirection::Up));
        assert!(read("中资保险股逆市受压").is_empty());
        assert!(read("医药商业股走低").is_empty());
        let r = read("午后在银行、券商、有色等权重板块的快速拉升下");
        assert_eq!(r.len(), 2, "{r:?}");
    }
}
