//! The review panel: every claim with its findings and sign-off, the counts
//! at the top, filters by severity and rule. Clicking a finding focuses its
//! claim and shows its quote in the source.

use egui::{CornerRadius, Frame, Margin, RichText, Stroke, Ui};

use super::dialogs::Dialog;
use crate::app::theme::Palette;
use crate::app::theme::severity_color;
use crate::app::{Action, UiState};
use crate::check::{Finding, Report, Rule, Severity};
use crate::model::Claim;
use crate::project::document::Document;
use crate::util::snippet;

/// What the review panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Show blockers.
    pub blockers: bool,
    /// Show warnings.
    pub warnings: bool,
    /// Show findings for information.
    pub info: bool,
    /// Only this rule, or all.
    pub rule: Option<Rule>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            blockers: true,
            warnings: true,
            info: true,
            rule: None,
        }
    }
}

impl Filter {
    /// Whether a finding passes the filter.
    pub fn shows(&self, finding: &Finding) -> bool {
        let severity = match finding.severity {
            Severity::Blocker => self.blockers,
            Severity::Warning => self.warnings,
            Severity::Info => self.info,
        };
        severity && self.rule.is_none_or(|r| r == finding.rule)
    }
}

const RULES: [Rule; 13] = [
    Rule::MergeConflict,
    Rule::Unsupported,
    Rule::AnchorUnresolved,
    Rule::QuoteMismatch,
    Rule::SnapshotMissing,
    Rule::SingleSource,
    Rule::Contested,
    Rule::NumberMismatch,
    Rule::CitationIncomplete,
    Rule::UnreadablePages,
    Rule::Unreviewed,
    Rule::SignedOff,
    Rule::MarkedIndependent,
];

fn badge(ui: &mut Ui, severity: Severity) {
    let color = severity_color(ui, severity);
    Frame::new()
        .stroke(Stroke::new(1.0, color))
        .corner_radius(CornerRadius::same(3))
        .inner_margin(Margin::symmetric(4, 0))
        .show(ui, |ui| {
            ui.label(
                RichText::new(severity.name().to_uppercase())
                    .small()
                    .strong()
                    .color(color),
            );
        });
}

/// Draws the review panel.
pub fn ui(ui: &mut Ui, doc: &Document, state: &mut UiState, queue: &mut Vec<Action>) {
    let report = state.report.clone();
    let project = doc.project();
    ui.add_space(6.0);
    counts(ui, &report);
    filters(ui, &mut state.review_filter);
    ui.separator();
    let filter = state.review_filter.clone();
    let palette = Palette::of(ui.visuals());
    // Only the entries in view are laid out; the list of which claims have
    // findings is cheap (the report indexes them by claim).
    // Each with its number in the summary.
    let claims: Vec<(usize, usize, &Claim)> = project
        .claims()
        .enumerate()
        .filter(|(_, (_, claim))| report.of_claim(&claim.id).any(|f| filter.shows(f)))
        .map(|(n, (p, claim))| (n + 1, p, claim))
        .collect();
    let general: Vec<&Finding> = report.general().filter(|f| filter.shows(f)).collect();
    let mut rows: Vec<Row> = (0..claims.len()).map(Row::Claim).collect();
    if !general.is_empty() {
        rows.push(Row::General);
        rows.extend((0..general.len()).map(Row::Finding));
    }
    if rows.is_empty() {
        rows.push(Row::Nothing);
    }
    let mut list = std::mem::take(&mut state.review_rows);
    list.show(
        ui,
        "review",
        &rows,
        |row| match row {
            Row::Claim(_) => 120.0,
            _ => 28.0,
        },
        None,
        |ui, row| {
            ui.set_width(ui.available_width() - 8.0);
            match *row {
                Row::Claim(i) => {
                    let (number, paragraph, claim) = claims[i];
                    let findings: Vec<&Finding> = report
                        .of_claim(&claim.id)
                        .filter(|f| filter.shows(f))
                        .collect();
                    let at = (number, paragraph);
                    claim_entry(ui, doc, at, claim, &findings, state, queue, &palette);
                }
                Row::General => {
                    ui.add_space(6.0);
                    ui.label(RichText::new("Sources and uncited quotes").strong());
                }
                Row::Finding(i) => finding_row(ui, general[i], None, queue, doc),
                Row::Nothing => {
                    ui.add_space(8.0);
                    ui.weak(if report.findings().is_empty() {
                        "Nothing to review: add claims and cite their sources."
                    } else {
                        "No finding matches the filters."
                    });
                }
            }
        },
    );
    state.review_rows = list;
}

