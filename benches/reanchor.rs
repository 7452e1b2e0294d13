//! Re-anchoring 10,000 quotes in a 1 MB source after a revision that touches
//! about 1% of it, against a naive baseline that searches every quote's text
//! again in the new version (with its context to choose between repeats).
//!
//! ```text
//! cargo bench --bench reanchor
//! ```

use std::time::{Duration, Instant};

use attest::text::anchor::{Located, SourceText, locate};
use attest::text::reanchor::Revision;
#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use synthetic::{Rng, paragraphs, revise, word_starts};

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let old_paragraphs = paragraphs(1024 * 1024, "");
    let (new_paragraphs, touched) = revise(&old_paragraphs, 0.01, &mut rng);
    let old = SourceText::new(old_paragraphs.join("\n"));
    let new = SourceText::new(new_paragraphs.join("\n"));
    let count = if quick { 500 } else { 10_000 };

    // Quotes: runs of 4 to 16 words starting at word boundaries.
    let words = word_starts(&old);
    let quotes: Vec<(usize, usize, String, String)> = (0..count)
        .map(|_| {
            let first = rng.below(words.len() - 20);
            let last = first + 4 + rng.below(12);
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
