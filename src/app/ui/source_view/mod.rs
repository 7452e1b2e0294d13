//! The source view: a read-only, virtualized view of one source text.
//!
//! The text is split into display paragraphs ([`Paragraphs`]). Each
//! paragraph is laid out once per wrap width and font ([`ParaLayout`]), and
//! only the paragraphs inside the viewport are laid out and painted
//! (`ScrollArea::show_viewport`), so a frame costs the same on a 5 KB and a
//! 5 MB source. Heights of paragraphs not yet laid out are estimated.
//!
//! Quotes are painted as highlights behind the text, coloured by stance, each
//! with an underline in its own lane so overlapping quotes stay visible.
//! Selections are kept here (not in egui's widget state), snap to words, and
//! survive the focus moving to a button.

mod access;
mod find;
mod highlights;
pub mod layout;

use std::collections::HashMap;
use std::ops::Range;

use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

pub use find::FindState;
use highlights::Highlights;
use layout::ParaLayout;

use crate::app::theme::Palette;
use crate::model::{ClaimId, PageStart, Project, QuoteId, SourceId};
use crate::text::anchor::SourceText;
use crate::text::passages::{self, MAX_PARAGRAPH_CHARS, Paragraphs};
use crate::util::snippet;

/// Vertical space between paragraphs, in points.
const PARAGRAPH_GAP: f32 = 10.0;
/// Widest text column, in points, for a comfortable reading measure.
const MAX_TEXT_WIDTH: f32 = 680.0;
/// How long a revealed passage flashes, in seconds.
const FLASH_SECONDS: f64 = 1.6;
/// Laid-out paragraphs kept before the cache is trimmed to the visible ones.
const MAX_CACHED_LAYOUTS: usize = 4000;
/// Height of the band above a paragraph in which a page of the original
/// starts, showing the page's label.
const PAGE_BAND: f32 = 20.0;

/// A selection in char offsets of the whole text, as the user made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Where the selection started.
    pub anchor: usize,
    /// Where it ends (moves with drag and shift-click).
    pub head: usize,
}

/// What happened in the view this frame that the app must act on.
#[derive(Debug, PartialEq, Eq)]
pub enum ViewEvent {
    /// The user clicked a highlight: show the claims that cite these quotes.
    ClickedQuotes(Vec<QuoteId>),
}

#[derive(Clone, Copy, PartialEq)]
struct LayoutKey {
    wrap_width: f32,
    font_size: f32,
    dark_mode: bool,
}

/// The view of one source, with everything cached for it.
pub struct SourceView {
    source: SourceId,
    /// SHA-256 of the version shown.
    version: String,
    text: SourceText,
    paragraphs: Paragraphs,
    key: Option<LayoutKey>,
    layouts: HashMap<usize, ParaLayout>,
    /// Height of each paragraph including the gap above it (estimated until laid out).
    heights: Vec<f32>,
    /// Top of each paragraph; valid when `tops_dirty` is false.
    tops: Vec<f32>,
    tops_dirty: bool,
    highlights: Highlights,
    /// The current selection, if any.
    pub selection: Option<Selection>,
    /// Find in this source.
    pub find: FindState,
    scroll_to: Option<usize>,
    /// Set when the text should take the keyboard focus (a match opened from
    /// Find in All Sources), so Shift+arrows and Ctrl+E act on it at once.
    pub focus_requested: bool,
    flash: Option<(Range<usize>, f64)>,
    /// Paragraphs painted in the last frame, with their screen rectangles.
    painted: Vec<(usize, Rect)>,
    /// Where the pages of the original start (paged documents only).
    pages: Vec<PageStart>,
    /// For each paragraph in which pages start, those pages (indices into
    /// `pages`).
    page_starts: HashMap<usize, Vec<usize>>,
    /// What a screen reader was shown in the last frame.
    exposed: access::Exposed,
}

