//! Laying out one display paragraph, and mapping between its chars and
//! positions.
//!
//! A paragraph of left-to-right text whose galley has exactly one glyph per
//! char is laid out as one galley ([`ParaLayout::Whole`]): egui's cursor
//! positions are then char offsets. Anything else (right-to-left text, or a
//! script where egui's shaper emits more or fewer glyphs than chars) is laid
//! out word by word ([`ParaLayout::Words`]): each word is its own galley,
//! shaped by egui, and the words of each line are placed in visual order
//! using the Unicode bidirectional algorithm (`unicode-bidi`). Positions are
//! then exact inside left-to-right words and word-precise elsewhere, so a
//! pointer never maps to a char of another word.
//!
//! All positions are relative to the paragraph's top-left corner; all char
//! offsets are relative to the paragraph's first char.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob};
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2, pos2, vec2};
use unicode_bidi::ParagraphBidiInfo;
use unicode_segmentation::UnicodeSegmentation as _;

/// A laid-out paragraph.
pub enum ParaLayout {
    /// One galley; its char `i` is the paragraph's char `i`.
    Whole(Arc<Galley>),
    /// One galley per word, placed in visual order.
    Words(WordLayout),
}

/// A paragraph laid out word by word.
pub struct WordLayout {
    size: Vec2,
    /// Lines, top to bottom: their vertical extent and pieces in visual order.
    lines: Vec<(Range<f32>, Vec<usize>)>,
    /// Words and spaces, in logical order.
    pieces: Vec<Piece>,
}

struct Piece {
    /// Chars of the paragraph this piece shows.
    chars: Range<usize>,
    /// Where it is painted.
    rect: Rect,
    galley: Arc<Galley>,
    /// Whether the galley's glyphs map one to one, left to right, to chars.
    exact: bool,
    /// Whether the piece reads right to left.
    rtl: bool,
}

/// Whether a char belongs to a right-to-left script.
fn is_rtl_char(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn glyph_count(galley: &Galley) -> usize {
    galley.rows.iter().map(|r| r.row.glyphs.len()).sum()
}

impl ParaLayout {
    /// Lays out `text` in `font` and `color`, wrapped at `wrap_width`.
    pub fn new(
        fonts: &mut egui::epaint::text::FontsView<'_>,
        text: &str,
        font: &FontId,
        color: Color32,
        wrap_width: f32,
    ) -> Self {
        if !text.chars().any(is_rtl_char) {
            let job = LayoutJob::simple(text.to_owned(), font.clone(), color, wrap_width);
            let galley = fonts.layout_job(job);
            if glyph_count(&galley) == text.chars().count() {
                return ParaLayout::Whole(galley);
            }
        }
        ParaLayout::Words(WordLayout::new(fonts, text, font, color, wrap_width))
    }

    /// Size of the paragraph.
    pub fn size(&self) -> Vec2 {
        match self {
            ParaLayout::Whole(galley) => galley.size(),
            ParaLayout::Words(words) => words.size,
        }
    }

    /// Paints the text with its top-left corner at `origin`.
    pub fn paint(&self, painter: &egui::Painter, origin: Pos2, color: Color32) {
        match self {
            ParaLayout::Whole(galley) => painter.galley(origin, Arc::clone(galley), color),
            ParaLayout::Words(words) => {
                for piece in &words.pieces {
                    painter.galley(
                        origin + piece.rect.min.to_vec2(),
                        Arc::clone(&piece.galley),
                        color,
                    );
                }
            }
        }
    }

    /// The char boundary nearest to a position.
    pub fn char_at(&self, pos: Vec2) -> usize {
        match self {
            ParaLayout::Whole(galley) => galley.cursor_from_pos(pos).index.0,
            ParaLayout::Words(words) => words.char_at(pos),
        }
    }

    /// Rectangles covering a char range (one per row or word).
    pub fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        if range.start >= range.end {
            return Vec::new();
        }
        match self {
            ParaLayout::Whole(galley) => galley_range_rects(galley, range),
            ParaLayout::Words(words) => words.range_rects(range),
        }
    }

    /// The rectangle of the row holding char `pos` (for scrolling to it).
    pub fn char_rect(&self, pos: usize) -> Rect {
        match self {
            ParaLayout::Whole(galley) => galley.pos_from_cursor(CCursor::new(pos)),
            ParaLayout::Words(words) => words
                .pieces
                .iter()
                .find(|p| p.chars.start <= pos && pos < p.chars.end.max(p.chars.start + 1))
                .map_or(Rect::from_min_size(Pos2::ZERO, vec2(1.0, 1.0)), |p| p.rect),
        }
    }
}

