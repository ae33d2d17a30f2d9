//! Bytes to text: BOM, Content-Type charset, `<meta>` charset, then detection.

use encoding_rs::Encoding;

/// How many leading bytes are searched for a `<meta>` charset declaration.
const META_WINDOW: usize = 1024;

/// Decode page bytes: BOM, Content-Type charset, `<meta charset>`/http-equiv in the first 1024
/// bytes, then chardetng detection; via encoding_rs. Never fails (replacement chars at worst).
///
/// Mislabelled pages are caught both ways: bytes labelled UTF-8 that are not UTF-8 go to
/// detection, and valid non-ASCII UTF-8 under a legacy label is read as UTF-8.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_WINDOW)]));
    let enc = match declared {
        // UTF-16 labels in <meta> or headers of an ASCII-compatible document are wrong by
        // definition (the HTML standard maps them to UTF-8).
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            encoding_rs::UTF_8
        }
        Some(enc) => enc,
        None => encoding_rs::UTF_8,
    };
    // Valid UTF-8 is taken as UTF-8 whatever the label: for ASCII-only bytes every
    // ASCII-compatible label decodes the same, and non-ASCII text that happens to be valid
    // UTF-8 under a legacy label ("charset=iso-8859-1" on a UTF-8 page) is a mislabel.
    // ISO-2022-JP is 7-bit, so its label is kept.
    if enc != encoding_rs::ISO_2022_JP
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return text.to_owned();
    }
    // Not UTF-8 although declared (or assumed) so: a mislabelled page; detect instead.
    let enc = if enc == encoding_rs::UTF_8 {
        detect(bytes)
    } else {
        enc
    };
    let (text, _, _) = enc.decode(bytes);
    text.into_owned()
}

/// Guess the encoding of undeclared (or wrongly declared) bytes.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// The `charset=` parameter of a Content-Type value.
fn charset_param(value: &str) -> Option<&str> {
    value.split(';').skip(1).find_map(|param| {
        let (name, val) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            let val = val.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!val.is_empty()).then_some(val)
        } else {
            None
        }
    })
}

/// Find a charset declared by `<meta charset=..>` or `<meta http-equiv content="..charset=..">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Is this text an HTML document (vs plain text)?
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let window = &head.as_bytes()[..head.len().min(2048)];
    let lower: Vec<u8> = window.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    const MARKERS: [&[u8]; 8] = [
        b"<html",
        b"<head",
        b"<body",
        b"<meta ",
        b"<title>",
        b"<div",
        b"<p>",
        b"<article",
    ];
    let hits = MARKERS.iter().filter(|m| find(&lower, m).is_some()).count();
    (lower.starts_with(b"<") && hits >= 1) || hits >= 2
}
