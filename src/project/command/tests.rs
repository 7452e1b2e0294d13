//! Every command undoes and redoes exactly; refusals change nothing.

use super::*;
use crate::model::{Citation, SourceId};

const TEXT: &str = "Six people died, officials said. Five died, another report said.";

/// A project with one source, one paragraph and one claim `c1`.
fn fixture() -> (Project, Snapshots) {
    let mut project = Project::new("Test");
    let mut texts = Snapshots::default();
    let sha = sha256_hex(TEXT.as_bytes());
    let add_source = Command::AddSource {
        original: None,
        source: Source {
            name: "Report".into(),
            added: String::new(),
            original: None,
            previous: Vec::new(),
            id: SourceId::numbered(1),
            file: format!("sources/s1-{}.txt", &sha[..12]),
            sha256: sha,
            citation: Citation {
                title: "Report".into(),
                ..Citation::default()
            },
        },
        text: TEXT.into(),
    };
    apply(&mut project, &mut texts, add_source).unwrap();
    apply(
        &mut project,
        &mut texts,
        Command::InsertParagraph { index: 0 },
    )
    .unwrap();
    let claim = Claim::new(ClaimId::numbered(1), "Six people died.");
    apply(
        &mut project,
        &mut texts,
        Command::AddClaim {
            place: ClaimPlace {
                paragraph: 0,
                index: 0,
            },
            claim,
        },
    )
    .unwrap();
    (project, texts)
}

fn quote(project: &Project, start: usize, end: usize) -> Quote {
    Quote {
        unresolved: None,
        id: QuoteId::numbered(project.quotes.len() as u32 + 1),
        source: SourceId::numbered(1),
        start,
        end,
        text: TEXT.chars().skip(start).take(end - start).collect(),
        prefix: String::new(),
        suffix: String::new(),
    }
}

fn cite(project: &Project, start: usize, end: usize, stance: Stance) -> Command {
    let quote = quote(project, start, end);
    Command::Batch {
        label: "Cite".into(),
        commands: vec![
            Command::AddQuote {
                quote: quote.clone(),
            },
            Command::AddEvidence {
                claim: ClaimId::numbered(1),
                index: 0,
                evidence: Evidence {
                    quote: quote.id,
                    stance,
                    note: String::new(),
                },
            },
        ],
    }
}

/// The ID of the quote a [`cite`] batch adds.
fn add_quote_id(command: &Command) -> QuoteId {
    match command {
        Command::Batch { commands, .. } => match &commands[0] {
            Command::AddQuote { quote } => quote.id.clone(),
            other => panic!("not a cite: {other:?}"),
        },
        other => panic!("not a cite: {other:?}"),
    }
}

/// Every command of a realistic session, checked to undo to the exact
/// previous state and redo to the exact next one.
/// Records a recheck of `s1` that found its first quote changed, keeping
/// the page fetched.
fn rechecked(project: &Project, quote: &QuoteId) -> Command {
    let page: Arc<[u8]> = b"<p>Seven people died.</p>".to_vec().into();
    let sha = sha256_hex(&page);
    let source = SourceId::numbered(1);
    Command::SetRechecks {
        rechecks: vec![Recheck {
            source: source.clone(),
            checked: "2026-12-03T10:00:00Z".into(),
            version: project.sources[0].sha256.clone(),
            outcome: crate::model::LiveOutcome::Changed {
                affected: vec![crate::model::LiveQuote {
                    quote: quote.clone(),
                    now: "Seven people died".into(),
                }],
                moved: 0,
            },
            fetched: sha.clone(),
            original: Some(Original {
                file: format!("sources/originals/s1-{}.html", &sha[..12]),
                sha256: sha,
                media_type: "text/html".into(),
                extractor: "dom_smoothie".into(),
                extractor_version: "0".into(),
                pages: Vec::new(),
                unreadable: Vec::new(),
                url: "https://example.org/news".into(),
                etag: "\"v2\"".into(),
                last_modified: String::new(),
            }),
            etag: "\"v2\"".into(),
            last_modified: String::new(),
        }],
        originals: vec![page],
        source,
    }
}

