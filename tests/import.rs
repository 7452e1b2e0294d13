//! Sources as they are published, through the real binary: web pages, PDFs
//! and Word files from the corpus in `tests/import/`, fetched pages from a
//! local server, and the files that must be refused with nothing changed.

mod common;

use std::fs;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::{arg, attest, attest_with_env, http, repo, serve};

fn corpus(name: &str) -> PathBuf {
    repo().join("tests/import").join(name)
}

/// A new, empty project; returns (tempdir, project dir).
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Story"]).ok();
    (tmp, dir)
}

fn load(dir: &Path) -> attest::project::store::Loaded {
    attest::project::store::load(dir).expect("the project loads")
}

/// Adds `file` as a source and returns the loaded project and the text.
fn add(file: &Path) -> (tempfile::TempDir, PathBuf, attest::model::Source, String) {
    let (tmp, dir) = project();
    let id = attest(["source", "add", &arg(&dir), &arg(file)]).ok();
    assert!(
        attest::model::SourceId::from(id.as_str()).is_generated(),
        "{id}"
    );
    let loaded = load(&dir);
    let source = loaded.project.sources[0].clone();
    let text = fs::read_to_string(dir.join(&source.file)).unwrap();
    (tmp, dir, source, text)
}

/// Every sentence of the known text, as an editor would quote it.
fn report_sentences() -> Vec<String> {
    let truth = fs::read_to_string(corpus("report.txt")).unwrap();
    truth
        .split("\n\n")
        .flat_map(|p| p.split_inclusive(". "))
        .map(|s| s.trim().to_owned())
        .filter(|s| s.split_whitespace().count() >= 4)
        .collect()
}

#[test]
fn a_news_page_gives_its_article_and_metadata() {
    let (_tmp, dir, source, text) = add(&corpus("news.html"));
    for absent in [
        "MUST NOT APPEAR",
        "TRACKING",
        "STYLE-TEXT",
        "Subscribe",
        "Weather",
    ] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
    assert!(text.contains(
        "Six people died when the river burst its banks on Tuesday night, officials said, in the worst flooding the northern valley has seen since records began.\n\nFour of the victims"
    ));
    let c = &source.citation;
    assert_eq!(c.title, "Floods kill six in northern valley");
    assert_eq!(c.publisher, "The Daily Example");
    assert!(c.author.contains("Ana Díaz"), "{c:?}");
    assert_eq!(c.published, "2024-03-05");
    assert_eq!(
        c.url,
        "https://news.example.org/2024/03/05/floods-northern-valley"
    );
    let original = source.original.as_ref().expect("the page is kept");
    assert_eq!(original.media_type, "text/html");
    assert_eq!(original.extractor, "dom_smoothie");
    let kept = fs::read(dir.join(&original.file)).unwrap();
    assert_eq!(kept, fs::read(corpus("news.html")).unwrap());
    assert_eq!(attest::model::sha256_hex(&kept), original.sha256);
    insta::assert_snapshot!("news_html_text", text);
}

#[test]
fn a_windows_1252_page_is_decoded_by_its_declared_charset() {
    let (_tmp, _dir, source, text) = add(&corpus("communique-windows-1252.html"));
    assert!(
        text.contains("Le barrage en amont de la vallée a résisté aux crues de mardi"),
        "{text}"
    );
    assert!(text.contains("« dans les meilleurs délais »"), "{text}");
    assert!(!text.contains("Accueil"), "{text}");
    assert_eq!(source.citation.title, "Communiqué : le barrage tient");
    assert_eq!(source.citation.author, "Service de presse");
    assert_eq!(source.citation.published, "2024-03-06");
}

