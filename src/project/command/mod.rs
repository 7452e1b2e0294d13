//! Every edit of a project is a [`Command`].
//!
//! [`apply`] is the one function that changes a [`Project`]: it checks the
//! command against the project, performs it, and returns the command that
//! undoes it. Undoing that inverse returns the original command again (an
//! added claim carries the position it was given), so
//! [`History`] needs nothing but inverses to offer undo and redo for every
//! edit.
//!
//! ```
//! use attest::project::command::{apply, Command};
//! use attest::model::{Claim, ClaimPlace, Project};
//! use attest::text::snapshot::Snapshots;
//!
//! let mut project = Project::new("Protests");
//! let mut texts = Snapshots::default();
//! apply(&mut project, &mut texts, Command::InsertParagraph { index: 0 }).unwrap();
//! let claim = Claim::new(project.new_claim_id(), "Six people died.");
//! let add = Command::AddClaim { place: ClaimPlace { paragraph: 0, index: 0 }, claim };
//! let undo = apply(&mut project, &mut texts, add.clone()).unwrap();
//! assert_eq!(project.claims().count(), 1);
//! let redo = apply(&mut project, &mut texts, undo).unwrap();
//! assert_eq!(project.claims().count(), 0);
//! // The same claim again, now with the position it was given.
//! let Command::AddClaim { claim: again, .. } = &redo else { unreachable!() };
//! assert_eq!(again.text, "Six people died.");
//! assert!(again.at.is_valid());
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::text::anchor::Verbatim;

use crate::model::{
    Citation, Claim, ClaimId, ClaimPlace, Conflict, Evidence, Original, Paragraph, Position,
    Project, Quote, QuoteId, Settings, SignOff, Snapshot, Source, SourceId, Stance,
    check_custom_id, sha256_hex,
};
use crate::text::snapshot::Snapshots;

/// One edit of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Renames the project.
    SetTitle {
        /// The new title.
        title: String,
    },
    /// Changes the check settings.
    SetSettings {
        /// The new settings.
        settings: Settings,
    },
    /// Adds a source with its text (the list stays in ID order).
    AddSource {
        /// The source record; `sha256` must be the hash of `text`.
        source: Source,
        /// The verbatim text.
        text: Arc<str>,
        /// The bytes of the document the text was extracted from, hashing
        /// to `source.original`'s hash; `None` when there is none, or when
        /// it is already on disk.
        original: Option<Arc<[u8]>>,
    },
    /// Removes a source no quote refers to.
    RemoveSource {
        /// The source to remove.
        id: SourceId,
    },
    /// Replaces a source's citation metadata.
    EditCitation {
        /// The source.
        source: SourceId,
        /// The new metadata.
        citation: Citation,
    },
    /// Adds a quote; its text must match the source at its offsets.
    AddQuote {
        /// The new quote.
        quote: Quote,
    },
    /// Adds many quotes at once (an import), in one sort rather than one
    /// insertion each.
    AddQuotes {
        /// The new quotes.
        quotes: Vec<Quote>,
    },
    /// Removes many quotes no claim cites (the undo of [`Command::AddQuotes`]).
    RemoveQuotes {
        /// The quotes to remove.
        ids: Vec<QuoteId>,
    },
    /// Removes a quote no claim cites.
    RemoveQuote {
        /// The quote to remove.
        id: QuoteId,
    },
    /// Replaces a quote's place, text and context (re-selecting it).
    SetQuote {
        /// The quote with its new place; its ID must exist.
        quote: Quote,
    },
    /// Records a new version of a source's text and replaces its quotes with
    /// their re-anchored versions.
    UpdateSource {
        /// The source.
        source: SourceId,
        /// The new current snapshot.
        current: Snapshot,
        /// The new text (hashing to `current.sha256`); `None` only when
        /// restoring a version whose text is not available (a snapshot that
        /// was changed on disk), as the undo of updating such a source does.
        text: Option<Arc<str>>,
        /// The bytes of the new version's original, if it has one that is
        /// not on disk yet.
        original: Option<Arc<[u8]>>,
        /// The earlier versions after the update.
        previous: Vec<Snapshot>,
        /// Every quote of the source, as it is after the update.
        quotes: Vec<Quote>,
    },
    /// Inserts an empty paragraph into the summary.
    InsertParagraph {
        /// Its position.
        index: usize,
    },
    /// Removes an empty paragraph.
    RemoveParagraph {
        /// Its position.
        index: usize,
    },
    /// Adds a claim at a place in the summary.
    AddClaim {
        /// Where it goes.
        place: ClaimPlace,
        /// The claim, with any evidence it already has.
        claim: Claim,
    },
    /// Removes a claim and its evidence (the quotes stay).
    RemoveClaim {
        /// The claim to remove.
        id: ClaimId,
    },
    /// Changes a claim's text.
    EditClaim {
        /// The claim.
        id: ClaimId,
        /// The new text.
        text: String,
    },
    /// Moves a claim to another place; `to` is counted after removing it.
    MoveClaim {
        /// The claim.
        id: ClaimId,
        /// Where it goes.
        to: ClaimPlace,
        /// The position it had there, for an undo; `None` for a new one.
        at: Option<Position>,
    },
    /// Links a claim to a quote.
    AddEvidence {
        /// The claim.
        claim: ClaimId,
        /// Position in the claim's evidence list.
        index: usize,
        /// The link.
        evidence: Evidence,
    },
    /// Unlinks a claim from a quote.
    RemoveEvidence {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
    },
    /// Changes the stance of a link.
    SetStance {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
        /// The new stance.
        stance: Stance,
    },
    /// Changes the note of a link.
    SetNote {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
        /// The new note.
        note: String,
    },
    /// Records or clears a sign-off.
    SetSignOff {
        /// The claim.
        claim: ClaimId,
        /// The sign-off, or `None` to clear it.
        signoff: Option<SignOff>,
    },
    /// Settles a merge conflict by setting its field, or (the undo) sets
    /// the field back and records the conflict again.
    Resolve {
        /// The conflict's position in [`Project::conflicts`].
        index: usize,
        /// The field's new value, as [`crate::team::merge::field_value`] shows it
        /// (`None` deletes the record of a conflict over a record).
        value: Option<String>,
        /// `None` to settle the conflict at `index`; the conflict to record
        /// again there, for an undo.
        reopen: Option<Box<Conflict>>,
    },
    /// Several commands applied, and undone, as one.
    Batch {
        /// What the user did, for the undo menu.
        label: String,
        /// The commands, in order.
        commands: Vec<Command>,
    },
}

