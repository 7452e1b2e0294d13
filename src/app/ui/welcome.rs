//! The window with no project open: open, create, or pick a recent project.

use egui::{RichText, Ui};

use crate::app::commands::UiCommand;
use crate::app::{Action, UiState};

/// Draws the welcome screen.
pub fn ui(ui: &mut Ui, state: &UiState, queue: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.heading(RichText::new("Attest").size(32.0));
        ui.label("Source-grounded summaries: every claim cites the passages it rests on.");
        ui.add_space(16.0);
        for command in [UiCommand::OpenProject, UiCommand::NewProject] {
            if ui
                .button(command.label())
                .on_hover_text(command.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(Action::Run(command));
            }
        }
        if !state.settings.recent.is_empty() {
            ui.add_space(16.0);
            ui.weak("Recent projects");
            for dir in &state.settings.recent {
                if ui.link(dir.display().to_string()).clicked() {
                    queue.push(Action::Open(dir.clone()));
                }
            }
        }
    });
}
