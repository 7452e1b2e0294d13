//! The autosave journal: unsaved work, kept beside the project so that a
//! crash loses (almost) nothing.
//!
//! While a project has unsaved edits, the app writes its state every few
//! seconds (and when the window loses focus) into `.attest-journal/` in the
//! project folder: a `project.ron` in the usual format, the texts of sources
//! added since the last save, and the SHA-256 of the saved `project.ron` the
//! edits started from. Saving, or discarding the edits, removes it. The
//! saved project is never touched: after a crash, opening the project finds
//! the journal and offers to restore it; only saving then writes it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::{Project, Snapshot};
use crate::project::store::{self, PROJECT_FILE, SOURCES_DIR, SaveError};
use crate::text::snapshot::Snapshots;
use crate::util::is_link;

/// The journal's folder in the project folder.
pub const JOURNAL_DIR: &str = ".attest-journal";
/// Where earlier versions kept a discarded journal, in the project folder
/// (removed at the next discard; see [`discard`]).
pub const DISCARDED_DIR: &str = ".attest-journal-discarded";
const BASE_FILE: &str = "base";

fn versions(project: &Project) -> impl Iterator<Item = Snapshot> + '_ {
    project.sources.iter().flat_map(|s| {
        std::iter::once(Snapshot {
            file: s.file.clone(),
            sha256: s.sha256.clone(),
            original: s.original.clone(),
        })
        .chain(s.previous.iter().cloned())
    })
}

/// Writes the unsaved state of the project in `dir`. `base` is the SHA-256
/// of the saved `project.ron` the edits started from.
pub fn write(
    dir: &Path,
    project: &Project,
    texts: &Snapshots,
    base: Option<&str>,
) -> Result<(), SaveError> {
    let journal = dir.join(JOURNAL_DIR);
    let sources = journal.join(SOURCES_DIR);
    // A project folder from outside could point its journal at another
    // project, whose files a write would replace.
    for folder in [&journal, &sources, &journal.join(store::ORIGINALS_DIR)] {
        if is_link(folder) {
            return Err(SaveError::Io {
                path: folder.clone(),
                source: io::Error::other(
                    "it is a link to another folder, and the autosave is not written through it",
                ),
            });
        }
    }
    fs::create_dir_all(&sources).map_err(|source| SaveError::Io {
        path: sources.clone(),
        source,
    })?;
    // Only texts the saved project does not have yet.
    for version in versions(project) {
        if dir.join(&version.file).exists() || journal.join(&version.file).exists() {
            continue;
        }
        if let Some(text) = texts.get(&version.sha256) {
            store::atomic_write(&journal.join(&version.file), text.as_str().as_bytes())?;
        }
    }
    for original in project.originals() {
        if dir.join(&original.file).exists() || journal.join(&original.file).exists() {
            continue;
        }
        if let Some(bytes) = texts.original(&original.sha256) {
            let folder = journal.join(store::ORIGINALS_DIR);
            fs::create_dir_all(&folder).map_err(|source| SaveError::Io {
                path: folder,
                source,
            })?;
            store::atomic_write(&journal.join(&original.file), bytes)?;
        }
    }
    store::atomic_write(
        &journal.join(BASE_FILE),
        base.unwrap_or_default().as_bytes(),
    )?;
    store::atomic_write(
        &journal.join(PROJECT_FILE),
        store::to_ron(project).as_bytes(),
    )
}

/// Unsaved work found in a journal.
#[derive(Debug)]
pub struct Recovered {
    /// The project as it was being edited.
    pub project: Project,
    /// Its texts, from the journal and the project folder.
    pub texts: Snapshots,
    /// When the journal was last written.
    pub written: Option<SystemTime>,
    /// Whether the saved project changed since the edits started (another
    /// program saved it); restoring and saving would replace that change.
    pub saved_changed_since: bool,
}

