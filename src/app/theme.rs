//! Colours: calm stance colours that read in the light and the dark theme.

use egui::{Color32, Visuals};

use crate::model::Stance;

/// The colours the app paints with, for one theme.
#[derive(Clone, Debug)]
pub struct Palette {
    /// Whether this is the dark theme.
    pub dark: bool,
    supports: Color32,
    contradicts: Color32,
    context: Color32,
    /// Background of a quote no claim cites.
    pub uncited_fill: Color32,
    /// Underline of a quote no claim cites.
    pub uncited_line: Color32,
    /// The user's selection.
    pub selection: Color32,
    /// Find matches.
    pub find: Color32,
    /// The current find match.
    pub find_current: Color32,
    /// A passage being revealed.
    pub flash: Color32,
    /// Frame of the focused claim.
    pub focus: Color32,
    /// A quote that waits for review after a source update.
    pub unresolved: Color32,
}

impl Palette {
    /// The palette for these visuals.
    pub fn of(visuals: &Visuals) -> Self {
        if visuals.dark_mode {
            Self {
                dark: true,
                supports: Color32::from_rgb(86, 196, 128),
                contradicts: Color32::from_rgb(240, 124, 110),
                context: Color32::from_rgb(122, 166, 240),
                uncited_fill: Color32::from_rgba_unmultiplied(160, 160, 160, 40),
                uncited_line: Color32::from_gray(140),
                selection: Color32::from_rgba_unmultiplied(90, 140, 255, 90),
                find: Color32::from_rgb(230, 180, 60),
                find_current: Color32::from_rgb(255, 205, 80),
                flash: Color32::from_rgba_unmultiplied(255, 210, 90, 150),
                focus: Color32::from_rgb(122, 166, 240),
                unresolved: Color32::from_rgb(240, 170, 60),
            }
        } else {
            Self {
                dark: false,
                supports: Color32::from_rgb(34, 139, 84),
                contradicts: Color32::from_rgb(196, 62, 52),
                context: Color32::from_rgb(52, 102, 186),
                uncited_fill: Color32::from_rgba_unmultiplied(120, 120, 120, 30),
                uncited_line: Color32::from_gray(130),
                selection: Color32::from_rgba_unmultiplied(60, 120, 240, 70),
                find: Color32::from_rgb(200, 140, 0),
                find_current: Color32::from_rgb(230, 120, 0),
                flash: Color32::from_rgba_unmultiplied(255, 196, 0, 130),
                focus: Color32::from_rgb(52, 102, 186),
                unresolved: Color32::from_rgb(200, 120, 0),
            }
        }
    }

    /// The solid colour of a stance (text, icons, underlines).
    pub fn stance_color(&self, stance: Stance) -> Color32 {
        match stance {
            Stance::Supports => self.supports,
            Stance::Contradicts => self.contradicts,
            Stance::Context => self.context,
        }
    }

    /// Background and underline for a quote of this stance; `strong` when the
    /// focused claim cites it.
    pub fn stance(&self, stance: Stance, strong: bool) -> (Color32, Color32) {
        let line = self.stance_color(stance);
        let alpha = match (self.dark, strong) {
            (false, false) => 0.16,
            (false, true) => 0.32,
            (true, false) => 0.20,
            (true, true) => 0.38,
        };
        (line.gamma_multiply(alpha), line)
    }
}

/// The icon shown for a stance.
pub fn stance_icon(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => "✔",
        Stance::Contradicts => "✖",
        Stance::Context => "ℹ",
    }
}

/// The colour of a severity's badge.
pub fn severity_color(ui: &egui::Ui, severity: crate::check::Severity) -> egui::Color32 {
    let dark = ui.visuals().dark_mode;
    match (severity, dark) {
        (crate::check::Severity::Blocker, _) => ui.visuals().error_fg_color,
        (crate::check::Severity::Warning, false) => egui::Color32::from_rgb(166, 98, 0),
        (crate::check::Severity::Warning, true) => egui::Color32::from_rgb(232, 170, 60),
        (crate::check::Severity::Info, _) => ui.visuals().weak_text_color(),
    }
}
