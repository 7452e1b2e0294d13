//! Generated projects of a given shape, for benchmarks and scale tests.
//!
//! The texts are real article prose (the sample project's two reports),
//! repeated with a tag in front of every paragraph so that no paragraph
//! occurs twice; quotes are runs of whole words with their context, and
//! every claim cites several quotes from different sources. Everything is
//! derived from a seed, so the same shape always gives the same project.

#![allow(dead_code)]

use std::path::Path;

use attest::model::{
    Citation, Claim, ClaimId, Evidence, Project, Quote, QuoteId, Source, SourceId, Stance,
};
use attest::project::store::{self, SaveError};
use attest::text::anchor::SourceText;
use attest::text::snapshot::Snapshots;

const SEEDS: [&str; 2] = [
    include_str!("../../assets/seeds/000_2ad3952750dd1f93.txt"),
    include_str!("../../assets/seeds/004_6dd02dcd122a951c.txt"),
];

/// A small, fast, deterministic random number generator (xorshift64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (any value but 0 works the same).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next number.
    pub fn number(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }

    /// A number in `0..n` (`n` must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.number() % n
    }
}

/// A generated-looking ID key ([`attest::model::KEY_CHARS`] characters of
/// base 32, not all digits) that `taken` does not hold yet, as new records
/// get: the generated projects have the IDs a project made today has.
fn key(rng: &mut Rng, taken: &mut std::collections::HashSet<String>) -> String {
    loop {
        let key: String = (0..attest::model::KEY_CHARS)
            .map(|_| attest::model::KEY_ALPHABET[rng.below(32)] as char)
            .collect();
        if !key.bytes().all(|b| b.is_ascii_digit()) && taken.insert(key.clone()) {
            return key;
        }
    }
}

/// Unique paragraphs of article text, about `bytes` long in all. `tag`
/// distinguishes the texts of different sources.
pub fn paragraphs(bytes: usize, tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut size = 0;
    let mut copy = 0;
    while size < bytes {
        copy += 1;
        for (s, seed) in SEEDS.iter().enumerate() {
            for (p, line) in seed.lines().enumerate() {
                if size >= bytes {
                    break;
                }
                let paragraph = format!("[{tag}{copy}.{s}.{p}] {line}");
                size += paragraph.len() + 1;
                out.push(paragraph);
            }
        }
    }
    out
}

/// Edits about `share` of the text (0.01 is 1%): words replaced, phrases
/// inserted and deleted inside paragraphs, and a few paragraphs moved.
/// Returns the new paragraphs and how many bytes the edits touched.
pub fn revise(paragraphs: &[String], share: f64, rng: &mut Rng) -> (Vec<String>, usize) {
    let mut out = paragraphs.to_vec();
    let total: usize = paragraphs.iter().map(|p| p.len() + 1).sum();
    let budget = (total as f64 * share) as usize;
    let mut touched = 0;
    while touched < budget && out.len() > 1 {
        let i = rng.below(out.len());
        let words: Vec<&str> = out[i].split(' ').collect();
        if words.len() < 4 {
            continue;
        }
        let at = rng.below(words.len());
        let edited = match rng.below(4) {
            0 => {
                let mut w = words.clone();
                w[at] = "revised";
                w.join(" ")
            }
            1 => {
                let mut w = words.clone();
                w.insert(at, "(correction: figures updated)");
                w.join(" ")
            }
            2 => {
                let mut w = words.clone();
                let end = (at + 6).min(w.len());
                w.drain(at..end);
                w.join(" ")
            }
            _ => {
                let moved = out.remove(i);
                let to = rng.below(out.len());
                touched += moved.len();
                out.insert(to, moved);
                continue;
            }
        };
        touched += out[i].len().abs_diff(edited.len()).max(8);
        out[i] = edited;
    }
    (out, touched)
}

