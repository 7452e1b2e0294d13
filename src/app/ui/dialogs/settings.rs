//! The project's settings: its title and what the check asks of claims.

use egui::Ui;

use crate::app::Action;
use crate::project::actions;
use crate::project::document::Document;

use super::buttons;

pub(super) fn settings_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    title: &mut String,
    min_sources: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(project) = doc.map(Document::project) else {
        return false;
    };
    ui.heading("Project settings");
    ui.add_space(4.0);
    let minimum = min_sources.trim().parse::<u32>();
    let result = match &minimum {
        Ok(n) => actions::change_settings(project, title, *n),
        Err(_) => Err(actions::ActionError::BadSettings(format!(
            "give the minimum of independent sources per claim as a number from 1 to {}",
            actions::MAX_MIN_SOURCES
        ))),
    };
    let error = result.as_ref().err().map(ToString::to_string);
    // The title is checked first: a refusal with a title is the minimum's.
    let untitled = title.trim().is_empty();
    let title_error = error.as_deref().filter(|_| untitled);
    let minimum_error = error.as_deref().filter(|_| !untitled);
    egui::Grid::new("project-settings")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label("Title");
            let field = ui
                .add(egui::TextEdit::singleline(title).desired_width(360.0))
                .labelled_by(l.id);
            super::first_field(ui, &field, title);
            super::fault_row(ui, &field, title_error, true);
            ui.end_row();
            let l = ui.label("Independent sources per claim");
            let field = ui
                .add(egui::TextEdit::singleline(min_sources).desired_width(48.0))
                .labelled_by(l.id)
                .on_hover_text(format!(
                    "The review warns about a claim supported by fewer independent sources (rule single-source); 1 to {}",
                    actions::MAX_MIN_SOURCES
                ));
            super::fault_row(ui, &field, minimum_error, true);
            ui.end_row();
        });
    let (ok, cancel) = buttons(ui, "Save settings", result.is_ok());
    if ok && let Ok(command) = result {
        if let Some(command) = command {
            queue.push(Action::Edit(command));
        }
        return false;
    }
    !cancel
}
