//! The dialog that edits a source's short name and citation.

use egui::Ui;

use crate::app::Action;
use crate::model::{Citation, SourceId};
use crate::project::actions;
use crate::project::document::Document;

use super::{buttons, citation_form, trimmed};

pub(super) fn edit_citation_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    source: &SourceId,
    name: &mut String,
    citation: &mut Citation,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(doc) = doc else { return false };
    let project = doc.project();
    let Some(record) = project.source(source) else {
        return false;
    };
    ui.heading(format!("Citation of ‘{}’", record.short_name()))
        .on_hover_text(format!("Source ID {source}"));
    ui.add_space(4.0);
    let citation_fault = crate::model::citation_problem(&trimmed(citation));
    let command = actions::edit_citation(project, source, trimmed(citation), Some(name));
    // The citation is checked first: a refusal of a sound one is the name's.
    let error = command.as_ref().err().map(ToString::to_string);
    let name_error = error.as_deref().filter(|_| citation_fault.is_none());
    egui::Grid::new("source-name")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label("Short name");
            let field = ui
                .add(
                    egui::TextEdit::singleline(name)
                        .hint_text("AP, Reuters, the ministry")
                        .desired_width(380.0),
                )
                .labelled_by(l.id)
                .on_hover_text("How the app, the review and the chips name this source");
            super::first_field(ui, &field, name);
            super::fault_row(ui, &field, name_error, true);
            ui.end_row();
        });
    citation_form(ui, citation, citation_fault.as_ref(), true);
    let (ok, cancel) = buttons(ui, "Save citation", command.is_ok());
    if ok && let Ok(command) = command {
        let unchanged = record.citation == trimmed(citation) && record.short_name() == name.trim();
        if !unchanged {
            queue.push(Action::Edit(command));
        }
        return false;
    }
    !cancel
}
