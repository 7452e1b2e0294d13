//! The data model of an Attest project: sources, quotes, claims and evidence.
//!
//! This is the saved state, exactly what `project.ron` holds. Source texts live
//! beside it as snapshot files (see [`crate::project::store`]) and are not part of these
//! types; runtime state (undo history, caches) lives elsewhere.
//!
//! Every record has a stable, short ID. New records get a type letter and
//! eight random characters of Crockford's base 32 (`c4x9kq2mz`), as Zotero
//! names its items, so that records made on two git branches never share an
//! ID and no shared counter has to change when one is added. Projects made
//! before keep their numbered IDs (`s1`, `q17`, `c4`); nothing is ever
//! renumbered. On the command line a unique prefix of an ID will do.
//!
//! Claims keep their place in the summary as a [`Position`]: fractional keys
//! that sort them, so moving a claim changes that claim's record alone.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The version of the project file format this build writes. Version 1
/// (before source versions and unresolved quotes), version 2 (before
/// originals and page maps) and version 3 (claims nested in paragraphs, ID
/// counters) are read as well.
pub const FORMAT_VERSION: u32 = 4;

/// The characters of a generated key: Crockford's base 32 in lower case
/// (no `i`, `l`, `o` or `u`, so keys read aloud and type without doubt).
pub const KEY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// How many random characters a generated ID has after its letter: 40 bits,
/// so two branches that each add 5,000 records share an ID with odds of
/// about 1 in 40,000 (and the merge reports it as a conflict if they do).
pub const KEY_CHARS: usize = 8;

/// `count` random keys of [`KEY_CHARS`] characters, for IDs of `kind`. The
/// operating system's randomness is used, unless `ATTEST_ID_SEED` is set:
/// then the keys follow from the seed, `kind` and `salt` (which callers make
/// from the project's state), so a script that builds a project, such as the
/// sample, gets the same file every time.
fn random_keys(kind: char, salt: &str, count: usize) -> Vec<String> {
    let seed = std::env::var("ATTEST_ID_SEED").ok();
    let mut bytes = vec![0u8; count * KEY_CHARS];
    match &seed {
        Some(seed) => {
            for (i, chunk) in bytes.chunks_mut(KEY_CHARS).enumerate() {
                let digest = Sha256::digest(format!("{seed}\0{kind}\0{salt}\0{i}"));
                chunk.copy_from_slice(&digest[..KEY_CHARS]);
            }
        }
        None => {
            if getrandom::fill(&mut bytes).is_err() {
                // No randomness from the system: fall back on the time and
                // the process, which still differ between two editors.
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                let process = std::process::id();
                for (i, chunk) in bytes.chunks_mut(KEY_CHARS).enumerate() {
                    let digest = Sha256::digest(format!("{now}\0{process}\0{kind}\0{i}"));
                    chunk.copy_from_slice(&digest[..KEY_CHARS]);
                }
            }
        }
    }
    bytes
        .chunks(KEY_CHARS)
        .map(|chunk| {
            chunk
                .iter()
                .map(|b| KEY_ALPHABET[usize::from(b % 32)] as char)
                .collect()
        })
        .collect()
}

/// How many characters of context a quote keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The letter generated IDs of this kind start with.
            pub const PREFIX: char = $prefix;

            /// The numbered ID with this number, e.g. `q7`, as projects made
            /// before random keys have them.
            pub fn numbered(n: u32) -> Self {
                Self(format!("{}{n}", $prefix))
            }

            /// The number of a numbered ID (`q7` → 7), `None` for others.
            pub fn number(&self) -> Option<u32> {
                let digits = self.0.strip_prefix($prefix)?;
                if digits.is_empty() || digits.starts_with('0') && digits.len() > 1 {
                    return None;
                }
                digits.parse().ok()
            }

            /// Whether Attest made this ID: numbered (`q7`) or keyed
            /// (`q4x9kq2mz`), as opposed to one a user chose.
            pub fn is_generated(&self) -> bool {
                self.number().is_some() || is_key(self.0.strip_prefix($prefix))
            }

            /// What lists of these records are sorted by: numbered IDs
            /// first, by number, then the others by their text.
            pub fn sort_key(&self) -> (bool, u32, &str) {
                match self.number() {
                    Some(n) => (false, n, ""),
                    None => (true, 0, &self.0),
                }
            }

            /// The ID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a [`Source`]: `s1`, `s2`, … or a custom ID such as `reuters`.
    SourceId,
    's'
);
id_type!(
    /// Identifies a [`Quote`]: `q1`, `q2`, …
    QuoteId,
    'q'
);
id_type!(
    /// Identifies a [`Claim`]: `c1`, `c2`, …
    ClaimId,
    'c'
);

