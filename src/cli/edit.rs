//! The command line's edits of claims, evidence and sources beyond adding
//! them: `claim edit|move|remove`, `evidence edit|remove`, `source remove`.
//! Each loads the project, applies one command (undoable in the app like
//! any other), saves atomically and says what it did.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::{Args, Subcommand};

use super::{StanceArg, claim_arg, open, quote_arg, source_arg};
use crate::model::{ClaimPlace, Stance};
use crate::project::actions;
use crate::project::command::Command;
use crate::util::snippet;
use crate::util::terminal::safe;

/// `claim edit`, `claim move`, `claim remove`.
#[derive(Debug, Subcommand)]
pub(super) enum ClaimEdit {
    /// Change a claim's text (its sign-off, if any, becomes void).
    Edit {
        /// The project folder.
        dir: PathBuf,
        /// The claim (its ID, or a unique start of it).
        claim: String,
        /// The new text.
        text: String,
    },
    /// Move a claim up or down one place, or to the end of a paragraph.
    Move {
        /// The project folder.
        dir: PathBuf,
        /// The claim.
        claim: String,
        #[command(flatten)]
        to: MoveTo,
    },
    /// Delete a claim and its evidence links (the quotes stay).
    Remove {
        /// The project folder.
        dir: PathBuf,
        /// The claim.
        claim: String,
    },
}

/// Where `claim move` takes a claim: exactly one of these.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(super) struct MoveTo {
    /// One place up (into the paragraph before, from a paragraph's top).
    #[arg(long)]
    up: bool,
    /// One place down.
    #[arg(long)]
    down: bool,
    /// To the end of paragraph N, from 1; one past the last starts a new one.
    #[arg(long, value_name = "N")]
    paragraph: Option<usize>,
}

/// `evidence edit`, `evidence remove`.
#[derive(Debug, Subcommand)]
pub(super) enum EvidenceCommand {
    /// Change the stance or the note of a claim's evidence.
    Edit {
        /// The project folder.
        dir: PathBuf,
        /// The claim.
        claim: String,
        /// The quote it cites.
        quote: String,
        /// The new stance.
        #[arg(long, value_enum)]
        stance: Option<StanceArg>,
        /// The new note ("" clears it).
        #[arg(long)]
        note: Option<String>,
    },
    /// Stop citing a quote in a claim (the quote stays).
    Remove {
        /// The project folder.
        dir: PathBuf,
        /// The claim.
        claim: String,
        /// The quote.
        quote: String,
    },
}

pub(super) fn claim(edit: ClaimEdit) -> Result<()> {
    match edit {
        ClaimEdit::Edit { dir, claim, text } => {
            let mut doc = open(&dir)?;
            let id = claim_arg(doc.project(), &claim)?;
            let text = text.trim();
            if text.is_empty() {
                bail!(actions::ActionError::EmptyClaim);
            }
            if doc.project().claim(&id).is_some_and(|c| c.text == text) {
                eprintln!("Claim {id} already reads so; nothing changed");
                return Ok(());
            }
            doc.apply(Command::EditClaim {
                id: id.clone(),
                text: text.to_owned(),
            })?;
            doc.save()?;
            eprintln!("Changed the text of claim {id}");
        }
        ClaimEdit::Move { dir, claim, to } => {
            let mut doc = open(&dir)?;
            let id = claim_arg(doc.project(), &claim)?;
            let command = match to.paragraph {
                Some(n) => move_to_paragraph(doc.project(), &id, n)?,
                None => actions::move_claim(doc.project(), &id, to.up)?,
            };
            let Some(command) = command else {
                eprintln!("Claim {id} is already there; nothing changed");
                return Ok(());
            };
            doc.apply(command)?;
            doc.save()?;
            let place = doc
                .project()
                .claim_place(&id)
                .expect("the claim was moved, not removed");
            eprintln!(
                "Moved claim {id} to paragraph {}, place {}",
                place.paragraph + 1,
                place.index + 1
            );
        }
        ClaimEdit::Remove { dir, claim } => {
            let mut doc = open(&dir)?;
            let id = claim_arg(doc.project(), &claim)?;
            let cited = doc.project().claim(&id).map_or(0, |c| c.evidence.len());
            let text = doc
                .project()
                .claim(&id)
                .map(|c| snippet(&c.text, 60))
                .unwrap_or_default();
            doc.apply(actions::remove_claim(doc.project(), &id)?)?;
            doc.save()?;
            eprintln!(
                "Deleted claim {id} (“{}”) and its {cited} evidence link(s); the quotes stay",
                safe(&text)
            );
        }
    }
    Ok(())
}

