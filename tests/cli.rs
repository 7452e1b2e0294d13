//! The command line, end to end through the real binary: the happy path, and
//! broken input that must fail with a clear message, exit status 2, and no
//! change on disk.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{arg, attest};

/// A fresh project with one source and one claim; returns (tempdir, project dir).
fn project_with_source(text: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Story"]).ok();
    let file = tmp.path().join("report.txt");
    fs::write(&file, text).unwrap();
    let id = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&file),
        "--id",
        "s1",
        "--title",
        "Report",
    ])
    .ok();
    assert_eq!(id, "s1");
    (tmp, dir)
}

fn read(dir: &Path) -> String {
    fs::read_to_string(dir.join("project.ron")).unwrap()
}

#[test]
fn build_a_cited_summary() {
    let (tmp, dir) = project_with_source(
        "Officials said six people died. Another report counted five deaths, most of them police.\n",
    );
    let second = tmp.path().join("second.txt");
    fs::write(
        &second,
        "Kraków — Zürich: «six» morts, 6 人死亡 👍\r\nSecond line.\r\n",
    )
    .unwrap();
    let s2 = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&second),
        "--id",
        "wire",
        "--title",
        "Wire <b>report</b>",
        "--publisher",
        "AP",
        "--url",
        "https://example.org/a?b=1&c=2",
        "--published",
        "2024-11-26",
    ])
    .ok();
    assert_eq!(s2, "wire");

    let c1 = attest(["claim", "add", &arg(&dir), "Six people died."]).ok();
    assert!(
        attest::model::ClaimId::from(c1.as_str()).is_generated(),
        "{c1}"
    );
    let c2 = attest([
        "claim",
        "add",
        &arg(&dir),
        "A second paragraph.",
        "--paragraph",
        "2",
    ])
    .ok();
    assert_ne!(c2, c1);

    let q1 = common::cite(&dir, &c1, "s1", "six people died");
    let q2 = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        "wire",
        "--quote",
        "6 人死亡 👍",
        "--stance",
        "contradicts",
        "--note",
        "Counts six differently",
    ])
    .ok();
    assert_ne!(q2, q1);
    // The same passage cited in another claim reuses the quote.
    let again = attest([
        "cite",
        &arg(&dir),
        c2.as_str(),
        "--source",
        "s1",
        "--quote",
        "six people died",
        "--stance",
        "context",
    ])
    .ok();
    assert_eq!(again, q1);

    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    assert_eq!(json["sources"][1]["id"], "wire");
    assert_eq!(json["sources"][1]["url"], "https://example.org/a?b=1&c=2");
    assert_eq!(json["claims"][0]["id"], c1.as_str());
    assert_eq!(json["claims"][0]["evidence"][0]["quote"], q1.as_str());
    assert_eq!(json["claims"][0]["evidence"][0]["stance"], "supports");
    assert_eq!(json["claims"][0]["evidence"][1]["stance"], "contradicts");
    assert_eq!(json["claims"][1]["paragraph"], 2);
    assert_eq!(json["claims"][1]["evidence"][0]["stance"], "context");
    let quote = |id: &str| {
        json["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    let q2_json = quote(&q2);
    let q2 = &q2_json;
    assert_eq!(q2["source"], "wire");
    // Char offsets, not bytes: "Kraków — Zürich: «six» morts, " is 30 chars
    // (45 bytes), and the quote is 7 chars (18 bytes).
    assert_eq!(
        (q2["start"].as_u64(), q2["end"].as_u64()),
        (Some(30), Some(37))
    );
    assert_eq!(q2["text"], "6 人死亡 👍");
    assert_eq!(quote(&q1)["start"], 15);

    let text = attest(["show", &arg(&dir)]).ok();
    assert!(text.contains(&format!("{c1}  Six people died.")), "{text}");
    assert!(
        text.contains(&format!(
            "contradicts {} wire 30..37",
            q2["id"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains("note: Counts six differently"), "{text}");

    // The snapshots are verbatim copies, CRLF and all.
    let ron = read(&dir);
    assert!(ron.contains("file: \"sources/wire-"), "{ron}");
    let snapshot = fs::read_dir(dir.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("wire-")
        })
        .unwrap();
    assert_eq!(fs::read(snapshot).unwrap(), fs::read(&second).unwrap());
    assert!(
        !ron.contains(&*tmp.path().to_string_lossy()),
        "no absolute paths"
    );
    assert!(dir.join("project.ron.bak").exists());
}

#[test]
fn ambiguous_quotes_are_refused_with_candidates() {
    let (_tmp, dir) = project_with_source("Police said two died. Later police said three died.");
    let c1 = attest(["claim", "add", &arg(&dir), "Deaths."]).ok();
    let before = read(&dir);
    let err = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        "s1",
        "--quote",
        "died",
    ])
    .fails();
    assert!(err.contains("\"died\" occurs 2 times in `s1`"), "{err}");
    assert!(
        err.contains("1. chars 16..20: …Police said two [died]. Later police said three died.…"),
        "{err}"
    );
    assert!(
        err.contains("2. chars 46..50: …o died. Later police said three [died].…"),
        "{err}"
    );
    assert_eq!(read(&dir), before, "nothing written");
    // The prefix singles it out.
    let q = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        "s1",
        "--quote",
        "died",
        "--prefix",
        "three ",
    ])
    .ok();
    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    assert_eq!(json["quotes"][0]["id"], q.as_str());
    assert_eq!(json["quotes"][0]["start"], 46);
}

