//! `attest source add`, `update` and `edit`: sources as published, their
//! new versions with what happens to every quote, and their citations.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::import::{self, Origin};
use crate::model::{Citation, SourceId};
use crate::project::actions;
use crate::util::snippet;

use super::{CitationArgs, CitationEdit, Format, open, source_arg};

pub(super) fn source_edit(dir: &Path, source: &str, edit: CitationEdit) -> Result<()> {
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
    let command = actions::edit_citation(doc.project(), source, citation, edit.name.as_deref())?;
    doc.apply(command)?;
    doc.save()?;
    eprintln!("Updated the citation of {source}");
    Ok(())
}

/// Reads and extracts a source, saying so first when it is fetched.
/// A document with pages whose text could not be read is refused unless
/// `allow_unreadable`, and then taken with a warning.
pub(super) fn import_from(origin: &Origin, allow_unreadable: bool) -> Result<import::Imported> {
    if let Origin::Url(url) = origin {
        eprintln!("Fetching {}…", crate::util::terminal::safe(url));
    }
    let imported = origin.import(&import::fetch::Progress::default())?;
    if let Some(pages) = imported.unreadable_pages() {
        if !allow_unreadable {
            bail!(
                "{}: {pages}. Nothing was changed. To take it anyway, without those pages, give --allow-unreadable; or find a copy whose text can be read",
                crate::util::terminal::safe(&origin.name())
            );
        }
        eprintln!(
            "warning: {}; `attest check` will remind you",
            crate::util::terminal::safe(&pages)
        );
    }
    Ok(imported)
}

pub(super) fn source_add(
    dir: &Path,
    from: &Origin,
    id: Option<&str>,
    allow_unreadable: bool,
    duplicate: bool,
    args: CitationArgs,
) -> Result<()> {
    let mut doc = open(dir)?;
    let imported = import_from(from, allow_unreadable)?;
    let document_date = imported.extracted.document_date.clone();
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
    let original = imported.original_and_paging();
    let original_bytes_sha = imported
        .original
        .as_ref()
        .map(|o| crate::model::sha256_hex(&o.bytes));
    let text: std::sync::Arc<str> = imported.extracted.text.into();
    let chars = text.chars().count();
    let (command, id) =
        actions::add_imported_source(doc.project(), text.clone(), original, citation, id)
            .with_context(|| format!("cannot add {}", from.name()))?;
    if let Some(same) = actions::same_document(doc.project(), &text, original_bytes_sha.as_deref())
        && !duplicate
    {
        bail!(
            "{} is the same text as {} ({}){}; add it anyway with --duplicate to keep both versions of the page (they will count as one source)",
            from.name(),
            quoted_label(same),
            same.id,
            match same.citation.retrieved.as_str() {
                "" => String::new(),
                date => format!(", retrieved on {date}"),
            }
        );
    }
    doc.apply(command)?;
    doc.save()?;
    let source = doc
        .project()
        .source(&id)
        .expect("the source was just added");
    println!("{id}");
    let safe = crate::util::terminal::safe;
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
    report_links(doc.project(), &id);
    if source.citation.published.is_empty() && !document_date.is_empty() {
        eprintln!(
            "note: the file says it was made on {document_date}; that is not its publication date (a file printed or saved today says today). Check, then: attest source edit DIR {id} --published YYYY-MM-DD"
        );
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

pub(super) fn source_update(
    dir: &Path,
    source: &SourceId,
    from: &Origin,
    accept: bool,
    allow_unreadable: bool,
    format: Format,
) -> Result<()> {
    let mut doc = open(dir)?;
    let imported = import_from(from, allow_unreadable)?;
    let original = imported.original_and_paging();
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
        report_links(doc.project(), source);
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

pub(super) fn write_fate(
    out: &mut impl std::io::Write,
    fate: &actions::QuoteFate,
) -> std::io::Result<()> {
    use crate::text::reanchor::Outcome;
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
        use crate::text::reanchor::Outcome;
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

/// A source's label in quotation marks, made safe to print.
fn quoted_label(source: &crate::model::Source) -> String {
    format!(
        "‘{}’",
        crate::util::terminal::safe(&crate::util::snippet(source.label(), 60))
    )
}

/// Tells what a source shares with others, on standard error.
fn report_links(project: &crate::model::Project, source: &SourceId) {
    for link in project.links_of(source) {
        eprintln!(
            "note: {source} {}",
            crate::util::terminal::safe(&link.summary(project, source))
        );
        if link.counts_as_one() {
            eprintln!(
                "  if they are not the same story: attest source independent DIR {} {} --reason \"…\"",
                link.a, link.b
            );
        }
    }
}

/// Marks two sources independent, or (with no reason) one source again.
pub(super) fn source_independent(dir: &Path, a: &str, b: &str, reason: Option<&str>) -> Result<()> {
    let mut doc = open(dir)?;
    let a = source_arg(doc.project(), a)?;
    let b = source_arg(doc.project(), b)?;
    let command = actions::mark_independent(doc.project(), &a, &b, reason)?;
    doc.apply(command)?;
    doc.save()?;
    match reason {
        Some(_) => eprintln!("{a} and {b} now count as two independent sources."),
        None => eprintln!("{a} and {b} count as one source again."),
    }
    Ok(())
}

/// Measures every source's links again and reports them.
pub(super) fn source_links(dir: &Path) -> Result<()> {
    let mut doc = open(dir)?;
    let ids: Vec<SourceId> = doc.project().sources.iter().map(|s| s.id.clone()).collect();
    // Each source is measured against the others as they stand; a link
    // found from one side is found again, the same, from the other.
    let mut count = 0;
    for id in &ids {
        if let Some(links) = actions::measure_links(doc.project(), doc.texts(), id) {
            doc.apply(links)?;
            count += 1;
        }
    }
    if count > 0 {
        doc.save()?;
    }
    let links = &doc.project().links;
    eprintln!(
        "{} link(s) between {} sources{}.",
        links.len(),
        ids.len(),
        if count == 0 { "; nothing changed" } else { "" }
    );
    for link in links {
        eprintln!(
            "  {} {}",
            link.a,
            crate::util::terminal::safe(&link.summary(doc.project(), &link.a))
        );
    }
    Ok(())
}
