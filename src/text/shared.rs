//! Text that two sources share verbatim: how much of the shorter one is
//! found in the other, and the longest passage they share, so that a wire
//! story and its republished copy are known for one source.
//!
//! Texts are compared as words (Unicode words, lower case, apostrophes
//! folded), so whitespace, line breaks, quotation marks and markup do not
//! matter. A passage counts as shared where a run of [`SHINGLE_WORDS`]
//! words is in both texts; a word is shared when such a run covers it. The
//! share is the part of the shorter text's words that are shared, and the
//! longest passage the longest run of shared words in a row.
//!
//! Sentences that stand in [`BOILERPLATE_SOURCES`] or more sources of a
//! project ("Copyright 2024 The Associated Press. All rights reserved.")
//! are left out on both sides: they say nothing about where a story came
//! from.
//!
//! ```
//! use attest::text::shared::{Profile, compare};
//!
//! let wire = "Six people died and dozens were hurt when police fired on protesters \
//!             in the capital on Tuesday, officials said.";
//! let copy = format!("Breaking news. {wire} More follows.");
//! let (a, b) = (Profile::new(wire), Profile::new(&copy));
//! let shared = compare(&a, &b, &Default::default());
//! assert_eq!(shared.share, 100);
//! assert!(shared.is_link());
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use unicode_segmentation::UnicodeSegmentation as _;

/// Words in a run that counts as shared.
pub const SHINGLE_WORDS: usize = 8;
/// The share of the shorter text, in percent, from which two sources are
/// linked.
pub const MIN_SHARE_PERCENT: u8 = 40;
/// The length of a shared passage, in words, from which two sources are
/// linked whatever their share.
pub const MIN_PASSAGE_WORDS: u32 = 60;
/// In how many sources a sentence must stand to be boilerplate.
pub const BOILERPLATE_SOURCES: usize = 3;

/// A text reduced to what the comparison needs: its words as hashes, the
/// sentence each word is in, and its sentences as hashes.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    words: Vec<u64>,
    sentence_of: Vec<u32>,
    sentences: Vec<u64>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A word as compared: lower case, typographic apostrophes as `'`.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(fold_apostrophe)
        .collect()
}

/// The hash of a word as compared ([`fold`]ed), without building it.
fn word_hash(word: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        fold_apostrophe(c).hash(&mut hasher);
    }
    hasher.finish()
}

/// Typographic apostrophes as `'`.
fn fold_apostrophe(c: char) -> char {
    if matches!(c, '’' | 'ʼ' | '‘') {
        '\''
    } else {
        c
    }
}

/// The words of a passage as compared (see the module's doc): the same
/// words give the same result whatever the whitespace and punctuation.
pub fn folded_words(text: &str) -> Vec<String> {
    text.unicode_words().map(fold).collect()
}

/// A hash of a passage's [`folded_words`], without building them: two
/// passages with the same words have the same key; `None` for a passage
/// with no words.
pub fn passage_key(text: &str) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    let mut words = 0usize;
    for word in text.unicode_words() {
        for c in word.chars().flat_map(char::to_lowercase) {
            fold_apostrophe(c).hash(&mut hasher);
        }
        ' '.hash(&mut hasher);
        words += 1;
    }
    (words > 0).then(|| hasher.finish())
}

impl Profile {
    /// The profile of a text.
    ///
    /// A sentence ends where the text between two words holds `.`, `!`,
    /// `?` or a line break: cheaper than full sentence segmentation, and
    /// enough to know a repeated line of boilerplate.
    pub fn new(text: &str) -> Self {
        let mut profile = Profile::default();
        let mut sentence: Vec<u64> = Vec::new();
        let mut end = 0;
        let close = |profile: &mut Profile, sentence: &mut Vec<u64>| {
            if sentence.is_empty() {
                return;
            }
            let index = profile.sentences.len() as u32;
            profile.sentences.push(hash_of(&*sentence));
            profile
                .sentence_of
                .extend(std::iter::repeat_n(index, sentence.len()));
            profile.words.append(sentence);
        };
        for (start, word) in text.unicode_word_indices() {
            if text[end..start].contains(['.', '!', '?', '\n']) {
                close(&mut profile, &mut sentence);
            }
            sentence.push(word_hash(word));
            end = start + word.len();
        }
        close(&mut profile, &mut sentence);
        profile
    }

    /// How many words each sentence has.
    fn sentence_lengths(&self) -> Vec<usize> {
        let mut lengths = vec![0; self.sentences.len()];
        for &sentence in &self.sentence_of {
            lengths[sentence as usize] += 1;
        }
        lengths
    }

