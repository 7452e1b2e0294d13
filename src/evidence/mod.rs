//! Finding evidence: passages of every source ranked for a claim, and search
//! across all sources.
//!
//! Every source text is cut into passages (sentences, snapped to words, a
//! long sentence cut at a space) and each passage is indexed for BM25 with
//! the `bm25` crate: words case-folded, accents folded, stemmed (English
//! Snowball) and common function words left out. The index is built once
//! and kept in step with the project ([`Index::sync`] re-indexes only the
//! sources whose text changed), so a query costs a lookup, not a rebuild.
//!
//! A suggestion's score is the passage's BM25 score for the claim's words,
//! raised when the passage states the claim's numbers (read by
//! [`crate::check::numbers`], so "six" meets "6") or names its names, and
//! lowered when the same sentence stands in many sources (boilerplate). A
//! passage that shares the claim's subject but states a different number is
//! marked as possibly contradicting it. Offsets are chars into the source's
//! current snapshot, half-open, as everywhere else.
//!
//! Evidence may use the review (`check::numbers`) and everything below it;
//! never the project's store, the team, exports or the faces.

mod cache;
mod matching;
pub mod meaning;
mod mix;
mod passages;
mod search;

pub use cache::{CACHE_DIR, Cache};
pub use mix::{SIMILAR_MEANING, TOKEN_BY_TOKEN_WEIGHT};
pub use search::{Hit, by_source};

use matching::*;
pub use passages::*;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::ops::Range;

use bm25::{
    DefaultTokenizer, Embedder, EmbedderBuilder, Language, Scorer, TokenEmbedder, Tokenizer,
};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation as _;

use crate::check::numbers::{self, Mention, Value};
use crate::model::{ClaimId, Project, SourceId, Stance};
use crate::text::anchor::SourceText;

/// A passage longer than this many bytes is cut at a space.
pub const MAX_PASSAGE_BYTES: usize = 1000;

/// How many suggestions a claim gets unless asked for another number.
pub const DEFAULT_SUGGESTIONS: usize = 8;

/// One passage suggested as evidence for a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The source it is in.
    pub source: SourceId,
    /// First char of the passage in the source's current text.
    pub start: usize,
    /// One past its last char.
    pub end: usize,
    /// The passage.
    pub text: String,
    /// How well it matches the claim (higher is better; only the order
    /// means anything).
    pub score: f32,
    /// Set when the passage shares the claim's subject but states another
    /// number: it may contradict the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub different_number: Option<NumberClash>,
    /// Whether the passage is in a source that does not yet support the
    /// claim (listed first for a claim with too few sources).
    pub other_source: bool,
    /// Set when the passage was found for what it means: it shares at most
    /// one word with the claim and stands out from the other passages in
    /// how close it comes to the claim's meaning ([`SIMILAR_MEANING`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub similar_meaning: bool,
}

/// How passages are ranked for a claim.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Ranking {
    /// By the words they share with the claim (BM25), its numbers and names.
    Words,
    /// By what they mean alone (the meaning model's vectors).
    Meaning,
    /// Both, mixed (the default; words alone when there is no model).
    #[default]
    Both,
    /// Both, with these shares instead of [`WORDS_WEIGHT`] and
    /// [`TOKEN_BY_TOKEN_WEIGHT`] (each 0..1).
    Weighted {
        /// The words' share of the score.
        words: f32,
        /// Within meaning's share, closeness token by token's.
        token_by_token: f32,
    },
}

/// The words' part of a mixed score, the rest being meaning's, each scaled
/// to 0..1 for the query. Chosen on the development half of the claims in
/// `tests/data/evidence/claims.txt` (`tests/suggest_quality.rs`).
pub const WORDS_WEIGHT: f32 = 0.1;

/// A number a claim states and the different one a passage states.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumberClash {
    /// The claim's number, as written.
    pub claim: String,
    /// The passage's number, as written.
    pub passage: String,
}

impl Suggestion {
    /// A short description of how the passage may bear on the claim.
    pub fn label(&self) -> Option<String> {
        match &self.different_number {
            Some(c) => Some(format!(
                "possibly contradicting: says “{}” where the claim says “{}”",
                c.passage, c.claim
            )),
            None => self
                .similar_meaning
                .then(|| "similar meaning, in other words".to_owned()),
        }
    }

    /// The stance a citation of this suggestion starts with.
    pub fn stance(&self) -> Stance {
        if self.different_number.is_some() {
            Stance::Contradicts
        } else {
            Stance::Supports
        }
    }
}

