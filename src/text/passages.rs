//! Paragraphs and words of a source text, for reading and selecting.
//!
//! The source view shows a text as display paragraphs: its lines, with empty
//! lines left out and a line longer than a limit cut at a space into pieces
//! that continue one another. Everything here is in char offsets of the whole
//! text, half-open, like the rest of [`crate::text::anchor`].
//!
//! Selections snap to words (Unicode word boundaries, from
//! `unicode-segmentation`): a selection that starts or ends inside a word
//! grows to the whole word, and whitespace at either end is dropped, so a
//! quote never starts or ends with half a word. In `"six [peo]ple died"`
//! the snapped selection is `"six [people] died"`.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation as _;

use crate::text::anchor::SourceText;

/// Display paragraphs longer than this many chars are cut into pieces.
pub const MAX_PARAGRAPH_CHARS: usize = 3000;

/// The display paragraphs of a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraphs {
    /// Char range of each paragraph, without its line break.
    spans: Vec<Range<usize>>,
    /// Whether each paragraph continues the previous one (a cut long line).
    continued: Vec<bool>,
}

impl Paragraphs {
    /// Splits a text into display paragraphs of at most `max_chars` chars.
    pub fn split(text: &SourceText, max_chars: usize) -> Self {
        let max_chars = max_chars.max(16);
        let mut paragraphs = Self::default();
        let mut line_start = 0;
        let mut pos = 0;
        for c in text.as_str().chars() {
            if c == '\n' {
                paragraphs.push_line(text, line_start..pos, max_chars);
                line_start = pos + 1;
            }
            pos += 1;
        }
        paragraphs.push_line(text, line_start..pos, max_chars);
        paragraphs
    }

    fn push_line(&mut self, text: &SourceText, mut line: Range<usize>, max_chars: usize) {
        let slice = text.slice(line.clone()).unwrap_or_default();
        // Leave out a trailing `\r` and lines that are only whitespace.
        if slice.ends_with('\r') {
            line.end -= 1;
        }
        if slice.trim().is_empty() {
            return;
        }
        let mut first = true;
        while line.end - line.start > max_chars {
            let piece = text
                .slice(line.start..line.start + max_chars)
                .unwrap_or_default();
            // Cut after the last whitespace in the second half of the piece,
            // or hard if there is none.
            // `piece` has exactly `max_chars` chars, so counting back from the
            // end gives each char's position.
            let cut = piece
                .chars()
                .rev()
                .zip((0..max_chars).rev())
                .take_while(|&(_, n)| n >= max_chars / 2)
                .find(|(c, _)| c.is_whitespace())
                .map_or(max_chars, |(_, n)| n + 1);
            self.spans.push(line.start..line.start + cut);
            self.continued.push(!first);
            first = false;
            line.start += cut;
        }
        self.spans.push(line);
        self.continued.push(!first);
    }

    /// How many paragraphs there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The char range of paragraph `i`.
    pub fn span(&self, i: usize) -> Range<usize> {
        self.spans[i].clone()
    }

    /// Whether paragraph `i` continues the previous one (no gap between them).
    pub fn is_continued(&self, i: usize) -> bool {
        self.continued[i]
    }

    /// The paragraph that contains `pos`, or the nearest one before it
    /// (the first one if `pos` comes before all of them).
    pub fn index_of(&self, pos: usize) -> usize {
        self.spans
            .partition_point(|s| s.start <= pos)
            .saturating_sub(1)
    }

    /// Indices of the paragraphs that overlap a char range (an empty range
    /// overlaps the paragraph it sits in).
    pub fn overlapping(&self, range: Range<usize>) -> Range<usize> {
        if self.spans.is_empty() {
            return 0..0;
        }
        let first = self.spans.partition_point(|s| s.end <= range.start);
        let last = self
            .spans
            .partition_point(|s| s.start < range.end.max(range.start + 1));
        first..last.max(first)
    }
}

/// Char ranges (relative to `text`) of the words of `text`: word-bound
/// segments that are not whitespace.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut char_pos = 0;
    text.split_word_bounds().filter_map(move |segment| {
        let len = segment.chars().count();
        let range = char_pos..char_pos + len;
        char_pos += len;
        (!segment.trim().is_empty()).then_some(range)
    })
}

/// The word at char `pos` of a paragraph's text, or `None` on whitespace.
pub fn word_at(text: &str, pos: usize) -> Option<Range<usize>> {
    words(text).find(|w| w.start <= pos && pos < w.end)
}

/// Grows a selection inside one text to whole words and drops whitespace at
/// its ends. Returns `None` if nothing but whitespace is selected.
pub fn snap_to_words(text: &str, selection: Range<usize>) -> Option<Range<usize>> {
    let (a, b) = (
        selection.start.min(selection.end),
        selection.start.max(selection.end),
    );
    let mut start = None;
    let mut end = 0;
    for word in words(text) {
        if word.end <= a || (word.start >= b && a != b) {
            continue;
        }
        if word.start > b {
            break;
        }
        start.get_or_insert(word.start);
        end = word.end;
    }
    start.map(|s| s..end)
}

