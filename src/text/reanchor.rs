//! Re-anchoring quotes when a source gets a new version.
//!
//! Offsets are char offsets, half-open, as everywhere in [`crate::text::anchor`].
//! The old and new texts are diffed with `similar` in two steps: lines first,
//! then words (Unicode word boundaries) inside each changed block, giving a
//! list of [`Edit`]s that covers both texts. Every quote is then mapped to exactly one [`Outcome`]:
//!
//! - [`Outcome::Exact`]: every char of the quote lies in unchanged text and
//!   nothing was inserted inside it, so the diff proves the text is the same;
//!   the new offsets follow the edits around it. In
//!   `"The [quick] fox"` → `"The very [quick] fox"` the quote moves from 4..9
//!   to 9..14.
//! - [`Outcome::Moved`]: the text is gone from its place but occurs once
//!   elsewhere, with its prefix or suffix context matching.
//! - [`Outcome::Changed`]: an edit falls inside the quote; the text now at the
//!   mapped place is reported.
//! - [`Outcome::Ambiguous`]: several places match equally well, or the
//!   passage is gone from its place and its text occurs only elsewhere, in
//!   another context.
//! - [`Outcome::Orphaned`]: the passage is gone.
//!
//! Only `Exact` and `Moved` keep a quote valid; the rest wait for a human.
//! Every `Exact` and `Moved` outcome is checked: the new text at the new
//! offsets equals the old quote text, always.
//!
//! ```
//! use attest::text::anchor::SourceText;
//! use attest::text::reanchor::{Outcome, Revision};
//!
//! let old = SourceText::new("Six people died. Police said so.");
//! let new = SourceText::new("Officials said six people died. Police said so.");
//! let revision = Revision::new(&old, &new);
//! assert_eq!(revision.map_span(17, 32, "", ""), Outcome::Exact { start: 32, end: 47 });
//! assert!(matches!(revision.map_span(0, 3, "", " people"), Outcome::Changed { .. }));
//! ```

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use crate::text::anchor::SourceText;

/// How long the word-level diff of one changed block may take before it
/// falls back to treating the block as replaced wholesale.
const BLOCK_DEADLINE: Duration = Duration::from_millis(200);

/// One step of the diff from the old text to the new one, in chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Whether the chars are unchanged (`Equal`) or not.
    pub equal: bool,
    /// The chars of the old text.
    pub old: Range<usize>,
    /// The chars of the new text.
    pub new: Range<usize>,
}

/// The fate of one quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Same text, at offsets the diff proves.
    Exact {
        /// New first char.
        start: usize,
        /// New end.
        end: usize,
    },
    /// Same text found once elsewhere, with matching context.
    Moved {
        /// New first char.
        start: usize,
        /// New end.
        end: usize,
    },
    /// The passage was edited.
    Changed {
        /// Start of the mapped place in the new text.
        start: usize,
        /// End of the mapped place.
        end: usize,
        /// The text there now.
        new_text: String,
    },
    /// Several equally good places, or the text found only elsewhere in
    /// another context: a human must choose.
    Ambiguous {
        /// Every candidate place.
        candidates: Vec<Range<usize>>,
    },
    /// The passage is gone.
    Orphaned,
}

impl Outcome {
    /// The status name used in reports: `exact`, `moved`, `changed`,
    /// `ambiguous`, `orphaned`.
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Exact { .. } => "exact",
            Outcome::Moved { .. } => "moved",
            Outcome::Changed { .. } => "changed",
            Outcome::Ambiguous { .. } => "ambiguous",
            Outcome::Orphaned => "orphaned",
        }
    }

    /// The new place of a quote that stays valid.
    pub fn resolved(&self) -> Option<Range<usize>> {
        match self {
            Outcome::Exact { start, end } | Outcome::Moved { start, end } => Some(*start..*end),
            _ => None,
        }
    }
}

/// A diff between two versions of a text, ready to map positions through.
pub struct Revision<'a> {
    old: &'a SourceText,
    new: &'a SourceText,
    edits: Vec<Edit>,
}

/// Splits text into lines with their line breaks, as char ranges.
fn line_ranges(text: &str) -> (Vec<&str>, Vec<usize>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut pos = 0;
    for line in &lines {
        starts.push(pos);
        pos += line.chars().count();
    }
    starts.push(pos);
    (lines, starts)
}

