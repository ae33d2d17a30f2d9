//! The tokenizer: numbers (with thousands separators, decimals, 万/亿),
//! words (with inner hyphens, dots, `&`), single punctuation and Han characters.

use std::borrow::Cow;

use super::is_cjk;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TokKind {
    /// A number; the value applies thousands separators, decimals and 万/亿.
    Num(f64),
    /// A run of letters/digits, possibly joined by inner hyphens or dots.
    Word,
    /// Any other single character.
    Punct(char),
}

/// One token of a sentence.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub kind: TokKind,
    /// The token as written.
    pub text: &'a str,
    /// Lower-cased text (words only; empty otherwise); borrowed when already lower case.
    pub lower: Cow<'a, str>,
    /// Byte offsets in the sentence.
    pub start: usize,
    pub end: usize,
    /// Whitespace precedes the token.
    pub space_before: bool,
}

impl Token<'_> {
    /// The lower-cased word (empty for numbers and punctuation).
    pub fn lw(&self) -> &str {
        &self.lower
    }
    /// The token is the word `w` (lower case).
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    /// The token is the punctuation `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }
    /// The numeric value, for number tokens.
    pub fn num(&self) -> Option<f64> {
        match self.kind {
            TokKind::Num(v) => Some(v),
            _ => None,
        }
    }
    /// A word starting with an upper-case letter or digit-led all-caps code.
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokKind::Word && self.text.starts_with(|c: char| c.is_uppercase())
    }
}

/// Tokenize one sentence.
pub fn tokenize(s: &str) -> Vec<Token<'_>> {
    tokenize_impl(s, None)
}

/// Tokenize with `lower` = `s.to_ascii_lowercase()` (same byte layout): the
/// lower-case forms are borrowed from it instead of allocated per word.
pub fn tokenize_with<'a>(s: &'a str, lower: &'a str) -> Vec<Token<'a>> {
    debug_assert_eq!(s.len(), lower.len());
    tokenize_impl(s, (s.len() == lower.len()).then_some(lower))
}

