//! The source view as a screen reader reads it.
//!
//! When an assistive technology listens (AccessKit is on), the view's
//! interaction area is a `Document` node named after the source, and each
//! laid-out line of the paragraphs in view (and of a few around them) is a
//! `TextRun` child holding that line's text in logical order, so a screen
//! reader reads the source by line, word and char through its Text
//! interface. A run holds at most 255 chars (AccessKit counts word starts in
//! a byte); a longer line is several runs chained on its line.
//!
//! The selection is the document's text selection both ways: the view's
//! selection is exposed (with none, a caret at the first line in view), and
//! a screen reader's `SetTextSelection` request sets it, so a passage can be
//! selected and cited without a pointer; a caret or selection set past the
//! lines in view scrolls them into view. Each quote within reach is a `Mark`
//! child saying which claims cite it and how, and the caret entering a quote
//! announces the same (a polite live `Status` node).
//!
//! None of this is built while AccessKit is off.

use std::ops::Range;

use egui::accesskit::{self, Action, ActionData, NodeId, Role, TextPosition, TextSelection};
use egui::{Id, Rect, Response, Ui, UiBuilder};

use super::{Selection, SourceView};
use crate::model::QuoteId;
use crate::util::snippet;

/// Most chars in one text run (AccessKit's word starts are `u8`).
const MAX_RUN_CHARS: usize = 255;
/// Paragraphs exposed below those in view (and above them, as far as they
/// are laid out already), so reading on does not stop at the edge.
pub(super) const MARGIN_PARAGRAPHS: usize = 4;

/// A text run exposed in the last frame.
struct Run {
    id: NodeId,
    /// The source chars it shows (without the line break that may end it).
    chars: Range<usize>,
}

/// What was exposed in the last frame, to read requests against.
#[derive(Default)]
pub(super) struct Exposed {
    runs: Vec<Run>,
}

impl Exposed {
    /// The source offset of a position in a run.
    fn offset(&self, position: &TextPosition) -> Option<usize> {
        let run = self.runs.iter().find(|r| r.id == position.node)?;
        Some(run.chars.start + position.character_index.min(run.chars.len()))
    }

    /// The position of a source offset, kept within the runs exposed.
    fn position(&self, offset: usize) -> Option<TextPosition> {
        let i = self
            .runs
            .partition_point(|r| r.chars.start <= offset)
            .saturating_sub(1);
        let run = self.runs.get(i)?;
        Some(TextPosition {
            node: run.id,
            character_index: offset.saturating_sub(run.chars.start).min(run.chars.len()),
        })
    }
}

fn to_accesskit(rect: Rect) -> accesskit::Rect {
    accesskit::Rect {
        x0: rect.min.x.into(),
        y0: rect.min.y.into(),
        x1: rect.max.x.into(),
        y1: rect.max.y.into(),
    }
}

/// A node for `id`, a child of `parent`, with `role`.
fn child_node(ui: &mut Ui, id: Id, parent: Id, role: Role, rect: Rect) {
    ui.new_child(
        UiBuilder::new()
            .scope_id(id)
            .accessibility_parent(parent)
            .accessibility_role(role)
            .max_rect(rect),
    );
}

