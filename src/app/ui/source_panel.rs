//! The open source: its citation, the find bar, and the text.

use egui::{Key, RichText, Ui};

use super::source_view::ViewEvent;
use crate::app::commands::UiCommand;
use crate::app::{Action, UiState};
use crate::project::document::Document;

/// Draws the open source.
pub fn ui(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    let project = doc.project();
    let Some(source) = state
        .current_source
        .as_ref()
        .and_then(|id| project.source(id))
    else {
        ui.centered_and_justified(|ui| {
            ui.weak("Add a source (Sources ▸ Add Source) to start quoting.");
        });
        return;
    };

    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.add(egui::Label::new(RichText::new(source.label()).heading()).truncate())
            .on_hover_text(source.label());
    });
    // One line however long the citation: the buttons at the right, the
    // citation cut short before them (in full on hover), so the text below
    // never moves.
    ui.horizontal(|ui| {
        let c = &source.citation;
        let mut parts: Vec<String> = vec![source.short_name().to_owned()];
        parts.extend(
            [&c.publisher, &c.author, &c.published]
                .into_iter()
                .filter(|s| !s.is_empty() && s.as_str() != source.short_name())
                .cloned(),
        );
        if parts.len() == 1 {
            parts.push("no publisher, author or date".into());
        }
        let meta = parts.join(" · ");
        // In a narrow panel the buttons say less, so that they still fit.
        let narrow = ui.available_width() < 440.0;
        let labels = if narrow {
            ["Citation…", "Update…"]
        } else {
            ["Edit citation…", "Update from file…"]
        };
        let buttons =
            if narrow { 160.0 } else { 250.0 } + if c.url.is_empty() { 0.0 } else { 40.0 };
        ui.scope(|ui| {
            ui.set_max_width((ui.available_width() - buttons).max(60.0));
            ui.add(egui::Label::new(RichText::new(&meta).weak()).truncate())
                .on_hover_text(format!("{meta}\nSource ID {}", source.id));
        });
        if !c.url.is_empty() {
            ui.hyperlink_to("link", &c.url).on_hover_text(&c.url);
        }
        for (command, label) in [UiCommand::EditCitation, UiCommand::UpdateSource]
            .into_iter()
            .zip(labels)
        {
            if ui
                .small_button(label)
                .on_hover_text(command.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(Action::Run(command));
            }
        }
    });

    let Some(view) = super::ensure_view(doc, &mut state.views, &source.id) else {
        ui.add_space(12.0);
        ui.colored_label(
            ui.visuals().error_fg_color,
            "The text of this source is missing or was changed on disk, so it cannot be shown. \
             See the problems under the source list.",
        );
        return;
    };

    if view.find.open {
        find_bar(ui, view, queue);
    }
    ui.separator();
    let events = view.ui(
        ui,
        project,
        doc.history().revision(),
        state.focused_claim.as_ref(),
        state.settings.text_size,
    );
    for event in events {
        match event {
            ViewEvent::ClickedQuotes(quotes) => {
                if let Some((claim, _)) =
                    quotes.iter().find_map(|q| project.citing_claims(q).next())
                {
                    queue.push(Action::FocusClaim(claim.id.clone(), true));
                }
            }
        }
    }
}

fn find_bar(ui: &mut Ui, view: &mut super::source_view::SourceView, queue: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut view.find.query)
                    .hint_text("text in this source")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut view.find.focus_requested) {
            field.request_focus();
        }
        let text = view.text().clone();
        if view.find.update(&text)
            && let Some(range) = view.find.current_range()
        {
            view.select(range);
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let backwards = ui.input(|i| i.modifiers.shift);
            if let Some(range) = view.find.step(!backwards) {
                view.select(range);
            }
            field.request_focus();
        }
        let status = match (view.find.count(), view.find.current()) {
            (0, _) if view.find.query.is_empty() => String::new(),
            (0, _) => "No matches".to_owned(),
            (n, Some(i)) => format!("{} of {n}", i + 1),
            (n, None) => format!("{n} matches"),
        };
        ui.label(status);
        for (command, label) in [(UiCommand::FindPrevious, "▲"), (UiCommand::FindNext, "▼")] {
            if ui
                .add_enabled(view.find.count() > 0, egui::Button::new(label))
                .on_hover_text(command.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(Action::Run(command));
            }
        }
        if ui
            .button("✕")
            .on_hover_text("Close the find bar (Esc)")
            .clicked()
            || ((field.has_focus() || field.lost_focus())
                && ui.input(|i| i.key_pressed(Key::Escape)))
        {
            view.find.open = false;
        }
    });
}
