//! The desktop app: an eframe/egui window over the library.
//!
//! Panels (in [`ui`]) read the open [`Document`] and push [`Action`]s into a
//! queue; [`AttestApp::show`] lays out the panels, then applies the queue.
//! Every project edit is an [`Action::Edit`] carrying a core
//! [`Command`], applied through
//! [`Document::apply`], so undo, redo and the unsaved mark cover everything.
//!
//! The app may use every concept of the library; only the command line,
//! which starts it, is above it. The library never imports egui.

mod checker;
pub mod commands;
pub mod file_dialogs;
pub mod fonts;
mod handlers;
pub mod sample;
pub mod settings;
pub mod suggestions;
pub mod theme;
pub mod ui;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::ViewportCommand;

use crate::check::Report;
use crate::evidence;
use crate::model::{ClaimId, QuoteId, SourceId, Stance};
use crate::project::actions;
use crate::project::command::Command;
use crate::project::document::Document;
use commands::UiCommand;
use file_dialogs::{FileDialogs, NativeDialogs};
use settings::Settings;
use ui::dialogs::Dialog;
use ui::source_view::SourceView;

/// Something the user asked for, applied after the panels are drawn.
///
/// Actions live for one frame in a queue of a few, so the size of the
/// largest (an edit command) does not matter.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Action {
    /// A menu command or shortcut.
    Run(UiCommand),
    /// Order the source list (and remember it).
    SetSourceOrder(settings::SourceOrder),
    /// A project edit.
    Edit(Command),
    /// Open a project folder (asks about unsaved changes first).
    Open(PathBuf),
    /// Create a project (asks about unsaved changes first).
    Create(PathBuf, String),
    /// Show a source in the source view.
    ShowSource(SourceId),
    /// Make a claim the one that citations go into; optionally scroll to it.
    FocusClaim(ClaimId, bool),
    /// Open a quote's source, scroll to the passage and flash it.
    Reveal(QuoteId),
    /// Cite the current selection in a claim.
    Cite(ClaimId),
    /// Cite one of the focused claim's suggested passages, by rank.
    CiteSuggestion(usize),
    /// Show one of the focused claim's suggested passages in its source.
    OpenSuggestion(usize),
    /// Show a source with these chars selected (a match of Find in all
    /// sources).
    OpenMatch(SourceId, std::ops::Range<usize>),
    /// Point a quote at the current selection of its source.
    Reselect(QuoteId),
    /// Add a claim with this text to a paragraph (one past the last: a new one).
    AddClaim(usize, String),
    /// Move a claim up or down.
    MoveClaim(ClaimId, bool),
    /// Delete a claim.
    DeleteClaim(ClaimId),
    /// Add a source with this text and citation, and an optional custom ID.
    AddSource(Box<ui::dialogs::NewSource>),
    /// Show a message in the notice bar.
    Notify(String, bool),
    /// Save, then do something else.
    SaveThen(Box<Action>),
    /// Do something without asking about unsaved changes.
    Discard(Box<Action>),
    /// Close the window.
    Quit,
    /// Ask the native file dialog for the path field of the open dialog.
    Browse(Browse),
    /// Sign off a claim: the reviewer's name and a note.
    SignOff(ClaimId, String, String),
    /// Export the summary in a format to a file; `true` allows blockers.
    Export(crate::export::Format, PathBuf, bool),
    /// Show the summary (`false`) or the review panel (`true`).
    ShowReview(bool),
    /// Open a dialog.
    OpenDialog(Box<Dialog>),
    /// Save the project into another folder and go on editing there.
    SaveCopy(PathBuf),
    /// Open the open project's unsaved work, read from its autosave journal.
    RestoreJournal(Box<crate::project::journal::Recovered>),
    /// Set the open project's autosave journal aside.
    DiscardJournal,
}

/// What a "Browse…" button asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browse {
    /// A project folder.
    Folder,
    /// A source text file.
    TextFile,
    /// Where to save an export.
    SaveFile,
}

