//! Re-anchoring the fixture pairs in `tests/fixtures/` (see its README).

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::Path;

use attest::text::anchor::SourceText;
use attest::text::reanchor::{Outcome, Revision};

/// Strips `[[id:text]]` marks; returns the text and each id's char range.
fn parse_marks(marked: &str) -> (String, BTreeMap<String, Range<usize>>) {
    let mut text = String::new();
    let mut marks = BTreeMap::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let colon = after.find(':').expect("a mark has an id");
        let close = after.find("]]").expect("a mark is closed");
        let id = after[..colon].to_owned();
        let quoted = &after[colon + 1..close];
        let start = text.chars().count();
        text.push_str(quoted);
        marks.insert(id, start..start + quoted.chars().count());
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, marks)
}

#[test]
fn every_fixture_pair_gives_the_expected_outcomes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".before.txt").map(str::to_owned)
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "fixtures found: {cases:?}");
    for case in cases {
        let read = |suffix: &str| fs::read_to_string(dir.join(format!("{case}.{suffix}"))).unwrap();
        let (old_text, quotes) = parse_marks(&read("before.txt"));
        let (new_text, expected_places) = parse_marks(&read("after.txt"));
        let old = SourceText::new(old_text.as_str());
        let new = SourceText::new(new_text.as_str());
        let revision = Revision::new(&old, &new);
        for line in read("expected.txt").lines() {
            let (id, status) = line.split_once(' ').expect("`id status` lines");
            let range = &quotes[id];
            let (prefix, suffix) = old.context(range.clone());
            let outcome = revision.map_span(range.start, range.end, &prefix, &suffix);
            assert_eq!(outcome.status(), status, "case {case}, {id}: {outcome:?}");
            let place = match &outcome {
                Outcome::Exact { start, end } | Outcome::Moved { start, end } => {
                    assert_eq!(
                        new.slice(*start..*end),
                        old.slice(range.clone()),
                        "case {case}, {id}"
                    );
                    Some(*start..*end)
                }
                Outcome::Changed {
                    start,
                    end,
                    new_text,
                } => {
                    assert_eq!(new.slice(*start..*end), Some(new_text.as_str()));
                    Some(*start..*end)
                }
                _ => None,
            };
            assert_eq!(
                place.as_ref(),
                expected_places.get(id),
                "case {case}, {id}: {outcome:?}"
            );
        }
    }
}
