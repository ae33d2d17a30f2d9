//! The move frame: subjects, then their figures, clause by clause.
//!
//! "上证指数收报3663.73点，跌幅1.13%；深证成指跌0.17%" reads as
//! [上证指数: level 3663.73, -1.13%] [深证成指: -0.17%]: a clause whose text
//! before its figure is only a link ("收盘报", "跌幅") continues the last
//! subject; a new name starts a new one. A figure placed intraday or over a
//! week/month ("盘中一度", "8月涨") is read but not reported.

use std::sync::LazyLock;

use regex::Regex;

use super::affix::Occurs;
use super::clause::{FigKind, Figure, as_written, clauses, figures};
use super::subject::{Subject, aside_start, index_first, is_link, resolve, strip_links};
use crate::extract::model::{Fact, FactKind, IndexMove, MoveDirection, SectorMove, StockMove};

/// The figures gathered for one subject.
#[derive(Debug, Default, Clone)]
struct Slot {
    pct: Option<(f64, bool)>,
    bare: Option<(f64, bool)>,
    points: Option<f64>,
    level: Option<f64>,
}

struct Frame<'s> {
    sentence: &'s str,
    /// The compacted sentence as read (simplified) and as written.
    read: &'s str,
    written: &'s str,
    subjects: Vec<(Subject, Slot)>,
    out: Vec<Fact>,
}

impl Frame<'_> {
    fn start(&mut self, subjects: Vec<Subject>) {
        self.flush();
        self.subjects = subjects.into_iter().map(|s| (s, Slot::default())).collect();
    }

    fn attach(&mut self, fig: &Figure) {
        let n = self.subjects.len();
        if n == 0 || !(fig.values.len() == 1 || fig.values.len() == n) {
            return;
        }
        for (i, (_, slot)) in self.subjects.iter_mut().enumerate() {
            let v = fig.values[i.min(fig.values.len() - 1)];
            match fig.kind {
                FigKind::Pct => {
                    slot.pct.get_or_insert((v, fig.approx));
                }
                FigKind::Bare => {
                    slot.bare.get_or_insert((v, fig.approx));
                }
                FigKind::Points => {
                    slot.points.get_or_insert(v);
                }
                FigKind::Level => {
                    slot.level.get_or_insert(v.abs());
                }
            }
        }
    }

    fn flush(&mut self) {
        for (subject, slot) in std::mem::take(&mut self.subjects) {
            let subject = match subject {
                Subject::Stock { name, ticker } => Subject::Stock {
                    name: as_written(self.read, self.written, &name),
                    ticker,
                },
                other => other,
            };
            if let Some(f) = fact_of(subject, &slot, self.sentence) {
                self.out.push(f);
            }
        }
    }
}

fn index_pct(slot: &Slot) -> Option<(f64, bool)> {
    if let Some(p) = slot.pct {
        return Some(p);
    }
    // "涨1.14报17989.07点": a bare figure before the closing level
    if let (Some((b, a)), Some(_)) = (slot.bare, slot.level)
        && b.abs() < 20.0
    {
        return Some((b, a));
    }
    // a move given only in points, with the closing level
    let (pts, level) = (slot.points?, slot.level?);
    let base = level - pts;
    (base > 0.0).then(|| (pts / base * 100.0, false))
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn fact_of(subject: Subject, slot: &Slot, sentence: &str) -> Option<Fact> {
    let (kind, approx) = match subject {
        Subject::Index(index) => {
            let (pct, approx) = index_pct(slot)?;
            let kind = FactKind::IndexMove(IndexMove {
                index,
                change_pct: round2(pct),
                level: slot.level,
                points: slot.points,
            });
            (kind, approx)
        }
        Subject::Stock { name, ticker } => {
            let (pct, approx) = slot.pct?;
            let kind = FactKind::StockMove(StockMove {
                name,
                change_pct: pct,
                ticker,
                price: None,
            });
            (kind, approx)
        }
        Subject::Sector(Some(sector)) => {
            let (pct, approx) = slot.pct?;
            let direction = if pct < 0.0 {
                MoveDirection::Down
            } else {
                MoveDirection::Up
            };
            let kind = FactKind::SectorMove(SectorMove {
                sector,
                direction,
                change_pct: Some(pct),
            });
            (kind, approx)
        }
        Subject::Sector(None) | Subject::Other => return None,
    };
    Some(Fact {
        kind,
        approx,
        range: None,
        sentence: sentence.to_string(),
    })
}

/// Sina's inline quotes "名称(现价, 涨跌额, 涨跌幅)".
static QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}A-Za-z0-9]{2,12})\((\d+\.\d+), *(-?\d+\.\d+), *(-?\d+\.\d+)%\)")
        .expect("the quote pattern is valid")
});

