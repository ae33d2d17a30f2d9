//! A byte-level pass before parsing: empties `<script>`, `<style>`, `<noscript>` and `<svg>`
//! elements and drops comments (together about 60% of the bytes of a typical news page), so
//! html5ever does not tokenize text nobody reads. JSON-LD scripts are kept: they carry dates.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use once_cell::sync::Lazy;

/// Openers the pass looks for; comments are matched too, so a commented-out tag is never
/// mistaken for a real one.
const OPENER_NAMES: [&str; 5] = ["<!--", "<script", "<style", "<noscript", "<svg"];

/// End tags matching `OPENER_NAMES` (none for comments).
const CLOSERS: [&[u8]; 5] = [b"-->", b"</script", b"</style", b"</noscript", b"</svg"];

/// One searcher per closer, case-insensitive, memchr-accelerated.
static CLOSER_FINDERS: Lazy<Vec<AhoCorasick>> = Lazy::new(|| {
    CLOSERS
        .iter()
        .map(|c| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build([c])
                .expect("fixed literal patterns build")
        })
        .collect()
});

static OPENERS: Lazy<AhoCorasick> = Lazy::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(OPENER_NAMES)
        .expect("fixed literal patterns build")
});

/// Return `html` with the content of non-JSON-LD `<script>`, `<style>`, `<noscript>` and
/// `<svg>` elements and all comments removed. Start and end tags stay, so the parsed tree
/// keeps its shape.
pub(crate) fn strip_raw_text(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already copied to `out`
    let mut pos = 0;
    while let Some(m) = OPENERS.find(&html[pos..]) {
        let start = pos + m.start();
        let after_name = pos + m.end();
        let which = m.pattern().as_usize();
        if which == 0 {
            // A comment: drop it whole (an unclosed comment runs to the end: leave it).
            let Some(end) = find_ci(bytes, after_name, 0) else {
                break;
            };
            let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            o.push_str(&html[copied..start]);
            copied = end + 3;
            pos = end + 3;
            continue;
        }
        // The name must end here: `<scripts` or `<styled` are other tags.
        if !matches!(bytes.get(after_name), Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            pos = after_name;
            continue;
        }
        let Some(tag_end) = tag_end(bytes, after_name) else {
            break;
        };
        let closer = CLOSERS[which];
        let content_start = tag_end + 1;
        let Some(close) = find_closer(bytes, content_start, which) else {
            break;
        };
        let keep = which == 1 && is_json_ld(&html[after_name..tag_end]);
        if !keep && close > content_start {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            o.push_str(&html[copied..content_start]);
            copied = close;
        }
        pos = close + closer.len();
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// Index of the `>` closing a start tag whose attributes begin at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = 0u8;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (0, b'"' | b'\'') => quote = b,
            (0, b'>') => return Some(i),
            (q, b) if q != 0 && b == q => quote = 0,
            _ => {}
        }
    }
    None
}

/// The start of the end tag `CLOSERS[which]` that ends raw text, as the HTML tokenizer finds
/// it: followed by whitespace, `/` or `>`.
fn find_closer(bytes: &[u8], from: usize, which: usize) -> Option<usize> {
    let len = CLOSERS[which].len();
    let mut at = from;
    loop {
        let i = find_ci(bytes, at, which)?;
        match bytes.get(i + len) {
            Some(b) if b.is_ascii_whitespace() || *b == b'/' || *b == b'>' => return Some(i),
            None => return Some(i),
            _ => at = i + len,
        }
    }
}

/// Case-insensitive search for `CLOSERS[which]` from `from`.
fn find_ci(bytes: &[u8], from: usize, which: usize) -> Option<usize> {
    let hay = bytes.get(from..)?;
    CLOSER_FINDERS
        .get(which)?
        .find(hay)
        .map(|m| from + m.start())
}

/// Does a script tag's attribute text declare JSON-LD?
fn is_json_ld(attrs: &str) -> bool {
    attrs.len() < 4096 && attrs.to_ascii_lowercase().contains("ld+json")
}

#[cfg(test)]
mod tests {
    use super::strip_raw_text;

    #[test]
    fn empties_scripts_and_styles_but_keeps_json_ld() {
        let html = r#"<head><style>p{color:red}</style><script>var a="<p>x</p>";</script><script type="application/ld+json">{"datePublished":"2025-01-01"}</script></head><body><p>Text</p><SCRIPT src=x.js></SCRIPT></body>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<head><style></style><script></script><script type="application/ld+json">{"datePublished":"2025-01-01"}</script></head><body><p>Text</p><SCRIPT src=x.js></SCRIPT></body>"#
        );
    }

    #[test]
    fn end_tag_rules_match_the_tokenizer() {
        // `</scripts` does not end a script; `</script >` does.
        let html = "<script>a='</scripts>';b=1</script ><p>after</p>";
        assert_eq!(strip_raw_text(html), "<script></script ><p>after</p>");
        // `>` inside a quoted attribute does not end the start tag.
        let html = r#"<script data-x="a>b">code</script><p>after</p>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<script data-x="a>b"></script><p>after</p>"#
        );
    }

    #[test]
    fn other_tags_are_left_alone_and_comments_dropped() {
        let html = "<scripts>keep</scripts><styled>keep</styled><!-- <script> --><p>keep</p><!-- </script> -->";
        assert_eq!(
            strip_raw_text(html),
            "<scripts>keep</scripts><styled>keep</styled><p>keep</p>"
        );
        let html =
            "<noscript><img src=x></noscript><svg viewBox='0 0 1 1'><path d='M0'/></svg><p>t</p>";
        assert_eq!(
            strip_raw_text(html),
            "<noscript></noscript><svg viewBox='0 0 1 1'></svg><p>t</p>"
        );
    }

    #[test]
    fn unterminated_input_is_returned_as_is() {
        for html in [
            "<script>never closed",
            "<style",
            "<script attr='x>",
            "<!-- open",
            "",
        ] {
            assert_eq!(strip_raw_text(html), html);
        }
        let multi = "<p>é</p><script>ü</script><p>ß</p>";
        assert_eq!(strip_raw_text(multi), "<p>é</p><script></script><p>ß</p>");
    }
}
