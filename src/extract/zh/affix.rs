//! Closed Chinese word lists tested against the text around every figure:
//! prefix and suffix stripping with a first/last-character check before each
//! comparison, and one automaton where the question is "which word occurs
//! first". The move grammar asks these for every figure of every clause, and
//! a plain scan of the lists was a fifth of the extractor's time.

use aho_corasick::{AhoCorasick, MatchKind};

/// Words with their first and last characters, in list order.
pub struct Affixes {
    words: Vec<(char, char, &'static str)>,
}

impl Affixes {
    pub fn new(lists: &[&[&'static str]]) -> Affixes {
        let words = lists
            .iter()
            .flat_map(|l| l.iter())
            .filter_map(|w| Some((w.chars().next()?, w.chars().next_back()?, *w)))
            .collect();
        Affixes { words }
    }

    /// One pass in list order, stripping each word that begins the text then
    /// (as `for w in words { s = s.strip_prefix(w).unwrap_or(s) }`).
    pub fn strip_prefixes<'a>(&self, mut s: &'a str) -> &'a str {
        let mut head = s.chars().next();
        for &(first, _, w) in &self.words {
            if head == Some(first) && s.starts_with(w) {
                s = &s[w.len()..];
                head = s.chars().next();
            }
        }
        s
    }

    /// One pass in list order, stripping each word that ends the text then.
    pub fn strip_suffixes<'a>(&self, mut s: &'a str) -> &'a str {
        let mut tail = s.chars().next_back();
        for &(_, last, w) in &self.words {
            if tail == Some(last) && s.ends_with(w) {
                s = &s[..s.len() - w.len()];
                tail = s.chars().next_back();
            }
        }
        s
    }
}

/// One automaton over word lists: where the first of them occurs.
pub struct Occurs {
    ac: AhoCorasick,
}

impl Occurs {
    pub fn new(lists: &[&[&'static str]]) -> Occurs {
        let words: Vec<&str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(words)
            .expect("a closed word list builds an automaton");
        Occurs { ac }
    }

    /// The smallest start of any word in `s` (as the minimum of `s.find(w)`).
    pub fn first(&self, s: &str) -> Option<usize> {
        self.ac.find(s).map(|m| m.start())
    }

    /// Any word occurs in `s`.
    pub fn any(&self, s: &str) -> bool {
        self.ac.is_match(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &[&str] = &["收盘", "收", "报", "较昨日"];
    const B: &[&str] = &["盘中", "本周", "一度"];

    #[test]
    fn strips_like_a_plain_scan() {
        let set = Affixes::new(&[A]);
        for s in ["收盘报1.2", "收报", "报收盘", "较昨日收", "涨", "", "收收"] {
            let mut plain = s;
            for w in A {
                plain = plain.strip_prefix(w).unwrap_or(plain);
            }
            assert_eq!(set.strip_prefixes(s), plain, "{s}");
            let mut plain = s;
            for w in A {
                plain = plain.strip_suffix(w).unwrap_or(plain);
            }
            assert_eq!(set.strip_suffixes(s), plain, "{s}");
        }
    }

    #[test]
    fn first_is_the_leftmost_of_all_words() {
        let occurs = Occurs::new(&[A, B]);
        for s in ["本周盘中一度", "一度收盘", "无", "x报y本周"] {
            let plain = A.iter().chain(B).filter_map(|w| s.find(w)).min();
            assert_eq!(occurs.first(s), plain, "{s}");
            assert_eq!(occurs.any(s), plain.is_some());
        }
    }
}
