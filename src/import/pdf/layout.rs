//! From glyphs to paragraphs, by the geometry of each page rather than by
//! fixed thresholds: glyphs into lines (a space where the gap between two
//! glyphs is a word space, accents drawn apart composed with their
//! letters, raised small digits as superscripts), running headers,
//! footers and page numbers left out, footnotes set apart, and lines
//! joined into paragraphs where the page shows that they continue.
//!
//! A paragraph ends where the page shows it: a larger gap than the page's
//! usual line gap, an indented next line, a line that stops short of the
//! column's edge although the next line's first word would have fitted
//! there, or a change of type size (a heading). It continues across
//! columns and pages when none of these says otherwise.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization as _;

use super::glyphs::{Glyph, PageGlyphs};
use super::hyphens::{Hyphens, LINE_END_HYPHENS};

/// A printed line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Its text, with single spaces between words.
    pub text: String,
    /// Left end of its first glyph.
    pub x0: f32,
    /// Right end of its last glyph.
    pub x1: f32,
    /// Its baseline.
    pub y: f32,
    /// The size of its type (superscripts aside).
    pub size: f32,
    /// The width of its first word.
    pub first_word: f32,
    /// Wide gaps between its words (wider than an em): where each starts
    /// and ends, and the byte offset of the space that stands for it.
    pub gaps: Vec<(f32, f32, usize)>,
}

impl Line {
    /// The line split at a wide gap that spans `x` (two columns drawn as
    /// one row), if it has one.
    fn split_at(&self, x: f32) -> Option<(Line, Line)> {
        let &(g0, g1, at) = self.gaps.iter().find(|(g0, g1, _)| *g0 <= x && x <= *g1)?;
        let left = self.text[..at].trim_end().to_owned();
        let right = self.text[at..].trim_start().to_owned();
        if left.is_empty() || right.is_empty() {
            return None;
        }
        let shift = at + (self.text[at..].len() - self.text[at..].trim_start().len());
        let mut first = self.clone();
        first.text = left;
        first.x1 = g0;
        first.gaps.retain(|g| g.1 <= g0);
        let mut second = self.clone();
        second.text = right;
        second.x0 = g1;
        second.first_word = self.first_word.min(self.x1 - g1);
        second.gaps = self
            .gaps
            .iter()
            .filter(|g| g.0 >= g1)
            .map(|&(a, b, o)| (a, b, o - shift))
            .collect();
        Some((first, second))
    }
}

/// Relative tolerances, in fractions of the type size.
const WORD_SPACE: f32 = 0.15;
const SAME_BASELINE: f32 = 0.3;

/// The lines of a page, in the order the page draws them.
pub fn lines(page: &PageGlyphs) -> Vec<Line> {
    let mut out = Vec::new();
    let mut current: Vec<&Glyph> = Vec::new();
    let mut base: Option<(f32, f32, f32)> = None; // (baseline, size, right end)
    for g in &page.glyphs {
        if g.size <= 0.0 {
            continue;
        }
        let Some((y, size, end)) = base else {
            if g.text.trim().is_empty() {
                continue;
            }
            base = Some((g.y, g.size, g.x + g.width));
            current.push(g);
            continue;
        };
        let dy = g.y - y;
        let same = dy.abs() <= SAME_BASELINE * size.min(g.size);
        let raised_small = g.size < 0.85 * size && dy > -0.35 * size && dy < 0.7 * size;
        // A line that began with a small raised mark (a footnote's number)
        // takes its baseline from the first glyph of full size.
        // (Some typesetters draw a footnote's mark in the text before the
        // word it follows; the line's glyphs are then put in order.)
        let rebase = current.iter().all(|c| c.size < 0.85 * g.size)
            && g.size > 1.15 * size
            && dy <= SAME_BASELINE * size
            && dy > -0.8 * g.size;
        let backwards = g.x < end - 1.2 * size.max(g.size);
        if rebase {
            base = Some((g.y, g.size, g.x + g.width));
            current.push(g);
            continue;
        }
        if (same || raised_small) && !backwards {
            if g.text.trim().is_empty() {
                current.push(g);
                continue;
            }
            base = Some((y, size, (g.x + g.width).max(end)));
            current.push(g);
            continue;
        }
        if let Some(line) = assemble(&current, y, size) {
            out.push(line);
        }
        current.clear();
        base = None;
        if !g.text.trim().is_empty() {
            base = Some((g.y, g.size, g.x + g.width));
            current.push(g);
        }
    }
    if let Some((y, size, _)) = base
        && let Some(line) = assemble(&current, y, size)
    {
        out.push(line);
    }
    out
}

