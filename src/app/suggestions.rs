//! Suggested evidence for the focused claim.
//!
//! The index of every source's passages is kept in step with the project on
//! a worker thread: built when a project opens and brought up to date
//! (only the sources that changed) when a source is added, updated or
//! removed, so the window never waits for it. The ranked passages for the
//! focused claim are worked out again when the claim, its evidence or the
//! index changes; a query costs a few milliseconds.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::evidence::{self, Index, SuggestError, Suggestion};
use crate::model::{ClaimId, SourceId};
use crate::project::document::Document;

/// The sources an index reflects: each one's ID and text version.
type Versions = Vec<(SourceId, String)>;

/// Whether `versions` are the project's sources as they are now (checked
/// every frame, so without building a list).
fn versions_of(versions: &Versions, project: &crate::model::Project) -> bool {
    versions.len() == project.sources.len()
        && versions
            .iter()
            .zip(&project.sources)
            .all(|((id, sha), s)| *id == s.id && *sha == s.sha256)
}

/// The index and the focused claim's suggestions.
#[derive(Default)]
pub struct Suggestions {
    /// The index, while no worker holds it.
    index: Option<Index>,
    /// What `index` reflects.
    indexed: Versions,
    /// A worker bringing the index up to date.
    job: Option<(Versions, Receiver<Index>)>,
    /// Set when a worker failed; the index is not tried again for these
    /// versions.
    failed: Option<Versions>,
    list: Option<List>,
    /// The revision the claim's text was last seen changing at, and when.
    typing: Option<(u64, std::time::Instant)>,
    /// Whether the index reflects the project's sources as they are now.
    current: bool,
    /// Whether all suggestions are listed, not only the first few.
    pub expanded: bool,
    /// How many times the index was brought up to date.
    generation: u64,
}

/// The suggestions worked out for one claim.
struct List {
    key: (ClaimId, u64),
    /// The claim's evidence when the list was made: a change to it (a
    /// citation) makes the list again at once.
    evidence: Vec<crate::model::QuoteId>,
    found: Result<Vec<Suggestion>, SuggestError>,
}

/// How long typing in a claim must pause before its suggestions are worked
/// out again; until then the list for the text before stays.
pub const QUIET_BEFORE_SUGGESTING: std::time::Duration = std::time::Duration::from_millis(300);

impl std::fmt::Debug for Suggestions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Suggestions")
            .field("indexed", &self.indexed.len())
            .field("indexing", &self.job.is_some())
            .finish_non_exhaustive()
    }
}

impl Suggestions {
    /// Brings the index and the focused claim's list up to date, as far as
    /// can be done without waiting.
    pub fn refresh(
        &mut self,
        doc: Option<&Document>,
        claim: Option<&ClaimId>,
        ctx: &egui::Context,
    ) {
        let Some(doc) = doc else {
            self.list = None;
            return;
        };
        self.current = false;
        if let Some((versions, done)) = &self.job {
            match done.try_recv() {
                Ok(index) => {
                    self.indexed = versions.clone();
                    self.index = Some(index);
                    self.job = None;
                    self.generation += 1;
                }
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(30));
                    return;
                }
                Err(TryRecvError::Disconnected) => {
                    self.failed = Some(versions.clone());
                    self.job = None;
                }
            }
        }
        let project = doc.project();
        let in_step = versions_of(&self.indexed, project);
        self.current = in_step && self.index.is_some();
        if !in_step {
            // Offsets into an older text must never be cited.
            self.list = None;
            if !self
                .failed
                .as_ref()
                .is_some_and(|f| versions_of(f, project))
            {
                self.start(doc);
                ctx.request_repaint_after(std::time::Duration::from_millis(30));
            }
            return;
        }
        if self.index.is_none() {
            return;
        }
        let Some(claim) = claim.filter(|c| doc.project().claim(c).is_some()) else {
            self.list = None;
            return;
        };
        let key = (claim.clone(), doc.history().revision());
        let evidence: Vec<crate::model::QuoteId> = doc
            .project()
            .claim(claim)
            .map(|c| c.evidence.iter().map(|e| e.quote.clone()).collect())
            .unwrap_or_default();
        let Some(list) = &self.list else {
            self.suggest(doc, key, evidence);
            return;
        };
        if list.key == key {
            return;
        }
        if list.key.0 != key.0 || list.evidence != evidence {
            self.suggest(doc, key, evidence);
            return;
        }
        // The same claim with the same evidence: its text is being typed.
        // The list waits for a pause, so a keystroke costs no query.
        let now = std::time::Instant::now();
        let since = match self.typing {
            Some((revision, at)) if revision == key.1 => at,
            _ => {
                self.typing = Some((key.1, now));
                now
            }
        };
        let quiet = now.saturating_duration_since(since);
        if quiet < QUIET_BEFORE_SUGGESTING {
            ctx.request_repaint_after(QUIET_BEFORE_SUGGESTING - quiet);
        } else {
            self.suggest(doc, key, evidence);
        }
    }

    fn suggest(
        &mut self,
        doc: &Document,
        key: (ClaimId, u64),
        evidence: Vec<crate::model::QuoteId>,
    ) {
        let Some(index) = &self.index else { return };
        let found = index.suggest(doc.project(), &key.0, evidence::DEFAULT_SUGGESTIONS);
        self.typing = None;
        self.list = Some(List {
            key,
            evidence,
            found,
        });
    }

    /// Hands the index to a worker that brings it in step with the
    /// project's sources.
    fn start(&mut self, doc: &Document) {
        let wanted: Versions = doc
            .project()
            .sources
            .iter()
            .map(|s| (s.id.clone(), s.sha256.clone()))
            .collect();
        let texts = evidence::source_texts(doc.project(), |id| doc.text_of(id));
        let mut index = self.index.take().unwrap_or_default();
        index.keep_meaning_in(evidence::Cache::of_project(doc.dir()));
        let (send, receive) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("evidence-index".into())
            .spawn(move || {
                index.sync(&texts);
                let _ = send.send(index);
            });
        match spawned {
            Ok(_) => self.job = Some((wanted, receive)),
            Err(_) => self.failed = Some(wanted),
        }
    }

    /// Searches every source for a query (see [`Index::search`]), or for
    /// passages of similar meaning ([`Index::search_meaning`]); `None`
    /// while the index is not up to date with the project.
    pub fn search(&self, query: &str, limit: usize, meaning: bool) -> Option<Vec<evidence::Hit>> {
        let index = self.index.as_ref().filter(|_| self.current)?;
        Some(if meaning {
            index.search_meaning(query, limit)
        } else {
            index.search(query, limit)
        })
    }

    /// Changes whenever the index does.
    /// The revision of the project the focused claim's list was worked out
    /// for.
    pub fn revision(&self) -> Option<u64> {
        self.list.as_ref().map(|l| l.key.1)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the index is being built or brought up to date.
    pub fn indexing(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the index could not be built.
    pub fn failed(&self) -> bool {
        self.failed.is_some() && self.job.is_none()
    }

    /// The focused claim's suggestions, once worked out: best first.
    pub fn list(&self, claim: &ClaimId) -> Option<&Result<Vec<Suggestion>, SuggestError>> {
        self.list
            .as_ref()
            .filter(|l| &l.key.0 == claim)
            .map(|l| &l.found)
    }

    /// One of a claim's suggestions, by its place in the list.
    pub fn get(&self, claim: &ClaimId, rank: usize) -> Option<&Suggestion> {
        self.list(claim)?.as_ref().ok()?.get(rank)
    }
}
