//! What the app does with each action and each command of the command
//! list, after a frame is drawn: edits go to the document, and every other
//! action (save, export, cite, reveal a quote, browse) is handled here.

use super::*;

impl AttestApp {
    /// Performs one action.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Run(command) => self.run(ctx, command),
            Action::Edit(command) => {
                self.edit(command);
            }
            action @ (Action::Open(_) | Action::Create(..) | Action::Quit) => {
                if self.is_dirty() && !self.quitting {
                    self.state.dialog = Some(Dialog::Unsaved(Box::new(action)));
                } else {
                    self.force(ctx, action);
                }
            }
            Action::ShowSource(id) => self.state.current_source = Some(id),
            Action::SetSourceOrder(order) => {
                self.state.settings.source_order = order;
                self.save_settings();
            }
            Action::FocusClaim(id, scroll) => {
                if scroll {
                    self.state.scroll_to_claim = Some(id.clone());
                }
                self.state.focused_claim = Some(id);
            }
            Action::Reveal(quote) => self.reveal(ctx, &quote),
            Action::Cite(claim) => self.cite(&claim),
            Action::CiteSuggestion(rank) => self.cite_suggestion(ctx, rank),
            Action::OpenSuggestion(rank) => {
                if let Some((_, s)) = self.suggestion(rank) {
                    self.open_match(ctx, &s.source, s.start..s.end);
                }
            }
            Action::OpenMatch(source, range) => self.open_match(ctx, &source, range),
            Action::Reselect(quote) => self.reselect(&quote),
            Action::AddClaim(paragraph, text) => {
                let Some(doc) = &self.doc else { return };
                match actions::add_claim(doc.project(), &text, Some(paragraph)) {
                    Ok((command, id)) => {
                        if self.edit(command) {
                            self.state.new_claim_text.remove(&paragraph);
                            self.state.focused_claim = Some(id);
                        }
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            Action::MoveClaim(id, up) => {
                let Some(doc) = &self.doc else { return };
                match actions::move_claim(doc.project(), &id, up) {
                    Ok(Some(command)) => {
                        self.edit(command);
                        self.state.scroll_to_claim = Some(id);
                    }
                    Ok(None) => {}
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            Action::DeleteClaim(id) => {
                let Some(doc) = &self.doc else { return };
                let gone = doc.project().claim(&id).map(|c| {
                    let citations = match c.evidence.len() {
                        0 => String::new(),
                        1 => " and its citation".to_owned(),
                        n => format!(" and its {n} citations"),
                    };
                    format!(
                        "Deleted the claim “{}”{citations}; its quotes stay with their sources.",
                        crate::util::snippet(&c.text, 60)
                    )
                });
                match actions::remove_claim(doc.project(), &id) {
                    Ok(command) => {
                        if self.edit(command) {
                            if self.state.focused_claim.as_ref() == Some(&id) {
                                self.state.focused_claim = None;
                            }
                            if let Some(text) = gone {
                                self.state.message = Some(Message {
                                    text,
                                    since: None,
                                    undo: true,
                                });
                            }
                        }
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            Action::AddSource(new) => {
                let Some(doc) = &self.doc else { return };
                let ui::dialogs::NewSource {
                    text,
                    original,
                    citation,
                    id,
                    duplicate,
                } = *new;
                let original_sha = original
                    .as_ref()
                    .map(|(o, _)| crate::model::sha256_hex(&o.bytes));
                if let Some(same) =
                    actions::same_document(doc.project(), &text, original_sha.as_deref())
                    && !duplicate
                {
                    let message = format!(
                        "This is the same text as ‘{}’ ({}), which the project has already.",
                        crate::util::snippet(same.label(), 60),
                        same.id
                    );
                    if let Some(ui::dialogs::Dialog::AddSource(form)) = &mut self.state.dialog {
                        form.refuse_duplicate(message);
                    }
                    return;
                }
                match actions::add_imported_source(
                    doc.project(),
                    text,
                    original,
                    citation,
                    id.as_deref(),
                ) {
                    Ok((command, id)) => {
                        if self.edit(command) {
                            self.state.current_source = Some(id);
                            self.state.dialog = None;
                        }
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            Action::Notify(text, error) => self.notify(text, error),
            Action::SaveThen(next) => {
                if self.save() {
                    self.apply(ctx, Action::Discard(next));
                }
            }
            Action::Discard(next) => self.force(ctx, *next),
            Action::Browse(target) => self.browse(target),
            Action::SignOff(claim, by, note) => self.sign_off(&claim, &by, &note),
            Action::Export(format, path, allow_blockers) => {
                self.export(format, &path, allow_blockers);
            }
            Action::ShowReview(review) => self.state.reviewing = review,
            Action::OpenDialog(dialog) => self.state.dialog = Some(*dialog),
            Action::SaveCopy(dir) => self.save_copy(&dir),
            Action::RestoreJournal(recovered) => self.restore_journal(*recovered),
            Action::DiscardJournal => {
                if let Some(doc) = &mut self.doc {
                    let kept = doc.discard_journal(self.discarded_dir.as_deref());
                    let text = match kept {
                        Some(at) => format!(
                            "Discarded the unsaved work; a copy is kept in {} until the next discard.",
                            at.display()
                        ),
                        None => "Discarded the unsaved work.".to_owned(),
                    };
                    self.notify(text, false);
                }
            }
        }
    }

    /// Saves the project into another folder and goes on editing there.
    pub(super) fn save_copy(&mut self, dir: &Path) {
        let Some(doc) = &mut self.doc else { return };
        match doc.save_as(dir) {
            Ok(()) => {
                self.state.dialog = None;
                self.state.checker.invalidate();
                self.state.settings.remember(dir);
                self.save_settings();
                self.take_lock(dir);
                self.notify(
                    format!("Saved a copy in {}; you are now editing it", dir.display()),
                    false,
                );
            }
            Err(e) => self.notify(format!("Could not save the copy: {e}"), true),
        }
    }

    /// Signs off a claim now, as `by`; remembers the name for next time.
    pub(super) fn sign_off(&mut self, claim: &ClaimId, by: &str, note: &str) {
        let Some(doc) = &self.doc else { return };
        let report = doc.check();
        match actions::sign_off(
            doc.project(),
            &report,
            claim,
            by,
            note,
            &crate::util::now_utc(),
        ) {
            Ok(command) => {
                let text = doc
                    .project()
                    .claim(claim)
                    .map_or_else(String::new, |c| crate::util::snippet(&c.text, 50));
                if self.edit(command) {
                    self.state.dialog = None;
                    self.notify(format!("Signed off “{text}” as {}.", by.trim()), false);
                    if self.state.settings.reviewer != by.trim() {
                        self.state.settings.reviewer = by.trim().to_owned();
                        self.save_settings();
                    }
                }
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Exports the summary to a file; refused while the check finds
    /// blockers, unless they are allowed.
    pub fn export(
        &mut self,
        format: crate::export::Format,
        path: &Path,
        allow_blockers: bool,
    ) -> bool {
        let Some(doc) = &self.doc else { return false };
        let text = match crate::export::export(doc, format, allow_blockers) {
            Ok(exported) => exported.text,
            Err(e) => {
                self.notify(e.to_string(), true);
                return false;
            }
        };
        match crate::project::store::atomic_write(path, text.as_bytes()) {
            Ok(()) => {
                self.state.dialog = None;
                self.notify(
                    format!(
                        "Exported {} to {}",
                        format.exporter().name(),
                        path.display()
                    ),
                    false,
                );
                true
            }
            Err(e) => {
                self.notify(format!("Could not export: {e}"), true);
                false
            }
        }
    }

    /// Opens, creates or quits without asking about unsaved changes; other
    /// actions are applied as usual.
    pub(super) fn force(&mut self, ctx: &egui::Context, action: Action) {
        // Leaving unsaved edits behind on purpose: their journal goes too.
        if matches!(action, Action::Open(_) | Action::Create(..) | Action::Quit)
            && let Some(doc) = &mut self.doc
            && doc.is_dirty()
        {
            doc.discard_journal(self.discarded_dir.as_deref());
        }
        match action {
            Action::Open(dir) => self.open(&dir),
            Action::Create(dir, title) => match Document::create(&dir, &title) {
                Ok(doc) => self.set_document(doc),
                Err(e) => self.notify(format!("Could not create the project: {e}"), true),
            },
            Action::Quit => {
                self.quitting = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            other => self.apply(ctx, other),
        }
    }

    /// Applies an edit; reports a refusal in the notice bar.
    pub(super) fn edit(&mut self, command: Command) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        match doc.apply(command) {
            Ok(()) => {
                self.keep_current_source();
                true
            }
            Err(e) => {
                self.notify(format!("That edit was refused: {e}"), true);
                false
            }
        }
    }

    /// Shows another source when the one shown is gone (removed, or its
    /// adding undone).
    pub(super) fn keep_current_source(&mut self) {
        let Some(doc) = &self.doc else { return };
        let project = doc.project();
        if self
            .state
            .current_source
            .as_ref()
            .is_some_and(|s| project.source(s).is_none())
        {
            self.state.current_source = project
                .sources_in_added_order()
                .first()
                .map(|s| s.id.clone());
        }
    }

    /// Saves the open project; reports failure in the window.
    pub fn save(&mut self) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        match doc.save() {
            Ok(()) => {
                let message = format!("Saved {}", doc.dir().display());
                self.notify(message, false);
                true
            }
            Err(crate::project::store::SaveError::ChangedOnDisk(_)) => {
                self.state.dialog = Some(Dialog::changed_on_disk(doc.dir()));
                false
            }
            Err(e) => {
                self.notify(format!("Could not save: {e}"), true);
                false
            }
        }
    }

    pub(super) fn reveal(&mut self, ctx: &egui::Context, quote: &QuoteId) {
        let Some(doc) = &self.doc else { return };
        let Some(q) = doc.project().quote(quote) else {
            return;
        };
        // An unresolved quote's offsets refer to an earlier version: show
        // the changed passage's new place if known, never the old offsets.
        let (range, notice) = match &q.unresolved {
            None => (Some(q.start..q.end), None),
            Some(u) => (
                u.place.map(|(a, b)| a..b),
                Some(format!(
                    "{} Select the passage in the source, then right-click the quote and choose “Re-select with the current selection”.",
                    crate::text::reanchor::unresolved_message(q, u)
                )),
            ),
        };
        let source = q.source.clone();
        self.state.current_source = Some(source.clone());
        let now = ctx.input(|i| i.time);
        if let (Some(view), Some(range)) =
            (ui::ensure_view(doc, &mut self.state.views, &source), range)
        {
            view.reveal(range, now);
        }
        if let Some(text) = notice {
            self.notify(text, false);
        }
    }

    /// The selection in a source's view, with the text, if the view shows the
    /// source's current version (a selection is never applied to another
    /// version's text).
    pub(super) fn selection_in(
        &self,
        source: &SourceId,
    ) -> Option<(std::ops::Range<usize>, crate::text::anchor::SourceText)> {
        let current = &self.doc.as_ref()?.project().source(source)?.sha256;
        let view = self
            .state
            .views
            .get(source)
            .filter(|v| v.version() == current)?;
        Some((view.snapped_selection()?, view.text().clone()))
    }

    /// Points a quote at the current selection of its source.
    pub(super) fn reselect(&mut self, quote: &QuoteId) {
        let Some(doc) = &self.doc else { return };
        let Some(q) = doc.project().quote(quote).cloned() else {
            return;
        };
        let Some((range, text)) = self.selection_in(&q.source) else {
            return self.notify(
                format!(
                    "Select the passage for {quote} in source {} first.",
                    q.source
                ),
                false,
            );
        };
        let (prefix, suffix) = text.context(range.clone());
        let updated = crate::model::Quote {
            start: range.start,
            end: range.end,
            text: text.slice(range).unwrap_or_default().to_owned(),
            prefix,
            suffix,
            unresolved: None,
            ..q
        };
        if self.edit(Command::SetQuote { quote: updated }) {
            self.notify(format!("{quote} now quotes the selected passage."), false);
        }
    }

    pub(super) fn cite(&mut self, claim: &ClaimId) {
        if self.doc.is_none() {
            return;
        }
        let Some(source) = self.state.current_source.clone() else {
            return self.notify("Open a source and select a passage to cite.".into(), false);
        };
        let Some(range) = self
            .state
            .views
            .get(&source)
            .and_then(SourceView::snapped_selection)
        else {
            return self.notify(
                "Select a passage in the source first (drag, double-click a word, or find it with Ctrl+F).".into(),
                false,
            );
        };
        if self.cite_range(claim, &source, range).is_some()
            && let Some(view) = self.state.views.get_mut(&source)
        {
            view.selection = None;
            view.find.cited();
        }
    }

    /// Cites a passage of a source in a claim with the stance chosen for the
    /// next citation, confirms it naming the claim by its text, and resets
    /// the stance; returns the quote cited.
    pub(super) fn cite_range(
        &mut self,
        claim: &ClaimId,
        source: &SourceId,
        range: std::ops::Range<usize>,
    ) -> Option<QuoteId> {
        let doc = self.doc.as_ref()?;
        let stance = self.state.cite_stance;
        match actions::cite(doc.project(), doc.texts(), claim, source, range, stance, "") {
            Ok((command, quote)) => {
                let text = doc.project().claim(claim).map(|c| c.text.clone());
                if !self.edit(command) {
                    return None;
                }
                self.notify(cited_message(&quote, text.as_deref(), stance), false);
                // A stance is chosen for one citation: the next starts from
                // Supports again, as the toolbar then shows.
                self.state.cite_stance = Stance::Supports;
                Some(quote)
            }
            Err(e) => {
                self.notify(e.to_string(), true);
                None
            }
        }
    }

    /// The focused claim and one of its suggestions, or a hint saying why
    /// there is none.
    pub(super) fn suggestion(&mut self, rank: usize) -> Option<(ClaimId, evidence::Suggestion)> {
        let Some(claim) = self.state.focused_claim.clone() else {
            self.notify(
                "Click a claim to see its suggested evidence first.".into(),
                false,
            );
            return None;
        };
        match self.state.suggestions.get(&claim, rank) {
            Some(s) => Some((claim, s.clone())),
            None => {
                let why = if self.state.suggestions.indexing() {
                    "The sources are still being indexed; suggestions follow in a moment."
                } else {
                    "There is no suggested passage for this claim."
                };
                self.notify(why.into(), false);
                None
            }
        }
    }

    /// Shows a source with a passage selected and scrolled into view.
    pub(super) fn open_match(
        &mut self,
        ctx: &egui::Context,
        source: &SourceId,
        range: std::ops::Range<usize>,
    ) {
        let Some(doc) = &self.doc else { return };
        self.state.current_source = Some(source.clone());
        let now = ctx.input(|i| i.time);
        if let Some(view) = ui::ensure_view(doc, &mut self.state.views, source) {
            view.select(range.clone());
            view.reveal(range, now);
            view.focus_requested = true;
        }
    }

    /// Cites a suggested passage in the focused claim with the stance
    /// chosen for the next citation, and shows it in its source.
    pub(super) fn cite_suggestion(&mut self, ctx: &egui::Context, rank: usize) {
        let Some((claim, s)) = self.suggestion(rank) else {
            return;
        };
        if let Some(quote) = self.cite_range(&claim, &s.source, s.start..s.end) {
            self.reveal(ctx, &quote);
        }
    }

    pub(super) fn run(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::NewProject => {
                self.state.dialog = Some(Dialog::new_project(&self.state.settings));
            }
            UiCommand::OpenProject => {
                self.state.dialog = Some(Dialog::open_project(&self.state.settings));
            }
            UiCommand::Save => {
                self.save();
            }
            UiCommand::AddSourceFile if self.doc.is_some() => {
                self.state.dialog = Some(Dialog::add_source_file());
            }
            UiCommand::AddSourcePaste if self.doc.is_some() => {
                self.state.dialog = Some(Dialog::add_source_paste());
            }
            UiCommand::AddSourceUrl if self.doc.is_some() => {
                self.state.dialog = Some(Dialog::add_source_url());
            }
            UiCommand::EditCitation => {
                if let (Some(doc), Some(id)) = (&self.doc, &self.state.current_source)
                    && let Some(source) = doc.project().source(id)
                {
                    self.state.dialog = Some(Dialog::edit_citation(source));
                }
            }
            UiCommand::UpdateSource => {
                if let Some(id) = &self.state.current_source {
                    self.state.dialog = Some(Dialog::update_source(id.clone()));
                }
            }
            UiCommand::RecheckSources => {
                if let Some(doc) = &self.doc {
                    match crate::app::ui::dialogs::Recheck::start(doc, ctx) {
                        Some(recheck) => {
                            self.state.dialog = Some(Dialog::Recheck(Box::new(recheck)));
                        }
                        None => self.notify(
                            "No source has a web address to check; add one in the source's citation (Sources ▸ Edit Citation…)".into(),
                            false,
                        ),
                    }
                }
            }
            UiCommand::Export => {
                if let Some(doc) = &self.doc {
                    self.state.dialog = Some(Dialog::export(doc));
                }
            }
            UiCommand::SignOff => match (&self.doc, self.state.focused_claim.clone()) {
                (Some(doc), Some(claim)) if doc.project().claim(&claim).is_some() => {
                    self.state.dialog = Some(Dialog::sign_off(claim, &self.state.settings));
                }
                _ => self.notify("Click the claim to sign off first.".into(), false),
            },
            UiCommand::ToggleReview => self.state.reviewing = !self.state.reviewing,
            UiCommand::Quit => self.apply(ctx, Action::Quit),
            UiCommand::Undo | UiCommand::Redo => {
                let Some(doc) = &mut self.doc else { return };
                let focused = self.state.focused_claim.clone();
                let text_of = |doc: &Document| {
                    let claim = doc.project().claim(focused.as_ref()?)?;
                    Some(claim.text.clone())
                };
                let before = text_of(doc);
                let result = if command == UiCommand::Undo {
                    doc.undo()
                } else {
                    doc.redo()
                };
                if let (Some(claim), Some(before), Some(after)) = (&focused, before, text_of(doc))
                    && before != after
                {
                    let cursor = end_of_change(&before, &after);
                    self.state.claim_cursor = Some((claim.clone(), cursor));
                }
                match result {
                    Ok(_) => self.keep_current_source(),
                    Err(e) => self.notify(
                        format!("Could not {}: {e}", command.label().to_lowercase()),
                        true,
                    ),
                }
            }
            UiCommand::Find => {
                if let Some(view) = self.current_view_mut() {
                    view.find.open = true;
                    view.find.focus_requested = true;
                }
            }
            UiCommand::FindNext | UiCommand::FindPrevious => {
                if let Some(view) = self.current_view_mut()
                    && let Some(range) = view.find.step(command == UiCommand::FindNext)
                {
                    view.select(range);
                }
            }
            UiCommand::StanceSupports => self.state.cite_stance = Stance::Supports,
            UiCommand::StanceContradicts => self.state.cite_stance = Stance::Contradicts,
            UiCommand::StanceContext => self.state.cite_stance = Stance::Context,
            UiCommand::CiteSuggestion => self.apply(ctx, Action::CiteSuggestion(0)),
            UiCommand::OpenSuggestion => self.apply(ctx, Action::OpenSuggestion(0)),
            UiCommand::FindAll => {
                self.state.find_all.open = true;
                self.state.find_all.focus_requested = true;
            }
            UiCommand::CiteSelection => match self.state.focused_claim.clone() {
                Some(claim) => self.cite(&claim),
                None => self.notify("Click the claim to cite into first.".into(), false),
            },
            UiCommand::AddClaim => {
                let paragraph = match (&self.doc, &self.state.focused_claim) {
                    (Some(doc), Some(c)) => doc.project().claim_place(c).map(|p| p.paragraph),
                    (Some(doc), None) => Some(doc.project().paragraphs.len().saturating_sub(1)),
                    _ => None,
                };
                self.state.focus_new_claim = paragraph;
            }
            UiCommand::MoveClaimUp | UiCommand::MoveClaimDown => {
                if let Some(id) = self.state.focused_claim.clone() {
                    self.apply(
                        ctx,
                        Action::MoveClaim(id, command == UiCommand::MoveClaimUp),
                    );
                }
            }
            UiCommand::DeleteClaim => {
                if let Some(id) = self.state.focused_claim.clone() {
                    self.apply(ctx, Action::DeleteClaim(id));
                }
            }
            UiCommand::ThemeSystem | UiCommand::ThemeLight | UiCommand::ThemeDark => {
                let dark = match command {
                    UiCommand::ThemeLight => Some(false),
                    UiCommand::ThemeDark => Some(true),
                    _ => None,
                };
                self.state.settings.dark_mode = dark;
                ui::apply_theme(ctx, dark);
                self.save_settings();
            }
            UiCommand::NextClaim | UiCommand::PreviousClaim => {
                let Some(doc) = &self.doc else { return };
                let claims: Vec<&ClaimId> = doc.project().claims().map(|(_, c)| &c.id).collect();
                let at = self
                    .state
                    .focused_claim
                    .as_ref()
                    .and_then(|f| claims.iter().position(|c| *c == f));
                let next = match (at, command == UiCommand::NextClaim) {
                    (None, true) => claims.first(),
                    (None, false) => claims.last(),
                    (Some(i), true) => claims.get(i + 1),
                    (Some(i), false) => i.checked_sub(1).and_then(|i| claims.get(i)),
                };
                if let Some(&id) = next {
                    self.state.focused_claim = Some(id.clone());
                    self.state.scroll_to_claim = Some(id.clone());
                    self.state.focus_claim_text = Some(id.clone());
                    self.state.reviewing = false;
                }
            }
            UiCommand::RemoveSource => {
                let (Some(doc), Some(id)) = (&self.doc, self.state.current_source.clone()) else {
                    return;
                };
                match actions::remove_source(doc.project(), &id) {
                    Ok(removal) if removal.claims.is_empty() => {
                        let name = doc.project().source_name(&id);
                        if self.edit(removal.command) {
                            self.notify(
                                format!("Removed source ‘{name}’ (Ctrl+Z brings it back)."),
                                false,
                            );
                        }
                    }
                    Ok(_) => self.state.dialog = Some(Dialog::RemoveSource { source: id }),
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::ProjectSettings => {
                if let Some(doc) = &self.doc {
                    self.state.dialog = Some(Dialog::settings(doc.project()));
                }
            }
            UiCommand::ZoomIn | UiCommand::ZoomOut => {
                let step = if command == UiCommand::ZoomIn {
                    1.0
                } else {
                    -1.0
                };
                self.state.settings.text_size =
                    (self.state.settings.text_size + step).clamp(11.0, 28.0);
                self.save_settings();
            }
            UiCommand::AddSourceFile | UiCommand::AddSourcePaste | UiCommand::AddSourceUrl => {}
        }
    }

    /// Fills the open dialog's path from a native file dialog; a cancelled
    /// dialog (or none available) changes nothing.
    pub(super) fn browse(&mut self, target: Browse) {
        let picked = match target {
            Browse::Folder => self.dialogs.pick_folder("Choose a project folder"),
            Browse::TextFile => self.dialogs.pick_text_file("Choose a source text file"),
            Browse::SaveFile => {
                let name = match &self.state.dialog {
                    Some(Dialog::Export { path, .. }) => Path::new(path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                self.dialogs.save_file("Export to", &name)
            }
        };
        match (picked, &mut self.state.dialog) {
            (Some(path), Some(dialog)) => dialog.set_path(&path),
            (Some(_), None) => {}
            (None, _) => self.notify(
                "No file was chosen. You can also type or paste a path into the field.".into(),
                false,
            ),
        }
    }
}

/// Where the text that differs between `before` and `after` ends in
/// `after`, in characters: the end of what came back, or the place of what
/// went away. Text editors leave the cursor there after an undo.
fn end_of_change(before: &str, after: &str) -> usize {
    let prefix = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let (before_len, after_len) = (before.chars().count(), after.chars().count());
    let suffix = before
        .chars()
        .rev()
        .zip(after.chars().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(before_len.min(after_len) - prefix);
    after_len - suffix
}

#[cfg(test)]
mod tests {
    use super::end_of_change;

    #[test]
    fn the_cursor_goes_after_what_came_back_or_where_it_went() {
        // Undoing a deletion at the end, in the middle, and of a repeated letter.
        assert_eq!(end_of_change("Wor", "Word"), 4);
        assert_eq!(end_of_change("Six died.", "Six people died."), 11);
        assert_eq!(end_of_change("ab", "abbb"), 4);
        // Undoing typing: the cursor stays where the typed text began.
        assert_eq!(end_of_change("Six people died.", "Six died."), 4);
        assert_eq!(end_of_change("More xyz", "More"), 4);
        // A replacement, a whole new text, and text in other scripts.
        assert_eq!(end_of_change("the 5 dead", "the 6 dead"), 5);
        assert_eq!(end_of_change("", "Claim"), 5);
        assert_eq!(end_of_change("Ünïcødé", "Ünï—cødé"), 4);
    }
}