impl Command {
    /// A short description for the Undo and Redo menu items.
    pub fn label(&self) -> String {
        match self {
            Command::SetTitle { .. } => "Rename project".into(),
            Command::SetSettings { .. } => "Change settings".into(),
            Command::AddSource { source, .. } => format!("Add source {}", source.id),
            Command::RemoveSource { id } => format!("Remove source {id}"),
            Command::EditCitation { source, .. } => format!("Edit citation of {source}"),
            Command::AddQuote { quote } => format!("Add quote {}", quote.id),
            Command::RemoveQuote { id } => format!("Remove quote {id}"),
            Command::AddQuotes { quotes } => format!("Add {} quotes", quotes.len()),
            Command::RemoveQuotes { ids } => format!("Remove {} quotes", ids.len()),
            Command::SetQuote { quote } => format!("Re-select quote {}", quote.id),
            Command::UpdateSource { source, .. } => format!("Update source {source}"),
            Command::InsertParagraph { .. } => "Insert paragraph".into(),
            Command::RemoveParagraph { .. } => "Remove paragraph".into(),
            Command::AddClaim { claim, .. } => format!("Add claim {}", claim.id),
            Command::RemoveClaim { id } => format!("Delete claim {id}"),
            Command::EditClaim { id, .. } => format!("Edit claim {id}"),
            Command::MoveClaim { id, .. } => format!("Move claim {id}"),
            Command::AddEvidence {
                claim, evidence, ..
            } => format!("Cite {} in {claim}", evidence.quote),
            Command::RemoveEvidence { claim, quote } => format!("Remove {quote} from {claim}"),
            Command::SetStance { claim, quote, .. } => {
                format!("Change stance of {quote} in {claim}")
            }
            Command::SetNote { claim, quote, .. } => format!("Edit note on {quote} in {claim}"),
            Command::SetSignOff { claim, signoff } => match signoff {
                Some(_) => format!("Sign off {claim}"),
                None => format!("Clear sign-off of {claim}"),
            },
            Command::Resolve { reopen: None, .. } => "Resolve merge conflict".into(),
            Command::Resolve { .. } => "Reopen merge conflict".into(),
            Command::Batch { label, .. } => label.clone(),
        }
    }

    /// Edits with the same key that follow each other quickly are undone as
    /// one (typing a claim's text, a note, a citation field).
    fn merge_key(&self) -> Option<String> {
        match self {
            Command::SetTitle { .. } => Some("title".into()),
            Command::EditClaim { id, .. } => Some(format!("claim-text {id}")),
            Command::SetNote { claim, quote, .. } => Some(format!("note {claim} {quote}")),
            Command::EditCitation { source, .. } => Some(format!("citation {source}")),
            _ => None,
        }
    }
}

/// Why a command could not be applied. The project is unchanged.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    /// No source has this ID.
    #[error("there is no source `{0}`")]
    NoSuchSource(SourceId),
    /// No quote has this ID.
    #[error("there is no quote `{0}`")]
    NoSuchQuote(QuoteId),
    /// No claim has this ID.
    #[error("there is no claim `{0}`")]
    NoSuchClaim(ClaimId),
    /// The ID belongs to something else already.
    #[error("the ID `{0}` is already in use")]
    IdInUse(String),
    /// A custom ID is malformed.
    #[error("{0}")]
    BadId(String),
    /// A position in a list is past its end.
    #[error("position {index} is past the end of {what} (length {len})")]
    BadPosition {
        /// Which list.
        what: &'static str,
        /// The position asked for.
        index: usize,
        /// The list's length.
        len: usize,
    },
    /// Something still refers to what would be removed.
    #[error("{what} is still used by {users}; remove those first")]
    InUse {
        /// What would be removed.
        what: String,
        /// Who uses it.
        users: String,
    },
    /// A source's snapshot text is not loaded.
    #[error("the text of source `{0}` is not available")]
    NoText(SourceId),
    /// A source record's hash does not match its text.
    #[error("the hash recorded for source `{0}` does not match its text")]
    HashMismatch(SourceId),
    /// A source's snapshot path is not a plain file name under `sources/`.
    #[error("the snapshot path `{0}` must be a file name under `sources/`")]
    BadSnapshotPath(String),
    /// A quote's offsets or text do not match its source.
    #[error(
        "quote `{quote}` does not match source `{source_id}`: {detail}. Quotes must be verbatim"
    )]
    NotVerbatim {
        /// The quote.
        quote: QuoteId,
        /// Its source.
        source_id: SourceId,
        /// What differs.
        detail: String,
    },
    /// A claim already cites this quote.
    #[error("claim `{claim}` already cites `{quote}`")]
    AlreadyCited {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
    },
    /// A claim does not cite this quote.
    #[error("claim `{claim}` does not cite `{quote}`")]
    NotCited {
        /// The claim.
        claim: ClaimId,
        /// The quote.
        quote: QuoteId,
    },
    /// A paragraph that still holds claims cannot be removed.
    #[error("paragraph {0} is not empty")]
    ParagraphNotEmpty(usize),
}

