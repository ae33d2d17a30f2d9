//! Company names before a move verb: capitalised phrases, lists, tickers.

use super::text::{TokKind, Token};

/// A company named in the text, with its ticker if one follows in parentheses.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub ticker: Option<String>,
}

const NOISE: &[&str] = &[
    "leading",
    "while",
    "other",
    "others",
    "meanwhile",
    "also",
    "shares",
    "share",
    "the",
    "and",
    "but",
    "among",
    "including",
    "both",
    "names",
    "major",
    "constituents",
    "key",
    "heavyweights",
    "heavyweight",
    "blue-chip",
    "peers",
    "rival",
    "rivals",
    "its",
    "in",
    "on",
    "at",
    "with",
    "elsewhere",
    "separately",
    "today",
    "however",
    "additionally",
    "plus",
    "notably",
    "stocks",
    "stock",
    "then",
    "yet",
    "so",
    "as",
    "when",
    "after",
    "before",
    "index",
    "constituent",
    "top",
    "biggest",
    "gainers",
    "losers",
    "laggards",
    "winners",
    "losers",
    "stocks",
    "sector",
    "from",
    "by",
    "of",
    "for",
    "to",
    "a",
    "an",
    "listed",
    "hong",
    "kong-listed",
    "h-shares",
    "shanghai-listed",
    "shenzhen-listed",
    "a-shares",
    "h-share",
    "a-share",
    "counters",
    "within",
    "overall",
    "further",
    "still",
    "currently",
    "specifically",
    "despite",
    "although",
    "though",
    "furthermore",
    "moreover",
    "similarly",
    "likewise",
    "conversely",
    "this",
    "that",
    "these",
    "those",
    "such",
    "which",
    "who",
    "chinese",
    "domestic",
    "mainland",
];

/// Leading words that are sentence furniture, not part of a name.
fn is_noise(t: &Token) -> bool {
    // "ASX-listed Pilbara Minerals", "Hong Kong-listed Zijin": the listing, not the name
    NOISE.contains(&t.lw()) || t.lw().ends_with("-listed")
}

/// A company-form word written in lower case: "Rio Tinto plc", "... Co ltd".
pub fn is_company_form(t: &Token) -> bool {
    t.kind == TokKind::Word && ["plc", "ltd", "inc", "corp", "limited"].contains(&t.text)
}

fn is_name_word(t: &Token) -> bool {
    if is_company_form(t) {
        return true;
    }
    match t.kind {
        TokKind::Word => {
            t.text
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || t.text.chars().any(|c| c.is_uppercase())
        }
        TokKind::Num(_) => false,
        TokKind::Punct(c) => c == '&',
    }
}

/// "Co." / "Inc." / "Ltd.": a dot glued to a capitalised abbreviation.
fn is_abbrev_dot(toks: &[Token], j: usize) -> bool {
    toks[j].is_punct('.')
        && !toks[j].space_before
        && j > 0
        && [
            "co", "inc", "corp", "ltd", "plc", "bhd", "s.a", "n.v", "ag", "sa", "hldgs", "intl",
        ]
        .contains(&toks[j - 1].lw())
}

/// "JD.com": the dot and the domain glued to a name.
fn in_dotcom(toks: &[Token], k: usize) -> bool {
    let domain = |t: &Token| ["com", "net", "io"].contains(&t.lw()) && !t.space_before;
    let glued_dot = |t: &Token| t.is_punct('.') && !t.space_before;
    if domain(&toks[k]) {
        k >= 2 && glued_dot(&toks[k - 1]) && is_name_word(&toks[k - 2])
    } else {
        glued_dot(&toks[k])
            && k >= 1
            && toks.get(k + 1).is_some_and(domain)
            && is_name_word(&toks[k - 1])
    }
}

