//! The numbers a text states, for the `number-mismatch` rule.
//!
//! Reads digits (`72`, `1,200`, `3.5`, `24th`, `5m`), number words (`six`,
//! `twenty-four`, `two hundred and five`, `a dozen`, `1.2 million`) and vague
//! amounts (`dozens`, `hundreds`, `tens of thousands`). Years and the parts of
//! dates are numbers like any other: `26 November 2024` states 26 and 2024.
//! Month names are not required of a claim, but a quote that names a month
//! supports the month's number (`2024-11-26` against `26 November 2024`).

use std::fmt;
use std::ops::Range;

/// A number a text states.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A definite number.
    Exact(f64),
    /// A vague amount, `low <= n < high`.
    About {
        /// Smallest value meant.
        low: f64,
        /// One past the largest value meant.
        high: f64,
    },
}

impl Value {
    /// Whether a statement of `self` is backed by a statement of `other`: the
    /// same number, or (for a vague amount) a number or amount in its range.
    pub fn backed_by(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Exact(a), Value::Exact(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            (Value::Exact(_), Value::About { .. }) => false,
            (Value::About { low, high }, Value::Exact(b)) => low <= b && b < high,
            (Value::About { low, high }, Value::About { low: l2, high: h2 }) => {
                low < h2 && l2 < high
            }
        }
    }
}

/// One number in a text: what it is and how it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Its value.
    pub value: Value,
    /// The words that state it, as written.
    pub text: String,
    /// Where, in bytes.
    pub range: Range<usize>,
}

impl fmt::Display for Mention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Value::Exact(v) if self.text.trim() != format_number(*v) => {
                write!(f, "“{}” ({})", self.text, format_number(*v))
            }
            _ => write!(f, "“{}”", self.text),
        }
    }
}

/// A number as digits: `6`, `1200`, `3.5`.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The longest word a number is written with, in bytes (`thousands`,
/// `seventeen`): longer words are passed over without a look.
const LONGEST_NUMBER_WORD: usize = 9;

/// A text cut at its word boundaries (UAX #29), each piece with its offset.
fn tokens(text: &str) -> Vec<Token<'_>> {
    crate::text::words::word_bound_indices(text)
        .map(|(at, s)| Token { at, s })
        .collect()
}

/// The numbers stated in `text`, in order.
pub fn numbers(text: &str) -> Vec<Mention> {
    if !may_state_numbers(text) {
        return Vec::new();
    }
    read(&tokens(text))
}

/// The number words, by value: `zero` to `nine`.
const UNITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
/// `ten` to `nineteen`.
const TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
/// `twenty` to `ninety`.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// The words that multiply a number: `a hundred`, `a dozen`, `three million`.
const MULTIPLIERS: [&str; 6] = [
    "hundred", "dozen", "thousand", "million", "billion", "trillion",
];
/// Vague amounts and the range each means, `low <= n < high`.
const AMOUNTS: [(&str, f64, f64); 6] = [
    ("tens", 20.0, 100.0),
    ("dozens", 24.0, 144.0),
    ("hundreds", 200.0, 1e3),
    ("thousands", 2e3, 1e6),
    ("millions", 2e6, 1e9),
    ("billions", 2e9, 1e12),
];

/// Every word that can start a number or an amount, in lower case.
fn number_words() -> impl Iterator<Item = &'static str> {
    UNITS
        .into_iter()
        .chain(TEENS)
        .chain(TENS)
        .chain(MULTIPLIERS)
        .chain(AMOUNTS.iter().map(|a| a.0))
}

/// Whether `text` can state a number or name a month at all: a quick look
/// (a digit, or an ASCII word that is a number word or a month's name), so
/// that the many quotes that state none are not cut into words
/// by the full rules. A text that is not ASCII is always looked at fully.
fn may_state_numbers(text: &str) -> bool {
    if !text.is_ascii() || text.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| (3..=LONGEST_NUMBER_WORD).contains(&w.len()))
        .any(|w| number_words().any(|n| w.eq_ignore_ascii_case(n)) || month(w).is_some())
}

