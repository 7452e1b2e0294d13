//! Modal dialogs, one per file; this file holds the open dialog's state,
//! the function that draws it, and the widgets they share.
//!
//! Paths can be typed or pasted as well as picked with "Browse…", so the app
//! works where no native file dialog is available.

mod add_source;
mod changed_on_disk;
mod citation;
mod export;
mod independent;
mod note;
mod project;
mod recheck;
mod recover;
mod remove_source;
mod settings;
mod sign_off;
mod unsaved;
mod update_source;

use std::path::{Path, PathBuf};

use egui::{Key, RichText, Ui};

use crate::app::settings::Settings;
use crate::app::{Action, Browse, UiState};
use crate::export::Format;
use crate::import;
use crate::model::{Citation, ClaimId, QuoteId, SourceId};
use crate::project::document::Document;
use add_source::add_source_ui;
pub use add_source::{AddFrom, AddSource, NewSource, ReadFile};
use changed_on_disk::changed_on_disk_ui;
use citation::edit_citation_ui;
use export::{export_path, export_ui};
use note::note_ui;
use project::project_ui;
pub use recheck::Recheck;
use recheck::recheck_ui;
use recover::recover_ui;
use remove_source::remove_source_ui;
use settings::settings_ui;
use sign_off::sign_off_ui;
use unsaved::unsaved_ui;
pub use update_source::UpdateReview;
use update_source::update_source_ui;

/// An open dialog and what has been typed into it.
#[derive(Debug)]
pub enum Dialog {
    /// Create (`create`) or open a project folder.
    Project {
        /// Whether a new project is created.
        create: bool,
        /// The folder.
        path: String,
        /// The new project's title.
        title: String,
    },
    /// Add a source from a file, a web address or pasted text.
    AddSource(Box<AddSource>),
    /// Edit a source's short name and citation.
    EditCitation {
        /// The source.
        source: SourceId,
        /// Its short name as typed.
        name: String,
        /// Its citation as typed.
        citation: Citation,
    },
    /// Ask before removing a source that claims cite.
    RemoveSource {
        /// The source.
        source: SourceId,
    },
    /// The project's title and check settings.
    Settings {
        /// The title as typed.
        title: String,
        /// The minimum of independent sources per claim, as typed.
        min_sources: String,
    },
    /// Edit the note on a piece of evidence.
    Note {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
        /// The note.
        note: String,
    },
    /// Mark two linked sources independent, with a reason.
    Independent {
        /// One source of the pair.
        a: SourceId,
        /// The other.
        b: SourceId,
        /// The reason typed so far.
        reason: String,
    },
    /// Compare a new version of a source, review, record.
    UpdateSource {
        /// The source.
        source: SourceId,
        /// The file with the new version.
        path: String,
        /// The prepared update, once compared.
        review: Option<Box<UpdateReview>>,
        /// Why the last attempt failed.
        error: Option<String>,
        /// The new version being read or fetched.
        job: Option<import::Job>,
    },
    /// Every web source checked against its live page: progress, then
    /// the report.
    Recheck(Box<Recheck>),
    /// Ask what to do with unsaved changes before an action.
    Unsaved(Box<Action>),
    /// Sign off a claim.
    SignOff {
        /// The claim.
        claim: ClaimId,
        /// The reviewer's name.
        by: String,
        /// A note on the review.
        note: String,
    },
    /// Unsaved work of an earlier session was found: restore or discard.
    Recover {
        /// The unsaved work, until it is restored.
        recovered: Option<Box<crate::project::journal::Recovered>>,
        /// What restoring would change.
        changes: Vec<String>,
    },
    /// The project file changed on disk: reload, or save a copy.
    ChangedOnDisk {
        /// Where to save the copy.
        path: String,
    },
    /// Export the summary.
    Export {
        /// The format.
        format: Format,
        /// The file to write.
        path: String,
        /// Export despite blockers, marking the claims.
        allow_blockers: bool,
    },
}

impl Dialog {
    /// The "New project" dialog, proposing a folder next to the last project.
    pub fn new_project(settings: &Settings) -> Self {
        let base = settings
            .recent
            .first()
            .and_then(|d| d.parent())
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .unwrap_or_default();
        Dialog::Project {
            create: true,
            path: base.join("new-story").display().to_string(),
            title: String::new(),
        }
    }

