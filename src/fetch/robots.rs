//! robots.txt (RFC 9309) through the `robotstxt` crate, Google's own parser ported to Rust:
//! groups, longest-match allow/disallow, `*` and `$`. It passes more of Google's test
//! cases than the parser we had (`tests/robots_google_cases.rs`). What it lacks is here:
//! Crawl-delay (read through its parse callbacks), a byte-order mark, and our product
//! token as the agent (`orewatch`, never `orewatch/1.0`, which no group would name). The
//! crate reads the whole file again for every decision, so [`Robots::parse`] keeps only the
//! lines that can change a decision for our agent (see [`Relevant`]).

use std::time::Duration;

use robotstxt::{DefaultMatcher, RobotsParseHandler, parse_robotstxt};

/// Longest Crawl-delay honoured; a bigger value is clamped to this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// One site's robots.txt, read for one user agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Robots {
    /// The lines of the file that matter to `agent`, as robots.txt again.
    body: String,
    agent: String,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// No restrictions (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::parse("", "*")
    }

    /// Everything forbidden (robots.txt unavailable because of a server error).
    pub fn disallow_all() -> Robots {
        Robots::parse("User-agent: *\nDisallow: /\n", "*")
    }

    /// Read `text` for `agent`, a product token such as `orewatch` (see [`product_token`]):
    /// the groups naming it apply, else the `*` group. Unknown lines are ignored.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let text = text.trim_start_matches('\u{feff}');
        let mut delays = Delays::new(agent);
        parse_robotstxt(text, &mut delays);
        let mut relevant = Relevant::new(agent);
        parse_robotstxt(text, &mut relevant);
        Robots {
            body: relevant.out,
            agent: agent.to_string(),
            crawl_delay: delays.chosen(),
        }
    }

    /// May `path` (path plus `?query`, percent-encoded) be fetched? The longest matching
    /// pattern decides; on a tie, allow wins. `/robots.txt` itself is always allowed.
    pub fn is_allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        // A full URL, so that a path starting with `//` is not read as a host.
        let url = format!("http://robots.invalid{}", upper_escapes(path));
        DefaultMatcher::default().one_agent_allowed_by_robots(&self.body, &self.agent, &url)
    }

    /// The Crawl-delay of the chosen groups, if any (clamped to [`MAX_CRAWL_DELAY`]).
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }
}

/// `Orewatch/1.2 (+url)` -> `orewatch`.
pub fn product_token(agent: &str) -> String {
    let token = agent.split(['/', ' ']).next().unwrap_or("");
    token.trim().to_ascii_lowercase()
}

/// `%c3%a9` -> `%C3%A9`, so a URL's escapes compare with the parser's (upper-case) ones.
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

/// The file cut down to what the crate's matcher reads for `agent`: an Allow or Disallow
/// line outside a group naming the agent or `*` is ignored by the matcher without a trace
/// (it returns before touching its state), so it is dropped here; User-agent lines are
/// kept as they are; any other line only ends a run of User-agent lines, so one marker
/// line stands for a run of them. Mirrors `RobotsMatcher`'s callbacks in robotstxt 0.3.0.
struct Relevant<'a> {
    agent: &'a str,
    global: bool,
    specific: bool,
    separator: bool,
    last_was_marker: bool,
    out: String,
}

impl<'a> Relevant<'a> {
    fn new(agent: &'a str) -> Relevant<'a> {
        Relevant {
            agent,
            global: false,
            specific: false,
            separator: false,
            last_was_marker: false,
            out: String::new(),
        }
    }

    fn rule(&mut self, key: &str, value: &str) {
        if self.global || self.specific {
            self.separator = true;
            self.last_was_marker = false;
            self.out.push_str(&format!("{key}: {value}\n"));
        }
    }

    fn other_line(&mut self) {
        self.separator = true;
        if !self.last_was_marker {
            self.out.push_str("x-other: -\n");
            self.last_was_marker = true;
        }
    }
}

impl RobotsParseHandler for Relevant<'_> {
    fn handle_robots_start(&mut self) {}
    fn handle_robots_end(&mut self) {}

