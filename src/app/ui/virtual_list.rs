//! A scrolling list of rows of different heights that lays out only the rows
//! in view, so that a summary of thousands of claims costs a frame what a
//! screenful costs.
//!
//! Each row's height is measured when it is drawn and remembered (until the
//! width changes); rows not yet drawn count with an estimate. The scroll bar
//! therefore settles as rows are seen, as in any list of unknown heights.

use std::collections::HashMap;
use std::hash::Hash;

use egui::{Align, Rect, Ui, UiBuilder, pos2, vec2};

/// How far beyond each edge of the view rows are laid out (about two
/// screens): Tab, screen readers and short scrolls find them there, and a
/// news story's whole summary is laid out as before.
const OVERSCAN: f32 = 1500.0;

/// The remembered heights of a list's rows.
#[derive(Debug)]
pub struct VirtualList<K> {
    /// (Hashed with foldhash: every row's height is looked up every frame.)
    heights: HashMap<K, f32, foldhash::fast::RandomState>,
    width: f32,
    /// The widget that had the keyboard focus last frame.
    focused: Option<egui::Id>,
}

impl<K> Default for VirtualList<K> {
    fn default() -> Self {
        Self {
            heights: HashMap::default(),
            width: 0.0,
            focused: None,
        }
    }
}

impl<K: Hash + Eq + Clone> VirtualList<K> {
    /// Shows `rows` in a vertical scroll area, calling `row_ui` for those in
    /// view; `estimate` is the height of a row not yet drawn. `scroll_to`
    /// brings a row into view, drawn or not.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        id_salt: &str,
        rows: &[K],
        estimate: impl Fn(&K) -> f32,
        scroll_to: Option<&K>,
        mut row_ui: impl FnMut(&mut Ui, &K),
    ) {
        egui::ScrollArea::vertical()
            .id_salt(id_salt)
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let width = ui.available_width();
                if (width - self.width).abs() > 0.5 {
                    self.heights.clear();
                    self.width = width;
                }
                let gap = ui.spacing().item_spacing.y;
                let mut tops = Vec::with_capacity(rows.len() + 1);
                let mut y = 0.0;
                for row in rows {
                    tops.push(y);
                    y += self
                        .heights
                        .get(row)
                        .copied()
                        .unwrap_or_else(|| estimate(row))
                        + gap;
                }
                tops.push(y);
                ui.set_height(y);
                let origin = ui.max_rect().top();
                let left = ui.max_rect().left();
                if let Some(target) = scroll_to
                    && let Some(i) = rows.iter().position(|r| r == target)
                {
                    let rect = Rect::from_min_max(
                        pos2(left, origin + tops[i]),
                        pos2(left + width, origin + tops[i + 1] - gap),
                    );
                    ui.scroll_to_rect(rect, Some(Align::Center));
                }
                let first = tops
                    .partition_point(|&t| t <= viewport.min.y - OVERSCAN)
                    .saturating_sub(1);
                let mut remeasured = false;
                let mut i = first;
                while i < rows.len() && tops[i] < viewport.max.y + OVERSCAN {
                    let rect = Rect::from_min_size(
                        pos2(left, origin + tops[i]),
                        vec2(width, f32::INFINITY),
                    );
                    let drawn = ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
                        row_ui(ui, &rows[i]);
                    });
                    let height = drawn.response.rect.height();
                    let old = self.heights.insert(rows[i].clone(), height);
                    remeasured |= old.is_none_or(|h| (h - height).abs() > 0.5);
                    i += 1;
                }
                if remeasured {
                    // Rows below moved: lay them out again where they now are.
                    ui.ctx().request_repaint();
                }
                // A widget of the list that just took the keyboard focus (by
                // Tab, say) is brought into view, so the focus is never lost
                // from sight; one that keeps it may be scrolled away from.
                let focused = ui.memory(|m| m.focused());
                if focused != self.focused
                    && let Some(id) = focused
                    && let Some(response) = ui.ctx().read_response(id)
                {
                    let list =
                        Rect::from_min_max(pos2(left, origin), pos2(left + width, origin + y));
                    if list.contains_rect(response.rect)
                        && !ui.clip_rect().contains_rect(response.rect)
                    {
                        ui.scroll_to_rect(response.rect, None);
                    }
                }
                self.focused = focused;
            });
    }
}