    /// The "Open project" dialog.
    pub fn open_project(settings: &Settings) -> Self {
        Dialog::Project {
            create: false,
            path: settings
                .recent
                .first()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            title: String::new(),
        }
    }

    /// The "Add source from file" dialog.
    pub fn add_source_file() -> Self {
        Self::add_source(AddFrom::File)
    }

    /// The "Add source from clipboard" dialog.
    pub fn add_source_paste() -> Self {
        Self::add_source(AddFrom::Paste)
    }

    /// The "Add source from URL" dialog.
    pub fn add_source_url() -> Self {
        Self::add_source(AddFrom::Url)
    }

    fn add_source(from: AddFrom) -> Self {
        Dialog::AddSource(Box::new(AddSource {
            from,
            path: String::new(),
            text: String::new(),
            citation: Citation::default(),
            id: String::new(),
            error: None,
            read: None,
            job: None,
            title_from_text: None,
            accept_unreadable: false,
            error_for: 0,
            duplicate_of: None,
            accept_duplicate: false,
        }))
    }

    /// The "Add source from file" dialog for a file dropped on the window.
    pub fn add_dropped_file(path: &Path) -> Self {
        let mut dialog = Self::add_source(AddFrom::File);
        if let Dialog::AddSource(form) = &mut dialog {
            form.path = path.display().to_string();
        }
        dialog
    }

    /// The "Project settings" dialog, filled in with the project's.
    pub fn settings(project: &crate::model::Project) -> Self {
        Dialog::Settings {
            title: project.title.clone(),
            min_sources: project.settings.min_sources.to_string(),
        }
    }

    /// The "Edit citation" dialog of a source.
    pub fn edit_citation(source: &crate::model::Source) -> Self {
        Dialog::EditCitation {
            source: source.id.clone(),
            name: source.short_name().to_owned(),
            citation: source.citation.clone(),
        }
    }

    /// The "Update source from file" dialog.
    pub fn update_source(source: SourceId) -> Self {
        Dialog::UpdateSource {
            source,
            path: String::new(),
            review: None,
            error: None,
            job: None,
        }
    }

    /// The "Sign off" dialog for a claim, with the last reviewer's name.
    pub fn sign_off(claim: ClaimId, settings: &Settings) -> Self {
        Dialog::SignOff {
            claim,
            by: settings.reviewer.clone(),
            note: String::new(),
        }
    }

    /// The "Export" dialog, proposing a file beside the project folder.
    pub fn export(doc: &Document) -> Self {
        let format = Format::Html;
        Dialog::Export {
            format,
            path: export_path(doc.dir(), format).display().to_string(),
            allow_blockers: false,
        }
    }

    /// The dialog for a save refused because the file changed on disk,
    /// proposing a copy beside the project folder.
    pub fn changed_on_disk(dir: &Path) -> Self {
        let name = dir
            .file_name()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
        Dialog::ChangedOnDisk {
            path: dir
                .with_file_name(format!("{name}-copy"))
                .display()
                .to_string(),
        }
    }

    /// Puts a path picked in a native dialog into the path field.
    pub fn set_path(&mut self, picked: &Path) {
        let path = match self {
            Dialog::AddSource(form) => &mut form.path,
            Dialog::Project { path, .. }
            | Dialog::UpdateSource { path, .. }
            | Dialog::Export { path, .. }
            | Dialog::ChangedOnDisk { path } => path,
            _ => return,
        };
        *path = picked.display().to_string();
    }
}

