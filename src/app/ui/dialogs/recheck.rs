//! Sources ▸ Check Sources Against the Web…: every web source fetched
//! again on a worker thread, with progress per source and Stop; then the
//! report (sources whose cited passages changed first, each such passage
//! with its old and new text and its claims) and "Take the New Version…",
//! which opens the update of that source from its address.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use egui::{RichText, Ui};

use crate::app::Action;
use crate::model::{LiveOutcome, Project};
use crate::project::command::Command;
use crate::project::document::Document;
use crate::project::recheck::{self, Checked, CitedQuote, Run};

/// The recheck dialog's state.
#[derive(Debug)]
pub struct Recheck {
    /// Each source's name, in the order checked.
    names: Vec<String>,
    /// How many sources have no web address, so were not checked.
    without_address: usize,
    /// What each source's recheck found, once it is done.
    progress: Arc<Mutex<Vec<Option<Checked>>>>,
    /// The recheck under way, until it ends.
    run: Option<Arc<Run>>,
    result: Option<Receiver<Vec<Checked>>>,
    /// The report on what was found (recorded in the project when it
    /// came), sources whose cited passages changed first.
    report: Option<Vec<Row>>,
}

/// One source of the report, read off the project once, not every frame.
#[derive(Debug)]
struct Row {
    checked: Checked,
    /// The source's name.
    name: String,
    /// Where the report lists it ([`recheck::rank`]).
    rank: u8,
    /// Its cited passages that changed or went, each with the claims
    /// citing it, in words.
    affected: Vec<(CitedQuote, String)>,
}

impl Row {
    fn new(project: &Project, checked: Checked) -> Self {
        let affected = recheck::cited_quotes(project, &checked)
            .into_iter()
            .filter(|c| c.standing.affected())
            .map(|c| {
                let claims = c
                    .claims
                    .iter()
                    .map(|(id, stance)| format!("{} ({})", project.claim_name(id), stance.name()))
                    .collect::<Vec<_>>()
                    .join("; ");
                (c, claims)
            })
            .collect();
        Self {
            rank: recheck::rank(project, &checked),
            name: project.source_name(&checked.source),
            checked,
            affected,
        }
    }
}

impl Recheck {
    /// Starts rechecking every source of `doc` with a web address; `None`
    /// when there is none (or the worker could not start).
    pub fn start(doc: &Document, ctx: &egui::Context) -> Option<Self> {
        let project = doc.project();
        let today = crate::import::fetch::today();
        let (targets, _) = recheck::targets(project, &[], None, &today);
        if targets.is_empty() {
            return None;
        }
        let names: Vec<String> = targets
            .iter()
            .map(|t| project.source_name(&t.source))
            .collect();
        let without_address = project.sources.len() - names.len();
        let progress = Arc::new(Mutex::new(vec![None; targets.len()]));
        let run = Arc::new(Run::new(targets));
        let (send, result) = mpsc::channel();
        let (project, texts) = (project.clone(), doc.texts().clone());
        let (worker_run, worker_progress, ctx) =
            (Arc::clone(&run), Arc::clone(&progress), ctx.clone());
        std::thread::Builder::new()
            .name("recheck".into())
            .spawn(move || {
                let found = worker_run.run(&project, &texts, &|i, checked| {
                    if let Ok(mut p) = worker_progress.lock() {
                        p[i] = Some(checked.clone());
                    }
                    ctx.request_repaint();
                });
                let _ = send.send(found);
                ctx.request_repaint();
            })
            .ok()?;
        Some(Self {
            without_address,
            names,
            progress,
            run: Some(run),
            result: Some(result),
            report: None,
        })
    }
}

impl Drop for Recheck {
    fn drop(&mut self) {
        if let Some(run) = &self.run {
            run.stop();
        }
    }
}

/// A few words on what a source's recheck found.
fn short(checked: &Checked) -> String {
    match &checked.outcome {
        LiveOutcome::Unchanged => "unchanged".into(),
        LiveOutcome::Changed { .. } => "changed".into(),
        LiveOutcome::Unreachable { .. } => "could not be checked".into(),
    }
}

pub(super) fn recheck_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    dialog: &mut Recheck,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(doc) = doc else { return false };
    if let Some(result) = &dialog.result {
        match result.try_recv() {
            Ok(found) => finish(doc, dialog, found, queue),
            Err(TryRecvError::Disconnected) => {
                dialog.result = None;
                dialog.run = None;
                dialog.report = Some(Vec::new());
            }
            Err(TryRecvError::Empty) => {}
        }
    }
    match &dialog.report {
        None => {
            if running_ui(ui, dialog) {
                // Stopped: what finished is reported and recorded now; a
                // fetch still waiting on a server ends on its own.
                let found = dialog
                    .progress
                    .lock()
                    .map(|p| p.iter().flatten().cloned().collect())
                    .unwrap_or_default();
                finish(doc, dialog, found, queue);
            }
            true
        }
        Some(report) => report_ui(ui, report, dialog.without_address, queue),
    }
}

