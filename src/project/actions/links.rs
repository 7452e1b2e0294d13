//! Independent sources: finding that a new source is a document the
//! project has already, measuring what a source shares verbatim with the
//! others, and an editor's mark that two linked sources are independent.

use super::*;
use crate::model::{LinkKind, SourceLink, ordered};
use crate::text::shared::{self, Profile};

/// The source that is this very document: the same text, or the same
/// original bytes (`original_sha256`, when the text was extracted).
pub fn same_document<'a>(
    project: &'a Project,
    text: &str,
    original_sha256: Option<&str>,
) -> Option<&'a Source> {
    let sha = crate::model::sha256_hex(text.as_bytes());
    project.sources.iter().find(|s| {
        s.sha256 == sha
            || original_sha256.is_some_and(|o| s.original.as_ref().is_some_and(|so| so.sha256 == o))
    })
}

/// What `source` shares with every other source of the project, measured
/// again (see [`crate::text::shared`]): a command that records its links,
/// keeping an editor's marks of independence, or `None` when they are as
/// recorded. Sources whose text is missing are left out.
pub fn measure_links(project: &Project, texts: &Snapshots, source: &SourceId) -> Option<Command> {
    let record = project.source(source)?;
    let text = texts.get(&record.sha256)?;
    let others: Vec<(&Source, Profile)> = project
        .sources
        .iter()
        .filter(|s| s.id != *source)
        .filter_map(|s| Some((s, Profile::new(texts.get(&s.sha256)?.as_str()))))
        .collect();
    let profile = Profile::new(text.as_str());
    let boilerplate = shared::boilerplate(
        others
            .iter()
            .map(|(_, p)| p)
            .chain(std::iter::once(&profile)),
    );
    let index = shared::Index::new(others.iter().map(|(_, p)| p).collect(), &boilerplate);
    let mut found: HashMap<&SourceId, shared::Shared> = index
        .compare(&profile)
        .into_iter()
        .filter(|(_, s)| s.is_link())
        .map(|(n, s)| (&others[n].0.id, s))
        .collect();
    let same = |other: &Source| {
        other.sha256 == record.sha256
            || matches!((&other.original, &record.original), (Some(a), Some(b)) if a.sha256 == b.sha256)
    };
    for (other, _) in &others {
        if same(other) {
            found.insert(
                &other.id,
                shared::Shared {
                    share: 100,
                    longest: profile.word_count() as u32,
                },
            );
        }
    }
    let mut links: Vec<SourceLink> = found
        .into_iter()
        .map(|(other, measured)| {
            let (a, b) = ordered(source, other);
            let kept = project.link(a, b).and_then(|l| l.independent.clone());
            let other_source = project.source(other).expect("measured against a source");
            SourceLink {
                a: a.clone(),
                b: b.clone(),
                kind: if same(other_source) {
                    LinkKind::SameDocument
                } else {
                    LinkKind::SharedText
                },
                share: measured.share,
                longest: measured.longest,
                independent: kept,
            }
        })
        .collect();
    links.sort_by(|x, y| (x.a.sort_key(), x.b.sort_key()).cmp(&(y.a.sort_key(), y.b.sort_key())));
    let recorded: Vec<&SourceLink> = project.links_of(source).collect();
    if recorded.len() == links.len() && recorded.iter().zip(&links).all(|(r, l)| *r == l) {
        return None;
    }
    Some(Command::SetLinks {
        source: source.clone(),
        links,
    })
}

/// Marks two linked sources as independent of each other, for `reason`
/// (they then count as two sources), or with `None` as one source again.
pub fn mark_independent(
    project: &Project,
    a: &SourceId,
    b: &SourceId,
    reason: Option<&str>,
) -> Result<Command, ActionError> {
    for id in [a, b] {
        project
            .source(id)
            .ok_or_else(|| ActionError::NoSuchSource(id.clone()))?;
    }
    if project.link(a, b).is_none() {
        return Err(ActionError::NotLinked(a.clone(), b.clone()));
    }
    let reason = reason.map(|r| r.trim().to_owned());
    if reason.as_deref() == Some("") {
        return Err(ActionError::NoReason(a.clone(), b.clone()));
    }
    Ok(Command::SetIndependent {
        a: a.clone(),
        b: b.clone(),
        reason,
    })
}

/// `command`, when it adds or updates a source, together with the measure
/// of what that source shares with the others, as one step to apply and to
/// undo; any other command as it is.
pub fn with_links(project: &Project, texts: &Snapshots, command: Command) -> Command {
    let source = match &command {
        Command::AddSource { source, .. } => source.id.clone(),
        Command::UpdateSource { source, .. } => source.clone(),
        _ => return command,
    };
    let (mut after, mut after_texts) = (project.clone(), texts.clone());
    if crate::project::command::apply(&mut after, &mut after_texts, command.clone()).is_err() {
        // Applying it for real reports why.
        return command;
    }
    match measure_links(&after, &after_texts, &source) {
        Some(links) => Command::Batch {
            label: command.label(),
            commands: vec![command, links],
        },
        None => command,
    }
}
