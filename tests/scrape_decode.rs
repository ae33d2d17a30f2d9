//! decode(): BOM, Content-Type, <meta>, detection; looks_like_html().

use encoding_rs::{BIG5, Encoding, GBK, SHIFT_JIS, UTF_8, UTF_16LE, WINDOWS_1252};
use orewatch::scrape::{decode, looks_like_html, scrape_html};

fn encode(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(
        !unmappable,
        "test text must be representable in {}",
        enc.name()
    );
    bytes.into_owned()
}

const GBK_TEXT: &str = "铜价周三上涨，因为三家冶炼厂宣布在第一季度减产，精炼铜市场供应更加紧张。分析师上调了第二季度的价格预测。";
const BIG5_TEXT: &str =
    "黃金價格週一創下新高，因為投資者預期央行將在今年稍後降息，白銀價格也隨之上漲。";
const SJIS_TEXT: &str = "ニッケル価格は月曜日に上昇した。インドネシアの輸出規制を受けて、トレーダーは供給不足を懸念している。";
const LATIN_TEXT: &str = "Le cours du cuivre a progressé de 2 % à Londres ; les fonderies réduisent leur production à cause des coûts élevés — selon les négociants.";

fn html(charset_meta: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{charset_meta}<title>t</title></head><body><p>{body}</p></body></html>"
    )
}

#[test]
fn gbk_from_content_type() {
    let bytes = encode(GBK, &html("", GBK_TEXT));
    let text = decode(&bytes, Some("text/html; charset=GBK"));
    assert!(text.contains(GBK_TEXT));
}

#[test]
fn big5_from_meta_charset() {
    let bytes = encode(BIG5, &html(r#"<meta charset="big5">"#, BIG5_TEXT));
    assert!(decode(&bytes, None).contains(BIG5_TEXT));
    // The same through scrape_html: the paragraph survives as body text.
    let page = scrape_html(&decode(&bytes, Some("text/html")), None, None);
    assert_eq!(page.body, BIG5_TEXT);
}

#[test]
fn shift_jis_from_http_equiv() {
    let meta = r#"<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">"#;
    let bytes = encode(SHIFT_JIS, &html(meta, SJIS_TEXT));
    assert!(decode(&bytes, None).contains(SJIS_TEXT));
}

#[test]
fn windows_1252_detected_without_any_label() {
    let bytes = encode(WINDOWS_1252, &html("", LATIN_TEXT));
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture must not be valid UTF-8"
    );
    assert!(decode(&bytes, None).contains(LATIN_TEXT));
}

#[test]
fn gbk_and_shift_jis_detected_without_any_label() {
    let long_gbk = GBK_TEXT.repeat(3);
    let bytes = encode(GBK, &html("", &long_gbk));
    assert!(decode(&bytes, None).contains(&long_gbk));
    let long_sjis = SJIS_TEXT.repeat(3);
    let bytes = encode(SHIFT_JIS, &html("", &long_sjis));
    assert!(decode(&bytes, None).contains(&long_sjis));
}

#[test]
fn mislabelled_utf8_header_on_gbk_bytes_is_detected() {
    let long = GBK_TEXT.repeat(3);
    let bytes = encode(GBK, &html(r#"<meta charset="utf-8">"#, &long));
    assert!(decode(&bytes, Some("text/html; charset=utf-8")).contains(&long));
}

#[test]
fn mislabelled_latin1_header_on_utf8_bytes_is_read_as_utf8() {
    let bytes = html(r#"<meta charset="windows-1252">"#, LATIN_TEXT).into_bytes();
    let text = decode(&bytes, Some("text/html; charset=iso-8859-1"));
    assert!(text.contains(LATIN_TEXT), "{text}");
    // Genuine windows-1252 bytes under the same label still decode by the label.
    let bytes = encode(WINDOWS_1252, &html("", LATIN_TEXT));
    assert!(decode(&bytes, Some("text/html; charset=iso-8859-1")).contains(LATIN_TEXT));
}

#[test]
fn iso_2022_jp_label_is_honoured() {
    let text = "銅価格が上昇した。";
    let bytes = encode(encoding_rs::ISO_2022_JP, &html("", text));
    assert!(bytes.is_ascii(), "ISO-2022-JP is 7-bit");
    assert!(decode(&bytes, Some("text/html; charset=ISO-2022-JP")).contains(text));
}

#[test]
fn header_beats_meta() {
    let bytes = encode(BIG5, &html(r#"<meta charset="gbk">"#, BIG5_TEXT));
    assert!(decode(&bytes, Some("text/html; charset=\"big5\"")).contains(BIG5_TEXT));
}

#[test]
fn bom_beats_everything() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(html(r#"<meta charset="gbk">"#, "Zinc 3% up — ünïcode").as_bytes());
    let text = decode(&bytes, Some("text/html; charset=big5"));
    assert!(text.contains("Zinc 3% up — ünïcode"));
    assert!(!text.starts_with('\u{feff}'));

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "<p>Kupfer steigt</p>".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(decode(&utf16, None), "<p>Kupfer steigt</p>");
    let _ = UTF_16LE;
}

#[test]
fn meta_after_the_first_kilobyte_is_ignored() {
    let padding = format!("<!-- {} -->", "x".repeat(1100));
    let page = format!(
        "<html><head>{padding}<meta charset=\"big5\"></head><body>{LATIN_TEXT}</body></html>"
    );
    let bytes = encode(WINDOWS_1252, &page);
    // Falls to detection, which must read it as Latin text, not Big5.
    assert!(decode(&bytes, None).contains(LATIN_TEXT));
}

#[test]
fn unknown_labels_and_garbage_never_fail() {
    let text = decode(b"<p>plain ascii</p>", Some("text/html; charset=klingon"));
    assert_eq!(text, "<p>plain ascii</p>");
    let text = decode(&[0xFF, 0xFE, 0xFD, 0x00, 0x80], None);
    assert!(!text.is_empty());
    assert_eq!(decode(b"", None), "");
    let _ = UTF_8;
}

#[test]
fn html_or_plain_text() {
    assert!(looks_like_html(
        "<!DOCTYPE html><html><body>x</body></html>"
    ));
    assert!(looks_like_html("  \n<html lang=en><p>x"));
    assert!(looks_like_html("<div class=a><p>Text</p></div>"));
    assert!(looks_like_html("\u{feff}<!doctype HTML>"));
    assert!(!looks_like_html(
        "Gold rises 2%\n\nPrices climbed on Monday as the dollar weakened."
    ));
    assert!(!looks_like_html("Use a < b and c > d in maths."));
    assert!(!looks_like_html(""));
}