    /// How many words the text has.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Whether the word at `i` is in a boilerplate sentence.
    fn is_boilerplate(&self, i: usize, boilerplate: &HashSet<u64>) -> bool {
        !boilerplate.is_empty()
            && boilerplate.contains(&self.sentences[self.sentence_of[i] as usize])
    }

    /// The hash of each run of [`SHINGLE_WORDS`] words, by the index of its
    /// first word; `None` where the run touches boilerplate.
    fn shingles(&self, boilerplate: &HashSet<u64>) -> Vec<Option<u64>> {
        if self.words.len() < SHINGLE_WORDS {
            return Vec::new();
        }
        let mut clean_until = vec![0usize; self.words.len() + 1];
        // clean_until[i]: how many words from i on are not boilerplate.
        for i in (0..self.words.len()).rev() {
            clean_until[i] = if self.is_boilerplate(i, boilerplate) {
                0
            } else {
                clean_until[i + 1] + 1
            };
        }
        self.words
            .windows(SHINGLE_WORDS)
            .enumerate()
            .map(|(i, run)| (clean_until[i] >= SHINGLE_WORDS).then(|| hash_of(run)))
            .collect()
    }

    /// The words that count: those outside boilerplate.
    fn countable(&self, boilerplate: &HashSet<u64>) -> usize {
        (0..self.words.len())
            .filter(|&i| !self.is_boilerplate(i, boilerplate))
            .count()
    }
}

/// The sentences that are boilerplate among these texts: each stands in
/// [`BOILERPLATE_SOURCES`] or more of them, and in that many it is part of a
/// short block of such sentences (under [`MIN_PASSAGE_WORDS`] words), as a
/// copyright line or a sign-up notice is. A wire story republished by three
/// outlets shares long blocks, which are not boilerplate but shared text.
/// Texts that are the same text count once.
pub fn boilerplate<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> HashSet<u64> {
    let mut seen_texts = HashSet::new();
    let profiles: Vec<&Profile> = profiles
        .into_iter()
        .filter(|p| seen_texts.insert(hash_of(&p.words)))
        .collect();
    let mut seen_in: HashMap<u64, usize> = HashMap::new();
    for profile in &profiles {
        let distinct: HashSet<u64> = profile.sentences.iter().copied().collect();
        for sentence in distinct {
            *seen_in.entry(sentence).or_default() += 1;
        }
    }
    let common = |sentence: &u64| {
        seen_in
            .get(sentence)
            .is_some_and(|&n| n >= BOILERPLATE_SOURCES)
    };
    let mut short_in: HashMap<u64, usize> = HashMap::new();
    for profile in &profiles {
        let lengths = profile.sentence_lengths();
        let mut in_short_block = HashSet::new();
        let mut i = 0;
        while i < profile.sentences.len() {
            if !common(&profile.sentences[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < profile.sentences.len() && common(&profile.sentences[i]) {
                i += 1;
            }
            let words: usize = lengths[start..i].iter().sum();
            if (words as u32) < MIN_PASSAGE_WORDS {
                in_short_block.extend(profile.sentences[start..i].iter().copied());
            }
        }
        for sentence in in_short_block {
            *short_in.entry(sentence).or_default() += 1;
        }
    }
    short_in
        .into_iter()
        .filter(|&(_, n)| n >= BOILERPLATE_SOURCES)
        .map(|(sentence, _)| sentence)
        .collect()
}

/// What two texts share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// The share of the shorter text's words found in the other, in percent
    /// (rounded down).
    pub share: u8,
    /// The longest passage in a row they share, in words.
    pub longest: u32,
}

impl Shared {
    /// Whether the two should be linked: at least [`MIN_SHARE_PERCENT`] of
    /// the shorter text, or a passage of [`MIN_PASSAGE_WORDS`] words.
    pub fn is_link(&self) -> bool {
        self.share >= MIN_SHARE_PERCENT || self.longest >= MIN_PASSAGE_WORDS
    }
}

/// What the shorter of two texts shares with the longer, leaving out
/// `boilerplate` sentences.
pub fn compare(a: &Profile, b: &Profile, boilerplate: &HashSet<u64>) -> Shared {
    let (short, long) = if a.countable(boilerplate) <= b.countable(boilerplate) {
        (a, b)
    } else {
        (b, a)
    };
    let present: HashSet<u64> = long.shingles(boilerplate).into_iter().flatten().collect();
    coverage(short, &short.shingles(boilerplate), &present, boilerplate)
}

/// The share of `text` covered by runs found in `present`, and the longest
/// covered run.
fn coverage(
    text: &Profile,
    shingles: &[Option<u64>],
    present: &HashSet<u64>,
    boilerplate: &HashSet<u64>,
) -> Shared {
    let positions: Vec<usize> = shingles
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_some_and(|h| present.contains(&h)))
        .map(|(i, _)| i)
        .collect();
    covered(text, &positions, boilerplate)
}

