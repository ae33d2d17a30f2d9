//! Worded sector moves beyond "group + move phrase": move phrases, "gains in
//! gold miners and producers of battery materials" (a move noun before the
//! groups) and "a rally in oil boosted energy shares" (a verb acting on them).

use super::context::Ctx;
use super::model::{Fact, FactKind, MoveDirection, SectorMove};
use super::sectors::sectors_ending;
use super::text::{TokKind, Token};

pub const UP: &[&[&str]] = &[
    &["led", "gains"],
    &["led", "the", "gains"],
    &["led", "the", "rally"],
    &["led", "gainers"],
    &["led", "the", "market", "higher"],
    &["outperformed"],
    &["performed", "strongly"],
    &["performed", "well"],
    &["remained", "robust"],
    &["remained", "strong"],
    &["rallied"],
    &["rose"],
    &["gained"],
    &["climbed"],
    &["advanced"],
    &["surged"],
    &["jumped"],
    &["soared"],
    &["firmed"],
    &["strengthened"],
    &["rebounded"],
    &["extended", "gains"],
    &["were", "higher"],
    &["traded", "higher"],
    &["moved", "higher"],
    &["ticked", "up"],
    &["edged", "higher"],
    &["edged", "up"],
    &["were", "up"],
    &["shone"],
    &["outshone"],
    &["were", "in", "demand"],
    &["attracted", "buying"],
    &["rally"],
    &["rallies"],
    &["surge"],
    &["jump"],
    &["climb"],
    &["gain"],
    &["lead", "gains"],
    &["lead", "the", "market"],
    &["outperform"],
    &["extended", "their", "run"],
    &["extended", "their", "gains"],
    &["extended", "the", "rally"],
    &["did", "most", "of", "the", "lifting"],
    &["did", "the", "heavy", "lifting"],
    &["led", "the", "way"],
    &["led", "the", "charge"],
    &["led", "the", "advance"],
    &["were", "the", "best", "performers"],
    &["were", "among", "the", "best", "performers"],
    &["drew", "buying"],
    &["were", "bid"],
    &["led", "advances"],
    &["turned", "higher"],
    &["were", "the", "top", "gainers"],
    &["were", "among", "the", "top", "gainers"],
    &["were", "the", "biggest", "gainers"],
    &["were", "among", "the", "biggest", "gainers"],
    &["were", "the", "biggest", "boost"],
    &["provided", "the", "biggest", "boost"],
    &["gave", "the", "biggest", "boost"],
    &["was", "the", "top", "gainer"],
    &["was", "the", "biggest", "boost"],
];
pub const DOWN: &[&[&str]] = &[
    &["fell"],
    &["slipped"],
    &["drifted", "lower"],
    &["retreated"],
    &["declined"],
    &["dropped"],
    &["lost", "ground"],
    &["cooled"],
    &["weakened"],
    &["underperformed"],
    &["tumbled"],
    &["plunged"],
    &["slumped"],
    &["were", "lower"],
    &["traded", "lower"],
    &["moved", "lower"],
    &["eased"],
    &["came", "under", "pressure"],
    &["led", "losses"],
    &["led", "declines"],
    &["led", "the", "losses"],
    &["led", "decliners"],
    &["sold", "off"],
    &["were", "down"],
    &["edged", "lower"],
    &["slid"],
    &["sank"],
    &["lagged"],
    &["slide"],
    &["slump"],
    &["tumble"],
    &["sink"],
    &["drop"],
    &["fall"],
    &["lead", "losses"],
    &["retreat"],
    &["underperform"],
    &["were", "the", "worst", "performers"],
    &["were", "among", "the", "worst", "performers"],
    &["weighed", "on", "the", "index"],
    &["dragged", "on", "the", "index"],
    &["were", "sold"],
    &["led", "the", "declines"],
    &["turned", "lower"],
    &["turned", "down"],
    &["were", "the", "biggest", "drag"],
    &["were", "the", "biggest", "drags"],
    &["were", "the", "main", "drag"],
    &["were", "the", "top", "losers"],
    &["were", "among", "the", "top", "losers"],
    &["were", "the", "biggest", "losers"],
    &["were", "among", "the", "biggest", "losers"],
    &["were", "the", "biggest", "fallers"],
    &["were", "among", "the", "biggest", "fallers"],
    &["was", "the", "biggest", "drag"],
    &["was", "the", "top", "loser"],
    &["weighed", "on", "the", "market"],
    &["weighed", "on", "the", "benchmark"],
];