/// Whether `key` is a generated key: [`KEY_CHARS`] characters of
/// [`KEY_ALPHABET`], not all digits (so it never reads as a number).
fn is_key(key: Option<&str>) -> bool {
    key.is_some_and(|k| {
        k.len() == KEY_CHARS
            && k.bytes().all(|b| KEY_ALPHABET.contains(&b))
            && !k.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Finds the one ID among `ids` that is `wanted` or starts with it, as git
/// accepts a short commit hash.
pub fn find_by_prefix<'a>(
    ids: impl Iterator<Item = &'a str>,
    wanted: &str,
    what: &str,
) -> Result<&'a str, String> {
    let mut found = Vec::new();
    for id in ids {
        if id == wanted {
            return Ok(id);
        }
        if !wanted.is_empty() && id.starts_with(wanted) {
            found.push(id);
        }
    }
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "there is no {what} `{wanted}`; `attest show` lists them"
        )),
        many => {
            let shown: Vec<_> = many.iter().take(5).map(|id| format!("`{id}`")).collect();
            Err(format!(
                "`{wanted}` could be {} {what}s ({}{}); give more of the ID",
                many.len(),
                shown.join(", "),
                if many.len() > 5 { ", …" } else { "" }
            ))
        }
    }
}

/// Checks a user-chosen source ID: 1 to 32 ASCII letters, digits, `-` or `_`,
/// starting with a letter.
pub fn check_custom_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !first_ok || !rest_ok || id.len() > 32 {
        return Err(format!(
            "`{id}` is not a valid ID: use 1 to 32 ASCII letters, digits, `-` or `_`, starting with a letter"
        ));
    }
    Ok(())
}

/// The ID counters of format version 3 and before. They are read and
/// dropped: new IDs are random, so branches need no shared counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextIds {
    /// Number of the next generated source ID.
    pub source: u32,
    /// Number of the next generated quote ID.
    pub quote: u32,
    /// Number of the next generated claim ID.
    pub claim: u32,
}

impl Default for NextIds {
    fn default() -> Self {
        Self {
            source: 1,
            quote: 1,
            claim: 1,
        }
    }
}

/// Project-wide settings that affect the provenance check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How many distinct sources must support each claim (rule `single-source`).
    pub min_sources: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self { min_sources: 2 }
    }
}

/// How to cite a source. Empty strings mean "not known".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Citation {
    /// The headline or title.
    pub title: String,
    /// The publication or organisation.
    pub publisher: String,
    /// The author or authors.
    pub author: String,
    /// Where the text was published.
    pub url: String,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: String,
    /// Date the text was retrieved, same format.
    pub retrieved: String,
}

/// A recorded version of a source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Path of the verbatim snapshot, relative to the project folder.
    pub file: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// The document the text was extracted from, if it was not the text
    /// itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
}

/// The document a snapshot was extracted from (a web page, a PDF, a Word
/// file), kept beside it as evidence of what the source published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Original {
    /// Path of the original's bytes, relative to the project folder
    /// (`sources/originals/ID-HASH12.pdf`).
    pub file: String,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
    /// Its media type (`application/pdf`).
    pub media_type: String,
    /// The extractor that made the snapshot (`pdf-extract`).
    pub extractor: String,
    /// The extractor's version (`0.12.1+attest.1`).
    pub extractor_version: String,
    /// Where each page starts in the snapshot, for paged documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageStart>,
    /// Pages of the original whose text could not be read, so that the
    /// snapshot lacks them; empty when every page was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadablePage>,
}

