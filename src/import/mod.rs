//! Sources as they are published: plain text, web pages, PDFs and Word
//! files, turned into the text snapshot that quotes anchor into.
//!
//! Each format has one [`Extract`] implementation in a file of its own. The
//! format of a file is found from its content (a PDF is a PDF whatever its
//! name), and the extractor's name and version are recorded with every
//! source, so that a snapshot can always be traced to the original bytes
//! and to the code that read them.
//!
//! Every file from outside is untrusted. [`import_bytes`] caps its size,
//! and runs the extractor in a worker process (see [`isolate`]) with a time
//! and memory limit, so that a panic, a crash, a hang or a runaway
//! allocation inside a parser becomes a clear error and never takes down
//! the command or the app.
//!
//! Sources sit above the text engine and below the project: an import is a
//! step from bytes to text, metadata and a page map that may use `model`,
//! `text` and `util`, and never edits a project (`project::actions` turns
//! what it found into commands).

mod docx;
pub mod fetch;
mod html;
pub mod isolate;
mod job;
pub mod pdf;
mod text;
pub mod w3c;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Citation, Format, PageStart, UnreadablePage};
use crate::util::text_file::TextFileError;

pub use docx::Docx;
pub use html::Html;
pub use job::{Job, JobState, Origin};
pub use pdf::Pdf;
pub use text::PlainText;

/// The largest original file taken in: 256 MiB.
pub const MAX_ORIGINAL_BYTES: u64 = 256 * 1024 * 1024;

/// The most any one file inside a Word file may hold once uncompressed:
/// 256 MiB (a zip bomb is refused long before it fills memory).
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;

/// The extractor for a format.
pub fn extractor(format: Format) -> &'static dyn Extract {
    match format {
        Format::Text | Format::Markdown => &PlainText,
        Format::Html => &Html,
        Format::Pdf => &Pdf,
        Format::Docx => &Docx,
    }
}

/// The format of `bytes`, found from their content; `name` (a file name
/// or URL path) only tells plain text from Markdown.
pub fn detect(bytes: &[u8], name: &str) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") && memchr::memmem::find(bytes, b"word/").is_some() {
        return Format::Docx;
    }
    if html::looks_like_html(head) {
        return Format::Html;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Turns the bytes of one format into text.
pub trait Extract: Sync {
    /// The extractor's name, as recorded with each source (the crate that
    /// does the work, where there is one).
    fn name(&self) -> &'static str;
    /// Its version, as recorded with each source: the crate's exact version
    /// and the revision of Attest's own processing of its output. A new
    /// version may give different text for the same original.
    fn version(&self) -> &'static str;
    /// The text, metadata and page map of `bytes`; `Err` holds why the file
    /// cannot be read and what to do, as a sentence.
    fn extract(&self, bytes: &[u8], hints: &Hints) -> Result<Extracted, String>;
}

/// What is known about a file besides its bytes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Hints {
    /// The charset a web server declared (`Content-Type: …; charset=`).
    pub charset: Option<String>,
    /// The address the file was fetched from.
    pub url: Option<String>,
    /// The media type a web server declared.
    pub media_type: Option<String>,
}

/// What an extractor found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// The text: one paragraph per line, paragraphs apart by a blank line.
    pub text: String,
    /// Citation metadata found in the document; empty where none.
    pub metadata: Citation,
    /// Where each page starts, for paged formats (PDF); empty otherwise.
    pub pages: Vec<PageStart>,
    /// Pages whose text could not be read (PDF); empty when every page
    /// was read.
    #[serde(default)]
    pub unreadable: Vec<UnreadablePage>,
    /// The date the file says it was made or saved (`YYYY-MM-DD`), which
    /// is not a publication date; empty where there is none.
    #[serde(default)]
    pub document_date: String,
}

