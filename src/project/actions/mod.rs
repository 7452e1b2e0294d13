//! What an editor does, turned into [`Command`]s.
//!
//! The command line and the desktop app both build their edits here, from a
//! read-only view of the project, and then apply them through
//! [`crate::project::document::Document::apply`]. Nothing here changes a project.

mod claims;
mod links;
mod quotes;
mod sources;

pub use claims::*;
pub use links::*;
pub use quotes::*;
pub use sources::*;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use thiserror::Error;

use crate::model::check_citation;
use crate::model::{
    AnchorStatus, Citation, Claim, ClaimId, ClaimPlace, Evidence, Project, Quote, QuoteId,
    Snapshot, Source, SourceId, Stance, Unresolved, check_custom_id,
};
use crate::project::command::Command;
use crate::project::store::snapshot_path;
use crate::text::anchor::{self, Located, SourceText, Span, locate};
use crate::text::reanchor::{Outcome, Revision};
use crate::text::snapshot::Snapshots;

/// Why an edit could not be prepared. Nothing was changed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ActionError {
    /// No source has this ID.
    #[error("there is no source `{0}` in this project")]
    NoSuchSource(SourceId),
    /// No claim has this ID.
    #[error("there is no claim `{0}` in this project")]
    NoSuchClaim(ClaimId),
    /// The ID is taken.
    #[error("the ID `{0}` is already in use; choose another")]
    IdInUse(String),
    /// A custom ID is malformed.
    #[error("{0}")]
    BadId(String),
    /// A citation field is malformed.
    #[error("{0}")]
    BadCitation(String),
    /// A claim needs text.
    #[error("a claim needs some text")]
    EmptyClaim,
    /// A paragraph number is out of range.
    #[error("there are {count} paragraphs; choose a paragraph from 1 to {} (the last starts a new one)", .count + 1)]
    BadParagraph {
        /// How many paragraphs there are.
        count: usize,
    },
    /// The source's text is not loaded.
    #[error(
        "the snapshot of source `{0}` is missing or damaged; the project's problems list says what happened to it"
    )]
    NoText(SourceId),
    /// An empty quote.
    #[error("the quote is empty; give the exact text to cite")]
    EmptyQuote,
    /// The quote text does not occur.
    #[error("{}", not_found_message(.source_id, .quote, .without_context, .near_miss))]
    QuoteNotFound {
        /// The source searched.
        source_id: SourceId,
        /// The text searched for.
        quote: String,
        /// How often it occurs when the prefix and suffix are ignored.
        without_context: usize,
        /// A passage that matches when case, spacing and quotation marks are
        /// ignored, with its range.
        near_miss: Option<(Range<usize>, String)>,
    },
    /// The quote text occurs more than once and the context does not decide.
    #[error("{}", ambiguous_message(.source_id, .quote, .candidates))]
    QuoteAmbiguous {
        /// The source searched.
        source_id: SourceId,
        /// The text searched for.
        quote: String,
        /// Every place it occurs.
        candidates: Vec<Span>,
    },
    /// A new version identical to the current one.
    #[error("the new text of `{0}` is identical to its current version; nothing to update")]
    SameText(SourceId),
    /// The claim already cites that passage.
    #[error("the claim “{}” ({claim}) already cites this passage as {quote}; change its stance instead", crate::util::snippet(.text, 60))]
    AlreadyCited {
        /// The claim.
        claim: ClaimId,
        /// Its text.
        text: String,
        /// The existing quote.
        quote: QuoteId,
    },
    /// Two sources that share no text are independent already.
    #[error("{0} and {1} share no text, so they count as two sources already")]
    NotLinked(SourceId, SourceId),
    /// A mark of independence needs a reason.
    #[error(
        "say why {0} and {1} are independent sources; the reason is recorded and shown in the review"
    )]
    NoReason(SourceId, SourceId),
    /// A title or check setting out of range.
    #[error("{0}")]
    BadSettings(String),
    /// A sign-off needs the reviewer's name.
    #[error("a sign-off needs the reviewer's name")]
    NoReviewer,
    /// Nothing is signed off while a git merge's conflicts remain.
    #[error(
        "the project has {0} unresolved merge conflict(s) from git; resolve them before signing off"
    )]
    MergeConflicts(usize),
    /// A claim with blockers cannot be signed off.
    #[error("claim `{claim}` cannot be signed off while it has blockers:{}", .blockers.iter().map(|b| format!("\n  - {b}")).collect::<String>())]
    SignOffBlocked {
        /// The claim.
        claim: ClaimId,
        /// The blocking findings' messages.
        blockers: Vec<String>,
    },
}

fn not_found_message(
    source: &SourceId,
    quote: &str,
    without_context: &usize,
    near: &Option<(Range<usize>, String)>,
) -> String {
    let mut message = if *without_context > 0 {
        format!(
            "{:?} occurs {without_context} time(s) in `{source}`, but never with the given prefix and suffix; check them against the source",
            crate::util::snippet(quote, 60)
        )
    } else {
        format!(
            "{:?} does not occur in `{source}`; quotes must match the source exactly, character for character",
            crate::util::snippet(quote, 60)
        )
    };
    if let Some((range, text)) = near {
        message.push_str(&format!(
            ". A passage at chars {}..{} differs only in case, spacing or quotation marks: {:?}",
            range.start,
            range.end,
            crate::util::snippet(text, 120)
        ));
    }
    message
}

fn ambiguous_message(source: &SourceId, quote: &str, candidates: &[Span]) -> String {
    const SHOWN: usize = 10;
    let mut message = format!(
        "{:?} occurs {} times in `{source}`; give --prefix or --suffix (text just before or after it) to say which:",
        crate::util::snippet(quote, 60),
        candidates.len()
    );
    for (i, span) in candidates.iter().take(SHOWN).enumerate() {
        message.push_str(&format!(
            "\n  {}. chars {}..{}: …{}[{}]{}…",
            i + 1,
            span.start,
            span.end,
            crate::util::snippet(&span.prefix, 32),
            crate::util::snippet(quote, 40),
            crate::util::snippet(&span.suffix, 32)
        ));
    }
    if candidates.len() > SHOWN {
        message.push_str(&format!("\n  … and {} more", candidates.len() - SHOWN));
    }
    message
}

#[cfg(test)]
mod tests;
