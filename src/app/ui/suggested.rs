//! "Suggested evidence" under the focused claim: the passages of every
//! source that most likely back or dispute it, each with Cite and Show.

use egui::{RichText, Ui};

use crate::app::commands::UiCommand;
use crate::app::theme::{Palette, stance_icon};
use crate::app::{Action, UiState};
use crate::evidence::{SuggestError, Suggestion};
use crate::model::{Claim, Project};
use crate::util::snippet;

/// How many suggestions show before "More" is clicked.
const FIRST: usize = 3;

/// Draws the focused claim's suggestions.
pub fn ui(
    ui: &mut Ui,
    project: &Project,
    claim: &Claim,
    state: &mut UiState,
    queue: &mut Vec<Action>,
    palette: &Palette,
) {
    ui.add_space(2.0);
    ui.separator();
    let found = match state.suggestions.list(&claim.id) {
        Some(Ok(found)) => found,
        Some(Err(SuggestError::NothingToSearch)) => {
            heading(ui, "write the claim to get suggestions");
            return;
        }
        Some(Err(e)) => {
            heading(ui, &e.to_string());
            return;
        }
        None if state.suggestions.failed() => {
            heading(ui, "the sources could not be indexed");
            return;
        }
        None => {
            ui.horizontal(|ui| {
                heading(ui, "indexing the sources…");
                ui.spinner();
            });
            return;
        }
    };
    if found.is_empty() {
        let why = if project.sources.is_empty() {
            "add a source to get suggestions"
        } else {
            "no other passage shares its words"
        };
        heading(ui, why);
        return;
    }
    let more = state.suggestions.expanded;
    ui.horizontal_wrapped(|ui| {
        heading(ui, "");
        if let Some(why) = crate::evidence::meaning::missing() {
            ui.weak(RichText::new("by words alone").small())
                .on_hover_text(format!("{why}: passages worded differently are not found"));
        }
        let stance = state.cite_stance;
        ui.weak(format!(
            "{} cites the first as {} {}",
            ui.ctx()
                .format_shortcut(&UiCommand::CiteSuggestion.shortcut().expect("has one")),
            stance_icon(stance),
            stance.label()
        ));
    });
    let shown = if more {
        found.len()
    } else {
        found.len().min(FIRST)
    };
    for (rank, s) in found.iter().enumerate().take(shown) {
        ui.horizontal(|ui| {
            let cite = ui.small_button("Cite").on_hover_text(format!(
                "Cite this passage in the claim as {} {}",
                stance_icon(state.cite_stance),
                state.cite_stance.label()
            ));
            if cite.clicked() {
                queue.push(Action::CiteSuggestion(rank));
            }
            if ui
                .small_button("Show")
                .on_hover_text("Show and select this passage in its source")
                .clicked()
            {
                queue.push(Action::OpenSuggestion(rank));
            }
            let source = project
                .source(&s.source)
                .map_or(s.source.as_str(), |x| x.label());
            let name = project.source_name(&s.source);
            let mut text = RichText::new(format!("{name}: “{}”", snippet(&s.text, 90)));
            if s.different_number.is_some() {
                text = text.color(palette.stance_color(crate::model::Stance::Contradicts));
            }
            ui.add(egui::Label::new(text).truncate()).on_hover_ui(|ui| {
                ui.set_max_width(420.0);
                ui.label(format!("“{}”", s.text));
                ui.weak(format!(
                    "{source} · source {} · chars {}..{}",
                    s.source, s.start, s.end
                ));
                if let Some(hint) = hint(ui, palette, s, "") {
                    ui.label(hint);
                }
            });
        });
        if let Some(hint) = hint(ui, palette, s, "    ") {
            ui.label(hint.small());
        }
    }
    if found.len() > FIRST {
        let label = if more {
            "Fewer".to_owned()
        } else {
            format!("More ({})", found.len() - FIRST)
        };
        if ui.small_button(label).clicked() {
            state.suggestions.expanded = !more;
        }
    }
}

fn heading(ui: &mut Ui, note: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Suggested evidence").small().strong());
        if !note.is_empty() {
            ui.weak(RichText::new(note).small());
        }
    });
}

/// A suggestion's label: red with a cross when it may contradict the claim,
/// quiet with "≈" when it was found for its meaning.
fn hint(ui: &Ui, palette: &Palette, s: &Suggestion, indent: &str) -> Option<RichText> {
    let label = s.label()?;
    Some(if s.different_number.is_some() {
        RichText::new(format!("{indent}✖ {label}"))
            .color(palette.stance_color(crate::model::Stance::Contradicts))
    } else {
        RichText::new(format!("{indent}≈ {label}")).color(ui.visuals().weak_text_color())
    })
}
