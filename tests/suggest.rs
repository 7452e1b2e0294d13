//! `attest suggest` and `attest search` through the real binary, on the
//! sample project and on edge cases.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{arg, attest, copy_sample};

fn sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    copy_sample(&dir);
    (tmp, dir)
}

fn json(out: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(out)
        .expect("JSON")
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn suggest_lists_passages_with_char_offsets_and_leaves_out_cited_ones() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let claim = attest(["claim", "add", &d, "Reporters were among the dozens hurt."]).ok();
    let out = attest(["suggest", &d, &claim, "--format", "json", "--limit", "3"]).ok();
    let found = json(&out);
    assert!(!found.is_empty() && found.len() <= 3);
    let top = &found[0];
    assert_eq!(top["text"], "Dozens were injured, including journalists.");
    // The offsets are chars into the source's current snapshot.
    let source = top["source"].as_str().unwrap();
    let snapshot = fs::read_dir(dir.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(source) && name.ends_with(".txt")
        })
        .unwrap();
    let text: Vec<char> = fs::read_to_string(snapshot).unwrap().chars().collect();
    let (start, end) = (
        top["start"].as_u64().unwrap() as usize,
        top["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), top["text"]);
    assert!(top["score"].as_f64().unwrap() > 0.0);

    // Cite it; it is no longer suggested.
    common::cite(
        &dir,
        &claim,
        source,
        "Dozens were injured, including journalists.",
    );
    let after = json(&attest(["suggest", &d, &claim, "--format", "json"]).ok());
    assert!(after.iter().all(|s| s["start"] != top["start"]));
}

#[test]
fn suggest_text_names_sources_and_labels_a_different_number() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let claim = attest([
        "claim",
        "add",
        &d,
        "Six people died in the clashes with security forces.",
    ])
    .ok();
    let out = attest(["suggest", &d, &claim]).ok();
    assert!(
        out.starts_with(&format!("Suggested evidence for {claim}")),
        "{out}"
    );
    assert!(out.contains("said six people"), "{out}");
    assert!(
        out.contains("possibly contradicting: says “five” where the claim says “Six”"),
        "{out}"
    );
}

#[test]
fn a_single_source_claim_gets_other_sources_first() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let out = attest(["show", &d, "--format", "json"]).ok();
    let show: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sources: Vec<String> = show["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let claim = attest([
        "claim",
        "add",
        &d,
        "Police fired tear gas at the protesters.",
    ])
    .ok();
    common::cite(&dir, &claim, &sources[0], "slingshots and tear gas");
    let found = json(&attest(["suggest", &d, &claim, "--format", "json"]).ok());
    assert_eq!(found[0]["source"], sources[1].as_str(), "{found:#?}");
    assert_eq!(found[0]["other_source"], true);
}

#[test]
fn edge_cases_give_clear_answers() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let empty = attest(["claim", "add", &d, "the and of"]).ok();
    let err = attest(["suggest", &d, &empty]).fails();
    assert!(err.contains("no words to look for evidence with"), "{err}");
    let numbers = attest(["claim", "add", &d, "2027"]).ok();
    let found = json(&attest(["suggest", &d, &numbers, "--format", "json"]).ok());
    assert!(found[0]["text"].as_str().unwrap().contains("2027"));
    let err = attest(["suggest", &d, "cnosuchclaim"]).fails();
    assert!(err.contains("cnosuchclaim"), "{err}");
    let err = attest(["suggest", &d, &numbers, "--limit", "0"]).fails();
    assert!(err.contains("--limit"), "{err}");

    // A project without sources.
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("bare");
    attest(["new", &arg(&bare), "--title", "Bare"]).ok();
    let claim = attest(["claim", "add", &arg(&bare), "Six people died."]).ok();
    let out = attest(["suggest", &arg(&bare), &claim]).ok();
    assert!(out.contains("no sources to look in"), "{out}");
    let out = attest(["search", &arg(&bare), "protest"]).ok();
    assert!(out.contains("No passage of the 0 source(s)"), "{out}");
}

#[test]
fn search_groups_matches_by_source_and_finds_phrases() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let out = attest(["search", &d, "\"tear gas\""]).ok();
    assert!(out.contains("[tear gas]"), "{out}");
    assert_eq!(out.matches(" match)").count(), 2, "{out}");
    let hits = json(&attest(["search", &d, "journalists injured", "--format", "json"]).ok());
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0]["text"],
        "Dozens were injured, including journalists."
    );
    let err = attest(["search", &d, "  "]).fails();
    assert!(err.contains("words to search for"), "{err}");
}

#[test]
fn a_title_with_control_characters_cannot_drive_the_terminal() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let show: serde_json::Value =
        serde_json::from_str(&attest(["show", &d, "--format", "json"]).ok()).unwrap();
    let source = show["sources"][0]["id"].as_str().unwrap().to_owned();
    attest([
        "source",
        "edit",
        &d,
        &source,
        "--title",
        "Evil \u{1b}]0;owned\u{7} \u{1b}[2J title",
    ])
    .ok();
    let out = attest(["search", &d, "\"tear gas\""]).ok();
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("\\u{1b}"), "{out:?}");
}

