//! Find in all sources (Ctrl+Shift+F): words or a "phrase" searched in
//! every source through the evidence index, matches listed by source with
//! their sentence for context. Enter (or a click) opens the highlighted
//! match in its source, selected; the arrow keys move the highlight; Esc
//! closes.

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, RichText, Ui};

use crate::app::{Action, UiState};
use crate::evidence::{self, Hit};
use crate::model::SourceId;
use crate::project::document::Document;

/// How many matches are listed.
const LIMIT: usize = 200;

/// How many passages close in meaning are listed, the closest first.
const MEANING_LIMIT: usize = 20;

fn limit(meaning: bool) -> usize {
    if meaning { MEANING_LIMIT } else { LIMIT }
}

/// The state of the find-in-all-sources window.
#[derive(Debug, Default)]
pub struct FindAll {
    /// Whether the window is open.
    pub open: bool,
    /// The query typed.
    pub query: String,
    /// Whether passages of similar meaning are found, not only the words.
    pub meaning: bool,
    /// Focus the query field on the next frame.
    pub focus_requested: bool,
    /// The matches of `searched`, in source order.
    pub hits: Vec<Hit>,
    /// The query the matches are for, the index's generation and whether
    /// by meaning; `None` until the index answered.
    searched: Option<(String, u64, bool)>,
    /// The highlighted match.
    pub cursor: usize,
}

/// Draws the window, if open.
pub fn ui(ctx: &egui::Context, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    if !state.find_all.open {
        return;
    }
    let query = state.find_all.query.trim().to_owned();
    let meaning = state.find_all.meaning;
    let key = (query, state.suggestions.generation(), meaning);
    if state.find_all.searched.as_ref() != Some(&key)
        && let Some(hits) = state.suggestions.search(&key.0, limit(meaning), meaning)
    {
        // By meaning, the closest first; by words, grouped by source.
        state.find_all.hits = if meaning {
            hits
        } else {
            let grouped = evidence::by_source(&hits);
            grouped
                .into_iter()
                .flat_map(|(_, hits)| hits.into_iter().cloned())
                .collect()
        };
        state.find_all.searched = Some(key);
        state.find_all.cursor = 0;
    }
    let mut open = true;
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 60.0);
    egui::Window::new("Find in all sources")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(top)
        .default_width(520.0)
        .default_height(420.0)
        .collapsible(false)
        .show(ctx, |ui| body(ui, doc, state, queue));
    let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
    if !open || escape {
        state.find_all.open = false;
    }
}

fn body(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    let find = &mut state.find_all;
    let field = ui.add(
        egui::TextEdit::singleline(&mut find.query)
            .id_salt("find-all-query")
            .hint_text("Words, or a \"phrase\", in every source")
            .desired_width(f32::INFINITY),
    );
    field.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Find in all sources")
    });
    if find.focus_requested {
        field.request_focus();
        find.focus_requested = false;
    }
    ui.checkbox(&mut find.meaning, "Similar meaning")
        .on_hover_text("Also find passages that say it in other words");
    let count = find.hits.len();
    let mut moved = false;
    if count > 0 {
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
            )
        });
        if down {
            find.cursor = (find.cursor + 1) % count;
        }
        if up {
            find.cursor = (find.cursor + count - 1) % count;
        }
        moved = down || up;
    }
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if entered && let Some(hit) = find.hits.get(find.cursor) {
        queue.push(Action::OpenMatch(hit.source.clone(), hit.start..hit.end));
        find.open = false;
        return;
    }
    let searched = find.searched.as_ref().map(|(q, _, _)| q.clone());
    match searched.as_deref() {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Indexing the sources…");
            });
            return;
        }
        Some("") => {
            ui.weak(
                "Type words to find; all must be in one sentence. Put a phrase in double quotes.",
            );
            return;
        }
        Some(_) if count == 0 => {
            ui.weak(if find.meaning {
                "No passage has these words or a meaning close to them."
            } else {
                "No source has a passage with all of these words."
            });
            return;
        }
        Some(_) => {}
    }
    // The matches come in runs of one source (by words, one run a source;
    // by meaning, the closest first, so a source may come back).
    let groups: Vec<&[Hit]> = find.hits.chunk_by(|a, b| a.source == b.source).collect();
    let sources = {
        let mut ids: Vec<&SourceId> = find.hits.iter().map(|h| &h.source).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let more = if count == limit(find.meaning) {
        " (the first ones)"
    } else {
        ""
    };
    ui.weak(format!(
        "{count} match(es){more} in {sources} source(s). ↑↓ choose, Enter opens, Esc closes."
    ));
    ui.separator();
    let cursor = find.cursor;
    let colors = Colors {
        font: egui::TextStyle::Body.resolve(ui.style()),
        text: ui.visuals().text_color(),
        strong: ui.visuals().strong_text_color(),
        mark: ui.visuals().selection.bg_fill,
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut n = 0;
            for group in &groups {
                let source = &group[0].source;
                let label = doc
                    .project()
                    .source(source)
                    .map_or(source.as_str(), |s| s.label());
                let name = doc.project().source_name(source);
                ui.add_space(4.0);
                ui.label(RichText::new(format!("{name} — {label} ({})", group.len())).strong())
                    .on_hover_text(format!("Source ID {source}"));
                for hit in *group {
                    let row = ui.selectable_label(n == cursor, context_job(hit, &colors));
                    crate::app::ui::speak(ui, &row, || {
                        format!("{name}, match {} of {count}: {}", n + 1, hit.text)
                    });
                    if n == cursor {
                        // The query keeps the keyboard; a screen reader
                        // follows the highlighted match as the focus.
                        ui.ctx().accesskit_node_builder(field.id, |node| {
                            node.set_active_descendant(row.id.accesskit_id());
                        });
                        if moved {
                            row.scroll_to_me(None);
                        }
                    }
                    if row.clicked() {
                        queue.push(Action::OpenMatch(hit.source.clone(), hit.start..hit.end));
                    }
                    n += 1;
                }
            }
        });
}

/// How a match's context is drawn.
struct Colors {
    font: egui::FontId,
    text: egui::Color32,
    strong: egui::Color32,
    mark: egui::Color32,
}

/// A match's sentence with the match marked.
fn context_job(hit: &Hit, colors: &Colors) -> LayoutJob {
    let byte = |chars: usize| {
        hit.text
            .char_indices()
            .nth(chars)
            .map_or(hit.text.len(), |(b, _)| b)
    };
    let a = byte(hit.start.saturating_sub(hit.passage.start));
    let b = byte(hit.end.saturating_sub(hit.passage.start)).max(a);
    let plain = TextFormat::simple(colors.font.clone(), colors.text);
    let marked = TextFormat {
        background: colors.mark,
        ..TextFormat::simple(colors.font.clone(), colors.strong)
    };
    let mut job = LayoutJob::default();
    job.append(&hit.text[..a], 0.0, plain.clone());
    job.append(&hit.text[a..b], 0.0, marked);
    job.append(&hit.text[b..], 0.0, plain);
    job.wrap.max_rows = 3;
    job
}
