//! The question about unsaved work found after a crash: restore or discard.

use egui::{RichText, Ui};

use crate::app::Action;

pub(super) fn recover_ui(
    ui: &mut Ui,
    recovered: &mut Option<Box<crate::project::journal::Recovered>>,
    changes: &[String],
    queue: &mut Vec<Action>,
) -> bool {
    let Some(work) = recovered.as_deref() else {
        return false;
    };
    ui.heading("Unsaved work found");
    ui.label(format!(
        "Attest closed without saving this project{}. The unsaved work was kept; restoring it brings back:",
        work.written
            .map(|w| format!(" (last autosaved {})", describe_time(w)))
            .unwrap_or_default()
    ));
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            for change in changes {
                ui.label(format!("• {change}"));
            }
        });
    if work.saved_changed_since {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The saved project was changed by another program since. Restoring and then saving replaces that change.",
        );
    }
    ui.weak("Nothing is written until you save. Discarded work is kept in your data folder until the next discard.");
    ui.add_space(8.0);
    let mut keep = true;
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Restore unsaved work").strong())
            .clicked()
        {
            if let Some(work) = recovered.take() {
                queue.push(Action::RestoreJournal(work));
            }
            keep = false;
        }
        if ui.button("Discard it").clicked() {
            queue.push(Action::DiscardJournal);
            keep = false;
        }
    });
    keep
}

/// A time for people, in UTC: `2026-11-21 14:05 UTC`.
pub(super) fn describe_time(time: std::time::SystemTime) -> String {
    let t = time::OffsetDateTime::from(time);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}