/// The move of a claim to the end of paragraph `n` (from 1; one past the
/// last starts a new one); `None` if it is already there.
fn move_to_paragraph(
    project: &crate::model::Project,
    id: &crate::model::ClaimId,
    n: usize,
) -> Result<Option<Command>> {
    let count = project.paragraphs.len();
    if n == 0 || n > count + 1 {
        bail!(actions::ActionError::BadParagraph { count });
    }
    let from = project.claim_place(id).expect("the ID was looked up");
    let target = n - 1;
    if target == from.paragraph && from.index + 1 == project.paragraphs[target].len() {
        return Ok(None);
    }
    if target == count
        && project.paragraphs[from.paragraph].len() == 1
        && from.paragraph + 1 == count
    {
        return Ok(None);
    }
    let mut commands = Vec::new();
    if target == count {
        commands.push(Command::InsertParagraph { index: count });
    }
    // Places count after the claim is taken out of its paragraph.
    let len = project.paragraphs.get(target).map_or(0, Vec::len);
    let index = if target == from.paragraph {
        len - 1
    } else {
        len
    };
    commands.push(Command::MoveClaim {
        id: id.clone(),
        to: ClaimPlace {
            paragraph: target,
            index,
        },
        at: None,
    });
    if project.paragraphs[from.paragraph].len() == 1 && target != from.paragraph {
        let emptied = from.paragraph;
        commands.push(Command::RemoveParagraph { index: emptied });
    }
    Ok(Some(Command::Batch {
        label: format!("Move claim {id}"),
        commands,
    }))
}

pub(super) fn evidence(command: EvidenceCommand) -> Result<()> {
    match command {
        EvidenceCommand::Edit {
            dir,
            claim,
            quote,
            stance,
            note,
        } => {
            let mut doc = open(&dir)?;
            let claim = claim_arg(doc.project(), &claim)?;
            let quote = cited_quote(doc.project(), &claim, &quote)?;
            if stance.is_none() && note.is_none() {
                bail!("give --stance or --note (or both)");
            }
            let mut commands = Vec::new();
            let mut said = Vec::new();
            if let Some(stance) = stance.map(Stance::from) {
                commands.push(Command::SetStance {
                    claim: claim.clone(),
                    quote: quote.clone(),
                    stance,
                });
                said.push(format!("stance {stance}"));
            }
            if let Some(note) = note {
                let note = note.trim().to_owned();
                said.push(if note.is_empty() {
                    "no note".to_owned()
                } else {
                    "a new note".to_owned()
                });
                commands.push(Command::SetNote {
                    claim: claim.clone(),
                    quote: quote.clone(),
                    note,
                });
            }
            doc.apply(Command::Batch {
                label: format!("Edit evidence {quote} of {claim}"),
                commands,
            })?;
            doc.save()?;
            eprintln!(
                "Evidence {quote} of claim {claim} now has {}",
                said.join(" and ")
            );
        }
        EvidenceCommand::Remove { dir, claim, quote } => {
            let mut doc = open(&dir)?;
            let claim = claim_arg(doc.project(), &claim)?;
            let quote = cited_quote(doc.project(), &claim, &quote)?;
            doc.apply(Command::RemoveEvidence {
                claim: claim.clone(),
                quote: quote.clone(),
            })?;
            doc.save()?;
            eprintln!("Claim {claim} no longer cites {quote}; the quote stays");
        }
    }
    Ok(())
}

/// The quote `arg` names among those `claim` cites.
fn cited_quote(
    project: &crate::model::Project,
    claim: &crate::model::ClaimId,
    arg: &str,
) -> Result<crate::model::QuoteId> {
    let record = project.claim(claim).expect("the ID was looked up");
    let cited = record.evidence.iter().map(|e| e.quote.as_str());
    match crate::model::find_by_prefix(cited, arg, "quote cited by this claim") {
        Ok(id) => Ok(id.into()),
        Err(_) => {
            let quote = quote_arg(project, arg)?;
            bail!(crate::project::command::EditError::NotCited {
                claim: claim.clone(),
                quote
            })
        }
    }
}

/// `source remove DIR SOURCE [--force]`.
pub(super) fn source_remove(dir: &Path, source: &str, force: bool) -> Result<()> {
    let mut doc = open(dir)?;
    let id = source_arg(doc.project(), source)?;
    let removal = actions::remove_source(doc.project(), &id)?;
    if !removal.claims.is_empty() && !force {
        let claims: Vec<String> = removal.claims.iter().map(|c| c.to_string()).collect();
        bail!(
            "source {id} is cited by claim(s) {} ({} evidence link(s)); remove that evidence first, or give --force to remove it with the source",
            claims.join(", "),
            removal.evidence
        );
    }
    doc.apply(removal.command)?;
    doc.save()?;
    eprintln!(
        "Removed source {id} with its {} quote(s) and {} evidence link(s); its snapshot file stays in sources/",
        removal.quotes, removal.evidence
    );
    Ok(())
}

/// `settings DIR [--title T] [--min-sources N]`: prints the settings, or
/// changes those given.
pub(super) fn settings(dir: &Path, title: Option<String>, min_sources: Option<u32>) -> Result<()> {
    let mut doc = open(dir)?;
    let project = doc.project();
    if title.is_none() && min_sources.is_none() {
        println!("title: {}", safe(&project.title));
        println!("min-sources: {}", project.settings.min_sources);
        return Ok(());
    }
    let title = title.unwrap_or_else(|| project.title.clone());
    let min_sources = min_sources.unwrap_or(project.settings.min_sources);
    match actions::change_settings(project, &title, min_sources)? {
        Some(command) => {
            doc.apply(command)?;
            doc.save()?;
            eprintln!("Updated the project's settings");
        }
        None => eprintln!("The settings are as given already; nothing changed"),
    }
    Ok(())
}
