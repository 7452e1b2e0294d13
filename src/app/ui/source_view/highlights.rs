//! The quotes of one source, ready to paint: ranges, colours, lanes, and an
//! index from paragraph to the quotes that touch it.

use std::collections::HashMap;
use std::ops::Range;

use egui::Color32;

use crate::app::theme::Palette;
use crate::model::{ClaimId, Project, QuoteId, SourceId, Stance};
use crate::text::passages::Paragraphs;

/// One quote as painted.
pub struct Mark {
    /// The quote.
    pub quote: QuoteId,
    /// Its chars in the source.
    pub range: Range<usize>,
    /// Background colour.
    pub fill: Color32,
    /// Underline colour.
    pub line: Color32,
    /// Underline lane, so overlapping quotes stay distinguishable.
    pub lane: u8,
    /// Whether the focused claim cites it.
    pub strong: bool,
    /// Whether this marks the new place of a changed, unresolved quote.
    pub unresolved: bool,
    /// The claims citing it, with their number in the summary, stance and
    /// text, for the tooltip.
    citations: Vec<(ClaimId, usize, Stance, String)>,
}

/// How a claim cites a quote, in words: `supports claim 3, ‘Six people…’`.
fn cites(stance: Stance, number: usize, text: &str) -> String {
    let verb = match stance {
        Stance::Supports => "supports",
        Stance::Contradicts => "contradicts",
        Stance::Context => "gives context to",
    };
    format!("{verb} {}", crate::model::claim_name(number, text))
}

/// The end of the last paragraph (the text's length, less trailing blank lines).
fn paragraphs_end(paragraphs: &Paragraphs) -> usize {
    paragraphs
        .len()
        .checked_sub(1)
        .map_or(0, |last| paragraphs.span(last).end)
}

/// All marks of a source, indexed by paragraph.
#[derive(Default)]
pub struct Highlights {
    key: Option<(u64, Option<ClaimId>, bool, usize)>,
    marks: Vec<Mark>,
    by_paragraph: Vec<Vec<u32>>,
}

impl Highlights {
    /// Rebuilds the marks when the project, the focused claim or the theme changed.
    pub fn update(
        &mut self,
        project: &Project,
        source: &SourceId,
        paragraphs: &Paragraphs,
        revision: u64,
        focused: Option<&ClaimId>,
        palette: &Palette,
    ) {
        let key = (revision, focused.cloned(), palette.dark, paragraphs.len());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        // Who cites this source's quotes, in one pass over the claims
        // (and only those: a claim's text is copied for its marks here).
        let here: std::collections::HashSet<&QuoteId> =
            project.quotes_of(source).map(|q| &q.id).collect();
        let mut cited_by: HashMap<&QuoteId, Vec<(ClaimId, usize, Stance, String)>> = HashMap::new();
        for (n, (_, claim)) in project.claims().enumerate() {
            for evidence in claim.evidence.iter().filter(|e| here.contains(&e.quote)) {
                cited_by.entry(&evidence.quote).or_default().push((
                    claim.id.clone(),
                    n + 1,
                    evidence.stance,
                    claim.text.clone(),
                ));
            }
        }
        // An unresolved quote's offsets refer to an earlier version: it is
        // painted at the mapped place of its changed passage, if known, and
        // nowhere else.
        let current_len = paragraphs_end(paragraphs);
        let mut quotes: Vec<(&crate::model::Quote, Range<usize>, bool)> = project
            .quotes_of(source)
            .filter_map(|q| match &q.unresolved {
                None => Some((q, q.start..q.end, false)),
                Some(u) => u
                    .place
                    .filter(|(a, b)| a < b && *b <= current_len)
                    .map(|(a, b)| (q, a..b, true)),
            })
            .collect();
        quotes.sort_by_key(|(_, r, _)| (r.start, std::cmp::Reverse(r.end)));
        // Greedy lanes: each quote takes the lowest lane free at its start.
        let mut lane_ends: Vec<usize> = Vec::new();
        self.marks = quotes
            .into_iter()
            .map(|(q, range, unresolved)| {
                let lane = lane_ends
                    .iter()
                    .position(|&end| end <= range.start)
                    .unwrap_or(lane_ends.len());
                if lane == lane_ends.len() {
                    lane_ends.push(range.end);
                } else {
                    lane_ends[lane] = range.end;
                }
                let citations = cited_by.remove(&q.id).unwrap_or_default();
                let focused_stance = focused.and_then(|f| {
                    citations
                        .iter()
                        .find(|(c, ..)| c == f)
                        .map(|(_, _, s, _)| *s)
                });
                let stance = focused_stance.or_else(|| {
                    [Stance::Contradicts, Stance::Supports, Stance::Context]
                        .into_iter()
                        .find(|s| citations.iter().any(|(_, _, cs, _)| cs == s))
                });
                let strong = focused_stance.is_some();
                let (fill, line) = match stance {
                    _ if unresolved => {
                        (palette.unresolved.gamma_multiply(0.25), palette.unresolved)
                    }
                    Some(s) => palette.stance(s, strong),
                    None => (palette.uncited_fill, palette.uncited_line),
                };
                Mark {
                    quote: q.id.clone(),
                    unresolved,
                    range,
                    fill,
                    line,
                    lane: lane.min(3) as u8,
                    strong,
                    citations,
                }
            })
            .collect();
        self.by_paragraph = vec![Vec::new(); paragraphs.len()];
        for (n, mark) in self.marks.iter().enumerate() {
            for p in paragraphs.overlapping(mark.range.clone()) {
                self.by_paragraph[p].push(n as u32);
            }
        }
    }

