//! The summary: claims in paragraphs, each with its evidence as chips.

use egui::{Align, CornerRadius, RichText, Sense, Stroke, Ui};

use super::dialogs::Dialog;
use crate::app::commands::UiCommand;
use crate::app::theme::{Palette, stance_icon};
use crate::app::{Action, UiState};
use crate::model::{Claim, Evidence, Project, Stance};
use crate::project::command::Command;
use crate::project::document::Document;
use crate::util::snippet;

/// Draws the summary panel.
pub fn ui(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    let project = doc.project();
    let palette = Palette::of(ui.visuals());
    let claims = project.claims().count();
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.heading("Summary");
        ui.weak(format!(
            "{claims} claim(s) · {} quote(s)",
            project.quotes.len()
        ));
    });
    toolbar(ui, doc, state, queue, &palette);
    ui.separator();

    let mut rows = Vec::with_capacity(claims + project.paragraphs.len() * 2 + 2);
    if project.paragraphs.is_empty() {
        rows.push(Row::Empty);
    }
    // The number of each paragraph's first claim, less one.
    let mut before = Vec::with_capacity(project.paragraphs.len());
    let mut count = 0;
    for paragraph in &project.paragraphs {
        before.push(count);
        count += paragraph.len();
    }
    for (p, paragraph) in project.paragraphs.iter().enumerate() {
        rows.push(Row::Heading(p));
        rows.extend((0..paragraph.len()).map(|i| Row::Claim(p, i)));
        rows.push(Row::NewClaim(p));
    }
    rows.push(Row::NewClaim(project.paragraphs.len()));
    // Bring a claim (or a paragraph's new-claim field) into view even when it
    // is not laid out yet; once drawn, it scrolls itself to the centre.
    let scroll_to = match (&state.scroll_to_claim, state.focus_new_claim) {
        (_, Some(p)) => Some(Row::NewClaim(p)),
        (Some(claim), None) => project
            .claim_place(claim)
            .map(|at| Row::Claim(at.paragraph, at.index)),
        (None, None) => None,
    };
    let mut list = std::mem::take(&mut state.summary_rows);
    list.show(
        ui,
        "summary",
        &rows,
        |row| match row {
            Row::Empty | Row::Heading(_) => 24.0,
            Row::Claim(..) => 96.0,
            Row::NewClaim(_) => 32.0,
        },
        scroll_to.as_ref(),
        |ui, row| {
            ui.set_width(ui.available_width() - 8.0);
            match *row {
                Row::Empty => {
                    ui.weak("No claims yet. Write the first claim below, then select a passage in the source and cite it.");
                }
                Row::Heading(p) => {
                    ui.add_space(8.0);
                    ui.label(RichText::new(format!("¶ {}", p + 1)).small().weak());
                }
                Row::Claim(p, i) => {
                    if let Some(claim) = project.paragraphs.get(p).and_then(|c| c.get(i)) {
                        let number = (before[p] + i + 1, claims);
                        claim_card(ui, project, claim, number, state, queue, &palette);
                    }
                }
                Row::NewClaim(p) if p == project.paragraphs.len() => {
                    ui.add_space(12.0);
                    let hint = if p == 0 {
                        "Write the first claim…".to_owned()
                    } else {
                        format!("Start paragraph ¶{} with a claim…", p + 1)
                    };
                    new_claim_field(ui, p, hint, state, queue);
                    ui.add_space(24.0);
                }
                Row::NewClaim(p) => {
                    new_claim_field(ui, p, format!("Add a claim to ¶{}…", p + 1), state, queue);
                }
            }
        },
    );
    state.summary_rows = list;
}

/// A row of the summary list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Row {
    /// The hint shown when there are no claims.
    Empty,
    /// A paragraph's heading.
    Heading(usize),
    /// A claim: paragraph and position.
    Claim(usize, usize),
    /// The field that adds a claim to a paragraph (one past the last: a new
    /// paragraph).
    NewClaim(usize),
}

