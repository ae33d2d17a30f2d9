//! The Chinese tokenizer: a sentence is cut into clauses at clause
//! punctuation, and each clause is read as a run of *figures* (a move verb
//! with its number, a closing level, a "涨幅" figure) with the text between
//! them, which names the subjects.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

const TRADITIONAL: &str = include_str!("data/traditional.txt");

/// Traditional -> simplified characters (both three bytes in UTF-8), with a
/// bit per Basic Multilingual Plane character that has an entry: most
/// characters of a sentence are tested by one bit instead of a hash lookup.
struct Simplify {
    map: HashMap<char, char>,
    bits: Vec<u64>,
}

impl Simplify {
    fn has(&self, c: char) -> bool {
        let n = c as usize;
        n >= 0x80
            && self
                .bits
                .get(n / 64)
                .is_some_and(|w| w & (1 << (n % 64)) != 0)
    }
}

static SIMPLIFIED: LazyLock<Simplify> = LazyLock::new(|| {
    let map: HashMap<char, char> = TRADITIONAL
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter_map(|pair| {
            let mut cs = pair.chars();
            let (t, s) = (cs.next()?, cs.next()?);
            // three-byte characters are all in the BMP (below U+10000)
            (t != s && t.len_utf8() == 3 && s.len_utf8() == 3).then_some((t, s))
        })
        .collect();
    let mut bits = vec![0u64; 0x10000 / 64];
    for &t in map.keys() {
        bits[t as usize / 64] |= 1 << (t as usize % 64);
    }
    Simplify { map, bits }
});

/// The text in simplified characters, with the same byte layout, so that a
/// span read in it is the same span of the text as written.
pub fn simplified(s: &str) -> Cow<'_, str> {
    let table = &*SIMPLIFIED;
    if !s.chars().any(|c| table.has(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if table.has(c) {
                    table.map.get(&c).copied().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// `name`, read in `read`, as `written` spells it (traditional stays traditional).
pub fn as_written(read: &str, written: &str, name: &str) -> String {
    read.find(name)
        .and_then(|p| written.get(p..p + name.len()))
        .unwrap_or(name)
        .to_string()
}

/// The sentence with spaces next to Han text or inside figures removed
/// ("涨 0.24% 报 40842.79 点" -> "涨0.24%报40842.79点") and thousands
/// separators dropped ("3,663.73" -> "3663.73").
pub fn compact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if c == ' ' {
            let near_han =
                prev.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii());
            let in_figure = prev.is_some_and(|p| p.is_ascii_digit() || p == '%')
                && next.is_some_and(|n| n.is_ascii_digit() || n == '%');
            if near_han || in_figure || out.ends_with(' ') {
                continue;
            }
        }
        if c == ',' && prev.is_some_and(|p| p.is_ascii_digit()) && thousands_follow(&chars[i + 1..])
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// Exactly three digits, then no digit.
fn thousands_follow(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(char::is_ascii_digit)
        && !rest.get(3).is_some_and(char::is_ascii_digit)
}

/// Clause punctuation (parentheses stay inside: they carry tickers).
pub fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?' | '\n' | '|'
    )
}

/// The clauses of a compacted sentence, in order.
pub fn clauses(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_clause_break).filter(|c| !c.trim().is_empty())
}

/// What a figure states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigKind {
    /// A signed percent change.
    Pct,
    /// A signed change in points.
    Points,
    /// A closing level ("报2860.7点").
    Level,
    /// A signed number without a unit ("涨1.14报…").
    Bare,
}

/// One figure in a clause.
#[derive(Debug, Clone)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub kind: FigKind,
    /// The values, in order ("分别涨9.0和6.3%" gives two).
    pub values: Vec<f64>,
    pub approx: bool,
}

const VERBS: &str = "上行|下行|收涨|收跌|收升|收低|收高|大涨|大跌|暴涨|暴跌|飙涨|飙升|狂涨|急涨|急跌|重挫|上涨|下跌|上升|下降|下挫|下滑|回落|走高|走低|攀升|微涨|微跌|小涨|小跌|续涨|续跌|涨|跌|升|挫";

static FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let num = r"\d+(?:\.\d+)?";
    let num_p = r"(?P<pn>\d+(?:\.\d+)?)";
    let hedge = "超过|将近|接近|大约|超|逾|近|约|达|了";
    let pattern = format!(
        r"(?P<lv>收盘报|收报于|报收于|报收|收报|收于|收在|报于|报)(?P<ln>{num})点|(?P<fv>涨幅|跌幅|升幅|降幅)(?:为|达到|达|是)?(?P<fh>{hedge})?(?P<fn>{num})%(?P<fp>左右)?|(?P<v>{VERBS})(?:了)?(?P<h>{hedge})?(?P<n>{num}(?:%?(?:和|、|及|与){num})*)(?P<u>%|点)?(?P<p>左右|多)?|(?P<sn>{num})%(?P<lim>涨停|跌停)|\((?P<sg>[+-]){num_p}%\)"
    );
    Regex::new(&pattern).expect("the Chinese figure pattern is valid")
});

/// FIGURE_RE's group numbers, looked up by name once: a lookup by name
/// hashes the name at every match.
struct FigGroups {
    ln: usize,
    fv: usize,
    fnum: usize,
    fh: usize,
    fp: usize,
    v: usize,
    n: usize,
    u: usize,
    h: usize,
    p: usize,
    sg: usize,
    pn: usize,
    sn: usize,
    lim: usize,
}