impl<'a> Revision<'a> {
    /// Diffs `old` against `new`.
    pub fn new(old: &'a SourceText, new: &'a SourceText) -> Self {
        let (old_lines, old_starts) = line_ranges(old.as_str());
        let (new_lines, new_starts) = line_ranges(new.as_str());
        let line_ops = capture_diff_slices_deadline(
            Algorithm::Myers,
            &old_lines,
            &new_lines,
            Some(Instant::now() + Duration::from_secs(5)),
        );
        let mut edits: Vec<Edit> = Vec::new();
        let mut pending: Option<(Range<usize>, Range<usize>)> = None;
        let flush = |edits: &mut Vec<Edit>, pending: &mut Option<(Range<usize>, Range<usize>)>| {
            if let Some((old_lines_range, new_lines_range)) = pending.take() {
                refine(
                    old,
                    new,
                    (&old_starts, old_lines_range),
                    (&new_starts, new_lines_range),
                    edits,
                );
            }
        };
        for op in line_ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                flush(&mut edits, &mut pending);
                push(
                    &mut edits,
                    true,
                    old_starts[old_range.start]..old_starts[old_range.end],
                    new_starts[new_range.start]..new_starts[new_range.end],
                );
            } else {
                // Merge neighbouring changes into one block to refine together.
                pending = Some(match pending.take() {
                    Some((o, n)) => (o.start..old_range.end, n.start..new_range.end),
                    None => (old_range, new_range),
                });
            }
        }
        flush(&mut edits, &mut pending);
        Self { old, new, edits }
    }

    /// The edits, covering both texts in order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Where old position `pos` (a boundary between chars) is in the new text.
    /// Text inserted exactly at `pos` comes before the result when
    /// `after_insertions`, after it otherwise. A position inside replaced or
    /// deleted text maps to the start (or, with `after_insertions`, the end) of
    /// its replacement.
    pub fn map_pos(&self, pos: usize, after_insertions: bool) -> usize {
        // The first edit whose old range ends after pos, or touches it.
        let i = self.edits.partition_point(|e| e.old.end < pos);
        let mut i = i.min(self.edits.len().saturating_sub(1));
        // Among edits meeting at pos (an insertion has an empty old range),
        // choose by the bias.
        if after_insertions {
            while i + 1 < self.edits.len() && self.edits[i].old.end <= pos {
                i += 1;
            }
        }
        let Some(edit) = self.edits.get(i) else {
            return pos;
        };
        if pos <= edit.old.start {
            return if after_insertions && edit.old.is_empty() {
                edit.new.end
            } else {
                edit.new.start
            };
        }
        if pos >= edit.old.end {
            return edit.new.end;
        }
        if edit.equal {
            edit.new.start + (pos - edit.old.start)
        } else if after_insertions {
            edit.new.end
        } else {
            edit.new.start
        }
    }

    /// Whether every old char of `range` is unchanged and nothing was
    /// inserted strictly inside it.
    fn untouched(&self, range: Range<usize>) -> bool {
        let first = self.edits.partition_point(|e| e.old.end <= range.start);
        for edit in &self.edits[first..] {
            if edit.old.start >= range.end {
                break;
            }
            if !edit.equal {
                return false;
            }
        }
        // Insertions have empty old ranges and are missed above: look for
        // a non-equal edit whose old range is empty and strictly inside.
        let inner = self.edits.partition_point(|e| e.old.start <= range.start);
        !self.edits[inner..]
            .iter()
            .take_while(|e| e.old.start < range.end)
            .any(|e| !e.equal)
    }

    /// Maps one quote, given its old offsets and context.
    pub fn map_span(&self, start: usize, end: usize, prefix: &str, suffix: &str) -> Outcome {
        let Some(text) = self.old.slice(start..end) else {
            return Outcome::Orphaned;
        };
        let new_start = self.map_pos(start, true);
        let new_end = self.map_pos(end, false);
        if self.untouched(start..end)
            && new_end >= new_start
            && new_end - new_start == end - start
            && self.boundaries_hold(start..end, &(new_start..new_end))
        {
            debug_assert_eq!(self.new.slice(new_start..new_end), Some(text));
            return Outcome::Exact {
                start: new_start,
                end: new_end,
            };
        }
        let occurrences: Vec<Range<usize>> = self
            .new
            .find_all(text)
            .into_iter()
            .filter(|r| self.boundaries_hold(start..end, r))
            .collect();
        // The diff may attribute an edit next to repeated chars to the wrong
        // copy ("aab" → "ab"); the same text overlapping the mapped place, and
        // only once there, is the same passage.
        let window = self.map_pos(start, false)..self.map_pos(end, true);
        let near: Vec<&Range<usize>> = occurrences
            .iter()
            .filter(|r| r.start <= window.end && r.end >= window.start && !window.is_empty())
            .collect();
        // At the mapped place itself, some context on either side suffices;
        // or none, when the passage is the only one of its text in both
        // versions (edits close on both sides changed its context, not it).
        if near.len() == 1
            && (self.context(near[0], prefix, suffix) != (Side::None, Side::None)
                || (occurrences.len() == 1 && self.old.find_all(text).len() == 1))
        {
            return Outcome::Exact {
                start: near[0].start,
                end: near[0].end,
            };
        }
        let matching: Vec<Range<usize>> = occurrences
            .iter()
            .filter(|r| self.context_matches(r, prefix, suffix))
            .cloned()
            .collect();
        match matching.len() {
            1 => {
                return Outcome::Moved {
                    start: matching[0].start,
                    end: matching[0].end,
                };
            }
            n if n > 1 => {
                return Outcome::Ambiguous {
                    candidates: matching,
                };
            }
            _ => {}
        }
        // Something with words at the mapped place: the passage was edited.
        // Nothing, or only punctuation the diff happened to keep: it is gone.
        let (a, b) = self.whole_words(start..end, new_start.min(new_end)..new_start.max(new_end));
        let there = self.new.slice(a..b).unwrap_or_default();
        if there.chars().any(char::is_alphanumeric) {
            return Outcome::Changed {
                start: a,
                end: b,
                new_text: there.to_owned(),
            };
        }
        // The passage is gone from its place but its words occur elsewhere in
        // another context: a human must choose; nothing is guessed.
        if !occurrences.is_empty() {
            return Outcome::Ambiguous {
                candidates: occurrences,
            };
        }
        Outcome::Orphaned
    }

    /// How well the text around an occurrence in the new text matches the
    /// quote's stored context, before and after.
    fn context(&self, at: &Range<usize>, prefix: &str, suffix: &str) -> (Side, Side) {
        let before = self
            .new
            .slice(at.start.saturating_sub(prefix.chars().count() + 1)..at.start)
            .unwrap_or_default();
        let after_end = (at.end + suffix.chars().count() + 1).min(self.new.char_len());
        let after = self.new.slice(at.end..after_end).unwrap_or_default();
        let reaches_end = after_end == self.new.char_len();

        let prefix_match = if !prefix.is_empty() && before.ends_with(prefix) {
            Side::Strong
        } else {
            // Within the line: the part after a line break, or all of a short
            // prefix (the quote was near the start of the text).
            let line_prefix = match prefix.rfind('\n') {
                Some(i) => Some(&prefix[i + 1..]),
                None if prefix.chars().count() < CONTEXT => Some(prefix),
                None => None,
            };
            match line_prefix {
                Some(p) if line_start_with(before, at.start, p) => Side::line(p),
                _ => Side::None,
            }
        };
        let suffix_match = if !suffix.is_empty() && after.starts_with(suffix) {
            Side::Strong
        } else {
            let line_suffix = match suffix.find('\n') {
                Some(i) => Some(&suffix[..i]),
                None if suffix.chars().count() < CONTEXT => Some(suffix),
                None => None,
            };
            match line_suffix {
                Some(s) if line_end_with(after, reaches_end, s) => Side::line(s),
                _ => Side::None,
            }
        };
        (prefix_match, suffix_match)
    }

    /// Whether an occurrence elsewhere is the quote's passage: its context
    /// matches strongly on one side, or weakly on both.
    fn context_matches(&self, at: &Range<usize>, prefix: &str, suffix: &str) -> bool {
        let (before, after) = self.context(at, prefix, suffix);
        before == Side::Strong
            || after == Side::Strong
            || (before == Side::Weak && after == Side::Weak)
    }

    /// Grows a mapped place to word boundaries where the old quote had them,
    /// so a report shows "sixty", not "six".
    fn whole_words(&self, old: Range<usize>, new: Range<usize>) -> (usize, usize) {
        let word_at = |text: &SourceText, pos: usize| {
            text.slice(pos..pos + 1)
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphanumeric)
        };
        let (mut a, mut b) = (new.start, new.end);
        let old_starts_word = old.start == 0 || !word_at(self.old, old.start - 1);
        let old_ends_word = !word_at(self.old, old.end);
        while old_starts_word && a > 0 && word_at(self.new, a - 1) && word_at(self.new, a) {
            a -= 1;
        }
        while old_ends_word && b > a && word_at(self.new, b) && word_at(self.new, b - 1) {
            b += 1;
        }
        (a, b)
    }

    /// Whether a quote that began (or ended) at a word boundary still does at
    /// its new place: "six" must not become the start of "sixty".
    fn boundaries_hold(&self, old: Range<usize>, new: &Range<usize>) -> bool {
        let is_word = |text: &SourceText, pos: Option<usize>| {
            pos.and_then(|p| text.slice(p..p + 1))
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphanumeric)
        };
        let boundary = |text: &SourceText, pos: usize| {
            !(is_word(text, pos.checked_sub(1)) && is_word(text, Some(pos)))
        };
        (!boundary(self.old, old.start) || boundary(self.new, new.start))
            && (!boundary(self.old, old.end) || boundary(self.new, new.end))
    }
}

