//! PDF documents: the text layer in reading order (across columns), laid
//! out into paragraphs from the geometry of each page, with typographic
//! hyphens undone, accents composed, ligatures spelled out, footnotes set
//! apart and the running headers, footers and page numbers left out. A
//! page map records where each page starts in the text, with its printed
//! label.
//!
//! Every glyph a page draws is accounted for: the glyphs its content
//! streams show are counted independently of the reader, and a page whose
//! text could not be decoded is read again by a second reader. A page
//! that neither can read is reported as unreadable, naming the font, so
//! that a PDF is never added as less than it prints without a word.
//!
//! The glyphs come from `pdf-extract` (fonts, encodings and Unicode maps,
//! on `lopdf`), with `pdf_oxide` as the second reader; what follows (lines,
//! paragraphs, hyphens, furniture, footnotes) is Attest's own, in
//! `layout` and `hyphens`, and is versioned with it.

mod furniture;
mod glyphs;
mod hyphens;
mod layout;
mod lines;

use pdf_extract::{Dictionary, Document, Object};

use super::{Extract, Extracted, Hints};
use crate::model::{Citation, PageStart, UnreadablePage};

pub use glyphs::{Glyph, PageGlyphs};

/// PDF documents, read with `pdf-extract` (on `lopdf`) and `pdf_oxide`.
pub struct Pdf;

/// The most pages Attest reads from one PDF.
pub const MAX_PAGES: usize = 20_000;

impl Extract for Pdf {
    fn name(&self) -> &'static str {
        "pdf-extract"
    }

    fn version(&self) -> &'static str {
        "0.12.1+pdf_oxide-0.3.78+attest.2"
    }

    fn extract(&self, bytes: &[u8], _hints: &Hints) -> Result<Extracted, String> {
        let doc = open(bytes)?;
        let read = read_pages(&doc, bytes)?;
        let labels = page_labels(&doc, read.pages.len());
        let (text, starts) = assemble(&read.pages);
        let unreadable = read
            .unreadable
            .into_iter()
            .map(|(index, reason)| UnreadablePage {
                page: index + 1,
                label: labels[index].clone(),
                reason,
            })
            .collect();
        let pages = starts
            .into_iter()
            .zip(labels)
            .map(|(start, label)| PageStart { start, label })
            .collect();
        let (metadata, document_date) = metadata(&doc);
        Ok(Extracted {
            text,
            metadata,
            pages,
            unreadable,
            document_date,
        })
    }
}

/// The document, decrypted where it is protected with an empty password.
fn open(bytes: &[u8]) -> Result<Document, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        format!("it is not a readable PDF ({e}); it may be truncated or damaged: download it again, or print it to a new PDF")
    })?;
    // Many PDFs are encrypted with an empty password only to restrict
    // printing or editing; those can be read.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("it is encrypted with a password; open it with the password and save an unprotected copy (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`)".into());
    }
    let count = doc.get_pages().len();
    if count == 0 {
        return Err("it has no pages".into());
    }
    if count > MAX_PAGES {
        return Err(format!(
            "it has {count} pages, more than the {MAX_PAGES} Attest reads; split it first"
        ));
    }
    glyphs::normalise_cid_widths(&mut doc);
    glyphs::rewrite_quote_operators(&mut doc);
    Ok(doc)
}

/// Lines and paragraphs from the glyphs of every page, and where each page
/// starts in the text (in chars).
pub fn assemble(pages: &[PageGlyphs]) -> (String, Vec<usize>) {
    let lines: Vec<Vec<lines::Line>> = pages.iter().map(lines::lines).collect();
    let hyphens = hyphens::Hyphens::new(lines.iter().flatten());
    layout::assemble_text(&lines, &hyphens)
}

/// The glyphs of every page, and the pages (from 0) that could not be read,
/// with why.
struct Read {
    /// The glyphs of each page.
    pages: Vec<PageGlyphs>,
    /// Pages whose text could not be read, with the reason.
    unreadable: Vec<(usize, String)>,
}

/// A page is read again by the second reader when more than this many of
/// the glyphs it draws could not be decoded by the first.
const READ_AGAIN_GLYPHS: usize = 2;

/// A page's text counts as unreadable when more than this share of the
/// glyphs it draws (and more than [`MISSING_GLYPHS`]) could not be decoded
/// by either reader.
const MISSING_SHARE: f64 = 0.03;
const MISSING_GLYPHS: usize = 12;

