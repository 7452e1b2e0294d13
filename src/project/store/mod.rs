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

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::check::{Finding, SnapshotProblems};
use crate::model::{
    Claim, Conflict, FORMAT_VERSION, NextIds, Position, Project, Quote, Settings, SignOff,
    Snapshot, Source, SourceId, check_custom_id, sha256_hex,
};
use crate::project::command::check_snapshot_path;
use crate::text::anchor::SourceText;
use crate::text::snapshot::Snapshots;

/// Name of the project file inside a project folder.
pub const PROJECT_FILE: &str = "project.ron";
/// Name of the backup of the previous save.
pub const BACKUP_FILE: &str = "project.ron.bak";
/// Folder of the source snapshots.
pub const SOURCES_DIR: &str = "sources";

/// The largest source text accepted, in bytes.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
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

/// Why a text file cannot be used as a source.
#[derive(Debug, Error)]
pub enum TextFileError {
    /// Reading failed.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The path is a folder.
    #[error("{} is a folder, not a text file", .0.display())]
    Folder(PathBuf),
    /// The file is too large.
    #[error(
        "{} is {}; sources are limited to {}. Split the text into several sources",
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
    /// The file holds no text.
    #[error("{} is empty; a source needs some text", .0.display())]
    Empty(PathBuf),
    /// The file is a known binary format.
    #[error("{} is a {kind} file, not plain text; save or export its text as UTF-8 first", .path.display())]
    KnownBinary {
        /// The file.
        path: PathBuf,
        /// The format found.
        kind: &'static str,
    },
    /// The file holds control characters that text never has.
    #[error(
        "{}:{line}:{column}: control character {found} found; this looks like a binary file, not plain text",
        .path.display()
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column in chars, from 1.
        column: usize,
        /// The character, as `U+0000`.
        found: String,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{}:{line}:{column}: not UTF-8 text (byte 0x{byte:02X}); convert it to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        .path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Line of the first bad byte, from 1.
        line: usize,
        /// Column in chars, from 1.
        column: usize,
        /// The first bad byte.
        byte: u8,
    },
}

/// Reads a text file for use as a source: UTF-8, not empty, not binary, not
/// larger than [`MAX_SOURCE_BYTES`]. The text is returned exactly as stored
/// (a byte-order mark and CRLF line ends are kept).
pub fn read_text_file(path: &Path) -> Result<String, TextFileError> {
    let io_err = |source| TextFileError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(TextFileError::Folder(path.to_owned()));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(TextFileError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(io_err)?;
    text_from_bytes(path, bytes)
}

/// Checks bytes as source text (see [`read_text_file`]); `path` names them
/// in messages.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, TextFileError> {
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(TextFileError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit: MAX_SOURCE_BYTES,
        });
    }
    const MAGIC: [(&[u8], &str); 8] = [
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP (or Word/OpenDocument)"),
        (b"\x1F\x8B", "gzip"),
        (b"\xD0\xCF\x11\xE0", "Microsoft Office"),
        (b"\x7FELF", "program"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(TextFileError::KnownBinary {
            path: path.to_owned(),
            kind,
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = utf8_error_place(&e);
            return Err(TextFileError::NotUtf8 {
                path: path.to_owned(),
                line,
                column,
                byte: e.as_bytes()[e.utf8_error().valid_up_to()],
            });
        }
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(TextFileError::Empty(path.to_owned()));
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') && c < ' ')
    {
        let (line, column) = line_column(&text, at);
        return Err(TextFileError::Binary {
            path: path.to_owned(),
            line,
            column,
            found: format!("U+{:04X}", c as u32),
        });
    }
    Ok(text)
}

/// Line and column (in chars), both from 1, of the first invalid byte.
fn utf8_error_place(e: &std::string::FromUtf8Error) -> (usize, usize) {
    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    line_column(valid, valid.len())
}

/// Line and column (in chars), both from 1, of a byte offset.
fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
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

/// The head of a claim line; its evidence follows on lines of their own.
#[derive(Serialize)]
struct ClaimHead<'a> {
    id: &'a crate::model::ClaimId,
    at: &'a Position,
    text: &'a str,
    signoff: &'a Option<SignOff>,
}

/// Serializes a record on one line. Strings keep their escapes (`\n`,
/// `\"`, `\\`), except that apostrophes are written plainly: ron escapes
/// them as `\'`, which is valid but hard to read in prose.
pub(crate) fn one_line<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new().depth_limit(0);
    let escaped = ron::ser::to_string_pretty(value, config).expect("project records serialize");
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('\''),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Serializes a project in its fixed, deterministic layout: one source,
/// quote, claim, evidence link or conflict per line. Sources, quotes and
/// claims are in ID order ([`crate::model::ClaimId::sort_key`]), not in
/// summary order, so that records added on two git branches land on
/// different lines and moving a claim changes only its `at`; empty
/// paragraphs are not saved.
pub fn to_ron(project: &Project) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "(");
    let _ = writeln!(out, "    format_version: {},", project.format_version);
    let _ = writeln!(out, "    title: {},", one_line(&project.title));
    let _ = writeln!(out, "    settings: {},", one_line(&project.settings));
    let list = |out: &mut String, name: &str, lines: Vec<String>| {
        if lines.is_empty() {
            let _ = writeln!(out, "    {name}: [],");
        } else {
            let _ = writeln!(out, "    {name}: [");
            for line in lines {
                let _ = writeln!(out, "        {line},");
            }
            let _ = writeln!(out, "    ],");
        }
    };
    list(
        &mut out,
        "sources",
        project.sources.iter().map(one_line).collect(),
    );
    list(
        &mut out,
        "quotes",
        project.quotes.iter().map(one_line).collect(),
    );
    let mut claims: Vec<&Claim> = project.claims().map(|(_, c)| c).collect();
    claims.sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
    if claims.is_empty() {
        let _ = writeln!(out, "    claims: [],");
    } else {
        let _ = writeln!(out, "    claims: [");
        for claim in claims {
            write_claim(&mut out, claim);
        }
        let _ = writeln!(out, "    ],");
    }
    if !project.conflicts.is_empty() {
        list(
            &mut out,
            "conflicts",
            project.conflicts.iter().map(one_line).collect(),
        );
    }
    let _ = writeln!(out, ")");
    out
}