/// How well one side of a quote's context matches at a new place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// It does not.
    None,
    /// Only a line boundary matches (the quote started or ended a line).
    Weak,
    /// The stored context, or its non-empty in-line part, matches.
    Strong,
}

impl Side {
    /// The strength of a match of in-line context `part` after or before a
    /// line boundary: strong only if it holds some word, not just spaces or
    /// punctuation (" ." ends countless lines).
    fn line(part: &str) -> Self {
        if part.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            Side::Strong
        } else {
            Side::Weak
        }
    }
}

/// The length of stored context, in chars.
const CONTEXT: usize = crate::model::CONTEXT_CHARS;

/// Whether `before` (the text just before an occurrence at `start`) ends
/// with a line start followed by `line_prefix`.
fn line_start_with(before: &str, start: usize, line_prefix: &str) -> bool {
    let Some(head) = before.strip_suffix(line_prefix) else {
        return false;
    };
    head.ends_with('\n') || (head.is_empty() && start == line_prefix.chars().count())
}

/// Whether `after` (the text just after an occurrence, reaching the end of
/// the text when `reaches_end`) starts with `line_suffix` followed by a line
/// end or the end of the text.
fn line_end_with(after: &str, reaches_end: bool, line_suffix: &str) -> bool {
    let Some(tail) = after.strip_prefix(line_suffix) else {
        return false;
    };
    tail.starts_with('\n') || tail.starts_with("\r\n") || (tail.is_empty() && reaches_end)
}

