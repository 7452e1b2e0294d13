//! The sample project, rebuilt end to end through the command line by
//! `scripts/build-sample.sh`, must equal the committed
//! `projects/islamabad-protests/` byte for byte, and must tell the story the
//! two sources tell, conflicts included.

mod common;

use std::fs;
use std::process::Command;

use attest::model::{SourceId, Stance};
use attest::project::document::Document;
use common::repo;

#[test]
fn build_script_reproduces_the_committed_sample() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("islamabad-protests");
    let status = Command::new(repo().join("scripts/build-sample.sh"))
        .arg(&dir)
        .env("ATTEST", env!("CARGO_BIN_EXE_attest"))
        .output()
        .expect("the build script runs");
    assert!(
        status.status.success(),
        "build-sample.sh failed:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let committed = repo().join("projects/islamabad-protests");
    assert_eq!(
        fs::read_to_string(dir.join("project.ron")).unwrap(),
        fs::read_to_string(committed.join("project.ron")).unwrap(),
        "projects/islamabad-protests is stale: rebuild it with scripts/build-sample.sh"
    );
    let names = |d: &std::path::Path| {
        let mut v: Vec<_> = fs::read_dir(d.join("sources"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&dir), names(&committed));
    for name in names(&dir) {
        let path = std::path::Path::new("sources").join(&name);
        assert_eq!(
            fs::read(dir.join(&path)).unwrap(),
            fs::read(committed.join(&path)).unwrap()
        );
    }
}

#[test]
fn snapshots_are_the_seed_articles_verbatim() {
    let doc = Document::open(&repo().join("projects/islamabad-protests")).unwrap();
    assert!(doc.load_findings().is_empty(), "{:?}", doc.load_findings());
    for (source, seed) in [
        ("srf7ks07f", "000_2ad3952750dd1f93.txt"),
        ("sy9cxxzhg", "004_6dd02dcd122a951c.txt"),
    ] {
        let text = doc.text_of(&SourceId::from(source)).unwrap();
        let seed = fs::read_to_string(repo().join("assets/seeds").join(seed)).unwrap();
        assert_eq!(text.as_str(), seed);
    }
}

#[test]
fn summary_covers_the_story_and_shows_the_death_toll_conflict() {
    let doc = Document::open(&repo().join("projects/islamabad-protests")).unwrap();
    let project = doc.project();
    let claims: Vec<_> = project.claims().map(|(_, c)| c).collect();
    assert!((8..=12).contains(&claims.len()), "{} claims", claims.len());
    let all_text = claims
        .iter()
        .map(|c| c.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    for topic in [
        "marched",
        "release",
        "shipping containers",
        "tear gas",
        "died",
        "bushra bibi",
        "lukashenko",
        "internet",
    ] {
        assert!(all_text.contains(topic), "no claim mentions {topic:?}");
    }
    for claim in &claims {
        assert!(!claim.evidence.is_empty(), "{} has no evidence", claim.id);
    }

    let toll = claims
        .iter()
        .find(|c| c.text.contains("Six people died"))
        .expect("a death toll claim");
    let stance_of = |needle: &str| {
        toll.evidence
            .iter()
            .find(|e| project.quote(&e.quote).unwrap().text.contains(needle))
            .map(|e| (e.stance, project.quote(&e.quote).unwrap().source.clone()))
    };
    assert_eq!(
        stance_of("six people"),
        Some((Stance::Supports, SourceId::from("srf7ks07f")))
    );
    assert_eq!(
        stance_of("five deaths"),
        Some((Stance::Contradicts, SourceId::from("sy9cxxzhg")))
    );

    for source in &project.sources {
        assert!(!source.citation.title.is_empty());
        // The articles do not say who published them or when.
        assert!(source.citation.publisher.is_empty() && source.citation.published.is_empty());
    }
}
