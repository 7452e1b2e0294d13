//! The dialog that asks before removing a source that claims cite.

use egui::Ui;

use crate::app::Action;
use crate::model::SourceId;
use crate::project::actions;
use crate::project::document::Document;

use super::buttons;

pub(super) fn remove_source_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    source: &SourceId,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(project) = doc.map(Document::project) else {
        return false;
    };
    let Ok(removal) = actions::remove_source(project, source) else {
        return false;
    };
    let name = project.source_name(source);
    ui.heading(format!("Remove the source ‘{name}’?"))
        .on_hover_text(format!("Source ID {source}"));
    ui.add_space(4.0);
    let claims = removal.claims.len();
    ui.label(format!(
        "{} lose evidence: {} piece(s) of evidence cite its {} quote(s), and go with it.",
        if claims == 1 {
            "One claim will".to_owned()
        } else {
            format!("{claims} claims will")
        },
        removal.evidence,
        removal.quotes
    ));
    for claim in removal.claims.iter().take(8) {
        ui.weak(format!("• {}", project.claim_name(claim)));
    }
    if claims > 8 {
        ui.weak(format!("… and {} more", claims - 8));
    }
    ui.label("Edit ▸ Undo brings it all back; its snapshot files stay in the project folder.");
    let (ok, cancel) = buttons(ui, "Remove source", true);
    if ok {
        queue.push(Action::Edit(removal.command));
        return false;
    }
    !cancel
}
