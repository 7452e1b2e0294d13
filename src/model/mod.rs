//! The data model of an Attest project: sources, quotes, claims and evidence.
//!
//! This is the saved state, exactly what `project.ron` holds. Source texts live
//! beside it as snapshot files (see [`crate::project::store`]) and are not part of these
//! types; runtime state (undo history, caches) lives elsewhere.
//!
//! Every record has a stable, short ID. New records get a type letter and
//! eight random characters of Crockford's base 32 (`c4x9kq2mz`), as Zotero
//! names its items, so that records made on two git branches never share an
//! ID and no shared counter has to change when one is added. Projects made
//! before keep their numbered IDs (`s1`, `q17`, `c4`); nothing is ever
//! renumbered. On the command line a unique prefix of an ID will do.
//!
//! Claims keep their place in the summary as a [`Position`]: fractional keys
//! that sort them, so moving a claim changes that claim's record alone.
//!
//! The bottom of the layers above `util`: the model uses nothing else of
//! the crate, so that everything may use it; it never knows how projects are
//! stored, edited, merged or shown.

mod claim;
pub mod fields;
mod ids;
mod links;
mod names;
mod project;
mod recheck;
mod source;

pub use claim::*;
pub use ids::*;
pub use links::*;
pub use names::*;
pub use project::*;
pub use recheck::*;
pub use source::*;

use sha2::{Digest as _, Sha256};

