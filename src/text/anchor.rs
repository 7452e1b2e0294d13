//! Finding quotes in source texts.
//!
//! All positioning is done in **char offsets** (Unicode scalar values, as the
//! W3C TextPositionSelector counts them), over **half-open** ranges
//! `[start, end)`. In `"The [quick] fox"` the quote is `quick`, `start` 4,
//! `end` 9; in `"Café [noir]"` it is `start` 5, `end` 9 although `é` takes two
//! bytes.
//!
//! [`SourceText`] holds a snapshot with an index that turns char offsets into
//! byte offsets quickly, so a 5 MB book can be sliced and searched without
//! counting from the start every time.
//!
//! [`locate`] finds a quote by its exact text, using prefix and suffix context
//! to choose between repeats. It never guesses: several equally good places
//! come back as [`Located::Ambiguous`] with every candidate.
//!
//! ```
//! use attest::text::anchor::{locate, Located, SourceText};
//!
//! let text = SourceText::new("Six died, police said. Five died, others said.");
//! match locate(&text, "died", "", "") {
//!     Located::Ambiguous(candidates) => assert_eq!(candidates.len(), 2),
//!     other => panic!("{other:?}"),
//! }
//! match locate(&text, "died", "Five ", "") {
//!     Located::Unique(span) => assert_eq!((span.start, span.end), (28, 32)),
//!     other => panic!("{other:?}"),
//! }
//! ```

use std::ops::Range;
use std::sync::Arc;

use crate::model::CONTEXT_CHARS;
use crate::util::snippet;

/// Chars between two entries of the char → byte index.
const INDEX_STRIDE: usize = 256;

/// A source text with a char ↔ byte index.
#[derive(Clone, Debug)]
pub struct SourceText {
    text: Arc<str>,
    /// Byte offset of every `INDEX_STRIDE`-th char; empty when the text is ASCII.
    stride_bytes: Vec<usize>,
    char_len: usize,
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl SourceText {
    /// Indexes a text.
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut stride_bytes = Vec::new();
        let char_len;
        if text.is_ascii() {
            char_len = text.len();
        } else {
            let mut n = 0;
            for (i, (byte, _)) in text.char_indices().enumerate() {
                if i % INDEX_STRIDE == 0 {
                    stride_bytes.push(byte);
                }
                n = i + 1;
            }
            char_len = n;
        }
        Self {
            text,
            stride_bytes,
            char_len,
        }
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The shared text.
    pub fn shared(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// Length in chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of a char offset; `None` past the end.
    pub fn byte_of(&self, char_pos: usize) -> Option<usize> {
        if char_pos > self.char_len {
            return None;
        }
        if self.stride_bytes.is_empty() {
            return Some(char_pos);
        }
        if char_pos == self.char_len {
            return Some(self.text.len());
        }
        let base = self.stride_bytes[char_pos / INDEX_STRIDE];
        // Skip chars by counting the bytes that start one: every byte but
        // UTF-8 continuation bytes (0b10xx_xxxx).
        let mut skip = char_pos % INDEX_STRIDE;
        let bytes = &self.text.as_bytes()[base..];
        for (i, &b) in bytes.iter().enumerate() {
            if b & 0xC0 != 0x80 {
                if skip == 0 {
                    return Some(base + i);
                }
                skip -= 1;
            }
        }
        Some(self.text.len())
    }

    /// Char offset of a byte offset that lies on a char boundary.
    pub fn char_of(&self, byte_pos: usize) -> usize {
        if self.stride_bytes.is_empty() {
            return byte_pos.min(self.text.len());
        }
        let block = self.stride_bytes.partition_point(|&b| b <= byte_pos) - 1;
        let base = self.stride_bytes[block];
        block * INDEX_STRIDE
            + self.text[base..byte_pos.min(self.text.len())]
                .chars()
                .count()
    }

    /// Byte range of a char range; `None` when it is inverted or past the end.
    pub fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end {
            return None;
        }
        Some(self.byte_of(chars.start)?..self.byte_of(chars.end)?)
    }

    /// The text of a char range; `None` when it is inverted or past the end.
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        self.byte_range(chars).map(|r| &self.text[r])
    }

