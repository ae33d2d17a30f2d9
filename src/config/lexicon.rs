//! The lexicons, built when first used: building them costs about 13 M
//! instructions (3 % of a `report`, which never extracts). A config with a
//! `[lexicon]` table builds them at load all the same, so that a bad entry
//! still stops the program there, naming its key.

use std::ops::Deref;
use std::sync::OnceLock;

use crate::extract::{Lexicon, LexiconExtension};

/// The built-in lexicons plus the config's `[lexicon]` additions, built at the
/// first use (or at load when there are additions to check).
#[derive(Debug, Default)]
pub struct LazyLexicon {
    cell: OnceLock<Lexicon>,
}

impl LazyLexicon {
    /// For `ext`: built now if it adds anything (its errors are the config's), else
    /// the built-in lexicons at the first use (which cannot fail).
    pub fn new(ext: &LexiconExtension) -> Result<LazyLexicon, String> {
        let lazy = LazyLexicon::default();
        if !adds_nothing(ext) {
            let lx = Lexicon::extended(ext).map_err(|e| e.to_string())?;
            let _ = lazy.cell.set(lx);
        }
        Ok(lazy)
    }

    /// Whether it has been built yet.
    pub fn is_built(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl Deref for LazyLexicon {
    type Target = Lexicon;

    fn deref(&self) -> &Lexicon {
        self.cell.get_or_init(Lexicon::builtin)
    }
}

/// True when the `[lexicon]` table is absent or empty: the built-in lexicons as they are.
fn adds_nothing(ext: &LexiconExtension) -> bool {
    // every field named: a new one must be considered here
    let LexiconExtension {
        commodities,
        companies,
        company_aliases,
        sector_keywords,
        indices,
        institutions,
        units,
    } = ext;
    commodities.is_empty()
        && companies.is_empty()
        && company_aliases.is_empty()
        && sector_keywords.is_empty()
        && indices.is_empty()
        && institutions.is_empty()
        && units.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_at_first_use_without_additions_and_at_once_with_them() {
        let plain = LazyLexicon::new(&LexiconExtension::default()).expect("no additions");
        assert!(!plain.is_built());
        assert!(plain.commodities.values.contains(&"copper".to_string()));
        assert!(plain.is_built());

        let mut ext = LexiconExtension::default();
        ext.commodities
            .insert("scandium".into(), vec!["scandium".into()]);
        let extended = LazyLexicon::new(&ext).expect("a valid addition");
        assert!(extended.is_built());
        assert!(
            extended
                .commodities
                .values
                .contains(&"scandium".to_string())
        );

        let mut bad = LexiconExtension::default();
        bad.companies.insert("Acme".into(), "no_such_sector".into());
        let err = LazyLexicon::new(&bad).expect_err("an unknown sector");
        assert!(err.contains("no_such_sector"), "{err}");
    }
}