fn write_claim(out: &mut String, claim: &Claim) {
    use std::fmt::Write as _;
    let head = one_line(&ClaimHead {
        id: &claim.id,
        at: &claim.at,
        text: &claim.text,
        signoff: &claim.signoff,
    });
    let head = head
        .strip_suffix(')')
        .expect("a struct serializes in parentheses");
    if claim.evidence.is_empty() {
        let _ = writeln!(out, "        {head}, evidence: []),");
        return;
    }
    let _ = writeln!(out, "        {head}, evidence: [");
    for evidence in &claim.evidence {
        let _ = writeln!(out, "            {},", one_line(evidence));
    }
    let _ = writeln!(out, "        ]),");
}

/// `project.ron` as read: the shape of every format version at once.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// See [`FORMAT_VERSION`].
    #[serde(default)]
    pub format_version: u32,
    /// The project's title.
    pub title: String,
    /// Settings of the provenance check.
    #[serde(default)]
    pub settings: Settings,
    /// The ID counters of version 3 and before, which are dropped.
    #[serde(default)]
    pub next_ids: NextIds,
    /// The sources.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The quotes.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Version 3 and before: claims nested in paragraphs, in order.
    #[serde(default)]
    pub paragraphs: Vec<Vec<Claim>>,
    /// Version 4: claims with their positions.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// What a git merge left to decide.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
}

impl ProjectFile {
    /// Whether claims are saved with their positions (format 4 on), not
    /// nested in paragraphs.
    fn has_positions(&self) -> bool {
        self.format_version >= 4
    }

    /// The project this file describes: records in ID order, claims in
    /// summary order. Claims of version 3 get positions in their order.
    fn into_project(self) -> Project {
        let positions = self.has_positions();
        let mut project = Project::new(self.title);
        project.format_version = self.format_version;
        project.settings = self.settings;
        project.sources = self.sources;
        project.quotes = self.quotes;
        project.conflicts = self.conflicts;
        project.sort_records();
        if positions {
            project.set_claims(self.claims);
        } else {
            project.paragraphs = self
                .paragraphs
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            project.renumber_positions();
        }
        project
    }
}

/// The first line (from 1) that is one of git's conflict markers.
fn conflict_marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.starts_with("<<<<<<< ")
                || line.starts_with(">>>>>>> ")
                || line == "======="
                || line.starts_with("||||||| ")
                || line == "<<<<<<<"
                || line == ">>>>>>>"
        })
        .map(|i| i + 1)
}

#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// Parses and checks the text of a `project.ron`. `path` is used in messages.
pub fn from_ron(text: &str, path: &Path) -> Result<Project, LoadError> {
    let syntax = |e: ron::error::SpannedError| LoadError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    };
    // A file from a newer version may not parse as this one, and one with no
    // version is not a project: say so rather than report a syntax error.
    // Reading the version alone parses the file a second time, so it is
    // done only when it matters: after a failed parse, or to refuse a newer
    // version that happens to parse.
    let version_problem = |found: u32| match found {
        found if found > FORMAT_VERSION => Some(LoadError::NewerFormat {
            path: path.to_owned(),
            found,
            supported: FORMAT_VERSION,
        }),
        0 => Some(LoadError::Invalid {
            path: path.to_owned(),
            line: None,
            message: "`format_version` is missing or 0; is this an Attest project file?".into(),
        }),
        _ => None,
    };
    if let Some(line) = conflict_marker_line(text) {
        return Err(LoadError::GitConflict {
            path: path.to_owned(),
            dir: path.parent().map(Path::to_owned).unwrap_or_default(),
            line,
        });
    }
    let file: ProjectFile = match ron::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            let probe = ron::from_str::<VersionProbe>(text).ok();
            return Err(probe
                .and_then(|p| version_problem(p.format_version))
                .unwrap_or_else(|| syntax(e)));
        }
    };
    if let Some(problem) = version_problem(file.format_version) {
        return Err(problem);
    }
    let positions_given = file.has_positions();
    let misplaced = if positions_given {
        (!file.paragraphs.is_empty()).then_some(("paragraphs", "claims"))
    } else {
        (!file.claims.is_empty()).then_some(("claims", "paragraphs"))
    };
    if let Some((found, expected)) = misplaced {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            line: line_of(text, &format!("{found}:"), 1),
            message: format!(
                "format version {} keeps claims in `{expected}`, but the file has `{found}`",
                file.format_version
            ),
        });
    }
    let mut project = file.into_project();
    validate_structure(&project, text, path, positions_given)?;
    // Older versions are a subset of this one; they are saved as this one.
    project.format_version = FORMAT_VERSION;
    Ok(project)
}