/// The first word of every worded move phrase (for the quick scan).
pub fn move_first_words() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = UP
        .iter()
        .chain(DOWN.iter())
        .filter_map(|p| p.first().copied())
        .chain(FRAME_WORDS.iter().copied())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub fn phrase_at(toks: &[Token], j: usize, phrases: &[&[&str]]) -> bool {
    phrases.iter().any(|p| {
        p.iter()
            .enumerate()
            .all(|(n, w)| toks.get(j + n).is_some_and(|t| t.lower == *w))
    })
}

/// Move nouns before "in/among <groups>".
const UP_NOUNS: &[&str] = &[
    "gains", "strength", "rally", "rallies", "buying", "advances",
];
const DOWN_NOUNS: &[&str] = &[
    "losses", "weakness", "declines", "selling", "falls", "drops",
];
/// Verbs whose object is a group that moved ("boosted energy shares").
const UP_VERBS: &[&str] = &[
    "boosted",
    "lifted",
    "buoyed",
    "supported",
    "propelled",
    "strengthened",
    "powered",
];
const DOWN_VERBS: &[&str] = &[
    "hurt",
    "pressured",
    "battered",
    "hammered",
    "sank",
    "dragged",
];
/// The words that open a frame (for the quick scan).
const FRAME_WORDS: &[&str] = &[
    "gains",
    "strength",
    "rally",
    "rallies",
    "buying",
    "advances",
    "losses",
    "weakness",
    "declines",
    "selling",
    "falls",
    "drops",
    "boosted",
    "lifted",
    "buoyed",
    "supported",
    "propelled",
    "strengthened",
    "powered",
    "hurt",
    "pressured",
    "battered",
    "hammered",
    "sank",
    "dragged",
];
/// Before a verb, these make its action hypothetical ("may hurt banks").
const MODALS: &[&str] = &[
    "may", "could", "would", "will", "might", "can", "should", "to",
];
const GROUP_STOP: &[&str] = &[
    "for", "to", "with", "from", "in", "on", "as", "after", "while", "amid", "that", "which",
    "but", "at", "by", "than",
];

/// The sectors of a list of groups starting at `from`: "gold miners and producers
/// of battery materials". Stops at a clause word or punctuation.
fn groups_after(toks: &[Token], from: usize, lx: &super::lexicon::Lexicon) -> Vec<String> {
    let part = &toks[from..(from + 12).min(toks.len())];
    let mut out: Vec<String> = Vec::new();
    let mut member_start = 0;
    for e in 1..=part.len() {
        let t = &part[e - 1];
        let comma = t.is_punct(',') && e > 1;
        // a verb ends the groups ("losses in banks deepened")
        let verb = lx.verb_sign(t.lw()).is_some()
            || t.lw().ends_with("ed")
                && !["related", "listed", "based", "linked"].contains(&t.lw());
        let stop = verb
            || GROUP_STOP.contains(&t.lw())
            || t.kind != TokKind::Word && !t.is_punct('-') && !comma;
        if stop {
            break;
        }
        if t.is("and") || t.is_punct(',') {
            member_start = e;
            continue;
        }
        // "banks' ability": a possessive, not a group that moved
        if part.get(e).is_some_and(|n| n.is_punct('\'')) {
            continue;
        }
        for s in sectors_ending(&part[member_start..], e - member_start, lx) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Sector moves in the noun and verb frames.
pub fn frames(sentence: &str, toks: &[Token], ctx: &Ctx, out: &mut Vec<Fact>) {
    for k in 0..toks.len().saturating_sub(1) {
        let w = toks[k].lw();
        let (direction, from) = if UP_NOUNS.contains(&w) || DOWN_NOUNS.contains(&w) {
            if !["in", "among", "for"].contains(&toks[k + 1].lw()) {
                continue;
            }
            (UP_NOUNS.contains(&w), k + 2)
        } else if (UP_VERBS.contains(&w) || DOWN_VERBS.contains(&w))
            && !(k > 0 && MODALS.contains(&toks[k - 1].lw()))
        {
            // "weighed on", "dragged down" take a particle
            let from = k + 1 + usize::from(toks[k + 1].is("down") || toks[k + 1].is("on"));
            (UP_VERBS.contains(&w), from)
        } else {
            continue;
        };
        let direction = if direction {
            MoveDirection::Up
        } else {
            MoveDirection::Down
        };
        if from >= toks.len() {
            continue;
        }
        for sector in groups_after(toks, from, ctx.lx) {
            out.push(Fact {
                kind: FactKind::SectorMove(SectorMove {
                    sector,
                    direction,
                    change_pct: None,
                }),
                approx: false,
                range: None,
                sentence: sentence.to_string(),
            });
        }
    }
}
