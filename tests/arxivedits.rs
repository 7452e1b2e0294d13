//! Re-anchoring against 400 real sentence revisions with human-labelled
//! edits (arXivEdits; see `tests/data/arxivedits/README.md`).
//!
//! The old and new sentences of every pair are joined into two documents,
//! one sentence a line, so the revision carries hundreds of real edits at
//! once. Quotes are taken from the old document: one around each labelled
//! edit (touched) and one well clear of all edits in each sentence
//! (untouched). Then:
//!
//! - a quote reported `exact` or `moved` has its old text at its new place;
//! - a touched quote is `exact` or `moved` only if its text is truly
//!   unchanged (it still occurs in the new version of its sentence);
//! - an untouched quote is never `changed` or `orphaned`.
//!
//! Run with `--nocapture` to see the confusion table (it is in the README).

use std::collections::BTreeMap;
use std::ops::Range;

use attest::text::anchor::SourceText;
use attest::text::reanchor::{Outcome, Revision};
use serde_json::Value;

/// One sentence pair with its labelled edits in old-token coordinates.
struct Pair {
    old: Vec<String>,
    new: Vec<String>,
    /// Old-token ranges an edit touches; an insertion is an empty range at
    /// the gap where it goes.
    edits: Vec<Range<usize>>,
}

fn range(value: &Value) -> Option<Range<usize>> {
    let v = value.as_array()?;
    Some(v.first()?.as_u64()? as usize..v.get(1)?.as_u64()? as usize)
}

/// Reads a pair; `None` when the labels do not account for every difference
/// (the unedited tokens of the two sentences must then be the same).
fn pair(entry: &Value) -> Option<Pair> {
    let old: Vec<String> = entry["sentence-1"]
        .as_str()?
        .split(' ')
        .map(str::to_owned)
        .collect();
    let new: Vec<String> = entry["sentence-2"]
        .as_str()?
        .split(' ')
        .map(str::to_owned)
        .collect();
    let edits = entry["edits-combination-0"].as_object()?;
    let mut old_changed = vec![false; old.len()];
    let mut new_changed = vec![false; new.len()];
    let mut insertions = Vec::new();
    let mut ranges = Vec::new();
    for edit in edits.values() {
        if let Some(r) = range(&edit["sentence-1-token-indices"]) {
            old_changed
                .get_mut(r.clone())?
                .iter_mut()
                .for_each(|c| *c = true);
            ranges.push(r);
        }
        if let Some(r) = range(&edit["sentence-2-token-indices"]) {
            new_changed
                .get_mut(r.clone())?
                .iter_mut()
                .for_each(|c| *c = true);
            if edit["type"] == "Insertion" {
                insertions.push(r.start);
            }
        }
    }
    // Unedited tokens align one to one, in order.
    let old_kept: Vec<usize> = (0..old.len()).filter(|&i| !old_changed[i]).collect();
    let new_kept: Vec<usize> = (0..new.len()).filter(|&j| !new_changed[j]).collect();
    if old_kept.len() != new_kept.len()
        || old_kept
            .iter()
            .zip(&new_kept)
            .any(|(&i, &j)| old[i] != new[j])
    {
        return None;
    }
    for at in insertions {
        // The gap after the last kept token before the insertion.
        let k = new_kept.iter().rposition(|&j| j < at);
        let gap = k.map_or(0, |k| old_kept[k] + 1);
        ranges.push(gap..gap);
    }
    Some(Pair {
        old,
        new,
        edits: ranges,
    })
}

