//! Broken and hostile input is refused clearly and changes nothing
//! (DESIGN.md invariant 4): the corpus in `tests/hostile/`, plus inputs made
//! here that cannot be stored in the repository.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, arg, attest, copy_dir, repo, snapshot_file};

/// Every file under `dir` with its contents (symlinks as their target).
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                files.insert(
                    path.clone(),
                    fs::read_link(&path)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                );
            } else if meta.is_dir() {
                stack.push(path);
            } else if meta.len() < 1 << 20 {
                files.insert(path.clone(), fs::read(&path).unwrap());
            } else {
                // Large files are compared by size and modification time.
                files.insert(
                    path.clone(),
                    format!("{} {:?}", meta.len(), meta.modified().unwrap()).into_bytes(),
                );
            }
        }
    }
    files
}

fn assert_clean(run: &Run, what: &str) {
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains("panicked"), "{what}: {output}");
        assert!(!output.contains("RUST_BACKTRACE"), "{what}: {output}");
    }
}

#[test]
fn every_broken_project_is_refused_or_blocked_with_a_clear_message() {
    let corpus = repo().join("tests/hostile");
    let mut checked = 0;
    for entry in fs::read_dir(&corpus).unwrap() {
        let case = entry.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let mut lines = expected.lines();
        let code: i32 = lines
            .next()
            .unwrap()
            .trim_start_matches("exit ")
            .parse()
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(&name);
        copy_dir(&case, &dir);
        let before = contents(tmp.path());

        let check = attest(["check", &arg(&dir)]);
        assert_clean(&check, &name);
        assert_eq!(check.code, code, "{name}: {}{}", check.stdout, check.stderr);
        let output = if code == 2 {
            &check.stderr
        } else {
            &check.stdout
        };
        for line in lines {
            assert!(
                output.contains(line),
                "{name}: expected {line:?} in:\n{output}"
            );
        }
        if code == 2 {
            assert!(
                check.stderr.contains(&arg(&dir.join("project.ron"))),
                "{name}: names the file"
            );
            // Nothing else runs on it either, and nothing is written.
            for args in [
                vec!["show", &arg(&dir)],
                vec!["claim", "add", &arg(&dir), "More."],
                vec!["export", &arg(&dir), "--format", "html"],
                vec!["signoff", &arg(&dir), "c1", "--by", "Ana"],
            ] {
                let run = attest(&args);
                assert_clean(&run, &name);
                assert_eq!(run.code, 2, "{name} {args:?}");
            }
        } else {
            let show = attest(["show", &arg(&dir)]);
            assert_clean(&show, &name);
            assert_eq!(show.code, 0, "{name}: a project with blockers still opens");
            let export = attest(["export", &arg(&dir), "--format", "markdown"]);
            assert_eq!(export.code, 1, "{name}: export refuses blockers");
        }
        assert_eq!(contents(tmp.path()), before, "{name}: no file changed");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} cases");
}

/// A small valid project with one source, as `attest` makes it.
fn project(tmp: &Path) -> PathBuf {
    let dir = tmp.join("story");
    let text = tmp.join("wire.txt");
    fs::write(&text, "Officials said six people died.\n").unwrap();
    attest(["new", &arg(&dir), "--title", "Story"]).ok();
    attest(["source", "add", &arg(&dir), &arg(&text), "--id", "s1"]).ok();
    dir
}

#[test]
fn a_snapshot_that_is_a_symlink_to_outside_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = project(tmp.path());
    let snapshot = snapshot_file(&dir, "s1");
    let outside = tmp.path().join("outside.txt");
    fs::write(&outside, "Officials said six people died.\n").unwrap();
    fs::remove_file(&snapshot).unwrap();
    std::os::unix::fs::symlink(&outside, &snapshot).unwrap();
    let before = contents(tmp.path());
    let check = attest(["check", &arg(&dir)]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("symbolic link"), "{}", check.stdout);
    assert_eq!(contents(tmp.path()), before, "no file changed");
    // A symlinked sources folder is refused too.
    let sources = dir.join("sources");
    fs::rename(&sources, tmp.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("elsewhere"), &sources).unwrap();
    let check = attest(["check", &arg(&dir)]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("`sources/` is a symbolic link"),
        "{}",
        check.stdout
    );
    let _ = before;
}