#[test]
fn a_recheck_must_be_of_its_source_and_its_page_must_match() {
    let (mut project, mut texts) = fixture();
    let q = quote(&project, 0, 15);
    apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap();
    let Command::SetRechecks { rechecks, .. } = rechecked(&project, &project.quotes[0].id) else {
        unreachable!()
    };
    let before = project.clone();
    let wrong_page = Command::SetRechecks {
        source: SourceId::numbered(1),
        rechecks: rechecks.clone(),
        originals: vec![b"another page".to_vec().into()],
    };
    assert!(apply(&mut project, &mut texts, wrong_page).is_err());
    let wrong_source = Command::SetRechecks {
        source: SourceId::numbered(2),
        rechecks,
        originals: Vec::new(),
    };
    assert!(apply(&mut project, &mut texts, wrong_source).is_err());
    assert_eq!(project, before);
}

#[test]
fn every_command_undoes_and_redoes_exactly() {
    let (mut project, mut texts) = fixture();
    let q1 = quote(&project, 0, 15);
    let c1 = ClaimId::numbered(1);
    let q1_id = q1.id.clone();
    let commands = vec![
        Command::SetTitle {
            title: "Renamed".into(),
        },
        Command::SetSettings {
            settings: Settings { min_sources: 3 },
        },
        Command::EditCitation {
            source: SourceId::numbered(1),
            citation: Citation {
                title: "New".into(),
                url: "https://example.org".into(),
                ..Citation::default()
            },
            name: "Wire".into(),
        },
        Command::AddQuote { quote: q1 },
        Command::AddEvidence {
            claim: c1.clone(),
            index: 0,
            evidence: Evidence {
                quote: q1_id.clone(),
                stance: Stance::Supports,
                note: String::new(),
            },
        },
        Command::SetStance {
            claim: c1.clone(),
            quote: q1_id.clone(),
            stance: Stance::Contradicts,
        },
        Command::SetNote {
            claim: c1.clone(),
            quote: q1_id.clone(),
            note: "per officials".into(),
        },
        Command::EditClaim {
            id: c1.clone(),
            text: "Six died.".into(),
        },
        Command::SetSignOff {
            claim: c1.clone(),
            signoff: Some(SignOff {
                by: "Ana".into(),
                at: "2026-11-21T10:00:00Z".into(),
                hash: "x".into(),
                note: String::new(),
            }),
        },
        rechecked(&project, &q1_id),
        Command::InsertParagraph { index: 1 },
        Command::MoveClaim {
            id: c1.clone(),
            to: ClaimPlace {
                paragraph: 1,
                index: 0,
            },
            at: None,
        },
        Command::RemoveParagraph { index: 0 },
        Command::RemoveEvidence {
            claim: c1.clone(),
            quote: q1_id.clone(),
        },
        Command::RemoveQuote { id: q1_id },
        Command::RemoveClaim { id: c1 },
        Command::RemoveSource {
            id: SourceId::numbered(1),
        },
    ];
    for command in commands {
        let before = project.clone();
        let label = command.label(&project);
        let inverse = apply(&mut project, &mut texts, command.clone()).unwrap();
        let after = project.clone();
        assert_ne!(before, after, "{label} changed nothing");
        let forward = apply(&mut project, &mut texts, inverse).unwrap();
        assert_eq!(project, before, "undo of {label}");
        apply(&mut project, &mut texts, forward).unwrap();
        assert_eq!(project, after, "redo of {label}");
    }
    assert!(project.sources.is_empty() && project.quotes.is_empty());
}

#[test]
fn quotes_must_be_verbatim() {
    let (mut project, mut texts) = fixture();
    let mut q = quote(&project, 0, 15);
    q.text = "Seven people di".into();
    let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
    assert!(matches!(err, EditError::NotVerbatim { .. }), "{err}");
    let mut q = quote(&project, 60, 70);
    q.end = 70;
    let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
    assert!(err.to_string().contains("past the end"), "{err}");
    let mut q = quote(&project, 3, 3);
    q.end = 2;
    let err = apply(&mut project, &mut texts, Command::AddQuote { quote: q }).unwrap_err();
    assert!(err.to_string().contains("inverted"), "{err}");
}

#[test]
fn a_failing_batch_changes_nothing() {
    let (mut project, mut texts) = fixture();
    let before = project.clone();
    let batch = Command::Batch {
        label: "x".into(),
        commands: vec![
            Command::EditClaim {
                id: ClaimId::numbered(1),
                text: "changed".into(),
            },
            Command::RemoveClaim {
                id: ClaimId::numbered(99),
            },
        ],
    };
    let err = apply(&mut project, &mut texts, batch).unwrap_err();
    assert_eq!(err, EditError::NoSuchClaim(ClaimId::numbered(99)));
    assert_eq!(project, before);
}

