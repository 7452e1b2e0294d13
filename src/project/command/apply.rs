//! Applying a command: the one function that changes a project, with the
//! checks that come before any change (IDs, positions, verbatim quotes,
//! snapshot paths) and the inverse it returns.

use super::*;

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
            let links: Vec<SourceLink> = project.links_of(&id).cloned().collect();
            project.links.retain(|l| !l.involves(&id));
            let rechecks = super::rechecks::take(project, texts, &id);
            let add = Command::AddSource {
                source,
                text,
                original,
            };
            let mut commands = vec![add];
            if !links.is_empty() {
                let source = id.clone();
                commands.push(Command::SetLinks { source, links });
            }
            commands.extend(rechecks);
            match commands.len() {
                1 => commands.remove(0),
                _ => Command::Batch {
                    label: format!("Add source {id}"),
                    commands,
                },
            }
        }
        Command::EditCitation {
            source,
            citation,
            name,
        } => {
            crate::model::check_name(&name).map_err(EditError::BadName)?;
            if project.source_name_taken(&name, Some(&source)) {
                return Err(EditError::NameInUse(name));
            }
            let record = project
                .sources
                .iter_mut()
                .find(|s| s.id == source)
                .ok_or_else(|| EditError::NoSuchSource(source.clone()))?;
            Command::EditCitation {
                citation: std::mem::replace(&mut record.citation, citation),
                name: std::mem::replace(&mut record.name, name),
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
            let in_use = project.ids_in_use();
            for quote in &quotes {
                if !fresh.insert(quote.id.as_str()) || in_use(quote.id.as_str()) {
                    return Err(EditError::IdInUse(quote.id.to_string()));
                }
                if !quote.id.is_generated() {
                    return Err(EditError::BadId(format!(
                        "quote IDs are generated (`q4x9kq2mz`); `{}` is not one",
                        quote.id
                    )));
                }
                check_verbatim(project, texts, quote)?;
            }
            drop(in_use);
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
        Command::AddClaim { place, claim } => add_claim(project, place, claim, false)?,
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
            let old = crate::model::fields::field_value(project, &conflict.record, &conflict.field);
            let verbatim =
                |p: &Project, q: &Quote| check_verbatim(p, texts, q).map_err(|e| e.to_string());
            crate::model::fields::set_field(
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
        Command::SetLinks { source, links } => {
            if project.source(&source).is_none() {
                return Err(EditError::NoSuchSource(source));
            }
            for link in &links {
                let (a, b) = crate::model::ordered(&link.a, &link.b);
                if !link.involves(&source)
                    || link.a == link.b
                    || (a, b) != (&link.a, &link.b)
                    || project.source(link.other(&source)).is_none()
                {
                    return Err(EditError::BadLink(source));
                }
            }
            let old: Vec<SourceLink> = project.links_of(&source).cloned().collect();
            project.links.retain(|l| !l.involves(&source));
            project.links.extend(links);
            project.sort_links();
            Command::SetLinks { source, links: old }
        }
        Command::SetRechecks {
            source,
            rechecks,
            originals,
        } => super::rechecks::set(project, texts, source, rechecks, originals)?,
        Command::SetIndependent { a, b, reason } => {
            let reason = reason.map(|r| r.trim().to_owned());
            if reason.as_deref() == Some("") {
                return Err(EditError::NoReason(a, b));
            }
            let (first, second) = crate::model::ordered(&a, &b);
            let link = project
                .links
                .iter_mut()
                .find(|l| l.a == *first && l.b == *second)
                .ok_or_else(|| EditError::NoSuchLink(a.clone(), b.clone()))?;
            let old = std::mem::replace(&mut link.independent, reason);
            Command::SetIndependent { a, b, reason: old }
        }
        Command::Batch { label, commands } => {
            let claims_checked = new_claims_are_new(project, &commands);
            let mut inverses = Vec::with_capacity(commands.len());
            for command in commands {
                let applied = match command {
                    Command::AddClaim { place, claim } if claims_checked => {
                        add_claim(project, place, claim, true)
                    }
                    command => apply(project, texts, command),
                };
                match applied {
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

pub(super) fn list(items: &[String]) -> String {
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

pub(super) fn check_position(
    what: &'static str,
    index: usize,
    len: usize,
) -> Result<(), EditError> {
    if index > len {
        return Err(EditError::BadPosition { what, index, len });
    }
    Ok(())
}

pub(super) fn check_new_id(project: &Project, id: &str) -> Result<(), EditError> {
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

pub(super) fn check_verbatim(
    project: &Project,
    texts: &Snapshots,
    quote: &Quote,
) -> Result<(), EditError> {
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

pub(super) fn evidence_mut<'a>(
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