#[test]
fn missing_quotes_are_refused_with_a_hint() {
    let (_tmp, dir) = project_with_source("He said \u{201C}We will not back down.\u{201D}");
    let c1 = attest(["claim", "add", &arg(&dir), "Defiance."]).ok();
    let err = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        "s1",
        "--quote",
        "\"We will not back down.\"",
    ])
    .fails();
    assert!(err.contains("does not occur in `s1`"), "{err}");
    assert!(
        err.contains("differs only in case, spacing or quotation marks"),
        "{err}"
    );
}

#[test]
fn missing_folder_and_missing_project() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let err = attest(["show", &arg(&missing)]).fails();
    assert!(
        err.contains("is not an Attest project: project.ron is missing"),
        "{err}"
    );
    assert!(err.contains("attest new"), "{err}");
    assert!(!missing.exists(), "nothing created");
    let err = attest(["claim", "add", &arg(&missing), "x"]).fails();
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn broken_ron_reports_line_and_column() {
    let (_tmp, dir) = project_with_source("Some text.");
    let broken = read(&dir).replacen("title: \"Story\"", "title: Story", 1);
    fs::write(dir.join("project.ron"), &broken).unwrap();
    let err = attest(["show", &arg(&dir)]).fails();
    let line = broken
        .lines()
        .position(|l| l.contains("title: Story"))
        .unwrap()
        + 1;
    let expected = format!("project.ron:{line}:11: Expected string");
    assert!(err.contains(&expected), "expected {expected} in {err}");
    assert!(err.contains("restore project.ron.bak"), "{err}");
    // A command that would write refuses too, and leaves the file alone.
    attest(["claim", "add", &arg(&dir), "x"]).fails();
    assert_eq!(read(&dir), broken);
}

#[test]
fn a_newer_format_is_refused_and_never_overwritten() {
    let (_tmp, dir) = project_with_source("Some text.");
    let current = format!("format_version: {}", attest::model::FORMAT_VERSION);
    let newer = read(&dir).replacen(&current, "format_version: 7", 1);
    assert_ne!(newer, read(&dir));
    fs::write(dir.join("project.ron"), &newer).unwrap();
    let err = attest(["claim", "add", &arg(&dir), "x"]).fails();
    assert!(err.contains("format version 7"), "{err}");
    assert!(err.contains("newer Attest"), "{err}");
    assert_eq!(read(&dir), newer);
}

#[test]
fn bad_source_files_are_refused_by_name() {
    let (tmp, dir) = project_with_source("Some text.");
    let before = read(&dir);
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "latin1.txt",
            b"Caf\xe9 au lait",
            "latin1.txt:1:4: not UTF-8 text (byte 0xE9)",
        ),
        ("empty.txt", b"", "empty.txt is empty"),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\0\0",
            "image.png is a PNG image file",
        ),
        (
            "data.bin",
            b"ab\x01\x02cd",
            "data.bin:1:3: control character U+0001",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = tmp.path().join(name);
        fs::write(&file, bytes).unwrap();
        let err = attest(["source", "add", &arg(&dir), &arg(&file)]).fails();
        assert!(err.contains(expected), "{name}: {err}");
    }
    let err = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&tmp.path().join("gone.txt")),
    ])
    .fails();
    assert!(err.contains("gone.txt"), "{err}");
    assert_eq!(read(&dir), before, "nothing written");
    assert_eq!(fs::read_dir(dir.join("sources")).unwrap().count(), 1);
}