fn lower_of<'a>(text: &'a str, lower: Option<&'a str>, start: usize, end: usize) -> Cow<'a, str> {
    if text.is_ascii() {
        return match lower {
            // same bytes as `text` when it has no upper case
            Some(l) => Cow::Borrowed(&l[start..end]),
            None if !text.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(text),
            None => Cow::Owned(text.to_ascii_lowercase()),
        };
    }
    if !text.chars().any(char::is_uppercase) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

fn tokenize_impl<'a>(s: &'a str, lower: Option<&'a str>) -> Vec<Token<'a>> {
    let bytes = s.as_bytes();
    let mut toks = Vec::with_capacity(s.len() / 3 + 4);
    let mut i = 0usize;
    let mut space = false;
    while i < s.len() {
        let c = if bytes[i] < 0x80 {
            char::from(bytes[i])
        } else {
            match s[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if c.is_whitespace() {
            space = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        if c.is_ascii_digit()
            && let Some(end) = short_code_end(s, i)
        {
            // "3M", "1H", "2Q", "5G": a code, not a figure
            toks.push(Token {
                kind: TokKind::Word,
                text: &s[start..end],
                lower: lower_of(&s[start..end], lower, start, end),
                start,
                end,
                space_before: space,
            });
            i = end;
        } else if c.is_ascii_digit() {
            let (value, end) = scan_number(s, i);
            // absurdly long digit runs are not figures (and would not be finite)
            let kind = if value.is_finite() && value < 1e15 {
                TokKind::Num(value)
            } else {
                TokKind::Word
            };
            toks.push(Token {
                kind,
                text: &s[start..end],
                lower: Cow::Borrowed(""),
                start,
                end,
                space_before: space,
            });
            i = end;
        } else if c.is_alphanumeric() && !is_cjk(c) {
            let mut j = i;
            while j < s.len() {
                if bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                    continue;
                }
                let ch = if bytes[j] < 0x80 {
                    char::from(bytes[j])
                } else {
                    match s[j..].chars().next() {
                        Some(ch) => ch,
                        None => break,
                    }
                };
                if ch.is_alphanumeric() && !is_cjk(ch) {
                    j += ch.len_utf8();
                } else if (ch == '-' || ch == '.' || ch == '&')
                    && j + 1 < s.len()
                    && bytes[j + 1].is_ascii_alphanumeric()
                    && (ch != '.' || bytes.get(j + 2).is_none_or(|b| !b.is_ascii_lowercase()))
                    && (ch != '&' || s[start..j].len() == 1)
                    && !(ch == '-' && is_slug_prefix(&s[start..j], &bytes[j + 1..]))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let text = &s[start..j];
            toks.push(Token {
                kind: TokKind::Word,
                text,
                lower: lower_of(text, lower, start, j),
                start,
                end: j,
                space_before: space,
            });
            i = j;
        } else {
            let end = i + c.len_utf8();
            toks.push(Token {
                kind: TokKind::Punct(c),
                text: &s[start..end],
                lower: Cow::Borrowed(""),
                start,
                end,
                space_before: space,
            });
            i = end;
        }
        space = false;
    }
    toks
}

/// A wire-headline slug: "METALS-Copper", "GOLD-Prices" (all-caps word, then
/// a capitalised word). "BABA-W" and "A-shares" are not slugs.
fn is_slug_prefix(left: &str, right: &[u8]) -> bool {
    left.len() >= 3
        && left.bytes().all(|b| b.is_ascii_uppercase())
        && right.first().is_some_and(u8::is_ascii_uppercase)
        && right.get(1).is_some_and(u8::is_ascii_lowercase)
}

/// End of a short code at `i`: digits then one or two upper-case letters,
/// then no further letter or digit ("3M", "2Q", "1H").
fn short_code_end(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j - i > 2 {
        return None;
    }
    let letters = b[j..].iter().take_while(|c| c.is_ascii_uppercase()).count();
    let end = j + letters;
    let clean_end = b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric());
    ((1..=2).contains(&letters) && clean_end).then_some(end)
}

/// Scan a number at `i`: digits, `,`-grouped thousands, one decimal part, and
/// a glued 万 (x10,000) or 亿 (x100,000,000). Returns the value and end offset.
fn scan_number(s: &str, i: usize) -> (f64, usize) {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    // the figure's text without its thousands separators, copied only when grouped
    let mut grouped: Option<Digits> = None;
    // thousands groups: ",ddd" not followed by another digit
    while j + 3 < b.len()
        && b[j] == b','
        && b[j + 1..].len() >= 3
        && b[j + 1..j + 4].iter().all(|d| d.is_ascii_digit())
        && b.get(j + 4).is_none_or(|d| !d.is_ascii_digit())
    {
        grouped
            .get_or_insert_with(|| Digits::from(&s[i..j]))
            .push(&s[j + 1..j + 4]);
        j += 4;
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        let frac = j;
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if let Some(d) = grouped.as_mut() {
            d.push(&s[frac..j]);
        }
    }
    let parsed = match &grouped {
        Some(d) => d.as_str().parse::<f64>(),
        None => s[i..j].parse::<f64>(),
    };
    let mut value = parsed.unwrap_or(0.0);
    if s[j..].starts_with('万') {
        value *= 10_000.0;
        j += '万'.len_utf8();
    } else if s[j..].starts_with('亿') {
        value *= 100_000_000.0;
        j += '亿'.len_utf8();
    }
    (value, j)
}

/// ASCII digits (and one '.') of a grouped figure: on the stack unless very long.
enum Digits {
    Inline([u8; 40], usize),
    Heap(String),
}

impl Digits {
    fn from(digits: &str) -> Self {
        let mut d = Digits::Inline([0; 40], 0);
        d.push(digits);
        d
    }

    fn push(&mut self, part: &str) {
        match self {
            Digits::Inline(buf, len) if *len + part.len() <= buf.len() => {
                buf[*len..*len + part.len()].copy_from_slice(part.as_bytes());
                *len += part.len();
            }
            Digits::Inline(buf, len) => {
                let mut s = String::with_capacity(*len + part.len());
                s.push_str(std::str::from_utf8(&buf[..*len]).unwrap_or_default());
                s.push_str(part);
                *self = Digits::Heap(s);
            }
            Digits::Heap(s) => s.push_str(part),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // only ASCII digits and '.' are ever pushed
            Digits::Inline(buf, len) => std::str::from_utf8(&buf[..*len]).unwrap_or_default(),
            Digits::Heap(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_slugs_split_but_codes_stay() {
        let t: Vec<String> = tokenize("METALS-Copper BABA-W A-shares year-over-year")
            .iter()
            .map(|t| t.text.to_string())
            .collect();
        assert_eq!(
            t,
            vec![
                "METALS",
                "-",
                "Copper",
                "BABA-W",
                "A-shares",
                "year-over-year"
            ]
        );
    }

    #[test]
    fn tokenizes_numbers_and_units() {
        let t = tokenize("US$2,650/oz and 26.4万元/吨, BABA-W ~4–6%");
        let kinds: Vec<String> = t.iter().map(|t| t.text.to_string()).collect();
        assert_eq!(
            kinds,
            vec![
                "US", "$", "2,650", "/", "oz", "and", "26.4万", "元", "/", "吨", ",", "BABA-W",
                "~", "4", "–", "6", "%"
            ]
        );
        assert_eq!(t[2].num(), Some(2650.0));
        assert_eq!(t[6].num(), Some(264000.0));
    }

    #[test]
    fn grouped_figures_parse_short_and_long() {
        let t = tokenize(
            "at 13,387.50 and 1,234,567,890,123,456,789,012,345,678,901,234,567,890,123.25 then 7.5",
        );
        assert_eq!(t[1].num(), Some(13387.5));
        // longer than the inline buffer: still one token, too big to be a figure
        assert_eq!(
            t[3].text,
            "1,234,567,890,123,456,789,012,345,678,901,234,567,890,123.25"
        );
        assert_eq!(t[3].kind, TokKind::Word);
        assert_eq!(t[5].num(), Some(7.5));
    }
}
