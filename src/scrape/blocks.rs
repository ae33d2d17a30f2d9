//! Judging finished blocks of body text by their wording: captions, bylines, promos,
//! timestamps and the headings that open trailing boilerplate sections.

use once_cell::sync::Lazy;

use super::hints::floor_char;
use super::prefix::ByFirstByte;

/// What a finished block of text is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BlockVerdict {
    /// Article text.
    Keep,
    /// Boilerplate: drop this block.
    Drop,
    /// A heading that starts a trailing boilerplate section: drop it and its section.
    End,
}

/// Short lines (lower case, trailing ':' or '.' removed) that open a boilerplate section.
#[rustfmt::skip]
const END_MARKERS: &[&str] = &[
    "comments", "comment", "most discussed", "related articles", "related stories",
    "related news", "related content", "related", "related posts", "related coverage",
    "share article", "share this article", "share this story", "share", "read more",
    "more stories", "more news", "more from", "recommended", "recommended for you",
    "you may also like", "you might also like", "trending", "trending now", "most popular",
    "most read", "popular", "latest news", "leave a comment", "join the conversation",
    "more on this story", "top stories", "editor's picks", "what to read next",
    "sponsored links", "sponsored content", "from our partners", "around the web",
    "tell us what you think", "what do you think", "have your say", "related tags", "tags",
    "topics", "related topics",
    "相关阅读", "相关文章", "相关新闻", "相关推荐", "推荐阅读", "延伸阅读", "热门推荐", "热门文章",
    "猜你喜欢", "更多新闻", "评论", "网友评论", "最新评论", "相關文章", "相關新聞", "延伸閱讀",
    "熱門文章", "留言", "評論",
];

/// Whole blocks that are ad or widget labels (lower case, trailing punctuation removed).
#[rustfmt::skip]
const JUNK_LABELS: &[&str] = &[
    "advert", "advertisement", "ad", "ads", "sponsored", "anzeige", "werbung", "publicidad",
    "publicité", "pubblicità", "iklan", "реклама", "广告", "廣告", "広告", "광고", "loading",
    "play video", "watch video", "video", "close", "menu", "search", "print", "email", "more",
    "分享", "分享到", "收藏", "打印", "关闭", "返回顶部", "點擊", "返回頂部",
];

/// Prefixes (lower case) of boilerplate lines, dropped when the block is short.
#[rustfmt::skip]
const SHORT_PREFIXES: &[&str] = &[
    "advertisement", "share this", "share on", "share article", "share via", "read more",
    "read next", "read also", "also read", "related:", "related articles", "related stories",
    "sign up", "subscribe", "click here", "follow us", "follow @", "all rights reserved",
    "copyright", "©", "photo:", "photo by", "photograph:", "photos:", "image:", "image credit",
    "foto:", "фото:", "bild:", "getty images", "(photo", "recommended", "leave a comment",
    "you may also", "more from", "listen to this", "download the", "get the latest",
    "sign in", "log in", "terms of use", "privacy policy", "posted in", "filed under",
    "tags:", "topics:", "updated:", "published:", "last updated", "reporting by",
    "editing by", "writing by", "additional reporting", "contact the", "email the",
    "skip to", "back to top", "view comments", "see also", "watch:", "watch now", "listen:",
    "don't miss", "trending", "newsletter", "continue reading", "story continues",
    "scroll to continue", "ad feedback", "report an error", "written by", "posted by",
    "reported by", "words by", "tell us what", "(reporting by", "(writing by", "(editing by",
    "(additional reporting", "like this story", "see more photos", "see more", "related roundup",
    "post comment", "post a comment", "add comment", "add a comment", "reading time",
    "tempo de leitura", "lesezeit", "temps de lecture", "tiempo de lectura", "阅读时间", "责任编辑", "責任編輯", "编辑：", "编辑:", "原标题",
    "原標題", "分享到", "文章来源", "来源：", "來源：",
];

/// Prefixes (lower case) that make a block boilerplate whatever its length.
#[rustfmt::skip]
const ANY_PREFIXES: &[&str] = &[
    "disclaimer:", "disclaimer -", "we use cookies", "this website uses cookies",
    "this site uses cookies", "by using this site", "by continuing to use", "免责声明", "免責聲明",
    "风险提示：", "風險提示：",
];

/// Words only promotional boxes use: one of them plus another promo word in a short block
/// marks it as a promo.
#[rustfmt::skip]
const PROMO_STRONG: &[&str] = &[
    "newsletter", "inbox", "click here", "free trial", "affiliate", "download our app",
    "unlimited access", "special offer", "promo code",
];

/// Words promotional boxes share with news text.
#[rustfmt::skip]
const PROMO_WEAK: &[&str] = &[
    "sign up", "subscribe", "subscription", "delivered", "register", "commission",
    "follow us", "free",
];

static ANY: Lazy<ByFirstByte> = Lazy::new(|| ByFirstByte::new(ANY_PREFIXES));
static SHORT: Lazy<ByFirstByte> = Lazy::new(|| ByFirstByte::new(SHORT_PREFIXES));

