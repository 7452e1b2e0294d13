//! PDFs as the world makes them: the corpus in `tests/pdf-corpus/`, typeset
//! from known texts by six producers (WeasyPrint, LibreOffice, pdfLaTeX,
//! Chromium, groff through Ghostscript, enscript through Ghostscript), is
//! added through the real binary and measured against the known text, beside
//! poppler's `pdftotext` on the same files in the same run:
//!
//! - quotable sentences: the known text's sentences of four words or more
//!   that can be cited verbatim (`attest cite` takes a quote only as it
//!   stands in the snapshot; for `pdftotext`, any run of white space counts
//!   as a space, which favours it);
//! - word F1 of the words, against the known text;
//! - running headers and page numbers inside body text;
//! - the page of every sentence found, against the page `pdftotext` finds
//!   it on.
//!
//! ```text
//! cargo test --release --test pdf_producers -- --nocapture
//! ```
//!
//! prints the table. The held-out part of the corpus (`held_out` in its
//! manifest) is reported apart and is not used to tune the extractor.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::words::f1;
use common::{arg, attest, repo};

fn corpus() -> PathBuf {
    repo().join("tests/pdf-corpus")
}

#[derive(serde::Deserialize)]
struct Entry {
    file: String,
    producer: String,
    layout: String,
    text: String,
    held_out: bool,
    header: String,
    #[serde(default)]
    bitmap: bool,
}

fn manifest() -> Vec<Entry> {
    let json = fs::read_to_string(corpus().join("manifest.json")).expect("the manifest");
    serde_json::from_str(&json).expect("the manifest parses")
}

/// The known text's paragraphs (title, headings, body, notes), with each
/// footnote call given as `call` (removed, as superscript digits, or as
/// plain digits: a sentence counts whichever way its call is printed).
fn known_paragraphs(text: &str, call: fn(&str) -> String) -> Vec<String> {
    let raw = fs::read_to_string(corpus().join("texts").join(format!("{text}.txt"))).unwrap();
    raw.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            let b = b.trim_start_matches("## ").trim_start_matches("# ");
            // A note's own number is printed in many ways (`1`, `1.`, a
            // superscript); its sentences are what an editor quotes.
            if let Some(rest) = b.strip_prefix("[^") {
                let (_, note) = rest.split_once("]: ").expect("a note");
                return note.to_owned();
            }
            let mut out = String::new();
            let mut rest = b;
            while let Some(at) = rest.find("[^") {
                out.push_str(&rest[..at]);
                let close = rest[at..].find(']').unwrap() + at;
                out.push_str(&call(&rest[at + 2..close]));
                rest = &rest[close + 1..];
            }
            out.push_str(rest);
            out
        })
        .collect()
}

fn superscript(n: &str) -> String {
    n.chars()
        .map(|c| match c {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            d => char::from_u32(0x2070 + d.to_digit(10).unwrap()).unwrap(),
        })
        .collect()
}

/// Sentences of four words or more, split after `.`, `?` or `!` (and a
/// footnote call printed after it) and a space.
fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i].1, '.' | '?' | '!') {
            let mut end = i + 1;
            while chars
                .get(end)
                .is_some_and(|&(_, c)| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c))
            {
                end += 1;
            }
            let spaced = chars.get(end).is_some_and(|&(_, s)| s == ' ');
            let next_upper = chars
                .get(end + 1)
                .is_some_and(|&(_, n)| n.is_uppercase() || n == '"' || n == '“');
            if spaced && next_upper {
                let cut = chars[end].0;
                out.push(paragraph[start..cut].trim().to_owned());
                start = cut;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push(paragraph[start..].trim().to_owned());
    out.retain(|s| s.split_whitespace().count() >= 4);
    out
}

/// Quotation marks as typed, whatever the producer printed.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one extractor made of one PDF.
#[derive(Default, Clone)]
struct Score {
    sentences: usize,
    found: usize,
    f1_sum: f64,
    files: usize,
    furniture: usize,
    /// Hyphenated words that the known text does not have (a typesetter's
    /// hyphen left in).
    hyphens: usize,
    pages_checked: usize,
    pages_wrong: usize,
    lost: usize,
    missed: Vec<String>,
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.sentences += other.sentences;
        self.found += other.found;
        self.f1_sum += other.f1_sum;
        self.files += other.files;
        self.furniture += other.furniture;
        self.hyphens += other.hyphens;
        self.pages_checked += other.pages_checked;
        self.pages_wrong += other.pages_wrong;
        self.lost += other.lost;
    }

    fn share(&self) -> f64 {
        self.found as f64 / self.sentences.max(1) as f64
    }
}