/// Appends an edit, merging it with the previous one of the same kind.
fn push(edits: &mut Vec<Edit>, equal: bool, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = edits.last_mut()
        && last.equal == equal
        && last.old.end == old.start
        && last.new.end == new.start
    {
        last.old.end = old.end;
        last.new.end = new.end;
        return;
    }
    edits.push(Edit { equal, old, new });
}

/// Diffs a changed block of lines and appends the result. A block with as
/// many new lines as old ones is refined line by line (each old line against
/// its new counterpart), so one heavily revised stretch cannot misalign text
/// far away.
fn refine(
    old: &SourceText,
    new: &SourceText,
    old_lines: (&[usize], Range<usize>),
    new_lines: (&[usize], Range<usize>),
    edits: &mut Vec<Edit>,
) {
    let (old_starts, old_range) = old_lines;
    let (new_starts, new_range) = new_lines;
    if old_range.len() == new_range.len() {
        for (o, n) in old_range.zip(new_range) {
            refine_words(
                old,
                new,
                old_starts[o]..old_starts[o + 1],
                new_starts[n]..new_starts[n + 1],
                edits,
            );
        }
    } else {
        refine_words(
            old,
            new,
            old_starts[old_range.start]..old_starts[old_range.end],
            new_starts[new_range.start]..new_starts[new_range.end],
            edits,
        );
    }
}

