//! Modal dialogs: new and open project, add a source, edit a citation, edit
//! a note, and the question about unsaved changes.
//!
//! Paths can be typed or pasted as well as picked with "Browse…", so the app
//! works where no native file dialog is available.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, RichText, Ui};

use crate::actions;
use crate::app::settings::Settings;
use crate::app::{Action, Browse, UiState};
use crate::check::{Report, Rule, Severity};
use crate::command::Command;
use crate::document::Document;
use crate::export::Format;
use crate::import;
use crate::model::{Citation, ClaimId, QuoteId, SourceId};
use crate::store;

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
    /// Edit a source's citation.
    EditCitation(SourceId, Citation),
    /// Edit the note on a piece of evidence.
    Note {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
        /// The note.
        note: String,
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
        recovered: Option<Box<crate::journal::Recovered>>,
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

/// The add-source dialog: what has been typed, read and fetched.
#[derive(Debug)]
pub struct AddSource {
    /// Where the source comes from.
    pub from: AddFrom,
    /// The file or the web address.
    pub path: String,
    /// The pasted text.
    pub text: String,
    /// Its citation.
    pub citation: Citation,
    /// A custom ID, or empty.
    pub id: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// The file as read, once it has been: its text, original and metadata,
    /// kept while the user checks the citation.
    read: Option<Box<ReadFile>>,
    /// The file being read or the page being fetched.
    job: Option<import::Job>,
    /// The title filled in from the text's first line, while the user has
    /// not written another.
    title_from_text: Option<String>,
    /// What the form held when `error` was found, so that the error goes
    /// once the user changes something.
    error_for: u64,
}

/// Where a new source comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddFrom {
    /// A file.
    File,
    /// Text pasted into the dialog.
    Paste,
    /// A web address.
    Url,
}

/// A compared update waiting for the user's decision.
#[derive(Debug)]
pub struct UpdateReview {
    /// The report and the command that records it.
    pub update: actions::SourceUpdate,
    /// The recorded version's text, if available.
    pub old: Option<crate::anchor::SourceText>,
    /// The new version's text.
    pub new: crate::anchor::SourceText,
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
            error_for: 0,
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
        // first field or button takes it (unless it focuses one itself).
        ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }
    if opened {
        state.dialog_focus_frames = 3;
    }
    // A new area is drawn invisible first, to be measured: the focus can be
    // given only in one of the next frames.
    let give_focus = state.dialog_focus_frames > 0 && ctx.memory(|m| m.focused().is_none());
    state.dialog_focus_frames = state.dialog_focus_frames.saturating_sub(1);
    // Anchored at the top, so a dialog that grows (an error, a read file's
    // details) grows downwards and its fields stay under the pointer.
    let id = egui::Id::unique("attest-dialog");
    let top = (ctx.content_rect().height() * 0.08).clamp(8.0, 80.0);
    let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, [0.0, top]);
    let modal = egui::Modal::new(id).area(area).show(ctx, |ui| {
        if give_focus {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
        }
        ui.set_width(520.0);
        keep = match &mut dialog {
            Dialog::Project {
                create,
                path,
                title,
            } => project_ui(ui, *create, path, title, state, queue),
            Dialog::AddSource(form) => add_source_ui(ui, form, queue),
            Dialog::EditCitation(source, citation) => {
                edit_citation_ui(ui, doc, source, citation, queue)
            }
            Dialog::Note { claim, quote, note } => note_ui(ui, claim, quote, note, queue),
            Dialog::UpdateSource {
                source,
                path,
                review,
                error,
                job,
            } => update_source_ui(ui, doc, source, path, review, error, job, queue),
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
    // Unsaved work must be restored or discarded, not dismissed.
    if modal.should_close() && !matches!(dialog, Dialog::Recover { .. }) {
        keep = false;
    }
    // An action may have opened another dialog meanwhile; that one wins.
    if keep && state.dialog.is_none() {
        state.dialog = Some(dialog);
    }
}

/// `<project folder>.<ext>` beside the project folder.
fn export_path(dir: &Path, format: Format) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "summary".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!("{name}.{}", format.exporter().extension()))
}

