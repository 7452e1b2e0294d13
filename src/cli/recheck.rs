//! `attest recheck`: every web source compared with its live page.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::{Format, open, source_arg};
use crate::model::{LiveOutcome, Project};
use crate::project::recheck::{self, Checked, CitedQuote, Run};
use crate::util::terminal::safe;

/// Arguments of `attest recheck`.
#[derive(Debug, Args)]
pub(super) struct RecheckArgs {
    /// The project folder.
    dir: PathBuf,
    /// Only these sources (IDs or unique starts of them); default: every
    /// source with a web address.
    sources: Vec<String>,
    /// Skip sources retrieved or rechecked less than DAYS days ago.
    #[arg(long, value_name = "DAYS")]
    since: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Fetches the sources' pages, reports what changed, and records the
/// outcome of each. Exit status 0 when every cited passage still stands,
/// 1 when one changed or went, 2 when a page could not be checked (and
/// none was found changed) or the command failed.
pub(super) fn recheck(args: RecheckArgs) -> Result<ExitCode> {
    let mut doc = open(&args.dir)?;
    let only = args
        .sources
        .iter()
        .map(|s| source_arg(doc.project(), s))
        .collect::<Result<Vec<_>>>()?;
    let today = crate::import::fetch::today();
    let (targets, without) = recheck::targets(doc.project(), &only, args.since, &today);
    for id in &without {
        eprintln!(
            "warning: {} has no web address, so it cannot be rechecked; add one with `attest source edit DIR {id} --url …`",
            safe(&doc.project().source_name(id))
        );
    }
    if targets.is_empty() {
        eprintln!(
            "Nothing to recheck: {}.",
            match args.since {
                Some(days) => format!(
                    "no source with a web address was retrieved or rechecked more than {days} day(s) ago"
                ),
                None => "no source has a web address".into(),
            }
        );
        if args.format == Format::Json {
            println!("[]");
        }
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "Checking {} source(s) against the web, {} at a time…",
        targets.len(),
        recheck::PARALLEL_FETCHES
    );
    let run = Run::new(targets);
    let project = doc.project();
    let started = std::time::Instant::now();
    let found = run.run(project, doc.texts(), &|_, checked| {
        eprintln!(
            "  {}: {}",
            safe(&project.source_name(&checked.source)),
            short_outcome(checked)
        );
    });
    let (fetching, comparing) = found.iter().fold((0.0, 0.0), |(f, c), checked| {
        (
            f + checked.fetching.as_secs_f64(),
            c + checked.comparing.as_secs_f64(),
        )
    });
    eprintln!(
        "Checked {} page(s) in {:.2} s: fetching took {fetching:.2} s and extracting and comparing {comparing:.2} s, summed over the pages.",
        found.len(),
        started.elapsed().as_secs_f64()
    );
    let reports: Vec<SourceReport> = found
        .iter()
        .map(|c| SourceReport::new(project, c))
        .collect();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(safe(&report_text(&reports, &today)).as_bytes())?,
    }
    let changed = reports.iter().any(|r| r.quotes.iter().any(|q| q.affected));
    let unreachable = reports.iter().any(|r| r.outcome == "unreachable");
    for command in recheck::record(doc.project(), &found) {
        doc.apply(command)?;
    }
    doc.save()?;
    eprintln!("Recorded the outcome of each in project.ron; nothing else was changed.");
    if changed {
        eprintln!(
            "To take a page's new version: attest source update DIR SOURCE --url URL (it reports every quote again before anything changes)."
        );
    }
    Ok(if changed {
        ExitCode::from(1)
    } else if unreachable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A few words on what a source's recheck found, for the progress lines.
fn short_outcome(checked: &Checked) -> String {
    match &checked.outcome {
        LiveOutcome::Unchanged if checked.not_modified => "unchanged (not modified)".into(),
        LiveOutcome::Unchanged => "unchanged".into(),
        LiveOutcome::Changed { .. } => "changed".into(),
        LiveOutcome::Unreachable { .. } => "could not be checked".into(),
    }
}

/// One source's recheck, as reported (and as JSON).
#[derive(Serialize)]
struct SourceReport {
    source: String,
    name: String,
    url: String,
    /// Where the address now leads, when the server redirected it.
    #[serde(skip_serializing_if = "Option::is_none")]
    moved_to: Option<String>,
    checked: String,
    /// `unchanged`, `changed` or `unreachable`.
    outcome: &'static str,
    /// The server said the page was not modified since it was last fetched.
    not_modified: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    reason: String,
    chars_removed: usize,
    chars_added: usize,
    /// Quotes that changed or went, cited or not.
    quotes_affected: usize,
    /// The cited passages: those that no longer stand first.
    quotes: Vec<QuoteReport>,
    #[serde(skip)]
    rank: u8,
}

#[derive(Serialize)]
struct QuoteReport {
    quote: String,
    /// `still there`, `moved`, `changed` or `gone`.
    status: &'static str,
    affected: bool,
    was: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    now: String,
    claims: Vec<ClaimReport>,
}

#[derive(Serialize)]
struct ClaimReport {
    claim: String,
    name: String,
    stance: &'static str,
}

impl SourceReport {
    fn new(project: &Project, checked: &Checked) -> Self {
        let (outcome, reason, quotes_affected) = match &checked.outcome {
            LiveOutcome::Unchanged => ("unchanged", String::new(), 0),
            LiveOutcome::Changed { affected, .. } => ("changed", String::new(), affected.len()),
            LiveOutcome::Unreachable { reason } => ("unreachable", reason.clone(), 0),
        };
        let quote = |c: CitedQuote| QuoteReport {
            quote: c.quote.to_string(),
            status: c.standing.name(),
            affected: c.standing.affected(),
            was: c.was,
            now: c.now,
            claims: c
                .claims
                .iter()
                .map(|(id, stance)| ClaimReport {
                    claim: id.to_string(),
                    name: project.claim_name(id),
                    stance: stance.name(),
                })
                .collect(),
        };
        Self {
            source: checked.source.to_string(),
            name: project.source_name(&checked.source),
            url: checked.url.clone(),
            moved_to: checked.moved_to.clone(),
            checked: checked.checked.clone(),
            outcome,
            not_modified: checked.not_modified,
            reason,
            chars_removed: checked.chars_removed,
            chars_added: checked.chars_added,
            quotes_affected,
            quotes: recheck::cited_quotes(project, checked)
                .into_iter()
                .map(quote)
                .collect(),
            rank: recheck::rank(project, checked),
        }
    }

    fn affected(&self) -> usize {
        self.quotes.iter().filter(|q| q.affected).count()
    }
}

/// The text report: sources whose cited passages changed first, then the
/// other changed ones, the unreachable, and the unchanged.
fn report_text(reports: &[SourceReport], today: &str) -> String {
    use std::fmt::Write as _;
    let mut order: Vec<&SourceReport> = reports.iter().collect();
    order.sort_by_key(|r| r.rank);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Rechecked {} source(s) against their live pages on {today}.\n",
        reports.len()
    );
    for r in order {
        let mut head = format!("‘{}’ ({}) {}", r.name, r.source, r.url);
        if let Some(to) = &r.moved_to {
            head.push_str(&format!(" (now redirected to {to})"));
        }
        match r.outcome {
            "unchanged" if r.not_modified => {
                let _ = writeln!(out, "{head}: unchanged (the server says not modified).");
            }
            "unchanged" => {
                let _ = writeln!(out, "{head}: unchanged.");
            }
            "unreachable" => {
                let _ = writeln!(out, "{head}: could not be checked: {}", r.reason);
            }
            _ => {
                let size = if r.chars_removed + r.chars_added > 0 {
                    format!(
                        " ({} chars removed, {} added)",
                        r.chars_removed, r.chars_added
                    )
                } else {
                    String::new()
                };
                let cited = match r.affected() {
                    0 => "every cited passage still stands".to_owned(),
                    1 => "1 cited passage changed or went".to_owned(),
                    n => format!("{n} cited passages changed or went"),
                };
                let _ = writeln!(out, "{head}: changed since quoted{size}; {cited}.");
                // Every cited passage, classified: those that changed or
                // went with their old and new text, then those that moved,
                // then how many still stand where they were.
                for q in r.quotes.iter().filter(|q| q.status != "still there") {
                    let claims = q
                        .claims
                        .iter()
                        .map(|c| format!("{} ({})", c.name, c.stance))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let _ = writeln!(out, "  {} {}, cited by {claims}", q.status, q.quote);
                    if q.affected {
                        let _ = writeln!(out, "      was: “{}”", q.was);
                        if !q.now.is_empty() {
                            let _ = writeln!(out, "      now: “{}”", q.now);
                        }
                    }
                }
                let there = r
                    .quotes
                    .iter()
                    .filter(|q| q.status == "still there")
                    .count();
                if there > 0 {
                    let _ = writeln!(out, "  {there} cited passage(s) still there, unchanged.");
                }
            }
        }
    }
    out
}