/// Finds the line (from 1) of the first line containing `needle`, at or after
/// line `from`.
fn line_of(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

/// The line (from 1) each record starts on in the text of a `project.ron`:
/// the first line holding `id: "ID"`. The index is built in one pass over
/// the text on the first question, so a load with no findings never builds
/// it and one with many builds it once.
pub struct RecordLines<'a> {
    text: &'a str,
    index: std::cell::OnceCell<HashMap<&'a str, usize>>,
}

impl<'a> RecordLines<'a> {
    /// Lines of the records of `text`; nothing is read yet.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    /// The line the record with this ID starts on.
    pub fn line(&self, id: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| {
            const KEY: &str = "id: \"";
            let mut index = HashMap::new();
            for (number, line) in self.text.lines().enumerate() {
                let mut rest = line;
                while let Some(at) = rest.find(KEY) {
                    rest = &rest[at + KEY.len()..];
                    if let Some(end) = rest.find('"') {
                        index.entry(&rest[..end]).or_insert(number + 1);
                    }
                }
            }
            index
        });
        index.get(id).copied()
    }

    /// ` (project.ron:LINE)` for a record, or nothing when it has no line.
    pub fn place(&self, id: &str) -> String {
        self.line(id)
            .map(|l| format!(" ({PROJECT_FILE}:{l})"))
            .unwrap_or_default()
    }
}

