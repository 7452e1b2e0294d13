//! Fuzzing the parts that read untrusted input: the project loader, the W3C
//! annotation importer and the mapping of quotes through a new version of
//! their source. Any input must give a result or a clear error: no panic, and
//! no case may take long (a hang).
//!
//! Each target runs for a time budget: a few seconds by default, so that
//! `cargo test` stays quick; `ATTEST_FUZZ_SECONDS=600` gives each target ten
//! minutes (run with `--release`, and `-- --nocapture` to see the figures).

use std::path::Path;
use std::time::{Duration, Instant};

use attest::text::anchor::SourceText;
use attest::text::reanchor::Revision;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The longest a single case may take before it counts as a hang.
const SLOWEST_ALLOWED: Duration = Duration::from_secs(2);

fn budget() -> Duration {
    let seconds = std::env::var("ATTEST_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `test` on values of `strategy` until the budget is spent; fails on
/// the first panic or failed assertion (shrunk by proptest) and on any case
/// slower than [`SLOWEST_ALLOWED`].
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let deadline = Instant::now() + budget();
    let mut cases: u64 = 0;
    let mut slowest = Duration::ZERO;
    let slowest_cell = std::cell::Cell::new(Duration::ZERO);
    while Instant::now() < deadline {
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |value| {
            let started = Instant::now();
            let outcome = test(value);
            let took = started.elapsed();
            slowest_cell.set(slowest_cell.get().max(took));
            prop_assert!(took < SLOWEST_ALLOWED, "one case took {took:?}");
            outcome
        });
        if let Err(e) = result {
            panic!("{name}: {e}");
        }
        cases += 256;
        slowest = slowest.max(slowest_cell.get());
    }
    eprintln!(
        "fuzz {name}: {cases} cases in {:?}, slowest {slowest:?}",
        budget()
    );
}

fn sample_ron() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/islamabad-protests/project.ron"),
    )
    .unwrap()
}

/// Edits of a text: (kind, where, how long, what to insert).
fn mutations() -> impl Strategy<Value = Vec<(u8, f64, usize, String)>> {
    proptest::collection::vec(
        (
            0u8..6,
            0.0f64..1.0,
            0usize..64,
            "(\\PC|[\"(),:\\[\\]0-9]){0,12}",
        ),
        1..8,
    )
}

fn mutate(text: &str, mutations: &[(u8, f64, usize, String)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (kind, at, len, insert) in mutations {
        let at = ((bytes.len() as f64) * at) as usize;
        let end = (at + len).min(bytes.len());
        match kind {
            0 => drop(bytes.drain(at..end)),
            1 => drop(bytes.splice(at..at, insert.bytes())),
            2 => drop(bytes.splice(at..end, insert.bytes())),
            3 => bytes.truncate(at),
            4 => {
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                // A number made huge, negative or fractional.
                let digits = ["18446744073709551616", "-1", "0.5", "4294967295", "1e308"];
                drop(bytes.splice(at..end, digits[len % digits.len()].bytes()));
            }
        }
    }
    // Invalid UTF-8 may appear where a splice cut a character.
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn the_project_loader_never_panics() {
    let ron = sample_ron();
    let path = Path::new("project.ron");
    fuzz("project loader (mutated sample)", mutations(), |m| {
        let text = mutate(&ron, &m);
        match attest::project::store::from_ron(&text, path) {
            Ok(project) => {
                // A project that parses must also serialize and load again.
                let again = attest::project::store::to_ron(&project);
                prop_assert!(attest::project::store::from_ron(&again, path).is_ok());
            }
            Err(e) => prop_assert!(e.to_string().contains("project.ron"), "{e}"),
        }
        Ok(())
    });
    fuzz("project loader (any text)", "\\PC{0,300}", |text| {
        let _ = attest::project::store::from_ron(&text, path);
        Ok(())
    });
}

#[test]
fn the_loader_never_panics_on_a_damaged_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/islamabad-protests");
    let dir = tmp.path().join("p");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    for entry in std::fs::read_dir(sample.join("sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("sources").join(entry.file_name())).unwrap();
    }
    let ron = sample_ron();
    fuzz(
        "project folder",
        (mutations(), proptest::option::of(mutations())),
        |(m, snapshot)| {
            std::fs::write(dir.join("project.ron"), mutate(&ron, &m)).unwrap();
            let original = std::fs::read_dir(sample.join("sources"))
                .unwrap()
                .next()
                .unwrap()
                .unwrap();
            let target = dir.join("sources").join(original.file_name());
            let text = std::fs::read_to_string(original.path()).unwrap();
            std::fs::write(
                &target,
                snapshot.map_or(text.clone(), |s| mutate(&text, &s)),
            )
            .unwrap();
            if let Ok(doc) = attest::project::document::Document::open(&dir) {
                let _ = doc.check();
            }
            Ok(())
        },
    );
}

#[test]
fn the_w3c_importer_never_panics() {
    let project_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/islamabad-protests");
    let doc = attest::project::document::Document::open(&project_dir).unwrap();
    let source = doc.project().sources[0].id.clone();
    let export = attest::export::export(&doc, attest::export::Format::W3c, true)
        .unwrap()
        .text;
    fuzz("W3C importer (mutated export)", mutations(), |m| {
        if let Ok(annotations) = attest::import::w3c::parse(&mutate(&export, &m)) {
            let _ = attest::project::actions::import_w3c(
                doc.project(),
                doc.texts(),
                &annotations,
                None,
            );
            let _ = attest::project::actions::import_w3c(
                doc.project(),
                doc.texts(),
                &annotations,
                Some(&source),
            );
        }
        Ok(())
    });
}

const WORDS: [&str; 10] = [
    "six",
    "people",
    "died",
    "\n",
    "five",
    "کراچی",
    "👍🏽",
    "e\u{301}",
    "six",
    ",",
];

fn words() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..WORDS.len(), 0..120)
}

