//! `attest cite` and `attest import`: citing a passage, and importing W3C
//! Web Annotations as quotes and claims.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::model::{SourceId, Stance};
use crate::project::actions;
use crate::util::snippet;

use super::{CiteArgs, claim_arg, open, source_arg};

pub(super) fn import(dir: &Path, file: &Path, source: Option<&str>) -> Result<()> {
    let mut doc = open(dir)?;
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > crate::import::w3c::MAX_ANNOTATION_BYTES as u64 {
        bail!(
            "{} is {}; annotation files are limited to {}",
            file.display(),
            crate::util::human_size(size),
            crate::util::human_size(crate::import::w3c::MAX_ANNOTATION_BYTES as u64)
        );
    }
    let json =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let annotations = crate::import::w3c::parse(&json)
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

pub(super) fn cite(args: CiteArgs) -> Result<()> {
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
