//! From lines to paragraphs, by the geometry of each page rather than by
//! fixed thresholds: lines put in reading order across columns, running
//! headers, footers and page numbers left out (see [`super::furniture`]),
//! footnotes set apart, and lines joined into paragraphs where the page
//! shows that they continue.
//!
//! A paragraph ends where the page shows it: a larger gap than the page's
//! usual line gap, an indented next line, a line that stops short of the
//! column's edge although the next line's first word would have fitted
//! there, or a change of type size (a heading). It continues across
//! columns and pages when none of these says otherwise.

use std::collections::HashMap;

use super::furniture::{body_size, furniture};
use super::hyphens::{Hyphens, LINE_END_HYPHENS};
use super::lines::Line;

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
    use super::super::furniture::is_page_number;
    use super::super::glyphs::{Glyph, PageGlyphs};
    use super::super::lines::lines;
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
