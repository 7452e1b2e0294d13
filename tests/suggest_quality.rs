//! How well evidence suggestions find the passages that back a claim.
//!
//! 88 claims paraphrased from ten real sources (other words than the
//! sources use: "reporters were hurt" for "journalists were injured"), each
//! with the passages that back or dispute it, ranked among those sources and
//! 50 State of the Union addresses as distractors
//! (`tests/data/evidence/`, see its README). Claims at even places in
//! `claims.txt` are the development half, on which the mix of words and
//! meaning was chosen; the odd ones are held out and only reported on.
//!
//! `cargo test --release --test suggest_quality -- --nocapture` prints
//! recall@1, recall@5 and MRR for words alone (BM25), meaning alone and the
//! mix, on both halves, and the development half's figures for other
//! mixes. recall@k is the share of a claim's gold passages among the first
//! k suggestions (out of at most k), averaged over the claims.

use std::ops::Range;
use std::path::Path;

use attest::evidence::{Index, Ranking, Suggestion, TOKEN_BY_TOKEN_WEIGHT, WORDS_WEIGHT, passages};
use attest::model::SourceId;
use attest::text::anchor::SourceText;
use bm25::{DefaultTokenizer, Language, Tokenizer as _};

const REPORT_A: &str = include_str!("../assets/seeds/000_2ad3952750dd1f93.txt");
const REPORT_B: &str = include_str!("../assets/seeds/004_6dd02dcd122a951c.txt");

/// What the mix reaches on the held-out half today (recall@5 0.496, MRR
/// 0.460, against 0.284 and 0.303 for words alone); a change that ranks
/// worse fails here. The aim is recall@5 0.90, 0.15 above words alone: the
/// second holds, the first is out of reach of a static model of word
/// pieces on these claims (the sentence model the vectors are made from,
/// run whole on every passage, reaches about 0.56).
const HELD_OUT_RECALL_AT_5: f64 = 0.48;
const GAIN_OVER_WORDS: f64 = 0.15;
const MRR_GAIN_OVER_WORDS: f64 = 0.10;

struct Claim {
    text: String,
    /// Each gold passage: its source and its chars in that source.
    gold: Vec<(SourceId, Range<usize>)>,
    held_out: bool,
}

fn data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/evidence"))
}

/// Every source: the ten the claims come from, then the distractors.
fn corpus() -> Vec<(SourceId, SourceText)> {
    let mut sources = vec![
        (SourceId::from("report-a"), SourceText::new(REPORT_A)),
        (SourceId::from("report-b"), SourceText::new(REPORT_B)),
    ];
    for dir in ["sources", "distractors"] {
        let mut files: Vec<_> = std::fs::read_dir(data().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_str().unwrap();
            let text = std::fs::read_to_string(&file).unwrap();
            sources.push((SourceId::from(stem), SourceText::new(text)));
        }
    }
    sources
}

/// The passage of `text` that holds `piece`.
fn passage_of(text: &str, piece: &str) -> Range<usize> {
    let at = text
        .find(piece)
        .unwrap_or_else(|| panic!("{piece:?} is not in its source"));
    let start = text[..at].chars().count();
    start..start + piece.chars().count()
}

fn claims(sources: &[(SourceId, SourceText)]) -> Vec<Claim> {
    let listed = std::fs::read_to_string(data().join("claims.txt")).unwrap();
    let mut claims: Vec<Claim> = Vec::new();
    for line in listed.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("claim:") {
            let held_out = claims.len() % 2 == 1;
            claims.push(Claim {
                text: text.trim().to_owned(),
                gold: Vec::new(),
                held_out,
            });
        } else if let Some(gold) = line.strip_prefix("gold:") {
            let (source, piece) = gold.split_once('|').expect("gold: SOURCE | PIECE");
            let id = SourceId::from(source.trim());
            let (_, text) = sources
                .iter()
                .find(|(s, _)| *s == id)
                .unwrap_or_else(|| panic!("no source {id}"));
            let claim = claims.last_mut().expect("a gold line follows its claim");
            claim
                .gold
                .push((id, passage_of(text.as_str(), piece.trim())));
        }
    }
    claims
}

#[derive(Default)]
struct Scores {
    recall_1: f64,
    recall_5: f64,
    mrr: f64,
    /// Of the first five suggestions: how many are labelled "similar
    /// meaning", and how many of those are gold.
    similar: (usize, usize),
}

