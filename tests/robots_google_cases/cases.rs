//! Google's robots.txt test cases (google/robotstxt, robots_test.cc), restated as data:
//! each robots.txt with the questions upstream asks of it and the answers it expects.

/// One question: may `agent` fetch `url` under `robots`?
pub struct Case {
    pub name: String,
    pub robots: String,
    pub agent: &'static str,
    pub url: String,
    pub allowed: bool,
}

/// A robots.txt and the questions asked of it: (agent, url, allowed).
pub type Group = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, bool)],
);

pub const F: &str = "FooBot";

/// robots.txt bodies and their checks, one entry per block of the upstream suite: line
/// syntax, groups and agents here, rule matching in `matching.rs`.
const GROUPS: &[Group] = &[
    ("system/empty_file", "", &[(F, "", true)]),
    (
        "system/empty_agent_or_url",
        "user-agent: FooBot\ndisallow: /\n",
        &[("", "", true), (F, "", false)],
    ),
    ("system/all_empty", "", &[("", "", true)]),
    (
        "line_syntax/correct",
        "user-agent: FooBot\ndisallow: /\n",
        &[(F, "http://foo.bar/x/y", false)],
    ),
    (
        "line_syntax/unknown_keys",
        "foo: FooBot\nbar: /\n",
        &[(F, "http://foo.bar/x/y", true)],
    ),
    (
        "line_syntax/missing_colon",
        "user-agent FooBot\ndisallow /\n",
        &[(F, "http://foo.bar/x/y", false)],
    ),
    (
        "groups",
        "allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\n\
         disallow: /\nallow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\n\
         allow: /z/\ndisallow: /\n",
        &[
            (F, "http://foo.bar/x/b", true),
            (F, "http://foo.bar/z/d", true),
            (F, "http://foo.bar/y/c", false),
            ("BarBot", "http://foo.bar/y/c", true),
            ("BarBot", "http://foo.bar/w/a", true),
            ("BarBot", "http://foo.bar/z/d", false),
            ("BazBot", "http://foo.bar/z/d", true),
            (F, "http://foo.bar/foo/bar/", false),
            ("BarBot", "http://foo.bar/foo/bar/", false),
            ("BazBot", "http://foo.bar/foo/bar/", false),
        ],
    ),
    (
        "groups/sitemap_between_agents",
        "User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n",
        &[
            (F, "http://foo.bar/", false),
            ("BarBot", "http://foo.bar/", false),
        ],
    ),
    (
        "groups/unknown_line_between_agents",
        "User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n",
        &[
            (F, "http://foo.bar/", false),
            ("BarBot", "http://foo.bar/", false),
        ],
    ),
    (
        "key_case/upper",
        "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n",
        &[
            (F, "http://foo.bar/x/y", true),
            (F, "http://foo.bar/a/b", false),
        ],
    ),
    (
        "key_case/lower",
        "user-agent: FooBot\nallow: /x/\ndisallow: /\n",
        &[
            (F, "http://foo.bar/x/y", true),
            (F, "http://foo.bar/a/b", false),
        ],
    ),
    (
        "key_case/mixed",
        "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n",
        &[
            (F, "http://foo.bar/x/y", true),
            (F, "http://foo.bar/a/b", false),
        ],
    ),
    (
        "agent_case/upper",
        "User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n",
        &[
            ("Foo", "http://foo.bar/x/y", true),
            ("Foo", "http://foo.bar/a/b", false),
            ("foo", "http://foo.bar/x/y", true),
            ("foo", "http://foo.bar/a/b", false),
        ],
    ),
    (
        "agent_case/lower",
        "User-Agent: foo bar\nAllow: /x/\nDisallow: /\n",
        &[
            ("Foo", "http://foo.bar/x/y", true),
            ("Foo", "http://foo.bar/a/b", false),
            ("foo", "http://foo.bar/x/y", true),
            ("foo", "http://foo.bar/a/b", false),
        ],
    ),
    (
        "agent_case/mixed",
        "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n",
        &[
            ("Foo", "http://foo.bar/x/y", true),
            ("Foo", "http://foo.bar/a/b", false),
            ("foo", "http://foo.bar/x/y", true),
            ("foo", "http://foo.bar/a/b", false),
        ],
    ),
    (
        "agent_up_to_first_space",
        "User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n",
        &[
            ("Foo", "http://foo.bar/x/y", true),
            ("Foo Bar", "http://foo.bar/x/y", false),
        ],
    ),
    ("global/empty", "", &[(F, "http://foo.bar/x/y", true)]),
    (
        "global/star_and_named",
        "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n",
        &[
            (F, "http://foo.bar/x/y", false),
            ("BarBot", "http://foo.bar/x/y", true),
        ],
    ),
    (
        "global/only_named",
        "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\nuser-agent: BazBot\n\
         disallow: /\n",
        &[("QuxBot", "http://foo.bar/x/y", true)],
    ),
    (
        "value_case/lower_rule",
        "user-agent: FooBot\ndisallow: /x/\n",
        &[(F, "http://foo.bar/x/y", false)],
    ),
    (
        "value_case/upper_rule",
        "user-agent: FooBot\ndisallow: /X/\n",
        &[(F, "http://foo.bar/x/y", true)],
    ),
];

/// Upstream's long-line check: lines are cut after 8 * 2083 bytes, and the cut rule still
/// applies as a prefix.
fn long_line_cases() -> Vec<Case> {
    const MAX_LINE: usize = 2083 * 8;
    let pad = |prefix: &str, fill: &str, key: &str| {
        let mut s = String::from(prefix);
        while s.len() < MAX_LINE - 3 - key.len() + 1 {
            s.push_str(fill);
        }
        s
    };
    let long = pad("/x/", "a", "disallow: ");
    let one = format!("user-agent: FooBot\ndisallow: {long}/qux\n");
    let (a, b) = (pad("/x/", "a", "allow: "), pad("/x/", "b", "allow: "));
    let two = format!("user-agent: FooBot\ndisallow: /\nallow: {a}/qux\nallow: {b}/qux\n");
    let case = |name: &str, robots: &str, url: String, allowed| Case {
        name: format!("long_line/{name}"),
        robots: robots.to_string(),
        agent: F,
        url,
        allowed,
    };
    vec![
        case("no_match", &one, "http://foo.bar/fux".into(), true),
        case(
            "cut_disallow",
            &one,
            format!("http://foo.bar{long}/fux"),
            false,
        ),
        case("root", &two, "http://foo.bar/".into(), false),
        case("exact_allow", &two, format!("http://foo.bar{a}/qux"), true),
        case("cut_allow", &two, format!("http://foo.bar{b}/fux"), true),
    ]
}

/// Every check of every group, named `group#n (agent url)`.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (name, robots, checks) in GROUPS.iter().chain(super::matching::MATCHING) {
        for (i, (agent, url, allowed)) in checks.iter().enumerate() {
            out.push(Case {
                name: format!("{name}#{} ({agent} {url})", i + 1),
                robots: robots.to_string(),
                agent,
                url: url.to_string(),
                allowed: *allowed,
            });
        }
    }
    out.extend(long_line_cases());
    out
}
