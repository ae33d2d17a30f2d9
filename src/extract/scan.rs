//! A quick scan of sentences without figures: one Aho-Corasick pass finds the
//! companies, commodities and institutions they name (for later "the stock",
//! "it", commodity-less price sentences) and whether a move word appears (then
//! the sentence is tokenized for worded sector moves).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::lexicon::PhraseTable;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Commodity,
    Company,
    Institution,
    Index,
    MoveWord,
}

/// What a quick scan found: the last mention of each kind (value index into
/// the lexicon table, or the byte span for a company as written).
#[derive(Debug, Default, Clone, Copy)]
pub struct Scanned {
    pub commodity: Option<usize>,
    /// The first metal named (a sentence's subject comes first): the referent of a
    /// later "the metal".
    pub first_metal: Option<usize>,
    pub company: Option<(usize, usize)>,
    pub institution: Option<(usize, usize)>,
    /// The last index named: value index into the index table, and where it ends.
    pub index: Option<(usize, usize)>,
    pub move_word: bool,
}

/// The automaton and what each pattern stands for.
#[derive(Debug, Clone, Default)]
pub struct QuickScan {
    ac: Option<AhoCorasick>,
    kinds: Vec<(Kind, usize)>,
    /// By commodity value index: the commodity is a metal.
    metal: Vec<bool>,
}

/// Commodities "the metal" can stand for (not oil, coal, gas, ore, farm goods).
pub fn is_metal(canonical: &str) -> bool {
    matches!(
        canonical,
        "copper"
            | "aluminum"
            | "gold"
            | "silver"
            | "platinum"
            | "palladium"
            | "nickel"
            | "zinc"
            | "lead"
            | "tin"
            | "cobalt"
            | "lithium"
            | "tungsten"
            | "molybdenum"
            | "steel"
            | "rare earths"
    )
}

impl QuickScan {
    /// Build from the lexicon tables and the first words of sector-move phrases.
    pub fn build(
        commodities: &PhraseTable,
        companies: &PhraseTable,
        institutions: &PhraseTable,
        indices: &PhraseTable,
        move_words: &[&str],
    ) -> QuickScan {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        for (table, kind) in [
            (commodities, Kind::Commodity),
            (companies, Kind::Company),
            (institutions, Kind::Institution),
            (indices, Kind::Index),
        ] {
            for (phrase, value) in &table.phrases {
                patterns.push(phrase.clone());
                kinds.push((kind, *value));
            }
        }
        for w in move_words {
            patterns.push((*w).to_string());
            kinds.push((Kind::MoveWord, 0));
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A contiguous NFA, not a DFA: the DFA over these phrases (Chinese
            // ones included) took 12 MB and 50 ms to build, for a scan about
            // twice as fast that is 5% of extraction (BENCHMARKS.md, idle daemon)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .ok();
        let metal = commodities.values.iter().map(|v| is_metal(v)).collect();
        QuickScan { ac, kinds, metal }
    }

    /// Scan one sentence. Without an automaton (it failed to build), report a
    /// move word so that the caller takes the full path.
    pub fn scan(&self, s: &str) -> Scanned {
        let mut out = Scanned::default();
        let Some(ac) = &self.ac else {
            out.move_word = true;
            return out;
        };
        let b = s.as_bytes();
        for m in ac.find_iter(s) {
            let (start, end) = (m.start(), m.end());
            let ascii_edge = b[start].is_ascii_alphanumeric();
            if ascii_edge
                && (start > 0 && b[start - 1].is_ascii_alphanumeric()
                    || b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()))
            {
                continue;
            }
            let Some(&(kind, value)) = self.kinds.get(m.pattern().as_usize()) else {
                continue;
            };
            match kind {
                Kind::Commodity => {
                    out.commodity = Some(value);
                    // "lead to" is a verb
                    let verb = s[end..].starts_with(" to ");
                    if out.first_metal.is_none() && self.metal.get(value) == Some(&true) && !verb {
                        out.first_metal = Some(value);
                    }
                }
                Kind::Company if !b[start].is_ascii_lowercase() => out.company = Some((start, end)),
                Kind::Company => {}
                Kind::Institution if !b[start].is_ascii_lowercase() => {
                    out.institution = Some((start, end))
                }
                Kind::Institution => {}
                Kind::Index => out.index = Some((value, end)),
                Kind::MoveWord => out.move_word = true,
            }
        }
        out
    }
}

/// One automaton over the sector keywords, for the document's themes.
#[derive(Debug, Clone, Default)]
pub struct KeywordScan {
    ac: Option<AhoCorasick>,
    values: Vec<usize>,
}

impl KeywordScan {
    /// Build from the sector keyword table.
    pub fn build(keywords: &PhraseTable) -> KeywordScan {
        let patterns: Vec<&str> = keywords.phrases.iter().map(|(p, _)| p.as_str()).collect();
        let values = keywords.phrases.iter().map(|(_, v)| *v).collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // once per document: a contiguous NFA (a DFA would hold 1.3 MB more)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .ok();
        KeywordScan { ac, values }
    }

    /// Call `f` with the value index of every keyword standing as whole words in `s`.
    pub fn each(&self, s: &str, mut f: impl FnMut(usize)) {
        let Some(ac) = &self.ac else { return };
        let b = s.as_bytes();
        for m in ac.find_iter(s) {
            let (start, end) = (m.start(), m.end());
            if b[start].is_ascii_alphanumeric()
                && (start > 0 && b[start - 1].is_ascii_alphanumeric()
                    || b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()))
            {
                continue;
            }
            if let Some(&v) = self.values.get(m.pattern().as_usize()) {
                f(v);
            }
        }
    }
}
