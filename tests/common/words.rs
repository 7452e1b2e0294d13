//! Word measures of extracted text against a known text, for the import
//! tests and benchmarks.

use std::collections::HashMap;

/// The words of a text, lowercase, with how often each occurs.
pub fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w.to_lowercase()).or_default() += 1;
    }
    bag
}

/// Word F1 of `got` against `truth`, as bags of words.
pub fn f1(got: &str, truth: &str) -> f64 {
    let (got, truth) = (words(got), words(truth));
    let common: usize = got
        .iter()
        .map(|(w, n)| (*n).min(truth.get(w).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / got.values().sum::<usize>() as f64;
    let r = common as f64 / truth.values().sum::<usize>() as f64;
    2.0 * p * r / (p + r)
}
