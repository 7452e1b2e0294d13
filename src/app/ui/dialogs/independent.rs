//! The dialog that marks two linked sources as independent, with the
//! editor's reason.

use egui::Ui;

use crate::app::Action;
use crate::model::SourceId;
use crate::project::command::Command;

use super::buttons;

pub(super) fn independent_ui(
    ui: &mut Ui,
    doc: Option<&crate::project::document::Document>,
    a: &SourceId,
    b: &SourceId,
    reason: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let name = |id: &SourceId| {
        doc.map_or_else(
            || id.to_string(),
            |d| format!("‘{}’", d.project().source_name(id)),
        )
    };
    ui.heading(format!(
        "Count {} and {} as independent sources",
        name(a),
        name(b)
    ))
    .on_hover_text(format!("Sources {a} and {b}"));
    ui.label(
        "They share text, so the review counts them as one source. If they are independent all the same (each reported on its own and quotes the same statement, say), say why: the reason is kept with the project and shown in the review.",
    );
    let l = ui.label("Why they are independent:");
    let field = ui
        .add(
            egui::TextEdit::multiline(reason)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    super::first_field(ui, &field, reason);
    let (ok, cancel) = buttons(ui, "Mark independent", !reason.trim().is_empty());
    if ok {
        queue.push(Action::Edit(Command::SetIndependent {
            a: a.clone(),
            b: b.clone(),
            reason: Some(reason.trim().to_owned()),
        }));
        return false;
    }
    !cancel
}
