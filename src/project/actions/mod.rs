//! What an editor does, turned into [`Command`]s.
//!
//! The command line and the desktop app both build their edits here, from a
//! read-only view of the project, and then apply them through
//! [`crate::project::document::Document::apply`]. Nothing here changes a project.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use thiserror::Error;

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
    #[error("the claim “{}” ({claim}) already cites this passage as {quote}; change its stance instead", anchor::snippet(.text, 60))]
    AlreadyCited {
        /// The claim.
        claim: ClaimId,
        /// Its text.
        text: String,
        /// The existing quote.
        quote: QuoteId,
    },
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
            anchor::snippet(quote, 60)
        )
    } else {
        format!(
            "{:?} does not occur in `{source}`; quotes must match the source exactly, character for character",
            anchor::snippet(quote, 60)
        )
    };
    if let Some((range, text)) = near {
        message.push_str(&format!(
            ". A passage at chars {}..{} differs only in case, spacing or quotation marks: {:?}",
            range.start,
            range.end,
            anchor::snippet(text, 120)
        ));
    }
    message
}

fn ambiguous_message(source: &SourceId, quote: &str, candidates: &[Span]) -> String {
    const SHOWN: usize = 10;
    let mut message = format!(
        "{:?} occurs {} times in `{source}`; give --prefix or --suffix (text just before or after it) to say which:",
        anchor::snippet(quote, 60),
        candidates.len()
    );
    for (i, span) in candidates.iter().take(SHOWN).enumerate() {
        message.push_str(&format!(
            "\n  {}. chars {}..{}: …{}[{}]{}…",
            i + 1,
            span.start,
            span.end,
            anchor::snippet(&span.prefix, 32),
            anchor::snippet(quote, 40),
            anchor::snippet(&span.suffix, 32)
        ));
    }
    if candidates.len() > SHOWN {
        message.push_str(&format!("\n  … and {} more", candidates.len() - SHOWN));
    }
    message
}

/// Checks citation metadata: dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, URLs
/// as `http://` or `https://`; empty fields are allowed.
pub fn check_citation(citation: &Citation) -> Result<(), ActionError> {
    for (name, value) in [
        ("published", &citation.published),
        ("retrieved", &citation.retrieved),
    ] {
        if !value.is_empty() && !is_date(value) {
            return Err(ActionError::BadCitation(format!(
                "the {name} date {value:?} is not a date; write it as YYYY-MM-DD (or YYYY-MM, or YYYY)"
            )));
        }
    }
    let url = &citation.url;
    let web_address = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(char::is_whitespace);
    if !url.is_empty() && !web_address {
        return Err(ActionError::BadCitation(format!(
            "the URL {url:?} is not a web address; it must start with https:// or http:// and contain no spaces"
        )));
    }
    Ok(())
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
                return false;
            };
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

/// Adds a source with its text and citation, at the end of the source list.
/// Without `id`, the next generated ID (`s3`) is used.
pub fn add_source(
    project: &Project,
    text: Arc<str>,
    citation: Citation,
    id: Option<&str>,
) -> Result<(Command, SourceId), ActionError> {
    add_imported_source(project, text, None, citation, id)
}

/// Adds a source whose text was extracted from an original document (see
/// [`crate::import`]), keeping the original beside it.
pub fn add_imported_source(
    project: &Project,
    text: Arc<str>,
    original: Option<(crate::import::Original, crate::import::Paging)>,
    citation: Citation,
    id: Option<&str>,
) -> Result<(Command, SourceId), ActionError> {
    check_citation(&citation)?;
    let id = match id {
        Some(id) => {
            check_custom_id(id).map_err(ActionError::BadId)?;
            SourceId::from(id)
        }
        None => project.new_source_id(),
    };
    if project.id_in_use(id.as_str()) {
        return Err(ActionError::IdInUse(id.to_string()));
    }
    let sha256 = crate::model::sha256_hex(text.as_bytes());
    let (record, bytes) = original_record(&id, original);
    let source = Source {
        previous: Vec::new(),
        file: snapshot_path(&id, &sha256),
        id: id.clone(),
        sha256,
        citation,
        original: record,
    };
    let command = Command::AddSource {
        source,
        text,
        original: bytes,
    };
    Ok((command, id))
}