impl SourceView {
    /// A view of `text`, the version `version` (its SHA-256) of `source`,
    /// with the page map of its original (empty if it has none).
    pub fn new(source: SourceId, version: String, text: SourceText, pages: Vec<PageStart>) -> Self {
        let paragraphs = Paragraphs::split(&text, MAX_PARAGRAPH_CHARS);
        let mut page_starts: HashMap<usize, Vec<usize>> = HashMap::new();
        if !paragraphs.is_empty() {
            for (n, page) in pages.iter().enumerate() {
                let at = page.start.min(text.char_len().saturating_sub(1));
                page_starts
                    .entry(paragraphs.index_of(at))
                    .or_default()
                    .push(n);
            }
        }
        Self {
            source,
            version,
            text,
            paragraphs,
            key: None,
            layouts: HashMap::new(),
            heights: Vec::new(),
            tops: Vec::new(),
            tops_dirty: true,
            highlights: Highlights::default(),
            selection: None,
            find: FindState::default(),
            scroll_to: None,
            focus_requested: false,
            flash: None,
            painted: Vec::new(),
            pages,
            page_starts,
            exposed: access::Exposed::default(),
        }
    }

    /// The printed page (or pages, `12–13`) of a span, for a paged source.
    pub fn pages_of(&self, range: &Range<usize>) -> Option<String> {
        crate::model::page_range(&self.pages, range.start, range.end)
    }

    /// The source shown.
    pub fn source(&self) -> &SourceId {
        &self.source
    }

    /// SHA-256 of the version shown.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The text shown.
    pub fn text(&self) -> &SourceText {
        &self.text
    }

    /// The selection snapped to whole words, as it would be cited.
    pub fn snapped_selection(&self) -> Option<Range<usize>> {
        let s = self.selection?;
        passages::snap_selection(&self.text, &self.paragraphs, s.anchor..s.head)
    }

    /// Selects a char range (snapped when cited) and scrolls to it.
    pub fn select(&mut self, range: Range<usize>) {
        self.selection = Some(Selection {
            anchor: range.start,
            head: range.end,
        });
        self.scroll_to = Some(range.start);
    }

    /// Scrolls to a passage and flashes it.
    pub fn reveal(&mut self, range: Range<usize>, now: f64) {
        self.scroll_to = Some(range.start);
        self.flash = Some((range, now));
    }

    /// Screen rectangle of a char in the last painted frame, if it was visible.
    pub fn screen_rect_of_char(&self, pos: usize) -> Option<Rect> {
        let (i, origin) = self
            .painted
            .iter()
            .find(|(i, _)| self.paragraphs.span(*i).contains(&pos))?;
        let layout = self.layouts.get(i)?;
        let local = pos - self.paragraphs.span(*i).start;
        let rect = layout.range_rects(local..local + 1).into_iter().next()?;
        Some(rect.translate(origin.min.to_vec2()))
    }

    fn ensure_key(&mut self, key: LayoutKey) {
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.layouts.clear();
        // Estimate heights from char counts until paragraphs are laid out.
        let char_width = key.font_size * 0.5;
        let row_height = key.font_size * 1.3;
        let chars_per_row = (key.wrap_width / char_width).max(1.0);
        self.heights = (0..self.paragraphs.len())
            .map(|i| {
                let span = self.paragraphs.span(i);
                let rows = ((span.end - span.start) as f32 / chars_per_row)
                    .ceil()
                    .max(1.0);
                rows * row_height + self.gap(i)
            })
            .collect();
        self.tops_dirty = true;
    }

    fn gap(&self, i: usize) -> f32 {
        let band = if self.page_starts.contains_key(&i) {
            PAGE_BAND
        } else {
            0.0
        };
        if i == 0 || self.paragraphs.is_continued(i) {
            band
        } else {
            PARAGRAPH_GAP + band
        }
    }

