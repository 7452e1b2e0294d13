//! `attest check`, `signoff` and `export`: the provenance check for people
//! and for CI, the reviewer's sign-off, and the exports.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::check::Severity;
use crate::project::actions;
use crate::project::document::Document;
use crate::project::store;
use crate::util::snippet;

use super::{Format, claim_arg, open};

pub(super) fn check(dir: &Path, strict: bool, format: Format) -> Result<ExitCode> {
    // Integrity problems are part of the report; no separate warnings.
    let doc = Document::open(dir)?;
    let report = doc.check();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => out.write_all(
            crate::util::terminal::safe(&check_text(&doc, &report, strict)).as_bytes(),
        )?,
        Format::Json => {
            #[derive(Serialize)]
            struct Summary {
                blockers: usize,
                warnings: usize,
            }
            #[derive(Serialize)]
            struct CheckJson<'a> {
                findings: &'a [crate::check::Finding],
                summary: Summary,
            }
            serde_json::to_writer_pretty(
                &mut out,
                &CheckJson {
                    findings: report.findings(),
                    summary: Summary {
                        blockers: report.count(Severity::Blocker),
                        warnings: report.count(Severity::Warning),
                    },
                },
            )?;
            writeln!(out)?;
        }
    }
    let code = if report.blocks(strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends with this command: its memory goes back to the
    // system at once, without freeing a large project's records one by one
    // (about 10 ms of the command on a project of 5,000 claims).
    std::mem::forget((doc, report));
    Ok(code)
}

/// The command that acts on a finding, for the command line's check (the
/// app's messages name its buttons instead).
pub(super) fn command_hint(finding: &crate::check::Finding) -> Option<String> {
    use crate::check::Rule;
    let record = finding
        .claim
        .as_ref()
        .map(|c| c.as_str())
        .or(finding.quote.as_ref().map(|q| q.as_str()))
        .or(finding.source.as_ref().map(|s| s.as_str()))?;
    match finding.rule {
        Rule::Unreviewed => Some(format!("attest signoff DIR {record} --by NAME")),
        Rule::CitationIncomplete => Some(format!(
            "attest source edit DIR {record} --publisher … --published YYYY-MM-DD --url …"
        )),
        Rule::MergeConflict => Some(format!(
            "attest resolve DIR {record} --ours|--theirs (see `attest show DIR`)"
        )),
        _ => None,
    }
}

/// The check as a reviewer's list: claim by claim, then the sources.
pub(super) fn check_text(doc: &Document, report: &crate::check::Report, strict: bool) -> String {
    use std::fmt::Write as _;
    let project = doc.project();
    let mut out = String::new();
    let line = |out: &mut String, f: &crate::check::Finding| {
        let _ = writeln!(out, "  {:<8} {}: {}", f.severity.name(), f.rule, f.message);
        if let Some(hint) = command_hint(f) {
            let _ = writeln!(out, "           → {hint}");
        }
    };
    let _ = writeln!(out, "Provenance check of {:?}\n", project.title);
    for (paragraph, claim) in project.claims() {
        let _ = writeln!(
            out,
            "¶{} {} “{}”",
            paragraph + 1,
            claim.id,
            snippet(&claim.text, 100)
        );
        for f in report.of_claim(&claim.id) {
            line(&mut out, f);
        }
        out.push('\n');
    }
    let general: Vec<_> = report.general().collect();
    if !general.is_empty() {
        out.push_str("Sources and uncited quotes\n");
        for f in general {
            line(&mut out, f);
        }
        out.push('\n');
    }
    let blockers = report.count(Severity::Blocker);
    let warnings = report.count(Severity::Warning);
    let _ = writeln!(
        out,
        "{blockers} blocker(s), {warnings} warning(s), {} for information.",
        report.count(Severity::Info)
    );
    let verdict = if report.blocks(strict) {
        if blockers > 0 {
            "Not ready to publish: resolve the blockers above."
        } else {
            "Not ready to publish under --strict: resolve the warnings above."
        }
    } else if warnings > 0 {
        "Nothing blocks publication; review the warnings above."
    } else {
        "Ready to publish."
    };
    let _ = writeln!(out, "{verdict}");
    out
}

pub(super) fn signoff(dir: &Path, claim: &str, by: &str, note: &str) -> Result<ExitCode> {
    let mut doc = open(dir)?;
    let claim = &claim_arg(doc.project(), claim)?;
    let report = doc.check();
    let command = match actions::sign_off(
        doc.project(),
        &report,
        claim,
        by,
        note,
        &crate::util::now_utc(),
    ) {
        Ok(command) => command,
        Err(
            e @ (actions::ActionError::SignOffBlocked { .. }
            | actions::ActionError::MergeConflicts(_)),
        ) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    doc.apply(command)?;
    doc.save()?;
    eprintln!("Signed off {claim} as {}", by.trim());
    Ok(ExitCode::SUCCESS)
}

pub(super) fn export(
    dir: &Path,
    format: crate::export::Format,
    output: Option<&Path>,
    allow_blockers: bool,
) -> Result<ExitCode> {
    let doc = open(dir)?;
    let exported = match crate::export::export(&doc, format, allow_blockers) {
        Ok(exported) => exported,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = exported.text;
    match output {
        Some(path) => {
            store::atomic_write(path, text.as_bytes())?;
            eprintln!("Wrote {} to {}", format.exporter().name(), path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if exported.has_blockers {
        eprintln!("warning: exported with blockers; each affected claim is marked");
    }
    Ok(ExitCode::SUCCESS)
}