/// A spacing accent drawn as a glyph of its own, and the combining mark
/// it stands for.
fn combining(accent: &str) -> Option<char> {
    let mut chars = accent.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '\u{60}' | '\u{2cb}' => '\u{300}',
        '\u{b4}' | '\u{2ca}' => '\u{301}',
        '\u{2c6}' => '\u{302}',
        '\u{2dc}' => '\u{303}',
        '\u{af}' | '\u{2c9}' => '\u{304}',
        '\u{2d8}' => '\u{306}',
        '\u{2d9}' => '\u{307}',
        '\u{a8}' => '\u{308}',
        '\u{2da}' => '\u{30a}',
        '\u{2dd}' => '\u{30b}',
        '\u{2c7}' => '\u{30c}',
        '\u{b8}' => '\u{327}',
        '\u{2db}' => '\u{328}',
        _ => return None,
    })
}

fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4'..='9' => char::from_u32(0x2070 + c as u32 - '0' as u32).unwrap_or(c),
        c => c,
    }
}

fn push_spelled(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// One line's text and measures from its glyphs; `None` if it has no text.
fn assemble(glyphs: &[&Glyph], y: f32, size: f32) -> Option<Line> {
    // Glyphs drawn out of order (a mark before the word it follows) are
    // put in order; small steps back (accents, kerning) are kept as drawn.
    let mut sorted;
    let mut glyphs = glyphs;
    if glyphs.windows(2).any(|w| w[1].x < w[0].x - size) {
        sorted = glyphs.to_vec();
        sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
        glyphs = &sorted;
    }
    let mut text = String::new();
    let mut x0 = f32::MAX;
    let mut x1 = f32::MIN;
    let mut first_word: Option<f32> = None;
    let mut prev: Option<(f32, f32)> = None; // previous glyph's left and right
    let mut space = false;
    let mut accent: Option<(char, String, f32)> = None; // (mark, as drawn, centre)
    let mut gaps = Vec::new();
    for g in glyphs {
        let right = g.x + g.width;
        if g.text.trim().is_empty() {
            // A space glyph is a word space only where the next glyph does
            // start after it (some producers draw one inside a kerned word).
            if !g.text.is_empty() && !text.is_empty() {
                space = true;
            }
            continue;
        }
        if let Some(mark) = combining(&g.text) {
            let centre = g.x + g.width / 2.0;
            if let Some((l, r)) = prev
                && centre >= l - 0.05 * size
                && centre <= r + 0.05 * size
                && accent.is_none()
            {
                text.push(mark);
                continue;
            }
            if let Some((_, drawn, _)) = accent.replace((mark, g.text.clone(), centre)) {
                text.push_str(&drawn);
            }
            continue;
        }
        if let Some((_, r)) = prev {
            let gap = g.x - r;
            space = gap > WORD_SPACE * size || space && gap > 0.02 * size;
        }
        if space && !text.is_empty() && !text.ends_with(' ') {
            let before = prev.map_or(x0, |(_, r)| r);
            if first_word.is_none() {
                first_word = Some(before - x0);
            }
            if g.x - before > size {
                gaps.push((before, g.x, text.len()));
            }
            text.push(' ');
        }
        space = false;
        let raised = g.size < 0.8 * size && g.y > y + 0.15 * size;
        // An accent drawn before this glyph: composed with it if it sits
        // over it, else kept as drawn.
        let mut over = None;
        if let Some((mark, drawn, centre)) = accent.take() {
            if centre >= g.x - 0.1 * size && centre <= right + 0.1 * size {
                over = Some(mark);
            } else {
                text.push_str(&drawn);
            }
        }
        if raised {
            text.extend(g.text.chars().map(superscript));
        } else {
            push_spelled(&mut text, &g.text);
        }
        text.extend(over);
        x0 = x0.min(g.x);
        x1 = x1.max(right);
        prev = Some((g.x, right));
    }
    if let Some((_, drawn, _)) = accent {
        text.push_str(&drawn);
    }
    // Offsets of gaps are kept valid: composing accents (NFC) and the trim
    // change only what lies within words.
    let composed: String = text.trim_end().nfc().collect();
    if composed.len() != text.trim_end().len() {
        let old = text.trim_end();
        gaps = gaps
            .into_iter()
            .map(|(a, b, at)| (a, b, old[..at].nfc().collect::<String>().len()))
            .collect();
    }
    let text = composed;
    if text.trim().is_empty() {
        return None;
    }
    Some(Line {
        first_word: first_word.unwrap_or(x1 - x0),
        gaps,
        text,
        x0,
        x1,
        y,
        size,
    })
}

/// A line's shape for telling furniture that repeats from page to page:
/// lowercase, digits and roman numerals alone as `#`.
fn furniture_key(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let roman = !lower.is_empty() && lower.chars().all(|c| "ivxlcdm".contains(c));
            if roman && lower.len() <= 6 && text.split_whitespace().count() <= 3 {
                "#".to_owned()
            } else {
                lower
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            }
        })
        .collect();
    let mut key = words.join(" ");
    while key.contains("##") {
        key = key.replace("##", "#");
    }
    key
}

