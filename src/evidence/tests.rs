//! Suggestions and search on small projects, and how passages are cut.

use super::*;

fn index(texts: &[(&str, &str)]) -> Index {
    let sources: Vec<(SourceId, SourceText)> = texts
        .iter()
        .map(|(id, t)| (SourceId::from(*id), SourceText::new(*t)))
        .collect();
    Index::build(&sources)
}

fn cut(text: &str) -> Vec<&str> {
    passages(text).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn passages_are_sentences_within_lines() {
    assert_eq!(
        cut("Six people died. Dozens were hurt.\nMr. Khan spoke to them.\n\n  Next line here.  "),
        [
            "Six people died.",
            "Dozens were hurt.",
            "Mr. Khan spoke to them.",
            "Next line here."
        ]
    );
}

#[test]
fn a_long_sentence_is_cut_at_spaces() {
    let text = "word ".repeat(700);
    let pieces = passages(&text);
    assert!(pieces.len() >= 3);
    for r in &pieces {
        assert!(r.len() <= MAX_PASSAGE_BYTES);
        assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        assert!(text[r.clone()].starts_with("word"));
    }
    let words: usize = pieces
        .iter()
        .map(|r| text[r.clone()].split_whitespace().count())
        .sum();
    assert_eq!(words, 700);
}

#[test]
fn a_long_run_without_spaces_is_cut_on_char_boundaries() {
    let text = "ü".repeat(1500);
    let pieces = passages(&text);
    assert_eq!(pieces.iter().map(|r| r.len()).sum::<usize>(), text.len());
}

#[test]
fn offsets_are_chars() {
    let text = "Ünïcödé first. Then the sentence about the protest in Islamabad.";
    let index = index(&[("s1", text)]);
    let hits = index.search("protest", 5);
    assert_eq!(hits.len(), 1);
    let chars: Vec<char> = text.chars().collect();
    let found: String = chars[hits[0].start..hits[0].end].iter().collect();
    assert_eq!(found, "protest");
}

#[test]
fn number_words_meet_digits() {
    let index = index(&[(
        "s1",
        "Officials said 6 people died in the clashes. Several people died elsewhere in the clashes.",
    )]);
    let found = index
        .suggest_text("Six people died in the clashes.", 5)
        .unwrap();
    assert!(found[0].text.starts_with("Officials said 6"), "{found:?}");
}

#[test]
fn a_different_number_on_the_same_subject_is_flagged() {
    let index = index(&[(
        "s1",
        "Clashes with security forces resulted in five deaths. Six officials met in the capital on Monday.",
    )]);
    let found = index
        .suggest_text("Six people died in clashes with security forces.", 5)
        .unwrap();
    let clash = found
        .iter()
        .find(|s| s.text.starts_with("Clashes"))
        .and_then(|s| s.different_number.clone());
    assert_eq!(
        clash,
        Some(NumberClash {
            claim: "Six".into(),
            passage: "five".into()
        })
    );
    let meeting = found.iter().find(|s| s.text.starts_with("Six officials"));
    assert!(meeting.is_none_or(|s| s.different_number.is_none()));
}

#[test]
fn a_different_day_is_no_different_number() {
    let index = index(&[(
        "s1",
        "On November 26, supporters marched on the capital to demand his release.",
    )]);
    let found = index
        .suggest_text(
            "Supporters marched on the capital on 24 November to demand his release.",
            5,
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].different_number, None);
}

#[test]
fn boilerplate_ranks_low() {
    let boiler = "Protesters clashed with police, our reporters said.";
    let a = format!("{boiler} Police fired tear gas at the protesters who clashed with them.");
    let b = format!("{boiler} Nothing else.");
    let c = format!("{boiler} Still nothing.");
    let d = format!("{boiler} Quiet day.");
    let index = index(&[("s1", &a), ("s2", &b), ("s3", &c), ("s4", &d)]);
    let found = index
        .suggest_text("Police clashed with protesters.", 3)
        .unwrap();
    assert!(found[0].text.starts_with("Police fired"), "{found:?}");
}

