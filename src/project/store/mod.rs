//! Projects on disk.
//!
//! A project is a folder:
//!
//! ```text
//! my-story/
//!   project.ron          the model, pretty RON, one record per line
//!   project.ron.bak      the previous save
//!   sources/
//!     s1-2ad3952750dd.txt  verbatim snapshot of each source text
//! ```
//!
//! Snapshot files are named by source ID and the start of their SHA-256, so a
//! snapshot is never overwritten with different text. The RON layout is fixed
//! by [`to_ron`]: the same project always gives the same bytes.
//!
//! Saving ([`save`]) writes every file to a temporary file in the same folder,
//! syncs it and renames it over the old one, after keeping the old
//! `project.ron` as `project.ron.bak`. Loading ([`load`]) refuses a file from a
//! newer format version, reports syntax errors with line and column, checks
//! every reference, and reports snapshots and quotes that do not match as
//! [`Finding`]s.

mod layout;
mod lines;
mod load;
mod save;

pub use layout::*;
pub use lines::*;
pub use load::*;
pub use save::*;

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::check::{Finding, SnapshotProblems};
use crate::model::{
    Claim, Conflict, FORMAT_VERSION, NextIds, Position, Project, Quote, Recheck, Settings, SignOff,
    Snapshot, Source, SourceId, SourceLink, check_custom_id, sha256_hex,
};
use crate::project::command::check_snapshot_path;
use crate::text::anchor::SourceText;
use crate::text::snapshot::Snapshots;
use crate::util::human_size;
use crate::util::text_file::{read_text_file, utf8_error_place};

/// Name of the project file inside a project folder.
pub const PROJECT_FILE: &str = "project.ron";
/// The project folder a path names: the folder itself, or the folder of a
/// `project.ron` file (what a file manager passes when the file is opened).
pub fn project_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if path.file_name() == Some(PROJECT_FILE.as_ref()) && path.is_file() => {
            if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            }
        }
        _ => path,
    }
}

/// Name of the backup of the previous save.
pub const BACKUP_FILE: &str = "project.ron.bak";
/// Folder of the source snapshots.
pub const SOURCES_DIR: &str = "sources";

/// The largest project file accepted, in bytes.
pub const MAX_PROJECT_BYTES: u64 = 512 * 1024 * 1024;

/// Why a project could not be loaded. Nothing on disk was changed.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The folder holds no project file.
    #[error(
        "{} is not an Attest project: {PROJECT_FILE} is missing. Create one with `attest new {} --title TITLE`",
        .dir.display(), .dir.display()
    )]
    NotAProject {
        /// The folder.
        dir: PathBuf,
    },
    /// Reading failed.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The project file is larger than can be handled.
    #[error(
        "{} is {}, more than the limit of {} for a project file; it was not loaded",
        .path.display(), human_size(*.size), human_size(*.limit)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not valid project RON.
    #[error(
        "{}:{line}:{column}: {message}. Fix the file, or restore {BACKUP_FILE} from the same folder; \
         if the file comes from a git merge made without Attest's merge driver, run `attest git resolve {}` instead",
        .path.display(), .path.parent().map(Path::to_owned).unwrap_or_default().display()
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser found.
        message: String,
    },
    /// The file comes from a newer version of Attest.
    #[error(
        "{} has format version {found}, but this version of Attest reads only up to {supported}. \
         Open it with a newer Attest; the file was not changed",
        .path.display()
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file holds git's conflict markers: git merged it line by line.
    #[error(
        "{}:{line}: this is an unresolved git merge: git merged {PROJECT_FILE} line by line, \
         without Attest's merge driver, and left conflict markers. Run `attest git resolve {}` \
         to merge it record by record, and `attest git setup {}` so that later merges do",
        .path.display(), .dir.display(), .dir.display()
    )]
    GitConflict {
        /// The file.
        path: PathBuf,
        /// Its folder.
        dir: PathBuf,
        /// The first marker's line, from 1.
        line: usize,
    },
    /// The file parses but is inconsistent.
    #[error("{}{}: {message}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line of the offending record, from 1.
        line: Option<usize>,
        /// What is wrong and what to do.
        message: String,
    },
}

/// Why a project could not be saved. The previous `project.ron` is intact.
#[derive(Debug, Error)]
pub enum SaveError {
    /// Writing failed.
    #[error(
        "cannot write {}: {source}. The project on disk was not changed; free some space or fix the permissions and save again",
        .path.display()
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A source's text is not loaded, so its snapshot cannot be written.
    #[error("the text of source `{0}` is not available, so its snapshot cannot be written")]
    MissingText(SourceId),
    /// `attest new` on a folder that already holds a project.
    #[error("{} already holds an Attest project; choose another folder", .0.display())]
    AlreadyAProject(PathBuf),
    /// Another program saved the project since it was loaded.
    #[error(
        "{} was changed by another program since it was opened, so it was not overwritten; reload it (losing the changes made here) or save them as a copy",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
}

/// Where originals are kept, inside [`SOURCES_DIR`].
pub const ORIGINALS_DIR: &str = "sources/originals";

/// The conventional path of a source's original document:
/// `sources/originals/ID-HASH12.EXT`.
pub fn original_path(id: &SourceId, sha256: &str, extension: &str) -> String {
    format!(
        "{ORIGINALS_DIR}/{id}-{}.{extension}",
        &sha256[..12.min(sha256.len())]
    )
}

/// The conventional snapshot path of a source: `sources/ID-HASH12.txt`.
pub fn snapshot_path(id: &SourceId, sha256: &str) -> String {
    format!("{SOURCES_DIR}/{id}-{}.txt", &sha256[..12.min(sha256.len())])
}

#[cfg(test)]
mod tests;