fn recover_ui(
    ui: &mut Ui,
    recovered: &mut Option<Box<crate::journal::Recovered>>,
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
fn describe_time(time: std::time::SystemTime) -> String {
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

fn changed_on_disk_ui(
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

fn sign_off_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    report: &Report,
    claim: &ClaimId,
    by: &mut String,
    note: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(record) = doc.and_then(|d| d.project().claim(claim)) else {
        return false;
    };
    ui.heading(format!("Sign off {claim}"));
    ui.add_space(4.0);
    ui.label(RichText::new(format!("“{}”", record.text)).italics());
    ui.weak(format!(
        "{} piece(s) of evidence. Signing off approves this text and this evidence as they stand; any later change voids the sign-off.",
        record.evidence.len()
    ));
    let findings: Vec<_> = report
        .of_claim(claim)
        .filter(|f| !matches!(f.rule, Rule::Unreviewed | Rule::SignedOff))
        .collect();
    let blocked = findings.iter().any(|f| f.severity == Severity::Blocker);
    if !findings.is_empty() {
        ui.add_space(4.0);
        for finding in &findings {
            let color = super::review::severity_color(ui, finding.severity);
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    color,
                    format!("{} {}", finding.severity.name(), finding.rule),
                );
                ui.label(&finding.message);
            });
        }
    }
    if blocked {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "This claim has blockers; resolve them before signing off.",
        );
    }
    ui.add_space(4.0);
    let name_field = labelled_field(ui, "Reviewer", by);
    if by.trim().is_empty() {
        name_field.request_focus();
    }
    labelled_field(ui, "Note", note);
    let (ok, cancel) = buttons(ui, "Sign off", !blocked && !by.trim().is_empty());
    if ok {
        queue.push(Action::SignOff(claim.clone(), by.clone(), note.clone()));
        return true;
    }
    if record.signoff.is_some() {
        ui.add_space(4.0);
        if ui.button("Withdraw the existing sign-off").clicked() {
            queue.push(Action::Edit(Command::SetSignOff {
                claim: claim.clone(),
                signoff: None,
            }));
            return false;
        }
    }
    !cancel
}

fn labelled_field(ui: &mut Ui, label: &str, text: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([80.0, 20.0], egui::Label::new(label));
        ui.add(egui::TextEdit::singleline(text).desired_width(380.0))
            .labelled_by(l.id)
    })
    .inner
}

fn export_ui(
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

/// The dialog's main button and Cancel; returns whether each was chosen.
/// Enter chooses the main button once a one-line field has taken it (or
/// nothing has the focus), Ctrl+Enter also from a text area; Esc cancels.
fn buttons(ui: &mut Ui, ok: &str, ok_enabled: bool) -> (bool, bool) {
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

fn path_row(
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
        if ui.button("Browse…").clicked() {
            queue.push(Action::Browse(browse));
        }
        field
    })
    .inner
}

fn project_ui(
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

fn citation_form(ui: &mut Ui, citation: &mut Citation) {
    egui::Grid::new("citation-form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            for (label, value, hint) in [
                ("Title", &mut citation.title, "headline"),
                (
                    "Publisher",
                    &mut citation.publisher,
                    "publication or organisation",
                ),
                ("Author", &mut citation.author, ""),
                ("URL", &mut citation.url, "https://…"),
                ("Published", &mut citation.published, "YYYY-MM-DD"),
                ("Retrieved", &mut citation.retrieved, "YYYY-MM-DD"),
            ] {
                let l = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(380.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            }
        });
}

fn trimmed(citation: &Citation) -> Citation {
    Citation {
        title: citation.title.trim().to_owned(),
        publisher: citation.publisher.trim().to_owned(),
        author: citation.author.trim().to_owned(),
        url: citation.url.trim().to_owned(),
        published: citation.published.trim().to_owned(),
        retrieved: citation.retrieved.trim().to_owned(),
    }
}

/// A file read for the add-source dialog.
#[derive(Debug)]
pub struct ReadFile {
    /// The path it was read from, as typed.
    path: String,
    /// What was read.
    imported: import::Imported,
}

/// Fills the citation fields the user left empty with what the document
/// says; returns the names of the fields filled.
fn fill_from_metadata(citation: &mut Citation, found: &Citation) -> Vec<&'static str> {
    let mut filled = Vec::new();
    for (name, field, value) in [
        ("title", &mut citation.title, &found.title),
        ("publisher", &mut citation.publisher, &found.publisher),
        ("author", &mut citation.author, &found.author),
        ("URL", &mut citation.url, &found.url),
        ("published", &mut citation.published, &found.published),
        ("retrieved", &mut citation.retrieved, &found.retrieved),
    ] {
        if field.trim().is_empty() && !value.is_empty() {
            field.clone_from(value);
            filled.push(name);
        }
    }
    filled
}