/// A row of the review list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Row {
    /// The nth claim with findings that pass the filter.
    Claim(usize),
    /// The heading of the findings about no claim.
    General,
    /// The nth finding about no claim.
    Finding(usize),
    /// Nothing to show.
    Nothing,
}

fn counts(ui: &mut Ui, report: &Report) {
    let blockers = report.count(Severity::Blocker);
    let warnings = report.count(Severity::Warning);
    let info = report.count(Severity::Info);
    ui.horizontal_wrapped(|ui| {
        ui.heading("Review");
        let (verdict, color) = if blockers > 0 {
            ("Blocked", severity_color(ui, Severity::Blocker))
        } else if warnings > 0 {
            (
                "Publishable, with warnings",
                severity_color(ui, Severity::Warning),
            )
        } else {
            ("Ready to publish", ui.visuals().strong_text_color())
        };
        ui.label(RichText::new(verdict).strong().color(color));
    });
    ui.horizontal_wrapped(|ui| {
        for (n, severity, name) in [
            (blockers, Severity::Blocker, "blocker(s)"),
            (warnings, Severity::Warning, "warning(s)"),
            (info, Severity::Info, "for information"),
        ] {
            let color = if n == 0 {
                ui.visuals().weak_text_color()
            } else {
                severity_color(ui, severity)
            };
            ui.label(RichText::new(format!("{n} {name}")).strong().color(color));
        }
    });
}

fn filters(ui: &mut Ui, filter: &mut Filter) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Show:");
        ui.checkbox(&mut filter.blockers, "Blockers");
        ui.checkbox(&mut filter.warnings, "Warnings");
        ui.checkbox(&mut filter.info, "Info");
        ui.name_inputs("Rule", |ui| {
            egui::ComboBox::from_id_salt("review-rule")
                .selected_text(filter.rule.map_or("All rules", Rule::name))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.rule, None, "All rules");
                    for rule in RULES {
                        ui.selectable_value(&mut filter.rule, Some(rule), rule.name());
                    }
                });
        });
    });
}

#[allow(clippy::too_many_arguments)]
fn claim_entry(
    ui: &mut Ui,
    doc: &Document,
    (number, paragraph): (usize, usize),
    claim: &Claim,
    findings: &[&Finding],
    state: &UiState,
    queue: &mut Vec<Action>,
    palette: &Palette,
) {
    let focused = state.focused_claim.as_ref() == Some(&claim.id);
    super::claim_frame(ui, focused, palette).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_top(|ui| {
            ui.label(
                RichText::new(format!("Claim {number} ¶{}", paragraph + 1))
                    .monospace()
                    .weak(),
            )
            .on_hover_text(format!("Claim ID {}", claim.id));
            ui.add(egui::Label::new(snippet(&claim.text, 240)).wrap());
        });
        ui.horizontal_wrapped(|ui| {
            signoff_state(ui, doc.project(), claim);
            let blocked = state.report.claim_blocked(&claim.id);
            let sign = ui
                .add_enabled(!blocked, egui::Button::new("Sign off…").small())
                .on_hover_text("Approve this claim and its evidence as they stand")
                .on_disabled_hover_text("Resolve the blockers first");
            super::speak(ui, &sign, || format!("Sign off claim {number}…"));
            if sign.clicked() {
                queue.push(Action::FocusClaim(claim.id.clone(), false));
                queue.push(Action::Run(crate::app::commands::UiCommand::SignOff));
            }
            let open = ui
                .small_button("Open in summary")
                .on_hover_text("Show this claim in the summary");
            super::speak(ui, &open, || format!("Open claim {number} in the summary"));
            if open.clicked() {
                queue.push(Action::ShowReview(false));
                queue.push(Action::FocusClaim(claim.id.clone(), true));
            }
        });
        // The sign-off line above says what these two rules say: one line
        // per claim, not a finding on nearly every claim.
        for finding in findings
            .iter()
            .filter(|f| !matches!(f.rule, Rule::Unreviewed | Rule::SignedOff))
        {
            finding_row(ui, finding, Some((number, claim)), queue, doc);
        }
    });
}

