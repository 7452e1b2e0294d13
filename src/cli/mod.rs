//! The `attest` command line.
//!
//! Each command loads the project, acts through the same library the desktop
//! app uses, saves atomically and says what it did. A command that creates
//! something prints its new ID alone on standard output (so scripts can
//! capture it) and a sentence about it on standard error. Errors go to
//! standard error with exit status 2; status 1 is kept for `attest check`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

mod edit;
mod find;
mod team;

use crate::actions;
use crate::anchor::snippet;
use crate::check::Severity;
use crate::document::Document;
use crate::import::{self, Origin};
use crate::model::{Citation, ClaimId, Project, QuoteId, SourceId, Stance, find_by_prefix};
use crate::store;

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
        #[command(flatten)]
        citation: CitationArgs,
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
            eprintln!("error: {}", crate::terminal::safe(&format!("{e:#}")));
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
            citation,
        }) => {
            let from = match (file, citation.url.trim()) {
                (Some(file), _) => Origin::File(file),
                (None, url) if !url.is_empty() => Origin::Url(url.to_owned()),
                (None, _) => bail!("give the file to add, or --url to fetch a page"),
            };
            source_add(&dir, &from, id.as_deref(), citation)?
        }
        Command::Source(SourceCommand::Update {
            dir,
            source,
            file,
            url,
            accept,
            format,
        }) => {
            let from = match (file, url) {
                (Some(file), None) => Origin::File(file),
                (None, Some(url)) => Origin::Url(url),
                _ => bail!("give the file with the new version, or --url to fetch it"),
            };
            let source = source_arg(Document::open(&dir)?.project(), &source)?;
            source_update(&dir, &source, &from, accept, format)?
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
        Command::Show { dir, format } => {
            let doc = open(&dir)?;
            let mut out = std::io::stdout().lock();
            match format {
                Format::Text => {
                    out.write_all(crate::terminal::safe(&show_text(&doc)).as_bytes())?
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
    if let Some(holder) = crate::lock::held_elsewhere(dir) {
        eprintln!("warning: {}", crate::lock::warning(dir, &holder));
    }
    if crate::journal::exists(dir) {
        eprintln!(
            "warning: {} holds unsaved work from the desktop app ({}); this command works on the saved project. Open it in the app to restore or discard that work",
            dir.display(),
            crate::journal::JOURNAL_DIR
        );
    }
    for finding in doc.load_findings() {
        eprintln!("warning: {finding}");
    }
    Ok(doc)
}

fn source_edit(dir: &Path, source: &str, edit: CitationEdit) -> Result<()> {
    let mut doc = open(dir)?;
    let source = &source_arg(doc.project(), source)?;
    let mut citation = doc
        .project()
        .source(source)
        .ok_or_else(|| actions::ActionError::NoSuchSource(source.clone()))?
        .citation
        .clone();
    for (field, value) in [
        (&mut citation.title, edit.title),
        (&mut citation.publisher, edit.publisher),
        (&mut citation.author, edit.author),
        (&mut citation.url, edit.url),
        (&mut citation.published, edit.published),
        (&mut citation.retrieved, edit.retrieved),
    ] {
        if let Some(value) = value {
            *field = value.trim().to_owned();
        }
    }
    let command = actions::edit_citation(doc.project(), source, citation)?;
    doc.apply(command)?;
    doc.save()?;
    eprintln!("Updated the citation of {source}");
    Ok(())
}

fn check(dir: &Path, strict: bool, format: Format) -> Result<ExitCode> {
    // Integrity problems are part of the report; no separate warnings.
    let doc = Document::open(dir)?;
    let report = doc.check();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => {
            out.write_all(crate::terminal::safe(&check_text(&doc, &report, strict)).as_bytes())?
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Summary {
                blockers: usize,
                warnings: usize,
            }
            #[derive(Serialize)]
            struct CheckJson<'a> {
                findings: &'a [crate::check::Finding],
                summary: Summary,
            }
            serde_json::to_writer_pretty(
                &mut out,
                &CheckJson {
                    findings: report.findings(),
                    summary: Summary {
                        blockers: report.count(Severity::Blocker),
                        warnings: report.count(Severity::Warning),
                    },
                },
            )?;
            writeln!(out)?;
        }
    }
    Ok(if report.blocks(strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The command that acts on a finding, for the command line's check (the
/// app's messages name its buttons instead).
fn command_hint(finding: &crate::check::Finding) -> Option<String> {
    use crate::check::Rule;
    let record = finding
        .claim
        .as_ref()
        .map(|c| c.as_str())
        .or(finding.quote.as_ref().map(|q| q.as_str()))
        .or(finding.source.as_ref().map(|s| s.as_str()))?;
    match finding.rule {
        Rule::Unreviewed => Some(format!("attest signoff DIR {record} --by NAME")),
        Rule::MergeConflict => Some(format!(
            "attest resolve DIR {record} --ours|--theirs (see `attest show DIR`)"
        )),
        _ => None,
    }
}

/// The check as a reviewer's list: claim by claim, then the sources.
fn check_text(doc: &Document, report: &crate::check::Report, strict: bool) -> String {
    use std::fmt::Write as _;
    let project = doc.project();
    let mut out = String::new();
    let line = |out: &mut String, f: &crate::check::Finding| {
        let _ = writeln!(out, "  {:<8} {}: {}", f.severity.name(), f.rule, f.message);
        if let Some(hint) = command_hint(f) {
            let _ = writeln!(out, "           → {hint}");
        }
    };
    let _ = writeln!(out, "Provenance check of {:?}\n", project.title);
    for (paragraph, claim) in project.claims() {
        let _ = writeln!(
            out,
            "¶{} {} “{}”",
            paragraph + 1,
            claim.id,
            snippet(&claim.text, 100)
        );
        for f in report.of_claim(&claim.id) {
            line(&mut out, f);
        }
        out.push('\n');
    }
    let general: Vec<_> = report.general().collect();
    if !general.is_empty() {
        out.push_str("Sources and uncited quotes\n");
        for f in general {
            line(&mut out, f);
        }
        out.push('\n');
    }
    let blockers = report.count(Severity::Blocker);
    let warnings = report.count(Severity::Warning);
    let _ = writeln!(
        out,
        "{blockers} blocker(s), {warnings} warning(s), {} for information.",
        report.count(Severity::Info)
    );
    let verdict = if report.blocks(strict) {
        if blockers > 0 {
            "Not ready to publish: resolve the blockers above."
        } else {
            "Not ready to publish under --strict: resolve the warnings above."
        }
    } else if warnings > 0 {
        "Nothing blocks publication; review the warnings above."
    } else {
        "Ready to publish."
    };
    let _ = writeln!(out, "{verdict}");
    out
}

fn signoff(dir: &Path, claim: &str, by: &str, note: &str) -> Result<ExitCode> {
    let mut doc = open(dir)?;
    let claim = &claim_arg(doc.project(), claim)?;
    let report = doc.check();
    let command =
        match actions::sign_off(doc.project(), &report, claim, by, note, &actions::now_utc()) {
            Ok(command) => command,
            Err(
                e @ (actions::ActionError::SignOffBlocked { .. }
                | actions::ActionError::MergeConflicts(_)),
            ) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(e.into()),
        };
    doc.apply(command)?;
    doc.save()?;
    eprintln!("Signed off {claim} as {}", by.trim());
    Ok(ExitCode::SUCCESS)
}

fn export(
    dir: &Path,
    format: crate::export::Format,
    output: Option<&Path>,
    allow_blockers: bool,
) -> Result<ExitCode> {
    let doc = open(dir)?;
    let exported = match crate::export::export(&doc, format, allow_blockers) {
        Ok(exported) => exported,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = exported.text;
    match output {
        Some(path) => {
            store::atomic_write(path, text.as_bytes())?;
            eprintln!("Wrote {} to {}", format.exporter().name(), path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if exported.has_blockers {
        eprintln!("warning: exported with blockers; each affected claim is marked");
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and extracts a source, saying so first when it is fetched.
fn import_from(origin: &Origin) -> Result<import::Imported> {
    if let Origin::Url(url) = origin {
        eprintln!("Fetching {}…", crate::terminal::safe(url));
    }
    Ok(origin.import(&import::fetch::Progress::default())?)
}

fn source_add(dir: &Path, from: &Origin, id: Option<&str>, args: CitationArgs) -> Result<()> {
    let mut doc = open(dir)?;
    let imported = import_from(from)?;
    let found = &imported.extracted.metadata;
    let pick = |given: &str, found: &str| {
        let given = given.trim();
        if given.is_empty() { found } else { given }.to_owned()
    };
    let citation = Citation {
        title: pick(&args.title, &found.title),
        publisher: pick(&args.publisher, &found.publisher),
        author: pick(&args.author, &found.author),
        url: match from {
            // The page's own address (canonical, after redirects) is the one
            // to cite, not the one typed.
            Origin::Url(_) => found.url.clone(),
            Origin::File(_) => pick(&args.url, &found.url),
        },
        published: pick(&args.published, &found.published),
        retrieved: pick(&args.retrieved, &found.retrieved),
    };
    let text = imported.extracted.text;
    let chars = text.chars().count();
    let original = imported
        .original
        .as_ref()
        .map(|o| (o, imported.extracted.pages.clone()));
    let (command, id) =
        actions::add_imported_source(doc.project(), text.into(), original, citation, id)
            .with_context(|| format!("cannot add {}", from.name()))?;
    doc.apply(command)?;
    doc.save()?;
    let source = doc
        .project()
        .source(&id)
        .expect("the source was just added");
    println!("{id}");
    let safe = crate::terminal::safe;
    eprintln!(
        "Added source {id} {:?} ({}): {chars} chars, copied to {}",
        safe(source.label()),
        source.format_name(),
        source.file
    );
    if let Some(original) = &source.original {
        let pages = if original.pages.is_empty() {
            String::new()
        } else {
            format!(", {} pages", original.pages.len())
        };
        eprintln!(
            "The original is kept as {} (sha256 {}…{pages}); text by {} {}.",
            original.file,
            &original.sha256[..12],
            original.extractor,
            original.extractor_version
        );
    }
    let c = &source.citation;
    for (name, value) in [
        ("author", &c.author),
        ("publisher", &c.publisher),
        ("published", &c.published),
        ("url", &c.url),
        ("retrieved", &c.retrieved),
    ] {
        if !value.is_empty() {
            eprintln!("  {name}: {}", safe(value));
        }
    }
    if source.citation.title.is_empty() {
        eprintln!("note: the source has no title yet; citations need one");
    }
    Ok(())
}

impl Origin {
    /// The file or address, for messages.
    fn name(&self) -> String {
        match self {
            Origin::File(file) => file.display().to_string(),
            Origin::Url(url) => url.clone(),
        }
    }
}

fn source_update(
    dir: &Path,
    source: &SourceId,
    from: &Origin,
    accept: bool,
    format: Format,
) -> Result<()> {
    let mut doc = open(dir)?;
    let imported = import_from(from)?;
    let original = imported
        .original
        .as_ref()
        .map(|o| (o, imported.extracted.pages.clone()));
    let update = actions::update_imported_source(
        doc.project(),
        doc.texts(),
        source,
        imported.extracted.text.into(),
        original,
    )?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let report: Vec<FateJson> = update.fates.iter().map(FateJson::new).collect();
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => {
            let title = doc.project().source(source).map_or("", |s| s.label());
            if update.recorded_text_missing {
                writeln!(
                    out,
                    "Update of {source} “{title}”: the recorded text was changed on disk, so there is no diff; each quote was looked up by its own text and context."
                )?;
            } else {
                writeln!(
                    out,
                    "Update of {source} “{title}”: {} chars removed, {} added.",
                    update.chars_removed, update.chars_added
                )?;
            }
            let counts = update
                .counts()
                .iter()
                .map(|(status, n)| format!("{n} {status}"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(out, "{} quote(s): {counts}.\n", update.fates.len())?;
            for fate in &update.fates {
                write_fate(&mut out, fate)?;
            }
        }
    }
    let unresolved = update.unresolved();
    if accept {
        doc.apply(update.command)?;
        doc.save()?;
        let file = &doc
            .project()
            .source(source)
            .expect("the source exists")
            .file;
        eprintln!(
            "Recorded the new version of {source} as {file}; {unresolved} quote(s) need review (attest show lists them)."
        );
    } else {
        eprintln!(
            "Nothing was changed. Run again with --accept to record the new version{}.",
            if unresolved > 0 {
                format!("; {unresolved} quote(s) will then need review")
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

fn write_fate(out: &mut impl std::io::Write, fate: &actions::QuoteFate) -> std::io::Result<()> {
    use crate::reanchor::Outcome;
    let old = format!("{}..{}", fate.old.start, fate.old.end);
    let status = fate.outcome.status();
    match &fate.outcome {
        Outcome::Exact { start, end } | Outcome::Moved { start, end } => {
            writeln!(
                out,
                "{:<5} {status:<9} {old} → {start}..{end}",
                fate.quote.as_str()
            )
        }
        Outcome::Changed {
            start,
            end,
            new_text,
        } => {
            writeln!(
                out,
                "{:<5} {status:<9} {old} → {start}..{end}",
                fate.quote.as_str()
            )?;
            writeln!(out, "      was: “{}”", snippet(&fate.old_text, 100))?;
            writeln!(out, "      now: “{}”", snippet(new_text, 100))
        }
        Outcome::Ambiguous { candidates } => {
            let places = candidates
                .iter()
                .take(5)
                .map(|r| format!("{}..{}", r.start, r.end))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "{:<5} {status:<9} {old}  “{}”",
                fate.quote.as_str(),
                snippet(&fate.old_text, 80)
            )?;
            writeln!(out, "      {} places: {places}", candidates.len())
        }
        Outcome::Orphaned => writeln!(
            out,
            "{:<5} {status:<9} {old}  “{}”",
            fate.quote.as_str(),
            snippet(&fate.old_text, 80)
        ),
    }
}

#[derive(Serialize)]
struct FateJson<'a> {
    id: &'a str,
    status: &'static str,
    old_text: &'a str,
    new_text: Option<&'a str>,
    start: Option<usize>,
    end: Option<usize>,
    old_start: usize,
    old_end: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    candidates: Vec<[usize; 2]>,
}

impl<'a> FateJson<'a> {
    fn new(fate: &'a actions::QuoteFate) -> Self {
        use crate::reanchor::Outcome;
        let (new_text, place, candidates) = match &fate.outcome {
            Outcome::Exact { start, end } | Outcome::Moved { start, end } => (
                Some(fate.old_text.as_str()),
                Some((*start, *end)),
                Vec::new(),
            ),
            Outcome::Changed {
                start,
                end,
                new_text,
            } => (Some(new_text.as_str()), Some((*start, *end)), Vec::new()),
            Outcome::Ambiguous { candidates } => (
                None,
                None,
                candidates.iter().map(|r| [r.start, r.end]).collect(),
            ),
            Outcome::Orphaned => (None, None, Vec::new()),
        };
        Self {
            id: fate.quote.as_str(),
            status: fate.outcome.status(),
            old_text: &fate.old_text,
            new_text,
            start: place.map(|p| p.0),
            end: place.map(|p| p.1),
            old_start: fate.old.start,
            old_end: fate.old.end,
            candidates,
        }
    }
}

fn import(dir: &Path, file: &Path, source: Option<&str>) -> Result<()> {
    let mut doc = open(dir)?;
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > crate::w3c::MAX_ANNOTATION_BYTES as u64 {
        bail!(
            "{} is {}; annotation files are limited to {}",
            file.display(),
            store::human_size(size),
            store::human_size(crate::w3c::MAX_ANNOTATION_BYTES as u64)
        );
    }
    let json =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let annotations = crate::w3c::parse(&json)
        .with_context(|| format!("{} is not a W3C annotation file", file.display()))?;
    let source = source.map(SourceId::from);
    let (command, results) =
        actions::import_w3c(doc.project(), doc.texts(), &annotations, source.as_ref())?;
    let mut out = std::io::stdout().lock();
    let mut imported = 0;
    for (annotation, result) in annotations.iter().zip(&results) {
        let name = match &annotation.id {
            Some(id) => format!("annotation {} ({id})", annotation.number),
            None => format!("annotation {}", annotation.number),
        };
        match result {
            actions::Imported::Quoted { quote, claim } => {
                imported += 1;
                match claim {
                    Some(claim) => writeln!(out, "{name}: quoted as {quote}, cited in {claim}")?,
                    None => writeln!(out, "{name}: quoted as {quote}")?,
                }
            }
            actions::Imported::Review {
                reason,
                source,
                candidates,
            } => {
                writeln!(out, "{name}: needs review: {reason}")?;
                if let Some(text) = source.as_ref().and_then(|s| doc.text_of(s)) {
                    for c in candidates.iter().take(5) {
                        let passage = text.slice(c.clone()).unwrap_or_default();
                        writeln!(
                            out,
                            "    candidate in {}: chars {}..{}: “{}”",
                            source.as_ref().map_or("", |s| s.as_str()),
                            c.start,
                            c.end,
                            snippet(passage, 80)
                        )?;
                    }
                }
            }
        }
    }
    let review = results.len() - imported;
    if let Some(command) = command {
        doc.apply(command)?;
        doc.save()?;
    }
    eprintln!(
        "Imported {imported} of {} annotation(s); {review} need review and were not imported.",
        results.len()
    );
    Ok(())
}

fn cite(args: CiteArgs) -> Result<()> {
    let mut doc = open(&args.dir)?;
    let claim = claim_arg(doc.project(), &args.claim)?;
    let source = source_arg(doc.project(), &args.source)?;
    let span = actions::find_quote(
        doc.project(),
        doc.texts(),
        &source,
        &args.quote,
        &args.prefix,
        &args.suffix,
    )?;
    let stance = Stance::from(args.stance);
    let (command, quote) = actions::cite(
        doc.project(),
        doc.texts(),
        &claim,
        &source,
        span.start..span.end,
        stance,
        args.note.trim(),
    )?;
    doc.apply(command)?;
    doc.save()?;
    println!("{quote}");
    eprintln!(
        "Cited {quote} ({source}, chars {}..{}) in {claim} as {stance}",
        span.start, span.end
    );
    Ok(())
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// The project as a reviewer reads it.
fn show_text(doc: &Document) -> String {
    use std::fmt::Write as _;
    let project = doc.project();
    let mut out = String::new();
    let claims = project.claims().count();
    let _ = writeln!(out, "{}", project.title);
    let _ = writeln!(
        out,
        "{} source(s), {} quote(s), {claims} claim(s) in {} paragraph(s)",
        project.sources.len(),
        project.quotes.len(),
        project.paragraphs.len()
    );
    let _ = writeln!(out, "\nSOURCES");
    for source in &project.sources {
        let c = &source.citation;
        let _ = writeln!(out, "  {}  {}", source.id, or_dash(&c.title));
        let _ = writeln!(
            out,
            "      publisher: {} · author: {} · published: {} · retrieved: {}",
            or_dash(&c.publisher),
            or_dash(&c.author),
            or_dash(&c.published),
            or_dash(&c.retrieved)
        );
        let chars = doc
            .text_of(&source.id)
            .map_or("snapshot unavailable".to_owned(), |t| {
                format!("{} chars", t.char_len())
            });
        let _ = writeln!(out, "      url: {}", or_dash(&c.url));
        let _ = writeln!(
            out,
            "      {} · {chars} · sha256 {}…",
            source.file,
            &source.sha256[..12]
        );
        match &source.original {
            Some(o) => {
                let pages = match o.pages.len() {
                    0 => String::new(),
                    n => format!(" · {n} pages"),
                };
                let _ = writeln!(
                    out,
                    "      format: {}{pages} · original {} · sha256 {}… · text by {} {}",
                    source.format_name(),
                    o.file,
                    &o.sha256[..12.min(o.sha256.len())],
                    o.extractor,
                    o.extractor_version
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "      format: plain text (the snapshot is the original)"
                );
            }
        }
    }
    let _ = writeln!(out, "\nSUMMARY");
    for (i, paragraph) in project.paragraphs.iter().enumerate() {
        let _ = writeln!(out, "  ¶{}", i + 1);
        for claim in paragraph {
            let _ = writeln!(out, "  {}  {}", claim.id, claim.text);
            if claim.evidence.is_empty() {
                let _ = writeln!(out, "        (no evidence)");
            }
            for evidence in &claim.evidence {
                let Some(quote) = project.quote(&evidence.quote) else {
                    continue;
                };
                let page = project
                    .source(&quote.source)
                    .and_then(|s| s.page_of_quote(quote))
                    .map_or(String::new(), |(label, _)| format!(" p. {label}"));
                let _ = writeln!(
                    out,
                    "        {:<11} {} {} {}..{}{page}  \"{}\"",
                    evidence.stance.name(),
                    quote.id,
                    quote.source,
                    quote.start,
                    quote.end,
                    snippet(&quote.text, 90)
                );
                if !evidence.note.is_empty() {
                    let _ = writeln!(out, "                    note: {}", evidence.note);
                }
            }
            if let Some(signoff) = &claim.signoff {
                if signoff.hash == claim.content_hash(project) {
                    let _ = writeln!(
                        out,
                        "        signed off by {} at {}",
                        signoff.by, signoff.at
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "        sign-off by {} at {} is void: the claim changed since, so it needs a new sign-off",
                        signoff.by, signoff.at
                    );
                }
            }
        }
    }
    if !project.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\nMERGE CONFLICTS (resolve each in the app, or with `attest resolve DIR RECORD --ours|--theirs|--text T`)"
        );
        for c in &project.conflicts {
            let show = |v: &Option<String>| match v {
                Some(v) => format!("{:?}", snippet(v, 90)),
                None => "(deleted)".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {}  {} ({})",
                c.record,
                crate::merge::describe_field(&c.field),
                c.field
            );
            let _ = writeln!(out, "        ours:   {}", show(&c.ours));
            let _ = writeln!(out, "        theirs: {}", show(&c.theirs));
            let _ = writeln!(out, "        base:   {}", show(&c.base));
            if !c.sides.is_empty() {
                let _ = writeln!(out, "        ({})", c.sides);
            }
        }
    }
    if !doc.load_findings().is_empty() {
        let _ = writeln!(out, "\nPROBLEMS");
        for finding in doc.load_findings() {
            let _ = writeln!(out, "  {finding}");
        }
    }
    out
}

#[derive(Serialize)]
struct ShowJson<'a> {
    title: &'a str,
    format_version: u32,
    sources: Vec<SourceJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    problems: &'a [crate::check::Finding],
    conflicts: &'a [crate::model::Conflict],
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    title: &'a str,
    publisher: &'a str,
    author: &'a str,
    url: &'a str,
    published: &'a str,
    retrieved: &'a str,
    file: &'a str,
    sha256: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    original: Option<&'a crate::model::Original>,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    id: &'a str,
    paragraph: usize,
    text: &'a str,
    evidence: Vec<EvidenceJson<'a>>,
    signoff: Option<&'a crate::model::SignOff>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    quote: &'a str,
    stance: &'static str,
    note: &'a str,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    id: &'a str,
    source: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    /// The printed page label(s), for a quote from a paged document.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

impl<'a> ShowJson<'a> {
    fn new(doc: &'a Document) -> Self {
        let project = doc.project();
        Self {
            title: &project.title,
            format_version: project.format_version,
            sources: project
                .sources
                .iter()
                .map(|s| SourceJson {
                    id: s.id.as_str(),
                    title: &s.citation.title,
                    publisher: &s.citation.publisher,
                    author: &s.citation.author,
                    url: &s.citation.url,
                    published: &s.citation.published,
                    retrieved: &s.citation.retrieved,
                    file: &s.file,
                    sha256: &s.sha256,
                    format: s.format_name(),
                    original: s.original.as_ref(),
                })
                .collect(),
            claims: project
                .claims()
                .map(|(paragraph, c)| ClaimJson {
                    id: c.id.as_str(),
                    paragraph: paragraph + 1,
                    text: &c.text,
                    evidence: c
                        .evidence
                        .iter()
                        .map(|e| EvidenceJson {
                            quote: e.quote.as_str(),
                            stance: e.stance.name(),
                            note: &e.note,
                        })
                        .collect(),
                    signoff: c.signoff.as_ref(),
                })
                .collect(),
            quotes: project
                .quotes
                .iter()
                .map(|q| QuoteJson {
                    id: q.id.as_str(),
                    source: q.source.as_str(),
                    start: q.start,
                    end: q.end,
                    text: &q.text,
                    prefix: &q.prefix,
                    suffix: &q.suffix,
                    page: project
                        .source(&q.source)
                        .and_then(|s| s.page_of_quote(q))
                        .map(|(label, _)| label),
                })
                .collect(),
            problems: doc.load_findings(),
            conflicts: &doc.project().conflicts,
        }
    }
}
