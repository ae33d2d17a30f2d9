//! A closed word list with a constant-time pre-check, for lists tested
//! against every token of a window in hot loops.

/// A word list plus a table of the (first byte, length) pairs its words have:
/// most tokens fail that check and skip the scan of the list.
pub struct WordSet {
    words: &'static [&'static str],
    /// Bit `min(len, 63)` of entry `first byte` is set when a word has that shape.
    shapes: [u64; 256],
    has_empty: bool,
}

impl WordSet {
    /// Build the set at compile time.
    pub const fn new(words: &'static [&'static str]) -> Self {
        let mut shapes = [0u64; 256];
        let mut has_empty = false;
        let mut i = 0;
        while i < words.len() {
            let b = words[i].as_bytes();
            if b.is_empty() {
                has_empty = true;
            } else {
                let len = if b.len() < 63 { b.len() } else { 63 };
                shapes[b[0] as usize] |= 1u64 << len;
            }
            i += 1;
        }
        WordSet {
            words,
            shapes,
            has_empty,
        }
    }

    /// `w` is one of the words (exact, case-sensitive), as `words.contains(&w)`.
    pub fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let Some(&first) = b.first() else {
            return self.has_empty;
        };
        let len = b.len().min(63);
        self.shapes[usize::from(first)] & (1u64 << len) != 0 && self.words.contains(&w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &[
        "forecast",
        "sees",
        "预测",
        "a-very-long-word-that-is-longer-than-sixty-three-bytes-in-total-yes",
    ];
    static SET: WordSet = WordSet::new(WORDS);

    #[test]
    fn agrees_with_a_plain_scan() {
        let probes = [
            "forecast",
            "forecasts",
            "sees",
            "seen",
            "see",
            "",
            "预测",
            "预",
            "f",
            "Forecast",
            "a-very-long-word-that-is-longer-than-sixty-three-bytes-in-total-yes",
            "a-very-long-word-that-is-longer-than-sixty-three-bytes-in-total-no",
        ];
        for p in probes {
            assert_eq!(SET.contains(p), WORDS.contains(&p), "{p:?}");
        }
        assert!(SET.contains("sees"));
        assert!(!SET.contains("seen"));
        assert!(WordSet::new(&["", "x"]).contains(""));
    }
}