/// Whether a line is only a page number (`12`, `- 12 -`, `Page 12`,
/// `12 of 40`, `xii`).
fn is_page_number(text: &str) -> bool {
    let key = furniture_key(text);
    let key = key
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace())
        .trim_start_matches("page ")
        .trim_start_matches("p. ")
        .trim_start_matches("seite ")
        .trim_start_matches("página ");
    matches!(key, "#" | "# of #" | "# / #" | "#/#" | "# de #" | "# von #")
}

/// How many lines from the top and from the bottom of a page are looked
/// at for running headers and footers.
const EDGE_LINES: usize = 2;

/// The lines of each page that are furniture: a line among the top or
/// bottom [`EDGE_LINES`] of its page (by position) that is only a page
/// number, or whose shape recurs at the same height on at least two
/// pages in five (and on two pages at least).
pub fn furniture(pages: &[Vec<Line>], body: f32) -> HashSet<(usize, usize)> {
    let edges = |lines: &[Line]| -> Vec<usize> {
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by(|&a, &b| lines[b].y.total_cmp(&lines[a].y));
        let mut edge: Vec<usize> = order.iter().take(EDGE_LINES).copied().collect();
        edge.extend(order.iter().rev().take(EDGE_LINES));
        edge.sort_unstable();
        edge.dedup();
        edge
    };
    let mut seen: HashMap<(String, i32), HashSet<usize>> = HashMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for i in edges(lines) {
            let height = (lines[i].y / 4.0).round() as i32;
            for h in height - 1..=height + 1 {
                seen.entry((furniture_key(&lines[i].text), h))
                    .or_default()
                    .insert(p);
            }
        }
    }
    let needed = (pages.len() * 2).div_ceil(5).max(2);
    // The height text reaches on each page, and the highest two, so that
    // the highest of the other pages is known for every page at once.
    let tops: Vec<f32> = pages
        .iter()
        .map(|lines| lines.iter().map(|l| l.y).fold(f32::MIN, f32::max))
        .collect();
    let mut highest = (f32::MIN, f32::MIN, usize::MAX); // (first, second, page of first)
    for (p, &top) in tops.iter().enumerate() {
        if top > highest.0 {
            highest = (top, highest.0, p);
        } else if top > highest.1 {
            highest.1 = top;
        }
    }
    let top_of_others = |p: usize| if p == highest.2 { highest.1 } else { highest.0 };
    let mut out = HashSet::new();
    for (p, lines) in pages.iter().enumerate() {
        let edge = edges(lines);
        for &i in &edge {
            let line = &lines[i];
            let height = (line.y / 4.0).round() as i32;
            let repeats = pages.len() >= 2
                && seen
                    .get(&(furniture_key(&line.text), height))
                    .is_some_and(|pages| pages.len() >= needed);
            let top = lines.iter().all(|other| other.y <= line.y);
            let bottom = lines.iter().all(|other| other.y >= line.y);
            // A running head on one page only (the first page often has
            // none): a line in body type or smaller at the top of its page,
            // above all the text of every other page and set apart from its
            // own page's text by a wide gap. (Not at the foot: a short last
            // page would make a footnote look like one.)
            let nearest = lines
                .iter()
                .filter(|o| !std::ptr::eq(*o, line))
                .map(|o| (o.y - line.y).abs())
                .fold(f32::MAX, f32::min);
            let outside = pages.len() >= 2
                && top
                && line.size <= 1.05 * body
                && nearest > 2.0 * line.size
                && line.y > top_of_others(p) + 0.5 * line.size;
            // A lone number at the very top or bottom of a page.
            let page_number = is_page_number(&line.text) && (top || bottom);
            if repeats || page_number || outside {
                out.insert((p, i));
            }
        }
    }
    out
}

/// The size of body type: the size most of the document's characters are
/// set in.
pub fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *by_size.entry((line.size * 4.0).round() as i32).or_default() += line.text.chars().count();
    }
    by_size
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map_or(10.0, |(size, _)| size as f32 / 4.0)
}

/// Whether a paragraph goes on from one line to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    Space,
    Break,
}

