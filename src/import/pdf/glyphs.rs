//! The glyphs a page draws, with where and how large: read through
//! `pdf-extract`'s text decoding (fonts, encodings, Unicode maps), with a
//! second reading by `pdf_oxide` for a page the first could not decode,
//! and an independent count of the glyphs each page's content streams
//! show, so that text that could not be decoded is never lost silently.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};

use super::resolve;

/// One glyph drawn on a page, in the page's coordinates (points, y up).
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// The characters it stands for (empty where it could not be decoded).
    pub text: String,
    /// Where its baseline starts.
    pub x: f32,
    /// Its baseline.
    pub y: f32,
    /// Its advance width.
    pub width: f32,
    /// The size of its font, as printed.
    pub size: f32,
}

/// The glyphs of one page, in the order the page draws them.
#[derive(Clone, Debug, Default)]
pub struct PageGlyphs {
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// The page's width and height.
    pub width: f32,
    /// The page's height.
    pub height: f32,
}

impl PageGlyphs {
    /// How many glyphs were decoded to usable characters.
    pub fn decoded(&self) -> usize {
        self.glyphs.iter().filter(|g| usable(&g.text)).count()
    }
}

/// Whether decoded text stands for real characters (not nothing, not the
/// replacement character, not a control or private-use code).
fn usable(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c != '\u{fffd}'
                && (!c.is_control() || c.is_whitespace())
                && !('\u{e000}'..='\u{f8ff}').contains(&c)
        })
}

/// Collects glyphs from `pdf-extract`.
struct Collector {
    page: PageGlyphs,
    origin: (f32, f32),
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.origin = (media_box.llx as f32, media_box.lly as f32);
        self.page.width = (media_box.urx - media_box.llx) as f32;
        self.page.height = (media_box.ury - media_box.lly) as f32;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The text space's unit along the baseline and across it.
        let along = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let across = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let glyph = Glyph {
            text: text.to_owned(),
            x: trm.m31 as f32 - self.origin.0,
            y: trm.m32 as f32 - self.origin.1,
            width: (width * font_size * along) as f32,
            size: (font_size * across).abs() as f32,
        };
        if glyph.x.is_finite() && glyph.y.is_finite() && glyph.size.is_finite() {
            self.page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The glyphs of page `number` (from 1) as `pdf-extract` decodes them;
/// `Err` if it fails on the page (a panic in it included).
pub fn read_page(doc: &Document, number: u32) -> Result<PageGlyphs, String> {
    let mut collector = Collector {
        page: PageGlyphs::default(),
        origin: (0.0, 0.0),
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut collector, number)
    }));
    match result {
        Ok(Ok(())) => Ok(collector.page),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the reader failed".into())),
    }
}

/// The glyphs of page `index` (from 0) as `pdf_oxide` reads them: the
/// second reader, for a page the first could not decode.
pub fn read_page_again(doc: &pdf_oxide::PdfDocument, index: usize) -> Option<PageGlyphs> {
    let chars = std::panic::catch_unwind(AssertUnwindSafe(|| doc.extract_chars(index)))
        .ok()?
        .ok()?;
    let glyphs = chars
        .iter()
        .map(|c| Glyph {
            text: c.char.to_string(),
            x: c.origin_x,
            y: c.origin_y,
            width: c.bbox.width,
            size: c.font_size,
        })
        .filter(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite())
        .collect();
    Some(PageGlyphs {
        glyphs,
        ..PageGlyphs::default()
    })
}

/// Rewrites the text operators `'` and `"` (move to the next line and show
/// a string, the second also setting word and character spacing) of every
/// page as the `T*`, `Tw`, `Tc` and `Tj` they stand for: `pdf-extract`
/// reads only the latter, and Ghostscript's PDFs use the former for the
/// first word of many lines.
pub fn rewrite_quote_operators(doc: &mut Document) {
    use pdf_extract::content::{Content, Operation};
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        if !may_show_with_quote(&bytes) {
            continue;
        }
        let Ok(content) = Content::decode(&bytes) else {
            continue;
        };
        if !content
            .operations
            .iter()
            .any(|op| op.operator == "'" || op.operator == "\"")
        {
            continue;
        }
        let mut operations = Vec::with_capacity(content.operations.len() + 16);
        for op in content.operations {
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("'", [text]) => {
                    operations.push(Operation::new("T*", Vec::new()));
                    operations.push(Operation::new("Tj", vec![text.clone()]));
                }
                ("\"", [word, char, text]) => {
                    operations.push(Operation::new("Tw", vec![word.clone()]));
                    operations.push(Operation::new("Tc", vec![char.clone()]));
                    operations.push(Operation::new("T*", Vec::new()));
                    operations.push(Operation::new("Tj", vec![text.clone()]));
                }
                _ => operations.push(op),
            }
        }
        let Ok(encoded) = (Content { operations }).encode() else {
            continue;
        };
        set_page_content(doc, page, encoded);
    }
}

