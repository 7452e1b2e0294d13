//! An open project: the model, its source texts, its undo history and where
//! it lives on disk.
//!
//! Both the command line and the desktop app edit a project through
//! [`Document::apply`], so every edit is undoable and marks the document
//! unsaved.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check::{self, Finding, Report, SnapshotProblems};
use crate::model::{Project, SourceId};
use crate::project::command::{Command, EditError, History, apply};
use crate::project::store::{self, LoadError, SaveError};
use crate::project::{actions, journal};
use crate::text::anchor::SourceText;
use crate::text::snapshot::Snapshots;
use std::thread::JoinHandle;

/// An open project.
#[derive(Debug)]
pub struct Document {
    dir: PathBuf,
    project: Project,
    texts: Snapshots,
    history: History,
    saved_revision: u64,
    load_findings: Vec<Finding>,
    snapshot_problems: SnapshotProblems,
    record_lines: std::collections::HashMap<String, usize>,
    /// SHA-256 of `project.ron` as last loaded or saved.
    file_hash: Option<String>,
    /// The revision the autosave journal holds, if one was written.
    journaled: Option<u64>,
    /// A journal write under way on a worker thread, and the revision it
    /// writes.
    journaling: Option<(u64, JoinHandle<Result<(), SaveError>>)>,
}

/// What the check reads, copied from a document (see
/// [`Document::check_input`]).
pub struct CheckInput {
    project: Project,
    texts: Snapshots,
    problems: SnapshotProblems,
    /// The line of each record in `project.ron`, while the project is as
    /// loaded.
    lines: Option<std::collections::HashMap<String, usize>>,
}

impl CheckInput {
    /// Checks it as [`Document::check_cached`] checks the document.
    pub fn check(&self, cache: &mut check::Cache) -> Report {
        check_with(
            &self.project,
            &self.texts,
            &self.problems,
            self.lines.as_ref(),
            cache,
        )
    }
}

/// The check, with findings placed at their record's line in
/// `project.ron` when `lines` are known.
fn check_with(
    project: &Project,
    texts: &Snapshots,
    problems: &SnapshotProblems,
    lines: Option<&std::collections::HashMap<String, usize>>,
    cache: &mut check::Cache,
) -> Report {
    let place = |id: &str| match lines.and_then(|l| l.get(id)) {
        Some(line) => format!(" ({}:{line})", store::PROJECT_FILE),
        None => String::new(),
    };
    check::run_cached(project, texts, problems, &place, cache)
}

impl Document {
    /// Creates a new, empty project in `dir` and saves it.
    pub fn create(dir: &Path, title: &str) -> Result<Self, SaveError> {
        let project = Project::new(title);
        let hash = store::create(dir, &project)?;
        let mut doc = Self::from_parts(dir, project, Snapshots::default(), Vec::new());
        doc.file_hash = Some(hash);
        Ok(doc)
    }

    /// Opens the project in `dir`.
    pub fn open(dir: &Path) -> Result<Self, LoadError> {
        let loaded = store::load(dir)?;
        let mut doc = Self::from_parts(dir, loaded.project, loaded.texts, loaded.findings);
        doc.snapshot_problems = loaded.snapshot_problems;
        doc.record_lines = loaded.record_lines;
        doc.file_hash = Some(loaded.file_hash);
        Ok(doc)
    }

    fn from_parts(dir: &Path, project: Project, texts: Snapshots, findings: Vec<Finding>) -> Self {
        let history = History::default();
        Self {
            dir: dir.to_owned(),
            project,
            texts,
            saved_revision: history.revision(),
            history,
            load_findings: findings,
            snapshot_problems: SnapshotProblems::new(),
            record_lines: std::collections::HashMap::new(),
            file_hash: None,
            journaled: None,
            journaling: None,
        }
    }

    /// The project folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The model.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// All loaded source texts.
    pub fn texts(&self) -> &Snapshots {
        &self.texts
    }

    /// The text of a source, if its snapshot is loaded.
    pub fn text_of(&self, source: &SourceId) -> Option<&SourceText> {
        let source = self.project.source(source)?;
        self.texts.get(&source.sha256)
    }

    /// Integrity findings from loading (missing snapshots, mismatched quotes).
    pub fn load_findings(&self) -> &[Finding] {
        &self.load_findings
    }