/// Does a block opening with this text read as a disclaimer or cookie notice?
pub(crate) fn opens_boilerplate(text: &str) -> bool {
    let lower = text[..floor_char(text, 40)].to_lowercase();
    ANY.starts(&lower)
}

/// Judge a block of body text by its wording and link share.
pub(crate) fn judge_block(text: &str, link_len: usize, heading: bool) -> BlockVerdict {
    let len = text.len();
    if len == 0 || !text.chars().any(char::is_alphanumeric) {
        return BlockVerdict::Drop;
    }
    // A lone list number or counter ("1", "10", "4.")
    if len <= 4 && !text.chars().any(char::is_alphabetic) {
        return BlockVerdict::Drop;
    }
    if len < 64 {
        let label = text
            .trim_end_matches([':', '.', ' ', '!', '…', '：', '。'])
            .to_lowercase();
        if END_MARKERS.contains(&label.as_str()) {
            return BlockVerdict::End;
        }
        if JUNK_LABELS.contains(&label.as_str()) {
            return BlockVerdict::Drop;
        }
        if heading && is_about_heading(&label) {
            return BlockVerdict::End;
        }
        if is_more_heading(&label) {
            return BlockVerdict::End;
        }
    }
    if link_len * 2 > len && len - link_len < 60 {
        return BlockVerdict::Drop;
    }
    let lower = text[..floor_char(text, 300)].to_lowercase();
    if ANY.starts(&lower) {
        return BlockVerdict::Drop;
    }
    if len < 160 && SHORT.starts(&lower) {
        return BlockVerdict::Drop;
    }
    if len < 300 && is_promo(&lower) {
        return BlockVerdict::Drop;
    }
    if !heading && len < 100 && (is_byline(text) || is_time_line(&lower) || is_stamp(&lower)) {
        return BlockVerdict::Drop;
    }
    if len < 250 && (is_credit_line(&lower) || is_contact_line(&lower)) {
        return BlockVerdict::Drop;
    }
    if len < 40 && (lower.contains("min read") || lower.contains("minute read")) {
        return BlockVerdict::Drop;
    }
    if len < 24 && is_gallery_counter(&lower) {
        return BlockVerdict::Drop;
    }
    BlockVerdict::Keep
}

/// "Associated Press writers A and B contributed to this report."
fn is_credit_line(lower: &str) -> bool {
    let end = lower.trim_end_matches(['.', ')', ' ']);
    [
        "contributed to this report",
        "contributed reporting",
        "contributed to this story",
    ]
    .iter()
    .any(|s| end.ends_with(s))
        // "Jo Bloggs contributed reporting from Lima."
        || (lower.len() < 120 && lower.contains(" contributed reporting"))
}

/// An author's or desk's contact and social line: "Follow her on Twitter @name",
/// "Email Jo at jo@example.com", "Have a tip? Jo may be reached at ...".
fn is_contact_line(lower: &str) -> bool {
    let social = || {
        ["twitter", "facebook", "instagram", "linkedin", "@"]
            .iter()
            .any(|w| lower.contains(w))
    };
    let follow = lower.contains("follow ") && social();
    let email = lower.contains('@')
        && lower.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        })
        && ["email", "reached", "contact", "tip", "write to"]
            .iter()
            .any(|w| lower.contains(w));
    follow || email
}

/// "Image 1 of 5", "Photo 3/12", "Slide 2 of 9".
fn is_gallery_counter(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    matches!(words.next(), Some("image" | "photo" | "slide" | "picture"))
        && words.all(|w| w == "of" || w.chars().all(|c| c.is_ascii_digit() || c == '/'))
}

/// A short block with a promo-only word and one more promo word.
fn is_promo(lower: &str) -> bool {
    let strong = PROMO_STRONG.iter().filter(|w| lower.contains(*w)).count();
    strong > 0 && strong + PROMO_WEAK.iter().filter(|w| lower.contains(*w)).count() >= 2
}

/// "More Great Tech Stories", "More business news": a heading over a list of links.
fn is_more_heading(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    words.len() <= 6
        && words.first() == Some(&"more")
        && words.last().is_some_and(|w| {
            [
                "stories",
                "news",
                "articles",
                "coverage",
                "videos",
                "reads",
                "headlines",
            ]
            .contains(w)
        })
}

/// "About Acme", "About the author": the boilerplate section of press releases and blogs.
fn is_about_heading(label: &str) -> bool {
    label
        .strip_prefix("about ")
        .is_some_and(|rest| rest.split_whitespace().count() <= 4)
}

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters": a name line, not a sentence.
fn is_byline(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))
    else {
        return false;
    };
    !rest.ends_with('.') && rest.split_whitespace().count() <= 8
}

/// "The Associated Press Published Monday, November 18, 2019 8:22AM EST": a source or
/// author followed by a publication stamp.
fn is_stamp(lower: &str) -> bool {
    ["published", "updated", "posted"]
        .iter()
        .any(|w| lower.find(w).is_some_and(|i| is_time_line(&lower[i..])))
}