/// Whether a content stream may use the `'` or `"` operator: one of those
/// bytes after a string's end or white space. (An apostrophe inside a word,
/// `Khan's`, the common case, needs no decoding of the stream.)
fn may_show_with_quote(content: &[u8]) -> bool {
    memchr::memchr2_iter(b'\'', b'"', content).any(|at| {
        at == 0
            || matches!(
                content[at - 1],
                b')' | b'>' | b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0'
            )
    })
}

/// Writes the widths of every CID font (`/W`) in the one form
/// `pdf-extract` reads right: `first [w1 w2 …]`. It misreads the other,
/// `first last w`, and gives those glyphs the default width, which puts
/// the glyphs after them in the wrong place (Chromium writes it for runs
/// of glyphs of one width).
pub fn normalise_cid_widths(doc: &mut Document) {
    /// The most glyph widths the ranges of a document's fonts are expanded
    /// to (a hostile file could ask for billions).
    const MAX_WIDTHS: i64 = 1 << 22;
    let mut expanded = 0i64;
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                matches!(
                    d.get(b"Subtype").and_then(Object::as_name).ok(),
                    Some(b"CIDFontType2" | b"CIDFontType0")
                )
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in fonts {
        let Some(widths) = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"W").ok())
            .and_then(|w| resolve(doc, w))
            .and_then(|w| w.as_array().ok())
            .cloned()
        else {
            continue;
        };
        let number = |o: &Object| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        };
        let mut out = Vec::with_capacity(widths.len());
        let mut i = 0;
        let mut changed = false;
        while i < widths.len() {
            match (widths.get(i), widths.get(i + 1), widths.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    out.push(first.clone());
                    out.push(Object::Array(list.clone()));
                    i += 2;
                }
                (Some(first), Some(last), Some(width)) => {
                    let (Some(a), Some(b), Some(w)) =
                        (first.as_i64().ok(), last.as_i64().ok(), number(width))
                    else {
                        break;
                    };
                    let count = (b - a + 1).clamp(0, (MAX_WIDTHS - expanded).min(1 << 16));
                    expanded += count;
                    out.push(Object::Integer(a));
                    out.push(Object::Array(
                        (0..count).map(|_| Object::Real(w as f32)).collect(),
                    ));
                    changed = true;
                    i += 3;
                }
                _ => break,
            }
        }
        if changed && let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
            dict.set("W", Object::Array(out));
        }
    }
}

/// Replaces a page's content with `bytes`, uncompressed.
fn set_page_content(doc: &mut Document, page: ObjectId, bytes: Vec<u8>) {
    let single = match doc.get_dictionary(page).and_then(|p| p.get(b"Contents")) {
        Ok(Object::Reference(id)) => Some(*id),
        Ok(Object::Array(items)) if items.len() == 1 => items[0].as_reference().ok(),
        _ => None,
    };
    if let Some(id) = single
        && let Ok(Object::Stream(stream)) = doc.get_object_mut(id)
    {
        stream.set_plain_content(bytes);
        return;
    }
    let id = doc.add_object(pdf_extract::Stream::new(Dictionary::new(), bytes));
    if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) {
        dict.set("Contents", id);
    }
}

/// What a page's content streams draw: the number of glyphs shown, and
/// for each font, its name, how many glyphs it showed and why its text
/// may not be decodable.
#[derive(Clone, Debug, Default)]
pub struct Drawn {
    /// Glyphs shown by the text operators (`Tj`, `TJ`, `'`, `"`).
    pub glyphs: usize,
    /// Per font: (name, glyphs shown, what is wrong with its Unicode map).
    pub fonts: Vec<(String, usize, Option<&'static str>)>,
}

/// How deep Form XObjects may nest.
const MAX_FORM_DEPTH: usize = 8;

/// Counts the glyphs page `page_id` shows, independently of any decoder.
pub fn count_drawn(doc: &Document, page_id: ObjectId) -> Drawn {
    let mut counter = Counter {
        doc,
        budget: 20_000_000,
        fonts: HashMap::new(),
        glyphs: 0,
    };
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Drawn::default();
    };
    let resources = inherited_resources(doc, page);
    if let Ok(content) = doc.get_page_content(page_id) {
        counter.walk(&content, resources, 0);
    }
    let mut fonts: Vec<(String, usize, Option<&'static str>)> =
        counter.fonts.into_values().collect();
    fonts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Drawn {
        glyphs: counter.glyphs,
        fonts,
    }
}

fn inherited_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(r) = node.get(b"Resources")
            && let Some(Ok(r)) = resolve(doc, r).map(Object::as_dict)
        {
            return Some(r);
        }
        let parent = node.get(b"Parent").ok().and_then(|p| resolve(doc, p))?;
        node = parent.as_dict().ok()?;
    }
    None
}

