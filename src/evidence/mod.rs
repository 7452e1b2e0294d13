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
}

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
        self.different_number.as_ref().map(|c| {
            format!(
                "possibly contradicting: says “{}” where the claim says “{}”",
                c.passage, c.claim
            )
        })
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
}

/// One indexed source.
#[derive(Clone, Debug)]
struct Indexed {
    id: SourceId,
    text: SourceText,
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

/// The order of ranked passages: higher score first, then by source in
/// project order, then by place in the source.
fn best_first(
    rank: &HashMap<&SourceId, usize>,
    a: (f32, &SourceId, usize),
    b: (f32, &SourceId, usize),
) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0)
        .then_with(|| rank.get(a.1).cmp(&rank.get(b.1)))
        .then(a.2.cmp(&b.2))
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
        let cut: Vec<Vec<(Range<usize>, Vec<String>)>> = std::thread::scope(|scope| {
            let workers = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8);
            let chunk = fresh.len().div_ceil(workers).max(1);
            let handles: Vec<_> = fresh
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let tokenizer = DefaultTokenizer::new(Language::English);
                        part.iter()
                            .map(|(_, text)| tokenized_passages(&tokenizer, text))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        if self.avgdl <= 0.0 {
            let (tokens, count) = cut
                .iter()
                .flatten()
                .fold((0usize, 0usize), |(t, n), (_, tokens)| {
                    (t + tokens.len(), n + 1)
                });
            if count > 0 {
                let avgdl = (tokens as f32 / count as f32).max(1.0);
                self.embedder = EmbedderBuilder::<u32, Joined>::with_avgdl(avgdl).build();
                self.avgdl = avgdl;
            }
        }
        let indexed = fresh.len();
        for ((id, text), passages) in fresh.into_iter().zip(cut) {
            self.insert(id, text, passages);
        }
        self.order_like(sources);
        indexed
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
        passages: Vec<(Range<usize>, Vec<String>)>,
    ) {
        let mut keys = Vec::with_capacity(passages.len());
        let mut fingerprints = HashSet::new();
        for (chars, tokens) in passages {
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
            self.passages.insert(
                key,
                Passage {
                    source: id.clone(),
                    chars,
                    tokens: distinct.into_boxed_slice(),
                    fingerprint,
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
            keys,
            fingerprints: fingerprints.into_iter().collect(),
        });
    }

    fn forget(&mut self, gone: Indexed) {
        for key in gone.keys {
            self.scorer.remove(&key);
            self.passages.remove(&key);
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

    fn source_rank(&self) -> HashMap<&SourceId, usize> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect()
    }

    fn tokens(&self, text: &str) -> Vec<String> {
        self.tokenizer.tokenize(text)
    }

    /// The passages ranked as evidence for a claim of the project, best
    /// first: at most `limit`, leaving out passages the claim already cites.
    /// For a claim supported by fewer sources than the project asks for,
    /// passages from the other sources come first.
    pub fn suggest(
        &self,
        project: &Project,
        claim: &ClaimId,
        limit: usize,
    ) -> Result<Vec<Suggestion>, SuggestError> {
        let claim = project
            .claim(claim)
            .ok_or_else(|| SuggestError::NoClaim(claim.clone()))?;
        let mut cited: Vec<(&SourceId, Range<usize>)> = Vec::new();
        let mut supporting: Vec<&SourceId> = Vec::new();
        for evidence in &claim.evidence {
            let Some(quote) = project.quote(&evidence.quote) else {
                continue;
            };
            if quote.unresolved.is_none() {
                cited.push((&quote.source, quote.start..quote.end));
            }
            if evidence.stance == Stance::Supports && !supporting.contains(&&quote.source) {
                supporting.push(&quote.source);
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
            s.other_source = !supporting.contains(&&s.source);
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
        let subject: Vec<u32> = query
            .iter()
            .map(|t| u32::embed(t))
            .filter(|t| !number_tokens.contains(t))
            .collect();
        let names = self.names(claim);
        let embedding = self.embedder.embed(&query.join(" "));
        let matches = self.scorer.matches(&embedding);
        let rank = self.source_rank();
        let mut found: Vec<Suggestion> = matches
            .iter()
            .take(limit.saturating_mul(10).max(200))
            .filter_map(|m| {
                let passage = self.passages.get(&m.id)?;
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
                let score = m.score * boost / (repeats.saturating_sub(1).max(1)) as f32;
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
                    different_number,
                    other_source: false,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            best_first(
                &rank,
                (a.score, &a.source, a.start),
                (b.score, &b.source, b.start),
            )
        });
        found.truncate(limit);
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
        let rank = self.source_rank();
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
        hits.sort_by(|a, b| {
            best_first(
                &rank,
                (a.score, &a.source, a.start),
                (b.score, &b.source, b.start),
            )
        });
        hits.truncate(limit);
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

fn same_text(a: &SourceText, b: &SourceText) -> bool {
    std::sync::Arc::ptr_eq(&a.shared(), &b.shared()) || a == b
}

/// The parts of a query in double quotes, case-folded.
fn phrases(query: &str) -> Vec<String> {
    query
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|phrase| !phrase.is_empty())
        .map(|phrase| fold(&phrase))
        .collect()
}

/// Lower case, char for char (so that offsets carry over), with every
/// whitespace char a space.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                ' '
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect()
}

/// Chars (relative to `text`) of the first occurrence of a folded phrase.
fn find_folded(text: &str, phrase: &str) -> Option<Range<usize>> {
    let folded = fold(text);
    let at = folded.find(phrase)?;
    let start = folded[..at].chars().count();
    Some(start..start + phrase.chars().count())
}

/// A number the claim states that the passage does not, beside one the
/// passage states that the claim does not. Years are left out of the
/// passage's side unless the claim gives a year too.
fn number_clash(
    claim_text: &str,
    claim: &[Mention],
    passage_text: &str,
    stated: &[Mention],
    backing: &[Value],
) -> Option<NumberClash> {
    // The day of a date is no count: "24 November" against "November 26"
    // is a different day, not a different toll.
    let claim: Vec<&Mention> = claim.iter().filter(|m| !in_date(claim_text, m)).collect();
    let stated: Vec<&Mention> = stated
        .iter()
        .filter(|m| !in_date(passage_text, m))
        .collect();
    let is_year = |m: &Mention| {
        matches!(m.value, Value::Exact(v) if (1000.0..=2999.0).contains(&v) && v.fract() == 0.0)
            && m.text.trim().len() == 4
    };
    let claim_gives_year = claim.iter().any(|m| is_year(m));
    let missing = claim
        .iter()
        .find(|c| !backing.iter().any(|v| c.value.backed_by(v)))?;
    let other = stated.iter().find(|p| {
        (claim_gives_year || !is_year(p))
            && !claim
                .iter()
                .any(|c| c.value.backed_by(&p.value) || p.value.backed_by(&c.value))
    })?;
    Some(NumberClash {
        claim: missing.text.trim().to_owned(),
        passage: other.text.trim().to_owned(),
    })
}

/// Whether a number is the day or year of a date: a month name next to it.
fn in_date(text: &str, m: &Mention) -> bool {
    let is_month = |w: Option<&str>| {
        w.is_some_and(|w| numbers::month(w.trim_matches(|c: char| !c.is_alphabetic())).is_some())
    };
    let before = text
        .get(..m.range.start)
        .and_then(|t| t.split_whitespace().last());
    let after = text
        .get(m.range.end..)
        .and_then(|t| t.split_whitespace().next());
    is_month(before) || is_month(after)
}

/// The passages of a text (char ranges) with their tokens.
fn tokenized_passages(
    tokenizer: &DefaultTokenizer,
    text: &SourceText,
) -> Vec<(Range<usize>, Vec<String>)> {
    let s = text.as_str();
    passages(s)
        .into_iter()
        .filter_map(|bytes| {
            let tokens = tokenizer.tokenize(&s[bytes.clone()]);
            (!tokens.is_empty()).then_some((bytes, tokens))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .scan(CharCounter::default(), |counter, (bytes, tokens)| {
            let start = counter.char_at(s, bytes.start);
            let end = counter.char_at(s, bytes.end);
            Some((start..end, tokens))
        })
        .collect()
}

/// Converts byte offsets to char offsets, walking forward.
#[derive(Default)]
struct CharCounter {
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

fn ends_in_abbreviation(sentence: &str) -> bool {
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

fn push_cut(text: &str, mut range: Range<usize>, out: &mut Vec<Range<usize>>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[(&str, &str)]) -> Index {
        let sources: Vec<(SourceId, SourceText)> = texts
            .iter()
            .map(|(id, t)| (SourceId::from(*id), SourceText::new(*t)))
            .collect();
        Index::build(&sources)
    }

    fn cut(text: &str) -> Vec<&str> {
        passages(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn passages_are_sentences_within_lines() {
        assert_eq!(
            cut(
                "Six people died. Dozens were hurt.\nMr. Khan spoke to them.\n\n  Next line here.  "
            ),
            [
                "Six people died.",
                "Dozens were hurt.",
                "Mr. Khan spoke to them.",
                "Next line here."
            ]
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_spaces() {
        let text = "word ".repeat(700);
        let pieces = passages(&text);
        assert!(pieces.len() >= 3);
        for r in &pieces {
            assert!(r.len() <= MAX_PASSAGE_BYTES);
            assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
            assert!(text[r.clone()].starts_with("word"));
        }
        let words: usize = pieces
            .iter()
            .map(|r| text[r.clone()].split_whitespace().count())
            .sum();
        assert_eq!(words, 700);
    }

    #[test]
    fn a_long_run_without_spaces_is_cut_on_char_boundaries() {
        let text = "ü".repeat(1500);
        let pieces = passages(&text);
        assert_eq!(pieces.iter().map(|r| r.len()).sum::<usize>(), text.len());
    }

    #[test]
    fn offsets_are_chars() {
        let text = "Ünïcödé first. Then the sentence about the protest in Islamabad.";
        let index = index(&[("s1", text)]);
        let hits = index.search("protest", 5);
        assert_eq!(hits.len(), 1);
        let chars: Vec<char> = text.chars().collect();
        let found: String = chars[hits[0].start..hits[0].end].iter().collect();
        assert_eq!(found, "protest");
    }

    #[test]
    fn number_words_meet_digits() {
        let index = index(&[(
            "s1",
            "Officials said 6 people died in the clashes. Several people died elsewhere in the clashes.",
        )]);
        let found = index
            .suggest_text("Six people died in the clashes.", 5)
            .unwrap();
        assert!(found[0].text.starts_with("Officials said 6"), "{found:?}");
    }

    #[test]
    fn a_different_number_on_the_same_subject_is_flagged() {
        let index = index(&[(
            "s1",
            "Clashes with security forces resulted in five deaths. Six officials met in the capital on Monday.",
        )]);
        let found = index
            .suggest_text("Six people died in clashes with security forces.", 5)
            .unwrap();
        let clash = found
            .iter()
            .find(|s| s.text.starts_with("Clashes"))
            .and_then(|s| s.different_number.clone());
        assert_eq!(
            clash,
            Some(NumberClash {
                claim: "Six".into(),
                passage: "five".into()
            })
        );
        let meeting = found.iter().find(|s| s.text.starts_with("Six officials"));
        assert!(meeting.is_none_or(|s| s.different_number.is_none()));
    }

    #[test]
    fn a_different_day_is_no_different_number() {
        let index = index(&[(
            "s1",
            "On November 26, supporters marched on the capital to demand his release.",
        )]);
        let found = index
            .suggest_text(
                "Supporters marched on the capital on 24 November to demand his release.",
                5,
            )
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].different_number, None);
    }

    #[test]
    fn boilerplate_ranks_low() {
        let boiler = "Protesters clashed with police, our reporters said.";
        let a = format!("{boiler} Police fired tear gas at the protesters who clashed with them.");
        let b = format!("{boiler} Nothing else.");
        let c = format!("{boiler} Still nothing.");
        let d = format!("{boiler} Quiet day.");
        let index = index(&[("s1", &a), ("s2", &b), ("s3", &c), ("s4", &d)]);
        let found = index
            .suggest_text("Police clashed with protesters.", 3)
            .unwrap();
        assert!(found[0].text.starts_with("Police fired"), "{found:?}");
    }

    #[test]
    fn nothing_to_search_is_an_error_and_no_sources_is_no_suggestion() {
        let index = index(&[("s1", "The protest went on.")]);
        assert_eq!(
            index.suggest_text("", 5),
            Err(SuggestError::NothingToSearch)
        );
        assert_eq!(
            index.suggest_text("the of and", 5),
            Err(SuggestError::NothingToSearch)
        );
        assert_eq!(Index::default().suggest_text("protest", 5), Ok(Vec::new()));
        assert!(Index::default().search("protest", 5).is_empty());
    }

    #[test]
    fn search_needs_every_word_and_the_phrase() {
        let index = index(&[(
            "s1",
            "Tear gas was fired at the march. The march went on without gas. Gas prices rose.",
        )]);
        assert_eq!(index.search("gas march", 10).len(), 2);
        let phrase = index.search("\"tear gas\"", 10);
        assert_eq!(phrase.len(), 1);
        assert_eq!(phrase[0].start, 0);
        assert_eq!(phrase[0].end, "Tear gas".len());
    }

    #[test]
    fn sync_reindexes_only_what_changed() {
        let one = (
            SourceId::from("s1"),
            SourceText::new("The march reached the capital."),
        );
        let two = (
            SourceId::from("s2"),
            SourceText::new("Police fired tear gas."),
        );
        let mut index = Index::build(&[one.clone(), two.clone()]);
        assert_eq!(index.sync(&[one.clone(), two.clone()]), 0);
        let two_new = (
            SourceId::from("s2"),
            SourceText::new("Police fired rubber bullets."),
        );
        assert_eq!(index.sync(&[one.clone(), two_new.clone()]), 1);
        assert!(index.search("tear gas", 5).is_empty());
        assert_eq!(index.search("rubber", 5).len(), 1);
        index.sync(std::slice::from_ref(&one));
        assert!(index.search("rubber", 5).is_empty());
        assert_eq!(index.source_count(), 1);
    }
}