/// An error shown under the menu bar, until it is dismissed or the user
/// does something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it reports an error (always, since confirmations go to the
    /// status bar as a [`Message`]).
    pub error: bool,
}

/// A confirmation or a hint, shown in the status bar for a few seconds (and
/// gone at the next action), so that it never moves the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// When it was first drawn (the UI clock, in seconds).
    pub since: Option<f64>,
    /// Whether it reports an edit worth an Undo button beside it.
    pub undo: bool,
}

impl Message {
    /// How long a message stays in full before it fades.
    pub const SHOWN: f64 = 6.0;
    /// How long it takes to fade.
    pub const FADE: f64 = 1.0;
}

/// The state of the window that is not the project itself.
pub struct UiState {
    /// Views of the open project's sources.
    pub views: HashMap<SourceId, SourceView>,
    /// The source shown.
    pub current_source: Option<SourceId>,
    /// The claim that citations go into.
    pub focused_claim: Option<ClaimId>,
    /// Scroll the summary to this claim on the next frame.
    pub scroll_to_claim: Option<ClaimId>,
    /// The claim whose text field takes the keyboard focus when next drawn.
    pub focus_claim_text: Option<ClaimId>,
    /// Where the cursor goes in a claim's field when next drawn, in
    /// characters: after the text an undo or redo put back.
    pub claim_cursor: Option<(ClaimId, usize)>,
    /// The stance new citations get.
    pub cite_stance: Stance,
    /// Text being typed into each paragraph's "add a claim" field.
    pub new_claim_text: HashMap<usize, String>,
    /// Text being written to settle each text conflict, by record and field.
    pub conflict_texts: HashMap<String, String>,
    /// Focus the "add a claim" field of this paragraph.
    pub focus_new_claim: Option<usize>,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// The kind of dialog shown last frame, to focus a new one's first field.
    pub dialog_shown: Option<std::mem::Discriminant<Dialog>>,
    /// For how many more frames the dialog's first field may be focused.
    pub dialog_focus_frames: u8,
    /// For how many more frames the first entry of a chip's menu, opened
    /// from the keyboard, may be focused.
    pub menu_focus_frames: u8,
    /// The error bar.
    pub notice: Option<Notice>,
    /// The status bar's confirmation or hint.
    pub message: Option<Message>,
    /// Preferences and recent projects.
    pub settings: Settings,
    /// Widths of the side panels.
    pub layout: PanelLayout,
    /// Whether the right panel shows the review instead of the summary.
    pub reviewing: bool,
    /// What the review panel shows.
    pub review_filter: ui::review::Filter,
    /// Heights of the summary's rows, so that only those in view are laid out.
    pub summary_rows: ui::virtual_list::VirtualList<ui::summary::Row>,
    /// The source list's rows and quote counts.
    pub source_list: ui::sources::SourceList,
    /// Heights of the review panel's rows.
    pub review_rows: ui::virtual_list::VirtualList<ui::review::Row>,
    /// The provenance check of the project as it is now.
    pub report: Arc<Report>,
    /// The evidence index and the focused claim's suggested passages.
    pub suggestions: suggestions::Suggestions,
    /// Find in all sources.
    pub find_all: ui::find_all::FindAll,
    /// Keeps `report` up to date with the project.
    checker: checker::Checker,
}

impl UiState {
    /// Whether the check runs on a worker thread (a slow check, after a
    /// pause in the editing); the report follows when it is done.
    pub fn checking_in_background(&self) -> bool {
        self.checker.busy()
    }

    /// How long the last check took, and whether that is slow enough to
    /// run the next on a worker.
    pub fn last_check(&self) -> (std::time::Duration, bool) {
        let cost = self.checker.cost();
        (cost, cost > checker::SLOW_CHECK)
    }

    /// The view of the current source, if it has been shown.
    pub fn current_view(&self) -> Option<&SourceView> {
        self.views.get(self.current_source.as_ref()?)
    }