#[test]
fn labelled_edits_are_never_anchored_silently() {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut skipped = 0;
    let mut seen = std::collections::HashSet::new();
    for file in ["dev", "test"] {
        let path = format!(
            "{}/tests/data/arxivedits/{file}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for entry in data.as_object().unwrap().values() {
            // Entries chain versions of one sentence (one entry's new sentence is
            // another's old one); a document holds each sentence once, so skip an
            // entry whose sentences are already in the documents.
            match pair(entry) {
                Some(p) if !p.edits.is_empty() => {
                    let (old, new) = (p.old.join(" "), p.new.join(" "));
                    if seen.contains(&old) || seen.contains(&new) {
                        skipped += 1;
                    } else {
                        seen.insert(old);
                        seen.insert(new);
                        pairs.push(p);
                    }
                }
                _ => skipped += 1,
            }
        }
    }
    assert!(pairs.len() >= 300, "{} usable pairs", pairs.len());

    // Build the documents and the quotes (char ranges in the old document).
    let mut old_doc = String::new();
    let mut new_doc = String::new();
    let mut quotes: Vec<(Range<usize>, bool, usize)> = Vec::new(); // (range, touched, pair)
    let mut new_lines = Vec::new();
    for (n, p) in pairs.iter().enumerate() {
        let line_start = old_doc.chars().count();
        let mut token_starts = Vec::new();
        let mut pos = line_start;
        for t in &p.old {
            token_starts.push(pos);
            pos += t.chars().count() + 1;
        }
        let span = |first: usize, last: usize| {
            token_starts[first]..token_starts[last] + p.old[last].chars().count()
        };
        let count = p.old.len();
        for edit in &p.edits {
            // The edit's tokens with one more on each side (an insertion: the
            // tokens on both sides of its gap).
            let first = edit.start.saturating_sub(1);
            let last = edit.end.min(count - 1);
            if first <= last {
                quotes.push((span(first, last), true, n));
            }
        }
        // Three tokens at least two tokens from every edit.
        let clear = |i: usize| p.edits.iter().all(|e| i + 2 < e.start || i >= e.end + 2);
        if let Some(first) =
            (0..count.saturating_sub(2)).find(|&i| clear(i) && clear(i + 1) && clear(i + 2))
        {
            quotes.push((span(first, first + 2), false, n));
        }
        old_doc.push_str(&p.old.join(" "));
        old_doc.push('\n');
        new_lines.push(p.new.join(" "));
        new_doc.push_str(&p.new.join(" "));
        new_doc.push('\n');
    }

    let old = SourceText::new(old_doc.as_str());
    let new = SourceText::new(new_doc.as_str());
    let revision = Revision::new(&old, &new);
    let mut table: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (range, touched, n) in &quotes {
        let text = old.slice(range.clone()).unwrap();
        let (prefix, suffix) = old.context(range.clone());
        let outcome = revision.map_span(range.start, range.end, &prefix, &suffix);
        if let Some(place) = outcome.resolved() {
            assert_eq!(new.slice(place), Some(text), "{outcome:?}");
            if *touched {
                assert!(
                    new_lines[*n].contains(text),
                    "a quote over a labelled edit came out {outcome:?} though its text changed: {text:?}"
                );
            }
        }
        if !touched {
            assert!(
                !matches!(outcome, Outcome::Changed { .. } | Outcome::Orphaned),
                "an untouched quote came out {outcome:?}: {text:?}"
            );
        }
        let row = if *touched {
            "over a labelled edit"
        } else {
            "clear of edits"
        };
        *table.entry((row, outcome.status())).or_insert(0) += 1;
    }

    println!(
        "{} sentence pairs ({skipped} skipped: labels incomplete or empty, or another version of a sentence already used), {} quotes",
        pairs.len(),
        quotes.len()
    );
    println!("| quote | exact | moved | changed | ambiguous | orphaned |");
    println!("|---|---|---|---|---|---|");
    for row in ["over a labelled edit", "clear of edits"] {
        let cells: Vec<String> = ["exact", "moved", "changed", "ambiguous", "orphaned"]
            .iter()
            .map(|s| table.get(&(row, *s)).copied().unwrap_or(0).to_string())
            .collect();
        println!("| {row} | {} |", cells.join(" | "));
    }
}