#[test]
fn bad_arguments_are_refused_clearly() {
    let (tmp, dir) = project_with_source("Some text.");
    let file = tmp.path().join("report.txt");
    let err = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&file),
        "--published",
        "26/11/2024",
    ])
    .fails();
    assert!(err.contains("write it as YYYY-MM-DD"), "{err}");
    let err = attest(["source", "add", &arg(&dir), &arg(&file), "--id", "s1"]).fails();
    assert!(err.contains("`s1` is already in use"), "{err}");
    let err = attest(["source", "add", &arg(&dir), &arg(&file), "--id", "../x"]).fails();
    assert!(err.contains("not a valid ID"), "{err}");
    let err = attest(["claim", "add", &arg(&dir), "x", "--paragraph", "5"]).fails();
    assert!(err.contains("choose a paragraph from 1 to 1"), "{err}");
    let err = attest([
        "cite",
        &arg(&dir),
        "c9",
        "--source",
        "s1",
        "--quote",
        "Some",
    ])
    .fails();
    assert!(err.contains("there is no claim `c9`"), "{err}");
    let c1 = attest(["claim", "add", &arg(&dir), "x"]).ok();
    let err = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        "s7",
        "--quote",
        "Some",
    ])
    .fails();
    assert!(err.contains("there is no source `s7`"), "{err}");
    let err = attest(["new", &arg(&dir), "--title", "Again"]).fails();
    assert!(err.contains("already holds an Attest project"), "{err}");
    // Usage errors come from the argument parser, also with status 2.
    let run = attest(["cite", &arg(&dir), "c1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--source"), "{}", run.stderr);
}

#[test]
fn open_without_a_display_fails_cleanly() {
    let (_tmp, dir) = project_with_source("Some text.");
    let run = common::attest_without_display(["open", &arg(&dir)]);
    let err = run.fails();
    assert!(err.contains("the window could not be opened"), "{err}");
}