fn missing(drawn: usize, decoded: usize) -> bool {
    let missing = drawn.saturating_sub(decoded);
    missing > MISSING_GLYPHS && missing as f64 > MISSING_SHARE * drawn as f64
}

/// Reads the glyphs of every page with `pdf-extract` on as many threads as
/// there are cores, counts what each page draws, and reads again with
/// `pdf_oxide` each page where glyphs are missing.
fn read_pages(doc: &Document, bytes: &[u8]) -> Result<Read, String> {
    // (page number from 1, object) for every page, in order.
    let page_ids: Vec<(u32, pdf_extract::ObjectId)> = doc.get_pages().into_iter().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(page_ids.len());
    let per_thread = page_ids.len().div_ceil(threads.max(1));
    type PageRead = (Result<PageGlyphs, String>, glyphs::Drawn);
    let chunks: Vec<Result<Vec<PageRead>, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = page_ids
            .chunks(per_thread.max(1))
            .map(|chunk| {
                std::thread::Builder::new()
                    .name(format!("{} pdf pages", super::isolate::EXTRACT_THREAD))
                    .spawn_scoped(scope, move || {
                        chunk
                            .iter()
                            .map(|&(n, id)| {
                                (glyphs::read_page(doc, n), glyphs::count_drawn(doc, id))
                            })
                            .collect()
                    })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| match w {
                Ok(w) => Ok(w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
                Err(e) => Err(format!("no thread could be started to read it ({e})")),
            })
            .collect()
    });
    let mut first = Vec::with_capacity(page_ids.len());
    for chunk in chunks {
        first.extend(chunk?);
    }
    let mut second: Option<Option<pdf_oxide::PdfDocument>> = None;
    let mut pages = Vec::with_capacity(first.len());
    let mut unreadable = Vec::new();
    for (index, (read, drawn)) in first.into_iter().enumerate() {
        let decoded = read.as_ref().map_or(0, PageGlyphs::decoded);
        if read.is_ok() && drawn.glyphs.saturating_sub(decoded) <= READ_AGAIN_GLYPHS {
            pages.push(read.unwrap_or_default());
            continue;
        }
        let again = second
            .get_or_insert_with(|| pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).ok())
            .as_ref()
            .and_then(|d| glyphs::read_page_again(d, index));
        let again_decoded = again.as_ref().map_or(0, PageGlyphs::decoded);
        let best = match (read, again) {
            (Ok(_), Some(again)) if again_decoded > decoded => again,
            (Ok(first), _) => first,
            (Err(_), Some(again)) => again,
            (Err(e), None) => {
                unreadable.push((index, format!("the page could not be read ({e})")));
                pages.push(PageGlyphs::default());
                continue;
            }
        };
        if missing(drawn.glyphs, best.decoded()) {
            unreadable.push((index, why_unreadable(&drawn)));
        }
        pages.push(best);
    }
    Ok(Read { pages, unreadable })
}

/// Why a page's text could not be read, naming the font most likely to
/// blame.
fn why_unreadable(drawn: &glyphs::Drawn) -> String {
    let suspect = drawn
        .fonts
        .iter()
        .find(|(_, _, problem)| problem.is_some())
        .or_else(|| drawn.fonts.first());
    match suspect {
        Some((name, _, Some(problem))) if name.is_empty() => {
            format!("the text could not be read (its font {problem})")
        }
        Some((name, _, Some(problem))) => {
            format!("the text could not be read (font ‘{name}’ {problem})")
        }
        Some((name, _, None)) => {
            format!("the text could not be read (font ‘{name}’: its Unicode map could not be used)")
        }
        None => "the text could not be read".into(),
    }
}

/// Follows a reference to the object it names.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// The printed label of each page: from the catalog's `/PageLabels` number
/// tree where there is one, else the page number from 1.
fn page_labels(doc: &Document, count: usize) -> Vec<String> {
    let mut ranges: Vec<(usize, Dictionary)> = Vec::new();
    if let Ok(catalog) = doc.catalog()
        && let Ok(tree) = catalog.get(b"PageLabels")
        && let Some(tree) = resolve(doc, tree)
    {
        collect_number_tree(doc, tree, &mut ranges, 0);
    }
    ranges.sort_by_key(|(start, _)| *start);
    (0..count)
        .map(|page| {
            let Some((start, style)) = ranges.iter().rev().find(|(s, _)| *s <= page) else {
                return (page + 1).to_string();
            };
            format_label(doc, style, page - start)
        })
        .collect()
}