    /// Paints the start of each page that begins in paragraph `i`: a rule
    /// with the page's label above the paragraph, and a mark where a page
    /// begins inside it.
    fn paint_page_starts(&self, painter: &egui::Painter, ui: &Ui, i: usize, rect: Rect) {
        let Some(starts) = self.page_starts.get(&i) else {
            return;
        };
        let span = self.paragraphs.span(i);
        let color = ui.visuals().weak_text_color();
        let mark = ui.visuals().hyperlink_color;
        let Some(layout) = self.layouts.get(&i) else {
            return;
        };
        let mut within = false;
        for &n in starts {
            let local = self.pages[n].start.saturating_sub(span.start);
            if local > 0 && local < span.end - span.start {
                within = true;
                let row = layout.char_rect(local).translate(rect.min.to_vec2());
                painter.line_segment(
                    [
                        pos2(row.min.x - 1.0, row.min.y - 4.0),
                        pos2(row.min.x - 1.0, row.max.y + 1.0),
                    ],
                    Stroke::new(2.0, mark),
                );
            }
        }
        let labels: Vec<&str> = starts
            .iter()
            .map(|&n| self.pages[n].label.as_str())
            .collect();
        let label = match labels.as_slice() {
            [one] => crate::model::page_locator(one),
            [first, .., last] => crate::model::page_locator(&format!("{first}–{last}")),
            [] => return,
        };
        let (label, label_color) = if within {
            (format!("{label} begins at the mark"), mark)
        } else {
            (label, color)
        };
        let y = rect.min.y - PAGE_BAND / 2.0 - 2.0;
        let font = FontId::proportional(11.0);
        let galley = painter.layout_no_wrap(label, font, label_color);
        let text_x = rect.max.x - galley.size().x;
        painter.line_segment(
            [pos2(rect.min.x, y), pos2(text_x - 6.0, y)],
            Stroke::new(0.5, color),
        );
        painter.galley(pos2(text_x, y - galley.size().y / 2.0), galley, label_color);
    }

    fn update_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        self.tops.clear();
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    fn layout(&mut self, ui: &Ui, i: usize, font: &FontId, color: Color32) {
        if self.layouts.contains_key(&i) {
            return;
        }
        let Some(key) = self.key else { return };
        let span = self.paragraphs.span(i);
        let text = self.text.slice(span).unwrap_or_default();
        let layout = ui
            .ctx()
            .fonts_mut(|fonts| ParaLayout::new(fonts, text, font, color, key.wrap_width));
        let height = layout.size().y + self.gap(i);
        if (self.heights[i] - height).abs() > 0.5 {
            self.heights[i] = height;
            self.tops_dirty = true;
        }
        self.layouts.insert(i, layout);
    }

