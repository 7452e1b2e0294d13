//! Round trips, refusals and findings of the project folder format.

use super::*;
use crate::model::fields::one_line;
use crate::model::{Citation, ClaimId, Evidence, Quote, QuoteId, Source, Stance};

fn sample() -> (Project, Snapshots) {
    let text = "Six people died, officials said. Five \"died\", said another — کراچی.";
    let mut texts = Snapshots::default();
    let sha = texts.insert(text);
    let mut project = Project::new("Test \"story\"");
    let id = SourceId::numbered(1);
    project.sources.push(Source {
        name: "A report".into(),
        added: String::new(),
        original: None,
        previous: Vec::new(),
        file: snapshot_path(&id, &sha),
        id,
        sha256: sha,
        citation: Citation {
            title: "A report".into(),
            ..Citation::default()
        },
    });
    project.quotes.push(Quote {
        unresolved: None,
        id: QuoteId::numbered(1),
        source: SourceId::numbered(1),
        start: 0,
        end: 15,
        text: "Six people died".into(),
        prefix: String::new(),
        suffix: ", officials said. Five \"died\", s".into(),
    });
    let mut claim = Claim::new(ClaimId::numbered(1), "Six died.\nReally.");
    claim.evidence.push(Evidence {
        quote: QuoteId::numbered(1),
        stance: Stance::Supports,
        note: "n".into(),
    });
    project.paragraphs = vec![vec![claim, Claim::new(ClaimId::numbered(2), "")]];
    project.renumber_positions();
    (project, texts)
}

#[test]
fn ron_round_trips_and_is_stable() {
    let (project, _) = sample();
    let ron = to_ron(&project);
    let back = from_ron(&ron, Path::new("p.ron")).unwrap();
    assert_eq!(back, project);
    assert_eq!(to_ron(&back), ron);
}

/// The sample with enough claims (each citing the quote) that its file is
/// parsed on two threads.
fn large_sample() -> Project {
    let (mut project, _) = sample();
    let mut claims: Vec<Claim> = project.paragraphs.concat();
    for n in 3..6000 {
        let mut claim = Claim::new(
            ClaimId::numbered(n),
            format!("Claim {n}: “six” died.\nReally."),
        );
        claim.evidence.push(Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Contradicts,
            note: format!("note {n}, with \"quotes\" and ],\n"),
        });
        claims.push(claim);
    }
    project.paragraphs = vec![claims];
    project.renumber_positions();
    project
}

#[test]
fn a_large_file_parsed_on_two_threads_is_the_file_parsed_whole() {
    let project = large_sample();
    let ron = to_ron(&project);
    assert!(ron.len() > PARSE_IN_TWO_BYTES, "{} bytes", ron.len());
    let in_two = parse_in_two(&ron).expect("the writer's layout is split");
    let whole: ProjectFile = ron::from_str(&ron).unwrap();
    assert_eq!(in_two.into_project(), whole.into_project());
    assert_eq!(from_ron(&ron, Path::new("p.ron")).unwrap(), project);
}