struct Counter<'a> {
    doc: &'a Document,
    /// Operations left to look at: a page whose forms draw forms many
    /// times over is counted only so far (the reader is stopped by its
    /// time limit).
    budget: usize,
    /// By font dictionary: (name, glyphs, problem).
    fonts: HashMap<*const Dictionary, (String, usize, Option<&'static str>)>,
    glyphs: usize,
}

impl<'a> Counter<'a> {
    fn walk(&mut self, content: &[u8], resources: Option<&'a Dictionary>, depth: usize) {
        let Ok(content) = pdf_extract::content::Content::decode(content) else {
            return;
        };
        let sub = |key: &[u8]| -> Option<&'a Dictionary> {
            let r = resources?.get(key).ok()?;
            resolve(self.doc, r)?.as_dict().ok()
        };
        let fonts = sub(b"Font");
        let xobjects = sub(b"XObject");
        let mut font: Option<(&'a Dictionary, Codes)> = None;
        for op in &content.operations {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            match op.operator.as_str() {
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| fonts?.get(n).ok())
                        .and_then(|f| resolve(self.doc, f))
                        .and_then(|f| f.as_dict().ok())
                        .map(|f| (f, Codes::of(self.doc, f)));
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    // Text shown in a font the page does not define is
                    // drawn all the same: counted a byte a glyph, so that
                    // no reader can lose it unnoticed.
                    let single = Codes::Single;
                    let codes = font.as_ref().map_or(&single, |(_, codes)| codes);
                    let mut shown = 0;
                    for operand in &op.operands {
                        match operand {
                            Object::String(bytes, _) => shown += codes.count(bytes),
                            Object::Array(items) => {
                                for item in items {
                                    if let Object::String(bytes, _) = item {
                                        shown += codes.count(bytes);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    self.glyphs += shown;
                    let doc = self.doc;
                    let entry = match font {
                        Some((dict, _)) => self
                            .fonts
                            .entry(dict as *const Dictionary)
                            .or_insert_with(|| (font_name(doc, dict), 0, font_problem(doc, dict))),
                        None => self.fonts.entry(std::ptr::null()).or_insert_with(|| {
                            (
                                String::new(),
                                0,
                                Some("is not defined in the page's resources"),
                            )
                        }),
                    };
                    entry.1 += shown;
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(form) = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| xobjects?.get(n).ok())
                        .and_then(|x| resolve(self.doc, x))
                        .and_then(|x| x.as_stream().ok())
                    else {
                        continue;
                    };
                    if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                        continue;
                    }
                    let inner = form
                        .dict
                        .get(b"Resources")
                        .ok()
                        .and_then(|r| resolve(self.doc, r))
                        .and_then(|r| r.as_dict().ok())
                        .or(resources);
                    let bytes = form
                        .decompressed_content()
                        .unwrap_or_else(|_| form.content.clone());
                    self.walk(&bytes, inner, depth + 1);
                }
                _ => {}
            }
        }
    }
}

/// How a font's strings split into character codes.
enum Codes {
    /// One byte per code (simple fonts).
    Single,
    /// Codes of 1 to 4 bytes by the CMap's code space ranges
    /// (`(bytes, first, last)`); two bytes each where none could be read.
    Ranges(Vec<(usize, u32, u32)>),
}

impl Codes {
    fn of(doc: &Document, font: &Dictionary) -> Codes {
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            return Codes::Single;
        }
        let ranges = font
            .get(b"Encoding")
            .ok()
            .and_then(|e| resolve(doc, e))
            .and_then(|e| e.as_stream().ok())
            .map(|s| {
                codespace_ranges(
                    &s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone()),
                )
            })
            .unwrap_or_default();
        Codes::Ranges(ranges)
    }

    fn count(&self, bytes: &[u8]) -> usize {
        match self {
            Codes::Single => bytes.len(),
            Codes::Ranges(ranges) if ranges.is_empty() => bytes.len().div_ceil(2),
            Codes::Ranges(ranges) => {
                let mut n = 0;
                let mut i = 0;
                while i < bytes.len() {
                    let mut step = 1;
                    'width: for width in 1..=4.min(bytes.len() - i) {
                        let code = bytes[i..i + width]
                            .iter()
                            .fold(0u32, |c, &b| (c << 8) | u32::from(b));
                        for &(w, lo, hi) in ranges {
                            if w == width && (lo..=hi).contains(&code) {
                                step = width;
                                break 'width;
                            }
                        }
                    }
                    i += step;
                    n += 1;
                }
                n
            }
        }
    }
}

