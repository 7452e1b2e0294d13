//! The status bar: saved state, the selection, counts.

use egui::{RichText, Ui};

use crate::app::UiState;
use crate::document::Document;

/// Draws the status bar.
pub fn ui(ui: &mut Ui, doc: Option<&Document>, state: &UiState) {
    ui.horizontal(|ui| {
        let Some(doc) = doc else {
            ui.weak("No project open");
            return;
        };
        if doc.is_dirty() {
            ui.label(
                RichText::new("● Unsaved changes (Ctrl+S saves)").color(ui.visuals().warn_fg_color),
            );
        } else {
            ui.weak("All changes saved");
        }
        ui.separator();
        let selection = state.current_view().and_then(|v| v.selection_summary());
        match selection {
            Some(text) => {
                ui.add(egui::Label::new(format!("Selected {text}")).truncate());
            }
            None => {
                ui.weak("Drag in the source to select a passage");
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(doc.dir().display().to_string());
        });
    });
}
