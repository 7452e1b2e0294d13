//! `attest suggest` and `attest search`: finding evidence in every source.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use super::{Format, claim_arg, open};
use crate::evidence::{self, Hit, Index, Suggestion};
use crate::model::{Project, SourceId};
use crate::project::document::Document;
use crate::util::snippet;

/// Arguments of `attest suggest`.
#[derive(Debug, Args)]
pub(super) struct SuggestArgs {
    /// The project folder.
    dir: PathBuf,
    /// The claim to find evidence for.
    claim: String,
    /// How many passages to list.
    #[arg(long, default_value_t = evidence::DEFAULT_SUGGESTIONS)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Arguments of `attest search`.
#[derive(Debug, Args)]
pub(super) struct SearchArgs {
    /// The project folder.
    dir: PathBuf,
    /// Words that must all be in a passage (matched by stem, in any case);
    /// a part in double quotes must stand as a phrase.
    query: String,
    /// List the passages closest to the query in meaning and words instead
    /// (as suggestions are ranked), the closest first, whether or not they
    /// hold its words: "reporters hurt" finds "journalists were injured".
    #[arg(long)]
    meaning: bool,
    /// How many matches to list [default: 50, or 20 with --meaning].
    #[arg(long)]
    limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// The index of the project's sources: by words and meaning, the meaning
/// of their passages kept in the project's cache, or by words alone.
fn index_of(doc: &Document, by_meaning: bool) -> Index {
    let mut index = if by_meaning {
        let mut index = Index::default();
        index.keep_meaning_in(evidence::Cache::of_project(doc.dir()));
        index
    } else {
        Index::by_words_alone()
    };
    index.sync(&evidence::source_texts(doc.project(), |id| doc.text_of(id)));
    index
}

/// Lists the passages most likely to back or dispute a claim.
pub(super) fn suggest(args: SuggestArgs) -> Result<()> {
    // The meaning model reads while the project does.
    std::thread::spawn(|| evidence::meaning::model().is_ok());
    let doc = open(&args.dir)?;
    let claim = claim_arg(doc.project(), &args.claim)?;
    if args.limit == 0 {
        bail!("--limit must be at least 1");
    }
    let index = index_of(&doc, true);
    if let Some(why) = evidence::meaning::missing() {
        eprintln!("note: {why}; evidence is ranked by its words alone");
    }
    let found = index.suggest(doc.project(), &claim, args.limit)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &found)?;
            writeln!(out)?;
        }
        Format::Text => {
            let text = &doc.project().claim(&claim).expect("found above").text;
            let mut report = format!("Suggested evidence for {claim} “{}”\n", snippet(text, 80));
            if index.source_count() == 0 {
                report.push_str("The project has no sources to look in.\n");
            } else if found.is_empty() {
                report.push_str("No passage of any source shares its words.\n");
            }
            for (n, s) in found.iter().enumerate() {
                suggestion_text(&mut report, doc.project(), n + 1, s);
            }
            out.write_all(crate::util::terminal::safe(&report).as_bytes())?;
        }
    }
    Ok(())
}

fn source_name(project: &Project, id: &SourceId) -> String {
    project.source(id).map_or_else(
        || id.to_string(),
        |s| match s.citation.title.trim() {
            "" => id.to_string(),
            title => format!("{id} “{}”", snippet(title, 50)),
        },
    )
}

fn suggestion_text(out: &mut String, project: &Project, n: usize, s: &Suggestion) {
    let _ = writeln!(
        out,
        "\n{n:>2}. {}, chars {}–{} (score {:.2}{})",
        source_name(project, &s.source),
        s.start,
        s.end,
        s.score,
        if s.other_source {
            ""
        } else {
            ", from a source that already supports it, or one that shares its text"
        }
    );
    let _ = writeln!(out, "    “{}”", snippet(&s.text, 300));
    if let Some(label) = s.label() {
        let mark = if s.different_number.is_some() {
            '⚠'
        } else {
            '≈'
        };
        let _ = writeln!(out, "    {mark} {label}");
    }
}

/// Lists the passages of every source that match a query, by source.
pub(super) fn search(args: SearchArgs) -> Result<()> {
    if args.meaning {
        std::thread::spawn(|| evidence::meaning::model().is_ok());
    }
    let doc = open(&args.dir)?;
    if args.query.trim().is_empty() {
        bail!("give words to search for");
    }
    let limit = args.limit.unwrap_or(if args.meaning { 20 } else { 50 });
    if limit == 0 {
        bail!("--limit must be at least 1");
    }
    let index = index_of(&doc, args.meaning);
    let hits = if args.meaning {
        if let Some(why) = evidence::meaning::missing() {
            eprintln!("note: {why}; passages are ranked by their words alone");
        }
        index.search_meaning(&args.query, limit)
    } else {
        index.search(&args.query, limit)
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        Format::Text if args.meaning => {
            let mut report = format!(
                "Passages closest in meaning to {:?}, the closest first:\n",
                args.query
            );
            if hits.is_empty() {
                report.push_str("None: the query has no words to look for.\n");
            }
            for (n, hit) in hits.iter().enumerate() {
                let _ = writeln!(
                    report,
                    "\n{:>2}. {}, chars {}–{}\n    “{}”",
                    n + 1,
                    source_name(doc.project(), &hit.source),
                    hit.start,
                    hit.end,
                    snippet(&hit.text, 300)
                );
            }
            out.write_all(crate::util::terminal::safe(&report).as_bytes())?;
        }
        Format::Text => {
            let mut report = String::new();
            if hits.is_empty() {
                let _ = writeln!(
                    report,
                    "No passage of the {} source(s) matches {:?}.",
                    index.source_count(),
                    args.query
                );
            }
            for (source, group) in evidence::by_source(&hits) {
                let _ = writeln!(
                    report,
                    "{} ({} match{})",
                    source_name(doc.project(), &source),
                    group.len(),
                    if group.len() == 1 { "" } else { "es" }
                );
                for hit in group {
                    let _ = writeln!(report, "  {:>7}  {}", hit.start, marked(hit));
                }
                report.push('\n');
            }
            out.write_all(crate::util::terminal::safe(&report).as_bytes())?;
        }
    }
    Ok(())
}

/// A hit's passage with the match in brackets, shortened around it.
fn marked(hit: &Hit) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    let (a, b) = (hit.start - hit.passage.start, hit.end - hit.passage.start);
    let from = a.saturating_sub(60);
    let to = (b + 60).min(chars.len());
    let piece = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "…" } else { "" },
        piece(from..a),
        piece(a..b),
        piece(b..to),
        if to < chars.len() { "…" } else { "" }
    )
}