#[test]
fn a_syntax_error_in_a_large_file_names_its_true_line_on_either_side_of_the_split() {
    let ron = to_ron(&large_sample());
    let lines: Vec<&str> = ron.lines().collect();
    let claims_at = lines.iter().position(|l| *l == "    claims: [").unwrap();
    for broken in [claims_at - 2, claims_at + 3000] {
        let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        edited[broken] = edited[broken].replacen('(', "((", 1);
        let text = edited.join("\n") + "\n";
        assert!(parse_in_two(&text).is_none());
        match from_ron(&text, Path::new("p.ron")) {
            Err(LoadError::Syntax { line, .. }) => {
                assert_eq!(line, broken + 1, "{}", edited[broken])
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }
}

#[test]
fn ron_layout_is_one_record_per_line() {
    let (project, _) = sample();
    insta::assert_snapshot!(to_ron(&project));
}

#[test]
fn tricky_strings_survive_on_one_line() {
    let (mut project, _) = sample();
    for title in [
        "it's",
        "back\\slash then ' quote",
        "\\'",
        "\\\\'\"",
        "line\nbreak\r\n and tab\t",
        "\u{feff}bom \0 nul",
        "r#\"raw\"#",
    ] {
        project.title = title.into();
        let ron = to_ron(&project);
        assert_eq!(
            ron.lines().count(),
            to_ron(&sample().0).lines().count(),
            "{title:?}"
        );
        let back = from_ron(&ron, Path::new("p.ron")).unwrap();
        assert_eq!(back.title, title);
    }
}

#[test]
fn files_get_normal_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let (project, texts) = sample();
    save(dir.path(), &project, &texts).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let file = dir.path().join(PROJECT_FILE);
    let plain = dir.path().join("plain");
    File::create(&plain).unwrap();
    assert_eq!(mode(&file), mode(&plain), "the same mode as any new file");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    save(dir.path(), &project, &texts).unwrap();
    assert_eq!(mode(&file), 0o640, "an existing file keeps its mode");
}

#[test]
fn older_versions_load_and_are_saved_as_the_current_version() {
    let (project, _) = sample();
    // Format 3 and before: ID counters, claims nested in paragraphs
    // (an empty one among them), no positions.
    let legacy = |version: u32| {
        format!(
            r#"(
format_version: {version},
title: "Test \"story\"",
next_ids: (source: 2, quote: 2, claim: 3),
sources: [{source}],
quotes: [{quote}],
paragraphs: [
    [
        (id: "c1", text: "Six died.\nReally.", signoff: None, evidence: [
            (quote: "q1", stance: Supports, note: "n"),
        ]),
        (id: "c2", text: "", signoff: None, evidence: []),
    ],
    [],
],
)"#,
            source = one_line(&project.sources[0]),
            quote = one_line(&project.quotes[0]),
        )
    };
    for old in [1, 2, 3] {
        let loaded = from_ron(&legacy(old), Path::new("p.ron")).unwrap();
        assert_eq!(loaded.format_version, FORMAT_VERSION);
        assert_eq!(loaded, project, "format {old} reads as the same project");
        let saved = to_ron(&loaded);
        assert!(saved.contains("format_version: 4") && !saved.contains("next_ids"));
    }
    // A file with the other format's claims is refused, not misread.
    let mixed = to_ron(&project).replacen("claims: [", "paragraphs: [[]], claims: [", 1);
    let err = from_ron(&mixed, Path::new("p.ron")).unwrap_err();
    assert!(
        err.to_string().contains("keeps claims in `claims`"),
        "{err}"
    );
}

#[test]
fn git_conflict_markers_are_an_unresolved_merge() {
    let (project, _) = sample();
    let ron = to_ron(&project);
    let marked = ron.replacen(
        "    quotes: [\n",
        "<<<<<<< ours\n=======\n>>>>>>> theirs\n    quotes: [\n",
        1,
    );
    let err = from_ron(&marked, Path::new("story/project.ron")).unwrap_err();
    let LoadError::GitConflict { line, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        *line,
        marked
            .lines()
            .position(|l| l.starts_with("<<<<<<<"))
            .unwrap()
            + 1
    );
    let message = err.to_string();
    assert!(message.contains("unresolved git merge"), "{message}");
    assert!(message.contains("attest git resolve story"), "{message}");
}

