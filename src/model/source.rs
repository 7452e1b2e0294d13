//! Sources: the citation of a document, the recorded versions of its text,
//! the original it was extracted from with its pages, and the formats
//! Attest reads.

use serde::{Deserialize, Serialize};

use super::*;

/// How to cite a source. Empty strings mean "not known".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Citation {
    /// The headline or title.
    pub title: String,
    /// The publication or organisation.
    pub publisher: String,
    /// The author or authors.
    pub author: String,
    /// Where the text was published.
    pub url: String,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: String,
    /// Date the text was retrieved, same format.
    pub retrieved: String,
}

/// A recorded version of a source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Path of the verbatim snapshot, relative to the project folder.
    pub file: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// The document the text was extracted from, if it was not the text
    /// itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
}

/// The document a snapshot was extracted from (a web page, a PDF, a Word
/// file), kept beside it as evidence of what the source published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Original {
    /// Path of the original's bytes, relative to the project folder
    /// (`sources/originals/ID-HASH12.pdf`).
    pub file: String,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
    /// Its media type (`application/pdf`).
    pub media_type: String,
    /// The extractor that made the snapshot (`pdf-extract`).
    pub extractor: String,
    /// The extractor's version (`0.12.1+attest.1`).
    pub extractor_version: String,
    /// Where each page starts in the snapshot, for paged documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageStart>,
    /// Pages of the original whose text could not be read, so that the
    /// snapshot lacks them; empty when every page was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadablePage>,
    /// The address it was fetched from (after redirects), for a page
    /// fetched from the web: where a recheck fetches it again. The
    /// citation's URL may be another (the page's canonical address).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// The web server's `ETag` for it, if it was fetched and the server
    /// sent one: a recheck asks whether the page changed since.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub etag: String,
    /// The web server's `Last-Modified` for it, likewise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_modified: String,
}

impl Original {
    /// The printed page (or pages, `12–13`) a span of the snapshot is on;
    /// `None` for a document without pages.
    pub fn pages_of(&self, start: usize, end: usize) -> Option<String> {
        crate::model::page_range(&self.pages, start, end)
    }
}

/// Where a page starts in a snapshot: a char offset and the page's printed
/// label (`12`, `iv`, `A-3`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageStart {
    /// Offset of the page's first char in the snapshot.
    pub start: usize,
    /// The page's label as printed (`/PageLabels`), else its number from 1.
    pub label: String,
}

/// A page of a paged original whose text could not be read: the snapshot
/// lacks it, and nothing on it can be quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnreadablePage {
    /// The page's number, from 1.
    pub page: usize,
    /// The page's printed label.
    pub label: String,
    /// Why its text could not be read, as a phrase.
    pub reason: String,
}

/// Pages of an original whose text could not be read, in one sentence
/// ("pages 2–3: the text could not be read (…); quotes from these pages
/// cannot be cited"); `None` when every page was read.
pub fn unreadable_message(unreadable: &[UnreadablePage]) -> Option<String> {
    let first = unreadable.first()?;
    let mut ranges: Vec<(String, String)> = Vec::new();
    let mut previous: Option<usize> = None;
    for page in unreadable {
        match (ranges.last_mut(), previous) {
            (Some(range), Some(p)) if page.page == p + 1 => range.1 = page.label.clone(),
            _ => ranges.push((page.label.clone(), page.label.clone())),
        }
        previous = Some(page.page);
    }
    let pages = ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.clone()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (noun, these) = if unreadable.len() == 1 {
        ("page", "this page")
    } else {
        ("pages", "these pages")
    };
    let reasons: Vec<&str> = unreadable.iter().map(|p| p.reason.as_str()).collect();
    let reason = if reasons.iter().all(|r| *r == first.reason) {
        first.reason.clone()
    } else {
        format!("{}, and other reasons", first.reason)
    };
    Some(format!(
        "{noun} {pages}: {reason}; quotes from {these} cannot be cited"
    ))
}

