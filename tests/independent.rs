//! Independent sources, through the real binary: a document added twice is
//! refused (or, on purpose, linked), a republished copy is linked by the
//! text it shares, linked sources count as one for the two-source rule until
//! an editor marks them independent, and the same passage from two sources
//! counts once. A merge of two branches keeps each side's links and marks.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use attest::model::{LinkKind, Project};
use attest::project::store;
use common::attest;

/// The two real reports of the sample project (independent coverage of the
/// same protests).
const WIRE: &str = include_str!("../assets/seeds/000_2ad3952750dd1f93.txt");
const OTHER_REPORT: &str = include_str!("../assets/seeds/004_6dd02dcd122a951c.txt");

fn new_project(dir: &Path) -> PathBuf {
    let project = dir.join("story");
    attest([
        "new".as_ref(),
        project.as_os_str(),
        "--title".as_ref(),
        "Protests".as_ref(),
    ])
    .ok();
    project
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

fn add(project: &Path, file: &Path, title: &str, extra: &[&str]) -> common::Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "source".as_ref(),
        "add".as_ref(),
        project.as_os_str(),
        file.as_os_str(),
        "--title".as_ref(),
        title.as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    attest(args)
}

/// `attest source independent` on a pair, with `extra` arguments.
fn independent(project: &Path, a: &str, b: &str, extra: &[&str]) -> common::Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "source".as_ref(),
        "independent".as_ref(),
        project.as_os_str(),
        a.as_ref(),
        b.as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    attest(args)
}

fn loaded(project: &Path) -> Project {
    store::load(project).unwrap().project
}

fn cite(project: &Path, claim: &str, source: &str, quote: &str) {
    attest([
        "cite".as_ref(),
        project.as_os_str(),
        claim.as_ref(),
        "--source".as_ref(),
        source.as_ref(),
        "--quote".as_ref(),
        quote.as_ref(),
    ])
    .ok();
}

fn claim(project: &Path, text: &str) -> String {
    attest([
        "claim".as_ref(),
        "add".as_ref(),
        project.as_os_str(),
        text.as_ref(),
    ])
    .ok()
}

fn check(project: &Path) -> String {
    let run = attest(["check".as_ref(), project.as_os_str()]);
    assert!(run.code <= 1, "{}", run.stderr);
    run.stdout
}

/// Some lines of a text.
fn lines(text: &str, range: std::ops::Range<usize>) -> String {
    text.lines()
        .skip(range.start)
        .take(range.len())
        .collect::<Vec<_>>()
        .join("\n")
}

fn single_source_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.contains("single-source"))
        .collect()
}

/// The wire story as a paper republished it: its own headline, a paragraph
/// of its own, and one of the wire's paragraphs left out.
fn republished() -> String {
    let lines: Vec<&str> = WIRE.lines().collect();
    format!(
        "Deadly night in the capital as the march reaches Islamabad\n\n{}\nOur correspondent adds that schools in the twin cities will stay closed on Wednesday.\n{}\n",
        lines[..12].join("\n"),
        lines[16..].join("\n")
    )
}

#[test]
fn identical_files_are_refused_and_a_duplicate_on_purpose_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let first = write(dir.path(), "statement.txt", WIRE);
    let copy = write(dir.path(), "statement (1).txt", WIRE);
    let id = add(&project, &first, "Ministry statement", &[]).ok();
    let before = fs::read(project.join("project.ron")).unwrap();

    let refused = add(&project, &copy, "Ministry statement again", &[]).fails();
    assert!(
        refused.contains(&format!("is the same text as ‘Ministry statement’ ({id})")),
        "{refused}"
    );
    assert!(refused.contains("--duplicate"), "{refused}");
    assert_eq!(
        fs::read(project.join("project.ron")).unwrap(),
        before,
        "nothing changed"
    );

    let second = add(
        &project,
        &copy,
        "Ministry statement again",
        &["--duplicate"],
    );
    assert!(
        second.stderr.contains("is the same document as"),
        "{}",
        second.stderr
    );
    let second = second.ok();
    let p = loaded(&project);
    assert_eq!(p.sources.len(), 2);
    let link = p
        .link(&id.as_str().into(), &second.as_str().into())
        .unwrap();
    assert_eq!(link.kind, LinkKind::SameDocument);
    assert_eq!(p.source_groups().len(), 1, "the two count as one source");
    let show = attest(["show".as_ref(), project.as_os_str()]).ok();
    assert!(show.contains("↔ is the same document as"), "{show}");
}

