//! Quotes: finding a passage in a source by its text, citing a range of a
//! source as evidence for a claim, and importing W3C annotations as quotes
//! (taken only where their passage is found exactly and uniquely).

use super::*;

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

pub(super) fn source_text<'a>(
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
