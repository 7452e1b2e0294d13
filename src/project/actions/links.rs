//! Independent sources: finding that a new source is a document the
//! project has already, measuring what a source shares verbatim with the
//! others, and an editor's mark that two linked sources are independent.

use super::*;
use crate::model::{LinkKind, SourceLink, ordered};
use crate::text::shared::{self, Profile};

/// Whether `source` is the document with this text hash (`sha256`) or,
/// when the text was extracted, these original bytes (`original_sha256`).
fn is_document(source: &Source, sha256: &str, original_sha256: Option<&str>) -> bool {
    source.sha256 == sha256
        || original_sha256
            .is_some_and(|o| source.original.as_ref().is_some_and(|so| so.sha256 == o))
}

/// The source that is this very document: the same text, or the same
/// original bytes (`original_sha256`, when the text was extracted).
pub fn same_document<'a>(
    project: &'a Project,
    text: &str,
    original_sha256: Option<&str>,
) -> Option<&'a Source> {
    let sha = crate::model::sha256_hex(text.as_bytes());
    project
        .sources
        .iter()
        .find(|s| is_document(s, &sha, original_sha256))
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
    let measured: HashMap<usize, shared::Shared> = index
        .compare(&profile)
        .into_iter()
        .filter(|(_, s)| s.is_link())
        .collect();
    let original = record.original.as_ref().map(|o| o.sha256.as_str());
    let whole = shared::Shared {
        share: 100,
        longest: profile.word_count() as u32,
    };
    let mut links: Vec<SourceLink> = others
        .iter()
        .enumerate()
        .filter_map(|(n, (other, _))| {
            let same = is_document(other, &record.sha256, original);
            let shared = if same { whole } else { *measured.get(&n)? };
            let (a, b) = ordered(source, &other.id);
            Some(SourceLink {
                a: a.clone(),
                b: b.clone(),
                kind: if same {
                    LinkKind::SameDocument
                } else {
                    LinkKind::SharedText
                },
                share: shared.share,
                longest: shared.longest,
                independent: project.link(a, b).and_then(|l| l.independent.clone()),
            })
        })
        .collect();
    links.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    if project.links_of(source).eq(links.iter()) {
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
