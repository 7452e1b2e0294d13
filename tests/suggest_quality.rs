//! How well evidence suggestions find the passages that back a claim.
//!
//! Twenty claims paraphrased from the sample project's two reports (other
//! words than the sources use: "reporters were hurt" for "journalists were
//! injured"), each with the passages that back or dispute it, ranked among
//! the two reports and seven State of the Union addresses as distractors.
//!
//! `cargo test --release --test suggest_quality -- --nocapture` prints
//! recall@5 and MRR; the test fails if either drops below the floor.

use std::ops::Range;

use attest::evidence::Index;
use attest::model::SourceId;
use attest::text::anchor::SourceText;

const REPORT_A: &str = include_str!("../assets/seeds/000_2ad3952750dd1f93.txt");
const REPORT_B: &str = include_str!("../assets/seeds/004_6dd02dcd122a951c.txt");

const DISTRACTORS: [(&str, &str); 7] = [
    (
        "sotu-2002",
        include_str!("data/distractors/sotu-2002_george_w_bush_r.txt"),
    ),
    (
        "sotu-2003",
        include_str!("data/distractors/sotu-2003_george_w_bush_r.txt"),
    ),
    (
        "sotu-2006",
        include_str!("data/distractors/sotu-2006_george_w_bush_r.txt"),
    ),
    (
        "sotu-2007",
        include_str!("data/distractors/sotu-2007_george_w_bush_r.txt"),
    ),
    (
        "sotu-2011",
        include_str!("data/distractors/sotu-2011_barack_obama_d.txt"),
    ),
    (
        "sotu-2016",
        include_str!("data/distractors/sotu-2016_barack_obama_d.txt"),
    ),
    (
        "sotu-2019",
        include_str!("data/distractors/sotu-2019_donald_j_trump_r.txt"),
    ),
];

/// A paraphrased claim and, for each passage that bears on it, the source
/// and a piece of the passage's text.
const CLAIMS: [(&str, &[(&str, &str)]); 20] = [
    (
        "Reporters were among the dozens hurt.",
        &[("b", "Dozens were injured, including journalists")],
    ),
    (
        "Officials put the death toll at six, four of them from the security services.",
        &[
            ("a", "Government authorities said six people"),
            ("b", "resulted in five deaths"),
        ],
    ),
    (
        "The authorities cut off phone and web access to hamper the marchers' organising.",
        &[("b", "shut down internet and mobile communications")],
    ),
    (
        "To stop the marchers, officials stacked freight containers into barriers across the roads.",
        &[
            ("a", "erected huge walls of shipping containers"),
            ("b", "broke through barriers of shipping containers"),
            (
                "a",
                "pushed their way through the shipping container defense ring",
            ),
        ],
    ),
    (
        "The Belarusian leader's trip was eclipsed by the unrest.",
        &[
            ("a", "whose two-day tour was overshadowed by the violence"),
            (
                "b",
                "coincided with an official visit by Belarusian President",
            ),
            ("b", "Lukashenko's visit drew international attention"),
        ],
    ),
    (
        "Khan's wife was unhurt and was moved somewhere secure.",
        &[
            (
                "a",
                "she was not injured and had been taken to a safe place",
            ),
            ("a", "she was evacuated by party workers"),
        ],
    ),
    (
        "Khan's party alleged that troops shot live ammunition and that hundreds were killed.",
        &[("a", "a massacre had taken place")],
    ),
    (
        "The interior minister announced that every road was open again and the crowds had been scattered.",
        &[(
            "a",
            "All roads have reopened and protesters have been dispersed",
        )],
    ),
    (
        "Khan, a former cricket star aged 72, led the government between 2018 and 2022.",
        &[("a", "The former star cricketer, 72")],
    ),
    (
        "He says the generals engineered his removal with Washington's backing.",
        &[("a", "He claimed his ouster was orchestrated")],
    ),
    (
        "Pakistan and Belarus agreed a partnership deal running until 2027.",
        &[("b", "signed a partnership agreement until 2027")],
    ),
    (
        "Police responded with tear gas and warning fire, yet thousands kept coming.",
        &[
            ("b", "Police used tear gas and warning shots"),
            ("a", "slingshots and tear gas"),
        ],
    ),
    (
        "Lawmakers rushed through a constitutional change letting parliament pick the top judge.",
        &[("a", "hastily passed the 26th Amendment")],
    ),
    (
        "Candidates backed by Khan had to stand as independents and won the most seats but not a majority.",
        &[
            ("a", "forced to run independently"),
            ("a", "They still won most of the seats in Parliament"),
        ],
    ),
    (
        "Article 245 was used so that the army could be called in to keep order.",
        &[("a", "invoked Article 245 of the constitution")],
    ),
    (
        "Ottawa widened its sanctions on Minsk, naming the president's youngest son.",
        &[
            ("b", "Canada tightened sanctions against Belarus"),
            ("b", "The updated list included Lukashenko's youngest son"),
        ],
    ),
    (
        "Poland stopped all lorry crossings at its final border post with Belarus.",
        &[("b", "Poland completely halted truck traffic")],
    ),
    (
        "He has been handed several prison terms, to run at the same time.",
        &[("a", "to be served concurrently under Pakistani law")],
    ),
    (
        "Protesters carrying the party's flags smashed through the container barricade around the government quarter.",
        &[("b", "Protesters waving flags of the")],
    ),
    (
        "Late at night the security forces cracked down hard and drove the crowds out of D-Chowk.",
        &[(
            "a",
            "the forces launched a brutal crackdown late in the night",
        )],
    ),
];