#[test]
fn a_64_mib_source_is_indexed_and_searched() {
    use attest::evidence::Index;
    use attest::model::SourceId;
    use attest::text::anchor::SourceText;
    let report = include_str!("../assets/seeds/004_6dd02dcd122a951c.txt");
    let mut text = String::with_capacity(64 << 20);
    let mut n = 0;
    while text.len() < 64 << 20 {
        n += 1;
        text.push_str(&format!("Part {n}. "));
        text.push_str(report);
        text.push('\n');
    }
    let index = Index::build(&[(SourceId::from("big"), SourceText::new(text))]);
    let found = index
        .suggest_text("Reporters were among the dozens hurt.", 5)
        .unwrap();
    assert_eq!(found.len(), 5);
    assert!(found.iter().all(|s| s.text.contains("journalists")));
    assert_eq!(index.search("\"partnership agreement\"", 3).len(), 3);
}

#[cfg(feature = "meaning")]
#[test]
fn a_paraphrase_finds_its_passage_marked_as_similar_meaning() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let claim = attest(["claim", "add", &d, "Reporters were among those hurt."]).ok();
    let out = attest(["suggest", &d, &claim, "--limit", "5"]).ok();
    let found = out
        .split("\n\n")
        .find(|s| s.contains("including journalists"))
        .unwrap_or_else(|| panic!("the passage is among the first five: {out}"));
    assert!(
        found.contains("≈ similar meaning, in other words"),
        "{found}"
    );
    let listed = json(&attest(["suggest", &d, &claim, "--limit", "5", "--format", "json"]).ok());
    let passage = listed
        .iter()
        .find(|s| {
            s["text"]
                .as_str()
                .unwrap()
                .contains("including journalists")
        })
        .expect("in the JSON too");
    assert_eq!(passage["similar_meaning"], true);
}

#[cfg(feature = "meaning")]
#[test]
fn search_by_meaning_finds_other_words_closest_first() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let out = attest(["search", &d, "reporters hurt"]).ok();
    assert!(
        out.starts_with("No passage"),
        "no passage holds the words: {out}"
    );
    assert!(
        !dir.join(".attest-cache").exists(),
        "a search of words reads no meaning"
    );
    let out = attest(["search", &d, "reporters hurt", "--meaning", "--limit", "3"]).ok();
    assert!(dir.join(".attest-cache").is_dir());
    assert!(out.starts_with("Passages closest in meaning"), "{out}");
    let first = out.split("\n\n").nth(1).expect("a first passage");
    assert!(
        first.starts_with(" 1. ") && first.contains("Dozens were injured, including journalists."),
        "{out}"
    );
    assert_eq!(out.matches("\n\n").count(), 3, "three passages: {out}");
    let hits = json(
        &attest([
            "search",
            &d,
            "army called in",
            "--meaning",
            "--format",
            "json",
        ])
        .ok(),
    );
    assert_eq!(hits.len(), 20, "twenty unless told");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        hits[..5]
            .iter()
            .any(|h| h["text"].as_str().unwrap().contains("army")
                || h["text"].as_str().unwrap().contains("troops")
                || h["text"].as_str().unwrap().contains("military")),
        "{hits:#?}"
    );
    let err = attest(["search", &d, "reporters", "--meaning", "--limit", "0"]).fails();
    assert!(err.contains("--limit must be at least 1"), "{err}");
}

#[cfg(feature = "meaning")]
#[test]
fn suggest_keeps_what_passages_mean_in_a_cache_git_ignores_and_answers_the_same() {
    let (_tmp, dir) = sample();
    let d = arg(&dir);
    let claim = attest(["claim", "add", &d, "Reporters were among those hurt."]).ok();
    let first = attest(["suggest", &d, &claim, "--format", "json"]).ok();
    let cache = dir.join(".attest-cache");
    let files: Vec<_> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("meaning-"))
        .collect();
    assert_eq!(files.len(), 2, "one file per source text: {files:?}");
    assert!(
        fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .any(|l| l == "*")
    );
    assert_eq!(
        attest(["suggest", &d, &claim, "--format", "json"]).ok(),
        first
    );
    // A damaged cache changes nothing but the time taken.
    for file in &files {
        fs::write(cache.join(file), b"attest-meaning-1 and then nonsense").unwrap();
    }
    assert_eq!(
        attest(["suggest", &d, &claim, "--format", "json"]).ok(),
        first
    );
    fs::remove_dir_all(&cache).unwrap();
    assert_eq!(
        attest(["suggest", &d, &claim, "--format", "json"]).ok(),
        first
    );
}
