//! Find in source: case-insensitive search with a current match.

use std::ops::Range;

use crate::text::anchor::SourceText;

/// Most matches kept; a search with more says so.
pub const MAX_MATCHES: usize = 10_000;

/// The state of the find bar of one source view.
#[derive(Default)]
pub struct FindState {
    /// Whether the find bar is shown.
    pub open: bool,
    /// What is searched for.
    pub query: String,
    /// Set when the find field should take keyboard focus.
    pub focus_requested: bool,
    searched: Option<String>,
    /// The text lowercased char by char, so offsets stay the same.
    folded: Option<SourceText>,
    matches: Vec<Range<usize>>,
    current: Option<usize>,
    /// Whether the matches are marked in the text: not after the current
    /// one was cited (its quote's highlight shows instead), until the next
    /// step or search.
    hidden: bool,
}

/// Lowercases each char to one char, so char offsets are kept.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

impl FindState {
    /// Recomputes the matches if the query changed. Returns whether it did.
    pub fn update(&mut self, text: &SourceText) -> bool {
        if self.searched.as_deref() == Some(self.query.as_str()) {
            return false;
        }
        self.searched = Some(self.query.clone());
        self.matches.clear();
        self.current = None;
        self.hidden = false;
        if self.query.is_empty() {
            return true;
        }
        let folded = self
            .folded
            .get_or_insert_with(|| SourceText::new(fold(text.as_str())));
        let needle = fold(&self.query);
        self.matches = folded.find_all(&needle);
        self.matches.truncate(MAX_MATCHES);
        if !self.matches.is_empty() {
            self.current = Some(0);
        }
        true
    }

    /// How many matches there are.
    pub fn count(&self) -> usize {
        self.matches.len()
    }

    /// The index of the current match.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The current match's range.
    pub fn current_range(&self) -> Option<Range<usize>> {
        self.current.map(|i| self.matches[i].clone())
    }

    /// Moves to the next (or previous) match, wrapping around.
    pub fn step(&mut self, forward: bool) -> Option<Range<usize>> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let i = match (self.current, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(i);
        self.hidden = false;
        self.current_range()
    }

    /// Stops marking the matches once the current one is cited, until the
    /// next step or search.
    pub fn cited(&mut self) {
        self.hidden = true;
    }

    /// The matches overlapping a char range, with their indices: those to
    /// highlight, so none while the find bar is closed.
    pub fn matches_in(
        &self,
        range: Range<usize>,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let matches = if self.open && !self.hidden {
            &self.matches[..]
        } else {
            &[]
        };
        let first = matches.partition_point(|m| m.end <= range.start);
        matches[first..]
            .iter()
            .enumerate()
            .take_while(move |(_, m)| m.start < range.end)
            .map(move |(n, m)| (first + n, m.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_and_steps_around() {
        let text = SourceText::new("Tear gas. TEAR GAS. İstanbul tear gas");
        let mut find = FindState {
            open: true,
            query: "tear GAS".into(),
            ..FindState::default()
        };
        assert!(find.update(&text));
        assert_eq!(find.count(), 3);
        assert_eq!(find.current_range(), Some(0..8));
        assert_eq!(find.step(true), Some(10..18));
        assert_eq!(
            find.step(true),
            Some(29..37),
            "offsets survive İ lowercasing"
        );
        assert_eq!(find.step(true), Some(0..8));
        assert_eq!(find.step(false), Some(29..37));
        assert!(!find.update(&text), "same query: nothing to do");
        assert_eq!(
            find.matches_in(9..20).map(|(n, _)| n).collect::<Vec<_>>(),
            [1]
        );
        find.cited();
        assert_eq!(find.matches_in(0..40).count(), 0, "cited: nothing marked");
        find.step(true);
        assert_eq!(find.matches_in(0..40).count(), 3, "a step marks them again");
        find.open = false;
        assert_eq!(find.matches_in(0..40).count(), 0, "closed: nothing marked");
        find.open = true;
        find.query = "nothing".into();
        find.update(&text);
        assert_eq!((find.count(), find.step(true)), (0, None));
    }
}