#[test]
fn pdfs_give_their_text_in_reading_order_without_running_heads() {
    let sentences = report_sentences();
    for name in ["single-column.pdf", "two-columns.pdf", "ligatures.pdf"] {
        let (_tmp, dir, source, text) = add(&corpus(name));
        assert!(
            !text.contains("Regional Water Authority — Flood Review"),
            "{name}: the running header is in the text"
        );
        assert!(
            !text.lines().any(|l| l.trim().parse::<u32>().is_ok()),
            "{name}: a page number is in the text"
        );
        assert!(!text.contains(['ﬁ', 'ﬂ', 'ﬀ', '\u{2010}']), "{name}");
        assert!(
            text.contains("thirty-six"),
            "{name}: a real hyphen was lost"
        );
        let missing: Vec<&String> = sentences.iter().filter(|s| !text.contains(*s)).collect();
        // Every sentence is found verbatim, as an editor would quote it
        // (more producers: `tests/pdf_producers.rs`).
        assert!(
            missing.is_empty(),
            "{name}: {} of {} sentences not found verbatim: {missing:#?}\n{text}",
            missing.len(),
            sentences.len()
        );
        let original = source.original.as_ref().expect("the PDF is kept");
        assert_eq!(original.media_type, "application/pdf");
        assert_eq!(original.pages.len(), 3, "{name}");
        assert!(dir.join(&original.file).exists());
        assert_eq!(
            source.citation.title,
            "Flood Review 2024: The Northern Valley"
        );
        assert_eq!(source.citation.author, "Regional Water Authority");
        // The acknowledgements are on the last page.
        let at = text
            .find("The review team thanks")
            .expect("the last section");
        let start = text[..at].chars().count();
        let page = source.pages_of(start, start + 20).unwrap();
        let last = if name == "ligatures.pdf" { "2" } else { "3" };
        assert_eq!(page, last, "{name}");
        assert_eq!(
            source.pages_of(0, 5).unwrap(),
            if name == "ligatures.pdf" { "i" } else { "1" }
        );
    }
}

#[test]
fn a_word_file_skips_deletions_and_field_codes() {
    let (_tmp, _dir, source, text) = add(&corpus("statement.docx"));
    assert!(text.contains("The toll rose to six."), "{text}");
    assert!(!text.contains("five."), "{text}");
    assert!(text.contains("See page 4 for the map."), "{text}");
    assert!(!text.contains("PAGEREF"), "{text}");
    assert!(text.contains("Contact\tPress office"), "{text}");
    assert_eq!(
        source.citation.title,
        "Flood Review 2024: The Northern Valley"
    );
    assert_eq!(source.citation.author, "Regional Water Authority");
    insta::assert_snapshot!("statement_docx_text", text);
}

#[test]
fn importing_the_same_file_twice_gives_the_same_snapshot() {
    for name in ["news.html", "two-columns.pdf", "statement.docx"] {
        let (_a, _, first, _) = add(&corpus(name));
        let (_b, _, second, _) = add(&corpus(name));
        assert_eq!(first.sha256, second.sha256, "{name}");
        // The same original, stored under each project's own source ID.
        let (a, b) = (first.original.unwrap(), second.original.unwrap());
        assert_eq!(
            (
                &a.sha256,
                &a.media_type,
                &a.extractor,
                &a.extractor_version,
                &a.pages
            ),
            (
                &b.sha256,
                &b.media_type,
                &b.extractor,
                &b.extractor_version,
                &b.pages
            ),
            "{name}"
        );
    }
}

/// Asserts that adding `file` is refused with exit status 2, a message
/// naming it and containing `says`, and nothing changed.
fn refused(file: &Path, says: &str, env: &[(&str, &str)]) {
    let (_tmp, dir) = project();
    let before = fs::read(dir.join("project.ron")).unwrap();
    let err = attest_with_env(["source", "add", &arg(&dir), &arg(file)], env).fails();
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "{err}");
    assert!(err.contains(says), "{err}");
    assert_eq!(fs::read(dir.join("project.ron")).unwrap(), before);
    let sources = dir.join("sources");
    let files = fs::read_dir(&sources).map_or(0, |d| d.count());
    assert_eq!(files, 0, "files were left in {}", sources.display());
}