fn read(tokens: &[Token]) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let s = tokens[i].s;
        let consumed = if s.starts_with(|c: char| c.is_ascii_digit()) {
            digits(tokens, i, &mut found)
        } else if s.len() <= LONGEST_NUMBER_WORD && s.starts_with(char::is_alphabetic) {
            vague(tokens, i, &mut found).or_else(|| words(tokens, i, &mut found))
        } else {
            None
        };
        i = consumed.unwrap_or(i + 1);
    }
    found
}

/// The numbers a quote can back: those it states, and the numbers of the
/// months it names. The text is cut into words once for both.
pub fn backing(text: &str) -> Vec<Value> {
    if !may_state_numbers(text) {
        return Vec::new();
    }
    let tokens = tokens(text);
    with_months(&tokens, &read(&tokens))
}

/// [`backing`] for a text whose numbers have been read already.
pub fn backing_of(text: &str, stated: &[Mention]) -> Vec<Value> {
    with_months(&tokens(text), stated)
}

fn with_months(tokens: &[Token], stated: &[Mention]) -> Vec<Value> {
    let mut values: Vec<Value> = stated.iter().map(|m| m.value.clone()).collect();
    // Capitalised only, so that "may" the verb is not May the month.
    for token in tokens
        .iter()
        .filter(|t| t.s.starts_with(char::is_uppercase))
    {
        if let Some(n) = month(token.s) {
            values.push(Value::Exact(n as f64));
        }
    }
    values
}

/// The number of the month a word names (1 for `January` or `Jan`), in
/// any case.
pub fn month(word: &str) -> Option<usize> {
    // Month names are ASCII, three to nine letters: nothing else is one.
    if !(3..=LONGEST_NUMBER_WORD).contains(&word.len()) || !word.is_ascii() {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            word.eq_ignore_ascii_case(m) || (m.len() > 3 && word.eq_ignore_ascii_case(&m[..3]))
        })
        .map(|n| n + 1)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[derive(Clone, Copy)]
struct Token<'a> {
    at: usize,
    s: &'a str,
}

impl Token<'_> {
    fn end(&self) -> usize {
        self.at + self.s.len()
    }

    fn is_space(&self) -> bool {
        self.s.chars().all(|c| c.is_whitespace() && c != '\n')
    }

    fn is_hyphen(&self) -> bool {
        matches!(self.s, "-" | "\u{2010}" | "\u{2011}")
    }

    fn lower(&self) -> String {
        self.s.to_lowercase()
    }
}

/// The index of the next word after `i`, skipping one run of spaces (and a
/// hyphen when `hyphen` allows it).
fn next_word(tokens: &[Token], i: usize, hyphen: bool) -> Option<usize> {
    let j = i + 1;
    let t = tokens.get(j)?;
    if t.is_space() || (hyphen && t.is_hyphen()) {
        let k = j + 1;
        tokens
            .get(k)
            .filter(|t| t.s.chars().next().is_some_and(char::is_alphanumeric))
            .map(|_| k)
    } else {
        None
    }
}