/// Shows a running import with its progress and a Cancel button; gives
/// its result once it is done (or cancelled).
fn job_ui(
    ui: &mut Ui,
    job: &mut Option<import::Job>,
) -> Option<Result<import::Imported, import::ImportError>> {
    let running = job.as_mut()?;
    let what = crate::anchor::snippet(&running.origin().to_string(), 60);
    let status = match running.poll() {
        import::JobState::Done(result) => {
            *job = None;
            return Some(*result);
        }
        import::JobState::Fetching { received, total } => {
            let size = |n| store::human_size(n);
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

fn add_source_ui(ui: &mut Ui, form: &mut AddSource, queue: &mut Vec<Action>) -> bool {
    let AddSource {
        from,
        path,
        text,
        citation,
        id,
        error,
        read,
        job,
        title_from_text,
        error_for,
    } = form;
    let from = *from;
    ui.heading(match from {
        AddFrom::File => "Add source from file",
        AddFrom::Paste => "Add source from clipboard",
        AddFrom::Url => "Add source from URL",
    });
    ui.add_space(4.0);
    let mut just_read = false;
    match from {
        AddFrom::File | AddFrom::Url => {
            if from == AddFrom::File {
                path_row(ui, "File:", path, Browse::TextFile, queue);
            } else {
                ui.horizontal(|ui| {
                    let l = ui.label("Address:");
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(path)
                                .hint_text("https://…")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(l.id);
                    if path.is_empty() && job.is_none() && read.is_none() {
                        field.request_focus();
                    }
                });
            }
            match job_ui(ui, job) {
                Some(Ok(imported)) => {
                    let filled = fill_from_metadata(citation, &imported.extracted.metadata);
                    *read = Some(Box::new(ReadFile {
                        path: path.clone(),
                        imported,
                    }));
                    *error = None;
                    // Add at once unless the document said something the
                    // user should check first.
                    just_read = filled.is_empty();
                }
                Some(Err(e)) => {
                    *error = Some(e.to_string());
                    *error_for = form_key(path, text, citation, id);
                }
                None => {}
            }
            match read.as_deref().filter(|r| r.path == *path) {
                Some(r) if job.is_none() => {
                    let imported = &r.imported;
                    let pages = match imported.extracted.pages.len() {
                        0 => String::new(),
                        n => format!(", {n} pages"),
                    };
                    ui.label(format!(
                        "Read as {}: {} chars{pages}. Check the citation below, then add.",
                        imported.format.name(),
                        imported.extracted.text.chars().count()
                    ));
                }
                _ if job.is_some() => {}
                _ if from == AddFrom::Url => {
                    ui.weak("A web page, PDF or Word file on the web. The address it ends at and today's date go into the citation, and the page as fetched is kept beside its text.");
                }
                _ => {
                    ui.weak("Plain text, Markdown, a saved web page, a PDF or a Word file. The text is extracted, and the original is kept beside it.");
                }
            }
        }
        AddFrom::Paste => {
            let l = ui.label("Paste the source text here (Ctrl+V):");
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(text)
                            .desired_rows(6)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                });
        }
    }
    // The title starts as the text's first line, until the user writes one
    // or the document names itself.
    let first_line = match (from, read.as_deref()) {
        (AddFrom::Paste, _) => Some(first_line(text)),
        (_, Some(r)) => Some(first_line(&r.imported.extracted.text)),
        _ => None,
    };
    if let Some(line) = first_line {
        let untouched = citation.title.is_empty()
            || title_from_text.as_deref() == Some(citation.title.as_str());
        if untouched && citation.title != line {
            citation.title = line.clone();
            *title_from_text = Some(line);
        }
    }
    ui.add_space(6.0);
    ui.add_enabled_ui(job.is_none(), |ui| {
        citation_form(ui, citation);
        ui.horizontal(|ui| {
            let l = ui.label("ID (optional)");
            ui.add(
                egui::TextEdit::singleline(id)
                    .hint_text("e.g. reuters")
                    .desired_width(160.0),
            )
            .labelled_by(l.id);
        });
    });
    // An error goes once the form changes; its line is kept free, so the
    // buttons do not jump when one appears.
    let key = form_key(path, text, citation, id);
    if error.is_some() && key != *error_for {
        *error = None;
    }
    let lines = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    ui.allocate_ui(egui::vec2(ui.available_width(), lines), |ui| {
        ui.set_min_height(lines);
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
        }
    });
    let ready = job.is_none()
        && match from {
            AddFrom::File | AddFrom::Url => !path.trim().is_empty(),
            AddFrom::Paste => !text.trim().is_empty(),
        };
    let (ok, cancel) = buttons(ui, "Add source", ready);
    if cancel {
        // Dropping the job stops it.
        *job = None;
        return false;
    }
    if !(ok || just_read) {
        return true;
    }
    if from != AddFrom::Paste && read.as_ref().is_none_or(|r| r.path != *path) {
        // First read the file or fetch the page, and let the user check
        // what it says about itself before it is added.
        let target = path.trim().to_owned();
        *job = Some(match from {
            AddFrom::Url => import::Job::start(import::Origin::Url(target)),
            _ => import::Job::start(import::Origin::File(PathBuf::from(target))),
        });
        *error = None;
        return true;
    }
    let citation = trimmed(citation);
    let prepared = match (from, read.as_deref()) {
        (AddFrom::Paste, _) => {
            store::text_from_bytes(Path::new("the pasted text"), text.clone().into_bytes())
                .map_err(|e| e.to_string())
                .map(|t| NewSource {
                    text: Arc::from(t),
                    original: None,
                    citation: citation.clone(),
                    id: None,
                })
        }
        (_, Some(r)) => Ok(NewSource {
            text: Arc::from(r.imported.extracted.text.as_str()),
            original: r
                .imported
                .original
                .clone()
                .map(|o| (o, r.imported.extracted.pages.clone())),
            citation: citation.clone(),
            id: None,
        }),
        (_, None) => return true,
    };
    match prepared.and_then(|source| {
        actions::check_citation(&citation).map_err(|e| e.to_string())?;
        Ok(source)
    }) {
        Ok(mut source) => {
            source.id = Some(id.trim().to_owned()).filter(|s| !s.is_empty());
            queue.push(Action::AddSource(Box::new(source)));
            // The app closes the dialog once the source is added.
            *error = None;
        }
        Err(e) => {
            *error = Some(e);
            *error_for = key;
        }
    }
    true
}