/// An exchange named before a ticker: "NYSE", "TSX", "ASX", "Nasdaq".
fn is_exchange(w: &str) -> bool {
    w == "Nasdaq" || (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
}

/// The bracket ending just before token `j`, when it holds a ticker ("(03993)",
/// "(0358.HK)", "(BABA)", "(NYSE: NEM)") or a short name ("(Chalco)"): the
/// ticker, and where the bracket opens (`j` when there is none).
fn bracket_before(toks: &[Token], j: usize) -> (Option<String>, usize) {
    if j >= 3 && toks[j - 1].is_punct(')') && toks[j - 3].is_punct('(') {
        let ticker = parse_ticker(toks[j - 2].text);
        // "Aluminum Corp of China (Chalco)": a short name in brackets
        let alias = j >= 4 && toks[j - 2].is_capitalized() && is_name_word(&toks[j - 4]);
        let at = if ticker.is_some() || alias { j - 3 } else { j };
        return (ticker, at);
    }
    if j >= 5 && toks[j - 1].is_punct(')') && toks[j - 5].is_punct('(') {
        // "(0358 . HK)" split by the tokenizer; "(NYSE: NEM)", "(ASX: LYC)"
        let code = if toks[j - 3].is_punct('.') {
            toks[j - 4].text
        } else if toks[j - 3].is_punct(':') && is_exchange(toks[j - 4].text) {
            toks[j - 2].text
        } else {
            return (None, j);
        };
        if let Some(t) = parse_ticker(code) {
            return (Some(t), j - 5);
        }
    }
    (None, j)
}

/// Read the name list ending just before token `end` (exclusive).
/// Returns the names (in text order) and the index where the list starts.
pub fn names_before(toks: &[Token], end: usize) -> (Vec<Named>, usize) {
    let mut items: Vec<Named> = Vec::new();
    let mut j = end;
    let mut list_start = end;
    loop {
        // optional ticker "(03993)" / "(0358.HK)" / "(BABA)"
        let (ticker, before) = bracket_before(toks, j);
        j = before;
        let item_end = j;
        while j > 0
            && (is_name_word(&toks[j - 1]) || is_abbrev_dot(toks, j - 1) || in_dotcom(toks, j - 1))
        {
            j -= 1;
            // "Bank of China": a lower-case "of" inside a name
            if j >= 2
                && toks[j - 1].is("of")
                && is_name_word(&toks[j - 2])
                && !is_noise(&toks[j - 2])
            {
                j -= 1;
            }
        }
        // "360 DigiTech": a number opening a name (not a year)
        if j > 0
            && j < item_end
            && let Some(n) = toks[j - 1].num()
            && toks[j - 1].text.bytes().all(|b| b.is_ascii_digit())
            && !(1900.0..=2100.0).contains(&n)
            && (j == 1
                || toks[j - 2].is_punct(',')
                || toks[j - 2].text.starts_with(char::is_lowercase))
        {
            j -= 1;
        }
        // trim leading noise ("Leading China Gold International")
        let mut s = j;
        while s < item_end && (is_noise(&toks[s]) || toks[s].is_punct('&')) {
            s += 1;
        }
        // "New York-listed Barrick Gold": the name starts after its listing
        if let Some(p) = (s..item_end).rfind(|&p| toks[p].lw().ends_with("-listed")) {
            s = p + 1;
        }
        if s == item_end {
            break;
        }
        items.push(Named {
            name: join(&toks[s..item_end]),
            ticker,
        });
        list_start = s;
        if j < s {
            break;
        }
        // list separators: ",", "and", ", and", "or", "、"
        let mut k = j;
        if k > 0 && (toks[k - 1].is("and") || toks[k - 1].is("or")) {
            k -= 1;
        }
        if k > 0 && (toks[k - 1].is_punct(',') || toks[k - 1].is_punct('、')) {
            k -= 1;
        }
        if k == j || k == 0 || !(is_name_word(&toks[k - 1]) || toks[k - 1].is_punct(')')) {
            break;
        }
        j = k;
    }
    items.reverse();
    (items, list_start)
}

fn join(toks: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}

/// "03993" -> "03993", "0358.HK" / "358" -> "00358", "BABA" -> "BABA".
pub fn parse_ticker(raw: &str) -> Option<String> {
    let core = raw
        .trim()
        .trim_end_matches(".HK")
        .trim_end_matches(".hk")
        .trim_start_matches("HKEX:")
        .trim_start_matches("HK:")
        .trim();
    if !core.is_empty() && core.len() <= 5 && core.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("{core:0>5}"));
    }
    if core.len() == 6 && core.chars().all(|c| c.is_ascii_digit()) {
        return Some(core.to_string());
    }
    if !core.is_empty()
        && core.len() <= 6
        && core.chars().all(|c| c.is_ascii_uppercase() || c == '.')
    {
        return Some(core.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn names(s: &str, verb: &str) -> Vec<String> {
        let t = tokenize(s);
        let v = t.iter().position(|x| x.lower == verb).unwrap();
        names_before(&t, v).0.into_iter().map(|n| n.name).collect()
    }

    #[test]
    fn lists_and_noise() {
        assert_eq!(
            names("Leading China Gold International surged 11%", "surged"),
            vec!["China Gold International"]
        );
        assert_eq!(
            names(
                "Chifeng Gold, Shandong Gold, Jinli Permanent Magnet and Ganfeng Lithium advanced",
                "advanced"
            ),
            vec![
                "Chifeng Gold",
                "Shandong Gold",
                "Jinli Permanent Magnet",
                "Ganfeng Lithium"
            ]
        );
        assert_eq!(
            names("Yangtze Optical Fibre & Cable plunged", "plunged"),
            vec!["Yangtze Optical Fibre & Cable"]
        );
        assert_eq!(
            names("CH OVS G OCEANS rose", "rose"),
            vec!["CH OVS G OCEANS"]
        );
        assert_eq!(names("and BABA-W surged", "surged"), vec!["BABA-W"]);
        assert_eq!(
            names("shares of Bank of China rose", "rose"),
            vec!["Bank of China"]
        );
        assert_eq!(
            names("Alibaba and JD.com fell", "fell"),
            vec!["Alibaba", "JD.com"]
        );
        assert_eq!(
            names("while 360 DigiTech soared", "soared"),
            vec!["360 DigiTech"]
        );
        assert_eq!(
            names("In 2024 Vista Energy rose", "rose"),
            vec!["Vista Energy"]
        );
    }

    #[test]
    fn tickers() {
        let t = tokenize("CMOC (03993) rose");
        let (n, _) = names_before(&t, 4);
        assert_eq!(n[0].ticker.as_deref(), Some("03993"));
        assert_eq!(parse_ticker("0358.HK").as_deref(), Some("00358"));
    }
}
