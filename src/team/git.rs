//! Working with git: the merge driver and its set-up.
//!
//! Git is the team's distributed engine; Attest plugs into it rather than
//! syncing on its own. [`setup`] writes `.gitattributes` beside
//! `project.ron` (`project.ron merge=attest diff=attest`) and the
//! repository's config (`merge.attest.driver`, `diff.attest.textconv`), so
//! that git merges `project.ron` record by record through
//! [`merge_driver`] ([`crate::team::merge`]) and shows its diffs readably
//! ([`readable`]). Where a merge was made without the driver, [`resolve`]
//! merges again from the three versions git keeps.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

use crate::model::Project;
use crate::project::store::{self, PROJECT_FILE};

/// Why a git operation failed. Nothing was written, unless it says so.
#[derive(Debug, Error)]
pub enum GitError {
    /// git could not be run.
    #[error("cannot run git: {0}; install git and try again")]
    NoGit(std::io::Error),
    /// git refused.
    #[error("`git {args}` failed: {message}")]
    Failed {
        /// The arguments.
        args: String,
        /// What git said.
        message: String,
    },
    /// A version of `project.ron` does not load.
    #[error("{which} of {path} is not a project Attest can read: {message}")]
    Unreadable {
        /// Which version.
        which: &'static str,
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// Writing failed.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Nothing to merge.
    #[error("{0}")]
    NothingToResolve(String),
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(GitError::NoGit)?;
    if !output.status.success() {
        return Err(GitError::Failed {
            args: args.join(" "),
            message: crate::util::terminal::safe(String::from_utf8_lossy(&output.stderr).trim())
                .into_owned(),
        });
    }
    Ok(output.stdout)
}

fn git_text(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    Ok(String::from_utf8_lossy(&git(dir, args)?).trim().to_owned())
}

/// Quotes a path for git's config, where the driver command is run by the
/// shell.
fn shell_quote(path: &str) -> String {
    format!("'{}'", path.replace('\'', r"'\''"))
}

/// Sets up the merge driver for the project in `dir`, which must be inside a
/// git work tree; `exe` is the Attest binary git will call. Safe to run
/// again. Returns what it did, one line per change (empty when all was
/// already in place).
pub fn setup(dir: &Path, exe: &Path) -> Result<Vec<String>, GitError> {
    git(dir, &["rev-parse", "--show-toplevel"])?;
    let mut done = Vec::new();
    let attributes = dir.join(".gitattributes");
    let line = format!("{PROJECT_FILE} merge=attest diff=attest");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    if !existing.lines().any(|l| l.trim() == line) {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let _ = writeln!(text, "{line}");
        std::fs::write(&attributes, text).map_err(|source| GitError::Write {
            path: attributes.clone(),
            source,
        })?;
        done.push(format!("wrote `{line}` to {}", attributes.display()));
    }
    // The backup, the autosave journal and the lock are this machine's own.
    let ignore = dir.join(".gitignore");
    let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
    let wanted = [
        format!("/{}", store::BACKUP_FILE),
        format!("/{}/", crate::project::journal::JOURNAL_DIR),
        format!("/{}/", crate::project::journal::DISCARDED_DIR),
        format!("/{}", crate::project::lock::LOCK_FILE),
    ];
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !existing.lines().any(|l| l.trim() == w.as_str()))
        .collect();
    if !missing.is_empty() {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in &missing {
            let _ = writeln!(text, "{line}");
        }
        std::fs::write(&ignore, text).map_err(|source| GitError::Write {
            path: ignore.clone(),
            source,
        })?;
        done.push(format!(
            "listed {} in {} (this machine's backup, autosave journal and lock)",
            missing
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            ignore.display()
        ));
    }
    let exe = shell_quote(&exe.to_string_lossy());
    let settings = [
        (
            "merge.attest.name",
            "Attest project merge (by record ID)".to_owned(),
        ),
        (
            "merge.attest.driver",
            format!("{exe} merge-driver %O %A %B %P"),
        ),
        ("diff.attest.textconv", format!("{exe} textconv")),
    ];
    for (key, value) in settings {
        let current = git_text(dir, &["config", "--local", "--get", key]).ok();
        if current.as_deref() != Some(value.as_str()) {
            git(dir, &["config", "--local", key, &value])?;
            done.push(format!("set git config {key} = {value}"));
        }
    }
    Ok(done)
}