/// A source text's first line, as a title: trimmed, at most 120 chars.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    crate::anchor::snippet(line, 120)
}

/// A hash of what the add-source form holds.
fn form_key(path: &str, text: &str, citation: &Citation, id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (path, text.len(), format!("{citation:?}"), id).hash(&mut h);
    h.finish()
}

impl NewSource {
    /// A source of plain text, with no citation yet.
    pub fn text(text: &str) -> Self {
        Self {
            text: Arc::from(text),
            original: None,
            citation: Citation::default(),
            id: None,
        }
    }
}

/// A source ready to be added.
#[derive(Debug)]
pub struct NewSource {
    /// Its text.
    pub text: Arc<str>,
    /// The original it was extracted from, with its page map.
    pub original: Option<(import::Original, Vec<crate::model::PageStart>)>,
    /// Its citation.
    pub citation: Citation,
    /// A custom ID.
    pub id: Option<String>,
}

fn edit_citation_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    source: &SourceId,
    citation: &mut Citation,
    queue: &mut Vec<Action>,
) -> bool {
    ui.heading(format!("Citation of {source}"));
    ui.add_space(4.0);
    citation_form(ui, citation);
    let check = actions::check_citation(&trimmed(citation));
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

fn note_ui(
    ui: &mut Ui,
    claim: &ClaimId,
    quote: &QuoteId,
    note: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    ui.heading(format!("Note on {quote} in {claim}"));
    let l = ui.label("Why this passage matters, or how it differs:");
    ui.add(
        egui::TextEdit::multiline(note)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    let (ok, cancel) = buttons(ui, "Save note", true);
    if ok {
        queue.push(Action::Edit(Command::SetNote {
            claim: claim.clone(),
            quote: quote.clone(),
            note: note.trim().to_owned(),
        }));
        return false;
    }
    !cancel
}

#[allow(clippy::too_many_arguments)]
fn update_source_ui(
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
                    imported
                        .original
                        .as_ref()
                        .map(|o| (o, imported.extracted.pages.clone())),
                )
                .map_err(|e| e.to_string())?;
                let old = doc.text_of(source).cloned();
                Ok(UpdateReview {
                    update,
                    old,
                    new: crate::anchor::SourceText::new(text),
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
                    ui.label(format!("“{}”", crate::anchor::snippet(&fate.old_text, 70)));
                });
                if let crate::reanchor::Outcome::Changed { new_text, .. } = &fate.outcome {
                    ui.label(
                        RichText::new(format!(
                            "    now: “{}”",
                            crate::anchor::snippet(new_text, 70)
                        ))
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
                            RichText::new(crate::anchor::snippet(removed, 120))
                                .strikethrough()
                                .color(palette.stance_color(crate::model::Stance::Contradicts)),
                        );
                    }
                    if !added.is_empty() {
                        ui.label(
                            RichText::new(crate::anchor::snippet(added, 120))
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
    let (accept, cancel) = buttons(ui, "Accept new version", true);
    if accept {
        if let Some(prepared) = review.take() {
            queue.push(Action::Edit(prepared.update.command));
        }
        return false;
    }
    !cancel
}

fn unsaved_ui(
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
