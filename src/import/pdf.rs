//! PDF documents: the text layer in reading order (across columns), with
//! lines joined into paragraphs, typographic hyphens undone, ligatures
//! spelled out, and the running headers, footers and page numbers that
//! repeat on every page left out. A page map records where each page
//! starts in the text, with its printed label.
//!
//! The text of each page comes from `pdf-extract` (chosen over `pdf_oxide`
//! by measurement: `cargo bench --features compare-extractors --bench
//! pdf_extractors`); what follows (paragraphs, hyphens, furniture) is
//! Attest's own, and is versioned with it.

use std::collections::{HashMap, HashSet};

use pdf_extract::{Dictionary, Document, Object, PlainTextOutput};

use super::{Extract, Extracted, Hints};
use crate::model::{Citation, PageStart};

/// PDF documents, read with `pdf-extract` (on `lopdf`).
pub struct Pdf;

/// The most pages Attest reads from one PDF.
pub const MAX_PAGES: usize = 20_000;

impl Extract for Pdf {
    fn name(&self) -> &'static str {
        "pdf-extract"
    }

    fn version(&self) -> &'static str {
        "0.12.1+attest.1"
    }

    fn extract(&self, bytes: &[u8], _hints: &Hints) -> Result<Extracted, String> {
        let mut doc = Document::load_mem(bytes).map_err(|e| {
            format!("it is not a readable PDF ({e}); it may be truncated or damaged: download it again, or print it to a new PDF")
        })?;
        // Many PDFs are encrypted with an empty password only to restrict
        // printing or editing; those can be read.
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err("it is encrypted with a password; open it with the password and save an unprotected copy (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`)".into());
        }
        let numbers: Vec<u32> = doc.get_pages().into_keys().collect();
        if numbers.is_empty() {
            return Err("it has no pages".into());
        }
        if numbers.len() > MAX_PAGES {
            return Err(format!(
                "it has {} pages, more than the {MAX_PAGES} Attest reads; split it first",
                numbers.len()
            ));
        }
        let pages = extract_pages(&doc, &numbers)?;
        let labels = page_labels(&doc, numbers.len());
        let (text, starts) = assemble(&pages);
        let pages = starts
            .into_iter()
            .zip(labels)
            .map(|(start, label)| PageStart { start, label })
            .collect();
        Ok(Extracted {
            text,
            metadata: metadata(&doc),
            pages,
        })
    }
}

/// The text of every page, in order, read on as many threads as there are
/// cores.
fn extract_pages(doc: &Document, numbers: &[u32]) -> Result<Vec<String>, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(numbers.len());
    let per_thread = numbers.len().div_ceil(threads);
    let chunks: Vec<Result<Vec<String>, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = numbers
            .chunks(per_thread)
            .map(|chunk| {
                std::thread::Builder::new()
                    .name(format!("{} pdf pages", super::isolate::EXTRACT_THREAD))
                    .spawn_scoped(scope, move || {
                        chunk
                            .iter()
                            .map(|&n| {
                                let mut text = String::new();
                                pdf_extract::output_doc_page(
                                    doc,
                                    &mut PlainTextOutput::new(&mut text),
                                    n,
                                )
                                .map_err(|e| {
                                    format!(
                                        "page {n} cannot be read ({e}); the file may be damaged"
                                    )
                                })?;
                                Ok(text)
                            })
                            .collect()
                    })
            })
            .collect();
        workers
            .into_iter()
            // A panic inside the extractor is turned into an error by the
            // caller (see `isolate`); it is passed on as it is.
            .map(|w| match w {
                Ok(w) => w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(e) => Err(format!("no thread could be started to read it ({e})")),
            })
            .collect()
    });
    let mut pages = Vec::with_capacity(numbers.len());
    for chunk in chunks {
        pages.extend(chunk?);
    }
    Ok(pages)
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

/// Title, author and date from the document information dictionary, where
/// they are meaningful (not a file name, not the producing program).
fn metadata(doc: &Document) -> Citation {
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
    Citation {
        title: if meaningless(&title) {
            String::new()
        } else {
            title
        },
        author: info(b"Author"),
        published: info(b"CreationDate"),
        ..Citation::default()
    }
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

/// A line with ligatures spelled out as the letters they join, and runs
/// of white space (justified text) as single spaces.
fn spell_out_ligatures(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            _ => out.push(c),
        }
    }
    out
}

/// How many lines at the top and at the bottom of a page can be running
/// headers or footers.
const EDGE_LINES: usize = 2;

