//! Adding a source, and updating it to a new version of its text: every
//! quote is re-anchored and its fate reported before anything changes.

use super::*;

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
    check_citation(&citation).map_err(ActionError::BadCitation)?;
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
        name: project.new_source_name(&citation),
        added: crate::util::now_utc(),
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
pub(super) fn place_by_text(new: &SourceText, quote: &Quote, same_offsets_ok: bool) -> Outcome {
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
pub(crate) fn original_record(
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
        url: original.url.clone(),
        etag: original.validators.etag.clone(),
        last_modified: original.validators.last_modified.clone(),
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

/// Replaces a source's citation and short name (`None` keeps the name),
/// after checking its dates and URL and that the name is free.
pub fn edit_citation(
    project: &Project,
    source: &SourceId,
    citation: Citation,
    name: Option<&str>,
) -> Result<Command, ActionError> {
    let record = project
        .source(source)
        .ok_or_else(|| ActionError::NoSuchSource(source.clone()))?;
    check_citation(&citation).map_err(ActionError::BadCitation)?;
    let name = name.map_or_else(|| record.short_name().to_owned(), |n| n.trim().to_owned());
    crate::model::check_name(&name).map_err(ActionError::BadCitation)?;
    if project.source_name_taken(&name, Some(source)) {
        return Err(ActionError::BadCitation(format!(
            "another source is named “{name}”; choose another short name"
        )));
    }
    Ok(Command::EditCitation {
        source: source.clone(),
        citation,
        name,
    })
}

/// Removing a source: the command, and what it takes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRemoval {
    /// One undoable step: the evidence citing the source's quotes, the
    /// quotes, then the source.
    pub command: Command,
    /// How many quotes are taken from the source.
    pub quotes: usize,
    /// How many pieces of evidence cite them.
    pub evidence: usize,
    /// The claims that lose evidence, in summary order.
    pub claims: Vec<ClaimId>,
}

/// Removes a source with its quotes and the evidence that cites them, as
/// one step. Its snapshot files stay in `sources/`, so undo (or git) can
/// bring it back.
pub fn remove_source(project: &Project, id: &SourceId) -> Result<SourceRemoval, ActionError> {
    let source = project
        .source(id)
        .ok_or_else(|| ActionError::NoSuchSource(id.clone()))?;
    let quotes: Vec<QuoteId> = project.quotes_of(id).map(|q| q.id.clone()).collect();
    let mut commands = Vec::new();
    let mut claims = Vec::new();
    for (_, claim) in project.claims() {
        for e in claim.evidence.iter().filter(|e| quotes.contains(&e.quote)) {
            commands.push(Command::RemoveEvidence {
                claim: claim.id.clone(),
                quote: e.quote.clone(),
            });
            if claims.last() != Some(&claim.id) {
                claims.push(claim.id.clone());
            }
        }
    }
    let evidence = commands.len();
    commands.extend(
        quotes
            .iter()
            .map(|q| Command::RemoveQuote { id: q.clone() }),
    );
    commands.push(Command::RemoveSource { id: id.clone() });
    Ok(SourceRemoval {
        command: Command::Batch {
            label: format!("Remove source ‘{}’", source.short_name()),
            commands,
        },
        quotes: quotes.len(),
        evidence,
        claims,
    })
}