    /// Paragraph index at content height `y`.
    fn paragraph_at_y(&self, y: f32) -> usize {
        self.tops
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Shows the view. `focused_claim` gets stronger highlights; `revision`
    /// identifies the project state (highlights are rebuilt when it changes).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: u64,
        focused_claim: Option<&ClaimId>,
        text_size: f32,
    ) -> Vec<ViewEvent> {
        let mut events = Vec::new();
        let palette = Palette::of(ui.visuals());
        let font = FontId::new(text_size, crate::app::fonts::source_family());
        let text_color = ui.visuals().text_color();
        let available = ui.available_width();
        let wrap_width = (available - 24.0).clamp(120.0, MAX_TEXT_WIDTH);
        let margin = ((available - wrap_width) / 2.0).max(8.0);
        self.ensure_key(LayoutKey {
            wrap_width,
            font_size: text_size,
            dark_mode: ui.visuals().dark_mode,
        });
        self.highlights.update(
            project,
            &self.source,
            &self.paragraphs,
            revision,
            focused_claim,
            &palette,
        );
        if self.paragraphs.is_empty() {
            ui.weak("This source has no text.");
            return events;
        }

        // Lay out a requested target first, so its position is exact.
        let mut scroll_offset = None;
        if let Some(pos) = self.scroll_to.take() {
            let i = self.paragraphs.index_of(pos);
            self.layout(ui, i, &font, text_color);
            self.update_tops();
            let local = pos.saturating_sub(self.paragraphs.span(i).start);
            let row = self.layouts[&i].char_rect(local);
            let viewport_height = ui.available_height();
            let y = self.tops[i] + self.gap(i) + row.min.y - viewport_height / 3.0;
            scroll_offset = Some(y.max(0.0));
        }
        if self.layouts.len() > MAX_CACHED_LAYOUTS {
            let keep: Vec<usize> = self.painted.iter().map(|(i, _)| *i).collect();
            self.layouts.retain(|i, _| keep.contains(i));
        }
        self.update_tops();

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("source-view", self.source.as_str()))
            .auto_shrink([false, false]);
        if let Some(y) = scroll_offset {
            area = area.vertical_scroll_offset(y);
        }
        let now = ui.input(|i| i.time);
        area.show_viewport(ui, |ui, viewport| {
            let total_height = self.tops.last().copied().unwrap_or(0.0) + 40.0;
            let (content, _) =
                ui.allocate_exact_size(vec2(ui.available_width(), total_height), Sense::hover());
            let origin = content.min + vec2(margin, 0.0);

            // Lay out the visible paragraphs, then recompute positions.
            let first = self.paragraph_at_y(viewport.min.y);
            let mut last = first;
            while last < self.paragraphs.len() && self.tops[last] < viewport.max.y {
                self.layout(ui, last, &font, text_color);
                last += 1;
            }
            self.update_tops();
            let first = self.paragraph_at_y(viewport.min.y);
            let mut visible = Vec::new();
            let mut i = first;
            while i < self.paragraphs.len() && self.tops[i] < viewport.max.y {
                self.layout(ui, i, &font, text_color);
                let top = origin + vec2(0.0, self.tops[i] + self.gap(i));
                let size = self.layouts[&i].size();
                visible.push((
                    i,
                    Rect::from_min_size(top, vec2(wrap_width.max(size.x), size.y)),
                ));
                i += 1;
            }
            self.update_tops();

            // One interaction area over the visible text.
            let id = ui.scope_id().with(("source-text", self.source.as_str()));
            let response = ui.interact(
                ui.clip_rect().intersect(content),
                id,
                Sense::click_and_drag(),
            );
            self.painted = visible.clone();
            if std::mem::take(&mut self.focus_requested) {
                response.request_focus();
            }
            self.handle_access_requests(ui, &response);
            self.handle_pointer(ui, &response, &mut events);
            self.handle_keys(ui, &response);

            let painter = ui.painter_at(ui.clip_rect());
            let selection = self.snapped_selection();
            let flash = self.flash.clone().filter(|(_, t)| now - t < FLASH_SECONDS);
            if flash.is_some() {
                ui.ctx().request_repaint();
            }
            for &(i, rect) in &visible {
                let span = self.paragraphs.span(i);
                let layout = &self.layouts[&i];
                let to_screen = |r: Rect| r.translate(rect.min.to_vec2());
                let local = |r: &Range<usize>| {
                    r.start.max(span.start) - span.start
                        ..r.end.min(span.end).max(span.start) - span.start
                };
                for mark in self.highlights.in_paragraph(i) {
                    for r in layout.range_rects(local(&mark.range)) {
                        let r = to_screen(r);
                        painter.rect_filled(r, 2.0, mark.fill);
                        let y = r.max.y - 1.0 - 3.0 * f32::from(mark.lane);
                        painter.line_segment(
                            [pos2(r.min.x, y), pos2(r.max.x, y)],
                            Stroke::new(if mark.strong { 2.5 } else { 1.5 }, mark.line),
                        );
                    }
                }
                for (n, m) in self.find.matches_in(span.clone()) {
                    let stroke = if Some(n) == self.find.current() {
                        Stroke::new(2.0, palette.find_current)
                    } else {
                        Stroke::new(1.0, palette.find)
                    };
                    for r in layout.range_rects(local(&m)) {
                        painter.rect_stroke(
                            to_screen(r).expand(1.0),
                            2.0,
                            stroke,
                            StrokeKind::Outside,
                        );
                    }
                }
                if let Some(sel) = &selection {
                    for r in layout.range_rects(local(sel)) {
                        painter.rect_filled(to_screen(r), 0.0, palette.selection);
                    }
                }
                if let Some((range, start)) = &flash {
                    let t = ((now - start) / FLASH_SECONDS) as f32;
                    let alpha = (1.0 - t).clamp(0.0, 1.0) * (0.5 + 0.5 * (t * 18.0).cos().abs());
                    for r in layout.range_rects(local(range)) {
                        painter.rect_filled(
                            to_screen(r).expand(2.0),
                            3.0,
                            palette.flash.gamma_multiply(alpha),
                        );
                    }
                }
                layout.paint(&painter, rect.min, text_color);
                self.paint_page_starts(&painter, ui, i, rect);
            }
            if ui.ctx().accesskit_node_builder(id, |_| ()).is_some() {
                let reach = self.reach(ui, &visible, origin, &font, text_color);
                let title = project
                    .source(&self.source)
                    .map_or_else(|| self.source.to_string(), |s| s.citation.title.clone());
                self.expose(ui, &response, &title, &reach);
            }
        });
        events
    }

    /// The paragraphs a screen reader is shown: those in view, the next
    /// few (laid out now), and the few before them already laid out, each
    /// with its screen rectangle.
    fn reach(
        &mut self,
        ui: &Ui,
        visible: &[(usize, Rect)],
        origin: Pos2,
        font: &FontId,
        color: Color32,
    ) -> Vec<(usize, Rect)> {
        let (Some(&(first, _)), Some(&(last, _))) = (visible.first(), visible.last()) else {
            return Vec::new();
        };
        let below = last + 1..(last + 1 + access::MARGIN_PARAGRAPHS).min(self.paragraphs.len());
        for i in below.clone() {
            self.layout(ui, i, font, color);
        }
        self.update_tops();
        let above = first.saturating_sub(access::MARGIN_PARAGRAPHS)..first;
        let above = above.rev().take_while(|i| self.layouts.contains_key(i));
        let mut reach: Vec<usize> = above.collect();
        reach.reverse();
        reach.extend(first..last + 1);
        reach.extend(below);
        reach
            .into_iter()
            .map(|i| {
                let top = origin + vec2(0.0, self.tops[i] + self.gap(i));
                (i, Rect::from_min_size(top, self.layouts[&i].size()))
            })
            .collect()
    }

    /// The char under a screen position, among the painted paragraphs.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let (i, rect) = self
            .painted
            .iter()
            .find(|(_, r)| pos.y < r.max.y + PARAGRAPH_GAP / 2.0)
            .or(self.painted.last())?;
        let span = self.paragraphs.span(*i);
        if pos.y < rect.min.y - PARAGRAPH_GAP / 2.0 {
            return Some(span.start);
        }
        let local = self.layouts.get(i)?.char_at(pos - rect.min);
        Some(span.start + local.min(span.end - span.start))
    }

    fn handle_pointer(&mut self, ui: &Ui, response: &egui::Response, events: &mut Vec<ViewEvent>) {
        let modifiers = ui.input(|i| i.modifiers);
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        let Some(pos) = pointer else { return };
        let Some(at) = self.char_at(pos) else { return };

        if response.triple_clicked() {
            let i = self.paragraphs.index_of(at);
            let span = self.paragraphs.span(i);
            self.selection = Some(Selection {
                anchor: span.start,
                head: span.end,
            });
        } else if response.double_clicked() {
            let i = self.paragraphs.index_of(at);
            let span = self.paragraphs.span(i);
            let text = self.text.slice(span.clone()).unwrap_or_default();
            if let Some(word) = passages::word_at(text, at - span.start) {
                self.selection = Some(Selection {
                    anchor: span.start + word.start,
                    head: span.start + word.end,
                });
            }
        } else if response.drag_started() {
            response.request_focus();
            // A fast drag is detected some way from where the button went
            // down; the selection starts where it went down.
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .and_then(|p| self.char_at(p))
                .unwrap_or(at);
            match self.selection {
                Some(s) if modifiers.shift => self.selection = Some(Selection { head: at, ..s }),
                _ => {
                    self.selection = Some(Selection {
                        anchor: origin,
                        head: at,
                    })
                }
            }
        } else if response.dragged() {
            if let Some(s) = &mut self.selection {
                s.head = at;
            }
            // Scroll when dragging past the top or bottom edge.
            let clip = ui.clip_rect();
            if pos.y < clip.min.y + 20.0 {
                ui.scroll_with_delta(vec2(0.0, 12.0));
            } else if pos.y > clip.max.y - 20.0 {
                ui.scroll_with_delta(vec2(0.0, -12.0));
            }
        } else if response.clicked() {
            response.request_focus();
            if modifiers.shift {
                if let Some(s) = &mut self.selection {
                    s.head = at;
                }
            } else {
                let quotes = self.highlights.quotes_at(&self.paragraphs, at);
                if quotes.is_empty() {
                    self.selection = None;
                } else {
                    events.push(ViewEvent::ClickedQuotes(quotes));
                }
            }
        }

        if response.hovered() && !response.dragged() {
            let quotes = self.highlights.quotes_at(&self.paragraphs, at);
            if !quotes.is_empty() {
                let lines = self.highlights.describe(&quotes);
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.set_max_width(360.0);
                    for line in lines {
                        ui.label(line);
                    }
                    ui.weak("Click to show in the summary");
                });
            }
        }
    }

    fn handle_keys(&mut self, ui: &Ui, response: &egui::Response) {
        if !response.has_focus() {
            return;
        }
        // Esc clears the selection and keeps the focus here, so Shift+arrows
        // go on working; the arrows do not move the focus away either.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    tab: false,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                },
            )
        });
        use egui::Key;
        let (shift, keys) = ui.input(|i| {
            let pressed = |k| i.key_pressed(k);
            (
                i.modifiers.shift,
                [
                    Key::ArrowLeft,
                    Key::ArrowRight,
                    Key::ArrowUp,
                    Key::ArrowDown,
                    Key::Escape,
                ]
                .map(pressed),
            )
        });
        if keys[4] {
            self.selection = None;
            return;
        }
        if !shift {
            return;
        }
        let Some(mut s) = self.selection else { return };
        let text = &self.text;
        if keys[1] {
            s.head = next_word_end(text, s.head);
        } else if keys[0] {
            s.head = previous_word_start(text, s.head);
        } else if keys[3] {
            let i = self.paragraphs.index_of(s.head);
            let span = self.paragraphs.span(i);
            s.head = if s.head < span.end || i + 1 == self.paragraphs.len() {
                span.end
            } else {
                self.paragraphs.span(i + 1).end
            };
        } else if keys[2] {
            let i = self.paragraphs.index_of(s.head);
            let span = self.paragraphs.span(i);
            s.head = if s.head > span.start || i == 0 {
                span.start
            } else {
                self.paragraphs.span(i - 1).start
            };
        } else {
            return;
        }
        self.selection = Some(s);
        self.scroll_to = Some(s.head);
    }

    /// A one-line description of the selection for the status bar.
    pub fn selection_summary(&self) -> Option<String> {
        let range = self.snapped_selection()?;
        let text = self.text.slice(range.clone())?;
        let page = self
            .pages_of(&range)
            .map(|p| format!(", {}", crate::model::page_locator(&p)))
            .unwrap_or_default();
        Some(format!(
            "{} chars at {}..{}{page}: “{}”",
            range.end - range.start,
            range.start,
            range.end,
            snippet(text, 60)
        ))
    }
}

fn next_word_end(text: &SourceText, from: usize) -> usize {
    let rest = text.slice(from..text.char_len()).unwrap_or_default();
    let mut pos = from;
    let mut seen_word = false;
    for c in rest.chars() {
        if c.is_alphanumeric() {
            seen_word = true;
        } else if seen_word {
            break;
        }
        pos += 1;
    }
    pos
}

fn previous_word_start(text: &SourceText, from: usize) -> usize {
    let before = text.slice(0..from).unwrap_or_default();
    let mut pos = from;
    let mut seen_word = false;
    for c in before.chars().rev() {
        if c.is_alphanumeric() {
            seen_word = true;
        } else if seen_word {
            break;
        }
        pos -= 1;
    }
    pos
}
