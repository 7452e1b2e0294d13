//! Reading W3C Web Annotations (JSON-LD), as exported by Hypothesis and other
//! annotation tools, and placing their quotes in a source text.
//!
//! An annotation's target names a source and selects a passage with a
//! `TextQuoteSelector` (`exact`, `prefix`, `suffix`) and optionally a
//! `TextPositionSelector` (`start`, `end`, in code points, which are this
//! crate's char offsets). [`place`] takes only an exact, unique match: the
//! position and the context choose between repeats of the exact text. A
//! passage that matches only approximately, or not uniquely, is never taken:
//! it is returned for review with its candidates.
//!
//! Accepted shapes: one annotation, a list of annotations, an
//! `AnnotationPage` (`items`), an `AnnotationCollection` whose `first` page is
//! embedded, or a Hypothesis API search result (`rows`).

use std::ops::Range;

use serde_json::Value;
use thiserror::Error;

use crate::text::anchor::{self, SourceText};

/// The largest annotation file accepted, in bytes.
pub const MAX_ANNOTATION_BYTES: usize = 64 * 1024 * 1024;

/// Why an annotation file cannot be read.
#[derive(Debug, Error)]
pub enum W3cError {
    /// Not JSON.
    #[error("line {line}, column {column}: {message}")]
    Json {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser found.
        message: String,
    },
    /// JSON, but no annotations in any known shape.
    #[error(
        "no annotations found: expected an Annotation, a list of them, an AnnotationPage or AnnotationCollection with items, or a Hypothesis `rows` list"
    )]
    NoAnnotations,
    /// Too large to handle.
    #[error("the file is {0} bytes; annotation files are limited to {MAX_ANNOTATION_BYTES} bytes")]
    TooLarge(usize),
}

/// The passage an annotation selects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `TextQuoteSelector.exact`.
    pub exact: Option<String>,
    /// `TextQuoteSelector.prefix`.
    pub prefix: String,
    /// `TextQuoteSelector.suffix`.
    pub suffix: String,
    /// `TextPositionSelector`, in code points.
    pub position: Option<Range<usize>>,
}

/// One annotation, reduced to what Attest uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Its position in the file, from 1.
    pub number: usize,
    /// Its `id`, if any.
    pub id: Option<String>,
    /// The target's `source` (a URL), if any.
    pub source: Option<String>,
    /// The selected passage.
    pub selection: Selection,
    /// The text of its body, if any: the body whose purpose is
    /// `describing`, or else the first with text.
    pub body: Option<String>,
    /// A stance given as a tag (a body with purpose `tagging` and value
    /// `supports`, `contradicts` or `context`), as Attest exports it.
    pub stance: Option<crate::model::Stance>,
    /// A comment (a body with purpose `commenting`) besides the main body.
    pub comment: Option<String>,
}

/// Reads annotations from JSON text.
pub fn parse(json: &str) -> Result<Vec<Annotation>, W3cError> {
    if json.len() > MAX_ANNOTATION_BYTES {
        return Err(W3cError::TooLarge(json.len()));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| W3cError::Json {
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    let items = annotation_values(&value).ok_or(W3cError::NoAnnotations)?;
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, v)| read_annotation(i + 1, v))
        .collect())
}

fn annotation_values(value: &Value) -> Option<Vec<&Value>> {
    match value {
        Value::Array(items) => Some(items.iter().collect()),
        Value::Object(map) => {
            for key in ["items", "rows"] {
                if let Some(Value::Array(items)) = map.get(key) {
                    return Some(items.iter().collect());
                }
            }
            if let Some(first) = map.get("first").filter(|f| f.is_object()) {
                return annotation_values(first);
            }
            map.contains_key("target").then(|| vec![value])
        }
        _ => None,
    }
}

