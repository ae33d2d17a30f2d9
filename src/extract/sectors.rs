//! Sector moves ("metals stocks led gains") and the document's themes.

use std::collections::HashMap;

use super::context::Ctx;
use super::lexicon::{Lexicon, SECTOR_IDS};
use super::model::{Fact, FactKind, MoveDirection, SectorMove};
use super::sector_frames::{DOWN, UP, frames, phrase_at};
use super::text::{TokKind, Token};

pub(crate) const GROUP_NOUNS: &[&str] = &[
    "stocks",
    "names",
    "shares",
    "sector",
    "sectors",
    "plays",
    "miners",
    "counters",
    "companies",
    "producers",
    "developers",
    "platforms",
    "equities",
    "makers",
    "chipmakers",
    "lenders",
    "insurers",
    "automakers",
    "carmakers",
    "drugmakers",
    "concepts",
    "firms",
    "issues",
    "space",
    "segment",
    "players",
    "board",
];
const SPAN_STOP: &[&str] = &[
    "while",
    "with",
    "as",
    "but",
    "although",
    "when",
    "after",
    "led",
    "by",
    "in",
    "of",
    "that",
    "which",
    "other",
    "from",
    "on",
    "at",
    "to",
    "for",
    "into",
    "hong",
    "kong",
    "kong-listed",
    "the",
    "a",
    "an",
    "its",
    "their",
    "this",
    "these",
    "those",
];
/// Sectors named by the group phrase ending just before `end`
/// ("metals and rare-earth related stocks", "innovative drugs").
pub fn sectors_ending(toks: &[Token], end: usize, lx: &Lexicon) -> Vec<String> {
    let Some(head) = end.checked_sub(1).map(|h| &toks[h]) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    // "Jiangxi Copper shares", "Southern Copper shares": a company's name, whose
    // words are capitalised, not a group of stocks
    let named = end >= 3
        && toks[end - 2].is_capitalized()
        // "Chinese EV makers": an acronym is no word of a name here
        && toks[end - 2].text.chars().any(char::is_lowercase)
        && toks[end - 3].kind == TokKind::Word
        && toks[end - 3].is_capitalized();
    if named {
        return out;
    }
    if GROUP_NOUNS.contains(&head.lw()) {
        let mut s = end - 1;
        while s > 0 && end - 1 - s < 7 {
            let t = &toks[s - 1];
            let ok = match t.kind {
                TokKind::Word => !SPAN_STOP.contains(&t.lw()) && lx.verb_sign(&t.lower).is_none(),
                // "the energy .SPNY sector": a glued index code
                TokKind::Punct('.') => toks
                    .get(s)
                    .is_some_and(|n| !n.space_before && n.is_capitalized()),
                TokKind::Punct(c) => matches!(c, '-' | '+' | '/'),
                TokKind::Num(_) => false,
            };
            if !ok {
                break;
            }
            s -= 1;
        }
        // "LME copper stocks", "warehouse stocks": inventories, not equities
        let inventory = head.is("stocks")
            && toks[s.saturating_sub(2)..end - 1].iter().any(|t| {
                [
                    "lme",
                    "shfe",
                    "comex",
                    "warehouse",
                    "exchange",
                    "bonded",
                    "social",
                    "registered",
                    "inventories",
                ]
                .contains(&t.lw())
            });
        if inventory {
            return out;
        }
        keywords_in(toks, s, end - 1, lx, &mut out);
        if out.is_empty() {
            keywords_in(toks, end - 1, end, lx, &mut out);
        }
    } else if let Some((start, sector)) = lx.sector_keywords.match_ending(toks, end) {
        let last = &toks[end - 1].lower;
        let inside_name = start > 0
            && toks[start].is_capitalized()
            && toks[start - 1].is_capitalized()
            && !toks[start - 1].is("the");
        if inside_name || lx.companies.match_ending(toks, end).is_some() {
            return out;
        }
        let plural = last.ends_with('s') && !last.contains("metal") && !last.contains("earth");
        if plural && (end - start > 1 || last.len() >= 5) {
            out.push(sector.to_string());
        }
    }
    out
}

fn keywords_in(toks: &[Token], from: usize, to: usize, lx: &Lexicon, out: &mut Vec<String>) {
    let mut k = from;
    while k < to {
        if let Some((n, sector)) = lx.sector_keywords.match_at(toks, k)
            && k + n <= (to + 1).min(toks.len())
        {
            if !out.iter().any(|s| s == sector) {
                out.push(sector.to_string());
            }
            k += n;
        } else {
            k += 1;
        }
    }
}