impl Original {
    /// The printed page (or pages, `12–13`) a span of the snapshot is on;
    /// `None` for a document without pages.
    pub fn pages_of(&self, start: usize, end: usize) -> Option<String> {
        crate::import::page_range(&self.pages, start, end)
    }
}

/// Where a page starts in a snapshot: a char offset and the page's printed
/// label (`12`, `iv`, `A-3`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageStart {
    /// Offset of the page's first char in the snapshot.
    pub start: usize,
    /// The page's label as printed (`/PageLabels`), else its number from 1.
    pub label: String,
}

/// A page of a paged original whose text could not be read: the snapshot
/// lacks it, and nothing on it can be quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnreadablePage {
    /// The page's number, from 1.
    pub page: usize,
    /// The page's printed label.
    pub label: String,
    /// Why its text could not be read, as a phrase.
    pub reason: String,
}

/// Pages of an original whose text could not be read, in one sentence
/// ("pages 2–3: the text could not be read (…); quotes from these pages
/// cannot be cited"); `None` when every page was read.
pub fn unreadable_message(unreadable: &[UnreadablePage]) -> Option<String> {
    let first = unreadable.first()?;
    let mut ranges: Vec<(String, String)> = Vec::new();
    let mut previous: Option<usize> = None;
    for page in unreadable {
        match (ranges.last_mut(), previous) {
            (Some(range), Some(p)) if page.page == p + 1 => range.1 = page.label.clone(),
            _ => ranges.push((page.label.clone(), page.label.clone())),
        }
        previous = Some(page.page);
    }
    let pages = ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.clone()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (noun, these) = if unreadable.len() == 1 {
        ("page", "this page")
    } else {
        ("pages", "these pages")
    };
    let reasons: Vec<&str> = unreadable.iter().map(|p| p.reason.as_str()).collect();
    let reason = if reasons.iter().all(|r| *r == first.reason) {
        first.reason.clone()
    } else {
        format!("{}, and other reasons", first.reason)
    };
    Some(format!(
        "{noun} {pages}: {reason}; quotes from {these} cannot be cited"
    ))
}

/// One source text and how to cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable ID.
    pub id: SourceId,
    /// Path of the verbatim snapshot of the current version, relative to the
    /// project folder (always `sources/…`).
    pub file: String,
    /// SHA-256 of the current snapshot's bytes, lowercase hex.
    pub sha256: String,
    /// Citation metadata.
    #[serde(default)]
    pub citation: Citation,
    /// The document the current text was extracted from, if it was not
    /// the text itself (plain text and Markdown are their own original).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
    /// Earlier versions of the text, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<Snapshot>,
}

impl Source {
    /// The printed page (or pages) a span of the current text is on, for a
    /// source extracted from a paged document.
    pub fn pages_of(&self, start: usize, end: usize) -> Option<String> {
        self.original.as_ref()?.pages_of(start, end)
    }

    /// The original of the version with this hash (current or earlier).
    pub fn original_of(&self, version: &str) -> Option<&Original> {
        if version == self.sha256 {
            return self.original.as_ref();
        }
        self.previous
            .iter()
            .find(|p| p.sha256 == version)?
            .original
            .as_ref()
    }

    /// Where a quote is in the paged document it was extracted from: the
    /// printed page label(s) (`12`, `12–13`) and the physical page number
    /// (from 1) it starts on; `None` for a source without pages.
    pub fn page_of_quote(&self, quote: &Quote) -> Option<(String, usize)> {
        let version = quote
            .unresolved
            .as_ref()
            .map_or(self.sha256.as_str(), |u| u.version.as_str());
        let original = self.original_of(version)?;
        let label = original.pages_of(quote.start, quote.end)?;
        let number = original
            .pages
            .partition_point(|p| p.start <= quote.start)
            .max(1);
        Some((label, number))
    }

    /// The format of the current version's original, for people.
    pub fn format_name(&self) -> &'static str {
        match &self.original {
            None => "plain text",
            Some(original) => crate::import::Format::from_media_type(&original.media_type)
                .map_or("document", crate::import::Format::name),
        }
    }

    /// The title, or the ID where there is none.
    pub fn label(&self) -> &str {
        if self.citation.title.trim().is_empty() {
            self.id.as_str()
        } else {
            &self.citation.title
        }
    }
}

