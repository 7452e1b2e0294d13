//! HTML: one self-contained, printable file. Citation marks show their quote
//! on hover (and on keyboard focus) and link to the notes; no scripts, no
//! external requests. Every piece of user text is escaped.

use std::fmt::Write as _;

use super::{Export, Note, Publication, blocked_label, capitalised, citation_parts, one_line};
use crate::model::{Source, Stance};

/// One self-contained HTML file.
pub struct Html;

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b66; --line: #d9d6cf;
  --supports: #1f6f4a; --contradicts: #a3261f; --context: #4a5a8a; --paper: #fffdf8; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 1.0625rem/1.65 Georgia, "Noto Serif", "Times New Roman", serif; }
main { max-width: 44rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 2rem; }
h2 { font-size: 1.15rem; margin: 3rem 0 1rem; padding-top: 1rem; border-top: 1px solid var(--line);
  font-family: system-ui, sans-serif; letter-spacing: .02em; }
p.summary { margin: 0 0 1.25rem; }
.mark { position: relative; font: 600 .7rem/1 system-ui, sans-serif; vertical-align: super;
  text-decoration: none; color: var(--supports); padding: 0 .1rem; }
.mark.contradicts { color: var(--contradicts); }
.mark.context { color: var(--context); }
.mark .pop { display: none; position: absolute; left: 50%; bottom: 1.6em; transform: translateX(-50%);
  width: min(26rem, 80vw); padding: .7rem .85rem; background: #fff; color: var(--ink);
  border: 1px solid var(--line); border-radius: .4rem; box-shadow: 0 .4rem 1.2rem rgba(0,0,0,.18);
  font: 400 .9rem/1.45 Georgia, "Noto Serif", serif; vertical-align: baseline; z-index: 10;
  white-space: normal; text-align: left; }
.mark:hover .pop, .mark:focus .pop { display: block; }
.pop .stance, .notes .stance { font: 700 .7rem/1 system-ui, sans-serif; text-transform: uppercase;
  letter-spacing: .06em; margin-right: .35rem; }
.pop cite, .notes cite { font-style: italic; }
.disputed { font-size: .85em; color: var(--contradicts); white-space: nowrap; }
.blocked { outline: 2px solid var(--contradicts); outline-offset: 2px; border-radius: 2px; }
.flag { font: 700 .75rem/1 system-ui, sans-serif; color: #fff; background: var(--contradicts);
  padding: .15rem .35rem; border-radius: .2rem; margin-right: .3rem; white-space: nowrap; display: inline-block; }
.notice { border-left: 4px solid var(--contradicts); padding: .5rem .9rem; background: #fbeeed; }
ol.notes, ol.sources { padding-left: 1.6rem; font-size: .95rem; }
ol.notes li, ol.sources li { margin-bottom: .6rem; }
.shared { display: block; font-style: italic; }
.live { display: block; font: .85rem/1.5 system-ui, sans-serif; color: var(--muted); }
.live.changed { color: var(--contradicts); font-weight: 600; }
.notes .supports .stance { color: var(--supports); }
.notes .contradicts .stance { color: var(--contradicts); }
.notes .context .stance { color: var(--context); }
.note { color: var(--muted); }
.hash { font: .75rem ui-monospace, monospace; color: var(--muted); word-break: break-all; }
a.back { text-decoration: none; }
:target { background: #fff3c4; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .mark .pop { display: none !important; }
  a { color: inherit; }
  a.back { display: none; }
  h2 { break-after: avoid; }
  li { break-inside: avoid; }
}
"#;

impl Export for Html {
    fn name(&self) -> &'static str {
        "HTML"
    }

    fn extension(&self) -> &'static str {
        "html"
    }

    fn render(&self, p: &Publication) -> String {
        let title = escape(&one_line(&p.project.title));
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"Attest\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        );
        for finding in &p.general_blockers {
            let _ = writeln!(
                out,
                "<p class=\"notice\"><strong>Not cleared for publication:</strong> {}</p>",
                escape(&finding.message)
            );
        }
        for paragraph in &p.paragraphs {
            out.push_str("<p class=\"summary\">");
            for (i, cited) in paragraph.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let blocked = !cited.blockers.is_empty();
                let _ = write!(
                    out,
                    "<span class=\"claim{}\" id=\"{}\">",
                    if blocked { " blocked" } else { "" },
                    escape(cited.claim.id.as_str())
                );
                if blocked {
                    let _ = write!(
                        out,
                        "<strong class=\"flag\">⚠ {}</strong>",
                        escape(&blocked_label(cited))
                    );
                }
                // Isolated, so a right-to-left claim keeps its marks after it.
                let _ = write!(out, "<bdi>{}</bdi>", escape(&one_line(&cited.claim.text)));
                let numbers = |stance: Stance| {
                    cited
                        .notes
                        .iter()
                        .filter(move |n| p.note(**n).stance == stance)
                };
                for n in numbers(Stance::Supports).chain(numbers(Stance::Context)) {
                    out.push_str(&mark(p.note(*n)));
                }
                let disputed: String = numbers(Stance::Contradicts)
                    .map(|n| mark(p.note(*n)))
                    .collect();
                if !disputed.is_empty() {
                    let _ = write!(out, " <span class=\"disputed\">(disputed{disputed})</span>");
                }
                out.push_str("</span>");
            }
            out.push_str("</p>\n");
        }
        if !p.notes.is_empty() {
            out.push_str("<section id=\"notes\">\n<h2>Notes</h2>\n<ol class=\"notes\">\n");
            for note in &p.notes {
                let _ = writeln!(
                    out,
                    "<li id=\"n{}\" class=\"{}\">{} <a class=\"back\" href=\"#{}\" aria-label=\"Back to the claim\">↩</a></li>",
                    note.number,
                    note.stance.name(),
                    note_body(p, note),
                    escape(note.claim.as_str())
                );
            }
            out.push_str("</ol>\n</section>\n");
        }
        if !p.sources.is_empty() {
            out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol class=\"sources\">\n");
            for source in &p.sources {
                let _ = writeln!(
                    out,
                    "<li id=\"source-{}\"><strong><bdi>{}</bdi></strong>: {}{}{} <span class=\"hash\">{}Text version SHA-256 {}</span></li>",
                    escape(source.id.as_str()),
                    escape(&one_line(source.short_name())),
                    cite(source, true),
                    links(p, source),
                    live(p, source),
                    source.original.as_ref().map_or(String::new(), |o| format!(
                        "Original ({}) SHA-256 {}<br>",
                        escape(source.format_name()),
                        escape(&o.sha256)
                    )),
                    escape(&source.sha256)
                );
            }
            out.push_str("</ol>\n</section>\n");
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// A citation mark: the note number, linking to the note, with the quote in
/// a pop-up.
fn mark(note: &Note) -> String {
    format!(
        "<a class=\"mark {}\" href=\"#n{n}\" aria-label=\"Note {n}\">{n}<span class=\"pop\" role=\"tooltip\">{}</span></a>",
        note.stance.name(),
        note_body_plain(note),
        n = note.number,
    )
}

