//! How much of an article Attest's web-page import keeps, against the
//! expected output of Mozilla Readability's own test pages
//! (`test/test-pages/*/{source,expected}.html` in mozilla/readability,
//! Apache-2.0; the pages are copies of others' sites, so they are not kept
//! here):
//!
//! ```text
//! ATTEST_READABILITY_PAGES=path/to/readability/test/test-pages cargo bench --bench html_readability
//! ```
//!
//! prints the word F1 (bag of words, lowercase) of Attest's text, beside
//! `dom_smoothie`'s own text in raw and formatted mode in the same run, and
//! every page where Attest keeps less than `dom_smoothie` does.

#[path = "../tests/common/words.rs"]
mod words;

use attest::import::{Extract, Hints, Html};
use dom_smoothie::{Config, Readability, TextMode};
use words::f1;

/// The text of the expected HTML: tags as spaces, the common entities.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

fn smoothie(page: &str, url: &str, mode: TextMode) -> String {
    let config = Config {
        text_mode: mode,
        ..Config::default()
    };
    Readability::new(page, Some(url), Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

fn main() {
    let Some(root) = std::env::var_os("ATTEST_READABILITY_PAGES") else {
        println!("ATTEST_READABILITY_PAGES is not set: nothing to measure (see the file's header)");
        return;
    };
    let url = "http://fakehost/test/page.html";
    let mut pages: Vec<_> = std::fs::read_dir(&root)
        .expect("the test pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").exists())
        .collect();
    pages.sort();
    let (mut ours, mut raw, mut formatted) = (0.0, 0.0, 0.0);
    for page in &pages {
        let source = std::fs::read(page.join("source.html")).expect("source.html");
        let truth = text_of(&std::fs::read_to_string(page.join("expected.html")).unwrap());
        let hints = Hints {
            url: Some(url.into()),
            ..Hints::default()
        };
        let text = Html
            .extract(&source, &hints)
            .map(|e| e.text)
            .unwrap_or_default();
        let lossy = String::from_utf8_lossy(&source);
        let a = f1(&text, &truth);
        let r = f1(&smoothie(&lossy, url, TextMode::Raw), &truth);
        let f = f1(&smoothie(&lossy, url, TextMode::Formatted), &truth);
        if a + 0.002 < r.max(f) {
            println!(
                "  {}: attest {a:.3}, dom_smoothie {r:.3} raw, {f:.3} formatted",
                page.display()
            );
        }
        ours += a;
        raw += r;
        formatted += f;
    }
    let n = pages.len().max(1) as f64;
    println!(
        "{} pages, word F1: attest {:.4}; dom_smoothie alone {:.4} raw, {:.4} formatted",
        pages.len(),
        ours / n,
        raw / n,
        formatted / n
    );
}
