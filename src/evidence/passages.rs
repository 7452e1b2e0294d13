//! Cutting a source into passages to rank: sentences grouped up to
//! [`MAX_PASSAGE_BYTES`](super::MAX_PASSAGE_BYTES), never cut after an
//! abbreviation, and their tokens for the index.

use super::*;

/// One passage of a text, cut and read for indexing.
pub(super) struct Cut {
    /// Its chars in the text.
    pub chars: Range<usize>,
    /// Its tokens for BM25.
    pub tokens: Vec<String>,
    /// Its meaning, when there is a model.
    pub meaning: Option<meaning::Kept>,
}

/// The passages of a text (char ranges) with their tokens and meaning.
pub(super) fn tokenized_passages(
    tokenizer: &DefaultTokenizer,
    model: Option<&meaning::Model>,
    text: &SourceText,
) -> Vec<Cut> {
    let s = text.as_str();
    let kept: Vec<(Range<usize>, Vec<String>)> = passages(s)
        .into_iter()
        .filter_map(|bytes| {
            let tokens = tokenizer.tokenize(&s[bytes.clone()]);
            (!tokens.is_empty()).then_some((bytes, tokens))
        })
        .collect();
    let mut meanings = match model {
        Some(m) => m.read_passages(kept.iter().map(|(bytes, _)| &s[bytes.clone()])),
        None => Vec::new(),
    }
    .into_iter();
    kept.into_iter()
        .scan(CharCounter::default(), |counter, (bytes, tokens)| {
            let start = counter.char_at(s, bytes.start);
            let end = counter.char_at(s, bytes.end);
            Some(Cut {
                chars: start..end,
                tokens,
                meaning: meanings.next().flatten(),
            })
        })
        .collect()
}

/// Converts byte offsets to char offsets, walking forward.
#[derive(Default)]
pub(super) struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    fn char_at(&mut self, text: &str, byte: usize) -> usize {
        if byte >= self.byte {
            self.chars += text[self.byte..byte].chars().count();
        } else {
            self.chars -= text[byte..self.byte].chars().count();
        }
        self.byte = byte;
        self.chars
    }
}

/// The passages of a text, as byte ranges in order: its sentences (UAX #29
/// sentence boundaries) within each line, without surrounding whitespace; a
/// piece of fewer than three words or ending in a short capitalised
/// abbreviation ("Mr.") joins the next, and a passage longer than
/// [`MAX_PASSAGE_BYTES`] is cut at a space.
pub fn passages(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut pending: Option<(Range<usize>, usize)> = None;
        for (at, sentence) in line.split_sentence_bound_indices() {
            let trimmed = sentence.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = sentence.len() - sentence.trim_start().len();
            let start = line_start + at + lead;
            let range = start..start + trimmed.len();
            let words = trimmed.split_whitespace().count();
            let (range, words) = match pending.take() {
                Some((p, w)) => (p.start..range.end, w + words),
                None => (range, words),
            };
            if (words < 3 || ends_in_abbreviation(trimmed)) && range.len() < MAX_PASSAGE_BYTES {
                pending = Some((range, words));
                continue;
            }
            push_cut(text, range, &mut out);
        }
        if let Some((range, _)) = pending {
            push_cut(text, range, &mut out);
        }
        line_start += line.len() + 1;
    }
    out
}

pub(super) fn ends_in_abbreviation(sentence: &str) -> bool {
    let Some(word) = sentence
        .strip_suffix('.')
        .and_then(|s| s.split_whitespace().last())
    else {
        return false;
    };
    word.chars().count() <= 3
        && word.starts_with(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
}

pub(super) fn push_cut(text: &str, mut range: Range<usize>, out: &mut Vec<Range<usize>>) {
    while range.len() > MAX_PASSAGE_BYTES {
        let slice = &text[range.clone()];
        let mut cut = MAX_PASSAGE_BYTES;
        while !slice.is_char_boundary(cut) {
            cut -= 1;
        }
        let at_space = slice[..cut].rfind(char::is_whitespace).filter(|&i| i > 0);
        let end = at_space.unwrap_or(cut);
        out.push(range.start..range.start + slice[..end].trim_end().len());
        let rest = &slice[end..];
        let skip = rest.len() - rest.trim_start().len();
        range.start += end + skip;
    }
    if !range.is_empty() {
        out.push(range);
    }
}
