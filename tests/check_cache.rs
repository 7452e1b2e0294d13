//! The check kept between runs (`check::Cache`) gives the report a fresh
//! check gives, after any sequence of edits: claim texts with and without
//! figures, stances, evidence removed and added, sources renamed, the
//! minimum of sources changed, links marked independent, quotes damaged —
//! while checking again only the claims an edit touched.

#[path = "common/synthetic.rs"]
mod synthetic;

use attest::check::{self, Cache, SnapshotProblems};
use attest::model::{Evidence, LinkKind, SourceLink, Stance};
use attest::project::command::{Command, apply};
use proptest::prelude::*;
use synthetic::Shape;

fn shape() -> Shape {
    Shape {
        sources: 6,
        source_bytes: 3_000,
        quotes: 80,
        claims: 24,
        seed: 7,
    }
}

const TEXTS: [&str; 5] = [
    "Six people died in the clashes.",
    "Officials said 5 died on 26 November.",
    "Thousands marched.",
    "The march was peaceful.",
    "Dozens were hurt, including two reporters.",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("ATTEST_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
    ))]
    #[test]
    fn a_cached_check_reports_what_a_fresh_one_does(
        ops in proptest::collection::vec((0u8..8, 0usize..1000, 0usize..5), 1..25)
    ) {
        let generated = synthetic::generate(&shape());
        let (mut project, mut texts) = (generated.project, generated.texts);
        let problems = SnapshotProblems::new();
        let place = |_: &str| String::new();
        let mut cache = Cache::default();
        let first = check::run_cached(&project, &texts, &problems, &place, &mut cache);
        prop_assert_eq!(&first, &check::run(&project, &texts, &problems));
        for (kind, n, t) in ops {
            let claims: Vec<_> = project.claims().map(|(_, c)| c.clone()).collect();
            let claim = &claims[n % claims.len()];
            let quote = &project.quotes[n % project.quotes.len()];
            let source = &project.sources[n % project.sources.len()];
            let command = match kind {
                0 => Command::EditClaim { id: claim.id.clone(), text: TEXTS[t].into() },
                1 if !claim.evidence.is_empty() => Command::SetStance {
                    claim: claim.id.clone(),
                    quote: claim.evidence[t % claim.evidence.len()].quote.clone(),
                    stance: Stance::ALL[t % 3],
                },
                2 if !claim.evidence.is_empty() => Command::RemoveEvidence {
                    claim: claim.id.clone(),
                    quote: claim.evidence[t % claim.evidence.len()].quote.clone(),
                },
                3 if claim.evidence_for(&quote.id).is_none() => Command::AddEvidence {
                    claim: claim.id.clone(),
                    index: 0,
                    evidence: Evidence { quote: quote.id.clone(), stance: Stance::Supports, note: String::new() },
                },
                4 => Command::EditCitation {
                    source: source.id.clone(),
                    citation: source.citation.clone(),
                    name: format!("Wire {n}"),
                },
                5 => Command::SetSettings {
                    settings: attest::model::Settings { min_sources: 1 + (t as u32 % 3) },
                },
                6 => {
                    let other = &project.sources[(n + 1) % project.sources.len()];
                    if other.id == source.id {
                        continue;
                    }
                    let (a, b) = if source.id.sort_key() < other.id.sort_key() {
                        (source.id.clone(), other.id.clone())
                    } else {
                        (other.id.clone(), source.id.clone())
                    };
                    let link = SourceLink {
                        a,
                        b,
                        kind: LinkKind::SharedText,
                        share: 50,
                        longest: 80,
                        independent: (t % 2 == 0).then(|| "reported apart".to_owned()),
                    };
                    Command::SetLinks { source: source.id.clone(), links: vec![link] }
                }
                7 => {
                    // A quote that no longer matches its text.
                    let mut damaged = quote.clone();
                    damaged.text = damaged.text.to_uppercase();
                    let at = n % project.quotes.len();
                    project.quotes[at] = damaged;
                    let fresh = check::run(&project, &texts, &problems);
                    let cached = check::run_cached(&project, &texts, &problems, &place, &mut cache);
                    prop_assert_eq!(cached, fresh);
                    continue;
                }
                _ => continue,
            };
            if apply(&mut project, &mut texts, command).is_err() {
                continue;
            }
            let fresh = check::run(&project, &texts, &problems);
            let cached = check::run_cached(&project, &texts, &problems, &place, &mut cache);
            prop_assert_eq!(cached, fresh);
        }
    }
}

#[test]
fn an_edit_of_one_claim_checks_that_claim_alone() {
    let generated = synthetic::generate(&shape());
    let (mut project, mut texts) = (generated.project, generated.texts);
    let problems = SnapshotProblems::new();
    let place = |_: &str| String::new();
    let mut cache = Cache::default();
    check::run_cached(&project, &texts, &problems, &place, &mut cache);
    assert_eq!(
        cache.checked,
        project.claims().count(),
        "the first run checks all"
    );
    check::run_cached(&project, &texts, &problems, &place, &mut cache);
    assert_eq!(cache.checked, 0, "nothing changed, nothing checked");
    let id = project.claims().nth(3).unwrap().1.id.clone();
    apply(
        &mut project,
        &mut texts,
        Command::EditClaim {
            id,
            text: "Six people died.".into(),
        },
    )
    .unwrap();
    let report = check::run_cached(&project, &texts, &problems, &place, &mut cache);
    assert_eq!(cache.checked, 1);
    assert_eq!(report, check::run(&project, &texts, &problems));
    apply(
        &mut project,
        &mut texts,
        Command::SetSettings {
            settings: attest::model::Settings { min_sources: 3 },
        },
    )
    .unwrap();
    check::run_cached(&project, &texts, &problems, &place, &mut cache);
    assert_eq!(
        cache.checked,
        project.claims().count(),
        "a setting every claim is checked against checks them all"
    );
}
