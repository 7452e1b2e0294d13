//! The `attest` command line.
//!
//! Each command loads the project, acts through the same library the desktop
//! app uses, saves atomically and says what it did. A command that creates
//! something prints its new ID alone on standard output (so scripts can
//! capture it) and a sentence about it on standard error. Errors go to
//! standard error with exit status 2; status 1 is kept for `attest check`.
//!
//! The top of the layers: the command line may use everything, and nothing
//! imports it but `main.rs`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

mod cite;
mod docs;
mod edit;
mod find;
mod recheck;
mod review;
mod show;
mod source;
mod team;

use crate::import::{self, Origin};
use crate::model::{ClaimId, Project, QuoteId, SourceId, Stance, find_by_prefix};
use crate::project::actions;
use crate::project::document::Document;
use cite::{cite, import};
use review::{check, export, signoff};
use show::{ShowJson, show_text};
use source::{source_add, source_edit, source_update};

/// Source-grounded summaries: every claim cites verbatim passages of its sources.
///
/// With no command, opens the desktop app on DIR, or on the last project, or
/// on the bundled sample project.
#[derive(Debug, Parser)]
#[command(
    name = "attest",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A project folder to open in the desktop app.
    dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new, empty project folder.
    New {
        /// The folder to create (it may exist if it is empty of projects).
        dir: PathBuf,
        /// The project's title.
        #[arg(long)]
        title: String,
    },
    /// Add or manage sources.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Add or manage claims.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// Cite a passage of a source as evidence for a claim; prints the quote ID.
    Cite(CiteArgs),
    /// List the passages of all sources most likely to back or dispute a
    /// claim, best first (BM25 on stemmed words, raised for shared numbers
    /// and names), leaving out those it already cites.
    Suggest(find::SuggestArgs),
    /// Search every source: passages holding all the words (by stem), or
    /// a "phrase in double quotes", grouped by source.
    Search(find::SearchArgs),
    /// Change or remove a claim's evidence.
    #[command(subcommand)]
    Evidence(edit::EvidenceCommand),
    /// Work with git: set up the merge driver, or merge again after a merge
    /// made without it.
    #[command(subcommand)]
    Git(team::GitCommand),
    /// Settle a conflict a git merge left: keep ours, theirs, or a new text.
    Resolve(team::ResolveArgs),
    /// Git's merge driver for project.ron (set up by `attest git setup`):
    /// merges by record ID and writes the result over OURS; exit status 0
    /// when clean, 1 when conflicts remain.
    #[command(name = "merge-driver")]
    MergeDriver {
        /// The common ancestor's version (git's %O).
        base: PathBuf,
        /// Our version, overwritten with the result (git's %A).
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
        /// The file's path in the repository (git's %P).
        path: String,
    },
    /// Print a project.ron readably, for `git diff` (diff.attest.textconv).
    Textconv {
        /// The file.
        file: PathBuf,
    },
    /// Import W3C Web Annotations (TextQuoteSelector, TextPositionSelector),
    /// e.g. from Hypothesis: exact, unique matches become quotes, and
    /// annotations with a text body become claims citing them.
    Import {
        /// The project folder.
        dir: PathBuf,
        /// The annotation file (JSON-LD).
        #[arg(long)]
        w3c: PathBuf,
        /// The source the annotations are on (default: matched by URL).
        #[arg(long)]
        source: Option<String>,
    },
    /// Fetch every source that has a web address (or those named) again,
    /// 4 at a time, and compare its live page with the recorded version,
    /// reporting each cited passage that changed or went and the claims
    /// relying on it. Records the outcome of each in project.ron and
    /// changes nothing else. Exit status 0 when every cited passage still
    /// stands, 1 when one changed or went, 2 when a page could not be
    /// checked (and none changed) or on errors.
    Recheck(recheck::RecheckArgs),
    /// Show the project's title and check settings, or change those given.
    Settings {
        /// The project folder.
        dir: PathBuf,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        /// How many independent sources must support each claim (rule
        /// single-source), from 1 to 9.
        #[arg(long)]
        min_sources: Option<u32>,
    },
    /// Show the project: sources, summary with evidence, and problems.
    Show {
        /// The project folder.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run the provenance check: every rule, grouped by claim. Exit status
    /// 0 when nothing blocks publication, 1 when something does (with
    /// --strict, warnings too), 2 when the check could not run.
    Check {
        /// The project folder.
        dir: PathBuf,
        /// Let warnings block too.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Sign off a claim as reviewed: records who, when, and a hash of its
    /// text and evidence (any later change voids it). Refused, with exit
    /// status 1, while the claim has blockers.
    Signoff {
        /// The project folder.
        dir: PathBuf,
        /// The claim.
        claim: String,
        /// The reviewer's name.
        #[arg(long)]
        by: String,
        /// A note on the review.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Export the cited summary. Refused, with exit status 1, while the
    /// check finds blockers, unless --allow-blockers.
    Export {
        /// The project folder.
        dir: PathBuf,
        /// The format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Export despite blockers, marking each affected claim.
        #[arg(long)]
        allow_blockers: bool,
    },
    /// Open the project in the desktop app.
    Open {
        /// The project folder.
        dir: PathBuf,
    },
    /// Open the bundled sample project in the desktop app (a copy in your
    /// data folder, installed on first use).
    Sample,
    /// Print the completion script for a shell (bash, zsh, fish, elvish,
    /// powershell), e.g. `attest completions bash > ~/.local/share/bash-completion/completions/attest`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (attest.1 and one per command) into DIR.
    #[command(name = "manual-pages", hide = true)]
    ManualPages {
        /// The folder to write them into.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum SourceCommand {
    /// Add a source from a file (plain text, Markdown, a saved web page, a
    /// PDF or a Word file) or, with --url and no file, from the web; prints
    /// its ID. The text is extracted and kept as the snapshot quotes anchor
    /// into, and the original is kept beside it. Metadata found in the
    /// document fills the citation fields not given.
    Add {
        /// The project folder.
        dir: PathBuf,
        /// The file; without it, the page at --url is fetched.
        file: Option<PathBuf>,
        /// A custom ID instead of a generated one.
        #[arg(long)]
        id: Option<String>,
        /// Add a PDF even when some of its pages could not be read (they
        /// stay out of the text, and `check` warns about them).
        #[arg(long)]
        allow_unreadable: bool,
        /// Add it even when the project has this very document already (the
        /// same text or the same original): both versions of a page, say.
        /// The two are linked and count as one source.
        #[arg(long)]
        duplicate: bool,
        #[command(flatten)]
        citation: CitationArgs,
    },
    /// Measure again what every source shares with the others, and record
    /// the links (a project made before links were measured has none until
    /// a source is added or updated). Marks of independence are kept.
    Links {
        /// The project folder.
        dir: PathBuf,
    },
    /// Count two sources that share text as independent (they count as one
    /// otherwise), recording why; with --clear, count them as one again.
    Independent {
        /// The project folder.
        dir: PathBuf,
        /// One source.
        a: String,
        /// The other.
        b: String,
        /// Why they are independent: "both quote the same statement, but
        /// report separately".
        #[arg(long, required_unless_present = "clear")]
        reason: Option<String>,
        /// Count them as one source again.
        #[arg(long, conflicts_with = "reason")]
        clear: bool,
    },
    /// Change a source's citation: only the fields given change; give an
    /// empty value ("") to clear one.
    Edit {
        /// The project folder.
        dir: PathBuf,
        /// The source.
        source: String,
        #[command(flatten)]
        citation: CitationEdit,
    },
    /// Remove a source. Refused while claims cite its quotes, unless
    /// --force, which removes that evidence and the quotes with it.
    Remove {
        /// The project folder.
        dir: PathBuf,
        /// The source.
        source: String,
        /// Remove its quotes and the evidence citing them too.
        #[arg(long)]
        force: bool,
    },
    /// Re-anchor a source's quotes in a new version of its text (from a
    /// file, or fetched from --url) and report the fate of each; with
    /// --accept, record the new version.
    Update {
        /// The project folder.
        dir: PathBuf,
        /// The source to update.
        source: String,
        /// The file with the new version (any format `source add` takes).
        file: Option<PathBuf>,
        /// Fetch the new version from this address instead of a file.
        #[arg(long, conflicts_with = "file")]
        url: Option<String>,
        /// Record the new version (without it, only the report is printed).
        #[arg(long)]
        accept: bool,
        /// Take a new PDF version even when some of its pages could not be
        /// read.
        #[arg(long)]
        allow_unreadable: bool,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Args)]
struct CitationArgs {
    /// Headline or title.
    #[arg(long, default_value = "")]
    title: String,
    /// Publication or organisation.
    #[arg(long, default_value = "")]
    publisher: String,
    /// Author or authors.
    #[arg(long, default_value = "")]
    author: String,
    /// Web address (https://…); without a FILE, the page is fetched from it.
    #[arg(long, default_value = "")]
    url: String,
    /// Publication date, YYYY-MM-DD.
    #[arg(long, default_value = "")]
    published: String,
    /// Date retrieved, YYYY-MM-DD.
    #[arg(long, default_value = "")]
    retrieved: String,
}

#[derive(Debug, Args)]
struct CitationEdit {
    /// The short name people read in the app and the review ("AP").
    #[arg(long)]
    name: Option<String>,
    /// Headline or title.
    #[arg(long)]
    title: Option<String>,
    /// Publication or organisation.
    #[arg(long)]
    publisher: Option<String>,
    /// Author or authors.
    #[arg(long)]
    author: Option<String>,
    /// Web address (https://…).
    #[arg(long)]
    url: Option<String>,
    /// Publication date, YYYY-MM-DD.
    #[arg(long)]
    published: Option<String>,
    /// Date retrieved, YYYY-MM-DD.
    #[arg(long)]
    retrieved: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Markdown,
    Html,
    W3c,
}

impl From<ExportFormat> for crate::export::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Markdown => Self::Markdown,
            ExportFormat::Html => Self::Html,
            ExportFormat::W3c => Self::W3c,
        }
    }
}