/// One source text and how to cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable ID.
    pub id: SourceId,
    /// The short name people read on chips, in the cite bar, menus and the
    /// review ("AP", "AP (2)"); unique in the project. Empty in files from
    /// before names, which get one when loaded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// When the source was added (RFC 3339, UTC), which orders the source
    /// list; empty for sources added before Attest recorded it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub added: String,
    /// Path of the verbatim snapshot of the current version, relative to the
    /// project folder (always `sources/…`).
    pub file: String,
    /// SHA-256 of the current snapshot's bytes, lowercase hex.
    pub sha256: String,
    /// Citation metadata.
    #[serde(default)]
    pub citation: Citation,
    /// The document the current text was extracted from, if it was not
    /// the text itself (plain text and Markdown are their own original).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
    /// Earlier versions of the text, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<Snapshot>,
}

impl Source {
    /// The printed page (or pages) a span of the current text is on, for a
    /// source extracted from a paged document.
    pub fn pages_of(&self, start: usize, end: usize) -> Option<String> {
        self.original.as_ref()?.pages_of(start, end)
    }

    /// The original of the version with this hash (current or earlier).
    pub fn original_of(&self, version: &str) -> Option<&Original> {
        if version == self.sha256 {
            return self.original.as_ref();
        }
        self.previous
            .iter()
            .find(|p| p.sha256 == version)?
            .original
            .as_ref()
    }

    /// Where a quote is in the paged document it was extracted from: the
    /// printed page label(s) (`12`, `12–13`) and the physical page number
    /// (from 1) it starts on; `None` for a source without pages.
    pub fn page_of_quote(&self, quote: &Quote) -> Option<(String, usize)> {
        let version = quote
            .unresolved
            .as_ref()
            .map_or(self.sha256.as_str(), |u| u.version.as_str());
        let original = self.original_of(version)?;
        let label = original.pages_of(quote.start, quote.end)?;
        let number = original
            .pages
            .partition_point(|p| p.start <= quote.start)
            .max(1);
        Some((label, number))
    }

    /// The format of the current version's original, for people.
    pub fn format_name(&self) -> &'static str {
        match &self.original {
            None => "plain text",
            Some(original) => crate::model::Format::from_media_type(&original.media_type)
                .map_or("document", crate::model::Format::name),
        }
    }

    /// The short name, or the title where there is none (a source built
    /// in memory), or the ID.
    pub fn short_name(&self) -> &str {
        if self.name.is_empty() {
            self.label()
        } else {
            &self.name
        }
    }

    /// How many pages the current version's original has; `None` for a
    /// document without pages.
    pub fn page_count(&self) -> Option<usize> {
        let pages = self.original.as_ref()?.pages.len();
        (pages > 0).then_some(pages)
    }

    /// The title, or the ID where there is none.
    pub fn label(&self) -> &str {
        if self.citation.title.trim().is_empty() {
            self.id.as_str()
        } else {
            &self.citation.title
        }
    }
}

/// A format Attest reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// UTF-8 plain text, kept exactly as it is.
    Text,
    /// Markdown, kept exactly as it is (like plain text).
    Markdown,
    /// A web page.
    Html,
    /// A PDF document.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
}

impl Format {
    /// Every format, in the order the README lists them.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Pdf,
        Format::Docx,
    ];

    /// The format's name, for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Markdown => "Markdown",
            Format::Html => "web page (HTML)",
            Format::Pdf => "PDF",
            Format::Docx => "Word document",
        }
    }

    /// The IANA media type of the original.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain",
            Format::Markdown => "text/markdown",
            Format::Html => "text/html",
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The format with this media type, if Attest reads it.
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.media_type().eq_ignore_ascii_case(media_type))
    }

    /// The file extension originals of this format are stored with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// File extensions (lowercase, no dot) the file dialogs offer.
    pub fn file_extensions() -> &'static [&'static str] {
        &[
            "txt", "text", "md", "markdown", "html", "htm", "xhtml", "pdf", "docx",
        ]
    }

    /// Whether the snapshot is the original itself, byte for byte, so that
    /// no separate copy is kept.
    pub fn snapshot_is_original(self) -> bool {
        matches!(self, Format::Text | Format::Markdown)
    }
}

