//! The baseline for re-anchoring: fuzzy anchoring of one quote at a time,
//! the way the Hypothesis web annotator re-attaches a TextQuote selector to a
//! changed page (its `match-quote.ts`, with Robert Knight's
//! `approx-string-match`):
//!
//! 1. every exact occurrence of the quote in the new text; if there is none,
//! 2. every approximate match with at most `len / 2` errors (edit distance),
//!    found with Myers' bit-parallel algorithm, keeping only the matches
//!    with the fewest errors, and
//! 3. each candidate scored by the quote's similarity (weight 50), its prefix
//!    and suffix compared approximately with the text around it (20 each)
//!    and its distance from the old position (2); the best one wins.
//!
//! It works on bytes, which is exact for the ASCII texts of the benchmarks.

/// Where a quote was anchored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchored {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Edit distance between the quote and the text there.
    pub errors: usize,
}

/// A candidate match: byte range and edit distance.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    errors: usize,
}

/// Anchors `quote` (with its context and old position) in `text`.
pub fn match_quote(
    text: &[u8],
    quote: &[u8],
    prefix: &[u8],
    suffix: &[u8],
    hint: usize,
) -> Option<Anchored> {
    if quote.is_empty() {
        return None;
    }
    let mut candidates: Vec<Candidate> = exact_matches(text, quote);
    if candidates.is_empty() {
        candidates = approximate_matches(text, quote, quote.len() / 2);
    }
    let score = |c: &Candidate| {
        let quote_score = 1.0 - c.errors as f64 / quote.len() as f64;
        let prefix_score = if prefix.is_empty() {
            1.0
        } else {
            text_match_score(&text[c.start.saturating_sub(prefix.len())..c.start], prefix)
        };
        let suffix_score = if suffix.is_empty() {
            1.0
        } else {
            text_match_score(&text[c.end..(c.end + suffix.len()).min(text.len())], suffix)
        };
        let position_score = 1.0 - c.start.abs_diff(hint) as f64 / text.len().max(1) as f64;
        (50.0 * quote_score + 20.0 * prefix_score + 20.0 * suffix_score + 2.0 * position_score)
            / 92.0
    };
    candidates
        .iter()
        .map(|c| (score(c), c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| Anchored {
            start: c.start,
            end: c.end,
            errors: c.errors,
        })
}

/// How well `pattern` occurs in `text`: 1 for exactly, 0 for not at all.
fn text_match_score(text: &[u8], pattern: &[u8]) -> f64 {
    if text.is_empty() || pattern.is_empty() {
        return 0.0;
    }
    match match_ends(text, pattern, pattern.len()).first() {
        Some(&(_, errors)) => 1.0 - errors as f64 / pattern.len() as f64,
        None => 0.0,
    }
}

fn exact_matches(text: &[u8], quote: &[u8]) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&text[from..], quote) {
        let start = from + at;
        found.push(Candidate {
            start,
            end: start + quote.len(),
            errors: 0,
        });
        from = start + 1;
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    // The standard library's two-way search, through `str` when possible.
    match (std::str::from_utf8(haystack), std::str::from_utf8(needle)) {
        (Ok(h), Ok(n)) => h.find(n),
        _ => haystack.windows(needle.len()).position(|w| w == needle),
    }
}

/// Matches with at most `max_errors` errors, keeping the fewest, each with
/// its start found by searching backwards from its end.
fn approximate_matches(text: &[u8], pattern: &[u8], max_errors: usize) -> Vec<Candidate> {
    let reversed: Vec<u8> = pattern.iter().rev().copied().collect();
    match_ends(text, pattern, max_errors)
        .into_iter()
        .map(|(end, errors)| {
            let from = end.saturating_sub(pattern.len() + errors);
            let window: Vec<u8> = text[from..end].iter().rev().copied().collect();
            let start = match_ends(&window, &reversed, errors)
                .iter()
                .map(|&(back, _)| end - back)
                .min()
                .unwrap_or(end);
            Candidate { start, end, errors }
        })
        .collect()
}

/// Ends (exclusive) of the approximate matches of `pattern` in `text` with
/// the fewest errors, at most `max_errors`: Myers' bit-vector algorithm
/// over blocks of 64 pattern bytes.
fn match_ends(text: &[u8], pattern: &[u8], max_errors: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    let blocks = m.div_ceil(64);
    let mut peq = vec![[0u64; 256]; blocks];
    for (i, &b) in pattern.iter().enumerate() {
        peq[i / 64][b as usize] |= 1 << (i % 64);
    }
    let last_bit = |block: usize| {
        if block + 1 == blocks {
            1u64 << ((m - 1) % 64)
        } else {
            1u64 << 63
        }
    };
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = m;
    let mut best = max_errors;
    let mut ends = Vec::new();
    for (j, &c) in text.iter().enumerate() {
        // The top row of the search matrix is all zeros: no carry in.
        let mut carry: i32 = 0;
        for b in 0..blocks {
            let eq = peq[b][c as usize];
            let (p, n) = (pv[b], mv[b]);
            let xv = eq | n;
            let eq_in = eq | u64::from(carry < 0);
            let xh = ((eq_in & p).wrapping_add(p) ^ p) | eq_in;
            let mut ph = n | !(xh | p);
            let mut mh = p & xh;
            let high = last_bit(b);
            let out = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if carry < 0 {
                mh |= 1;
            } else if carry > 0 {
                ph |= 1;
            }
            pv[b] = mh | !(xv | ph);
            mv[b] = ph & xv;
            carry = out;
        }
        score = score
            .checked_add_signed(carry as isize)
            .expect("score stays >= 0");
        if score <= best {
            if score < best {
                ends.clear();
            }
            best = score;
            ends.push((j + 1, score));
        }
    }
    ends
}

/// Checks the baseline on known cases; the benchmark runs it first, so that
/// it never times a baseline that anchors wrongly.
pub fn self_check() {
    let text = b"The quick brown fox jumps over the lazy dog.";
    let exact = match_quote(text, b"brown fox", b"quick ", b" jumps", 10).unwrap();
    assert_eq!((exact.start, exact.end, exact.errors), (10, 19, 0));
    let fuzzy = match_quote(text, b"brwn fax jumps", b"", b"", 0).unwrap();
    assert_eq!(&text[fuzzy.start..fuzzy.end], b"brown fox jumps");
    assert_eq!(fuzzy.errors, 2);
    // A pattern of several 64-byte blocks.
    let long: Vec<u8> = (0..300).map(|i| b'a' + (i * 7 % 26) as u8).collect();
    let mut changed = long.clone();
    changed[150] = b'#';
    let mut haystack = b"xxxx".to_vec();
    haystack.extend_from_slice(&changed);
    let found = match_quote(&haystack, &long, b"", b"", 0).unwrap();
    assert_eq!((found.start, found.end, found.errors), (4, 304, 1));
}
