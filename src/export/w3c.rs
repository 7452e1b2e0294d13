//! W3C Web Annotation JSON-LD: an `AnnotationCollection` with one annotation
//! per evidence link. The target is the source with a `TextQuoteSelector`
//! and a `TextPositionSelector` (code points, which are Attest's char
//! offsets); the body is the claim, with the stance as a tag and the
//! editor's note as a comment.
//!
//! A source with a URL is named by it. One without is named by the hash of
//! the recorded text, as an RFC 6920 `nih:` URI, which `attest import`
//! recognises; so is a quote whose offsets refer to an earlier version.

use serde_json::{Value, json};

use super::{Export, Note, Publication, blocked_label, one_line};
use crate::model::Source;

/// W3C Web Annotation JSON-LD.
pub struct W3c;

/// The JSON-LD context of the Web Annotation vocabulary.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The `nih:` URI (RFC 6920, hex form) naming a text by its SHA-256.
pub fn hash_uri(sha256: &str) -> String {
    format!("nih:sha-256;{sha256}")
}

impl Export for W3c {
    fn name(&self) -> &'static str {
        "W3C Web Annotation"
    }

    fn extension(&self) -> &'static str {
        "jsonld"
    }

    fn render(&self, p: &Publication) -> String {
        let base = format!("urn:attest:{}", p.key);
        let mut items = Vec::new();
        for cited in p.claims() {
            for number in &cited.notes {
                let note = p.note(*number);
                let mut body = vec![json!({
                    "type": "TextualBody",
                    "purpose": "describing",
                    "format": "text/plain",
                    "value": one_line(&cited.claim.text),
                })];
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "tagging",
                    "value": note.stance.name(),
                }));
                if !note.comment.trim().is_empty() {
                    body.push(json!({
                        "type": "TextualBody",
                        "purpose": "commenting",
                        "format": "text/plain",
                        "value": note.comment.trim(),
                    }));
                }
                if !cited.blockers.is_empty() {
                    body.push(json!({
                        "type": "TextualBody",
                        "purpose": "assessing",
                        "format": "text/plain",
                        "value": blocked_label(cited),
                    }));
                }
                items.push(json!({
                    "@context": CONTEXT,
                    "id": format!("{base}:{}:{}", cited.claim.id, note.quote.id),
                    "type": "Annotation",
                    "body": body,
                    "target": target(note),
                }));
            }
        }
        let collection = json!({
            "@context": CONTEXT,
            "id": format!("{base}:annotations"),
            "type": "AnnotationCollection",
            "label": one_line(&p.project.title),
            "total": items.len(),
            "first": {
                "id": format!("{base}:annotations:page1"),
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": items,
            },
        });
        let mut out = serde_json::to_string_pretty(&collection).unwrap_or_default();
        out.push('\n');
        out
    }
}

fn target(note: &Note) -> Value {
    let quote = note.quote;
    let text_quote = json!({
        "type": "TextQuoteSelector",
        "exact": quote.text,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
    });
    let mut selectors = vec![
        text_quote.clone(),
        json!({
            "type": "TextPositionSelector",
            "start": quote.start,
            "end": quote.end,
        }),
    ];
    // In a paged document, the page (a PDF fragment, RFC 8118) refined by
    // the quote's text on it.
    if let Some((_, page)) = &note.page {
        selectors.push(json!({
            "type": "FragmentSelector",
            "conformsTo": "http://tools.ietf.org/rfc/rfc8118",
            "value": format!("page={page}"),
            "refinedBy": text_quote,
        }));
    }
    json!({
        "source": source_uri(note.source, note.version),
        "selector": selectors,
    })
}

/// The URL of the source when the quote refers to its current version, else
/// the hash of the version it refers to.
fn source_uri(source: &Source, version: &str) -> String {
    let url = source.citation.url.trim();
    if version == source.sha256 && !url.is_empty() {
        url.to_owned()
    } else {
        hash_uri(version)
    }
}
