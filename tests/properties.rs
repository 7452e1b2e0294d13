//! Property tests: the char index agrees with counting, any project survives a
//! save and load unchanged, and any sequence of edits undoes back to the start.

use attest::model::{
    Citation, Claim, ClaimId, ClaimPlace, Evidence, Project, Quote, QuoteId, Source, SourceId,
    Stance,
};
use attest::project::command::{Command, History};
use attest::project::store::{from_ron, snapshot_path, to_ron};
use attest::text::anchor::SourceText;
use attest::text::snapshot::Snapshots;
use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Text mixing ASCII, accents, Urdu, CJK, emoji, combining marks and CRLF.
fn mixed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("The "),
            Just("é"),
            Just("e\u{301}"),
            Just("کراچی "),
            Just("字"),
            Just("👍🏽"),
            Just("\r\n"),
            Just("\n"),
            Just("\""),
            Just("'"),
            Just("\\"),
            Just("\t"),
            Just("\u{feff}"),
            Just("#"),
            Just("r#\""),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn char_index_agrees_with_counting(text in mixed_text(), a in 0usize..400, b in 0usize..400) {
        let st = SourceText::new(text.as_str());
        let chars: Vec<char> = text.chars().collect();
        prop_assert_eq!(st.char_len(), chars.len());
        let (start, end) = (a.min(b), a.max(b));
        let expected: Option<String> =
            (end <= chars.len()).then(|| chars[start..end].iter().collect());
        prop_assert_eq!(st.slice(start..end).map(str::to_owned), expected);
        if let Some(byte) = st.byte_of(start) {
            prop_assert_eq!(st.char_of(byte), start);
        }
    }

    #[test]
    fn any_project_round_trips_through_ron(
        title in mixed_text(),
        claims in proptest::collection::vec((mixed_text(), mixed_text(), 0usize..3), 0..6),
        meta in mixed_text(),
    ) {
        let mut project = Project::new(title);
        let text = "x".repeat(10);
        let sha = attest::model::sha256_hex(text.as_bytes());
        let id = SourceId::numbered(1);
        project.sources.push(Source {
            name: String::new(),
            added: String::new(),
            original: None,
            previous: Vec::new(),
            file: snapshot_path(&id, &sha),
            id,
            sha256: sha,
            citation: Citation { title: meta.clone(), author: meta, ..Citation::default() },
        });
        project.name_sources();
        project.quotes.push(Quote {
            unresolved: None,
            id: QuoteId::numbered(1),
            source: SourceId::numbered(1),
            start: 0,
            end: 3,
            text: "xxx".into(),
            prefix: String::new(),
            suffix: "xxxxxxx".into(),
        });
        let mut paragraph = Vec::new();
        for (i, (text, note, stance)) in claims.into_iter().enumerate() {
            let mut claim = Claim::new(ClaimId::numbered(i as u32 + 1), text);
            claim.evidence.push(Evidence {
                quote: QuoteId::numbered(1),
                stance: Stance::ALL[stance],
                note,
            });
            paragraph.push(claim);
            // Paragraphs of two claims, so that grouping is round-tripped too.
            if paragraph.len() == 2 {
                project.paragraphs.push(std::mem::take(&mut paragraph));
            }
        }
        if !paragraph.is_empty() {
            project.paragraphs.push(paragraph);
        }
        project.renumber_positions();
        let ron = to_ron(&project);
        let back = from_ron(&ron, Path::new("p.ron")).unwrap();
        prop_assert_eq!(&back, &project);
        prop_assert_eq!(to_ron(&back), ron);
    }

    #[test]
    fn any_edit_sequence_undoes_to_the_start(ops in proptest::collection::vec((0u8..6, 0usize..8, mixed_text()), 1..40)) {
        let mut project = Project::new("Start");
        let mut texts = Snapshots::default();
        let mut history = History::default();
        let start = project.clone();
        let t0 = Instant::now();
        for (step, (kind, n, text)) in ops.into_iter().enumerate() {
            let claims: Vec<ClaimId> = project.claims().map(|(_, c)| c.id.clone()).collect();
            let command = match kind {
                0 => Command::InsertParagraph { index: n.min(project.paragraphs.len()) },
                1 if !project.paragraphs.is_empty() => {
                    let paragraph = n % project.paragraphs.len();
                    Command::AddClaim {
                        place: ClaimPlace { paragraph, index: project.paragraphs[paragraph].len() },
                        claim: Claim::new(project.new_claim_id(), text),
                    }
                }
                2 if !claims.is_empty() => Command::EditClaim { id: claims[n % claims.len()].clone(), text },
                3 if !claims.is_empty() => Command::RemoveClaim { id: claims[n % claims.len()].clone() },
                4 if !claims.is_empty() => Command::MoveClaim {
                    id: claims[n % claims.len()].clone(),
                    to: ClaimPlace { paragraph: 0, index: 0 },
                    at: None,
                },
                5 => Command::SetTitle { title: text },
                _ => continue,
            };
            // Commands may be refused (e.g. a move into a missing paragraph);
            // a refused command must leave the project unchanged.
            let before = project.clone();
            match attest::project::command::apply(&mut project, &mut texts, command.clone()) {
                Ok(inverse) => history.record(&command, command.label(&project), inverse, t0 + Duration::from_secs(step as u64 * 10)),
                Err(_) => prop_assert_eq!(&project, &before),
            }
        }
        let end = project.clone();
        while history.undo(&mut project, &mut texts).unwrap() {}
        prop_assert_eq!(project.clone(), start);
        while history.redo(&mut project, &mut texts).unwrap() {}
        prop_assert_eq!(project, end);
    }
}