#[test]
fn newer_format_is_refused() {
    let ron = "(format_version: 99, title: \"x\", something_new: [1, 2])";
    let err = from_ron(ron, Path::new("p.ron")).unwrap_err();
    assert!(
        matches!(err, LoadError::NewerFormat { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Attest"));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let (project, _) = sample();
    let ron = to_ron(&project).replacen("start: 0", "start: \"zero\"", 1);
    let err = from_ron(&ron, Path::new("p.ron")).unwrap_err();
    let LoadError::Syntax { line, column, .. } = err else {
        panic!("{err}")
    };
    let expected_line = ron.lines().position(|l| l.contains("\"zero\"")).unwrap() + 1;
    assert_eq!(line, expected_line);
    assert!(column > 1);
}

#[test]
fn dangling_and_duplicate_references_name_their_line() {
    let (project, _) = sample();
    let ron = to_ron(&project);
    let dangling = ron.replace("(quote: \"q1\"", "(quote: \"q9\"");
    let err = from_ron(&dangling, Path::new("p.ron")).unwrap_err();
    let line = dangling.lines().position(|l| l.contains("\"q9\"")).unwrap() + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "p.ron:{line}: claim `c1` cites quote `q9`, which does not exist; remove that evidence line or restore the quote. {LINE_MERGE_HINT}"
        )
    );
    let duplicate = ron.replace("id: \"c2\"", "id: \"c1\"");
    let err = from_ron(&duplicate, Path::new("p.ron")).unwrap_err();
    assert!(
        err.to_string().contains("the ID `c1` is used twice"),
        "{err}"
    );
    let inverted = ron.replace("start: 0, end: 15", "start: 15, end: 0");
    let err = from_ron(&inverted, Path::new("p.ron")).unwrap_err();
    assert!(err.to_string().contains("inverted range 15..0"), "{err}");
    let escaping = ron.replace("file: \"sources/", "file: \"../");
    let err = from_ron(&escaping, Path::new("p.ron")).unwrap_err();
    assert!(err.to_string().contains("snapshot path"), "{err}");
}

/// The names of the temporary files (`*.tmp`) in a folder.
fn temporary_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

#[test]
fn save_and_load_round_trip_with_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut project, texts) = sample();
    save(dir.path(), &project, &texts).unwrap();
    let first = fs::read(dir.path().join(PROJECT_FILE)).unwrap();
    let loaded = load(dir.path()).unwrap();
    assert_eq!(loaded.project, project);
    assert!(loaded.findings.is_empty(), "{:?}", loaded.findings);
    // Load + save without edits gives identical bytes.
    save(dir.path(), &loaded.project, &loaded.texts).unwrap();
    assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), first);
    project.title = "Changed".into();
    save(dir.path(), &project, &texts).unwrap();
    assert_eq!(fs::read(dir.path().join(BACKUP_FILE)).unwrap(), first);
    let left = temporary_files(dir.path());
    assert!(left.is_empty(), "temporary files left: {left:?}");
    let ron = fs::read_to_string(dir.path().join(PROJECT_FILE)).unwrap();
    assert!(
        !ron.contains(&*dir.path().to_string_lossy()),
        "no absolute paths"
    );
}

#[test]
fn failed_save_leaves_project_and_backup_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (mut project, texts) = sample();
    save(dir.path(), &project, &texts).unwrap();
    project.title = "Second".into();
    save(dir.path(), &project, &texts).unwrap();
    let before = fs::read(dir.path().join(PROJECT_FILE)).unwrap();
    let backup = fs::read(dir.path().join(BACKUP_FILE)).unwrap();

    // A folder in the way of the backup makes the save fail midway,
    // after the new project file was already written to a temporary file.
    fs::remove_file(dir.path().join(BACKUP_FILE)).unwrap();
    fs::create_dir(dir.path().join(BACKUP_FILE)).unwrap();
    fs::write(dir.path().join(BACKUP_FILE).join("x"), b"x").unwrap();
    project.title = "Third".into();
    let err = save(dir.path(), &project, &texts).unwrap_err();
    assert!(err.to_string().contains("was not changed"), "{err}");
    assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), before);
    fs::remove_dir_all(dir.path().join(BACKUP_FILE)).unwrap();
    fs::write(dir.path().join(BACKUP_FILE), &backup).unwrap();

    // A new source whose snapshot cannot be written: nothing changes.
    let mut more = texts.clone();
    let sha = more.insert("another text");
    let id = SourceId::numbered(2);
    project.sources.push(Source {
        name: "A report".into(),
        added: String::new(),
        original: None,
        previous: Vec::new(),
        file: snapshot_path(&id, &sha),
        id,
        sha256: sha,
        citation: Citation::default(),
    });
    fs::remove_dir_all(dir.path().join(SOURCES_DIR)).unwrap();
    fs::write(dir.path().join(SOURCES_DIR), b"not a folder").unwrap();
    assert!(save(dir.path(), &project, &more).is_err());
    assert_eq!(fs::read(dir.path().join(PROJECT_FILE)).unwrap(), before);
    assert_eq!(fs::read(dir.path().join(BACKUP_FILE)).unwrap(), backup);
    let leftovers = temporary_files(dir.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn saving_removes_only_stale_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let (project, texts) = sample();
    save(dir.path(), &project, &texts).unwrap();
    let old = dir.path().join(".project.ron.abc123.tmp");
    let fresh = dir.path().join(".project.ron.def456.tmp");
    let kept = dir.path().join("notes.tmp");
    for path in [&old, &fresh, &kept] {
        fs::write(path, "partial").unwrap();
    }
    let long_ago = std::time::SystemTime::now() - STALE_TEMPORARY_FILE * 2;
    for path in [&old, &kept] {
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    save(dir.path(), &project, &texts).unwrap();
    assert!(!old.exists(), "a killed save's leftover is removed");
    assert!(fresh.exists(), "a file another save may be writing stays");
    assert!(kept.exists(), "the user's own files stay");
}

#[test]
fn tampered_missing_and_mismatched_snapshots_are_findings() {
    use crate::check::Rule;
    let dir = tempfile::tempdir().unwrap();
    let (mut project, texts) = sample();
    project.quotes[0].text = "Six people dyed".into();
    save(dir.path(), &project, &texts).unwrap();
    let loaded = load(dir.path()).unwrap();
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!(loaded.findings[0].rule, Rule::QuoteMismatch);
    assert!(
        loaded.findings[0].message.contains("project.ron:"),
        "{}",
        loaded.findings[0]
    );

    let snapshot = dir.path().join(&project.sources[0].file);
    fs::write(&snapshot, "Seven people died.").unwrap();
    let loaded = load(dir.path()).unwrap();
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!(loaded.findings[0].rule, Rule::SnapshotMissing);
    assert!(loaded.findings[0].message.contains("changed on disk"));
    // Nothing was re-hashed or rewritten.
    assert_eq!(fs::read_to_string(&snapshot).unwrap(), "Seven people died.");

    fs::remove_file(&snapshot).unwrap();
    let loaded = load(dir.path()).unwrap();
    assert!(loaded.findings[0].message.contains("is missing"));
}

#[test]
fn a_project_is_named_by_its_folder_or_by_its_project_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(PROJECT_FILE), "").unwrap();
    assert_eq!(project_dir(&dir), dir);
    assert_eq!(project_dir(&dir.join(PROJECT_FILE)), dir);
    assert_eq!(
        project_dir(Path::new(PROJECT_FILE)),
        Path::new(PROJECT_FILE)
    );
    // Another file, or a folder that happens to be called project.ron, is
    // left for opening to refuse.
    std::fs::write(dir.join("notes.ron"), "").unwrap();
    assert_eq!(project_dir(&dir.join("notes.ron")), dir.join("notes.ron"));
    let odd = dir.join("sub").join(PROJECT_FILE);
    std::fs::create_dir_all(&odd).unwrap();
    assert_eq!(project_dir(&odd), odd);
}