/// Snaps a selection of a whole source text to words, paragraph by
/// paragraph: its start and end move to word boundaries in their paragraphs.
pub fn snap_selection(
    text: &SourceText,
    paragraphs: &Paragraphs,
    selection: Range<usize>,
) -> Option<Range<usize>> {
    let (a, b) = (
        selection.start.min(selection.end),
        selection.start.max(selection.end),
    );
    if a == b || paragraphs.is_empty() {
        return None;
    }
    let indices = paragraphs.overlapping(a..b);
    let mut start = None;
    let mut end = None;
    for i in indices.clone() {
        let span = paragraphs.span(i);
        let para = text.slice(span.clone())?;
        let local = a.max(span.start) - span.start..b.min(span.end) - span.start;
        if let Some(words) = snap_to_words(para, local) {
            start.get_or_insert(span.start + words.start);
            end = Some(span.start + words.end);
        }
    }
    Some(start?..end?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::marked;

    fn snapped(case: &str) -> String {
        let (text, range) = marked(case);
        match snap_to_words(&text, range) {
            None => text,
            Some(r) => {
                let chars: Vec<char> = text.chars().collect();
                let before: String = chars[..r.start].iter().collect();
                let inside: String = chars[r.clone()].iter().collect();
                let after: String = chars[r.end..].iter().collect();
                format!("{before}[{inside}]{after}")
            }
        }
    }

    #[test]
    fn selections_snap_to_whole_words() {
        assert_eq!(snapped("six [peo]ple died"), "six [people] died");
        assert_eq!(snapped("six peo[ple d]ied"), "six [people died]");
        assert_eq!(snapped("six[ people ]died"), "six [people] died");
        assert_eq!(snapped("six people [died.]"), "six people [died.]");
        assert_eq!(snapped("six[ ]people"), "six people");
        assert_eq!(snapped("Café [au] lait"), "Café [au] lait");
        assert_eq!(snapped("کراچی [میں] احتجاج"), "کراچی [میں] احتجاج");
        assert_eq!(snapped("crowd 👍[🏽 ch]eered"), "crowd [👍🏽 cheered]");
        assert_eq!(snapped("e\u{301}l[e\u{301}]ve"), "[e\u{301}le\u{301}ve]");
    }

    #[test]
    fn word_at_finds_the_word_under_a_click() {
        assert_eq!(word_at("six people died", 5), Some(4..10));
        assert_eq!(word_at("six people died", 3), None);
        assert_eq!(word_at("don't stop", 2), Some(0..5));
    }

    #[test]
    fn paragraphs_are_lines_without_blank_ones() {
        let text = SourceText::new("First line.\r\n\r\n  \nSecond line.\nThird");
        let p = Paragraphs::split(&text, MAX_PARAGRAPH_CHARS);
        let spans: Vec<_> = (0..p.len())
            .map(|i| text.slice(p.span(i)).unwrap())
            .collect();
        assert_eq!(spans, ["First line.", "Second line.", "Third"]);
        assert_eq!(p.index_of(0), 0);
        assert_eq!(
            p.index_of(14),
            0,
            "a blank line belongs to the paragraph before"
        );
        assert_eq!(p.index_of(19), 1);
        assert_eq!(p.overlapping(5..20), 0..2);
        assert_eq!(p.overlapping(19..19), 1..2);
    }

    #[test]
    fn long_lines_are_cut_at_spaces() {
        let line = "word ".repeat(1000);
        let text = SourceText::new(line.as_str());
        let p = Paragraphs::split(&text, 100);
        assert!(p.len() >= 50);
        for i in 0..p.len() {
            let span = p.span(i);
            assert!(span.end - span.start <= 100);
            assert_eq!(p.is_continued(i), i > 0);
            if i + 1 < p.len() {
                assert_eq!(span.end, p.span(i + 1).start, "pieces are contiguous");
                assert!(text.slice(span).unwrap().ends_with(' '));
            }
        }
        let unbroken = SourceText::new("x".repeat(250));
        let p = Paragraphs::split(&unbroken, 100);
        assert_eq!((p.len(), p.span(2)), (3, 200..250));
    }

    #[test]
    fn selections_across_paragraphs_snap_at_both_ends() {
        let text = SourceText::new("Police said two died.\nLater, police said three died.");
        let p = Paragraphs::split(&text, MAX_PARAGRAPH_CHARS);
        let r = snap_selection(&text, &p, 14..31).unwrap();
        assert_eq!(text.slice(r).unwrap(), "two died.\nLater, police");
        assert_eq!(
            snap_selection(&text, &p, 21..22),
            None,
            "only the line break"
        );
    }
}