#[test]
fn encrypted_scanned_truncated_and_garbage_pdfs_are_refused() {
    refused(&corpus("encrypted.pdf"), "password", &[]);
    refused(&corpus("no-text.pdf"), "OCR", &[]);
    let tmp = tempfile::tempdir().unwrap();
    let whole = fs::read(corpus("single-column.pdf")).unwrap();
    let truncated = tmp.path().join("truncated.pdf");
    fs::write(&truncated, &whole[..whole.len() / 3]).unwrap();
    let run = {
        let (_t, dir) = project();
        attest(["source", "add", &arg(&dir), &arg(&truncated)])
    };
    // A truncated PDF may still give the pages before the cut; it must
    // never crash.
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    let garbage = tmp.path().join("garbage.pdf");
    fs::write(
        &garbage,
        b"%PDF-1.7\n\x00\x01\x02 not really a pdf \xff\xfe",
    )
    .unwrap();
    refused(&garbage, "PDF", &[]);
}

/// A Word file whose body unpacks to 300 MiB of nothing.
fn zip_bomb(path: &Path) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn zip_bombs_deep_nesting_and_huge_pages_are_handled() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = tmp.path().join("bomb.docx");
    zip_bomb(&bomb);
    assert!(fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    refused(&bomb, "zip bomb", &[]);

    let deep = tmp.path().join("deep.html");
    let mut page = String::from("<!DOCTYPE html><html><body>");
    page.push_str(&"<div>".repeat(200_000));
    page.push_str("<p>Deep inside the page, six people were said to have died in the flood.</p>");
    page.push_str(&"</div>".repeat(200_000));
    page.push_str("</body></html>");
    fs::write(&deep, page).unwrap();
    refused(&deep, "nested 200000 deep", &[]);

    let huge = tmp.path().join("huge.html");
    let mut page =
        String::from("<!DOCTYPE html><html><head><title>Huge</title></head><body><article>");
    let paragraph = "<p>Rescue teams worked through the night to reach villages cut off by the water, and officials said the damage would take months to repair.</p>\n";
    while page.len() < 20 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    page.push_str("</article></body></html>");
    fs::write(&huge, page).unwrap();
    let (_t, dir) = project();
    attest(["source", "add", &arg(&dir), &arg(&huge)]).ok();
    let loaded = load(&dir);
    let text = loaded.texts.get(&loaded.project.sources[0].sha256).unwrap();
    assert!(text.as_str().len() > 15 * 1024 * 1024);
}

#[test]
fn a_failing_reader_is_an_error_not_a_crash() {
    let pdf = corpus("single-column.pdf");
    refused(&pdf, "failed on it", &[("ATTEST_EXTRACT_FAULT", "panic")]);
    refused(&pdf, "failed on it", &[("ATTEST_EXTRACT_FAULT", "abort")]);
    refused(&pdf, "of memory", &[("ATTEST_EXTRACT_FAULT", "memory")]);
    refused(
        &pdf,
        "took longer than",
        &[
            ("ATTEST_EXTRACT_FAULT", "hang"),
            ("ATTEST_EXTRACT_SECONDS", "1"),
        ],
    );
}

#[test]
fn a_page_is_fetched_from_its_address() {
    let page = fs::read(corpus("communique-windows-1252.html")).unwrap();
    // The server declares the charset; the page's own meta tag agrees.
    let address = serve(vec![
        (
            "/old",
            http("301 Moved Permanently", "Location: /communique\r\n", b""),
        ),
        (
            "/communique",
            http(
                "200 OK",
                "Content-Type: text/html; charset=windows-1252\r\n",
                &page,
            ),
        ),
        (
            "/report.pdf",
            http(
                "200 OK",
                "Content-Type: application/pdf\r\n",
                &fs::read(corpus("two-columns.pdf")).unwrap(),
            ),
        ),
    ]);
    let (_tmp, dir) = project();
    let id = attest([
        "source",
        "add",
        &arg(&dir),
        "--url",
        &format!("{address}/old"),
    ])
    .ok();
    assert!(
        attest::model::SourceId::from(id.as_str()).is_generated(),
        "{id}"
    );
    let loaded = load(&dir);
    let source = &loaded.project.sources[0];
    assert_eq!(source.citation.url, format!("{address}/communique"));
    assert_eq!(source.citation.retrieved.len(), 10);
    assert!(attest::import::normalise_date(&source.citation.retrieved).is_some());
    assert_eq!(source.citation.title, "Communiqué : le barrage tient");
    let original = source.original.as_ref().unwrap();
    assert_eq!(fs::read(dir.join(&original.file)).unwrap(), page);

    // A new version from the web: the PDF report, through the re-anchoring report.
    attest([
        "source",
        "update",
        &arg(&dir),
        id.as_str(),
        "--url",
        &format!("{address}/report.pdf"),
        "--accept",
    ])
    .ok();
    let loaded = load(&dir);
    let source = &loaded.project.sources[0];
    assert_eq!(
        source.original.as_ref().unwrap().media_type,
        "application/pdf"
    );
    assert_eq!(source.previous.len(), 1);
    assert_eq!(
        source.previous[0].original.as_ref().unwrap().media_type,
        "text/html"
    );

    let err = attest([
        "source",
        "add",
        &arg(&dir),
        "--url",
        &format!("{address}/gone"),
    ])
    .fails();
    assert!(err.contains("404"), "{err}");
}