#[test]
fn rechecks_are_saved_one_per_line_with_the_page_they_kept_and_must_name_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let (mut project, mut texts) = sample();
    let page = b"<p>Seven people died.</p>".to_vec();
    let sha = sha256_hex(&page);
    texts.insert_original(page.clone().into());
    let recheck = |checked: &str, original: Option<crate::model::Original>| crate::model::Recheck {
        source: SourceId::numbered(1),
        checked: checked.into(),
        version: project.sources[0].sha256.clone(),
        outcome: crate::model::LiveOutcome::Unchanged,
        fetched: String::new(),
        original,
        etag: String::new(),
        last_modified: String::new(),
    };
    let kept = crate::model::Original {
        file: original_path(&SourceId::numbered(1), &sha, "html"),
        sha256: sha,
        media_type: "text/html".into(),
        extractor: "dom_smoothie".into(),
        extractor_version: "0".into(),
        pages: Vec::new(),
        unreadable: Vec::new(),
        url: String::new(),
        etag: String::new(),
        last_modified: String::new(),
    };
    let without = to_ron(&project);
    assert!(!without.contains("rechecks"), "no empty list is written");
    let rechecks = vec![
        recheck("2026-12-01T09:00:00Z", None),
        recheck("2026-12-03T09:00:00Z", Some(kept.clone())),
    ];
    project.rechecks = rechecks.clone();
    save(dir.path(), &project, &texts).unwrap();
    assert_eq!(fs::read(dir.path().join(&kept.file)).unwrap(), page);
    let ron = fs::read_to_string(dir.path().join(PROJECT_FILE)).unwrap();
    assert_eq!(ron.lines().count(), without.lines().count() + 4);
    let loaded = load(dir.path()).unwrap();
    assert_eq!(loaded.project.rechecks, rechecks);

    let orphan = ron.replace(
        "rechecks: [\n        (source: \"s1\"",
        "rechecks: [\n        (source: \"s9\"",
    );
    assert_ne!(orphan, ron);
    let err = from_ron(&orphan, Path::new("p.ron")).unwrap_err();
    assert!(err.to_string().contains("refers to source `s9`"), "{err}");
}