    /// The marks touching paragraph `i`.
    pub fn in_paragraph(&self, i: usize) -> impl Iterator<Item = &Mark> {
        self.by_paragraph
            .get(i)
            .into_iter()
            .flatten()
            .map(|&n| &self.marks[n as usize])
    }

    /// The quotes covering char `pos`.
    pub fn quotes_at(&self, paragraphs: &Paragraphs, pos: usize) -> Vec<QuoteId> {
        self.in_paragraph(paragraphs.index_of(pos))
            .filter(|m| m.range.contains(&pos))
            .map(|m| m.quote.clone())
            .collect()
    }

    /// Tooltip lines for some quotes: which claims cite them, and how.
    pub fn describe(&self, quotes: &[QuoteId]) -> Vec<String> {
        let mut lines = Vec::new();
        for mark in self.marks.iter().filter(|m| quotes.contains(&m.quote)) {
            if mark.unresolved {
                lines.push(
                    "⚠ This quote was edited in this version; select the passage again and re-select the quote"
                        .to_owned(),
                );
            }
            if mark.citations.is_empty() {
                lines.push("This quote is not cited by any claim".to_owned());
            }
            for (_, number, stance, text) in &mark.citations {
                lines.push(cites(*stance, *number, text));
            }
        }
        lines
    }

    /// The marks of some quotes.
    pub fn marks_of<'a>(&'a self, quotes: &'a [QuoteId]) -> impl Iterator<Item = &'a Mark> {
        self.marks.iter().filter(|m| quotes.contains(&m.quote))
    }

    /// What a screen reader says of a quote: how each claim cites it,
    /// `supports claim 3, ‘Six people died…’; contradicts claim 5`.
    pub fn spoken(&self, mark: &Mark) -> String {
        let mut parts: Vec<String> = mark
            .citations
            .iter()
            .map(|(_, number, stance, text)| cites(*stance, *number, text))
            .collect();
        if parts.is_empty() {
            parts.push("not cited by any claim".to_owned());
        }
        if mark.unresolved {
            parts.push("edited in this version, to be selected again".to_owned());
        }
        parts.join("; ")
    }
}