/// The version of the project file format this build writes. Version 1
/// (before source versions and unresolved quotes), version 2 (before
/// originals and page maps) and version 3 (claims nested in paragraphs, ID
/// counters) are read as well.
pub const FORMAT_VERSION: u32 = 4;

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of some bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn unreadable_pages_are_named_in_ranges() {
        let page = |page: usize, reason: &str| UnreadablePage {
            page,
            label: page.to_string(),
            reason: reason.into(),
        };
        assert_eq!(unreadable_message(&[]), None);
        assert_eq!(
            unreadable_message(&[page(4, "the text could not be read")]).unwrap(),
            "page 4: the text could not be read; quotes from this page cannot be cited"
        );
        assert_eq!(
            unreadable_message(&[page(2, "x"), page(3, "x"), page(5, "x")]).unwrap(),
            "pages 2–3, 5: x; quotes from these pages cannot be cited"
        );
        assert!(
            unreadable_message(&[page(2, "x"), page(3, "y")])
                .unwrap()
                .contains("x, and other reasons")
        );
    }

    #[test]
    fn generated_ids_have_numbers_custom_ones_do_not() {
        assert_eq!(QuoteId::numbered(17).as_str(), "q17");
        assert_eq!(QuoteId::from("q17").number(), Some(17));
        assert_eq!(QuoteId::from("q017").number(), None);
        assert_eq!(QuoteId::from("q").number(), None);
        assert_eq!(SourceId::from("reuters").number(), None);
        assert_eq!(SourceId::from("s0").number(), Some(0));
    }

    #[test]
    fn custom_ids_are_checked() {
        assert!(check_custom_id("reuters").is_ok());
        assert!(check_custom_id("ap-news_2").is_ok());
        assert!(check_custom_id("").is_err());
        assert!(check_custom_id("2ap").is_err());
        assert!(check_custom_id("a b").is_err());
        assert!(check_custom_id("../x").is_err());
        assert!(check_custom_id(&"a".repeat(33)).is_err());
    }

    #[test]
    fn stance_names_round_trip() {
        for stance in Stance::ALL {
            assert_eq!(Stance::from_name(stance.name()), Some(stance));
        }
        assert_eq!(Stance::from_name("Supports"), None);
    }

    #[test]
    fn new_ids_are_random_keys_that_never_read_as_numbers() {
        let mut p = Project::new("t");
        p.paragraphs
            .push(vec![Claim::new(ClaimId::numbered(9), "x")]);
        let ids = p.new_claim_ids(500);
        let distinct: HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), 500);
        for id in &ids {
            assert!(id.is_generated() && id.number().is_none(), "{id}");
            assert_eq!(id.as_str().len(), 1 + KEY_CHARS);
            assert!(id.as_str().starts_with('c'));
        }
        assert_ne!(p.new_quote_id(), p.new_quote_id());
        assert!(
            !ClaimId::from("c12345678").is_generated()
                || ClaimId::from("c12345678").number().is_some()
        );
        assert!(
            !QuoteId::from("qabcdefgi").is_generated(),
            "`i` is not base 32"
        );
    }

    #[test]
    fn ids_sort_numbered_first_then_by_key() {
        let mut ids = [
            QuoteId::from("q10"),
            QuoteId::from("qzzzzzzzz"),
            QuoteId::from("q2"),
            QuoteId::from("q0aaaaaaa"),
        ];
        ids.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let ids: Vec<_> = ids.iter().map(QuoteId::as_str).collect();
        assert_eq!(ids, ["q2", "q10", "q0aaaaaaa", "qzzzzzzzz"]);
    }

    #[test]
    fn a_unique_prefix_names_an_id() {
        let ids = ["c4x9kq2mz", "c4x8aaaaa", "c7", "c70"];
        let find = |wanted| find_by_prefix(ids.iter().copied(), wanted, "claim");
        assert_eq!(find("c4x9"), Ok("c4x9kq2mz"));
        assert_eq!(find("c7"), Ok("c7"), "an exact ID wins over longer ones");
        assert!(find("c4x").unwrap_err().contains("could be 2 claims"));
        assert!(find("cz").unwrap_err().contains("there is no claim"));
        assert!(find("").is_err());
    }

    #[test]
    fn positions_fit_between_any_two_and_renumber_keeps_order() {
        let a = Position::order_between(None, None).unwrap();
        let b = Position::order_between(Some(&a), None).unwrap();
        let mid = Position::order_between(Some(&a), Some(&b)).unwrap();
        assert!(a < mid && mid < b);
        assert_eq!(Position::order_between(Some(&a), Some(&a)), None);
        // Malformed keys (as a damaged file may hold) are refused, not a panic.
        for bad in ["80𞹉", "8", "zz", "", "8G"] {
            assert_eq!(Position::order_between(Some(bad), None), None, "{bad}");
            let at = Position {
                paragraph: format!("{bad}.0"),
                order: bad.into(),
            };
            assert!(!at.is_valid(), "{bad}");
        }
        let p1 = Position::paragraph_between(None, None).unwrap();
        let p2 = Position::paragraph_between(Some(&p1), None).unwrap();
        assert!(p1 < p2);
        let twin = Position::paragraph_between(None, None).unwrap();
        assert_ne!(p1, twin, "paragraphs begun apart stay apart");
        let mut p = Project::new("t");
        p.paragraphs = vec![
            vec![
                Claim::new(ClaimId::numbered(2), "a"),
                Claim::new(ClaimId::numbered(1), "b"),
            ],
            vec![Claim::new(ClaimId::numbered(3), "c")],
        ];
        p.renumber_positions();
        let before = p.paragraphs.clone();
        let mut claims: Vec<Claim> = p.claims().map(|(_, c)| c.clone()).collect();
        claims.reverse();
        p.set_claims(claims);
        assert_eq!(p.paragraphs, before);
        assert!(p.claims().all(|(_, c)| c.at.is_valid()));
    }

    #[test]
    fn content_hash_changes_with_text_and_evidence() {
        let mut p = Project::new("t");
        p.quotes.push(Quote {
            unresolved: None,
            id: QuoteId::numbered(1),
            source: SourceId::numbered(1),
            start: 0,
            end: 3,
            text: "six".into(),
            prefix: String::new(),
            suffix: String::new(),
        });
        let mut claim = Claim::new(ClaimId::numbered(1), "Six died.");
        let bare = claim.content_hash(&p);
        claim.evidence.push(Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Supports,
            note: String::new(),
        });
        let cited = claim.content_hash(&p);
        assert_ne!(bare, cited);
        claim.evidence[0].stance = Stance::Contradicts;
        assert_ne!(claim.content_hash(&p), cited);
        claim.evidence[0].stance = Stance::Supports;
        assert_eq!(claim.content_hash(&p), cited);
        claim.text.push(' ');
        assert_ne!(claim.content_hash(&p), cited);
    }
}
