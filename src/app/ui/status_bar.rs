//! The status bar: saved state, the selection, and the last confirmation
//! (which fades) or else the project folder.

use egui::{RichText, Ui};

use crate::app::commands::UiCommand;
use crate::app::{Action, UiState};
use crate::project::document::Document;

/// Draws the status bar.
pub fn ui(ui: &mut Ui, doc: Option<&Document>, state: &mut UiState, queue: &mut Vec<Action>) {
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
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match message(ui, state) {
                Some((text, undo, opacity)) => {
                    if undo
                        && ui
                            .small_button("Undo")
                            .on_hover_text(UiCommand::Undo.hover_text(ui.ctx()))
                            .clicked()
                    {
                        queue.push(Action::Run(UiCommand::Undo));
                    }
                    let color = ui.visuals().strong_text_color().gamma_multiply(opacity);
                    ui.add(
                        egui::Label::new(RichText::new(format!("✔ {text}")).color(color))
                            .truncate(),
                    )
                    .on_hover_text(text);
                }
                None => {
                    ui.weak(doc.dir().display().to_string());
                }
            },
        );
    });
}

/// The status bar's message and its opacity, while it is shown; drops it
/// once it has faded.
fn message(ui: &Ui, state: &mut UiState) -> Option<(String, bool, f32)> {
    use crate::app::Message;
    let now = ui.input(|i| i.time);
    let message = state.message.as_mut()?;
    let since = *message.since.get_or_insert(now);
    let age = now - since;
    if age >= Message::SHOWN + Message::FADE {
        state.message = None;
        return None;
    }
    let opacity = if age <= Message::SHOWN {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(Message::SHOWN - age));
        1.0
    } else {
        ui.ctx().request_repaint();
        (1.0 - (age - Message::SHOWN) / Message::FADE) as f32
    };
    Some((message.text.clone(), message.undo, opacity))
}
