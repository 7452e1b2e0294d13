//! Every action of the app that has a menu entry or a shortcut.
//!
//! One list drives the menus, the keyboard shortcuts and the tooltips: each
//! [`UiCommand`] knows its label, its shortcut and what it does in a tooltip.

use egui::{Key, KeyboardShortcut, Modifiers};

/// An action the user can trigger from a menu or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Create a project.
    NewProject,
    /// Open a project folder.
    OpenProject,
    /// Save the project.
    Save,
    /// Add a source from a text file.
    AddSourceFile,
    /// Add a source by pasting its text.
    AddSourcePaste,
    /// Add a source fetched from the web.
    AddSourceUrl,
    /// Edit the citation of the open source.
    EditCitation,
    /// Review and record a new version of the open source.
    UpdateSource,
    /// Fetch every web source again and compare it with its recorded version.
    RecheckSources,
    /// Remove the open source (asking first when claims cite it).
    RemoveSource,
    /// The project's title and check settings.
    ProjectSettings,
    /// Export the cited summary.
    Export,
    /// Quit.
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Find in the open source.
    Find,
    /// Next find match.
    FindNext,
    /// Previous find match.
    FindPrevious,
    /// Find in every source.
    FindAll,
    /// Cite the selection in the focused claim.
    CiteSelection,
    /// Make the next citation support its claim.
    StanceSupports,
    /// Make the next citation contradict its claim.
    StanceContradicts,
    /// Make the next citation context for its claim.
    StanceContext,
    /// Cite the focused claim's first suggested passage.
    CiteSuggestion,
    /// Show the focused claim's first suggested passage in its source.
    OpenSuggestion,
    /// Add a claim.
    AddClaim,
    /// Focus the next claim of the summary.
    NextClaim,
    /// Focus the previous claim of the summary.
    PreviousClaim,
    /// Move the focused claim up.
    MoveClaimUp,
    /// Move the focused claim down.
    MoveClaimDown,
    /// Delete the focused claim.
    DeleteClaim,
    /// Sign off the focused claim.
    SignOff,
    /// Show the review panel (or the summary again).
    ToggleReview,
    /// Follow the system's light or dark theme.
    ThemeSystem,
    /// The light theme.
    ThemeLight,
    /// The dark theme.
    ThemeDark,
    /// Larger source text.
    ZoomIn,
    /// Smaller source text.
    ZoomOut,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const CTRL_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 38] = [
        UiCommand::NewProject,
        UiCommand::OpenProject,
        UiCommand::Save,
        UiCommand::AddSourceFile,
        UiCommand::AddSourcePaste,
        UiCommand::AddSourceUrl,
        UiCommand::EditCitation,
        UiCommand::UpdateSource,
        UiCommand::RemoveSource,
        UiCommand::RecheckSources,
        UiCommand::ProjectSettings,
        UiCommand::Export,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Find,
        UiCommand::FindNext,
        UiCommand::FindPrevious,
        UiCommand::FindAll,
        UiCommand::CiteSelection,
        UiCommand::StanceSupports,
        UiCommand::StanceContradicts,
        UiCommand::StanceContext,
        UiCommand::CiteSuggestion,
        UiCommand::OpenSuggestion,
        UiCommand::AddClaim,
        UiCommand::NextClaim,
        UiCommand::PreviousClaim,
        UiCommand::MoveClaimUp,
        UiCommand::MoveClaimDown,
        UiCommand::DeleteClaim,
        UiCommand::SignOff,
        UiCommand::ToggleReview,
        UiCommand::ThemeSystem,
        UiCommand::ThemeLight,
        UiCommand::ThemeDark,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::NewProject => "New Project…",
            UiCommand::OpenProject => "Open Project…",
            UiCommand::Save => "Save",
            UiCommand::AddSourceFile => "Add Source from File…",
            UiCommand::AddSourcePaste => "Add Source from Clipboard…",
            UiCommand::AddSourceUrl => "Add Source from URL…",
            UiCommand::EditCitation => "Edit Citation…",
            UiCommand::UpdateSource => "Update Source from File…",
            UiCommand::RecheckSources => "Check Sources Against the Web…",
            UiCommand::RemoveSource => "Remove Source…",
            UiCommand::ProjectSettings => "Project Settings…",
            UiCommand::Export => "Export…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Find => "Find in Source",
            UiCommand::FindNext => "Find Next",
            UiCommand::FindPrevious => "Find Previous",
            UiCommand::FindAll => "Find in All Sources…",
            UiCommand::CiteSelection => "Cite Selection",
            UiCommand::StanceSupports => "Next Citation Supports",
            UiCommand::StanceContradicts => "Next Citation Contradicts",
            UiCommand::StanceContext => "Next Citation Is Context",
            UiCommand::CiteSuggestion => "Cite First Suggestion",
            UiCommand::OpenSuggestion => "Show First Suggestion",
            UiCommand::AddClaim => "New Claim",
            UiCommand::NextClaim => "Next Claim",
            UiCommand::PreviousClaim => "Previous Claim",
            UiCommand::MoveClaimUp => "Move Claim Up",
            UiCommand::MoveClaimDown => "Move Claim Down",
            UiCommand::DeleteClaim => "Delete Claim",
            UiCommand::SignOff => "Sign Off…",
            UiCommand::ToggleReview => "Review Panel",
            UiCommand::ThemeSystem => "System Theme",
            UiCommand::ThemeLight => "Light Theme",
            UiCommand::ThemeDark => "Dark Theme",
            UiCommand::ZoomIn => "Larger Text",
            UiCommand::ZoomOut => "Smaller Text",
        }
    }

    /// What it does, for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::NewProject => "Create a new project folder",
            UiCommand::OpenProject => "Open a project folder",
            UiCommand::Save => {
                "Save the project (atomically; the previous save is kept as project.ron.bak)"
            }
            UiCommand::AddSourceFile => {
                "Add a text, Markdown, web page, PDF or Word file as a new source (its text is extracted and the original kept)"
            }
            UiCommand::AddSourcePaste => "Paste the text of a new source and fill in its citation",
            UiCommand::AddSourceUrl => {
                "Fetch a web page or document and add it as a new source, with its address and the date of retrieval"
            }
            UiCommand::EditCitation => {
                "Edit the title, publisher, author, URL and dates of the open source"
            }
            UiCommand::UpdateSource => {
                "Compare a new version of the open source with the recorded one, see what happens to every quote, and record it"
            }
            UiCommand::RecheckSources => {
                "Fetch every source that has a web address again and compare its live page with the recorded version: which cited passages changed or went, and the claims relying on them"
            }
            UiCommand::RemoveSource => {
                "Remove the open source with its quotes and the evidence citing them (Undo brings it back)"
            }
            UiCommand::ProjectSettings => {
                "The project's title and how many independent sources each claim needs"
            }
            UiCommand::Export => {
                "Export the cited summary as Markdown, HTML or W3C Web Annotations"
            }
            UiCommand::Quit => "Close Attest",
            UiCommand::Undo => "Undo the last edit",
            UiCommand::Redo => "Redo the last undone edit",
            UiCommand::Find => "Search the open source",
            UiCommand::FindNext => "Go to the next match and select it",
            UiCommand::FindPrevious => "Go to the previous match and select it",
            UiCommand::FindAll => {
                "Search every source for words or a \"phrase\"; matches are listed by source"
            }
            UiCommand::CiteSelection => "Attach the selected passage to the focused claim",
            UiCommand::StanceSupports => "The next citation supports its claim",
            UiCommand::StanceContradicts => "The next citation contradicts its claim",
            UiCommand::StanceContext => {
                "The next citation gives context to its claim, neither backing nor disputing it"
            }
            UiCommand::CiteSuggestion => {
                "Cite the first passage under Suggested evidence in the focused claim, with the stance chosen for the next citation"
            }
            UiCommand::OpenSuggestion => {
                "Show the first passage under Suggested evidence in its source, selected"
            }
            UiCommand::AddClaim => "Add a claim after the focused one",
            UiCommand::NextClaim => "Focus the next claim of the summary and scroll it into view",
            UiCommand::PreviousClaim => {
                "Focus the previous claim of the summary and scroll it into view"
            }
            UiCommand::MoveClaimUp => {
                "Move the focused claim up (into the previous paragraph at the top)"
            }
            UiCommand::MoveClaimDown => {
                "Move the focused claim down (into the next paragraph at the bottom)"
            }
            UiCommand::DeleteClaim => "Delete the focused claim (its quotes stay)",
            UiCommand::SignOff => {
                "Approve the focused claim as it stands, with its evidence (any later change voids it)"
            }
            UiCommand::ToggleReview => {
                "Switch between the summary and the review panel: every claim's findings and sign-off"
            }
            UiCommand::ThemeSystem => "Light or dark as the desktop is set",
            UiCommand::ThemeLight => "Dark text on a light background",
            UiCommand::ThemeDark => "Light text on a dark background",
            UiCommand::ZoomIn => "Make the source text larger",
            UiCommand::ZoomOut => "Make the source text smaller",
        }
    }

    /// The keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let s = |m, k| Some(KeyboardShortcut::new(m, k));
        match self {
            UiCommand::NewProject => s(CTRL, Key::N),
            UiCommand::OpenProject => s(CTRL, Key::O),
            UiCommand::Save => s(CTRL, Key::S),
            UiCommand::AddSourceFile => s(CTRL_SHIFT, Key::O),
            UiCommand::AddSourcePaste => s(CTRL_SHIFT, Key::V),
            UiCommand::AddSourceUrl => s(CTRL_SHIFT, Key::U),
            UiCommand::EditCitation
            | UiCommand::UpdateSource
            | UiCommand::RemoveSource
            | UiCommand::RecheckSources
            | UiCommand::ProjectSettings => None,
            UiCommand::Export => s(CTRL_SHIFT, Key::E),
            UiCommand::Quit => s(CTRL, Key::Q),
            UiCommand::Undo => s(CTRL, Key::Z),
            UiCommand::Redo => s(CTRL_SHIFT, Key::Z),
            UiCommand::Find => s(CTRL, Key::F),
            UiCommand::FindNext => s(Modifiers::NONE, Key::F3),
            UiCommand::FindPrevious => s(Modifiers::SHIFT, Key::F3),
            UiCommand::FindAll => s(CTRL_SHIFT, Key::F),
            UiCommand::CiteSelection => s(CTRL, Key::E),
            UiCommand::StanceSupports => s(Modifiers::ALT, Key::Num1),
            UiCommand::StanceContradicts => s(Modifiers::ALT, Key::Num2),
            UiCommand::StanceContext => s(Modifiers::ALT, Key::Num3),
            UiCommand::CiteSuggestion => s(CTRL_SHIFT, Key::C),
            UiCommand::OpenSuggestion => s(CTRL_SHIFT, Key::G),
            UiCommand::AddClaim => s(CTRL, Key::Enter),
            UiCommand::NextClaim => s(CTRL, Key::ArrowDown),
            UiCommand::PreviousClaim => s(CTRL, Key::ArrowUp),
            UiCommand::MoveClaimUp => s(CTRL_ALT, Key::ArrowUp),
            UiCommand::MoveClaimDown => s(CTRL_ALT, Key::ArrowDown),
            UiCommand::DeleteClaim => s(CTRL_SHIFT, Key::Backspace),
            UiCommand::SignOff => s(CTRL_ALT, Key::S),
            UiCommand::ToggleReview => s(CTRL_SHIFT, Key::R),
            UiCommand::ThemeSystem | UiCommand::ThemeLight | UiCommand::ThemeDark => None,
            UiCommand::ZoomIn => s(CTRL, Key::Plus),
            UiCommand::ZoomOut => s(CTRL, Key::Minus),
        }
    }

    /// A menu button for this command, with its shortcut and tooltip.
    /// Returns whether it was clicked.
    pub fn menu_button(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        let mut button = egui::Button::new(self.label());
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        ui.add_enabled(enabled, button)
            .on_hover_text(self.tooltip())
            .clicked()
    }

    /// A tooltip with the shortcut, for toolbar buttons.
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(s) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(&s)),
            None => self.tooltip().to_owned(),
        }
    }

    /// The commands whose shortcut was pressed this frame (consumed, so text
    /// fields do not also act on them).
    pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            // Longer modifier combinations first, so Ctrl+Shift+Z is not read as Ctrl+Z.
            let mut all: Vec<_> = Self::ALL
                .iter()
                .filter_map(|&c| c.shortcut().map(|s| (c, s)))
                .collect();
            all.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
            for (command, shortcut) in all {
                if input.consume_shortcut(&shortcut) {
                    pressed.push(command);
                }
            }
        });
        pressed
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut table in the README, as the command list defines it.
    fn shortcut_table() -> String {
        UiCommand::ALL
            .iter()
            .filter_map(|c| {
                let s = c.shortcut()?;
                Some(format!(
                    "| {} | `{}` |\n",
                    c.label(),
                    s.format(&egui::ModifierNames::NAMES, false)
                ))
            })
            .collect()
    }

    #[test]
    fn readme_lists_every_shortcut() {
        let readme = include_str!("../../README.md");
        let table = shortcut_table();
        assert!(
            readme.contains(&table),
            "README.md's keyboard table is out of date; it should read:\n{table}"
        );
    }

    #[test]
    fn shortcuts_are_unique_and_labels_are_set() {
        let mut seen = std::collections::HashSet::new();
        for command in UiCommand::ALL {
            assert!(!command.label().is_empty() && !command.tooltip().is_empty());
            if let Some(s) = command.shortcut() {
                assert!(
                    seen.insert((
                        s.modifiers.shift,
                        s.modifiers.alt,
                        s.modifiers.command,
                        s.logical_key
                    )),
                    "{command:?}"
                );
            }
        }
    }
}