#[test]
fn things_in_use_cannot_be_removed() {
    let (mut project, mut texts) = fixture();
    let cite = cite(&project, 0, 15, Stance::Supports);
    apply(&mut project, &mut texts, cite).unwrap();
    let err = apply(
        &mut project,
        &mut texts,
        Command::RemoveQuote {
            id: QuoteId::numbered(1),
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "quote `q1` is still used by c1; remove those first"
    );
    let err = apply(
        &mut project,
        &mut texts,
        Command::RemoveSource {
            id: SourceId::numbered(1),
        },
    )
    .unwrap_err();
    assert!(matches!(err, EditError::InUse { .. }));
    let err = apply(
        &mut project,
        &mut texts,
        Command::RemoveParagraph { index: 0 },
    )
    .unwrap_err();
    assert_eq!(err, EditError::ParagraphNotEmpty(0));
}

#[test]
fn ids_are_never_reused_after_undo() {
    let (mut project, mut texts) = fixture();
    let mut history = History::default();
    let t0 = Instant::now();
    let add = cite(&project, 0, 15, Stance::Supports);
    let inverse = apply(&mut project, &mut texts, add.clone()).unwrap();
    history.record(&add, add.label(&Project::new("t")), inverse, t0);
    assert!(history.undo(&mut project, &mut texts).unwrap());
    assert!(project.quotes.is_empty());
    let undone = add_quote_id(&add);
    // A fresh quote gets a new random key, not the undone quote's.
    assert_ne!(project.new_quote_id(), undone);
    // Redo brings back the same quote.
    assert!(history.redo(&mut project, &mut texts).unwrap());
    assert_eq!(project.quotes[0].id, undone);
}

#[test]
fn a_batch_of_many_claims_refuses_an_id_in_use_and_changes_nothing() {
    let (project, texts) = fixture();
    let batch = |ids: Vec<ClaimId>| Command::Batch {
        label: "Import".into(),
        commands: ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| Command::AddClaim {
                place: ClaimPlace {
                    paragraph: 0,
                    index: i + 1,
                },
                claim: Claim::new(id, "A claim."),
            })
            .collect(),
    };
    let fresh = project.new_claim_ids(100);
    // Fresh IDs are added, checked as one batch.
    let (mut added, mut added_texts) = (project.clone(), texts.clone());
    apply(&mut added, &mut added_texts, batch(fresh.clone())).unwrap();
    assert_eq!(added.claims().count(), 101);
    // An ID a claim has, one twice in the batch, or one a quote of the
    // same batch has: refused, naming it, and nothing is added.
    let quote = quote(&project, 0, 15);
    let quote_id = ClaimId::from(quote.id.as_str());
    let mut twice = fresh.clone();
    twice[70] = twice[3].clone();
    let mut taken = fresh.clone();
    taken[50] = ClaimId::numbered(1);
    let mut as_quote = fresh.clone();
    as_quote[99] = quote_id.clone();
    for (ids, at_fault, with_quote) in [
        (twice, fresh[3].to_string(), false),
        (taken, "c1".to_owned(), false),
        (as_quote, quote_id.to_string(), true),
    ] {
        let (mut p, mut t) = (project.clone(), texts.clone());
        let mut command = batch(ids);
        if with_quote && let Command::Batch { commands, .. } = &mut command {
            commands.insert(
                0,
                Command::AddQuotes {
                    quotes: vec![quote.clone()],
                },
            );
        }
        let err = apply(&mut p, &mut t, command).unwrap_err();
        assert_eq!(err, EditError::IdInUse(at_fault));
        assert_eq!(p, project);
    }
}

#[test]
fn duplicate_ids_and_double_citations_are_refused() {
    let (mut project, mut texts) = fixture();
    let claim = Claim::new(ClaimId::numbered(1), "again");
    let err = apply(
        &mut project,
        &mut texts,
        Command::AddClaim {
            place: ClaimPlace {
                paragraph: 0,
                index: 0,
            },
            claim,
        },
    )
    .unwrap_err();
    assert_eq!(err, EditError::IdInUse("c1".into()));
    let first = cite(&project, 0, 15, Stance::Supports);
    apply(&mut project, &mut texts, first).unwrap();
    let again = Command::AddEvidence {
        claim: ClaimId::numbered(1),
        index: 0,
        evidence: Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Context,
            note: String::new(),
        },
    };
    let err = apply(&mut project, &mut texts, again).unwrap_err();
    assert!(matches!(err, EditError::AlreadyCited { .. }));
}

