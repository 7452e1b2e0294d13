//! The dialog that edits the note on a piece of evidence.

use egui::Ui;

use crate::app::Action;
use crate::model::{ClaimId, QuoteId};
use crate::project::command::Command;

use super::buttons;

pub(super) fn note_ui(
    ui: &mut Ui,
    doc: Option<&crate::project::document::Document>,
    claim: &ClaimId,
    quote: &QuoteId,
    note: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let heading = match doc.map(crate::project::document::Document::project) {
        Some(project) => format!(
            "Note on the quote from ‘{}’ in {}",
            project
                .quote(quote)
                .map_or_else(|| quote.to_string(), |q| project.source_name(&q.source)),
            project.claim_name(claim)
        ),
        None => format!("Note on {quote} in {claim}"),
    };
    ui.heading(heading)
        .on_hover_text(format!("Quote {quote} in claim {claim}"));
    let l = ui.label("Why this passage matters, or how it differs:");
    let field = ui
        .add(
            egui::TextEdit::multiline(note)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    super::first_field(ui, &field, note);
    let (ok, cancel) = buttons(ui, "Save note", true);
    if ok {
        queue.push(Action::Edit(Command::SetNote {
            claim: claim.clone(),
            quote: quote.clone(),
            note: note.trim().to_owned(),
        }));
        return false;
    }
    !cancel
}