fn scale_of(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

/// `1,200`, `3.5`, `24th`, `5m`, `1.2 million`.
fn digits(tokens: &[Token], i: usize, found: &mut Vec<Mention>) -> Option<usize> {
    let token = tokens[i];
    let split = token
        .s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(token.s.len());
    let (number, suffix) = token.s.split_at(split);
    let number = number.trim_end_matches(['.', ',']);
    let plain = if is_grouped(number) {
        number.replace(',', "")
    } else if number.contains(',') {
        // "3,5" is not a thousands grouping; read the part before the comma.
        number.split(',').next().unwrap_or_default().to_owned()
    } else {
        number.to_owned()
    };
    let mut value: f64 = plain.parse().ok()?;
    let suffix = suffix.to_lowercase();
    let mut last = i;
    match suffix.as_str() {
        "" | "st" | "nd" | "rd" | "th" | "s" => {}
        "k" => value *= 1e3,
        other => match scale_of(other) {
            Some(scale) => value *= scale,
            None => {
                // "24-hour" is split by the hyphen; "5G" or "3D" is a name.
                return Some(i + 1);
            }
        },
    }
    if suffix.is_empty()
        && let Some(j) = next_word(tokens, i, false)
        && let Some(scale) = scale_of(&tokens[j].lower()).filter(|s| *s >= 100.0)
        && tokens[j].s.len() > 2
    {
        value *= scale;
        last = j;
    }
    found.push(Mention {
        value: Value::Exact(value),
        text: text_between(tokens, i, last),
        range: token.at..tokens[last].end(),
    });
    Some(last + 1)
}

fn is_grouped(number: &str) -> bool {
    let mut groups = number.split(',');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && rest.iter().enumerate().all(|(k, g)| {
            let g = if k + 1 == rest.len() {
                g.split('.').next().unwrap_or_default()
            } else {
                g
            };
            g.len() == 3 && g.chars().all(|c| c.is_ascii_digit())
        })
}

fn text_between(tokens: &[Token], first: usize, last: usize) -> String {
    tokens[first..=last].iter().map(|t| t.s).collect()
}

/// `dozens`, `hundreds`, `tens of thousands`, `hundreds of millions`.
fn vague(tokens: &[Token], i: usize, found: &mut Vec<Mention>) -> Option<usize> {
    let range = |word: &str| -> Option<(f64, f64)> {
        AMOUNTS
            .iter()
            .find(|a| a.0 == word)
            .map(|&(_, low, high)| (low, high))
    };
    let word = tokens[i].lower();
    let mut last = i;
    let (mut low, mut high) = range(&word)?;
    // "tens of thousands": scale the first amount by the second's unit (a
    // thousand or more: "tens of tens" is no amount).
    let of = next_word(tokens, i, false).filter(|&j| tokens[j].lower() == "of");
    let unit = of
        .and_then(|j| next_word(tokens, j, false))
        .and_then(|k| range(&tokens[k].lower()).map(|r| (k, r.0 / 2.0)));
    match unit {
        Some((k, unit)) if unit >= 1e3 => {
            low *= unit;
            high *= unit;
            last = k;
        }
        _ if word == "tens" => return None,
        _ => {}
    }
    found.push(Mention {
        value: Value::About { low, high },
        text: text_between(tokens, i, last),
        range: tokens[i].at..tokens[last].end(),
    });
    Some(last + 1)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Unit,
    Teen,
    Ten,
    Hundred,
    Scale,
    Dozen,
}

fn word_value(word: &str) -> Option<(Kind, f64)> {
    if let Some(n) = UNITS.iter().position(|w| *w == word) {
        return Some((Kind::Unit, n as f64));
    }
    if let Some(n) = TEENS.iter().position(|w| *w == word) {
        return Some((Kind::Teen, (n + 10) as f64));
    }
    if let Some(n) = TENS.iter().position(|w| *w == word) {
        return Some((Kind::Ten, ((n + 2) * 10) as f64));
    }
    match word {
        "hundred" => Some((Kind::Hundred, 100.0)),
        "dozen" => Some((Kind::Dozen, 12.0)),
        "thousand" | "million" | "billion" | "trillion" => scale_of(word).map(|s| (Kind::Scale, s)),
        _ => None,
    }
}

/// Words that make a following "one" a pronoun: "no one", "each one".
const ONE_AS_PRONOUN_AFTER: [&str; 8] =
    ["no", "any", "every", "each", "the", "this", "that", "which"];
/// Words that make a preceding "one" a pronoun: "one of", "one another".
const ONE_AS_PRONOUN_BEFORE: [&str; 2] = ["of", "another"];

/// `six`, `twenty-four`, `two hundred and five`, `a dozen`, `three million`.
fn words(tokens: &[Token], i: usize, found: &mut Vec<Mention>) -> Option<usize> {
    let (kind, first) = word_value(&tokens[i].lower())?;
    let previous_word = i
        .checked_sub(2)
        .filter(|&p| tokens[p + 1].is_space())
        .map(|p| tokens[p].lower());
    // A bare "hundred", "thousand" or "dozen" needs "a" before it.
    if matches!(kind, Kind::Hundred | Kind::Scale | Kind::Dozen)
        && previous_word.as_deref() != Some("a")
    {
        return None;
    }
    let mut total = 0.0;
    let mut current = first;
    let mut last_kind = kind;
    let mut last = i;
    if kind == Kind::Scale {
        total = first;
        current = 0.0;
    }
    while let Some(mut j) = next_word(tokens, last, true) {
        // "two hundred and five"
        if tokens[j].lower() == "and" && matches!(last_kind, Kind::Hundred | Kind::Scale) {
            match next_word(tokens, j, false) {
                Some(k)
                    if word_value(&tokens[k].lower())
                        .is_some_and(|(k, _)| matches!(k, Kind::Unit | Kind::Teen | Kind::Ten)) =>
                {
                    j = k
                }
                _ => break,
            }
        }
        let Some((kind, value)) = word_value(&tokens[j].lower()) else {
            break;
        };
        let fits = match kind {
            Kind::Unit => {
                matches!(last_kind, Kind::Ten | Kind::Hundred | Kind::Scale) && value > 0.0
            }
            Kind::Teen | Kind::Ten => matches!(last_kind, Kind::Hundred | Kind::Scale),
            Kind::Hundred => {
                matches!(last_kind, Kind::Unit | Kind::Teen | Kind::Ten) && current < 100.0
            }
            Kind::Scale => last_kind != Kind::Scale || value > total,
            Kind::Dozen => matches!(last_kind, Kind::Unit | Kind::Teen | Kind::Ten),
        };
        if !fits {
            break;
        }
        match kind {
            Kind::Unit | Kind::Teen | Kind::Ten => current += value,
            Kind::Hundred => current *= 100.0,
            Kind::Dozen => current *= 12.0,
            Kind::Scale => {
                total += current.max(1.0) * value;
                current = 0.0;
            }
        }
        last_kind = kind;
        last = j;
    }
    let value = total + current;
    if last == i && first == 1.0 && kind == Kind::Unit {
        let next_word = next_word(tokens, i, false).map(|j| tokens[j].lower());
        if previous_word
            .as_deref()
            .is_some_and(|w| ONE_AS_PRONOUN_AFTER.contains(&w))
            || next_word
                .as_deref()
                .is_some_and(|w| ONE_AS_PRONOUN_BEFORE.contains(&w))
        {
            return Some(i + 1);
        }
    }
    found.push(Mention {
        value: Value::Exact(value),
        text: text_between(tokens, i, last),
        range: tokens[i].at..tokens[last].end(),
    });
    Some(last + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> Vec<f64> {
        numbers(text)
            .into_iter()
            .map(|m| match m.value {
                Value::Exact(v) => v,
                Value::About { low, .. } => -low,
            })
            .collect()
    }

    #[test]
    fn reads_digits() {
        assert_eq!(exact("72 people"), [72.0]);
        assert_eq!(exact("1,200 arrests and 3.5% growth"), [1200.0, 3.5]);
        assert_eq!(exact("the 24th of November, 2024."), [24.0, 2024.0]);
        assert_eq!(exact("a 24-hour curfew"), [24.0]);
        assert_eq!(
            exact("1.2 million people, 5m dollars, 3k"),
            [1.2e6, 5e6, 3e3]
        );
        assert_eq!(exact("2024-11-26"), [2024.0, 11.0, 26.0]);
        assert_eq!(exact("5G networks"), Vec::<f64>::new());
    }

    #[test]
    fn reads_number_words() {
        assert_eq!(exact("Six people died"), [6.0]);
        assert_eq!(exact("twenty-four hours"), [24.0]);
        assert_eq!(exact("twenty four hours"), [24.0]);
        assert_eq!(exact("two hundred and five arrests"), [205.0]);
        assert_eq!(exact("three million"), [3e6]);
        assert_eq!(exact("a dozen, two dozen"), [12.0, 24.0]);
        assert_eq!(exact("a hundred"), [100.0]);
        assert_eq!(exact("six, seven"), [6.0, 7.0]);
        assert_eq!(exact("four police officers"), [4.0]);
    }

    #[test]
    fn one_as_a_pronoun_is_not_a_number() {
        assert_eq!(
            exact("no one was hurt; one of them fled"),
            Vec::<f64>::new()
        );
        assert_eq!(exact("one man died"), [1.0]);
    }

    #[test]
    fn reads_vague_amounts() {
        let found = numbers("dozens were hurt and tens of thousands marched; hundreds");
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0].value,
            Value::About {
                low: 24.0,
                high: 144.0
            }
        );
        assert_eq!(found[1].text, "tens of thousands");
        assert_eq!(
            found[1].value,
            Value::About {
                low: 2e4,
                high: 1e5
            }
        );
        assert!(exact("tens").is_empty());
    }

    #[test]
    fn backing_compares_values() {
        let six = Value::Exact(6.0);
        assert!(six.backed_by(&Value::Exact(6.0)));
        assert!(!six.backed_by(&Value::Exact(5.0)));
        let hundreds = Value::About {
            low: 200.0,
            high: 1e3,
        };
        assert!(hundreds.backed_by(&Value::Exact(300.0)));
        assert!(!Value::Exact(300.0).backed_by(&hundreds));
        assert!(hundreds.backed_by(&hundreds.clone()));
    }

    #[test]
    fn months_back_their_numbers() {
        assert!(backing("on 26 November 2024").contains(&Value::Exact(11.0)));
        assert!(
            !numbers("on 26 November 2024")
                .iter()
                .any(|m| m.value == Value::Exact(11.0))
        );
    }

    /// Every word the rules read as a number or month is one the quick
    /// look stops at.
    #[test]
    fn the_quick_look_knows_every_number_word() {
        let months = MONTHS
            .iter()
            .flat_map(|m| [m.to_string(), m[..3].to_string()]);
        for word in number_words().map(str::to_string).chain(months) {
            for text in [
                format!("They said a {word} of them came."),
                format!("{} came.", word[..1].to_uppercase() + &word[1..]),
                format!("tens of {word}"),
            ] {
                let tokens = tokens(&text);
                let full = read(&tokens);
                assert_eq!(numbers(&text), full, "{text}");
                assert_eq!(backing(&text), with_months(&tokens, &full), "{text}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The quick look never skips a text the full rules find a number
        /// or a month in.
        #[test]
        fn the_quick_look_skips_only_texts_without_numbers(
            words in proptest::collection::vec(0usize..26, 0..5),
            seps in proptest::collection::vec(0usize..6, 12),
        ) {
            const WORDS: [&str; 26] = [
                "six", "Six", "people", "died", "twenty-four", "a", "dozen", "Dozens", "tens",
                "of", "thousands", "May", "may", "Nov", "November", "one", "no", "one's",
                "seventeen", "hundred", "and", "five", "Marchers", "month", "e.g", "zero",
            ];
            const SEPS: [&str; 6] = [" ", ", ", "-", "'", ".", " — "];
            let text: String = words
                .iter()
                .zip(&seps)
                .map(|(w, s)| format!("{}{}", WORDS[*w], SEPS[*s]))
                .collect();
            let tokens = tokens(&text);
            let full = read(&tokens);
            proptest::prop_assert_eq!(&numbers(&text), &full);
            proptest::prop_assert_eq!(backing(&text), with_months(&tokens, &full));
        }
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in [
            "",
            ",,,",
            "1,",
            "9".repeat(400).as_str(),
            "and and hundred",
            "- - one -",
        ] {
            numbers(text);
        }
    }
}