/// A file read for use as a source.
#[derive(Clone, Debug)]
pub struct Imported {
    /// Its format.
    pub format: Format,
    /// The text snapshot and what was found with it.
    pub extracted: Extracted,
    /// The original bytes, to be kept as evidence; `None` where the snapshot
    /// is the original (plain text and Markdown).
    pub original: Option<Original>,
}

impl Imported {
    /// The original to keep, with what it says about its pages.
    pub fn original_and_paging(&self) -> Option<(Original, Paging)> {
        let original = self.original.clone()?;
        Some((
            original,
            Paging {
                pages: self.extracted.pages.clone(),
                unreadable: self.extracted.unreadable.clone(),
            },
        ))
    }

    /// What an editor must know before adding this file when some of its
    /// pages could not be read: which, and why, in one sentence.
    pub fn unreadable_pages(&self) -> Option<String> {
        crate::model::unreadable_message(&self.extracted.unreadable)
    }
}

/// What a paged original says about its pages.
#[derive(Clone, Debug, Default)]
pub struct Paging {
    /// Where each page starts in the text.
    pub pages: Vec<PageStart>,
    /// The pages whose text could not be read.
    pub unreadable: Vec<UnreadablePage>,
}

/// The original of an imported file, to be kept beside its snapshot.
#[derive(Clone, Debug)]
pub struct Original {
    /// The bytes as they were read or fetched.
    pub bytes: std::sync::Arc<[u8]>,
    /// Its format.
    pub format: Format,
    /// The extractor that read it.
    pub extractor: &'static str,
    /// The extractor's version.
    pub extractor_version: &'static str,
    /// The address it was fetched from, after redirects (empty for a
    /// file).
    pub url: String,
    /// What the web server said identifies it (fetched sources only).
    pub validators: fetch::Validators,
}

/// Why a file could not be imported. Each message names the file and says
/// what to do.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A plain-text file that is not usable text.
    #[error(transparent)]
    Text(#[from] TextFileError),
    /// The file is larger than Attest takes in.
    #[error("{} is {}, more than the {} a source may be; split it or extract the part you need", .path.display(), crate::util::human_size(*.size), crate::util::human_size(*.limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file could not be fetched.
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    /// The user cancelled the import.
    #[error("reading {} was cancelled", .0.display())]
    Cancelled(PathBuf),
    /// The extractor refused the file.
    #[error("{} ({}): {reason}", .path.display(), .format.name())]
    Refused {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: Format,
        /// Why, and what to do.
        reason: String,
    },
}

/// Reads `path` and imports it (see [`import_bytes`]).
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    import_file_with(path, &fetch::Progress::default())
}

/// [`import_file`], stopping early when `progress` is cancelled.
pub fn import_file_with(path: &Path, progress: &fetch::Progress) -> Result<Imported, ImportError> {
    let io_err = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(TextFileError::Folder(path.to_owned()).into());
    }
    if meta.len() > MAX_ORIGINAL_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_ORIGINAL_BYTES,
        });
    }
    progress.total.store(meta.len(), Ordering::Relaxed);
    let bytes = std::fs::read(path).map_err(io_err)?;
    progress
        .received
        .store(bytes.len() as u64, Ordering::Relaxed);
    import_bytes(bytes, path, &Hints::default(), &progress.cancel)
}