#[test]
fn a_web_page_and_its_pdf_print_are_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf-corpus");
    let text = fs::read_to_string(corpus.join("texts/flood.txt")).unwrap();
    // The same text as a web page: the markdown's paragraphs and headings
    // as HTML, with a site's navigation and footer around them.
    let body: String = text
        .split("\n\n")
        .map(|block| match block.trim_start_matches('#').len() {
            n if n < block.len() => format!("<h2>{}</h2>\n", block.trim_start_matches('#').trim()),
            _ => format!("<p>{}</p>\n", block.trim()),
        })
        .collect();
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Flood Review 2024</title></head><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article>{body}</article><footer>© Northern Valley Authority</footer></body></html>"
    );
    let html = write(dir.path(), "review.html", &page);
    let pdf = corpus.join("pdfs/chromium-columns-flood.pdf");
    let page_id = add(&project, &html, "Flood review (web)", &[]).ok();
    // Both extract to the very same text: the print is the same document.
    let refused = add(&project, &pdf, "Flood review (PDF)", &[]).fails();
    assert!(
        refused.contains(&format!(
            "is the same text as ‘Flood review (web)’ ({page_id})"
        )),
        "{refused}"
    );
    let pdf_id = add(&project, &pdf, "Flood review (PDF)", &["--duplicate"]).ok();
    let p = loaded(&project);
    let link = p
        .link(&page_id.as_str().into(), &pdf_id.as_str().into())
        .expect("the page and its print are linked");
    assert_eq!(link.kind, LinkKind::SameDocument);
    assert_eq!(link.share, 100);
}

#[test]
fn a_republished_wire_copy_counts_as_one_source_until_marked_independent() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let wire = add(&project, &write(dir.path(), "wire.txt", WIRE), "Wire", &[]).ok();
    let copy_file = write(dir.path(), "star.txt", &republished());
    let run = add(&project, &copy_file, "The Star", &[]);
    assert!(
        run.stderr.contains("likely the same wire copy"),
        "{}",
        run.stderr
    );
    let copy = run.ok();
    let p = loaded(&project);
    let link = p
        .link(&wire.as_str().into(), &copy.as_str().into())
        .unwrap();
    assert_eq!(link.kind, LinkKind::SharedText);
    assert!(link.share >= 80, "{link:?}");

    // Two different passages, one from each: still one source.
    let c = claim(&project, "The crackdown followed a long march.");
    cite(
        &project,
        &c,
        &wire,
        "Pakistan is once again gripped by large-scale violence",
    );
    cite(
        &project,
        &c,
        &copy,
        "Tensions have gripped Islamabad since Sunday",
    );
    let report = check(&project);
    let lines = single_source_lines(&report);
    assert_eq!(lines.len(), 1, "{report}");
    assert!(lines[0].contains("count as one source"), "{}", lines[0]);
    assert!(lines[0].contains("shares"), "{}", lines[0]);
    let export = |project: &Path| {
        attest([
            "export".as_ref(),
            project.as_os_str(),
            "--format".as_ref(),
            "html".as_ref(),
            "--allow-blockers".as_ref(),
        ])
        .ok()
    };
    let html = export(&project);
    assert!(
        html.contains(&format!("% of its text with <a href=\"#source-{wire}\">")),
        "the export's source list groups the copy with the wire"
    );
    assert!(html.contains("counted as one source with it"));

    // An editor who knows better says why; the reason is kept and shown.
    let refused = independent(&project, &wire, &copy, &["--reason", " "]).fails();
    assert!(refused.contains("say why"), "{refused}");
    independent(
        &project,
        &wire,
        &copy,
        &["--reason", "The Star's reporter was at the scene <b>"],
    )
    .ok();
    let report = check(&project);
    assert!(single_source_lines(&report).is_empty(), "{report}");
    let marked = report
        .lines()
        .find(|l| l.contains("marked-independent"))
        .expect("the review shows the mark");
    assert!(
        marked.contains("The Star's reporter was at the scene"),
        "{marked}"
    );
    let html = export(&project);
    assert!(
        html.contains("counted as independent: The Star&#39;s reporter was at the scene &lt;b&gt;"),
        "{}",
        html.lines()
            .find(|l| l.contains("independent"))
            .unwrap_or_default()
    );
    let show = attest(["show".as_ref(), project.as_os_str()]).ok();
    assert!(
        show.contains("marked independent: The Star's reporter was at the scene <b>"),
        "{show}"
    );

    // And back: one source again.
    independent(&project, &wire, &copy, &["--clear"]).ok();
    assert_eq!(single_source_lines(&check(&project)).len(), 1);
}