/// Every value of a value or a list of values.
fn each(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    items.into_iter()
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

fn read_annotation(number: usize, value: &Value) -> Annotation {
    let mut selection = Selection::default();
    let mut source = None;
    for target in each(value.get("target")) {
        if let Value::String(url) = target {
            source.get_or_insert_with(|| url.clone());
            continue;
        }
        if source.is_none() {
            source = text(target.get("source"));
        }
        for selector in each(target.get("selector")) {
            read_selector(selector, &mut selection);
        }
    }
    if source.is_none() {
        source = text(value.get("uri"));
    }
    let bodies: Vec<(Option<String>, String)> = each(value.get("body"))
        .filter_map(|b| match b {
            Value::String(s) => Some((None, s.clone())),
            other => text(other.get("value")).map(|v| (text(other.get("purpose")), v)),
        })
        .collect();
    let with_purpose = |purpose: &str| {
        bodies
            .iter()
            .find(|(p, _)| p.as_deref() == Some(purpose))
            .map(|(_, v)| v.clone())
    };
    let stance = bodies
        .iter()
        .filter(|(p, _)| p.as_deref() == Some("tagging"))
        .find_map(|(_, v)| crate::model::Stance::from_name(v.trim()));
    let comment = with_purpose("commenting").filter(|c| !c.trim().is_empty());
    let body = with_purpose("describing")
        .or_else(|| {
            bodies
                .iter()
                .find(|(p, _)| {
                    !matches!(p.as_deref(), Some("tagging" | "commenting" | "assessing"))
                })
                .map(|(_, v)| v.clone())
        })
        .or_else(|| text(value.get("text")))
        .filter(|b| !b.trim().is_empty());
    Annotation {
        number,
        id: text(value.get("id")),
        source,
        selection,
        body,
        stance,
        comment,
    }
}

fn read_selector(selector: &Value, selection: &mut Selection) {
    match selector.get("type").and_then(Value::as_str) {
        Some("TextQuoteSelector") => {
            selection.exact = text(selector.get("exact"));
            selection.prefix = text(selector.get("prefix")).unwrap_or_default();
            selection.suffix = text(selector.get("suffix")).unwrap_or_default();
        }
        Some("TextPositionSelector") => {
            let number = |k| selector.get(k).and_then(Value::as_u64).map(|n| n as usize);
            if let (Some(start), Some(end)) = (number("start"), number("end"))
                && start <= end
            {
                selection.position = Some(start..end);
            }
        }
        _ => {}
    }
    // Selectors may refine one another.
    if let Some(refined) = selector.get("refinedBy") {
        read_selector(refined, selection);
    }
}

/// Where an annotation's passage is in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The exact text, at one place chosen by position or context.
    Found(Range<usize>),
    /// Not taken: why, and the places a reviewer should look at.
    Review {
        /// What a reviewer needs to know.
        reason: String,
        /// Candidate places.
        candidates: Vec<Range<usize>>,
    },
}