/// Adds a claim at the end of a paragraph (from 0). `None` means the last
/// paragraph; the paragraph one past the last starts a new one.
pub fn add_claim(
    project: &Project,
    text: &str,
    paragraph: Option<usize>,
) -> Result<(Command, ClaimId), ActionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ActionError::EmptyClaim);
    }
    let count = project.paragraphs.len();
    let paragraph = paragraph.unwrap_or(count.saturating_sub(1));
    if paragraph > count {
        return Err(ActionError::BadParagraph { count });
    }
    let id = project.new_claim_id();
    let mut commands = Vec::new();
    let index = if paragraph == count {
        commands.push(Command::InsertParagraph { index: count });
        0
    } else {
        project.paragraphs[paragraph].len()
    };
    commands.push(Command::AddClaim {
        place: ClaimPlace { paragraph, index },
        claim: Claim::new(id.clone(), text),
    });
    let command = Command::Batch {
        label: format!("Add claim {id}"),
        commands,
    };
    Ok((command, id))
}

/// Deletes a claim (its quotes stay), and its paragraph if that empties it.
pub fn remove_claim(project: &Project, id: &ClaimId) -> Result<Command, ActionError> {
    let place = project
        .claim_place(id)
        .ok_or_else(|| ActionError::NoSuchClaim(id.clone()))?;
    let mut commands = vec![Command::RemoveClaim { id: id.clone() }];
    if project.paragraphs[place.paragraph].len() == 1 {
        commands.push(Command::RemoveParagraph {
            index: place.paragraph,
        });
    }
    Ok(Command::Batch {
        label: format!("Delete claim {id}"),
        commands,
    })
}

/// Moves a claim one place up or down; at the edge of a paragraph it moves
/// into the neighbouring one, and a paragraph left empty is removed.
/// `Ok(None)` when it is already first or last.
pub fn move_claim(
    project: &Project,
    id: &ClaimId,
    up: bool,
) -> Result<Option<Command>, ActionError> {
    let from = project
        .claim_place(id)
        .ok_or_else(|| ActionError::NoSuchClaim(id.clone()))?;
    let len = project.paragraphs[from.paragraph].len();
    let to = match (up, from.index, from.paragraph) {
        (true, 0, 0) => return Ok(None),
        (true, 0, p) => ClaimPlace {
            paragraph: p - 1,
            index: project.paragraphs[p - 1].len(),
        },
        (true, i, p) => ClaimPlace {
            paragraph: p,
            index: i - 1,
        },
        (false, i, p) if i + 1 < len => ClaimPlace {
            paragraph: p,
            index: i + 1,
        },
        (false, _, p) if p + 1 < project.paragraphs.len() => ClaimPlace {
            paragraph: p + 1,
            index: 0,
        },
        (false, _, _) => return Ok(None),
    };
    let mut commands = vec![Command::MoveClaim {
        id: id.clone(),
        to,
        at: None,
    }];
    if len == 1 {
        commands.push(Command::RemoveParagraph {
            index: from.paragraph,
        });
    }
    Ok(Some(Command::Batch {
        label: format!("Move claim {id}"),
        commands,
    }))
}

/// What happens to one quote when its source is updated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteFate {
    /// The quote.
    pub quote: QuoteId,
    /// Its old place.
    pub old: Range<usize>,
    /// Its text.
    pub old_text: String,
    /// Where it goes.
    pub outcome: Outcome,
}

/// A prepared update of a source: the report, and the command that records it.
#[derive(Debug)]
pub struct SourceUpdate {
    /// The source.
    pub source: SourceId,
    /// Every quote of the source, in ID order.
    pub fates: Vec<QuoteFate>,
    /// Whether the recorded version's text was unavailable (its snapshot
    /// changed on disk), so quotes were placed by text and context alone.
    pub recorded_text_missing: bool,
    /// Chars removed and added by the new version.
    pub chars_removed: usize,
    /// Chars added.
    pub chars_added: usize,
    /// The diff, for display.
    pub edits: Vec<crate::text::reanchor::Edit>,
    /// Applying this records the new version.
    pub command: Command,
}