/// Words that may stand in a timestamp line besides numbers (a `match`, not a
/// list scan: it runs for every word of every short text node).
#[rustfmt::skip]
fn is_time_word(w: &str) -> bool {
    matches!(w,
        "updated" | "published" | "posted" | "last" | "on" | "at" | "am" | "pm" | "a.m" |
        "p.m" | "et" | "est" | "edt" | "gmt" | "utc" | "bst" | "cet" | "ist" | "pst" | "pt" |
        "ago" | "minute" | "minutes" | "hour" | "hours" | "day" | "days" | "week" | "weeks" |
        "month" | "months" | "year" | "years" | "today" | "yesterday" | "monday" | "tuesday" |
        "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "mon" | "tue" | "tues" |
        "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" | "january" | "february" |
        "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october" |
        "november" | "december" | "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" |
        "sep" | "sept" | "oct" | "nov" | "dec" | "of" | "th" | "st" | "nd" | "rd"
    )
}

/// A line holding only a date or time ("Tuesday November 19, 2019", "Updated 1:23 p.m.",
/// "3 hours ago"), in lower case.
pub(crate) fn is_time_line(lower: &str) -> bool {
    let mut numbers = 0;
    let mut other = 0;
    let mut time_words = 0;
    for word in lower.split(|c: char| !c.is_alphanumeric() && c != '.') {
        let word = word.trim_matches('.');
        if word.is_empty() {
            continue;
        }
        let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < word.len() {
            numbers += 1;
            if !digits.is_empty() && !is_time_word(digits) && !digits.starts_with('h') {
                other += 1;
            }
        } else if is_time_word(word) {
            time_words += 1;
        } else {
            other += 1;
        }
        // both readings below allow at most one other word: prose stops here
        if other > 1 {
            return false;
        }
    }
    let clock_or_date = lower.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], b':' | b'/' | b'-') && w[2].is_ascii_digit()
    });
    numbers > 0
        && ((other == 0 && (time_words > 0 || clock_or_date))
            // "Posted: 2018-09-28 17:32" with a label in any language.
            || (other <= 1 && clock_or_date && lower.len() < 48))
}

#[cfg(test)]
mod tests {
    use super::{BlockVerdict::*, judge_block};

    fn judge(text: &str) -> super::BlockVerdict {
        judge_block(text, 0, false)
    }

    #[test]
    fn trailing_section_headings_end_the_body() {
        for h in [
            "Related Articles",
            "Most Discussed",
            "Comments",
            "Share Article",
            "Read more:",
        ] {
            assert_eq!(judge(h), End, "{h}");
        }
        assert_eq!(judge_block("About Acme Mining", 0, true), End);
        // Not as a paragraph, and not when the heading is a sentence.
        assert_eq!(judge("About Acme Mining"), Keep);
        assert_eq!(
            judge_block(
                "About the copper price outlook for next year and beyond",
                0,
                true
            ),
            Keep
        );
    }

    #[test]
    fn labels_timestamps_bylines_and_promos_drop() {
        for t in [
            "Advertisement",
            "Iklan",
            "___",
            "10",
            "4.",
            "Image 2 of 5",
            "5 min read",
            "Reading time: 3 minutes",
            "Post Comment (+)",
            "(Reporting by Jo Bloggs; Editing by Sam Roe)",
            "Reuters writers Jo Bloggs and Sam Roe contributed to this report.",
            "Follow her on Twitter @jobloggs or on Facebook.",
            "Have a tip? Jo Bloggs may be reached at jo@example.com.",
            "3 hours ago",
            "Updated 1:23 p.m. ET",
            "Tuesday November 19, 2019",
            "Reuters Published Monday, November 18, 2019 8:22AM EST",
            "By Jane Doe and John Roe",
            "Written by Jane Doe on November 14, 2019",
            "Sign up for our newsletter to get the news in your inbox.",
            "Disclaimer: this is not investment advice, whatever its length may be, and so on.",
        ] {
            assert_eq!(judge(t), Drop, "{t}");
        }
    }

    #[test]
    fn news_sentences_and_data_stay() {
        for t in [
            "By the close, copper had gained 2% to $9,800 a tonne.",
            "Subscribers to the fund will receive shares next week, the company said.",
            "The firm will sign up new clients and subscribe to more data, it said.",
            "63 85%",
            "DL Myles Garrett 57 77%",
            "November output rose 4%.",
            "Updated guidance lifts the full-year target to 1.2 million tonnes.",
            "Traders will follow the Fed closely, one said, after a post on X moved prices.",
            "More copper came to market as smelters restarted.",
        ] {
            assert_eq!(judge(t), Keep, "{t}");
        }
    }

    #[test]
    fn link_heavy_blocks_drop_unless_they_carry_text() {
        assert_eq!(judge_block("Gold hits a record high", 23, false), Drop);
        let text =
            "Gold hits a record. Prices rose 3% on Monday as investors sought safety amid turmoil.";
        assert_eq!(judge_block(text, 19, false), Keep);
    }
}
