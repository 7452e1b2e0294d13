//! Claims and what backs them: quotes (verbatim passages with their
//! context), evidence with its stance, sign-offs, the place of a claim in
//! the summary, and the conflicts a merge left on a record.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::*;

/// How many characters of context a quote keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A verbatim span of one source: the W3C TextQuote and TextPosition
/// selectors in one record.
///
/// Offsets count chars (Unicode scalar values) and are half-open: in
/// `"The [quick] fox"` the quote `quick` has `start: 4, end: 9`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// Stable ID.
    pub id: QuoteId,
    /// The source this quote is taken from.
    pub source: SourceId,
    /// First char of the quote.
    pub start: usize,
    /// One past the last char of the quote.
    pub end: usize,
    /// The exact text between `start` and `end`.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] chars just before the quote.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars just after the quote.
    #[serde(default)]
    pub suffix: String,
    /// Set when an update of the source could not carry the quote over: its
    /// offsets and text then still refer to the version it was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<Unresolved>,
}

/// Why a quote waits for a human after a source update.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnchorStatus {
    /// The passage was edited.
    Changed,
    /// Several places match equally well.
    Ambiguous,
    /// The passage is gone.
    Orphaned,
}

impl AnchorStatus {
    /// The lowercase name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            AnchorStatus::Changed => "changed",
            AnchorStatus::Ambiguous => "ambiguous",
            AnchorStatus::Orphaned => "orphaned",
        }
    }
}

/// A quote that an update could not carry over.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unresolved {
    /// What happened to the passage.
    pub status: AnchorStatus,
    /// SHA-256 of the source version the quote's offsets refer to.
    pub version: String,
    /// For a changed passage, the text now at its mapped place.
    #[serde(default)]
    pub new_text: String,
    /// For a changed passage, its mapped place in the current version
    /// (char offsets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<(usize, usize)>,
}

/// How a quote bears on a claim.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stance {
    /// The quote backs the claim.
    #[default]
    Supports,
    /// The quote disputes the claim.
    Contradicts,
    /// The quote gives background without backing or disputing.
    Context,
}

impl Stance {
    /// All stances, in display order.
    pub const ALL: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

    /// The lowercase name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Context => "context",
        }
    }

    /// The capitalised name shown to readers: `Supports`, `Contradicts`,
    /// `Context`.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Supports => "Supports",
            Stance::Contradicts => "Contradicts",
            Stance::Context => "Context",
        }
    }

    /// Parses a lowercase name as given by [`Stance::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A link from a claim to a quote.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The quoted passage.
    pub quote: QuoteId,
    /// Whether it supports, contradicts or gives context.
    pub stance: Stance,
    /// The editor's note on this link.
    #[serde(default)]
    pub note: String,
}

/// A reviewer's approval of one claim as it stood at the time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// Who approved.
    pub by: String,
    /// When, as an RFC 3339 UTC timestamp.
    pub at: String,
    /// [`Claim::content_hash`] at the time of approval.
    pub hash: String,
    /// The reviewer's note.
    #[serde(default)]
    pub note: String,
}

/// Where a claim sits in the summary, as saved: the key of its paragraph and
/// its key within the paragraph. Keys are fractional indexes (hex strings
/// that sort as they should, `fractional_index`), so a claim can be put
/// between any two others by giving it a key between theirs, and moving it
/// changes its own record alone. A paragraph key ends in a random tag
/// (`80.k3m9`) so that paragraphs started on two branches at the same place
/// stay two paragraphs. Claims with equal keys (added at the same place on
/// two branches) are ordered by ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The paragraph's key: a fractional index, `.` and a tag.
    pub paragraph: String,
    /// The claim's key within its paragraph: a fractional index.
    pub order: String,
}

/// A fractional index from its hex form, `None` if malformed. The text is
/// checked first: `fractional_index` panics on a string that is not ASCII.
pub(super) fn parse_index(key: &str) -> Option<fractional_index::FractionalIndex> {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if key.is_empty() || !key.len().is_multiple_of(2) || !key.bytes().all(hex) {
        return None;
    }
    fractional_index::FractionalIndex::from_string(key).ok()
}

impl Position {
    /// Whether both keys are well formed (a position read from a file).
    pub fn is_valid(&self) -> bool {
        let Some((index, tag)) = self.paragraph.split_once('.') else {
            return false;
        };
        parse_index(index).is_some()
            && !tag.is_empty()
            && tag.bytes().all(|b| KEY_ALPHABET.contains(&b))
            && parse_index(&self.order).is_some()
    }