impl SourceUpdate {
    /// How many quotes end up with each status, in report order.
    pub fn counts(&self) -> [(&'static str, usize); 5] {
        ["exact", "moved", "changed", "ambiguous", "orphaned"].map(|status| {
            (
                status,
                self.fates
                    .iter()
                    .filter(|f| f.outcome.status() == status)
                    .count(),
            )
        })
    }

    /// How many quotes will need a human.
    pub fn unresolved(&self) -> usize {
        self.fates
            .iter()
            .filter(|f| f.outcome.resolved().is_none())
            .count()
    }
}

/// Places a quote in a new text by its own text and context, without a diff:
/// `exact` if it is still at its offsets (only trusted when `same_offsets_ok`),
/// `moved` if found once with its context, `ambiguous` if found in several
/// places or only approximately, `orphaned` otherwise.
fn place_by_text(new: &SourceText, quote: &Quote, same_offsets_ok: bool) -> Outcome {
    if same_offsets_ok && new.slice(quote.start..quote.end) == Some(quote.text.as_str()) {
        return Outcome::Exact {
            start: quote.start,
            end: quote.end,
        };
    }
    let all = new.find_all(&quote.text);
    // Found once with its context matching on at least one side: moved.
    let with_context: Vec<Range<usize>> = all
        .iter()
        .filter(|r| {
            let (before, after) = new.context((*r).clone());
            (!quote.prefix.is_empty() && before.ends_with(&quote.prefix))
                || (!quote.suffix.is_empty() && after.starts_with(&quote.suffix))
        })
        .cloned()
        .collect();
    match (with_context.len(), all.len()) {
        (1, _) => Outcome::Moved {
            start: with_context[0].start,
            end: with_context[0].end,
        },
        (0, 0) => match anchor::near_miss(new, &quote.text) {
            Some(near) => Outcome::Ambiguous {
                candidates: vec![near],
            },
            None => Outcome::Orphaned,
        },
        (0, _) => Outcome::Ambiguous { candidates: all },
        _ => Outcome::Ambiguous {
            candidates: with_context,
        },
    }
}

/// The record of an original and its bytes.
fn original_record(
    id: &SourceId,
    original: Option<(crate::import::Original, crate::import::Paging)>,
) -> (Option<crate::model::Original>, Option<Arc<[u8]>>) {
    let Some((original, paging)) = original else {
        return (None, None);
    };
    let sha256 = crate::model::sha256_hex(&original.bytes);
    let record = crate::model::Original {
        file: crate::project::store::original_path(id, &sha256, original.format.extension()),
        sha256,
        media_type: original.format.media_type().to_owned(),
        extractor: original.extractor.to_owned(),
        extractor_version: original.extractor_version.to_owned(),
        pages: paging.pages,
        unreadable: paging.unreadable,
    };
    (Some(record), Some(Arc::clone(&original.bytes)))
}

/// Prepares the update of `source` to `new_text`: re-anchors every quote
/// (see [`crate::text::reanchor`]) and builds the command that records the new
/// version. Quotes that are not `exact` or `moved` keep their old text and
/// place, marked unresolved.
pub fn update_source(
    project: &Project,
    texts: &Snapshots,
    source: &SourceId,
    new_text: Arc<str>,
) -> Result<SourceUpdate, ActionError> {
    update_imported_source(project, texts, source, new_text, None)
}

/// Prepares the update of `source` to a text extracted from a new version
/// of its original (see [`update_source`]).
pub fn update_imported_source(
    project: &Project,
    texts: &Snapshots,
    source: &SourceId,
    new_text: Arc<str>,
    original: Option<(crate::import::Original, crate::import::Paging)>,
) -> Result<SourceUpdate, ActionError> {
    let record = project
        .source(source)
        .ok_or_else(|| ActionError::NoSuchSource(source.clone()))?;
    // The recorded text is missing when its snapshot was changed on disk:
    // quotes are then placed by their text and context alone.
    let old = texts.get(&record.sha256);
    let sha256 = crate::model::sha256_hex(new_text.as_bytes());
    if sha256 == record.sha256 {
        return Err(ActionError::SameText(source.clone()));
    }
    let new = SourceText::new(Arc::clone(&new_text));
    let revision = old.map(|old| Revision::new(old, &new));
    let mut fates = Vec::new();
    let mut quotes = Vec::new();
    for quote in project.quotes_of(source) {
        let outcome = match (&quote.unresolved, &revision) {
            (None, Some(revision)) => {
                revision.map_span(quote.start, quote.end, &quote.prefix, &quote.suffix)
            }
            // Waiting for a human already, or no recorded text to diff.
            _ => place_by_text(&new, quote, revision.is_none()),
        };
        let updated = match &outcome {
            Outcome::Exact { start, end } | Outcome::Moved { start, end } => {
                let (prefix, suffix) = new.context(*start..*end);
                Quote {
                    start: *start,
                    end: *end,
                    prefix,
                    suffix,
                    unresolved: None,
                    ..quote.clone()
                }
            }
            other => {
                let (status, new_text, place) = match other {
                    Outcome::Changed {
                        start,
                        end,
                        new_text,
                    } => (
                        AnchorStatus::Changed,
                        new_text.clone(),
                        Some((*start, *end)),
                    ),
                    Outcome::Ambiguous { .. } => (AnchorStatus::Ambiguous, String::new(), None),
                    _ => (AnchorStatus::Orphaned, String::new(), None),
                };
                let version = quote
                    .unresolved
                    .as_ref()
                    .map_or(record.sha256.clone(), |u| u.version.clone());
                Quote {
                    unresolved: Some(Unresolved {
                        status,
                        version,
                        new_text,
                        place,
                    }),
                    ..quote.clone()
                }
            }
        };
        fates.push(QuoteFate {
            quote: quote.id.clone(),
            old: quote.start..quote.end,
            old_text: quote.text.clone(),
            outcome,
        });
        quotes.push(updated);
    }
    let mut previous = record.previous.clone();
    previous.retain(|p| p.sha256 != sha256);
    previous.push(Snapshot {
        file: record.file.clone(),
        sha256: record.sha256.clone(),
        original: record.original.clone(),
    });
    let edits = revision
        .as_ref()
        .map(|r| r.edits().to_vec())
        .unwrap_or_default();
    let (chars_removed, chars_added) = edits
        .iter()
        .filter(|e| !e.equal)
        .fold((0, 0), |(r, a), e| (r + e.old.len(), a + e.new.len()));
    let (original_record, original_bytes) = original_record(source, original);
    let current = record
        .previous
        .iter()
        .find(|p| p.sha256 == sha256 && p.original == original_record)
        .cloned()
        .unwrap_or_else(|| Snapshot {
            file: snapshot_path(source, &sha256),
            sha256,
            original: original_record,
        });
    let command = Command::UpdateSource {
        source: source.clone(),
        current,
        text: Some(new_text),
        original: original_bytes,
        previous,
        quotes,
    };
    Ok(SourceUpdate {
        source: source.clone(),
        recorded_text_missing: revision.is_none(),
        fates,
        chars_removed,
        chars_added,
        edits,
        command,
    })
}

/// What became of one imported annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    /// Its passage was found exactly and quoted (and cited in a claim when it
    /// had a body).
    Quoted {
        /// The quote (new, or an identical one that existed).
        quote: QuoteId,
        /// The claim citing it, if the annotation had a body.
        claim: Option<ClaimId>,
    },
    /// Not imported: a human must look.
    Review {
        /// Why.
        reason: String,
        /// The source searched, if one was found.
        source: Option<SourceId>,
        /// Candidate places in that source.
        candidates: Vec<Range<usize>>,
    },
}

