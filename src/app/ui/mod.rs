//! What the user sees, one file per panel or dialog.
//!
//! ```text
//! ┌ menu bar ─────────────────────────────────────────────────────────┐
//! │ error (only while there is one)                                   │
//! ├ sources ┬ source: citation, find bar, text ──┬ summary ───────────┤
//! │ s1 …    │                                   │ ¶1 c1 …  [chips]   │
//! │ s2 …    │                                   │    c2 …            │
//! ├─────────┴───────────────────────────────────┴────────────────────┤
//! │ status: saved state · selection · confirmation (fades)            │
//! └───────────────────────────────────────────────────────────────────┘
//! ```

mod conflicts;
pub mod dialogs;
pub mod find_all;
mod menu_bar;
pub mod review;
mod source_panel;
pub mod source_view;
pub mod sources;
mod status_bar;
mod suggested;
pub mod summary;
pub mod virtual_list;
mod welcome;

use std::collections::HashMap;

use egui::{Color32, CornerRadius, Margin, RichText, Ui};

use super::{Action, UiState};
use crate::model::SourceId;
use crate::project::document::Document;
use source_view::SourceView;

/// Sets fonts, theme and spacing once at start.
pub fn setup(ctx: &egui::Context, settings: &super::settings::Settings) {
    super::fonts::install(ctx);
    apply_theme(ctx, settings.dark_mode);
    ctx.global_style_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 24.0;
    });
}

/// Switches to the dark or light theme, or follows the system when `None`.
pub fn apply_theme(ctx: &egui::Context, dark: Option<bool>) {
    ctx.set_theme(match dark {
        Some(true) => egui::ThemePreference::Dark,
        Some(false) => egui::ThemePreference::Light,
        None => egui::ThemePreference::System,
    });
}

/// The view of a source's current version, created on first use and again
/// whenever the version changes (an update, or its undo). `None` if the text
/// is missing.
pub fn ensure_view<'a>(
    doc: &Document,
    views: &'a mut HashMap<SourceId, SourceView>,
    source: &SourceId,
) -> Option<&'a mut SourceView> {
    let recorded = doc.project().source(source)?;
    let sha = &recorded.sha256;
    if views.get(source).is_none_or(|v| v.version() != sha) {
        let text = doc.text_of(source)?.clone();
        let pages = recorded
            .original
            .as_ref()
            .map(|o| o.pages.clone())
            .unwrap_or_default();
        views.insert(
            source.clone(),
            SourceView::new(source.clone(), sha.clone(), text, pages),
        );
    }
    views.get_mut(source)
}

/// Lays out the whole window.
pub fn layout(ui: &mut Ui, doc: Option<&Document>, state: &mut UiState, queue: &mut Vec<Action>) {
    egui::Panel::top("menu-bar").show(ui, |ui| menu_bar::ui(ui, doc, state, queue));
    let status =
        egui::Panel::bottom("status-bar").show(ui, |ui| status_bar::ui(ui, doc, state, queue));
    // A notice floats above the status bar, at the right, so that nothing
    // moves when it comes or goes.
    if let Some(notice) = state.notice.clone() {
        let above = status.response.rect.top() - 6.0;
        egui::Area::new(egui::Id::unique("attest-notice"))
            .order(egui::Order::Foreground)
            .anchor(
                egui::Align2::RIGHT_BOTTOM,
                [-10.0, above - ui.ctx().content_rect().bottom()],
            )
            .show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                notice_ui(ui, &notice, state);
            });
    }
    match doc {
        None => {
            egui::CentralPanel::default().show(ui, |ui| welcome::ui(ui, state, queue));
        }
        Some(doc) => {
            // Side panels keep their share of the window when it is resized
            // (a small window squeezes them, a larger one gives their share
            // back); dragging a panel's edge changes its share.
            let width = ui.available_width();
            let resized = (width - state.layout.window_width).abs() > 0.5;
            state.layout.window_width = width;
            // In a narrow window the source text keeps at least a third.
            let narrow = width < 1000.0;
            let size = |fraction: f32, min: f32, max: f32| {
                let min = if narrow { min * 0.7 } else { min };
                (width * fraction).clamp(min, max.max(min))
            };
            let side = |panel: egui::Panel, size: f32| {
                let panel = panel.resizable(true).default_size(size);
                if resized {
                    panel.exact_size(size)
                } else {
                    panel
                }
            };
            let sources_size = size(state.layout.sources, 170.0, 320.0);
            let sources = side(egui::Panel::left("sources"), sources_size)
                .show(ui, |ui| sources::ui(ui, doc, state, queue));
            let summary_size = size(state.layout.summary, 360.0, 900.0);
            let summary = side(egui::Panel::right("summary"), summary_size).show(ui, |ui| {
                conflicts::ui(ui, doc, state, queue);
                right_tabs(ui, state);
                if state.reviewing {
                    review::ui(ui, doc, state, queue);
                } else {
                    summary::ui(ui, doc, state, queue);
                }
            });
            // Only a drag changes a share: a width the window forced (too
            // small for the share) is not remembered as the user's choice.
            let dragging = ui.input(|i| i.pointer.primary_down());
            let dragged =
                |rect: egui::Rect, expected: f32| dragging && (rect.width() - expected).abs() > 1.5;
            if !resized && dragged(sources.response.rect, sources_size) {
                state.layout.sources = sources.response.rect.width() / width;
            }
            if !resized && dragged(summary.response.rect, summary_size) {
                state.layout.summary = summary.response.rect.width() / width;
            }
            divider_grip(
                ui,
                sources.response.rect.right(),
                sources.response.rect.center().y,
            );
            divider_grip(
                ui,
                summary.response.rect.left(),
                summary.response.rect.center().y,
            );
            egui::CentralPanel::default().show(ui, |ui| source_panel::ui(ui, doc, state, queue));
            find_all::ui(ui.ctx(), doc, state, queue);
        }
    }
    dialogs::ui(ui.ctx(), doc, state, queue);
}