    fn handle_user_agent(&mut self, _line: u32, value: &str) {
        if self.separator {
            self.global = false;
            self.specific = false;
            self.separator = false;
        }
        let star = value.strip_prefix('*');
        if star.is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            self.global = true;
        } else if agent_name(value).eq_ignore_ascii_case(self.agent) {
            self.specific = true;
        }
        self.last_was_marker = false;
        self.out.push_str(&format!("user-agent: {value}\n"));
    }

    fn handle_allow(&mut self, _line: u32, value: &str) {
        self.rule("allow", value);
    }

    fn handle_disallow(&mut self, _line: u32, value: &str) {
        self.rule("disallow", value);
    }

    fn handle_sitemap(&mut self, _line: u32, _value: &str) {
        self.other_line();
    }

    fn handle_unknown_action(&mut self, _line: u32, _action: &str, _value: &str) {
        self.other_line();
    }
}

/// A User-agent value's name as the matcher compares it: up to the first character
/// outside `[a-zA-Z_-]` (`Googlebot/2.1` -> `Googlebot`).
fn agent_name(value: &str) -> &str {
    let end = value
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
        .unwrap_or(value.len());
    &value[..end]
}

/// Crawl-delay lines, by group, as the parser reports them (it has no Crawl-delay of its
/// own): a group is a run of User-agent lines and the rules after them.
struct Delays<'a> {
    agent: &'a str,
    in_agent_lines: bool,
    group_is_ours: bool,
    group_is_star: bool,
    named: bool,
    ours: Option<f64>,
    star: Option<f64>,
}

impl<'a> Delays<'a> {
    fn new(agent: &'a str) -> Delays<'a> {
        Delays {
            agent,
            in_agent_lines: false,
            group_is_ours: false,
            group_is_star: false,
            named: false,
            ours: None,
            star: None,
        }
    }

    /// The delay of the groups naming us, else of the `*` groups (the largest if several).
    fn chosen(&self) -> Option<Duration> {
        let secs = if self.named { self.ours } else { self.star };
        secs.map(|s| Duration::from_secs_f64(s.min(MAX_CRAWL_DELAY.as_secs_f64())))
    }
}

fn max(a: Option<f64>, b: f64) -> Option<f64> {
    Some(a.map_or(b, |a| a.max(b)))
}

impl RobotsParseHandler for Delays<'_> {
    fn handle_robots_start(&mut self) {}
    fn handle_robots_end(&mut self) {}