#[test]
fn two_reports_of_the_same_event_stay_independent() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let a = add(&project, &write(dir.path(), "a.txt", WIRE), "BBC", &[]).ok();
    let run = add(
        &project,
        &write(dir.path(), "b.txt", OTHER_REPORT),
        "Dawn",
        &[],
    );
    assert!(!run.stderr.contains("note: s"), "{}", run.stderr);
    let b = run.ok();
    assert!(loaded(&project).links.is_empty());
    let c = claim(&project, "Protesters reached the capital.");
    cite(
        &project,
        &c,
        &a,
        "Pakistan is once again gripped by large-scale violence",
    );
    let second = OTHER_REPORT.lines().find(|l| l.len() > 60).unwrap();
    let words: Vec<&str> = second.split_whitespace().take(6).collect();
    cite(&project, &c, &b, &words.join(" "));
    assert!(single_source_lines(&check(&project)).is_empty());
}

#[test]
fn the_same_passage_from_two_sources_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let statement = "The ministry said six people had died in the clashes.";
    let a = add(
        &project,
        &write(
            dir.path(),
            "a.txt",
            &format!(
                "{}\n{statement}\n{}",
                lines(WIRE, 0..8),
                lines(WIRE, 20..30)
            ),
        ),
        "Agency",
        &[],
    )
    .ok();
    let b = add(
        &project,
        &write(
            dir.path(),
            "b.txt",
            &format!(
                "{}\n“{statement}”\n{}",
                lines(OTHER_REPORT, 0..8),
                lines(OTHER_REPORT, 10..20)
            ),
        ),
        "Paper",
        &[],
    )
    .ok();
    assert!(
        loaded(&project).links.is_empty(),
        "a short passage links nothing"
    );
    let c = claim(&project, "Six people died.");
    cite(&project, &c, &a, statement);
    cite(&project, &c, &b, statement);
    let report = check(&project);
    let lines = single_source_lines(&report);
    assert_eq!(lines.len(), 1, "{report}");
    assert!(lines[0].contains("the same passage"), "{}", lines[0]);
}

