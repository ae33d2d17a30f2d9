//! Text plumbing: normalisation, sentence splitting and a small tokenizer.

use std::borrow::Cow;

/// A sentence of the article, with the paragraph it belongs to.
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    /// Normalised sentence text (borrowed unless wrapped lines were joined).
    pub text: Cow<'a, str>,
    /// Index of the paragraph (block separated by blank lines) it came from.
    pub paragraph: usize,
}

/// Replace typographic variants by their ASCII forms the grammar expects.
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => out.push('-'),
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\u{00a0}' | '\u{2009}' | '\u{202f}' | '\u{3000}' | '\t' => out.push(' '),
            '\u{ff05}' => out.push('%'),
            '\u{ff0c}' if out.ends_with(|p: char| p.is_ascii_digit()) => out.push(','),
            '\u{ff08}' => out.push('('),
            '\u{ff09}' => out.push(')'),
            '\u{ff1a}' => out.push(':'),
            '\u{ff0e}' => out.push('.'),
            '\u{ff10}'..='\u{ff19}' => {
                out.push(char::from(b'0' + (c as u32 - 0xff10) as u8));
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True for Han ideographs and CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

const ABBREVIATIONS: &[&str] = &[
    "u.s", "u.k", "inc", "corp", "co", "ltd", "mr", "ms", "mrs", "dr", "st", "vs", "no", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    "approx", "est", "dlrs", "cts", "pct", "bln", "mln", "plc", "bhd", "s.a", "n.v", "jr", "sr",
];

/// Split text into sentences: blank lines end paragraphs, lines end sentences
/// unless a long line wraps into a lower-case continuation, and `. ! ? ;` (and
/// their CJK forms) end sentences except after abbreviations and inside numbers.
///
/// `text` should already be [`normalize`]d.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    // the sentence-in-progress: a borrowed line, or lines joined after a wrap
    let mut current: Cow<'_, str> = Cow::Borrowed("");
    let mut blank_run = false;
    for raw_line in text.lines() {
        let line = raw_line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                split_line(&current, paragraph, &mut out);
                current = Cow::Borrowed("");
            }
            if !blank_run {
                paragraph += 1;
            }
            blank_run = true;
            continue;
        }
        blank_run = false;
        if current.is_empty() {
            current = Cow::Borrowed(line);
            continue;
        }
        let prev_end = current.chars().last().unwrap_or('.');
        let continues = !matches!(
            prev_end,
            '.' | '!' | '?' | ':' | ';' | '。' | '！' | '？' | '；'
        ) && current.len() >= 40
            && (line.starts_with(|c: char| c.is_lowercase() || c == '$' || c == '(')
                || (current.len() >= 50 && line.starts_with(|c: char| c.is_ascii_digit()))
                || ends_with_function_word(&current));
        if continues {
            let joined = current.to_mut();
            joined.push(' ');
            joined.push_str(line);
        } else {
            split_line(&current, paragraph, &mut out);
            current = Cow::Borrowed(line);
        }
    }
    if !current.is_empty() {
        split_line(&current, paragraph, &mut out);
    }
    out
}

/// A wrapped line cut after "to", "of", "the", ...: the sentence goes on.
fn ends_with_function_word(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or("");
    [
        "to", "at", "of", "the", "and", "a", "an", "by", "from", "in", "on", "for", "with", "as",
        "than", "its", "their", "while", "said", "were", "was", "is", "are",
    ]
    .contains(&last)
}

