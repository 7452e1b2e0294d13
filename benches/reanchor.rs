//! Re-anchoring 10,000 quotes in a 1 MB source after a revision that touches
//! about 1% of it, against a naive baseline that searches every quote's text
//! again in the new version (with its context to choose between repeats).
//!
//! ```text
//! cargo bench --bench reanchor
//! ```

use std::time::{Duration, Instant};

use attest::anchor::{Located, SourceText, locate};
use attest::reanchor::Revision;

const SEEDS: [&str; 2] = [
    include_str!("../assets/seeds/000_2ad3952750dd1f93.txt"),
    include_str!("../assets/seeds/004_6dd02dcd122a951c.txt"),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

/// Unique paragraphs of real article text, about `bytes` long.
fn paragraphs(bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut size = 0;
    let mut copy = 0;
    while size < bytes {
        copy += 1;
        for (s, seed) in SEEDS.iter().enumerate() {
            for (p, line) in seed.lines().enumerate() {
                let paragraph = format!("[{copy}.{s}.{p}] {line}");
                size += paragraph.len() + 1;
                out.push(paragraph);
            }
        }
    }
    out
}

/// Edits about `share` of the text: words replaced, sentences inserted and
/// deleted inside paragraphs, and a few paragraphs moved.
fn revise(paragraphs: &[String], share: f64, rng: &mut Rng) -> (Vec<String>, usize) {
    let mut out = paragraphs.to_vec();
    let total: usize = paragraphs.iter().map(|p| p.len() + 1).sum();
    let budget = (total as f64 * share) as usize;
    let mut touched = 0;
    while touched < budget {
        let i = rng.next() % out.len();
        let words: Vec<&str> = out[i].split(' ').collect();
        if words.len() < 4 {
            continue;
        }
        let at = rng.next() % words.len();
        let edited = match rng.next() % 4 {
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
                let to = rng.next() % out.len();
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

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let old_paragraphs = paragraphs(1024 * 1024);
    let (new_paragraphs, touched) = revise(&old_paragraphs, 0.01, &mut rng);
    let old = SourceText::new(old_paragraphs.join("\n"));
    let new = SourceText::new(new_paragraphs.join("\n"));
    let count = if quick { 500 } else { 10_000 };

    // Quotes: runs of 4 to 16 words starting at word boundaries.
    let words: Vec<usize> = std::iter::once(0)
        .chain(
            old.as_str()
                .char_indices()
                .filter(|(_, c)| *c == ' ' || *c == '\n')
                .map(|(b, _)| old.char_of(b) + 1),
        )
        .collect();
    let quotes: Vec<(usize, usize, String, String)> = (0..count)
        .map(|_| {
            let first = rng.next() % (words.len() - 20);
            let last = first + 4 + rng.next() % 12;
            let (start, end) = (words[first], words[last] - 1);
            let (prefix, suffix) = old.context(start..end);
            (start, end, prefix, suffix)
        })
        .collect();

    let started = Instant::now();
    let revision = Revision::new(&old, &new);
    let diff_time = started.elapsed();
    let mut statuses = std::collections::BTreeMap::new();
    for (start, end, prefix, suffix) in &quotes {
        let outcome = revision.map_span(*start, *end, prefix, suffix);
        *statuses.entry(outcome.status()).or_insert(0) += 1;
    }
    let attest_time = started.elapsed();

    let started = Instant::now();
    let mut found = 0;
    for (start, end, prefix, suffix) in &quotes {
        let text = old.slice(*start..*end).unwrap_or_default();
        if matches!(locate(&new, text, prefix, suffix), Located::Unique(_)) {
            found += 1;
        }
    }
    let naive_time = started.elapsed();

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "Re-anchoring {count} quotes in a {:.2} MB source after a revision touching {:.1}% of it (release build):",
        old.as_str().len() as f64 / 1_048_576.0,
        100.0 * touched as f64 / old.as_str().len() as f64
    );
    println!(
        "  Attest (diff + mapping):          {:>8.1} ms   (diff {:.1} ms, mapping {:.1} ms)",
        ms(attest_time),
        ms(diff_time),
        ms(attest_time - diff_time)
    );
    println!(
        "  naive baseline (search each text): {:>8.1} ms   ({found} found once with context)",
        ms(naive_time)
    );
    println!("  outcomes: {statuses:?}");
}
