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

mod apply;
mod claims;
mod history;
mod rechecks;

pub use apply::*;
use claims::*;
pub use history::*;

use std::sync::Arc;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::text::anchor::Verbatim;

use crate::model::{
    Citation, Claim, ClaimId, ClaimPlace, Conflict, Evidence, Original, Paragraph, Position,
    Project, Quote, QuoteId, Recheck, Settings, SignOff, Snapshot, Source, SourceId, SourceLink,
    Stance, check_custom_id, sha256_hex,
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
    /// Replaces a source's citation metadata and short name.
    EditCitation {
        /// The source.
        source: SourceId,
        /// The new metadata.
        citation: Citation,
        /// The new short name (unique in the project).
        name: String,
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
        /// The field's new value, as [`crate::model::fields::field_value`] shows it
        /// (`None` deletes the record of a conflict over a record).
        value: Option<String>,
        /// `None` to settle the conflict at `index`; the conflict to record
        /// again there, for an undo.
        reopen: Option<Box<Conflict>>,
    },
    /// Replaces the links of one source to the others (what it shares
    /// with them, measured again after it was added or updated).
    SetLinks {
        /// The source whose links these are.
        source: SourceId,
        /// Its links, each involving `source`.
        links: Vec<SourceLink>,
    },
    /// Replaces the rechecks recorded for one source (its live page
    /// compared with its recorded version).
    SetRechecks {
        /// The source.
        source: SourceId,
        /// Its rechecks, oldest first, each of `source`.
        rechecks: Vec<Recheck>,
        /// The bytes of pages the rechecks keep that are not on disk yet.
        originals: Vec<Arc<[u8]>>,
    },
    /// Marks two linked sources independent, with the editor's reason, or
    /// (with `None`) counts them as one again.
    SetIndependent {
        /// One source of the pair.
        a: SourceId,
        /// The other.
        b: SourceId,
        /// Why they are independent.
        reason: Option<String>,
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
    /// A short description for the Undo and Redo menu items, naming
    /// sources and claims as people read them in `project` (the project
    /// before the command is applied).
    pub fn label(&self, project: &Project) -> String {
        let source = |id: &SourceId| format!("‘{}’", project.source_name(id));
        let claim = |id: &ClaimId| {
            project
                .claim_number(id)
                .map_or_else(|| format!("claim {id}"), |n| format!("claim {n}"))
        };
        let quote = |id: &QuoteId| {
            project.quote(id).map_or_else(
                || format!("quote {id}"),
                |q| format!("quote from {}", source(&q.source)),
            )
        };
        match self {
            Command::SetTitle { .. } => "Rename project".into(),
            Command::SetSettings { .. } => "Change settings".into(),
            Command::AddSource { source: s, .. } => format!("Add source ‘{}’", s.short_name()),
            Command::RemoveSource { id } => format!("Remove source {}", source(id)),
            Command::EditCitation { source: s, .. } => format!("Edit citation of {}", source(s)),
            Command::AddQuote { quote: q } => format!("Add quote from {}", source(&q.source)),
            Command::RemoveQuote { id } => format!("Remove {}", quote(id)),
            Command::AddQuotes { quotes } => format!("Add {} quotes", quotes.len()),
            Command::RemoveQuotes { ids } => format!("Remove {} quotes", ids.len()),
            Command::SetQuote { quote: q } => format!("Re-select {}", quote(&q.id)),
            Command::UpdateSource { source: s, .. } => format!("Update source {}", source(s)),
            Command::InsertParagraph { .. } => "Insert paragraph".into(),
            Command::RemoveParagraph { .. } => "Remove paragraph".into(),
            Command::AddClaim { .. } => "Add claim".into(),
            Command::RemoveClaim { id } => format!("Delete {}", claim(id)),
            Command::EditClaim { id, .. } => format!("Edit {}", claim(id)),
            Command::MoveClaim { id, .. } => format!("Move {}", claim(id)),
            Command::AddEvidence {
                claim: c, evidence, ..
            } => format!("Cite {} in {}", quote(&evidence.quote), claim(c)),
            Command::RemoveEvidence { claim: c, quote: q } => {
                format!("Remove {} from {}", quote(q), claim(c))
            }
            Command::SetStance {
                claim: c, quote: q, ..
            } => {
                format!("Change stance of {} in {}", quote(q), claim(c))
            }
            Command::SetNote {
                claim: c, quote: q, ..
            } => {
                format!("Edit note on {} in {}", quote(q), claim(c))
            }
            Command::SetSignOff { claim: c, signoff } => match signoff {
                Some(_) => format!("Sign off {}", claim(c)),
                None => format!("Clear sign-off of {}", claim(c)),
            },
            Command::Resolve { reopen: None, .. } => "Resolve merge conflict".into(),
            Command::Resolve { .. } => "Reopen merge conflict".into(),
            Command::SetLinks { source: s, .. } => format!("Measure shared text of {}", source(s)),
            Command::SetRechecks { source: s, .. } => {
                format!("Record the recheck of {} against the web", source(s))
            }
            Command::SetIndependent {
                a,
                b,
                reason: Some(_),
            } => format!("Mark {} and {} independent", source(a), source(b)),
            Command::SetIndependent { a, b, .. } => {
                format!("Count {} and {} as one source", source(a), source(b))
            }
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
    /// A source's short name is malformed.
    #[error("{0}")]
    BadName(String),
    /// Another source has this short name.
    #[error("another source is named “{0}”; choose another short name")]
    NameInUse(String),
    /// No link joins the two sources.
    #[error("{0} and {1} share no text, so they count as two sources already")]
    NoSuchLink(SourceId, SourceId),
    /// A link that does not belong with the source it is set for.
    #[error("a link of {0} must join it to another source of the project")]
    BadLink(SourceId),
    /// A mark of independence needs a reason.
    #[error("say why {0} and {1} are independent sources (a reason is recorded with the mark)")]
    NoReason(SourceId, SourceId),
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

#[cfg(test)]
mod tests;