// `&Cow` on purpose: a borrowed line yields borrowed sentences, a joined one copies.
#[allow(clippy::ptr_arg)]
fn split_line<'a>(line: &Cow<'a, str>, paragraph: usize, out: &mut Vec<Sentence<'a>>) {
    let b = line.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let (boundary, end) = match b[i] {
            // 。！？； (E3 80 82, EF BC 81, EF BC 9F, EF BC 9B)
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x82) => (true, i + 3),
            0xEF if b.get(i + 1) == Some(&0xBC)
                && matches!(b.get(i + 2), Some(&(0x81 | 0x9F | 0x9B))) =>
            {
                (true, i + 3)
            }
            b'!' | b'?' | b';' => (b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()), i + 1),
            b'.' => {
                let rest = &line[i + 1..];
                let ok = rest.starts_with(|c: char| c.is_whitespace()) || rest.is_empty();
                (
                    ok && !is_abbreviation(&line[start..i])
                        && !rest.trim_start().starts_with(char::is_lowercase),
                    i + 1,
                )
            }
            _ => (false, i + 1),
        };
        if boundary {
            push_sentence(line, start, end, paragraph, out);
            start = end;
        }
        i = end;
    }
    if start < line.len() {
        push_sentence(line, start, line.len(), paragraph, out);
    }
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[allow(clippy::ptr_arg)]
fn push_sentence<'a>(
    line: &Cow<'a, str>,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence<'a>>,
) {
    let piece = &line[start..end];
    let t = piece.trim();
    if t.is_empty() {
        return;
    }
    let text = match line {
        Cow::Borrowed(b) => {
            let off = start + (piece.len() - piece.trim_start().len());
            Cow::Borrowed(&b[off..off + t.len()])
        }
        Cow::Owned(_) => Cow::Owned(t.to_string()),
    };
    out.push(Sentence { text, paragraph });
}

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
    if !text.bytes().any(|b| b.is_ascii_uppercase()) && text.is_ascii() {
        return Cow::Borrowed(text);
    }
    match lower {
        Some(l) if text.is_ascii() => Cow::Borrowed(&l[start..end]),
        _ if !text.chars().any(char::is_uppercase) => Cow::Borrowed(text),
        _ => Cow::Owned(text.to_lowercase()),
    }
}

fn tokenize_impl<'a>(s: &'a str, lower: Option<&'a str>) -> Vec<Token<'a>> {
    let bytes = s.as_bytes();
    let mut toks = Vec::with_capacity(s.len() / 4 + 1);
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
    let mut digits = String::new();
    while j < b.len() && b[j].is_ascii_digit() {
        digits.push(b[j] as char);
        j += 1;
    }
    // thousands groups: ",ddd" not followed by another digit
    while j + 3 < b.len()
        && b[j] == b','
        && b[j + 1..].len() >= 3
        && b[j + 1..j + 4].iter().all(|d| d.is_ascii_digit())
        && b.get(j + 4).is_none_or(|d| !d.is_ascii_digit())
    {
        digits.push_str(&s[j + 1..j + 4]);
        j += 4;
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        digits.push('.');
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            digits.push(b[j] as char);
            j += 1;
        }
    }
    let mut value = digits.parse::<f64>().unwrap_or(0.0);
    if s[j..].starts_with('万') {
        value *= 10_000.0;
        j += '万'.len_utf8();
    } else if s[j..].starts_with('亿') {
        value *= 100_000_000.0;
        j += '亿'.len_utf8();
    }
    (value, j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_decimals_or_abbreviations() {
        let s =
            sentences("Copper hit $13,387.50 per tonne. U.S. stocks rose 1%.\n\nNext para; more");
        let texts: Vec<&str> = s.iter().map(|x| x.text.as_ref()).collect();
        assert_eq!(
            texts,
            vec![
                "Copper hit $13,387.50 per tonne.",
                "U.S. stocks rose 1%.",
                "Next para;",
                "more"
            ]
        );
        assert_eq!(s[2].paragraph, 1);
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
    fn wraps_after_function_words_and_before_figures() {
        let s = sentences(
            "Shares of the Hong Kong-listed miner Zijin Mining rose 5% to\nHK$20.10 after results from\nZijin Mining Group beat forecasts.",
        );
        assert_eq!(s.len(), 1);
        let s = sentences("Copper\nGold\nSilver");
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn wrapped_lines_are_joined() {
        let s = sentences(
            "Copper for three-month delivery on the LME rose to\n$13,000 a tonne on Monday.\nGold fell.",
        );
        assert_eq!(s.len(), 2);
    }
}
