//! Prefix lists looked up by their first byte: a block's text is compared with the few
//! entries that start like it instead of every entry.

/// The entries of a list grouped by their first byte.
pub(crate) struct ByFirstByte {
    buckets: Vec<Vec<&'static str>>,
}

impl ByFirstByte {
    pub(crate) fn new(list: &[&'static str]) -> ByFirstByte {
        let mut buckets = vec![Vec::new(); 256];
        for w in list {
            if let Some(&b) = w.as_bytes().first() {
                buckets[usize::from(b)].push(*w);
            }
        }
        ByFirstByte { buckets }
    }

    /// The entries that start with the first byte of `text`.
    pub(crate) fn candidates(&self, text: &str) -> &[&'static str] {
        text.as_bytes()
            .first()
            .map_or(&[][..], |&b| &self.buckets[usize::from(b)])
    }

    /// Does `text` start with an entry followed by a word boundary?
    pub(crate) fn starts(&self, text: &str) -> bool {
        self.candidates(text)
            .iter()
            .any(|p| starts_with_word(text, p))
    }
}

/// Does `text` start with `prefix` followed by a word boundary ("subscribe", not
/// "subscribers")?
fn starts_with_word(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|rest| {
        // Scripts written without spaces (Chinese, Japanese) have no word boundary to check.
        !prefix.ends_with(|c: char| c.is_ascii_alphanumeric())
            || !rest.starts_with(|c: char| c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::ByFirstByte;

    #[test]
    fn candidates_share_the_first_byte() {
        let set = ByFirstByte::new(&["read more", "related", "share", "©", "分享"]);
        assert_eq!(set.candidates("read this"), ["read more", "related"]);
        assert_eq!(set.candidates("shares rose"), ["share"]);
        assert_eq!(set.candidates("© 2026"), ["©"]);
        assert_eq!(set.candidates("分享到"), ["分享"]);
        assert!(set.candidates("").is_empty());
        assert!(set.candidates("copper").is_empty());
        assert!(set.starts("read more: the outlook"));
        assert!(!set.starts("shareholders met"));
        assert!(set.starts("分享到微信"));
    }
}