/// Imports the bytes of a file: finds its format, extracts its text (in a
/// worker process with time and memory limits, see [`isolate`]) and checks
/// the text as any source text is checked. `path` names the file in
/// messages, and its extension tells plain text from Markdown. Setting
/// `cancel` stops the extraction.
pub fn import_bytes(
    bytes: Vec<u8>,
    path: &Path,
    hints: &Hints,
    cancel: &AtomicBool,
) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > MAX_ORIGINAL_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit: MAX_ORIGINAL_BYTES,
        });
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut format = detect(&bytes, &name);
    let declared_html = hints
        .media_type
        .as_deref()
        .is_some_and(|m| m == "text/html" || m == "application/xhtml+xml");
    if format == Format::Text && declared_html {
        format = Format::Html;
    }
    if format.snapshot_is_original() {
        let text = crate::util::text_file::text_from_bytes(path, bytes)?;
        let metadata = Citation {
            title: text::title_from_first_line(&text),
            ..Citation::default()
        };
        return Ok(Imported {
            format,
            extracted: Extracted {
                text,
                metadata,
                ..Extracted::default()
            },
            original: None,
        });
    }
    let refused = |reason: String| ImportError::Refused {
        path: path.to_owned(),
        format,
        reason,
    };
    let mut extracted = match isolate::extract(format, &bytes, hints, cancel) {
        Ok(extracted) => extracted,
        Err(_) if cancel.load(Ordering::Relaxed) => {
            return Err(ImportError::Cancelled(path.to_owned()));
        }
        Err(reason) => return Err(refused(reason)),
    };
    extracted.text = tidy(&extracted.text);
    if extracted.text.trim().is_empty() {
        return Err(refused(match format {
            Format::Pdf => "it has no text layer (a scan?); run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and add the result".into(),
            _ => "no text was found in it".into(),
        }));
    }
    if extracted.text.len() as u64 > crate::util::text_file::MAX_SOURCE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size: extracted.text.len() as u64,
            limit: crate::util::text_file::MAX_SOURCE_BYTES,
        });
    }
    extracted.metadata = clean_metadata(extracted.metadata);
    let extractor = extractor(format);
    Ok(Imported {
        format,
        extracted,
        original: Some(Original {
            bytes: bytes.into(),
            format,
            extractor: extractor.name(),
            extractor_version: extractor.version(),
            url: String::new(),
            validators: fetch::Validators::default(),
        }),
    })
}

/// Fetches `url` and imports what it sends (see [`import_bytes`]). The
/// final address (after redirects) becomes the citation's URL where the
/// page names none, and today the retrieval date.
pub fn import_url(url: &str, progress: &fetch::Progress) -> Result<Imported, ImportError> {
    let fetched = fetch::fetch(url, progress)?;
    import_fetched(fetched, progress)
}

/// Imports what a fetch brought back, as [`import_url`] does.
pub fn import_fetched(
    fetched: fetch::Fetched,
    progress: &fetch::Progress,
) -> Result<Imported, ImportError> {
    let name = fetched
        .final_url
        .split(['?', '#'])
        .next()
        .and_then(|u| u.rsplit('/').next())
        .unwrap_or("")
        .to_owned();
    let hints = Hints {
        charset: fetched.charset.clone(),
        url: Some(fetched.final_url.clone()),
        media_type: Some(fetched.media_type.clone()),
    };
    let label = PathBuf::from(if name.is_empty() { "page" } else { &name });
    progress.extracting.store(true, Ordering::Relaxed);
    let cancel = &progress.cancel;
    let mut imported =
        import_bytes(fetched.bytes, &label, &hints, cancel).map_err(|e| match e {
            ImportError::Refused { format, reason, .. } => ImportError::Refused {
                path: PathBuf::from(&fetched.final_url),
                format,
                reason,
            },
            ImportError::Cancelled(_) => ImportError::Cancelled(PathBuf::from(&fetched.final_url)),
            other => other,
        })?;
    if let Some(original) = &mut imported.original {
        original.url = fetched.final_url.clone();
        original.validators = fetched.validators;
    }
    let metadata = &mut imported.extracted.metadata;
    if metadata.url.is_empty() {
        metadata.url = fetched.final_url;
        *metadata = clean_metadata(std::mem::take(metadata));
    }
    metadata.retrieved = fetched.retrieved;
    Ok(imported)
}

/// The text every extractor's output is brought to: no control characters
/// but line breaks and tabs, no spaces at line ends, at most one blank line
/// in a row, no blank lines at the start or end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        let line: String = line
            .chars()
            .filter(|&c| c == '\t' || !c.is_control())
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