/// Draws the open dialog, if any.
pub fn ui(
    ctx: &egui::Context,
    doc: Option<&Document>,
    state: &mut UiState,
    queue: &mut Vec<Action>,
) {
    let Some(mut dialog) = state.dialog.take() else {
        state.dialog_shown = None;
        return;
    };
    let mut keep = true;
    let kind = std::mem::discriminant(&dialog);
    let opened = state.dialog_shown != Some(kind);
    state.dialog_shown = Some(kind);
    if opened {
        // The widget behind the dialog gives up the focus; the dialog's
        // first text field takes it (see `first_field`), else its first
        // button.
        super::drop_focus(ctx);
        state.dialog_focus_frames = 3;
        ctx.data_mut(|d| {
            d.insert_temp(first_field_id(), 3u8);
            d.remove_temp::<bool>(focus_fault_id());
        });
    }
    let mut focus_frames = state.dialog_focus_frames;
    // Anchored at the top, so a dialog that grows (an error, a read file's
    // details) grows downwards and its fields stay under the pointer.
    let id = egui::Id::unique("attest-dialog");
    let top = (ctx.content_rect().height() * 0.08).clamp(8.0, 80.0);
    let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, [0.0, top]);
    let modal = egui::Modal::new(id).area(area).show(ctx, |ui| {
        super::focus_first(ui, &mut focus_frames);
        ui.set_width(520.0);
        keep = match &mut dialog {
            Dialog::Project {
                create,
                path,
                title,
            } => project_ui(ui, *create, path, title, state, queue),
            Dialog::AddSource(form) => add_source_ui(ui, form, queue),
            Dialog::EditCitation {
                source,
                name,
                citation,
            } => edit_citation_ui(ui, doc, source, name, citation, queue),
            Dialog::RemoveSource { source } => remove_source_ui(ui, doc, source, queue),
            Dialog::Settings { title, min_sources } => {
                settings_ui(ui, doc, title, min_sources, queue)
            }
            Dialog::Note { claim, quote, note } => note_ui(ui, doc, claim, quote, note, queue),
            Dialog::Independent { a, b, reason } => {
                independent::independent_ui(ui, doc, a, b, reason, queue)
            }
            Dialog::UpdateSource {
                source,
                path,
                review,
                error,
                job,
            } => update_source_ui(ui, doc, source, path, review, error, job, queue),
            Dialog::Recheck(recheck) => recheck_ui(ui, doc, recheck, queue),
            Dialog::Unsaved(action) => unsaved_ui(ui, doc, action, queue),
            Dialog::SignOff { claim, by, note } => {
                sign_off_ui(ui, doc, &state.report, claim, by, note, queue)
            }
            Dialog::ChangedOnDisk { path } => changed_on_disk_ui(ui, doc, path, queue),
            Dialog::Recover { recovered, changes } => recover_ui(ui, recovered, changes, queue),
            Dialog::Export {
                format,
                path,
                allow_blockers,
            } => export_ui(ui, doc, &state.report, format, path, allow_blockers, queue),
        };
    });
    state.dialog_focus_frames = focus_frames;
    // Unsaved work must be restored or discarded, not dismissed.
    if modal.should_close() && !matches!(dialog, Dialog::Recover { .. }) {
        keep = false;
    }
    // An action may have opened another dialog meanwhile; that one wins.
    if keep && state.dialog.is_none() {
        state.dialog = Some(dialog);
    }
}

fn first_field_id() -> egui::Id {
    egui::Id::unique("attest-dialog-first-field")
}

/// Makes `field` (showing `text`) the dialog's first text field: when the
/// dialog opens it takes the keyboard focus with its text selected, so that
/// typing replaces what was filled in.
pub(super) fn first_field(ui: &Ui, field: &egui::Response, text: &str) {
    let id = first_field_id();
    let frames: u8 = ui.data(|d| d.get_temp(id)).unwrap_or(0);
    if frames == 0 || ui.is_sizing_pass() {
        return;
    }
    if !field.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, frames - 1));
        field.request_focus();
        return;
    }
    // Once it has the focus, its text is selected (a field selects nothing
    // when it takes the focus).
    ui.data_mut(|d| d.insert_temp(id, 0u8));
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), field.id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ui.ctx(), field.id);
}

/// The dialog's main button and Cancel; returns whether each was chosen.
/// Enter chooses the main button once a one-line field has taken it (or
/// nothing has the focus), Ctrl+Enter also from a text area; Esc cancels.
pub(super) fn buttons(ui: &mut Ui, ok: &str, ok_enabled: bool) -> (bool, bool) {
    ui.add_space(8.0);
    let mut result = (false, false);
    let (enter, ctrl_enter) = ui.input(|i| {
        (
            i.key_pressed(Key::Enter) && !i.modifiers.any(),
            i.key_pressed(Key::Enter) && i.modifiers.command_only(),
        )
    });
    // A one-line field gives up the focus on Enter; a text area or a
    // focused button keeps it (the button then acts on Enter itself).
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    if enter && nothing_focused && !ok_enabled {
        // Refused: the field at fault takes the focus back.
        focus_fault(ui);
    }
    ui.horizontal(|ui| {
        result.0 = ui
            .add_enabled(ok_enabled, egui::Button::new(RichText::new(ok).strong()))
            .on_hover_text("Enter")
            .clicked()
            || (ok_enabled && ((enter && nothing_focused) || ctrl_enter));
        result.1 = ui.button("Cancel").on_hover_text("Esc").clicked()
            || ui.input(|i| i.key_pressed(Key::Escape));
    });
    result
}