#[test]
fn a_failed_move_puts_the_claim_back() {
    let (mut project, mut texts) = fixture();
    let before = project.clone();
    let err = apply(
        &mut project,
        &mut texts,
        Command::MoveClaim {
            id: ClaimId::numbered(1),
            to: ClaimPlace {
                paragraph: 4,
                index: 0,
            },
            at: None,
        },
    )
    .unwrap_err();
    assert!(matches!(err, EditError::BadPosition { .. }));
    assert_eq!(project, before);
}

#[test]
fn snapshot_paths_stay_inside_sources() {
    assert!(check_snapshot_path("sources/s1-abc.txt").is_ok());
    for bad in [
        "s1.txt",
        "/etc/passwd",
        "sources/../project.ron",
        "sources/a/b.txt",
        "sources/",
        "sources/..",
        "sources/.hidden",
        "sources\\x",
        "sources/C:x",
    ] {
        assert!(check_snapshot_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn typing_bursts_merge_into_one_undo_step() {
    let (mut project, mut texts) = fixture();
    let mut history = History::default();
    let t0 = Instant::now();
    let c1 = ClaimId::numbered(1);
    for (i, text) in ["S", "Si", "Six"].into_iter().enumerate() {
        let edit = Command::EditClaim {
            id: c1.clone(),
            text: text.into(),
        };
        let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
        history.record(
            &edit,
            edit.label(&Project::new("t")),
            inverse,
            t0 + Duration::from_millis(300 * i as u64),
        );
    }
    // A pause starts a new step.
    let edit = Command::EditClaim {
        id: c1.clone(),
        text: "Six!".into(),
    };
    let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
    history.record(
        &edit,
        edit.label(&Project::new("t")),
        inverse,
        t0 + Duration::from_secs(10),
    );
    assert_eq!(history.undo_label(), Some("Edit claim c1"));
    history.undo(&mut project, &mut texts).unwrap();
    assert_eq!(project.claim(&c1).unwrap().text, "Six");
    history.undo(&mut project, &mut texts).unwrap();
    assert_eq!(project.claim(&c1).unwrap().text, "Six people died.");
    assert!(!history.undo(&mut project, &mut texts).unwrap());
    history.redo(&mut project, &mut texts).unwrap();
    history.redo(&mut project, &mut texts).unwrap();
    assert_eq!(project.claim(&c1).unwrap().text, "Six!");
    assert!(!history.redo(&mut project, &mut texts).unwrap());
}

#[test]
fn revision_returns_to_earlier_values_on_undo() {
    let (mut project, mut texts) = fixture();
    let mut history = History::default();
    let saved = history.revision();
    let edit = Command::SetTitle { title: "x".into() };
    let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
    history.record(
        &edit,
        edit.label(&Project::new("t")),
        inverse,
        Instant::now(),
    );
    let edited = history.revision();
    assert_ne!(edited, saved);
    history.undo(&mut project, &mut texts).unwrap();
    assert_eq!(history.revision(), saved);
    history.redo(&mut project, &mut texts).unwrap();
    assert_eq!(history.revision(), edited);
    // A new edit after undo gets a revision never seen before.
    history.undo(&mut project, &mut texts).unwrap();
    let other = Command::SetTitle { title: "y".into() };
    let inverse = apply(&mut project, &mut texts, other.clone()).unwrap();
    history.record(
        &other,
        other.label(&Project::new("t")),
        inverse,
        Instant::now(),
    );
    assert!(history.revision() != saved && history.revision() != edited);
    assert_eq!(history.redo_label(), None);
}

#[test]
fn history_is_capped() {
    let (mut project, mut texts) = fixture();
    let mut history = History::default();
    let t0 = Instant::now();
    for i in 0..MAX_UNDO + 10 {
        let edit = Command::InsertParagraph { index: 0 };
        let inverse = apply(&mut project, &mut texts, edit.clone()).unwrap();
        history.record(
            &edit,
            edit.label(&Project::new("t")),
            inverse,
            t0 + Duration::from_secs(i as u64),
        );
    }
    let mut undone = 0;
    while history.undo(&mut project, &mut texts).unwrap() {
        undone += 1;
    }
    assert_eq!(undone, MAX_UNDO);
}