#[derive(Debug, Subcommand)]
enum ClaimCommand {
    /// Add a claim to the summary; prints its ID.
    Add {
        /// The project folder.
        dir: PathBuf,
        /// The claim's text.
        text: String,
        /// Paragraph to add it to, from 1; one past the last starts a new
        /// paragraph. Default: the last paragraph.
        #[arg(long)]
        paragraph: Option<usize>,
    },
    #[command(flatten)]
    Edit(edit::ClaimEdit),
}

#[derive(Debug, Args)]
struct CiteArgs {
    /// The project folder.
    dir: PathBuf,
    /// The claim to cite into.
    claim: String,
    /// The source the quote is taken from.
    #[arg(long)]
    source: String,
    /// The exact text of the passage.
    #[arg(long)]
    quote: String,
    /// Text just before the passage, to choose between repeats.
    #[arg(long, default_value = "")]
    prefix: String,
    /// Text just after the passage, to choose between repeats.
    #[arg(long, default_value = "")]
    suffix: String,
    /// How the passage bears on the claim.
    #[arg(long, value_enum, default_value_t = StanceArg::Supports)]
    stance: StanceArg,
    /// A note on this piece of evidence.
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum StanceArg {
    Supports,
    Contradicts,
    Context,
}

impl From<StanceArg> for Stance {
    fn from(s: StanceArg) -> Self {
        match s {
            StanceArg::Supports => Stance::Supports,
            StanceArg::Contradicts => Stance::Contradicts,
            StanceArg::Context => Stance::Context,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the command line with the process's arguments.
pub fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    if args
        .next()
        .is_some_and(|a| a == import::isolate::WORKER_COMMAND)
    {
        let format = args.next().unwrap_or_default();
        return import::isolate::worker_main(&format.to_string_lossy());
    }
    crate::app::mark_process_start();
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: internal error ({info}). Nothing was saved by this command; please report it"
        );
        std::process::exit(2);
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`attest show … | head`) is no error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", crate::util::terminal::safe(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let Some(command) = cli.command else {
        crate::app::run(cli.dir)?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::New { dir, title } => {
            let title = title.trim();
            if title.is_empty() {
                bail!("the project needs a title; give one with --title");
            }
            Document::create(&dir, title)?;
            println!("Created project {title:?} in {}", dir.display());
        }
        Command::Source(SourceCommand::Add {
            dir,
            file,
            id,
            allow_unreadable,
            duplicate,
            citation,
        }) => {
            let from = match (file, citation.url.trim()) {
                (Some(file), _) => Origin::File(file),
                (None, url) if !url.is_empty() => Origin::Url(url.to_owned()),
                (None, _) => bail!("give the file to add, or --url to fetch a page"),
            };
            source_add(
                &dir,
                &from,
                id.as_deref(),
                allow_unreadable,
                duplicate,
                citation,
            )?
        }
        Command::Source(SourceCommand::Update {
            dir,
            source,
            file,
            url,
            accept,
            allow_unreadable,
            format,
        }) => {
            let from = match (file, url) {
                (Some(file), None) => Origin::File(file),
                (None, Some(url)) => Origin::Url(url),
                _ => bail!("give the file with the new version, or --url to fetch it"),
            };
            let source = source_arg(Document::open(&dir)?.project(), &source)?;
            source_update(&dir, &source, &from, accept, allow_unreadable, format)?
        }
        Command::Claim(ClaimCommand::Add {
            dir,
            text,
            paragraph,
        }) => {
            let mut doc = open(&dir)?;
            let paragraph = match paragraph {
                Some(0) => bail!("paragraphs are numbered from 1"),
                Some(n) => Some(n - 1),
                None => None,
            };
            let (command, id) = actions::add_claim(doc.project(), &text, paragraph)?;
            doc.apply(command)?;
            doc.save()?;
            let place = doc
                .project()
                .claim_place(&id)
                .expect("the claim was just added");
            println!("{id}");
            eprintln!("Added claim {id} to paragraph {}", place.paragraph + 1);
        }
        Command::Claim(ClaimCommand::Edit(edit)) => edit::claim(edit)?,
        Command::Evidence(command) => edit::evidence(command)?,
        Command::Suggest(args) => find::suggest(args)?,
        Command::Search(args) => find::search(args)?,
        Command::Source(SourceCommand::Links { dir }) => source::source_links(&dir)?,
        Command::Source(SourceCommand::Independent {
            dir,
            a,
            b,
            reason,
            clear: _,
        }) => source::source_independent(&dir, &a, &b, reason.as_deref())?,
        Command::Source(SourceCommand::Remove { dir, source, force }) => {
            edit::source_remove(&dir, &source, force)?
        }
        Command::Git(command) => return team::git(command),
        Command::Resolve(args) => return team::resolve(args),
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => return Ok(team::merge_driver(&base, &ours, &theirs, &path)),
        Command::Textconv { file } => team::textconv(&file)?,
        Command::Cite(args) => cite(args)?,
        Command::Import { dir, w3c, source } => import(&dir, &w3c, source.as_deref())?,
        Command::Settings {
            dir,
            title,
            min_sources,
        } => edit::settings(&dir, title, min_sources)?,
        Command::Show { dir, format } => {
            let doc = open(&dir)?;
            let mut out = std::io::stdout().lock();
            match format {
                Format::Text => {
                    out.write_all(crate::util::terminal::safe(&show_text(&doc)).as_bytes())?
                }
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &ShowJson::new(&doc))?;
                    writeln!(out)?;
                }
            }
        }
        Command::Check {
            dir,
            strict,
            format,
        } => return check(&dir, strict, format),
        Command::Signoff {
            dir,
            claim,
            by,
            note,
        } => return signoff(&dir, &claim, &by, &note),
        Command::Export {
            dir,
            format,
            output,
            allow_blockers,
        } => return export(&dir, format.into(), output.as_deref(), allow_blockers),
        Command::Source(SourceCommand::Edit {
            dir,
            source,
            citation,
        }) => source_edit(&dir, &source, citation)?,
        Command::Open { dir } => crate::app::run(Some(dir))?,
        Command::Sample => {
            let data = crate::app::settings::data_dir()
                .context("no home folder to install the sample project in; set ATTEST_DATA_DIR")?;
            let dir = crate::app::sample::install(&data)?;
            eprintln!("Opening the sample project in {}", dir.display());
            crate::app::run(Some(dir))?;
        }
        Command::Recheck(args) => return recheck::recheck(args),
        Command::Completions { shell } => docs::completions(shell)?,
        Command::ManualPages { dir } => docs::manual_pages(&dir)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The claim an argument names: its ID or a unique start of it.