/// The entries of a number tree (`/Nums`, and `/Kids` below it).
fn collect_number_tree(
    doc: &Document,
    node: &Object,
    out: &mut Vec<(usize, Dictionary)>,
    depth: usize,
) {
    let Ok(node) = node.as_dict() else { return };
    if depth > 32 || out.len() > MAX_PAGES {
        return;
    }
    if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
        for pair in nums.chunks_exact(2) {
            let (Ok(start), Some(Ok(style))) = (
                pair[0].as_i64(),
                resolve(doc, &pair[1]).map(Object::as_dict),
            ) else {
                continue;
            };
            if let Ok(start) = usize::try_from(start) {
                out.push((start, style.clone()));
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            if let Some(kid) = resolve(doc, kid) {
                collect_number_tree(doc, kid, out, depth + 1);
            }
        }
    }
}

/// A page label from its range's style dictionary: `/P` prefix, `/S`
/// numbering style (`D` decimal, `R`/`r` roman, `A`/`a` letters, none),
/// `/St` first number.
fn format_label(doc: &Document, style: &Dictionary, offset: usize) -> String {
    let prefix = style
        .get(b"P")
        .ok()
        .and_then(|p| resolve(doc, p))
        .and_then(|p| p.as_str().ok())
        .map(decode_text_string)
        .unwrap_or_default();
    let first = style
        .get(b"St")
        .ok()
        .and_then(|s| s.as_i64().ok())
        .and_then(|s| usize::try_from(s).ok())
        .filter(|&s| s >= 1)
        .unwrap_or(1);
    let n = first + offset;
    let number = match style.get(b"S").ok().and_then(|s| s.as_name().ok()) {
        Some(b"D") => n.to_string(),
        Some(b"R") => roman(n).to_uppercase(),
        Some(b"r") => roman(n),
        Some(b"A") => letters(n).to_uppercase(),
        Some(b"a") => letters(n),
        _ => String::new(),
    };
    format!("{prefix}{number}")
}

fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    if n == 0 || n > 100_000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Letter numbering as PDF defines it: a..z, then aa..zz, and so on.
fn letters(n: usize) -> String {
    if n == 0 || n > 26 * 100 {
        return n.to_string();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    letter.to_string().repeat((n - 1) / 26 + 1)
}

/// Title and author from the document information dictionary, where they
/// are meaningful (not a file name, not the producing program), and the
/// date the file was made (never taken as the publication date: a PDF
/// printed today says today).
fn metadata(doc: &Document) -> (Citation, String) {
    let info = |key: &[u8]| -> String {
        doc.trailer
            .get(b"Info")
            .ok()
            .and_then(|i| resolve(doc, i))
            .and_then(|i| i.as_dict().ok())
            .and_then(|i| i.get(key).ok())
            .and_then(|v| resolve(doc, v))
            .and_then(|v| v.as_str().ok())
            .map(decode_text_string)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let title = info(b"Title");
    let meaningless = |t: &str| {
        let lower = t.to_ascii_lowercase();
        t.is_empty()
            || lower.starts_with("untitled")
            || lower.starts_with("microsoft word")
            || [".doc", ".docx", ".pdf", ".indd", ".tex", ".dvi", ".odt"]
                .iter()
                .any(|ext| lower.ends_with(ext))
    };
    let citation = Citation {
        title: if meaningless(&title) {
            String::new()
        } else {
            title
        },
        author: info(b"Author"),
        ..Citation::default()
    };
    let made = [info(b"CreationDate"), info(b"ModDate")]
        .iter()
        .find_map(|d| super::normalise_date(d))
        .unwrap_or_default();
    (citation, made)
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one, or
/// PDFDocEncoding (Latin-1 for the letters that matter).
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_numbered_as_pdf_defines() {
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(1999), "mcmxcix");
        assert_eq!(letters(1), "a");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(53), "aaa");
    }

    #[test]
    fn text_strings_decode() {
        assert_eq!(decode_text_string(b"\xfe\xff\x00A\x00\xe9"), "Aé");
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }

    #[test]
    fn a_page_counts_as_read_when_almost_every_glyph_is_decoded() {
        assert!(!missing(1000, 990));
        assert!(!missing(10, 0));
        assert!(missing(1000, 900));
        assert!(missing(1000, 16));
    }
}
