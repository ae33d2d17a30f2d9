//! Chinese periods: "2027年", "2027年一季度", "明年上半年", "年底", "二季度", and
//! lists of them ("2027年和2028年").

use std::sync::LazyLock;

use regex::{Captures, Regex};

static PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>\d{4})年(?:第?(?P<q>[一二三四1-4])季度|(?P<h>上半年|下半年))?|(?P<rel>今年|明年)(?P<rh>上半年|下半年)?|(?P<end>年底|年末)|第?(?P<q2>[一二三四1-4])季度|(?P<h2>上半年|下半年)")
        .expect("the Chinese period pattern is valid")
});

/// The last Chinese period named in `head`.
pub(crate) fn period_zh(head: &str, today_year: i32) -> Option<String> {
    let c = PERIOD_RE.captures_iter(head).last()?;
    // "2027年一季度和二季度": a quarter or half alone is of the year named before
    let year_before = |at: usize| {
        PERIOD_RE
            .captures_iter(&head[..at])
            .filter_map(|c| year(&c))
            .last()
    };
    let before = c
        .name("q2")
        .or(c.name("h2"))
        .and_then(|m| year_before(m.start()));
    render(&c, before.unwrap_or(today_year), today_year)
}

/// The year a period match writes ("2027年…").
fn year(c: &Captures<'_>) -> Option<i32> {
    c.name("y").and_then(|y| y.as_str().parse().ok())
}

/// The period of one match; `before` is the year named before it, for a
/// quarter or half written alone.
fn render(c: &Captures<'_>, before: i32, today_year: i32) -> Option<String> {
    let half = |h: &str| if h == "上半年" { "H1" } else { "H2" };
    let quarter = |q: &str| match q {
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        _ => 4,
    };
    if let Some(q) = c.name("q2").or(c.name("h2")) {
        return Some(match c.name("h2") {
            Some(h) => format!("{before}-{}", half(h.as_str())),
            None => format!("{before}-Q{}", quarter(q.as_str())),
        });
    }
    if let Some(y) = c.name("y") {
        let y = y.as_str();
        if let Some(q) = c.name("q") {
            return Some(format!("{y}-Q{}", quarter(q.as_str())));
        }
        return Some(match c.name("h") {
            Some(h) => format!("{y}-{}", half(h.as_str())),
            None => y.to_string(),
        });
    }
    if c.name("end").is_some() {
        return Some(format!("{today_year}-Q4"));
    }
    let y = today_year + i32::from(c.name("rel")?.as_str() == "明年");
    Some(match c.name("rh") {
        Some(h) => format!("{y}-{}", half(h.as_str())),
        None => y.to_string(),
    })
}

/// The periods of one coordinated list ("2027年和2028年", "2027年一季度、二季度
/// 和三季度"), in order; None without one list of two or more. One pass over
/// the matches, carrying the last year named.
pub(crate) fn listed_periods_zh(text: &str, year_now: i32) -> Option<Vec<String>> {
    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut prev_end = None;
    let mut last_year = None;
    for c in PERIOD_RE.captures_iter(text) {
        let m = c.get(0)?;
        let joined = prev_end
            .is_some_and(|e| ["和", "、", "与", "及", ",", "，"].contains(&&text[e..m.start()]));
        let p = render(&c, last_year.unwrap_or(year_now), year_now)?;
        last_year = year(&c).or(last_year);
        match lists.last_mut() {
            Some(l) if joined => l.push(p),
            _ => lists.push(vec![p]),
        }
        prev_end = Some(m.end());
    }
    let mut long = lists.into_iter().filter(|l| l.len() >= 2);
    let list = long.next()?;
    long.next().is_none().then_some(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        let v = |a: &[&str]| Some(a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            listed_periods_zh("预计2027年和2028年铜价分别为", 2026),
            v(&["2027", "2028"])
        );
        assert_eq!(
            listed_periods_zh("2027年一季度和二季度铝价", 2026),
            v(&["2027-Q1", "2027-Q2"])
        );
        assert_eq!(
            listed_periods_zh("2027年铜价为10500美元，2028年为", 2026),
            None
        );
        assert_eq!(
            period_zh("2027年一季度和二季度", 2026),
            Some("2027-Q2".into())
        );
        assert_eq!(period_zh("明年上半年", 2026), Some("2027-H1".into()));
    }
}
