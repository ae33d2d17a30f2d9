//! Closed word classes of the grammar (the open lexicons live in `data/`).

/// Words announcing a forecast.
pub const FORECAST_WORDS: &[&str] = &["forecast", "forecasts", "forecasting", "outlook", "estimate", "estimates", "projection", "projections", "expects", "expected", "expect", "sees", "predicts", "predicted", "projects", "projected", "target", "targets", "assumption", "assumptions", "guidance", "case", "scenario", "base-case", "bull-case", "bear-case", "预测", "预期"];
/// Forecast revisions up.
pub const RAISE: &[&str] = &["raised", "raises", "raising", "lifted", "lifts", "lifting", "upgraded", "upgrades", "increased", "boosted", "hiked", "bumped", "上调"];
/// Forecast revisions down.
pub const CUT: &[&str] = &["cut", "cuts", "cutting", "lowered", "lowers", "lowering", "trimmed", "trims", "downgraded", "downgrades", "reduced", "reduces", "slashed", "slashes", "下调"];
/// Forecasts restated.
pub const KEEP: &[&str] = &["kept", "keeps", "maintained", "maintains", "maintaining", "reiterated", "reiterates", "held", "holds", "left", "unchanged", "affirmed", "reaffirmed", "retained", "维持"];
/// First published forecasts.
pub const INITIATE: &[&str] = &["initiated", "initiates", "introduced", "set", "sets", "expects", "sees", "predicts", "forecasts", "projects", "estimates", "published", "issued"];
/// Amounts near these words are company data, targets or technical levels, not prices.
pub const NOT_PRICE_WORDS: &[&str] = &["cost", "costs", "aisc", "capex", "revenue", "revenues", "eps", "earnings", "profit", "profits", "margin", "margins", "breakeven", "break-even", "subsidy", "tax", "royalty", "support", "resistance", "strike", "if", "unless", "should", "target", "targets", "threshold", "budget", "spending", "investment", "sales", "dividend", "valuation", "loss", "成本", "目标"];
/// Exchanges as written -> canonical market.
pub const MARKETS: &[(&str, &str)] = &[("lme", "LME"), ("comex", "COMEX"), ("shfe", "SHFE"), ("lbma", "LBMA"), ("nymex", "NYMEX"), ("cme", "CME"), ("sgx", "SGX"), ("dce", "DCE"), ("ice", "ICE")];
/// Exchanges written out -> canonical market.
pub const MARKET_PHRASES: &[(&str, &str)] = &[("london metal exchange", "LME"), ("shanghai futures exchange", "SHFE"), ("london bullion market", "LBMA"), ("new york mercantile exchange", "NYMEX"), ("chicago mercantile exchange", "CME"), ("singapore exchange", "SGX"), ("dalian commodity exchange", "DCE"), ("shanghai gold exchange", "SGE"), ("multi commodity exchange", "MCX")];
/// Chinese market hints (substrings) -> canonical market.
pub const MARKETS_ZH: &[(&str, &str)] = &[("沪铜", "SHFE"), ("沪铝", "SHFE"), ("沪锌", "SHFE"), ("沪镍", "SHFE"), ("沪锡", "SHFE"), ("沪金", "SHFE"), ("沪银", "SHFE"), ("上期所", "SHFE"), ("上海期货交易所", "SHFE"), ("伦铜", "LME"), ("伦铝", "LME"), ("伦锌", "LME"), ("伦镍", "LME"), ("伦锡", "LME"), ("伦敦金属交易所", "LME"), ("纽约金", "COMEX"), ("纽金", "COMEX"), ("纽铜", "COMEX"), ("纽约商品交易所", "COMEX")];
/// Product forms of a commodity.
pub const PRODUCTS: &[&str] = &["concentrate", "concentrates", "cathode", "cathodes", "ingot", "ingots", "oxide", "carbonate", "hydroxide", "spodumene", "apt", "billet", "billets", "scrap", "rebar", "blister", "anode", "sulphate", "sulfate", "powder", "pellets", "fines", "精矿"];
/// Chinese product names -> product.
pub const PRODUCTS_ZH: &[(&str, &str)] = &[("电解铜", "cathode"), ("阴极铜", "cathode"), ("精矿", "concentrate"), ("铜精矿", "concentrate"), ("铝锭", "ingot"), ("锌锭", "ingot"), ("碳酸锂", "carbonate"), ("氢氧化锂", "hydroxide"), ("仲钨酸铵", "APT"), ("废铜", "scrap")];
/// Copulas: "$13,000 is not the endpoint".
pub const COPULA: &[&str] = &["is", "are", "was", "were", "will", "would", "could", "may", "might", "seems", "remains", "looks", "be"];
/// What follows a copula in an opinion about a level.
pub const OPINION_AFTER: &[&str] = &["not", "difficult", "hard", "unlikely", "likely", "seen", "expected", "key", "possible", "achievable", "unsustainable", "too", "the", "a", "an", "just", "only", "still", "within", "in", "reachable", "sustainable", "be", "necessary", "needed", "required"];
/// Hedges before a price.
pub const PRICE_HEDGES: &[&str] = &["about", "around", "roughly", "nearly", "almost", "approximately", "~", "some", "approx"];
/// Words between a commodity and a bare table figure ("Copper cash 13,120.50").
pub const TABLE_FILLER: &[&str] = &["cash", "spot", "3m", "3-month", "three-month", "official", "settlement", "settle", "close", "closing", "bid", "ask", "offer", "futures", "benchmark", "price", "prices", "fix", "am", "pm", ":", "-", "(", ")"];