/// A line's shape for telling furniture that repeats from page to page:
/// lowercase, digits as `#`, roman numerals alone as `#`, white space as
/// single spaces.
fn furniture_key(line: &str) -> String {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let roman = !lower.is_empty() && lower.chars().all(|c| "ivxlcdm".contains(c));
            if roman && lower.len() <= 6 && line.split_whitespace().count() <= 3 {
                "#".to_owned()
            } else {
                lower
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect::<String>()
            }
        })
        .collect();
    let mut key = words.join(" ");
    while key.contains("##") {
        key = key.replace("##", "#");
    }
    key
}

/// The index of each line of each page that is furniture: a line among the
/// first or last [`EDGE_LINES`] of its page whose shape recurs there on at
/// least two pages in five (and on three pages at least).
fn furniture(pages: &[Vec<&str>]) -> HashSet<(usize, usize)> {
    let edges = |lines: &[&str]| -> Vec<usize> {
        let filled: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let mut edge: Vec<usize> = filled.iter().take(EDGE_LINES).copied().collect();
        edge.extend(filled.iter().rev().take(EDGE_LINES));
        edge.sort_unstable();
        edge.dedup();
        edge
    };
    let mut seen: HashMap<String, HashSet<usize>> = HashMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for i in edges(lines) {
            seen.entry(furniture_key(lines[i])).or_default().insert(p);
        }
    }
    let needed = (pages.len() * 2).div_ceil(5).max(3);
    let mut out = HashSet::new();
    if pages.len() < 3 {
        return out;
    }
    for (p, lines) in pages.iter().enumerate() {
        for i in edges(lines) {
            if seen[&furniture_key(lines[i])].len() >= needed {
                out.insert((p, i));
            }
        }
    }
    out
}

/// Characters a paragraph's last line usually ends with.
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')', ']', '…', '»'])
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// The text of the pages, one paragraph per line and a blank line between
/// paragraphs, with where each page starts (in chars).
///
/// Lines are joined into paragraphs: a blank line ends one, and so does a
/// line clearly shorter than the page's usual line that ends a sentence
/// (the last line of a paragraph), or a short line followed by one that
/// starts with a capital (a heading). A line ending in a typographic hyphen
/// (U+2010, or a soft hyphen) is joined to the next without it; one ending
/// in `-` keeps it unless the word without it is found elsewhere in the
/// document (hyphenation), and not with it (a compound).
pub fn assemble(pages: &[String]) -> (String, Vec<usize>) {
    let pages: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            p.lines()
                .map(|l| spell_out_ligatures(l.trim_end()))
                .collect()
        })
        .collect();
    let borrowed: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.iter().map(String::as_str).collect())
        .collect();
    let skip = furniture(&borrowed);
    let words = vocabulary(&pages);
    let mut out = String::new();
    let mut out_chars = 0usize;
    let mut starts = Vec::with_capacity(pages.len());
    let mut join = Join::Start;
    for (p, lines) in pages.iter().enumerate() {
        let typical = typical_length(lines);
        let mut body: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(&(p, *i)))
            .map(|(_, l)| l.as_str())
            .collect();
        // Blank lines at a page's edges are the page's margins, not
        // paragraph breaks: whether a paragraph goes on over the page
        // break is decided by its last line, as within a page.
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        let leading = body.iter().take_while(|l| l.trim().is_empty()).count();
        body.drain(..leading);
        let mut page_started = false;
        for (i, raw) in body.iter().enumerate() {
            let line = raw.trim();
            if line.is_empty() {
                if join != Join::Start {
                    join = Join::Paragraph;
                }
                continue;
            }
            let separator = match join {
                Join::Start => "",
                Join::Space => " ",
                Join::Glued => "",
                Join::Paragraph => "\n\n",
            };
            out.push_str(separator);
            out_chars += separator.len();
            if !page_started {
                starts.push(out_chars);
                page_started = true;
            }
            let next = body[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .or_else(|| first_body_line(&pages, &skip, p + 1));
            let (kept, how) = line_end(line, next, typical, &words);
            out.push_str(kept);
            out_chars += kept.chars().count();
            join = how;
        }
        if !page_started {
            starts.push(out_chars);
        }
    }
    (out, starts)
}

/// The first body line of page `p`, if there is one.
fn first_body_line<'a>(
    pages: &'a [Vec<String>],
    skip: &HashSet<(usize, usize)>,
    p: usize,
) -> Option<&'a str> {
    let lines = pages.get(p)?;
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(&(p, *i)))
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
}