/// Metadata as a citation takes it: one line each, trimmed and of a sane
/// length; dates as `YYYY-MM-DD` (or dropped); only web addresses as URLs.
fn clean_metadata(found: Citation) -> Citation {
    let line = |s: &str| -> String {
        let one: String = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect();
        one
    };
    let date = |s: &str| normalise_date(s).unwrap_or_default();
    let url = line(&found.url);
    Citation {
        title: line(&found.title),
        publisher: line(&found.publisher),
        author: line(&found.author),
        url: if crate::model::check_citation(&Citation {
            url: url.clone(),
            ..Citation::default()
        })
        .is_ok()
        {
            url
        } else {
            String::new()
        },
        published: date(&found.published),
        retrieved: date(&found.retrieved),
    }
}

/// A date as `YYYY-MM-DD`, from the forms documents give: ISO 8601 and
/// RFC 3339 (`2024-03-05T10:00:00Z`), PDF dates (`D:20240305…`), and
/// `5 March 2024` or `March 5, 2024`.
pub fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let valid = |y: &str, m: &str, d: &str| {
        let candidate = format!("{y}-{m}-{d}");
        crate::model::check_citation(&Citation {
            published: candidate.clone(),
            ..Citation::default()
        })
        .is_ok()
        .then_some(candidate)
    };
    // 2024-03-05…
    if s.len() >= 10 && s.is_char_boundary(10) {
        let head = &s[..10];
        let parts: Vec<&str> = head.split('-').collect();
        if let [y, m, d] = parts.as_slice()
            && y.len() == 4
            && m.len() == 2
            && d.len() == 2
            && digits(y)
            && digits(m)
            && digits(d)
        {
            return valid(y, m, d);
        }
    }
    // 20240305… (PDF)
    if s.len() >= 8 && s.is_char_boundary(8) && digits(&s[..8]) {
        return valid(&s[..4], &s[4..6], &s[6..8]);
    }
    // 5 March 2024, March 5, 2024
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    let month = words.iter().find_map(|w| {
        (w.len() >= 3)
            .then(|| MONTHS.iter().position(|m| w.starts_with(m)))
            .flatten()
    })?;
    let year = words.iter().find(|w| w.len() == 4 && digits(w))?;
    let day = words
        .iter()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_alphabetic()))
        .find(|w| (1..=2).contains(&w.len()) && digits(w))?;
    valid(year, &format!("{:02}", month + 1), &format!("{day:0>2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_by_content_not_name() {
        assert_eq!(detect(b"%PDF-1.7\n...", "notes.txt"), Format::Pdf);
        assert_eq!(
            detect(b"\xEF\xBB\xBF<!DOCTYPE html><html>", "page.txt"),
            Format::Html
        );
        assert_eq!(detect(b"  <html lang=en><head>", "x"), Format::Html);
        assert_eq!(detect(b"# Title\n\ntext", "a.md"), Format::Markdown);
        assert_eq!(
            detect(b"Plain prose about <b> tags.", "a.html"),
            Format::Text
        );
    }

    #[test]
    fn dates_are_normalised() {
        for (given, want) in [
            ("2024-03-05T10:00:00Z", Some("2024-03-05")),
            ("2024-03-05", Some("2024-03-05")),
            ("D:20240305120000+01'00'", Some("2024-03-05")),
            ("5 March 2024", Some("2024-03-05")),
            ("March 15, 2024", Some("2024-03-15")),
            ("Tue, 5 Mar 2024 10:00:00 GMT", Some("2024-03-05")),
            ("2024-02-30", None),
            ("yesterday", None),
            ("", None),
        ] {
            assert_eq!(normalise_date(given).as_deref(), want, "{given}");
        }
    }

    #[test]
    fn tidy_keeps_paragraphs_and_drops_control_characters() {
        assert_eq!(
            tidy("\n\n One \u{1b}[2J \r\n\n\n\nTwo\tthree  \n"),
            " One [2J\n\nTwo\tthree\n"
        );
    }
}