/// Why a claim gets no suggestions.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuggestError {
    /// There is no such claim.
    #[error("there is no claim {0}")]
    NoClaim(ClaimId),
    /// The claim has no words that could be searched for.
    #[error("the claim has no words to look for evidence with; write its text first")]
    NothingToSearch,
}

/// Turns tokens joined by spaces back into tokens, so that the `bm25`
/// embedder scores text this module has already tokenized once.
#[derive(Clone, Copy, Debug, Default)]
struct Joined;

impl Tokenizer for Joined {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        input_text
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// One indexed passage.
#[derive(Clone, Debug)]
struct Passage {
    source: SourceId,
    chars: Range<usize>,
    /// Its distinct tokens, as the embedder's token indices, sorted.
    tokens: Box<[u32]>,
    /// Hash of its token sequence, to find the same sentence elsewhere.
    fingerprint: u64,
    /// What it means, when there is a model.
    meaning: Option<meaning::Kept>,
}

/// One indexed source.
#[derive(Clone, Debug)]
struct Indexed {
    id: SourceId,
    text: SourceText,
    /// Its key in the cache, when there is one.
    cache_key: Option<String>,
    keys: Vec<u32>,
    fingerprints: Vec<u64>,
}

/// The passages of a project's sources, indexed for ranking.
pub struct Index {
    tokenizer: DefaultTokenizer,
    embedder: Embedder<u32, Joined>,
    avgdl: f32,
    scorer: Scorer<u32>,
    passages: HashMap<u32, Passage>,
    sources: Vec<Indexed>,
    /// For each sentence fingerprint, how many sources hold it.
    repeats: HashMap<u64, u32>,
    /// For each of the meaning model's tokens, how many passages hold it.
    pieces: HashMap<u16, u32>,
    /// Where the meaning of passages is kept between runs.
    cache: Option<Cache>,
    /// Whether passages are read for their meaning (when there is a model).
    by_meaning: bool,
    next_key: u32,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("sources", &self.sources.len())
            .field("passages", &self.passages.len())
            .finish_non_exhaustive()
    }
}

impl Default for Index {
    fn default() -> Self {
        Self::with_avgdl(0.0)
    }
}

/// The current text of each of a project's sources, in project order.
pub fn source_texts<'a>(
    project: &'a Project,
    text_of: impl Fn(&SourceId) -> Option<&'a SourceText>,
) -> Vec<(SourceId, SourceText)> {
    project
        .sources
        .iter()
        .filter_map(|s| text_of(&s.id).map(|t| (s.id.clone(), t.clone())))
        .collect()
}

impl Index {
    fn with_avgdl(avgdl: f32) -> Self {
        Self {
            tokenizer: DefaultTokenizer::new(Language::English),
            embedder: EmbedderBuilder::<u32, Joined>::with_avgdl(avgdl).build(),
            avgdl,
            scorer: Scorer::new(),
            passages: HashMap::new(),
            sources: Vec::new(),
            repeats: HashMap::new(),
            pieces: HashMap::new(),
            cache: None,
            by_meaning: true,
            next_key: 0,
        }
    }

    /// Indexes these source texts.
    pub fn build(sources: &[(SourceId, SourceText)]) -> Self {
        let mut index = Self::default();
        index.sync(sources);
        index
    }

    /// Number of sources indexed.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// Number of passages indexed.
    pub fn passage_count(&self) -> usize {
        self.passages.len()
    }