    /// The view of the current source, for changing its selection.
    pub fn current_view_mut(&mut self) -> Option<&mut SourceView> {
        self.views.get_mut(self.current_source.as_ref()?)
    }

    /// Clears what an action makes stale: the last confirmation goes at
    /// any action, an error once the user does something about it (an
    /// edit, a command, a citation), so the bar never shows old news.
    fn settle_notices(&mut self, action: &Action) {
        let navigation = matches!(
            action,
            Action::Notify(..)
                | Action::FocusClaim(..)
                | Action::ShowSource(_)
                | Action::Reveal(_)
                | Action::Browse(_)
        );
        if !matches!(action, Action::Notify(..)) {
            self.message = None;
        }
        if !navigation {
            self.notice = None;
        }
    }
}

/// The confirmation of a citation, naming the claim by its text.
fn cited_message(quote: &QuoteId, claim: Option<&str>, stance: Stance) -> String {
    let claim = claim.map_or_else(String::new, |t| {
        format!(" in “{}”", crate::util::snippet(t, 50))
    });
    match stance {
        Stance::Supports => format!("Cited {quote}{claim}."),
        Stance::Contradicts => format!(
            "Cited {quote}{claim} as contradicting it; the next citation supports unless you choose again."
        ),
        Stance::Context => format!(
            "Cited {quote}{claim} as context; the next citation supports unless you choose again."
        ),
    }
}

/// How long the input must pause before the journal's copy is taken.
const PAUSE_BEFORE_JOURNAL: std::time::Duration = std::time::Duration::from_millis(400);

/// The side panels' shares of the window width.
#[derive(Clone, Copy, Debug)]
pub struct PanelLayout {
    /// Share of the source list.
    pub sources: f32,
    /// Share of the summary.
    pub summary: f32,
    /// The window width they were measured at.
    pub window_width: f32,
}

impl Default for PanelLayout {
    fn default() -> Self {
        Self {
            sources: 0.16,
            summary: 0.40,
            window_width: 0.0,
        }
    }
}

/// The Attest window.
pub struct AttestApp {
    doc: Option<Document>,
    /// The open project's lock, when this window holds it.
    lock: Option<crate::project::lock::Lock>,
    /// How often unsaved edits are written to the autosave journal.
    pub autosave_interval: std::time::Duration,
    /// Where discarded unsaved work is kept (in the user's data folder);
    /// `None` removes it.
    pub discarded_dir: Option<PathBuf>,
    last_autosave: std::time::Instant,
    /// When the user last typed, clicked or scrolled: the journal's copy of
    /// the project is taken in a pause, not between two keystrokes.
    last_input: std::time::Instant,
    was_focused: bool,
    autosave_failed: bool,
    /// Window state.
    pub state: UiState,
    queue: Vec<Action>,
    dialogs: Box<dyn FileDialogs>,
    config_dir: Option<PathBuf>,
    title: String,
    quitting: bool,
}

impl AttestApp {
    /// A window with no project open, using native dialogs and the user's
    /// settings.
    pub fn new() -> Self {
        let config_dir = settings::config_dir();
        let mut app = Self::with_parts(Box::new(NativeDialogs), config_dir);
        app.discarded_dir = settings::data_dir().map(|d| d.join("discarded-work"));
        app
    }

    /// A window with these dialogs and configuration folder (for tests);
    /// discarded work is removed unless [`Self::discarded_dir`] is set.
    pub fn with_parts(dialogs: Box<dyn FileDialogs>, config_dir: Option<PathBuf>) -> Self {
        let settings = Settings::load(config_dir.as_deref());
        Self {
            doc: None,
            lock: None,
            autosave_interval: std::time::Duration::from_secs(3),
            discarded_dir: None,
            last_autosave: std::time::Instant::now(),
            last_input: std::time::Instant::now(),
            was_focused: true,
            autosave_failed: false,
            state: UiState {
                views: HashMap::new(),
                current_source: None,
                focused_claim: None,
                scroll_to_claim: None,
                focus_claim_text: None,
                claim_cursor: None,
                cite_stance: Stance::Supports,
                new_claim_text: HashMap::new(),
                conflict_texts: HashMap::new(),
                focus_new_claim: None,
                dialog: None,
                dialog_shown: None,
                dialog_focus_frames: 0,
                menu_focus_frames: 0,
                notice: None,
                message: None,
                settings,
                layout: PanelLayout::default(),
                reviewing: false,
                review_filter: ui::review::Filter::default(),
                summary_rows: Default::default(),
                source_list: Default::default(),
                review_rows: Default::default(),
                report: Arc::default(),
                suggestions: Default::default(),
                find_all: Default::default(),
                checker: Default::default(),
            },
            queue: Vec::new(),
            dialogs,
            config_dir,
            title: String::new(),
            quitting: false,
        }
    }

