//! The question when the project changed on disk since it was opened.

use std::path::PathBuf;

use egui::{Key, RichText, Ui};

use crate::app::{Action, Browse};
use crate::project::document::Document;
use crate::project::store;

use super::path_row;

pub(super) fn changed_on_disk_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    path: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(doc) = doc else { return false };
    ui.heading("The project changed on disk");
    ui.label(format!(
        "{} was changed by another program (another Attest window, or a command) since you opened it. Your changes are not saved, and nothing was overwritten.",
        doc.dir().join(store::PROJECT_FILE).display()
    ));
    ui.add_space(6.0);
    ui.label("Keep your version by saving it as a copy:");
    path_row(ui, "Copy in", path, Browse::Folder, queue);
    ui.add_space(8.0);
    let mut keep = true;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !path.trim().is_empty(),
                egui::Button::new(RichText::new("Save a copy").strong()),
            )
            .clicked()
        {
            queue.push(Action::SaveCopy(PathBuf::from(path.trim())));
        }
        if ui
            .button("Reload from disk")
            .on_hover_text("Open the version on disk; your unsaved changes are lost")
            .clicked()
        {
            queue.push(Action::Discard(Box::new(Action::Open(
                doc.dir().to_owned(),
            ))));
            keep = false;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            keep = false;
        }
    });
    keep
}