/// A text compared with many at once: the runs of every other text are
/// indexed once, so a new source is measured against a hundred others in
/// one pass over its words and one over each text it shares a run with.
pub struct Index<'a> {
    profiles: Vec<&'a Profile>,
    boilerplate: &'a HashSet<u64>,
    /// Each indexed text's runs, by the index of their first word.
    shingles: Vec<Vec<Option<u64>>>,
    /// Each run, with the texts that have it.
    runs: HashMap<u64, Vec<u32>>,
}

impl<'a> Index<'a> {
    /// Indexes the runs of `profiles`, leaving out `boilerplate`.
    pub fn new(profiles: Vec<&'a Profile>, boilerplate: &'a HashSet<u64>) -> Self {
        let shingles: Vec<Vec<Option<u64>>> =
            profiles.iter().map(|p| p.shingles(boilerplate)).collect();
        let mut runs: HashMap<u64, Vec<u32>> =
            HashMap::with_capacity(shingles.iter().map(Vec::len).sum());
        for (n, of_text) in shingles.iter().enumerate() {
            for &shingle in of_text.iter().flatten() {
                let holders = runs.entry(shingle).or_default();
                if holders.last() != Some(&(n as u32)) {
                    holders.push(n as u32);
                }
            }
        }
        Index {
            profiles,
            boilerplate,
            shingles,
            runs,
        }
    }

    /// What `text` shares with each indexed text it shares anything with,
    /// by the indexed text's position.
    pub fn compare(&self, text: &Profile) -> Vec<(usize, Shared)> {
        let shingles = text.shingles(self.boilerplate);
        // Which of the text's runs each other text has.
        let mut hits: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, shingle) in shingles.iter().enumerate() {
            let Some(holders) = shingle.and_then(|h| self.runs.get(&h)) else {
                continue;
            };
            for &n in holders {
                hits.entry(n).or_default().push(i);
            }
        }
        let text_countable = text.countable(self.boilerplate);
        let own: HashSet<u64> = shingles.iter().flatten().copied().collect();
        let mut found: Vec<(usize, Shared)> = hits
            .into_iter()
            .map(|(n, positions)| {
                let n = n as usize;
                let other = self.profiles[n];
                let shared = if text_countable <= other.countable(self.boilerplate) {
                    covered(text, &positions, self.boilerplate)
                } else {
                    let positions: Vec<usize> = self.shingles[n]
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.is_some_and(|h| own.contains(&h)))
                        .map(|(i, _)| i)
                        .collect();
                    covered(other, &positions, self.boilerplate)
                };
                (n, shared)
            })
            .collect();
        found.sort_by_key(|(n, _)| *n);
        found
    }
}

/// The share and longest run of `text` covered by the runs starting at
/// `positions`.
fn covered(text: &Profile, positions: &[usize], boilerplate: &HashSet<u64>) -> Shared {
    let mut marks = vec![false; text.words.len()];
    for &i in positions {
        marks[i..i + SHINGLE_WORDS].fill(true);
    }
    tally(&marks, text.countable(boilerplate))
}

