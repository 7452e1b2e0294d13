//! Loading and saving a large project: 100,000 claims in 100 paragraphs
//! (about 13 MB of RON), against the baseline of parsing the same file with `ron`
//! alone, which is the least any loader must do. `store::load` adds the
//! checks of the structure (IDs, references, ranges) and of the snapshots.
//!
//! ```text
//! cargo bench --bench project_io
//! ```

#[path = "support/timing.rs"]
mod timing;

use timing::measure;

use attest::model::{Claim, ClaimId, Project};

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let (claims, runs) = if quick { (2_000, 3) } else { (100_000, 7) };
    let mut project = Project::new("Big");
    project.paragraphs = (0..100)
        .map(|p| {
            (1..=claims / 100)
                .map(|n| {
                    let id = (p * claims / 100 + n) as u32;
                    Claim::new(
                        ClaimId::numbered(id),
                        format!("Claim {id} says something about the protests in some words."),
                    )
                })
                .collect()
        })
        .collect();
    project.renumber_positions();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    attest::project::store::create(&dir, &project).unwrap();
    let text = std::fs::read_to_string(dir.join("project.ron")).unwrap();

    let baseline = measure(runs, || {
        let parsed: attest::project::store::ProjectFile =
            ron::from_str(&std::fs::read_to_string(dir.join("project.ron")).unwrap()).unwrap();
        assert_eq!(parsed.claims.len(), 100_000);
    });
    let load = measure(runs, || {
        let loaded = attest::project::store::load(&dir).unwrap();
        assert_eq!(loaded.project.paragraphs.len(), 100);
    });
    let doc_check = {
        let doc = attest::project::document::Document::open(&dir).unwrap();
        measure(runs, || {
            assert!(doc.check().blocks(false));
        })
    };
    let save = measure(runs, || {
        attest::project::store::save(
            &dir,
            &project,
            &attest::text::snapshot::Snapshots::default(),
        )
        .unwrap();
    });
    println!(
        "project_io: {claims} claims, {:.1} MB of RON, median of {runs} runs",
        text.len() as f64 / 1e6
    );
    println!("  baseline, ron parse alone:      {baseline:>10.1?}");
    println!("  store::load (parse + validate): {load:>10.1?}");
    println!("  provenance check:               {doc_check:>10.1?}");
    println!("  store::save (atomic, synced):   {save:>10.1?}");
}