#[test]
fn bad_source_files_are_refused_with_the_reason_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = project(tmp.path());
    let before = contents(&dir);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "latin1.txt",
            b"Caf\xe9 cr\xe8me\n".to_vec(),
            "latin1.txt:1:4: not UTF-8 text (byte 0xE9); convert it to UTF-8",
        ),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "is a PNG image file, not plain text; save or export its text as UTF-8 first",
        ),
        (
            "nul.txt",
            b"six people\0died\n".to_vec(),
            "nul.txt:1:11: control character U+0000 found; this looks like a binary file",
        ),
        (
            "empty.txt",
            Vec::new(),
            "is empty; a source needs some text",
        ),
        (
            // Read as the PDF it is, whatever its name, and refused as one.
            "pdf.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "(PDF): it is not a readable PDF",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = tmp.path().join(name);
        fs::write(&file, bytes).unwrap();
        let error = attest(["source", "add", &arg(&dir), &arg(&file)]).fails();
        assert!(
            error.contains(&arg(&file)),
            "{name}: names the file: {error}"
        );
        assert!(error.contains(expected), "{name}: {error}");
    }
    assert_eq!(contents(&dir), before, "no file changed");
}

#[test]
fn a_bom_and_crlf_are_kept_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = project(tmp.path());
    let file = tmp.path().join("bom.txt");
    let bytes = b"\xef\xbb\xbfSix people died.\r\nFive deaths.\r\n";
    fs::write(&file, bytes).unwrap();
    let id = attest(["source", "add", &arg(&dir), &arg(&file)]).ok();
    let stored = snapshot_file(&dir, &id);
    assert_eq!(fs::read(stored).unwrap(), bytes, "byte for byte");
    let c1 = attest(["claim", "add", &arg(&dir), "Five died."]).ok();
    let quote = attest([
        "cite",
        &arg(&dir),
        c1.as_str(),
        "--source",
        &id,
        "--quote",
        "Five deaths.",
    ])
    .ok();
    let show: serde_json::Value =
        serde_json::from_str(&attest(["show", &arg(&dir), "--format", "json"]).ok()).unwrap();
    let q = show["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == quote.as_str())
        .unwrap();
    // The BOM is one char and CRLF two: "\u{feff}Six people died.\r\n" is 19.
    assert_eq!(
        (q["start"].as_u64(), q["end"].as_u64()),
        (Some(19), Some(31))
    );
    assert_eq!(attest(["check", &arg(&dir)]).code, 0);
}

#[test]
fn sizes_too_large_are_refused_up_front_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = project(tmp.path());
    // Sparse files: the size is refused before anything is read.
    let huge = tmp.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let error = attest(["source", "add", &arg(&dir), &arg(&huge)]).fails();
    assert!(error.contains("huge.txt"), "{error}");
    assert!(
        error.contains("is 200 MiB (209715200 bytes); sources are limited to 64 MiB"),
        "{error}"
    );

    let big_project = tmp.path().join("big");
    fs::create_dir_all(&big_project).unwrap();
    fs::File::create(big_project.join("project.ron"))
        .unwrap()
        .set_len(600 * 1024 * 1024)
        .unwrap();
    let error = attest(["check", &arg(&big_project)]).fails();
    assert!(error.contains("project.ron"), "{error}");
    assert!(
        error.contains("is 600 MiB (629145600 bytes), more than the limit of 512 MiB"),
        "{error}"
    );
}

#[test]
fn a_project_of_100000_claims_loads_checks_and_saves() {
    use attest::model::{Claim, ClaimId, Project};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    let mut project = Project::new("Big");
    project.paragraphs = (0..100)
        .map(|p| {
            (1..=1000)
                .map(|n| {
                    let id = p * 1000 + n;
                    Claim::new(ClaimId::numbered(id), format!("Claim {id} says something."))
                })
                .collect()
        })
        .collect();
    project.renumber_positions();
    attest::project::store::create(&dir, &project).unwrap();
    let check = attest(["check", &arg(&dir), "--format", "json"]);
    assert_eq!(check.code, 1, "100,000 unsupported claims block");
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["summary"]["blockers"], 100_000);
    let added = attest(["claim", "add", &arg(&dir), "One more."]).ok();
    let loaded = attest::project::store::load(&dir).unwrap().project;
    assert_eq!(loaded.claims().count(), 100_001);
    let last = loaded.paragraphs.last().unwrap().last().unwrap();
    assert_eq!(
        last.id.as_str(),
        added,
        "a new claim goes last, with a fresh ID"
    );
}
