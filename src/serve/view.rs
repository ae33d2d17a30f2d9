//! Shared pieces of the server's pages: the message page, links from scraped
//! pages (http(s) only), numbers, CSV cells and name resolution through the
//! lexicons (the same aliases the extractor resolves before storage).

use askama::Template;

use crate::extract::Lexicon;

#[derive(Template)]
#[template(path = "serve_message.html")]
struct Message<'a> {
    title: &'a str,
    text: &'a str,
}

/// A page with a title and one paragraph (errors, notices); escaped.
pub(super) fn message(title: &str, text: &str) -> String {
    Message { title, text }
        .render()
        .unwrap_or_else(|_| "orewatch: the page could not be rendered".into())
}

/// A link taken from a scraped page, kept only when it is http(s).
pub(super) fn link(url: &str) -> Option<String> {
    crate::report::format::safe_link(Some(url))
}

/// The host of a URL (what a source column shows), else the text itself.
pub(super) fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(String::from))
        .unwrap_or_else(|| url.to_string())
}

/// A figure as the briefing writes it (grouped thousands).
pub(super) fn number(v: f64) -> String {
    crate::report::format::number(v)
}

pub(super) fn opt_number(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// One CSV cell: quoted when needed; a leading `= + - @` (a formula to a
/// spreadsheet) is defused with a quote mark, except in numbers.
pub(super) fn csv_cell(s: &str) -> String {
    let numeric = s.parse::<f64>().is_ok();
    let s = if !numeric && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The canonical names `q` stands for in `table`: the value of an alias
/// written exactly so (any case), else every name with a word starting with
/// `q` ("goldman" -> "Goldman Sachs"); `q` itself when nothing matches.
pub(super) fn resolve(phrases: &[(String, usize)], values: &[String], q: &str) -> Vec<String> {
    let q = q.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let lower = q.to_lowercase();
    if let Some((_, idx)) = phrases.iter().find(|(p, _)| p.to_lowercase() == lower) {
        return vec![values[*idx].clone()];
    }
    let mut out: Vec<String> = values
        .iter()
        .filter(|v| {
            let v = v.to_lowercase();
            v.split([' ', '-', '.']).any(|w| w.starts_with(&lower)) || v.starts_with(&lower)
        })
        .cloned()
        .collect();
    if out.is_empty() {
        out.push(q.to_string());
    }
    out
}

/// A commodity as stored (lower-case canonical English), from any alias (铜 -> copper).
pub(super) fn commodity(lexicon: &Lexicon, q: &str) -> Option<String> {
    let q = q.trim();
    let lower = q.to_lowercase();
    let table = &lexicon.commodities;
    table
        .phrases
        .iter()
        .find(|(p, _)| p.to_lowercase() == lower)
        .map(|(_, idx)| table.values[*idx].clone())
        .or_else(|| (!q.is_empty()).then_some(lower))
}

/// Splits `name.ext` for the download variants of a page.
pub(super) fn split_format(name: &str) -> (&str, Format) {
    for (ext, f) in [(".csv", Format::Csv), (".json", Format::Json)] {
        if let Some(base) = name.strip_suffix(ext) {
            return (base, f);
        }
    }
    (name, Format::Html)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Html,
    Csv,
    Json,
}

/// A path segment for a link to one of the server's own pages.
pub(super) fn segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A page template rendered as an HTML response.
pub(super) fn rendered(
    t: &impl askama::Template,
) -> Result<axum::response::Response, super::PageError> {
    use axum::response::IntoResponse;
    t.render()
        .map(|h| axum::response::Html(h).into_response())
        .map_err(|e| super::PageError::Internal(format!("template: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-1.5"), "-1.5");
    }

    #[test]
    fn names_resolve_through_aliases_and_word_prefixes() {
        let lx = Lexicon::builtin();
        let i = &lx.institutions;
        assert_eq!(
            resolve(&i.phrases, &i.values, "高盛"),
            vec!["Goldman Sachs"]
        );
        assert_eq!(
            resolve(&i.phrases, &i.values, "goldman"),
            vec!["Goldman Sachs"]
        );
        assert_eq!(commodity(&lx, "铜").as_deref(), Some("copper"));
        assert_eq!(commodity(&lx, "Copper").as_deref(), Some("copper"));
    }
}