/// A verbatim span of one source: the W3C TextQuote and TextPosition
/// selectors in one record.
///
/// Offsets count chars (Unicode scalar values) and are half-open: in
/// `"The [quick] fox"` the quote `quick` has `start: 4, end: 9`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
fn parse_index(key: &str) -> Option<fractional_index::FractionalIndex> {
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A whole project, as saved in `project.ron` (whose layout
/// [`crate::project::store`] owns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The file format version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The project's title.
    pub title: String,
    /// Settings of the provenance check.
    pub settings: Settings,
    /// The sources, ordered by ID ([`SourceId::sort_key`]).
    pub sources: Vec<Source>,
    /// The quotes, ordered by ID ([`QuoteId::sort_key`]).
    pub quotes: Vec<Quote>,
    /// The summary: paragraphs of claims, in reading order (the order of
    /// their [`Position`]s). A paragraph is empty only in the middle of an
    /// edit; empty paragraphs are not saved.
    pub paragraphs: Vec<Paragraph>,
    /// What a git merge left for a human to decide.
    pub conflicts: Vec<Conflict>,
}

impl Project {
    /// An empty project with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: title.into(),
            settings: Settings::default(),
            sources: Vec::new(),
            quotes: Vec::new(),
            paragraphs: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The source with this ID. Until a source is removed, `sN` is the Nth;
    /// otherwise (or for a custom ID) the list, which is short, is searched.
    /// A loop over many records can use [`Project::sources_by_id`].
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        let guess = id
            .number()
            .and_then(|n| (n as usize).checked_sub(1))
            .and_then(|i| self.sources.get(i));
        match guess {
            Some(source) if &source.id == id => Some(source),
            _ => self.sources.iter().find(|s| &s.id == id),
        }
    }

    /// The sources by ID.
    pub fn sources_by_id(&self) -> HashMap<&SourceId, &Source> {
        self.sources.iter().map(|s| (&s.id, s)).collect()
    }

    /// The quotes by ID, for a loop that looks up many.
    pub fn quotes_by_id(&self) -> HashMap<&QuoteId, &Quote> {
        self.quotes.iter().map(|q| (&q.id, q)).collect()
    }

    /// The quote with this ID.
    pub fn quote(&self, id: &QuoteId) -> Option<&Quote> {
        self.quote_index(id).map(|i| &self.quotes[i])
    }

    /// Position of a quote in [`Project::quotes`].
    pub fn quote_index(&self, id: &QuoteId) -> Option<usize> {
        // Until a quote is removed, a numbered `qN` is the Nth; otherwise
        // the list is searched in its order.
        if let Some(i) = id.number().and_then(|n| (n as usize).checked_sub(1))
            && self.quotes.get(i).is_some_and(|q| &q.id == id)
        {
            return Some(i);
        }
        if id.number().is_some() {
            let key = id.sort_key();
            return self
                .quotes
                .binary_search_by(|q| q.id.sort_key().cmp(&key))
                .ok();
        }
        // Any other ID sorts after every numbered one, by its text. Most
        // probes meet a keyed ID, which a letter among its first digits
        // tells from a numbered one without parsing it.
        let numbered =
            |q: &QuoteId| q.0.bytes().skip(1).all(|b| b.is_ascii_digit()) && q.number().is_some();
        self.quotes
            .binary_search_by(|q| {
                if numbered(&q.id) {
                    std::cmp::Ordering::Less
                } else {
                    q.id.0.cmp(&id.0)
                }
            })
            .ok()
    }

    /// The claim with this ID.
    pub fn claim(&self, id: &ClaimId) -> Option<&Claim> {
        self.claim_place(id)
            .map(|p| &self.paragraphs[p.paragraph][p.index])
    }

    /// The claim with this ID, for editing.
    pub(crate) fn claim_mut(&mut self, id: &ClaimId) -> Option<&mut Claim> {
        let place = self.claim_place(id)?;
        Some(&mut self.paragraphs[place.paragraph][place.index])
    }

    /// Where the claim with this ID sits in the summary.
    pub fn claim_place(&self, id: &ClaimId) -> Option<ClaimPlace> {
        self.paragraphs
            .iter()
            .enumerate()
            .find_map(|(paragraph, claims)| {
                let index = claims.iter().position(|c| &c.id == id)?;
                Some(ClaimPlace { paragraph, index })
            })
    }

    /// All claims in reading order, each with its paragraph index.
    pub fn claims(&self) -> impl Iterator<Item = (usize, &Claim)> {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(p, claims)| claims.iter().map(move |c| (p, c)))
    }

    /// The quotes taken from one source.
    pub fn quotes_of<'a>(&'a self, source: &'a SourceId) -> impl Iterator<Item = &'a Quote> {
        self.quotes.iter().filter(move |q| &q.source == source)
    }

    /// The claims that cite a quote, with the stance of each link.
    pub fn citing_claims<'a>(
        &'a self,
        quote: &'a QuoteId,
    ) -> impl Iterator<Item = (&'a Claim, &'a Evidence)> {
        self.claims()
            .filter_map(move |(_, c)| c.evidence_for(quote).map(|e| (c, e)))
    }

    /// Whether a source, quote or claim has this ID.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.sources.iter().any(|s| s.id.as_str() == id)
            || self.quote_index(&QuoteId::from(id)).is_some()
            || self.claims().any(|(_, c)| c.id.as_str() == id)
    }

    /// The quote of `source` at exactly `start..end`, if one exists.
    pub fn quote_at(&self, source: &SourceId, start: usize, end: usize) -> Option<&Quote> {
        self.quotes
            .iter()
            .find(|q| &q.source == source && q.start == start && q.end == end)
    }

    /// A new source ID, used by nothing in the project.
    pub fn new_source_id(&self) -> SourceId {
        SourceId(
            self.new_ids(SourceId::PREFIX, 1, self.sources.len())
                .remove(0),
        )
    }

    /// A new quote ID, used by nothing in the project.
    pub fn new_quote_id(&self) -> QuoteId {
        QuoteId(
            self.new_ids(QuoteId::PREFIX, 1, self.quotes.len())
                .remove(0),
        )
    }

    /// A new claim ID, used by nothing in the project.
    pub fn new_claim_id(&self) -> ClaimId {
        ClaimId(
            self.new_ids(ClaimId::PREFIX, 1, self.claims().count())
                .remove(0),
        )
    }

    /// `count` new, distinct quote IDs, for edits that add many at once.
    pub fn new_quote_ids(&self, count: usize) -> Vec<QuoteId> {
        let ids = self.new_ids(QuoteId::PREFIX, count, self.quotes.len());
        ids.into_iter().map(QuoteId).collect()
    }

    /// `count` new, distinct claim IDs, for edits that add many at once.
    pub fn new_claim_ids(&self, count: usize) -> Vec<ClaimId> {
        let ids = self.new_ids(ClaimId::PREFIX, count, self.claims().count());
        ids.into_iter().map(ClaimId).collect()
    }

    /// `count` IDs of `kind` that no record has, each the letter and a
    /// random key; `records` (how many there are of that kind) salts a
    /// seeded sequence ([`random_keys`]). Only sources have IDs a user
    /// chose, so only they and the records of this kind can clash.
    fn new_ids(&self, kind: char, count: usize, records: usize) -> Vec<String> {
        let mut taken: HashSet<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        match kind {
            QuoteId::PREFIX => taken.extend(self.quotes.iter().map(|q| q.id.as_str())),
            ClaimId::PREFIX => taken.extend(self.claims().map(|(_, c)| c.id.as_str())),
            _ => {}
        }
        let mut fresh: HashSet<String> = HashSet::with_capacity(count);
        let mut ids = Vec::with_capacity(count);
        let mut round = 0;
        while ids.len() < count {
            let salt = format!("{records}/{round}");
            round += 1;
            for key in random_keys(kind, &salt, count - ids.len()) {
                let id = format!("{kind}{key}");
                if is_key(Some(&key)) && !taken.contains(id.as_str()) && fresh.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// Puts sources and quotes in ID order ([`SourceId::sort_key`]), as
    /// lookups by ID expect.
    pub fn sort_records(&mut self) {
        self.sources
            .sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
        self.quotes
            .sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
    }

    /// Puts claims in their summary order: sorted by [`Position`] (then
    /// ID), one paragraph per paragraph key.
    pub fn set_claims(&mut self, mut claims: Vec<Claim>) {
        claims.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then_with(|| a.id.sort_key().cmp(&b.id.sort_key()))
        });
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        for claim in claims {
            match paragraphs.last_mut() {
                Some(last) if last[0].at.paragraph == claim.at.paragraph => last.push(claim),
                _ => paragraphs.push(vec![claim]),
            }
        }
        self.paragraphs = paragraphs;
    }

    /// Gives every claim a fresh position in its current order: for claims
    /// read from a file that had none, and when no key fits between two
    /// equal ones. The keys follow from the order alone, so two branches
    /// that upgrade the same older file agree on them.
    pub fn renumber_positions(&mut self) {
        let mut paragraph_key: Option<String> = None;
        for paragraph in &mut self.paragraphs {
            let index = Position::order_between(paragraph_key.as_deref(), None)
                .expect("a key after a well-formed one exists");
            let key = format!("{index}.0");
            let mut order: Option<String> = None;
            for claim in paragraph.iter_mut() {
                let next = Position::order_between(order.as_deref(), None)
                    .expect("a key after a well-formed one exists");
                claim.at = Position {
                    paragraph: key.clone(),
                    order: next.clone(),
                };
                order = Some(next);
            }
            paragraph_key = Some(index);
        }
    }
}

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of some bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_pages_are_named_in_ranges() {
        let page = |page: usize, reason: &str| UnreadablePage {
            page,
            label: page.to_string(),
            reason: reason.into(),
        };
        assert_eq!(unreadable_message(&[]), None);
        assert_eq!(
            unreadable_message(&[page(4, "the text could not be read")]).unwrap(),
            "page 4: the text could not be read; quotes from this page cannot be cited"
        );
        assert_eq!(
            unreadable_message(&[page(2, "x"), page(3, "x"), page(5, "x")]).unwrap(),
            "pages 2–3, 5: x; quotes from these pages cannot be cited"
        );
        assert!(
            unreadable_message(&[page(2, "x"), page(3, "y")])
                .unwrap()
                .contains("x, and other reasons")
        );
    }

    #[test]
    fn generated_ids_have_numbers_custom_ones_do_not() {
        assert_eq!(QuoteId::numbered(17).as_str(), "q17");
        assert_eq!(QuoteId::from("q17").number(), Some(17));
        assert_eq!(QuoteId::from("q017").number(), None);
        assert_eq!(QuoteId::from("q").number(), None);
        assert_eq!(SourceId::from("reuters").number(), None);
        assert_eq!(SourceId::from("s0").number(), Some(0));
    }

    #[test]
    fn custom_ids_are_checked() {
        assert!(check_custom_id("reuters").is_ok());
        assert!(check_custom_id("ap-news_2").is_ok());
        assert!(check_custom_id("").is_err());
        assert!(check_custom_id("2ap").is_err());
        assert!(check_custom_id("a b").is_err());
        assert!(check_custom_id("../x").is_err());
        assert!(check_custom_id(&"a".repeat(33)).is_err());
    }

    #[test]
    fn stance_names_round_trip() {
        for stance in Stance::ALL {
            assert_eq!(Stance::from_name(stance.name()), Some(stance));
        }
        assert_eq!(Stance::from_name("Supports"), None);
    }

    #[test]
    fn new_ids_are_random_keys_that_never_read_as_numbers() {
        let mut p = Project::new("t");
        p.paragraphs
            .push(vec![Claim::new(ClaimId::numbered(9), "x")]);
        let ids = p.new_claim_ids(500);
        let distinct: HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), 500);
        for id in &ids {
            assert!(id.is_generated() && id.number().is_none(), "{id}");
            assert_eq!(id.as_str().len(), 1 + KEY_CHARS);
            assert!(id.as_str().starts_with('c'));
        }
        assert_ne!(p.new_quote_id(), p.new_quote_id());
        assert!(
            !ClaimId::from("c12345678").is_generated()
                || ClaimId::from("c12345678").number().is_some()
        );
        assert!(
            !QuoteId::from("qabcdefgi").is_generated(),
            "`i` is not base 32"
        );
    }

    #[test]
    fn ids_sort_numbered_first_then_by_key() {
        let mut ids = [
            QuoteId::from("q10"),
            QuoteId::from("qzzzzzzzz"),
            QuoteId::from("q2"),
            QuoteId::from("q0aaaaaaa"),
        ];
        ids.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let ids: Vec<_> = ids.iter().map(QuoteId::as_str).collect();
        assert_eq!(ids, ["q2", "q10", "q0aaaaaaa", "qzzzzzzzz"]);
    }

    #[test]
    fn a_unique_prefix_names_an_id() {
        let ids = ["c4x9kq2mz", "c4x8aaaaa", "c7", "c70"];
        let find = |wanted| find_by_prefix(ids.iter().copied(), wanted, "claim");
        assert_eq!(find("c4x9"), Ok("c4x9kq2mz"));
        assert_eq!(find("c7"), Ok("c7"), "an exact ID wins over longer ones");
        assert!(find("c4x").unwrap_err().contains("could be 2 claims"));
        assert!(find("cz").unwrap_err().contains("there is no claim"));
        assert!(find("").is_err());
    }

    #[test]
    fn positions_fit_between_any_two_and_renumber_keeps_order() {
        let a = Position::order_between(None, None).unwrap();
        let b = Position::order_between(Some(&a), None).unwrap();
        let mid = Position::order_between(Some(&a), Some(&b)).unwrap();
        assert!(a < mid && mid < b);
        assert_eq!(Position::order_between(Some(&a), Some(&a)), None);
        // Malformed keys (as a damaged file may hold) are refused, not a panic.
        for bad in ["80𞹉", "8", "zz", "", "8G"] {
            assert_eq!(Position::order_between(Some(bad), None), None, "{bad}");
            let at = Position {
                paragraph: format!("{bad}.0"),
                order: bad.into(),
            };
            assert!(!at.is_valid(), "{bad}");
        }
        let p1 = Position::paragraph_between(None, None).unwrap();
        let p2 = Position::paragraph_between(Some(&p1), None).unwrap();
        assert!(p1 < p2);
        let twin = Position::paragraph_between(None, None).unwrap();
        assert_ne!(p1, twin, "paragraphs begun apart stay apart");
        let mut p = Project::new("t");
        p.paragraphs = vec![
            vec![
                Claim::new(ClaimId::numbered(2), "a"),
                Claim::new(ClaimId::numbered(1), "b"),
            ],
            vec![Claim::new(ClaimId::numbered(3), "c")],
        ];
        p.renumber_positions();
        let before = p.paragraphs.clone();
        let mut claims: Vec<Claim> = p.claims().map(|(_, c)| c.clone()).collect();
        claims.reverse();
        p.set_claims(claims);
        assert_eq!(p.paragraphs, before);
        assert!(p.claims().all(|(_, c)| c.at.is_valid()));
    }

    #[test]
    fn content_hash_changes_with_text_and_evidence() {
        let mut p = Project::new("t");
        p.quotes.push(Quote {
            unresolved: None,
            id: QuoteId::numbered(1),
            source: SourceId::numbered(1),
            start: 0,
            end: 3,
            text: "six".into(),
            prefix: String::new(),
            suffix: String::new(),
        });
        let mut claim = Claim::new(ClaimId::numbered(1), "Six died.");
        let bare = claim.content_hash(&p);
        claim.evidence.push(Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Supports,
            note: String::new(),
        });
        let cited = claim.content_hash(&p);
        assert_ne!(bare, cited);
        claim.evidence[0].stance = Stance::Contradicts;
        assert_ne!(claim.content_hash(&p), cited);
        claim.evidence[0].stance = Stance::Supports;
        assert_eq!(claim.content_hash(&p), cited);
        claim.text.push(' ');
        assert_ne!(claim.content_hash(&p), cited);
    }
}
