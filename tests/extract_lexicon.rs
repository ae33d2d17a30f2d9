//! Lexicon extensions from the `[lexicon]` table of config.toml.

use orewatch::extract::{
    ExtractError, ExtractOptions, FactKind, Lexicon, LexiconExtension, extract_facts, sectors,
};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date")
}

const CONFIG: &str = r#"
commodities = { scandium = ["scandium", "scandium oxide", "钪"], mercury = ["mercury", "quicksilver"] }
companies = { "Northwind Robotics" = "robotics" }
company_aliases = { "Northwind Robotics" = ["NWR"] }
sector_keywords = { robotics = ["exoskeleton"] }
indices = { "TAIEX" = ["taiex", "taiwan weighted index"] }
institutions = ["Acme Metals Desk"]
units = { flask = ["flask", "flasks"] }
"#;

#[test]
fn extension_parses_and_extends_every_table() {
    let ext: LexiconExtension = toml::from_str(CONFIG).expect("config parses");
    let lx = Lexicon::extended(&ext).expect("extension is valid");
    let opts = ExtractOptions {
        today: today(),
        lexicon: &lx,
    };
    let body = "Scandium oxide traded at $800 per kg.\n\
                Acme Metals Desk raised its scandium forecast for 2026 to $900 per kg.\n\
                Exoskeleton stocks rallied. NWR jumped 7%.\n\
                The Taiwan Weighted Index fell 1.1%.\n\
                Mercury fetched $3,100 a flask.";
    let facts = extract_facts(None, body, &opts);
    let kinds: Vec<String> = facts
        .iter()
        .map(|f| serde_json::to_string(&f.kind).expect("serializes"))
        .collect();
    let has = |needle: &str| kinds.iter().any(|k| k.contains(needle));
    assert!(
        has(r#""kind":"price","commodity":"scandium","value":800.0,"currency":"USD","unit":"kg""#),
        "{kinds:#?}"
    );
    assert!(
        has(
            r#""kind":"forecast","commodity":"scandium","institution":"Acme Metals Desk","value":900.0"#
        ),
        "{kinds:#?}"
    );
    assert!(
        has(r#""kind":"sector_move","sector":"robotics","direction":"up""#),
        "{kinds:#?}"
    );
    assert!(
        has(r#""kind":"stock_move","name":"NWR","change_pct":7.0"#),
        "{kinds:#?}"
    );
    assert!(
        has(r#""kind":"index_move","index":"TAIEX","change_pct":-1.1"#),
        "{kinds:#?}"
    );
    assert!(
        has(r#""commodity":"mercury","value":3100.0,"currency":"USD","unit":"flask""#),
        "{kinds:#?}"
    );
    assert!(sectors(None, body, &facts, &lx).contains(&"robotics".to_string()));
    // the builtin lexicon knows none of these
    let plain = Lexicon::builtin();
    let opts = ExtractOptions {
        today: today(),
        lexicon: &plain,
    };
    let facts = extract_facts(None, body, &opts);
    assert!(
        facts
            .iter()
            .all(|f| !matches!(&f.kind, FactKind::Price(p) if p.commodity == "scandium"))
    );
}

#[test]
fn unknown_keys_are_refused_by_serde() {
    let err = toml::from_str::<LexiconExtension>("metals = { x = [\"y\"] }").unwrap_err();
    assert!(err.to_string().contains("unknown field"), "{err}");
}

#[test]
fn unknown_sector_names_the_key() {
    let ext: LexiconExtension =
        toml::from_str(r#"companies = { "Acme" = "space_mining" }"#).expect("parses");
    let err = Lexicon::extended(&ext).unwrap_err();
    assert!(matches!(&err, ExtractError::UnknownSector { key, .. } if key == "Acme"));
    let msg = err.to_string();
    assert!(
        msg.contains("Acme") && msg.contains("space_mining") && msg.contains("nonferrous_metals"),
        "{msg}"
    );
}

#[test]
fn empty_alias_is_refused() {
    let ext: LexiconExtension =
        toml::from_str(r#"commodities = { scandium = [""] }"#).expect("parses");
    assert!(
        matches!(Lexicon::extended(&ext), Err(ExtractError::EmptyEntry { key, .. }) if key == "scandium")
    );
}

#[test]
fn alias_for_unknown_company_is_refused() {
    let ext: LexiconExtension =
        toml::from_str(r#"company_aliases = { "Nobody Corp" = ["NBC"] }"#).expect("parses");
    assert!(
        matches!(Lexicon::extended(&ext), Err(ExtractError::UnknownCompany { name }) if name == "Nobody Corp")
    );
}

#[test]
fn builtin_company_sectors() {
    let lx = Lexicon::builtin();
    assert_eq!(lx.company_sector("BABA-W"), Some("internet"));
    assert_eq!(lx.company_sector("Zijin Mining"), Some("nonferrous_metals"));
    assert_eq!(
        lx.company_sector("长飞光纤"),
        Some("optical_communications")
    );
    assert_eq!(lx.company_sector("Nobody Corp"), None);
}

#[test]
fn document_sectors_rank_by_prominence() {
    let lx = Lexicon::builtin();
    let opts = ExtractOptions {
        today: today(),
        lexicon: &lx,
    };
    let title = "Property stocks rally as developers rebound";
    let body = "Property developers rallied on stimulus hopes. Sunac China jumped 8% and Longfor Group rose 6%.\n\
                Banks were little changed.";
    let facts = extract_facts(Some(title), body, &opts);
    let s = sectors(Some(title), body, &facts, &lx);
    assert_eq!(s.first().map(String::as_str), Some("property"), "{s:?}");
    assert!(!s.contains(&"semiconductors".to_string()), "{s:?}");
    // a page about nothing in the taxonomy has no sectors
    assert!(sectors(Some("Weather"), "It rained in the city all day.", &[], &lx).is_empty());
}

/// A distinct capitalised word for `i` ("Baa", "Bab", ...), no digits.
fn word(mut i: usize) -> String {
    let mut w = String::from("B");
    for _ in 0..4 {
        w.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
    }
    w
}

#[test]
fn a_large_extension_loads_and_every_entry_is_found() {
    // Many names sharing their first word: the case that made loading quadratic.
    let ext = LexiconExtension {
        institutions: (0..20_000).map(|i| format!("Bureau {}", word(i))).collect(),
        ..LexiconExtension::default()
    };
    let lx = Lexicon::extended(&ext).expect("extension is valid");
    let opts = ExtractOptions {
        today: today(),
        lexicon: &lx,
    };
    let name = format!("Bureau {}", word(17_345));
    let body = format!("{name} raised its copper forecast for 2026 to $11,000 a tonne.");
    let facts = extract_facts(None, &body, &opts);
    let json = serde_json::to_string(&facts).expect("serializes");
    assert!(
        json.contains(&format!("\"institution\":\"{name}\"")),
        "{json}"
    );
}