fn note_body_plain(note: &Note) -> String {
    let mut s = String::new();
    if note.stance != Stance::Supports {
        let _ = write!(s, "<span class=\"stance\">{}</span>", note.stance.label());
    }
    let _ = write!(
        s,
        "“<bdi>{}</bdi>” — {}",
        escape(&one_line(&note.quote.text)),
        cite(note.source, false)
    );
    s.push_str(&escape(&super::locator(note)));
    s
}

fn note_body(p: &Publication, note: &Note) -> String {
    let mut s = format!("<span class=\"stance\">{}</span>", note.stance.label());
    let _ = write!(
        s,
        "<q><bdi>{}</bdi></q> — <a href=\"#source-{}\"><bdi>{}</bdi> [{}]</a>.",
        escape(&one_line(&note.quote.text)),
        escape(note.source.id.as_str()),
        escape(&one_line(note.source.short_name())),
        p.source_number(&note.source.id)
    );
    s.push_str(&escape(&super::locator(note)));
    if !note.comment.trim().is_empty() {
        let _ = write!(
            s,
            " <span class=\"note\">Note: {}</span>",
            escape(&one_line(note.comment))
        );
    }
    s
}

/// What a cited source shares with the other cited sources: the group it
/// counts as one source with, or an editor's reason to count it apart.
fn links(p: &Publication, source: &Source) -> String {
    let mut out = String::new();
    for link in p.project.links_of(&source.id) {
        let other = link.other(&source.id);
        let number = p.source_number(other);
        if number == 0 {
            continue;
        }
        let counted = match &link.independent {
            Some(reason) => format!("counted as independent: {}", escape(reason)),
            None => "counted as one source with it".to_owned(),
        };
        let _ = write!(
            out,
            " <span class=\"shared\">{} <a href=\"#source-{}\">[{number}]</a>; {counted}.</span>",
            escape(&capitalised(&link.describe())),
            escape(other.as_str()),
        );
    }
    out
}

/// What the newest recheck of the source found on its live page.
fn live(p: &Publication, source: &Source) -> String {
    let Some(recheck) = p.project.live_status(&source.id) else {
        return String::new();
    };
    let class = match recheck.outcome {
        crate::model::LiveOutcome::Unchanged => "live unchanged",
        crate::model::LiveOutcome::Changed { .. } => "live changed",
        crate::model::LiveOutcome::Unreachable { .. } => "live unknown",
    };
    format!(
        " <span class=\"{class}\">{}.</span>",
        escape(&capitalised(&recheck.summary(p.project)))
    )
}

/// A source's citation; with `link`, its URL as a link.
fn cite(source: &Source, link: bool) -> String {
    let parts: Vec<String> = citation_parts(source)
        .into_iter()
        .map(|(field, value)| match field {
            "title" => format!("<cite><bdi>{}</bdi></cite>", escape(&one_line(value))),
            _ => escape(&one_line(value)),
        })
        .collect();
    let mut s = format!("{}.", parts.join(", "));
    let url = source.citation.url.trim();
    if link && is_web_address(url) {
        let _ = write!(s, " <a href=\"{}\">{}</a>.", escape(url), escape(url));
    } else if !url.is_empty() {
        let _ = write!(s, " {}.", escape(url));
    }
    s
}

/// Only web addresses become links: never `javascript:` or `data:`.
fn is_web_address(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(char::is_whitespace)
}

/// Escapes text for HTML content and quoted attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(is_web_address("https://example.org/a?b=c"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://a b"));
    }
}
