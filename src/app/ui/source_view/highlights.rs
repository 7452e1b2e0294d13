//! The quotes of one source, ready to paint: ranges, colours, lanes, and an
//! index from paragraph to the quotes that touch it.

use std::collections::HashMap;
use std::ops::Range;

use egui::Color32;

use crate::anchor::snippet;
use crate::app::theme::Palette;
use crate::model::{ClaimId, Project, QuoteId, SourceId, Stance};
use crate::passages::Paragraphs;

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
    /// The claims citing it, with their stance and text, for the tooltip.
    citations: Vec<(ClaimId, Stance, String)>,
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
        // Who cites what, in one pass over the claims.
        let mut cited_by: HashMap<&QuoteId, Vec<(ClaimId, Stance, String)>> = HashMap::new();
        for (_, claim) in project.claims() {
            for evidence in &claim.evidence {
                cited_by.entry(&evidence.quote).or_default().push((
                    claim.id.clone(),
                    evidence.stance,
                    claim.text.clone(),
                ));
            }
        }
        let mut quotes: Vec<_> = project.quotes_of(source).collect();
        quotes.sort_by_key(|q| (q.start, std::cmp::Reverse(q.end)));
        // Greedy lanes: each quote takes the lowest lane free at its start.
        let mut lane_ends: Vec<usize> = Vec::new();
        self.marks = quotes
            .into_iter()
            .map(|q| {
                let lane = lane_ends
                    .iter()
                    .position(|&end| end <= q.start)
                    .unwrap_or(lane_ends.len());
                if lane == lane_ends.len() {
                    lane_ends.push(q.end);
                } else {
                    lane_ends[lane] = q.end;
                }
                let citations = cited_by.remove(&q.id).unwrap_or_default();
                let focused_stance = focused.and_then(|f| {
                    citations
                        .iter()
                        .find(|(c, _, _)| c == f)
                        .map(|(_, s, _)| *s)
                });
                let stance = focused_stance.or_else(|| {
                    [Stance::Contradicts, Stance::Supports, Stance::Context]
                        .into_iter()
                        .find(|s| citations.iter().any(|(_, cs, _)| cs == s))
                });
                let strong = focused_stance.is_some();
                let (fill, line) = match stance {
                    Some(s) => palette.stance(s, strong),
                    None => (palette.uncited_fill, palette.uncited_line),
                };
                Mark {
                    quote: q.id.clone(),
                    range: q.start..q.end,
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
            if mark.citations.is_empty() {
                lines.push(format!("{} is not cited by any claim", mark.quote));
            }
            for (claim, stance, text) in &mark.citations {
                lines.push(format!(
                    "{} {} {claim}: {}",
                    mark.quote,
                    stance.name(),
                    snippet(text, 80)
                ));
            }
        }
        lines
    }
}
