//! Hyphens at line ends, undone as a reader would: a hyphen that the
//! typesetter added to break a word is removed, one that belongs to the
//! word (`thirty-six`, `well-known`) is kept.
//!
//! In order: a soft hyphen (U+00AD) is always typographic; the hyphenated
//! form written elsewhere in the document keeps the hyphen, the joined
//! form written elsewhere removes it; a first half that usually starts a
//! compound (`self-`, `well-`, a number) keeps it; otherwise the hyphen is
//! removed when the joined form is an English word, kept when both halves
//! are words and the joined form is not (`high-profile`), and otherwise
//! removed where the hyphenation patterns of the language (TeX's, from the
//! `hyphenation` crate) allow a break at that point of the joined word.

use std::collections::HashSet;
use std::sync::OnceLock;

use hyphenation::{Hyphenator as _, Language, Load as _, Standard};

use super::lines::Line;

/// The hyphens a line can end in: `-`, U+2010 and the soft hyphen.
pub const LINE_END_HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{ad}'];

/// What the document says about its own words.
pub struct Hyphens {
    /// Every word written within a line, lowercase.
    words: HashSet<String>,
    /// Every hyphenated word written within a line, lowercase.
    compounds: HashSet<String>,
    /// Whether the typesetter marks the hyphens it adds (U+2010 or a soft
    /// hyphen at line ends), so that a `-` at a line end is the text's own.
    marks_its_own: bool,
}

/// Numbers that start a compound written with a hyphen (`thirty-six`).
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// First halves that start a compound written with a hyphen when the
/// second half is a word of its own (`self-made`, `well-known`).
const PREFIXES: &[&str] = &["all", "ex", "half", "ill", "non", "self", "well"];

/// English words (SCOWL, `assets/words/`), lowercase.
fn english() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../../assets/words/english.txt")
            .lines()
            .collect()
    })
}

fn dictionary() -> Option<&'static Standard> {
    static DICTIONARY: OnceLock<Option<Standard>> = OnceLock::new();
    DICTIONARY
        .get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

impl Hyphens {
    /// Learns the words of the document from its lines.
    pub fn new<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Hyphens {
        let mut words = HashSet::new();
        let mut compounds = HashSet::new();
        let mut marks_its_own = false;
        for line in lines {
            marks_its_own |= line.text.ends_with(['\u{2010}', '\u{ad}']);
            let text = line.text.trim_end_matches(LINE_END_HYPHENS);
            for token in text.split(|c: char| !(c.is_alphanumeric() || is_hyphen(c))) {
                let token = token.trim_matches(is_hyphen).to_lowercase();
                if token.is_empty() {
                    continue;
                }
                if token.contains(is_hyphen) {
                    compounds.insert(token.replace('\u{2010}', "-"));
                } else {
                    words.insert(token);
                }
            }
        }
        Hyphens {
            words,
            compounds,
            marks_its_own,
        }
    }

    /// If `text` ends in a hyphen that only breaks a word continued at the
    /// start of `next`, the byte offset to cut `text` at (the hyphen
    /// removed, the next line glued on).
    pub fn undo_at_line_end(&self, text: &str, next: &str) -> Option<usize> {
        let mark = text.chars().last()?;
        if !LINE_END_HYPHENS.contains(&mark) {
            return None;
        }
        let cut = text.len() - mark.len_utf8();
        let before = &text[..cut];
        let left = &before[before.trim_end_matches(char::is_alphabetic).len()..];
        let right: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        if left.is_empty() || right.is_empty() {
            return None;
        }
        if mark == '\u{ad}' {
            return Some(cut);
        }
        if !right.starts_with(char::is_lowercase) {
            return None;
        }
        self.typographic(&left.to_lowercase(), &right.to_lowercase(), mark)
            .then_some(cut)
    }