/// The share of `countable` words that are marked, and the longest marked
/// run.
fn tally(marks: &[bool], countable: usize) -> Shared {
    let (mut shared, mut run, mut longest) = (0usize, 0u32, 0u32);
    for &c in marks {
        if c {
            shared += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let share = (shared * 100)
        .checked_div(countable)
        .map_or(0, |percent| percent.min(100) as u8);
    Shared { share, longest }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "ISLAMABAD (AP) — Six people were killed and dozens injured, including journalists, when police fired tear gas and live rounds at supporters of the former prime minister in the capital on Tuesday, officials said. The government suspended mobile internet services across the city and called in the army to guard government buildings. Protesters had marched for three days from the northwest to demand the release of their leader, who has been in prison since last year. Hospital officials said most of the wounded had gunshot wounds. The interior minister said the protesters had attacked the security forces first, a claim the opposition denied. By nightfall the main avenue was empty except for burned vehicles and spent tear gas canisters.";

    fn shared(a: &str, b: &str) -> Shared {
        compare(&Profile::new(a), &Profile::new(b), &HashSet::new())
    }

    #[test]
    fn the_same_words_are_the_same_whatever_the_spacing_and_quotes() {
        let spaced = WIRE.replace(". ", ".\n\n").replace('—', "-");
        let s = shared(WIRE, &spaced);
        assert_eq!(s.share, 100);
        assert!(s.is_link());
        assert_eq!(
            folded_words("“Six people,” she said’s"),
            folded_words("\"six  people\" she said's")
        );
        assert_eq!(
            passage_key("“Six people,” she said’s"),
            passage_key("\"six  people\" she said's")
        );
        assert_ne!(passage_key("six people"), passage_key("sixpeople"));
        assert_eq!(passage_key(" … "), None);
    }

    #[test]
    fn a_republished_copy_with_a_new_headline_and_a_paragraph_changed_is_linked() {
        let sentences: Vec<&str> = WIRE.split_inclusive(". ").collect();
        let copy = format!(
            "Deadly clashes in Pakistan's capital\n\n{}Our correspondent adds that schools will stay shut on Wednesday. {}",
            sentences[..3].concat(),
            sentences[4..].concat()
        );
        let s = shared(WIRE, &copy);
        assert!(s.share >= 70, "{s:?}");
        assert!(s.is_link());
    }

    #[test]
    fn independent_reports_that_quote_the_same_official_stay_apart() {
        let quote = "the protesters had attacked the security forces first and the government would not allow chaos";
        let a = format!(
            "Police clashed with thousands of demonstrators near parliament. The interior minister told reporters {quote}. Witnesses described scenes of panic as families fled the area."
        );
        let b = format!(
            "At least five deaths were reported by two hospitals overnight. Speaking at a late news conference, the minister said {quote}, adding that an inquiry would follow. Opposition leaders called for a strike."
        );
        let s = shared(&a, &b);
        assert!(s.longest < MIN_PASSAGE_WORDS, "{s:?}");
        assert!(s.share < MIN_SHARE_PERCENT, "{s:?}");
        assert!(!s.is_link());
    }

    #[test]
    fn a_long_shared_passage_links_two_long_texts_even_at_a_small_share() {
        let filler = |tag: &str| {
            (0..400)
                .map(|i| format!("The {tag} report, line {i}, {tag} notes {tag} matters."))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let a = format!("{} {WIRE} {}", filler("first"), filler("third"));
        let b = format!("{} {WIRE}", filler("second"));
        let s = shared(&a, &b);
        assert!(s.share < MIN_SHARE_PERCENT, "{s:?}");
        assert!(s.longest >= 100, "{s:?}");
        assert!(s.is_link());
    }

    #[test]
    fn boilerplate_sentences_in_three_sources_do_not_count() {
        let notice = "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission from the publisher and its lawyers.";
        let texts = [
            format!("Fires burned in the north overnight and roads were closed. {notice}"),
            format!("Parliament passed the budget after a long debate on taxes. {notice}"),
            format!("A storm brought floods to the coast and cut power to towns. {notice}"),
        ];
        let profiles: Vec<Profile> = texts.iter().map(|t| Profile::new(t)).collect();
        let boiler = boilerplate(&profiles);
        assert_eq!(boiler.len(), 3, "the notice's three sentences");
        let with = compare(&profiles[0], &profiles[1], &HashSet::new());
        let without = compare(&profiles[0], &profiles[1], &boiler);
        assert!(with.is_link(), "{with:?}");
        assert_eq!(without, Shared::default());
    }

    #[test]
    fn a_wire_story_in_three_outlets_is_shared_text_not_boilerplate() {
        let outlets = ["The Star", "Daily News", "The Courier"];
        let texts: Vec<String> = outlets
            .iter()
            .map(|name| format!("{name} reports. {WIRE} Read more stories at {name}."))
            .collect();
        let profiles: Vec<Profile> = texts.iter().map(|t| Profile::new(t)).collect();
        let boiler = boilerplate(&profiles);
        assert!(boiler.is_empty(), "{} sentences", boiler.len());
        let s = compare(&profiles[0], &profiles[2], &boiler);
        assert!(s.share >= 90, "{s:?}");
    }

    #[test]
    fn the_index_gives_what_comparing_pairs_gives() {
        let others: Vec<Profile> = [
            WIRE.to_owned(),
            format!("Unrelated news about the weather. {}", &WIRE[..300]),
            "Nothing in common with any other text at all, not one run.".to_owned(),
        ]
        .iter()
        .map(|t| Profile::new(t))
        .collect();
        let new = Profile::new(&format!("{WIRE} And a last line."));
        let none = HashSet::new();
        let index = Index::new(others.iter().collect(), &none);
        let found = index.compare(&new);
        assert_eq!(found.len(), 2);
        for (n, shared) in found {
            assert_eq!(shared, compare(&new, &others[n], &none));
        }
    }
}