/// Char offsets of the starts of the words of a text (after each space or
/// line break).
pub fn word_starts(text: &SourceText) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.as_str()
                .char_indices()
                .filter(|(_, c)| *c == ' ' || *c == '\n')
                .map(|(b, _)| text.char_of(b) + 1),
        )
        .collect()
}

/// The size and make-up of a generated project.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// Number of sources.
    pub sources: usize,
    /// Bytes of text in each source.
    pub source_bytes: usize,
    /// Number of quotes, spread evenly over the sources.
    pub quotes: usize,
    /// Number of claims, in paragraphs of ten; each cites about
    /// `quotes / claims` quotes, from different sources where there are any.
    pub claims: usize,
    /// Seed of the random choices.
    pub seed: u64,
}

impl Shape {
    /// The promised scale: 100 sources of 10 KB (1 MB of text), 20,000
    /// quotes and 5,000 claims.
    pub fn hundred_sources() -> Self {
        Self {
            sources: 100,
            source_bytes: 10 * 1024,
            quotes: 20_000,
            claims: 5_000,
            seed: 0x9e37_79b9_7f4a_7c15,
        }
    }

    /// A book-length source: one source of 1 MB with 10,000 quotes.
    pub fn one_book() -> Self {
        Self {
            sources: 1,
            source_bytes: 1024 * 1024,
            quotes: 10_000,
            claims: 2_500,
            seed: 0x2545_f491_4f6c_dd1d,
        }
    }
}

/// A generated project, in memory.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The model.
    pub project: Project,
    /// Its source texts.
    pub texts: Snapshots,
    /// The paragraphs of each source's text, in source order, for revising.
    pub paragraphs: Vec<Vec<String>>,
}

impl Generated {
    /// Saves the project into `dir` (created if needed).
    pub fn save(&self, dir: &Path) -> Result<String, SaveError> {
        store::save(dir, &self.project, &self.texts)
    }
}