/// A column of lines: its left and right edges.
#[derive(Clone, Copy, Debug)]
struct Bounds {
    left: f32,
    right: f32,
}

/// The lines of one page sorted into body and footnotes, with the bounds of
/// the column each is in.
struct PageLines<'a> {
    body: Vec<(&'a Line, Bounds, usize)>,
    notes: Vec<(&'a Line, Bounds, usize)>,
    /// The page's usual gap between the baselines of a paragraph's lines,
    /// per point of type size.
    gap: Option<f32>,
}

fn median(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

fn similar_size(a: f32, b: f32) -> bool {
    (a - b).abs() <= 0.12 * a.max(b)
}

/// Splits a page's lines (furniture left out) into runs that read down one
/// column, and finds each run's bounds.
fn runs(lines: &[&Line]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let new_run = match out.last().and_then(|r| r.last()) {
            None => true,
            Some(&j) => {
                let prev = lines[j];
                line.y > prev.y + 0.6 * prev.size.max(line.size)
                    || line.x0 > prev.x1 + 2.0 * line.size && line.y > prev.y - 3.0 * line.size
                    || (line.x0 - prev.x0).abs() > 4.0 * line.size.max(prev.size)
            }
        };
        if new_run {
            out.push(vec![i]);
        } else if let Some(run) = out.last_mut() {
            run.push(i);
        }
    }
    out
}

/// Bounds of a run from its lines of its most common size.
fn run_bounds(lines: &[&Line], run: &[usize]) -> Option<Bounds> {
    let mut sizes: Vec<f32> = run.iter().map(|&i| lines[i].size).collect();
    let size = median(&mut sizes)?;
    let usual: Vec<&Line> = run
        .iter()
        .map(|&i| lines[i])
        .filter(|l| similar_size(l.size, size))
        .collect();
    if usual.len() < 3 {
        return None;
    }
    Some(Bounds {
        left: usual.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
        right: usual.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
    })
}

/// The column a line most likely sits in, among `known` bounds.
fn nearest(known: &[Bounds], line: &Line) -> Option<Bounds> {
    known
        .iter()
        .filter(|b| line.x0 >= b.left - 2.0 * line.size && line.x0 < b.right)
        .min_by(|a, b| {
            (line.x0 - a.left)
                .abs()
                .total_cmp(&(line.x0 - b.left).abs())
        })
        .copied()
}

/// The text of the pages, paragraphs apart by a blank line, and where each
/// page starts (in chars).
pub fn assemble_text(pages: &[Vec<Line>], hyphens: &Hyphens) -> (String, Vec<usize>) {
    let body = body_size(pages);
    let skip = furniture(pages, body);
    // Bounds of every well-filled run of the document, for runs too short
    // to show their own.
    let mut known: Vec<Bounds> = Vec::new();
    let ordered: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(p, lines)| {
            let kept: Vec<&Line> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(&(p, *i)))
                .map(|(_, l)| l)
                .collect();
            reading_order(&kept)
        })
        .collect();
    let kept: Vec<Vec<&Line>> = ordered.iter().map(|p| p.iter().collect()).collect();
    for lines in &kept {
        for run in runs(lines) {
            known.extend(run_bounds(lines, &run));
        }
    }
    // A document has few columns; their bounds are kept once each (to the
    // point), so that looking one up stays cheap on a long document.
    known.sort_by(|a, b| a.left.total_cmp(&b.left).then(a.right.total_cmp(&b.right)));
    known.dedup_by(|a, b| (a.left - b.left).abs() < 1.0 && (a.right - b.right).abs() < 1.0);
    let sorted: Vec<PageLines> = kept
        .iter()
        .map(|lines| sort_page(lines, body, &known))
        .collect();
    let mut all_gaps: Vec<f32> = sorted.iter().filter_map(|p| p.gap).collect();
    let document_gap = median(&mut all_gaps).unwrap_or(1.2);

    // Paragraphs of the body, as lists of (page, index in body) with how
    // each line joins the next.
    let mut paragraphs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut previous: Option<(usize, usize)> = None;
    for (p, page) in sorted.iter().enumerate() {
        let gap = page.gap.unwrap_or(document_gap);
        for i in 0..page.body.len() {
            let join = match previous {
                None => Join::Break,
                Some((pp, pi)) => {
                    let a = sorted[pp].body[pi];
                    let b = page.body[i];
                    let same_run = pp == p && a.2 == b.2;
                    join(a, b, same_run.then_some(gap))
                }
            };
            if join == Join::Break || paragraphs.is_empty() {
                paragraphs.push(Vec::new());
            }
            if let Some(last) = paragraphs.last_mut() {
                last.push((p, i));
            }
            previous = Some((p, i));
        }
    }

    // Footnotes of each page: before the paragraph that runs on past the
    // page's end if that paragraph starts on the page, else after the
    // paragraph the page ends in.
    let mut notes_before: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut notes_after: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut notes_at_end: Vec<usize> = Vec::new();
    // The last paragraph holding a line of each page.
    let mut last_on_page: Vec<Option<usize>> = vec![None; sorted.len()];
    for (k, para) in paragraphs.iter().enumerate() {
        for &(p, _) in para {
            last_on_page[p] = Some(k);
        }
    }
    for (p, page) in sorted.iter().enumerate() {
        if page.notes.is_empty() {
            continue;
        }
        match last_on_page[p] {
            None => {
                // Paragraphs start on pages in order: the first to start
                // after this page.
                let next =
                    paragraphs.partition_point(|para| para.first().is_some_and(|&(pp, _)| pp <= p));
                let next = (next < paragraphs.len()).then_some(next);
                match next {
                    Some(k) => notes_before.entry(k).or_default().push(p),
                    None => notes_at_end.push(p),
                }
            }
            Some(k) => {
                let para = &paragraphs[k];
                let runs_on = para.last().is_some_and(|&(pp, _)| pp > p);
                let starts_here = para.first().is_some_and(|&(pp, _)| pp == p);
                if runs_on && starts_here {
                    notes_before.entry(k).or_default().push(p);
                } else {
                    notes_after.entry(k).or_default().push(p);
                }
            }
        }
    }

    let mut out = Writer::default();
    let mut starts: Vec<Option<usize>> = vec![None; pages.len()];
    let write_notes = |out: &mut Writer, starts: &mut Vec<Option<usize>>, p: usize| {
        let notes = &sorted[p].notes;
        let mut previous: Option<usize> = None;
        for i in 0..notes.len() {
            let join = match previous {
                None => Join::Break,
                Some(j) => {
                    let (a, b) = (notes[j].0, notes[i].0);
                    // A note goes on until the next note's mark, a wider
                    // gap or a change of size; notes are set on a measure
                    // of their own, so their line ends say little.
                    let gap = a.y - b.y;
                    if starts_with_marker(&b.text)
                        || !similar_size(a.size, b.size)
                        || gap > 1.6 * a.size.max(b.size)
                        || gap < 0.0
                    {
                        Join::Break
                    } else {
                        Join::Space
                    }
                }
            };
            let at = out.line(notes[i].0, join, hyphens);
            starts[p].get_or_insert(at);
            previous = Some(i);
        }
    };
    for (k, para) in paragraphs.iter().enumerate() {
        if let Some(pages_of_notes) = notes_before.get(&k) {
            for &p in pages_of_notes {
                write_notes(&mut out, &mut starts, p);
            }
        }
        for (n, &(p, i)) in para.iter().enumerate() {
            let how = if n == 0 { Join::Break } else { Join::Space };
            let at = out.line(sorted[p].body[i].0, how, hyphens);
            starts[p].get_or_insert(at);
        }
        if let Some(pages_of_notes) = notes_after.get(&k) {
            for &p in pages_of_notes {
                write_notes(&mut out, &mut starts, p);
            }
        }
    }
    for p in notes_at_end {
        write_notes(&mut out, &mut starts, p);
    }
    // A page with no text starts where the next text does; starts never go
    // back.
    let mut fixed = Vec::with_capacity(starts.len());
    let mut next = out.chars;
    for start in starts.iter().rev() {
        if let Some(s) = start {
            next = next.min(*s);
        }
        fixed.push(next);
    }
    fixed.reverse();
    let mut floor = 0;
    for s in &mut fixed {
        floor = floor.max(*s);
        *s = floor;
    }
    (out.text, fixed)
}

