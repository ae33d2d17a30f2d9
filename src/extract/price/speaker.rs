//! Who holds a forecast when no known institution is named in its sentence:
//! the organisation in an apposition ("Andrew Shoup, chairman of
//! Dallas-based Sabine, predicted"), an acronym or a person speaking ("The
//! EIU said it saw", "Lawson said", "Palermo says": an analyst stands for
//! the firm named before), and companies written with their legal suffix
//! ("Exxon Corp"), remembered for "he" / "the company".

use super::super::context::Ctx;
use super::super::text::{TokKind, Token};

/// Verbs of saying and forecasting after a speaker.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "predicted",
    "predicts",
    "forecast",
    "forecasts",
    "expects",
    "expected",
    "sees",
    "saw",
    "believes",
    "thinks",
    "estimates",
    "estimated",
    "projects",
    "projected",
    "wrote",
    "noted",
    "added",
    "argued",
];

/// Titles in "Name, chairman of Org".
const TITLES: &[&str] = &[
    "chairman",
    "president",
    "director",
    "analyst",
    "strategist",
    "economist",
    "officer",
    "head",
    "ceo",
    "executive",
    "manager",
    "chief",
    "minister",
    "secretary",
    "founder",
    "partner",
    "governor",
    "vice",
];

/// Legal suffixes that make a capitalised run a company.
const LEGAL: &[&str] = &[
    "corp",
    "inc",
    "co",
    "ltd",
    "plc",
    "corporation",
    "incorporated",
    "limited",
    "ag",
    "sa",
    "nv",
    "llc",
    "commission",
    "ministry",
    "administration",
    "agency",
    "unit",
];

/// Capitalised words that open sentences or name no holder.
const NOT_NAME: &[&str] = &[
    "the",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "but",
    "and",
    "however",
    "also",
    "this",
    "that",
    "analysts",
    "traders",
    "dealers",
    "sources",
    "officials",
    "reuters",
];

fn is_name(t: &Token) -> bool {
    t.kind == TokKind::Word && t.is_capitalized() && !NOT_NAME.contains(&t.lw())
}

/// The capitalised run starting at `k` ("Dallas-based" skipped), as written.
fn run_from(toks: &[Token], mut k: usize) -> Option<String> {
    while toks
        .get(k)
        .is_some_and(|t| t.is("the") || t.lw().ends_with("-based"))
    {
        k += 1;
    }
    let start = k;
    while toks.get(k).is_some_and(|t| {
        is_name(t) || t.is("of") && toks.get(k + 1).is_some_and(is_name) && k > start
    }) {
        k += 1;
    }
    (k > start).then(|| join(&toks[start..k]))
}

fn join(toks: &[Token]) -> String {
    let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
    words.join(" ")
}

/// The holder named before token `at`, if any.
pub fn speaker(toks: &[Token], at: usize, ctx: &Ctx) -> Option<String> {
    // "Name, chairman of Org", "strategist at Org"
    for k in 1..at {
        if (toks[k].is("of") || toks[k].is("at"))
            && toks[k.saturating_sub(3)..k]
                .iter()
                .any(|t| TITLES.contains(&t.lw()))
            && let Some(org) = run_from(toks, k + 1)
        {
            return Some(org);
        }
    }
    // "The EIU said it saw", "Lawson said he", "Palermo says"
    for k in (1..at).rev() {
        if !SPEECH.contains(&toks[k].lw()) || !is_name(&toks[k - 1]) {
            continue;
        }
        let mut b = k - 1;
        while b > 0 && is_name(&toks[b - 1]) {
            b -= 1;
        }
        let name = &toks[b..k];
        let acronym = name.len() == 1
            && name[0].text.len() >= 2
            && name[0].text.bytes().all(|c| c.is_ascii_uppercase());
        if acronym {
            return Some(name[0].text.to_string());
        }
        // a person introduced before stands for their firm named before
        // ("Drexel analyst Lucille Palermo ... Palermo says"); a name written
        // first here is a holder of its own ("Fitch estimates ...")
        let last = name.last()?.text;
        return ctx
            .last_institution
            .clone()
            .filter(|_| named_elsewhere(toks, last, ctx.article))
            .or_else(|| Some(last.to_string()));
    }
    None
}

