//! Property tests of the three-way merge: random edit scripts on two
//! branches of a random base, through the same actions the app and the
//! command line use.

use std::collections::BTreeSet;
use std::path::Path;

use attest::model::{Citation, ClaimId, Project, SignOff, Stance};
use attest::project::actions;
use attest::project::command::{Command, apply};
use attest::project::store::{from_ron, to_ron};
use attest::team::merge::merge;
use attest::text::snapshot::Snapshots;
use proptest::prelude::*;

const TEXT: &str = "Officials said six people died on Tuesday. Another report counted five \
deaths. Police used tear gas near the square. The march went on until night. \
Containers blocked the roads into the capital. Internet service was cut.";

/// One edit of a script; the numbers pick a claim, a word, a paragraph.
#[derive(Clone, Debug)]
enum Edit {
    AddClaim(usize, String),
    Reword(usize, String),
    RemoveClaim(usize),
    MoveClaim(usize, bool),
    Cite(usize, usize, usize),
    SetStance(usize, usize, usize),
    SetNote(usize, usize, String),
    RemoveEvidence(usize, usize),
    SignOff(usize, u8),
    Title(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = "[a-z]{1,6}( [a-z]{1,6}){0,3}";
    prop_oneof![
        (0usize..4, text).prop_map(|(p, t)| Edit::AddClaim(p, t)),
        (0usize..9, text).prop_map(|(c, t)| Edit::Reword(c, t)),
        (0usize..9).prop_map(Edit::RemoveClaim),
        (0usize..9, any::<bool>()).prop_map(|(c, up)| Edit::MoveClaim(c, up)),
        (0usize..9, 0usize..30, 1usize..5).prop_map(|(c, w, n)| Edit::Cite(c, w, n)),
        (0usize..9, 0usize..4, 0usize..3).prop_map(|(c, e, s)| Edit::SetStance(c, e, s)),
        (0usize..9, 0usize..4, text).prop_map(|(c, e, t)| Edit::SetNote(c, e, t)),
        (0usize..9, 0usize..4).prop_map(|(c, e)| Edit::RemoveEvidence(c, e)),
        (0usize..9, 0u8..3).prop_map(|(c, by)| Edit::SignOff(c, by)),
        text.prop_map(Edit::Title),
    ]
}

/// The char range of `count` words from word `first` of the text.
fn words(first: usize, count: usize) -> std::ops::Range<usize> {
    let starts: Vec<usize> = TEXT
        .char_indices()
        .filter(|&(i, c)| c != ' ' && (i == 0 || TEXT[..i].ends_with(' ')))
        .map(|(i, _)| TEXT[..i].chars().count())
        .collect();
    let first = first % starts.len();
    let last = (first + count).min(starts.len()) - 1;
    let end = TEXT
        .chars()
        .enumerate()
        .skip(starts[last])
        .find(|&(_, c)| c == ' ')
        .map_or(TEXT.chars().count(), |(i, _)| i);
    starts[first]..end
}

/// Applies one edit where it makes sense (an edit of a claim that is not
/// there does nothing).
fn run(project: &mut Project, texts: &mut Snapshots, edit: &Edit) {
    let claims: Vec<ClaimId> = project.claims().map(|(_, c)| c.id.clone()).collect();
    let claim = |n: usize| (!claims.is_empty()).then(|| claims[n % claims.len()].clone());
    let evidence = |c: &ClaimId, n: usize| {
        let cited = &project.claim(c)?.evidence;
        (!cited.is_empty()).then(|| cited[n % cited.len()].quote.clone())
    };
    let command = match edit {
        Edit::AddClaim(p, text) => {
            let p = (*p).min(project.paragraphs.len());
            actions::add_claim(project, text, Some(p))
                .ok()
                .map(|(c, _)| c)
        }
        Edit::Reword(n, text) => claim(*n).map(|id| Command::EditClaim {
            id,
            text: text.clone(),
        }),
        Edit::RemoveClaim(n) => claim(*n).and_then(|id| actions::remove_claim(project, &id).ok()),
        Edit::MoveClaim(n, up) => {
            claim(*n).and_then(|id| actions::move_claim(project, &id, *up).ok().flatten())
        }
        Edit::Cite(n, first, count) => claim(*n).and_then(|id| {
            let source = project.sources[0].id.clone();
            let (command, _) = actions::cite(
                project,
                texts,
                &id,
                &source,
                words(*first, *count),
                Stance::Supports,
                "",
            )
            .ok()?;
            Some(command)
        }),
        Edit::SetStance(n, e, s) => claim(*n).and_then(|c| {
            let quote = evidence(&c, *e)?;
            Some(Command::SetStance {
                claim: c,
                quote,
                stance: Stance::ALL[*s],
            })
        }),
        Edit::SetNote(n, e, note) => claim(*n).and_then(|c| {
            let quote = evidence(&c, *e)?;
            Some(Command::SetNote {
                claim: c,
                quote,
                note: note.clone(),
            })
        }),
        Edit::RemoveEvidence(n, e) => claim(*n).and_then(|c| {
            let quote = evidence(&c, *e)?;
            Some(Command::RemoveEvidence { claim: c, quote })
        }),
        Edit::SignOff(n, by) => claim(*n).map(|c| {
            let hash = project.claim(&c).unwrap().content_hash(project);
            Command::SetSignOff {
                claim: c,
                signoff: Some(SignOff {
                    by: format!("Reviewer {by}"),
                    at: format!("2026-12-0{}T10:00:00Z", by + 1),
                    hash,
                    note: String::new(),
                }),
            }
        }),
        Edit::Title(title) => Some(Command::SetTitle {
            title: title.clone(),
        }),
    };
    if let Some(command) = command {
        // Refused edits (a claim with no text, say) leave the project as it was.
        let _ = apply(project, texts, command);
    }
}

/// A base project: one source and the claims of the first script.
fn base(script: &[Edit]) -> (Project, Snapshots) {
    let mut project = Project::new("Base");
    let mut texts = Snapshots::default();
    let (add, _) = actions::add_source(&project, TEXT.into(), Citation::default(), None).unwrap();
    apply(&mut project, &mut texts, add).unwrap();
    for e in script {
        run(&mut project, &mut texts, e);
    }
    (project, texts)
}

fn branch(base: &Project, texts: &Snapshots, script: &[Edit]) -> Project {
    let mut project = base.clone();
    let mut texts = texts.clone();
    for e in script {
        run(&mut project, &mut texts, e);
    }
    project
}

fn ids(project: &Project) -> BTreeSet<String> {
    project
        .claims()
        .map(|(_, c)| c.id.to_string())
        .chain(project.quotes.iter().map(|q| q.id.to_string()))
        .chain(project.sources.iter().map(|s| s.id.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_clean_merge_does_not_depend_on_the_side_and_keeps_every_addition(
        setup in proptest::collection::vec(edit(), 0..12),
        ours in proptest::collection::vec(edit(), 0..12),
        theirs in proptest::collection::vec(edit(), 0..12),
    ) {
        let (base, texts) = base(&setup);
        let a = branch(&base, &texts, &ours);
        let b = branch(&base, &texts, &theirs);
        let ab = merge(&base, &a, &b, "test");
        let ba = merge(&base, &b, &a, "test");
        prop_assert_eq!(ab.conflicts.len(), ba.conflicts.len());
        if ab.conflicts.is_empty() {
            prop_assert_eq!(&ab, &ba);
        }
        // Nothing either side added is lost, conflict or not.
        let before = ids(&base);
        for side in [&a, &b] {
            for added in ids(side).difference(&before) {
                prop_assert!(ids(&ab).contains(added), "{} was lost", added);
                prop_assert!(ids(&ba).contains(added), "{} was lost", added);
            }
        }
        // The result is a project the loader takes, and merging a side with
        // itself changes nothing.
        prop_assert!(from_ron(&to_ron(&ab), Path::new("project.ron")).is_ok(), "{}", to_ron(&ab));
        let same = merge(&base, &a, &a, "test");
        prop_assert_eq!(same.conflicts.len(), 0);
        prop_assert_eq!(to_ron(&same), to_ron(&a));
    }
}
