//! Crash safety (DESIGN.md invariant 3): the real binary is killed with
//! SIGKILL at random moments while it saves a growing project, and after
//! every kill the project must load, validate, and hold either the state
//! before that save or the state after it.
//!
//! `cargo test` runs 60 kills; `ATTEST_KILL_SAVES=250 cargo test --release
//! --test crash -- --nocapture` runs the full loop and prints the figures.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use attest::model::{Claim, ClaimId, Project};
use attest::project::document::Document;
use common::{arg, attest};

/// A small deterministic random number generator (xorshift), so a failing
/// run can be repeated with its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The claims of the project in `dir`, after checking that it loads
/// without any integrity finding.
fn load_claims(dir: &Path) -> Vec<String> {
    let doc = Document::open(dir).unwrap_or_else(|e| panic!("the project does not load: {e}"));
    assert!(
        doc.load_findings().is_empty(),
        "integrity findings after a kill: {:?}",
        doc.load_findings()
    );
    doc.project()
        .claims()
        .map(|(_, c)| c.text.clone())
        .collect()
}

#[test]
fn a_kill_at_any_moment_of_a_save_leaves_the_old_or_the_new_project() {
    let saves: usize = std::env::var("ATTEST_KILL_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("ATTEST_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");

    // A project large enough that each save takes a while: 3,000 claims.
    let mut project = Project::new("Crash test");
    project.paragraphs = vec![
        (1..=3000)
            .map(|n| {
                Claim::new(
                    ClaimId::numbered(n),
                    format!("Claim {n}: {}", "words ".repeat(12)),
                )
            })
            .collect(),
    ];
    project.renumber_positions();
    attest::project::store::create(&dir, &project).unwrap();
    let text = tmp.path().join("source.txt");

    // How long an uninterrupted save takes, to spread the kills over it.
    let started = Instant::now();
    attest(["claim", "add", &arg(&dir), "Timing run."]).ok();
    let typical = started.elapsed();

    let (mut old_state, mut new_state, mut temp_files_seen) = (0, 0, 0);
    for i in 0..saves {
        let before = load_claims(&dir);
        let claim = format!("Claim added in round {i}.");
        // Every tenth round adds a source: a snapshot is written first.
        let mut command = Command::new(env!("CARGO_BIN_EXE_attest"));
        if i % 10 == 9 {
            fs::write(
                &text,
                format!("Source text of round {i}: six people died.\n"),
            )
            .unwrap();
            command.args(["source", "add", &arg(&dir), &arg(&text)]);
        } else {
            command.args(["claim", "add", &arg(&dir), &claim]);
        }
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = rng.below(typical.as_micros() as u64 * 3 / 2);
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().ok(); // SIGKILL; a process that already finished is fine.
        child.wait().unwrap();

        let after = load_claims(&dir);
        if after == before {
            old_state += 1;
        } else {
            assert!(
                i % 10 != 9 || after.len() == before.len(),
                "a source add changed the claims"
            );
            assert_eq!(after.len(), before.len() + 1, "round {i} (seed {seed})");
            assert_eq!(after[..before.len()], before[..], "round {i} (seed {seed})");
            assert_eq!(after.last().unwrap(), &claim, "round {i} (seed {seed})");
            new_state += 1;
        }
        temp_files_seen += fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
    }
    eprintln!(
        "{saves} kills (seed {seed}, saves take about {typical:?}): {old_state} left the state before the save, {new_state} the state after; {temp_files_seen} interrupted temporary files were left and ignored"
    );
    // A final, uninterrupted save still works on top of whatever was left.
    attest(["claim", "add", &arg(&dir), "After the storm."]).ok();
    assert_eq!(load_claims(&dir).last().unwrap(), "After the storm.");
    assert!(
        saves < 20 || old_state > 0 && new_state > 0,
        "the kills should land both before and after saves"
    );
}

/// The journal written on a worker thread holds the project as it was when
/// the write started, edits made meanwhile wait for the next write, and a
/// save waits for a write under way before it removes the journal.
#[test]
fn the_journal_written_in_the_background_is_the_project_at_its_start_and_a_save_waits_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    let mut doc = Document::create(&dir, "Story").unwrap();
    let add = |doc: &mut Document, text: &str| {
        let (command, _) = attest::project::actions::add_claim(doc.project(), text, None).unwrap();
        doc.apply(command).unwrap();
    };
    add(&mut doc, "First claim.");
    assert!(doc.autosave_in_background().unwrap(), "a write starts");
    // An edit while it runs is not in this write.
    add(&mut doc, "Second claim.");
    doc.wait_for_journal().unwrap();
    let journal = attest::project::journal::read(&dir).unwrap().unwrap();
    let texts: Vec<String> = journal
        .project
        .claims()
        .map(|(_, c)| c.text.clone())
        .collect();
    assert_eq!(texts, ["First claim."]);
    // The next write takes it.
    assert!(doc.autosave_in_background().unwrap());
    doc.wait_for_journal().unwrap();
    let journal = attest::project::journal::read(&dir).unwrap().unwrap();
    assert_eq!(journal.project.claims().count(), 2);
    // A write under way, then a save: the journal is gone afterwards.
    add(&mut doc, "Third claim.");
    assert!(doc.autosave_in_background().unwrap());
    doc.save().unwrap();
    assert!(!attest::project::journal::exists(&dir));
    assert_eq!(load_claims(&dir).len(), 3);
}