/// Whether the article writes `name` as a word more often than this sentence does.
fn named_elsewhere(toks: &[Token], name: &str, article: &str) -> bool {
    let word_at = |p: usize| {
        let before = article[..p].chars().next_back();
        let after = article[p + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    let in_article = article
        .match_indices(name)
        .filter(|(p, _)| word_at(*p))
        .count();
    in_article > toks.iter().filter(|t| t.text == name).count()
}

/// Remember a company written with its legal suffix ("Exxon Corp",
/// "Amoco Corp") as the institution "he", "the company" refer to.
pub fn note_orgs(toks: &[Token], ctx: &mut Ctx) {
    for k in 1..toks.len() {
        if !LEGAL.contains(&toks[k].lw()) || !toks[k].is_capitalized() || !is_name(&toks[k - 1]) {
            continue;
        }
        let mut b = k - 1;
        while b > 0 && is_name(&toks[b - 1]) {
            b -= 1;
        }
        let heads = ["commission", "ministry", "administration", "agency", "unit"];
        let end = if heads.contains(&toks[k].lw()) {
            k + 1
        } else {
            k
        };
        ctx.last_institution = Some(join(&toks[b..end]));
    }
}

/// Last words of organisations' full names.
const ORG_ENDS: &[&str] = &[
    "administration",
    "agency",
    "association",
    "organization",
    "organisation",
    "commission",
    "council",
    "institute",
    "bureau",
    "department",
    "ministry",
    "fund",
    "bank",
    "board",
    "office",
    "service",
    "survey",
    "authority",
    "exchange",
    "corporation",
    "federation",
    "union",
    "countries",
    "committee",
    "group",
    "society",
    "forum",
];

/// Three to six capital letters: a name an article may spell out.
fn is_acronym(name: &str) -> bool {
    (3..=6).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase())
}

/// "EIA" for "the Energy Information Administration" the article names in full
/// ("U.S. Energy Information Administration (EIA)"): the full name, so the
/// holder reads the same in every sentence. The name must end in what the
/// organisation is ("Agency", "Council", "Fund", "Countries"). An acronym of three or more
/// capitals, each the initial of one capitalised word in order ("of", "and",
/// "for", "the" between them skipped).
pub fn expand_acronym(name: &str, article: &str) -> Option<String> {
    if !is_acronym(name) {
        return None;
    }
    let letters = name.as_bytes();
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'';
    // only where a word begins with the first letter: one byte search over
    // the article, not a word list of it per forecast
    memchr::memchr_iter(letters[0], article.as_bytes()).find_map(|i| {
        if article[..i].chars().next_back().is_some_and(is_word) {
            return None;
        }
        let words = article[i..]
            .split(|c: char| !is_word(c))
            .filter(|w| !w.is_empty());
        spelled_out(letters, words)
    })
}

/// The words from the start of `words` whose initials are `letters` ("of",
/// "and", "for", "the", "on" between them skipped), joined, when the last
/// one says what an organisation is.
fn spelled_out<'a>(letters: &[u8], mut words: impl Iterator<Item = &'a str>) -> Option<String> {
    let joins = ["of", "and", "for", "the", "on"];
    let mut taken: Vec<&str> = Vec::with_capacity(letters.len() + 2);
    let mut used = 0;
    while used < letters.len() {
        let w = words.next()?;
        if used > 0 && joins.contains(&w) {
            taken.push(w);
            continue;
        }
        let first = w.as_bytes()[0];
        if first != letters[used] || w.len() < 2 || w.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        taken.push(w);
        used += 1;
    }
    // the full name of an organisation ends in what it is
    let head = taken.last()?.to_lowercase();
    ORG_ENDS.contains(&head.as_str()).then(|| taken.join(" "))
}