/// The `begincodespacerange` entries of a CMap: (bytes, first, last).
fn codespace_ranges(cmap: &[u8]) -> Vec<(usize, u32, u32)> {
    let text = String::from_utf8_lossy(cmap);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("begincodespacerange") {
        rest = &rest[at + "begincodespacerange".len()..];
        let end = rest.find("endcodespacerange").unwrap_or(rest.len());
        let hex: Vec<&str> = rest[..end]
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
            .collect();
        for pair in hex.chunks_exact(2) {
            if let (Ok(lo), Ok(hi)) = (
                u32::from_str_radix(pair[0], 16),
                u32::from_str_radix(pair[1], 16),
            ) {
                out.push((pair[0].len().div_ceil(2).clamp(1, 4), lo, hi));
            }
            if out.len() > 256 {
                return out;
            }
        }
        rest = &rest[end..];
    }
    out
}

/// A font's name as the document gives it (`BAWKYD+DejaVu-Serif`).
fn font_name(doc: &Document, font: &Dictionary) -> String {
    font.get(b"BaseFont")
        .or_else(|_| font.get(b"Name"))
        .ok()
        .and_then(|n| resolve(doc, n))
        .and_then(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| "unnamed".into())
}

/// Why a font's glyphs may not be decodable to text, if there is a reason
/// to think so.
fn font_problem(doc: &Document, font: &Dictionary) -> Option<&'static str> {
    let has_unicode_map = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|t| resolve(doc, t))
        .is_some_and(|t| t.as_stream().is_ok());
    if has_unicode_map {
        return None;
    }
    let subtype = font.get(b"Subtype").and_then(Object::as_name).ok();
    let encoding = font.get(b"Encoding").ok().and_then(|e| resolve(doc, e));
    match subtype {
        Some(b"Type3") => Some("has Type 3 glyphs without a Unicode map"),
        Some(b"Type0") => match encoding.and_then(|e| e.as_name().ok()) {
            Some(b"Identity-H" | b"Identity-V") => Some("numbers its glyphs without a Unicode map"),
            _ => Some("has a custom encoding without a Unicode map"),
        },
        _ => match encoding {
            None => Some("has no encoding and no Unicode map"),
            Some(Object::Dictionary(_)) => None,
            Some(_) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_space_ranges_split_strings_into_codes() {
        let cmap = b"1 begincodespacerange\n<00> <80>\n<8140> <9FFC>\nendcodespacerange";
        let ranges = codespace_ranges(cmap);
        assert_eq!(ranges, vec![(1, 0, 0x80), (2, 0x8140, 0x9ffc)]);
        let codes = Codes::Ranges(ranges);
        assert_eq!(codes.count(b"AB\x81\x40C"), 4);
        assert_eq!(Codes::Ranges(Vec::new()).count(b"\x00\x41\x00\x42"), 2);
        assert_eq!(Codes::Single.count(b"abc"), 3);
    }

    #[test]
    fn only_a_quote_after_a_string_or_a_space_may_be_an_operator() {
        assert!(may_show_with_quote(b"(Pa)' 0 Tc"));
        assert!(may_show_with_quote(b"1 0 <0041> \""));
        assert!(may_show_with_quote(b"(a) '"));
        assert!(!may_show_with_quote(b"(Khan's supporters)Tj"));
        assert!(!may_show_with_quote(b"(no quotes)Tj"));
    }

    #[test]
    fn undecodable_text_is_not_counted_as_read() {
        assert!(usable("a"));
        assert!(usable(" "));
        assert!(!usable(""));
        assert!(!usable("\u{fffd}"));
        assert!(!usable("\u{e001}"));
        assert!(!usable("\u{1}"));
    }
}
