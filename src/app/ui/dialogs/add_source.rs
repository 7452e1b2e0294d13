//! The add-source dialog: a file, a web address or pasted text, read on
//! a job, with its citation checked before it is added.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Ui;

use crate::app::{Action, Browse};
use crate::import;
use crate::model::Citation;

use super::{buttons, citation_form, job_ui, path_row, trimmed};

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
    pub(super) read: Option<Box<ReadFile>>,
    /// The file being read or the page being fetched.
    pub(super) job: Option<import::Job>,
    /// The title filled in from the text's first line, while the user has
    /// not written another.
    pub(super) title_from_text: Option<String>,
    /// What the form held when `error` was found, so that the error goes
    /// once the user changes something.
    pub(super) error_for: u64,
    /// Whether the user chose to add a document some of whose pages could
    /// not be read, without them.
    pub(super) accept_unreadable: bool,
    /// The source that is this very document, as a sentence, once adding it
    /// was refused for that; and the form it was refused for.
    pub(super) duplicate_of: Option<(String, u64)>,
    /// Whether the user chose to add the same document again.
    pub(super) accept_duplicate: bool,
}

impl AddSource {
    /// Refuses the source as one the project has already (`message` names
    /// it), and offers to add it anyway.
    pub fn refuse_duplicate(&mut self, message: String) {
        let key = form_key(&self.path, &self.text, &self.citation, &self.id);
        self.duplicate_of = Some((message, key));
        self.accept_duplicate = false;
    }
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
pub(super) fn fill_from_metadata(citation: &mut Citation, found: &Citation) -> Vec<&'static str> {
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

pub(super) fn add_source_ui(ui: &mut Ui, form: &mut AddSource, queue: &mut Vec<Action>) -> bool {
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
        accept_unreadable,
        duplicate_of,
        accept_duplicate,
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
                    super::first_field(ui, &field, path);
                    if path.is_empty() && job.is_none() && read.is_none() {
                        field.request_focus();
                    }
                });
            }
            match job_ui(ui, job) {
                Some(Ok(imported)) => {
                    let filled = fill_from_metadata(citation, &imported.extracted.metadata);
                    let check_first = imported.unreadable_pages().is_some()
                        || !imported.extracted.document_date.is_empty();
                    *read = Some(Box::new(ReadFile {
                        path: path.clone(),
                        imported,
                    }));
                    *error = None;
                    *accept_unreadable = false;
                    // Add at once unless the document said something the
                    // user should check first.
                    just_read = filled.is_empty() && !check_first;
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
                    if let Some(unreadable) = imported.unreadable_pages() {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("⚠ {}.", capitalised(&unreadable)),
                        );
                        ui.checkbox(
                            accept_unreadable,
                            "Add it without these pages (the review will warn about them)",
                        );
                    }
                    let date = &imported.extracted.document_date;
                    if !date.is_empty() {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(format!(
                                "Document date (check): {date}. The file says it was made then; that may not be when it was published."
                            ));
                            if citation.published != *date && ui.button("Use as published date").clicked() {
                                citation.published.clone_from(date);
                            }
                        });
                    }
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
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(text)
                                .desired_rows(6)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(l.id);
                    super::first_field(ui, &field, text);
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
        // The message stays in its line below, kept free so the buttons
        // do not jump; the field it is about takes the focus.
        let problem = crate::model::citation_problem(&trimmed(citation))
            .filter(|(_, message)| error.as_deref() == Some(message.as_str()));
        citation_form(ui, citation, problem.as_ref(), false);
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
    if duplicate_of
        .as_ref()
        .is_some_and(|(_, refused_for)| *refused_for != key)
    {
        *duplicate_of = None;
    }
    if let Some((message, _)) = duplicate_of {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {message}"));
        ui.checkbox(
            accept_duplicate,
            "Add it anyway, as another copy (the two count as one source)",
        );
    }
    let duplicate_refused = duplicate_of.is_some() && !*accept_duplicate;
    let unreadable_refused = read.as_deref().is_some_and(|r| {
        r.path == *path && r.imported.unreadable_pages().is_some() && !*accept_unreadable
    });
    let ready = job.is_none()
        && !unreadable_refused
        && !duplicate_refused
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
        (AddFrom::Paste, _) => crate::util::text_file::text_from_bytes(
            Path::new("the pasted text"),
            text.clone().into_bytes(),
        )
        .map_err(|e| e.to_string())
        .map(|t| NewSource {
            text: Arc::from(t),
            original: None,
            citation: citation.clone(),
            id: None,
            duplicate: false,
        }),
        (_, Some(r)) => Ok(NewSource {
            text: Arc::from(r.imported.extracted.text.as_str()),
            original: r.imported.original_and_paging(),
            citation: citation.clone(),
            id: None,
            duplicate: false,
        }),
        (_, None) => return true,
    };
    match prepared.and_then(|source| {
        crate::model::check_citation(&citation)?;
        Ok(source)
    }) {
        Ok(mut source) => {
            source.id = Some(id.trim().to_owned()).filter(|s| !s.is_empty());
            source.duplicate = duplicate_of.is_some() && *accept_duplicate;
            queue.push(Action::AddSource(Box::new(source)));
            // The app closes the dialog once the source is added.
            *error = None;
        }
        Err(e) => {
            *error = Some(e);
            *error_for = key;
            super::focus_fault(ui);
        }
    }
    true
}

/// A phrase as a sentence: its first letter a capital.
fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A source text's first line, as a title: trimmed, at most 120 chars.
pub(super) fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    crate::util::snippet(line, 120)
}

/// A hash of what the add-source form holds.
pub(super) fn form_key(path: &str, text: &str, citation: &Citation, id: &str) -> u64 {
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
            duplicate: false,
        }
    }
}

/// A source ready to be added.
#[derive(Debug)]
pub struct NewSource {
    /// Its text.
    pub text: Arc<str>,
    /// The original it was extracted from, with its page map.
    pub original: Option<(import::Original, import::Paging)>,
    /// Its citation.
    pub citation: Citation,
    /// A custom ID.
    pub id: Option<String>,
    /// Whether the user chose to add it although the project has this very
    /// document already.
    pub duplicate: bool,
}
