//! Loading a project: a file from a newer format version is refused, syntax
//! errors are reported with line and column, merge-conflict markers are
//! named, and every snapshot is read and checked against its hash.

use super::*;

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
    /// Sources that are not independent of each other.
    #[serde(default)]
    pub links: Vec<SourceLink>,
    /// Web sources compared with their live pages.
    #[serde(default)]
    pub rechecks: Vec<Recheck>,
}

impl ProjectFile {
    /// Whether claims are saved with their positions (format 4 on), not
    /// nested in paragraphs.
    fn has_positions(&self) -> bool {
        self.format_version >= 4
    }

    /// The project this file describes: records in ID order, claims in
    /// summary order. Claims of version 3 get positions in their order.
    pub(super) fn into_project(self) -> Project {
        let positions = self.has_positions();
        let mut project = Project::new(self.title);
        project.format_version = self.format_version;
        project.settings = self.settings;
        project.sources = self.sources;
        project.quotes = self.quotes;
        project.conflicts = self.conflicts;
        project.links = self.links;
        project.rechecks = self.rechecks;
        project.sort_records();
        project.sort_rechecks();
        project.sort_links();
        // Sources from before short names get one; names a merge left
        // twice are told apart.
        project.name_sources();
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
pub(super) fn conflict_marker_line(text: &str) -> Option<usize> {
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
pub(super) struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// A file smaller than this is parsed on one thread.
pub(super) const PARSE_IN_TWO_BYTES: usize = 512 * 1024;

/// Parses a large `project.ron` on two threads: the claims list on a
/// second one, the rest of the file on this one (the two are about the same
/// work on the files Attest writes). The list is found where the writer
/// puts it (`claims: [` and its `],` on lines of their own, four spaces in);
/// `None` when it is not there or either part does not parse, and the file
/// is then parsed whole, which also gives a syntax error its true line.
pub(super) fn parse_in_two(text: &str) -> Option<ProjectFile> {
    const OPEN: &str = "\n    claims: [\n";
    const CLOSE: &str = "\n    ],\n";
    if text.len() < PARSE_IN_TWO_BYTES {
        return None;
    }
    let open = text.find(OPEN)?;
    let list_start = open + OPEN.len() - 2;
    let list_end = list_start + text[list_start..].find(CLOSE)? + CLOSE.len() - 2;
    let list = &text[list_start..list_end];
    let rest = [&text[..list_start], "[]", &text[list_end..]].concat();
    std::thread::scope(|scope| {
        let claims = scope.spawn(|| ron::from_str::<Vec<Claim>>(list).ok());
        let file = ron::from_str::<ProjectFile>(&rest).ok();
        let claims = claims.join().ok()??;
        let mut file = file?;
        file.claims = claims;
        Some(file)
    })
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
    let file: ProjectFile = match parse_in_two(text).map_or_else(|| ron::from_str(text), Ok) {
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

/// What a message about duplicate or dangling IDs adds, since git's line
/// merge is the usual cause.
pub(super) const LINE_MERGE_HINT: &str = "If this file comes from a git merge made without Attest's merge driver, run `attest git resolve DIR` to merge it record by record";

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
pub(super) fn read_snapshots(
    dir: &Path,
    project: &Project,
    lines: &RecordLines,
) -> (Snapshots, SnapshotProblems, Vec<Finding>) {
    let mut texts = Snapshots::default();
    let mut problems = SnapshotProblems::new();
    let sources_dir_is_link = crate::util::is_link(&dir.join(SOURCES_DIR));
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
