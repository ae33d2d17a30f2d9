//! What the extractor remembers while reading one article.

use chrono::NaiveDate;

use super::lexicon::Lexicon;

/// A price-table header in force: "(USD/t)" gives the rows' currency and unit.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub paragraph: usize,
    pub currency: String,
    pub unit: String,
    pub market: Option<String>,
}

/// An entity "it" can stand for: the last index or company named.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Index(String),
    Company(String),
}

/// The last price quoted in the article, for figures that carry its
/// currency and unit over ("... 418.50 dlrs an ounce. After opening at 421.90/422.40").
#[derive(Debug, Clone)]
pub struct Quote {
    pub commodity: String,
    pub currency: String,
    pub unit: String,
    pub value: f64,
    /// 0.01 when the price was written in cents or pence.
    pub scale: f64,
    pub paragraph: usize,
}

/// Running state over one article: referents for "the stock", "it", and the
/// commodity a paragraph is about.
pub struct Ctx<'a> {
    pub lx: &'a Lexicon,
    pub today: NaiveDate,
    pub paragraph: usize,
    /// Last commodity named, and the paragraph it was named in.
    pub last_commodity: Option<(usize, &'a str)>,
    /// The metal a sentence last named first, and its paragraph ("the metal").
    pub last_metal: Option<(usize, &'a str)>,
    /// Last company named (for "the stock", "the company").
    pub last_company: Option<String>,
    /// Last index named or moved (for "the index", "the benchmark").
    pub last_index: Option<String>,
    /// `last_index` as it stood before the current sentence.
    pub prev_index: Option<String>,
    /// The last index or company named (for "it").
    pub last_subject: Option<Subject>,
    /// `last_subject` as it stood before the current sentence.
    pub prev_subject: Option<Subject>,
    /// Tickers named in parentheses after a company: ("GFI", "Gold Fields").
    pub tickers: Vec<(String, String)>,
    /// Last institution named (for "it", "the bank").
    pub last_institution: Option<String>,
    /// Price-table header of the current paragraph.
    pub table: Option<TableHeader>,
    /// What the Chinese grammar remembers.
    pub zh: super::zh::State,
    /// Recent prices quoted (English), most recent first.
    pub quotes: Vec<Quote>,
    /// The dollar a plain "dlrs" means under the article's dateline
    /// ("MELBOURNE, April 13 -" -> AUD); None for the US dollar.
    pub local_dollar: Option<&'static str>,
    /// The text being read, for "was this name written before?" (a surname
    /// standing for the analyst introduced earlier).
    pub article: &'a str,
}
