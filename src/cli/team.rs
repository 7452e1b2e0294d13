//! The command line's team work with git: `git setup`, `git resolve`,
//! `merge-driver` (which git calls), `textconv` (for `git diff`) and
//! `resolve` (a choice for a merge conflict).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand};

use super::open;
use crate::model::fields::{self, Choice};
use crate::project::command::Command;
use crate::util::terminal::safe;

/// `attest git …`.
#[derive(Debug, Subcommand)]
pub(super) enum GitCommand {
    /// Set up git to merge and diff this project's project.ron by record:
    /// writes .gitattributes beside it and the merge driver into the
    /// repository's config. Safe to run again.
    Setup {
        /// The project folder (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Merge project.ron again, record by record, after git merged it line
    /// by line (a clone without the driver, a web merge button): from the
    /// versions git keeps during the merge, or from a merge commit.
    Resolve {
        /// The project folder.
        dir: PathBuf,
        /// The merge commit to redo (default: the merge under way, else HEAD).
        #[arg(long)]
        commit: Option<String>,
    },
}

/// `attest resolve DIR RECORD …`.
#[derive(Debug, Args)]
pub(super) struct ResolveArgs {
    /// The project folder.
    dir: PathBuf,
    /// The record with the conflict (an ID or a unique start of one, or
    /// `project`).
    record: String,
    /// Which of the record's conflicts, when it has several (`text`,
    /// `range`, `evidence q17 stance`…; `attest show` lists them).
    #[arg(long)]
    field: Option<String>,
    #[command(flatten)]
    choice: ChoiceArgs,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct ChoiceArgs {
    /// Keep the version of the branch merged into (git's "ours").
    #[arg(long)]
    ours: bool,
    /// Keep the version of the branch merged in (git's "theirs").
    #[arg(long)]
    theirs: bool,
    /// Use this text instead (for a text: a claim, a note, a title).
    #[arg(long, value_name = "T")]
    text: Option<String>,
}

pub(super) fn git(command: GitCommand) -> Result<ExitCode> {
    match command {
        GitCommand::Setup { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            if !dir.join(crate::project::store::PROJECT_FILE).exists() {
                bail!(
                    "{} holds no {}; run `attest git setup` in a project folder",
                    dir.display(),
                    crate::project::store::PROJECT_FILE
                );
            }
            let exe = std::env::current_exe().context("cannot tell where this attest binary is")?;
            let done = crate::team::git::setup(&dir, &exe)?;
            if done.is_empty() {
                eprintln!(
                    "Git is already set up to merge {} by record; nothing changed",
                    dir.display()
                );
            }
            for line in done {
                eprintln!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        GitCommand::Resolve { dir, commit } => {
            let outcome = crate::team::git::resolve(&dir, commit.as_deref())?;
            report(&outcome);
            Ok(if outcome.conflicts == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn report(outcome: &crate::team::git::MergeOutcome) {
    for file in &outcome.missing_snapshots {
        eprintln!(
            "warning: the merged project refers to {}, which no version in the repository holds; `attest check` will block on it",
            safe(file)
        );
    }
    if outcome.conflicts == 0 {
        eprintln!("Merged project.ron by record: no conflicts");
    } else {
        eprintln!(
            "Merged project.ron by record: {} conflict(s) to resolve (in the app, or with `attest resolve`; `attest check` lists them)",
            outcome.conflicts
        );
    }
}

/// Git's merge driver: exit 0 when clean, 1 when conflicts remain (the
/// result is written over `ours` either way).
pub(super) fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: &str) -> ExitCode {
    match crate::team::git::merge_driver(base, ours, theirs, path) {
        Ok(outcome) => {
            report(&outcome);
            if outcome.conflicts == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!(
                "error: attest could not merge {}: {e:#}. Git's line merge was left in its place",
                safe(path)
            );
            ExitCode::from(1)
        }
    }
}

/// `diff.attest.textconv`: a readable rendering of a `project.ron`.
pub(super) fn textconv(file: &Path) -> Result<()> {
    use std::io::Write as _;
    let text = crate::util::text_file::read_text_file(file)?;
    let rendered = match crate::project::store::from_ron(&text, file) {
        Ok(project) => crate::team::git::readable(&project),
        // Not loadable (conflict markers, a broken file): show it as it is.
        Err(_) => text,
    };
    std::io::stdout()
        .lock()
        .write_all(safe(&rendered).as_bytes())?;
    Ok(())
}

pub(super) fn resolve(args: ResolveArgs) -> Result<ExitCode> {
    let mut doc = open(&args.dir)?;
    let project = doc.project();
    if project.conflicts.is_empty() {
        bail!("{} has no merge conflicts", args.dir.display());
    }
    let records = project.conflicts.iter().map(|c| c.record.as_str());
    let record = crate::model::find_by_prefix(records, &args.record, "record with a conflict")
        .map_err(anyhow::Error::msg)?
        .to_owned();
    let of_record: Vec<(usize, &crate::model::Conflict)> = project
        .conflicts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.record == record)
        .filter(|(_, c)| args.field.as_deref().is_none_or(|f| c.field == f))
        .collect();
    let (index, conflict) = match of_record.as_slice() {
        [one] => *one,
        [] => bail!(
            "{record} has no conflict over `{}`",
            args.field.as_deref().unwrap_or_default()
        ),
        many => bail!(
            "{record} has {} conflicts; choose one with --field: {}",
            many.len(),
            many.iter()
                .map(|(_, c)| format!("`{}`", c.field))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let choice = match (args.choice.ours, args.choice.theirs, args.choice.text) {
        (true, _, _) => Choice::Ours,
        (_, true, _) => Choice::Theirs,
        (_, _, Some(text)) => {
            if !fields::is_text_field(conflict) {
                bail!(
                    "{} is not a text; choose --ours or --theirs",
                    fields::describe_field(&conflict.field)
                );
            }
            Choice::Value(text)
        }
        _ => unreachable!("clap requires one choice"),
    };
    let what = fields::describe_field(&conflict.field);
    let value = fields::chosen(conflict, &choice);
    doc.apply(Command::Resolve {
        index,
        value,
        reopen: None,
    })?;
    doc.save()?;
    let side = match choice {
        Choice::Ours => "ours",
        Choice::Theirs => "theirs",
        Choice::Value(_) => "the text given",
    };
    let left = doc.project().conflicts.len();
    eprintln!("Resolved {what} of {record} with {side}; {left} conflict(s) left");
    if left == 0 {
        eprintln!(
            "No conflicts are left: `git add` {} and commit to finish the merge",
            args.dir.join(crate::project::store::PROJECT_FILE).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
