//! What an editor does, through the actions, on small real projects.

use super::*;
use crate::project::command::apply;

const TEXT: &str = "Six people died, officials said. Police said six people died.";

fn project() -> (Project, Snapshots) {
    let mut project = Project::new("t");
    let mut texts = Snapshots::default();
    let (add, _) = add_source(&project, TEXT.into(), Citation::default(), Some("s1")).unwrap();
    apply(&mut project, &mut texts, add).unwrap();
    // A claim with the numbered ID of older projects, `c1`.
    for command in [
        Command::InsertParagraph { index: 0 },
        Command::AddClaim {
            place: ClaimPlace {
                paragraph: 0,
                index: 0,
            },
            claim: Claim::new(ClaimId::numbered(1), "Six died."),
        },
    ] {
        apply(&mut project, &mut texts, command).unwrap();
    }
    (project, texts)
}

#[test]
fn add_claim_places_claims_in_paragraphs() {
    let (mut project, mut texts) = project();
    let (add, c2) = add_claim(&project, "  Second.  ", Some(1)).unwrap();
    apply(&mut project, &mut texts, add).unwrap();
    assert_eq!(project.claim_place(&c2).unwrap().paragraph, 1);
    assert_eq!(project.claim(&c2).unwrap().text, "Second.");
    let (add, c3) = add_claim(&project, "Third.", Some(0)).unwrap();
    apply(&mut project, &mut texts, add).unwrap();
    assert_eq!(
        project.claim_place(&c3).unwrap(),
        ClaimPlace {
            paragraph: 0,
            index: 1
        }
    );
    assert_eq!(
        add_claim(&project, "x", Some(5)).unwrap_err(),
        ActionError::BadParagraph { count: 2 }
    );
    assert_eq!(
        add_claim(&project, " ", None).unwrap_err(),
        ActionError::EmptyClaim
    );
}

/// Finds `quote` (followed by `suffix`) in `s1` and cites it in `claim`.
fn cite_text(
    project: &mut Project,
    texts: &mut Snapshots,
    claim: &ClaimId,
    quote: &str,
    suffix: &str,
) -> QuoteId {
    let s1 = SourceId::numbered(1);
    let span = find_quote(project, texts, &s1, quote, "", suffix).unwrap();
    let (cmd, id) = cite(
        project,
        texts,
        claim,
        &s1,
        span.start..span.end,
        Stance::Supports,
        "",
    )
    .unwrap();
    apply(project, texts, cmd).unwrap();
    id
}