fn measure<'a>(
    index: &Index,
    claims: impl Iterator<Item = &'a Claim>,
    ranking: Ranking,
    verbose: bool,
) -> Scores {
    let (mut scores, mut n) = (Scores::default(), 0.0);
    for claim in claims {
        let found = index.suggest_ranked(&claim.text, 20, ranking).unwrap();
        let gold_of = |s: &Suggestion| {
            claim
                .gold
                .iter()
                .position(|(src, r)| *src == s.source && r.start < s.end && s.start < r.end)
        };
        let recall = |k: usize| {
            let mut hit = vec![false; claim.gold.len()];
            for i in found.iter().take(k).filter_map(gold_of) {
                hit[i] = true;
            }
            hit.iter().filter(|h| **h).count() as f64 / claim.gold.len().min(k) as f64
        };
        let first = found.iter().position(|s| gold_of(s).is_some());
        for s in found.iter().take(5).filter(|s| s.similar_meaning) {
            scores.similar.0 += 1;
            scores.similar.1 += usize::from(gold_of(s).is_some());
        }
        scores.recall_1 += recall(1);
        scores.recall_5 += recall(5);
        scores.mrr += first.map_or(0.0, |r| 1.0 / (r + 1) as f64);
        n += 1.0;
        if verbose {
            println!(
                "  recall@5 {:.2}  first gold at {:>4}  {}",
                recall(5),
                first.map_or("none".to_owned(), |r| (r + 1).to_string()),
                claim.text
            );
        }
    }
    Scores {
        recall_1: scores.recall_1 / n,
        recall_5: scores.recall_5 / n,
        mrr: scores.mrr / n,
        similar: scores.similar,
    }
}

#[test]
fn suggestions_find_paraphrased_evidence() {
    let sources = corpus();
    let claims = claims(&sources);
    let index = Index::build(&sources);
    assert!(
        index.has_meaning(),
        "this build has no meaning model (the cargo feature `meaning`)"
    );
    let half = |held_out: bool| claims.iter().filter(move |c| c.held_out == held_out);
    println!(
        "{} claims ({} held out), {} sources ({} passages)",
        claims.len(),
        half(true).count(),
        index.source_count(),
        index.passage_count()
    );
    println!("\nThe mix on the held-out half, claim by claim:");
    measure(&index, half(true), Ranking::Both, true);
    println!(
        "\n{:<26} {:>9} {:>9} {:>6}",
        "", "recall@1", "recall@5", "MRR"
    );
    let mut table = Vec::new();
    for (name, ranking) in [
        ("words (BM25)", Ranking::Words),
        ("meaning", Ranking::Meaning),
        ("mix", Ranking::Both),
    ] {
        for (split, held_out) in [("development", false), ("held out", true)] {
            let s = measure(&index, half(held_out), ranking, false);
            println!(
                "{:<26} {:>9.3} {:>9.3} {:>6.3}",
                format!("{name}, {split}"),
                s.recall_1,
                s.recall_5,
                s.mrr
            );
            table.push((ranking, held_out, s));
        }
    }
    println!(
        "\nOther mixes on the development half (the words' share, and token by token's share of \
         meaning; {WORDS_WEIGHT} and {TOKEN_BY_TOKEN_WEIGHT} are used):"
    );
    for words in [0.05, 0.1, 0.2, 0.3] {
        for token_by_token in [0.0, 0.3, 0.5, 0.7, 0.9] {
            let ranking = Ranking::Weighted {
                words,
                token_by_token,
            };
            let s = measure(&index, half(false), ranking, false);
            println!(
                "  {words:.2} {token_by_token:.1}: recall@1 {:.3}, recall@5 {:.3}, MRR {:.3}",
                s.recall_1, s.recall_5, s.mrr
            );
        }
    }
    for (ranking, held_out, s) in &table {
        if *ranking == Ranking::Both {
            println!(
                "The mix labels {} of its first five suggestions \"similar meaning\" on the {} half \
                 ({} of them gold).",
                s.similar.0,
                if *held_out { "held-out" } else { "development" },
                s.similar.1
            );
        }
    }
    let held_out = |ranking: Ranking| {
        table
            .iter()
            .find(|(r, h, _)| *r == ranking && *h)
            .map(|(_, _, s)| s)
            .unwrap()
    };
    let (mix, words) = (held_out(Ranking::Both), held_out(Ranking::Words));
    assert!(
        mix.recall_5 >= HELD_OUT_RECALL_AT_5,
        "the mix's held-out recall@5 fell to {:.3}",
        mix.recall_5
    );
    assert!(
        mix.recall_5 >= words.recall_5 + GAIN_OVER_WORDS
            && mix.mrr >= words.mrr + MRR_GAIN_OVER_WORDS,
        "the mix (recall@5 {:.3}, MRR {:.3}) is no longer ahead of words alone ({:.3}, {:.3})",
        mix.recall_5,
        mix.mrr,
        words.recall_5,
        words.mrr
    );
}