/// Whether a footnote line begins a new note: a number or mark first.
fn starts_with_marker(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let mark = first.trim_end_matches(['.', ')']);
    !mark.is_empty()
        && mark.chars().count() <= 3
        && mark
            .chars()
            .all(|c| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§".contains(c))
        || first.starts_with(|c: char| "¹²³⁴⁵⁶⁷⁸⁹*†‡§".contains(c))
}

/// The lines of a page in reading order. Most producers draw a page's
/// lines column after column; some draw them row by row across the
/// columns. When the lines of two columns (either side of a gutter that no
/// narrow line crosses) alternate in drawing order, they are put in order:
/// down the left column, then down the right, band by band between the
/// lines that span both.
fn reading_order(lines: &[&Line]) -> Vec<Line> {
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let width = right - left;
    let mut narrow: Vec<(f32, f32)> = lines
        .iter()
        .filter(|l| l.x1 - l.x0 < 0.55 * width)
        .map(|l| (l.x0, l.x1))
        .collect();
    if narrow.len() < 6 || width <= 0.0 {
        return lines.iter().map(|l| (*l).clone()).collect();
    }
    narrow.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut gutter: Option<(f32, f32)> = None;
    let mut reach = narrow[0].1;
    for &(x0, x1) in &narrow[1..] {
        let centre = (reach + x0) / 2.0;
        if x0 > reach
            && centre > left + 0.2 * width
            && centre < left + 0.8 * width
            && gutter.is_none_or(|(g0, g1)| x0 - reach > g1 - g0)
        {
            gutter = Some((reach, x0));
        }
        reach = reach.max(x1);
    }
    let Some((g0, g1)) = gutter else {
        return lines.iter().map(|l| (*l).clone()).collect();
    };
    // Rows drawn across both columns are split at the gutter.
    let centre = (g0 + g1) / 2.0;
    let lines: Vec<Line> = lines
        .iter()
        .flat_map(|l| match l.split_at(centre) {
            Some((a, b)) if l.x0 < g0 && l.x1 > g1 => vec![a, b],
            _ => vec![(*l).clone()],
        })
        .collect();
    let side = |l: &Line| {
        if l.x1 <= g0 + 1.0 {
            Some(false)
        } else if l.x0 >= g1 - 1.0 {
            Some(true)
        } else {
            None
        }
    };
    let sides: Vec<bool> = lines.iter().filter_map(&side).collect();
    let switches = sides.windows(2).filter(|w| w[0] != w[1]).count();
    let spanning = lines.iter().filter(|l| side(l).is_none()).count();
    if sides.iter().filter(|s| !**s).count() < 3
        || sides.iter().filter(|s| **s).count() < 3
        || switches <= 2 * spanning + 2
    {
        return lines;
    }
    let mut by_height = lines.clone();
    by_height.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut out = Vec::with_capacity(lines.len());
    let (mut left_column, mut right_column) = (Vec::new(), Vec::new());
    for line in by_height {
        match side(&line) {
            Some(false) => left_column.push(line),
            Some(true) => right_column.push(line),
            None => {
                out.append(&mut left_column);
                out.append(&mut right_column);
                out.push(line);
            }
        }
    }
    out.append(&mut left_column);
    out.append(&mut right_column);
    out
}

fn sort_page<'a>(lines: &[&'a Line], body: f32, known: &[Bounds]) -> PageLines<'a> {
    let runs = runs(lines);
    let mut bounds: Vec<Option<Bounds>> = vec![None; lines.len()];
    let mut run_of = vec![0; lines.len()];
    for (r, run) in runs.iter().enumerate() {
        let own = run_bounds(lines, run);
        for &i in run {
            run_of[i] = r;
            bounds[i] = own.or_else(|| nearest(known, lines[i]));
        }
    }
    // Footnotes: lines in smaller type below every line of body type.
    let lowest_body = lines
        .iter()
        .filter(|l| l.size >= 0.9 * body)
        .map(|l| l.y)
        .fold(f32::MAX, f32::min);
    let is_note = |l: &Line| l.size < 0.88 * body && l.y < lowest_body;
    let mut gaps = Vec::new();
    for run in &runs {
        for pair in run.windows(2) {
            let (a, b) = (lines[pair[0]], lines[pair[1]]);
            if similar_size(a.size, b.size) && similar_size(a.size, body) && a.y > b.y {
                gaps.push((a.y - b.y) / a.size);
            }
        }
    }
    let mut page = PageLines {
        body: Vec::new(),
        notes: Vec::new(),
        gap: if gaps.len() >= 3 {
            median(&mut gaps)
        } else {
            None
        },
    };
    for (i, line) in lines.iter().enumerate() {
        let b = bounds[i].unwrap_or(Bounds {
            left: line.x0,
            right: line.x1,
        });
        if is_note(line) {
            page.notes.push((line, b, run_of[i]));
        } else {
            page.body.push((line, b, run_of[i]));
        }
    }
    page
}