/// The journal of the project in `dir`: `None` if there is none, else the
/// unsaved work or why it cannot be read.
pub fn read(dir: &Path) -> Option<Result<Recovered, String>> {
    let journal = dir.join(JOURNAL_DIR);
    // A journal that is a link holds another folder's files, not this
    // project's unsaved work.
    if is_link(&journal) {
        return None;
    }
    let path = journal.join(PROJECT_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(format!("cannot read {}: {e}", path.display()))),
    };
    let project = match store::from_ron(&text, &path) {
        Ok(project) => project,
        Err(e) => return Some(Err(e.to_string())),
    };
    let mut texts = Snapshots::default();
    for version in versions(&project) {
        let text = store::read_snapshot(&journal, &version, false)
            .or_else(|_| store::read_snapshot(dir, &version, false));
        if let Ok(text) = text {
            texts.insert_hashed(version.sha256.clone(), text);
        }
    }
    // Originals the saved project does not have yet are only in the
    // journal; they are needed to save the restored work.
    for original in project.originals() {
        if !dir.join(&original.file).exists()
            && let Ok(bytes) = fs::read(journal.join(&original.file))
            && crate::model::sha256_hex(&bytes) == original.sha256
        {
            texts.insert_original(bytes.into());
        }
    }
    let base = fs::read_to_string(journal.join(BASE_FILE)).unwrap_or_default();
    let saved_changed_since = store::file_hash(dir)
        .ok()
        .flatten()
        .is_some_and(|now| now != base.trim());
    Some(Ok(Recovered {
        project,
        texts,
        written: fs::metadata(&path).and_then(|m| m.modified()).ok(),
        saved_changed_since,
    }))
}

/// Whether the project in `dir` has a journal.
pub fn exists(dir: &Path) -> bool {
    let journal = dir.join(JOURNAL_DIR);
    !is_link(&journal) && journal.join(PROJECT_FILE).exists()
}

/// Removes the journal after a save.
pub fn remove(dir: &Path) {
    let _ = fs::remove_dir_all(dir.join(JOURNAL_DIR));
}

/// Sets the journal aside when the user discards its work: it is moved
/// into `keep_in` (the user's data folder, never the project folder, which
/// a team shares), replacing what an earlier discard of the same project
/// left there, in case of second thoughts; without `keep_in`, or if it
/// cannot be moved there, it is removed. Returns where it was kept.
pub fn discard(dir: &Path, keep_in: Option<&Path>) -> Option<PathBuf> {
    // Earlier versions kept discarded work in the project folder.
    let _ = fs::remove_dir_all(dir.join(DISCARDED_DIR));
    let journal = dir.join(JOURNAL_DIR);
    if !journal.exists() {
        return None;
    }
    let kept = keep_in.and_then(|root| {
        let aside = root.join(discarded_name(dir));
        let _ = fs::remove_dir_all(&aside);
        fs::create_dir_all(root).ok()?;
        fs::rename(&journal, &aside).ok()?;
        Some(aside)
    });
    if kept.is_none() {
        remove(dir);
    }
    kept
}

/// The folder a project's discarded work is kept in: the project folder's
/// name and a hash of its path, so two projects of one name stay apart.
fn discarded_name(dir: &Path) -> String {
    let path = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let hash = crate::model::sha256_hex(path.as_os_str().as_encoded_bytes());
    let name = dir
        .file_name()
        .map(|n| crate::util::terminal::safe(&n.to_string_lossy()).replace(['/', '\\'], "_"))
        .unwrap_or_default();
    format!("{name}-{}", &hash[..12])
}

/// What restoring would change, in a few lines: claims added, removed or
/// edited, evidence, sources and quotes, the title.
pub fn describe(saved: &Project, recovered: &Project) -> Vec<String> {
    use crate::util::snippet;
    let mut lines = Vec::new();
    if saved.title != recovered.title {
        lines.push(format!("Title: “{}”", snippet(&recovered.title, 60)));
    }
    for (_, claim) in recovered.claims() {
        match saved.claim(&claim.id) {
            None => lines.push(format!(
                "New claim {}: “{}”",
                claim.id,
                snippet(&claim.text, 70)
            )),
            Some(old) if old.text != claim.text => {
                lines.push(format!(
                    "Edited claim {}: “{}”",
                    claim.id,
                    snippet(&claim.text, 70)
                ));
            }
            Some(old) if old.evidence != claim.evidence || old.signoff != claim.signoff => {
                lines.push(format!(
                    "Evidence or sign-off of claim {} changed",
                    claim.id
                ));
            }
            Some(_) => {}
        }
    }
    for (_, claim) in saved.claims() {
        if recovered.claim(&claim.id).is_none() {
            lines.push(format!(
                "Deleted claim {}: “{}”",
                claim.id,
                snippet(&claim.text, 70)
            ));
        }
    }
    let new_sources = recovered
        .sources
        .iter()
        .filter(|s| saved.source(&s.id).is_none_or(|o| o != *s))
        .count();
    if new_sources > 0 {
        lines.push(format!("{new_sources} source(s) added or changed"));
    }
    let (before, after) = (saved.quotes.len(), recovered.quotes.len());
    if before != after || saved.quotes != recovered.quotes {
        lines.push(format!(
            "Quotes: {before} saved, {after} in the unsaved work"
        ));
    }
    if lines.is_empty() && saved != recovered {
        lines.push("Changes to the claims' order or the settings".into());
    }
    lines
}