/// Checks references and ranges; returns the first problem with its line.
fn validate_structure(
    project: &Project,
    text: &str,
    path: &Path,
    positions_given: bool,
) -> Result<(), LoadError> {
    let lines = RecordLines::new(text);
    let invalid = |line: Option<usize>, message: String| LoadError::Invalid {
        path: path.to_owned(),
        line,
        message,
    };
    let mut seen = HashSet::new();
    let ids = project
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .chain(project.quotes.iter().map(|q| q.id.as_str()))
        .chain(project.claims().map(|(_, c)| c.id.as_str()));
    for id in ids {
        if !seen.insert(id) {
            let first = lines.line(id);
            let second = first.and_then(|l| line_of(text, &format!("id: \"{id}\""), l + 1));
            return Err(invalid(
                second.or(first),
                format!(
                    "the ID `{id}` is used twice; give one of them a new, unused ID. {}",
                    LINE_MERGE_HINT
                ),
            ));
        }
    }
    for source in &project.sources {
        let line = || lines.line(source.id.as_str());
        if !source.id.is_generated() {
            check_custom_id(source.id.as_str()).map_err(|m| invalid(line(), m))?;
        }
        if check_snapshot_path(&source.file).is_err() {
            return Err(invalid(
                line(),
                format!(
                    "source `{}` has the snapshot path `{}`; snapshots must be files directly inside `{SOURCES_DIR}/`",
                    source.id, source.file
                ),
            ));
        }
        let is_hex = |sha: &str| {
            sha.len() == 64
                && sha
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        for sha in std::iter::once(&source.sha256).chain(source.previous.iter().map(|p| &p.sha256))
        {
            if !is_hex(sha) {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has `{sha}` as a sha256, which is not 64 lowercase hex digits",
                        source.id
                    ),
                ));
            }
        }
        for old in &source.previous {
            if check_snapshot_path(&old.file).is_err() {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has an earlier snapshot at `{}`; snapshots must be files directly inside `{SOURCES_DIR}/`",
                        source.id, old.file
                    ),
                ));
            }
        }
        let originals = std::iter::once(&source.original)
            .chain(source.previous.iter().map(|p| &p.original))
            .flatten();
        for original in originals {
            if crate::project::command::check_original(&source.id, Some(original), None).is_err()
                || !is_hex(&original.sha256)
            {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has an original at `{}` (sha256 `{}`); originals must be files directly inside `{ORIGINALS_DIR}/` with a 64-hex-digit sha256, and their page maps in order",
                        source.id, original.file, original.sha256
                    ),
                ));
            }
        }
    }
    let sources = project.sources_by_id();
    for quote in &project.quotes {
        let line = || lines.line(quote.id.as_str());
        if !quote.id.is_generated() {
            return Err(invalid(
                line(),
                format!(
                    "`{}` is not a quote ID (`q4x9kq2mz`, or `q1` in older projects)",
                    quote.id
                ),
            ));
        }
        let Some(source) = sources.get(&quote.source) else {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` refers to source `{}`, which does not exist; restore the source or remove the quote. {LINE_MERGE_HINT}",
                    quote.id, quote.source
                ),
            ));
        };
        if quote.start >= quote.end {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` has an empty or inverted range {}..{}; start must be less than end",
                    quote.id, quote.start, quote.end
                ),
            ));
        }
        if let Some(unresolved) = &quote.unresolved {
            let known = source.sha256 == unresolved.version
                || source
                    .previous
                    .iter()
                    .any(|p| p.sha256 == unresolved.version);
            if !known {
                return Err(invalid(
                    line(),
                    format!(
                        "quote `{}` refers to a version of `{}` that the source does not list; restore the source's `previous` list or remove the quote",
                        quote.id, quote.source
                    ),
                ));
            }
        }
        if quote.text.chars().count() != quote.end - quote.start {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` spans {} chars ({}..{}) but its text has {}; offsets count Unicode characters",
                    quote.id,
                    quote.end - quote.start,
                    quote.start,
                    quote.end,
                    quote.text.chars().count()
                ),
            ));
        }
    }
    let quote_ids: HashSet<&crate::model::QuoteId> = project.quotes.iter().map(|q| &q.id).collect();
    for (_, claim) in project.claims() {
        let line = || lines.line(claim.id.as_str());
        if !claim.id.is_generated() {
            return Err(invalid(
                line(),
                format!(
                    "`{}` is not a claim ID (`c4x9kq2mz`, or `c1` in older projects)",
                    claim.id
                ),
            ));
        }
        if positions_given && !claim.at.is_valid() {
            return Err(invalid(
                line(),
                format!(
                    "claim `{}` has no valid `at` (paragraph: \"HEX.TAG\", order: \"HEX\"); give it the `at` of a claim beside it",
                    claim.id
                ),
            ));
        }
        let mut cited = HashSet::new();
        for evidence in &claim.evidence {
            let evidence_line = || {
                line()
                    .and_then(|l| line_of(text, &format!("quote: \"{}\"", evidence.quote), l))
                    .or_else(line)
            };
            if !quote_ids.contains(&evidence.quote) {
                return Err(invalid(
                    evidence_line(),
                    format!(
                        "claim `{}` cites quote `{}`, which does not exist; remove that evidence line or restore the quote. {LINE_MERGE_HINT}",
                        claim.id, evidence.quote
                    ),
                ));
            }
            if !cited.insert(&evidence.quote) {
                return Err(invalid(
                    evidence_line(),
                    format!(
                        "claim `{}` cites quote `{}` twice; remove one of the two lines",
                        claim.id, evidence.quote
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// What a message about duplicate or dangling IDs adds, since git's line
/// merge is the usual cause.
const LINE_MERGE_HINT: &str = "If this file comes from a git merge made without Attest's merge driver, run `attest git resolve DIR` to merge it record by record";

/// A project read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// The model.
    pub project: Project,
    /// The snapshot texts that could be read and match their hash.
    pub texts: Snapshots,
    /// Why the other snapshots could not be read.
    pub snapshot_problems: SnapshotProblems,
    /// The line of `project.ron` each record with a finding starts on.
    pub record_lines: HashMap<String, usize>,
    /// SHA-256 of `project.ron` as read.
    pub file_hash: String,
    /// Snapshots and quotes that do not match (rules `snapshot-missing` and
    /// `quote-mismatch`).
    pub findings: Vec<Finding>,
}

/// Loads the project in `dir`.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    let path = dir.join(PROJECT_FILE);
    let meta = match fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(LoadError::NotAProject {
                dir: dir.to_owned(),
            });
        }
        Err(source) => return Err(LoadError::Io { path, source }),
    };
    if meta.len() > MAX_PROJECT_BYTES {
        return Err(LoadError::TooLarge {
            path,
            size: meta.len(),
            limit: MAX_PROJECT_BYTES,
        });
    }
    let bytes = fs::read(&path).map_err(|source| LoadError::Io {
        path: path.clone(),
        source,
    })?;
    let file_hash = sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = utf8_error_place(&e);
        LoadError::Syntax {
            path: path.clone(),
            line,
            column,
            message: "the file is not valid UTF-8".into(),
        }
    })?;
    let project = from_ron(&text, &path)?;
    let lines = RecordLines::new(&text);
    let (texts, snapshot_problems, findings) = read_snapshots(dir, &project, &lines);
    let record_lines = findings
        .iter()
        .flat_map(|f| {
            let source = f.source.as_ref().map(|s| s.as_str());
            f.quote
                .as_ref()
                .map(|q| q.as_str())
                .into_iter()
                .chain(source)
        })
        .filter_map(|id| Some((id.to_owned(), lines.line(id)?)))
        .collect();
    Ok(Loaded {
        project,
        texts,
        snapshot_problems,
        record_lines,
        file_hash,
        findings,
    })
}

/// Reads every source snapshot (current and earlier versions) and checks
/// every quote against it.
fn read_snapshots(
    dir: &Path,
    project: &Project,
    lines: &RecordLines,
) -> (Snapshots, SnapshotProblems, Vec<Finding>) {
    let mut texts = Snapshots::default();
    let mut problems = SnapshotProblems::new();
    let sources_dir_is_link = fs::symlink_metadata(dir.join(SOURCES_DIR))
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    for source in &project.sources {
        let current = Snapshot {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
            original: source.original.clone(),
        };
        for version in std::iter::once(&current).chain(&source.previous) {
            match read_snapshot(dir, version, sources_dir_is_link) {
                Ok(text) => texts.insert_hashed(version.sha256.clone(), text),
                Err(problem) => {
                    problems.insert(version.sha256.clone(), problem);
                }
            }
        }
    }
    let findings = crate::check::integrity(project, &texts, &problems, &|id| lines.place(id));
    (texts, problems, findings)
}

/// Reads and checks one snapshot file against its recorded hash.
pub(crate) fn read_snapshot(
    dir: &Path,
    snapshot: &Snapshot,
    sources_dir_is_link: bool,
) -> Result<SourceText, String> {
    if sources_dir_is_link {
        return Err(format!(
            "`{SOURCES_DIR}/` is a symbolic link; snapshots must be stored inside the project folder"
        ));
    }
    let path = dir.join(&snapshot.file);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "the snapshot {} is missing; restore it from a backup or version control",
                snapshot.file
            ));
        }
        Err(e) => {
            return Err(format!(
                "the snapshot {} cannot be read: {e}",
                snapshot.file
            ));
        }
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "the snapshot {} is a symbolic link; replace it with the file itself",
                snapshot.file
            ));
        }
        Ok(_) => {}
    }
    let content = read_text_file(&path).map_err(|e| format!("the snapshot cannot be used: {e}"))?;
    let sha = sha256_hex(content.as_bytes());
    if sha != snapshot.sha256 {
        return Err(format!(
            "the snapshot {} was changed on disk (its SHA-256 is {}…, the project recorded {}…); \
             restore the original, or record the edited text as a new version with `attest source update DIR SOURCE FILE` (or Update from file… in the app), which reports what happens to every quote",
            snapshot.file,
            &sha[..12],
            &snapshot.sha256[..12.min(snapshot.sha256.len())]
        ));
    }
    Ok(SourceText::new(content))
}

/// A size for people: `200 MiB (209715200 bytes)`, or `512 bytes`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let mib = bytes as f64 / MIB as f64;
        let mib = if mib.fract() == 0.0 {
            format!("{mib:.0}")
        } else {
            format!("{mib:.1}")
        };
        format!("{mib} MiB ({bytes} bytes)")
    } else {
        format!("{bytes} bytes")
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is
/// written, synced and renamed over `path`, and the folder is synced.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Keep the mode of the file being replaced; new files get the usual
    // read-write mode, less the umask.
    let permissions = match fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(permissions)
        .tempfile_in(dir)
        .map_err(io_err)?;
    temp.write_all(bytes).map_err(io_err)?;
    temp.as_file().sync_all().map_err(io_err)?;
    temp.persist(path).map_err(|e| io_err(e.error))?;
    sync_dir(dir).map_err(io_err)
}

#[cfg(unix)]
fn default_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    fs::Permissions::from_mode(0o666)
}

#[cfg(not(unix))]
fn default_permissions() -> fs::Permissions {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("a temporary file can be created")
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    // Makes the rename durable. Some file systems refuse to sync a folder.
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// SHA-256 of the project file in `dir` as it is now, `None` if there is none.
pub fn file_hash(dir: &Path) -> Result<Option<String>, SaveError> {
    let path = dir.join(PROJECT_FILE);
    match fs::read(&path) {
        Ok(bytes) => Ok(Some(sha256_hex(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SaveError::Io { path, source }),
    }
}

/// Saves a project into `dir`: snapshots first, then the previous
/// `project.ron` as `project.ron.bak`, then the new `project.ron`, each
/// written atomically. If anything fails, `project.ron` is unchanged.
/// Returns the SHA-256 of the `project.ron` written.
pub fn save(dir: &Path, project: &Project, texts: &Snapshots) -> Result<String, SaveError> {
    let sources_dir = dir.join(SOURCES_DIR);
    fs::create_dir_all(&sources_dir).map_err(|source| SaveError::Io {
        path: sources_dir.clone(),
        source,
    })?;
    remove_stale_temporary_files(dir);
    remove_stale_temporary_files(&sources_dir);
    for source in &project.sources {
        let versions = std::iter::once((&source.file, &source.sha256))
            .chain(source.previous.iter().map(|s| (&s.file, &s.sha256)));
        for (file, sha256) in versions {
            let path = dir.join(file);
            match fs::symlink_metadata(&path) {
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(SaveError::Io { path, source: e }),
            }
            // An earlier version that is neither on disk nor loaded stays
            // missing (load reports it); the current one must be written.
            match texts.get(sha256) {
                Some(text) => atomic_write(&path, text.as_str().as_bytes())?,
                None if sha256 != &source.sha256 => {}
                None => return Err(SaveError::MissingText(source.id.clone())),
            }
        }
        let originals = std::iter::once(&source.original)
            .chain(source.previous.iter().map(|s| &s.original))
            .flatten();
        for original in originals {
            let path = dir.join(&original.file);
            match fs::symlink_metadata(&path) {
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(SaveError::Io { path, source: e }),
            }
            // An original whose bytes are neither on disk nor held stays
            // missing; `attest check` reports it.
            if let Some(bytes) = texts.original(&original.sha256) {
                let folder = dir.join(ORIGINALS_DIR);
                fs::create_dir_all(&folder).map_err(|source| SaveError::Io {
                    path: folder,
                    source,
                })?;
                atomic_write(&path, bytes)?;
            }
        }
    }
    let path = dir.join(PROJECT_FILE);
    keep_backup(dir, &path)?;
    let ron = to_ron(project);
    atomic_write(&path, ron.as_bytes())?;
    Ok(sha256_hex(ron.as_bytes()))
}

/// Keeps the current `project.ron` as `project.ron.bak`. Where the file
/// system has hard links, the backup is a second name for the same file,
/// given atomically (nothing is copied: the save then replaces
/// `project.ron` with a new file, and the old one lives on as the backup);
/// elsewhere it is an atomically written copy. The folder is synced by the
/// save's write of `project.ron` that follows.
fn keep_backup(dir: &Path, path: &Path) -> Result<(), SaveError> {
    let backup = dir.join(BACKUP_FILE);
    let link = dir.join(format!(".{BACKUP_FILE}.{}.link.tmp", std::process::id()));
    let _ = fs::remove_file(&link);
    match fs::hard_link(path, &link) {
        Ok(()) if fs::rename(&link, &backup).is_ok() => return Ok(()),
        Ok(()) => {
            let _ = fs::remove_file(&link);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(_) => {}
    }
    match fs::read(path) {
        Ok(previous) => atomic_write(&backup, &previous),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(SaveError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// How old a temporary file must be before a save removes it: one left by
/// a save that was killed, not one another process is writing right now.
const STALE_TEMPORARY_FILE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files (`.NAME.XXXX.tmp`) of saves that were killed
/// long ago. Best effort: a file that cannot be removed stays.
fn remove_stale_temporary_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMPORARY_FILE);
        if name.starts_with('.') && name.ends_with(".tmp") && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates a new project folder (which may exist if it holds no project).
pub fn create(dir: &Path, project: &Project) -> Result<String, SaveError> {
    if dir.join(PROJECT_FILE).exists() {
        return Err(SaveError::AlreadyAProject(dir.to_owned()));
    }
    fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: dir.to_owned(),
        source,
    })?;
    save(dir, project, &Snapshots::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, ClaimId, Evidence, Quote, QuoteId, Source, Stance};

    fn sample() -> (Project, Snapshots) {
        let text = "Six people died, officials said. Five \"died\", said another — کراچی.";
        let mut texts = Snapshots::default();
        let sha = texts.insert(text);
        let mut project = Project::new("Test \"story\"");
        let id = SourceId::numbered(1);
        project.sources.push(Source {
            original: None,
            previous: Vec::new(),
            file: snapshot_path(&id, &sha),
            id,
            sha256: sha,
            citation: Citation {
                title: "A report".into(),
                ..Citation::default()
            },
        });
        project.quotes.push(Quote {
            unresolved: None,
            id: QuoteId::numbered(1),
            source: SourceId::numbered(1),
            start: 0,
            end: 15,
            text: "Six people died".into(),
            prefix: String::new(),
            suffix: ", officials said. Five \"died\", s".into(),
        });
        let mut claim = Claim::new(ClaimId::numbered(1), "Six died.\nReally.");
        claim.evidence.push(Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Supports,
            note: "n".into(),
        });
        project.paragraphs = vec![vec![claim, Claim::new(ClaimId::numbered(2), "")]];
        project.renumber_positions();
        (project, texts)
    }

    #[test]
    fn ron_round_trips_and_is_stable() {
        let (project, _) = sample();
        let ron = to_ron(&project);
        let back = from_ron(&ron, Path::new("p.ron")).unwrap();
        assert_eq!(back, project);
        assert_eq!(to_ron(&back), ron);
    }

    #[test]
    fn ron_layout_is_one_record_per_line() {
        let (project, _) = sample();
        insta::assert_snapshot!(to_ron(&project));
    }

    #[test]
    fn tricky_strings_survive_on_one_line() {
        let (mut project, _) = sample();
        for title in [
            "it's",
            "back\\slash then ' quote",
            "\\'",
            "\\\\'\"",
            "line\nbreak\r\n and tab\t",
            "\u{feff}bom \0 nul",
            "r#\"raw\"#",
        ] {
            project.title = title.into();
            let ron = to_ron(&project);
            assert_eq!(
                ron.lines().count(),
                to_ron(&sample().0).lines().count(),
                "{title:?}"
            );
            let back = from_ron(&ron, Path::new("p.ron")).unwrap();
            assert_eq!(back.title, title);
        }
    }

    #[test]
    fn files_get_normal_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let (project, texts) = sample();
        save(dir.path(), &project, &texts).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let file = dir.path().join(PROJECT_FILE);
        let plain = dir.path().join("plain");
        File::create(&plain).unwrap();
        assert_eq!(mode(&file), mode(&plain), "the same mode as any new file");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        save(dir.path(), &project, &texts).unwrap();
        assert_eq!(mode(&file), 0o640, "an existing file keeps its mode");
    }

    #[test]
    fn older_versions_load_and_are_saved_as_the_current_version() {
        let (project, _) = sample();
        // Format 3 and before: ID counters, claims nested in paragraphs
        // (an empty one among them), no positions.
        let legacy = |version: u32| {
            format!(
                r#"(
    format_version: {version},
    title: "Test \"story\"",
    next_ids: (source: 2, quote: 2, claim: 3),
    sources: [{source}],
    quotes: [{quote}],
    paragraphs: [
        [
            (id: "c1", text: "Six died.\nReally.", signoff: None, evidence: [
                (quote: "q1", stance: Supports, note: "n"),
            ]),
            (id: "c2", text: "", signoff: None, evidence: []),
        ],
        [],
    ],
)"#,
                source = one_line(&project.sources[0]),
                quote = one_line(&project.quotes[0]),
            )
        };
        for old in [1, 2, 3] {
            let loaded = from_ron(&legacy(old), Path::new("p.ron")).unwrap();
            assert_eq!(loaded.format_version, FORMAT_VERSION);
            assert_eq!(loaded, project, "format {old} reads as the same project");
            let saved = to_ron(&loaded);
            assert!(saved.contains("format_version: 4") && !saved.contains("next_ids"));
        }
        // A file with the other format's claims is refused, not misread.
        let mixed = to_ron(&project).replacen("claims: [", "paragraphs: [[]], claims: [", 1);
        let err = from_ron(&mixed, Path::new("p.ron")).unwrap_err();
        assert!(
            err.to_string().contains("keeps claims in `claims`"),
            "{err}"
        );
    }

    #[test]
    fn git_conflict_markers_are_an_unresolved_merge() {
        let (project, _) = sample();
        let ron = to_ron(&project);
        let marked = ron.replacen(
            "    quotes: [\n",
            "<<<<<<< ours\n=======\n>>>>>>> theirs\n    quotes: [\n",
            1,
        );
        let err = from_ron(&marked, Path::new("story/project.ron")).unwrap_err();
        let LoadError::GitConflict { line, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(
            *line,
            marked
                .lines()
                .position(|l| l.starts_with("<<<<<<<"))
                .unwrap()
                + 1
        );
        let message = err.to_string();
        assert!(message.contains("unresolved git merge"), "{message}");
        assert!(message.contains("attest git resolve story"), "{message}");
    }

    #[test]
    fn newer_format_is_refused() {
        let ron = "(format_version: 99, title: \"x\", something_new: [1, 2])";
        let err = from_ron(ron, Path::new("p.ron")).unwrap_err();
        assert!(
            matches!(err, LoadError::NewerFormat { found: 99, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("newer Attest"));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let (project, _) = sample();
        let ron = to_ron(&project).replacen("start: 0", "start: \"zero\"", 1);
        let err = from_ron(&ron, Path::new("p.ron")).unwrap_err();
        let LoadError::Syntax { line, column, .. } = err else {
            panic!("{err}")
        };
        let expected_line = ron.lines().position(|l| l.contains("\"zero\"")).unwrap() + 1;
        assert_eq!(line, expected_line);
        assert!(column > 1);
    }

    #[test]
    fn dangling_and_duplicate_references_name_their_line() {
        let (project, _) = sample();
        let ron = to_ron(&project);
        let dangling = ron.replace("(quote: \"q1\"", "(quote: \"q9\"");
        let err = from_ron(&dangling, Path::new("p.ron")).unwrap_err();
        let line = dangling.lines().position(|l| l.contains("\"q9\"")).unwrap() + 1;
        assert_eq!(
            err.to_string(),
            format!(
                "p.ron:{line}: claim `c1` cites quote `q9`, which does not exist; remove that evidence line or restore the quote. {LINE_MERGE_HINT}"
            )
        );
        let duplicate = ron.replace("id: \"c2\"", "id: \"c1\"");
        let err = from_ron(&duplicate, Path::new("p.ron")).unwrap_err();
        assert!(
            err.to_string().contains("the ID `c1` is used twice"),
            "{err}"
        );
        let inverted = ron.replace("start: 0, end: 15", "start: 15, end: 0");
        let err = from_ron(&inverted, Path::new("p.ron")).unwrap_err();
        assert!(err.to_string().contains("inverted range 15..0"), "{err}");
        let escaping = ron.replace("file: \"sources/", "file: \"../");
        let err = from_ron(&escaping, Path::new("p.ron")).unwrap_err();
        assert!(err.to_string().contains("snapshot path"), "{err}");
    }

    /// The names of the temporary files (`*.tmp`) in a folder.
    fn temporary_files(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn save_and_load_round_trip_with_backup() {
        let dir = tempfile::tempdir().unwrap();
        let (mut project, texts) = sample();
        save(dir.path(), &project, &texts).unwrap();
        let first = fs::read(dir.path().join(PROJECT_FILE)).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded.project, project);
        assert!(loaded.findings.is_empty(), "{:?}", loaded.findings);
        // Load + save without edits gives identical bytes.
        save(dir.path(), &loaded.project, &loaded.texts).unwrap();
        assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), first);
        project.title = "Changed".into();
        save(dir.path(), &project, &texts).unwrap();
        assert_eq!(fs::read(dir.path().join(BACKUP_FILE)).unwrap(), first);
        let left = temporary_files(dir.path());
        assert!(left.is_empty(), "temporary files left: {left:?}");
        let ron = fs::read_to_string(dir.path().join(PROJECT_FILE)).unwrap();
        assert!(
            !ron.contains(&*dir.path().to_string_lossy()),
            "no absolute paths"
        );
    }

    #[test]
    fn failed_save_leaves_project_and_backup_intact() {
        let dir = tempfile::tempdir().unwrap();
        let (mut project, texts) = sample();
        save(dir.path(), &project, &texts).unwrap();
        project.title = "Second".into();
        save(dir.path(), &project, &texts).unwrap();
        let before = fs::read(dir.path().join(PROJECT_FILE)).unwrap();
        let backup = fs::read(dir.path().join(BACKUP_FILE)).unwrap();

        // A folder in the way of the backup makes the save fail midway,
        // after the new project file was already written to a temporary file.
        fs::remove_file(dir.path().join(BACKUP_FILE)).unwrap();
        fs::create_dir(dir.path().join(BACKUP_FILE)).unwrap();
        fs::write(dir.path().join(BACKUP_FILE).join("x"), b"x").unwrap();
        project.title = "Third".into();
        let err = save(dir.path(), &project, &texts).unwrap_err();
        assert!(err.to_string().contains("was not changed"), "{err}");
        assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), before);
        fs::remove_dir_all(dir.path().join(BACKUP_FILE)).unwrap();
        fs::write(dir.path().join(BACKUP_FILE), &backup).unwrap();

        // A new source whose snapshot cannot be written: nothing changes.
        let mut more = texts.clone();
        let sha = more.insert("another text");
        let id = SourceId::numbered(2);
        project.sources.push(Source {
            original: None,
            previous: Vec::new(),
            file: snapshot_path(&id, &sha),
            id,
            sha256: sha,
            citation: Citation::default(),
        });
        fs::remove_dir_all(dir.path().join(SOURCES_DIR)).unwrap();
        fs::write(dir.path().join(SOURCES_DIR), b"not a folder").unwrap();
        assert!(save(dir.path(), &project, &more).is_err());
        assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), before);
        assert_eq!(fs::read(dir.path().join(BACKUP_FILE)).unwrap(), backup);
        let leftovers = temporary_files(dir.path());
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn saving_removes_only_stale_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let (project, texts) = sample();
        save(dir.path(), &project, &texts).unwrap();
        let old = dir.path().join(".project.ron.abc123.tmp");
        let fresh = dir.path().join(".project.ron.def456.tmp");
        let kept = dir.path().join("notes.tmp");
        for path in [&old, &fresh, &kept] {
            fs::write(path, "partial").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - STALE_TEMPORARY_FILE * 2;
        for path in [&old, &kept] {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        save(dir.path(), &project, &texts).unwrap();
        assert!(!old.exists(), "a killed save's leftover is removed");
        assert!(fresh.exists(), "a file another save may be writing stays");
        assert!(kept.exists(), "the user's own files stay");
    }

    #[test]
    fn tampered_missing_and_mismatched_snapshots_are_findings() {
        use crate::check::Rule;
        let dir = tempfile::tempdir().unwrap();
        let (mut project, texts) = sample();
        project.quotes[0].text = "Six people dyed".into();
        save(dir.path(), &project, &texts).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded.findings.len(), 1);
        assert_eq!(loaded.findings[0].rule, Rule::QuoteMismatch);
        assert!(
            loaded.findings[0].message.contains("project.ron:"),
            "{}",
            loaded.findings[0]
        );

        let snapshot = dir.path().join(&project.sources[0].file);
        fs::write(&snapshot, "Seven people died.").unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded.findings.len(), 1);
        assert_eq!(loaded.findings[0].rule, Rule::SnapshotMissing);
        assert!(loaded.findings[0].message.contains("changed on disk"));
        // Nothing was re-hashed or rewritten.
        assert_eq!(fs::read_to_string(&snapshot).unwrap(), "Seven people died.");

        fs::remove_file(&snapshot).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert!(loaded.findings[0].message.contains("is missing"));
    }

    #[test]
    fn text_files_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            fs::write(&p, bytes).unwrap();
            p
        };
        let ok = write("ok.txt", "\u{feff}Café\r\nline two\n".as_bytes());
        assert_eq!(read_text_file(&ok).unwrap(), "\u{feff}Café\r\nline two\n");
        let err = read_text_file(&write("latin1.txt", b"line one\ncaf\xe9")).unwrap_err();
        assert!(
            err.to_string().contains("latin1.txt:2:4: not UTF-8"),
            "{err}"
        );
        let err = read_text_file(&write("empty.txt", b" \n\n")).unwrap_err();
        assert!(matches!(err, TextFileError::Empty(_)), "{err}");
        let err = read_text_file(&write("bin.dat", b"abc\0def")).unwrap_err();
        assert!(err.to_string().contains("U+0000"), "{err}");
        let err = read_text_file(&write("doc.pdf", b"%PDF-1.7\n...")).unwrap_err();
        assert!(err.to_string().contains("is a PDF file"), "{err}");
        let err = read_text_file(dir.path()).unwrap_err();
        assert!(matches!(err, TextFileError::Folder(_)), "{err}");
        let err = read_text_file(&dir.path().join("nope.txt")).unwrap_err();
        assert!(err.to_string().contains("nope.txt"), "{err}");
    }
}