/// The known sentences of `entry`, each in its three forms.
fn known_sentences(entry: &Entry) -> Vec<[String; 3]> {
    let forms: [fn(&str) -> String; 3] = [|_| String::new(), superscript, str::to_owned];
    let per_form: Vec<Vec<String>> = forms
        .iter()
        .map(|f| {
            known_paragraphs(&entry.text, *f)
                .iter()
                .flat_map(|p| sentences(p))
                .map(|s| fold(&s))
                .collect()
        })
        .collect();
    (0..per_form[0].len())
        .map(|i| {
            [
                per_form[0][i].clone(),
                per_form[1][i].clone(),
                per_form[2][i].clone(),
            ]
        })
        .collect()
}

fn pdftotext(file: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", &arg(file), "-"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The page (from 1) whose `pdftotext` text holds the start of `sentence`,
/// where exactly one does.
fn page_by_pdftotext(pages: &[String], sentence: &str) -> Option<usize> {
    let head: String = sentence
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    let hits: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains(&head))
        .map(|(i, _)| i + 1)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

struct Attested {
    text: String,
    /// Page starts in chars, from the project file.
    pages: Vec<usize>,
}

fn attest_add(file: &Path) -> Result<Attested, String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    attest(["new", &arg(&dir), "--title", "Corpus"]).ok();
    let run = attest(["source", "add", &arg(&dir), &arg(file)]);
    if run.code != 0 {
        return Err(run.stderr);
    }
    let loaded = attest::project::store::load(&dir).expect("the project loads");
    let source = &loaded.project.sources[0];
    let text = fs::read_to_string(dir.join(&source.file)).unwrap();
    let pages = source
        .original
        .as_ref()
        .map(|o| o.pages.iter().map(|p| p.start).collect())
        .unwrap_or_default();
    Ok(Attested { text, pages })
}

fn score_attest(entry: &Entry, truth: &str, pdftotext_pages: &[String]) -> Score {
    let known = known_sentences(entry);
    let mut score = Score {
        sentences: known.len(),
        files: 1,
        ..Score::default()
    };
    let got = match attest_add(&corpus().join("pdfs").join(&entry.file)) {
        Ok(got) => got,
        Err(e) => {
            score.missed.push(format!("refused: {e}"));
            return score;
        }
    };
    let text = fold(&got.text);
    score.f1_sum = f1(&text, truth);
    if text.chars().count() * 2 < truth.chars().count() {
        score.lost += 1;
    }
    score.furniture = text.matches(&fold(&entry.header)).count()
        + (1..=20)
            .filter(|n| text.contains(&format!("Page {n}")))
            .count();
    let hyphenated = |t: &str| -> std::collections::HashSet<String> {
        t.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| w.contains(['-', '\u{2010}']))
            .collect()
    };
    let known_compounds = hyphenated(truth);
    for word in hyphenated(&text) {
        if !known_compounds.contains(&word) {
            score.hyphens += 1;
            score.missed.push(format!("hyphen left in: {word}"));
        }
    }
    for forms in &known {
        let Some(at) = forms.iter().find_map(|s| text.find(s.as_str())) else {
            score.missed.push(forms[0].clone());
            continue;
        };
        score.found += 1;
        let start = text[..at].chars().count();
        if let Some(truth_page) = page_by_pdftotext(pdftotext_pages, &forms[0]) {
            let page = got.pages.partition_point(|&p| p <= start).max(1);
            score.pages_checked += 1;
            if page != truth_page {
                score.pages_wrong += 1;
                score
                    .missed
                    .push(format!("page {page}, not {truth_page}: {}", forms[0]));
            }
        }
    }
    score
}

fn score_pdftotext(entry: &Entry, truth: &str, raw: &str) -> Score {
    let known = known_sentences(entry);
    let text = collapse(&fold(raw));
    let mut score = Score {
        sentences: known.len(),
        files: 1,
        f1_sum: f1(&text, truth),
        ..Score::default()
    };
    if text.chars().count() * 2 < truth.chars().count() {
        score.lost += 1;
    }
    score.furniture = text.matches(&fold(&entry.header)).count();
    for forms in &known {
        if forms.iter().any(|s| text.contains(s.as_str())) {
            score.found += 1;
        } else {
            score.missed.push(forms[0].clone());
        }
    }
    score
}

