//! The dialog that edits the note on a piece of evidence.

use egui::Ui;

use crate::app::Action;
use crate::model::{ClaimId, QuoteId};
use crate::project::command::Command;

use super::buttons;

pub(super) fn note_ui(
    ui: &mut Ui,
    claim: &ClaimId,
    quote: &QuoteId,
    note: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    ui.heading(format!("Note on {quote} in {claim}"));
    let l = ui.label("Why this passage matters, or how it differs:");
    ui.add(
        egui::TextEdit::multiline(note)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
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