/// Half the claims are paraphrases in earnest: they share at most one
/// content word (stemmed, common words left out) with every gold passage.
#[test]
fn half_the_claims_share_at_most_one_word_with_their_evidence() {
    let sources = corpus();
    let claims = claims(&sources);
    let tokenizer = DefaultTokenizer::new(Language::English);
    let words = |text: &str| {
        let mut t = tokenizer.tokenize(text);
        t.sort();
        t.dedup();
        t
    };
    let paraphrased = claims
        .iter()
        .filter(|claim| {
            let mine = words(&claim.text);
            claim.gold.iter().all(|(id, piece)| {
                let text = &sources.iter().find(|(s, _)| s == id).unwrap().1;
                let whole = text.as_str();
                // The whole passage the piece is in, as the index cuts it.
                let passage = passages(whole)
                    .into_iter()
                    .map(|bytes| {
                        let start = whole[..bytes.start].chars().count();
                        start..start + whole[bytes].chars().count()
                    })
                    .find(|p| p.start <= piece.start && piece.start < p.end)
                    .expect("the piece is in a passage");
                let theirs = words(text.slice(passage).unwrap());
                mine.iter().filter(|w| theirs.contains(w)).count() <= 1
            })
        })
        .count();
    println!(
        "{paraphrased} of {} claims share at most one content word with each gold passage",
        claims.len()
    );
    assert!(
        paraphrased * 2 >= claims.len(),
        "only {paraphrased} of {} claims are paraphrased that far",
        claims.len()
    );
}

/// The index of the sample's two reports alone.
fn the_two_reports() -> Index {
    Index::build(&[
        (SourceId::from("a"), SourceText::new(REPORT_A)),
        (SourceId::from("b"), SourceText::new(REPORT_B)),
    ])
}

/// The texts of the suggestions labelled "similar meaning".
fn labelled(found: &[Suggestion]) -> Vec<&str> {
    found
        .iter()
        .filter(|s| s.similar_meaning)
        .map(|s| s.text.as_str())
        .collect()
}

/// "Similar meaning" is said of a passage that stands out in meaning, not
/// of the best of a poor lot: the second report says nothing of deaths
/// among the security forces, and its passages are not called another way
/// of saying so, while "journalists" is another way of saying "reporters".
#[test]
fn similar_meaning_is_said_only_of_a_passage_that_stands_out() {
    let index = the_two_reports();
    let suggest = |claim: &str| index.suggest_ranked(claim, 8, Ranking::Both).unwrap();
    let found = suggest("Reporters were among the people hurt.");
    assert!(found[0].text.contains("journalists"), "{found:#?}");
    assert!(found[0].similar_meaning);
    assert_eq!(labelled(&found[1..]), Vec::<&str>::new());
    let found = suggest(
        "Six people died in the clashes, including four members of the security forces, \
         according to government authorities.",
    );
    assert!(
        found.iter().any(|s| s.text.contains("tear gas")),
        "{found:#?}"
    );
    assert_eq!(labelled(&found), Vec::<&str>::new());
}

#[test]
fn the_contradicting_report_is_labelled() {
    let index = the_two_reports();
    let found = index
        .suggest_text(
            "Six people died in the clashes, including four members of the security forces.",
            5,
        )
        .unwrap();
    let five = found
        .iter()
        .find(|s| s.text.contains("five deaths"))
        .expect("the other report's toll is suggested");
    assert_eq!(
        five.label().as_deref(),
        Some("possibly contradicting: says “five” where the claim says “Six”")
    );
    let six = found
        .iter()
        .find(|s| s.text.contains("said six people"))
        .expect("the backing passage is suggested");
    assert_eq!(six.different_number, None);
    assert!(found[0].text.contains("said six people"), "{found:#?}");
}
