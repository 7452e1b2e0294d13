//! Loading stays linear in the size of the project: a project with ten times
//! the quotes takes about ten times as long to open and check, not a hundred
//! times. Machines are noisy, so this compares two sizes in one run rather
//! than timing against a fixed figure; `cargo bench --bench scale` gives the
//! figures themselves.

use std::path::Path;
use std::time::{Duration, Instant};

use attest::check::Rule;
use attest::project::document::Document;
#[path = "common/synthetic.rs"]
mod synthetic;

use synthetic::Shape;

fn shape(quotes: usize) -> Shape {
    Shape {
        sources: 20,
        source_bytes: 20_000,
        quotes,
        claims: quotes / 4,
        seed: 42,
    }
}

/// A generated project in `dir` with `quotes` quotes, every tenth of which
/// no longer matches its snapshot, so that loading reports it with its line.
fn project(dir: &Path, quotes: usize) {
    let mut generated = synthetic::generate(&shape(quotes));
    for quote in generated.project.quotes.iter_mut().step_by(10) {
        quote.text = quote.text.to_uppercase();
    }
    generated.save(dir).unwrap();
}

/// The fastest of three opens and checks (the least disturbed by noise).
fn open_and_check(dir: &Path) -> (Duration, usize) {
    let mut fastest = Duration::MAX;
    let mut findings = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let doc = Document::open(dir).unwrap();
        findings = doc.check().findings().len();
        fastest = fastest.min(started.elapsed());
    }
    (fastest, findings)
}

/// Asserts that doing `what` at ten times the size took less than 25 times
/// as long: linear work gives about 10, quadratic work about 100.
fn assert_near_linear(what: &str, small: Duration, large: Duration) {
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    println!("{what}: 2,000 quotes {small:?}; 20,000 quotes {large:?}; ratio {ratio:.1}");
    assert!(
        ratio < 25.0,
        "{what} 10x the quotes took {ratio:.1}x as long ({small:?} against {large:?}): it is no longer linear"
    );
}

#[test]
fn opening_and_checking_ten_times_the_quotes_takes_about_ten_times_as_long() {
    let tmp = tempfile::tempdir().unwrap();
    let (small, large) = (tmp.path().join("small"), tmp.path().join("large"));
    project(&small, 2_000);
    project(&large, 20_000);
    let (small_time, small_findings) = open_and_check(&small);
    let (large_time, large_findings) = open_and_check(&large);
    assert!(
        large_findings >= 2_000 && small_findings >= 200,
        "every tenth quote is reported: {small_findings} and {large_findings} findings"
    );
    // The quadratic line lookup this guards against gave about 100.
    assert_near_linear("opening and checking", small_time, large_time);
}

#[test]
fn findings_on_a_large_project_name_the_line_of_their_record() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), 20_000);
    let ron = std::fs::read_to_string(tmp.path().join("project.ron")).unwrap();
    let doc = Document::open(tmp.path()).unwrap();
    let report = doc.check();
    let mut checked = 0;
    for finding in report.findings() {
        let (Rule::QuoteMismatch, Some(quote)) = (finding.rule, &finding.quote) else {
            continue;
        };
        let needle = format!("(id: \"{quote}\",");
        let line = ron.lines().position(|l| l.contains(&needle)).unwrap() + 1;
        assert!(
            finding.message.contains(&format!("(project.ron:{line})")),
            "{finding}"
        );
        checked += 1;
    }
    assert!(checked >= 2_000, "{checked} quote findings");
}

/// The fastest of three imports of the W3C export of a generated project
/// into a project with the same sources and nothing else, and the number of
/// quotes it made.
fn import(dir: &Path, quotes: usize) -> (Duration, usize) {
    let generated = synthetic::generate(&shape(quotes));
    generated.save(dir).unwrap();
    let doc = Document::open(dir).unwrap();
    let json = attest::export::export(&doc, attest::export::Format::W3c, true)
        .unwrap()
        .text;
    let annotations = attest::import::w3c::parse(&json).unwrap();
    let mut fastest = Duration::MAX;
    let mut made = 0;
    for _ in 0..3 {
        let mut target = generated.project.clone();
        target.quotes.clear();
        target.paragraphs.clear();
        let mut texts = generated.texts.clone();
        let started = Instant::now();
        let (command, _) =
            attest::project::actions::import_w3c(&target, &texts, &annotations, None).unwrap();
        attest::project::command::apply(&mut target, &mut texts, command.unwrap()).unwrap();
        fastest = fastest.min(started.elapsed());
        made = target.quotes.len();
    }
    (fastest, made)
}

#[test]
fn importing_ten_times_the_annotations_takes_about_ten_times_as_long() {
    let tmp = tempfile::tempdir().unwrap();
    let (small_time, small) = import(&tmp.path().join("small"), 2_000);
    let (large_time, large) = import(&tmp.path().join("large"), 20_000);
    // A few passages of the repetitive generated text occur more than once
    // with the same context; those wait for review instead.
    assert!(
        small > 1_900 && large > 19_000,
        "nearly every annotation made its quote: {small} and {large}"
    );
    assert_near_linear("importing", small_time, large_time);
}