/// Generates a project of this shape.
pub fn generate(shape: &Shape) -> Generated {
    let mut rng = Rng::new(shape.seed);
    // IDs from a generator of their own, so that the texts and quotes are
    // the same whatever the IDs.
    let mut keys = Rng::new(shape.seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut taken = std::collections::HashSet::new();
    let mut project = Project::new(format!(
        "Generated: {} sources, {} quotes, {} claims",
        shape.sources, shape.quotes, shape.claims
    ));
    let mut texts = Snapshots::default();
    let mut all_paragraphs = Vec::new();
    // Quotes of each source, to cite from.
    let mut by_source: Vec<Vec<QuoteId>> = Vec::new();
    for s in 0..shape.sources {
        let id = SourceId::numbered(s as u32 + 1);
        let paragraphs = paragraphs(shape.source_bytes, &format!("{id}."));
        let text = paragraphs.join("\n");
        let sha = texts.insert(&text);
        let source_text = texts.get(&sha).expect("just inserted").clone();
        project.sources.push(Source {
            name: format!("Wire {}", s + 1),
            added: format!("2024-12-01T{:02}:{:02}:00Z", s / 60 % 24, s % 60),
            original: None,
            id: id.clone(),
            file: store::snapshot_path(&id, &sha),
            sha256: sha,
            citation: Citation {
                title: format!("Report {} on the protests", s + 1),
                publisher: format!("Wire service {}", s % 7 + 1),
                author: String::new(),
                url: format!("https://news.example/{}", s + 1),
                published: format!("2024-11-{:02}", s % 28 + 1),
                retrieved: String::new(),
            },
            previous: Vec::new(),
        });
        let words = word_starts(&source_text);
        let count = shape.quotes / shape.sources.max(1)
            + usize::from(s < shape.quotes % shape.sources.max(1));
        let mut quotes = Vec::with_capacity(count);
        for _ in 0..count {
            if words.len() < 20 {
                break;
            }
            let first = rng.below(words.len() - 20);
            let last = first + 4 + rng.below(12);
            let (start, end) = (words[first], words[last] - 1);
            let (prefix, suffix) = source_text.context(start..end);
            let quote = QuoteId(format!("q{}", key(&mut keys, &mut taken)));
            project.quotes.push(Quote {
                id: quote.clone(),
                source: id.clone(),
                start,
                end,
                text: source_text.slice(start..end).expect("in range").to_owned(),
                prefix,
                suffix,
                unresolved: None,
            });
            quotes.push(quote);
        }
        by_source.push(quotes);
        all_paragraphs.push(paragraphs);
    }
    project.sort_records();

    // Deal the quotes out to the claims, each claim taking from sources in
    // turn so that most cite more than one.
    let per_claim = (shape.quotes / shape.claims.max(1)).max(1);
    let mut cursor = vec![0usize; by_source.len()];
    let mut next_source = 0;
    let mut claim_number = 0u32;
    let mut paragraph = Vec::new();
    for c in 0..shape.claims {
        claim_number += 1;
        let mut claim = Claim::new(
            ClaimId(format!("c{}", key(&mut keys, &mut taken))),
            format!("Claim {claim_number}: the protesters marched on the capital."),
        );
        for k in 0..per_claim {
            if by_source.is_empty() {
                break;
            }
            let s = (next_source + k) % by_source.len();
            let Some(quote) = by_source[s].get(cursor[s]) else {
                continue;
            };
            cursor[s] += 1;
            let stance = match rng.below(10) {
                0 => Stance::Contradicts,
                1 => Stance::Context,
                _ => Stance::Supports,
            };
            if claim.evidence_for(quote).is_none() {
                claim.evidence.push(Evidence {
                    quote: quote.clone(),
                    stance,
                    note: String::new(),
                });
            }
        }
        next_source = (next_source + per_claim) % by_source.len().max(1);
        paragraph.push(claim);
        if paragraph.len() == 10 || c + 1 == shape.claims {
            project.paragraphs.push(std::mem::take(&mut paragraph));
        }
    }
    project.renumber_positions();
    Generated {
        project,
        texts,
        paragraphs: all_paragraphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Shape {
        Shape {
            sources: 3,
            source_bytes: 4_000,
            quotes: 60,
            claims: 15,
            seed: 7,
        }
    }

    #[test]
    fn a_generated_project_has_its_shape_and_loads_without_findings() {
        let generated = generate(&small());
        let project = &generated.project;
        assert_eq!(project.sources.len(), 3);
        assert_eq!(project.quotes.len(), 60);
        assert_eq!(project.claims().count(), 15);
        assert!(
            project.claims().all(|(_, c)| c.evidence.len() == 4
                && c.evidence
                    .iter()
                    .any(|e| { project.quote(&e.quote).unwrap().source != project.sources[0].id })),
            "every claim cites four quotes, not all from one source"
        );
        let dir = tempfile::tempdir().unwrap();
        generated.save(dir.path()).unwrap();
        let loaded = store::load(dir.path()).unwrap();
        assert!(loaded.findings.is_empty(), "{:?}", loaded.findings);
        assert_eq!(loaded.project, generated.project);
    }

    #[test]
    fn the_same_shape_gives_the_same_project() {
        assert_eq!(generate(&small()).project, generate(&small()).project);
        let other = Shape { seed: 8, ..small() };
        assert_ne!(generate(&small()).project, generate(&other).project);
    }

    #[test]
    fn paragraphs_are_unique_and_revising_touches_about_the_share_asked() {
        let paragraphs = paragraphs(200_000, "t");
        let unique: std::collections::HashSet<_> = paragraphs.iter().collect();
        assert_eq!(unique.len(), paragraphs.len());
        let (revised, touched) = revise(&paragraphs, 0.01, &mut Rng::new(3));
        assert!((2_000..3_000).contains(&touched), "{touched}");
        assert_ne!(revised, paragraphs);
    }
}