/// Applies one command and returns the command that undoes it.
///
/// On error the project is left exactly as it was.
pub fn apply(
    project: &mut Project,
    texts: &mut Snapshots,
    command: Command,
) -> Result<Command, EditError> {
    Ok(match command {
        Command::SetTitle { title } => Command::SetTitle {
            title: std::mem::replace(&mut project.title, title),
        },
        Command::SetSettings { settings } => Command::SetSettings {
            settings: std::mem::replace(&mut project.settings, settings),
        },
        Command::AddSource {
            source,
            text,
            original,
        } => {
            check_new_id(project, source.id.as_str())?;
            if !source.id.is_generated() {
                check_custom_id(source.id.as_str()).map_err(EditError::BadId)?;
            }
            check_snapshot_path(&source.file)?;
            if sha256_hex(text.as_bytes()) != source.sha256 {
                return Err(EditError::HashMismatch(source.id));
            }
            check_original(&source.id, source.original.as_ref(), original.as_deref())?;
            texts.insert(&text);
            if let Some(bytes) = original {
                texts.insert_original(bytes);
            }
            let id = source.id.clone();
            let key = id.sort_key();
            let at = project.sources.partition_point(|s| s.id.sort_key() < key);
            project.sources.insert(at, source);
            Command::RemoveSource { id }
        }
        Command::RemoveSource { id } => {
            let index = project
                .sources
                .iter()
                .position(|s| s.id == id)
                .ok_or_else(|| EditError::NoSuchSource(id.clone()))?;
            let users: Vec<_> = project.quotes_of(&id).map(|q| q.id.to_string()).collect();
            if !users.is_empty() {
                return Err(EditError::InUse {
                    what: format!("source `{id}`"),
                    users: list(&users),
                });
            }
            let text = texts
                .get(&project.sources[index].sha256)
                .map(|t| t.shared())
                .ok_or_else(|| EditError::NoText(id.clone()))?;
            let source = project.sources.remove(index);
            let original = source
                .original
                .as_ref()
                .and_then(|o| texts.original(&o.sha256))
                .cloned();
            Command::AddSource {
                source,
                text,
                original,
            }
        }
        Command::EditCitation { source, citation } => {
            let record = project
                .sources
                .iter_mut()
                .find(|s| s.id == source)
                .ok_or_else(|| EditError::NoSuchSource(source.clone()))?;
            Command::EditCitation {
                citation: std::mem::replace(&mut record.citation, citation),
                source,
            }
        }
        Command::AddQuote { quote } => {
            check_new_id(project, quote.id.as_str())?;
            if !quote.id.is_generated() {
                return Err(EditError::BadId(format!(
                    "quote IDs are generated (`q4x9kq2mz`); `{}` is not one",
                    quote.id
                )));
            }
            check_verbatim(project, texts, &quote)?;
            let key = quote.id.sort_key();
            let at = project.quotes.partition_point(|q| q.id.sort_key() < key);
            let id = quote.id.clone();
            project.quotes.insert(at, quote);
            Command::RemoveQuote { id }
        }
        Command::AddQuotes { quotes } => {
            let mut fresh = std::collections::HashSet::new();
            for quote in &quotes {
                if !fresh.insert(quote.id.as_str()) {
                    return Err(EditError::IdInUse(quote.id.to_string()));
                }
                check_new_id(project, quote.id.as_str())?;
                if !quote.id.is_generated() {
                    return Err(EditError::BadId(format!(
                        "quote IDs are generated (`q4x9kq2mz`); `{}` is not one",
                        quote.id
                    )));
                }
                check_verbatim(project, texts, quote)?;
            }
            let ids = quotes.iter().map(|q| q.id.clone()).collect();
            project.quotes.extend(quotes);
            project.sort_records();
            Command::RemoveQuotes { ids }
        }
        Command::RemoveQuotes { ids } => {
            let wanted: std::collections::HashSet<&QuoteId> = ids.iter().collect();
            for id in &ids {
                if project.quote_index(id).is_none() {
                    return Err(EditError::NoSuchQuote(id.clone()));
                }
            }
            let users: Vec<String> = project
                .claims()
                .filter(|(_, c)| c.evidence.iter().any(|e| wanted.contains(&e.quote)))
                .map(|(_, c)| c.id.to_string())
                .collect();
            if !users.is_empty() {
                return Err(EditError::InUse {
                    what: format!("{} of the quotes", ids.len()),
                    users: list(&users),
                });
            }
            let (removed, kept): (Vec<Quote>, Vec<Quote>) = std::mem::take(&mut project.quotes)
                .into_iter()
                .partition(|q| wanted.contains(&q.id));
            project.quotes = kept;
            // In the order given, so that undoing and redoing gives the same command.
            let mut by_id: std::collections::HashMap<QuoteId, Quote> =
                removed.into_iter().map(|q| (q.id.clone(), q)).collect();
            let quotes = ids.iter().filter_map(|id| by_id.remove(id)).collect();
            Command::AddQuotes { quotes }
        }
        Command::RemoveQuote { id } => {
            let index = project
                .quote_index(&id)
                .ok_or_else(|| EditError::NoSuchQuote(id.clone()))?;
            let users: Vec<_> = project
                .citing_claims(&id)
                .map(|(c, _)| c.id.to_string())
                .collect();
            if !users.is_empty() {
                return Err(EditError::InUse {
                    what: format!("quote `{id}`"),
                    users: list(&users),
                });
            }
            Command::AddQuote {
                quote: project.quotes.remove(index),
            }
        }
        Command::SetQuote { quote } => {
            let index = project
                .quote_index(&quote.id)
                .ok_or_else(|| EditError::NoSuchQuote(quote.id.clone()))?;
            if project.quotes[index].source != quote.source {
                return Err(EditError::BadId(format!(
                    "quote `{}` belongs to `{}`; it cannot move to another source",
                    quote.id, project.quotes[index].source
                )));
            }
            check_verbatim(project, texts, &quote)?;
            Command::SetQuote {
                quote: std::mem::replace(&mut project.quotes[index], quote),
            }
        }
        Command::UpdateSource {
            source,
            current,
            text,
            original,
            previous,
            quotes,
        } => {
            let index = project
                .sources
                .iter()
                .position(|s| s.id == source)
                .ok_or_else(|| EditError::NoSuchSource(source.clone()))?;
            check_snapshot_path(&current.file)?;
            for old in &previous {
                check_snapshot_path(&old.file)?;
                check_original(&source, old.original.as_ref(), None)?;
            }
            check_original(&source, current.original.as_ref(), original.as_deref())?;
            if let Some(text) = &text
                && sha256_hex(text.as_bytes()) != current.sha256
            {
                return Err(EditError::HashMismatch(source));
            }
            let mut ids: Vec<&QuoteId> = project.quotes_of(&source).map(|q| &q.id).collect();
            let mut given: Vec<&QuoteId> = quotes.iter().map(|q| &q.id).collect();
            ids.sort();
            given.sort();
            if ids != given || quotes.iter().any(|q| q.source != source) {
                return Err(EditError::BadId(format!(
                    "an update of `{source}` must list exactly the quotes of that source"
                )));
            }
            let old_text = texts
                .get(&project.sources[index].sha256)
                .map(|t| t.shared());
            if let Some(text) = &text {
                texts.insert(text);
            }
            if let Some(bytes) = original {
                texts.insert_original(bytes);
            }
            // Check every new quote against the version it refers to.
            let mut updated = project.clone();
            {
                let record = &mut updated.sources[index];
                record.file = current.file.clone();
                record.sha256 = current.sha256.clone();
                record.original = current.original.clone();
                record.previous = previous.clone();
            }
            for quote in &quotes {
                // A quote on a version whose text is unavailable cannot be
                // checked here; loading reports it.
                match check_verbatim(&updated, texts, quote) {
                    Err(EditError::NoText(_)) => {}
                    other => other?,
                }
            }
            let record = &mut project.sources[index];
            let old_current = Snapshot {
                file: std::mem::replace(&mut record.file, current.file),
                sha256: std::mem::replace(&mut record.sha256, current.sha256),
                original: std::mem::replace(&mut record.original, current.original),
            };
            let old_original = old_current
                .original
                .as_ref()
                .and_then(|o| texts.original(&o.sha256))
                .cloned();
            let old_previous = std::mem::replace(&mut record.previous, previous);
            let mut old_quotes = Vec::with_capacity(quotes.len());
            for quote in quotes {
                let i = project
                    .quote_index(&quote.id)
                    .expect("the quote IDs were checked above");
                old_quotes.push(std::mem::replace(&mut project.quotes[i], quote));
            }
            Command::UpdateSource {
                source,
                current: old_current,
                text: old_text,
                original: old_original,
                previous: old_previous,
                quotes: old_quotes,
            }
        }
        Command::InsertParagraph { index } => {
            check_position("the summary", index, project.paragraphs.len())?;
            project.paragraphs.insert(index, Vec::new());
            Command::RemoveParagraph { index }
        }
        Command::RemoveParagraph { index } => {
            let paragraph = project
                .paragraphs
                .get(index)
                .ok_or(EditError::BadPosition {
                    what: "the summary",
                    index,
                    len: project.paragraphs.len(),
                })?;
            if !paragraph.is_empty() {
                return Err(EditError::ParagraphNotEmpty(index));
            }
            project.paragraphs.remove(index);
            Command::InsertParagraph { index }
        }
        Command::AddClaim { place, mut claim } => {
            check_place(project, place)?;
            check_new_id(project, claim.id.as_str())?;
            if !claim.id.is_generated() {
                return Err(EditError::BadId(format!(
                    "claim IDs are generated (`c4x9kq2mz`); `{}` is not one",
                    claim.id
                )));
            }
            if let Some(missing) = claim
                .evidence
                .iter()
                .find(|e| project.quote(&e.quote).is_none())
            {
                return Err(EditError::NoSuchQuote(missing.quote.clone()));
            }
            place_claim(project, place, &mut claim);
            let id = claim.id.clone();
            project.paragraphs[place.paragraph].insert(place.index, claim);
            Command::RemoveClaim { id }
        }
        Command::RemoveClaim { id } => {
            let place = project
                .claim_place(&id)
                .ok_or_else(|| EditError::NoSuchClaim(id.clone()))?;
            let claim = project.paragraphs[place.paragraph].remove(place.index);
            Command::AddClaim { place, claim }
        }
        Command::EditClaim { id, text } => {
            let claim = project
                .claim_mut(&id)
                .ok_or_else(|| EditError::NoSuchClaim(id.clone()))?;
            Command::EditClaim {
                text: std::mem::replace(&mut claim.text, text),
                id,
            }
        }
        Command::MoveClaim { id, to, at } => {
            let from = project
                .claim_place(&id)
                .ok_or_else(|| EditError::NoSuchClaim(id.clone()))?;
            let mut claim = project.paragraphs[from.paragraph].remove(from.index);
            if let Err(e) = check_place(project, to) {
                project.paragraphs[from.paragraph].insert(from.index, claim);
                return Err(e);
            }
            let old = std::mem::replace(&mut claim.at, at.unwrap_or_default());
            place_claim(project, to, &mut claim);
            project.paragraphs[to.paragraph].insert(to.index, claim);
            Command::MoveClaim {
                id,
                to: from,
                at: Some(old),
            }
        }
        Command::AddEvidence {
            claim,
            index,
            evidence,
        } => {
            if project.quote(&evidence.quote).is_none() {
                return Err(EditError::NoSuchQuote(evidence.quote));
            }
            let record = project
                .claim_mut(&claim)
                .ok_or_else(|| EditError::NoSuchClaim(claim.clone()))?;
            if record.evidence_for(&evidence.quote).is_some() {
                return Err(EditError::AlreadyCited {
                    claim,
                    quote: evidence.quote,
                });
            }
            check_position("the evidence list", index, record.evidence.len())?;
            let quote = evidence.quote.clone();
            record.evidence.insert(index, evidence);
            Command::RemoveEvidence { claim, quote }
        }
        Command::RemoveEvidence { claim, quote } => {
            let record = project
                .claim_mut(&claim)
                .ok_or_else(|| EditError::NoSuchClaim(claim.clone()))?;
            let index = record
                .evidence
                .iter()
                .position(|e| e.quote == quote)
                .ok_or_else(|| EditError::NotCited {
                    claim: claim.clone(),
                    quote: quote.clone(),
                })?;
            Command::AddEvidence {
                evidence: record.evidence.remove(index),
                claim,
                index,
            }
        }
        Command::SetStance {
            claim,
            quote,
            stance,
        } => {
            let evidence = evidence_mut(project, &claim, &quote)?;
            Command::SetStance {
                stance: std::mem::replace(&mut evidence.stance, stance),
                claim,
                quote,
            }
        }
        Command::SetNote { claim, quote, note } => {
            let evidence = evidence_mut(project, &claim, &quote)?;
            Command::SetNote {
                note: std::mem::replace(&mut evidence.note, note),
                claim,
                quote,
            }
        }
        Command::SetSignOff { claim, signoff } => {
            let record = project
                .claim_mut(&claim)
                .ok_or_else(|| EditError::NoSuchClaim(claim.clone()))?;
            Command::SetSignOff {
                signoff: std::mem::replace(&mut record.signoff, signoff),
                claim,
            }
        }
        Command::Resolve {
            index,
            value,
            reopen,
        } => {
            let conflict = match &reopen {
                Some(conflict) => {
                    check_position("the conflicts", index, project.conflicts.len())?;
                    (**conflict).clone()
                }
                None => project
                    .conflicts
                    .get(index)
                    .cloned()
                    .ok_or(EditError::BadPosition {
                        what: "the conflicts",
                        index,
                        len: project.conflicts.len(),
                    })?,
            };
            let old = crate::team::merge::field_value(project, &conflict.record, &conflict.field);
            let verbatim =
                |p: &Project, q: &Quote| check_verbatim(p, texts, q).map_err(|e| e.to_string());
            crate::team::merge::set_field(
                project,
                &conflict.record,
                &conflict.field,
                value.as_deref(),
                &verbatim,
            )
            .map_err(|e| EditError::BadId(e.to_string()))?;
            match reopen {
                Some(conflict) => {
                    project.conflicts.insert(index, *conflict);
                    Command::Resolve {
                        index,
                        value: old,
                        reopen: None,
                    }
                }
                None => {
                    let conflict = project.conflicts.remove(index);
                    Command::Resolve {
                        index,
                        value: old,
                        reopen: Some(Box::new(conflict)),
                    }
                }
            }
        }
        Command::Batch { label, commands } => {
            let mut inverses = Vec::with_capacity(commands.len());
            for command in commands {
                match apply(project, texts, command) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        // Roll back what was applied, so a batch is all or nothing.
                        for inverse in inverses.into_iter().rev() {
                            apply(project, texts, inverse)
                                .expect("the inverse of an applied command applies");
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Command::Batch {
                label,
                commands: inverses,
            }
        }
    })
}

fn list(items: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = items
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        s.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    s
}

fn check_position(what: &'static str, index: usize, len: usize) -> Result<(), EditError> {
    if index > len {
        return Err(EditError::BadPosition { what, index, len });
    }
    Ok(())
}

fn check_place(project: &Project, place: ClaimPlace) -> Result<(), EditError> {
    let paragraphs = project.paragraphs.len();
    let paragraph = project
        .paragraphs
        .get(place.paragraph)
        .ok_or(EditError::BadPosition {
            what: "the summary",
            index: place.paragraph,
            len: paragraphs,
        })?;
    check_position("the paragraph", place.index, paragraph.len())
}

/// Gives a claim going to `place` a [`Position`] between its neighbours
/// there, keeping the one it has when that already fits (an undo puts a
/// claim back with its old record).
fn place_claim(project: &mut Project, place: ClaimPlace, claim: &mut Claim) {
    // No key fits only between two equal keys (claims or paragraphs added
    // at the same place on two branches); then the summary is given fresh
    // keys once, in its current order, and then one fits.
    for _ in 0..2 {
        if let Some(at) = position_at(project, place, &claim.at) {
            claim.at = at;
            return;
        }
        project.renumber_positions();
    }
    unreachable!("after renumbering, every gap has a key");
}

/// The position that sorts a claim at `place` (in the summary as it is
/// without that claim): `keep` if it does, else a new one.
fn position_at<'a>(project: &'a Project, place: ClaimPlace, keep: &Position) -> Option<Position> {
    let paragraphs = &project.paragraphs;
    let claims = &paragraphs[place.paragraph];
    let between = |key: &str, lower: Option<&str>, upper: Option<&str>| {
        lower.is_none_or(|l| l < key) && upper.is_none_or(|u| key < u)
    };
    let paragraph = match claims.first() {
        Some(first) => first.at.paragraph.clone(),
        None => {
            let first_key = |p: &'a Paragraph| p.first().map(|c| c.at.paragraph.as_str());
            let lower = paragraphs[..place.paragraph]
                .iter()
                .rev()
                .find_map(first_key);
            let upper = paragraphs[place.paragraph + 1..].iter().find_map(first_key);
            if keep.is_valid() && between(&keep.paragraph, lower, upper) {
                keep.paragraph.clone()
            } else {
                Position::paragraph_between(lower, upper)?
            }
        }
    };
    let lower = place
        .index
        .checked_sub(1)
        .map(|i| claims[i].at.order.as_str());
    let upper = claims.get(place.index).map(|c| c.at.order.as_str());
    let order =
        if keep.is_valid() && keep.paragraph == paragraph && between(&keep.order, lower, upper) {
            keep.order.clone()
        } else {
            Position::order_between(lower, upper)?
        };
    Some(Position { paragraph, order })
}

fn check_new_id(project: &Project, id: &str) -> Result<(), EditError> {
    if project.id_in_use(id) {
        return Err(EditError::IdInUse(id.to_owned()));
    }
    Ok(())
}

/// A snapshot path must be `sources/NAME` with a plain file name.
pub fn check_snapshot_path(path: &str) -> Result<(), EditError> {
    let ok = path.strip_prefix("sources/").is_some_and(|name| {
        !name.is_empty()
            && name != "."
            && name != ".."
            && !name.contains(['/', '\\', ':', '\0'])
            && !name.starts_with('.')
    });
    if !ok {
        return Err(EditError::BadSnapshotPath(path.to_owned()));
    }
    Ok(())
}

/// Checks an original's record: its path is a file name under
/// `sources/originals/`, its page map is in order, and its bytes, when
/// given, hash to what it records.
pub fn check_original(
    source: &SourceId,
    original: Option<&Original>,
    bytes: Option<&[u8]>,
) -> Result<(), EditError> {
    let Some(original) = original else {
        return match bytes {
            Some(_) => Err(EditError::HashMismatch(source.clone())),
            None => Ok(()),
        };
    };
    let name_ok = original
        .file
        .strip_prefix("sources/originals/")
        .is_some_and(|name| check_snapshot_path(&format!("sources/{name}")).is_ok());
    if !name_ok {
        return Err(EditError::BadSnapshotPath(original.file.clone()));
    }
    if !original.pages.is_sorted_by_key(|p| p.start) {
        return Err(EditError::BadId(format!(
            "the page map of `{source}` is not in order"
        )));
    }
    if let Some(bytes) = bytes
        && sha256_hex(bytes) != original.sha256
    {
        return Err(EditError::HashMismatch(source.clone()));
    }
    Ok(())
}

fn check_verbatim(project: &Project, texts: &Snapshots, quote: &Quote) -> Result<(), EditError> {
    let source = project
        .source(&quote.source)
        .ok_or_else(|| EditError::NoSuchSource(quote.source.clone()))?;
    let version = quote
        .unresolved
        .as_ref()
        .map_or(source.sha256.as_str(), |u| u.version.as_str());
    let text = texts
        .get(version)
        .ok_or_else(|| EditError::NoText(source.id.clone()))?;
    let mismatch = |detail: String| EditError::NotVerbatim {
        quote: quote.id.clone(),
        source_id: quote.source.clone(),
        detail,
    };
    if quote.start >= quote.end {
        return Err(mismatch(format!(
            "the range {}..{} is empty or inverted",
            quote.start, quote.end
        )));
    }
    match text.verbatim(quote.start..quote.end, &quote.text) {
        Verbatim::Outside => Err(mismatch(format!(
            "the range {}..{} is past the end of the text ({} chars)",
            quote.start,
            quote.end,
            text.char_len()
        ))),
        Verbatim::Differs(found) => Err(mismatch(format!(
            "the text there is {found:?}, not {:?}",
            quote.text
        ))),
        Verbatim::Same => Ok(()),
    }
}

fn evidence_mut<'a>(
    project: &'a mut Project,
    claim: &ClaimId,
    quote: &QuoteId,
) -> Result<&'a mut Evidence, EditError> {
    let record = project
        .claim_mut(claim)
        .ok_or_else(|| EditError::NoSuchClaim(claim.clone()))?;
    record
        .evidence
        .iter_mut()
        .find(|e| &e.quote == quote)
        .ok_or_else(|| EditError::NotCited {
            claim: claim.clone(),
            quote: quote.clone(),
        })
}