/// How line `a` joins line `b`; `gap` is the usual gap per point of type
/// when both are in the same run of a page (else the gap says nothing).
fn join(a: (&Line, Bounds, usize), b: (&Line, Bounds, usize), gap: Option<f32>) -> Join {
    let (a, a_bounds, _) = a;
    let (b, b_bounds, _) = b;
    let size = a.size.max(b.size);
    if !similar_size(a.size, b.size) {
        return Join::Break;
    }
    if let Some(gap) = gap {
        let dy = a.y - b.y;
        if dy > gap * a.size * 1.3 + 0.1 * a.size {
            return Join::Break;
        }
    }
    let width = b_bounds.right - b_bounds.left;
    let indent = b.x0 - b_bounds.left;
    let a_indent = a.x0 - a_bounds.left;
    if indent > 0.5 * b.size && indent < 0.4 * width.max(b.size) && a_indent < indent - 0.3 * b.size
    {
        return Join::Break;
    }
    // A centred line stands alone (indented further than a paragraph's
    // first line, so that a first line of ragged text is not taken for one).
    let a_free = a_bounds.right - a.x1;
    if a_indent > 3.0 * size && a_free > 3.0 * size && (a_indent - a_free).abs() < 1.0 * size {
        return Join::Break;
    }
    let hyphenated = a.text.ends_with(LINE_END_HYPHENS);
    if !hyphenated && a_free > b.first_word + 0.45 * size {
        return Join::Break;
    }
    Join::Space
}

