//! Exports of the cited summary: Markdown, HTML and W3C Web Annotation.
//!
//! Every format renders the same [`Publication`]: the summary's paragraphs of
//! claims, each with its evidence as numbered notes (one per evidence link,
//! numbered in reading order), the sources with their citations, and which
//! claims the provenance check blocks. A project with blockers is refused
//! unless the caller allows it, and then each blocked claim is marked in the
//! output.
//!
//! Publication may use the project and everything below it; only the two
//! faces are above it.

mod html;
mod markdown;
mod w3c;

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use crate::check::{Finding, Report, Severity};
use crate::model::{Claim, ClaimId, Project, Quote, Source, SourceId, Stance, sha256_hex};
use crate::text::passages::Paragraphs;
use crate::text::snapshot::Snapshots;

pub use html::Html;
pub use markdown::Markdown;
pub use w3c::W3c;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown with footnotes.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// W3C Web Annotation JSON-LD.
    W3c,
}

impl Format {
    /// All formats, in menu order.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::W3c];

    /// The exporter for this format.
    pub fn exporter(self) -> &'static dyn Export {
        match self {
            Format::Markdown => &Markdown,
            Format::Html => &Html,
            Format::W3c => &W3c,
        }
    }
}

/// Renders a publication in one format.
pub trait Export {
    /// The format's name, as in menus.
    fn name(&self) -> &'static str;
    /// The usual file extension, without the dot.
    fn extension(&self) -> &'static str;
    /// The exported file's contents.
    fn render(&self, publication: &Publication) -> String;
}

/// Why an export was refused.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The check finds blockers and they were not allowed.
    #[error("the provenance check finds {} blocker(s); resolve them, or export anyway with --allow-blockers (each affected claim is then marked):{}", .0.len(), .0.iter().map(|f| format!("\n  - {f}")).collect::<String>())]
    Blocked(Vec<Finding>),
    /// A git merge left conflicts, which no flag lets through.
    #[error(
        "the project has {0} unresolved merge conflict(s) from git; resolve them in the app or with `attest resolve` before exporting (`attest check` lists them)"
    )]
    MergeConflicts(usize),
}

/// An export's text, and whether it carries claims marked as blocked.
#[derive(Debug)]
pub struct Exported {
    /// The file's contents.
    pub text: String,
    /// Whether blockers were allowed and marked.
    pub has_blockers: bool,
}

/// Runs the check on a document and renders it in `format`; refused while
/// the check finds blockers, unless `allow_blockers`.
pub fn export(
    doc: &crate::project::document::Document,
    format: Format,
    allow_blockers: bool,
) -> Result<Exported, ExportError> {
    if !doc.project().conflicts.is_empty() {
        return Err(ExportError::MergeConflicts(doc.project().conflicts.len()));
    }
    let report = doc.check();
    let publication = Publication::new(doc.project(), doc.texts(), &report, allow_blockers)?;
    Ok(Exported {
        text: format.exporter().render(&publication),
        has_blockers: publication.has_blockers(),
    })
}

/// One piece of evidence as a numbered note.
#[derive(Clone, Debug)]
pub struct Note<'a> {
    /// The note's number, from 1.
    pub number: usize,
    /// The quote.
    pub quote: &'a Quote,
    /// The source it is taken from.
    pub source: &'a Source,
    /// The paragraph of the source it sits in, from 1, if known.
    pub paragraph: Option<usize>,
    /// For a quote from a paged document (a PDF): its printed page label
    /// (`12`, or `12–13` across a page break) and the physical page
    /// number, from 1, it starts on.
    pub page: Option<(String, usize)>,
    /// SHA-256 of the source version the quote's offsets refer to.
    pub version: &'a str,
    /// How the quote bears on the claim.
    pub stance: Stance,
    /// The editor's note on the link.
    pub comment: &'a str,
    /// The claim the link belongs to.
    pub claim: &'a ClaimId,
}

/// One claim with its evidence.
#[derive(Clone, Debug)]
pub struct Cited<'a> {
    /// The claim.
    pub claim: &'a Claim,
    /// The numbers of its notes, in evidence order.
    pub notes: Vec<usize>,
    /// The blocking findings on this claim (empty unless blockers were
    /// allowed).
    pub blockers: Vec<&'a Finding>,
}

/// What every export renders.
#[derive(Debug)]
pub struct Publication<'a> {
    /// The project.
    pub project: &'a Project,
    /// The summary, paragraph by paragraph.
    pub paragraphs: Vec<Vec<Cited<'a>>>,
    /// The notes, by number (index 0 is note 1).
    pub notes: Vec<Note<'a>>,
    /// The sources the notes cite, in project order.
    pub sources: Vec<&'a Source>,
    /// Blocking findings about no one claim (a missing snapshot), when
    /// blockers were allowed.
    pub general_blockers: Vec<&'a Finding>,
    /// A stable identifier of the project, for IDs in the output.
    pub key: String,
}