    /// Whether a hyphen between `left` and `right` (lowercase) was put
    /// there by the typesetter; `mark` is the hyphen as printed.
    fn typographic(&self, left: &str, right: &str, mark: char) -> bool {
        let joined = format!("{left}{right}");
        if self.compounds.contains(&format!("{left}-{right}")) {
            return false;
        }
        if self.words.contains(&joined) {
            return true;
        }
        if TENS.contains(&left) || PREFIXES.contains(&left) && self.words.contains(right) {
            return false;
        }
        // A short prefix before the vowel it ends with keeps its hyphen
        // (`re-establish`, `co-operate`, `pre-eminent`).
        if left.len() <= 4
            && left.chars().last().is_some_and(|c| "aeiou".contains(c))
            && left.chars().last() == right.chars().next()
        {
            return false;
        }
        // U+2010 is what typesetters that distinguish the two print for a
        // hyphen they add; a hyphen typed in the text is U+002D.
        if mark == '\u{2010}' {
            return true;
        }
        if self.marks_its_own {
            return false;
        }
        // An English word when joined: the typesetter's hyphen; two words
        // that are not one: a compound broken at its own hyphen.
        let words = english();
        if words.contains(joined.as_str()) {
            return true;
        }
        if left.chars().count() > 1 && words.contains(left) && words.contains(right) {
            return false;
        }
        let allowed = dictionary().is_some_and(|d| {
            d.exception(&joined)
                .unwrap_or_else(|| d.opportunities_within(&joined, (1, joined.len() - 1)))
                .contains(&left.len())
        });
        // Where the patterns do not allow the break, a second half that is
        // no word of its own still shows a word broken in two.
        allowed || !self.words.contains(right)
    }
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line {
            text: text.into(),
            x0: 0.0,
            x1: 0.0,
            y: 0.0,
            size: 10.0,
            first_word: 0.0,
            gaps: Vec::new(),
        }
    }

    #[test]
    fn typographic_hyphens_go_and_compounds_stay() {
        let h = Hyphens::new(&[
            line("the consultants met in February"),
            line("a four-power agreement, six men, a name known to all"),
        ]);
        let undo = |text: &str, next: &str| {
            h.undo_at_line_end(text, next)
                .map(|cut| format!("{}{next}", &text[..cut]))
                .unwrap_or_else(|| format!("{text}{next}"))
        };
        // The joined word is the document's own.
        assert_eq!(undo("the consul-", "tants"), "the consultants");
        assert_eq!(undo("in Febru-", "ary"), "in February");
        // The compound is the document's own.
        assert_eq!(undo("a four-", "power deal"), "a four-power deal");
        // Neither is: a number starts a compound; the patterns allow
        // "suc-cessive", "en-forcement", "re-sign" and "oth-er".
        assert_eq!(undo("thirty-", "six members"), "thirty-six members");
        assert_eq!(undo("well-", "known"), "well-known");
        assert_eq!(undo("suc-", "cessive"), "successive");
        assert_eq!(undo("en-", "forcement"), "enforcement");
        assert_eq!(undo("re-", "sign"), "resign");
        assert_eq!(undo("the oth-", "er"), "the other");
        assert_eq!(undo("occu-", "pation"), "occupation");
        // A soft hyphen always goes; U+2010 is judged like `-`.
        assert_eq!(undo("hyphen\u{ad}", "ation"), "hyphenation");
        assert_eq!(undo("physic\u{2010}", "al"), "physical");
        assert_eq!(undo("mater\u{2010}", "ials"), "materials");
        assert_eq!(undo("mater-", "ials"), "materials");
        assert_eq!(undo("cour-", "age"), "courage");
        assert_eq!(undo("pre-", "cious"), "precious");
        assert_eq!(undo("in-", "heritance"), "inheritance");
        // A capital after the hyphen keeps it: Franco-Prussian.
        assert_eq!(undo("Franco-", "Prussian"), "Franco-Prussian");
        // Both halves words, the joined form none: a compound.
        assert_eq!(undo("a high-", "profile visit"), "a high-profile visit");
        assert_eq!(undo("state-", "owned"), "state-owned");
        assert_eq!(undo("some-", "thing"), "something");
        assert_eq!(undo("with-", "out"), "without");
        assert_eq!(undo("re-", "established"), "re-established");
        assert_eq!(undo("co-", "operative"), "co-operative");
    }
}