/// Records what was found as one step and shows the report.
fn finish(doc: &Document, dialog: &mut Recheck, found: Vec<Checked>, queue: &mut Vec<Action>) {
    let commands = recheck::record(doc.project(), &found);
    if !commands.is_empty() {
        queue.push(Action::Edit(Command::Batch {
            label: format!(
                "Record the check of {} source(s) against the web",
                commands.len()
            ),
            commands,
        }));
    }
    let mut report: Vec<Row> = found
        .into_iter()
        .map(|checked| Row::new(doc.project(), checked))
        .collect();
    report.sort_by_key(|row| row.rank);
    dialog.report = Some(report);
    dialog.result = None;
    if let Some(run) = dialog.run.take() {
        run.stop();
    }
}

/// Progress per source, and Stop; returns whether Stop was chosen.
fn running_ui(ui: &mut Ui, dialog: &mut Recheck) -> bool {
    ui.heading("Checking sources against the web");
    let progress = dialog.progress.lock().unwrap_or_else(|e| e.into_inner());
    let done = progress.iter().filter(|p| p.is_some()).count();
    ui.label(format!(
        "{done} of {} source(s) checked, {} at a time. Nothing in the project changes but the record of what was found.",
        dialog.names.len(),
        recheck::PARALLEL_FETCHES
    ));
    ui.add(
        egui::ProgressBar::new(done as f32 / dialog.names.len().max(1) as f32).show_percentage(),
    );
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .show(ui, |ui| {
            egui::Grid::new("recheck-progress")
                .num_columns(2)
                .show(ui, |ui| {
                    for (name, state) in dialog.names.iter().zip(progress.iter()) {
                        ui.label(name);
                        match state {
                            Some(found) => ui.label(short(found)),
                            None => ui.weak("checking…"),
                        };
                        ui.end_row();
                    }
                });
        });
    ui.add_space(8.0);
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(250));
    ui.button("Stop").on_hover_text("Esc").clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
}

/// The report: what each source's recheck found, sources whose cited
/// passages changed first.
fn report_ui(ui: &mut Ui, report: &[Row], without_address: usize, queue: &mut Vec<Action>) -> bool {
    ui.heading("Sources checked against the web");
    let count = |rank: u8| report.iter().filter(|row| row.rank == rank).count();
    ui.label(format!(
        "{} source(s): {} with cited passages changed, {} changed elsewhere, {} could not be checked, {} unchanged.",
        report.len(),
        count(0),
        count(1),
        count(2),
        count(3)
    ));
    if without_address > 0 {
        ui.weak(format!(
            "{without_address} source(s) without a web address were not checked."
        ));
    }
    ui.add_space(4.0);
    let mut keep = true;
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .show(ui, |ui| {
            for row in report {
                ui.separator();
                source_ui(ui, row, queue, &mut keep);
            }
        });
    ui.add_space(8.0);
    if ui.button("Close").on_hover_text("Esc").clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
    {
        keep = false;
    }
    keep
}

/// One source of the report.
fn source_ui(ui: &mut Ui, row: &Row, queue: &mut Vec<Action>, keep: &mut bool) {
    let checked = &row.checked;
    let summary = match &checked.outcome {
        LiveOutcome::Unchanged if checked.not_modified => {
            "unchanged (the server says not modified)".to_owned()
        }
        LiveOutcome::Unchanged => "unchanged".to_owned(),
        LiveOutcome::Changed { .. } => match row.affected.len() {
            0 => "changed since quoted; every cited passage still stands".to_owned(),
            n => format!("changed since quoted; {n} cited passage(s) changed or went"),
        },
        LiveOutcome::Unreachable { reason } => format!("could not be checked: {reason}"),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&row.name).strong())
            .on_hover_text(format!("{}\nSource ID {}", checked.url, checked.source));
        let color = match (&checked.outcome, row.affected.is_empty()) {
            (LiveOutcome::Changed { .. }, false) => ui.visuals().warn_fg_color,
            (LiveOutcome::Unreachable { .. }, _) => ui.visuals().error_fg_color,
            _ => ui.visuals().text_color(),
        };
        ui.colored_label(color, summary);
    });
    if let Some(to) = &checked.moved_to {
        ui.weak(format!("The address now leads to {to}"));
    }
    for (quote, claims) in &row.affected {
        ui.indent(quote.quote.as_str(), |ui| {
            ui.label(format!("{} — cited by {claims}", quote.standing.name()));
            ui.add(egui::Label::new(format!("was: “{}”", quote.was)).wrap());
            if !quote.now.is_empty() {
                ui.add(egui::Label::new(format!("now: “{}”", quote.now)).wrap());
            }
        });
    }
    if matches!(checked.outcome, LiveOutcome::Changed { .. })
        && ui
            .button("Take the New Version…")
            .on_hover_text(
                "Fetch the page again and compare it as an update of this source: see what happens to every quote before anything changes",
            )
            .clicked()
    {
        let mut update = super::Dialog::update_source(checked.source.clone());
        if let super::Dialog::UpdateSource { path, job, .. } = &mut update {
            *path = checked.url.clone();
            *job = Some(crate::import::Job::start(crate::import::Origin::Url(
                checked.url.clone(),
            )));
        }
        queue.push(Action::OpenDialog(Box::new(update)));
        *keep = false;
    }
}
