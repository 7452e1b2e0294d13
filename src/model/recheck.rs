//! Rechecks: a web source compared with its live page, after it was
//! quoted. Each is a fact recorded in the project (`attest recheck`), so
//! that the review and the exports can say whether the passages a summary
//! cites still stand where they were published.

use serde::{Deserialize, Serialize};

use super::*;

/// One comparison of a source's recorded version with its live page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recheck {
    /// The source.
    pub source: SourceId,
    /// When it was checked (RFC 3339, UTC).
    pub checked: String,
    /// The SHA-256 of the source's version it was compared with (its
    /// current version then); a newer version makes the recheck history.
    pub version: String,
    /// What was found.
    pub outcome: LiveOutcome,
    /// SHA-256 of the bytes fetched; empty when none came (the server
    /// said the page was not modified, or could not be reached).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fetched: String,
    /// The page as fetched, kept under `sources/originals/` when its text
    /// differs from the recorded one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
    /// The server's `ETag` for what was fetched, to ask next time whether
    /// the page changed since.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub etag: String,
    /// The server's `Last-Modified` for what was fetched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_modified: String,
}

/// What a recheck found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveOutcome {
    /// The live page's text is the recorded text (or the server answered
    /// that the page was not modified since it was last fetched).
    Unchanged,
    /// The live page's text differs; `affected` lists each quoted passage
    /// that no longer stands on it as quoted (cited or not), and `moved`
    /// counts those that stand elsewhere on the page.
    Changed {
        /// Quotes the live page no longer carries as quoted.
        affected: Vec<LiveQuote>,
        /// How many quotes stand on the live page at another place.
        #[serde(default)]
        moved: usize,
    },
    /// The page could not be fetched or read; nothing is known.
    Unreachable {
        /// Why, in plain words.
        reason: String,
    },
}

/// A quote the live page no longer carries as it was quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveQuote {
    /// The quote.
    pub quote: QuoteId,
    /// What the live page says in its place; empty when the passage is
    /// gone (or could not be placed for sure).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub now: String,
}

impl Recheck {
    /// The date part of [`Recheck::checked`] (`2026-12-03`).
    pub fn day(&self) -> &str {
        self.checked.get(..10).unwrap_or(&self.checked)
    }

    /// The quotes the live page no longer carries as quoted.
    pub fn affected(&self) -> &[LiveQuote] {
        match &self.outcome {
            LiveOutcome::Changed { affected, .. } => affected,
            _ => &[],
        }
    }

    /// How many of the quotes the live page no longer carries are cited.
    pub fn cited_affected(&self, project: &Project) -> usize {
        self.affected()
            .iter()
            .filter(|a| project.is_cited(&a.quote))
            .count()
    }

    /// One line for people: "checked against the live page on 2026-12-03:
    /// unchanged", counting only the quotes the summary cites.
    pub fn summary(&self, project: &Project) -> String {
        let day = self.day();
        match &self.outcome {
            LiveOutcome::Unchanged => format!("checked against the live page on {day}: unchanged"),
            LiveOutcome::Changed { .. } => match self.cited_affected(project) {
                0 => format!(
                    "checked against the live page on {day}: changed since quoted; every cited passage still stands"
                ),
                1 => format!(
                    "checked against the live page on {day}: changed since quoted, 1 cited passage affected"
                ),
                n => format!(
                    "checked against the live page on {day}: changed since quoted, {n} cited passages affected"
                ),
            },
            LiveOutcome::Unreachable { reason } => {
                format!("could not be checked against the live page on {day}: {reason}")
            }
        }
    }
}

/// Whether `s` names a web address: it starts with `https://` or
/// `http://`, in any case.
pub fn has_web_scheme(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

impl Source {
    /// Where a recheck fetches the source: the address its page was
    /// fetched from, else the address cited; `None` without a web address.
    pub fn live_url(&self) -> Option<&str> {
        self.original
            .as_ref()
            .map(|o| o.url.trim())
            .filter(|u| has_web_scheme(u))
            .or_else(|| Some(self.citation.url.trim()).filter(|u| has_web_scheme(u)))
    }
}

impl Project {
    /// The newest recheck of a source's current version, whatever it found.
    pub fn live_status(&self, source: &SourceId) -> Option<&Recheck> {
        let current = &self.source(source)?.sha256;
        self.rechecks
            .iter()
            .rev()
            .find(|r| &r.source == source && &r.version == current)
    }

    /// The newest recheck of the source's current version that reached the
    /// page (unchanged or changed).
    pub fn live_known(&self, source: &SourceId) -> Option<&Recheck> {
        let current = &self.source(source)?.sha256;
        self.rechecks.iter().rev().find(|r| {
            &r.source == source
                && &r.version == current
                && !matches!(r.outcome, LiveOutcome::Unreachable { .. })
        })
    }

    /// Every original the project refers to: each source's current and
    /// earlier versions', and the pages rechecks kept.
    pub fn originals(&self) -> impl Iterator<Item = &Original> {
        self.sources
            .iter()
            .flat_map(|s| {
                std::iter::once(&s.original)
                    .chain(s.previous.iter().map(|p| &p.original))
                    .flatten()
            })
            .chain(self.rechecks.iter().filter_map(|r| r.original.as_ref()))
    }

    /// Puts rechecks in the order they are kept: by source, then by time.
    pub fn sort_rechecks(&mut self) {
        self.rechecks.sort_by(|a, b| {
            (a.source.sort_key(), &a.checked).cmp(&(b.source.sort_key(), &b.checked))
        });
    }
}