fn toolbar(
    ui: &mut Ui,
    doc: &Document,
    state: &mut UiState,
    queue: &mut Vec<Action>,
    palette: &Palette,
) {
    let selection = state.current_view().and_then(|v| v.snapped_selection());
    ui.horizontal_wrapped(|ui| {
        let target = state.focused_claim.clone();
        let enabled = target.is_some() && selection.is_some();
        let button = ui
            .add_enabled(
                enabled,
                egui::Button::new(RichText::new("Cite selection").strong()),
            )
            .on_hover_text(UiCommand::CiteSelection.hover_text(ui.ctx()))
            .on_disabled_hover_text("Select a passage in the source and click a claim first");
        if button.clicked()
            && let Some(claim) = target.clone()
        {
            queue.push(Action::Cite(claim));
        }
        ui.label("as");
        for stance in Stance::ALL {
            let text = RichText::new(format!("{} {}", stance_icon(stance), stance.label()))
                .color(palette.stance_color(stance));
            let toggle = ui
                .selectable_value(&mut state.cite_stance, stance, text)
                .on_hover_text(format!("New citations {}", stance.name()));
            super::speak(ui, &toggle, || format!("Cite as {}", stance.label()));
        }
        match &target {
            Some(claim) if doc.project().claim(claim).is_some() => {
                ui.weak(format!("into {}", doc.project().claim_name(claim)))
                    .on_hover_text(format!("Claim ID {claim}"));
            }
            _ => {
                ui.weak("(click a claim)");
            }
        }
    });
}

fn claim_card(
    ui: &mut Ui,
    project: &Project,
    claim: &Claim,
    (number, of): (usize, usize),
    state: &mut UiState,
    queue: &mut Vec<Action>,
    palette: &Palette,
) {
    let focused = state.focused_claim.as_ref() == Some(&claim.id);
    // The card senses clicks beneath its widgets (registered before them), so
    // chips, buttons and the text keep their own clicks.
    let card = ui.scope_builder(egui::UiBuilder::new().sense(Sense::click()), |ui| {
        super::claim_frame(ui, focused, palette).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                let id_label = ui
                    .label(RichText::new(number.to_string()).monospace().weak())
                    .on_hover_text(format!("Claim {number} (ID {})", claim.id));
                let mut text = claim.text.clone();
                let edit = ui
                    .add(
                        egui::TextEdit::multiline(&mut text)
                            .id_salt(("claim-text", claim.id.as_str()))
                            .background_color(ui.visuals().faint_bg_color)
                            .desired_rows(1)
                            .desired_width(f32::INFINITY)
                            .hint_text("Write the claim…"),
                    )
                    .labelled_by(id_label.id);
                super::speak(ui, &edit, || format!("Claim {number} of {of}"));
                if state.focus_claim_text.as_ref() == Some(&claim.id) {
                    edit.request_focus();
                    state.focus_claim_text = None;
                }
                if let Some((id, at)) = &state.claim_cursor
                    && id == &claim.id
                {
                    place_cursor(ui.ctx(), edit.id, *at);
                    state.claim_cursor = None;
                }
                if edit.changed() {
                    queue.push(Action::Edit(Command::EditClaim {
                        id: claim.id.clone(),
                        text,
                    }));
                }
                if (edit.gained_focus() || edit.clicked()) && !focused {
                    queue.push(Action::FocusClaim(claim.id.clone(), false));
                }
            });
            if claim.evidence.is_empty() {
                ui.weak("No evidence yet: select a passage and press Cite selection.");
            } else {
                ui.horizontal_wrapped(|ui| {
                    for evidence in &claim.evidence {
                        chip(ui, project, claim, evidence, state, queue, palette);
                    }
                });
            }
            if focused || claim.signoff.is_some() {
                ui.horizontal_wrapped(|ui| super::review::signoff_state(ui, project, claim));
            }
            if focused {
                ui.horizontal_wrapped(|ui| {
                    for (command, label) in [
                        (UiCommand::MoveClaimUp, "Move up"),
                        (UiCommand::MoveClaimDown, "Move down"),
                        (UiCommand::DeleteClaim, "Delete claim"),
                        (UiCommand::SignOff, "Sign off…"),
                    ] {
                        if ui
                            .small_button(label)
                            .on_hover_text(command.hover_text(ui.ctx()))
                            .clicked()
                        {
                            queue.push(Action::Run(command));
                        }
                    }
                });
                super::suggested::ui(ui, project, claim, state, queue, palette);
            }
        });
    });
    let response = card.response;
    if response.clicked() && !focused {
        queue.push(Action::FocusClaim(claim.id.clone(), false));
    }
    if state.scroll_to_claim.as_ref() == Some(&claim.id) {
        response.scroll_to_me(Some(Align::Center));
        state.scroll_to_claim = None;
    }
}

