//! Which PDF extractor Attest should use, by measurement: `pdf-extract` (on
//! `lopdf`, the one it uses) and `pdf_oxide`, with poppler's `pdftotext`
//! as the reference, in the same run.
//!
//! Every extractor's per-page text goes through Attest's own assembly
//! (paragraphs, hyphens, running headers), so the figures compare what
//! the extractors find, not how their lines are joined. For each PDF:
//!
//! - word accuracy: the share of the true text's words found, in order
//!   (a word diff);
//! - quotes found: the share of the true text's sentences found verbatim
//!   in the assembled text, as an editor would quote them;
//! - time: extraction and assembly in process (`pdftotext`: the whole
//!   process).
//!
//! PDFs with a known text are typeset from `tests/import/report.txt` (see
//! `make_corpus.py`; the long one by `make_long_report.py`, when
//! weasyprint is installed). Real PDFs found on the machine (Debian's
//! manuals) have no true text: there `pdftotext`'s is the reference.
//!
//! Run: `cargo bench --features compare-extractors --bench pdf_extractors`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use attest::import::pdf::assemble;

struct Case {
    name: String,
    pdf: PathBuf,
    /// The true text, or `None` to compare with pdftotext.
    truth: Option<String>,
}

type Extractor = fn(&Path) -> Result<Vec<String>, String>;

fn pdf_oxide(path: &Path) -> Result<Vec<String>, String> {
    let doc = pdf_oxide::PdfDocument::open(path).map_err(|e| e.to_string())?;
    let count = doc.page_count().map_err(|e| e.to_string())?;
    (0..count)
        .map(|p| doc.extract_text(p).map_err(|e| e.to_string()))
        .collect()
}

fn pdf_extract(path: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&bytes))
        .map_err(|_| "panicked".to_owned())?
        .map_err(|e| e.to_string())
}

fn pdftotext(path: &Path) -> Result<Vec<String>, String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext: {e}"))?;
    if !out.status.success() {
        return Err("pdftotext failed".into());
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.replace('\u{2010}', "-"))
        .collect()
}

/// The share of `truth`'s words found in `text`, in order.
fn word_accuracy(truth: &str, text: &str) -> f64 {
    let truth = words(truth);
    let text = words(text);
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Patience,
        &truth,
        &text,
        Some(Instant::now() + Duration::from_secs(20)),
    );
    let equal: usize = ops
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    equal as f64 / truth.len().max(1) as f64
}

/// The share of `truth`'s sentences found verbatim in `text`.
fn quotes_found(truth: &str, text: &str) -> (usize, usize) {
    let sentences: Vec<&str> = truth
        .split("\n\n")
        .flat_map(|p| p.split_inclusive(". "))
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 4)
        .collect();
    let found = sentences.iter().filter(|s| text.contains(*s)).count();
    (found, sentences.len())
}

fn cases(root: &Path) -> Vec<Case> {
    let corpus = root.join("tests/import");
    let truth = std::fs::read_to_string(corpus.join("report.txt")).expect("report.txt");
    let mut cases: Vec<Case> = ["single-column", "two-columns", "ligatures"]
        .iter()
        .map(|name| Case {
            name: format!("{name}.pdf"),
            pdf: corpus.join(format!("{name}.pdf")),
            truth: Some(truth.clone()),
        })
        .collect();
    let long = root.join("target/attest-bench/long-report.pdf");
    if !long.exists() {
        let _ = std::fs::create_dir_all(long.parent().unwrap());
        let made = Command::new("python3")
            .arg(corpus.join("make_long_report.py"))
            .arg(&long)
            .output();
        if !made.is_ok_and(|o| o.status.success()) {
            eprintln!("(no long report: weasyprint is not installed; pip install weasyprint)");
        }
    }
    if long.exists() {
        cases.push(Case {
            name: "long-report.pdf (300 pp.)".into(),
            pdf: long.clone(),
            truth: std::fs::read_to_string(long.with_extension("txt")).ok(),
        });
    }
    for real in [
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
        "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
    ] {
        if Path::new(real).exists() {
            cases.push(Case {
                name: Path::new(real)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                pdf: real.into(),
                truth: None,
            });
        }
    }
    cases
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let extractors: [(&str, Extractor); 3] = [
        ("pdf_oxide 0.3.78", pdf_oxide),
        ("pdf-extract 0.12.1", pdf_extract),
        ("pdftotext (poppler)", pdftotext),
    ];
    println!(
        "{:<28} {:<20} {:>9} {:>14} {:>10}",
        "PDF", "extractor", "words", "quotes found", "time"
    );
    for case in cases(&root) {
        let reference = match &case.truth {
            Some(truth) => truth.clone(),
            None => match pdftotext(&case.pdf) {
                Ok(pages) => assemble(&pages).0,
                Err(e) => {
                    println!(
                        "{:<28} pdftotext is needed as the reference: {e}",
                        case.name
                    );
                    continue;
                }
            },
        };
        for (name, extract) in extractors {
            let started = Instant::now();
            let result = extract(&case.pdf).map(|pages| assemble(&pages).0);
            let took = started.elapsed();
            match result {
                Ok(text) => {
                    let accuracy = word_accuracy(&reference, &text);
                    let (found, of) = quotes_found(&reference, &text);
                    println!(
                        "{:<28} {:<20} {:>8.1}% {:>8}/{:<5} {:>8.0} ms",
                        case.name,
                        name,
                        accuracy * 100.0,
                        found,
                        of,
                        took.as_secs_f64() * 1000.0
                    );
                }
                Err(e) => println!("{:<28} {:<20} failed: {e}", case.name, name),
            }
        }
        if case.truth.is_none() {
            println!("{:<28} (no true text: compared with pdftotext's)", "");
        }
    }
}
