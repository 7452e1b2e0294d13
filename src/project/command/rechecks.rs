//! Recording rechecks of a source against its live page, and taking them
//! away with the source.

use super::*;

/// Replaces the rechecks of `source` (see [`Command::SetRechecks`]) and
/// returns the command that puts the old ones back.
pub(super) fn set(
    project: &mut Project,
    texts: &mut Snapshots,
    source: SourceId,
    rechecks: Vec<Recheck>,
    originals: Vec<Arc<[u8]>>,
) -> Result<Command, EditError> {
    if project.source(&source).is_none() {
        return Err(EditError::NoSuchSource(source));
    }
    for recheck in &rechecks {
        let bytes = recheck.original.as_ref().and_then(|o| {
            originals
                .iter()
                .find(|b| sha256_hex(b) == o.sha256)
                .map(|b| &b[..])
        });
        if recheck.source != source {
            return Err(EditError::BadId(format!(
                "a recheck of `{}` cannot be recorded for `{source}`",
                recheck.source
            )));
        }
        check_original(&source, recheck.original.as_ref(), bytes)?;
    }
    let kept = |bytes: &Arc<[u8]>| {
        let sha = sha256_hex(bytes);
        rechecks
            .iter()
            .any(|r| r.original.as_ref().is_some_and(|o| o.sha256 == sha))
    };
    if !originals.iter().all(kept) {
        return Err(EditError::HashMismatch(source));
    }
    let (old, kept): (Vec<Recheck>, Vec<Recheck>) = std::mem::take(&mut project.rechecks)
        .into_iter()
        .partition(|r| r.source == source);
    let old_originals = held_originals(texts, &old);
    for bytes in originals {
        texts.insert_original(bytes);
    }
    project.rechecks = kept;
    project.rechecks.extend(rechecks);
    project.sort_rechecks();
    Ok(Command::SetRechecks {
        source,
        rechecks: old,
        originals: old_originals,
    })
}

/// Takes the rechecks of a source that is being removed; returns the
/// command that puts them back, if it had any.
pub(super) fn take(project: &mut Project, texts: &Snapshots, source: &SourceId) -> Option<Command> {
    let (rechecks, kept): (Vec<Recheck>, Vec<Recheck>) = std::mem::take(&mut project.rechecks)
        .into_iter()
        .partition(|r| &r.source == source);
    project.rechecks = kept;
    (!rechecks.is_empty()).then(|| Command::SetRechecks {
        source: source.clone(),
        originals: held_originals(texts, &rechecks),
        rechecks,
    })
}

/// The bytes of the pages `rechecks` keep that are held in memory (not
/// yet saved), for an undo to put back.
fn held_originals(texts: &Snapshots, rechecks: &[Recheck]) -> Vec<Arc<[u8]>> {
    rechecks
        .iter()
        .filter_map(|r| texts.original(&r.original.as_ref()?.sha256).cloned())
        .collect()
}
