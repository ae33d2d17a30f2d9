//! Google's robots.txt test cases, continued: longest match, encoding, special
//! characters, the documentation's examples, line endings and byte-order marks.

use super::cases::{F, Group};

/// robots.txt bodies and their checks (see `cases.rs`).
pub const MATCHING: &[Group] = &[
    (
        "longest/disallow_longer",
        "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n",
        &[(F, "http://foo.bar/x/page.html", false)],
    ),
    (
        "longest/allow_longer",
        "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n",
        &[
            (F, "http://foo.bar/x/page.html", true),
            (F, "http://foo.bar/x/", false),
        ],
    ),
    (
        "longest/both_empty",
        "user-agent: FooBot\ndisallow: \nallow: \n",
        &[(F, "http://foo.bar/x/page.html", true)],
    ),
    (
        "longest/both_root",
        "user-agent: FooBot\ndisallow: /\nallow: /\n",
        &[(F, "http://foo.bar/x/page.html", true)],
    ),
    (
        "longest/dir_vs_name",
        "user-agent: FooBot\ndisallow: /x\nallow: /x/\n",
        &[
            (F, "http://foo.bar/x", false),
            (F, "http://foo.bar/x/", true),
        ],
    ),
    (
        "longest/same_pattern",
        "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n",
        &[(F, "http://foo.bar/x/page.html", true)],
    ),
    (
        "longest/wildcard_longer",
        "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n",
        &[
            (F, "http://foo.bar/page.html", false),
            (F, "http://foo.bar/page", true),
        ],
    ),
    (
        "longest/prefix_longer",
        "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n",
        &[
            (F, "http://foo.bar/x/page.html", true),
            (F, "http://foo.bar/x/y.html", false),
        ],
    ),
    (
        "longest/named_group_only",
        "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n",
        &[
            (F, "http://foo.bar/x/page", true),
            (F, "http://foo.bar/y/page", false),
        ],
    ),
    (
        "encoding/query_with_url",
        "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n",
        &[(
            F,
            "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par",
            true,
        )],
    ),
    (
        "encoding/raw_rule",
        "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n",
        &[
            (F, "http://foo.bar/foo/bar/%E3%83%84", true),
            (F, "http://foo.bar/foo/bar/ツ", false),
        ],
    ),
    (
        "encoding/encoded_rule",
        "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n",
        &[
            (F, "http://foo.bar/foo/bar/%E3%83%84", true),
            (F, "http://foo.bar/foo/bar/ツ", false),
        ],
    ),
    (
        "encoding/encoded_ascii",
        "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n",
        &[
            (F, "http://foo.bar/foo/bar/baz", false),
            (F, "http://foo.bar/foo/bar/%62%61%7A", true),
        ],
    ),
    (
        "special/star_in_middle",
        "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n",
        &[
            (F, "http://foo.bar/foo/bar/quz", false),
            (F, "http://foo.bar/foo/quz", true),
            (F, "http://foo.bar/foo//quz", true),
            (F, "http://foo.bar/foo/bax/quz", true),
        ],
    ),
    (
        "special/dollar",
        "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n",
        &[
            (F, "http://foo.bar/foo/bar", false),
            (F, "http://foo.bar/foo/bar/qux", true),
            (F, "http://foo.bar/foo/bar/", true),
            (F, "http://foo.bar/foo/bar/baz", true),
        ],
    ),
    (
        "special/comments",
        "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n",
        &[
            (F, "http://foo.bar/foo/bar", true),
            (F, "http://foo.bar/foo/quz", false),
        ],
    ),
    (
        "index_html_is_directory",
        "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n",
        &[
            ("foobot", "http://foo.com/allowed-slash/", true),
            ("foobot", "http://foo.com/allowed-slash/index.htm", false),
            ("foobot", "http://foo.com/allowed-slash/index.html", true),
            ("foobot", "http://foo.com/anyother-url", false),
        ],
    ),
    (
        "docs/fish",
        "user-agent: FooBot\ndisallow: /\nallow: /fish\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/fish", true),
            (F, "http://foo.bar/fish.html", true),
            (F, "http://foo.bar/fish/salmon.html", true),
            (F, "http://foo.bar/fishheads", true),
            (F, "http://foo.bar/fishheads/yummy.html", true),
            (F, "http://foo.bar/fish.html?id=anything", true),
            (F, "http://foo.bar/Fish.asp", false),
            (F, "http://foo.bar/catfish", false),
            (F, "http://foo.bar/?id=fish", false),
        ],
    ),
    (
        "docs/fish_star",
        "user-agent: FooBot\ndisallow: /\nallow: /fish*\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/fish", true),
            (F, "http://foo.bar/fish.html", true),
            (F, "http://foo.bar/fish/salmon.html", true),
            (F, "http://foo.bar/fishheads", true),
            (F, "http://foo.bar/fishheads/yummy.html", true),
            (F, "http://foo.bar/fish.html?id=anything", true),
            (F, "http://foo.bar/Fish.bar", false),
            (F, "http://foo.bar/catfish", false),
            (F, "http://foo.bar/?id=fish", false),
        ],
    ),
    (
        "docs/fish_slash",
        "user-agent: FooBot\ndisallow: /\nallow: /fish/\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/fish/", true),
            (F, "http://foo.bar/fish/salmon", true),
            (F, "http://foo.bar/fish/?salmon", true),
            (F, "http://foo.bar/fish/salmon.html", true),
            (F, "http://foo.bar/fish/?id=anything", true),
            (F, "http://foo.bar/fish", false),
            (F, "http://foo.bar/fish.html", false),
            (F, "http://foo.bar/Fish/Salmon.html", false),
        ],
    ),
    (
        "docs/star_php",
        "user-agent: FooBot\ndisallow: /\nallow: /*.php\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/filename.php", true),
            (F, "http://foo.bar/folder/filename.php", true),
            (F, "http://foo.bar/folder/filename.php?parameters", true),
            (F, "http://foo.bar//folder/any.php.file.html", true),
            (F, "http://foo.bar/filename.php/", true),
            (F, "http://foo.bar/index?f=filename.php/", true),
            (F, "http://foo.bar/php/", false),
            (F, "http://foo.bar/index?php", false),
            (F, "http://foo.bar/windows.PHP", false),
        ],
    ),
    (
        "docs/star_php_dollar",
        "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/filename.php", true),
            (F, "http://foo.bar/folder/filename.php", true),
            (F, "http://foo.bar/filename.php?parameters", false),
            (F, "http://foo.bar/filename.php/", false),
            (F, "http://foo.bar/filename.php5", false),
            (F, "http://foo.bar/php/", false),
            (F, "http://foo.bar/filename?php", false),
            (F, "http://foo.bar/aaaphpaaa", false),
            (F, "http://foo.bar//windows.PHP", false),
        ],
    ),
    (
        "docs/fish_star_php",
        "user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n",
        &[
            (F, "http://foo.bar/bar", false),
            (F, "http://foo.bar/fish.php", true),
            (F, "http://foo.bar/fishheads/catfish.php?parameters", true),
            (F, "http://foo.bar/Fish.PHP", false),
        ],
    ),
    (
        "precedence/allow_p",
        "user-agent: FooBot\nallow: /p\ndisallow: /\n",
        &[(F, "http://example.com/page", true)],
    ),
    (
        "precedence/same_folder",
        "user-agent: FooBot\nallow: /folder\ndisallow: /folder\n",
        &[(F, "http://example.com/folder/page", true)],
    ),
    (
        "precedence/star_htm",
        "user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n",
        &[(F, "http://example.com/page.htm", false)],
    ),
    (
        "precedence/root_dollar",
        "user-agent: FooBot\nallow: /$\ndisallow: /\n",
        &[
            (F, "http://example.com/", true),
            (F, "http://example.com/page.html", false),
        ],
    ),
    // The upstream line-ending and byte-order-mark checks count parser callbacks; here the
    // same files are asked a question whose answer depends on reading every line.
    (
        "line_endings/lf",
        "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n",
        &[
            ("bar", "http://foo.bar/x", false),
            ("foo", "http://foo.bar/some/path", true),
        ],
    ),
    (
        "line_endings/crlf",
        "User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n",
        &[
            ("bar", "http://foo.bar/x", false),
            ("foo", "http://foo.bar/some/path", true),
        ],
    ),
    (
        "line_endings/cr",
        "User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r",
        &[
            ("bar", "http://foo.bar/x", false),
            ("foo", "http://foo.bar/some/path", true),
        ],
    ),
    (
        "line_endings/no_final_newline",
        "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /",
        &[("bar", "http://foo.bar/x", false)],
    ),
    (
        "line_endings/mixed",
        "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /",
        &[("bar", "http://foo.bar/x", false)],
    ),
    (
        "bom/full",
        "\u{feff}User-Agent: foo\nDisallow: /AnyValue\n",
        &[("foo", "http://foo.bar/AnyValue", false)],
    ),
    (
        "bom/in_the_middle",
        "User-Agent: foo\n\u{feff}Disallow: /AnyValue\n",
        &[("foo", "http://foo.bar/AnyValue", true)],
    ),
];
