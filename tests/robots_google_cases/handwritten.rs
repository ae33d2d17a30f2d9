//! The hand-written robots.txt parser the fetcher used before `robotstxt` (git history:
//! src/fetch/robots.rs), kept here only as the baseline of the comparison on Google's cases.

use std::time::Duration;

use orewatch::fetch::product_token;

/// Longest Crawl-delay honoured; a bigger value is clamped to this.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// The rules of one robots.txt that apply to our user agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

#[derive(Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Parse `text`, keeping the group for `agent` (the product token, e.g. `orewatch`),
    /// or the `*` group when no group names it. Unknown lines are ignored.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agent_lines = false;
        for line in text.trim_start_matches('\u{feff}').lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agent_lines || groups.is_empty() {
                        groups.push(Group::default());
                    }
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(product_token(value));
                    }
                    in_agent_lines = true;
                }
                "allow" | "disallow" => {
                    in_agent_lines = false;
                    if let Some(g) = groups.last_mut()
                        && !value.is_empty()
                    {
                        g.rules.push(Rule {
                            allow: key == "allow",
                            pattern: encode_pattern(value),
                        });
                    }
                }
                "crawl-delay" => {
                    in_agent_lines = false;
                    let secs = value
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s >= 0.0);
                    if let (Some(g), Some(secs)) = (groups.last_mut(), secs) {
                        g.crawl_delay = Some(Duration::from_secs_f64(secs).min(MAX_CRAWL_DELAY));
                    }
                }
                _ => in_agent_lines = false,
            }
        }
        let named: Vec<&Group> = groups
            .iter()
            .filter(|g| g.agents.contains(&agent))
            .collect();
        let chosen = if named.is_empty() {
            groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| a == "*"))
                .collect()
        } else {
            named
        };
        Robots {
            rules: chosen
                .iter()
                .flat_map(|g| g.rules.iter().cloned())
                .collect(),
            crawl_delay: chosen.iter().filter_map(|g| g.crawl_delay).max(),
        }
    }

    /// The Crawl-delay of the chosen group, if any (clamped to [`MAX_CRAWL_DELAY`]).
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// May `path` (path plus `?query`, percent-encoded) be fetched? The longest matching
    /// pattern decides; on a tie, allow wins. `/robots.txt` itself is always allowed.
    pub fn is_allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let path = upper_escapes(path);
        let path = path.as_str();
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if pattern_matches(&rule.pattern, path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Percent-encode non-ASCII bytes so patterns compare with encoded URL paths.
fn encode_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    upper_escapes(&out)
}

/// `%c3%a9` -> `%C3%A9`, so escapes compare regardless of case.
fn upper_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let hex = rest
            .get(..2)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        if let Some(hex) = hex {
            out.push_str(&hex.to_ascii_uppercase());
            rest = &rest[2..];
        }
    }
    out.push_str(rest);
    out
}

/// Robots pattern match: `*` matches any run, a final `$` anchors at the end,
/// otherwise the pattern is a prefix.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pat, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p.as_bytes(), true),
        None => (pattern.as_bytes(), false),
    };
    let s = path.as_bytes();
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < pat.len() && pat[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
            continue;
        }
        if pi == pat.len() {
            if !anchored || si == s.len() {
                return true;
            }
        } else if si < s.len() && pat[pi] == s[si] {
            pi += 1;
            si += 1;
            continue;
        }
        match star {
            Some((sp, ss)) if ss < s.len() => {
                star = Some((sp, ss + 1));
                pi = sp + 1;
                si = ss + 1;
            }
            _ => return false,
        }
    }
}