fn print_table(title: &str, rows: &[(String, Score, Option<Score>)]) {
    println!("\n{title}");
    println!(
        "  {:<12} {:>5}  {:>16} {:>6} {:>9} {:>7} {:>6} {:>5}   {:>16} {:>6}",
        "producer",
        "files",
        "attest sentences",
        "F1",
        "furniture",
        "hyphens",
        "pages",
        "lost",
        "pdftotext",
        "F1"
    );
    for (name, a, p) in rows {
        let (pf, pf1) = p
            .as_ref()
            .map_or((String::from("-"), String::from("-")), |p| {
                (
                    format!("{}/{} {:5.1}%", p.found, p.sentences, 100.0 * p.share()),
                    format!("{:.3}", p.f1_sum / p.files.max(1) as f64),
                )
            });
        println!(
            "  {:<12} {:>5}  {:>16} {:>6.3} {:>9} {:>7} {:>6} {:>5}   {:>16} {:>6}",
            name,
            a.files,
            format!("{}/{} {:5.1}%", a.found, a.sentences, 100.0 * a.share()),
            a.f1_sum / a.files.max(1) as f64,
            a.furniture,
            a.hyphens,
            format!("{}/{}", a.pages_checked - a.pages_wrong, a.pages_checked),
            a.lost,
            pf,
            pf1
        );
    }
}