static FIG_GROUPS: LazyLock<FigGroups> = LazyLock::new(|| {
    let g = |name: &str| {
        FIGURE_RE
            .capture_names()
            .position(|n| n == Some(name))
            .expect("the figure pattern names the group")
    };
    FigGroups {
        ln: g("ln"),
        fv: g("fv"),
        fnum: g("fn"),
        fh: g("fh"),
        fp: g("fp"),
        v: g("v"),
        n: g("n"),
        u: g("u"),
        h: g("h"),
        p: g("p"),
        sg: g("sg"),
        pn: g("pn"),
        sn: g("sn"),
        lim: g("lim"),
    }
});

fn is_down(verb: &str) -> bool {
    verb.contains(['跌', '降', '挫', '落', '低', '滑']) || verb == "下行"
}

fn approx_hedge(h: Option<regex::Match>, tail: Option<regex::Match>) -> bool {
    h.is_some_and(|h| !matches!(h.as_str(), "达" | "了")) || tail.is_some()
}

/// The figures of one clause, left to right.
pub fn figures(clause: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    // every form holds a digit; most clauses of a wrap hold none
    if !clause.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let g = &*FIG_GROUPS;
    for caps in FIGURE_RE.captures_iter(clause) {
        let Some(whole) = caps.get(0) else { continue };
        let parse = |m: regex::Match| -> Vec<f64> {
            m.as_str()
                .split(['和', '、', '及', '与'])
                .filter_map(|p| p.trim_end_matches('%').parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v < 1e7)
                .collect()
        };
        let fig = |kind, values: Vec<f64>, approx| Figure {
            start: whole.start(),
            end: whole.end(),
            kind,
            values,
            approx,
        };
        if let Some(n) = caps.get(g.ln) {
            out.push(fig(FigKind::Level, parse(n), false));
        } else if let (Some(v), Some(n)) = (caps.get(g.fv), caps.get(g.fnum)) {
            let sign = if is_down(v.as_str()) { -1.0 } else { 1.0 };
            let vals = parse(n).into_iter().map(|x| sign * x).collect();
            out.push(fig(
                FigKind::Pct,
                vals,
                approx_hedge(caps.get(g.fh), caps.get(g.fp)),
            ));
        } else if let (Some(v), Some(n)) = (caps.get(g.v), caps.get(g.n)) {
            let sign = if is_down(v.as_str()) { -1.0 } else { 1.0 };
            let kind = match caps.get(g.u).map(|u| u.as_str()) {
                Some("%") => FigKind::Pct,
                Some(_) => FigKind::Points,
                None if n.as_str().contains('%') => FigKind::Pct,
                None => FigKind::Bare,
            };
            let vals = parse(n).into_iter().map(|x| sign * x).collect();
            out.push(fig(kind, vals, approx_hedge(caps.get(g.h), caps.get(g.p))));
        } else if let (Some(sg), Some(n)) = (caps.get(g.sg), caps.get(g.pn)) {
            // "报19876点(-1.2%)"
            let sign = if sg.as_str() == "-" { -1.0 } else { 1.0 };
            let vals = parse(n).into_iter().map(|x| sign * x).collect();
            out.push(fig(FigKind::Pct, vals, false));
        } else if let (Some(n), Some(lim)) = (caps.get(g.sn), caps.get(g.lim)) {
            let sign = if lim.as_str() == "跌停" { -1.0 } else { 1.0 };
            let vals = parse(n).into_iter().map(|x| sign * x).collect();
            out.push(fig(FigKind::Pct, vals, false));
        }
    }
    out.retain(|f| !f.values.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_drops_spaces_and_thousands_separators() {
        assert_eq!(
            compact("道指涨 0.24% 报 40,842.79 点"),
            "道指涨0.24%报40842.79点"
        );
        assert_eq!(compact("Nexa Resources SA称"), "Nexa Resources SA称");
        assert_eq!(compact("(25.950,2.36, 10.00%)"), "(25.950,2.36, 10.00%)");
    }

    #[test]
    fn traditional_text_reads_as_simplified_with_the_same_layout() {
        let written = "恆生指數收報19876.54點，建設銀行跌0.6%";
        let read = simplified(written);
        assert_eq!(read, "恒生指数收报19876.54点，建设银行跌0.6%");
        assert_eq!(as_written(&read, written, "建设银行"), "建設銀行");
    }

    #[test]
    fn figures_read_verbs_levels_and_lists() {
        let f = figures("上证指数跌1.54%报2860.7点");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].kind, f[0].values[0]), (FigKind::Pct, -1.54));
        assert_eq!((f[1].kind, f[1].values[0]), (FigKind::Level, 2860.7));
        let f = figures("分别涨9.0和6.3%");
        assert_eq!(f[0].values, vec![9.0, 6.3]);
        let f = figures("跌幅为12.4%");
        assert_eq!(f[0].values, vec![-12.4]);
        let f = figures("韩国科斯达克指数跌超11%");
        assert!(f[0].approx);
        let f = figures("东方通等多股20%涨停");
        assert_eq!(f[0].values, vec![20.0]);
        let f = figures("恒指报19876点(-1.2%)");
        assert_eq!((f[1].kind, f[1].values[0]), (FigKind::Pct, -1.2));
    }
}