    /// Opens a project now, replacing the open one without asking. On
    /// failure the error is shown in the window and the open project stays.
    pub fn open(&mut self, dir: &Path) {
        let dir = crate::project::store::project_dir(dir);
        match Document::open(dir) {
            Ok(doc) => {
                let problems = doc.load_findings().len();
                self.set_document(doc);
                self.offer_recovery(dir);
                if problems > 0 {
                    let mut text = format!(
                        "{problems} problem(s) with this project's sources or quotes; they are listed under Sources and in the review panel"
                    );
                    // Keep a warning that the project is open elsewhere.
                    if let Some(notice) = &self.state.notice {
                        text = format!("{} {text}", notice.text);
                    }
                    self.notify(text, true);
                }
            }
            Err(crate::project::store::LoadError::NotAProject { dir }) => self.notify(
                format!(
                    "{} is not an Attest project (it has no {}). Choose a project folder, or make one with File ▸ New Project…",
                    dir.display(),
                    crate::project::store::PROJECT_FILE
                ),
                true,
            ),
            Err(e) => self.notify(format!("Could not open the project: {e}"), true),
        }
    }

    /// Opens the last project, else the bundled sample project.
    pub fn open_startup_project(&mut self) {
        if let Some(last) = self.state.settings.recent.first().cloned()
            && last.join(crate::project::store::PROJECT_FILE).exists()
        {
            self.open(&last);
            if self.doc.is_some() {
                return;
            }
        }
        match settings::data_dir().map(|d| sample::install(&d)) {
            Some(Ok(dir)) => self.open(&dir),
            Some(Err(e)) => self.notify(format!("Could not install the sample project: {e}"), true),
            None => self.notify(
                "No home folder: open a project with File ▸ Open Project…".into(),
                false,
            ),
        }
    }

    fn set_document(&mut self, doc: Document) {
        self.state.settings.remember(doc.dir());
        self.save_settings();
        self.state.views.clear();
        self.state.current_source = doc
            .project()
            .sources_in_added_order()
            .first()
            .map(|s| s.id.clone());
        self.state.focused_claim = doc.project().claims().next().map(|(_, c)| c.id.clone());
        self.state.new_claim_text.clear();
        self.state.conflict_texts.clear();
        self.state.checker.invalidate();
        self.state.notice = None;
        self.take_lock(doc.dir());
        self.doc = Some(doc);
    }

    /// Offers the unsaved work of an earlier session, if its journal exists.
    fn offer_recovery(&mut self, dir: &Path) {
        let Some(doc) = &self.doc else { return };
        // A window elsewhere holds the project: the journal may be its own
        // live work, not a crashed session's.
        if self.lock.is_none() {
            return;
        }
        match crate::project::journal::read(dir) {
            None => {}
            Some(Ok(recovered)) => {
                self.state.dialog = Some(Dialog::Recover {
                    changes: crate::project::journal::describe(doc.project(), &recovered.project),
                    recovered: Some(Box::new(recovered)),
                });
            }
            Some(Err(e)) => self.notify(
                format!(
                    "Unsaved work from an earlier session was found but cannot be read ({e}); it is kept in {}",
                    crate::project::journal::JOURNAL_DIR
                ),
                true,
            ),
        }
    }