fn join(words: &[usize]) -> String {
    words
        .iter()
        .map(|&w| WORDS[w])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn quote_mapping_never_panics_and_never_points_at_other_text() {
    fuzz(
        "anchor mapping",
        (
            words(),
            words(),
            proptest::collection::vec((0usize..2000, 0usize..2000), 1..8),
        ),
        |(old, new, spans)| {
            let old = SourceText::new(join(&old));
            let new = SourceText::new(join(&new));
            let revision = Revision::new(&old, &new);
            for (a, b) in spans {
                let (start, end) = (
                    a.min(b) % (old.char_len() + 1),
                    a.max(b) % (old.char_len() + 1),
                );
                let (start, end) = (start.min(end), start.max(end));
                let (prefix, suffix) = old.context(start..end);
                let outcome = revision.map_span(start, end, &prefix, &suffix);
                if let Some(range) = outcome.resolved() {
                    prop_assert_eq!(new.slice(range), old.slice(start..end));
                }
                let _ = revision.map_pos(a, b % 2 == 0);
                let _ = attest::text::anchor::locate(
                    &new,
                    old.slice(start..end).unwrap_or_default(),
                    &prefix,
                    &suffix,
                );
                let _ = attest::text::anchor::near_miss(&new, &prefix);
            }
            Ok(())
        },
    );
}

/// Edits of a binary file: (kind, where, how long, bytes to insert).
fn byte_mutations() -> impl Strategy<Value = Vec<(u8, f64, usize, Vec<u8>)>> {
    proptest::collection::vec(
        (
            0u8..5,
            0.0f64..1.0,
            0usize..256,
            proptest::collection::vec(any::<u8>(), 0..16),
        ),
        1..6,
    )
}

fn mutate_bytes(bytes: &[u8], mutations: &[(u8, f64, usize, Vec<u8>)]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for (kind, at, len, insert) in mutations {
        let at = ((bytes.len() as f64) * at) as usize;
        let end = (at + len).min(bytes.len());
        match kind {
            0 => drop(bytes.drain(at..end)),
            1 => drop(bytes.splice(at..at, insert.iter().copied())),
            2 => drop(bytes.splice(at..end, insert.iter().copied())),
            3 => bytes.truncate(at),
            _ => {
                for b in &mut bytes[at..end] {
                    *b ^= 0x20;
                }
            }
        }
    }
    bytes
}

/// The importer of each format, on mutated files of the corpus: a result or
/// a clear refusal, never a panic or a hang. (A panic inside a parser is
/// caught and reported by the importer's isolation; that is the contract
/// tested here, through the same entry point the app and the command line
/// use.)
#[test]
fn the_importers_never_panic_or_hang() {
    use attest::import::{Hints, isolate};
    use attest::model::Format;
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    for (name, format) in [
        ("news.html", Format::Html),
        ("communique-windows-1252.html", Format::Html),
        ("statement.docx", Format::Docx),
        ("single-column.pdf", Format::Pdf),
    ] {
        let original = std::fs::read(corpus.join(name)).unwrap();
        fuzz(&format!("importer ({name})"), byte_mutations(), |m| {
            let bytes = mutate_bytes(&original, &m);
            match isolate::extract(format, &bytes, &Hints::default(), &Default::default()) {
                Ok(extracted) => {
                    let chars = extracted.text.chars().count();
                    prop_assert!(extracted.pages.iter().all(|p| p.start <= chars));
                    prop_assert!(extracted.pages.is_sorted_by_key(|p| p.start));
                }
                Err(reason) => prop_assert!(!reason.is_empty()),
            }
            Ok(())
        });
    }
}

#[test]
fn pdf_layout_never_panics_and_keeps_every_page() {
    use attest::import::pdf::{Glyph, PageGlyphs};
    let glyph = (
        "(\\PC|[-\u{2010}\u{AD}\u{FB01}\u{AF}\u{B4}. ¹]){0,2}",
        -50.0f32..700.0,
        -50.0f32..900.0,
        -5.0f32..40.0,
        -2.0f32..30.0,
    )
        .prop_map(|(text, x, y, width, size)| Glyph {
            text,
            x,
            y,
            width,
            size,
        });
    let page = proptest::collection::vec(glyph, 0..80).prop_map(|glyphs| PageGlyphs {
        glyphs,
        width: 595.0,
        height: 842.0,
    });
    fuzz(
        "PDF layout",
        proptest::collection::vec(page, 1..6),
        |pages| {
            let (text, starts) = attest::import::pdf::assemble(&pages);
            prop_assert_eq!(starts.len(), pages.len());
            prop_assert!(starts.is_sorted());
            prop_assert!(starts.iter().all(|&s| s <= text.chars().count()));
            Ok(())
        },
    );
}