/// Gives the keyboard focus to the first focusable widget drawn after this
/// call, in one of the next `frames` frames: a new area (a dialog, a menu)
/// is first drawn invisible, to be measured, and cannot take the focus then.
/// Counts `frames` down; does nothing once something has the focus.
pub fn focus_first(ui: &Ui, frames: &mut u8) {
    if *frames == 0 || ui.is_sizing_pass() {
        return;
    }
    *frames -= 1;
    if ui.memory(|m| m.focused().is_none()) {
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
    }
}

/// Names a widget for a screen reader with what a person would say, in
/// place of what it shows (an icon, a clipped snippet, a bare number). The
/// name is made only while an assistive technology listens.
pub fn speak(ui: &Ui, response: &egui::Response, name: impl FnOnce() -> String) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.clear_labelled_by();
        node.set_label(name());
    });
}

/// Takes the keyboard focus from whatever widget has it.
pub fn drop_focus(ctx: &egui::Context) {
    ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
}

/// Three dots on a panel divider, so that it shows it can be dragged.
fn divider_grip(ui: &Ui, x: f32, y: f32) {
    // Over the panels, under any window, menu or dialog.
    let painter = ui.ctx().layer_painter(egui::LayerId::background());
    let color = ui
        .visuals()
        .widgets
        .noninteractive
        .fg_stroke
        .color
        .gamma_multiply(0.6);
    for dy in [-6.0, 0.0, 6.0] {
        painter.circle_filled(egui::pos2(x, y + dy), 1.6, color);
    }
}

/// The card a claim is drawn on, in the summary and the review panel; the
/// focused claim's has the focus colour.
fn claim_frame(ui: &Ui, focused: bool, palette: &super::theme::Palette) -> egui::Frame {
    let stroke = if focused {
        egui::Stroke::new(1.5, palette.focus)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::new()
        .stroke(stroke)
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(CornerRadius::same(6))
        .inner_margin(Margin::same(8))
}

/// The tabs over the right panel: the summary, or the review.
fn right_tabs(ui: &mut Ui, state: &mut UiState) {
    ui.add_space(4.0);
    let tabs = egui::UiBuilder::new()
        .accessibility_role(egui::Role::TabList)
        .accessibility_label("Panels");
    ui.scope_builder(tabs, |ui| {
        ui.horizontal_wrapped(|ui| {
            let report = &state.report;
            let blockers = report.count(crate::check::Severity::Blocker);
            let warnings = report.count(crate::check::Severity::Warning);
            let summary = ui
                .selectable_value(&mut state.reviewing, false, "Summary")
                .on_hover_text("The claims and their evidence");
            let review = format!("Review ({blockers} blocker(s), {warnings} warning(s))");
            let review = ui
                .selectable_value(&mut state.reviewing, true, review)
                .on_hover_text(super::commands::UiCommand::ToggleReview.hover_text(ui.ctx()));
            for (tab, selected) in [(summary, !state.reviewing), (review, state.reviewing)] {
                ui.ctx().accesskit_node_builder(tab.id, |node| {
                    node.set_role(egui::Role::Tab);
                    node.clear_toggled();
                    node.set_selected(selected);
                });
            }
        })
    });
}

fn notice_ui(ui: &mut Ui, notice: &super::Notice, state: &mut UiState) {
    let (fill, text) = if notice.error {
        (Color32::from_rgb(178, 50, 50), Color32::WHITE)
    } else {
        (
            ui.visuals().selection.bg_fill,
            ui.visuals().strong_text_color(),
        )
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(Margin::symmetric(10, 6))
        .corner_radius(CornerRadius::same(4))
        .shadow(ui.visuals().popup_shadow)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add(egui::Label::new(RichText::new(&notice.text).color(text)).wrap());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .add(egui::Button::new(RichText::new("✕").color(text)).frame(false))
                        .on_hover_text("Dismiss")
                        .clicked()
                    {
                        state.notice = None;
                    }
                });
            });
        });
}