    /// Restores the unsaved work read from the open project's journal.
    fn restore_journal(&mut self, recovered: crate::project::journal::Recovered) {
        let Some(doc) = &self.doc else { return };
        let dir = doc.dir().to_owned();
        match Document::recover(&dir, recovered) {
            Ok(doc) => {
                self.set_document(doc);
                self.notify(
                    "Restored the unsaved work. Save (Ctrl+S) to keep it; the saved project is unchanged until then.".into(),
                    false,
                );
            }
            Err(e) => self.notify(format!("Could not restore: {e}"), true),
        }
    }

    /// Writes the autosave journal every few seconds while there are unsaved
    /// edits, and at once when the window loses focus.
    fn autosave(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused).unwrap_or(true);
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        // Quitting after "Don't save": the discarded work stays discarded.
        if self.quitting {
            return;
        }
        let Some(doc) = &mut self.doc else { return };
        // The journal is written on a worker thread from a copy of the
        // project, so a frame never waits for the disk.
        if !doc.is_dirty() {
            let _ = doc.autosave_in_background();
            return;
        }
        if ctx.input(|i| !i.events.is_empty()) {
            self.last_input = std::time::Instant::now();
        }
        // Due after the interval, in a pause of the input (taking the copy
        // costs a frame a few milliseconds on a large project), and at the
        // latest after four intervals of unbroken typing.
        let since = self.last_autosave.elapsed();
        let paused = self.last_input.elapsed() >= PAUSE_BEFORE_JOURNAL;
        let due =
            since >= self.autosave_interval && (paused || since >= self.autosave_interval * 4);
        if since >= self.autosave_interval && !due {
            ctx.request_repaint_after(PAUSE_BEFORE_JOURNAL);
        }
        if !due && !lost_focus {
            ctx.request_repaint_after(self.autosave_interval);
            return;
        }
        // The check copied the project this frame: the journal's copy waits
        // for the next, so that no frame pays for both.
        if self.state.checker.started_this_frame() && !lost_focus {
            ctx.request_repaint();
            return;
        }
        self.last_autosave = std::time::Instant::now();
        match doc.autosave_in_background() {
            Ok(_) => self.autosave_failed = false,
            Err(e) if !self.autosave_failed => {
                self.autosave_failed = true;
                self.notify(format!("Could not write the autosave journal: {e}"), true);
            }
            Err(_) => {}
        }
    }

    /// Takes the project's lock, or warns that it is open elsewhere.
    fn take_lock(&mut self, dir: &Path) {
        self.lock = None;
        match crate::project::lock::Lock::acquire(dir) {
            Ok(lock) => self.lock = Some(lock),
            Err(holder) => self.notify(crate::project::lock::warning(dir, &holder), true),
        }
    }

    fn save_settings(&mut self) {
        if let Some(dir) = &self.config_dir
            && let Err(e) = self.state.settings.save(dir)
        {
            self.state.notice = Some(Notice {
                text: format!("Could not save settings: {e}"),
                error: true,
            });
        }
    }

    /// The open project.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    /// The window title: project title, and `●` while there are unsaved changes.
    pub fn window_title(&self) -> String {
        match &self.doc {
            None => "Attest".to_owned(),
            Some(doc) => format!(
                "{}{} — Attest",
                if doc.is_dirty() { "● " } else { "" },
                doc.project().title
            ),
        }
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::is_dirty)
    }

    /// The view of the current source.
    pub fn current_view(&self) -> Option<&SourceView> {
        self.state.views.get(self.state.current_source.as_ref()?)
    }

    /// The view of the current source, for changing its selection.
    pub fn current_view_mut(&mut self) -> Option<&mut SourceView> {
        self.state
            .views
            .get_mut(self.state.current_source.as_ref()?)
    }

    /// Reports an error in the bar under the menu, or a confirmation or a
    /// hint in the status bar.
    fn notify(&mut self, text: String, error: bool) {
        if error {
            self.state.notice = Some(Notice { text, error });
        } else {
            self.state.message = Some(Message {
                text,
                since: None,
                undo: false,
            });
        }
    }

    /// Queues an action for the end of the frame.
    pub fn push(&mut self, action: Action) {
        self.queue.push(action);
    }

    /// Draws the window and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.state.dialog.is_none() {
            for command in UiCommand::pressed(&ctx) {
                self.queue.push(Action::Run(command));
            }
        }
        // A file dropped on the window is added as a source, once its
        // citation is checked (one at a time; a folder opens as a project).
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .find_map(|f| Some(f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()))
        });
        if let Some(path) = dropped
            && self.state.dialog.is_none()
        {
            if path.join(crate::project::store::PROJECT_FILE).exists() {
                self.queue.push(Action::Open(path));
            } else if self.doc.is_some() {
                self.state.dialog = Some(Dialog::add_dropped_file(&path));
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting && self.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.state.dialog = Some(Dialog::Unsaved(Box::new(Action::Quit)));
        }

        self.state
            .checker
            .refresh(&mut self.state.report, self.doc.as_ref(), &ctx);
        self.state
            .suggestions
            .refresh(self.doc.as_ref(), self.state.focused_claim.as_ref(), &ctx);
        ui::layout(ui, self.doc.as_ref(), &mut self.state, &mut self.queue);

        let actions = std::mem::take(&mut self.queue);
        // What an action changes is drawn at once, not at the next input
        // (an undo in a claim field showed the text before it until then).
        if !actions.is_empty() {
            ctx.request_repaint();
        }
        for action in actions {
            self.state.settle_notices(&action);
            self.apply(&ctx, action);
        }
        self.autosave(&ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl Default for AttestApp {
    fn default() -> Self {
        Self::new()
    }
}

impl eframe::App for AttestApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

/// When the process started, as marked by [`mark_process_start`].
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Records the start of the process, for the first-frame report.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(std::time::Instant::now);
}

/// Set to `1` in the environment, the app reports on standard error when its
/// first frame was on screen (after opening the project and drawing it) and
/// its peak memory, then closes: what `cargo bench --bench scale` measures.
pub const FIRST_FRAME_ENV: &str = "ATTEST_REPORT_FIRST_FRAME";

/// The app, reporting its first frame and closing (see [`FIRST_FRAME_ENV`]).
struct FirstFrameReport {
    app: AttestApp,
    frames: u32,
}

impl eframe::App for FirstFrameReport {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.show(ui);
        self.frames += 1;
        // The first frame is on screen once the second one starts.
        if self.frames == 1 {
            ui.ctx().request_repaint();
        } else if self.frames == 2 {
            let started = PROCESS_START.get_or_init(std::time::Instant::now);
            eprintln!(
                "first frame: {:.1} ms after the process started; peak memory: {}",
                started.elapsed().as_secs_f64() * 1e3,
                peak_memory().unwrap_or_else(|| "unknown".into())
            );
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

/// The process's peak resident memory (`VmHWM` on Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MiB", kib / 1024.0))
}

/// The app's reverse-DNS ID: the window's Wayland app ID and X11 class, and
/// the name of its desktop entry, metainfo, icon and MIME type files
/// (`assets/packaging/`).
pub const APP_ID: &str = "app.attest.Attest";

/// Runs the desktop app on a project folder, or on the last or sample project.
pub fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png"))
        .map_err(|e| anyhow::anyhow!("the bundled icon is not a PNG: {e}"))?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Attest")
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 480.0])
            .with_icon(icon),
        ..Default::default()
    };
    eframe::run_native(
        "Attest",
        options,
        Box::new(move |cc| {
            let mut app = AttestApp::new();
            ui::setup(&cc.egui_ctx, &app.state.settings);
            match dir {
                Some(dir) => app.open(&dir),
                None => app.open_startup_project(),
            }
            if std::env::var_os(FIRST_FRAME_ENV).is_some_and(|v| v == "1") {
                return Ok(Box::new(FirstFrameReport { app, frames: 0 }));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}
