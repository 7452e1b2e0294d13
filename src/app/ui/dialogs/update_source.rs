//! The update-source dialog: compare a new version, review what happens
//! to every quote, then accept it.

use std::sync::Arc;

use egui::{RichText, Ui};

use crate::app::{Action, Browse};
use crate::import;
use crate::model::SourceId;
use crate::project::actions;
use crate::project::document::Document;

use super::{buttons, job_ui, path_row};

/// A compared update waiting for the user's decision.
#[derive(Debug)]
pub struct UpdateReview {
    /// The report and the command that records it.
    pub update: actions::SourceUpdate,
    /// The recorded version's text, if available.
    pub old: Option<crate::text::anchor::SourceText>,
    /// The new version's text.
    pub new: crate::text::anchor::SourceText,
    /// Pages of the new version that could not be read, in a sentence.
    pub unreadable: Option<String>,
    /// Whether the user chose to take it without those pages.
    pub accept_unreadable: bool,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn update_source_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    source: &SourceId,
    path: &mut String,
    review: &mut Option<Box<UpdateReview>>,
    error: &mut Option<String>,
    job: &mut Option<import::Job>,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(doc) = doc else { return false };
    let title = doc.project().source(source).map_or("", |s| s.label());
    ui.heading(format!("Update {source}: {title}"));
    ui.add_space(4.0);
    let Some(prepared) = review else {
        path_row(ui, "New version:", path, Browse::TextFile, queue);
        ui.weak("A file, or a web address to fetch again. Nothing changes until you have seen what happens to every quote and accepted.");
        let read = job_ui(ui, job);
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
        }
        let (compare, cancel) = buttons(ui, "Compare", job.is_none() && !path.trim().is_empty());
        if cancel {
            *job = None;
            return false;
        }
        if compare {
            *job = Some(import::Job::start(import::Origin::from_input(path)));
            *error = None;
        }
        let prepared = match read {
            Some(read) => read.map_err(|e| e.to_string()).and_then(|imported| {
                let text: Arc<str> = Arc::from(imported.extracted.text.as_str());
                let update = actions::update_imported_source(
                    doc.project(),
                    doc.texts(),
                    source,
                    Arc::clone(&text),
                    imported.original_and_paging(),
                )
                .map_err(|e| e.to_string())?;
                let old = doc.text_of(source).cloned();
                Ok(UpdateReview {
                    update,
                    old,
                    new: crate::text::anchor::SourceText::new(text),
                    unreadable: imported.unreadable_pages(),
                    accept_unreadable: false,
                })
            }),
            None => return true,
        };
        match prepared {
            Ok(r) => {
                *review = Some(Box::new(r));
                *error = None;
            }
            Err(e) => *error = Some(e),
        }
        return true;
    };
    let update = &prepared.update;
    let counts = update
        .counts()
        .iter()
        .map(|(status, n)| format!("{n} {status}"))
        .collect::<Vec<_>>()
        .join(" · ");
    if update.recorded_text_missing {
        ui.label(format!(
            "The recorded text was changed on disk, so there is no diff: each quote was looked up by its own text and context. {} quote(s): {counts}.",
            update.fates.len()
        ));
    } else {
        ui.label(format!(
            "{} chars removed, {} added. {} quote(s): {counts}.",
            update.chars_removed,
            update.chars_added,
            update.fates.len()
        ));
    }
    let palette = crate::app::theme::Palette::of(ui.visuals());
    // The report's lists share what the window leaves, so the buttons below
    // them always stay on screen.
    let room = (ui.ctx().content_rect().height() - 330.0).max(120.0);
    ui.add_space(4.0);
    ui.strong("Quotes");
    egui::ScrollArea::vertical()
        .id_salt("update-quotes")
        .max_height(room * 0.55)
        .show(ui, |ui| {
            for fate in &update.fates {
                let resolved = fate.outcome.resolved().is_some();
                let color = if resolved {
                    ui.visuals().weak_text_color()
                } else {
                    palette.unresolved
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("{} {}", fate.quote, fate.outcome.status()))
                            .color(color)
                            .strong(),
                    );
                    ui.label(format!("“{}”", crate::util::snippet(&fate.old_text, 70)));
                });
                if let crate::text::reanchor::Outcome::Changed { new_text, .. } = &fate.outcome {
                    ui.label(
                        RichText::new(format!("    now: “{}”", crate::util::snippet(new_text, 70)))
                            .color(color),
                    );
                }
            }
        });
    ui.add_space(4.0);
    ui.strong("Changes");
    egui::ScrollArea::vertical()
        .id_salt("update-diff")
        .max_height(room * 0.45)
        .show(ui, |ui| {
            let changes: Vec<_> = update.edits.iter().filter(|e| !e.equal).collect();
            for edit in changes.iter().take(200) {
                ui.horizontal_wrapped(|ui| {
                    let removed = prepared
                        .old
                        .as_ref()
                        .and_then(|old| old.slice(edit.old.clone()))
                        .unwrap_or_default();
                    let added = prepared.new.slice(edit.new.clone()).unwrap_or_default();
                    ui.weak(format!("at {}:", edit.old.start));
                    if !removed.is_empty() {
                        ui.label(
                            RichText::new(crate::util::snippet(removed, 120))
                                .strikethrough()
                                .color(palette.stance_color(crate::model::Stance::Contradicts)),
                        );
                    }
                    if !added.is_empty() {
                        ui.label(
                            RichText::new(crate::util::snippet(added, 120))
                                .color(palette.stance_color(crate::model::Stance::Supports)),
                        );
                    }
                });
            }
            if changes.len() > 200 {
                ui.weak(format!("… and {} more changes", changes.len() - 200));
            }
        });
    let unresolved = update.unresolved();
    if unresolved > 0 {
        ui.colored_label(
            palette.unresolved,
            format!("{unresolved} quote(s) will wait for review: select each passage again, or remove the quote."),
        );
    }
    if let Some(pages) = &prepared.unreadable {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("⚠ In the new version, {pages}."),
        );
        ui.checkbox(
            &mut prepared.accept_unreadable,
            "Take it without these pages (the review will warn about them)",
        );
    }
    let ready = prepared.unreadable.is_none() || prepared.accept_unreadable;
    let (accept, cancel) = buttons(ui, "Accept new version", ready);
    if accept {
        if let Some(prepared) = review.take() {
            queue.push(Action::Edit(prepared.update.command));
        }
        return false;
    }
    !cancel
}
