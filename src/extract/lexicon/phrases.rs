//! Token-sequence phrase tables with a fast hash and a quick first-key filter.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::super::text::{TokKind, Token, tokenize};

/// A small multiplicative hasher (FxHash): lexicon keys are trusted and
/// short, and lookups dominate extraction time, so SipHash is not needed.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.hash = (self.hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// Multi-word phrases looked up on token sequences (case-insensitive).
#[derive(Debug, Clone)]
pub struct PhraseTable {
    /// Quick filter over the first keys (see `filter_slot`).
    seen: Box<[u64; 256]>,
    by_first: FastMap<String, Vec<(Vec<String>, usize)>>,
    /// Longest phrase, in tokens.
    max_len: usize,
    /// Payloads, indexed by the `usize` stored per phrase.
    pub values: Vec<String>,
    /// Every phrase as written, with its payload index (for the quick scan).
    pub phrases: Vec<(String, usize)>,
    /// Index of each payload in `values`, and the phrases and token sequences already
    /// stored: loading stays linear in the number of phrases.
    value_index: FastMap<String, usize>,
    phrase_seen: FastSet<String>,
    words_seen: FastSet<Vec<String>>,
    /// `by_first` lists not yet sorted longest first (see [`PhraseTable::finish`]).
    unsorted: bool,
}

impl Default for PhraseTable {
    fn default() -> Self {
        PhraseTable {
            seen: Box::new([0; 256]),
            by_first: FastMap::default(),
            max_len: 0,
            values: Vec::new(),
            phrases: Vec::new(),
            value_index: FastMap::default(),
            phrase_seen: FastSet::default(),
            words_seen: FastSet::default(),
            unsorted: false,
        }
    }
}

/// Quick filter slot: the first byte picks the slot, the last byte and the
/// length pick the bit (CJK characters share first bytes but not last ones).
fn filter_slot(key: &str) -> (usize, u64) {
    let b = key.as_bytes();
    let first = b.first().copied().unwrap_or(0);
    let last = b.last().copied().unwrap_or(0);
    let mix = (usize::from(last) ^ (b.len() * 7)) % 64;
    (usize::from(first), 1u64 << mix)
}

impl PhraseTable {
    pub(crate) fn insert(&mut self, phrase: &str, value: &str) {
        // "innovative drug" is also written "innovative-drug"
        if phrase.contains(' ') && phrase.is_ascii() && !phrase.contains('-') {
            self.insert_one(&phrase.replace(' ', "-"), value);
        }
        self.insert_one(phrase, value);
    }

    fn insert_one(&mut self, phrase: &str, value: &str) {
        let words: Vec<String> = tokenize(phrase)
            .iter()
            .map(|t| tok_key(t).to_string())
            .collect();
        let Some(first) = words.first().cloned() else {
            return;
        };
        let idx = match self.value_index.get(value) {
            Some(&i) => i,
            None => {
                self.values.push(value.to_string());
                self.value_index
                    .insert(value.to_string(), self.values.len() - 1);
                self.values.len() - 1
            }
        };
        self.max_len = self.max_len.max(words.len());
        if self.phrase_seen.insert(phrase.to_string()) {
            self.phrases.push((phrase.to_string(), idx));
        }
        let (slot, bit) = filter_slot(&first);
        self.seen[slot] |= bit;
        if self.words_seen.insert(words.clone()) {
            self.by_first.entry(first).or_default().push((words, idx));
            self.unsorted = true;
        }
    }

    /// Order every first-key list longest phrase first (stable: among phrases of one
    /// length the first inserted wins). Call once after the inserts, before matching.
    pub(crate) fn finish(&mut self) {
        if std::mem::take(&mut self.unsorted) {
            for list in self.by_first.values_mut() {
                list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
            }
        }
    }

    /// The longest phrase starting at token `i`: (token count, value).
    pub fn match_at(&self, toks: &[Token], i: usize) -> Option<(usize, &str)> {
        debug_assert!(!self.unsorted, "PhraseTable::finish not called");
        let first = tok_key(toks.get(i)?);
        let (slot, bit) = filter_slot(first);
        if self.seen[slot] & bit == 0 {
            return None;
        }
        let list = self.by_first.get(first)?;
        for (words, idx) in list {
            if i + words.len() <= toks.len()
                && words.iter().zip(&toks[i..]).all(|(w, t)| *w == tok_key(t))
            {
                return Some((words.len(), &self.values[*idx]));
            }
        }
        None
    }

    /// The longest phrase ending just before token `end`: (start, value).
    pub fn match_ending(&self, toks: &[Token], end: usize) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &str)> = None;
        for start in end.saturating_sub(self.max_len)..end {
            if let Some((n, v)) = self.match_at(toks, start)
                && start + n == end
            {
                best = Some((start, v));
                break;
            }
        }
        best
    }
}

fn tok_key<'a>(t: &'a Token) -> &'a str {
    match t.kind {
        TokKind::Word => t.lw(),
        _ => t.text,
    }
}