/// One laid-out line of a paragraph, as a screen reader reads it.
pub struct Line {
    /// Its chars, in logical order (relative to the paragraph).
    pub chars: Range<usize>,
    /// Where it is painted, relative to the paragraph.
    pub rect: Rect,
    /// Each char's left edge (relative to the line's) and width, when the
    /// line reads left to right and its chars can be placed.
    pub metrics: Option<(Vec<f32>, Vec<f32>)>,
    /// Whether the line reads right to left.
    pub rtl: bool,
}

impl ParaLayout {
    /// The laid-out lines, top to bottom.
    pub fn lines(&self) -> Vec<Line> {
        match self {
            ParaLayout::Whole(galley) => {
                let mut lines = Vec::with_capacity(galley.rows.len());
                let mut row_start = 0;
                for placed in &galley.rows {
                    let glyphs = &placed.row.glyphs;
                    let rect = placed.rect();
                    let positions = glyphs.iter().map(|g| g.pos.x - rect.min.x).collect();
                    let widths = glyphs.iter().map(|g| g.advance_width).collect();
                    lines.push(Line {
                        chars: row_start..row_start + glyphs.len(),
                        rect,
                        metrics: Some((positions, widths)),
                        rtl: false,
                    });
                    row_start += placed.char_count_including_newline().0;
                }
                lines
            }
            ParaLayout::Words(words) => words.lines(),
        }
    }
}

/// Rectangles covering a char range of a single galley, row by row.
fn galley_range_rects(galley: &Galley, range: Range<usize>) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for placed in &galley.rows {
        let row_chars = placed.row.glyphs.len();
        let row_end = row_start + row_chars;
        let a = range.start.max(row_start);
        let b = range.end.min(row_end);
        if a < b {
            let x0 = placed.pos.x + placed.row.x_offset(egui::text::CharIndex(a - row_start));
            let x1 = placed.pos.x + placed.row.x_offset(egui::text::CharIndex(b - row_start));
            let rect = placed.rect();
            rects.push(Rect::from_x_y_ranges(x0..=x1, rect.y_range()));
        }
        row_start += placed.char_count_including_newline().0;
    }
    rects
}

impl WordLayout {
    fn new(
        fonts: &mut egui::epaint::text::FontsView<'_>,
        text: &str,
        font: &FontId,
        color: Color32,
        wrap_width: f32,
    ) -> Self {
        let row_height = fonts.row_height(font);
        // Words and the spaces between them, in logical order, with byte offsets.
        let mut pieces = Vec::new();
        let mut bytes = Vec::new();
        let mut char_pos = 0;
        for (byte, segment) in text.split_word_bound_indices() {
            let len = segment.chars().count();
            let galley = fonts.layout_no_wrap(segment.to_owned(), font.clone(), color);
            let rtl = segment.chars().any(is_rtl_char);
            let exact = !rtl && glyph_count(&galley) == len;
            pieces.push(Piece {
                chars: char_pos..char_pos + len,
                rect: Rect::from_min_size(Pos2::ZERO, galley.size()),
                galley,
                exact,
                rtl,
            });
            bytes.push(byte..byte + segment.len());
            char_pos += len;
        }

        // Break lines in logical order, at spaces.
        let mut line_pieces: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        let mut width = 0.0;
        for (i, piece) in pieces.iter().enumerate() {
            let is_space = text[bytes[i].clone()].trim().is_empty();
            let w = piece.rect.width();
            if !is_space && i > start && width + w > wrap_width {
                line_pieces.push(start..i);
                start = i;
                width = 0.0;
            }
            width += w;
        }
        if start < pieces.len() {
            line_pieces.push(start..pieces.len());
        }

        // Place each line's pieces in visual order.
        let bidi = ParagraphBidiInfo::new(text, None);
        let paragraph_rtl = bidi.paragraph_level.is_rtl();
        let mut lines = Vec::new();
        let mut y = 0.0;
        let mut max_width: f32 = 0.0;
        for range in line_pieces {
            let line_bytes = bytes[range.start].start..bytes[range.end - 1].end;
            let (levels, runs) = bidi.visual_runs(line_bytes);
            let mut order = Vec::with_capacity(range.len());
            for run in runs {
                let mut in_run: Vec<usize> = range
                    .clone()
                    .filter(|&i| run.contains(&bytes[i].start))
                    .collect();
                if levels[run.start].is_rtl() {
                    in_run.reverse();
                }
                order.extend(in_run);
            }
            let line_width: f32 = order.iter().map(|&i| pieces[i].rect.width()).sum();
            let height = order
                .iter()
                .map(|&i| pieces[i].rect.height())
                .fold(row_height, f32::max);
            let mut x = if paragraph_rtl {
                (wrap_width - line_width).max(0.0)
            } else {
                0.0
            };
            for &i in &order {
                let size = pieces[i].rect.size();
                pieces[i].rect = Rect::from_min_size(pos2(x, y), vec2(size.x, height));
                x += size.x;
            }
            max_width = max_width.max(x);
            lines.push((y..y + height, order));
            y += height;
        }
        Self {
            size: vec2(max_width, y.max(row_height)),
            lines,
            pieces,
        }
    }