    fn handle_user_agent(&mut self, _line: u32, value: &str) {
        if !self.in_agent_lines {
            self.group_is_ours = false;
            self.group_is_star = false;
        }
        self.in_agent_lines = true;
        let value = value.trim();
        let star = value.strip_prefix('*');
        if star.is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            self.group_is_star = true;
            return;
        }
        let name = agent_name(value);
        if !name.is_empty() && name.eq_ignore_ascii_case(self.agent) {
            self.group_is_ours = true;
            self.named = true;
        }
    }

    fn handle_allow(&mut self, _line: u32, _value: &str) {
        self.in_agent_lines = false;
    }

    fn handle_disallow(&mut self, _line: u32, _value: &str) {
        self.in_agent_lines = false;
    }

    fn handle_sitemap(&mut self, _line: u32, _value: &str) {}

    fn handle_unknown_action(&mut self, _line: u32, action: &str, value: &str) {
        if !action.trim().eq_ignore_ascii_case("crawl-delay") {
            return;
        }
        self.in_agent_lines = false;
        let Some(secs) = value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
        else {
            return;
        };
        if self.group_is_ours {
            self.ours = max(self.ours, secs);
        }
        if self.group_is_star {
            self.star = max(self.star, secs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "\
# example
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open/
Disallow: /*.pdf$
Disallow: /search*q=
Crawl-delay: 2.5
Sitemap: https://example.com/sitemap.xml
";

    #[test]
    fn star_group_applies_to_unnamed_agents() {
        let r = Robots::parse(TXT, "orewatch");
        assert!(r.is_allowed("/news/gold"));
        assert!(!r.is_allowed("/private/x"));
        assert!(r.is_allowed("/private/open/x"), "longer allow wins");
        assert!(!r.is_allowed("/files/report.pdf"));
        assert!(
            r.is_allowed("/files/report.pdf?download=1"),
            "$ anchors at the end"
        );
        assert!(!r.is_allowed("/search?page=2&q=gold"));
        assert!(r.is_allowed("/search?page=2"));
        assert!(r.is_allowed("/robots.txt"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
    }

    #[test]
    fn named_group_wins_over_star() {
        let r = Robots::parse(TXT, "OtherBot");
        assert!(!r.is_allowed("/news/gold"));
        assert_eq!(r.crawl_delay(), None, "the * group's delay is not ours");
        let txt = "User-agent: a\nUser-agent: orewatch\nDisallow: /x\nCrawl-delay: 3\n\n\
                   User-agent: *\nDisallow: /\nCrawl-delay: 9";
        let r = Robots::parse(txt, "orewatch");
        assert!(!r.is_allowed("/x/1"));
        assert!(r.is_allowed("/y"), "only the named group applies");
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(3)));
        let full = Robots::parse(txt, "orewatch/1.0");
        assert!(!full.is_allowed("/y"), "a full user agent names no group");
    }

    #[test]
    fn ties_and_empty_rules() {
        let r = Robots::parse("User-agent: *\nDisallow: /a\nAllow: /a\nDisallow:\n", "x");
        assert!(r.is_allowed("/a/b"), "allow wins a tie");
        let r = Robots::parse("User-agent: *\nDisallow:\n", "x");
        assert!(r.is_allowed("/anything"));
        assert!(Robots::parse("", "x").is_allowed("/"));
        assert!(Robots::allow_all().is_allowed("/x"));
        assert!(!Robots::disallow_all().is_allowed("/"));
        assert!(Robots::disallow_all().is_allowed("/robots.txt"));
        let r = Robots::parse("Disallow: /orphan\nUser-agent: *\nCrawl-delay: 9999", "x");
        assert!(
            r.is_allowed("/orphan"),
            "rules before any user-agent are ignored"
        );
        assert_eq!(r.crawl_delay(), Some(MAX_CRAWL_DELAY));
        let r = Robots::parse("\u{feff}User-agent: *\nDisallow: /b\nCrawl-delay: x", "x");
        assert!(!r.is_allowed("/b"), "a byte-order mark is skipped");
        assert_eq!(r.crawl_delay(), None, "a bad delay is ignored");
    }

    #[test]
    fn paths_and_escapes() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /金属\nDisallow: //x\n",
            "orewatch",
        );
        assert!(
            !r.is_allowed("/%e9%87%91%e5%b1%9e/x"),
            "escapes in any case"
        );
        assert!(r.is_allowed("/metals"));
        assert!(!r.is_allowed("//x/y"), "a path starting with // is a path");
        assert_eq!(product_token("Orewatch/0.1 (+https://x)"), "orewatch");
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_path_are_handled(text in ".{0,300}", path in "/[ -~]{0,60}") {
            let r = Robots::parse(&text, "orewatch");
            let _ = r.is_allowed(&path);
            proptest::prop_assert!(r.crawl_delay().is_none_or(|d| d <= MAX_CRAWL_DELAY));
        }

        #[test]
        fn the_kept_lines_decide_like_the_whole_file(
            lines in proptest::collection::vec(proptest::sample::select(vec![
                "User-agent: *", "User-agent: orewatch", "User-agent: Orewatch/2", "user-agent: other",
                "User-agent: * x", "useragent: orewatch", "Disallow: /", "Disallow: /a", "Allow: /a/b",
                "disallow /c", "Allow: /*.html$", "Allow: /d/index.html", "Disallow:", "Crawl-delay: 2",
                "Sitemap: http://x/s.xml", "Foo: bar", "", "# note", "Disallow: /a # c",
            ]), 0..14),
            path in proptest::sample::select(vec!["/", "/a", "/a/b/c", "/c", "/d/", "/x.html", "/a?q"]),
            agent in proptest::sample::select(vec!["orewatch", "other", "", "x"]),
        ) {
            let text = lines.join("\n");
            let full = format!("http://robots.invalid{path}");
            let whole = DefaultMatcher::default().one_agent_allowed_by_robots(&text, agent, &full);
            proptest::prop_assert_eq!(Robots::parse(&text, agent).is_allowed(path), whole || path == "/robots.txt");
        }

        #[test]
        fn prefix_rules_match_their_own_extensions(prefix in "/[a-z]{1,8}", tail in "[a-z/]{0,8}") {
            let r = Robots::parse(&format!("User-agent: *\nDisallow: {prefix}"), "orewatch");
            let extended = format!("{prefix}{tail}");
            proptest::prop_assert!(!r.is_allowed(&extended));
        }
    }
}