    /// A paragraph key between two others (`None`: no bound on that side),
    /// with a new random tag; `None` if no key fits (the bounds share their
    /// index).
    pub fn paragraph_between(lower: Option<&str>, upper: Option<&str>) -> Option<String> {
        let index = |key: &str| parse_index(key.split_once('.').map_or(key, |(i, _)| i));
        let lower = lower.map(index);
        let upper = upper.map(index);
        if lower.as_ref().is_some_and(Option::is_none)
            || upper.as_ref().is_some_and(Option::is_none)
        {
            return None;
        }
        let index = fractional_index::FractionalIndex::new(
            lower.flatten().as_ref(),
            upper.flatten().as_ref(),
        )?;
        let tag = &random_keys('p', "", 1)[0][..4];
        Some(format!("{}.{tag}", index.to_string()))
    }

    /// An order key between two others (`None`: no bound on that side);
    /// `None` if no key fits (the bounds are equal or malformed).
    pub fn order_between(lower: Option<&str>, upper: Option<&str>) -> Option<String> {
        let lower = match lower {
            Some(key) => Some(parse_index(key)?),
            None => None,
        };
        let upper = match upper {
            Some(key) => Some(parse_index(key)?),
            None => None,
        };
        fractional_index::FractionalIndex::new(lower.as_ref(), upper.as_ref())
            .map(|i| i.to_string())
    }
}

/// A merge that could not decide: the same field of one record was changed
/// differently on two git branches, or a record was deleted on one and
/// changed on the other. It is saved in the project, blocks export and
/// sign-off, and goes when someone chooses (see [`crate::team::merge`]).
///
/// Values are shown as the user sees them: a text as itself, anything else
/// as one line of RON; `None` means the record was deleted (or did not
/// exist) on that side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The ID of the record (`c4x9kq2mz`, `q17`, `s1`), or `project`.
    pub record: String,
    /// The field (`text`, `range`, `evidence q17 stance`, `citation title`),
    /// or `record` when the conflict is over the record's existence.
    pub field: String,
    /// The value in the common ancestor.
    #[serde(default)]
    pub base: Option<String>,
    /// The value on the side merged into (git's "ours", `%A`).
    #[serde(default)]
    pub ours: Option<String>,
    /// The value on the side merged in (git's "theirs", `%B`).
    #[serde(default)]
    pub theirs: Option<String>,
    /// What each side is, for people: the branch names, or during a rebase
    /// which side is the upstream.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sides: String,
}

/// One statement of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable ID.
    pub id: ClaimId,
    /// Where it sits in the summary; kept in step with
    /// [`Project::paragraphs`] by every edit.
    #[serde(default)]
    pub at: Position,
    /// The statement.
    pub text: String,
    /// The review approval, if any.
    #[serde(default)]
    pub signoff: Option<SignOff>,
    /// The quotes that back, dispute or frame the statement, in order.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl Claim {
    /// A claim with this ID and text and no evidence.
    pub fn new(id: ClaimId, text: impl Into<String>) -> Self {
        Self {
            id,
            at: Position::default(),
            text: text.into(),
            signoff: None,
            evidence: Vec::new(),
        }
    }

    /// The evidence that cites `quote`, if any.
    pub fn evidence_for(&self, quote: &QuoteId) -> Option<&Evidence> {
        self.evidence.iter().find(|e| &e.quote == quote)
    }

    /// SHA-256 over the claim text and its evidence (each quote's ID, source,
    /// text, stance and note): a sign-off is valid only while this is unchanged.
    pub fn content_hash(&self, project: &Project) -> String {
        self.content_hash_by(|id| project.quote(id))
    }

    /// [`Claim::content_hash`] with quotes looked up by `quote` (a map
    /// built once, for a loop over many claims).
    pub fn content_hash_by<'a>(&self, quote: impl Fn(&QuoteId) -> Option<&'a Quote>) -> String {
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(self.text.as_bytes());
        for evidence in &self.evidence {
            field(evidence.quote.as_str().as_bytes());
            match quote(&evidence.quote) {
                Some(quote) => {
                    field(quote.source.as_str().as_bytes());
                    field(quote.text.as_bytes());
                }
                None => {
                    field(b"");
                    field(b"");
                }
            }
            field(evidence.stance.name().as_bytes());
            field(evidence.note.as_bytes());
        }
        hex(&hasher.finalize())
    }
}

/// A group of claims shown together as one paragraph of the summary.
pub type Paragraph = Vec<Claim>;

/// Where a claim sits in the summary: paragraph and position, both from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimPlace {
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Index within the paragraph.
    pub index: usize,
}