    /// Whether `expected` is the text at a char range: the one comparison
    /// behind the verbatim rule, wherever it is checked.
    pub fn verbatim<'a>(&'a self, chars: Range<usize>, expected: &str) -> Verbatim<'a> {
        match self.slice(chars) {
            None => Verbatim::Outside,
            Some(found) if found != expected => Verbatim::Differs(found),
            Some(_) => Verbatim::Same,
        }
    }

    /// Up to [`CONTEXT_CHARS`] chars before and after a char range.
    pub fn context(&self, chars: Range<usize>) -> (String, String) {
        let before = chars.start.saturating_sub(CONTEXT_CHARS)..chars.start;
        let after = chars.end..(chars.end + CONTEXT_CHARS).min(self.char_len);
        (
            self.slice(before).unwrap_or_default().to_owned(),
            self.slice(after).unwrap_or_default().to_owned(),
        )
    }

    /// Char ranges of every occurrence of `needle`, overlapping ones included.
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle_chars = needle.chars().count();
        let finder = memchr::memmem::Finder::new(needle);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(&self.text.as_bytes()[from..]) {
            let byte = from + at;
            let start = self.char_of(byte);
            found.push(start..start + needle_chars);
            // Step one char, so that overlapping repeats ("aa" in "aaa") count.
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }
}

/// How the text at a range compares with a quote's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbatim<'a> {
    /// The text there is the quote's text.
    Same,
    /// The text there is different: this is what it reads.
    Differs(&'a str),
    /// The range is inverted or lies past the end of the text.
    Outside,
}

/// A place where a quote was found, with its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Up to [`CONTEXT_CHARS`] chars before.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars after.
    pub suffix: String,
}

/// The outcome of looking for a quote by its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Located {
    /// Exactly one place matches the text and context.
    Unique(Span),
    /// Several places match equally well; every one of them is listed.
    Ambiguous(Vec<Span>),
    /// The text does not occur (with that context).
    NotFound {
        /// How many times the text occurs when the context is ignored.
        without_context: usize,
    },
}

/// Finds `quote` in `text`. Among repeats, only places whose preceding text
/// ends with `prefix` and whose following text starts with `suffix` count.
pub fn locate(text: &SourceText, quote: &str, prefix: &str, suffix: &str) -> Located {
    let all = text.find_all(quote);
    let total = all.len();
    let mut matching: Vec<Span> = all
        .into_iter()
        .filter(|r| {
            let bytes = text
                .byte_range(r.clone())
                .expect("found ranges lie in the text");
            text.as_str()[..bytes.start].ends_with(prefix)
                && text.as_str()[bytes.end..].starts_with(suffix)
        })
        .map(|r| {
            let (prefix, suffix) = text.context(r.clone());
            Span {
                start: r.start,
                end: r.end,
                prefix,
                suffix,
            }
        })
        .collect();
    match matching.len() {
        0 => Located::NotFound {
            without_context: total,
        },
        1 => Located::Unique(matching.remove(0)),
        _ => Located::Ambiguous(matching),
    }
}

/// Looks for `quote` ignoring case, runs of whitespace and the difference
/// between curly and straight quotation marks. Returns the char range of the
/// first such near miss in `text`, to suggest what the user may have meant.
pub fn near_miss(text: &SourceText, quote: &str) -> Option<Range<usize>> {
    let (needle, _) = loosen(quote);
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    let (hay, origin) = loosen(text.as_str());
    let at = hay.find(needle)?;
    let start_char = hay[..at].chars().count();
    let end_char = start_char + needle.chars().count();
    Some(origin[start_char]..origin[end_char - 1] + 1)
}

/// Lowercases, collapses whitespace and straightens quotation marks; returns
/// the loosened text and, for each of its chars, the char offset it came from.
fn loosen(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                origin.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            c => c,
        };
        for lower in c.to_lowercase() {
            out.push(lower);
            origin.push(i);
        }
    }
    origin.push(text.chars().count());
    (out, origin)
}