/// Every PDF of the corpus, measured; the tuning part held to the targets.
#[test]
fn pdfs_from_six_producers_are_read_as_well_as_pdftotext() {
    let have_pdftotext = pdftotext(&corpus().join("pdfs/groff-single-protest.pdf")).is_some();
    if !have_pdftotext {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing: run scripts/setup.sh"
        );
        eprintln!(
            "pdftotext is not installed: measuring Attest alone (scripts/setup.sh installs it)"
        );
    }
    let verbose = std::env::var_os("ATTEST_CORPUS_VERBOSE").is_some();
    let show_held_out = std::env::var_os("ATTEST_CORPUS_HELD_OUT").is_some();
    let mut by_producer: HashMap<(bool, String), (Score, Score)> = HashMap::new();
    for entry in manifest().iter().filter(|e| !e.bitmap) {
        let file = corpus().join("pdfs").join(&entry.file);
        let truth = fold(&known_paragraphs(&entry.text, |_| String::new()).join("\n\n"));
        let raw = pdftotext(&file).unwrap_or_default();
        let pages: Vec<String> = raw.split('\u{c}').map(|p| collapse(&fold(p))).collect();
        let a = score_attest(entry, &truth, &pages);
        let p = score_pdftotext(entry, &truth, &raw);
        if verbose && (!entry.held_out || show_held_out) {
            println!(
                "{} ({}): attest {}/{}, pdftotext {}/{}",
                entry.file, entry.layout, a.found, a.sentences, p.found, p.sentences
            );
            for m in &a.missed {
                println!("   attest missed: {m}");
            }
            for m in &p.missed {
                println!("   pdftotext missed: {m}");
            }
        }
        let slot = by_producer
            .entry((entry.held_out, entry.producer.clone()))
            .or_default();
        slot.0.add(&a);
        slot.1.add(&p);
    }
    let mut failures = Vec::new();
    for held_out in [false, true] {
        let mut rows: Vec<(String, Score, Option<Score>)> = by_producer
            .iter()
            .filter(|((h, _), _)| *h == held_out)
            .map(|((_, name), (a, p))| (name.clone(), a.clone(), have_pdftotext.then(|| p.clone())))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut all = (Score::default(), Score::default());
        for (_, a, p) in &rows {
            all.0.add(a);
            if let Some(p) = p {
                all.1.add(p);
            }
        }
        rows.push((
            "all".into(),
            all.0.clone(),
            have_pdftotext.then(|| all.1.clone()),
        ));
        if held_out && !show_held_out {
            println!(
                "\n{} held-out PDFs measured; ATTEST_CORPUS_HELD_OUT=1 prints their table",
                rows.iter().map(|r| r.1.files).sum::<usize>() / 2
            );
            continue;
        }
        print_table(
            if held_out {
                "Held-out PDFs (not used for tuning)"
            } else {
                "Tuning PDFs"
            },
            &rows,
        );
        if held_out {
            continue;
        }
        for (name, a, p) in &rows {
            if let Some(p) = p
                && a.found < p.found
            {
                failures.push(format!(
                    "{name}: Attest found {} sentences, pdftotext {}",
                    a.found, p.found
                ));
            }
            if a.lost > 0 || a.furniture > 0 || a.pages_wrong > 0 || a.hyphens > 0 {
                failures.push(format!(
                    "{name}: {} lost, {} furniture lines in the text, {} pages wrong, {} hyphens left in",
                    a.lost, a.furniture, a.pages_wrong, a.hyphens
                ));
            }
        }
        if all.0.share() < 0.98 {
            failures.push(format!(
                "Attest found {:.1}% of the sentences, under 98%",
                100.0 * all.0.share()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A new, empty project; returns (tempdir, project dir).
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    attest(["new", &arg(&dir), "--title", "Corpus"]).ok();
    (tmp, dir)
}

fn pdf(name: &str) -> PathBuf {
    corpus().join("pdfs").join(name)
}

#[test]
fn a_pdf_whose_pages_cannot_be_read_is_refused_naming_them() {
    let (_tmp, dir) = project();
    let before = fs::read(dir.join("project.ron")).unwrap();
    let file = pdf("unreadable-type3.pdf");
    let err = attest(["source", "add", &arg(&dir), &arg(&file)]).fails();
    assert!(err.contains("unreadable-type3.pdf"), "{err}");
    assert!(
        err.contains("pages 2–3: the text could not be read"),
        "{err}"
    );
    assert!(
        err.contains("font ‘BoxGlyphs’ has Type 3 glyphs without a Unicode map"),
        "{err}"
    );
    assert!(err.contains("--allow-unreadable"), "{err}");
    assert_eq!(fs::read(dir.join("project.ron")).unwrap(), before);
    assert!(fs::read_dir(dir.join("sources")).map_or(0, |d| d.count()) == 0);
}

#[test]
fn unreadable_pages_taken_on_purpose_are_recorded_and_checked() {
    let (_tmp, dir) = project();
    let file = pdf("unreadable-type3.pdf");
    let run = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&file),
        "--allow-unreadable",
        "--title",
        "Harbour report",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: pages 2–3"), "{}", run.stderr);
    let loaded = attest::project::store::load(&dir).unwrap();
    let source = &loaded.project.sources[0];
    let original = source.original.as_ref().unwrap();
    let pages: Vec<usize> = original.unreadable.iter().map(|p| p.page).collect();
    assert_eq!(pages, [2, 3]);
    let text = fs::read_to_string(dir.join(&source.file)).unwrap();
    assert!(text.contains("Thirty-six members attended"), "{text}");
    // The check warns, naming the pages; it does not block.
    let check = attest(["check", &arg(&dir)]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.contains("unreadable-pages")
            && check
                .stdout
                .contains("pages 2–3: the text could not be read"),
        "{}",
        check.stdout
    );
    let show = attest(["show", &arg(&dir)]).ok();
    assert!(
        show.contains("⚠ pages 2–3: the text could not be read"),
        "{show}"
    );
    // The same guard stands before a new version: refused without the flag.
    let id = source.id.to_string();
    let before = fs::read(dir.join("project.ron")).unwrap();
    let err = attest(["source", "update", &arg(&dir), &id, &arg(&file), "--accept"]).fails();
    assert!(err.contains("pages 2–3"), "{err}");
    assert_eq!(fs::read(dir.join("project.ron")).unwrap(), before);
}

#[test]
fn a_font_without_a_unicode_map_is_read_another_way() {
    // The fonts' Unicode maps are removed: `pdftotext` gives glyph numbers
    // shifted into letters; the second reader finds the characters in the
    // fonts themselves, so every sentence is there and nothing is refused.
    let (_tmp, dir) = project();
    attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&pdf("no-unicode-map.pdf")),
    ])
    .ok();
    let loaded = attest::project::store::load(&dir).unwrap();
    let source = &loaded.project.sources[0];
    let text = fold(&fs::read_to_string(dir.join(&source.file)).unwrap());
    let entry = Entry {
        file: String::new(),
        producer: String::new(),
        layout: String::new(),
        text: "protest".into(),
        held_out: true,
        header: String::new(),
        bitmap: false,
    };
    let missing: Vec<String> = known_sentences(&entry)
        .into_iter()
        .map(|forms| forms[0].clone())
        .filter(|s| !text.contains(s.as_str()))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}\n{text}");
    assert!(source.original.as_ref().unwrap().unreadable.is_empty());
}