#[test]
fn damaged_snapshots_are_reported_not_fatal() {
    let (_tmp, dir) = project_with_source("Six people died.");
    let c1 = attest(["claim", "add", &arg(&dir), "Six died."]).ok();
    common::cite(&dir, c1.as_str(), "s1", "Six people died");
    let snapshot = fs::read_dir(dir.join("sources"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&snapshot, "Seven people died.").unwrap();
    let run = attest(["show", &arg(&dir)]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("PROBLEMS"), "{}", run.stdout);
    assert!(run.stdout.contains("changed on disk"), "{}", run.stdout);
    assert!(
        run.stderr.contains("warning: blocker [snapshot-missing]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(&snapshot).unwrap(),
        "Seven people died.",
        "never re-hashed"
    );
}

#[test]
fn source_update_reports_then_records_a_new_version() {
    let (tmp, dir) = project_with_source(
        "Officials said six people died.\nPolice used tear gas.\nThe march went on.\n",
    );
    let c1 = attest(["claim", "add", &arg(&dir), "Six died."]).ok();
    let quotes = [
        "six people died",
        "Police used tear gas",
        "The march went on",
    ]
    .map(|quote| common::cite(&dir, c1.as_str(), "s1", quote));
    let new_version = tmp.path().join("v2.txt");
    fs::write(
        &new_version,
        "Updated: officials said five people died.\nThe march went on.\nPolice used tear gas.\n",
    )
    .unwrap();
    let before = read(&dir);

    let report = attest(["source", "update", &arg(&dir), "s1", &arg(&new_version)]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report
            .stdout
            .contains("3 quote(s): 1 exact, 1 moved, 1 changed"),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains("was: “six people died”"),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains("now: “five people died”"),
        "{}",
        report.stdout
    );
    assert!(
        report.stderr.contains("Nothing was changed"),
        "{}",
        report.stderr
    );
    assert_eq!(read(&dir), before, "a report changes nothing");

    let json = attest([
        "source",
        "update",
        &arg(&dir),
        "s1",
        &arg(&new_version),
        "--format",
        "json",
    ])
    .ok();
    let fates: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut fates = fates.as_array().unwrap().clone();
    assert_eq!(fates.len(), 3);
    fates.sort_by_key(|f| quotes.iter().position(|q| f["id"] == q.as_str()));
    assert_eq!(fates[0]["id"], quotes[0].as_str());
    assert_eq!(fates[0]["status"], "changed");
    assert_eq!(fates[0]["new_text"], "five people died");
    // The two swapped lines: the diff keeps one in place and moves the other.
    let new_text = fs::read_to_string(&new_version).unwrap();
    let mut statuses: Vec<&str> = fates[1..]
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["exact", "moved"]);
    for fate in &fates[1..] {
        let text = fate["old_text"].as_str().unwrap();
        let byte = new_text.find(text).unwrap();
        let start = new_text[..byte].chars().count() as u64;
        assert_eq!(fate["start"].as_u64(), Some(start), "{fate}");
        assert_eq!(
            fate["end"].as_u64(),
            Some(start + text.chars().count() as u64)
        );
        assert_eq!(fate["new_text"], text);
    }

    attest([
        "source",
        "update",
        &arg(&dir),
        "s1",
        &arg(&new_version),
        "--accept",
    ])
    .ok();
    let ron = read(&dir);
    assert!(ron.contains("previous: [(file: \"sources/s1-"), "{ron}");
    assert!(ron.contains("unresolved: Some((status: Changed"), "{ron}");
    // "Updated: officials said five people died.\nThe march went on.\n" is 61 chars.
    assert!(
        ron.contains(&format!(
            "(id: \"{}\", source: \"s1\", start: 61, end: 81,",
            quotes[1]
        )),
        "{ron}"
    );
    let snapshots = fs::read_dir(dir.join("sources")).unwrap().count();
    assert_eq!(snapshots, 2, "the old version is kept");
    let show = attest(["show", &arg(&dir)]);
    assert!(
        show.stdout.contains(&format!(
            "blocker [anchor-unresolved]: quote `{}`",
            quotes[0]
        )),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains("quote-mismatch"), "{}", show.stdout);

    // The same text again is refused.
    let err = attest(["source", "update", &arg(&dir), "s1", &arg(&new_version)]).fails();
    assert!(err.contains("identical to its current version"), "{err}");
}

#[test]
fn w3c_import_takes_exact_unique_matches_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Story"]).ok();
    let file = tmp.path().join("report.txt");
    fs::write(
        &file,
        "Police said six people died. Later police said six people died again.\n",
    )
    .unwrap();
    attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&file),
        "--id",
        "s1",
        "--title",
        "Report",
        "--url",
        "https://example.org/report/",
    ])
    .ok();
    let annotations = tmp.path().join("annotations.json");
    fs::write(
        &annotations,
        r#"{"total": 4, "rows": [
          {"id": "a", "uri": "https://example.org/report", "text": "Six people died.",
           "target": [{"source": "https://example.org/report", "selector": [
             {"type": "TextQuoteSelector", "exact": "six people died", "prefix": "Police said ", "suffix": ". Later"}]}]},
          {"id": "b", "uri": "https://example.org/report",
           "target": [{"source": "https://example.org/report", "selector": [
             {"type": "TextQuoteSelector", "exact": "six people"}]}]},
          {"id": "c", "uri": "https://example.org/report", "text": "Six people died.",
           "target": [{"source": "https://example.org/report", "selector": [
             {"type": "TextQuoteSelector", "exact": "LATER  police"}]}]},
          {"id": "d", "uri": "https://elsewhere.org/x",
           "target": [{"source": "https://elsewhere.org/x", "selector": [
             {"type": "TextQuoteSelector", "exact": "six"}]}]}
        ]}"#,
    )
    .unwrap();
    let run = attest(["import", &arg(&dir), "--w3c", &arg(&annotations)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    let (q1, c1) = (&json["quotes"][0]["id"], &json["claims"][0]["id"]);
    assert!(
        run.stdout.contains(&format!(
            "annotation 1 (a): quoted as {}, cited in {}",
            q1.as_str().unwrap(),
            c1.as_str().unwrap()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("annotation 2 (b): needs review: the quoted text occurs 2 times"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("candidate in s1: chars 12..22"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("annotation 3 (c): needs review: the quoted text does not occur exactly"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("candidate in s1: chars 29..41: “Later police”"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "annotation 4 (d): needs review: no source has the URL https://elsewhere.org/x"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("Imported 1 of 4"), "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    assert_eq!(json["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            json["quotes"][0]["start"].as_u64(),
            json["quotes"][0]["end"].as_u64()
        ),
        (Some(12), Some(27))
    );
    assert_eq!(json["claims"][0]["text"], "Six people died.");
    assert_eq!(&json["claims"][0]["evidence"][0]["quote"], q1);

    // Importing again duplicates nothing.
    attest(["import", &arg(&dir), "--w3c", &arg(&annotations)]).ok();
    let again: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    assert_eq!(again["quotes"], json["quotes"]);
    assert_eq!(again["claims"], json["claims"]);

    // Broken JSON is refused with its place.
    fs::write(&annotations, "{\n  \"rows\": [\n").unwrap();
    let err = attest(["import", &arg(&dir), "--w3c", &arg(&annotations)]).fails();
    assert!(
        err.contains("annotations.json is not a W3C annotation file: line 3"),
        "{err}"
    );
}

#[test]
fn a_snapshot_edited_on_disk_goes_through_the_update_report() {
    let (_tmp, dir) = project_with_source("Six people died. Police said so.\nTear gas was used.\n");
    let c1 = attest(["claim", "add", &arg(&dir), "Deaths and tear gas."]).ok();
    let quotes = [
        common::cite(&dir, c1.as_str(), "s1", "Six people died"),
        common::cite(&dir, c1.as_str(), "s1", "Tear gas was used"),
    ];
    let snapshot = fs::read_dir(dir.join("sources"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let edited = "Five people died. Police said so.\nTear gas was used.\n";
    fs::write(&snapshot, edited).unwrap();
    let before = read(&dir);

    // Detected on load, never re-hashed.
    let show = attest(["show", &arg(&dir)]);
    assert!(
        show.stdout.contains("was changed on disk"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("attest source update"),
        "{}",
        show.stdout
    );
    assert_eq!(read(&dir), before);
    assert_eq!(fs::read_to_string(&snapshot).unwrap(), edited);

    // The edited file goes through the same report, placed by text and context.
    let run = attest(["source", "update", &arg(&dir), "s1", &arg(&snapshot)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("the recorded text was changed on disk, so there is no diff"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{} orphaned", quotes[0])),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{} moved     33..50 → 34..51", quotes[1])),
        "{}",
        run.stdout
    );
    assert_eq!(read(&dir), before, "a report changes nothing");

    attest([
        "source",
        "update",
        &arg(&dir),
        "s1",
        &arg(&snapshot),
        "--accept",
    ])
    .ok();
    let show = attest(["show", &arg(&dir)]);
    assert!(
        show.stdout.contains(&format!(
            "blocker [anchor-unresolved]: quote `{}`",
            quotes[0]
        )),
        "{}",
        show.stdout
    );
    assert!(
        !show.stdout.contains("`s1` (project.ron"),
        "the current version is sound: {}",
        show.stdout
    );
    let json: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    let moved = json["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == quotes[1].as_str())
        .unwrap();
    assert_eq!(
        (moved["start"].as_u64(), moved["end"].as_u64()),
        (Some(34), Some(51))
    );
    // The edited file itself was left as it was.
    assert_eq!(fs::read_to_string(&snapshot).unwrap(), edited);
}

#[test]
fn a_command_on_a_project_open_elsewhere_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Story"]).ok();
    let mut app = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    std::fs::write(
        dir.join(attest::project::lock::LOCK_FILE),
        format!(
            "pid={}\nhost={}\nsince=2026-11-21T10:00:00Z\n",
            app.id(),
            host.trim()
        ),
    )
    .unwrap();
    let run = attest(["claim", "add", &arg(&dir), "Six died."]);
    assert_eq!(run.code, 0, "warned, not refused: {}", run.stderr);
    assert!(run.stderr.contains("warning: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "is open in Attest elsewhere (process {}",
            app.id()
        )),
        "{}",
        run.stderr
    );
    app.kill().unwrap();
    app.wait().unwrap();
    // A stale lock (its process is gone) is not warned about.
    let run = attest(["claim", "add", &arg(&dir), "Five died."]);
    assert!(!run.stderr.contains("elsewhere"), "{}", run.stderr);
}

#[test]
fn every_edit_of_the_app_has_a_command() {
    let (tmp, dir) = project_with_source(
        "Officials said six people died. Another report counted five deaths.\n",
    );
    let first = attest(["claim", "add", &arg(&dir), "Six people died."]).ok();
    let second = attest(["claim", "add", &arg(&dir), "Five died.", "--paragraph", "2"]).ok();
    let quote = common::cite(&dir, &first, "s1", "six people died");
    let show = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&attest(["show", &arg(dir), "--format", "json"]).ok()).unwrap()
    };

    // A unique start of an ID will do; too short a start is refused with the candidates.
    let short = &first[..5];
    let run = attest([
        "claim",
        "edit",
        &arg(&dir),
        short,
        "Six people died, officials said.",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("Changed the text of claim {first}")),
        "{}",
        run.stderr
    );
    assert_eq!(
        show(&dir)["claims"][0]["text"],
        "Six people died, officials said."
    );
    let err = attest(["claim", "edit", &arg(&dir), "c", "x"]).fails();
    assert!(err.contains("could be 2 claims"), "{err}");
    let err = attest(["claim", "edit", &arg(&dir), "cnothere", "x"]).fails();
    assert!(err.contains("there is no claim `cnothere`"), "{err}");
    let err = attest(["claim", "edit", &arg(&dir), &first, "  "]).fails();
    assert!(err.contains("needs some text"), "{err}");

    // Moves: into the first paragraph, and to a new last one.
    attest(["claim", "move", &arg(&dir), &second, "--paragraph", "1"]).ok();
    let json = show(&dir);
    assert_eq!(json["claims"][1]["id"], second.as_str());
    assert_eq!(json["claims"][1]["paragraph"], 1);
    attest(["claim", "move", &arg(&dir), &second, "--up"]).ok();
    assert_eq!(show(&dir)["claims"][0]["id"], second.as_str());
    attest(["claim", "move", &arg(&dir), &first, "--paragraph", "2"]).ok();
    assert_eq!(show(&dir)["claims"][1]["paragraph"], 2);
    let err = attest(["claim", "move", &arg(&dir), &first, "--paragraph", "9"]).fails();
    assert!(err.contains("choose a paragraph from 1 to 3"), "{err}");
    attest(["claim", "move", &arg(&dir), &first]).fails();

    // Evidence: stance and note, then removal.
    let run = attest([
        "evidence",
        "edit",
        &arg(&dir),
        &first,
        &quote,
        "--stance",
        "context",
        "--note",
        "Officials only.",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = show(&dir);
    let evidence = &json["claims"][1]["evidence"][0];
    assert_eq!(
        (&evidence["stance"], &evidence["note"]),
        (&"context".into(), &"Officials only.".into())
    );
    let err = attest([
        "evidence",
        "edit",
        &arg(&dir),
        &second,
        &quote,
        "--note",
        "x",
    ])
    .fails();
    assert!(err.contains("does not cite"), "{err}");
    attest(["evidence", "edit", &arg(&dir), &first, &quote]).fails();
    attest(["evidence", "remove", &arg(&dir), &first, &quote]).ok();
    assert!(
        show(&dir)["claims"][1]["evidence"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        show(&dir)["quotes"].as_array().unwrap().len(),
        1,
        "the quote stays"
    );

    // A source in use is removed only with --force, its quotes and evidence with it.
    common::cite(&dir, &second, "s1", "five deaths");
    let before = read(&dir);
    let err = attest(["source", "remove", &arg(&dir), "s1"]).fails();
    assert!(err.contains("--force") && err.contains(&second), "{err}");
    assert_eq!(read(&dir), before, "nothing changed");
    let run = attest(["source", "remove", &arg(&dir), "s1", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 quote(s) and 1 evidence link(s)"),
        "{}",
        run.stderr
    );
    let json = show(&dir);
    assert!(json["sources"].as_array().unwrap().is_empty());
    assert!(json["quotes"].as_array().unwrap().is_empty());

    // Claims go, with what they cited said.
    let run = attest(["claim", "remove", &arg(&dir), &second]);
    assert!(
        run.stderr.contains("and its 0 evidence link(s)"),
        "{}",
        run.stderr
    );
    assert_eq!(show(&dir)["claims"].as_array().unwrap().len(), 1);
    drop(tmp);
}

#[test]
fn text_from_a_project_file_cannot_drive_the_terminal() {
    let (_tmp, dir) = project_with_source("Six people died.\n");
    let hostile = "Six \u{1b}]0;owned\u{7} died \u{1b}[2J now";
    attest(["claim", "add", &arg(&dir), hostile]).ok();
    attest(["source", "edit", &arg(&dir), "s1", "--title", hostile]).ok();
    for args in [vec!["show", &arg(&dir)], vec!["check", &arg(&dir)]] {
        let run = attest(&args);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{args:?} printed an escape: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("\\u{1b}]0;owned"),
            "{args:?}: {}",
            run.stdout
        );
    }
    let err = attest(["claim", "edit", &arg(&dir), hostile, "x"]).fails();
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn a_right_to_left_quote_in_the_html_export_keeps_its_marks_in_place() {
    let (tmp, dir) = project_with_source("اسلام آباد میں احتجاج کے دوران چھ افراد ہلاک ہوئے۔\n");
    let claim = attest(["claim", "add", &arg(&dir), "چھ افراد ہلاک ہوئے۔"]).ok();
    let claim = claim
        .split_whitespace()
        .find(|w| w.starts_with('c'))
        .unwrap()
        .to_owned();
    attest([
        "cite",
        &arg(&dir),
        &claim,
        "--source",
        "s1",
        "--quote",
        "اسلام آباد میں احتجاج",
    ])
    .ok();
    let out = tmp.path().join("story.html");
    attest([
        "export",
        &arg(&dir),
        "--format",
        "html",
        "--output",
        &arg(&out),
        "--allow-blockers",
    ])
    .ok();
    let html = fs::read_to_string(&out).unwrap();
    // Each right-to-left run is isolated, so the note mark, the dash and
    // the source that follow it stay after it, left to right.
    assert!(
        html.contains("<bdi>چھ افراد ہلاک ہوئے۔</bdi><a class=\"mark"),
        "{html}"
    );
    assert!(
        html.contains("“<bdi>اسلام آباد میں احتجاج</bdi>” — <cite><bdi>Report</bdi></cite>"),
        "{html}"
    );
    assert!(
        html.contains("<q><bdi>اسلام آباد میں احتجاج</bdi></q> — <a href=\"#source-s1\">"),
        "{html}"
    );
    // The blocked-claim flag never breaks across lines.
    assert!(
        html.contains(".flag {") && html.contains("white-space: nowrap; display: inline-block;")
    );
}

#[test]
fn settings_and_short_names_are_changed_from_the_command_line() {
    let (tmp, dir) = project_with_source("Officials said six people died.\n");
    // The settings are printed, then changed.
    assert_eq!(
        attest(["settings", &arg(&dir)]).ok(),
        "title: Story\nmin-sources: 2"
    );
    attest([
        "settings",
        &arg(&dir),
        "--min-sources",
        "1",
        "--title",
        "The toll",
    ])
    .ok();
    assert!(read(&dir).contains("title: \"The toll\""));
    assert!(read(&dir).contains("settings: (min_sources: 1)"));
    let refused = attest(["settings", &arg(&dir), "--min-sources", "0"]).fails();
    assert!(refused.contains("from 1 to 9"), "{refused}");
    assert!(read(&dir).contains("settings: (min_sources: 1)"));

    // A source gets a short name when added, unique in the project.
    assert!(read(&dir).contains("name: \"Report\""));
    let copy = tmp.path().join("copy.txt");
    fs::write(&copy, "Another report counted five deaths.\n").unwrap();
    let second = attest([
        "source",
        "add",
        &arg(&dir),
        &arg(&copy),
        "--title",
        "Report",
    ])
    .ok();
    assert!(
        read(&dir).contains("name: \"Report (2)\""),
        "{}",
        read(&dir)
    );
    // Renamed; a name another source has is refused.
    let taken = attest(["source", "edit", &arg(&dir), &second, "--name", "report"]).fails();
    assert!(
        taken.contains("another source is named “report”"),
        "{taken}"
    );
    attest(["source", "edit", &arg(&dir), &second, "--name", "AP"]).ok();
    assert!(read(&dir).contains("name: \"AP\""));
    // `show` gives each source's ID beside the name the review uses.
    let show = attest(["show", &arg(&dir)]).ok();
    assert!(show.contains(&format!("{second}  ‘AP’  Report")), "{show}");
}