#[cfg(unix)]
#[test]
fn a_journal_folder_that_links_to_another_project_is_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    // Another project, whose project.ron a journal write would replace.
    let other = tmp.path().join("other");
    let mut other_doc = Document::create(&other, "Other").unwrap();
    let (command, _) =
        attest::project::actions::add_claim(other_doc.project(), "Theirs.", None).unwrap();
    other_doc.apply(command).unwrap();
    other_doc.save().unwrap();
    let before = fs::read(other.join("project.ron")).unwrap();
    // A project folder from outside, its journal a link to that project.
    let dir = tmp.path().join("story");
    let mut doc = Document::create(&dir, "Story").unwrap();
    std::os::unix::fs::symlink(&other, dir.join(attest::project::journal::JOURNAL_DIR)).unwrap();
    assert!(
        !attest::project::journal::exists(&dir),
        "no unsaved work is offered from elsewhere"
    );
    assert!(attest::project::journal::read(&dir).is_none());
    let (command, _) = attest::project::actions::add_claim(doc.project(), "Mine.", None).unwrap();
    doc.apply(command).unwrap();
    let refused = doc
        .autosave_in_background()
        .and_then(|_| doc.wait_for_journal());
    let err = refused.expect_err("the autosave is refused").to_string();
    assert!(err.contains("is a link to another folder"), "{err}");
    assert_eq!(fs::read(other.join("project.ron")).unwrap(), before);
    // Saving still works, and leaves the other project as it was.
    doc.save().unwrap();
    assert_eq!(load_claims(&dir), ["Mine."]);
    assert_eq!(fs::read(other.join("project.ron")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_backup_lock_or_project_file_that_links_elsewhere_is_replaced_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    let mut doc = Document::create(&dir, "Story").unwrap();
    drop(doc);
    // Someone else's files, outside the project.
    let theirs = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        fs::write(&path, text).unwrap();
        path
    };
    let backup = theirs("backup-target.txt", "not a backup");
    let lock = theirs("lock-target.txt", "not a lock");
    // The project file itself a link to a copy of the project elsewhere.
    let copy = theirs(
        "copy.ron",
        &fs::read_to_string(dir.join("project.ron")).unwrap(),
    );
    let copy_before = fs::read(&copy).unwrap();
    fs::remove_file(dir.join("project.ron")).unwrap();
    std::os::unix::fs::symlink(&copy, dir.join("project.ron")).unwrap();
    let _ = fs::remove_file(dir.join("project.ron.bak"));
    std::os::unix::fs::symlink(&backup, dir.join("project.ron.bak")).unwrap();
    std::os::unix::fs::symlink(&lock, dir.join(attest::project::lock::LOCK_FILE)).unwrap();

    let held = attest::project::lock::Lock::acquire(&dir).expect("the lock is taken");
    doc = Document::open(&dir).unwrap();
    let (command, _) = attest::project::actions::add_claim(doc.project(), "Mine.", None).unwrap();
    doc.apply(command).unwrap();
    doc.save().unwrap();
    drop(held);

    assert_eq!(load_claims(&dir), ["Mine."]);
    assert_eq!(fs::read_to_string(&backup).unwrap(), "not a backup");
    assert_eq!(fs::read_to_string(&lock).unwrap(), "not a lock");
    assert_eq!(fs::read(&copy).unwrap(), copy_before);
    for name in ["project.ron", "project.ron.bak"] {
        let meta = fs::symlink_metadata(dir.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is a file of the project's own now");
    }
}
