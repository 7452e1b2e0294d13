//! Markdown: the summary in paragraphs with footnote markers; each footnote
//! quotes the passage and cites the source.

use std::fmt::Write as _;

use super::{Export, Note, Publication, blocked_label, citation_parts, one_line};
use crate::model::Stance;

/// Markdown with footnotes (CommonMark with the common footnote extension).
pub struct Markdown;

impl Export for Markdown {
    fn name(&self) -> &'static str {
        "Markdown"
    }

    fn extension(&self) -> &'static str {
        "md"
    }

    fn render(&self, p: &Publication) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", escape(&one_line(&p.project.title)));
        for finding in &p.general_blockers {
            let _ = writeln!(
                out,
                "> **Not cleared for publication:** {}\n",
                escape(&one_line(&finding.message))
            );
        }
        for paragraph in &p.paragraphs {
            let sentences: Vec<String> = paragraph
                .iter()
                .map(|cited| {
                    let mut s = String::new();
                    if !cited.blockers.is_empty() {
                        let _ = write!(s, "**⚠ {}:** ", blocked_label(cited));
                    }
                    s.push_str(&escape(&one_line(&cited.claim.text)));
                    let marks = |stance: Stance| -> String {
                        cited
                            .notes
                            .iter()
                            .filter(|n| p.note(**n).stance == stance)
                            .map(|n| format!("[^{n}]"))
                            .collect()
                    };
                    s.push_str(&marks(Stance::Supports));
                    s.push_str(&marks(Stance::Context));
                    let disputed = marks(Stance::Contradicts);
                    if !disputed.is_empty() {
                        let _ = write!(s, " *(disputed{disputed})*");
                    }
                    s
                })
                .collect();
            let _ = writeln!(out, "{}\n", sentences.join(" "));
        }
        if !p.sources.is_empty() {
            out.push_str("## Sources\n\n");
            for source in &p.sources {
                let _ = write!(
                    out,
                    "{}. **{}**: {}",
                    p.source_number(&source.id),
                    escape(&one_line(source.short_name())),
                    cite(source)
                );
                if let Some(recheck) = p.project.live_status(&source.id) {
                    let summary = super::capitalised(&recheck.summary(p.project));
                    let _ = write!(out, " {}.", escape(&summary));
                }
                let _ = writeln!(out, " Text version SHA-256 `{}`.", source.sha256);
            }
            out.push('\n');
        }
        for note in &p.notes {
            let _ = writeln!(out, "[^{}]: {}", note.number, footnote(p, note));
        }
        out
    }
}

/// A note in short form: the passage, the source's short name and its
/// number in the list of sources (which gives the full citation), where in
/// the source it is, and the editor's note.
fn footnote(p: &Publication, note: &Note) -> String {
    let mut s = String::new();
    match note.stance {
        Stance::Supports => {}
        Stance::Contradicts => s.push_str("**Contradicts the claim:** "),
        Stance::Context => s.push_str("**Context:** "),
    }
    let _ = write!(
        s,
        "“{}” — {} \\[{}\\].",
        escape(&one_line(&note.quote.text)),
        escape(&one_line(note.source.short_name())),
        p.source_number(&note.source.id)
    );
    s.push_str(&escape(&super::locator(note)));
    if !note.comment.trim().is_empty() {
        let _ = write!(s, " *Note:* {}", escape(&one_line(note.comment)));
    }
    s
}

/// A source's citation: *Title*, author, publisher, date. <URL>
fn cite(source: &crate::model::Source) -> String {
    let parts: Vec<String> = citation_parts(source)
        .into_iter()
        .map(|(field, value)| match field {
            "title" => format!("*{}*", escape(&one_line(value))),
            _ => escape(&one_line(value)),
        })
        .collect();
    let mut s = format!("{}.", parts.join(", "));
    let url = source.citation.url.trim();
    if !url.is_empty() {
        let _ = write!(s, " <{}>.", url.replace(['<', '>', ' '], ""));
    }
    s
}

/// Escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("a *b* [c](d) <script>"),
            r"a \*b\* \[c\](d) \<script\>"
        );
        assert_eq!(escape("Khan's 26th"), "Khan's 26th");
    }
}