/// Whether a char starts a word (for a screen reader's word navigation).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl SourceView {
    /// Acts on the screen reader's requests to the text: a selection (or
    /// caret) set, or a line to scroll into view. `doc` is the text's
    /// interaction area, whose node is the document.
    pub(super) fn handle_access_requests(&mut self, ui: &Ui, doc: &Response) {
        let doc_node = doc.id.accesskit_id();
        let runs = &self.exposed.runs;
        let requests = ui.ctx().input_mut(|input| {
            let mut taken = Vec::new();
            input.events.retain(|event| {
                let egui::Event::AccessKitActionRequest(request) = event else {
                    return true;
                };
                let ours = request.target_node == doc_node
                    || runs.iter().any(|r| r.id == request.target_node);
                let wanted = matches!(
                    request.action,
                    Action::SetTextSelection | Action::ScrollIntoView
                );
                if ours && wanted && request.target_tree == accesskit::TreeId::ROOT {
                    taken.push(request.clone());
                    false
                } else {
                    true
                }
            });
            taken
        });
        for request in requests {
            let target = match (request.action, &request.data) {
                (
                    Action::SetTextSelection,
                    Some(ActionData::SetTextSelection(TextSelection { anchor, focus })),
                ) => {
                    let (Some(anchor), Some(head)) =
                        (self.exposed.offset(anchor), self.exposed.offset(focus))
                    else {
                        continue;
                    };
                    self.selection = Some(Selection { anchor, head });
                    doc.request_focus();
                    head
                }
                (Action::ScrollIntoView, _) => {
                    let Some(run) = self
                        .exposed
                        .runs
                        .iter()
                        .find(|r| r.id == request.target_node)
                    else {
                        continue;
                    };
                    run.chars.start
                }
                _ => continue,
            };
            let clip = ui.clip_rect();
            let in_view = self
                .screen_rect_of_char(target)
                .is_some_and(|r| clip.contains_rect(r));
            if !in_view {
                self.scroll_to = Some(target);
            }
        }
    }

    /// Builds the document node and its runs for `paragraphs`, each with the
    /// screen rectangle of its top-left corner's paragraph.
    pub(super) fn expose(
        &mut self,
        ui: &mut Ui,
        doc: &Response,
        title: &str,
        paragraphs: &[(usize, Rect)],
    ) {
        let doc_id = doc.id;
        let mut runs = Vec::new();
        let mut previous: Option<char> = None;
        for &(i, rect) in paragraphs {
            let Some(layout) = self.layouts.get(&i) else {
                continue;
            };
            let span = self.paragraphs.span(i);
            let ends_line = i + 1 == self.paragraphs.len() || !self.paragraphs.is_continued(i + 1);
            // A paragraph after a line break starts afresh (its first word
            // starts a word anyway).
            if !self.paragraphs.is_continued(i) {
                previous = None;
            }
            let lines = layout.lines();
            for (n, line) in lines.iter().enumerate() {
                let chars = span.start + line.chars.start..span.start + line.chars.end;
                let text = self.text.slice(chars.clone()).unwrap_or_default();
                let mut all: Vec<char> = text.chars().collect();
                let newline = ends_line && n + 1 == lines.len();
                if newline {
                    all.push('\n');
                }
                let line_rect = line.rect.translate(rect.min.to_vec2());
                let chunks = all.len().div_ceil(MAX_RUN_CHARS).max(1);
                let chunk_id = |k: usize| doc_id.with(("run", i, n, k));
                for k in 0..chunks {
                    let part = k * MAX_RUN_CHARS..((k + 1) * MAX_RUN_CHARS).min(all.len());
                    let id = chunk_id(k);
                    let mut value = String::new();
                    let mut lengths = Vec::with_capacity(part.len());
                    let mut word_starts = Vec::new();
                    for (m, &c) in all[part.clone()].iter().enumerate() {
                        // A run that starts a paragraph starts a word anyway.
                        let starts = is_word_char(c) && !previous.is_some_and(is_word_char);
                        if starts && (m > 0 || previous.is_some()) {
                            word_starts.push(m as u8);
                        }
                        previous = Some(c);
                        value.push(c);
                        lengths.push(c.len_utf8() as u8);
                    }
                    let metrics = line.metrics.as_ref().map(|(positions, widths)| {
                        let real = part.start..part.end.min(positions.len());
                        let origin = positions.get(real.start).copied().unwrap_or(0.0);
                        let mut p: Vec<f32> =
                            positions[real.clone()].iter().map(|x| x - origin).collect();
                        let mut w = widths[real].to_vec();
                        // The line break has no width, at the line's end.
                        while p.len() < part.len() {
                            p.push(
                                p.last().copied().unwrap_or(0.0) + w.last().copied().unwrap_or(0.0),
                            );
                            w.push(0.0);
                        }
                        (origin, p, w)
                    });
                    let bounds = match &metrics {
                        Some((origin, p, w)) if chunks > 1 => {
                            let x0 = line_rect.min.x + origin;
                            let x1 = x0
                                + p.last().copied().unwrap_or(0.0)
                                + w.last().copied().unwrap_or(0.0);
                            Rect::from_x_y_ranges(x0..=x1, line_rect.y_range())
                        }
                        _ => line_rect,
                    };
                    child_node(ui, id, doc_id, Role::TextRun, bounds);
                    ui.ctx().accesskit_node_builder(id, |node| {
                        node.set_bounds(to_accesskit(bounds));
                        node.set_text_direction(if line.rtl {
                            accesskit::TextDirection::RightToLeft
                        } else {
                            accesskit::TextDirection::LeftToRight
                        });
                        node.set_value(value);
                        node.set_character_lengths(lengths);
                        node.set_word_starts(word_starts);
                        if let Some((_, p, w)) = metrics {
                            node.set_character_positions(p);
                            node.set_character_widths(w);
                        }
                        if k > 0 {
                            node.set_previous_on_line(chunk_id(k - 1).accesskit_id());
                        }
                        if k + 1 < chunks {
                            node.set_next_on_line(chunk_id(k + 1).accesskit_id());
                        }
                    });
                    let start = chars.start + part.start;
                    let end = (chars.start + part.end).min(chars.end);
                    runs.push(Run {
                        id: id.accesskit_id(),
                        chars: start..end.max(start),
                    });
                }
            }
        }
        self.exposed.runs = runs;
        self.expose_quotes(ui, doc_id, paragraphs);

        // With no selection, the caret is at the first line in view.
        let caret = self
            .painted
            .first()
            .map_or(0, |(i, _)| self.paragraphs.span(*i).start);
        let (anchor, head) = self
            .selection
            .map_or((caret, caret), |s| (s.anchor, s.head));
        let selection = self
            .exposed
            .position(anchor)
            .zip(self.exposed.position(head))
            .map(|(anchor, focus)| TextSelection { anchor, focus });
        ui.ctx().accesskit_node_builder(doc_id, |node| {
            node.set_role(Role::Document);
            node.set_label(format!("Source text: {title}"));
            node.set_read_only();
            node.add_action(Action::SetTextSelection);
            node.add_action(Action::ScrollIntoView);
            if let Some(selection) = selection {
                node.set_text_selection(selection);
            }
        });
    }

    /// A `Mark` node for each quote in the exposed paragraphs, and a live
    /// `Status` node naming the quotes the caret is in.
    fn expose_quotes(&self, ui: &mut Ui, doc_id: Id, paragraphs: &[(usize, Rect)]) {
        let mut seen: Vec<&QuoteId> = Vec::new();
        for &(i, rect) in paragraphs {
            let (Some(layout), span) = (self.layouts.get(&i), self.paragraphs.span(i)) else {
                continue;
            };
            for mark in self.highlights.in_paragraph(i) {
                if seen.contains(&&mark.quote) {
                    continue;
                }
                seen.push(&mark.quote);
                let local = mark.range.start.max(span.start) - span.start
                    ..mark.range.end.min(span.end).max(span.start) - span.start;
                let bounds = layout
                    .range_rects(local)
                    .first()
                    .map_or(rect, |r| r.translate(rect.min.to_vec2()));
                let id = doc_id.with(("quote", mark.quote.as_str()));
                let text = self.text.slice(mark.range.clone()).unwrap_or_default();
                let description = self.highlights.spoken(mark);
                child_node(ui, id, doc_id, Role::Mark, bounds);
                ui.ctx().accesskit_node_builder(id, |node| {
                    node.set_bounds(to_accesskit(bounds));
                    node.set_label(format!("Quote: “{}”", snippet(text, 80)));
                    node.set_description(description);
                });
            }
        }
        let Some(head) = self.selection.map(|s| s.head) else {
            return;
        };
        let quotes = self.highlights.quotes_at(&self.paragraphs, head);
        if quotes.is_empty() {
            return;
        }
        let said: Vec<String> = self
            .highlights
            .marks_of(&quotes)
            .map(|mark| self.highlights.spoken(mark))
            .collect();
        let id = doc_id.with("quote-status");
        let bounds = self
            .screen_rect_of_char(head)
            .or(paragraphs.first().map(|(_, r)| *r))
            .unwrap_or(Rect::ZERO);
        child_node(ui, id, doc_id, Role::Status, bounds);
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_label(format!("In a quote: {}", said.join("; ")));
            node.set_live(accesskit::Live::Polite);
        });
    }
}