#[test]
fn a_merge_keeps_what_each_branch_linked_or_marked() {
    use attest::model::SourceLink;
    use attest::team::merge::merge;

    let link = |a: &str, b: &str, independent: Option<&str>| SourceLink {
        a: a.into(),
        b: b.into(),
        kind: LinkKind::SharedText,
        share: 90,
        longest: 300,
        independent: independent.map(str::to_owned),
    };
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    for (name, title) in [("a.txt", "A"), ("b.txt", "B"), ("c.txt", "C")] {
        let text = format!("{title}: {}", &OTHER_REPORT[..200]);
        add(
            &project,
            &write(dir.path(), name, &text),
            title,
            &["--duplicate"],
        )
        .ok();
    }
    let mut base = loaded(&project);
    base.links.clear();
    let ids: Vec<String> = base.sources.iter().map(|s| s.id.to_string()).collect();
    let (s0, s1, s2) = (&ids[0], &ids[1], &ids[2]);
    let pair = |p: &mut Project, l: SourceLink| {
        p.links.push(l);
        p.sort_links();
    };
    pair(&mut base, link(s0, s1, None));
    // Ours marks the first pair independent; theirs links the second.
    let mut ours = base.clone();
    ours.links[0].independent = Some("separate reporting".into());
    let mut theirs = base.clone();
    pair(&mut theirs, link(s1, s2, None));
    let merged = merge(&base, &ours, &theirs, "ours and theirs");
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.links.len(), 2);
    assert_eq!(
        merged
            .link(&s0.as_str().into(), &s1.as_str().into())
            .unwrap()
            .independent
            .as_deref(),
        Some("separate reporting")
    );
    assert!(
        merged
            .link(&s1.as_str().into(), &s2.as_str().into())
            .is_some()
    );

    // Both sides mark the same pair for different reasons: a conflict a
    // person settles, like any other.
    let mut theirs = base.clone();
    theirs.links[0].independent = Some("different bylines".into());
    let mut merged = merge(&base, &ours, &theirs, "ours and theirs");
    assert_eq!(merged.conflicts.len(), 1);
    let conflict = merged.conflicts[0].clone();
    assert_eq!(conflict.field, "independent");
    attest::model::fields::set_field(
        &mut merged,
        &conflict.record,
        &conflict.field,
        conflict.theirs.as_deref(),
        &|_, _| Ok(()),
    )
    .unwrap();
    assert_eq!(
        merged.links[0].independent.as_deref(),
        Some("different bylines")
    );
}

#[test]
fn links_are_measured_for_a_project_made_before_them_and_suggestions_skip_copies() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let wire = add(&project, &write(dir.path(), "wire.txt", WIRE), "Wire", &[]).ok();
    let copy = add(
        &project,
        &write(dir.path(), "star.txt", &republished()),
        "The Star",
        &[],
    )
    .ok();
    let other = add(
        &project,
        &write(dir.path(), "dawn.txt", OTHER_REPORT),
        "Dawn",
        &[],
    )
    .ok();
    // As a project saved before links existed: none recorded.
    let ron = project.join("project.ron");
    let text = fs::read_to_string(&ron).unwrap();
    let start = text.find("    links: [").unwrap();
    let end = start + text[start..].find("    ],\n").unwrap() + "    ],\n".len();
    fs::write(&ron, format!("{}{}", &text[..start], &text[end..])).unwrap();
    assert!(loaded(&project).links.is_empty());

    let run = attest(["source".as_ref(), "links".as_ref(), project.as_os_str()]);
    assert!(
        run.stderr.contains("1 link(s) between 3 sources"),
        "{}",
        run.stderr
    );
    run.ok();
    let p = loaded(&project);
    assert!(
        p.link(&wire.as_str().into(), &copy.as_str().into())
            .is_some()
    );
    let again = attest(["source".as_ref(), "links".as_ref(), project.as_os_str()]);
    assert!(again.stderr.contains("nothing changed"), "{}", again.stderr);

    // A claim the wire supports: the copy's passages are not "another
    // source" for it, the independent report's are.
    let c = claim(
        &project,
        "Khan's supporters marched on the capital to demand his release.",
    );
    cite(
        &project,
        &c,
        &wire,
        "Pakistan is once again gripped by large-scale violence",
    );
    let suggested = attest(["suggest".as_ref(), project.as_os_str(), c.as_ref()]).ok();
    let firsts: Vec<&str> = suggested
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(!firsts.is_empty(), "{suggested}");
    for line in &firsts {
        let from_the_group = line.contains(&copy) || line.contains(&wire);
        assert_eq!(
            from_the_group,
            line.contains("already supports it, or one that shares its text"),
            "{line}"
        );
    }
    assert!(
        firsts[0].contains(&other),
        "the independent report first: {suggested}"
    );
}