/// Figures followed by these are multi-session or growth figures.
pub const PERIOD_AFTER: &[&str] = &["since", "year", "month", "quarter", "week", "year-over-year", "year-on-year", "yoy", "y/y", "year-to-date", "ytd", "annually", "weekly", "monthly", "quarter-over-quarter", "quarter-on-quarter", "qoq", "q/q", "mom", "m/m", "sequentially", "cumulatively"];
/// Words that open a period phrase ("over the past month", "this year").
pub const PERIOD_OPENERS: &[&str] = &["next", "over", "in", "this", "last", "past", "for", "during", "so", "since", "on", "the", "from", "a"];
/// Period nouns.
pub const PERIOD_WORDS: &[&str] = &["week", "weeks", "month", "months", "year", "years", "ytd", "year-to-date", "quarter", "far", "sessions", "days", "weeks'", "2024", "2025", "2026", "2027", "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "h1", "h2", "q1", "q2", "q3", "q4", "first-half", "half"];
/// Subjects that are not companies.
pub const NOT_COMPANY: &[&str] = &["revenue", "revenues", "profit", "profits", "sales", "output", "production", "exports", "imports", "prices", "price", "inventories", "inventory", "stocks", "shares", "demand", "supply", "volume", "volumes", "turnover", "earnings", "income", "ebitda", "capex", "margin", "gdp", "cpi", "ppi", "pmi", "yield", "yields", "dollar", "yuan", "the", "it", "they", "this", "investors", "analysts", "market", "markets", "index", "futures", "spot", "premiums", "us", "benchmark", "inflation", "unemployment", "retail", "industrial", "consumer", "exports", "growth", "wages", "rates", "bitcoin", "ether", "gold", "silver", "copper", "oil", "brent", "wti", "crude", "spot", "dollar", "euro", "sterling", "bonds", "treasuries", "volatility", "vix", "lme", "shfe", "comex", "lbma", "nymex", "cme", "sgx", "dce", "ice", "ine", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "gmt", "et", "today", "yesterday"];
/// Adverbs and auxiliaries between a subject and its verb.
pub const SKIP_BEFORE_VERB: &[&str] = &["also", "all", "both", "each", "have", "has", "had", "were", "was", "is", "are", "further", "again", "today", "respectively", "collectively", "together", "then", "subsequently", "initially", "once", "been", "sharply", "just"];
/// Words opening a member list after a group ("names, including A and B,").
pub const LIST_INTRO: &[&str] = &["including", "such", "like", "led", "notably", "especially", "particularly", "namely"];
/// Before a move verb, these make it a forecast or a condition, not a fact.
pub const NOT_FACT_BEFORE_VERB: &[&str] = &["to", "could", "may", "might", "will", "would", "should", "can", "expected", "likely", "if", "unless", "once", "whether"];
/// Capitalised sentence openers that are not company names.
pub const COMMON_OPENERS: &[&str] = &["the", "another", "this", "that", "these", "those", "currently", "meanwhile", "however", "in", "on", "at", "for", "from", "with", "as", "after", "before", "key", "market", "markets", "investors", "analysts", "it", "its", "they", "we", "our", "a", "an", "looking", "according", "combined", "additionally", "furthermore", "moreover", "overall", "commentary", "notably", "also", "both", "some", "several", "many", "most", "other", "others", "there", "here", "shares", "stocks", "hong", "china", "chinese", "us", "u.s", "global", "asian", "european", "disclaimer"];
/// Chinese forecast words (matched in the text before the amount).
pub const ZH_FORECAST: &[&str] = &["预测", "预计", "预期", "目标价", "看至", "展望"];