/// The part of `line` kept, and how it joins the next line.
fn line_end<'a>(
    line: &'a str,
    next: Option<&str>,
    typical: usize,
    words: &HashSet<String>,
) -> (&'a str, Join) {
    let Some(next) = next else {
        return (line, Join::Paragraph);
    };
    for soft in ['\u{2010}', '\u{ad}'] {
        if let Some(stem) = line.strip_suffix(soft)
            && stem.chars().last().is_some_and(char::is_alphabetic)
        {
            return (stem, Join::Glued);
        }
    }
    if let Some(stem) = line.strip_suffix('-')
        && stem.chars().last().is_some_and(char::is_alphabetic)
        && starts_lowercase(next)
    {
        let left = stem
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let right: String = next
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let joined = format!("{left}{right}");
        let compound = format!("{left}-{right}");
        if words.contains(&joined) && !words.contains(&compound) {
            return (stem, Join::Glued);
        }
        return (line, Join::Glued);
    }
    let length = line.chars().count();
    let short = typical > 0 && length * 100 < typical * 85;
    let very_short = typical > 0 && length * 100 < typical * 60;
    let next_is_new = !starts_lowercase(next);
    let next_length = next.chars().count();
    let next_is_heading = typical > 0
        && next_length * 100 < typical * 60
        && next_is_new
        && !ends_sentence(next)
        && !next.ends_with([',', ';']);
    if short && ends_sentence(line) && next_is_new
        || very_short && next_is_new && !line.ends_with(',')
        || ends_sentence(line) && next_is_heading
    {
        (line, Join::Paragraph)
    } else {
        (line, Join::Space)
    }
}

/// What joins one line to the next: nothing yet (the text's start), a
/// space, nothing (a hyphen undone), or a paragraph break.
#[derive(PartialEq)]
enum Join {
    Start,
    Space,
    Glued,
    Paragraph,
}

/// The usual length of a full line on a page: the 80th percentile of the
/// lengths of its lines of ten chars or more.
fn typical_length(lines: &[String]) -> usize {
    let mut lengths: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n >= 10)
        .collect();
    if lengths.is_empty() {
        return 0;
    }
    lengths.sort_unstable();
    lengths[(lengths.len() * 4 / 5).min(lengths.len() - 1)]
}

/// Every word of the document, lowercase, including hyphenated ones.
fn vocabulary(pages: &[Vec<String>]) -> HashSet<String> {
    let mut words = HashSet::new();
    for line in pages.iter().flatten() {
        for word in line.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let word = word.trim_matches('-');
            if !word.is_empty() {
                words.insert(word.to_lowercase());
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> String {
        lines.join("\n")
    }

    #[test]
    fn lines_join_into_paragraphs_and_hyphens_are_undone() {
        let body = [
            "The committee met on Tuesday to discuss the physic\u{2010}",
            "al state of the bridge, which engineers had called",
            "unsafe. A four-power agreement was not reached.",
            "Results",
            "The vote was postponed until the ﬁnal report",
            "arrived from the consul-",
            "tants, whose consultants report is due soon.",
        ];
        let (text, starts) = assemble(&[page(&body)]);
        assert_eq!(
            text,
            "The committee met on Tuesday to discuss the physical state of the bridge, which engineers had called unsafe. A four-power agreement was not reached.\n\nResults\n\nThe vote was postponed until the final report arrived from the consultants, whose consultants report is due soon."
        );
        assert_eq!(starts, vec![0]);
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_left_out() {
        let pages: Vec<String> = (1..=5)
            .map(|n| {
                let words = ["one", "two", "three", "four", "five"];
                let word = words[n - 1];
                page(&[
                    "ANNUAL REPORT 2024",
                    &format!("Chapter text of page {word} goes on and on across the line"),
                    "and goes on through the middle of the page, line by line,",
                    &format!("and ends on page {word} here with a full stop to close."),
                    &format!("{n}"),
                ])
            })
            .collect();
        let (text, starts) = assemble(&pages);
        assert!(!text.contains("ANNUAL REPORT"), "{text}");
        assert!(!text.contains("close. 2"), "{text}");
        assert_eq!(starts.len(), 5);
        let second = &text[starts[1]..];
        assert!(second.starts_with("Chapter text of page two"), "{second}");
    }

    #[test]
    fn a_sentence_continues_across_a_page_break() {
        let pages = [
            page(&["The first page ends in the middle of a sentence that"]),
            page(&["goes on here, on the second page."]),
        ];
        let (text, starts) = assemble(&pages);
        assert_eq!(
            text,
            "The first page ends in the middle of a sentence that goes on here, on the second page."
        );
        assert_eq!(&text[starts[1]..], "goes on here, on the second page.");
    }

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
}
