//! A byte-level cap on attributes per start tag, before parsing.
//!
//! html5ever's tokenizer compares each attribute of a tag with the earlier ones (duplicates
//! are dropped), so a tag's cost grows with the square of its attribute count, before any
//! tree sink sees it: a 5 MiB page of `<p>` tags with 200 attributes each took 2.35 s. This
//! pass cuts every start tag after [`MAX_ATTRS`] attributes, finding attribute and tag ends
//! as the HTML tokenizer does (quoted values may hold `>`), and leaves a page whose tags are
//! all under the cap untouched and uncopied.

use std::borrow::Cow;

use super::parse::MAX_ATTRS;

/// Where the tokenizer is inside a start tag.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Name,
    BeforeAttr,
    Attr,
    AfterAttr,
    BeforeValue,
    Unquoted,
    Quoted(u8),
}

/// What scanning one start tag found.
struct Tag {
    /// The end of the tag (just past its `>`), or the end of the input.
    end: usize,
    /// Where the attribute after the cap starts, when the tag has more than the cap.
    cut: Option<usize>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Scan the start tag whose name begins at `from` (just after `<`).
fn scan_tag(bytes: &[u8], from: usize) -> Tag {
    let mut state = State::Name;
    let mut count = 0;
    let mut cut = None;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        state = match state {
            State::Quoted(q) if b == q => State::BeforeAttr,
            State::Quoted(q) => State::Quoted(q),
            _ if b == b'>' => {
                return Tag { end: i + 1, cut };
            }
            State::Name if is_space(b) || b == b'/' => State::BeforeAttr,
            State::Name => State::Name,
            State::Unquoted if is_space(b) => State::BeforeAttr,
            State::Unquoted => State::Unquoted,
            State::Attr | State::AfterAttr if b == b'=' => State::BeforeValue,
            State::Attr | State::AfterAttr if is_space(b) => State::AfterAttr,
            State::BeforeAttr | State::Attr | State::AfterAttr if b == b'/' => State::BeforeAttr,
            State::BeforeAttr if is_space(b) => State::BeforeAttr,
            State::Attr => State::Attr,
            State::BeforeAttr | State::AfterAttr => {
                count += 1;
                if count > MAX_ATTRS && cut.is_none() {
                    cut = Some(i);
                }
                State::Attr
            }
            State::BeforeValue if is_space(b) => State::BeforeValue,
            State::BeforeValue if b == b'"' || b == b'\'' => State::Quoted(b),
            State::BeforeValue => State::Unquoted,
        };
        i += 1;
    }
    Tag {
        end: bytes.len(),
        cut,
    }
}

/// `html` with the attributes after the first [`MAX_ATTRS`] of each start tag removed.
pub(crate) fn cap_attributes(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[pos..]) {
        let name = pos + lt + 1;
        if !bytes.get(name).is_some_and(u8::is_ascii_alphabetic) {
            pos = name;
            continue;
        }
        let tag = scan_tag(bytes, name);
        if let Some(cut) = tag.cut {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..cut]);
            // keep the `>` (a tag cut by the end of the input stays unterminated)
            copied = if bytes[tag.end - 1] == b'>' {
                tag.end - 1
            } else {
                tag.end
            };
        }
        pos = tag.end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(n: usize) -> String {
        (0..n).map(|i| format!(" a{i}=\"v{i}\"")).collect()
    }

    #[test]
    fn tags_under_the_cap_are_not_copied() {
        let html = format!("<p{}>x</p><a href=y>z</a> 1 < 2", attrs(MAX_ATTRS));
        assert!(matches!(cap_attributes(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let html = format!("<p{}>Zinc.</p><b>", attrs(MAX_ATTRS + 5));
        let capped = cap_attributes(&html);
        assert_eq!(capped, format!("<p{} >Zinc.</p><b>", attrs(MAX_ATTRS)));
    }

    #[test]
    fn quoted_values_may_hold_the_tag_end() {
        let many: String = (0..MAX_ATTRS + 1).map(|i| format!(" t{i}='a>b'")).collect();
        let html = format!("<div{many} last=\"q>\">text</div>");
        let capped = cap_attributes(&html);
        assert!(capped.ends_with(">text</div>"), "{capped}");
        assert!(!capped.contains("last"), "{capped}");
        assert_eq!(capped.matches("t0='a>b'").count(), 1);
    }

    #[test]
    fn spaces_around_the_equals_sign_keep_the_value_quoted() {
        let many: String = (0..MAX_ATTRS + 1)
            .map(|i| format!(" t{i} = \"a>b\""))
            .collect();
        let html = format!("<div{many}>text</div>");
        let capped = cap_attributes(&html);
        assert!(capped.ends_with(">text</div>"), "{capped}");
        assert_eq!(capped.matches("a>b").count(), MAX_ATTRS, "{capped}");
    }

    #[test]
    fn unterminated_tags_and_bare_names_are_safe() {
        let html = format!("<p{}", attrs(MAX_ATTRS + 2));
        assert!(cap_attributes(&html).len() < html.len());
        let bare: String = (0..MAX_ATTRS + 3).map(|i| format!(" x{i}")).collect();
        let html = format!("<input{bare}/>");
        let capped = cap_attributes(&html);
        assert!(
            capped.contains(&format!("x{}", MAX_ATTRS - 1))
                && !capped.contains(&format!("x{MAX_ATTRS} "))
        );
        assert!(capped.ends_with('>'));
    }
}