/// Diffs two stretches of text word by word (Unicode word boundaries; spaces
/// and punctuation are tokens of their own) and appends the result in chars.
fn refine_words(
    old: &SourceText,
    new: &SourceText,
    old_chars: Range<usize>,
    new_chars: Range<usize>,
    edits: &mut Vec<Edit>,
) {
    use unicode_segmentation::UnicodeSegmentation as _;
    let tokens = |text: &'_ SourceText, chars: Range<usize>| -> (Vec<String>, Vec<usize>) {
        let slice = text.slice(chars.clone()).unwrap_or_default();
        let words: Vec<String> = slice.split_word_bounds().map(str::to_owned).collect();
        let mut starts = Vec::with_capacity(words.len() + 1);
        let mut pos = chars.start;
        for word in &words {
            starts.push(pos);
            pos += word.chars().count();
        }
        starts.push(pos);
        (words, starts)
    };
    let (a, a_starts) = tokens(old, old_chars);
    let (b, b_starts) = tokens(new, new_chars);
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        &a,
        &b,
        Some(Instant::now() + BLOCK_DEADLINE),
    );
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        push(
            edits,
            tag == DiffTag::Equal,
            a_starts[o.start]..a_starts[o.end],
            b_starts[n.start]..b_starts[n.end],
        );
    }
}

