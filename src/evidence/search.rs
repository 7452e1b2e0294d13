//! Searching every source: passages holding a query's words or phrases,
//! or closest to it in meaning, and their hits grouped by source.

use super::*;

/// One match of a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The source it is in.
    pub source: SourceId,
    /// First char of the match (the phrase, or the matched words).
    pub start: usize,
    /// One past its last char.
    pub end: usize,
    /// The passage it is in, for context.
    pub passage: Range<usize>,
    /// The passage's text.
    pub text: String,
    /// BM25 score of the passage for the query's words.
    pub score: f32,
}

impl Index {
    /// Passages closest to a query in meaning and words (as suggestions
    /// are ranked), best first, at most `limit`; each hit is its whole
    /// passage. Nothing for a query without words to look for.
    pub fn search_meaning(&self, query: &str, limit: usize) -> Vec<Hit> {
        let found = self
            .suggest_ranked(query, limit, Ranking::Both)
            .unwrap_or_default();
        found
            .into_iter()
            .map(|s| Hit {
                source: s.source,
                start: s.start,
                end: s.end,
                passage: s.start..s.end,
                text: s.text,
                score: s.score,
            })
            .collect()
    }

    /// Passages matching a query, best first, at most `limit`: every word
    /// of the query must be in the passage (by stem, case-folded), and each
    /// part in double quotes must stand in it as a phrase.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let phrases = phrases(query);
        let tokens: Vec<String> = {
            let mut seen = HashSet::new();
            let mut all = self.tokens(&query.replace('"', " "));
            all.retain(|t| seen.insert(t.clone()));
            all
        };
        if tokens.is_empty() || limit == 0 {
            return Vec::new();
        }
        let wanted: Vec<u32> = tokens.iter().map(|t| u32::embed(t)).collect();
        let embedding = self.embedder.embed(&tokens.join(" "));
        let mut hits: Vec<Hit> = self
            .scorer
            .matches(&embedding)
            .into_iter()
            .filter_map(|m| {
                let passage = self.passages.get(&m.id)?;
                if !wanted
                    .iter()
                    .all(|t| passage.tokens.binary_search(t).is_ok())
                {
                    return None;
                }
                let text = self
                    .text_of(&passage.source)?
                    .slice(passage.chars.clone())?;
                let within = if phrases.is_empty() {
                    self.matched_words(text, &wanted)?
                } else {
                    let mut first = None;
                    for phrase in &phrases {
                        let found = find_folded(text, phrase)?;
                        first.get_or_insert(found);
                    }
                    first?
                };
                Some(Hit {
                    source: passage.source.clone(),
                    start: passage.chars.start + within.start,
                    end: passage.chars.start + within.end,
                    passage: passage.chars.clone(),
                    text: text.to_owned(),
                    score: m.score,
                })
            })
            .collect();
        self.keep_best(&mut hits, limit, |h| (h.score, &h.source, h.start));
        hits
    }

    /// Chars (relative to `text`) from the first to the last word of
    /// `text` whose token is wanted.
    fn matched_words(&self, text: &str, wanted: &[u32]) -> Option<Range<usize>> {
        let mut chars = 0;
        let mut first = None;
        let mut last = 0;
        for (_, word) in text.split_word_bound_indices() {
            let len = word.chars().count();
            if self
                .tokens(word)
                .iter()
                .any(|t| wanted.contains(&u32::embed(t)))
            {
                first.get_or_insert(chars);
                last = chars + len;
            }
            chars += len;
        }
        first.map(|f| f..last)
    }
}

/// Hits grouped by source, the source with the best hit first; within a
/// source, in text order.
pub fn by_source(hits: &[Hit]) -> Vec<(SourceId, Vec<&Hit>)> {
    let mut groups: Vec<(SourceId, Vec<&Hit>)> = Vec::new();
    for hit in hits {
        match groups.iter_mut().find(|(s, _)| *s == hit.source) {
            Some((_, group)) => group.push(hit),
            None => groups.push((hit.source.clone(), vec![hit])),
        }
    }
    for (_, group) in &mut groups {
        group.sort_by_key(|h| h.start);
    }
    groups
}
