//! Word boundaries of ASCII text, the same as Unicode's (UAX #29) but
//! without its tables: most source and claim text is ASCII, and the check
//! cuts every cited quote into words.

use unicode_segmentation::UnicodeSegmentation as _;

/// The word-boundary class of an ASCII byte (UAX #29's Word_Break).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `:`
    MidLetter,
    /// `.` and `'`: between letters or between digits.
    MidNumLetQ,
    /// `,` and `;`: between digits.
    MidNum,
    /// `_`
    ExtendNumLet,
    /// The space.
    Space,
    Cr,
    Lf,
    /// Vertical tab and form feed.
    Newline,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLetQ,
        b',' | b';' => Class::MidNum,
        b'_' => Class::ExtendNumLet,
        b' ' => Class::Space,
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        0x0b | 0x0c => Class::Newline,
        _ => Class::Other,
    }
}

/// Whether UAX #29 puts a word boundary before byte `i` of ASCII `bytes`
/// (`0 < i < bytes.len()`).
fn breaks_before(bytes: &[u8], i: usize) -> bool {
    use Class::*;
    let at = |j: usize| bytes.get(j).map_or(Other, |&b| class(b));
    match (at(i - 1), at(i)) {
        (Cr, Lf) => false,
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true,
        (Space, Space) => false,
        (Letter | Digit, Letter | Digit) => false,
        (Letter, MidLetter | MidNumLetQ) => at(i + 1) != Letter,
        (MidLetter | MidNumLetQ, Letter) => i < 2 || at(i - 2) != Letter,
        (Digit, MidNum | MidNumLetQ) => at(i + 1) != Digit,
        (MidNum | MidNumLetQ, Digit) => i < 2 || at(i - 2) != Digit,
        (Letter | Digit | ExtendNumLet, ExtendNumLet) => false,
        (ExtendNumLet, Letter | Digit) => false,
        _ => true,
    }
}

/// The pieces of `text` between its word boundaries, each with its byte
/// offset, as `UnicodeSegmentation::split_word_bound_indices` gives them;
/// faster for ASCII text.
pub fn word_bound_indices(text: &str) -> WordBounds<'_> {
    if text.is_ascii() {
        WordBounds::Ascii { text, start: 0 }
    } else {
        WordBounds::Unicode(text.split_word_bound_indices())
    }
}

/// The iterator of [`word_bound_indices`].
pub enum WordBounds<'a> {
    /// ASCII text, from byte `start` on.
    Ascii { text: &'a str, start: usize },
    /// Any other text, by Unicode's tables.
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for WordBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            WordBounds::Unicode(bounds) => bounds.next(),
            WordBounds::Ascii { text, start } => {
                let bytes = text.as_bytes();
                if *start >= bytes.len() {
                    return None;
                }
                let from = *start;
                let end = (from + 1..bytes.len())
                    .find(|&i| breaks_before(bytes, i))
                    .unwrap_or(bytes.len());
                *start = end;
                Some((from, &text[from..end]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unicode(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    #[test]
    fn numbers_words_and_punctuation_split_as_unicode_says() {
        for text in [
            "",
            "Six people died.",
            "1,200 people; 3.5 m; 24th, 5m, U.S. can't e.g. a:b 3:4 x_1 _a 1_",
            "  two  spaces\r\n\r\rCR\n\x0bvt\x0c\tTab 'quoted' \"double\" 1.,2 a..b 1;2 a;b",
            "end.",
            ".5 5. '5 a' 'a",
        ] {
            assert_eq!(
                word_bound_indices(text).collect::<Vec<_>>(),
                unicode(text),
                "{text:?}"
            );
        }
        let mixed = "Polizei: “sechs” Tote, 1.200 Verletzte – پولیس";
        assert_eq!(
            word_bound_indices(mixed).collect::<Vec<_>>(),
            unicode(mixed)
        );
    }

    proptest! {
        #[test]
        fn ascii_text_splits_as_unicode_says(
            text in "[aZ09.,;:'_ \t\r\n\x0b\x0c\"!-]{0,40}"
        ) {
            prop_assert_eq!(word_bound_indices(&text).collect::<Vec<_>>(), unicode(&text));
        }
    }
}