pub(super) fn path_row(
    ui: &mut Ui,
    label: &str,
    path: &mut String,
    browse: Browse,
    queue: &mut Vec<Action>,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let field = ui
            .add(egui::TextEdit::singleline(path).desired_width(360.0))
            .labelled_by(l.id);
        first_field(ui, &field, path);
        if ui.button("Browse…").clicked() {
            queue.push(Action::Browse(browse));
        }
        field
    })
    .inner
}

fn focus_fault_id() -> egui::Id {
    egui::Id::unique("attest-dialog-focus-fault")
}

/// Asks the field at fault to take the keyboard focus when it is next drawn
/// (after Enter left a field while the entry is refused).
pub(super) fn focus_fault(ui: &Ui) {
    ui.data_mut(|d| d.insert_temp(focus_fault_id(), true));
}

/// Draws what a field needs when an entry refused is about it (`error`):
/// it takes the focus when asked ([`focus_fault`]), and the message is
/// shown beside it (under it, in the form's grid) unless `beside` is false
/// (a dialog that keeps a line free for its messages).
pub(super) fn fault_row(ui: &mut Ui, field: &egui::Response, error: Option<&str>, beside: bool) {
    let Some(error) = error else { return };
    if ui.data_mut(|d| d.remove_temp::<bool>(focus_fault_id()).unwrap_or(false)) {
        field.request_focus();
    }
    if beside {
        ui.end_row();
        ui.label("");
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
}

/// The citation's fields in a grid; the field a refused citation is about
/// (`fault`: the field's name and the message, from
/// [`crate::model::citation_problem`]) takes the focus, with the message
/// beside it when `beside`.
pub(super) fn citation_form(
    ui: &mut Ui,
    citation: &mut Citation,
    fault: Option<&(&str, String)>,
    beside: bool,
) {
    egui::Grid::new("citation-form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            for (name, label, value, hint) in [
                ("title", "Title", &mut citation.title, "headline"),
                (
                    "publisher",
                    "Publisher",
                    &mut citation.publisher,
                    "publication or organisation",
                ),
                ("author", "Author", &mut citation.author, ""),
                ("url", "URL", &mut citation.url, "https://…"),
                (
                    "published",
                    "Published",
                    &mut citation.published,
                    "YYYY-MM-DD",
                ),
                (
                    "retrieved",
                    "Retrieved",
                    &mut citation.retrieved,
                    "YYYY-MM-DD",
                ),
            ] {
                let l = ui.label(label);
                let field = ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(380.0),
                    )
                    .labelled_by(l.id);
                if let Some((_, message)) = fault.filter(|(field, _)| *field == name) {
                    fault_row(ui, &field, Some(message), beside);
                }
                ui.end_row();
            }
        });
}

pub(super) fn trimmed(citation: &Citation) -> Citation {
    Citation {
        title: citation.title.trim().to_owned(),
        publisher: citation.publisher.trim().to_owned(),
        author: citation.author.trim().to_owned(),
        url: citation.url.trim().to_owned(),
        published: citation.published.trim().to_owned(),
        retrieved: citation.retrieved.trim().to_owned(),
    }
}

/// Shows a running import with its progress and a Cancel button; gives
/// its result once it is done (or cancelled).
pub(super) fn job_ui(
    ui: &mut Ui,
    job: &mut Option<import::Job>,
) -> Option<Result<import::Imported, import::ImportError>> {
    let running = job.as_mut()?;
    let what = crate::util::snippet(&running.origin().to_string(), 60);
    let status = match running.poll() {
        import::JobState::Done(result) => {
            *job = None;
            return Some(*result);
        }
        import::JobState::Fetching { received, total } => {
            let size = |n| crate::util::human_size(n);
            match total {
                Some(total) => format!("Fetching {what}: {} of {}", size(received), size(total)),
                None => format!("Fetching {what}: {}", size(received)),
            }
        }
        import::JobState::Reading => format!("Reading {what}…"),
    };
    let mut cancelled = false;
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(status);
        cancelled = ui.button("Stop").clicked();
    });
    if cancelled {
        running.cancel();
        *job = None;
        return Some(Err(import::ImportError::Cancelled(PathBuf::from(what))));
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    None
}
