//! The sign-off dialog: the reviewer, a note, and what blocks a sign-off.

use egui::{RichText, Ui};

use crate::app::Action;
use crate::check::{Report, Rule, Severity};
use crate::model::ClaimId;
use crate::project::command::Command;
use crate::project::document::Document;

use super::buttons;

pub(super) fn sign_off_ui(
    ui: &mut Ui,
    doc: Option<&Document>,
    report: &Report,
    claim: &ClaimId,
    by: &mut String,
    note: &mut String,
    queue: &mut Vec<Action>,
) -> bool {
    let Some(record) = doc.and_then(|d| d.project().claim(claim)) else {
        return false;
    };
    let name = doc.map_or_else(|| claim.to_string(), |d| d.project().claim_name(claim));
    ui.heading(format!("Sign off {name}"))
        .on_hover_text(format!("Claim ID {claim}"));
    ui.add_space(4.0);
    ui.label(RichText::new(format!("“{}”", record.text)).italics());
    ui.weak(format!(
        "{} piece(s) of evidence. Signing off approves this text and this evidence as they stand; any later change voids the sign-off.",
        record.evidence.len()
    ));
    let findings: Vec<_> = report
        .of_claim(claim)
        .filter(|f| !matches!(f.rule, Rule::Unreviewed | Rule::SignedOff))
        .collect();
    let blocked = findings.iter().any(|f| f.severity == Severity::Blocker);
    if !findings.is_empty() {
        ui.add_space(4.0);
        for finding in &findings {
            let color = crate::app::theme::severity_color(ui, finding.severity);
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    color,
                    format!("{} {}", finding.severity.name(), finding.rule),
                );
                ui.label(&finding.message);
            });
        }
    }
    if blocked {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "This claim has blockers; resolve them before signing off.",
        );
    }
    ui.add_space(4.0);
    let name_field = labelled_field(ui, "Reviewer", by);
    super::first_field(ui, &name_field, by);
    if by.trim().is_empty() {
        name_field.request_focus();
    }
    labelled_field(ui, "Note", note);
    let (ok, cancel) = buttons(ui, "Sign off", !blocked && !by.trim().is_empty());
    if ok {
        queue.push(Action::SignOff(claim.clone(), by.clone(), note.clone()));
        return true;
    }
    if record.signoff.is_some() {
        ui.add_space(4.0);
        if ui.button("Withdraw the existing sign-off").clicked() {
            queue.push(Action::Edit(Command::SetSignOff {
                claim: claim.clone(),
                signoff: None,
            }));
            return false;
        }
    }
    !cancel
}

fn labelled_field(ui: &mut Ui, label: &str, text: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([80.0, 20.0], egui::Label::new(label));
        ui.add(egui::TextEdit::singleline(text).desired_width(380.0))
            .labelled_by(l.id)
    })
    .inner
}