    fn char_at(&self, pos: Vec2) -> usize {
        let Some((_, order)) = self
            .lines
            .iter()
            .find(|(ys, _)| pos.y < ys.end)
            .or(self.lines.last())
        else {
            return 0;
        };
        let Some(&first) = order.first() else {
            return 0;
        };
        // The piece under x, or the nearest one at either end of the line.
        let index = order
            .iter()
            .copied()
            .find(|&i| pos.x < self.pieces[i].rect.max.x)
            .unwrap_or(*order.last().unwrap_or(&first));
        let piece = &self.pieces[index];
        let local = pos - piece.rect.min.to_vec2();
        if piece.exact {
            return piece.chars.start
                + piece
                    .galley
                    .cursor_from_pos(vec2(local.x, 0.0))
                    .index
                    .0
                    .min(piece.chars.len());
        }
        let left_half = local.x < piece.rect.width() / 2.0;
        if left_half != piece.rtl {
            piece.chars.start
        } else {
            piece.chars.end
        }
    }

    fn lines(&self) -> Vec<Line> {
        self.lines
            .iter()
            .filter(|(_, order)| !order.is_empty())
            .map(|(ys, order)| {
                let mut logical = order.clone();
                logical.sort_by_key(|&i| self.pieces[i].chars.start);
                let pieces = || logical.iter().map(|&i| &self.pieces[i]);
                let start = pieces().map(|p| p.chars.start).min().unwrap_or(0);
                let end = pieces().map(|p| p.chars.end).max().unwrap_or(start);
                let x0 = pieces().map(|p| p.rect.min.x).fold(f32::INFINITY, f32::min);
                let x1 = pieces()
                    .map(|p| p.rect.max.x)
                    .fold(f32::NEG_INFINITY, f32::max);
                let rtl = pieces().any(|p| p.rtl);
                // Left to right, logical order is visual order: each char
                // takes its glyph's place, or an even share of its word.
                let metrics = (!rtl).then(|| {
                    let mut positions = Vec::with_capacity(end - start);
                    let mut widths = Vec::with_capacity(end - start);
                    for piece in pieces() {
                        let len = piece.chars.len();
                        if piece.exact {
                            for row in &piece.galley.rows {
                                for g in &row.row.glyphs {
                                    positions.push(piece.rect.min.x + g.pos.x - x0);
                                    widths.push(g.advance_width);
                                }
                            }
                        } else {
                            let share = piece.rect.width() / len.max(1) as f32;
                            for k in 0..len {
                                positions.push(piece.rect.min.x + share * k as f32 - x0);
                                widths.push(share);
                            }
                        }
                    }
                    (positions, widths)
                });
                Line {
                    chars: start..end,
                    rect: Rect::from_x_y_ranges(x0..=x1, ys.start..=ys.end),
                    metrics: metrics.filter(|(p, _)| p.len() == end - start),
                    rtl,
                }
            })
            .collect()
    }

    fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut rects = Vec::new();
        for piece in &self.pieces {
            let a = range.start.max(piece.chars.start);
            let b = range.end.min(piece.chars.end);
            if a >= b {
                continue;
            }
            if !piece.exact || (a == piece.chars.start && b == piece.chars.end) {
                rects.push(piece.rect);
                continue;
            }
            let sub =
                galley_range_rects(&piece.galley, a - piece.chars.start..b - piece.chars.start);
            rects.extend(sub.into_iter().map(|r| {
                Rect::from_x_y_ranges(
                    piece.rect.min.x + r.min.x..=piece.rect.min.x + r.max.x,
                    piece.rect.y_range(),
                )
            }));
        }
        rects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_layout<R>(text: &str, wrap_width: f32, f: impl FnOnce(&ParaLayout) -> R) -> R {
        let ctx = egui::Context::default();
        crate::app::fonts::install(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let layout = ctx.fonts_mut(|fonts| {
            ParaLayout::new(
                fonts,
                text,
                &FontId::new(16.0, crate::app::fonts::source_family()),
                Color32::BLACK,
                wrap_width,
            )
        });
        f(&layout)
    }

    /// At every word boundary, the position of the boundary maps back to it.
    fn boundaries_round_trip(text: &str, wrap_width: f32) {
        with_layout(text, wrap_width, |layout| {
            let mut pos = 0;
            for word in text.split_word_bounds() {
                let len = word.chars().count();
                if !word.trim().is_empty() {
                    let rects = layout.range_rects(pos..pos + len);
                    assert!(!rects.is_empty(), "{word:?} has no rectangle");
                    let rect = rects[0];
                    let hit = layout.char_at(rect.center().to_vec2());
                    assert!(
                        (pos..=pos + len).contains(&hit),
                        "centre of {word:?} ({pos}..{}) maps to {hit}",
                        pos + len
                    );
                }
                pos += len;
            }
        });
    }

    #[test]
    fn latin_text_is_one_galley_with_exact_positions() {
        let text = "Government authorities said six people died at the hands of protesters.";
        with_layout(text, 200.0, |layout| {
            assert!(matches!(layout, ParaLayout::Whole(_)));
            let rects = layout.range_rects(28..31);
            assert_eq!(rects.len(), 1);
            assert_eq!(
                layout.char_at(rects[0].left_center().to_vec2() + vec2(0.5, 0.0)),
                28
            );
            assert_eq!(
                layout.char_at(rects[0].right_center().to_vec2() - vec2(0.5, 0.0)),
                31
            );
            assert!(layout.size().y > 30.0, "wrapped onto several rows");
        });
        boundaries_round_trip(text, 200.0);
    }

    #[test]
    fn urdu_is_laid_out_word_by_word_right_to_left() {
        let text = "اسلام آباد میں مظاہرین نے کنٹینر ہٹا دیے";
        with_layout(text, 1000.0, |layout| {
            let ParaLayout::Words(words) = layout else {
                panic!("Urdu must not use the single-galley path")
            };
            // The first word is the rightmost.
            let first = layout.range_rects(0..5)[0];
            let second = layout.range_rects(6..10)[0];
            assert!(
                first.min.x > second.max.x,
                "{first:?} should be right of {second:?}"
            );
            assert!(words.pieces.iter().all(|p| p.rect.max.x <= 1000.5));
        });
        boundaries_round_trip(text, 1000.0);
        boundaries_round_trip(text, 120.0);
    }

    #[test]
    fn mixed_scripts_map_every_word_back_to_itself() {
        boundaries_round_trip(
            "Police said «six» — پولیس نے کہا: 6 dead; 伊斯兰堡 👍🏽 e\u{301}le\u{301}ve",
            160.0,
        );
        boundaries_round_trip("שלום עולם and English words 2024", 90.0);
        boundaries_round_trip("इस्लामाबाद में प्रदर्शन हुआ", 100.0);
    }
}