/// Imports W3C annotations: each exact, unique match becomes a quote of its
/// source (found by `source`, or by the annotation's target URL), and each
/// annotation with a text body becomes a claim citing it (an existing claim
/// with the same text is reused; new claims go into one new paragraph).
/// Returns the command (if anything is imported) and one result per
/// annotation.
pub fn import_w3c(
    project: &Project,
    texts: &Snapshots,
    annotations: &[crate::import::w3c::Annotation],
    source: Option<&SourceId>,
) -> Result<(Option<Command>, Vec<Imported>), ActionError> {
    if let Some(id) = source {
        project
            .source(id)
            .ok_or_else(|| ActionError::NoSuchSource(id.clone()))?;
    }
    let normalize = |url: &str| url.trim().trim_end_matches('/').to_owned();
    // Everything an annotation is matched against, indexed once (the first
    // in order wins, as a search in order would find it).
    let mut by_url: HashMap<String, &SourceId> = HashMap::new();
    let mut by_hash: HashMap<String, &SourceId> = HashMap::new();
    for s in &project.sources {
        if !s.citation.url.is_empty() {
            by_url.entry(normalize(&s.citation.url)).or_insert(&s.id);
        }
        by_hash
            .entry(s.sha256.to_ascii_lowercase())
            .or_insert(&s.id);
    }
    let mut quotes_at: HashMap<(&SourceId, usize, usize), &QuoteId> = HashMap::new();
    for q in &project.quotes {
        quotes_at
            .entry((&q.source, q.start, q.end))
            .or_insert(&q.id);
    }
    let mut claims_by_text: HashMap<&str, &Claim> = HashMap::new();
    for (_, c) in project.claims() {
        claims_by_text.entry(c.text.trim()).or_insert(c);
    }
    let mut commands = Vec::new();
    let mut results = Vec::new();
    let mut quote_ids = project.new_quote_ids(annotations.len()).into_iter();
    // The new quotes go in with one command, ahead of the evidence citing them.
    let mut added_quotes = Vec::new();
    let mut claim_ids = project.new_claim_ids(annotations.len()).into_iter();
    let mut new_quotes: HashMap<(SourceId, usize, usize), QuoteId> = HashMap::new();
    let mut new_claims: Vec<(String, ClaimId, Vec<Evidence>)> = Vec::new();
    let mut new_claim_index: HashMap<String, usize> = HashMap::new();
    let mut paragraph: Option<usize> = None;
    for annotation in annotations {
        let target = match source {
            Some(id) => Some(id.clone()),
            None => annotation.source.as_deref().and_then(|url| {
                match url.strip_prefix("nih:sha-256;") {
                    // A text named by its hash, as Attest exports it.
                    Some(hash) => by_hash.get(&hash.trim().to_ascii_lowercase()),
                    None => by_url.get(&normalize(url)),
                }
                .map(|&id| id.clone())
            }),
        };
        let Some(target) = target else {
            results.push(Imported::Review {
                reason: format!(
                    "no source has the URL {}; give the source with --source",
                    annotation.source.as_deref().unwrap_or("(none given)")
                ),
                source: None,
                candidates: Vec::new(),
            });
            continue;
        };
        let text = source_text(project, texts, &target)?;
        let range = match crate::import::w3c::place(text, &annotation.selection) {
            crate::import::w3c::Placement::Found(range) => range,
            crate::import::w3c::Placement::Review { reason, candidates } => {
                results.push(Imported::Review {
                    reason,
                    source: Some(target),
                    candidates,
                });
                continue;
            }
        };
        let existing = quotes_at
            .get(&(&target, range.start, range.end))
            .map(|&id| id.clone())
            .or_else(|| {
                new_quotes
                    .get(&(target.clone(), range.start, range.end))
                    .cloned()
            });
        let quote = match existing {
            Some(id) => id,
            None => {
                let id = quote_ids.next().expect("one new quote ID per annotation");
                let (prefix, suffix) = text.context(range.clone());
                added_quotes.push(Quote {
                    id: id.clone(),
                    source: target.clone(),
                    start: range.start,
                    end: range.end,
                    text: text.slice(range.clone()).unwrap_or_default().to_owned(),
                    prefix,
                    suffix,
                    unresolved: None,
                });
                new_quotes.insert((target.clone(), range.start, range.end), id.clone());
                id
            }
        };
        let claim = annotation.body.as_deref().map(str::trim).map(|body| {
            let evidence = Evidence {
                quote: quote.clone(),
                stance: annotation.stance.unwrap_or_default(),
                note: annotation.comment.clone().unwrap_or_default(),
            };
            if let Some(c) = claims_by_text.get(body) {
                if c.evidence_for(&quote).is_none() {
                    commands.push(Command::AddEvidence {
                        claim: c.id.clone(),
                        index: c.evidence.len(),
                        evidence,
                    });
                }
                return c.id.clone();
            }
            if let Some(&i) = new_claim_index.get(body) {
                let (_, id, cited) = &mut new_claims[i];
                if !cited.iter().any(|e| e.quote == quote) {
                    cited.push(evidence);
                }
                return id.clone();
            }
            let id = claim_ids.next().expect("one new claim ID per annotation");
            new_claim_index.insert(body.to_owned(), new_claims.len());
            new_claims.push((body.to_owned(), id.clone(), vec![evidence]));
            id
        });
        results.push(Imported::Quoted { quote, claim });
    }
    for (index, (text, id, cited)) in new_claims.into_iter().enumerate() {
        let paragraph = *paragraph.get_or_insert_with(|| {
            commands.push(Command::InsertParagraph {
                index: project.paragraphs.len(),
            });
            project.paragraphs.len()
        });
        let mut claim = Claim::new(id, text);
        claim.evidence = cited;
        commands.push(Command::AddClaim {
            place: ClaimPlace { paragraph, index },
            claim,
        });
    }
    if !added_quotes.is_empty() {
        commands.insert(
            0,
            Command::AddQuotes {
                quotes: added_quotes,
            },
        );
    }
    let command = (!commands.is_empty()).then(|| Command::Batch {
        label: "Import annotations".into(),
        commands,
    });
    Ok((command, results))
}

