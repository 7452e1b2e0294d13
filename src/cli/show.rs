//! `attest show`: the project for people (text) and for scripts (JSON).

use serde::Serialize;

use crate::project::document::Document;
use crate::util::snippet;

pub(super) fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// The project as a reviewer reads it.
pub(super) fn show_text(doc: &Document) -> String {
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
        let _ = writeln!(
            out,
            "  {}  ‘{}’  {}",
            source.id,
            crate::util::terminal::safe(source.short_name()),
            or_dash(&c.title)
        );
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
        if let Some(recheck) = project.live_status(&source.id) {
            let _ = writeln!(out, "      {}", recheck.summary(project));
        }
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
                if let Some(unreadable) = crate::model::unreadable_message(&o.unreadable) {
                    let _ = writeln!(out, "      ⚠ {unreadable}");
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "      format: plain text (the snapshot is the original)"
                );
            }
        }
        for link in project.links_of(&source.id) {
            let _ = writeln!(out, "      ↔ {}", link.summary(project, &source.id));
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
                // A place is told among the claims, not as its keys.
                Some(_) if c.field == "at" => {
                    crate::model::fields::describe_value(project, c, v.as_deref())
                }
                Some(v) => format!("{:?}", snippet(v, 90)),
                None => "(deleted)".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {}  {} ({})",
                c.record,
                crate::model::fields::describe_field(&c.field),
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
pub(super) struct ShowJson<'a> {
    title: &'a str,
    format_version: u32,
    sources: Vec<SourceJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    problems: &'a [crate::check::Finding],
    conflicts: &'a [crate::model::Conflict],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    links: &'a [crate::model::SourceLink],
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
    /// The newest recheck of this version against the live page.
    #[serde(skip_serializing_if = "Option::is_none")]
    live: Option<&'a crate::model::Recheck>,
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
    pub(super) fn new(doc: &'a Document) -> Self {
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
                    live: project.live_status(&s.id),
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
            links: &doc.project().links,
        }
    }
}