fn quotes(text: &str, written: &str, sentence: &str, out: &mut Vec<Fact>) -> String {
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for caps in QUOTE_RE.captures_iter(text) {
        let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let num = |i| caps.get(i).and_then(|m| m.as_str().parse::<f64>().ok());
        let (Some(price), Some(pct)) = (num(2), num(4)) else {
            continue;
        };
        rest.push_str(&text[last..whole.start()]);
        rest.push('，');
        last = whole.end();
        let subject = resolve(name.as_str(), false, false).pop();
        let kind = match subject {
            Some(Subject::Index(index)) => FactKind::IndexMove(IndexMove {
                index,
                change_pct: pct,
                level: Some(price),
                points: num(3),
            }),
            Some(Subject::Stock { name, ticker }) => FactKind::StockMove(StockMove {
                name: as_written(text, written, &name),
                change_pct: pct,
                ticker,
                price: Some(price),
            }),
            _ => continue,
        };
        out.push(Fact {
            kind,
            approx: false,
            range: None,
            sentence: sentence.to_string(),
        });
    }
    rest.push_str(&text[last..]);
    rest
}

/// Words that start a predicate after a name in a clause without a figure.
const PREDICATES: &[&str] = &[
    "高开", "低开", "冲高", "先涨", "先跌", "盘中", "早盘", "尾盘", "午后", "一度", "受", "获",
    "遭", "逆市", "逆势",
];

/// A clause without a figure may still name the next figures' subject.
fn clause_subject(clause: &str) -> Option<Vec<Subject>> {
    let t = clause.trim_start_matches(|c: char| !super::is_han(c) && !c.is_ascii_alphanumeric());
    if let Some(index) = index_first(t) {
        return Some(vec![Subject::Index(index.to_string())]);
    }
    if clause.contains(')') {
        let head = clause.split(')').next().unwrap_or_default();
        let subj = resolve(&format!("{head})"), false, false);
        if let [
            Subject::Stock {
                ticker: Some(_), ..
            },
        ] = subj.as_slice()
        {
            return Some(subj);
        }
    }
    // "大众公用高开低走，收跌近23%": a name, then how it traded
    static PREDICATE_WORDS: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[PREDICATES]));
    static GROUP_WORDS: LazyLock<Occurs> =
        LazyLock::new(|| Occurs::new(&[&["板块", "股", "概念"]]));
    if let Some(cut) = PREDICATE_WORDS.first(clause)
        && let subj = resolve(&clause[..cut], false, false)
        && let [Subject::Stock { .. }] = subj.as_slice()
    {
        return Some(subj);
    }
    // a group as the clause's subject ends the last subject ("电讯板块支撑大市");
    // one inside an adverbial ("在银行等权重板块的带动下") does not
    let lead = strip_links(t);
    let adverbial = ["在", "受", "由", "随着", "因", "股价"]
        .iter()
        .any(|w| lead.starts_with(w));
    if GROUP_WORDS.any(t) && !adverbial {
        return Some(vec![Subject::Other]);
    }
    None
}

/// Index, stock and sector moves of one compacted Chinese sentence.
pub fn moves(text: &str, written: &str, sentence: &str, out: &mut Vec<Fact>) {
    let mut frame = Frame {
        sentence,
        read: text,
        written,
        subjects: Vec::new(),
        out: Vec::new(),
    };
    let text = quotes(text, written, sentence, &mut frame.out);
    static GROUPS_ONLY: LazyLock<Occurs> =
        LazyLock::new(|| Occurs::new(&[&["板块方面", "行业方面", "概念方面", "行业板块中"]]));
    static FUTURES: LazyLock<Occurs> =
        LazyLock::new(|| Occurs::new(&[&["期货", "期市", "商品", "合约"]]));
    let groups_only = GROUPS_ONLY.any(&text);
    let futures = FUTURES.any(&text);
    for clause in clauses(&text) {
        let figs = figures(clause);
        if figs.is_empty() {
            if let Some(subj) = clause_subject(clause) {
                frame.start(subj);
            }
            continue;
        }
        let mut prev_end = 0;
        for fig in &figs {
            let pre = clause.get(prev_end..fig.start).unwrap_or_default();
            prev_end = fig.end;
            if let Some(cut) = aside_start(pre) {
                let name = &pre[..cut];
                if !is_link(name) {
                    frame.start(resolve(name, groups_only, futures));
                }
                continue;
            }
            if !is_link(pre) {
                frame.start(resolve(pre, groups_only, futures));
            }
            frame.attach(fig);
        }
    }
    frame.flush();
    out.append(&mut frame.out);
}