/// Finds the one place of `source` where `quote` occurs with this context.
pub fn find_quote(
    project: &Project,
    texts: &Snapshots,
    source: &SourceId,
    quote: &str,
    prefix: &str,
    suffix: &str,
) -> Result<Span, ActionError> {
    if quote.is_empty() {
        return Err(ActionError::EmptyQuote);
    }
    let text = source_text(project, texts, source)?;
    match locate(text, quote, prefix, suffix) {
        Located::Unique(span) => Ok(span),
        Located::Ambiguous(candidates) => Err(ActionError::QuoteAmbiguous {
            source_id: source.clone(),
            quote: quote.to_owned(),
            candidates,
        }),
        Located::NotFound { without_context } => Err(ActionError::QuoteNotFound {
            source_id: source.clone(),
            quote: quote.to_owned(),
            without_context,
            near_miss: anchor::near_miss(text, quote).map(|r| {
                let found = text.slice(r.clone()).unwrap_or_default().to_owned();
                (r, found)
            }),
        }),
    }
}

fn source_text<'a>(
    project: &Project,
    texts: &'a Snapshots,
    source: &SourceId,
) -> Result<&'a SourceText, ActionError> {
    let record = project
        .source(source)
        .ok_or_else(|| ActionError::NoSuchSource(source.clone()))?;
    texts
        .get(&record.sha256)
        .ok_or_else(|| ActionError::NoText(source.clone()))
}