/// Describes the sides of the merge under way in the repository of `dir`,
/// for conflicts: during a rebase git's "ours" is the upstream and
/// "theirs" the user's own commit.
pub fn sides(dir: &Path) -> String {
    let in_progress = |name: &str| {
        git_text(dir, &["rev-parse", "--git-path", name])
            .map(|p| dir.join(p).exists())
            .unwrap_or(false)
    };
    if in_progress("rebase-merge") || in_progress("rebase-apply") {
        "rebase: ours is the branch being rebased onto, theirs is your commit being replayed".into()
    } else if in_progress("CHERRY_PICK_HEAD") {
        "cherry-pick: ours is your branch, theirs is the commit being picked".into()
    } else if in_progress("REVERT_HEAD") {
        "revert: ours is your branch, theirs is the reverted commit's parent".into()
    } else {
        "merge: ours is your branch (HEAD), theirs is the branch merged in".into()
    }
}

/// Parses one version of `project.ron`; an empty file (a version where
/// it did not exist) is an empty project.
fn parse(text: &str, which: &'static str, path: &str) -> Result<Project, GitError> {
    if text.trim().is_empty() {
        return Ok(Project::new(""));
    }
    store::from_ron(text, Path::new(path)).map_err(|e| GitError::Unreadable {
        which,
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// What a merge produced.
#[derive(Debug)]
pub struct MergeOutcome {
    /// The merged project.
    pub project: Project,
    /// How many conflicts it records (those the sides had included).
    pub conflicts: usize,
    /// Snapshot files the merged project refers to that none of the versions
    /// in the repository holds.
    pub missing_snapshots: Vec<String>,
}

/// Merges three texts of `project.ron`.
pub fn merge_texts(
    base: &str,
    ours: &str,
    theirs: &str,
    path: &str,
    sides: &str,
) -> Result<Project, GitError> {
    let base = parse(base, "the common ancestor", path)?;
    let ours = parse(ours, "our version", path)?;
    let theirs = parse(theirs, "their version", path)?;
    Ok(crate::team::merge::merge(&base, &ours, &theirs, sides))
}

/// Git's merge driver: merges `%O` (base), `%A` (ours) and `%B` (theirs)
/// of the file at `%P` and writes the result over `%A`. Returns the
/// outcome; the caller exits 0 when it has no conflicts, 1 otherwise.
///
/// `%A` is never left as one side's file when the merge fails: before
/// merging, git's own line merge (with conflict markers where the lines
/// clash) is written over it, and the record merge then replaces it. So if
/// a version cannot be read, or the process dies, `%A` holds the line merge,
/// which Attest's loader refuses as an unresolved merge.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: &str,
) -> Result<MergeOutcome, GitError> {
    let read = |p: &Path, which: &'static str| {
        crate::util::text_file::read_text_file(p).map_err(|e| GitError::Unreadable {
            which,
            path: path.to_owned(),
            message: e.to_string(),
        })
    };
    let texts = (
        read(base, "the common ancestor"),
        read(ours, "our version"),
        read(theirs, "their version"),
    );
    let line_merge = Command::new("git")
        .args([
            "merge-file",
            "-p",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
        ])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .output()
        .map_err(GitError::NoGit)?;
    std::fs::write(ours, &line_merge.stdout).map_err(|source| GitError::Write {
        path: ours.to_owned(),
        source,
    })?;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = merge_texts(&texts.0?, &texts.1?, &texts.2?, path, &sides(&cwd))?;
    std::fs::write(ours, store::to_ron(&project)).map_err(|source| GitError::Write {
        path: ours.to_owned(),
        source,
    })?;
    let project_dir = Path::new(path).parent().unwrap_or(Path::new(""));
    let missing_snapshots = missing_snapshots(&cwd, project_dir, &project);
    Ok(MergeOutcome {
        conflicts: project.conflicts.len(),
        project,
        missing_snapshots,
    })
}

/// Snapshot and original files the project refers to that are neither in
/// the work tree nor in any commit of the merge under way (git writes the
/// other side's new files only after the drivers ran). Each commit's files
/// are listed once, and only when a file is not on disk.
fn missing_snapshots(repo: &Path, project_dir: &Path, project: &Project) -> Vec<String> {
    let mut committed: Option<std::collections::HashSet<String>> = None;
    let mut missing = Vec::new();
    let files = project
        .sources
        .iter()
        .flat_map(|s| {
            std::iter::once(s.file.as_str()).chain(s.previous.iter().map(|p| p.file.as_str()))
        })
        .chain(project.originals().map(|o| o.file.as_str()));
    for file in files {
        let in_repo = project_dir.join(file);
        if repo.join(&in_repo).exists() {
            continue;
        }
        let name = in_repo.to_string_lossy().replace('\\', "/");
        let committed = committed.get_or_insert_with(|| {
            ["HEAD", "MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD"]
                .iter()
                .filter_map(|rev| git_text(repo, &["ls-tree", "-r", "--name-only", rev]).ok())
                .flat_map(|list| list.lines().map(str::to_owned).collect::<Vec<_>>())
                .collect()
        });
        if !committed.contains(&name) {
            missing.push(name);
        }
    }
    missing
}

/// Merges `project.ron` of the project in `dir` again, record by record,
/// after git merged it line by line: from the three stages git keeps while
/// the merge is not committed (`:1:`, `:2:`, `:3:`), or, once it is, from
/// the merge commit `commit` (default `HEAD`) and its two parents. Writes
/// the result to `project.ron`, and marks it resolved in git when no
/// conflict remains and the stages were used.
pub fn resolve(dir: &Path, commit: Option<&str>) -> Result<MergeOutcome, GitError> {
    let prefix = git_text(dir, &["rev-parse", "--show-prefix"])?;
    let path = format!("{prefix}{PROJECT_FILE}");
    let top = PathBuf::from(git_text(dir, &["rev-parse", "--show-toplevel"])?);
    let show = |spec: &str| -> Result<String, GitError> {
        Ok(String::from_utf8_lossy(&git(&top, &["show", spec])?).into_owned())
    };
    let staged = commit.is_none() && show(&format!(":2:{path}")).is_ok();
    let (base, ours, theirs, sides) = if staged {
        (
            show(&format!(":1:{path}")).unwrap_or_default(),
            show(&format!(":2:{path}"))?,
            show(&format!(":3:{path}"))?,
            sides(&top),
        )
    } else {
        let commit = commit.unwrap_or("HEAD");
        let parent = |n: u8| git_text(&top, &["rev-parse", &format!("{commit}^{n}")]);
        let (Ok(first), Ok(second)) = (parent(1), parent(2)) else {
            return Err(GitError::NothingToResolve(format!(
                "git has no merge of {path} under way, and {commit} is not a merge commit; \
                 nothing to resolve (name the merge commit with --commit)"
            )));
        };
        let base = git_text(&top, &["merge-base", &first, &second])?;
        (
            show(&format!("{base}:{path}")).unwrap_or_default(),
            show(&format!("{first}:{path}")).unwrap_or_default(),
            show(&format!("{second}:{path}")).unwrap_or_default(),
            format!("merge commit {commit}: ours is its first parent, theirs its second"),
        )
    };
    let project = merge_texts(&base, &ours, &theirs, &path, &sides)?;
    let target = dir.join(PROJECT_FILE);
    store::atomic_write(&target, store::to_ron(&project).as_bytes()).map_err(|e| {
        GitError::Write {
            path: target.clone(),
            source: std::io::Error::other(e.to_string()),
        }
    })?;
    if staged && project.conflicts.is_empty() {
        git(&top, &["add", "--", &path])?;
    }
    let missing_snapshots = missing_snapshots(&top, Path::new(&prefix), &project);
    Ok(MergeOutcome {
        conflicts: project.conflicts.len(),
        project,
        missing_snapshots,
    })
}

/// A readable rendering of a `project.ron` for diffs (`diff.attest.textconv`):
/// the summary in order, each claim with its evidence, then quotes and
/// sources, one per line.
pub fn readable(project: &Project) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "title: {}", project.title);
    for (n, paragraph) in project.paragraphs.iter().enumerate() {
        let _ = writeln!(out, "\n¶{}", n + 1);
        for claim in paragraph {
            let signoff = claim
                .signoff
                .as_ref()
                .map(|s| format!(" [signed off by {} at {}]", s.by, s.at))
                .unwrap_or_default();
            let _ = writeln!(out, "claim {}: {}{signoff}", claim.id, claim.text);
            for e in &claim.evidence {
                let note = if e.note.is_empty() {
                    String::new()
                } else {
                    format!(" (note: {})", e.note)
                };
                let _ = writeln!(out, "  {} {}{note}", e.stance, e.quote);
            }
        }
    }
    let _ = writeln!(out);
    for q in &project.quotes {
        let _ = writeln!(
            out,
            "quote {} [{} {}..{}]: {:?}",
            q.id, q.source, q.start, q.end, q.text
        );
    }
    for s in &project.sources {
        let _ = writeln!(out, "source {}: {} ({})", s.id, s.citation.title, s.sha256);
    }
    for c in &project.conflicts {
        let _ = writeln!(
            out,
            "CONFLICT {} {}: ours {:?}, theirs {:?}",
            c.record, c.field, c.ours, c.theirs
        );
    }
    out
}