/// Sector moves stated in words: a group of stocks and a move phrase after it.
pub fn sector_moves(sentence: &str, toks: &[Token], ctx: &Ctx, out: &mut Vec<Fact>) {
    for end in 1..toks.len() {
        // cheap filter: a plural or group head followed by a lower-case word
        let head = toks[end - 1].lw();
        let next = &toks[end];
        if !(head.ends_with('s') || GROUP_NOUNS.contains(&head)) || next.kind != TokKind::Word {
            continue;
        }
        let sectors = sectors_ending(toks, end, ctx.lx);
        if sectors.is_empty() {
            continue;
        }
        let mut j = end;
        let mut skipped_participle = false;
        let mut direction = None;
        while j < toks.len() && j < end + 7 {
            if phrase_at(toks, j, UP) {
                direction = Some(MoveDirection::Up);
                break;
            }
            if phrase_at(toks, j, DOWN) {
                direction = Some(MoveDirection::Down);
                break;
            }
            let t = &toks[j];
            let lowercase_word =
                t.kind == TokKind::Word && t.text.starts_with(|c: char| c.is_lowercase());
            // "property stocks in Hong Kong rose"
            if (t.is("in") || t.is("on"))
                && j == end
                && toks.get(j + 1).is_some_and(|n| n.is_capitalized())
            {
                j += 2;
                while j < toks.len() && toks[j].is_capitalized() && j < end + 5 {
                    j += 1;
                }
                continue;
            }
            if !lowercase_word {
                break;
            }
            if t.lower.ends_with("ly")
                || ["all", "also", "have", "has", "were", "broadly", "generally"].contains(&t.lw())
            {
                j += 1;
                continue;
            }
            if (j == end && t.lower.ends_with("ed")) || skipped_participle {
                skipped_participle = true;
                j += 1;
                continue;
            }
            break;
        }
        if let Some(direction) = direction {
            for s in sectors {
                out.push(Fact {
                    kind: FactKind::SectorMove(SectorMove {
                        sector: s,
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
    frames(sentence, toks, ctx, out);
}

/// The themes an article is about, most prominent first: sector keywords
/// (the title counts three times), sector moves and the sectors of the
/// companies whose moves are reported.
pub fn doc_sectors(title: Option<&str>, body: &str, facts: &[Fact], lx: &Lexicon) -> Vec<String> {
    let mut score: HashMap<&str, f64> = HashMap::new();
    let count_text = |text: &str, weight: f64, score: &mut HashMap<&str, f64>| {
        let norm = super::text::normalize(text);
        lx.sector_scan().each(&norm, |v| {
            let sector = lx.sector_keywords.values[v].as_str();
            if let Some(id) = SECTOR_IDS.iter().find(|id| **id == sector) {
                *score.entry(id).or_default() += weight;
            }
        });
    };
    if let Some(t) = title {
        count_text(t, 3.0, &mut score);
    }
    count_text(body, 1.0, &mut score);
    for f in facts {
        let (sector, w) = match &f.kind {
            FactKind::SectorMove(m) => (Some(m.sector.clone()), 3.0),
            FactKind::StockMove(m) => (lx.company_sector(&m.name).map(str::to_string), 1.5),
            FactKind::Price(p) => (commodity_sector(&p.commodity).map(str::to_string), 2.0),
            FactKind::Forecast(p) => (commodity_sector(&p.commodity).map(str::to_string), 2.0),
            FactKind::IndexMove(_) => (None, 0.0),
        };
        if let Some(s) = sector
            && let Some(id) = SECTOR_IDS.iter().find(|id| **id == s)
        {
            *score.entry(id).or_default() += w;
        }
    }
    let mut ranked: Vec<(&str, f64)> = score.into_iter().filter(|(_, v)| *v >= 3.0).collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1).then_with(|| {
            let pa = SECTOR_IDS.iter().position(|x| *x == a.0);
            let pb = SECTOR_IDS.iter().position(|x| *x == b.0);
            pa.cmp(&pb)
        })
    });
    ranked
        .into_iter()
        .take(5)
        .map(|(s, _)| s.to_string())
        .collect()
}

fn commodity_sector(c: &str) -> Option<&'static str> {
    Some(match c {
        "gold" | "silver" | "platinum" | "palladium" => "precious_metals",
        "rare earths" => "rare_earths",
        "lithium" | "cobalt" => "battery_materials",
        "iron ore" | "steel" => "steel_iron",
        "oil" | "coal" | "uranium" => "energy",
        "copper" | "aluminum" | "nickel" | "zinc" | "lead" | "tin" | "tungsten" | "molybdenum" => {
            "nonferrous_metals"
        }
        _ => return None,
    })
}