fn claim_arg(project: &Project, arg: &str) -> Result<ClaimId> {
    let ids = project.claims().map(|(_, c)| c.id.as_str());
    Ok(find_by_prefix(ids, arg.trim(), "claim")
        .map_err(anyhow::Error::msg)?
        .into())
}

/// The quote an argument names: its ID or a unique start of it.
fn quote_arg(project: &Project, arg: &str) -> Result<QuoteId> {
    let ids = project.quotes.iter().map(|q| q.id.as_str());
    Ok(find_by_prefix(ids, arg.trim(), "quote")
        .map_err(anyhow::Error::msg)?
        .into())
}

/// The source an argument names: its ID or a unique start of it.
fn source_arg(project: &Project, arg: &str) -> Result<SourceId> {
    let ids = project.sources.iter().map(|s| s.id.as_str());
    Ok(find_by_prefix(ids, arg.trim(), "source")
        .map_err(anyhow::Error::msg)?
        .into())
}

/// Opens a project, printing any integrity problems as warnings.
fn open(dir: &Path) -> Result<Document> {
    let doc = Document::open(dir)?;
    if let Some(holder) = crate::project::lock::held_elsewhere(dir) {
        eprintln!("warning: {}", crate::project::lock::warning(dir, &holder));
    }
    if crate::project::journal::exists(dir) {
        eprintln!(
            "warning: {} holds unsaved work from the desktop app ({}); this command works on the saved project. Open it in the app to restore or discard that work",
            dir.display(),
            crate::project::journal::JOURNAL_DIR
        );
    }
    for finding in doc.load_findings() {
        eprintln!("warning: {finding}");
    }
    Ok(doc)
}
