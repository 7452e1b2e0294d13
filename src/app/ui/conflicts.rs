//! The merge conflicts a git merge left, over the summary: each with its two
//! versions side by side, to keep one or (for a text) write it anew. Every
//! choice is an undoable edit; saving writes the settled project.

use egui::{Frame, Margin, RichText, Stroke, Ui};

use crate::app::{Action, UiState};
use crate::model::Conflict;
use crate::model::fields::{self, Choice};
use crate::project::command::Command;
use crate::project::document::Document;

/// Lays out the conflicts, if there are any.
pub fn ui(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    let project = doc.project();
    if project.conflicts.is_empty() {
        return;
    }
    let error = ui.visuals().error_fg_color;
    Frame::new()
        .stroke(Stroke::new(1.5, error))
        .corner_radius(6)
        .inner_margin(Margin::same(8))
        .show(ui, |ui| {
            let count = project.conflicts.len();
            ui.label(
                RichText::new(format!("⚠ {count} merge conflict(s) from git"))
                    .strong()
                    .color(error),
            );
            ui.label(
                "Both sides of a git merge changed these differently. Keep one version of \
                 each, then save. Export and sign-off wait until none remain.",
            );
            let max_height = ui.ctx().content_rect().height() * 0.45;
            egui::ScrollArea::vertical()
                .id_salt("conflicts")
                .max_height(max_height)
                .show(ui, |ui| {
                    for (index, conflict) in project.conflicts.iter().enumerate() {
                        ui.separator();
                        conflict_ui(ui, doc, index, conflict, state, queue);
                    }
                });
        });
    ui.add_space(6.0);
}

fn conflict_ui(
    ui: &mut Ui,
    doc: &Document,
    index: usize,
    conflict: &Conflict,
    state: &mut UiState,
    queue: &mut Vec<Action>,
) {
    ui.label(RichText::new(fields::describe_conflict(doc.project(), conflict)).strong());
    if !conflict.sides.is_empty() {
        ui.label(RichText::new(&conflict.sides).weak().small());
    }
    let resolve = |choice: &Choice| {
        Action::Edit(Command::Resolve {
            index,
            value: fields::chosen(conflict, choice),
            reopen: None,
        })
    };
    ui.columns(2, |columns| {
        for (column, (title, value, choice, button)) in columns.iter_mut().zip([
            ("Ours", &conflict.ours, Choice::Ours, "Keep ours"),
            ("Theirs", &conflict.theirs, Choice::Theirs, "Keep theirs"),
        ]) {
            column.label(RichText::new(title).weak());
            column.add(
                egui::Label::new(fields::describe_value(
                    doc.project(),
                    conflict,
                    value.as_deref(),
                ))
                .wrap(),
            );
            if column.button(button).clicked() {
                queue.push(resolve(&choice));
            }
        }
    });
    if let Some(base) = &conflict.base {
        ui.label(
            RichText::new(format!(
                "Before: {}",
                fields::describe_value(doc.project(), conflict, Some(base))
            ))
            .weak()
            .small(),
        );
    }
    if fields::is_text_field(conflict) {
        let key = format!("{} {}", conflict.record, conflict.field);
        let texts = &mut state.conflict_texts;
        let text = texts
            .entry(key.clone())
            .or_insert_with(|| conflict.ours.clone().unwrap_or_default());
        let mut chosen = None;
        let label = ui.label(RichText::new("Or write it anew:").weak());
        // The button first, right to left, so that the field takes what is
        // left and never widens the panel.
        let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
        let layout = egui::Layout::right_to_left(egui::Align::Center);
        ui.allocate_ui_with_layout(row, layout, |ui| {
            if ui.button("Use this text").clicked() && !text.trim().is_empty() {
                chosen = Some(text.trim().to_owned());
            }
            ui.add(egui::TextEdit::singleline(text).desired_width(ui.available_width()))
                .labelled_by(label.id);
        });
        if let Some(text) = chosen {
            queue.push(resolve(&Choice::Value(text)));
            texts.remove(&key);
        }
    }
}