/// What is wrong with a quote against its source text, if anything.
pub fn quote_problem(quote: &crate::model::Quote, text: &SourceText) -> Option<String> {
    match text.verbatim(quote.start..quote.end, &quote.text) {
        Verbatim::Outside => Some(format!(
            "its range {}..{} lies outside the source `{}` ({} chars); select the passage again",
            quote.start,
            quote.end,
            quote.source,
            text.char_len()
        )),
        Verbatim::Differs(found) => Some(format!(
            "the source `{}` reads {:?} at {}..{}, not the quoted {:?}; select the passage again",
            quote.source,
            snippet(found, 80),
            quote.start,
            quote.end,
            snippet(&quote.text, 80)
        )),
        Verbatim::Same => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::marked;

    #[test]
    fn slices_by_chars_not_bytes() {
        for case in [
            "The [quick] fox",
            "Café [noir] au lait",
            "کراچی میں [احتجاج] جاری ہے",
            "Crowd 👍🏽 [cheered] loudly",
            "e\u{301} [combining] marks",
            "line one\r\n[line two]\r\n",
        ] {
            let (text, range) = marked(case);
            let st = SourceText::new(text.as_str());
            let inner = &case[case.find('[').unwrap() + 1..case.find(']').unwrap()];
            assert_eq!(st.slice(range.clone()), Some(inner), "{case}");
            assert_eq!(st.char_len(), text.chars().count());
            let bytes = st.byte_range(range.clone()).unwrap();
            assert_eq!(st.char_of(bytes.start), range.start);
            assert_eq!(st.char_of(bytes.end), range.end);
        }
    }

    #[test]
    fn out_of_range_and_inverted_slices_are_none() {
        let st = SourceText::new("abc");
        assert_eq!(st.slice(0..3), Some("abc"));
        assert_eq!(st.slice(3..3), Some(""));
        assert_eq!(st.slice(0..4), None);
        let inverted = Range { start: 2, end: 1 };
        assert_eq!(st.slice(inverted), None);
    }

    #[test]
    fn index_agrees_with_counting_on_long_mixed_text() {
        let text: String = (0..5000)
            .map(|i| match i % 4 {
                0 => 'a',
                1 => 'é',
                2 => '字',
                _ => '😀',
            })
            .collect();
        let st = SourceText::new(text.as_str());
        for pos in [0, 1, 255, 256, 257, 1023, 4999, 5000] {
            let expected = text.char_indices().nth(pos).map_or(text.len(), |(b, _)| b);
            assert_eq!(st.byte_of(pos), Some(expected), "char {pos}");
            assert_eq!(st.char_of(expected), pos);
        }
        assert_eq!(st.byte_of(5001), None);
    }

    #[test]
    fn end_of_a_text_of_exactly_256_chars_is_found() {
        for n in [INDEX_STRIDE, 2 * INDEX_STRIDE] {
            let text = "é".repeat(n);
            let st = SourceText::new(text.as_str());
            assert_eq!(st.byte_of(n), Some(text.len()));
            assert_eq!(st.slice(n - 1..n), Some("é"));
            assert_eq!(st.byte_of(n + 1), None);
        }
    }

    #[test]
    fn context_is_clipped_at_the_ends() {
        let (text, range) = marked("The [quick] fox");
        let st = SourceText::new(text);
        assert_eq!(st.context(range), ("The ".into(), " fox".into()));
        let long = format!("{}[x]{}", "a".repeat(40), "b".repeat(40));
        let (text, range) = marked(&long);
        let (prefix, suffix) = SourceText::new(text).context(range);
        assert_eq!(prefix, "a".repeat(CONTEXT_CHARS));
        assert_eq!(suffix, "b".repeat(CONTEXT_CHARS));
    }

    #[test]
    fn locate_unique_repeat_and_missing() {
        let st = SourceText::new("Six died. Police said six died. Five died.");
        let Located::Unique(span) = locate(&st, "Police", "", "") else {
            panic!("unique expected")
        };
        assert_eq!((span.start, span.end), (10, 16));
        let Located::Ambiguous(spans) = locate(&st, "died", "", "") else {
            panic!("ambiguous expected")
        };
        assert_eq!(spans.len(), 3);
        assert!(matches!(locate(&st, "died", "six ", ""), Located::Unique(s) if s.start == 26));
        assert!(matches!(locate(&st, "died", "", ". Five"), Located::Unique(s) if s.start == 26));
        assert_eq!(
            locate(&st, "seven", "", ""),
            Located::NotFound { without_context: 0 }
        );
        assert_eq!(
            locate(&st, "died", "Seven ", ""),
            Located::NotFound { without_context: 3 }
        );
    }

    #[test]
    fn overlapping_repeats_are_all_found() {
        let st = SourceText::new("aaa");
        assert_eq!(st.find_all("aa"), vec![0..2, 1..3]);
        assert!(st.find_all("").is_empty());
    }

    #[test]
    fn near_misses_ignore_case_space_and_curly_quotes() {
        let st = SourceText::new("He said \u{201C}We will not  back down\u{201D} today.");
        let r = near_miss(&st, "\"we will not back down\"").unwrap();
        assert_eq!(st.slice(r), Some("\u{201C}We will not  back down\u{201D}"));
        assert_eq!(near_miss(&st, "surrender"), None);
        assert_eq!(near_miss(&st, "   "), None);
    }

    #[test]
    fn snippet_shortens_and_flattens() {
        assert_eq!(snippet("a\nb", 10), "a b");
        assert_eq!(snippet("abcdef", 4), "abc…");
    }
}
