//! What the extractor remembers while reading one article.

use chrono::NaiveDate;

use super::lexicon::Lexicon;

/// Running state over one article: referents for "the stock", "it", and the
/// commodity a paragraph is about.
pub struct Ctx<'a> {
    pub lx: &'a Lexicon,
    pub today: NaiveDate,
    pub paragraph: usize,
    /// Last commodity named (reset at a new paragraph only if another is named).
    pub last_commodity: Option<String>,
    /// Last company named (for "the stock", "the company").
    pub last_company: Option<String>,
    /// Last institution named (for "it", "the bank").
    pub last_institution: Option<String>,
}
