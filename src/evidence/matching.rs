//! Matching a query's phrases in passages (case and accents folded), and
//! figures in a passage that disagree with the claim's.

use super::*;

pub(super) fn same_text(a: &SourceText, b: &SourceText) -> bool {
    std::sync::Arc::ptr_eq(&a.shared(), &b.shared()) || a == b
}

/// The parts of a query in double quotes, case-folded.
pub(super) fn phrases(query: &str) -> Vec<String> {
    query
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|phrase| !phrase.is_empty())
        .map(|phrase| fold(&phrase))
        .collect()
}

/// Lower case, char for char (so that offsets carry over), with every
/// whitespace char a space.
pub(super) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                ' '
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect()
}

/// Chars (relative to `text`) of the first occurrence of a folded phrase.
pub(super) fn find_folded(text: &str, phrase: &str) -> Option<Range<usize>> {
    let folded = fold(text);
    let at = folded.find(phrase)?;
    let start = folded[..at].chars().count();
    Some(start..start + phrase.chars().count())
}

/// A number the claim states that the passage does not, beside one the
/// passage states that the claim does not. Years are left out of the
/// passage's side unless the claim gives a year too.
pub(super) fn number_clash(
    claim_text: &str,
    claim: &[Mention],
    passage_text: &str,
    stated: &[Mention],
    backing: &[Value],
) -> Option<NumberClash> {
    // The day of a date is no count: "24 November" against "November 26"
    // is a different day, not a different toll.
    let claim: Vec<&Mention> = claim.iter().filter(|m| !in_date(claim_text, m)).collect();
    let stated: Vec<&Mention> = stated
        .iter()
        .filter(|m| !in_date(passage_text, m))
        .collect();
    let is_year = |m: &Mention| {
        matches!(m.value, Value::Exact(v) if (1000.0..=2999.0).contains(&v) && v.fract() == 0.0)
            && m.text.trim().len() == 4
    };
    let claim_gives_year = claim.iter().any(|m| is_year(m));
    let missing = claim
        .iter()
        .find(|c| !backing.iter().any(|v| c.value.backed_by(v)))?;
    let other = stated.iter().find(|p| {
        (claim_gives_year || !is_year(p))
            && !claim
                .iter()
                .any(|c| c.value.backed_by(&p.value) || p.value.backed_by(&c.value))
    })?;
    Some(NumberClash {
        claim: missing.text.trim().to_owned(),
        passage: other.text.trim().to_owned(),
    })
}

/// Whether a number is the day or year of a date: a month name next to it.
pub(super) fn in_date(text: &str, m: &Mention) -> bool {
    let is_month = |w: Option<&str>| {
        w.is_some_and(|w| numbers::month(w.trim_matches(|c: char| !c.is_alphabetic())).is_some())
    };
    let before = text
        .get(..m.range.start)
        .and_then(|t| t.split_whitespace().last());
    let after = text
        .get(m.range.end..)
        .and_then(|t| t.split_whitespace().next());
    is_month(before) || is_month(after)
}