/// Cites the passage `chars` of `source` in `claim`: reuses an identical
/// existing quote, or creates a new one with its context.
pub fn cite(
    project: &Project,
    texts: &Snapshots,
    claim: &ClaimId,
    source: &SourceId,
    chars: Range<usize>,
    stance: Stance,
    note: &str,
) -> Result<(Command, QuoteId), ActionError> {
    let record = project
        .claim(claim)
        .ok_or_else(|| ActionError::NoSuchClaim(claim.clone()))?;
    let text = source_text(project, texts, source)?;
    let mut commands = Vec::new();
    let quote_id = match project.quote_at(source, chars.start, chars.end) {
        Some(existing) => {
            if record.evidence_for(&existing.id).is_some() {
                return Err(ActionError::AlreadyCited {
                    claim: claim.clone(),
                    text: record.text.clone(),
                    quote: existing.id.clone(),
                });
            }
            existing.id.clone()
        }
        None => {
            let quoted = text
                .slice(chars.clone())
                .filter(|s| !s.is_empty())
                .ok_or(ActionError::EmptyQuote)?;
            let (prefix, suffix) = text.context(chars.clone());
            let id = project.new_quote_id();
            commands.push(Command::AddQuote {
                quote: Quote {
                    unresolved: None,
                    id: id.clone(),
                    source: source.clone(),
                    start: chars.start,
                    end: chars.end,
                    text: quoted.to_owned(),
                    prefix,
                    suffix,
                },
            });
            id
        }
    };
    commands.push(Command::AddEvidence {
        claim: claim.clone(),
        index: record.evidence.len(),
        evidence: Evidence {
            quote: quote_id.clone(),
            stance,
            note: note.to_owned(),
        },
    });
    let command = Command::Batch {
        label: format!("Cite {quote_id} in {claim}"),
        commands,
    };
    Ok((command, quote_id))
}

/// Signs off a claim as it stands: who, when (`at`, RFC 3339) and the hash
/// of its text and evidence. Refused while the check finds blockers on it.
pub fn sign_off(
    project: &Project,
    report: &crate::check::Report,
    claim: &ClaimId,
    by: &str,
    note: &str,
    at: &str,
) -> Result<Command, ActionError> {
    let record = project
        .claim(claim)
        .ok_or_else(|| ActionError::NoSuchClaim(claim.clone()))?;
    let by = by.trim();
    if by.is_empty() {
        return Err(ActionError::NoReviewer);
    }
    if !project.conflicts.is_empty() {
        return Err(ActionError::MergeConflicts(project.conflicts.len()));
    }
    let blockers: Vec<String> = report
        .of_claim(claim)
        .filter(|f| f.severity == crate::check::Severity::Blocker)
        .map(|f| format!("[{}] {}", f.rule, f.message))
        .collect();
    if !blockers.is_empty() {
        return Err(ActionError::SignOffBlocked {
            claim: claim.clone(),
            blockers,
        });
    }
    Ok(Command::SetSignOff {
        claim: claim.clone(),
        signoff: Some(crate::model::SignOff {
            by: by.to_owned(),
            at: at.to_owned(),
            hash: record.content_hash(project),
            note: note.trim().to_owned(),
        }),
    })
}

