//! The export dialog: format, path, and whether to mark blocked claims.

use std::path::{Path, PathBuf};

use egui::Ui;

use crate::app::{Action, Browse};
use crate::check::{Report, Severity};
use crate::export::Format;
use crate::project::document::Document;

use super::{buttons, path_row};

/// `<project folder>.<ext>` beside the project folder.
pub(super) fn export_path(dir: &Path, format: Format) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "summary".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!("{name}.{}", format.exporter().extension()))
}

pub(super) fn export_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    report: &Report,
    format: &mut Format,
    path: &mut String,
    allow_blockers: &mut bool,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(doc) = doc else { return false };
    ui.heading("Export the cited summary");
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for option in Format::ALL {
            if ui
                .radio(*format == option, option.exporter().name())
                .clicked()
                && *format != option
            {
                *format = option;
                // Keep the file name in step with the format.
                let current = PathBuf::from(path.as_str());
                let renamed = current.with_extension(option.exporter().extension());
                *path = if path.trim().is_empty() {
                    export_path(doc.dir(), option)
                } else {
                    renamed
                }
                .display()
                .to_string();
            }
        }
    });
    path_row(ui, "Export to", path, Browse::SaveFile, queue);
    let blockers = report.count(Severity::Blocker);
    if blockers > 0 {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "The check finds {blockers} blocker(s); see the review panel. Export is refused unless you allow it, and then each affected claim is marked."
            ),
        );
        ui.checkbox(allow_blockers, "Export anyway, marking the affected claims");
    } else {
        ui.weak(format!(
            "No blockers. {} warning(s) remain; the review panel lists them.",
            report.count(Severity::Warning)
        ));
    }
    let ready = !path.trim().is_empty() && (blockers == 0 || *allow_blockers);
    let (ok, cancel) = buttons(ui, "Export", ready);
    if ok {
        queue.push(Action::Export(
            *format,
            PathBuf::from(path.trim()),
            *allow_blockers,
        ));
        return true;
    }
    !cancel
}