/// Places a selection in `text`: an exact, unique match, or a review.
pub fn place(text: &SourceText, selection: &Selection) -> Placement {
    let Some(exact) = selection.exact.as_deref().filter(|e| !e.is_empty()) else {
        return match &selection.position {
            Some(p) if text.slice(p.clone()).is_some() => Placement::Review {
                reason: "only a position is given, with no quoted text to check it against".into(),
                candidates: vec![p.clone()],
            },
            _ => Placement::Review {
                reason: "no TextQuoteSelector with an exact text".into(),
                candidates: Vec::new(),
            },
        };
    };
    let all = text.find_all(exact);
    if all.is_empty() {
        let near = anchor::near_miss(text, exact);
        return Placement::Review {
            reason: match &near {
                Some(_) => "the quoted text does not occur exactly; a passage differing in case, spacing or quotation marks does".into(),
                None => "the quoted text does not occur in this source".into(),
            },
            candidates: near.into_iter().collect(),
        };
    }
    // The position decides when it points at the exact text.
    if let Some(p) = &selection.position
        && all.contains(p)
    {
        return Placement::Found(p.clone());
    }
    if all.len() == 1 {
        return Placement::Found(all[0].clone());
    }
    // Context decides between repeats: the longest agreement wins, if alone.
    let score = |r: &Range<usize>| {
        let before = text
            .slice(r.start.saturating_sub(selection.prefix.chars().count())..r.start)
            .unwrap_or_default();
        let after_end = (r.end + selection.suffix.chars().count()).min(text.char_len());
        let after = text.slice(r.end..after_end).unwrap_or_default();
        common_suffix(before, &selection.prefix) + common_prefix(after, &selection.suffix)
    };
    let scores: Vec<usize> = all.iter().map(score).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    let winners: Vec<Range<usize>> = all
        .iter()
        .zip(&scores)
        .filter(|(_, s)| **s == best)
        .map(|(r, _)| r.clone())
        .collect();
    let full = selection.prefix.chars().count() + selection.suffix.chars().count();
    if winners.len() == 1 && best > 0 && best * 2 >= full.min(64) {
        return Placement::Found(winners[0].clone());
    }
    Placement::Review {
        reason: format!(
            "the quoted text occurs {} times and its context does not single one out",
            all.len()
        ),
        candidates: winners,
    }
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(
        exact: &str,
        prefix: &str,
        suffix: &str,
        position: Option<Range<usize>>,
    ) -> Selection {
        Selection {
            exact: Some(exact.into()),
            prefix: prefix.into(),
            suffix: suffix.into(),
            position,
        }
    }

    #[test]
    fn reads_the_usual_shapes() {
        let one = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "a1", "type": "Annotation",
            "body": {"type": "TextualBody", "value": "Six died."},
            "target": {"source": "https://example.org/a", "selector": [
                {"type": "TextQuoteSelector", "exact": "six people", "prefix": "said ", "suffix": " died"},
                {"type": "TextPositionSelector", "start": 5, "end": 15}]}}"#;
        let parsed = parse(one).unwrap();
        assert_eq!(parsed.len(), 1);
        let a = &parsed[0];
        assert_eq!(a.id.as_deref(), Some("a1"));
        assert_eq!(a.source.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.body.as_deref(), Some("Six died."));
        assert_eq!(
            a.selection,
            selection("six people", "said ", " died", Some(5..15))
        );

        let collection = format!(
            r#"{{"type": "AnnotationCollection", "first": {{"type": "AnnotationPage", "items": [{one}, {one}]}}}}"#
        );
        assert_eq!(parse(&collection).unwrap().len(), 2);
        let hypothesis = r#"{"total": 1, "rows": [{"id": "h1", "uri": "https://e.org", "text": "note",
            "target": [{"source": "https://e.org", "selector": [{"type": "TextQuoteSelector", "exact": "x"}]}]}]}"#;
        let h = parse(hypothesis).unwrap();
        assert_eq!(
            (h[0].source.as_deref(), h[0].body.as_deref()),
            (Some("https://e.org"), Some("note"))
        );
    }

    #[test]
    fn broken_input_is_refused_with_its_place() {
        let err = parse("{\n  \"items\": [1, 2,\n").unwrap_err();
        assert!(matches!(err, W3cError::Json { line: 3, .. }), "{err}");
        assert!(matches!(parse("42").unwrap_err(), W3cError::NoAnnotations));
        assert!(matches!(
            parse("{\"foo\": 1}").unwrap_err(),
            W3cError::NoAnnotations
        ));
        // Wrong types inside an annotation are ignored, not a panic.
        let odd = parse(r#"[{"target": {"selector": [{"type": "TextQuoteSelector", "exact": 5}, {"type": "TextPositionSelector", "start": "x"}]}}]"#).unwrap();
        assert_eq!(odd[0].selection, Selection::default());
    }

    #[test]
    fn only_exact_unique_matches_are_taken() {
        let text = SourceText::new(
            "Police said six people died. Later police said six people died again.",
        );
        assert_eq!(
            place(&text, &selection("Later police", "", "", None)),
            Placement::Found(29..41)
        );
        // Repeats: position decides, or context does.
        assert_eq!(
            place(&text, &selection("six people", "", "", Some(47..57))),
            Placement::Found(47..57)
        );
        assert_eq!(
            place(
                &text,
                &selection("six people", "Later police said ", " died again", None)
            ),
            Placement::Found(47..57)
        );
        // A wrong position is not trusted; context alone still decides.
        assert_eq!(
            place(
                &text,
                &selection("six people", "Police said ", "", Some(3..13))
            ),
            Placement::Found(12..22)
        );
        // No context: not taken.
        let Placement::Review { candidates, .. } =
            place(&text, &selection("six people", "", "", None))
        else {
            panic!("repeats without context must be reviewed")
        };
        assert_eq!(candidates, vec![12..22, 47..57]);
        // Approximate: shown, not taken.
        let Placement::Review { reason, candidates } =
            place(&text, &selection("SIX  people", "", "", None))
        else {
            panic!("an approximate match must be reviewed")
        };
        assert!(reason.contains("does not occur exactly"), "{reason}");
        assert_eq!(candidates, vec![12..22]);
        // Position only: shown, not taken.
        assert!(matches!(
            place(
                &text,
                &Selection {
                    position: Some(0..6),
                    ..Selection::default()
                }
            ),
            Placement::Review { .. }
        ));
    }
}