/// The current time as an RFC 3339 UTC timestamp to the second, as sign-offs
/// record it.
pub fn now_utc() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Replaces a source's citation, after checking its dates and URL.
pub fn edit_citation(
    project: &Project,
    source: &SourceId,
    citation: Citation,
) -> Result<Command, ActionError> {
    project
        .source(source)
        .ok_or_else(|| ActionError::NoSuchSource(source.clone()))?;
    check_citation(&citation)?;
    Ok(Command::EditCitation {
        source: source.clone(),
        citation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::command::apply;

    const TEXT: &str = "Six people died, officials said. Police said six people died.";

    fn project() -> (Project, Snapshots) {
        let mut project = Project::new("t");
        let mut texts = Snapshots::default();
        let (add, _) = add_source(&project, TEXT.into(), Citation::default(), Some("s1")).unwrap();
        apply(&mut project, &mut texts, add).unwrap();
        // A claim with the numbered ID of older projects, `c1`.
        for command in [
            Command::InsertParagraph { index: 0 },
            Command::AddClaim {
                place: ClaimPlace {
                    paragraph: 0,
                    index: 0,
                },
                claim: Claim::new(ClaimId::numbered(1), "Six died."),
            },
        ] {
            apply(&mut project, &mut texts, command).unwrap();
        }
        (project, texts)
    }

    #[test]
    fn dates_and_urls_are_checked() {
        for good in ["", "2024", "2024-11", "2024-11-26", "2024-02-29"] {
            assert!(is_date(good) || good.is_empty(), "{good}");
        }
        for bad in [
            "26/11/2024",
            "2024-13",
            "2023-02-29",
            "2024-11-31",
            "24-11-26",
            "2024-1-5",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        let citation = |url: &str| Citation {
            url: url.into(),
            ..Citation::default()
        };
        assert!(check_citation(&citation("https://apnews.com/x")).is_ok());
        assert!(check_citation(&citation("apnews.com")).is_err());
        assert!(check_citation(&citation("javascript:alert(1)")).is_err());
        assert!(check_citation(&citation("https://a b")).is_err());
    }

    #[test]
    fn add_claim_places_claims_in_paragraphs() {
        let (mut project, mut texts) = project();
        let (add, c2) = add_claim(&project, "  Second.  ", Some(1)).unwrap();
        apply(&mut project, &mut texts, add).unwrap();
        assert_eq!(project.claim_place(&c2).unwrap().paragraph, 1);
        assert_eq!(project.claim(&c2).unwrap().text, "Second.");
        let (add, c3) = add_claim(&project, "Third.", Some(0)).unwrap();
        apply(&mut project, &mut texts, add).unwrap();
        assert_eq!(
            project.claim_place(&c3).unwrap(),
            ClaimPlace {
                paragraph: 0,
                index: 1
            }
        );
        assert_eq!(
            add_claim(&project, "x", Some(5)).unwrap_err(),
            ActionError::BadParagraph { count: 2 }
        );
        assert_eq!(
            add_claim(&project, " ", None).unwrap_err(),
            ActionError::EmptyClaim
        );
    }

    /// Finds `quote` (followed by `suffix`) in `s1` and cites it in `claim`.
    fn cite_text(
        project: &mut Project,
        texts: &mut Snapshots,
        claim: &ClaimId,
        quote: &str,
        suffix: &str,
    ) -> QuoteId {
        let s1 = SourceId::numbered(1);
        let span = find_quote(project, texts, &s1, quote, "", suffix).unwrap();
        let (cmd, id) = cite(
            project,
            texts,
            claim,
            &s1,
            span.start..span.end,
            Stance::Supports,
            "",
        )
        .unwrap();
        apply(project, texts, cmd).unwrap();
        id
    }

    /// The summary as paragraphs of claim texts.
    fn outline(project: &Project) -> Vec<Vec<String>> {
        project
            .paragraphs
            .iter()
            .map(|p| p.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn claims_move_across_paragraphs_and_empty_paragraphs_go() {
        let (mut project, mut texts) = project();
        let mut ids = vec![ClaimId::numbered(1)];
        for (text, paragraph) in [("b", Some(0)), ("c", Some(1))] {
            let (add, id) = add_claim(&project, text, paragraph).unwrap();
            apply(&mut project, &mut texts, add).unwrap();
            ids.push(id);
        }
        let a = "Six died.";
        assert_eq!(outline(&project), [vec![a, "b"], vec!["c"]]);
        let mut step = |project: &mut Project, n: usize, up: bool| {
            if let Some(cmd) = move_claim(project, &ids[n], up).unwrap() {
                apply(project, &mut texts, cmd).unwrap();
            }
        };
        step(&mut project, 1, false);
        assert_eq!(outline(&project), [vec![a], vec!["b", "c"]]);
        step(&mut project, 0, false);
        assert_eq!(
            outline(&project),
            [vec![a, "b", "c"]],
            "the emptied paragraph is gone"
        );
        step(&mut project, 0, true);
        assert_eq!(outline(&project), [vec![a, "b", "c"]], "already first");
        step(&mut project, 2, false);
        assert_eq!(outline(&project), [vec![a, "b", "c"]], "already last");
        step(&mut project, 2, true);
        assert_eq!(outline(&project), [vec![a, "c", "b"]]);
        let (add, d) = add_claim(&project, "d", Some(1)).unwrap();
        let mut texts = Snapshots::default();
        apply(&mut project, &mut texts, add).unwrap();
        let delete = remove_claim(&project, &d).unwrap();
        apply(&mut project, &mut texts, delete).unwrap();
        assert_eq!(outline(&project), [vec![a, "c", "b"]]);
        // The saved order is the order of the positions.
        let reloaded =
            crate::project::store::from_ron(&crate::project::store::to_ron(&project), "p".as_ref())
                .unwrap();
        assert_eq!(outline(&reloaded), outline(&project));
    }

    #[test]
    fn a_source_update_undoes_and_redoes_exactly() {
        let (mut project, mut texts) = project();
        let c1 = ClaimId::numbered(1);
        let s1 = SourceId::numbered(1);
        let mut cited = Vec::new();
        for (quote, suffix) in [("Six people died", ""), ("six people died", "")] {
            cited.push(cite_text(&mut project, &mut texts, &c1, quote, suffix));
        }
        let second = project.quote_index(&cited[1]).unwrap();
        let before = project.clone();
        let update = update_source(
            &project,
            &texts,
            &s1,
            "Six people died, officials said. Police said five people died.".into(),
        )
        .unwrap();
        assert_eq!(update.counts()[0], ("exact", 1));
        assert_eq!(update.counts()[2], ("changed", 1));
        let undo = apply(&mut project, &mut texts, update.command).unwrap();
        let after = project.clone();
        assert_eq!(after.sources[0].previous.len(), 1);
        assert_eq!(
            after.quotes[second].unresolved.as_ref().unwrap().status,
            AnchorStatus::Changed
        );
        let redo = apply(&mut project, &mut texts, undo).unwrap();
        assert_eq!(project, before);
        apply(&mut project, &mut texts, redo).unwrap();
        assert_eq!(project, after);
        // Re-selecting the changed quote on the new text resolves it.
        let new_text = texts.get(&project.sources[0].sha256).unwrap();
        let span = crate::text::anchor::locate(new_text, "five people died", "", "");
        let crate::text::anchor::Located::Unique(span) = span else {
            panic!("{span:?}")
        };
        let quote = Quote {
            start: span.start,
            end: span.end,
            text: "five people died".into(),
            prefix: span.prefix,
            suffix: span.suffix,
            unresolved: None,
            ..project.quotes[second].clone()
        };
        apply(&mut project, &mut texts, Command::SetQuote { quote }).unwrap();
        assert!(project.quotes.iter().all(|q| q.unresolved.is_none()));
    }

    #[test]
    fn an_update_without_the_recorded_text_undoes_and_redoes() {
        let (mut project, mut texts) = project();
        let c1 = ClaimId::numbered(1);
        let s1 = SourceId::numbered(1);
        let _ = cite_text(&mut project, &mut texts, &c1, "Police said", "");
        // As after loading a project whose snapshot was changed on disk.
        let mut texts = Snapshots::default();
        let before = project.clone();
        // The suffix context (" six people died.") still follows the quote.
        let update = update_source(
            &project,
            &texts,
            &s1,
            "Earlier: Police said six people died.".into(),
        )
        .unwrap();
        assert!(update.recorded_text_missing);
        assert_eq!(update.fates[0].outcome.status(), "moved");
        let undo = apply(&mut project, &mut texts, update.command).unwrap();
        let after = project.clone();
        let redo = apply(&mut project, &mut texts, undo).unwrap();
        assert_eq!(project, before);
        apply(&mut project, &mut texts, redo).unwrap();
        assert_eq!(project, after);
    }

    #[test]
    fn cite_reuses_identical_quotes() {
        let (mut project, mut texts) = project();
        let c1 = ClaimId::numbered(1);
        let s1 = SourceId::numbered(1);
        let q = cite_text(&mut project, &mut texts, &c1, "died", ", officials");
        let quote = project.quote(&q).unwrap();
        assert_eq!(quote.suffix, ", officials said. Police said si");
        let span = quote.start..quote.end;
        let err = cite(
            &project,
            &texts,
            &c1,
            &s1,
            span.clone(),
            Stance::Context,
            "",
        )
        .unwrap_err();
        assert_eq!(
            err,
            ActionError::AlreadyCited {
                claim: c1.clone(),
                text: project.claim(&c1).unwrap().text.clone(),
                quote: q.clone()
            }
        );
        let (add, c2) = add_claim(&project, "Other.", None).unwrap();
        apply(&mut project, &mut texts, add).unwrap();
        let (cmd, again) = cite(
            &project,
            &texts,
            &c2,
            &s1,
            span.clone(),
            Stance::Context,
            "",
        )
        .unwrap();
        apply(&mut project, &mut texts, cmd).unwrap();
        assert_eq!(again, q);
        assert_eq!(project.quotes.len(), 1);
    }

    #[test]
    fn ambiguous_quotes_list_their_candidates() {
        let (project, texts) = project();
        let err = find_quote(
            &project,
            &texts,
            &SourceId::numbered(1),
            "people died",
            "",
            "",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("occurs 2 times in `s1`"), "{message}");
        assert!(
            message.contains("1. chars 4..15: …Six [people died], officials said. Police said si…"),
            "{message}"
        );
        assert!(
            message.contains("2. chars 49..60: …officials said. Police said six [people died].…"),
            "{message}"
        );
    }

    #[test]
    fn missing_quotes_suggest_near_misses() {
        let (project, texts) = project();
        let err = find_quote(
            &project,
            &texts,
            &SourceId::numbered(1),
            "police  said",
            "",
            "",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("does not occur in `s1`"), "{message}");
        assert!(message.contains("chars 33..44"), "{message}");
        assert!(message.contains("\"Police said\""), "{message}");
    }
}