fn chip(
    ui: &mut Ui,
    project: &Project,
    claim: &Claim,
    evidence: &Evidence,
    state: &mut UiState,
    queue: &mut Vec<Action>,
    palette: &Palette,
) {
    let Some(quote) = project.quote(&evidence.quote) else {
        return;
    };
    let (mut fill, mut line) = palette.stance(evidence.stance, false);
    if quote.unresolved.is_some() {
        (fill, line) = (palette.unresolved.gamma_multiply(0.25), palette.unresolved);
    }
    let note = if evidence.note.is_empty() { "" } else { " ✎" };
    let warning = if quote.unresolved.is_some() {
        "⚠ "
    } else {
        ""
    };
    let label = format!(
        "{warning}{} {} “{}”{note}",
        stance_icon(evidence.stance),
        project.source_name(&quote.source),
        snippet(&quote.text, 30)
    );
    let button = egui::Button::new(RichText::new(label).color(ui.visuals().text_color()))
        .fill(fill)
        .stroke(Stroke::new(1.0, line))
        .corner_radius(CornerRadius::same(10));
    let response = ui.add(button);
    super::speak(ui, &response, || {
        let mut name = format!(
            "{}, from ‘{}’: {}",
            evidence.stance.label(),
            project.source_name(&quote.source),
            snippet(&quote.text, 80)
        );
        if quote.unresolved.is_some() {
            name.push_str(" (changed in the source, to be selected again)");
        }
        if !evidence.note.is_empty() {
            name.push_str(&format!(" (note: {})", evidence.note));
        }
        name
    });
    let source_label = project.source(&quote.source).map_or("", |s| s.label());
    let response = response.on_hover_ui(|ui| {
        ui.set_max_width(380.0);
        ui.label(
            RichText::new(format!(
                "{} {}",
                stance_icon(evidence.stance),
                evidence.stance.label()
            ))
            .color(palette.stance_color(evidence.stance)),
        );
        ui.label(format!("“{}”", quote.text));
        ui.weak(format!(
            "{} · quote {} · source {} · chars {}..{}",
            source_label, quote.id, quote.source, quote.start, quote.end
        ));
        if !evidence.note.is_empty() {
            ui.label(format!("Note: {}", evidence.note));
        }
        if let Some(u) = &quote.unresolved {
            ui.colored_label(
                palette.unresolved,
                format!("⚠ {}", crate::text::reanchor::unresolved_message(quote, u)),
            );
        }
        ui.weak("Click (or Enter) to show in the source; right-click (or the menu key) for stance, note, remove");
    });
    if response.clicked() {
        queue.push(Action::FocusClaim(claim.id.clone(), false));
        queue.push(Action::Reveal(quote.id.clone()));
    }
    // A chip takes the focus with Tab; the menu key (or Shift+F10) opens
    // its menu under it, with the first entry focused.
    let by_keyboard = response.has_focus()
        && ui.input_mut(|i| {
            i.consume_key(egui::Modifiers::NONE, egui::Key::Menu)
                || i.consume_key(egui::Modifiers::SHIFT, egui::Key::F10)
        });
    if by_keyboard {
        super::drop_focus(ui.ctx());
        state.menu_focus_frames = 3;
    }
    egui::Popup::menu(&response)
        .id(response.id.with("keyboard-menu"))
        .open_memory(by_keyboard.then_some(egui::SetOpenCommand::Bool(true)))
        .show(|ui| {
            super::focus_first(ui, &mut state.menu_focus_frames);
            chip_menu(ui, project, claim, quote, evidence, state, queue);
        });
    response.context_menu(|ui| chip_menu(ui, project, claim, quote, evidence, state, queue));
}

