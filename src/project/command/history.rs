//! Undo and redo: the inverses of applied commands, bursts of typing merged
//! into one step, capped at [`MAX_UNDO`] steps and never saved.

use super::*;

/// Edits with the same merge key closer together than this are one undo step.
pub const MERGE_WINDOW: Duration = Duration::from_millis(1500);

/// How many undo steps are kept.
pub const MAX_UNDO: usize = 1000;

#[derive(Debug)]
pub(super) struct Step {
    /// The command that reverts this step.
    inverse: Command,
    /// Label of the edit this step records.
    label: String,
    merge_key: Option<String>,
    at: Instant,
    /// Revision of the project before and after this step.
    revisions: (u64, u64),
}

/// Undo and redo stacks of inverse commands. Runtime state only: never saved.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    last_revision: u64,
}

impl History {
    /// A number that identifies the current state of the project: it changes
    /// with every edit and returns to an earlier value on undo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records an applied edit by its inverse. `done` is the command that was
    /// applied, `label` its description ([`Command::label`]).
    pub fn record(&mut self, done: &Command, label: String, inverse: Command, at: Instant) {
        self.redo.clear();
        self.last_revision += 1;
        let new_revision = self.last_revision;
        let merge_key = done.merge_key();
        if let Some(last) = self.undo.last_mut()
            && merge_key.is_some()
            && last.merge_key == merge_key
            && at.saturating_duration_since(last.at) < MERGE_WINDOW
            && last.revisions.1 == self.revision
        {
            // Keep the older inverse: it restores the state before the burst.
            last.at = at;
            last.revisions.1 = new_revision;
            self.revision = new_revision;
            return;
        }
        self.undo.push(Step {
            inverse,
            label,
            merge_key,
            at,
            revisions: (self.revision, new_revision),
        });
        self.revision = new_revision;
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
    }

    /// Label of the edit Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the edit Redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Reverts the last edit. Returns `Ok(false)` when there is nothing to undo.
    pub fn undo(
        &mut self,
        project: &mut Project,
        texts: &mut Snapshots,
    ) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        match apply(project, texts, step.inverse.clone()) {
            Ok(forward) => {
                self.revision = step.revisions.0;
                self.redo.push(Step {
                    inverse: forward,
                    merge_key: None,
                    ..step
                });
                Ok(true)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Repeats the last undone edit. Returns `Ok(false)` when there is nothing
    /// to redo.
    pub fn redo(
        &mut self,
        project: &mut Project,
        texts: &mut Snapshots,
    ) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match apply(project, texts, step.inverse.clone()) {
            Ok(inverse) => {
                self.revision = step.revisions.1;
                self.undo.push(Step {
                    inverse,
                    merge_key: None,
                    ..step
                });
                Ok(true)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }
}
