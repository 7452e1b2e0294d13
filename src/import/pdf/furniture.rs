//! Running headers, footers and page numbers: lines at the top or bottom
//! edge of a page that repeat (numbers aside) on other pages are furniture,
//! not text; and the body's type size, which tells headings and footnotes
//! apart.

use std::collections::{HashMap, HashSet};

use super::lines::Line;

/// A line's shape for telling furniture that repeats from page to page:
/// lowercase, digits and roman numerals alone as `#`.
pub(super) fn furniture_key(text: &str) -> String {
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
pub(super) fn is_page_number(text: &str) -> bool {
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
pub(super) const EDGE_LINES: usize = 2;

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