mod reanchoring {
    use attest::text::anchor::SourceText;
    use attest::text::reanchor::{Outcome, Revision};
    use proptest::prelude::*;

    const WORDS: [&str; 12] = [
        "six",
        "people",
        "died",
        "police",
        "said",
        "the",
        "toll",
        "کراچی",
        "café",
        "👍",
        "e\u{301}",
        "five",
    ];

    /// An edit of the old text: replace the words `start..end` (by word index)
    /// with `insert` (empty `start..end` inserts, empty `insert` deletes).
    #[derive(Clone, Debug)]
    struct WordEdit {
        start: usize,
        len: usize,
        insert: Vec<usize>,
    }

    fn text_strategy() -> impl Strategy<Value = Vec<(usize, bool)>> {
        // (word, followed by a line break instead of a space)
        proptest::collection::vec((0..WORDS.len(), proptest::bool::weighted(0.1)), 5..120)
    }

    fn join(words: &[(usize, bool)]) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (i, (w, newline)) in words.iter().enumerate() {
            let start = text.chars().count();
            text.push_str(WORDS[*w]);
            spans.push(start..text.chars().count());
            if i + 1 < words.len() {
                text.push(if *newline { '\n' } else { ' ' });
            }
        }
        (text, spans)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("ATTEST_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        #[test]
        fn exact_and_moved_keep_the_text_and_untouched_quotes_survive(
            words in text_strategy(),
            quotes in proptest::collection::vec((0usize..1000, 1usize..5), 1..6),
            edits in proptest::collection::vec((0usize..1000, 0usize..3, proptest::collection::vec(0..WORDS.len(), 0..4)), 1..5),
        ) {
            let (old_text, spans) = join(&words);
            let n = words.len();
            // Edits by word index, non-overlapping, applied from the end.
            let mut edits: Vec<WordEdit> = edits
                .into_iter()
                .map(|(at, len, insert)| WordEdit { start: at % (n + 1), len: len.min(n - (at % (n + 1)).min(n)), insert })
                .collect();
            edits.sort_by_key(|e| e.start);
            let mut kept: Vec<WordEdit> = Vec::new();
            for e in edits {
                if kept.last().is_none_or(|k| e.start > k.start + k.len) && (e.len > 0 || !e.insert.is_empty()) {
                    kept.push(e);
                }
            }
            let mut new_words = words.clone();
            for e in kept.iter().rev() {
                let replacement: Vec<(usize, bool)> = e.insert.iter().map(|&w| (w, false)).collect();
                new_words.splice(e.start..e.start + e.len, replacement);
            }
            let (new_text, _) = join(&new_words);
            let old = SourceText::new(old_text.as_str());
            let new = SourceText::new(new_text.as_str());
            let revision = Revision::new(&old, &new);
            for (at, len) in quotes {
                let first = at % n;
                let last = (first + len - 1).min(n - 1);
                let range = spans[first].start..spans[last].end;
                // Touched: an edit overlaps the quote's words or sits next to them.
                let touched = kept.iter().any(|e| e.start <= last + 1 && e.start + e.len + 1 >= first);
                let (prefix, suffix) = old.context(range.clone());
                let outcome = revision.map_span(range.start, range.end, &prefix, &suffix);
                if let Some(new_range) = outcome.resolved() {
                    prop_assert_eq!(new.slice(new_range), old.slice(range.clone()), "{:?}", outcome);
                }
                if !touched {
                    prop_assert!(
                        !matches!(outcome, Outcome::Changed { .. } | Outcome::Orphaned),
                        "untouched quote {:?} {:?} came out {:?}", range, old.slice(range.clone()), outcome
                    );
                }
            }
        }
    }
}

mod w3c_input {
    use attest::text::anchor::SourceText;
    use proptest::prelude::*;

    proptest! {
        /// Any input, JSON or not, gives annotations or an error: no panic.
        #[test]
        fn the_annotation_reader_never_panics(input in "\\PC{0,400}", exact in "\\PC{0,12}", start in 0usize..500, len in 0usize..50) {
            let _ = attest::import::w3c::parse(&input);
            let wrapped = format!(r#"[{{"target": {{"selector": [{{"type": "TextQuoteSelector", "exact": {exact:?}}}, {{"type": "TextPositionSelector", "start": {start}, "end": {}}}]}}, "body": {input:?}}}]"#, start + len);
            if let Ok(annotations) = attest::import::w3c::parse(&wrapped) {
                let text = SourceText::new(input.as_str());
                for a in annotations {
                    let _ = attest::import::w3c::place(&text, &a.selection);
                }
            }
        }
    }
}