#[test]
fn an_unreachable_address_says_so_plainly() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (_tmp, dir) = project();
    let before = fs::read(dir.join("project.ron")).unwrap();
    let err = attest([
        "source",
        "add",
        &arg(&dir),
        "--url",
        &format!("http://127.0.0.1:{port}/story"),
    ])
    .fails();
    assert!(err.contains("cannot reach"), "{err}");
    assert!(err.contains("network"), "{err}");
    assert_eq!(fs::read(dir.join("project.ron")).unwrap(), before);
    let err = attest(["source", "add", &arg(&dir), "--url", "ftp://example.org/x"]).fails();
    assert!(err.contains("not a web address"), "{err}");
}

#[test]
fn quotes_in_a_pdf_are_cited_by_page() {
    let (_tmp, dir, source, text) = add(&corpus("single-column.pdf"));
    let original = source.original.clone().unwrap();
    let claim = attest([
        "claim",
        "add",
        &arg(&dir),
        "The review thanks the residents.",
    ])
    .ok();
    let on_three = "The review team thanks the residents";
    common::cite(&dir, &claim, source.id.as_str(), on_three);
    // A passage across the break between pages 1 and 2.
    let chars: Vec<char> = text.chars().collect();
    let second = original.pages[1].start;
    let across: String = chars[second - 20..second + 20].iter().collect();
    assert!(!across.contains('\n'), "{across:?}");
    common::cite(&dir, &claim, source.id.as_str(), &across);

    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    // In the order the claim cites them.
    let pages: Vec<&str> = json["claims"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let quote = json["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["id"] == e["quote"]);
            quote.unwrap()["page"].as_str().unwrap()
        })
        .collect();
    assert_eq!(pages, ["3", "1–2"]);
    assert_eq!(json["sources"][0]["format"], "PDF");
    assert_eq!(
        json["sources"][0]["original"]["media_type"],
        "application/pdf"
    );
    let shown = attest(["show", &arg(&dir)]).ok();
    assert!(shown.contains("format: PDF · 3 pages"), "{shown}");
    assert!(shown.contains(" p. 3  \""), "{shown}");

    let markdown = attest([
        "export",
        &arg(&dir),
        "--format",
        "markdown",
        "--allow-blockers",
    ])
    .ok();
    assert!(markdown.contains(" p. 3."), "{markdown}");
    assert!(markdown.contains(" pp. 1–2."), "{markdown}");
    let html = attest(["export", &arg(&dir), "--format", "html", "--allow-blockers"]).ok();
    assert!(html.contains(" p. 3."), "{html}");
    assert!(html.contains(&format!("Original (PDF) SHA-256 {}", original.sha256)));
    let w3c: serde_json::Value = serde_json::from_str(
        &attest(["export", &arg(&dir), "--format", "w3c", "--allow-blockers"]).ok(),
    )
    .unwrap();
    let selectors = &w3c["first"]["items"][0]["target"]["selector"];
    let fragment = selectors
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "FragmentSelector")
        .expect("a page fragment");
    assert_eq!(fragment["value"], "page=3");
    assert_eq!(fragment["refinedBy"]["exact"], on_three);
}
