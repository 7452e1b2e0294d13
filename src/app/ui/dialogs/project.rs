//! The new-project and open-project dialogs.

use std::path::PathBuf;

use egui::Ui;

use crate::app::{Action, Browse, UiState};

use super::{buttons, path_row};

pub(super) fn project_ui(
    ui: &mut Ui,
    create: bool,
    path: &mut String,
    title: &mut String,
    state: &UiState,
    queue: &mut Vec<Action>,
) -> bool {
    ui.heading(if create {
        "New project"
    } else {
        "Open project"
    });
    ui.add_space(4.0);
    path_row(ui, "Folder:", path, Browse::Folder, queue);
    if create {
        ui.horizontal(|ui| {
            let l = ui.label("Title:");
            ui.add(egui::TextEdit::singleline(title).desired_width(360.0))
                .labelled_by(l.id);
        });
    } else if !state.settings.recent.is_empty() {
        ui.add_space(6.0);
        ui.weak("Recent projects");
        for dir in &state.settings.recent {
            if ui.link(dir.display().to_string()).clicked() {
                *path = dir.display().to_string();
            }
        }
    }
    let ready = !path.trim().is_empty() && (!create || !title.trim().is_empty());
    let (ok, cancel) = buttons(ui, if create { "Create" } else { "Open" }, ready);
    if ok {
        let dir = PathBuf::from(path.trim());
        queue.push(if create {
            Action::Create(dir, title.trim().to_owned())
        } else {
            Action::Open(dir)
        });
        return false;
    }
    !cancel
}
