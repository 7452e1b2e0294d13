//! The question about unsaved changes before quitting or opening another
//! project.

use egui::{Key, RichText, Ui};

use crate::app::Action;
use crate::project::document::Document;

pub(super) fn unsaved_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    action: &mut Box<Action>,
    queue: &mut Vec<Action>,
) -> bool {
    let title = doc.map_or("the project", |d| d.project().title.as_str());
    ui.heading("Unsaved changes");
    ui.label(format!("Save the changes to “{title}” first?"));
    ui.add_space(8.0);
    let mut keep = true;
    ui.horizontal(|ui| {
        let take = |action: &mut Box<Action>| {
            std::mem::replace(action, Box::new(Action::Notify(String::new(), false)))
        };
        if ui.button(RichText::new("Save").strong()).clicked() {
            queue.push(Action::SaveThen(take(action)));
            keep = false;
        }
        if ui.button("Don’t save").clicked() {
            queue.push(Action::Discard(take(action)));
            keep = false;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            keep = false;
        }
    });
    keep
}