/// Edits with the same merge key closer together than this are one undo step.
pub const MERGE_WINDOW: Duration = Duration::from_millis(1500);

/// How many undo steps are kept.
pub const MAX_UNDO: usize = 1000;

#[derive(Debug)]
struct Step {
    /// The command that reverts this step.
    inverse: Command,
    /// Label of the edit this step records.
    label: String,
    merge_key: Option<String>,
    at: Instant,
    /// Revision of the project before and after this step.
    revisions: (u64, u64),
}

/// Undo and redo stacks of inverse commands. Runtime state only: never saved.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    last_revision: u64,
}

impl History {
    /// A number that identifies the current state of the project: it changes
    /// with every edit and returns to an earlier value on undo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records an applied edit by its inverse. `done` is the command that was
    /// applied.
    pub fn record(&mut self, done: &Command, inverse: Command, at: Instant) {
        self.redo.clear();
        self.last_revision += 1;
        let new_revision = self.last_revision;
        let merge_key = done.merge_key();
        if let Some(last) = self.undo.last_mut()
            && merge_key.is_some()
            && last.merge_key == merge_key
            && at.saturating_duration_since(last.at) < MERGE_WINDOW
            && last.revisions.1 == self.revision
        {
            // Keep the older inverse: it restores the state before the burst.
            last.at = at;
            last.revisions.1 = new_revision;
            self.revision = new_revision;
            return;
        }
        self.undo.push(Step {
            inverse,
            label: done.label(),
            merge_key,
            at,
            revisions: (self.revision, new_revision),
        });
        self.revision = new_revision;
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
    }

