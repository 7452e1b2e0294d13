//! The list of sources, with buttons to add one.

use egui::{RichText, Ui};

use crate::app::commands::UiCommand;
use crate::app::settings::SourceOrder;
use crate::app::{Action, UiState};
use crate::model::SourceId;
use crate::project::document::Document;

/// Draws the source list.
pub fn ui(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Sources");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("+ Add", |ui| {
                for command in [
                    UiCommand::AddSourceFile,
                    UiCommand::AddSourceUrl,
                    UiCommand::AddSourcePaste,
                ] {
                    if command.menu_button(ui, true) {
                        queue.push(Action::Run(command));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Add a source from a file, a web address or pasted text");
        });
    });
    ui.separator();
    let project = doc.project();
    if project.sources.is_empty() {
        ui.weak("No sources yet. Add the texts your summary is based on.");
    }
    let problems = doc.load_findings();
    let list = &mut state.source_list;
    let key = (doc.dir().to_owned(), doc.history().revision());
    if list.counted.as_ref() != Some(&key) {
        // Quotes counted in one pass, and once per change, not every frame.
        list.counts.clear();
        for quote in &project.quotes {
            *list.counts.entry(quote.source.clone()).or_default() += 1;
        }
        list.counted = Some(key);
    }
    let mut sources = project.sources_in_added_order();
    if state.settings.source_order == SourceOrder::Name {
        sources.sort_by_cached_key(|s| s.short_name().to_lowercase());
    }
    let mut rows: Vec<Row> = sources.iter().map(|s| Row::Source(s.id.clone())).collect();
    if !problems.is_empty() {
        rows.push(Row::Problems);
    }
    // Only the entries in view (and a margin) are laid out.
    let mut rows_list = std::mem::take(&mut state.source_list.rows);
    rows_list.show(
        ui,
        "source-list",
        &rows,
        |_| 64.0,
        None,
        |ui, row| match row {
            Row::Source(id) => {
                if let Some(source) = project.source(id) {
                    let quotes = state.source_list.counts.get(id).copied().unwrap_or(0);
                    entry(ui, doc, source, quotes, state, queue);
                }
            }
            Row::Problems => {
                ui.separator();
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{} problem(s):", problems.len()),
                );
                for finding in problems {
                    ui.add(egui::Label::new(RichText::new(&finding.message).small()).wrap());
                }
            }
        },
    );
    state.source_list.rows = rows_list;
}

/// The source list's state: its rows' heights, and each source's number of
/// quotes, counted once per change of the project.
#[derive(Default)]
pub struct SourceList {
    rows: super::virtual_list::VirtualList<Row>,
    counted: Option<(std::path::PathBuf, u64)>,
    counts: std::collections::HashMap<SourceId, usize, foldhash::fast::RandomState>,
}

/// A row of the source list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Row {
    /// A source's entry.
    Source(SourceId),
    /// What went wrong loading the project.
    Problems,
}

/// One source's entry: its name (click to show it), title, format, pages,
/// quotes, changes on the web and links to other sources.
fn entry(
    ui: &mut Ui,
    doc: &Document,
    source: &crate::model::Source,
    quotes: usize,
    state: &UiState,
    queue: &mut Vec<Action>,
) {
    let project = doc.project();
    let selected = state.current_source.as_ref() == Some(&source.id);
    let broken = doc.text_of(&source.id).is_none();
    let mut name = RichText::new(source.short_name());
    if selected {
        name = name.strong();
    }
    let response = ui
        .add(egui::Button::selectable(selected, name).truncate())
        .on_hover_text(format!(
            "{}\nSource ID {}{}",
            source.label(),
            source.id,
            if broken {
                " · snapshot missing or changed"
            } else {
                ""
            }
        ));
    super::speak(ui, &response, || {
        let pages = source
            .page_count()
            .map_or_else(String::new, |n| format!(", {}", count(n, "page")));
        let unavailable = if broken { ", text unavailable" } else { "" };
        let title = if source.label() == source.short_name() {
            String::new()
        } else {
            format!(": {}", source.label())
        };
        format!(
            "{}{title}, {}{pages}, {}{unavailable}",
            source.short_name(),
            source.format_name(),
            count(quotes, "quote")
        )
    });
    if source.label() != source.short_name() {
        ui.horizontal(|ui| {
            ui.add_space(6.0);
            ui.add(egui::Label::new(RichText::new(source.label()).small()).truncate());
        });
    }
    ui.horizontal(|ui| {
        ui.add_space(6.0);
        let pages = source
            .page_count()
            .map_or_else(String::new, |n| format!(" · {n} page(s)"));
        ui.weak(format!(
            "{}{pages} · {quotes} quote(s)",
            source.format_name()
        ));
        if broken {
            ui.colored_label(ui.visuals().error_fg_color, "⚠ text unavailable");
        }
    });
    live_ui(ui, project, source);
    for link in project.links_of(&source.id) {
        links_ui(ui, project, &source.id, link, queue);
    }
    ui.add_space(4.0);
    if response.clicked() {
        queue.push(Action::ShowSource(source.id.clone()));
    }
}

/// `1 quote`, `20 quotes`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// What the newest recheck found on the source's live page, when it found
/// the page changed: marked, with the summary on hover.
fn live_ui(ui: &mut Ui, project: &crate::model::Project, source: &crate::model::Source) {
    let Some(recheck) = project.live_known(&source.id) else {
        return;
    };
    if !matches!(recheck.outcome, crate::model::LiveOutcome::Changed { .. }) {
        return;
    }
    let affected = recheck.cited_affected(project) > 0;
    ui.horizontal(|ui| {
        ui.add_space(6.0);
        let (text, color) = if affected {
            (
                "⚠ cited text changed on the web",
                ui.visuals().warn_fg_color,
            )
        } else {
            ("changed on the web", ui.visuals().weak_text_color())
        };
        ui.colored_label(color, RichText::new(text).small())
            .on_hover_ui(|ui| {
                ui.label(recheck.summary(project));
            });
    });
}

/// One link of a source: what it shares, and the editor's choice to count
/// the two as independent (or as one again).
fn links_ui(
    ui: &mut Ui,
    project: &crate::model::Project,
    source: &crate::model::SourceId,
    link: &crate::model::SourceLink,
    queue: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.add_space(6.0);
        ui.label(RichText::new(format!("↔ {}", link.summary(project, source))).small());
        if link.counts_as_one() {
            if ui
                .small_button("Mark independent…")
                .on_hover_text("Count the two as independent sources, saying why")
                .clicked()
            {
                queue.push(Action::OpenDialog(Box::new(
                    crate::app::ui::dialogs::Dialog::Independent {
                        a: link.a.clone(),
                        b: link.b.clone(),
                        reason: String::new(),
                    },
                )));
            }
        } else if ui
            .small_button("Count as one")
            .on_hover_text("Take back the mark: the two count as one source again")
            .clicked()
        {
            queue.push(Action::Edit(
                crate::project::command::Command::SetIndependent {
                    a: link.a.clone(),
                    b: link.b.clone(),
                    reason: None,
                },
            ));
        }
    });
}