    /// Brings the index in step with these source texts: sources whose text
    /// changed (or that are new) are indexed again, sources no longer there
    /// are dropped, and the rest are left as they are. Returns how many
    /// sources were indexed.
    pub fn sync(&mut self, sources: &[(SourceId, SourceText)]) -> usize {
        let wanted: HashMap<&SourceId, &SourceText> = sources.iter().map(|(i, t)| (i, t)).collect();
        let stale: Vec<usize> = (0..self.sources.len())
            .filter(|&i| {
                let s = &self.sources[i];
                wanted.get(&s.id).is_none_or(|t| !same_text(t, &s.text))
            })
            .collect();
        for i in stale.into_iter().rev() {
            let gone = self.sources.remove(i);
            self.forget(gone);
        }
        let fresh: Vec<&(SourceId, SourceText)> = sources
            .iter()
            .filter(|(id, _)| !self.sources.iter().any(|s| &s.id == id))
            .collect();
        if fresh.is_empty() {
            self.order_like(sources);
            return 0;
        }
        // Cut and tokenize the new texts, on every core.
        let model = meaning::model().ok().filter(|_| self.by_meaning);
        let cache = self.cache.as_ref();
        let cut: Vec<(Vec<Cut>, Option<String>)> = std::thread::scope(|scope| {
            let workers = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8);
            let chunk = fresh.len().div_ceil(workers).max(1);
            let handles: Vec<_> = fresh
                .chunks(chunk)
                .map(|part| {
                    let handle = scope.spawn(move || {
                        let tokenizer = DefaultTokenizer::new(Language::English);
                        part.iter()
                            .map(|(_, text)| cache::cut_source(&tokenizer, model, cache, text))
                            .collect::<Vec<_>>()
                    });
                    (part.len(), handle)
                })
                .collect();
            // A part whose worker failed is indexed with no passages, each
            // source still paired with its own.
            handles
                .into_iter()
                .flat_map(|(len, h)| {
                    h.join()
                        .unwrap_or_else(|_| (0..len).map(|_| Default::default()).collect())
                })
                .collect()
        });
        if self.avgdl <= 0.0 {
            let all = cut.iter().flat_map(|(cuts, _)| cuts);
            let (tokens, count) = all.fold((0usize, 0usize), |(t, n), cut| {
                (t + cut.tokens.len(), n + 1)
            });
            if count > 0 {
                let avgdl = (tokens as f32 / count as f32).max(1.0);
                self.embedder = EmbedderBuilder::<u32, Joined>::with_avgdl(avgdl).build();
                self.avgdl = avgdl;
            }
        }
        let indexed = fresh.len();
        for ((id, text), (passages, cache_key)) in fresh.into_iter().zip(cut) {
            self.insert(id, text, passages, cache_key);
        }
        self.order_like(sources);
        if let Some(cache) = &self.cache
            && model.is_some()
            && self.sources.iter().all(|s| s.cache_key.is_some())
        {
            let keys: Vec<String> = self
                .sources
                .iter()
                .filter_map(|s| s.cache_key.clone())
                .collect();
            cache.prune(&keys);
        }
        indexed
    }

    /// An empty index that ranks passages by their words alone, without
    /// reading the meaning model (for a search of words).
    pub fn by_words_alone() -> Self {
        Self {
            by_meaning: false,
            ..Self::default()
        }
    }

    /// Keeps the meaning of passages in `cache` between runs, and takes it
    /// from there (for sources indexed from now on).
    pub fn keep_meaning_in(&mut self, cache: Cache) {
        self.cache = Some(cache);
    }

    fn order_like(&mut self, sources: &[(SourceId, SourceText)]) {
        let rank: HashMap<&SourceId, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id, i))
            .collect();
        self.sources
            .sort_by_key(|s| rank.get(&s.id).copied().unwrap_or(usize::MAX));
    }

    fn insert(
        &mut self,
        id: &SourceId,
        text: &SourceText,
        passages: Vec<Cut>,
        cache_key: Option<String>,
    ) {
        let mut keys = Vec::with_capacity(passages.len());
        let mut fingerprints = HashSet::new();
        for Cut {
            chars,
            tokens,
            meaning,
        } in passages
        {
            let key = self.next_key;
            self.next_key = self.next_key.wrapping_add(1);
            let embedding = self.embedder.embed(&tokens.join(" "));
            let mut distinct: Vec<u32> = tokens.iter().map(|t| u32::embed(t)).collect();
            let fingerprint = {
                let mut h = DefaultHasher::new();
                distinct.hash(&mut h);
                h.finish()
            };
            distinct.sort_unstable();
            distinct.dedup();
            self.scorer.upsert(&key, embedding);
            fingerprints.insert(fingerprint);
            for &piece in meaning.iter().flat_map(|m| &m.pieces) {
                *self.pieces.entry(piece).or_default() += 1;
            }
            self.passages.insert(
                key,
                Passage {
                    source: id.clone(),
                    chars,
                    tokens: distinct.into_boxed_slice(),
                    fingerprint,
                    meaning,
                },
            );
            keys.push(key);
        }
        for f in &fingerprints {
            *self.repeats.entry(*f).or_default() += 1;
        }
        self.sources.push(Indexed {
            id: id.clone(),
            text: text.clone(),
            cache_key,
            keys,
            fingerprints: fingerprints.into_iter().collect(),
        });
    }

    fn forget(&mut self, gone: Indexed) {
        for key in gone.keys {
            self.scorer.remove(&key);
            let Some(passage) = self.passages.remove(&key) else {
                continue;
            };
            for piece in passage.meaning.iter().flat_map(|m| &m.pieces) {
                if let Some(n) = self.pieces.get_mut(piece) {
                    *n -= 1;
                    if *n == 0 {
                        self.pieces.remove(piece);
                    }
                }
            }
        }
        for f in gone.fingerprints {
            if let Some(n) = self.repeats.get_mut(&f) {
                *n -= 1;
                if *n == 0 {
                    self.repeats.remove(&f);
                }
            }
        }
    }

    fn text_of(&self, source: &SourceId) -> Option<&SourceText> {
        self.sources
            .iter()
            .find(|s| &s.id == source)
            .map(|s| &s.text)
    }

    /// Keeps the best `limit` of ranked passages, in order: higher score
    /// first, then by source in project order, then by place in the
    /// source. `key` gives a passage's score, source and start.
    fn keep_best<T>(
        &self,
        found: &mut Vec<T>,
        limit: usize,
        key: impl Fn(&T) -> (f32, &SourceId, usize),
    ) {
        let rank: HashMap<&SourceId, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect();
        found.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            b.0.total_cmp(&a.0)
                .then_with(|| rank.get(a.1).cmp(&rank.get(b.1)))
                .then(a.2.cmp(&b.2))
        });
        found.truncate(limit);
    }

    fn tokens(&self, text: &str) -> Vec<String> {
        self.tokenizer.tokenize(text)
    }

    /// The passages ranked as evidence for a claim of the project, best
    /// first: at most `limit`, leaving out passages the claim already cites.
    /// For a claim supported by fewer independent sources than the project
    /// asks for, passages from the other sources come first; a source linked
    /// to a supporting one (the same document, or shared text not marked
    /// independent) is not another source.
    pub fn suggest(
        &self,
        project: &Project,
        claim: &ClaimId,
        limit: usize,
    ) -> Result<Vec<Suggestion>, SuggestError> {
        let claim = project
            .claim(claim)
            .ok_or_else(|| SuggestError::NoClaim(claim.clone()))?;
        let groups = project.source_groups();
        let group_of = |id: &SourceId| groups.iter().position(|g| g.contains(id));
        let mut cited: Vec<(&SourceId, Range<usize>)> = Vec::new();
        let mut supporting: Vec<Option<usize>> = Vec::new();
        for evidence in &claim.evidence {
            let Some(quote) = project.quote(&evidence.quote) else {
                continue;
            };
            if quote.unresolved.is_none() {
                cited.push((&quote.source, quote.start..quote.end));
            }
            let group = group_of(&quote.source);
            if evidence.stance == Stance::Supports && !supporting.contains(&group) {
                supporting.push(group);
            }
        }
        let few_sources =
            !supporting.is_empty() && supporting.len() < project.settings.min_sources as usize;
        let mut found = self.suggest_text(
            &claim.text,
            limit.saturating_add(cited.len()).saturating_mul(4),
        )?;
        found.retain(|s| {
            !cited.iter().any(|(source, range)| {
                **source == s.source && range.start < s.end && s.start < range.end
            })
        });
        for s in &mut found {
            s.other_source = !supporting.contains(&group_of(&s.source));
        }
        if few_sources {
            // Stable: each group keeps its order by score.
            found.sort_by_key(|s| !s.other_source);
        }
        found.truncate(limit);
        Ok(found)
    }

    /// The passages ranked as evidence for a claim's text, best first.
    pub fn suggest_text(&self, claim: &str, limit: usize) -> Result<Vec<Suggestion>, SuggestError> {
        self.suggest_ranked(claim, limit, Ranking::Both)
    }

    /// Whether passages are ranked by meaning too (the model is there):
    /// whether any passage has a meaning, each of which has tokens.
    pub fn has_meaning(&self) -> bool {
        !self.pieces.is_empty()
    }

    /// The passages ranked as evidence for a claim's text, best first, by
    /// words, meaning or both.
    pub fn suggest_ranked(
        &self,
        claim: &str,
        limit: usize,
        ranking: Ranking,
    ) -> Result<Vec<Suggestion>, SuggestError> {
        let claim_meaning = match ranking {
            Ranking::Words => None,
            _ if !self.has_meaning() => None,
            _ => meaning::model().ok().and_then(|m| m.read(claim)),
        };
        let mentions = numbers::numbers(claim);
        let mut query = self.tokens(claim);
        // "six" in a claim also looks for "6".
        for m in &mentions {
            if let Value::Exact(v) = m.value {
                query.extend(self.tokens(&numbers::format_number(v)));
            }
        }
        let mut seen = HashSet::new();
        query.retain(|t| seen.insert(t.clone()));
        // A claim of common words alone ("the of and") has nothing to look
        // for, even by meaning.
        if query.is_empty() || limit == 0 {
            return if query.is_empty() {
                Err(SuggestError::NothingToSearch)
            } else {
                Ok(Vec::new())
            };
        }
        let number_tokens: HashSet<u32> = mentions
            .iter()
            .flat_map(|m| self.tokens(&claim[m.range.clone()]))
            .map(|t| u32::embed(&t))
            .collect();
        let query_tokens: Vec<u32> = query.iter().map(|t| u32::embed(t)).collect();
        let subject: Vec<u32> = query_tokens
            .iter()
            .copied()
            .filter(|t| !number_tokens.contains(t))
            .collect();
        let names = self.names(claim);
        let embedding = self.embedder.embed(&query.join(" "));
        let matches = self.scorer.matches(&embedding);
        let pool = limit.saturating_mul(10).max(200);
        let candidates: Vec<(u32, f32, bool)> = match &claim_meaning {
            None => matches
                .iter()
                .take(pool)
                .map(|m| (m.id, m.score, false))
                .collect(),
            Some(q) => {
                let weights = match ranking {
                    Ranking::Meaning => (0.0, TOKEN_BY_TOKEN_WEIGHT),
                    Ranking::Weighted {
                        words,
                        token_by_token,
                    } => (words.clamp(0.0, 1.0), token_by_token.clamp(0.0, 1.0)),
                    _ => (WORDS_WEIGHT, TOKEN_BY_TOKEN_WEIGHT),
                };
                self.mixed(q, &matches, weights, pool)
            }
        };
        let boosted = ranking != Ranking::Meaning;
        let mut found: Vec<Suggestion> = candidates
            .into_iter()
            .filter_map(|(key, score, close_in_meaning)| {
                let passage = self.passages.get(&key)?;
                let text = self
                    .text_of(&passage.source)?
                    .slice(passage.chars.clone())?;
                let shared = |tokens: &[u32]| {
                    tokens
                        .iter()
                        .filter(|t| passage.tokens.binary_search(t).is_ok())
                        .count()
                };
                let stated = numbers::numbers(text);
                let backing = numbers::backing_of(text, &stated);
                let numbers_shared = mentions
                    .iter()
                    .filter(|c| backing.iter().any(|v| c.value.backed_by(v)))
                    .count();
                let names_shared = shared(&names);
                let repeats = self.repeats.get(&passage.fingerprint).copied().unwrap_or(1);
                let boost =
                    1.0 + 0.5 * numbers_shared.min(3) as f32 + 0.2 * names_shared.min(3) as f32;
                let score = if boosted {
                    score * boost / (repeats.saturating_sub(1).max(1)) as f32
                } else {
                    score
                };
                let subject_shared = shared(&subject);
                let needed = subject.len().div_ceil(3).max(2).min(subject.len());
                let different_number = (subject_shared >= needed && needed > 0)
                    .then(|| number_clash(claim, &mentions, text, &stated, &backing))
                    .flatten();
                Some(Suggestion {
                    source: passage.source.clone(),
                    start: passage.chars.start,
                    end: passage.chars.end,
                    text: text.to_owned(),
                    score,
                    similar_meaning: close_in_meaning
                        && different_number.is_none()
                        && shared(&query_tokens) <= 1,
                    different_number,
                    other_source: false,
                })
            })
            .collect();
        self.keep_best(&mut found, limit, |s| (s.score, &s.source, s.start));
        Ok(found)
    }

    /// Token indices of the names a claim gives: capitalised words after
    /// the first of each sentence.
    fn names(&self, claim: &str) -> Vec<u32> {
        let mut names = Vec::new();
        for sentence in claim.unicode_sentences() {
            for word in sentence.unicode_words().skip(1) {
                if word.starts_with(char::is_uppercase) {
                    for token in self.tokens(word) {
                        let t = u32::embed(&token);
                        if !names.contains(&t) {
                            names.push(t);
                        }
                    }
                }
            }
        }
        names
    }
}

#[cfg(test)]
mod tests;