    /// Label of the edit Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the edit Redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Reverts the last edit. Returns `Ok(false)` when there is nothing to undo.
    pub fn undo(
        &mut self,
        project: &mut Project,
        texts: &mut Snapshots,
    ) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        match apply(project, texts, step.inverse.clone()) {
            Ok(forward) => {
                self.revision = step.revisions.0;
                self.redo.push(Step {
                    inverse: forward,
                    merge_key: None,
                    ..step
                });
                Ok(true)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Repeats the last undone edit. Returns `Ok(false)` when there is nothing
    /// to redo.
    pub fn redo(
        &mut self,
        project: &mut Project,
        texts: &mut Snapshots,
    ) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match apply(project, texts, step.inverse.clone()) {
            Ok(inverse) => {
                self.revision = step.revisions.1;
                self.undo.push(Step {
                    inverse,
                    merge_key: None,
                    ..step
                });
                Ok(true)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, SourceId};

    const TEXT: &str = "Six people died, officials said. Five died, another report said.";

    /// A project with one source, one paragraph and one claim `c1`.
    fn fixture() -> (Project, Snapshots) {
        let mut project = Project::new("Test");
        let mut texts = Snapshots::default();
        let sha = sha256_hex(TEXT.as_bytes());
        let add_source = Command::AddSource {
            original: None,
            source: Source {
                original: None,
                previous: Vec::new(),
                id: SourceId::numbered(1),
                file: format!("sources/s1-{}.txt", &sha[..12]),
                sha256: sha,
                citation: Citation {
                    title: "Report".into(),
                    ..Citation::default()
                },
            },
            text: TEXT.into(),
        };
        apply(&mut project, &mut texts, add_source).unwrap();
        apply(
            &mut project,
            &mut texts,
            Command::InsertParagraph { index: 0 },
        )
        .unwrap();
        let claim = Claim::new(ClaimId::numbered(1), "Six people died.");
        apply(
            &mut project,
            &mut texts,
            Command::AddClaim {
                place: ClaimPlace {
                    paragraph: 0,
                    index: 0,
                },
                claim,
            },
        )
        .unwrap();
        (project, texts)
    }

    fn quote(project: &Project, start: usize, end: usize) -> Quote {
        Quote {
            unresolved: None,
            id: QuoteId::numbered(project.quotes.len() as u32 + 1),
            source: SourceId::numbered(1),
            start,
            end,
            text: TEXT.chars().skip(start).take(end - start).collect(),
            prefix: String::new(),
            suffix: String::new(),
        }
    }

    fn cite(project: &Project, start: usize, end: usize, stance: Stance) -> Command {
        let quote = quote(project, start, end);
        Command::Batch {
            label: "Cite".into(),
            commands: vec![
                Command::AddQuote {
                    quote: quote.clone(),
                },
                Command::AddEvidence {
                    claim: ClaimId::numbered(1),
                    index: 0,
                    evidence: Evidence {
                        quote: quote.id,
                        stance,
                        note: String::new(),
                    },
                },
            ],
        }
    }

    /// The ID of the quote a [`cite`] batch adds.
    fn add_quote_id(command: &Command) -> QuoteId {
        match command {
            Command::Batch { commands, .. } => match &commands[0] {
                Command::AddQuote { quote } => quote.id.clone(),
                other => panic!("not a cite: {other:?}"),
            },
            other => panic!("not a cite: {other:?}"),
        }
    }

    /// Every command of a realistic session, checked to undo to the exact
    /// previous state and redo to the exact next one.
    #[test]
    fn every_command_undoes_and_redoes_exactly() {
        let (mut project, mut texts) = fixture();
        let q1 = quote(&project, 0, 15);
        let c1 = ClaimId::numbered(1);
        let q1_id = q1.id.clone();
        let commands = vec![
            Command::SetTitle {
                title: "Renamed".into(),
            },
            Command::SetSettings {
                settings: Settings { min_sources: 3 },
            },
            Command::EditCitation {
                source: SourceId::numbered(1),
                citation: Citation {
                    title: "New".into(),
                    url: "https://example.org".into(),
                    ..Citation::default()
                },
            },
            Command::AddQuote { quote: q1 },
            Command::AddEvidence {
                claim: c1.clone(),
                index: 0,
                evidence: Evidence {
                    quote: q1_id.clone(),
                    stance: Stance::Supports,
                    note: String::new(),
                },
            },
            Command::SetStance {
                claim: c1.clone(),
                quote: q1_id.clone(),
                stance: Stance::Contradicts,
            },
            Command::SetNote {
                claim: c1.clone(),
                quote: q1_id.clone(),
                note: "per officials".into(),
            },
            Command::EditClaim {
                id: c1.clone(),
                text: "Six died.".into(),
            },
            Command::SetSignOff {
                claim: c1.clone(),
                signoff: Some(SignOff {
                    by: "Ana".into(),
                    at: "2026-11-21T10:00:00Z".into(),
                    hash: "x".into(),
                    note: String::new(),
                }),
            },
            Command::InsertParagraph { index: 1 },
            Command::MoveClaim {
                id: c1.clone(),
                to: ClaimPlace {
                    paragraph: 1,
                    index: 0,
                },
                at: None,
            },
            Command::RemoveParagraph { index: 0 },
            Command::RemoveEvidence {
                claim: c1.clone(),
                quote: q1_id.clone(),
            },
            Command::RemoveQuote { id: q1_id },
            Command::RemoveClaim { id: c1 },
            Command::RemoveSource {
                id: SourceId::numbered(1),
            },
        ];
        for command in commands {
            let before = project.clone();
            let label = command.label();
            let inverse = apply(&mut project, &mut texts, command.clone()).unwrap();
            let after = project.clone();
            assert_ne!(before, after, "{label} changed nothing");
            let forward = apply(&mut project, &mut texts, inverse).unwrap();
            assert_eq!(project, before, "undo of {label}");
            apply(&mut project, &mut texts, forward).unwrap();
            assert_eq!(project, after, "redo of {label}");
        }
        assert!(project.sources.is_empty() && project.quotes.is_empty());
    }

    #[test]
    fn quotes_must_be_verbatim() {
        let (mut project, mut texts) = fixture();
        let mut q = quote(&project, 0, 15);
        q.text = "Seven people di".into();
        let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
        assert!(matches!(err, EditError::NotVerbatim { .. }), "{err}");
        let mut q = quote(&project, 60, 70);
        q.end = 70;
        let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
        assert!(err.to_string().contains("past the end"), "{err}");
        let mut q = quote(&project, 3, 3);
        q.end = 2;
        let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
        assert!(err.to_string().contains("inverted"), "{err}");
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let (mut project, mut texts) = fixture();
        let before = project.clone();
        let batch = Command::Batch {
            label: "x".into(),
            commands: vec![
                Command::EditClaim {
                    id: ClaimId::numbered(1),
                    text: "changed".into(),
                },
                Command::RemoveClaim {
                    id: ClaimId::numbered(99),
                },
            ],
        };
        let err = apply(&mut project, &mut texts, batch).unwrap_err();
        assert_eq!(err, EditError::NoSuchClaim(ClaimId::numbered(99)));
        assert_eq!(project, before);
    }

    #[test]
    fn things_in_use_cannot_be_removed() {
        let (mut project, mut texts) = fixture();
        let cite = cite(&project, 0, 15, Stance::Supports);
        apply(&mut project, &mut texts, cite).unwrap();
        let err = apply(
            &mut project,
            &mut texts,
            Command::RemoveQuote {
                id: QuoteId::numbered(1),
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "quote `q1` is still used by c1; remove those first"
        );
        let err = apply(
            &mut project,
            &mut texts,
            Command::RemoveSource {
                id: SourceId::numbered(1),
            },
        )
        .unwrap_err();
        assert!(matches!(err, EditError::InUse { .. }));
        let err = apply(
            &mut project,
            &mut texts,
            Command::RemoveParagraph { index: 0 },
        )
        .unwrap_err();
        assert_eq!(err, EditError::ParagraphNotEmpty(0));
    }

    #[test]
    fn ids_are_never_reused_after_undo() {
        let (mut project, mut texts) = fixture();
        let mut history = History::default();
        let t0 = Instant::now();
        let add = cite(&project, 0, 15, Stance::Supports);
        let inverse = apply(&mut project, &mut texts, add.clone()).unwrap();
        history.record(&add, inverse, t0);
        assert!(history.undo(&mut project, &mut texts).unwrap());
        assert!(project.quotes.is_empty());
        let undone = add_quote_id(&add);
        // A fresh quote gets a new random key, not the undone quote's.
        assert_ne!(project.new_quote_id(), undone);
        // Redo brings back the same quote.
        assert!(history.redo(&mut project, &mut texts).unwrap());
        assert_eq!(project.quotes[0].id, undone);
    }

    #[test]
    fn duplicate_ids_and_double_citations_are_refused() {
        let (mut project, mut texts) = fixture();
        let claim = Claim::new(ClaimId::numbered(1), "again");
        let err = apply(
            &mut project,
            &mut texts,
            Command::AddClaim {
                place: ClaimPlace {
                    paragraph: 0,
                    index: 0,
                },
                claim,
            },
        )
        .unwrap_err();
        assert_eq!(err, EditError::IdInUse("c1".into()));
        let first = cite(&project, 0, 15, Stance::Supports);
        apply(&mut project, &mut texts, first).unwrap();
        let again = Command::AddEvidence {
            claim: ClaimId::numbered(1),
            index: 0,
            evidence: Evidence {
                quote: QuoteId::numbered(1),
                stance: Stance::Context,
                note: String::new(),
            },
        };
        let err = apply(&mut project, &mut texts, again).unwrap_err();
        assert!(matches!(err, EditError::AlreadyCited { .. }));
    }

    #[test]
    fn a_failed_move_puts_the_claim_back() {
        let (mut project, mut texts) = fixture();
        let before = project.clone();
        let err = apply(
            &mut project,
            &mut texts,
            Command::MoveClaim {
                id: ClaimId::numbered(1),
                to: ClaimPlace {
                    paragraph: 4,
                    index: 0,
                },
                at: None,
            },
        )
        .unwrap_err();
        assert!(matches!(err, EditError::BadPosition { .. }));
        assert_eq!(project, before);
    }

    #[test]
    fn snapshot_paths_stay_inside_sources() {
        assert!(check_snapshot_path("sources/s1-abc.txt").is_ok());
        for bad in [
            "s1.txt",
            "/etc/passwd",
            "sources/../project.ron",
            "sources/a/b.txt",
            "sources/",
            "sources/..",
            "sources/.hidden",
            "sources\\x",
            "sources/C:x",
        ] {
            assert!(check_snapshot_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn typing_bursts_merge_into_one_undo_step() {
        let (mut project, mut texts) = fixture();
        let mut history = History::default();
        let t0 = Instant::now();
        let c1 = ClaimId::numbered(1);
        for (i, text) in ["S", "Si", "Six"].into_iter().enumerate() {
            let edit = Command::EditClaim {
                id: c1.clone(),
                text: text.into(),
            };
            let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
            history.record(&edit, inverse, t0 + Duration::from_millis(300 * i as u64));
        }
        // A pause starts a new step.
        let edit = Command::EditClaim {
            id: c1.clone(),
            text: "Six!".into(),
        };
        let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
        history.record(&edit, inverse, t0 + Duration::from_secs(10));
        assert_eq!(history.undo_label(), Some("Edit claim c1"));
        history.undo(&mut project, &mut texts).unwrap();
        assert_eq!(project.claim(&c1).unwrap().text, "Six");
        history.undo(&mut project, &mut texts).unwrap();
        assert_eq!(project.claim(&c1).unwrap().text, "Six people died.");
        assert!(!history.undo(&mut project, &mut texts).unwrap());
        history.redo(&mut project, &mut texts).unwrap();
        history.redo(&mut project, &mut texts).unwrap();
        assert_eq!(project.claim(&c1).unwrap().text, "Six!");
        assert!(!history.redo(&mut project, &mut texts).unwrap());
    }

    #[test]
    fn revision_returns_to_earlier_values_on_undo() {
        let (mut project, mut texts) = fixture();
        let mut history = History::default();
        let saved = history.revision();
        let edit = Command::SetTitle { title: "x".into() };
        let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
        history.record(&edit, inverse, Instant::now());
        let edited = history.revision();
        assert_ne!(edited, saved);
        history.undo(&mut project, &mut texts).unwrap();
        assert_eq!(history.revision(), saved);
        history.redo(&mut project, &mut texts).unwrap();
        assert_eq!(history.revision(), edited);
        // A new edit after undo gets a revision never seen before.
        history.undo(&mut project, &mut texts).unwrap();
        let other = Command::SetTitle { title: "y".into() };
        let inverse = apply(&mut project, &mut texts, other.clone()).unwrap();
        history.record(&other, inverse, Instant::now());
        assert!(history.revision() != saved && history.revision() != edited);
        assert_eq!(history.redo_label(), None);
    }

    #[test]
    fn history_is_capped() {
        let (mut project, mut texts) = fixture();
        let mut history = History::default();
        let t0 = Instant::now();
        for i in 0..MAX_UNDO + 10 {
            let edit = Command::InsertParagraph { index: 0 };
            let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
            history.record(&edit, inverse, t0 + Duration::from_secs(i as u64));
        }
        let mut undone = 0;
        while history.undo(&mut project, &mut texts).unwrap() {
            undone += 1;
        }
        assert_eq!(undone, MAX_UNDO);
    }
}
