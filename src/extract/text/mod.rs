//! Text plumbing: normalisation, sentence splitting and a small tokenizer.

mod tokens;

use std::borrow::Cow;

pub use tokens::{TokKind, Token, tokenize, tokenize_with};

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
    word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
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
