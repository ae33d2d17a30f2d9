//! What is wrong with a CSS selector, in words a user can act on.
//!
//! scraper's own message for most selector mistakes is "Unexpected error occurred. Please
//! report this to the developer" followed by an internal name such as `ClassNeedsIdent`.

use scraper::error::SelectorErrorKind;

/// The parser's complaint about a selector, as advice.
pub fn selector_problem(e: &SelectorErrorKind) -> String {
    let said = match e {
        SelectorErrorKind::UnexpectedToken => "a character or word is out of place",
        SelectorErrorKind::EndOfLine => "it ends too early (something is missing at the end)",
        SelectorErrorKind::ExpectedColonOnPseudoElement
        | SelectorErrorKind::ExpectedIdentityOnPseudoElement => {
            "a pseudo-element needs a name after `::`"
        }
        SelectorErrorKind::UnexpectedSelectorParseError(kind) => {
            return selector_kind_problem(&format!("{kind:?}"));
        }
        _ => "it is not a plain CSS selector",
    };
    said.to_string()
}

/// Advice for the selectors crate's error kinds (matched by name: scraper does not
/// re-export the enum).
fn selector_kind_problem(kind: &str) -> String {
    let name = kind.split(['(', ' ', '{']).next().unwrap_or(kind);
    let said = match name {
        "ClassNeedsIdent" => "a `.` must be followed by a class name, e.g. `.story`",
        "EmptySelector" => "it is empty (or has an empty part between commas)",
        "DanglingCombinator" => "a combinator (`>`, `+`, `~`) has nothing after it",
        "NoQualifiedNameInAttributeSelector"
        | "UnexpectedTokenInAttributeSelector"
        | "ExpectedBarInAttr"
        | "BadValueInAttr"
        | "InvalidQualNameInAttr" => {
            "an attribute selector is malformed; write it as [name], [name=value] or [name=\"a value\"]"
        }
        "NoIdentForPseudo" | "UnsupportedPseudoClassOrElement" => {
            "a pseudo-class (`:name`) is unknown or unsupported; remove it"
        }
        "PseudoElementExpectedColon" | "PseudoElementExpectedIdent" => {
            "a pseudo-element needs a name after `::`"
        }
        "UnexpectedIdent" => "a name is out of place (a missing combinator or comma?)",
        "ExpectedNamespace" | "ExplicitNamespaceUnexpectedToken" => {
            "a namespace prefix (`ns|tag`) is not supported; remove it"
        }
        _ => "it is not a CSS selector orewatch can use",
    };
    said.to_string()
}

#[cfg(test)]
mod tests {
    use super::selector_problem;

    fn problem(sel: &str) -> String {
        selector_problem(&scraper::Selector::parse(sel).expect_err("invalid"))
    }

    #[test]
    fn mistakes_are_explained_without_internal_names() {
        assert!(
            problem("div.").contains("ends too early"),
            "{}",
            problem("div.")
        );
        for sel in ["div.", "aside >", "a."] {
            let p = problem(sel);
            assert!(!p.is_empty(), "{sel}");
            assert!(!p.contains("report") && !p.contains("Ident"), "{sel}: {p}");
        }
        assert!(super::selector_kind_problem("ClassNeedsIdent").contains("class name"));
        assert!(super::selector_kind_problem("DanglingCombinator").contains("nothing after"));
    }
}