/// The summary as paragraphs of claim texts.
fn outline(project: &Project) -> Vec<Vec<String>> {
    project
        .paragraphs
        .iter()
        .map(|p| p.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn claims_move_across_paragraphs_and_empty_paragraphs_go() {
    let (mut project, mut texts) = project();
    let mut ids = vec![ClaimId::numbered(1)];
    for (text, paragraph) in [("b", Some(0)), ("c", Some(1))] {
        let (add, id) = add_claim(&project, text, paragraph).unwrap();
        apply(&mut project, &mut texts, add).unwrap();
        ids.push(id);
    }
    let a = "Six died.";
    assert_eq!(outline(&project), [vec![a, "b"], vec!["c"]]);
    let mut step = |project: &mut Project, n: usize, up: bool| {
        if let Some(cmd) = move_claim(project, &ids[n], up).unwrap() {
            apply(project, &mut texts, cmd).unwrap();
        }
    };
    step(&mut project, 1, false);
    assert_eq!(outline(&project), [vec![a], vec!["b", "c"]]);
    step(&mut project, 0, false);
    assert_eq!(
        outline(&project),
        [vec![a, "b", "c"]],
        "the emptied paragraph is gone"
    );
    step(&mut project, 0, true);
    assert_eq!(outline(&project), [vec![a, "b", "c"]], "already first");
    step(&mut project, 2, false);
    assert_eq!(outline(&project), [vec![a, "b", "c"]], "already last");
    step(&mut project, 2, true);
    assert_eq!(outline(&project), [vec![a, "c", "b"]]);
    let (add, d) = add_claim(&project, "d", Some(1)).unwrap();
    let mut texts = Snapshots::default();
    apply(&mut project, &mut texts, add).unwrap();
    let delete = remove_claim(&project, &d).unwrap();
    apply(&mut project, &mut texts, delete).unwrap();
    assert_eq!(outline(&project), [vec![a, "c", "b"]]);
    // The saved order is the order of the positions.
    let reloaded =
        crate::project::store::from_ron(&crate::project::store::to_ron(&project), "p".as_ref())
            .unwrap();
    assert_eq!(outline(&reloaded), outline(&project));
}

#[test]
fn a_source_update_undoes_and_redoes_exactly() {
    let (mut project, mut texts) = project();
    let c1 = ClaimId::numbered(1);
    let s1 = SourceId::numbered(1);
    let mut cited = Vec::new();
    for (quote, suffix) in [("Six people died", ""), ("six people died", "")] {
        cited.push(cite_text(&mut project, &mut texts, &c1, quote, suffix));
    }
    let second = project.quote_index(&cited[1]).unwrap();
    let before = project.clone();
    let update = update_source(
        &project,
        &texts,
        &s1,
        "Six people died, officials said. Police said five people died.".into(),
    )
    .unwrap();
    assert_eq!(update.counts()[0], ("exact", 1));
    assert_eq!(update.counts()[2], ("changed", 1));
    let undo = apply(&mut project, &mut texts, update.command).unwrap();
    let after = project.clone();
    assert_eq!(after.sources[0].previous.len(), 1);
    assert_eq!(
        after.quotes[second].unresolved.as_ref().unwrap().status,
        AnchorStatus::Changed
    );
    let redo = apply(&mut project, &mut texts, undo).unwrap();
    assert_eq!(project, before);
    apply(&mut project, &mut texts, redo).unwrap();
    assert_eq!(project, after);
    // Re-selecting the changed quote on the new text resolves it.
    let new_text = texts.get(&project.sources[0].sha256).unwrap();
    let span = crate::text::anchor::locate(new_text, "five people died", "", "");
    let crate::text::anchor::Located::Unique(span) = span else {
        panic!("{span:?}")
    };
    let quote = Quote {
        start: span.start,
        end: span.end,
        text: "five people died".into(),
        prefix: span.prefix,
        suffix: span.suffix,
        unresolved: None,
        ..project.quotes[second].clone()
    };
    apply(&mut project, &mut texts, Command::SetQuote { quote }).unwrap();
    assert!(project.quotes.iter().all(|q| q.unresolved.is_none()));
}

#[test]
fn an_update_without_the_recorded_text_undoes_and_redoes() {
    let (mut project, mut texts) = project();
    let c1 = ClaimId::numbered(1);
    let s1 = SourceId::numbered(1);
    let _ = cite_text(&mut project, &mut texts, &c1, "Police said", "");
    // As after loading a project whose snapshot was changed on disk.
    let mut texts = Snapshots::default();
    let before = project.clone();
    // The suffix context (" six people died.") still follows the quote.
    let update = update_source(
        &project,
        &texts,
        &s1,
        "Earlier: Police said six people died.".into(),
    )
    .unwrap();
    assert!(update.recorded_text_missing);
    assert_eq!(update.fates[0].outcome.status(), "moved");
    let undo = apply(&mut project, &mut texts, update.command).unwrap();
    let after = project.clone();
    let redo = apply(&mut project, &mut texts, undo).unwrap();
    assert_eq!(project, before);
    apply(&mut project, &mut texts, redo).unwrap();
    assert_eq!(project, after);
}

#[test]
fn cite_reuses_identical_quotes() {
    let (mut project, mut texts) = project();
    let c1 = ClaimId::numbered(1);
    let s1 = SourceId::numbered(1);
    let q = cite_text(&mut project, &mut texts, &c1, "died", ", officials");
    let quote = project.quote(&q).unwrap();
    assert_eq!(quote.suffix, ", officials said. Police said si");
    let span = quote.start..quote.end;
    let err = cite(
        &project,
        &texts,
        &c1,
        &s1,
        span.clone(),
        Stance::Context,
        "",
    )
    .unwrap_err();
    assert_eq!(
        err,
        ActionError::AlreadyCited {
            claim: c1.clone(),
            text: project.claim(&c1).unwrap().text.clone(),
            quote: q.clone()
        }
    );
    let (add, c2) = add_claim(&project, "Other.", None).unwrap();
    apply(&mut project, &mut texts, add).unwrap();
    let (cmd, again) = cite(
        &project,
        &texts,
        &c2,
        &s1,
        span.clone(),
        Stance::Context,
        "",
    )
    .unwrap();
    apply(&mut project, &mut texts, cmd).unwrap();
    assert_eq!(again, q);
    assert_eq!(project.quotes.len(), 1);
}

#[test]
fn ambiguous_quotes_list_their_candidates() {
    let (project, texts) = project();
    let err = find_quote(
        &project,
        &texts,
        &SourceId::numbered(1),
        "people died",
        "",
        "",
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("occurs 2 times in `s1`"), "{message}");
    assert!(
        message.contains("1. chars 4..15: …Six [people died], officials said. Police said si…"),
        "{message}"
    );
    assert!(
        message.contains("2. chars 49..60: …officials said. Police said six [people died].…"),
        "{message}"
    );
}

#[test]
fn missing_quotes_suggest_near_misses() {
    let (project, texts) = project();
    let err = find_quote(
        &project,
        &texts,
        &SourceId::numbered(1),
        "police  said",
        "",
        "",
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("does not occur in `s1`"), "{message}");
    assert!(message.contains("chars 33..44"), "{message}");
    assert!(message.contains("\"Police said\""), "{message}");
}
