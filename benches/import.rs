//! What an editor waits for when adding a published source: the whole
//! `attest source add` command, as a process, on a 300-page PDF and on a
//! large web page, beside poppler's `pdftotext` on the same PDF (when it
//! is installed) in the same run. The target is no slower than twice
//! `pdftotext`.
//!
//! ```text
//! cargo bench --bench import
//! ATTEST_BIN=target/release/attest cargo bench --bench import
//! ```
//!
//! The 300-page PDF is typeset by `tests/import/make_long_report.py` (it
//! needs weasyprint) into `target/attest-bench/`, once. Without `--bench`
//! (as `cargo test --benches` runs it) each figure is taken once.

#[path = "support/timing.rs"]
#[allow(dead_code)]
mod timing;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use timing::median;

fn time_process(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let mut command = make();
                let started = Instant::now();
                let out = command.output().expect("the command starts");
                let took = started.elapsed();
                assert!(
                    out.status.success(),
                    "{:?} failed: {}",
                    command,
                    String::from_utf8_lossy(&out.stderr)
                );
                took
            })
            .collect(),
    )
}

/// A news page of about `bytes` with navigation, ads, comments and a long
/// article.
fn large_page(bytes: usize) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Long read | The Example</title>\
         <meta property=\"og:site_name\" content=\"The Example\"></head><body>\
         <nav><a href=/>Home</a><a href=/world>World</a></nav><article><h1>Long read</h1>",
    );
    let paragraph = "<p>Rescue teams worked through the night to reach villages cut off by the water, and officials said the damage would take months to repair.</p>";
    let mut n = 0;
    while page.len() < bytes {
        n += 1;
        page.push_str(&paragraph.replace("night", &format!("night {n}")));
    }
    page.push_str("</article><aside class=\"comments\"><p>First!</p></aside></body></html>");
    page
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 5 } else { 1 };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = std::env::var_os("ATTEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_attest")));
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let project = tmp.path().join("p");
    let new_project = || {
        let _ = std::fs::remove_dir_all(&project);
        let out = Command::new(&bin)
            .args(["new", project.to_str().unwrap(), "--title", "Bench"])
            .output()
            .expect("attest runs");
        assert!(out.status.success());
    };
    let add = |file: &Path| {
        new_project();
        let mut command = Command::new(&bin);
        command.arg("source").arg("add").arg(&project).arg(file);
        command
    };

    println!("Import, whole command (median of {runs}):");
    let long = root.join("target/attest-bench/long-report.pdf");
    if !long.exists() && full {
        let _ = std::fs::create_dir_all(long.parent().unwrap());
        let _ = Command::new("python3")
            .arg(root.join("tests/import/make_long_report.py"))
            .arg(&long)
            .status();
    }
    let pdf = if long.exists() {
        long
    } else {
        root.join("tests/import/two-columns.pdf")
    };
    let pages = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_owned()))
        })
        .unwrap_or_else(|| "?".into());
    let attest_pdf = time_process(runs, || add(&pdf));
    println!(
        "  attest source add, {pages}-page PDF: {:>8.0} ms",
        attest_pdf.as_secs_f64() * 1000.0
    );
    let has_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    if has_pdftotext {
        let poppler = time_process(runs, || {
            let mut c = Command::new("pdftotext");
            c.arg(&pdf).arg(tmp.path().join("out.txt"));
            c
        });
        println!(
            "  pdftotext, same PDF (baseline):  {:>8.0} ms   attest is {:.2}x (target: at most 2x)",
            poppler.as_secs_f64() * 1000.0,
            attest_pdf.as_secs_f64() / poppler.as_secs_f64()
        );
    } else {
        println!("  (pdftotext is not installed: apt-get install poppler-utils for the baseline)");
    }
    let page_bytes = if full { 20 * 1024 * 1024 } else { 1024 * 1024 };
    let page = tmp.path().join("large.html");
    std::fs::write(&page, large_page(page_bytes)).expect("write the page");
    let attest_html = time_process(runs, || add(&page));
    println!(
        "  attest source add, {} web page: {:>8.0} ms",
        attest::util::human_size(page_bytes as u64),
        attest_html.as_secs_f64() * 1000.0
    );
}
