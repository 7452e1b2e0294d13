//! The menu bar: File, Edit, Sources, Claim, View. Every entry comes from
//! [`UiCommand`], so it shows the same label, shortcut and tooltip everywhere.

use egui::Ui;

use crate::app::commands::UiCommand;
use crate::app::settings::SourceOrder;
use crate::app::{Action, UiState};
use crate::project::document::Document;

fn entry(ui: &mut Ui, queue: &mut Vec<Action>, command: UiCommand, enabled: bool) {
    if command.menu_button(ui, enabled) {
        queue.push(Action::Run(command));
        ui.close();
    }
}

/// Draws the menu bar.
pub fn ui(ui: &mut Ui, doc: Option<&Document>, state: &mut UiState, queue: &mut Vec<Action>) {
    let open = doc.is_some();
    let has_claim = open && state.focused_claim.is_some();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            entry(ui, queue, UiCommand::NewProject, true);
            entry(ui, queue, UiCommand::OpenProject, true);
            ui.menu_button("Open Recent", |ui| {
                if state.settings.recent.is_empty() {
                    ui.weak("No recent projects");
                }
                for dir in state.settings.recent.clone() {
                    if ui.button(dir.display().to_string()).clicked() {
                        queue.push(Action::Open(dir));
                        ui.close();
                    }
                }
            });
            entry(ui, queue, UiCommand::Save, open);
            entry(ui, queue, UiCommand::ProjectSettings, open);
            ui.separator();
            entry(ui, queue, UiCommand::Export, open);
            ui.separator();
            entry(ui, queue, UiCommand::Quit, true);
        });
        ui.menu_button("Edit", |ui| {
            let history = doc.map(Document::history);
            let undo = history.and_then(|h| h.undo_label());
            let redo = history.and_then(|h| h.redo_label());
            entry(ui, queue, UiCommand::Undo, undo.is_some());
            if let Some(label) = undo {
                ui.weak(format!("   {label}"));
            }
            entry(ui, queue, UiCommand::Redo, redo.is_some());
            if let Some(label) = redo {
                ui.weak(format!("   {label}"));
            }
            ui.separator();
            entry(ui, queue, UiCommand::Find, open);
            entry(ui, queue, UiCommand::FindNext, open);
            entry(ui, queue, UiCommand::FindPrevious, open);
            entry(ui, queue, UiCommand::FindAll, open);
        });
        ui.menu_button("Sources", |ui| {
            entry(ui, queue, UiCommand::AddSourceFile, open);
            entry(ui, queue, UiCommand::AddSourcePaste, open);
            entry(ui, queue, UiCommand::AddSourceUrl, open);
            ui.separator();
            let source_open = open && state.current_source.is_some();
            entry(ui, queue, UiCommand::EditCitation, source_open);
            entry(ui, queue, UiCommand::UpdateSource, source_open);
            entry(ui, queue, UiCommand::RemoveSource, source_open);
            ui.separator();
            entry(ui, queue, UiCommand::RecheckSources, open);
        });
        ui.menu_button("Claim", |ui| {
            entry(ui, queue, UiCommand::CiteSelection, has_claim);
            for command in [
                UiCommand::StanceSupports,
                UiCommand::StanceContradicts,
                UiCommand::StanceContext,
            ] {
                entry(ui, queue, command, open);
            }
            entry(ui, queue, UiCommand::CiteSuggestion, has_claim);
            entry(ui, queue, UiCommand::OpenSuggestion, has_claim);
            ui.separator();
            entry(ui, queue, UiCommand::AddClaim, open);
            entry(ui, queue, UiCommand::NextClaim, open);
            entry(ui, queue, UiCommand::PreviousClaim, open);
            entry(ui, queue, UiCommand::MoveClaimUp, has_claim);
            entry(ui, queue, UiCommand::MoveClaimDown, has_claim);
            entry(ui, queue, UiCommand::DeleteClaim, has_claim);
            ui.separator();
            entry(ui, queue, UiCommand::SignOff, has_claim);
        });
        ui.menu_button("View", |ui| {
            entry(ui, queue, UiCommand::ToggleReview, open);
            ui.separator();
            let current = match state.settings.dark_mode {
                None => UiCommand::ThemeSystem,
                Some(false) => UiCommand::ThemeLight,
                Some(true) => UiCommand::ThemeDark,
            };
            for theme in [
                UiCommand::ThemeSystem,
                UiCommand::ThemeLight,
                UiCommand::ThemeDark,
            ] {
                if ui
                    .radio(current == theme, theme.label())
                    .on_hover_text(theme.tooltip())
                    .clicked()
                {
                    queue.push(Action::Run(theme));
                    ui.close();
                }
            }
            ui.separator();
            for (order, label, tip) in [
                (
                    SourceOrder::Added,
                    "Sources in Order Added",
                    "List sources in the order they were added",
                ),
                (
                    SourceOrder::Name,
                    "Sources by Name",
                    "List sources alphabetically by short name",
                ),
            ] {
                if ui
                    .radio(state.settings.source_order == order, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    queue.push(Action::SetSourceOrder(order));
                    ui.close();
                }
            }
            ui.separator();
            entry(ui, queue, UiCommand::ZoomIn, true);
            entry(ui, queue, UiCommand::ZoomOut, true);
        });
    });
}