#[test]
fn nothing_to_search_is_an_error_and_no_sources_is_no_suggestion() {
    let index = index(&[("s1", "The protest went on.")]);
    assert_eq!(
        index.suggest_text("", 5),
        Err(SuggestError::NothingToSearch)
    );
    assert_eq!(
        index.suggest_text("the of and", 5),
        Err(SuggestError::NothingToSearch)
    );
    assert_eq!(Index::default().suggest_text("protest", 5), Ok(Vec::new()));
    assert!(Index::default().search("protest", 5).is_empty());
}

#[test]
fn search_needs_every_word_and_the_phrase() {
    let index = index(&[(
        "s1",
        "Tear gas was fired at the march. The march went on without gas. Gas prices rose.",
    )]);
    assert_eq!(index.search("gas march", 10).len(), 2);
    let phrase = index.search("\"tear gas\"", 10);
    assert_eq!(phrase.len(), 1);
    assert_eq!(phrase[0].start, 0);
    assert_eq!(phrase[0].end, "Tear gas".len());
}

#[test]
fn sync_reindexes_only_what_changed() {
    let one = (
        SourceId::from("s1"),
        SourceText::new("The march reached the capital."),
    );
    let two = (
        SourceId::from("s2"),
        SourceText::new("Police fired tear gas."),
    );
    let mut index = Index::build(&[one.clone(), two.clone()]);
    assert_eq!(index.sync(&[one.clone(), two.clone()]), 0);
    let two_new = (
        SourceId::from("s2"),
        SourceText::new("Police fired rubber bullets."),
    );
    assert_eq!(index.sync(&[one.clone(), two_new.clone()]), 1);
    assert!(index.search("tear gas", 5).is_empty());
    assert_eq!(index.search("rubber", 5).len(), 1);
    index.sync(std::slice::from_ref(&one));
    assert!(index.search("rubber", 5).is_empty());
    assert_eq!(index.source_count(), 1);
}

#[test]
fn odd_claims_get_suggestions_or_none_never_a_panic() {
    let index = index(&[
        (
            "s1",
            "Dozens were injured, including journalists. The march reached the capital.",
        ),
        (
            "s2",
            "Москва и Минск подписали соглашение. 🙂 Les manifestants ont marché.",
        ),
    ]);
    let long = "protesters marched on the capital while police fired tear gas ".repeat(500);
    for claim in [
        "injured",
        &long,
        "🙂🙂🙂",
        "Москва подписала соглашение",
        "東京",
        "\u{202e}\0",
    ] {
        match index.suggest_text(claim, 5) {
            Ok(found) => assert!(found.len() <= 5, "{claim:?}"),
            Err(e) => assert_eq!(e, SuggestError::NothingToSearch, "{claim:?}"),
        }
    }
    let found = index.suggest_text("injured", 5).unwrap();
    assert!(found[0].text.contains("injured"), "{found:?}");
    let found = index
        .suggest_text("Москва подписала соглашение", 5)
        .unwrap();
    assert!(found[0].text.contains("Москва"), "{found:?}");
}

#[cfg(feature = "meaning")]
#[test]
fn a_passage_found_for_its_meaning_says_so() {
    let index = index(&[
        ("s1", "Dozens were injured, including journalists."),
        (
            "s2",
            "The budget will be balanced next year. Farm prices rose.",
        ),
    ]);
    assert!(index.has_meaning());
    let found = index
        .suggest_text("Reporters were among those hurt.", 5)
        .unwrap();
    assert!(found[0].text.contains("journalists"), "{found:?}");
    assert!(found[0].similar_meaning);
    assert_eq!(
        found[0].label().as_deref(),
        Some("similar meaning, in other words")
    );
    let found = index.suggest_text("Journalists were injured.", 5).unwrap();
    assert!(!found[0].similar_meaning, "it shares the claim's words");
}