/// What the ranking reaches today (recall@5 0.725, MRR 0.756); a change
/// that ranks worse fails here. Raise them when the ranking gets better.
const RECALL_AT_5_FLOOR: f64 = 0.72;
const MRR_FLOOR: f64 = 0.75;

fn char_range(text: &str, piece: &str) -> Range<usize> {
    let at = text
        .find(piece)
        .unwrap_or_else(|| panic!("{piece:?} is not in its source"));
    let start = text[..at].chars().count();
    start..start + piece.chars().count()
}

#[test]
fn suggestions_find_paraphrased_evidence() {
    let mut sources = vec![
        (SourceId::from("a"), SourceText::new(REPORT_A)),
        (SourceId::from("b"), SourceText::new(REPORT_B)),
    ];
    for (id, text) in DISTRACTORS {
        sources.push((SourceId::from(id), SourceText::new(text)));
    }
    let index = Index::build(&sources);
    let mut recall_sum = 0.0;
    let mut rr_sum = 0.0;
    for (claim, relevant) in CLAIMS {
        let wanted: Vec<(SourceId, Range<usize>)> = relevant
            .iter()
            .map(|(source, piece)| {
                let text = if *source == "a" { REPORT_A } else { REPORT_B };
                (SourceId::from(*source), char_range(text, piece))
            })
            .collect();
        let found = index.suggest_text(claim, 20).expect("the claim has words");
        let is_relevant = |s: &attest::evidence::Suggestion| {
            wanted
                .iter()
                .position(|(src, r)| *src == s.source && r.start < s.end && s.start < r.end)
        };
        let mut hit = vec![false; wanted.len()];
        for s in found.iter().take(5) {
            if let Some(i) = is_relevant(s) {
                hit[i] = true;
            }
        }
        let recall = hit.iter().filter(|h| **h).count() as f64 / wanted.len() as f64;
        let first = found.iter().position(|s| is_relevant(s).is_some());
        let rr = first.map_or(0.0, |r| 1.0 / (r + 1) as f64);
        println!(
            "recall@5 {recall:.2}  first relevant at {:>4}  {claim}",
            first.map_or("none".to_owned(), |r| (r + 1).to_string())
        );
        recall_sum += recall;
        rr_sum += rr;
    }
    let n = CLAIMS.len() as f64;
    let (recall, mrr) = (recall_sum / n, rr_sum / n);
    println!(
        "\n{} claims, {} sources ({} passages): recall@5 {recall:.3}, MRR {mrr:.3}",
        CLAIMS.len(),
        index.source_count(),
        index.passage_count()
    );
    assert!(recall >= RECALL_AT_5_FLOOR, "recall@5 fell to {recall:.3}");
    assert!(mrr >= MRR_FLOOR, "MRR fell to {mrr:.3}");
}

#[test]
fn the_contradicting_report_is_labelled() {
    let sources = [
        (SourceId::from("a"), SourceText::new(REPORT_A)),
        (SourceId::from("b"), SourceText::new(REPORT_B)),
    ];
    let index = Index::build(&sources);
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