impl<'a> Publication<'a> {
    /// Gathers a project for export. With blockers in `report`, this is
    /// refused unless `allow_blockers`.
    pub fn new(
        project: &'a Project,
        texts: &Snapshots,
        report: &'a Report,
        allow_blockers: bool,
    ) -> Result<Self, ExportError> {
        if !allow_blockers && report.blocks(false) {
            return Err(ExportError::Blocked(
                report.blocking(false).cloned().collect(),
            ));
        }
        let mut notes = Vec::new();
        let mut paragraph_index: HashMap<&str, Paragraphs> = HashMap::new();
        let mut paragraphs = Vec::new();
        let sources_by_id = project.sources_by_id();
        for claims in &project.paragraphs {
            let mut cited = Vec::new();
            for claim in claims {
                let mut numbers = Vec::new();
                for link in &claim.evidence {
                    let Some(quote) = project.quote(&link.quote) else {
                        continue;
                    };
                    let Some(&source) = sources_by_id.get(&quote.source) else {
                        continue;
                    };
                    let version = quote
                        .unresolved
                        .as_ref()
                        .map_or(source.sha256.as_str(), |u| u.version.as_str());
                    let paragraph = texts.get(version).map(|text| {
                        paragraph_index
                            .entry(version)
                            .or_insert_with(|| Paragraphs::split(text, usize::MAX))
                            .index_of(quote.start)
                            + 1
                    });
                    notes.push(Note {
                        number: notes.len() + 1,
                        quote,
                        source,
                        paragraph,
                        page: source.page_of_quote(quote),
                        version,
                        stance: link.stance,
                        comment: link.note.as_str(),
                        claim: &claim.id,
                    });
                    numbers.push(notes.len());
                }
                let blockers = report
                    .of_claim(&claim.id)
                    .filter(|f| f.severity == Severity::Blocker)
                    .collect();
                cited.push(Cited {
                    claim,
                    notes: numbers,
                    blockers,
                });
            }
            if !cited.is_empty() {
                paragraphs.push(cited);
            }
        }
        let noted: HashSet<&SourceId> = notes.iter().map(|n: &Note| &n.source.id).collect();
        let sources = project
            .sources
            .iter()
            .filter(|s| noted.contains(&s.id))
            .collect();
        let general_blockers = report
            .general()
            .filter(|f| f.severity == Severity::Blocker)
            .collect();
        Ok(Self {
            project,
            paragraphs,
            notes,
            sources,
            general_blockers,
            key: sha256_hex(project.title.as_bytes())[..12].to_owned(),
        })
    }

    /// The note with this number.
    pub fn note(&self, number: usize) -> &Note<'a> {
        &self.notes[number - 1]
    }

    /// Whether any claim or source is blocked.
    pub fn has_blockers(&self) -> bool {
        !self.general_blockers.is_empty() || self.claims().any(|c| !c.blockers.is_empty())
    }

    /// All claims in reading order.
    pub fn claims(&self) -> impl Iterator<Item = &Cited<'a>> {
        self.paragraphs.iter().flatten()
    }

    /// The position of a source among the cited ones, from 1.
    pub fn source_number(&self, id: &SourceId) -> usize {
        self.sources
            .iter()
            .position(|s| &s.id == id)
            .map_or(0, |i| i + 1)
    }
}

/// The citation of a source as a list of parts: title, author, publisher,
/// publication date; the URL is given apart.
pub fn citation_parts(source: &Source) -> Vec<(&'static str, &str)> {
    let c = &source.citation;
    [
        ("title", source.label()),
        ("author", c.author.as_str()),
        ("publisher", c.publisher.as_str()),
        ("published", c.published.as_str()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .collect()
}

/// Where a note's passage is in its source, as a citation writes it:
/// ` p. 12.` or ` pp. 12–13.` for a paged document, else ` Paragraph 4.`
/// (empty when neither is known).
pub fn locator(note: &Note) -> String {
    match (&note.page, note.paragraph) {
        (Some((label, _)), _) => format!(" {}.", crate::model::page_locator(label)),
        (None, Some(paragraph)) => format!(" Paragraph {paragraph}."),
        (None, None) => String::new(),
    }
}

/// The short text marking a blocked claim.
pub fn blocked_label(cited: &Cited) -> String {
    let mut rules: Vec<&str> = cited.blockers.iter().map(|f| f.rule.name()).collect();
    rules.dedup();
    format!("Not cleared for publication ({})", rules.join(", "))
}

/// A claim's text on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A phrase with its first letter a capital.
pub(super) fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
