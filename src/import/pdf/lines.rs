//! From glyphs to lines: glyphs on one baseline in order, a space where the
//! gap between two glyphs is a word space, accents drawn apart composed
//! with their letters, raised small digits as superscripts.

use unicode_normalization::UnicodeNormalization as _;

use super::glyphs::{Glyph, PageGlyphs};

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
    pub(super) fn split_at(&self, x: f32) -> Option<(Line, Line)> {
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
pub(super) const WORD_SPACE: f32 = 0.15;
pub(super) const SAME_BASELINE: f32 = 0.3;

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
pub(super) fn combining(accent: &str) -> Option<char> {
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

pub(super) fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4'..='9' => char::from_u32(0x2070 + c as u32 - '0' as u32).unwrap_or(c),
        c => c,
    }
}

pub(super) fn push_spelled(out: &mut String, text: &str) {
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
pub(super) fn assemble(glyphs: &[&Glyph], y: f32, size: f32) -> Option<Line> {
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