/// The entries of a chip's menu: stance, note, re-select, show, remove.
fn chip_menu(
    ui: &mut Ui,
    project: &Project,
    claim: &Claim,
    quote: &crate::model::Quote,
    evidence: &Evidence,
    state: &mut UiState,
    queue: &mut Vec<Action>,
) {
    ui.label(
        RichText::new(format!(
            "From ‘{}’ in {}",
            project.source_name(&quote.source),
            project.claim_name(&claim.id)
        ))
        .weak(),
    )
    .on_hover_text(format!("Quote {} in claim {}", quote.id, claim.id));
    for stance in Stance::ALL {
        let text = format!("{} {}", stance_icon(stance), stance.label());
        if ui.radio(evidence.stance == stance, text).clicked() && evidence.stance != stance {
            queue.push(Action::Edit(Command::SetStance {
                claim: claim.id.clone(),
                quote: quote.id.clone(),
                stance,
            }));
            ui.close();
        }
    }
    ui.separator();
    if ui.button("Edit note…").clicked() {
        state.dialog = Some(Dialog::Note {
            claim: claim.id.clone(),
            quote: quote.id.clone(),
            note: evidence.note.clone(),
        });
        ui.close();
    }
    if quote.unresolved.is_some() && ui.button("Re-select with the current selection").clicked() {
        queue.push(Action::Reselect(quote.id.clone()));
        ui.close();
    }
    if ui.button("Show in source").clicked() {
        queue.push(Action::Reveal(quote.id.clone()));
        ui.close();
    }
    if ui
        .button(RichText::new("Remove from claim").color(ui.visuals().error_fg_color))
        .clicked()
    {
        queue.push(Action::Edit(Command::RemoveEvidence {
            claim: claim.id.clone(),
            quote: quote.id.clone(),
        }));
        ui.close();
    }
}

fn new_claim_field(
    ui: &mut Ui,
    paragraph: usize,
    hint: String,
    state: &mut UiState,
    queue: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let text = state.new_claim_text.entry(paragraph).or_default();
        let field = ui.add(
            egui::TextEdit::singleline(text)
                .id_salt(("new-claim", paragraph))
                .hint_text(hint.as_str())
                .desired_width(ui.available_width() - 60.0),
        );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, hint.trim_end_matches('…'))
        });
        if state.focus_new_claim == Some(paragraph) {
            field.request_focus();
            field.scroll_to_me(Some(Align::Center));
            state.focus_new_claim = None;
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let ready = !text.trim().is_empty();
        let add = ui
            .add_enabled(ready, egui::Button::new("Add"))
            .on_hover_text("Add this claim")
            .clicked();
        if ready && (add || entered) {
            queue.push(Action::AddClaim(paragraph, text.clone()));
        }
    });
}

/// Puts the cursor of the text field `id` at character `at` from the next
/// frame on.
fn place_cursor(ctx: &egui::Context, id: egui::Id, at: usize) {
    let mut field = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    let cursor = egui::text::CCursor::new(at);
    field
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(cursor)));
    field.store(ctx, id);
    ctx.request_repaint();
}
