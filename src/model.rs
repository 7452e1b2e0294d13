//! The data model of an Attest project: sources, quotes, claims and evidence.
//!
//! This is the saved state, exactly what `project.ron` holds. Source texts live
//! beside it as snapshot files (see [`crate::store`]) and are not part of these
//! types; runtime state (undo history, caches) lives elsewhere.
//!
//! Every record has a stable, short, human-readable ID (`s1`, `q17`, `c4`).
//! Generated IDs come from counters kept in [`NextIds`], which only ever grow,
//! so an ID is never handed out twice, not even after an undo.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The version of the project file format this build writes. Version 1
/// (before source versions and unresolved quotes) and version 2 (before
/// originals and page maps) are read as well.
pub const FORMAT_VERSION: u32 = 3;

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

            /// The generated ID with this number, e.g. `q7`.
            pub fn numbered(n: u32) -> Self {
                Self(format!("{}{n}", $prefix))
            }

            /// The number of a generated ID (`q7` → 7), `None` for a custom one.
            pub fn number(&self) -> Option<u32> {
                let digits = self.0.strip_prefix($prefix)?;
                if digits.is_empty() || digits.starts_with('0') && digits.len() > 1 {
                    return None;
                }
                digits.parse().ok()
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

/// The counters generated IDs are drawn from. They never go down.
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

/// One statement of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable ID.
    pub id: ClaimId,
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
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(self.text.as_bytes());
        for evidence in &self.evidence {
            field(evidence.quote.as_str().as_bytes());
            match project.quote(&evidence.quote) {
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

/// A whole project, as saved in `project.ron`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The file format version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The project's title.
    pub title: String,
    /// Settings of the provenance check.
    #[serde(default)]
    pub settings: Settings,
    /// Counters for generated IDs.
    #[serde(default)]
    pub next_ids: NextIds,
    /// The sources, in display order.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The quotes, ordered by ID.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// The summary: paragraphs of claims, in reading order.
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
}

impl Project {
    /// An empty project with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: title.into(),
            settings: Settings::default(),
            next_ids: NextIds::default(),
            sources: Vec::new(),
            quotes: Vec::new(),
            paragraphs: Vec::new(),
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

    /// The quote with this ID.
    pub fn quote(&self, id: &QuoteId) -> Option<&Quote> {
        self.quote_index(id).map(|i| &self.quotes[i])
    }

    /// Position of a quote in [`Project::quotes`].
    pub fn quote_index(&self, id: &QuoteId) -> Option<usize> {
        match id.number() {
            // Generated IDs are kept in numeric order, so search by number;
            // until a quote is removed, `qN` is the Nth.
            Some(n) => match (n as usize).checked_sub(1) {
                Some(i) if self.quotes.get(i).is_some_and(|q| &q.id == id) => Some(i),
                _ => self
                    .quotes
                    .binary_search_by_key(&n, |q| q.id.number().unwrap_or(u32::MAX))
                    .ok(),
            },
            None => self.quotes.iter().position(|q| &q.id == id),
        }
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

    /// Whether a source, quote or claim has this ID. Quote and claim IDs are
    /// always generated (`q7`, `c7`; loading and every edit hold to that), so
    /// only an ID of that form is looked for among them: a quote ID by its
    /// number, and a claim ID only below the claim counter (which loading and
    /// every added claim raise past each claim's number), so that a new
    /// claim's ID is known to be free at once.
    pub fn id_in_use(&self, id: &str) -> bool {
        let quote = QuoteId::from(id);
        let claim = ClaimId::from(id);
        self.sources.iter().any(|s| s.id.as_str() == id)
            || (quote.number().is_some() && self.quote_index(&quote).is_some())
            || (claim.number().is_some_and(|n| n < self.next_ids.claim)
                && self.claims().any(|(_, c)| c.id == claim))
    }

    /// The quote of `source` at exactly `start..end`, if one exists.
    pub fn quote_at(&self, source: &SourceId, start: usize, end: usize) -> Option<&Quote> {
        self.quotes
            .iter()
            .find(|q| &q.source == source && q.start == start && q.end == end)
    }

    /// The ID the next generated source will get.
    pub fn next_source_id(&self) -> SourceId {
        SourceId::numbered(self.next_ids.source)
    }

    /// The ID the next generated quote will get.
    pub fn next_quote_id(&self) -> QuoteId {
        QuoteId::numbered(self.next_ids.quote)
    }

    /// The ID the next generated claim will get.
    pub fn next_claim_id(&self) -> ClaimId {
        ClaimId::numbered(self.next_ids.claim)
    }

    /// Raises the ID counters past every ID in use, so none is handed out again.
    pub fn bump_counters(&mut self) {
        let mut next = self.next_ids.clone();
        for s in &self.sources {
            if let Some(n) = s.id.number() {
                next.source = next.source.max(n.saturating_add(1));
            }
        }
        for q in &self.quotes {
            if let Some(n) = q.id.number() {
                next.quote = next.quote.max(n.saturating_add(1));
            }
        }
        for (_, c) in self.claims() {
            if let Some(n) = c.id.number() {
                next.claim = next.claim.max(n.saturating_add(1));
            }
        }
        self.next_ids = next;
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
    fn bump_counters_moves_past_ids_in_use() {
        let mut p = Project::new("t");
        p.paragraphs
            .push(vec![Claim::new(ClaimId::numbered(9), "x")]);
        p.bump_counters();
        assert_eq!(p.next_claim_id().as_str(), "c10");
        assert_eq!(p.next_quote_id().as_str(), "q1");
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