/// The claim's sign-off: by whom and when, void, or none.
pub(super) fn signoff_state(ui: &mut Ui, project: &crate::model::Project, claim: &Claim) {
    match &claim.signoff {
        None => {
            ui.weak("Not signed off yet");
        }
        Some(s) if s.hash == claim.content_hash(project) => {
            ui.label(
                RichText::new(format!(
                    "✔ Signed off by {} on {}",
                    s.by,
                    s.at.get(..10).unwrap_or(&s.at)
                ))
                .color(Palette::of(ui.visuals()).stance_color(crate::model::Stance::Supports)),
            );
        }
        Some(s) => {
            ui.label(
                RichText::new(format!(
                    "⚠ Signed off by {} on {}; the claim changed since, so it needs a new sign-off.",
                    s.by,
                    s.at.get(..10).unwrap_or(&s.at)
                ))
                .color(severity_color(ui, Severity::Warning)),
            );
        }
    }
}

/// One finding: badge, rule and message. Clicking it shows where it applies.
fn finding_row(
    ui: &mut Ui,
    finding: &Finding,
    claim: Option<(usize, &Claim)>,
    queue: &mut Vec<Action>,
    doc: &Document,
) {
    ui.horizontal_top(|ui| {
        badge(ui, finding.severity);
        let text = format!("{}: {}", finding.rule, finding.message);
        let response = ui
            .add(
                egui::Button::new(egui::RichText::new(text))
                    .frame(false)
                    .wrap(),
            )
            .on_hover_text("Show where this applies");
        super::speak(ui, &response, || spoken_finding(finding, claim, doc));
        if response.clicked() {
            open_finding(finding, claim.map(|(_, c)| c), queue, doc);
        }
    });
}

/// A finding as a screen reader says it: its severity, the claim it is
/// about, the rule and message, and the quote it concerns.
fn spoken_finding(finding: &Finding, claim: Option<(usize, &Claim)>, doc: &Document) -> String {
    let project = doc.project();
    let severity = finding.severity.name();
    let mut said = severity[..1].to_uppercase() + &severity[1..];
    if let Some((number, claim)) = claim {
        said.push_str(&format!(
            " for {}",
            crate::model::claim_name(number, &claim.text)
        ));
    }
    said.push_str(&format!(": {}: {}", finding.rule, finding.message));
    if let Some(quote) = finding.quote.as_ref().and_then(|q| project.quote(q))
        && !finding.message.contains(&quote.text)
    {
        said.push_str(&format!(
            " (the quote from ‘{}’: “{}”)",
            project.source_name(&quote.source),
            snippet(&quote.text, 120)
        ));
    }
    said
}

/// Focuses the finding's claim and reveals its quote (or the claim's first
/// quote) in the source; for a source, shows it and, for a citation, opens
/// the citation editor.
fn open_finding(finding: &Finding, claim: Option<&Claim>, queue: &mut Vec<Action>, doc: &Document) {
    if let Some(claim) = claim {
        queue.push(Action::FocusClaim(claim.id.clone(), true));
    }
    let quote = finding.quote.clone().or_else(|| {
        claim
            .and_then(|c| c.evidence.first())
            .map(|e| e.quote.clone())
    });
    if let Some(quote) = quote {
        queue.push(Action::Reveal(quote));
    } else if let Some(source) = &finding.source {
        queue.push(Action::ShowSource(source.clone()));
        if finding.rule == Rule::CitationIncomplete
            && let Some(record) = doc.project().source(source)
        {
            queue.push(Action::OpenDialog(Box::new(Dialog::edit_citation(record))));
        }
    }
}