#[test]
fn a_pdf_made_today_is_not_taken_as_published_today() {
    let (_tmp, dir) = project();
    let run = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&pdf("libreoffice-single-khan.pdf")),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let loaded = attest::project::store::load(&dir).unwrap();
    assert_eq!(loaded.project.sources[0].citation.published, "");
    assert!(
        run.stderr.contains("the file says it was made on 20")
            && run.stderr.contains("that is not its publication date"),
        "{}",
        run.stderr
    );
}

#[test]
fn footnotes_stand_apart_and_accents_are_composed() {
    for name in [
        "pdflatex-notes-council.pdf",
        "libreoffice-notes-council.pdf",
        "weasyprint-notes-council.pdf",
    ] {
        let (_tmp, dir) = project();
        attest(["source", "add", &arg(&dir), &arg(&pdf(name))]).ok();
        let loaded = attest::project::store::load(&dir).unwrap();
        let text = fs::read_to_string(dir.join(&loaded.project.sources[0].file)).unwrap();
        // pdfLaTeX draws ē as e and a macron apart.
        assert!(text.contains("Professor Hermēs Calloway"), "{name}");
        assert!(!text.contains('\u{af}'), "{name}");
        // Each note is a paragraph of its own, and no sentence of the body
        // has a note inside it.
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        for note in [
            "The surveys of 1998, 2004, 2011 and 2019 are reproduced in the appendix to the report.",
            "Mr Ibáñez received the harbour's medal for courage at a separate ceremony.",
        ] {
            let holder = paragraphs
                .iter()
                .find(|p| fold(p).contains(note))
                .unwrap_or_else(|| panic!("{name}: {note:?} not found in\n{text}"));
            let rest = fold(holder).replace(note, "");
            assert!(
                rest.trim_start_matches(|c: char| !c.is_alphabetic())
                    .is_empty(),
                "{name}: the note shares its paragraph: {holder:?}"
            );
        }
        assert!(fold(&text).contains(
            "Professor Calloway was careful to say that the operators had not broken any rule that was actually applied."
        ), "{name}");
    }
}

/// `unreadable-type3.pdf` with the name of its Type 3 font replaced by
/// `name` (ten bytes, so that its cross-reference table still holds).
fn renamed_font(dir: &Path, name: &[u8; 10]) -> PathBuf {
    let mut bytes = fs::read(pdf("unreadable-type3.pdf")).unwrap();
    let at = bytes
        .windows(10)
        .position(|w| w == b"/BoxGlyphs")
        .expect("the font's name");
    bytes[at..at + 10].copy_from_slice(name);
    let file = dir.join("renamed.pdf");
    fs::write(&file, bytes).unwrap();
    file
}

#[test]
fn text_in_a_font_that_cannot_be_found_is_not_lost_silently() {
    // `[` opens an array: the font's dictionary no longer parses, and its
    // glyphs are drawn in a font no reader can find.
    let tmp = tempfile::tempdir().unwrap();
    let file = renamed_font(tmp.path(), b"/B[xGlyphs");
    let (_p, dir) = project();
    let err = attest(["source", "add", &arg(&dir), &arg(&file)]).fails();
    assert!(
        err.contains("pages 2–3: the text could not be read (its font is not defined"),
        "{err}"
    );
}

#[test]
fn a_font_name_never_drives_the_terminal() {
    // The font named ESC `xGlyph` (`#1B` in a PDF name).
    let tmp = tempfile::tempdir().unwrap();
    let file = renamed_font(tmp.path(), b"/#1BxGlyph");
    let (_p, dir) = project();
    let refused = attest(["source", "add", &arg(&dir), &arg(&file)]).fails();
    let taken = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&file),
        "--allow-unreadable",
    ]);
    assert_eq!(taken.code, 0, "{}", taken.stderr);
    let shown = attest(["show", &arg(&dir)]).ok();
    for out in [&refused, &taken.stderr, &shown] {
        assert!(out.contains("pages 2–3") && out.contains("xGlyph"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}