/// What a reviewer is told about a quote an update could not carry over.
pub fn unresolved_message(
    quote: &crate::model::Quote,
    unresolved: &crate::model::Unresolved,
) -> String {
    let was = crate::util::snippet(&quote.text, 80);
    match unresolved.status {
        crate::model::AnchorStatus::Changed => format!(
            "quote `{}`: the passage was edited in the new version of `{}`: it read “{was}”, it now reads “{}”; select it again or remove the quote",
            quote.id,
            quote.source,
            crate::util::snippet(&unresolved.new_text, 80)
        ),
        crate::model::AnchorStatus::Ambiguous => format!(
            "quote `{}`: “{was}” occurs in several places of the new version of `{}`; select the right one again",
            quote.id, quote.source
        ),
        crate::model::AnchorStatus::Orphaned => format!(
            "quote `{}`: “{was}” is gone from the new version of `{}`; find the passage again or remove the quote",
            quote.id, quote.source
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::marked;

    /// Maps the bracketed quote of `before` into the text of `after`, and
    /// returns the outcome written the same way: `exact: "The very [quick] fox"`.
    fn map(before: &str, after: &str) -> String {
        let (old, range) = marked(before);
        let new_text = after.replace(['[', ']'], "");
        let old = SourceText::new(old);
        let new = SourceText::new(new_text.as_str());
        let (prefix, suffix) = old.context(range.clone());
        let outcome = Revision::new(&old, &new).map_span(range.start, range.end, &prefix, &suffix);
        let show = |r: Range<usize>| {
            let chars: Vec<char> = new_text.chars().collect();
            format!(
                "{}[{}]{}",
                chars[..r.start].iter().collect::<String>(),
                chars[r.clone()].iter().collect::<String>(),
                chars[r.end..].iter().collect::<String>()
            )
        };
        match outcome {
            Outcome::Exact { start, end } => format!("exact: {}", show(start..end)),
            Outcome::Moved { start, end } => format!("moved: {}", show(start..end)),
            Outcome::Changed {
                start,
                end,
                new_text,
            } => {
                format!("changed: {} ({new_text:?})", show(start..end))
            }
            Outcome::Ambiguous { candidates } => format!("ambiguous: {} places", candidates.len()),
            Outcome::Orphaned => "orphaned".into(),
        }
    }

    #[test]
    fn inserts_around_and_inside() {
        assert_eq!(
            map("The [quick] fox", "The very [quick] fox"),
            "exact: The very [quick] fox"
        );
        assert_eq!(
            map("The [quick] fox", "The [quick] brown fox"),
            "exact: The [quick] brown fox"
        );
        assert_eq!(
            map("The [quick] fox", "The quickly fox"),
            "changed: The [quickly] fox (\"quickly\")"
        );
        assert_eq!(
            map("The [quick fox]", "The quick red fox"),
            "changed: The [quick red fox] (\"quick red fox\")"
        );
        assert_eq!(
            map("[The] quick fox", "Oh, The quick fox"),
            "exact: Oh, [The] quick fox"
        );
        assert_eq!(
            map("The quick [fox]", "The quick fox!"),
            "exact: The quick [fox]!"
        );
    }

    #[test]
    fn deletions_and_edits_next_to_a_quote() {
        assert_eq!(
            map("A very [quick] fox", "A [quick] fox"),
            "exact: A [quick] fox"
        );
        assert_eq!(map("A [quick] fox", "A quick"), "exact: A [quick]");
        assert_eq!(
            map("Six [people died] today", "Six people dead today"),
            "changed: Six [people dead] today (\"people dead\")"
        );
        // A corrected number is reported with the new text in its place.
        assert_eq!(
            map("Police said [six] died.", "Police said five died."),
            "changed: Police said [five] died. (\"five\")"
        );
        assert_eq!(
            map("Intro.\n[Gone entirely.]\nEnd.", "Intro.\nEnd."),
            "orphaned"
        );
        assert_eq!(map("Six [died].", "Six died!"), "exact: Six [died]!");
    }

    #[test]
    fn moved_paragraphs_and_duplicates() {
        let before = "Intro.\n[The toll was six.]\nMiddle part.\nEnd.\n";
        let after = "Intro.\nMiddle part.\nEnd.\nThe toll was six.\n";
        assert_eq!(
            map(before, after),
            "moved: Intro.\nMiddle part.\nEnd.\n[The toll was six.]\n"
        );
        // A duplicated sentence: the original stays exact where it was.
        let before = "One.\n[The toll was six.]\nTwo.\n";
        let after = "One.\nThe toll was six.\nTwo.\nThe toll was six.\n";
        assert_eq!(
            map(before, after),
            "exact: One.\n[The toll was six.]\nTwo.\nThe toll was six.\n"
        );
        // Gone from its place, present twice elsewhere in the same context.
        let before = "[six people] died.\nOther.\n";
        let after = "Other.\nsix people died\nsix people died\n";
        assert_eq!(map(before, after), "ambiguous: 2 places");
    }

    #[test]
    fn a_quote_never_becomes_part_of_another_word() {
        assert_eq!(
            map("The toll is [six] today", "The toll is sixty today"),
            "changed: The toll is [sixty] today (\"sixty\")"
        );
        assert_eq!(
            map("[Police] said", "Policemen said"),
            "changed: [Policemen] said (\"Policemen\")"
        );
        // Punctuation next to a word is not a word char: still exact.
        assert_eq!(
            map("toll is [six] today", "toll is (six) today"),
            "exact: toll is ([six]) today"
        );
    }

    #[test]
    fn repeated_chars_next_to_an_edit_stay_exact() {
        assert_eq!(map("a[ab]", "[ab]"), "exact: [ab]");
        assert_eq!(map("xx[xy]z", "x[xy]z"), "exact: x[xy]z");
    }

    #[test]
    fn char_offsets_with_accents_urdu_emoji_and_crlf() {
        assert_eq!(
            map("Café [noir]\r\n", "Le café [noir]\r\n"),
            "exact: Le café [noir]\r\n"
        );
        assert_eq!(
            map("کراچی [میں] احتجاج", "شہر کراچی [میں] احتجاج"),
            "exact: شہر کراچی [میں] احتجاج"
        );
        assert_eq!(
            map("👍🏽 [crowd] e\u{301}", "👍🏽👍 [crowd] e\u{301}"),
            "exact: 👍🏽👍 [crowd] e\u{301}"
        );
        assert_eq!(
            map("line\r\n[two]\r\n", "line\r\nzero\r\n[two]\r\n"),
            "exact: line\r\nzero\r\n[two]\r\n"
        );
    }

    #[test]
    fn map_pos_bias_at_insertions() {
        // "a b" → "a X b": "X " is inserted at 2, just before "b".
        let old = SourceText::new("a b");
        let new = SourceText::new("a X b");
        let revision = Revision::new(&old, &new);
        assert_eq!(revision.map_pos(2, false), 2);
        assert_eq!(revision.map_pos(2, true), 4);
        assert_eq!(revision.map_pos(0, true), 0);
        assert_eq!(revision.map_pos(3, false), 5);
    }
}