    /// Runs the provenance check on the project as it is now.
    /// Integrity findings name the line of `project.ron` while the project
    /// is as it was loaded.
    pub fn check(&self) -> Report {
        self.check_cached(&mut check::Cache::default())
    }

    /// [`Document::check`], keeping what it finds in `cache` so that the
    /// next run checks again only what was edited since (see
    /// [`check::Cache`]).
    pub fn check_cached(&self, cache: &mut check::Cache) -> Report {
        let lines = (self.history.revision() == 0).then_some(&self.record_lines);
        check_with(
            &self.project,
            &self.texts,
            &self.snapshot_problems,
            lines,
            cache,
        )
    }

    /// A copy of what the check reads, to check on a worker thread.
    pub fn check_input(&self) -> CheckInput {
        CheckInput {
            project: self.project.clone(),
            texts: self.texts.clone(),
            problems: self.snapshot_problems.clone(),
            lines: (self.history.revision() == 0).then(|| self.record_lines.clone()),
        }
    }

    /// Applies an edit and records it for undo.
    pub fn apply(&mut self, command: Command) -> Result<(), EditError> {
        self.apply_at(command, Instant::now())
    }

    /// Applies an edit made at `at` (edits of the same text close together
    /// are undone as one). A source added or updated is measured against
    /// the others in the same step (see [`actions::measure_links`]), so one
    /// undo takes back both.
    pub fn apply_at(&mut self, command: Command, at: Instant) -> Result<(), EditError> {
        let label = command.label(&self.project);
        let inverse = apply(&mut self.project, &mut self.texts, command.clone())?;
        let changed = match &command {
            Command::AddSource { source, .. } => Some(source.id.clone()),
            Command::UpdateSource { source, .. } => Some(source.clone()),
            _ => None,
        };
        let links =
            changed.and_then(|source| actions::measure_links(&self.project, &self.texts, &source));
        let (command, inverse) = match links {
            Some(links) => {
                let undo_links = apply(&mut self.project, &mut self.texts, links.clone())
                    .expect("links measured on the project apply to it");
                (
                    Command::Batch {
                        label: label.clone(),
                        commands: vec![command, links],
                    },
                    Command::Batch {
                        label: label.clone(),
                        commands: vec![undo_links, inverse],
                    },
                )
            }
            None => (command, inverse),
        };
        self.history.record(&command, label, inverse, at);
        Ok(())
    }