/// Which page of a paged source each char offset falls on: the label of
/// the page that starts at or before `offset` (`None` for a source with no
/// pages).
pub fn page_at(pages: &[PageStart], offset: usize) -> Option<&PageStart> {
    let after = pages.partition_point(|p| p.start <= offset);
    pages.get(after.checked_sub(1)?)
}

/// The pages a quote spans, as a citation writes them: `12`, or `12–13`
/// for a quote that crosses a page break; `None` for an unpaged source.
pub fn page_range(pages: &[PageStart], start: usize, end: usize) -> Option<String> {
    let first = page_at(pages, start)?;
    let last = page_at(pages, end.saturating_sub(1).max(start))?;
    if first.label == last.label {
        Some(first.label.clone())
    } else {
        Some(format!("{}–{}", first.label, last.label))
    }
}

/// Pages as a citation writes them: `p. 12`, or `pp. 12–13` for a range
/// given by [`page_range`].
pub fn page_locator(pages: &str) -> String {
    if pages.contains('–') {
        format!("pp. {pages}")
    } else {
        format!("p. {pages}")
    }
}

/// Checks citation metadata: dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, URLs
/// as `http://` or `https://`; empty fields are allowed.
pub fn check_citation(citation: &Citation) -> Result<(), String> {
    citation_problem(citation).map_or(Ok(()), |(_, message)| Err(message))
}

/// What [`check_citation`] refuses, with the field it is about (`url`,
/// `published` or `retrieved`, as [`fields`](super::fields) names them).
pub fn citation_problem(citation: &Citation) -> Option<(&'static str, String)> {
    for (name, value) in [
        ("published", &citation.published),
        ("retrieved", &citation.retrieved),
    ] {
        if !value.is_empty() && !is_date(value) {
            return Some((
                name,
                format!(
                    "the {name} date {value:?} is not a date; write it as YYYY-MM-DD (or YYYY-MM, or YYYY)"
                ),
            ));
        }
    }
    let url = &citation.url;
    let web_address = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(char::is_whitespace);
    if !url.is_empty() && !web_address {
        return Some((
            "url",
            format!(
                "the URL {url:?} is not a web address; it must start with https:// or http:// and contain no spaces"
            ),
        ));
    }
    None
}

pub(super) fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
                return false;
            };
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_for_offsets() {
        let pages = vec![
            PageStart {
                start: 0,
                label: "i".into(),
            },
            PageStart {
                start: 10,
                label: "1".into(),
            },
            PageStart {
                start: 20,
                label: "2".into(),
            },
        ];
        assert_eq!(page_range(&pages, 0, 5).as_deref(), Some("i"));
        assert_eq!(page_range(&pages, 12, 20).as_deref(), Some("1"));
        assert_eq!(page_range(&pages, 12, 21).as_deref(), Some("1–2"));
        assert_eq!(page_range(&[], 12, 21), None);
    }

    #[test]
    fn dates_and_urls_are_checked() {
        for good in ["", "2024", "2024-11", "2024-11-26", "2024-02-29"] {
            assert!(is_date(good) || good.is_empty(), "{good}");
        }
        for bad in [
            "26/11/2024",
            "2024-13",
            "2023-02-29",
            "2024-11-31",
            "24-11-26",
            "2024-1-5",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        let citation = |url: &str| Citation {
            url: url.into(),
            ..Citation::default()
        };
        assert!(check_citation(&citation("https://apnews.com/x")).is_ok());
        assert!(check_citation(&citation("apnews.com")).is_err());
        assert!(check_citation(&citation("javascript:alert(1)")).is_err());
        assert!(check_citation(&citation("https://a b")).is_err());
    }
}
