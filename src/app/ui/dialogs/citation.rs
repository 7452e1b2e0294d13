//! The dialog that edits a source's citation.

use egui::Ui;

use crate::app::Action;
use crate::model::{Citation, SourceId};
use crate::project::command::Command;
use crate::project::document::Document;

use super::{buttons, citation_form, trimmed};

pub(super) fn edit_citation_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    source: &SourceId,
    citation: &mut Citation,
    queue: &mut Vec<Action>,
) -> bool {
    ui.heading(format!("Citation of {source}"));
    ui.add_space(4.0);
    citation_form(ui, citation);
    let check = crate::model::check_citation(&trimmed(citation));
    if let Err(e) = &check {
        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
    }
    let (ok, cancel) = buttons(ui, "Save citation", check.is_ok());
    if ok {
        let unchanged = doc
            .and_then(|d| d.project().source(source))
            .is_some_and(|s| s.citation == trimmed(citation));
        if !unchanged {
            queue.push(Action::Edit(Command::EditCitation {
                source: source.clone(),
                citation: trimmed(citation),
            }));
        }
        return false;
    }
    !cancel
}