    /// Undoes the last edit; `Ok(false)` when there is none.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.history.undo(&mut self.project, &mut self.texts)
    }

    /// Redoes the last undone edit; `Ok(false)` when there is none.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.history.redo(&mut self.project, &mut self.texts)
    }

    /// The undo and redo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// Saves to the project folder, atomically. Refused, with
    /// [`SaveError::ChangedOnDisk`], when another program changed
    /// `project.ron` since it was loaded or saved here: nothing is
    /// overwritten blindly.
    pub fn save(&mut self) -> Result<(), SaveError> {
        // A journal being written must be done before it is removed.
        let _ = self.wait_for_journal();
        if store::file_hash(&self.dir)? != self.file_hash {
            return Err(SaveError::ChangedOnDisk(self.dir.join(store::PROJECT_FILE)));
        }
        self.file_hash = Some(store::save(&self.dir, &self.project, &self.texts)?);
        self.saved_revision = self.history.revision();
        journal::remove(&self.dir);
        self.journaled = None;
        Ok(())
    }

    /// Writes the autosave journal if there are edits it does not hold yet;
    /// removes it when the edits were undone back to the saved state.
    /// Returns whether it wrote.
    pub fn autosave(&mut self) -> Result<bool, SaveError> {
        self.wait_for_journal()?;
        if !self.journal_wanted() {
            return Ok(false);
        }
        journal::write(
            &self.dir,
            &self.project,
            &self.texts,
            self.file_hash.as_deref(),
        )?;
        self.journaled = Some(self.history.revision());
        Ok(true)
    }

    /// [`Document::autosave`] on a worker thread, from a copy of the
    /// project as it is now, so that the window does not wait for the
    /// file to be written. Returns whether a write was started; reports
    /// the failure of the last one. Saving waits for a write under way.
    pub fn autosave_in_background(&mut self) -> Result<bool, SaveError> {
        match &self.journaling {
            Some((_, job)) if !job.is_finished() => return Ok(false),
            Some(_) => self.wait_for_journal()?,
            None => {}
        }
        if !self.journal_wanted() {
            return Ok(false);
        }
        let revision = self.history.revision();
        let (dir, project, texts) = (self.dir.clone(), self.project.clone(), self.texts.clone());
        let base = self.file_hash.clone();
        let job = std::thread::Builder::new()
            .name("autosave-journal".into())
            .spawn(move || journal::write(&dir, &project, &texts, base.as_deref()))
            .map_err(|source| SaveError::Io {
                path: self.dir.join(journal::JOURNAL_DIR),
                source,
            })?;
        self.journaling = Some((revision, job));
        Ok(true)
    }

    /// Waits for a journal write under way; reports its failure.
    pub fn wait_for_journal(&mut self) -> Result<(), SaveError> {
        let Some((revision, job)) = self.journaling.take() else {
            return Ok(());
        };
        match job.join() {
            Ok(Ok(())) => {
                self.journaled = Some(revision);
                Ok(())
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(SaveError::Io {
                path: self.dir.join(journal::JOURNAL_DIR),
                source: std::io::Error::other("the autosave journal's writer stopped unexpectedly"),
            }),
        }
    }

    /// Whether the journal should be written now: there are edits it does
    /// not hold yet. Removes it when the edits were undone back to the
    /// saved state.
    fn journal_wanted(&mut self) -> bool {
        let revision = self.history.revision();
        if !self.is_dirty() {
            if self.journaled.take().is_some() {
                journal::remove(&self.dir);
            }
            return false;
        }
        if self.journaled == Some(revision) {
            return false;
        }
        // A journal this document did not write holds someone else's
        // unsaved work (a crashed session not yet restored or discarded, or
        // another window): never write over it.
        !(self.journaled.is_none() && journal::exists(&self.dir))
    }

    /// Opens the unsaved work of the project in `dir` from its journal: the
    /// document holds it unsaved, and only saving writes it. The journal
    /// stays until then.
    pub fn recover(dir: &Path, recovered: journal::Recovered) -> Result<Self, SaveError> {
        let findings = check::integrity(
            &recovered.project,
            &recovered.texts,
            &SnapshotProblems::new(),
            &|_| String::new(),
        );
        let mut doc = Self::from_parts(dir, recovered.project, recovered.texts, findings);
        // Saving replaces whatever is on disk now: restoring was the choice.
        doc.file_hash = store::file_hash(dir)?;
        // Unsaved, though no edit was made here; no undo reaches the saved state.
        doc.saved_revision = u64::MAX;
        doc.journaled = Some(doc.history.revision());
        Ok(doc)
    }

    /// Sets the journal aside, into `keep_in` if given (see
    /// [`journal::discard`]): the user chose not to keep its work. Returns
    /// where it was kept.
    pub fn discard_journal(&mut self, keep_in: Option<&Path>) -> Option<PathBuf> {
        let _ = self.wait_for_journal();
        self.journaled = None;
        journal::discard(&self.dir, keep_in)
    }

    /// Saves into another folder (which must not hold a project yet), and
    /// goes on editing there: "Save a copy".
    pub fn save_as(&mut self, dir: &Path) -> Result<(), SaveError> {
        let _ = self.wait_for_journal();
        if dir.join(store::PROJECT_FILE).exists() {
            return Err(SaveError::AlreadyAProject(dir.to_owned()));
        }
        std::fs::create_dir_all(dir).map_err(|source| SaveError::Io {
            path: dir.to_owned(),
            source,
        })?;
        self.file_hash = Some(store::save(dir, &self.project, &self.texts)?);
        self.dir = dir.to_owned();
        self.saved_revision = self.history.revision();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_source_and_its_links_are_one_undo_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("p"), "T").unwrap();
        let text = "Six people died when police fired on marchers in the capital on Tuesday, officials said, and dozens were hurt.";
        for _ in 0..2 {
            let (add, _) = actions::add_source(
                doc.project(),
                text.into(),
                crate::model::Citation::default(),
                None,
            )
            .unwrap();
            doc.apply(add).unwrap();
        }
        assert_eq!(
            doc.project().links.len(),
            1,
            "the copy is linked as it is added"
        );
        doc.undo().unwrap();
        assert_eq!(doc.project().sources.len(), 1);
        assert!(doc.project().links.is_empty());
        doc.redo().unwrap();
        assert_eq!(doc.project().sources.len(), 2);
        assert_eq!(doc.project().links.len(), 1);
    }

    #[test]
    fn dirty_follows_edits_undo_and_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("p"), "T").unwrap();
        assert!(!doc.is_dirty());
        doc.apply(Command::SetTitle { title: "U".into() }).unwrap();
        assert!(doc.is_dirty());
        doc.undo().unwrap();
        assert!(!doc.is_dirty());
        doc.redo().unwrap();
        doc.save().unwrap();
        assert!(!doc.is_dirty());
        let reopened = Document::open(doc.dir()).unwrap();
        assert_eq!(reopened.project().title, "U");
    }

    #[test]
    fn a_project_changed_on_disk_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        let mut doc = Document::create(&path, "T").unwrap();
        let mut other = Document::open(&path).unwrap();
        other
            .apply(Command::SetTitle {
                title: "Theirs".into(),
            })
            .unwrap();
        other.save().unwrap();
        doc.apply(Command::SetTitle {
            title: "Mine".into(),
        })
        .unwrap();
        let err = doc.save().unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk(_)), "{err}");
        assert_eq!(Document::open(&path).unwrap().project().title, "Theirs");
        // Saving a copy keeps both versions.
        let copy = dir.path().join("copy");
        doc.save_as(&copy).unwrap();
        assert_eq!(Document::open(&copy).unwrap().project().title, "Mine");
        assert_eq!(Document::open(&path).unwrap().project().title, "Theirs");
        // And saving again goes to the copy.
        doc.apply(Command::SetTitle {
            title: "Mine 2".into(),
        })
        .unwrap();
        doc.save().unwrap();
        assert_eq!(Document::open(&copy).unwrap().project().title, "Mine 2");
    }

    #[test]
    fn the_journal_holds_unsaved_work_until_it_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        let mut doc = Document::create(&path, "T").unwrap();
        assert!(!doc.autosave().unwrap(), "nothing to keep");
        let (add, _) = crate::project::actions::add_source(
            doc.project(),
            "Six people died.".into(),
            crate::model::Citation::default(),
            None,
        )
        .unwrap();
        doc.apply(add).unwrap();
        doc.apply(Command::SetTitle { title: "U".into() }).unwrap();
        assert!(doc.autosave().unwrap());
        assert!(!doc.autosave().unwrap(), "written once per change");
        assert!(journal::exists(&path));
        // The saved project is untouched; the journal has the work, texts too.
        assert_eq!(Document::open(&path).unwrap().project().title, "T");
        let recovered = journal::read(&path).unwrap().unwrap();
        assert!(!recovered.saved_changed_since);
        let saved = Document::open(&path).unwrap();
        let lines = journal::describe(saved.project(), &recovered.project);
        assert_eq!(lines, ["Title: “U”", "1 source(s) added or changed"]);
        let mut restored = Document::recover(&path, recovered).unwrap();
        assert!(restored.is_dirty());
        assert!(
            restored.load_findings().is_empty(),
            "{:?}",
            restored.load_findings()
        );
        restored.save().unwrap();
        assert!(!journal::exists(&path));
        let reopened = Document::open(&path).unwrap();
        assert_eq!(reopened.project().title, "U");
        assert_eq!(reopened.project().sources.len(), 1);
        assert!(reopened.load_findings().is_empty());
        // Undoing back to the saved state removes the journal.
        let mut doc = reopened;
        doc.apply(Command::SetTitle { title: "V".into() }).unwrap();
        doc.autosave().unwrap();
        assert!(journal::exists(&path));
        doc.undo().unwrap();
        doc.autosave().unwrap();
        assert!(!journal::exists(&path));
    }

    #[test]
    fn create_refuses_an_existing_project() {
        let dir = tempfile::tempdir().unwrap();
        Document::create(dir.path(), "T").unwrap();
        let err = Document::create(dir.path(), "T").unwrap_err();
        assert!(err.to_string().contains("already holds"), "{err}");
    }
}