/// The text being written.
#[derive(Default)]
struct Writer {
    text: String,
    chars: usize,
}

impl Writer {
    /// Writes a line joined to what came before as `how`; returns the char
    /// offset where its text starts.
    fn line(&mut self, line: &Line, how: Join, hyphens: &Hyphens) -> usize {
        match how {
            Join::Break => {
                if !self.text.is_empty() {
                    self.text.push_str("\n\n");
                    self.chars += 2;
                }
            }
            Join::Space => {
                if let Some(cut) = hyphens.undo_at_line_end(&self.text, &line.text) {
                    let removed = self.text[cut..].chars().count();
                    self.text.truncate(cut);
                    self.chars -= removed;
                } else if !ends_with_kept_hyphen(&self.text, &line.text) {
                    self.text.push(' ');
                    self.chars += 1;
                }
            }
        }
        let at = self.chars;
        self.text.push_str(&line.text);
        self.chars += line.text.chars().count();
        at
    }
}

/// Whether the text ends in a hyphen kept before a word that goes on the
/// next line (a compound broken at its own hyphen: no space between).
fn ends_with_kept_hyphen(text: &str, next: &str) -> bool {
    let mut end = text.chars().rev();
    matches!(end.next(), Some('-' | '\u{2010}'))
        && end.next().is_some_and(char::is_alphanumeric)
        && next.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for c in text.chars() {
            let width = 0.5 * size;
            if c != ' ' {
                out.push(Glyph {
                    text: c.to_string(),
                    x: at,
                    y,
                    width,
                    size,
                });
            }
            at += width;
        }
        out
    }

    #[test]
    fn gaps_make_spaces_and_accents_drawn_apart_are_composed() {
        let mut page = PageGlyphs::default();
        page.glyphs.extend(glyphs("son of herm", 0.0, 100.0, 10.0));
        // A macron drawn before the letter it sits on, over it.
        page.glyphs.push(Glyph {
            text: "\u{af}".into(),
            x: 55.5,
            y: 100.0,
            width: 4.0,
            size: 10.0,
        });
        page.glyphs.extend(glyphs("es", 55.0, 100.0, 10.0));
        let lines = lines(&page);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "son of hermēs");
    }

    #[test]
    fn a_raised_small_number_is_a_superscript_in_its_line() {
        let mut page = PageGlyphs::default();
        page.glyphs.extend(glyphs("till Astraea", 0.0, 100.0, 10.0));
        page.glyphs.extend(glyphs("1", 60.0, 104.0, 6.0));
        page.glyphs.extend(glyphs(" alone", 63.0, 100.0, 10.0));
        let lines = lines(&page);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].text, "till Astraea¹ alone");
    }

    /// A page of lines: (text, x, y, size); each glyph half its size wide,
    /// and a line's words set to fill `width` where it is full (`*` at its
    /// end: justified).
    fn page(lines: &[(&str, f32, f32, f32)]) -> PageGlyphs {
        let mut page = PageGlyphs::default();
        for (text, x, y, size) in lines {
            page.glyphs.extend(glyphs(text, *x, *y, *size));
        }
        page
    }

    fn text_of(pages: &[PageGlyphs]) -> (String, Vec<usize>) {
        let lines: Vec<Vec<Line>> = pages.iter().map(lines).collect();
        let hyphens = Hyphens::new(lines.iter().flatten());
        assemble_text(&lines, &hyphens)
    }

    /// Lines of 60 chars at size 10 are 300 pt wide.
    const FULL: &str = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll";

    #[test]
    fn paragraphs_break_at_indents_whatever_the_line_spacing() {
        for gap in [12.0, 18.0, 24.0] {
            let y = |n: f32| 700.0 - n * gap;
            let p = page(&[
                (FULL, 0.0, y(0.0), 10.0),
                (FULL, 0.0, y(1.0), 10.0),
                ("end of one.", 0.0, y(2.0), 10.0),
                (&FULL[5..], 25.0, y(3.0), 10.0),
                (FULL, 0.0, y(4.0), 10.0),
                ("end of two.", 0.0, y(5.0), 10.0),
            ]);
            let (text, _) = text_of(&[p]);
            let paragraphs: Vec<&str> = text.split("\n\n").collect();
            assert_eq!(paragraphs.len(), 2, "gap {gap}: {text}");
            assert!(paragraphs[1].starts_with("bbbb") && paragraphs[1].ends_with("two."));
        }
    }

    #[test]
    fn block_paragraphs_break_at_wider_gaps_and_full_lines_go_on() {
        // Double spacing (20 pt), a paragraph gap of 30 pt; the first
        // paragraph's last line is full, so only the gap tells.
        let p = page(&[
            (FULL, 0.0, 700.0, 10.0),
            (FULL, 0.0, 680.0, 10.0),
            (FULL, 0.0, 660.0, 10.0),
            (FULL, 0.0, 630.0, 10.0),
            ("the end.", 0.0, 610.0, 10.0),
        ]);
        let (text, _) = text_of(&[p]);
        assert_eq!(text.matches("\n\n").count(), 1, "{text}");
        assert!(text.contains("llll\n\naaaa"), "{text}");
    }

    #[test]
    fn a_pages_notes_go_before_the_paragraph_that_runs_on_to_the_next() {
        let first = page(&[
            ("Heading", 0.0, 720.0, 14.0),
            (FULL, 0.0, 700.0, 10.0),
            ("ends here.", 0.0, 688.0, 10.0),
            (
                "A sentence begins on this page and runs on, and on, and on",
                5.0,
                676.0,
                10.0,
            ),
            (FULL, 0.0, 664.0, 10.0),
            ("1 The note of the first page.", 0.0, 100.0, 8.0),
        ]);
        let second = page(&[("on to the next page.", 0.0, 700.0, 10.0)]);
        let (text, starts) = text_of(&[first, second]);
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(paragraphs[0], "Heading");
        assert_eq!(paragraphs[2], "1 The note of the first page.", "{text}");
        assert!(
            paragraphs[3].starts_with("A sentence begins")
                && paragraphs[3].ends_with("llll on to the next page."),
            "{text}"
        );
        // The second page starts where its words do, inside the sentence.
        let second_page: String = text.chars().skip(starts[1]).collect();
        assert_eq!(second_page, "on to the next page.");
    }

    #[test]
    fn running_heads_and_page_numbers_are_left_out() {
        let pages: Vec<PageGlyphs> = (1..=3)
            .map(|n| {
                let number = n.to_string();
                let body = FULL.replace("bbbb", ["mmmm", "nnnn", "oooo"][n - 1]);
                page(&[
                    ("Annual Report 2024", 100.0, 800.0, 8.0),
                    (&body, 0.0, 700.0, 10.0),
                    ("and that is all.", 0.0, 688.0, 10.0),
                    (&number, 150.0, 40.0, 8.0),
                ])
            })
            .collect();
        let (text, starts) = text_of(&pages);
        assert!(!text.contains("Annual Report"), "{text}");
        assert!(
            !text.contains("all. 2") && !text.contains("\n\n2"),
            "{text}"
        );
        assert_eq!(starts.len(), 3);
        assert_eq!(text.matches("aaaa").count(), 3);
    }

    #[test]
    fn a_line_that_begins_with_a_small_mark_takes_the_size_of_its_text() {
        // A note's number in smaller type on the note's own baseline, then
        // the note, then its second line below.
        let mut page = PageGlyphs::default();
        page.glyphs.extend(glyphs("1", 0.0, 100.0, 5.0));
        page.glyphs
            .extend(glyphs(" The note begins here", 3.0, 100.0, 8.0));
        page.glyphs.extend(glyphs("and ends here.", 0.0, 90.0, 8.0));
        let lines = lines(&page);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["1 The note begins here", "and ends here."]);
        assert_eq!(lines[0].size, 8.0);
    }

    #[test]
    fn page_numbers_are_recognised() {
        for n in ["12", "- 12 -", "Page 3", "3 of 40", "xii", "— 7 —"] {
            assert!(is_page_number(n), "{n}");
        }
        for n in ["12 people died", "Page three of the report", "I"] {
            assert!(!is_page_number(n) || n == "I", "{n}");
        }
    }
}
